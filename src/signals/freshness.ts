/**
 * Freshness as data: the date each input of a signal was last observed (its as-of date) and
 * the inputs older than their stated limit. A missing close is carried forward by the
 * signal's inputs (engine/inputs.ts) and by the market model; this module says how old
 * the value carried is, so that a signal never presents a four-week-old VIX close as today's.
 *
 * The age of an input is counted in trading days (NYSE calendar) from its as-of date to the
 * reference day: the signal's own date for a historical signal, the day the signal is
 * computed on (the clock's New York date) for today's. Pure: the reference is passed in.
 */
import { tradingDaysBetween } from '../core/calendar.js';
import type { IsoDate } from '../core/time.js';
import type { DailyFrameColumn, MarketData } from '../market/types.js';

/** The market inputs of a signal, in the order they are reported. */
export const SIGNAL_INPUTS = ['spx', 'vix', 'vix9d', 'vix3m', 'vix6m', 'vix1d', 'vvix', 'vx', 'breadth', 'rate', 'divYield'] as const;
export type SignalInputName = (typeof SIGNAL_INPUTS)[number];

/**
 * The stated limit of each input, in trading days between its as-of date and the reference
 * day: the Cboe indices, the VIX futures settlements and NYSE breadth are published every
 * trading day (one day: yesterday's close is acceptable before today's is out); the T-bill
 * yield comes from FRED a few days late (5); the dividend yield is Shiller's monthly series,
 * published months late and slow to move (130, about six months). A user series: 5.
 */
export const STALE_LIMIT_TRADING_DAYS: Readonly<Record<SignalInputName, number>> = {
  spx: 1,
  vix: 1,
  vix9d: 1,
  vix3m: 1,
  vix6m: 1,
  vix1d: 1,
  vvix: 1,
  vx: 1,
  breadth: 1,
  rate: 5,
  divYield: 130,
};
export const USER_SERIES_STALE_LIMIT_TRADING_DAYS = 5;

/** What each input is, in words (for the stale line). */
const INPUT_WORDS: Readonly<Record<SignalInputName, string>> = {
  spx: 'SPX close',
  vix: 'VIX close',
  vix9d: 'VIX9D close',
  vix3m: 'VIX3M close',
  vix6m: 'VIX6M close',
  vix1d: 'VIX1D close',
  vvix: 'VVIX close',
  vx: 'VIX futures settlements',
  breadth: 'NYSE breadth (advances/declines)',
  rate: '13-week T-bill rate',
  divYield: 'S&P 500 dividend yield',
};

/** An input older than its limit: `asOf` null when the data has no value of it at all. */
export interface StaleInput {
  readonly input: string;
  readonly asOf: IsoDate | null;
  /** Trading days from `asOf` to the reference day (null: never observed). */
  readonly ageTradingDays: number | null;
  readonly limitTradingDays: number;
}

export interface Freshness {
  /** The day ages are measured to. */
  readonly reference: IsoDate;
  /** Every input's as-of date (null: no value on or before the signal's date). */
  readonly inputsAsOf: Readonly<Record<string, IsoDate | null>>;
  /** The inputs older than their limit, in SIGNAL_INPUTS order then user series; empty when all are fresh. */
  readonly stale: readonly StaleInput[];
}

const COLUMN_OF: Readonly<Partial<Record<SignalInputName, DailyFrameColumn>>> = {
  spx: 'spxClose',
  vix: 'vixClose',
  vix9d: 'vix9d',
  vix3m: 'vix3m',
  vix6m: 'vix6m',
  vix1d: 'vix1d',
  vvix: 'vvix',
  breadth: 'advances',
};

/** The last day at or before index `i` where `values` has a finite value (null: none). */
function lastFinite(dates: readonly IsoDate[], values: ArrayLike<number>, i: number): IsoDate | null {
  for (let k = i; k >= 0; k--) if (Number.isFinite(values[k] as number)) return dates[k] ?? null;
  return null;
}

/** The last of ascending `dates` at or before `day` (null: none). */
function lastOnOrBefore(dates: readonly IsoDate[], day: IsoDate): IsoDate | null {
  let lo = 0;
  let hi = dates.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((dates[mid] as IsoDate) <= day) lo = mid + 1;
    else hi = mid;
  }
  return lo === 0 ? null : (dates[lo - 1] as IsoDate);
}

/**
 * The as-of date of every input at index `i` of the data. The T-bill rate and the dividend
 * yield are carried forward in the frame: their as-of dates are those of the observations
 * (`data.observedDates`) when the loader recorded them.
 */
export function inputsAsOf(data: MarketData, i: number, userSeries?: Readonly<Record<string, Float64Array>>): Record<string, IsoDate | null> {
  const d = data.daily;
  const day = d.dates[i] as IsoDate;
  const out: Record<string, IsoDate | null> = {};
  for (const name of SIGNAL_INPUTS) {
    const col = COLUMN_OF[name];
    if (col !== undefined) out[name] = lastFinite(d.dates, d[col], i);
    else if (name === 'vx') out[name] = lastOnOrBefore(data.vx.date, day);
    else if (name === 'rate' || name === 'divYield') {
      const observed = data.observedDates?.[name];
      out[name] = observed === undefined ? lastFinite(d.dates, name === 'rate' ? d.rateFrac : d.divYieldFrac, i) : lastOnOrBefore(observed, day);
    }
  }
  for (const [name, values] of Object.entries(userSeries ?? {}).sort(([a], [b]) => (a < b ? -1 : 1))) out[`user:${name}`] = lastFinite(d.dates, values, i);
  return out;
}

/** The limit of an input by its reported name. */
export function staleLimit(input: string): number {
  return (STALE_LIMIT_TRADING_DAYS as Readonly<Record<string, number>>)[input] ?? USER_SERIES_STALE_LIMIT_TRADING_DAYS;
}

/** The inputs of `asOf` older than their limit on `reference`. */
export function staleInputs(asOf: Readonly<Record<string, IsoDate | null>>, reference: IsoDate): StaleInput[] {
  const out: StaleInput[] = [];
  for (const [input, date] of Object.entries(asOf)) {
    const limit = staleLimit(input);
    if (date === null) out.push({ input, asOf: null, ageTradingDays: null, limitTradingDays: limit });
    else {
      const age = tradingDaysBetween(date, reference);
      if (age > limit) out.push({ input, asOf: date, ageTradingDays: age, limitTradingDays: limit });
    }
  }
  return out;
}

/** As-of dates at index `i` and the stale inputs on `reference` (default: the day itself). */
export function freshness(data: MarketData, i: number, reference?: IsoDate, userSeries?: Readonly<Record<string, Float64Array>>): Freshness {
  const day = data.daily.dates[i] as IsoDate;
  const ref = reference === undefined || reference < day ? day : reference;
  const asOf = inputsAsOf(data, i, userSeries);
  return { reference: ref, inputsAsOf: asOf, stale: staleInputs(asOf, ref) };
}

/** One input in words: `VIX close as of 2026-07-23 (20 trading days old; limit 1)`. */
function staleWords(s: StaleInput): string {
  const what = (INPUT_WORDS as Readonly<Record<string, string>>)[s.input] ?? `user series ${s.input.replace(/^user:/, '')}`;
  if (s.asOf === null) return `${what}: no value in the data`;
  return `${what} as of ${s.asOf} (${s.ageTradingDays ?? '?'} trading day${s.ageTradingDays === 1 ? '' : 's'} old; limit ${s.limitTradingDays})`;
}

/**
 * The one line that opens a stale signal's text, ticket and dashboard panel; null when
 * every input is fresh.
 */
export function staleLine(f: { readonly stale: readonly StaleInput[]; readonly reference?: IsoDate }, date: string): string | null {
  if (f.stale.length === 0) return null;
  const on = f.reference === undefined || f.reference === date ? `the signal's day ${date}` : `${f.reference} (signal of ${date})`;
  return `STALE INPUTS on ${on}: ${f.stale.map(staleWords).join('; ')}. Values are carried forward from their as-of dates; run \`alvh data update\` (then \`alvh signal --republish\`), or use --strict to refuse stale signals.`;
}
