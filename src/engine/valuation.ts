/**
 * One valuation of every instrument the engine trades, on one day's market model: the
 * kernel's marks and fills, the daily ticket, the scenario grid and the dashboard all
 * price through here (modelled prices, never quotes, unless a real chain lists the contract).
 *
 * - SPX option: Black-Scholes-Merton on spot with the model smile's vol at (strike, years),
 *   the day's T-bill rate and dividend yield; years from the close to the settlement:
 *   PM (the expiry-day close) days/365, AM (the SET proxy at the expiry day's open, a
 *   session before its close) max(days − SESSION_DAYS, 0)/365.
 * - VIX option: Black-76 on the same-expiry VIX future with the model's VIX-option vol,
 *   years = vixOptionYears(days) (settled at the expiry morning's open).
 * - Condor (one unit): the signed sum of its four SPX legs, × 100 in dollars (≤ 0 for the seller).
 * - Variance swap (one unit): realized variance so far plus the implied remaining variance,
 *   discounted (pricing/varianceSwap.ts).
 * - ETP share: its modelled level (engine/etpLevel.ts), delta 1 to it.
 *
 * `quote` gives the mid, the delta to the instrument's underlying and the half-spread of the
 * slippage model; the `…Mid` functions are the same mids alone, for the kernel's hot path.
 */
import { InputError } from '../core/errors.js';
import { spxYears } from '../core/calendar.js';
import { daysBetween, type IsoDate } from '../core/time.js';
import { MULTIPLIER } from '../core/units.js';
import { black76Delta, black76Price } from '../pricing/black76.js';
import { bsmDelta, bsmPrice } from '../pricing/bsm.js';
import { vixOptionYears } from '../pricing/vixOptionVol.js';
import { VARIANCE_NOTIONAL_PER_UNIT, varianceSwapValuePerVarNotional } from '../pricing/varianceSwap.js';
import type { ListedQuote } from '../portfolio/costs.js';
import type { DayModel } from '../portfolio/marketModel.js';
import type { Etp, SpxOption, VarianceSwap, VixOption } from '../portfolio/instruments.js';
import type { SettlementStyle } from '../strategy/condor.js';
import type { SlippageModel } from './reality.js';

/** What the valuation reads of a day's market model (a DayModel, or a scenario's shocked view of one). */
export type ValuationModel = Pick<DayModel, 'date' | 'spot' | 'rateFrac' | 'divFrac' | 'spxVol' | 'vxFuture' | 'vixOptionVol' | 'listedQuote'> & {
  /** Annualized SPX variance to `years` ahead (variance swaps only). */
  spxVariance?(years: number): number;
};

/** One condor (one unit of each leg, the wings long, the shorts short) and its settlement. */
export interface CondorUnit {
  readonly kind: 'condor';
  /** Put wing, short put, short call, call wing (one expiry). */
  readonly legs: readonly SpxOption[];
  readonly settlement: SettlementStyle;
}

/** A variance swap with what it has accrued: daily returns in its life, observed so far, Σ squared log returns. */
export interface AccruedVarianceSwap {
  readonly kind: 'varianceSwap';
  readonly instrument: Pick<VarianceSwap, 'strikeVar' | 'expiry'>;
  readonly returns: number;
  readonly observed: number;
  readonly sumSqLogReturns: number;
}

/** An ETP share at its modelled level (dollars). */
export interface EtpShare {
  readonly kind: 'etp';
  readonly instrument: Etp;
  readonly levelUsd: number;
}

/** An SPX option with the settlement that fixes its time to expiry (a bare SpxOption is valued PM, at the close). */
export interface SettledSpxOption {
  readonly kind: 'settledSpxOption';
  readonly option: SpxOption;
  readonly settlement: SettlementStyle;
}

export type ValuedInstrument = SpxOption | SettledSpxOption | VixOption | CondorUnit | AccruedVarianceSwap | EtpShare;

/** The day's valuation context: the model, the VIX close (the SPX quote width's vol) and the quote width. */
export interface ValuationDay {
  readonly model: ValuationModel;
  readonly vixPts: number;
  readonly slippage: SlippageModel;
}

export interface Valuation {
  /** Mid of one unit in the instrument's price unit: index points per option (condor: dollars per condor; swap: dollars per unit; ETP: dollars per share). */
  readonly mid: number;
  /** d(mid)/d(underlying): SPX spot for SPX options and condors, the same-expiry VIX future for VIX options, the level for an ETP, NaN for a swap. */
  readonly delta: number;
  /** The underlying the delta is taken to (points), NaN for a swap. */
  readonly underlying: number;
  /** The model's implied vol of an option (fraction); a swap: its remaining implied vol; NaN otherwise. */
  readonly iv: number;
  /** The vol that sets the quote width: VIX/100 for SPX, the option's vol for VIX options, VIX/100 otherwise. */
  readonly volFrac: number;
  /** Half-spread of the slippage model (a listed quote's own where a chain lists the option); swap: in vol points of its strike. */
  readonly halfSpread: number;
  /** A real chain's quote of the option, or null. */
  readonly listed: ListedQuote | null;
}

/** Years from the close to an SPX settlement: one definition, in core/calendar.ts. */
export { spxYears };

/** Model mid of an SPX option at `years` to settlement (points). */
export function spxOptionMid(m: ValuationModel, o: SpxOption, years: number): number {
  return bsmPrice(o.type, m.spot, o.strike, years, m.rateFrac, m.divFrac, m.spxVol(o.strike, years));
}

/** Model mid of one condor at the close, dollars: Σ signed legs × BSM mid × 100 (≤ 0 for the seller). */
export function condorMidUsd(m: ValuationModel, c: Pick<CondorUnit, 'legs' | 'settlement'>): number {
  const [putWing, shortPut, shortCall, callWing] = c.legs;
  if (putWing === undefined || shortPut === undefined || shortCall === undefined || callWing === undefined) throw new InputError('condor.legs', `a condor has 4 legs, got ${c.legs.length}`);
  const years = spxYears(m.date, putWing.expiry, c.settlement);
  const p = (o: SpxOption): number => spxOptionMid(m, o, years);
  return -(p(shortPut) + p(shortCall) - p(putWing) - p(callWing)) * MULTIPLIER.spxOption;
}

/** The model's VIX option on the same-expiry future: mid and delta (points), the future, the vol, and a chain's quote where one lists it. */
export interface VixOptionValue {
  readonly mid: number;
  readonly delta: number;
  readonly forward: number;
  readonly vol: number;
  readonly listed: ListedQuote | null;
}

export function vixOptionValue(m: ValuationModel, o: VixOption): VixOptionValue {
  const forward = m.vxFuture(o.expiry).price;
  const vol = m.vixOptionVol(o.expiry, o.strike);
  const years = vixOptionYears(daysBetween(m.date, o.expiry));
  const listed = m.listedQuote?.('VIX', o.type, o.expiry, o.strike) ?? null;
  return { mid: black76Price(o.type, forward, o.strike, years, m.rateFrac, vol), delta: black76Delta(o.type, forward, o.strike, years, m.rateFrac, vol), forward, vol, listed };
}

/** Model mid of a VIX option alone (points). */
export function vixOptionMidPts(m: ValuationModel, o: VixOption): number {
  return black76Price(o.type, m.vxFuture(o.expiry).price, o.strike, vixOptionYears(daysBetween(m.date, o.expiry)), m.rateFrac, m.vixOptionVol(o.expiry, o.strike));
}

/** The model's annualized SPX variance from the close to `expiry` (0 at or past it): a new swap's fair strike. */
export function impliedVarianceTo(m: ValuationModel, expiry: IsoDate): number {
  const days = daysBetween(m.date, expiry);
  if (days <= 0) return 0;
  if (m.spxVariance === undefined) throw new InputError('model', "valuing a variance swap needs the model's SPX variance");
  return m.spxVariance(days / 365);
}

/** Implied variance of a swap's remaining life. */
export function swapRemainingVariance(m: ValuationModel, s: AccruedVarianceSwap): number {
  return impliedVarianceTo(m, s.instrument.expiry);
}

/**
 * Value of one swap unit, dollars, with the remaining implied variance given
 * (`impliedRemainingVar`) and discounted at the day's rate over the remaining days.
 */
export function swapUnitValueUsd(m: ValuationModel, s: AccruedVarianceSwap, impliedRemainingVar: number, sumSqLogReturns = s.sumSqLogReturns, observed = s.observed): number {
  const days = Math.max(0, daysBetween(m.date, s.instrument.expiry));
  return (
    VARIANCE_NOTIONAL_PER_UNIT *
    varianceSwapValuePerVarNotional({
      strikeVar: s.instrument.strikeVar,
      returns: s.returns,
      observed,
      sumSqLogReturns,
      impliedRemainingVar,
      discountFactor: Math.exp((-m.rateFrac * days) / 365),
    })
  );
}

/** Value of one swap unit at the close with the remaining implied vol moved by `volShiftPts` (a fill), dollars. */
export function swapUnitMidUsd(m: ValuationModel, s: AccruedVarianceSwap, volShiftPts = 0): number {
  const iv = Math.max(0, Math.sqrt(swapRemainingVariance(m, s)) + volShiftPts / 100);
  return swapUnitValueUsd(m, s, iv * iv);
}

/** The listed quote's half-spread, else the slippage model's at the model mid (NaN where the model gave no price). */
function listedOrModelHalf(day: ValuationDay, kind: 'spxOption' | 'vixOption', mid: number, volFrac: number, listed: ListedQuote | null, years: number): number {
  if (listed !== null) return (listed.ask - listed.bid) / 2;
  return Number.isFinite(mid) && mid >= 0 ? day.slippage.halfSpreadPts(kind, mid, volFrac, { years }) : Number.NaN;
}

function quoteSpx(day: ValuationDay, o: SpxOption, style: SettlementStyle): Valuation {
  const m = day.model;
  const years = spxYears(m.date, o.expiry, style);
  if (!(years > 0)) throw new InputError('expiry', `${o.expiry} is not after ${m.date}: the option has expired`);
  const vol = m.spxVol(o.strike, years);
  const listed = m.listedQuote?.('SPX', o.type, o.expiry, o.strike) ?? null;
  const mid = bsmPrice(o.type, m.spot, o.strike, years, m.rateFrac, m.divFrac, vol);
  const volFrac = day.vixPts / 100;
  return { mid, delta: bsmDelta(o.type, m.spot, o.strike, years, m.rateFrac, m.divFrac, vol), underlying: m.spot, iv: vol, volFrac, halfSpread: listedOrModelHalf(day, 'spxOption', listed?.mid ?? mid, volFrac, listed, years), listed };
}

function quoteCondorUnit(day: ValuationDay, c: CondorUnit): Valuation {
  const legs = c.legs.map((o) => quoteSpx(day, o, c.settlement));
  const sign = [1, -1, -1, 1] as const;
  let delta = 0;
  let half = 0;
  legs.forEach((q, k) => {
    delta += (sign[k] ?? 0) * q.delta * MULTIPLIER.spxOption;
    half += q.halfSpread * MULTIPLIER.spxOption;
  });
  return { mid: condorMidUsd(day.model, c), delta, underlying: day.model.spot, iv: Number.NaN, volFrac: day.vixPts / 100, halfSpread: half, listed: null };
}

/** Mid, delta and half-spread of one unit of any instrument the engine trades, on `day`. */
export function quote(instrument: ValuedInstrument, day: ValuationDay): Valuation {
  const m = day.model;
  switch (instrument.kind) {
    case 'spxOption':
      return quoteSpx(day, instrument, 'pm');
    case 'settledSpxOption':
      return quoteSpx(day, instrument.option, instrument.settlement);
    case 'vixOption': {
      if (!(daysBetween(m.date, instrument.expiry) > 0)) throw new InputError('expiry', `${instrument.expiry} is not after ${m.date}: the option has expired`);
      const v = vixOptionValue(m, instrument);
      return { mid: v.mid, delta: v.delta, underlying: v.forward, iv: v.vol, volFrac: v.vol, halfSpread: listedOrModelHalf(day, 'vixOption', v.listed?.mid ?? v.mid, v.vol, v.listed, vixOptionYears(daysBetween(m.date, instrument.expiry))), listed: v.listed };
    }
    case 'condor':
      return quoteCondorUnit(day, instrument);
    case 'varianceSwap': {
      const volPts = Math.sqrt(swapRemainingVariance(m, instrument)) * 100;
      return { mid: swapUnitMidUsd(m, instrument), delta: Number.NaN, underlying: Number.NaN, iv: volPts / 100, volFrac: day.vixPts / 100, halfSpread: day.slippage.halfSpreadPts('varianceSwap', volPts, day.vixPts / 100), listed: null };
    }
    case 'etp':
      return { mid: instrument.levelUsd, delta: 1, underlying: instrument.levelUsd, iv: Number.NaN, volFrac: day.vixPts / 100, halfSpread: day.slippage.halfSpreadPts('etp', instrument.levelUsd, day.vixPts / 100), listed: null };
  }
}
