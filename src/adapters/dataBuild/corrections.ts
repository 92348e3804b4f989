/**
 * The row-level corrections of the embedded data build (scripts/build-data.mjs): functions on
 * raw cells and rows, without I/O, each returning what it changed so that the build can list it
 * in data/CORRECTIONS.md. The build imports them from dist/.
 */
import { DataError } from '../../core/errors.js';
import { isoDate } from '../../core/time.js';

/** A cleaned output row: ISO date (or key) first, then the cells as written to the CSV. */
export type Row = string[];

/** Shortest decimal form of x rounded to dp decimals ('' for a non-finite x); -0 prints as 0. */
export function fmt(x: number, dp: number): string {
  if (!Number.isFinite(x)) return '';
  const r = Number(x.toFixed(dp));
  return Object.is(r, -0) ? '0' : String(r);
}

/** A raw cell as a number: NaN for an empty cell, '.', 'NA', 'nan' or anything non-finite. */
export function num(s: unknown): number {
  if (s === undefined || s === null) return NaN;
  const t = String(s).trim();
  if (t === '' || t === '.' || t.toLowerCase() === 'nan' || t === 'NA') return NaN;
  const x = Number(t);
  return Number.isFinite(x) ? x : NaN;
}

const MDY = /^(\d{2})\/(\d{2})\/(\d{4})$/;
/** MM/DD/YYYY or YYYY-MM-DD[...] (a timestamp keeps its date) to YYYY-MM-DD; anything else, or a day that does not exist (2020-02-30), throws. */
export function isoFrom(s: unknown): string {
  const t = String(s).trim();
  const m = MDY.exec(t);
  try {
    return isoDate(m ? `${m[3]}-${m[1]}-${m[2]}` : t.slice(0, 10));
  } catch {
    throw new DataError('build-data', `bad date "${String(s)}"`);
  }
}

/**
 * Sorts rows by their first cell and removes exact duplicates (returned as `duplicates`, one
 * date each); two different rows on one date are a conflict the build refuses.
 */
export function sortUnique(section: string, rows: Row[]): { rows: Row[]; duplicates: string[] } {
  const sorted = [...rows].sort((a, b) => ((a[0] as string) < (b[0] as string) ? -1 : (a[0] as string) > (b[0] as string) ? 1 : 0));
  const out: Row[] = [];
  const duplicates: string[] = [];
  for (const r of sorted) {
    const prev = out[out.length - 1];
    if (prev !== undefined && prev[0] === r[0]) {
      if (JSON.stringify(prev) !== JSON.stringify(r)) throw new DataError('build-data', `${section}: conflicting duplicate rows on ${r[0]}`);
      duplicates.push(r[0] as string);
      continue;
    }
    out.push(r);
  }
  return { rows: out, duplicates };
}

/**
 * Quote hygiene of a chain row, cells `ib` (bid) and `ia` (ask): an ask of 0 means no offer
 * (written empty); a crossed quote (bid > ask > 0) is unusable (both empty). Returns the row
 * as written and what was done; a missing or negative quote throws.
 */
export function fixQuote(row: readonly string[], ib: number, ia: number, label: string): { row: string[]; fix: 'noAsk' | 'crossed' | null } {
  const bid = row[ib] ?? '';
  const ask = row[ia] ?? '';
  if (bid === '' || ask === '' || !(Number(bid) >= 0) || !(Number(ask) >= 0)) throw new DataError('build-data', `bad quote ${label}`);
  const out = [...row];
  if (Number(ask) === 0) {
    out[ia] = '';
    return { row: out, fix: 'noAsk' };
  }
  if (Number(bid) > Number(ask)) {
    out[ib] = '';
    out[ia] = '';
    return { row: out, fix: 'crossed' };
  }
  return { row: out, fix: null };
}

/** One daily output table, as the build holds it before writing. */
export interface DailyTable {
  name: string;
  rows: Row[];
}

/**
 * The common last day of the embedded set: the earliest last date among the core tables (each
 * must have rows). Every table in `tables` (core or not), sorted by date, is trimmed in place
 * to the rows dated on or before it; `removed` gives, per table, the rows removed.
 */
export function cutAtCommonLastDay(core: readonly string[], tables: readonly DailyTable[]): { day: string; removed: Map<string, Row[]> } {
  const lastOf = (name: string): string => {
    const t = tables.find((x) => x.name === name);
    const last = t?.rows[t.rows.length - 1];
    if (last === undefined) throw new DataError('build-data', `common last day: ${name} was not built`);
    return last[0] as string;
  };
  const day = core.map(lastOf).reduce((a, b) => (a < b ? a : b));
  const removed = new Map<string, Row[]>();
  for (const t of tables) {
    const keep = t.rows.filter((r) => (r[0] as string) <= day);
    removed.set(t.name, t.rows.slice(keep.length));
    t.rows = keep;
  }
  return { day, removed };
}

/** The first day of the embedded daily frame. */
export const FIRST_DAY = '1990-01-02';

/**
 * Keeps rows dated on NYSE trading days; rows before FIRST_DAY or after 2035 (outside the
 * calendar) are kept as they are. `removed` lists the dates dropped.
 */
export function onTradingDays<R>(rows: readonly R[], isTradingDay: (d: string) => boolean, dateOf: (r: R) => string): { rows: R[]; removed: string[] } {
  const removed: string[] = [];
  const kept = rows.filter((r) => {
    const d = dateOf(r);
    if (d < FIRST_DAY || Number(d.slice(0, 4)) > 2035 || isTradingDay(d)) return true;
    removed.push(d);
    return false;
  });
  return { rows: kept, removed };
}

/** One raw bar of a Cboe vol index (cells as read). */
export interface RawBar {
  date: string;
  open: number;
  high: number;
  low: number;
  close: number;
  /** Where it came from, for errors (`file:line`). */
  where: string;
}

/**
 * One cleaned row of an OHLC vol index `[date, open, high, low, close]`: open/high/low are left
 * empty where all four equal the close (close-only history, before `blankBefore` when given:
 * 'blanked'), and where the bar is inconsistent (low > min(open, close) or high < max(open,
 * close): 'inconsistent', the close kept rather than a guess at which value is wrong). A bad
 * close or a bad open/high/low throws, naming the field.
 */
export function cleanOhlcBar(b: RawBar, blankBefore?: string): { row: Row; fix: 'blanked' | 'inconsistent' | null } {
  const { date: d, open: o, high: h, low: l, close: c } = b;
  if (!(Number.isFinite(c) && c > 0)) throw new DataError(b.where, 'bad close');
  if (o === c && h === c && l === c && (blankBefore === undefined || d < blankBefore)) return { row: [d, '', '', '', fmt(c, 2)], fix: 'blanked' };
  const bad = (['open', 'high', 'low'] as const).find((k) => !(Number.isFinite(b[k]) && b[k] > 0));
  if (bad !== undefined) throw new DataError(b.where, `bad ${bad}`);
  if (!(l <= Math.min(o, c) && h >= Math.max(o, c))) return { row: [d, '', '', '', fmt(c, 2)], fix: 'inconsistent' };
  return { row: [d, fmt(o, 2), fmt(h, 2), fmt(l, 2), fmt(c, 2)], fix: null };
}
