/**
 * A long VIX-futures ETP modelled as a constant-maturity 30-day VIX futures index (the
 * S&P 500 VIX Short-Term Futures Index methodology that VXX tracks, DESIGN §2: "a
 * VIX-futures ETP before 2009 is the daily-rolled VX1/VX2 blend of its published
 * methodology").
 *
 * Roll period: from the trading day before one monthly VIX expiry (exclusive) to the
 * trading day before the next (inclusive); the methodology's "Tuesday before the
 * Wednesday expiry", holiday-aware. On the close of day t inside a roll period the index
 * holds VX1 (the contract expiring after the period ends) and VX2 (the next one) in
 * contract weights w1 = dr/dt and 1 − w1, where dt is the number of trading days in the
 * period and dr the number left after t. So w1 = 1 on the first day of a period and falls
 * linearly to 0 at its end, and the index never holds a contract on its expiry day.
 *
 * Daily return (the methodology's contract daily return, CDR, plus the T-bill return on
 * the collateral, less the ETP's investor fee):
 *   r_t = (w1·F1_t + w2·F2_t) / (w1·F1_{t−1} + w2·F2_{t−1}) − 1 + TBR_t − fee·days/365
 * with the weights and the contracts of day t−1, repriced at day t, TBR_t =
 * exp(rate_{t−1}·days/365) − 1 and days the calendar days between the two closes.
 * Pure: futures prices come in through a callback (real settles or the model's curve).
 */
import { InputError } from '../core/errors.js';
import { prevTradingDay, tradingDaysBetween, vixExpirationsFrom } from '../core/calendar.js';
import { addDays, daysBetween, type IsoDate } from '../core/time.js';

const CALENDAR_START = '1990-01-01' as IsoDate;

/** VXX's investor fee, 0.89% a year (iPath Series B prospectus). */
export const DEFAULT_ETP_FEE_FRAC_PER_YEAR = 0.0089;
/** The level a modelled ETP starts at (its "share price" on the first day). */
export const ETP_START_LEVEL = 100;
/** A modelled share price closing under this is reverse-split (as VXX has done), to stay tradable in whole shares. */
export const ETP_SPLIT_BELOW = 25;
export const ETP_SPLIT_FACTOR = 4;

/** The close's share price after any reverse split, and the split factor applied (1 = none). */
export function etpReverseSplit(level: number): { level: number; split: number } {
  return level < ETP_SPLIT_BELOW ? { level: level * ETP_SPLIT_FACTOR, split: ETP_SPLIT_FACTOR } : { level, split: 1 };
}

export interface EtpBlend {
  /** VX1: the front contract of the roll period. */
  readonly frontExpiry: IsoDate;
  /** VX2: the contract after it. */
  readonly secondExpiry: IsoDate;
  /** Contract weight of VX1 (VX2 holds 1 − frontWeight), in [0, 1]. */
  readonly frontWeight: number;
}

/** The index composition at the close of `date` (a trading day). */
export function vixEtpBlend(date: IsoDate): EtpBlend {
  const ex = vixExpirationsFrom(date, 4);
  let k = 0;
  while (k < ex.length && prevTradingDay(ex[k] as IsoDate) <= date) k++;
  const front = ex[k];
  const second = ex[k + 1];
  if (front === undefined || second === undefined) throw new InputError('date', `no VIX expiries after ${date}`);
  // The period's start: the roll day of the expiry before `front`. Before the calendar's
  // first year (early January 1990) the length of the following period stands in.
  const periodEnd = prevTradingDay(front);
  const prevExpiry = k > 0 ? (ex[k - 1] as IsoDate) : addDays(front, -40) >= CALENDAR_START ? vixExpirationBefore(front) : null;
  const dt = prevExpiry === null ? tradingDaysBetween(periodEnd, prevTradingDay(second)) : tradingDaysBetween(prevTradingDay(prevExpiry), periodEnd);
  const dr = tradingDaysBetween(date, periodEnd);
  if (!(dt > 0)) throw new InputError('date', `empty roll period before ${front}`);
  return { frontExpiry: front, secondExpiry: second, frontWeight: dr / dt };
}

function vixExpirationBefore(e: IsoDate): IsoDate {
  // The monthly expiry before `e`: the first expiry on or after a date ~40 days earlier.
  const ex = vixExpirationsFrom(addDays(e, -40), 2);
  const a = ex[0] as IsoDate;
  return a < e ? a : (ex[1] as IsoDate);
}

/** Price of a blend's two contracts: (F1, F2) in VIX points. */
export type EtpFutures = (expiry: IsoDate) => number;

/**
 * One day's ETP return from the blend held at the previous close, its two futures then
 * (`prev`) and now (`now`). `calendarDays` between the two closes; `rateFrac` the previous
 * close's T-bill rate (continuous); `feeFracPerYear` the investor fee.
 */
export function vixEtpDailyReturn(blend: EtpBlend, prev: EtpFutures, now: EtpFutures, calendarDays: number, rateFrac: number, feeFracPerYear = DEFAULT_ETP_FEE_FRAC_PER_YEAR): number {
  const w1 = blend.frontWeight;
  const w2 = 1 - w1;
  const before = w1 * prev(blend.frontExpiry) + w2 * prev(blend.secondExpiry);
  const after = w1 * now(blend.frontExpiry) + w2 * now(blend.secondExpiry);
  if (!(before > 0) || !Number.isFinite(after)) throw new InputError('futures', `blend value must be > 0 and finite, got ${before} -> ${after}`);
  if (!(calendarDays >= 0)) throw new InputError('calendarDays', `must be >= 0, got ${calendarDays}`);
  const tbr = Number.isFinite(rateFrac) ? Math.expm1((rateFrac * calendarDays) / 365) : 0;
  return after / before - 1 + tbr - (feeFracPerYear * calendarDays) / 365;
}

/**
 * The index level series over trading days `dates` (level `startLevel` at dates[0]):
 * `futureAt(i, expiry)` prices a contract at the close of dates[i]; `rateFrac[i]` the T-bill.
 */
export function vixEtpIndexSeries(
  dates: readonly IsoDate[],
  futureAt: (i: number, expiry: IsoDate) => number,
  rateFrac: ArrayLike<number>,
  opts: { readonly startLevel?: number; readonly feeFracPerYear?: number } = {},
): Float64Array {
  const out = new Float64Array(dates.length);
  if (dates.length === 0) return out;
  out[0] = opts.startLevel ?? ETP_START_LEVEL;
  for (let i = 1; i < dates.length; i++) {
    const a = dates[i - 1] as IsoDate;
    const b = dates[i] as IsoDate;
    const days = daysBetween(a, b);
    const r = vixEtpDailyReturn(vixEtpBlend(a), (e) => futureAt(i - 1, e), (e) => futureAt(i, e), days, rateFrac[i - 1] ?? 0, opts.feeFracPerYear);
    out[i] = (out[i - 1] as number) * (1 + r);
  }
  return out;
}
