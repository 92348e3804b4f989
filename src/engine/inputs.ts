/**
 * The hedge signal's inputs, precomputed once over the whole series. Every value at index
 * i uses data up to and including day i only (strictly causal): RSI(14) of the VIX close,
 * MACD(12,26,9) histogram of the SPX close, the NYSE A/D-line bearish divergence flag, and
 * the trading days to the next FOMC/CPI/PPI release (scheduled dates, known in advance).
 */
import type { IsoDate } from '../core/time.js';
import { tradingDaysBetween } from '../core/calendar.js';
import type { MarketData } from '../market/types.js';
import { rsi } from '../indicators/rsi.js';
import { macd } from '../indicators/macd.js';
import { adDivergence, adLine } from '../indicators/adLine.js';

export const RSI_PERIOD = 14;
export const MACD_PERIODS = [12, 26, 9] as const;
/** Window of the A/D divergence: SPX at a new 20-day closing high while the A/D line is not. */
export const BREADTH_LOOKBACK_DAYS = 20;
export const MACRO_EVENT_KINDS = ['fomc', 'cpi', 'ppi'] as const;

export interface SignalInputSeries {
  /** VIX close with a missing day carried forward from the last close (NaN before the first). */
  readonly vixClosePts: Float64Array;
  readonly vixRsi14: Float64Array;
  readonly spxMacdHist: Float64Array;
  readonly breadthDivergence01: Float64Array;
  /** Trading days to the next FOMC/CPI/PPI release (0 = today; Infinity = none known). */
  readonly tradingDaysToNextEvent: Float64Array;
  /** Release kinds (fomc/cpi/ppi) on each day, '' when none ("fomc+cpi" when several). */
  readonly eventKinds: readonly string[];
  /** All FOMC/CPI/PPI release dates with their kinds, ascending. */
  readonly eventDates: readonly { date: IsoDate; kind: string }[];
}

const cache = new WeakMap<MarketData, SignalInputSeries>();

/** Computes (or returns the cached) input series of a data set. */
export function signalInputSeries(data: MarketData): SignalInputSeries {
  const hit = cache.get(data);
  if (hit !== undefined) return hit;
  const d = data.daily;
  const n = d.n;
  const vixClosePts = new Float64Array(n);
  let lastVix = Number.NaN;
  for (let i = 0; i < n; i++) {
    const v = d.vixClose[i] as number;
    if (Number.isFinite(v)) lastVix = v;
    vixClosePts[i] = lastVix;
  }
  const vixRsi14 = rsi(vixClosePts, RSI_PERIOD);
  const spxMacdHist = macd(d.spxClose, MACD_PERIODS[0], MACD_PERIODS[1], MACD_PERIODS[2]).hist;
  const breadthDivergence01 = adDivergence(d.spxClose, adLine(d.advances, d.declines), BREADTH_LOOKBACK_DAYS);
  const eventDates = data.events
    .filter((e) => (MACRO_EVENT_KINDS as readonly string[]).includes(e.kind))
    .map((e) => ({ date: e.date, kind: e.kind as string }))
    .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.kind < b.kind ? -1 : 1));
  const eventKinds = new Array<string>(n).fill('');
  const tradingDaysToNextEvent = new Float64Array(n);
  let k = 0;
  let p = 0;
  for (let i = 0; i < n; i++) {
    const date = d.dates[i] as IsoDate;
    while (k < eventDates.length && (eventDates[k] as { date: IsoDate }).date < date) k++;
    const kinds: string[] = [];
    for (let j = k; j < eventDates.length && (eventDates[j] as { date: IsoDate }).date === date; j++) kinds.push((eventDates[j] as { kind: string }).kind);
    eventKinds[i] = kinds.join('+');
    const next = eventDates[k];
    if (next === undefined) tradingDaysToNextEvent[i] = Number.POSITIVE_INFINITY;
    else if (next.date === date) tradingDaysToNextEvent[i] = 0;
    else {
      // Within the data the rows are the trading days; beyond it, the calendar counts.
      while (p < n && (d.dates[p] as IsoDate) < next.date) p++;
      tradingDaysToNextEvent[i] = p < n && d.dates[p] === next.date ? p - i : tradingDaysBetween(date, next.date);
    }
  }
  const out: SignalInputSeries = { vixClosePts, vixRsi14, spxMacdHist, breadthDivergence01, tradingDaysToNextEvent, eventKinds, eventDates };
  cache.set(data, out);
  return out;
}

/** FOMC/CPI/PPI release kinds dated in (from, to] (or [from, to] with `inclusiveFrom`). */
export function eventsBetweenDates(series: SignalInputSeries, from: IsoDate, to: IsoDate, inclusiveFrom: boolean): string[] {
  const out: string[] = [];
  let lo = 0;
  let hi = series.eventDates.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((series.eventDates[mid] as { date: IsoDate }).date < from) lo = mid + 1;
    else hi = mid;
  }
  for (let j = lo; j < series.eventDates.length; j++) {
    const e = series.eventDates[j] as { date: IsoDate; kind: string };
    if (e.date > to) break;
    if (e.date === from && !inclusiveFrom) continue;
    out.push(e.kind);
  }
  return out;
}
