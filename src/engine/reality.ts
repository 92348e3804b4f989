/**
 * The engine's reality models (QuantConnect Lean's idea): how wide a quote is (slippage),
 * where an order fills (fill) and what it pays on top (fees), each behind a small
 * interface so a run can swap one without touching the day loop or the execution.
 *
 * The defaults are the cost model's (portfolio/costs.ts): the modelled half-spread formula
 * per instrument kind, a fill at mid ∓ fillFraction × half-spread (on a real chain's
 * bid/ask where it lists the contract), and the per-contract commissions and exchange fees.
 * Fees are computed only by portfolio/costs.ts.
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

/** The default reality of a cost model: its spread formula, its fill fraction, its fee schedule. */
export function defaultReality(costs: CostModel): RealityModels {
  return { slippage: spreadFormulaSlippage(costs), fill: fractionOfSpreadFill(costs.fillFraction), fees: perContractFees(costs) };
}

/** The condor's leg fills and fees through the reality models (strategy/condor.ts prices the condor with it). */
export function condorExecution(reality: RealityModels): CondorExecution {
  return {
    fillLeg: (l) => reality.fill.fillPts(l.midPts, l.listed === null ? reality.slippage.halfSpreadPts('spxOption', l.midPts, l.volFrac, { years: l.years }) : 0, l.side, l.listed),
    legFeesCents: () => reality.fees.feesCents('spxOption', 1),
  };
}
