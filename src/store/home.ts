/** Where the store lives: `--home DIR`, else `$ALVH_HOME`, else `~/.alvh`. */
import { join } from 'node:path';
import { InputError } from '../core/errors.js';

/**
 * Pure: the home directory from the flag, the environment and the user's home directory.
 * An empty `--home` is an error; an empty `$ALVH_HOME` counts as unset.
 */
export function resolveHome(flag: string | undefined, env: Readonly<Record<string, string | undefined>>, homedir: string): string {
  if (flag !== undefined) {
    if (flag.trim() === '') throw new InputError('--home', 'must not be empty');
    return flag;
  }
  const fromEnv = env['ALVH_HOME'];
  if (fromEnv !== undefined && fromEnv.trim() !== '') return fromEnv;
  if (homedir.trim() === '') throw new InputError('--home', 'no home directory: pass --home DIR or set ALVH_HOME');
  return join(homedir, '.alvh');
}

/** The store's file name inside the home (no SQLite import here: the cache path needs only the home). */
export const STORE_FILE = 'alvh.sqlite';

export function storePath(home: string): string {
  return join(home, STORE_FILE);
}
