/**
 * What the account actually did: fills recorded against the lines of a published ticket
 * (one row per date and ticket line; re-recording a line replaces it) and positions set
 * by hand. The live book they imply is computed outside the store and saved with
 * saveHedgeBook in the same transaction (see cli/commands/book.ts).
 */
import { canonicalJson } from '../core/canonical.js';
import { InputError } from '../core/errors.js';
import { isoDate, type IsoDate } from '../core/time.js';
import type { Store } from './db.js';
import type { HedgeBook } from './hedgeBook.js';
import { getSignal } from './signals.js';

export interface FillRecord {
  line: number;
  layer: string;
  instrumentKey: string;
  instrument: unknown;
  action: 'BUY_TO_OPEN' | 'SELL_TO_OPEN' | 'BUY_TO_CLOSE' | 'SELL_TO_CLOSE';
  orderedQty: number;
  filledQty: number;
  fillPrice: number | null;
  /** Where the fill came from (the file name). */
  source: string;
}
export interface StoredFill extends FillRecord {
  date: IsoDate;
  recordedAtMs: number;
}
export interface Adjustment {
  layer: string;
  instrumentKey: string;
  instrument: unknown;
  qty: number;
  entryPrice: number | null;
}
export interface StoredAdjustment extends Adjustment {
  date: IsoDate;
  seq: number;
  recordedAtMs: number;
}

interface FillRow {
  date: string;
  line: number;
  layer: string;
  instrument_key: string;
  instrument: string;
  action: FillRecord['action'];
  ordered_qty: number;
  filled_qty: number;
  fill_price: number | null;
  source: string;
  recorded_at_ms: number;
}
interface AdjRow {
  date: string;
  seq: number;
  layer: string;
  instrument_key: string;
  instrument: string;
  qty: number;
  entry_price: number | null;
  recorded_at_ms: number;
}

/** Writes fills of `date` (insert, or replace the same line). Call inside a transaction with the book write. */
export function saveFills(store: Store, date: string, fills: readonly FillRecord[]): void {
  const d = isoDate(date, 'date');
  const now = store.clock.nowMs();
  const put = store.db.prepare(
    `INSERT INTO hedge_fills (date, line, layer, instrument_key, instrument, action, ordered_qty, filled_qty, fill_price, source, recorded_at_ms)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (date, line) DO UPDATE SET layer = excluded.layer, instrument_key = excluded.instrument_key, instrument = excluded.instrument,
       action = excluded.action, ordered_qty = excluded.ordered_qty, filled_qty = excluded.filled_qty, fill_price = excluded.fill_price,
       source = excluded.source, recorded_at_ms = excluded.recorded_at_ms`,
  );
  for (const [i, f] of fills.entries()) {
    if (!Number.isSafeInteger(f.line) || f.line < 1) throw new InputError(`fills[${i}].line`, `must be an integer >= 1, got ${f.line}`);
    if (!Number.isSafeInteger(f.filledQty) || f.filledQty < 0 || f.filledQty > f.orderedQty) throw new InputError(`fills[${i}].filledQty`, `must be an integer in [0, ${f.orderedQty}], got ${f.filledQty}`);
    put.run(d, f.line, f.layer, f.instrumentKey, canonicalJson(f.instrument, `fills[${i}].instrument`), f.action, f.orderedQty, f.filledQty, f.fillPrice, f.source, now);
  }
}

export function listFills(store: Store, date: string): StoredFill[] {
  const rows = store.db.prepare('SELECT * FROM hedge_fills WHERE date = ? ORDER BY line').all(isoDate(date, 'date')) as FillRow[];
  return rows.map((r) => ({
    date: r.date as IsoDate,
    line: r.line,
    layer: r.layer,
    instrumentKey: r.instrument_key,
    instrument: JSON.parse(r.instrument) as unknown,
    action: r.action,
    orderedQty: r.ordered_qty,
    filledQty: r.filled_qty,
    fillPrice: r.fill_price,
    source: r.source,
    recordedAtMs: r.recorded_at_ms,
  }));
}

/** Appends a hand-set position for `date`. Call inside a transaction with the book write. */
export function addAdjustment(store: Store, date: string, a: Adjustment): StoredAdjustment {
  const d = isoDate(date, 'date');
  if (!Number.isSafeInteger(a.qty)) throw new InputError('qty', `must be a whole number, got ${a.qty}`);
  const seq = ((store.db.prepare('SELECT max(seq) AS s FROM hedge_adjustments WHERE date = ?').get(d) as { s: number | null }).s ?? 0) + 1;
  const now = store.clock.nowMs();
  store.db
    .prepare('INSERT INTO hedge_adjustments (date, seq, layer, instrument_key, instrument, qty, entry_price, recorded_at_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
    .run(d, seq, a.layer, a.instrumentKey, canonicalJson(a.instrument, 'instrument'), a.qty, a.entryPrice, now);
  return { ...a, date: d, seq, recordedAtMs: now };
}

export function listAdjustments(store: Store, date: string): StoredAdjustment[] {
  const rows = store.db.prepare('SELECT * FROM hedge_adjustments WHERE date = ? ORDER BY seq').all(isoDate(date, 'date')) as AdjRow[];
  return rows.map((r) => ({
    date: r.date as IsoDate,
    seq: r.seq,
    layer: r.layer,
    instrumentKey: r.instrument_key,
    instrument: JSON.parse(r.instrument) as unknown,
    qty: r.qty,
    entryPrice: r.entry_price,
    recordedAtMs: r.recorded_at_ms,
  }));
}

/** Where a live-book snapshot comes from: a published signal (as if its ticket filled), recorded fills, or positions set by hand. */
export type HedgeBookSource = 'none' | 'signal' | 'fills' | 'manual';

export function hedgeBookSource(store: Store, b: HedgeBook | null): { code: HedgeBookSource; fills: number; sets: number } {
  if (b === null) return { code: 'none', fills: 0, sets: 0 };
  const fills = listFills(store, b.date).length;
  const sets = listAdjustments(store, b.date).length;
  if (fills > 0) return { code: 'fills', fills, sets };
  if (getSignal(store, b.date) !== null) return { code: 'signal', fills, sets };
  return { code: 'manual', fills, sets };
}

/** The last position set by hand (by time of recording), or null. */
export function lastAdjustment(store: Store): StoredAdjustment | null {
  const r = store.db.prepare('SELECT date FROM hedge_adjustments ORDER BY recorded_at_ms DESC, date DESC, seq DESC LIMIT 1').get() as { date: string } | undefined;
  if (r === undefined) return null;
  return listAdjustments(store, r.date).reduce<StoredAdjustment | null>((last, a) => (last === null || a.recordedAtMs > last.recordedAtMs || (a.recordedAtMs === last.recordedAtMs && a.seq > last.seq) ? a : last), null);
}

/** Deletes one hand-set position (`alvh book undo`). Call inside a transaction with the book write. */
export function deleteAdjustment(store: Store, date: string, seq: number): void {
  store.db.prepare('DELETE FROM hedge_adjustments WHERE date = ? AND seq = ?').run(isoDate(date, 'date'), seq);
}
