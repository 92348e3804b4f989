/** Daily signals: one per date, written once; asking again returns the stored one. */
import { canonicalJson } from '../core/canonical.js';
import { isoDate, type IsoDate } from '../core/time.js';
import { InputError } from '../core/errors.js';
import { transaction, type Store } from './db.js';

export interface StoredSignal {
  date: IsoDate;
  payload: unknown;
  createdAtMs: number;
  /** 1 for the first publication; each republication adds one. */
  revision: number;
  /** Why this revision replaced the previous one (null for the first). */
  reason: string | null;
}

/** A replaced version of a signal (alvh signal --republish keeps each). */
export interface SignalRevision extends StoredSignal {
  replacedAtMs: number;
  replacedBecause: string;
}

export type SaveSignalResult = { status: 'inserted'; signal: StoredSignal } | { status: 'existing'; signal: StoredSignal };

interface Row {
  date: string;
  payload: string;
  created_at_ms: number;
  revision: number;
  reason: string | null;
}

const fromRow = (r: Row): StoredSignal => ({ date: r.date as IsoDate, payload: JSON.parse(r.payload) as unknown, createdAtMs: r.created_at_ms, revision: r.revision, reason: r.reason });

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
    return { status: 'inserted', signal: { date: d, payload: JSON.parse(text) as unknown, createdAtMs: now, revision: 1, reason: null } };
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

/**
 * Replaces the signal of `date` with `payload` as its next revision, keeping the current
 * version (and `reason`, why it is replaced) in signal_revisions, in one transaction.
 */
export function reviseSignal(store: Store, date: string, payload: unknown, reason: string): StoredSignal {
  const d = isoDate(date, 'date');
  if (reason.trim().length === 0) throw new InputError('reason', 'must not be empty');
  return transaction(store, () => {
    const old = store.db.prepare('SELECT * FROM signals WHERE date = ?').get(d) as Row | undefined;
    if (old === undefined) throw new InputError('date', `no signal of ${d} is stored`);
    const text = canonicalJson(payload, 'signal');
    const now = store.clock.nowMs();
    store.db
      .prepare('INSERT INTO signal_revisions (date, revision, payload, created_at_ms, reason, replaced_at_ms, replaced_because) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(d, old.revision, old.payload, old.created_at_ms, old.reason, now, reason);
    store.db.prepare('UPDATE signals SET payload = ?, created_at_ms = ?, revision = ?, reason = ? WHERE date = ?').run(text, now, old.revision + 1, reason, d);
    return { date: d, payload: JSON.parse(text) as unknown, createdAtMs: now, revision: old.revision + 1, reason };
  });
}

/** The replaced versions of the signal of `date`, oldest first. */
export function signalRevisions(store: Store, date: string): SignalRevision[] {
  const rows = store.db.prepare('SELECT * FROM signal_revisions WHERE date = ? ORDER BY revision').all(isoDate(date, 'date')) as (Row & { replaced_at_ms: number; replaced_because: string })[];
  return rows.map((r) => ({ ...fromRow(r), replacedAtMs: r.replaced_at_ms, replacedBecause: r.replaced_because }));
}
