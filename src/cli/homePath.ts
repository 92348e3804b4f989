/**
 * The home directory's path (`--home DIR`, else $ALVH_HOME, else ~/.alvh), without opening
 * the store: commands that only read caches there do not load SQLite.
 */
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { DomainError } from '../core/errors.js';
import { resolveHome } from '../store/home.js';

/** The absolute store directory for a `--home` flag value. */
export function homeDir(flag: string | undefined, env: NodeJS.ProcessEnv = process.env, osHome: string = homedir()): string {
  return resolve(resolveHome(flag, env, osHome));
}

/**
 * The cache folder of the home (`--home`, else the default) when that home exists; null when
 * it does not or when there is no home at all (no --home, $ALVH_HOME nor user home). The
 * caches are optional: a command never creates a home for them, nor fails for want of one.
 */
export function homeCacheDir(flag?: string, env: NodeJS.ProcessEnv = process.env, osHome: string = homedir()): string | null {
  let home: string;
  try {
    home = homeDir(flag, env, osHome);
  } catch (err) {
    if (err instanceof DomainError) return null;
    throw err;
  }
  return existsSync(home) ? join(home, 'cache') : null;
}
