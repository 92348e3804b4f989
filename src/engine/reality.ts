/**
 * The engine's reality models (QuantConnect Lean's idea): how wide a quote is (slippage),
 * where an order fills (fill) and what it pays on top (fees), each behind a small
 * interface so a run can swap one without touching the day loop or the execution.
 *
 * The defaults are the cost model's (portfolio/costs.ts): the modelled half-spread formula
 * per instrument kind, a fill at mid ∓ fillFraction × half-spread (on a real chain's
 * bid/ask where it lists the contract), and the per-contract commissions and exchange fees.
 * Fees are computed only by portfolio/costs.ts.
 *
 * The default slippage widens one case the formula misses: SPX options settling within 4
 * calendar days (a 0DTE or 1DTE condor's legs, over a weekend or a holiday weekend too)
 * priced $0.25 to $1, the condor's wings, quote a half-spread of at least 0.075
 * (SHORT_DATED_SPX_WINGS; measured on the embedded 2026-01-30 SPXW chain's next-day
 * expiry, docs/decisions.md). The rule counts calendar days, so the legs of a 2- to 4-DTE
 * ladder expiring within the same week get the floor too, where it was not measured.
 */
import { feePerContractUsd, feesCents, fillOnQuote, fillPrice, halfSpread, type CostModel, type FeeParams, type ListedQuote, type Side } from '../portfolio/costs.js';
import type { InstrumentKind } from '../portfolio/instruments.js';
import type { CondorExecution } from '../strategy/condor.js';

/** When the quoted instrument settles: years from the quote to its settlement. */
export interface QuoteTiming {
  readonly years: number;
}

/** The width of a modelled quote. */
export interface SlippageModel {
  /** Half-spread (points of the instrument) at a mid price, the vol that drives the quote width and, where known, the time to settlement. */
  halfSpreadPts(kind: InstrumentKind, midPts: number, volFrac: number, at?: QuoteTiming): number;
}

/** Where an order fills. */
export interface FillModel {
  /** The share of the half-spread paid on a fill (0 = mid, 1 = the far side). */
  readonly fraction: number;
  /** Fill price of one unit: on the listed quote where a chain lists the contract, else mid ∓ `fraction` × halfSpreadPts. */
  fillPts(midPts: number, halfSpreadPts: number, side: Side, listed: ListedQuote | null): number;
}

/** What a fill pays on top of its price. */
export interface FeeModel {
  /** The per-contract (ETP: per-share) schedule of an instrument kind (the ledger posts it). */
  schedule(kind: InstrumentKind): FeeParams;
  /** Commissions + exchange fees of a fill of |qty| units, integer cents. */
  feesCents(kind: InstrumentKind, qty: number): number;
  /** Commissions + exchange fees of one unit, dollars, unrounded (sizing a buy within a budget). */
  perUnitUsd(kind: InstrumentKind): number;
}

export interface RealityModels {
  readonly slippage: SlippageModel;
  readonly fill: FillModel;
  readonly fees: FeeModel;
}

/** The modelled half-spread formula of the cost model, per instrument kind. */
export function spreadFormulaSlippage(costs: CostModel): SlippageModel {
  return { halfSpreadPts: (kind, midPts, volFrac) => halfSpread(costs.spread[kind], midPts, volFrac) };
}

/** A floor on the half-spread of short-dated SPX options in a band of prices (the wings of a 0DTE/1DTE condor). */
export interface ShortDatedWingRule {
  /** Settlement at most this far away, years (4 calendar days: one trading day, over a weekend or a holiday weekend). */
  readonly maxYears: number;
  /** Mids in [fromMidPts, toMidPts). */
  readonly fromMidPts: number;
  readonly toMidPts: number;
  /** The half-spread is at least this, points. */
  readonly minHalfPts: number;
}

/**
 * SPXW quotes of the 2026-01-30 close expiring the next trading day (2026-02-02), out of
 * the money, median half-spread by mid: 0.050 under $0.25 (n = 106; the formula's 0.05),
 * 0.075 at $0.25-0.50 (n = 28; formula 0.050), 0.075 at $0.50-1 (n = 13; formula 0.066),
 * 0.100 at $1-2 (n = 11; formula 0.095). `npm run build && node scripts/spread-stats.mjs` prints them.
 */
export const SHORT_DATED_SPX_WINGS: ShortDatedWingRule = { maxYears: 4 / 365, fromMidPts: 0.25, toMidPts: 1, minHalfPts: 0.075 };

/** `base`, with the half-spread of short-dated SPX options in the rule's price band raised to its floor. */
export function shortDatedWingSlippage(base: SlippageModel, rule: ShortDatedWingRule = SHORT_DATED_SPX_WINGS): SlippageModel {
  return {
    halfSpreadPts: (kind, midPts, volFrac, at) => {
      const h = base.halfSpreadPts(kind, midPts, volFrac, at);
      const wing = kind === 'spxOption' && at !== undefined && at.years <= rule.maxYears && midPts >= rule.fromMidPts && midPts < rule.toMidPts;
      return wing ? Math.max(h, rule.minHalfPts) : h;
    },
  };
}

/** Fills at mid ∓ the cost model's fillFraction × half-spread, or on the listed bid/ask. */
export function fractionOfSpreadFill(fraction: number): FillModel {
  return {
    fraction,
    fillPts: (midPts, half, side, listed) => (listed === null ? fillPrice(midPts, half, side, fraction) : fillOnQuote(listed, side, fraction)),
  };
}

/** The cost model's per-contract commissions and exchange fees. */
export function perContractFees(costs: CostModel): FeeModel {
  return {
    schedule: (kind) => costs.fees[kind],
    feesCents: (kind, qty) => {
      const f = feesCents(costs.fees[kind], qty);
      return f.commissionCents + f.exchangeFeeCents;
    },
    perUnitUsd: (kind) => feePerContractUsd(costs.fees[kind]),
  };
}

/** The default reality of a cost model: its spread formula (short-dated SPX wings at least SHORT_DATED_SPX_WINGS), its fill fraction, its fee schedule. */
export function defaultReality(costs: CostModel): RealityModels {
  return { slippage: shortDatedWingSlippage(spreadFormulaSlippage(costs)), fill: fractionOfSpreadFill(costs.fillFraction), fees: perContractFees(costs) };
}

/** The condor's leg fills and fees through the reality models (strategy/condor.ts prices the condor with it). */
export function condorExecution(reality: RealityModels): CondorExecution {
  return {
    fillLeg: (l) => reality.fill.fillPts(l.midPts, l.listed === null ? reality.slippage.halfSpreadPts('spxOption', l.midPts, l.volFrac, { years: l.years }) : 0, l.side, l.listed),
    legFeesCents: () => reality.fees.feesCents('spxOption', 1),
  };
}
