/**
 * Fill and cost "reality models" (Lean-style): a modelled half-spread per instrument, a
 * fill at mid ∓ a fraction of it, and per-contract commissions and exchange fees. Every
 * number is a parameter; the defaults and their basis are in docs/guide/book.md.
 */
import { InputError } from '../core/errors.js';
import type { InstrumentKind } from './instruments.js';

export type Side = 'buy' | 'sell';

/**
 * Fill price: a buy pays mid + fraction × halfSpread, a sell receives mid − fraction ×
 * halfSpread (fraction 0 = mid, 1 = the far side of the quote). A sell never fills below 0.
 */
export function fillPrice(mid: number, halfSpread: number, side: Side, fraction: number): number {
  if (!Number.isFinite(mid) || mid < 0) throw new InputError('mid', `must be a finite price >= 0, got ${String(mid)}`);
  if (!Number.isFinite(halfSpread) || halfSpread < 0) throw new InputError('halfSpread', `must be >= 0, got ${String(halfSpread)}`);
  if (!Number.isFinite(fraction) || fraction < 0 || fraction > 1) throw new InputError('fraction', `must be in [0, 1], got ${String(fraction)}`);
  return side === 'buy' ? mid + fraction * halfSpread : Math.max(0, mid - fraction * halfSpread);
}

/** A listed two-sided quote (a real chain's): bid <= mid <= ask, points per option. */
export interface ListedQuote {
  readonly bid: number;
  readonly ask: number;
  /** The quote's mark: the vendor's where the file has one, else the midpoint. */
  readonly mid: number;
}

/**
 * Fill on a listed quote: the same rule as `fillPrice` with the quote's own half-spread
 * (ask − bid)/2 in place of the modelled one, kept within [bid, ask]. Fraction 1 buys at the
 * ask and sells at the bid; fraction f of a quote written as mid ∓ h (the model's own chain)
 * gives exactly the modelled fill mid ± f·h.
 */
export function fillOnQuote(q: ListedQuote, side: Side, fraction: number): number {
  if (!(q.bid >= 0 && q.ask >= q.bid && Number.isFinite(q.ask))) throw new InputError('quote', `must be two-sided with 0 <= bid <= ask, got ${String(q.bid)}/${String(q.ask)}`);
  const p = fillPrice(q.mid, (q.ask - q.bid) / 2, side, fraction);
  return Math.min(q.ask, Math.max(q.bid, p));
}

/**
 * Half-spread model (price units of the instrument, e.g. SPX index points per option):
 *   base = max(minHalfSpread, sqrtCoef × √price + fracOfPrice × price)
 *   half = base × (1 + volSlope × max(0, volFrac − volRefFrac))
 * then never below half of the minimum tick at that price (a quote is at least one tick wide).
 * `volFrac` is the vol that drives the quote width: VIX/100 for SPX options, the option's
 * implied vol for VIX options (VVIX/100 is a fair proxy), VIX-futures vol for futures.
 */
export interface HalfSpreadParams {
  readonly minHalfSpread: number;
  readonly sqrtCoef: number;
  readonly fracOfPrice: number;
  readonly volRefFrac: number;
  readonly volSlope: number;
  /** Minimum tick below `tickBreak`, and at or above it. */
  readonly tickBelow: number;
  readonly tickAbove: number;
  readonly tickBreak: number;
}

export interface FeeParams {
  /** Broker commission per contract (per share for an ETP), dollars. */
  readonly commissionPerContract: number;
  /** Exchange (and regulatory) fees per contract, dollars. */
  readonly exchangeFeePerContract: number;
}

export interface CostModel {
  /** Fraction of the half-spread paid on every fill (0 = mid, 1 = the far side). */
  readonly fillFraction: number;
  readonly spread: Readonly<Record<InstrumentKind, HalfSpreadParams>>;
  readonly fees: Readonly<Record<InstrumentKind, FeeParams>>;
}

/**
 * Defaults. Half-spreads: the median half-spread of short-dated SPXW quotes in the 2026-01-30
 * chain snapshot is 0.10 for options under $1, 0.175 for $1–3, 0.25 for $3–30 (an end-of-day
 * snapshot, wider than the regular-hours market); 0.08 × √price tracks that with a tighter
 * day session. One-month ~30-delta VIX calls at the VXTH rolls 2006–2011 had a median
 * half-spread of 0.05 at a median mid of 0.90 (≈ 0.053 × √price). Fees are assumptions
 * (retail broker $0.65/contract; Cboe customer fees of roughly $0.60 for SPX and $0.45
 * for VIX options; CFE VX fee plus broker ≈ $2.50 per future): set them to your own.
 * ETP (a VIX-futures ETN such as VXX, in price units of its share): half-spread
 * max(0.005, 5 bp of price), $0.005 a share commission; its 0.89%/year investor fee is
 * charged in the modelled index itself (pricing/vixEtp.ts). Variance swap (OTC, quoted in
 * vol points of the strike): half-spread max(0.25, 1% of the strike in vol points), widening
 * with vol above 30%; no commission (the dealer's spread is the cost).
 */
export const DEFAULT_COST_MODEL: CostModel = {
  fillFraction: 0.5,
  spread: {
    spxOption: { minHalfSpread: 0.05, sqrtCoef: 0.08, fracOfPrice: 0, volRefFrac: 0.2, volSlope: 2, tickBelow: 0.05, tickAbove: 0.1, tickBreak: 3 },
    vixOption: { minHalfSpread: 0.02, sqrtCoef: 0.053, fracOfPrice: 0, volRefFrac: 1.0, volSlope: 0.5, tickBelow: 0.01, tickAbove: 0.05, tickBreak: 3 },
    vixFuture: { minHalfSpread: 0.025, sqrtCoef: 0, fracOfPrice: 0.001, volRefFrac: 0.8, volSlope: 1, tickBelow: 0.05, tickAbove: 0.05, tickBreak: 0 },
    etp: { minHalfSpread: 0.005, sqrtCoef: 0, fracOfPrice: 0.0005, volRefFrac: 0.8, volSlope: 1, tickBelow: 0.0001, tickAbove: 0.01, tickBreak: 1 },
    varianceSwap: { minHalfSpread: 0.25, sqrtCoef: 0, fracOfPrice: 0.01, volRefFrac: 0.3, volSlope: 1, tickBelow: 0.01, tickAbove: 0.01, tickBreak: 0 },
  },
  fees: {
    spxOption: { commissionPerContract: 0.65, exchangeFeePerContract: 0.6 },
    vixOption: { commissionPerContract: 0.65, exchangeFeePerContract: 0.45 },
    vixFuture: { commissionPerContract: 1.5, exchangeFeePerContract: 1.0 },
    etp: { commissionPerContract: 0.005, exchangeFeePerContract: 0 },
    varianceSwap: { commissionPerContract: 0, exchangeFeePerContract: 0 },
  },
};

export function tickSize(p: HalfSpreadParams, price: number): number {
  return price < p.tickBreak ? p.tickBelow : p.tickAbove;
}

/** Modelled half-spread for an instrument kind at a mid price and a driving vol. */
export function halfSpread(p: HalfSpreadParams, price: number, volFrac: number): number {
  if (!Number.isFinite(price) || price < 0) throw new InputError('price', `must be a finite price >= 0, got ${String(price)}`);
  if (!Number.isFinite(volFrac) || volFrac < 0) throw new InputError('volFrac', `must be a finite vol >= 0, got ${String(volFrac)}`);
  const base = Math.max(p.minHalfSpread, p.sqrtCoef * Math.sqrt(price) + p.fracOfPrice * price);
  const half = base * (1 + p.volSlope * Math.max(0, volFrac - p.volRefFrac));
  return Math.max(half, tickSize(p, price) / 2);
}

/** Rounds a price to the instrument's tick (nearest). */
export function roundToTick(p: HalfSpreadParams, price: number): number {
  const t = tickSize(p, price);
  return Math.round(price / t) * t;
}

/** Commission + exchange fees in integer cents for |qty| contracts (shares for an ETP). */
export function feesCents(f: FeeParams, qty: number): { commissionCents: number; exchangeFeeCents: number } {
  const n = Math.abs(qty);
  return { commissionCents: Math.round(f.commissionPerContract * n * 100), exchangeFeeCents: Math.round(f.exchangeFeePerContract * n * 100) };
}

/** Commission + exchange fees of one contract (one ETP share), dollars, unrounded (what a unit costs on top of its price, for sizing). */
export function feePerContractUsd(f: FeeParams): number {
  return f.commissionPerContract + f.exchangeFeePerContract;
}

/** Validates a user cost model (every number finite and >= 0, fillFraction in [0, 1]). */
export function validateCostModel(m: CostModel): CostModel {
  if (!(m.fillFraction >= 0 && m.fillFraction <= 1)) throw new InputError('fillFraction', `must be in [0, 1], got ${String(m.fillFraction)}`);
  for (const [kind, p] of Object.entries(m.spread)) {
    for (const [k, v] of Object.entries(p)) {
      if (!Number.isFinite(v) || v < 0) throw new InputError(`spread.${kind}.${k}`, `must be a finite number >= 0, got ${String(v)}`);
    }
    if (p.tickBelow <= 0 || p.tickAbove <= 0) throw new InputError(`spread.${kind}.tick`, 'ticks must be > 0');
  }
  for (const [kind, f] of Object.entries(m.fees)) {
    for (const [k, v] of Object.entries(f)) {
      if (!Number.isFinite(v) || v < 0) throw new InputError(`fees.${kind}.${k}`, `must be a finite number >= 0, got ${String(v)}`);
    }
  }
  return m;
}

export interface FillQuote {
  /** Fill price per unit (points), before costs. */
  readonly price: number;
  readonly halfSpread: number;
  readonly commissionCents: number;
  readonly exchangeFeeCents: number;
}

/**
 * One fill under a cost model: the modelled half-spread of `kind` at `mid` and `volFrac`,
 * the fill at mid ∓ fillFraction × halfSpread, and the per-contract costs of |qty|.
 */
export function quoteFill(model: CostModel, kind: InstrumentKind, mid: number, volFrac: number, side: Side, qty: number): FillQuote {
  const h = halfSpread(model.spread[kind], mid, volFrac);
  const f = feesCents(model.fees[kind], qty);
  return { price: fillPrice(mid, h, side, model.fillFraction), halfSpread: h, commissionCents: f.commissionCents, exchangeFeeCents: f.exchangeFeeCents };
}

/**
 * The fill of one option leg: on the listed quote where a chain lists the contract
 * (`fillOnQuote`), else at the mid ∓ the modelled half-spread of `p` at `volFrac`.
 */
export function legFill(p: HalfSpreadParams, fraction: number, mid: number, volFrac: number, side: Side, listed: ListedQuote | null): number {
  return listed === null ? fillPrice(mid, halfSpread(p, mid, volFrac), side, fraction) : fillOnQuote(listed, side, fraction);
}
