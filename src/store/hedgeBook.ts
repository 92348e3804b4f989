/** The live hedge book: positions per layer, one snapshot per date. */
import { canonicalJson } from '../core/canonical.js';
import { InputError } from '../core/errors.js';
import { isoDate, type IsoDate } from '../core/time.js';
import { transaction, type Store } from './db.js';

export interface HedgePosition {
  layer: string;
  /** Stable key of the instrument within its layer, e.g. 'VIX 2026-02-18 C 22'. */
  instrumentKey: string;
  /** The instrument as plain data (opaque to the store). */
  instrument: unknown;
  /** Signed contracts: + long, − short. */
  qty: number;
  entryPrice: number | null;
}

export interface HedgeBook {
  date: IsoDate;
  positions: HedgePosition[];
}

interface Row {
  date: string;
  layer: string;
  instrument_key: string;
  instrument: string;
  qty: number;
  entry_price: number | null;
}

/** Replaces the snapshot of `date` with `positions`, in one transaction. */
export function saveHedgeBook(store: Store, date: string, positions: readonly HedgePosition[]): HedgeBook {
  const d = isoDate(date, 'date');
  const seen = new Set<string>();
  for (const [i, p] of positions.entries()) {
    const k = JSON.stringify([p.layer, p.instrumentKey]);
    if (seen.has(k)) throw new InputError(`positions[${i}]`, `${p.layer} ${p.instrumentKey} appears twice; merge the quantities`);
    seen.add(k);
    if (p.layer.length === 0) throw new InputError(`positions[${i}].layer`, 'must not be empty');
    if (!Number.isSafeInteger(p.qty)) throw new InputError(`positions[${i}].qty`, `must be a whole number of contracts, got ${p.qty}`);
    if (p.entryPrice !== null && !Number.isFinite(p.entryPrice)) throw new InputError(`positions[${i}].entryPrice`, 'must be finite or null');
  }
  transaction(store, () => {
    const now = store.clock.nowMs();
    store.db.prepare('DELETE FROM hedge_book WHERE date = ?').run(d);
    store.db
      .prepare('INSERT INTO hedge_book_snapshots (date, updated_at_ms) VALUES (?, ?) ON CONFLICT (date) DO UPDATE SET updated_at_ms = excluded.updated_at_ms')
      .run(d, now);
    const put = store.db.prepare(
      'INSERT INTO hedge_book (date, layer, instrument_key, instrument, qty, entry_price, updated_at_ms) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    for (const [i, p] of positions.entries()) {
      put.run(d, p.layer, p.instrumentKey, canonicalJson(p.instrument, `positions[${i}].instrument`), p.qty, p.entryPrice, now);
    }
  });
  return { date: d, positions: [...positions] };
}

/** Deletes the snapshot of `date` (a snapshot that only a hand-set position, now undone, created). */
export function deleteHedgeBook(store: Store, date: string): void {
  const d = isoDate(date, 'date');
  transaction(store, () => {
    store.db.prepare('DELETE FROM hedge_book WHERE date = ?').run(d);
    store.db.prepare('DELETE FROM hedge_book_snapshots WHERE date = ?').run(d);
  });
}

/** The latest snapshot strictly before `date`, or null (the book a ticket of `date` starts from). */
export function getHedgeBookBefore(store: Store, date: string): HedgeBook | null {
  const d = isoDate(date, 'date');
  const latest = store.db.prepare('SELECT max(date) AS d FROM hedge_book_snapshots WHERE date < ?').get(d) as { d: string | null };
  return latest.d === null ? null : snapshot(store, latest.d);
}

/** The latest snapshot on or before `date` (default: the latest of all), or null. */
export function getHedgeBook(store: Store, date?: string): HedgeBook | null {
  const on = date === undefined ? '9999-12-31' : isoDate(date, 'date');
  const latest = store.db.prepare('SELECT max(date) AS d FROM hedge_book_snapshots WHERE date <= ?').get(on) as { d: string | null };
  return latest.d === null ? null : snapshot(store, latest.d);
}

function snapshot(store: Store, date: string): HedgeBook {
  const rows = store.db.prepare('SELECT * FROM hedge_book WHERE date = ? ORDER BY layer, instrument_key').all(date) as Row[];
  return {
    date: date as IsoDate,
    positions: rows.map((r) => ({
      layer: r.layer,
      instrumentKey: r.instrument_key,
      instrument: JSON.parse(r.instrument) as unknown,
      qty: r.qty,
      entryPrice: r.entry_price,
    })),
  };
}
