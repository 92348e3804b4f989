/**
 * VIX futures: the real settlement curve where it exists, a model elsewhere.
 *
 * Model: the VIX at an expiry τ years away is the 30-day vol from τ to τ + 30d; its
 * risk-neutral square is the forward variance FV(τ) of the SPX variance term structure.
 * The future is E[VIX_τ] = E[√(VIX²_τ)] < √FV (Jensen); with a lognormal VIX of vol ν the
 * gap is exp(−ν²τ/2). Fitted form:
 *
 *   F_model(τ) = √FV(τ) · exp(α + α_τ·τ − κ·ν²·τ)
 *
 * with ν the 30-day VIX-of-VIX (VVIX/100; a calibrated function of VIX before 2007).
 * α, α_τ, κ come from an ordinary least-squares fit of ln(F_real/√FV) on (1, τ, ν²τ).
 * Beyond the last listed contract of a day, the last real settle fades into the model
 * (anchoredFuture).
 */

export interface VixFuturesParams {
  alpha: number;
  alphaPerYear: number;
  convexity: number;
  /**
   * Beyond the last listed contract: F = w·F_last + (1 − w)·F_model(τ), with
   * w = exp(−(days − lastDays)/anchorDecayDays): the last real settle carried, fading
   * into the model with the distance in time.
   */
  anchorDecayDays: number;
}

/** The future beyond the last listed contract (see VixFuturesParams.anchorDecayDays). */
export function anchoredFuture(p: VixFuturesParams, lastSettle: number, lastDays: number, modelAtDays: number, days: number): number {
  const w = Math.exp(-(days - lastDays) / p.anchorDecayDays);
  return w * lastSettle + (1 - w) * modelAtDays;
}

/** VVIX (as a fraction) mapped from VIX where VVIX does not exist: ln ν = c0 + c1·ln(VIX/100). */
export interface VvolFromVixParams {
  c0: number;
  cLogVix: number;
}

export function vvolFromVix(p: VvolFromVixParams, vixFrac: number): number {
  return Math.exp(p.c0 + p.cLogVix * Math.log(vixFrac));
}

/** Model VIX future (points) from the forward variance (annualized, fraction²). */
export function vixFutureModel(p: VixFuturesParams, fwdVar: number, vvolFrac: number, years: number): number {
  const t = Math.max(years, 0);
  return 100 * Math.sqrt(Math.max(fwdVar, 0)) * Math.exp(p.alpha * (t > 0 ? 1 : 0) + p.alphaPerYear * t - p.convexity * vvolFrac * vvolFrac * t);
}

/** Regressors of the futures fit for one observation. */
export function vixFutureFeatures(fwdVar: number, vvolFrac: number, years: number): [number, number, number] {
  return [1, years, vvolFrac * vvolFrac * years];
}

/** One listed point of a real curve: days to expiry from the curve date, settle in points. */
export interface CurvePoint {
  days: number;
  settle: number;
}

/**
 * Interpolates a real curve (points sorted by days, all days > 0) at `days` in
 * variance-time: F² linear in time between the two neighbours, with spot VIX at day 0
 * below the first point. Returns NaN beyond the last listed point (the caller anchors
 * the model there) and the exact settle on a listed point.
 */
export function interpolateCurve(points: readonly CurvePoint[], spotVix: number, days: number): number {
  let prevDays = 0;
  let prevF = spotVix;
  for (const p of points) {
    if (days === p.days) return p.settle;
    if (days < p.days) {
      const w = (days - prevDays) / (p.days - prevDays);
      return Math.sqrt(prevF * prevF + (p.settle * p.settle - prevF * prevF) * w);
    }
    prevDays = p.days;
    prevF = p.settle;
  }
  return Number.NaN;
}
