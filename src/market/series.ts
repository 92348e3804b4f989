/** Pure lookups on the typed market data. */
import { InputError } from '../core/errors.js';
import type { IsoDate } from '../core/time.js';
import type { DailyFrame, MarketEvent, EventKind, VxSettles } from './types.js';

function lowerBound(a: readonly string[], x: string, lo = 0, hi = a.length): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((a[mid] as string) < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Index of d in the frame's dates, or -1 when d is not a row (not a trading day or out of range). */
export function indexOfDate(frame: Pick<DailyFrame, 'dates'>, d: IsoDate): number {
  const i = lowerBound(frame.dates, d);
  return i < frame.dates.length && frame.dates[i] === d ? i : -1;
}

/** Index of d in the frame's dates; throws InputError(field) when d is not a trading day in the data. */
export function tradingDayIndex(frame: Pick<DailyFrame, 'dates'>, d: IsoDate, field: string): number {
  const i = indexOfDate(frame, d);
  const dates = frame.dates;
  if (i < 0) throw new InputError(field, `${d} is not a trading day in the data (${dates[0] ?? '-'}..${dates[dates.length - 1] ?? '-'})`);
  return i;
}

/** Index of the first row on or after d (the row count when d follows the last row). */
export function indexOnOrAfter(frame: Pick<DailyFrame, 'dates'>, d: IsoDate): number {
  return lowerBound(frame.dates, d);
}

/** Index of the last row on or before d, or -1 when d precedes the first row. */
export function indexAtOrBefore(frame: Pick<DailyFrame, 'dates'>, d: IsoDate): number {
  const i = lowerBound(frame.dates, d);
  return i < frame.dates.length && frame.dates[i] === d ? i : i - 1;
}

/**
 * A user series (ascending dates, one value each) on the frame's trading days, strictly
 * causal: day i gets the last value dated on or before it (NaN before the first).
 */
export function alignAsOf(frame: Pick<DailyFrame, 'dates'>, dates: readonly IsoDate[], values: ArrayLike<number>): Float64Array {
  const out = new Float64Array(frame.dates.length).fill(Number.NaN);
  let k = 0;
  let last = Number.NaN;
  for (let i = 0; i < frame.dates.length; i++) {
    const day = frame.dates[i] as IsoDate;
    while (k < dates.length && (dates[k] as IsoDate) <= day) last = values[k++] as number;
    out[i] = last;
  }
  return out;
}

export interface VxPoint {
  expiry: IsoDate;
  settle: number;
}

/** The VIX futures settlement curve on date d, by ascending expiry ([] when there is none). */
export function vxCurveOn(vx: VxSettles, d: IsoDate): VxPoint[] {
  const out: VxPoint[] = [];
  for (let i = lowerBound(vx.date, d); i < vx.date.length && vx.date[i] === d; i++) {
    out.push({ expiry: vx.expiry[i] as IsoDate, settle: vx.settle[i] as number });
  }
  return out;
}

/** The settlement of the contract expiring on `expiry`, as of date d; undefined when the data has none. */
export function vxSettleOn(vx: VxSettles, d: IsoDate, expiry: IsoDate): number | undefined {
  for (let i = lowerBound(vx.date, d); i < vx.date.length && vx.date[i] === d; i++) {
    if (vx.expiry[i] === expiry) return vx.settle[i] as number;
  }
  return undefined;
}

/** Events with from <= date <= to (events sorted by date), optionally of some kinds only. */
export function eventsBetween(events: readonly MarketEvent[], from: IsoDate, to: IsoDate, kinds?: readonly EventKind[]): MarketEvent[] {
  let lo = 0;
  let hi = events.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((events[mid] as MarketEvent).date < from) lo = mid + 1;
    else hi = mid;
  }
  const out: MarketEvent[] = [];
  for (let i = lo; i < events.length; i++) {
    const e = events[i] as MarketEvent;
    if (e.date > to) break;
    if (kinds === undefined || kinds.includes(e.kind)) out.push(e);
  }
  return out;
}

/** Index range [start, end] of the frame's rows inside [from, to]; throws when empty. */
export function rangeIndices(frame: Pick<DailyFrame, 'dates'>, from: IsoDate | undefined, to: IsoDate | undefined): { start: number; end: number } {
  const dates = frame.dates;
  const start = from === undefined ? 0 : indexOnOrAfter(frame, from);
  const endExcl = to === undefined ? dates.length : indexAtOrBefore(frame, to) + 1;
  if (!(start < endExcl)) throw new InputError('from', `no trading day in the data between ${from ?? 'the start'} and ${to ?? 'the end'} (data: ${dates[0] ?? '-'}..${dates[dates.length - 1] ?? '-'})`);
  return { start, end: endExcl - 1 };
}
