/** File output for commands: atomic writes (temp file + rename) so nothing is left half-written. */
import { mkdirSync, readFileSync, renameSync, writeFileSync, rmSync } from 'node:fs';
import { dirname, basename, join } from 'node:path';
import { InputError } from '../core/errors.js';

/** A user's file named by `flag` (`-` reads stdin); a missing or unreadable file is an InputError naming the flag. */
export function readUserFile(flag: string, file: string): string {
  try {
    return readFileSync(file === '-' ? 0 : file, 'utf8');
  } catch (err) {
    throw new InputError(flag, `cannot read "${file}": ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
}

export function writeFileAtomic(path: string, content: string | Uint8Array): void {
  const dir = dirname(path);
  mkdirSync(dir, { recursive: true });
  const tmp = join(dir, `.${basename(path)}.${process.pid}.tmp`);
  try {
    writeFileSync(tmp, content);
    renameSync(tmp, path);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value)}\n`);
}
