/** Daily signals: one per date, written once; asking again returns the stored one. */
import { canonicalJson } from '../core/canonical.js';
import { isoDate, type IsoDate } from '../core/time.js';
import { transaction, type Store } from './db.js';

export interface StoredSignal {
  date: IsoDate;
  payload: unknown;
  createdAtMs: number;
}

export type SaveSignalResult = { status: 'inserted'; signal: StoredSignal } | { status: 'existing'; signal: StoredSignal };

interface Row {
  date: string;
  payload: string;
  created_at_ms: number;
}

const fromRow = (r: Row): StoredSignal => ({ date: r.date as IsoDate, payload: JSON.parse(r.payload) as unknown, createdAtMs: r.created_at_ms });

/**
 * Stores the signal of `date` unless one exists; either way returns the stored signal.
 * Pass `compute` as a function to compute the payload only when none is stored.
 */
export function saveSignalOnce(store: Store, date: string, payload: unknown | (() => unknown)): SaveSignalResult {
  const d = isoDate(date, 'date');
  return transaction(store, () => {
    const existing = store.db.prepare('SELECT * FROM signals WHERE date = ?').get(d) as Row | undefined;
    if (existing) return { status: 'existing', signal: fromRow(existing) };
    const value = typeof payload === 'function' ? (payload as () => unknown)() : payload;
    const text = canonicalJson(value, 'signal');
    const now = store.clock.nowMs();
    store.db.prepare('INSERT INTO signals (date, payload, created_at_ms) VALUES (?, ?, ?)').run(d, text, now);
    return { status: 'inserted', signal: { date: d, payload: JSON.parse(text) as unknown, createdAtMs: now } };
  });
}

export function getSignal(store: Store, date: string): StoredSignal | null {
  const row = store.db.prepare('SELECT * FROM signals WHERE date = ?').get(isoDate(date, 'date')) as Row | undefined;
  return row ? fromRow(row) : null;
}

export function latestSignal(store: Store): StoredSignal | null {
  const row = store.db.prepare('SELECT * FROM signals ORDER BY date DESC LIMIT 1').get() as Row | undefined;
  return row ? fromRow(row) : null;
}

export function listSignals(store: Store, range: { from?: string; to?: string } = {}): StoredSignal[] {
  const from = range.from === undefined ? '0000-01-01' : isoDate(range.from, 'from');
  const to = range.to === undefined ? '9999-12-31' : isoDate(range.to, 'to');
  return (store.db.prepare('SELECT * FROM signals WHERE date BETWEEN ? AND ? ORDER BY date').all(from, to) as Row[]).map(fromRow);
}
