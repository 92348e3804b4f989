/**
 * The home directory's path (`--home DIR`, else $ALVH_HOME, else ~/.alvh), without opening
 * the store: commands that only read caches there do not load SQLite.
 */
import { homedir } from 'node:os';
import { resolve } from 'node:path';
import { resolveHome } from '../store/home.js';

/** The absolute store directory for a `--home` flag value. */
export function homeDir(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  return resolve(resolveHome(flag, env, homedir()));
}
