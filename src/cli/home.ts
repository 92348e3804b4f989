/** The CLI edge of the store: `--home DIR` (default $ALVH_HOME, else ~/.alvh). */
import type { Command } from 'commander';
import { DataError } from '../core/errors.js';
import type { Clock } from '../core/time.js';
import { closeStore, openStore, storePath, type Store } from '../store/index.js';
import { homeDir } from './homePath.js';

export { homeDir };

export function addHomeOption(cmd: Command): Command {
  return cmd.option('--home <dir>', 'store directory (default $ALVH_HOME, else ~/.alvh)');
}

/** Opens the store under `--home`, runs `fn`, and always closes it. */
export function withStore<T>(flag: string | undefined, clock: Clock, fn: (store: Store) => T): T {
  const store = openStore(storePath(homeDir(flag)), clock);
  try {
    return fn(store);
  } catch (err) {
    if ((err as { code?: unknown }).code === 'SQLITE_BUSY') {
      throw new DataError(store.path, 'the store is busy: another alvh process holds its write lock; try again');
    }
    throw err;
  } finally {
    closeStore(store);
  }
}
