/**
 * Hedge exposure in each basis (DESIGN §1.2), sizing in whole contracts, the rebalance
 * band, the cost-of-capital charge and the trailing spend cap. Pure functions; a
 * position is plain leg data, so no branch depends on the instrument kind.
 */
import { InputError } from '../core/errors.js';
import { daysBetween, type IsoDate } from '../core/time.js';
import { contracts, type Contracts } from '../core/units.js';
import { DEFAULT_CREDIT_WINDOW_DAYS, type ExposureBasis, type HedgePolicy, type SpendCap } from './policy.js';

/** One leg of a layer position, marked on day t. */
export interface ExposureLeg {
  /** Signed quantity: + long, − short (contracts; shares for an ETP). */
  readonly qty: number;
  /** Explicit multiplier: VIX options 100, VIX futures 1000, ETP shares 1. */
  readonly multiplier: number;
  /** Option delta per point of the underlying; its sign is ignored (|Δ|). 1 for a future or an ETP. */
  readonly delta: number;
  /** F: the VIX future of this option's expiry, in points (ETP: its price). */
  readonly underlyingPts: number;
  /** Market value of one unit in points (option mid; ETP price). */
  readonly markPts: number;
}

const LEG_FIELDS = ['qty', 'multiplier', 'delta', 'underlyingPts', 'markPts'] as const;

function checkLeg(leg: ExposureLeg, i: number): void {
  for (const k of LEG_FIELDS) {
    if (!Number.isFinite(leg[k])) throw new InputError(`legs[${i}].${k}`, `must be a finite number, got ${leg[k]}`);
  }
  if (leg.multiplier <= 0) throw new InputError(`legs[${i}].multiplier`, `must be > 0, got ${leg.multiplier}`);
}

/**
 * Exposure of a position in the basis' unit (dollars; contracts for `ratio`):
 * - `deltaNotional`: Σ qty × multiplier × |Δ| × F (net: a calendar's short leg offsets its long leg);
 * - `faceNotional`: Σ over long legs of qty × multiplier × F (a short leg that finances a
 *   long one, as in a calendar, adds no face; a net short position has face 0);
 * - `premium`, `creditShare`, `premiumPerYear`: Σ qty × multiplier × mark, the market value
 *   (the budget bases hold premium);
 * - `ratio`: Σ over long legs of qty, the VIX calls held.
 */
export function exposureUsd(legs: readonly ExposureLeg[], basis: ExposureBasis): number {
  let sum = 0;
  for (let i = 0; i < legs.length; i++) {
    const leg = legs[i];
    if (leg === undefined) continue;
    sum += legExposure(leg.qty, leg.multiplier, leg.delta, leg.underlyingPts, leg.markPts, basis, i);
  }
  return sum;
}

/**
 * One leg's term of `exposureUsd` (the same fields as an ExposureLeg, as numbers: the
 * kernel sums a holding's legs without building leg objects). `i` names the leg in errors.
 */
export function legExposure(qty: number, multiplier: number, delta: number, underlyingPts: number, markPts: number, basis: ExposureBasis, i = 0): number {
  // One test for all five fields: x·0 is 0 for every finite x and NaN otherwise.
  if (!(qty * 0 + multiplier * 0 + delta * 0 + underlyingPts * 0 + markPts * 0 === 0) || multiplier <= 0) checkLeg({ qty, multiplier, delta, underlyingPts, markPts }, i);
  switch (basis) {
    case 'deltaNotional':
      return qty * multiplier * Math.abs(delta) * underlyingPts;
    case 'faceNotional':
      return qty > 0 ? qty * multiplier * underlyingPts : 0;
    case 'premium':
    case 'creditShare':
    case 'premiumPerYear':
      return qty * multiplier * markPts;
    case 'ratio':
      return qty > 0 ? qty : 0;
  }
}

/** What a basis' target number multiplies, on one day for one layer (dollars; contracts for `condorContractsOpen`). */
export interface BasisBase {
  /** Condor notional used for sizing today. */
  readonly notionalUsd: number;
  /** Condor credit after costs collected over the trailing `creditWindowDays` trading days, today's included. */
  readonly trailingCreditUsd: number;
  /** Condor contracts open after today's trade (0DTE: sold today). */
  readonly condorContractsOpen: number;
  /** The layer's tenor at entry in years (its targetDte / 365). */
  readonly layerTenorYears: number;
}

/**
 * The amount a target number of the basis multiplies (a layer's target = number × base;
 * its exposure fraction = held / base):
 * - notional bases: the condor notional;
 * - `creditShare`: the trailing condor credit (premium held = share × the month's credit);
 * - `premiumPerYear`: notional × the layer's tenor in years. A budget of b a year spent
 *   evenly on options of tenor T keeps b × notional × T of purchases in the book; the rule
 *   holds that much at market value, so the realised net cost differs from b (premium
 *   decays and is topped up, rolls recover part): the reports show it
 *   (hedgeNetCostPerYear) and the equal-cost comparison matches on it;
 * - `ratio`: the condor contracts open (calls per condor contract).
 */
export function basisBase(basis: ExposureBasis, x: BasisBase): number {
  for (const k of ['notionalUsd', 'trailingCreditUsd', 'condorContractsOpen', 'layerTenorYears'] as const) {
    if (!Number.isFinite(x[k])) throw new InputError(k, `must be a finite number, got ${x[k]}`);
  }
  switch (basis) {
    case 'deltaNotional':
    case 'faceNotional':
    case 'premium':
      return Math.max(0, x.notionalUsd);
    case 'creditShare':
      return Math.max(0, x.trailingCreditUsd);
    case 'premiumPerYear':
      return Math.max(0, x.notionalUsd) * Math.max(0, x.layerTenorYears);
    case 'ratio':
      return Math.max(0, x.condorContractsOpen);
  }
}

/** Trading days of credit a `creditShare` policy measures its budget on (1 for other policies). */
export function creditWindowDays(policy: HedgePolicy): number {
  return policy.kind === 'none' ? 1 : (policy.creditWindowDays ?? DEFAULT_CREDIT_WINDOW_DAYS);
}

/** Σ of `values` over the `windowDays` entries ending at index `t` (fewer at the start). */
export function trailingSum(values: ArrayLike<number>, t: number, windowDays: number): number {
  let s = 0;
  for (let i = Math.max(0, t - windowDays + 1); i <= t; i++) s += values[i] ?? 0;
  return s;
}

/** Target exposure in dollars of a fraction of condor notional. */
export function targetExposureUsd(targetFraction: number, condorNotionalUsd: number): number {
  if (!(targetFraction >= 0) || !Number.isFinite(targetFraction)) throw new InputError('targetFraction', `must be a finite number >= 0, got ${targetFraction}`);
  if (!(condorNotionalUsd >= 0) || !Number.isFinite(condorNotionalUsd)) throw new InputError('condorNotionalUsd', `must be a finite number >= 0, got ${condorNotionalUsd}`);
  return targetFraction * condorNotionalUsd;
}

/**
 * Whole units (contracts, calendars, shares) nearest the target: round(target / per-unit
 * exposure), so |n × per − target| ≤ per / 2. A non-positive target gives 0.
 */
export function contractsForTarget(targetUsd: number, perContractExposureUsd: number): Contracts {
  if (!Number.isFinite(targetUsd)) throw new InputError('targetUsd', `must be a finite number, got ${targetUsd}`);
  if (!(perContractExposureUsd > 0) || !Number.isFinite(perContractExposureUsd)) {
    throw new InputError('perContractExposureUsd', `must be a finite number > 0, got ${perContractExposureUsd}`);
  }
  if (targetUsd <= 0) return contracts(0);
  return contracts(Math.round(targetUsd / perContractExposureUsd));
}

/**
 * True when the current exposure is off target by more than `band` relative to the
 * target: |current − target| > band × target. With a zero target, any holding is off.
 */
export function needsRebalance(currentUsd: number, targetUsd: number, band: number): boolean {
  if (!Number.isFinite(currentUsd)) throw new InputError('currentUsd', `must be a finite number, got ${currentUsd}`);
  if (!Number.isFinite(targetUsd)) throw new InputError('targetUsd', `must be a finite number, got ${targetUsd}`);
  if (!(band >= 0)) throw new InputError('band', `must be >= 0, got ${band}`);
  if (targetUsd <= 0) return currentUsd !== 0;
  return Math.abs(currentUsd - targetUsd) > band * targetUsd;
}

/**
 * Units nearest the target: whole units (`contractsForTarget`) or, with `whole` false, the
 * exact fraction target / per-unit exposure (fractional sizing of the backtests).
 */
export function unitsForTarget(targetUsd: number, perUnitExposureUsd: number, whole: boolean): number {
  const whole0 = contractsForTarget(targetUsd, perUnitExposureUsd); // validates both inputs
  return whole || targetUsd <= 0 ? whole0 : targetUsd / perUnitExposureUsd;
}

export type LayerTrade =
  | { readonly action: 'hold'; readonly reason: 'within_band' | 'no_target_no_position' }
  | { readonly action: 'trade'; readonly targetContracts: number; readonly deltaContracts: number };

/**
 * The rebalance decision for one layer: hold inside the band, else trade to the whole
 * number of units nearest the target (or to the exact fraction, with `whole` false).
 */
export function rebalanceLayer(currentContracts: number, perContractExposureUsd: number, targetUsd: number, band: number, whole = true): LayerTrade {
  const current = whole ? contracts(currentContracts, 'currentContracts') : currentContracts;
  if (!Number.isFinite(current)) throw new InputError('currentContracts', `must be a finite number, got ${current}`);
  if (targetUsd <= 0 && current === 0) return { action: 'hold', reason: 'no_target_no_position' };
  const currentUsd = current * perContractExposureUsd;
  if (!needsRebalance(currentUsd, targetUsd, band)) return { action: 'hold', reason: 'within_band' };
  const target = unitsForTarget(targetUsd, perContractExposureUsd, whole);
  if (target === current) return { action: 'hold', reason: 'within_band' };
  return { action: 'trade', targetContracts: target, deltaContracts: target - current };
}

/** The hurdle rate of the cost-of-capital guard: T-bill + spread (continuously compounded). */
export function hurdleRateFrac(tbillRateFrac: number, spreadOverTbillFrac: number): number {
  return tbillRateFrac + spreadOverTbillFrac;
}

function checkAligned(dates: readonly IsoDate[], arrays: Record<string, ArrayLike<number>>): void {
  for (const [name, a] of Object.entries(arrays)) {
    if (a.length !== dates.length) throw new InputError(name, `must have one value per date (${dates.length}), got ${a.length}`);
  }
  for (let i = 1; i < dates.length; i++) {
    const a = dates[i - 1];
    const b = dates[i];
    if (a !== undefined && b !== undefined && b <= a) throw new InputError(`dates[${i}]`, `must be after ${a}, got ${b}`);
  }
}

/**
 * Opportunity cost of the capital held in the hedge book, for reports: the charge on
 * day t is the market value held overnight from t−1 times the hurdle rate over the
 * calendar days between the two closes:
 *   charge_t = max(0, value_{t−1}) × (exp((tbill_{t−1} + spread) × days/365) − 1), charge_0 = 0.
 * Only past values enter each day's charge.
 */
export function costOfCapitalChargesUsd(
  dates: readonly IsoDate[],
  hedgeValueUsd: Float64Array,
  tbillRateFrac: Float64Array,
  spreadOverTbillFrac: number,
): Float64Array {
  checkAligned(dates, { hedgeValueUsd, tbillRateFrac });
  const out = new Float64Array(dates.length);
  for (let t = 1; t < dates.length; t++) {
    const value = hedgeValueUsd[t - 1] ?? 0;
    const rate = hurdleRateFrac(tbillRateFrac[t - 1] ?? 0, spreadOverTbillFrac);
    const years = daysBetween(dates[t - 1] as IsoDate, dates[t] as IsoDate) / 365;
    out[t] = value > 0 ? value * Math.expm1(rate * years) : 0;
  }
  return out;
}

/**
 * Spend-cap headroom on day t, the most the hedge may spend today:
 *   max(0, share × Σ condor credit over (t − window, t] − Σ hedge spend over (t − window, t))
 * (today's credit counts; today's spend is what is being decided). Reads indices ≤ t only,
 * so the backtest may call it with arrays filled up to t. Infinity when there is no cap.
 */
export function spendCapHeadroomUsdAt(
  t: number,
  dates: readonly IsoDate[],
  hedgeSpendUsd: ArrayLike<number>,
  condorCreditUsd: ArrayLike<number>,
  cap: SpendCap,
): number {
  if (cap === null) return Number.POSITIVE_INFINITY;
  const today = dates[t];
  if (today === undefined) throw new InputError('t', `must index a date (0..${dates.length - 1}), got ${t}`);
  let credit = 0;
  let spend = 0;
  for (let i = t; i >= 0; i--) {
    const d = dates[i] as IsoDate;
    if (daysBetween(d, today) >= cap.windowDays) break;
    credit += condorCreditUsd[i] ?? 0;
    if (i < t) spend += hedgeSpendUsd[i] ?? 0;
  }
  return Math.max(0, cap.shareOfCondorCredit * credit - spend);
}

/** `spendCapHeadroomUsdAt` for every day (a two-pointer pass, O(n)). */
export function spendCapHeadroomUsd(
  dates: readonly IsoDate[],
  hedgeSpendUsd: Float64Array,
  condorCreditUsd: Float64Array,
  cap: SpendCap,
): Float64Array {
  checkAligned(dates, { hedgeSpendUsd, condorCreditUsd });
  const out = new Float64Array(dates.length);
  if (cap === null) return out.fill(Number.POSITIVE_INFINITY);
  let start = 0;
  let credit = 0;
  let spendBeforeToday = 0;
  for (let t = 0; t < dates.length; t++) {
    const today = dates[t] as IsoDate;
    credit += condorCreditUsd[t] ?? 0;
    if (t > 0) spendBeforeToday += hedgeSpendUsd[t - 1] ?? 0;
    while (start < t && daysBetween(dates[start] as IsoDate, today) >= cap.windowDays) {
      credit -= condorCreditUsd[start] ?? 0;
      spendBeforeToday -= hedgeSpendUsd[start] ?? 0;
      start++;
    }
    out[t] = Math.max(0, cap.shareOfCondorCredit * credit - spendBeforeToday);
  }
  return out;
}

/**
 * Whole contracts of a purchase that fit in the spend-cap headroom:
 * min(wanted, floor(headroom / premium per contract)). Sales are never capped.
 */
export function contractsWithinHeadroom(wantedContracts: number, premiumPerContractUsd: number, headroomUsd: number): Contracts {
  const wanted = contracts(wantedContracts, 'wantedContracts');
  if (wanted <= 0) return wanted;
  if (!(premiumPerContractUsd > 0) || !Number.isFinite(premiumPerContractUsd)) {
    throw new InputError('premiumPerContractUsd', `must be a finite number > 0, got ${premiumPerContractUsd}`);
  }
  if (Number.isNaN(headroomUsd)) throw new InputError('headroomUsd', 'must be a number, got NaN');
  if (headroomUsd === Number.POSITIVE_INFINITY) return wanted;
  return contracts(Math.max(0, Math.min(wanted, Math.floor(headroomUsd / premiumPerContractUsd))));
}

/** The cost parameters of any policy (`none` has no hedge: no spread, no cap), so callers need not branch on the kind. */
export function hedgeCostParams(policy: HedgePolicy): { readonly spreadOverTbillFrac: number; readonly spendCap: SpendCap } {
  if (policy.kind === 'none') return { spreadOverTbillFrac: 0, spendCap: null };
  return { spreadOverTbillFrac: policy.costOfCapital.spreadOverTbillFrac, spendCap: policy.spendCap };
}
