/**
 * `alvh data update` without the store: fetch every source, validate it against what is already
 * held (embedded + stored rows), and plan the rows to add. Nothing is written here; the caller
 * writes every plan in one store transaction, so a failure anywhere changes nothing.
 *
 * Merge rule: only rows dated after the last date already held for a series are added. An
 * overlapping row whose value differs from the held one is a revision: counted and reported,
 * never written (the history stays reproducible; rebuild `data/` to take a revision in).
 */
import { DomainError } from '../core/errors.js';
import type { IsoDate } from '../core/time.js';
import { compareRows, OHLC_FIELDS, type MarketRow, type SeriesKey } from '../market/marketRows.js';
import { fetchSource, SourceError, vxContracts, type FetchedSource, type FetchOptions, type SourceDef } from './sources.js';

/** What is already held for one series: embedded + stored rows, and the stored ones alone. */
export interface HeldSeries {
  /** Sorted by (date, field). */
  rows: readonly MarketRow[];
  stored: readonly MarketRow[];
}

export interface Revision {
  date: IsoDate;
  field: string;
  held: number;
  fetched: number;
}

export interface SourcePlan {
  name: string;
  series: SeriesKey;
  /** Rows to write, sorted by (date, field): one per value (a day of OHLC is four). */
  rows: MarketRow[];
  /** Trading days the rows add (what a user calls rows of a daily file: 21 days of OHLC are 21, not 84). */
  daysAdded: number;
  /** Last date of the series once the rows are written (null: nothing held, nothing fetched). */
  lastDate: IsoDate | null;
  /** Last stored date before the update (the store must still have it when the plan is written). */
  storedLastDate: IsoDate | null;
  /** Overlapping values that differ from the held ones (not written). */
  revisions: Revision[];
}

function lastDateOf(rows: readonly MarketRow[]): IsoDate | null {
  let last: IsoDate | null = null;
  for (const r of rows) if (last === null || r.date > last) last = r.date;
  return last;
}

/** Per field: [first date, last date] of the rows. */
function fieldRanges(rows: readonly MarketRow[]): Map<string, [IsoDate, IsoDate]> {
  const out = new Map<string, [IsoDate, IsoDate]>();
  for (const r of rows) {
    const range = out.get(r.field);
    if (range === undefined) out.set(r.field, [r.date, r.date]);
    else {
      if (r.date < range[0]) range[0] = r.date;
      if (r.date > range[1]) range[1] = r.date;
    }
  }
  return out;
}

const key = (r: Pick<MarketRow, 'date' | 'field'>): string => `${r.date}|${r.field}`;

/**
 * Pure: checks a fetched source against what is held and plans the rows to add. Throws a
 * SourceError when the download looks truncated or stale:
 * - it has no rows;
 * - a field ends before the last date already held for it (the date range goes backwards);
 * - rows already in the store are missing from it (fewer rows than the store has).
 */
export function planSource(fetched: FetchedSource, held: HeldSeries): SourcePlan {
  const { def, rows } = fetched;
  if (rows.length === 0) throw new SourceError(def.name, 'the download has no data rows');
  const got = fieldRanges(rows);
  const heldRanges = fieldRanges(held.rows);
  for (const [field, [, last]] of got) {
    const h = heldRanges.get(field);
    if (h !== undefined && last < h[1]) {
      throw new SourceError(def.name, `truncated or stale download: ${field} ends at ${last}, before ${h[1]} already held`);
    }
  }
  const fetchedKeys = new Set(rows.map(key));
  const missing = held.stored.filter((r) => {
    const range = got.get(r.field);
    return range !== undefined && r.date >= range[0] && !fetchedKeys.has(key(r));
  });
  if (missing.length > 0) {
    const first = missing[0] as MarketRow;
    throw new SourceError(def.name, `truncated download: ${missing.length} row(s) already in the store are missing from it (first: ${first.date} ${first.field})`);
  }
  const heldLast = lastDateOf(held.rows);
  const heldValues = new Map<string, number>();
  for (const r of held.rows) heldValues.set(key(r), r.value);
  const add: MarketRow[] = [];
  const revisions: Revision[] = [];
  for (const r of rows) {
    if (heldLast === null || r.date > heldLast) {
      add.push({ series: def.series, date: r.date, field: r.field, value: r.value });
      continue;
    }
    const h = heldValues.get(key(r));
    if (h !== undefined && Math.abs(h - r.value) > 1e-9 * Math.max(1, Math.abs(h))) revisions.push({ date: r.date, field: r.field, held: h, fetched: r.value });
  }
  if (def.series === 'SPX') requireOhlc(def.name, add);
  add.sort(compareRows);
  const storedLast = lastDateOf(held.stored);
  const newLast = lastDateOf(add);
  return {
    name: def.name,
    series: def.series,
    rows: add,
    daysAdded: new Set(add.map((r) => r.date)).size,
    lastDate: newLast ?? heldLast,
    storedLastDate: storedLast,
    revisions,
  };
}

/** New SPX days extend the daily frame: each needs open, high, low and close. */
function requireOhlc(name: string, rows: readonly MarketRow[]): void {
  const byDate = new Map<string, Set<string>>();
  for (const r of rows) {
    const s = byDate.get(r.date) ?? new Set<string>();
    s.add(r.field);
    byDate.set(r.date, s);
  }
  for (const [date, fields] of byDate) {
    const lacking = OHLC_FIELDS.filter((f) => !fields.has(f));
    if (lacking.length > 0) throw new SourceError(name, `${date}: ${lacking.join(', ')} missing (a new SPX day needs open, high, low and close)`);
  }
}

export interface UpdateOptions extends FetchOptions {
  /** Today (the VX contracts to fetch depend on it). */
  today: IsoDate;
  /** VX contracts listed today to fetch (default 3: the first three monthly contracts). */
  vxAhead?: number;
}

/**
 * Fetches every source concurrently, then validates and plans each against `held`. Any failure
 * throws one SourceError naming the first failing source (in registry order) and the others.
 */
export async function planUpdate(defs: readonly SourceDef[], held: (series: SeriesKey) => HeldSeries, options: UpdateOptions): Promise<SourcePlan[]> {
  const heldBy = new Map(defs.map((d) => [d.name, held(d.series)]));
  const settled = await Promise.allSettled(
    defs.map(async (d) => {
      const h = heldBy.get(d.name) as HeldSeries;
      const contracts = d.format === 'cfe-vx' ? vxContracts(lastDateOf(h.rows) ?? options.today, options.today, options.vxAhead) : [];
      const fetched = await fetchSource(d, contracts, options);
      return planSource(fetched, h);
    }),
  );
  const failed = settled.flatMap((s, i) => (s.status === 'rejected' ? [{ def: defs[i] as SourceDef, reason: s.reason as unknown }] : []));
  const first = failed[0];
  if (first !== undefined) {
    if (!(first.reason instanceof DomainError)) throw first.reason;
    const others = failed.slice(1).map((f) => f.def.name);
    const msg = first.reason instanceof SourceError ? first.reason.message.slice(`source ${first.def.name}: `.length) : first.reason.message;
    throw new SourceError(first.def.name, `${msg}${others.length > 0 ? ` (also failed: ${others.join(', ')})` : ''}`);
  }
  return settled.map((s) => (s as PromiseFulfilledResult<SourcePlan>).value);
}
