/**
 * Engine checkpoints (the book state after a published day, engine/checkpoint.ts), kept
 * as opaque text per settings key and date. A cache: only the latest few per key are kept.
 */
import { InputError } from '../core/errors.js';
import { isoDate, type IsoDate } from '../core/time.js';
import { transaction, type Store } from './db.js';

export interface StoredCheckpoint {
  readonly settingsKey: string;
  readonly date: IsoDate;
  readonly dataFingerprint: string;
  /** The encoded checkpoint (engine/checkpoint.ts encodeCheckpoint). */
  readonly state: string;
}

/** How many checkpoints are kept per settings key (older ones are deleted on save). */
export const CHECKPOINTS_KEPT = 5;

interface Row {
  settings_key: string;
  date: string;
  data_fingerprint: string;
  state: string;
}

/** Saves (or replaces) the checkpoint of (key, date) and drops all but the latest CHECKPOINTS_KEPT of the key; one transaction. */
export function saveCheckpoint(store: Store, c: StoredCheckpoint): void {
  const d = isoDate(c.date, 'date');
  if (c.settingsKey.length === 0) throw new InputError('settingsKey', 'must not be empty');
  transaction(store, () => {
    store.db
      .prepare('INSERT OR REPLACE INTO engine_checkpoints (settings_key, date, data_fingerprint, state, created_at_ms) VALUES (?, ?, ?, ?, ?)')
      .run(c.settingsKey, d, c.dataFingerprint, c.state, store.clock.nowMs());
    store.db
      .prepare('DELETE FROM engine_checkpoints WHERE settings_key = ? AND date NOT IN (SELECT date FROM engine_checkpoints WHERE settings_key = ? ORDER BY date DESC LIMIT ?)')
      .run(c.settingsKey, c.settingsKey, CHECKPOINTS_KEPT);
  });
}

/** The checkpoints of `settingsKey` dated before `date`, latest first. */
export function checkpointsBefore(store: Store, settingsKey: string, date: string): StoredCheckpoint[] {
  const rows = store.db
    .prepare('SELECT settings_key, date, data_fingerprint, state FROM engine_checkpoints WHERE settings_key = ? AND date < ? ORDER BY date DESC')
    .all(settingsKey, isoDate(date, 'date')) as Row[];
  return rows.map((r) => ({ settingsKey: r.settings_key, date: r.date as IsoDate, dataFingerprint: r.data_fingerprint, state: r.state }));
}
