import { describe, expect, it, vi } from 'vitest';
import { main } from './main.js';

describe('cli', () => {
  it('exits 0 on --help and 2 on an unknown command', async () => {
    const out = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    expect(await main(['node', 'alvh', '--help'])).toBe(0);
    expect(await main(['node', 'alvh', 'no-such-command'])).toBe(2);
    out.mockRestore();
    err.mockRestore();
  });
});
