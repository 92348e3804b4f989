import { vi } from 'vitest';
import { main } from '../main.js';

/**
 * Runs the CLI in-process and captures stdout, stderr and the exit code. `entry` replaces
 * `main` where a test builds its own program (e.g. with an injected clock).
 */
export async function runCli(
  args: readonly string[],
  entry: (argv: readonly string[]) => Promise<number> = main,
): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  });
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    err += String(chunk);
    return true;
  });
  try {
    const code = await entry(['node', 'alvh', ...args]);
    return { code, out, err };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}
