/**
 * Step 7 of the day: each hedge layer opens, rolls or rebalances toward its target
 * (dollars of exposure in the policy's basis) through the execution of its instrument
 * kind (engine/execution.ts), and says what it did and why.
 */
import type { IsoDate } from '../core/time.js';
import { vixOption, type VixOption } from '../portfolio/instruments.js';
import { black76Delta, black76Price } from '../pricing/black76.js';
import { vixOptionYears } from '../pricing/vixOptionVol.js';
import { VARIANCE_NOTIONAL_PER_UNIT, varianceSwapExposureUsd, varianceStrikeOfVix } from '../pricing/varianceSwap.js';
import { daysBetween } from '../core/time.js';
import {
  legExposure,
  isBudgetBasis,
  needsRebalance,
  needsRoll,
  rebalanceLayer,
  selectCalendarExpiries,
  selectExpiry,
  selectStrikeByDelta,
  strikesOnGrid,
  unitsForTarget,
  type ExposureBasis,
  type LayerDef,
  type LayerName,
  type RebalanceRule,
  type StrikeGrid,
} from '../hedge/index.js';
import { spendHeadroomUsd, type PolicyBook } from './book.js';
import { closeSwap, openSwap, tradeEtp, tradeVixStructure, type AltDay, type ExecutionDay } from './execution.js';
import { describeAlt, describeHolding, type AltHolding, type LayerAction, type LayerHolding } from './types.js';
import { swapUnitMidUsd, type VixOptionValue } from './valuation.js';

/** One layer's order of the day: its target and the rules it trades under. */
export interface LayerOrder {
  readonly layer: LayerName;
  readonly def: LayerDef;
  /** Target exposure in the basis, dollars. */
  readonly targetUsd: number;
  readonly rule: RebalanceRule;
  /** The VIX expiries listed today (for a fresh selection). */
  readonly listedExpiries: () => readonly IsoDate[];
}

/** Value of a VIX option structure at the model mid, dollars. */
export function holdingValue(h: LayerHolding | null, q: (o: VixOption) => VixOptionValue): number {
  if (h === null) return 0;
  let v = 0;
  for (const leg of h.legs) v += h.units * leg.perUnit * q(leg.instrument).mid * leg.instrument.multiplier;
  return v;
}

/**
 * A structure's exposure in the basis for `units` units, from the legs that carry it: all
 * of them, except in a spread (a calendar), where only the long leg counts. A calendar's net delta notional is a small difference of
 * two large numbers that changes sign with the curve's slope; sizing on it buys thousands
 * of calendars one day and sells them the next. The long leg is the convexity bought, and
 * the short leg only finances it (the `faceNotional` basis already counts long legs only).
 */
function structureExposure(h: LayerHolding, units: number, basis: ExposureBasis, q: (o: VixOption) => VixOptionValue): number {
  let spread = false;
  for (const leg of h.legs) if (leg.perUnit < 0) spread = true;
  // The same sum as exposureUsd over the legs (hedge/exposure.ts), without building them.
  let sum = 0;
  for (let i = 0; i < h.legs.length; i++) {
    const leg = h.legs[i] as LayerHolding['legs'][number];
    if (spread && !(leg.perUnit > 0)) continue;
    const lq = q(leg.instrument);
    sum += legExposure(units * leg.perUnit, leg.instrument.multiplier, lq.delta, lq.forward, lq.mid, basis, i);
  }
  return sum;
}

export function holdingExposure(h: LayerHolding, basis: ExposureBasis, q: (o: VixOption) => VixOptionValue): number {
  return structureExposure(h, h.units, basis, q);
}

/** Value of an alternative holding at today's close, dollars. */
export function altValue(h: AltHolding | null, model: ExecutionDay['model'], a: AltDay): number {
  if (h === null) return 0;
  return h.kind === 'etp' ? h.units * a.etpLevel : h.units * swapUnitMidUsd(model, h);
}

/**
 * Exposure per unit in the policy basis. ETP: its market value (VIX-futures beta 1; the
 * same in every basis). Variance swap: its vega notional (per vol point, fixed at the
 * trade) × the strike in vol points, 2 · K_var · N_var (pricing/varianceSwap.ts), the same
 * in every basis (the swap costs nothing to enter). It is a contract term, not the
 * decaying remaining vega, so a swap is re-sized only when the target moves off its band.
 */
export function altExposurePerUnit(h: AltHolding, a: AltDay): number {
  if (h.kind === 'etp') return a.etpLevel;
  return VARIANCE_NOTIONAL_PER_UNIT * varianceSwapExposureUsd(1, h.instrument.strikeVar, 1);
}

/** The strike on one expiry whose Black-76 call |delta| is nearest the target, scanning up from 0.8·F (see below). */
function strikeByDelta(x: ExecutionDay, def: LayerDef, grid: StrikeGrid, expiry: IsoDate, f: number): ReturnType<typeof selectStrikeByDelta> {
  const m = x.model;
  // Strike search: Black-76 delta straight from the model (no leg objects, no cache entries).
  // The model's upward VIX call skew can make |delta| flat or even rising far out of the
  // money, and far enough out the modelled call price rises with the strike (the smile is
  // no longer arbitrage-free there). So we scan up from 0.8·F and stop at the first listed
  // strike whose |delta| falls to the target, or where the call price stops falling; the
  // hedge module's rule then picks the strike nearest the target among those scanned (on a
  // well-behaved smile: the crossing and the strike before it).
  const years = vixOptionYears(daysBetween(x.date, expiry));
  const deltaAtStrike = (_e: IsoDate, k: number): number => black76Delta('call', f, k, years, m.rateFrac, m.vixOptionVol(expiry, k));
  const base = { expiry, targetDelta: def.targetDelta, grid, deltaAtStrike, futureVixPts: f };
  const listed = strikesOnGrid(grid, 0.8 * f, 4 * f);
  const first = listed[0];
  if (first === undefined) return selectStrikeByDelta(base);
  let prevPrice = Number.POSITIVE_INFINITY;
  for (let j = 0; j < listed.length; j++) {
    const k = listed[j] as number;
    const vol = m.vixOptionVol(expiry, k);
    const price = black76Price('call', f, k, years, m.rateFrac, vol);
    if (j > 0 && price > prevPrice) return selectStrikeByDelta({ ...base, minStrikePts: first, maxStrikePts: listed[j - 1] as number });
    if (Math.abs(black76Delta('call', f, k, years, m.rateFrac, vol)) <= def.targetDelta) {
      return selectStrikeByDelta({ ...base, minStrikePts: listed[Math.max(0, j - 1)] as number, maxStrikePts: k });
    }
    prevPrice = price;
  }
  return selectStrikeByDelta({ ...base, minStrikePts: first, maxStrikePts: listed[listed.length - 1] as number });
}

/** Most selections a day keeps (a sweep's variants may ask for many more: those are searched, not kept). */
const KEPT_SELECTIONS_PER_DAY = 8;
const gridKeys = new WeakMap<StrikeGrid, string>();

/** What a selection depends on besides the day: the layer rule's fields and the strike grid. */
function selectionKey(def: LayerDef, grid: StrikeGrid): string {
  let g = gridKeys.get(grid);
  if (g === undefined) {
    g = JSON.stringify(grid);
    gridKeys.set(grid, g);
  }
  return `${def.instrument}|${def.expiryRule}|${def.targetDte}|${def.minDte}|${def.rollDte}|${def.targetDelta}|${g}`;
}

/** The day's selection for a layer rule: kept on the day (shared by the books, and the runs on a day tape), else searched. */
function layerInstrument(x: ExecutionDay, def: LayerDef, grid: StrikeGrid, listedExpiries: () => readonly IsoDate[]): LayerHolding | string {
  const kept = x.selections;
  if (kept === undefined) return selectLayerInstrument(x, def, grid, listedExpiries);
  const key = selectionKey(def, grid);
  let sel = kept.get(key);
  if (sel === undefined) {
    sel = selectLayerInstrument(x, def, grid, listedExpiries);
    if (kept.size < KEPT_SELECTIONS_PER_DAY) kept.set(key, sel);
  }
  return sel;
}

/** The instrument a layer would buy today (structure with units 1), or why none. */
function selectLayerInstrument(x: ExecutionDay, def: LayerDef, grid: StrikeGrid, listedExpiries: () => readonly IsoDate[]): LayerHolding | string {
  const expiries = listedExpiries();
  const m = x.model;
  if (def.instrument === 'vixCall') {
    const e = selectExpiry(def, x.date, expiries);
    if (e.status === 'none') return e.reason;
    const s = strikeByDelta(x, def, grid, e.expiry, m.vxFuture(e.expiry).price);
    if (s.status === 'none') return s.reason;
    return { units: 1, legs: [{ instrument: vixOption('call', s.strikePts, e.expiry), perUnit: 1 }] };
  }
  const c = selectCalendarExpiries(def, x.date, expiries);
  if (c.status === 'none') return c.reason;
  const s = strikeByDelta(x, def, grid, c.shortExpiry, m.vxFuture(c.shortExpiry).price);
  if (s.status === 'none') return s.reason;
  return {
    units: 1,
    legs: [
      { instrument: vixOption('call', s.strikePts, c.longExpiry), perUnit: 1 },
      { instrument: vixOption('call', s.strikePts, c.shortExpiry), perUnit: -1 },
    ],
  };
}

const withinBandText = new Map<number, string>();

/** "within the 20% band": the reason of most days' hold, formatted once per band. */
function withinBand(band: number): string {
  let text = withinBandText.get(band);
  if (text === undefined) {
    text = `within the ${(band * 100).toFixed(0)}% band`;
    withinBandText.set(band, text);
  }
  return text;
}

/** The earliest expiry among a structure's legs. */
function firstExpiry(h: LayerHolding): IsoDate | null {
  let e: IsoDate | null = null;
  for (const l of h.legs) if (e === null || l.instrument.expiry < e) e = l.instrument.expiry;
  return e;
}

/** Opens (or, after a roll's close, re-opens) a layer's structure toward the target. */
function openNew(b: PolicyBook, x: ExecutionDay, o: LayerOrder, verb: 'open' | 'roll'): LayerAction {
  const { layer, def, targetUsd } = o;
  const q = x.vixLeg;
  const basis = b.terms.basis;
  if (!(targetUsd > 0)) return { layer, action: verb === 'roll' ? 'close' : 'none', reason: verb === 'roll' ? 'rolled out, target is 0' : 'target is 0' };
  // Pre-check on the last selected instrument, repriced today: when the target is under
  // 30% of a contract of it, skip the strike search (a small account would redo it daily).
  // Budget bases size small fractions of a call (0.1 calls per condor) and skip it unless
  // sizing is whole (the notional bases keep it in both sizings, as their golden runs pin).
  const last = b.lastSelection[layer];
  if (last !== null && (b.whole || !isBudgetBasis(basis))) {
    const lastExpiry = firstExpiry(last);
    if (lastExpiry !== null && lastExpiry > x.date && !needsRoll(def, x.date, lastExpiry)) {
      const perLast = structureExposure(last, 1, basis, q);
      if (perLast > 0 && targetUsd < 0.3 * perLast) return { layer, action: 'none', reason: `target ${targetUsd.toFixed(0)} USD is under half a contract (${perLast.toFixed(0)} USD each)` };
    }
  }
  const sel = layerInstrument(x, def, b.terms.strikeGrid, o.listedExpiries);
  if (typeof sel === 'string') return { layer, action: 'none', reason: `no instrument: ${sel}` };
  b.lastSelection[layer] = sel;
  const per = structureExposure(sel, 1, basis, q);
  if (!(per > 0)) return { layer, action: 'none', reason: `the selected structure has no positive ${basis} exposure` };
  const units = unitsForTarget(targetUsd, per, b.whole);
  if (units === 0) return { layer, action: 'none', reason: `target ${targetUsd.toFixed(0)} USD is under half a contract (${per.toFixed(0)} USD each)` };
  const done = tradeVixStructure(b, x, layer, sel, units, spendHeadroomUsd(b, x.t));
  if (done === 0) return { layer, action: 'none', reason: 'spend cap reached' };
  b.holdings[layer] = { units: done, legs: sel.legs };
  return { layer, action: verb, reason: `${verb === 'roll' ? 'rolled into' : 'bought'} ${done} × ${describeHolding(sel)}` };
}

function closeHeld(b: PolicyBook, x: ExecutionDay, layer: LayerName, h: LayerHolding): void {
  tradeVixStructure(b, x, layer, h, -h.units, Number.POSITIVE_INFINITY);
  b.holdings[layer] = null;
}

/** Open / roll / rebalance of a layer holding VIX calls or a call calendar. */
export function manageOptionLayer(b: PolicyBook, x: ExecutionDay, o: LayerOrder): LayerAction {
  const { layer, def, targetUsd, rule } = o;
  const held = b.holdings[layer];
  if (!(rule.kind === 'band' || rule.rollToday)) return { layer, action: 'hold', reason: 'between rolls: held, not rebalanced' };
  if (held === null) return openNew(b, x, o, 'open');
  const minExpiry = firstExpiry(held);
  if ((minExpiry !== null && needsRoll(def, x.date, minExpiry)) || rule.kind === 'rollOnly') {
    closeHeld(b, x, layer, held);
    return openNew(b, x, o, 'roll');
  }
  const per = structureExposure(held, 1, b.terms.basis, x.vixLeg);
  if (!(per > 0)) {
    closeHeld(b, x, layer, held);
    return openNew(b, x, o, 'roll');
  }
  const band = rule.kind === 'band' ? rule.band : 0;
  const r = rebalanceLayer(held.units, per, targetUsd, band, b.whole);
  if (r.action === 'hold') {
    const offBand = Math.abs(held.units * per - targetUsd) > band * targetUsd;
    const why = r.reason !== 'within_band' ? 'no target, no position' : offBand ? `${held.units} is already the whole number of contracts nearest the target` : withinBand(band);
    return { layer, action: 'hold', reason: why };
  }
  const done = tradeVixStructure(b, x, layer, held, r.deltaContracts, spendHeadroomUsd(b, x.t));
  const units = held.units + done;
  b.holdings[layer] = units === 0 ? null : { units, legs: held.legs };
  return { layer, action: units === 0 ? 'close' : 'rebalance', reason: `${done > 0 ? 'bought' : 'sold'} ${Math.abs(done)} to ${units} × ${describeHolding(held)}` };
}

function manageEtpLayer(b: PolicyBook, x: ExecutionDay, a: AltDay, o: LayerOrder, band: number): LayerAction {
  const { layer } = o;
  const held = b.alt[layer];
  const units = held?.units ?? 0;
  const r = rebalanceLayer(units, a.etpLevel, o.targetUsd, band, b.whole);
  if (r.action === 'hold') return held === null ? { layer, action: 'none', reason: 'target is 0' } : { layer, action: 'hold', reason: withinBand(band) };
  const done = tradeEtp(b, x, a, layer, r.deltaContracts, spendHeadroomUsd(b, x.t));
  if (done === 0) return { layer, action: 'none', reason: 'spend cap reached' };
  const u = units + done;
  b.alt[layer] = u === 0 ? null : { kind: 'etp', units: u, instrument: a.etpInstrument };
  const action = held === null ? 'open' : u === 0 ? 'close' : 'rebalance';
  return { layer, action, reason: `${done > 0 ? 'bought' : 'sold'} ${Math.abs(done)} to ${u} × ${a.etpInstrument.symbol} (modelled 30-day VIX futures ETP at ${a.etpLevel.toFixed(2)})` };
}

function manageSwapLayer(b: PolicyBook, x: ExecutionDay, a: AltDay, o: LayerOrder, band: number): LayerAction {
  const { layer, def, targetUsd, rule } = o;
  const held = b.alt[layer];
  let verb: 'open' | 'roll' = 'open';
  if (held !== null && held.kind === 'varianceSwap') {
    const per = altExposurePerUnit(held, a);
    const off = !(per > 0) || rule.kind === 'rollOnly' || needsRoll(def, x.date, held.instrument.expiry) || needsRebalance(held.units * per, targetUsd, band);
    if (!off) return { layer, action: 'hold', reason: withinBand(band) };
    closeSwap(b, x, a, layer, held);
    verb = 'roll';
  }
  if (!(targetUsd > 0)) return { layer, action: verb === 'roll' ? 'close' : 'none', reason: verb === 'roll' ? 'closed, target is 0' : 'target is 0' };
  const kMid = varianceStrikeOfVix(a.vixFrac * 100);
  const units = unitsForTarget(targetUsd, VARIANCE_NOTIONAL_PER_UNIT * varianceSwapExposureUsd(1, kMid, 1), b.whole);
  if (units === 0) return { layer, action: 'none', reason: `target ${targetUsd.toFixed(0)} USD is under half a unit` };
  const n = openSwap(b, x, a, { layer, units, targetDte: def.targetDte, headroomUsd: spendHeadroomUsd(b, x.t) });
  if (n === 0) return { layer, action: 'none', reason: 'spend cap reached' };
  return { layer, action: verb, reason: `${verb === 'roll' ? 'rolled into' : 'bought'} ${n} × ${describeAlt(b.alt[layer])}` };
}

/** Open / roll / rebalance of a layer holding an ETP or a variance swap (the counterpart of manageOptionLayer). */
export function manageAltLayer(b: PolicyBook, x: ExecutionDay, a: AltDay, o: LayerOrder): LayerAction {
  const rule = o.rule;
  if (!(rule.kind === 'band' || rule.rollToday)) return { layer: o.layer, action: 'hold', reason: 'between rolls: held, not rebalanced' };
  const band = rule.kind === 'band' ? rule.band : 0;
  return o.def.instrument === 'vixFuturesEtp' ? manageEtpLayer(b, x, a, o, band) : manageSwapLayer(b, x, a, o, band);
}
