/**
 * The SPX variance term structure of one day from the VIX family.
 *
 * Pillars (calendar days): VIX1D (1 trading session), VIX9D (9), VIX (30), VIX3M (93),
 * VIX6M (183). An index that did not exist yet (or is missing that day) is replaced by a
 * calibrated ratio to VIX (log-linear regressions on the years where both exist, using
 * only VIX and the SPX realized vol, which exist since 1990).
 *
 * Total variance w(T) = σ²(T)·T is interpolated linearly between pillars, in calendar time
 * from 9 days on and in "variance time" below 9 days (the variance calendar): a trading
 * session counts 1, a session with an FOMC decision or a CPI release 1 + `eventDayBoost`,
 * a weekend or holiday day `nonTradingDayWeight`, and inside the first session the share
 * `intradayVarShare` of that session's variance is spent during its 6.5 trading hours (0DTE;
 * after a weekend the first session is Monday's, not a weekend day's).
 * VIX1D is read as the variance of the next session (VIX1D²/365 to the next close,
 * weekend or not): a Friday's VIX1D is not deflated by the weekend's calendar days (over
 * 2024-09..2026, (VIX1D/VIX)² averages 0.78 on Fridays and 0.52-0.71 Monday-Thursday).
 * Beyond 183 days the forward variance of the 93-183 day segment carries on. Total
 * variance is made non-decreasing in T.
 */
import { SESSION_DAYS } from '../core/calendar.js';

export const PILLAR_DAYS = [1, 9, 30, 93, 183] as const;
export const PILLAR_COUNT = PILLAR_DAYS.length;
const DAYS_PER_YEAR = 365;

/** ln(target/base) = c0 + Σ ci·xi: a calibrated ratio between two indices. */
export interface LogRatioFit {
  c0: number;
  /** Coefficient of ln(VIX/100) (or the base index). */
  cLogLevel: number;
  /** Coefficient of ln(realized vol / base index vol). */
  cLogRv: number;
  /** Coefficient of ln(VIX9D/VIX) (VIX1D mapping only; 0 elsewhere). */
  cLogSlope: number;
  /** Coefficient of ln(calendar days to the next session) (VIX1D mapping only; 0 elsewhere). */
  cLogGap: number;
  /** Coefficient of the event flag (the next session has an FOMC decision or a CPI release; VIX1D mapping only; 0 elsewhere). */
  cEvent: number;
}

export interface TermStructureParams {
  /** ln(VIX9D/VIX) on ln(VIX), ln(RV/VIX). */
  vix9d: LogRatioFit;
  /** ln(VIX1D/VIX9D) on ln(VIX9D), ln(RV/VIX9D), ln(VIX9D/VIX). */
  vix1d: LogRatioFit;
  /** ln(VIX3M/VIX) on ln(VIX), ln(RV/VIX). */
  vix3m: LogRatioFit;
  /** ln(VIX6M/VIX) on ln(VIX), ln(RV/VIX). */
  vix6m: LogRatioFit;
  /** Trading days in the realized vol used by the mappings. */
  rvDays: number;
  /** Variance weight of a non-trading calendar day relative to a session (short tenors). */
  nonTradingDayWeight: number;
  /** Extra variance of a session with an FOMC decision or a CPI release, as a fraction of a plain session's. */
  eventDayBoost: number;
  /** Share of a session's variance spent between the open and the close (0DTE). */
  intradayVarShare: number;
}

/** The regressors of a LogRatioFit, in the order c0, cLogLevel, cLogRv, cLogSlope, cLogGap, cEvent. */
export function logRatioFeatures(baseVol: number, rvVol: number, slope: number, gapDays: number, event = 0): [number, number, number, number, number, number] {
  return [1, Math.log(baseVol), rvVol > 0 && baseVol > 0 ? Math.log(rvVol / baseVol) : 0, slope, Math.log(gapDays), event];
}

export function applyLogRatio(f: LogRatioFit, baseVol: number, rvVol: number, slope: number, gapDays = 1, event = 0): number {
  const x = logRatioFeatures(baseVol, rvVol, slope, gapDays, event);
  return baseVol * Math.exp(f.c0 + f.cLogLevel * x[1] + f.cLogRv * x[2] + f.cLogSlope * x[3] + f.cLogGap * x[4] + f.cEvent * x[5]);
}

/**
 * The variance calendar implied by a fitted VIX1D mapping: VIX1D² scales with the days to
 * the next session as gap^(2·cLogGap), so a session after a weekend carries 3^(2·cLogGap)
 * plain sessions of variance, i.e. each weekend day (3^(2·cLogGap) − 1)/2; an event
 * session exp(2·cEvent). Clamped to the schema's ranges.
 */
export function calendarFromVix1dFit(f: LogRatioFit): { nonTradingDayWeight: number; eventDayBoost: number } {
  const weekend = (Math.pow(3, 2 * f.cLogGap) - 1) / 2;
  return { nonTradingDayWeight: Math.min(Math.max(weekend, 0), 1), eventDayBoost: Math.min(Math.max(Math.exp(2 * f.cEvent) - 1, 0), 3) };
}

/**
 * Fills the five pillar vols (fractions) of one day, in place, from the indices of the day
 * (NaN = missing) and the realized vol. Returns a bit mask of the pillars that are real.
 */
export function fillPillars(
  p: TermStructureParams,
  vix: number,
  vix1d: number,
  vix9d: number,
  vix3m: number,
  vix6m: number,
  rvVol: number,
  gapDays: number,
  out: Float64Array,
  offset = 0,
  eventNext = 0,
): number {
  let real = 4;
  const v9 = vix9d > 0 ? ((real |= 2), vix9d) : applyLogRatio(p.vix9d, vix, rvVol, 0);
  const v1 = vix1d > 0 ? ((real |= 1), vix1d) : applyLogRatio(p.vix1d, v9, rvVol, Math.log(v9 / vix), gapDays, eventNext);
  const v3 = vix3m > 0 ? ((real |= 8), vix3m) : applyLogRatio(p.vix3m, vix, rvVol, 0);
  const v6 = vix6m > 0 ? ((real |= 16), vix6m) : applyLogRatio(p.vix6m, vix, rvVol, 0);
  out[offset] = v1;
  out[offset + 1] = v9;
  out[offset + 2] = vix;
  out[offset + 3] = v3;
  out[offset + 4] = v6;
  return real;
}

/**
 * Variance time ("effective days") of the first calendar days after a close, given
 * which of the next days are trading days: tradingFlags[d-1] is 1 when date+d trades, 2
 * when it trades with an FOMC decision or a CPI release, 0 when it does not trade.
 * A session counts 1 (an event session 1 + eventBoost) and a non-trading day
 * `nonTradingWeight`. The table: E(0..len-3) in out[0..len-3]; in out[len-2] the first
 * session's own weight E(first) − E(first − 1) (1, or 1 + eventBoost; `first` the first
 * trading day after the close, 3 after a Friday); in out[len-1] E at the first session
 * (the span VIX1D prices, the weekend's days included).
 */
export function fillEffectiveDays(tradingFlags: ArrayLike<number>, nonTradingWeight: number, out: Float64Array, eventBoost = 0): void {
  const last = out.length - 1;
  const lastDay = last - 2;
  out[0] = 0;
  for (let d = 1; d <= lastDay; d++) {
    const f = tradingFlags[d - 1] ?? 1;
    out[d] = (out[d - 1] ?? 0) + (f === 0 ? nonTradingWeight : f === 2 ? 1 + eventBoost : 1);
  }
  let first = 1;
  while (first < lastDay && !(tradingFlags[first - 1] ?? 1)) first++;
  out[last - 1] = (out[first] ?? 1) - (out[first - 1] ?? 0);
  out[last] = out[first] ?? 1;
}

/**
 * Effective days for a fractional tenor n (days). Up to the session's length
 * (SESSION_DAYS) n is time inside the first session: a 0DTE option, priced at the first
 * session's open from the close's table, spends intradayShare of the FIRST SESSION's own
 * weight (table slot len-2: 1, or 1 + the boost for an event session) by its close; after
 * a Friday close that is Monday's weight, not Saturday's (the weekend is over by Monday's
 * open). Beyond, n is calendar time from the close: up to one day the intraday curve of the
 * next calendar day (a full day from close to close is E(1), the day's weight), then E at
 * whole days. After a weekend the two clocks do not join at SESSION_DAYS: a calendar tenor
 * just beyond it ends inside the weekend, where no option expires.
 */
function effectiveDaysAt(eff: Float64Array, n: number, intradayShare: number): number {
  if (n <= SESSION_DAYS) return (n / SESSION_DAYS) * intradayShare * (eff[eff.length - 2] ?? 1);
  // The first day's curve spans E(1): 1 for a plain session, 1 + the boost for an event
  // session (so one calendar day before an FOMC/CPI session is all of VIX1D's variance).
  const d1 = eff[1] ?? 1;
  if (n <= 1) return d1 * (intradayShare + ((1 - intradayShare) * (n - SESSION_DAYS)) / (1 - SESSION_DAYS));
  const i = Math.floor(n);
  const a = eff[i] ?? i;
  const b = eff[i + 1] ?? i + 1;
  return a + (b - a) * (n - i);
}

/**
 * Target (VIX-family) total variance σ²·T at tenor `years`, from the pillar vols
 * (fractions) at out[offset..offset+4] and the effective-day table (fillEffectiveDays).
 */
export function targetTotalVariance(pillars: Float64Array, offset: number, eff: Float64Array, years: number, intradayShare: number): number {
  if (!(years > 0)) return 0;
  const n = years * DAYS_PER_YEAR;
  // Total variances at pillars, monotone. VIX1D prices the variance to the next close
  // (E1 effective days, weekend included), VIX1D²/365; VIX9D spans E(9).
  const e1 = eff[eff.length - 1] ?? 1;
  const v1 = pillars[offset] ?? 0;
  const w1 = (v1 * v1) / DAYS_PER_YEAR;
  const perDay1 = w1 / e1;
  const v9 = pillars[offset + 1] ?? 0;
  const w9 = Math.max(w1, (v9 * v9 * 9) / DAYS_PER_YEAR);
  if (n <= 9) {
    const e = effectiveDaysAt(eff, n, intradayShare);
    const e9 = eff[9] ?? 9;
    if (e <= e1) return perDay1 * e;
    return w1 + ((w9 - w1) * (e - e1)) / (e9 - e1);
  }
  const v30 = pillars[offset + 2] ?? 0;
  const w30 = Math.max(w9, (v30 * v30 * 30) / DAYS_PER_YEAR);
  if (n <= 30) return w9 + ((w30 - w9) * (n - 9)) / 21;
  const v93 = pillars[offset + 3] ?? 0;
  const w93 = Math.max(w30, (v93 * v93 * 93) / DAYS_PER_YEAR);
  if (n <= 93) return w30 + ((w93 - w30) * (n - 30)) / 63;
  const v183 = pillars[offset + 4] ?? 0;
  const w183 = Math.max(w93, (v183 * v183 * 183) / DAYS_PER_YEAR);
  if (n <= 183) return w93 + ((w183 - w93) * (n - 93)) / 90;
  // Beyond 6 months: the forward variance of the 3-6 month segment carries on.
  return w183 + ((w183 - w93) * (n - 183)) / 90;
}

/** Forward variance (annualized) between years a and b from the pillars. */
export function forwardVariance(pillars: Float64Array, offset: number, eff: Float64Array, fromYears: number, toYears: number, intradayShare: number): number {
  const wa = targetTotalVariance(pillars, offset, eff, fromYears, intradayShare);
  const wb = targetTotalVariance(pillars, offset, eff, toYears, intradayShare);
  return Math.max(wb - wa, 0) / (toYears - fromYears);
}
