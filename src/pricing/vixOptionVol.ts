/**
 * VIX option implied vol: Black-76 on the same-expiry VIX future.
 *
 *   σ(T, K) = exp(c0 + c1·ln ν) · (T/30d)^(−β) · exp(γ·clip(ln(K/F), mMin, mMax))
 *
 * ν is the 30-day VIX-of-VIX (VVIX/100, or mapped from VIX before 2007); the power law in
 * T gives short-dated VIX options their higher vol; γ > 0 is the upward call skew (and the
 * lower put vols). T is floored at `minDays`. Fitted by least squares in ln σ on real
 * marks where the same-expiry future's settle is real (Cboe VXTH one-month calls
 * 2007-04..2011 and the 2024-06-03 chain), away from the last two days before expiry.
 * Known limit: with the clipped linear skew the call price rises with the strike beyond
 * about 1.4·F at high vol-of-vol (a smooth saturation alone trades that for a concave
 * kink; an arbitrage-free form is open work).
 */

export interface VixOptionParams {
  c0: number;
  cLogVvol: number;
  termBeta: number;
  skew: number;
  mMin: number;
  mMax: number;
  minDays: number;
}

const T30 = 30 / 365;

/** Hours from the 16:00 close of a trading day to the 09:30 open (SOQ) of the expiry day, in days. */
export const VIX_CLOSE_TO_OPEN_DAYS = 17.5 / 24;

/**
 * Years from the close of a day to the settlement (the opening SOQ) of a VIX option or
 * future `days` calendar days later: max(days − 17.5 h, 0)/365. The model is calibrated
 * on this convention; price with the same years.
 */
export function vixOptionYears(days: number): number {
  return Math.max(days - VIX_CLOSE_TO_OPEN_DAYS, 0) / 365;
}

export function vixOptionVolModel(p: VixOptionParams, vvolFrac: number, years: number, forward: number, strike: number): number {
  const t = Math.max(years, p.minDays / 365);
  const m = Math.log(strike / forward);
  const mc = m < p.mMin ? p.mMin : m > p.mMax ? p.mMax : m;
  return Math.exp(p.c0 + p.cLogVvol * Math.log(vvolFrac) - p.termBeta * Math.log(t / T30) + p.skew * mc);
}

/** Regressors of ln σ for one observation (same order as the parameters c0, c1, β, γ). */
export function vixOptionFeatures(p: Pick<VixOptionParams, 'mMin' | 'mMax' | 'minDays'>, vvolFrac: number, years: number, forward: number, strike: number): [number, number, number, number] {
  const t = Math.max(years, p.minDays / 365);
  const m = Math.log(strike / forward);
  const mc = m < p.mMin ? p.mMin : m > p.mMax ? p.mMax : m;
  return [1, Math.log(vvolFrac), -Math.log(t / T30), mc];
}
