/**
 * VIX option implied vol: Black-76 on the same-expiry VIX future.
 *
 * ATM level, a power law in T on the 30-day VIX-of-VIX ν (VVIX/100, or mapped from VIX
 * before 2007), t = max(T, minDays):
 *
 *   σ_atm(t) = exp(c0 + c1·ln ν) · (t/30d)^(−β),   θ = σ_atm²·t   (ATM total variance)
 *
 * Skew: one SSVI slice in k = ln(K/F) (Gatheral & Jacquier, "Arbitrage-free SVI volatility
 * surfaces", Quantitative Finance 14(1), 2014, eq. 4.1):
 *
 *   w(k) = θ/2 · (1 + ρφk + √((φk + ρ)² + 1 − ρ²)),   σ(k) = √(w(k)/t)
 *
 * with ρ > 0 the upward call skew and φ = η·(t/30d)^(−λ)/(σ_atm·√30d): the skew in
 * standardized moneyness k/(σ_atm√t) steepens as t → 0 when λ > 0 (the VXTH marks: ln σ
 * rises ~0.5 per unit k at one month and ~1.1 at one week). φ is capped so that the slice
 * meets the sufficient conditions of their Theorem 4.2 for no butterfly arbitrage,
 * θφ(1 + |ρ|) < 4 and θφ²(1 + |ρ|) ≤ 4, with a margin: the call price falls and is convex
 * in the strike at every strike, and w grows at most linearly with slope θφ(1 + ρ)/2 < 2
 * (Lee's moment formula). Priced over T ≤ t years the total variance is w·T/t, the same
 * slice with a smaller θ, so the conditions still hold below the `minDays` floor.
 *
 * Fitted (modelFit.fitVixOptions) on real marks where the same-expiry future's settle is
 * real: Cboe VXTH one-month calls 2007-04..2011 and the 2024-06-03 chain, away from the
 * last two days before expiry.
 */
import { CLOSE_TO_OPEN_DAYS } from '../core/calendar.js';

export interface VixOptionParams {
  c0: number;
  cLogVvol: number;
  termBeta: number;
  /** SSVI correlation ρ (|ρ| < 1); > 0 for the upward call skew. */
  rho: number;
  /** SSVI curvature at 30 days in standardized units (φ·σ_atm·√30d), > 0. */
  eta: number;
  /** λ: φ ∝ (t/30d)^(−λ) at a fixed σ_atm. */
  skewTermPower: number;
  minDays: number;
}

const T30 = 30 / 365;

/** Fraction of the Gatheral-Jacquier bounds the curvature is held to (strictly inside). */
const GJ_MARGIN = 0.98;


/**
 * The lowest mid a listed VIX option quotes: half the 0.05 minimum tick (bid 0, ask 0.05).
 * Real marks of far out-of-the-money calls in their last days sit there; a model value
 * below it is compared to the marks as this mid.
 */
export const VIX_OPTION_MIN_MID = 0.025;

/** The quoted mid of a model value: max(value, VIX_OPTION_MIN_MID). */
export function vixOptionMid(modelPrice: number): number {
  return Math.max(modelPrice, VIX_OPTION_MIN_MID);
}

/**
 * Years from the close of a day to the settlement (the opening SOQ) of a VIX option or
 * future `days` calendar days later: max(days − 17.5 h, 0)/365. The model is calibrated
 * on this convention; price with the same years.
 */
export function vixOptionYears(days: number): number {
  return Math.max(days - CLOSE_TO_OPEN_DAYS, 0) / 365;
}

/** The SSVI curvature φ of a slice with ATM total variance θ, capped inside Theorem 4.2's bounds. */
export function ssviCurvature(phiRaw: number, theta: number, rho: number): number {
  const a = theta * (1 + Math.abs(rho));
  return Math.min(phiRaw, (GJ_MARGIN * 4) / a, Math.sqrt((GJ_MARGIN * 4) / a));
}

/** SSVI total variance at log-moneyness k (Gatheral-Jacquier eq. 4.1). */
export function ssviTotalVariance(theta: number, phi: number, rho: number, k: number): number {
  const x = phi * k + rho;
  return (theta / 2) * (1 + rho * phi * k + Math.sqrt(x * x + 1 - rho * rho));
}

export function vixOptionVolModel(p: VixOptionParams, vvolFrac: number, years: number, forward: number, strike: number): number {
  const t = Math.max(years, p.minDays / 365);
  const atm = Math.exp(p.c0 + p.cLogVvol * Math.log(vvolFrac) - p.termBeta * Math.log(t / T30));
  const theta = atm * atm * t;
  const phi = ssviCurvature((p.eta * (t / T30) ** -p.skewTermPower) / (atm * Math.sqrt(T30)), theta, p.rho);
  return Math.sqrt(ssviTotalVariance(theta, phi, p.rho, Math.log(strike / forward)) / t);
}
