/**
 * Scenario analysis: the modelled P&L of a book (an SPX iron condor and VIX hedge
 * positions) on a grid of SPX moves × VIX levels, at a horizon (today, the condor's
 * expiry, or N calendar days ahead). Pure: the market comes in as a day model.
 *
 * P&L is measured against today's modelled mark of the same book, so the unchanged
 * scenario (no SPX move, VIX unchanged) at horizon `today` is exactly zero. For the
 * condor, today's mark is about minus the mid credit, so the P&L at expiry is the
 * settlement plus that credit.
 *
 * How each instrument is repriced in a scenario (spot S → S', VIX → V', h days ahead):
 * - SPX options: BSM with spot S', the remaining calendar time (days − h)/365, the day's
 *   rate and dividend yield, and the day model's smile read at the same moneyness
 *   (strike K·S/S', sticky moneyness) scaled by V'/V: the whole smile moves with the VIX
 *   level (the day model has no hook for a different VIX). At or past expiry: intrinsic
 *   value at S' (PM settlement at the close).
 * - VIX futures: today's settle F of the expiry moves with spot VIX and rolls toward it
 *   as time passes: F' = w·F·(V'/V)^β + (1 − w)·V', with w = remaining days / days to
 *   expiry today and β the futures elasticity (default 1: the future moves in
 *   proportion to spot VIX, an upper bound for long tenors, whose futures move less).
 *   At or past expiry the future settles at V' (the SOQ taken as spot VIX).
 * - VIX options: Black-76 on F' with today's VIX-option vol of the same expiry at the
 *   same moneyness (strike K·F/F'), years = max(days − 17.5 h, 0)/365 (the model's
 *   settle-at-the-open convention). At or past expiry: intrinsic value at V'.
 * - VIX-futures ETP (modelled shares of the 30-day VIX futures index): today's share
 *   price × the move of today's VX1/VX2 blend (pricing/vixEtp.ts weights), each contract
 *   moved as above. The daily re-weighting over the horizon is not replayed.
 * - SPX variance swap: accrued realized variance plus the scenario's SPX move as one more
 *   squared log return; over N > 0 days ahead the other trading days of the horizon
 *   accrue at the scenario's implied variance (the model's SPX variance × (V'/V)²), and the
 *   remaining life is marked at that implied variance, discounted at the day's rate.
 * Every price here is modelled, never a quote.
 */
import { InputError } from '../core/errors.js';
import { tradingDaysBetween } from '../core/calendar.js';
import { addDays, daysBetween, type IsoDate } from '../core/time.js';
import { vixEtpBlend } from '../pricing/vixEtp.js';
import { TRADING_DAYS_PER_YEAR } from '../pricing/varianceSwap.js';
import { intrinsicValue, spxOption, type OptionType, type VixFuture, type VixOption } from '../portfolio/instruments.js';
import { MULTIPLIER } from '../core/units.js';
import { spxOptionMid, spxYears, swapUnitValueUsd, vixOptionMidPts, type ValuationModel } from './valuation.js';

/** What the scenario needs of the market model of one day (the day model satisfies it). */
export interface ScenarioModel {
  readonly date: IsoDate;
  readonly spot: number;
  readonly rateFrac: number;
  readonly divFrac: number;
  spxVol(strike: number, years: number): number;
  vxFuture(expiry: IsoDate): { price: number; source: 'real' | 'model' };
  vixOptionVol(expiry: IsoDate, strike: number): number;
  /** Annualized SPX variance to `years` ahead (needed only for variance swaps). */
  spxVariance?(years: number): number;
}

/** Shares of the modelled 30-day VIX futures ETP (the backtest's VIX30D). */
export interface ScenarioEtp {
  readonly kind: 'etp';
  readonly symbol: string;
  /** An ETP does not expire. */
  readonly expiry: null;
  /** Today's modelled share price, dollars. */
  readonly levelUsd: number;
}

/** Units of an SPX variance swap ($VARIANCE_NOTIONAL_PER_UNIT of variance notional each) and what it has accrued. */
export interface ScenarioVarianceSwap {
  readonly kind: 'varianceSwap';
  readonly strikeVar: number;
  readonly expiry: IsoDate;
  /** Daily returns in the swap's life, and those observed so far. */
  readonly returns: number;
  readonly observed: number;
  readonly sumSqLogReturns: number;
}

export interface ScenarioCondorLeg {
  readonly type: OptionType;
  readonly strike: number;
  /** Signed contracts of the whole position: + long, − short. */
  readonly qty: number;
}

export interface ScenarioHedgePosition {
  /** Layer name (L1, L2, L3, or any label). */
  readonly layer: string;
  readonly instrument: VixOption | VixFuture | ScenarioEtp | ScenarioVarianceSwap;
  /** Signed contracts (ETP: shares; variance swap: units): + long, − short. */
  readonly qty: number;
}

export interface ScenarioBook {
  readonly condor: { readonly expiry: IsoDate; readonly legs: readonly ScenarioCondorLeg[] } | null;
  readonly hedge: readonly ScenarioHedgePosition[];
}

export type ScenarioHorizon = { readonly kind: 'today' } | { readonly kind: 'expiry' } | { readonly kind: 'days'; readonly days: number };

export interface ScenarioGrid {
  /** SPX moves as fractions of today's close (−0.10 = −10%). */
  readonly spxMovesFrac: readonly number[];
  /** VIX levels in points. */
  readonly vixLevelsPts: readonly number[];
}

export interface ScenarioOptions {
  /** β in F' = w·F·(V'/V)^β + (1 − w)·V' (default 1). */
  readonly futuresElasticity?: number;
}

export interface ScenarioResult {
  readonly date: IsoDate;
  readonly horizon: { readonly kind: ScenarioHorizon['kind']; readonly days: number; readonly date: IsoDate };
  readonly spot: number;
  readonly vixPts: number;
  readonly spxMovesFrac: readonly number[];
  readonly vixLevelsPts: readonly number[];
  /** Today's modelled mark of the condor and of the hedge, dollars. */
  readonly baseline: { readonly condorUsd: number; readonly hedgeUsd: number };
  /** P&L in dollars against today's mark, indexed [vix level][SPX move]. */
  readonly condorPnlUsd: number[][];
  readonly hedgePnlUsd: number[][];
  readonly totalPnlUsd: number[][];
  readonly hedgePnlByLayerUsd: Record<string, number[][]>;
  readonly notes: readonly string[];
}

export const DEFAULT_SPX_MOVES_FRAC: readonly number[] = Array.from({ length: 16 }, (_, i) => Math.round((i - 10) * 10) / 1000);
export const DEFAULT_VIX_LEVELS_PTS: readonly number[] = [12, 15, 20, 25, 30, 40, 60, 80];

interface State {
  readonly spot: number;
  readonly vixPts: number;
  readonly days: number;
}

function checkBook(book: ScenarioBook, date: IsoDate): void {
  if (book.condor !== null) {
    for (const [i, l] of book.condor.legs.entries()) {
      if (!(l.strike > 0) || !Number.isFinite(l.strike)) throw new InputError(`condor.legs[${i}].strike`, `must be a positive number, got ${String(l.strike)}`);
      if (!Number.isFinite(l.qty)) throw new InputError(`condor.legs[${i}].qty`, `must be a finite number, got ${String(l.qty)}`);
    }
    if (daysBetween(date, book.condor.expiry) < 0) throw new InputError('condor.expiry', `${book.condor.expiry} is before ${date}`);
  }
  for (const [i, p] of book.hedge.entries()) {
    if (!Number.isFinite(p.qty)) throw new InputError(`hedge[${i}].qty`, `must be a finite number, got ${String(p.qty)}`);
    const ins = p.instrument;
    if (ins.kind === 'etp') {
      if (!(ins.levelUsd > 0)) throw new InputError(`hedge[${i}].level`, `the ETP's share price must be positive, got ${String(ins.levelUsd)}`);
      continue;
    }
    if (daysBetween(date, ins.expiry) < 0) throw new InputError(`hedge[${i}].expiry`, `${ins.expiry} is before ${date}`);
  }
}

/**
 * The day model as a scenario state sees it (the engine's valuation then prices on it): spot
 * S', the smile read at the same moneyness and scaled by V'/V, each VIX future moved by
 * `futureAt`, the VIX-option vol at the same moneyness, h days later.
 */
function shockedModel(model: ScenarioModel, s: State, vixToday: number, beta: number): ValuationModel {
  const volScale = s.vixPts / vixToday;
  return {
    date: addDays(model.date, s.days),
    spot: s.spot,
    rateFrac: model.rateFrac,
    divFrac: model.divFrac,
    spxVol: (strike, years) => model.spxVol((strike * model.spot) / s.spot, years) * volScale,
    vxFuture: (expiry) => ({ price: futureAt(model, expiry, s, vixToday, beta), source: 'model' }),
    vixOptionVol: (expiry, strike) => model.vixOptionVol(expiry, (strike * model.vxFuture(expiry).price) / futureAt(model, expiry, s, vixToday, beta)),
  };
}

function condorValueUsd(model: ScenarioModel, book: ScenarioBook, s: State, vixToday: number): number {
  const c = book.condor;
  if (c === null) return 0;
  const remaining = daysBetween(model.date, c.expiry) - s.days;
  const view = remaining <= 0 ? null : shockedModel(model, s, vixToday, 1);
  let v = 0;
  for (const leg of c.legs) {
    const px = view === null ? intrinsicValue(leg.type, leg.strike, s.spot) : spxOptionMid(view, spxOption(leg.type, leg.strike, c.expiry), spxYears(view.date, c.expiry, 'pm'));
    v += leg.qty * MULTIPLIER.spxOption * px;
  }
  return v;
}

function futureAt(model: ScenarioModel, expiry: IsoDate, s: State, vixToday: number, beta: number): number {
  const total = daysBetween(model.date, expiry);
  const remaining = total - s.days;
  if (remaining <= 0 || total <= 0) return s.vixPts;
  const f = model.vxFuture(expiry).price;
  const w = remaining / total;
  return w * f * (s.vixPts / vixToday) ** beta + (1 - w) * s.vixPts;
}

function etpValueUsd(model: ScenarioModel, ins: ScenarioEtp, qty: number, s: State, vixToday: number, beta: number): number {
  const b = vixEtpBlend(model.date);
  const today = b.frontWeight * model.vxFuture(b.frontExpiry).price + (1 - b.frontWeight) * model.vxFuture(b.secondExpiry).price;
  const then = b.frontWeight * futureAt(model, b.frontExpiry, s, vixToday, beta) + (1 - b.frontWeight) * futureAt(model, b.secondExpiry, s, vixToday, beta);
  return qty * ins.levelUsd * (then / today);
}

function varianceSwapValueUsd(model: ScenarioModel, ins: ScenarioVarianceSwap, qty: number, s: State, vixToday: number): number {
  if (model.spxVariance === undefined) throw new InputError('model', 'valuing a variance swap needs the model\'s SPX variance');
  const spxVariance = model.spxVariance.bind(model);
  const remainingDays = daysBetween(model.date, ins.expiry) - s.days;
  const varScale = (s.vixPts / vixToday) ** 2;
  const move = Math.log(s.spot / model.spot);
  let observed = ins.observed;
  let sumSq = ins.sumSqLogReturns + move * move;
  if (s.days > 0) {
    // The horizon's trading days: one carries the scenario move, the others the scenario's implied variance.
    const passing = Math.min(ins.returns - ins.observed, tradingDaysBetween(model.date, addDays(model.date, s.days)));
    if (passing > 1) sumSq += ((passing - 1) * spxVariance(s.days / 365) * varScale) / TRADING_DAYS_PER_YEAR;
    observed += Math.max(passing, 0);
  }
  if (remainingDays <= 0) observed = ins.returns;
  const view = shockedModel(model, s, vixToday, 1);
  const swap = { kind: 'varianceSwap', instrument: ins, returns: ins.returns, observed: ins.observed, sumSqLogReturns: ins.sumSqLogReturns } as const;
  return qty * swapUnitValueUsd(view, swap, remainingDays > 0 ? spxVariance(remainingDays / 365) * varScale : 0, sumSq, Math.min(observed, ins.returns));
}

function hedgePositionValueUsd(model: ScenarioModel, p: ScenarioHedgePosition, s: State, vixToday: number, beta: number): number {
  const ins = p.instrument;
  if (ins.kind === 'etp') return etpValueUsd(model, ins, p.qty, s, vixToday, beta);
  if (ins.kind === 'varianceSwap') return varianceSwapValueUsd(model, ins, p.qty, s, vixToday);
  const remaining = daysBetween(model.date, ins.expiry) - s.days;
  let px: number;
  if (ins.kind === 'vixFuture') px = remaining <= 0 ? s.vixPts : futureAt(model, ins.expiry, s, vixToday, beta);
  else if (remaining <= 0) px = intrinsicValue(ins.type, ins.strike, s.vixPts);
  else px = vixOptionMidPts(shockedModel(model, s, vixToday, beta), ins);
  return p.qty * ins.multiplier * px;
}

/** Calendar days from the model's date to the horizon. */
export function horizonDays(model: { readonly date: IsoDate }, book: ScenarioBook, horizon: ScenarioHorizon): number {
  switch (horizon.kind) {
    case 'today':
      return 0;
    case 'expiry':
      if (book.condor === null) throw new InputError('horizon', 'the book has no condor, so it has no expiry; use today or Nd');
      return daysBetween(model.date, book.condor.expiry);
    case 'days':
      if (!Number.isSafeInteger(horizon.days) || horizon.days < 0 || horizon.days > 3650) {
        throw new InputError('horizon', `must be a whole number of days in 0..3650, got ${String(horizon.days)}`);
      }
      return horizon.days;
  }
}

/**
 * The P&L matrices of `book` over `grid` at `horizon`, against today's modelled mark.
 * `vixPts` is today's VIX close (the level the grid's VIX levels are compared with).
 */
export function runScenario(model: ScenarioModel, vixPts: number, book: ScenarioBook, grid: ScenarioGrid, horizon: ScenarioHorizon, options: ScenarioOptions = {}): ScenarioResult {
  if (!(vixPts > 0) || !Number.isFinite(vixPts)) throw new InputError('vix', `today's VIX must be a positive number, got ${String(vixPts)}`);
  if (!(model.spot > 0)) throw new InputError('spot', `today's SPX close must be positive, got ${String(model.spot)}`);
  if (grid.spxMovesFrac.length === 0) throw new InputError('spx-moves', 'must list at least one move');
  if (grid.vixLevelsPts.length === 0) throw new InputError('vix', 'must list at least one level');
  for (const m of grid.spxMovesFrac) if (!Number.isFinite(m) || m <= -1) throw new InputError('spx-moves', `each move must be a fraction above −100%, got ${String(m)}`);
  for (const v of grid.vixLevelsPts) if (!Number.isFinite(v) || v <= 0) throw new InputError('vix', `each level must be a positive number of points, got ${String(v)}`);
  const beta = options.futuresElasticity ?? 1;
  if (!Number.isFinite(beta) || beta < 0) throw new InputError('futuresElasticity', `must be a number >= 0, got ${String(beta)}`);
  checkBook(book, model.date);
  const days = horizonDays(model, book, horizon);

  const base: State = { spot: model.spot, vixPts, days: 0 };
  const baseCondor = condorValueUsd(model, book, base, vixPts);
  const baseLayer = new Map<string, number>();
  for (const p of book.hedge) baseLayer.set(p.layer, (baseLayer.get(p.layer) ?? 0) + hedgePositionValueUsd(model, p, base, vixPts, beta));
  let baseHedge = 0;
  for (const v of baseLayer.values()) baseHedge += v;

  const condorPnl: number[][] = [];
  const hedgePnl: number[][] = [];
  const totalPnl: number[][] = [];
  const byLayer: Record<string, number[][]> = {};
  for (const name of baseLayer.keys()) byLayer[name] = [];
  for (const v of grid.vixLevelsPts) {
    const cRow: number[] = [];
    const hRow: number[] = [];
    const tRow: number[] = [];
    const layerRows = new Map<string, number[]>();
    for (const name of baseLayer.keys()) layerRows.set(name, []);
    for (const m of grid.spxMovesFrac) {
      const s: State = { spot: model.spot * (1 + m), vixPts: v, days };
      const c = condorValueUsd(model, book, s, vixPts) - baseCondor;
      const layerNow = new Map<string, number>();
      for (const p of book.hedge) layerNow.set(p.layer, (layerNow.get(p.layer) ?? 0) + hedgePositionValueUsd(model, p, s, vixPts, beta));
      let h = 0;
      for (const [name, value] of layerNow) {
        const pnl = value - (baseLayer.get(name) ?? 0);
        layerRows.get(name)?.push(pnl);
        h += pnl;
      }
      cRow.push(c);
      hRow.push(h);
      tRow.push(c + h);
    }
    condorPnl.push(cRow);
    hedgePnl.push(hRow);
    totalPnl.push(tRow);
    for (const [name, row] of layerRows) byLayer[name]?.push(row);
  }
  return {
    date: model.date,
    horizon: { kind: horizon.kind, days, date: addDays(model.date, days) },
    spot: model.spot,
    vixPts,
    spxMovesFrac: [...grid.spxMovesFrac],
    vixLevelsPts: [...grid.vixLevelsPts],
    baseline: { condorUsd: baseCondor, hedgeUsd: baseHedge },
    condorPnlUsd: condorPnl,
    hedgePnlUsd: hedgePnl,
    totalPnlUsd: totalPnl,
    hedgePnlByLayerUsd: byLayer,
    notes: [
      'Modelled prices: SPX options by BSM on the model smile scaled by VIX level / VIX today; VIX options by Black-76 on the modelled same-expiry future.',
      `VIX futures follow spot VIX: F' = w·F·(VIX'/VIX)^${beta} + (1 − w)·VIX', w = remaining / total days to the future's expiry.`,
      "P&L is against today's modelled mark of the same positions (no costs).",
      ...(book.hedge.some((p) => p.instrument.kind === 'etp')
        ? ["The VIX-futures ETP moves with today's VX1/VX2 blend of its index (modelled; VXX and VIXY track the same index); the daily re-weighting over the horizon is not replayed."]
        : []),
      ...(book.hedge.some((p) => p.instrument.kind === 'varianceSwap')
        ? ["Variance swaps: accrued variance plus the scenario's SPX move as one squared log return; the other days of the horizon and the remaining life at the model's SPX variance × (VIX'/VIX)² (modelled, OTC)."]
        : []),
    ],
  };
}
