/**
 * A 30-day SPX variance swap (the L3 alternative of DESIGN §1.2), marked to the model.
 *
 * Contract: struck at K_var = (VIX/100)² on the trade date (the model-free 30-day variance
 * of SPX, annualized, fraction²), it pays at expiry
 *   N_var × (σ²_realized − K_var),  σ²_realized = (252 / N) × Σ ln(S_k / S_{k−1})²
 * over the N daily returns from the trade date's close to the expiry's close. Expiry is the
 * first trading day at least 30 calendar days after the trade date (21 trading days in a
 * typical month); N counts the trading days in between (`varianceSwapTerms`).
 *
 * Mark after m of the N returns (remaining calendar time τ to expiry):
 *   V = N_var × DF(τ) × (252/N × Σ r² + σ²_implied(τ) × (N − m)/N − K_var)
 * where the first term is the accrued realized variance weighted by m/N and σ²_implied(τ)
 * the model's VIX-family variance for the remaining tenor. So V = 0 at inception (m = 0,
 * σ²_implied(30d) = K_var) and V is the payoff at expiry (m = N).
 *
 * Exposure (how a layer target, in VIX-exposure dollars, maps to a notional): a variance
 * swap's vega per vol point at the strike is vegaPerVolPt = N_var × 2√K_var / 100, and in
 * the policy basis (dollars per VIX point × VIX level, like Σ qty × mult × |Δ| × F for VIX
 * calls) its exposure is vegaPerVolPt × 100√K_var = 2 · K_var · N_var, decaying with the
 * share of the life left: exposure = 2 · σ²_implied(τ) · N_var · (N − m)/N.
 * The inverse, N_var = vegaPerVolPt / (2√K_var) × 100 = exposure / (2 K_var), is the usual
 * "variance notional = vega notional / (2 × strike)" (strike in vol points, notional per
 * variance point).
 */
import { InputError } from '../core/errors.js';
import { addDays, type IsoDate } from '../core/time.js';
import { nextTradingDay, isTradingDay, tradingDaysBetween } from '../core/calendar.js';

export const VARIANCE_SWAP_TENOR_DAYS = 30;
export const TRADING_DAYS_PER_YEAR = 252;

/** Variance notional per unit: $1 per variance point ((vol pts)², i.e. per 0.0001 of variance). */
export const VARIANCE_NOTIONAL_PER_UNIT = 10_000;

export interface VarianceSwapTerms {
  readonly tradeDate: IsoDate;
  readonly expiry: IsoDate;
  /** Daily returns in the life (trade close → expiry close). */
  readonly returns: number;
}

/** The expiry (first trading day ≥ trade date + tenor) and the number of daily returns. */
export function varianceSwapTerms(tradeDate: IsoDate, tenorDays = VARIANCE_SWAP_TENOR_DAYS): VarianceSwapTerms {
  if (!Number.isInteger(tenorDays) || tenorDays < 1) throw new InputError('tenorDays', `must be an integer >= 1, got ${tenorDays}`);
  let e = addDays(tradeDate, tenorDays);
  if (!isTradingDay(e)) e = nextTradingDay(e);
  return { tradeDate, expiry: e, returns: tradingDaysBetween(tradeDate, e) };
}

/** Strike in variance (fraction²) of a VIX quote in points: (vix/100)². */
export function varianceStrikeOfVix(vixPts: number): number {
  if (!(vixPts > 0) || !Number.isFinite(vixPts)) throw new InputError('vixPts', `must be a finite number > 0, got ${vixPts}`);
  const v = vixPts / 100;
  return v * v;
}

export interface VarianceSwapMarkInput {
  readonly strikeVar: number;
  /** N: daily returns in the swap's life. */
  readonly returns: number;
  /** m: returns observed so far (0..N). */
  readonly observed: number;
  /** Σ ln(S_k/S_{k−1})² over the observed returns. */
  readonly sumSqLogReturns: number;
  /** The model's annualized variance for the remaining tenor (ignored when m = N). */
  readonly impliedRemainingVar: number;
  /** Discount factor to expiry. */
  readonly discountFactor: number;
}

/** Mark per unit of variance notional (dollars per 1.0 of annualized variance). */
export function varianceSwapValuePerVarNotional(a: VarianceSwapMarkInput): number {
  if (!(a.returns >= 1) || !Number.isInteger(a.returns)) throw new InputError('returns', `must be an integer >= 1, got ${a.returns}`);
  if (!(a.observed >= 0 && a.observed <= a.returns) || !Number.isInteger(a.observed)) throw new InputError('observed', `must be an integer in [0, ${a.returns}], got ${a.observed}`);
  if (!(a.sumSqLogReturns >= 0)) throw new InputError('sumSqLogReturns', `must be >= 0, got ${a.sumSqLogReturns}`);
  const remainingShare = (a.returns - a.observed) / a.returns;
  if (remainingShare > 0 && !(a.impliedRemainingVar >= 0)) throw new InputError('impliedRemainingVar', `must be >= 0, got ${a.impliedRemainingVar}`);
  const accrued = (TRADING_DAYS_PER_YEAR / a.returns) * a.sumSqLogReturns;
  const implied = remainingShare > 0 ? a.impliedRemainingVar * remainingShare : 0;
  return a.discountFactor * (accrued + implied - a.strikeVar);
}

/** Exposure (policy-basis dollars) of `varNotional` at implied variance `impliedVar` with `remainingShare` of the life left: 2 · var · N_var · share. */
export function varianceSwapExposureUsd(varNotional: number, impliedVar: number, remainingShare: number): number {
  return 2 * impliedVar * varNotional * remainingShare;
}
