import { describe, expect, it } from 'vitest';
import { runCli } from './testing/run.js';

describe('cli', () => {
  it('exits 0 on --help and 2 on an unknown command', async () => {
    expect((await runCli(['--help'])).code).toBe(0);
    expect((await runCli(['no-such-command'])).code).toBe(2);
  });
});
