/**
 * Execution: one way to trade each instrument kind toward a quantity, through the run's
 * reality models (fill, slippage, fees: engine/reality.ts), posting to the book's ledger
 * and trade list; and the settlements at expiry.
 *
 * - Condor (SPX options): opened at the strategy's quote fills; settled at the SPX open
 *   (AM, SET proxy) or close (PM); optionally bought back at the close (management).
 * - VIX option structures (a call, a calendar): `du` units of the structure, each leg on a
 *   real chain's bid/ask where one lists it, else at the model mid ∓ the fill's share of
 *   the modelled half-spread; settled at the SOQ proxy.
 * - ETP shares: at the modelled level ∓ the fill's share of its half-spread.
 * - Variance swap (OTC): struck at the VIX-family level plus the fill's share of the
 *   dealer's half-spread in vol points; unwound at its value with the remaining implied vol
 *   moved against us by the same share; settled on its realized variance.
 * A buy under a spend cap buys no more than the trailing headroom pays for.
 */
import { daysBetween, type IsoDate } from '../core/time.js';
import { MULTIPLIER } from '../core/units.js';
import type { DayModel } from '../portfolio/marketModel.js';
import { varianceSwap, type Etp, type SpxOption, type VixOption } from '../portfolio/instruments.js';
import { VARIANCE_NOTIONAL_PER_UNIT, varianceStrikeOfVix, varianceSwapTerms } from '../pricing/varianceSwap.js';
import type { LayerName } from '../hedge/index.js';
import type { CondorConfig, CondorQuote, SettlementStyle } from '../strategy/condor.js';
import type { PolicyBook } from './book.js';
import type { RealityModels } from './reality.js';
import type { AltHolding, LayerHolding, OpenCondor, SettlementRule } from './types.js';
import { spxOptionMid, spxYears, swapRemainingVariance, swapUnitMidUsd, type VixOptionValue } from './valuation.js';

/** The day's shared inputs of the alternative instruments. */
export interface AltDay {
  /** Modelled ETP share price at the close (after any split today). */
  readonly etpLevel: number;
  /** Reverse-split factor applied today (1 = none). */
  readonly etpSplit: number;
  readonly etpInstrument: Etp;
  readonly spxLogReturn: number;
  readonly vixFrac: number;
}

/** What every execution of a book on one day reads. */
export interface ExecutionDay {
  /** Day index in the run, and its date. */
  readonly t: number;
  readonly date: IsoDate;
  readonly model: DayModel;
  /** VIX close (points): the SPX quote width's vol. */
  readonly vixPts: number;
  readonly reality: RealityModels;
  /** The day's valuation of a VIX option (cached across the books). */
  readonly vixLeg: (o: VixOption) => VixOptionValue;
  /** The alternative instruments' inputs, when a policy trades them. */
  readonly alt: AltDay | null;
  /** The day's layer instrument selections, kept across books and runs (engine/hedgeLayers.ts). */
  readonly selections?: Map<string, LayerHolding | string>;
}

export type SwapHolding = Extract<AltHolding, { kind: 'varianceSwap' }>;

/** A settlement print: the index value and the rule that fixed it. */
export interface SettlementPrint {
  readonly value: number;
  readonly rule: SettlementRule;
}

/** `x` floored to whole units when `whole`, else unchanged (fractional sizing). */
export function wholeOr(whole: boolean, x: number): number {
  return whole ? Math.floor(x) : x;
}

/** The trade field of a fill on a real chain's quote (nothing for a modelled fill). */
function chainSource(real: boolean): { source?: 'chain' } {
  return real ? { source: 'chain' } : {};
}

/** Opens `contracts` condors at the quote's fills (the strategy priced them: strategy/condor.ts). */
export function openCondor(b: PolicyBook, x: ExecutionDay, q: CondorQuote, legs: readonly SpxOption[], contracts: number, settlement: SettlementStyle): void {
  const { t, date } = x;
  const fee = x.reality.fees.schedule('spxOption');
  let received = 0;
  for (let k = 0; k < legs.length; k++) {
    const leg = legs[k] as SpxOption;
    const qty = contracts * (k === 0 || k === 3 ? 1 : -1);
    const price = q.fills[k] as number;
    received += b.ledger.fill(t, 'condor', qty, price, leg.multiplier, fee);
    if (b.recordTrades) b.run.trades.push({ date, tag: 'condor', action: 'open', instrument: leg, qty, price, feesCents: x.reality.fees.feesCents('spxOption', qty), ...chainSource(q.sources?.[k] === 'chain') });
  }
  b.condors.push({ quote: q, contracts, legs, settlement });
  b.run.condorCredit[t] = (b.run.condorCredit[t] ?? 0) + Math.max(0, received / 100);
  b.run.condorContracts[t] = (b.run.condorContracts[t] ?? 0) + contracts;
}

function settles(c: OpenCondor, date: IsoDate, style: SettlementStyle): boolean {
  return c.quote.expiry <= date && c.settlement === style;
}

/** Settles the book's condors of settlement style `style` expiring on or before the day at the print (index points). */
export function settleCondors(b: PolicyBook, x: ExecutionDay, style: SettlementStyle, print: SettlementPrint): void {
  const { t, date } = x;
  let any = false;
  for (const c of b.condors) if (settles(c, date, style)) any = true;
  if (!any) return; // most calls (the AM pass of a PM condor): nothing to do, nothing built
  const { value: settle, rule } = print;
  const still: OpenCondor[] = [];
  for (const c of b.condors) {
    if (!settles(c, date, style)) {
      still.push(c);
      continue;
    }
    for (let k = 0; k < c.legs.length; k++) {
      const leg = c.legs[k] as SpxOption;
      const qty = c.contracts * (k === 0 || k === 3 ? 1 : -1);
      b.ledger.settle(t, 'condor', leg, qty, settle);
      const price = leg.type === 'call' ? Math.max(0, settle - leg.strike) : Math.max(0, leg.strike - settle);
      if (b.recordTrades) b.run.trades.push({ date, tag: 'condor', action: 'settle', instrument: leg, qty, price, feesCents: 0, settlement: rule });
    }
  }
  b.condors = still;
}

/** Settles a layer's VIX option legs expiring on or before the day at the SOQ proxy. */
export function settleVixLegs(b: PolicyBook, x: ExecutionDay, layer: LayerName, print: SettlementPrint): void {
  const { t, date } = x;
  const { value: soq, rule } = print;
  const h = b.holdings[layer];
  if (h === null) return;
  let expiring = false;
  for (const leg of h.legs) if (leg.instrument.expiry <= date) expiring = true;
  if (!expiring) return; // most days: nothing settles, nothing built
  const keep: { instrument: VixOption; perUnit: number }[] = [];
  for (const leg of h.legs) {
    if (leg.instrument.expiry <= date) {
      const qty = h.units * leg.perUnit;
      b.ledger.settle(t, layer, leg.instrument, qty, soq);
      if (b.recordTrades) b.run.trades.push({ date, tag: layer, action: 'settle', instrument: leg.instrument, qty, price: Math.max(0, soq - leg.instrument.strike), feesCents: 0, settlement: rule });
    } else keep.push(leg);
  }
  if (keep.length !== h.legs.length) b.holdings[layer] = keep.length === 0 || h.units === 0 ? null : { units: h.units, legs: keep };
}

/**
 * Trade management of N-DTE condors at the close (optional): a condor whose buy-back (mid ±
 * the fill's share of the half-spread, plus fees) leaves a profit of at least
 * profitTakeFrac × its credit, or a loss of at least stopLossMult × its credit, is bought back.
 */
export function manageCondors(b: PolicyBook, x: ExecutionDay, cfg: CondorConfig): void {
  const { t, date, model: m, reality } = x;
  const fee = reality.fees.schedule('spxOption');
  const still: OpenCondor[] = [];
  for (const c of b.condors) {
    if (c.quote.date === date || c.quote.expiry <= date) {
      still.push(c);
      continue;
    }
    const years = spxYears(date, c.quote.expiry, c.settlement);
    const sides = c.legs.map((leg, k) => (k === 0 || k === 3 ? -1 : 1));
    const listed = c.legs.map((leg) => m.listedQuote?.('SPX', leg.type, leg.expiry, leg.strike) ?? null);
    const px = c.legs.map((leg, k) => {
      const l = listed[k] ?? null;
      const mid = l?.mid ?? spxOptionMid(m, leg, years);
      const half = l === null ? reality.slippage.halfSpreadPts('spxOption', mid, x.vixPts / 100, { years }) : 0;
      return reality.fill.fillPts(mid, half, (sides[k] as number) > 0 ? 'buy' : 'sell', l);
    });
    let closeCostPerUnit = 0;
    px.forEach((p, k) => {
      closeCostPerUnit += (sides[k] as number) * p * MULTIPLIER.spxOption;
    });
    closeCostPerUnit += c.quote.feesPerContract;
    const pnlPerUnit = c.quote.creditPerContract - closeCostPerUnit;
    const credit = c.quote.creditPerContract;
    const take = cfg.profitTakeFrac !== null && pnlPerUnit >= cfg.profitTakeFrac * credit;
    const stop = cfg.stopLossMult !== null && -pnlPerUnit >= cfg.stopLossMult * credit;
    if (!take && !stop) {
      still.push(c);
      continue;
    }
    c.legs.forEach((leg, k) => {
      const qty = c.contracts * (sides[k] as number);
      const price = px[k] as number;
      b.ledger.fill(t, 'condor', qty, price, leg.multiplier, fee);
      if (b.recordTrades) b.run.trades.push({ date, tag: 'condor', action: 'close', instrument: leg, qty, price, feesCents: reality.fees.feesCents('spxOption', qty), ...chainSource(listed[k] !== null) });
    });
  }
  b.condors = still;
}

/** Trades `du` units of a VIX option structure; returns the units actually traded (fewer under a spend cap). */
export function tradeVixStructure(b: PolicyBook, x: ExecutionDay, layer: LayerName, h: LayerHolding, du: number, headroomUsd: number): number {
  if (du === 0) return 0;
  const { t, date, reality } = x;
  const fee = reality.fees.schedule('vixOption');
  const px = h.legs.map((leg) => {
    const lq = x.vixLeg(leg.instrument);
    const side = du * leg.perUnit > 0 ? 'buy' : 'sell';
    const mid = lq.listed?.mid ?? lq.mid;
    return reality.fill.fillPts(mid, lq.listed === null ? reality.slippage.halfSpreadPts('vixOption', mid, lq.vol) : 0, side, lq.listed);
  });
  if (du > 0 && Number.isFinite(headroomUsd)) {
    // Spend cap: buy no more units than the trailing headroom pays for.
    let perUnit = 0;
    h.legs.forEach((leg, k) => {
      perUnit += leg.perUnit * (px[k] as number) * leg.instrument.multiplier + Math.abs(leg.perUnit) * reality.fees.perUnitUsd('vixOption');
    });
    if (perUnit > 0) du = Math.min(du, Math.max(0, wholeOr(b.whole, headroomUsd / perUnit)));
    if (du === 0) return 0;
  }
  let premiumCents = 0;
  let feeCents = 0;
  h.legs.forEach((leg, k) => {
    const qty = du * leg.perUnit;
    const price = px[k] as number;
    const before = b.ledger.cashCents;
    const fc = reality.fees.feesCents('vixOption', qty);
    b.ledger.fill(t, layer, qty, price, leg.instrument.multiplier, fee);
    premiumCents += b.ledger.cashCents - before + fc;
    feeCents += fc;
    if (b.recordTrades) b.run.trades.push({ date, tag: layer, action: du > 0 ? 'open' : 'close', instrument: leg.instrument, qty, price, feesCents: fc, ...chainSource(x.vixLeg(leg.instrument).listed !== null) });
  });
  // Hedge spend: the net debit of increasing trades plus all hedge fees.
  b.run.hedgeSpend[t] = (b.run.hedgeSpend[t] ?? 0) + (du > 0 ? Math.max(0, -premiumCents) / 100 : 0) + feeCents / 100;
  return du;
}

/** Trades `du` ETP shares at the modelled level; returns the shares actually traded. */
export function tradeEtp(b: PolicyBook, x: ExecutionDay, a: AltDay, layer: LayerName, du: number, headroomUsd: number): number {
  if (du === 0) return 0;
  const { t, date, reality } = x;
  const fee = reality.fees.schedule('etp');
  const px = reality.fill.fillPts(a.etpLevel, reality.slippage.halfSpreadPts('etp', a.etpLevel, a.vixFrac), du > 0 ? 'buy' : 'sell', null);
  if (du > 0 && Number.isFinite(headroomUsd)) {
    du = Math.min(du, Math.max(0, wholeOr(b.whole, headroomUsd / (px + reality.fees.perUnitUsd('etp')))));
    if (du === 0) return 0;
  }
  const before = b.ledger.cashCents;
  const fc = reality.fees.feesCents('etp', du);
  b.ledger.fill(t, layer, du, px, 1, fee);
  const premiumCents = b.ledger.cashCents - before + fc;
  if (b.recordTrades) b.run.trades.push({ date, tag: layer, action: du > 0 ? 'open' : 'close', instrument: a.etpInstrument, qty: du, price: px, feesCents: fc });
  b.run.hedgeSpend[t] = (b.run.hedgeSpend[t] ?? 0) + (du > 0 ? Math.max(0, -premiumCents) / 100 : 0) + fc / 100;
  return du;
}

/** Unwinds a swap at its value with the remaining implied vol moved against us by the fill. */
export function closeSwap(b: PolicyBook, x: ExecutionDay, a: AltDay, layer: LayerName, h: SwapHolding): void {
  const { t, date, reality } = x;
  const volPts = Math.sqrt(swapRemainingVariance(x.model, h)) * 100;
  const shift = reality.fill.fraction * reality.slippage.halfSpreadPts('varianceSwap', volPts, a.vixFrac);
  const mid = swapUnitMidUsd(x.model, h);
  const per = swapUnitMidUsd(x.model, h, -shift);
  b.ledger.post(t, 'premium', layer, Math.round(h.units * per * 100) + 0);
  if (b.recordTrades) b.run.trades.push({ date, tag: layer, action: 'close', instrument: h.instrument, qty: -h.units, price: per, feesCents: 0 });
  b.run.hedgeSpend[t] = (b.run.hedgeSpend[t] ?? 0) + Math.max(0, h.units * (mid - per));
  b.alt[layer] = null;
}

/** An order to enter variance swap units on a layer: up to `units` of `targetDte` days, within the spend headroom. */
export interface SwapOrder {
  readonly layer: LayerName;
  readonly units: number;
  readonly targetDte: number;
  readonly headroomUsd: number;
}

/**
 * Enters a swap order struck at the VIX-family level plus the fill's share of the
 * half-spread; returns the units entered (0: none).
 */
export function openSwap(b: PolicyBook, x: ExecutionDay, a: AltDay, order: SwapOrder): number {
  const { t, date, reality } = x;
  const { layer, units, targetDte, headroomUsd } = order;
  const vixPts = a.vixFrac * 100;
  const kMid = varianceStrikeOfVix(vixPts);
  const terms = varianceSwapTerms(date, targetDte);
  const strikePts = vixPts + reality.fill.fraction * reality.slippage.halfSpreadPts('varianceSwap', vixPts, a.vixFrac);
  const kFill = varianceStrikeOfVix(strikePts);
  const costPerUnit = VARIANCE_NOTIONAL_PER_UNIT * (kFill - kMid) * Math.exp((-x.model.rateFrac * daysBetween(date, terms.expiry)) / 365);
  const n = costPerUnit > 0 && Number.isFinite(headroomUsd) ? Math.min(units, Math.max(0, wholeOr(b.whole, headroomUsd / costPerUnit))) : units;
  if (n === 0) return 0;
  const instrument = varianceSwap(kFill, date, terms.expiry);
  b.alt[layer] = { kind: 'varianceSwap', units: n, instrument, returns: terms.returns, observed: 0, sumSqLogReturns: 0 };
  if (b.recordTrades) b.run.trades.push({ date, tag: layer, action: 'open', instrument, qty: n, price: strikePts, feesCents: 0 });
  b.run.hedgeSpend[t] = (b.run.hedgeSpend[t] ?? 0) + n * costPerUnit;
  return n;
}

/** Daily bookkeeping of an alternative holding: an ETP reverse split; a swap's accrual and settlement. */
export function accrueAlt(b: PolicyBook, x: ExecutionDay, a: AltDay, layer: LayerName): void {
  const { t, date } = x;
  const h = b.alt[layer];
  if (h === null) return;
  if (h.kind === 'etp') {
    if (a.etpSplit === 1) return;
    // Whole new shares; the odd old shares are paid out at their value (cash in lieu).
    const keep = wholeOr(b.whole, h.units / a.etpSplit);
    const odd = h.units - keep * a.etpSplit;
    if (odd > 0) {
      const price = a.etpLevel / a.etpSplit;
      b.ledger.post(t, 'premium', layer, Math.round(odd * price * 100) + 0);
      if (b.recordTrades) b.run.trades.push({ date, tag: layer, action: 'close', instrument: h.instrument, qty: -odd, price, feesCents: 0 });
    }
    b.alt[layer] = keep === 0 ? null : { ...h, units: keep };
    return;
  }
  if (date <= h.instrument.tradeDate) return;
  h.observed = Math.min(h.returns, h.observed + 1);
  h.sumSqLogReturns += a.spxLogReturn * a.spxLogReturn;
  if (date >= h.instrument.expiry) {
    h.observed = h.returns;
    const per = swapUnitMidUsd(x.model, h);
    b.ledger.post(t, 'settlement', layer, Math.round(h.units * per * 100) + 0);
    if (b.recordTrades) b.run.trades.push({ date, tag: layer, action: 'settle', instrument: h.instrument, qty: h.units, price: per, feesCents: 0 });
    b.alt[layer] = null;
  }
}
