/**
 * Instrument selection rules of the hedge layers, pure functions of the listed expiries
 * (IsoDate strings) and the as-of date. Pricing is injected: strike selection takes a
 * `deltaAtStrike(expiry, strikePts)` function, so this module imports no model.
 *
 * DTE is in calendar days (as-of close to expiry date).
 * - `closestToTarget` (L1 default): the expiry nearest `targetDte` among those with
 *   DTE ≥ `minDte` (ties go to the later expiry: more time, same distance).
 * - `front` (L2 default, VXTH): the first expiry with DTE ≥ `minDte`.
 * - Calendar (L3 default): short leg = the `front` rule, long leg = the next listed
 *   expiry after it, both at the same strike.
 * - Roll ("time-shift"): a held expiry is rolled when its DTE < `rollDte`.
 * - VIX strikes lie on a piecewise grid (default: 1-point steps below 30, 2.5 from 30):
 *   each segment lists strikes from its `fromVixPts` at its step until the next segment.
 */
import { InputError } from '../core/errors.js';
import { daysBetween, type IsoDate } from '../core/time.js';
import type { LayerDef, StrikeGrid } from './policy.js';

export function dteDays(asOf: IsoDate, expiry: IsoDate): number {
  return daysBetween(asOf, expiry);
}

export type ExpirySelection =
  | { readonly status: 'selected'; readonly expiry: IsoDate; readonly dte: number }
  | { readonly status: 'none'; readonly reason: 'no_expiry_with_min_dte' };

function sortedUnique(expiries: readonly IsoDate[]): IsoDate[] {
  return [...new Set(expiries)].sort();
}

/** The expiry a layer buys on `asOf` under its rule. */
export function selectExpiry(layer: Pick<LayerDef, 'expiryRule' | 'targetDte' | 'minDte'>, asOf: IsoDate, expiries: readonly IsoDate[]): ExpirySelection {
  let best: { expiry: IsoDate; dte: number } | null = null;
  for (const e of sortedUnique(expiries)) {
    const dte = dteDays(asOf, e);
    if (dte < layer.minDte) continue;
    if (layer.expiryRule === 'front') return { status: 'selected', expiry: e, dte };
    if (best === null || Math.abs(dte - layer.targetDte) <= Math.abs(best.dte - layer.targetDte)) best = { expiry: e, dte };
    else break; // sorted: distances only grow from here
  }
  return best === null ? { status: 'none', reason: 'no_expiry_with_min_dte' } : { status: 'selected', ...best };
}

/** True when a held expiry must be rolled forward (its DTE fell below `rollDte`). */
export function needsRoll(layer: Pick<LayerDef, 'rollDte'>, asOf: IsoDate, heldExpiry: IsoDate): boolean {
  return dteDays(asOf, heldExpiry) < layer.rollDte;
}

export type CalendarSelection =
  | { readonly status: 'selected'; readonly shortExpiry: IsoDate; readonly longExpiry: IsoDate; readonly shortDte: number; readonly longDte: number }
  | { readonly status: 'none'; readonly reason: 'no_expiry_with_min_dte' | 'no_second_expiry' };

/** Calendar expiries: short the front month (DTE ≥ minDte), long the next listed expiry. */
export function selectCalendarExpiries(layer: Pick<LayerDef, 'minDte'>, asOf: IsoDate, expiries: readonly IsoDate[]): CalendarSelection {
  const sorted = sortedUnique(expiries);
  const i = sorted.findIndex((e) => dteDays(asOf, e) >= layer.minDte);
  const front = sorted[i];
  if (i < 0 || front === undefined) return { status: 'none', reason: 'no_expiry_with_min_dte' };
  const second = sorted[i + 1];
  if (second === undefined) return { status: 'none', reason: 'no_second_expiry' };
  return { status: 'selected', shortExpiry: front, longExpiry: second, shortDte: dteDays(asOf, front), longDte: dteDays(asOf, second) };
}

const GRID_EPS = 1e-9;

/**
 * Each segment's strikes by index k (strike k = from + k·step, rounded to 10 decimals to
 * drop binary noise), computed once per grid and extended on demand: the daily strike
 * search visits ~100 strikes per layer and roll, and formatting each one again was most
 * of its time. Grids are plain data built once per policy, so they key a weak map.
 */
const segmentStrikes = new WeakMap<StrikeGrid, number[][]>();

function segmentStrike(grid: StrikeGrid, s: number, k: number): number {
  let bySeg = segmentStrikes.get(grid);
  if (bySeg === undefined) {
    bySeg = grid.map(() => []);
    segmentStrikes.set(grid, bySeg);
  }
  const list = bySeg[s] as number[];
  const seg = grid[s] as StrikeGrid[number];
  while (list.length <= k) list.push(Number((seg.fromVixPts + list.length * seg.stepVixPts).toFixed(10)));
  return list[k] as number;
}

/** Calls `visit` with each listed strike of the grid within [minPts, maxPts], ascending (no allocation). */
export function forEachStrikeOnGrid(grid: StrikeGrid, minPts: number, maxPts: number, visit: (strikePts: number) => void): void {
  if (!(minPts >= 0) || !(maxPts >= minPts) || !Number.isFinite(maxPts)) throw new InputError('strikeRange', `must satisfy 0 <= min <= max, got [${minPts}, ${maxPts}]`);
  for (let s = 0; s < grid.length; s++) {
    const seg = grid[s];
    if (seg === undefined) continue;
    const end = grid[s + 1]?.fromVixPts ?? Number.POSITIVE_INFINITY;
    const firstK = Math.max(0, Math.ceil((minPts - seg.fromVixPts) / seg.stepVixPts - GRID_EPS));
    for (let k = firstK; ; k++) {
      const strike = segmentStrike(grid, s, k);
      if (strike >= end - GRID_EPS || strike > maxPts + GRID_EPS) break;
      if (strike > 0) visit(strike);
    }
  }
}

/** Listed strikes of the grid within [minPts, maxPts], ascending. */
export function strikesOnGrid(grid: StrikeGrid, minPts: number, maxPts: number): number[] {
  const out: number[] = [];
  forEachStrikeOnGrid(grid, minPts, maxPts, (k) => out.push(k));
  return out;
}

/** The listed strike nearest `pts` (ties go to the higher strike). */
export function snapToGrid(grid: StrikeGrid, pts: number): number {
  if (!(pts > 0) || !Number.isFinite(pts)) throw new InputError('strikePts', `must be a finite number > 0, got ${pts}`);
  const near = strikesOnGrid(grid, Math.max(0, pts - 100), pts + 100);
  let best = Number.NaN;
  for (const k of near) if (Number.isNaN(best) || Math.abs(k - pts) <= Math.abs(best - pts)) best = k;
  if (Number.isNaN(best)) throw new InputError('strikePts', `no listed strike near ${pts}`);
  return best;
}

export type StrikeSelection =
  | { readonly status: 'selected'; readonly strikePts: number; readonly delta: number }
  | { readonly status: 'none'; readonly reason: 'no_strike_in_range' };

export interface StrikeByDeltaArgs {
  readonly expiry: IsoDate;
  /** Target |delta|, e.g. 0.30. */
  readonly targetDelta: number;
  readonly grid: StrikeGrid;
  /** The option delta at a strike for this expiry (injected pricing, e.g. Black-76 on the same-expiry future). */
  readonly deltaAtStrike: (expiry: IsoDate, strikePts: number) => number;
  /** Same-expiry VIX future, points: the search runs over [0.5·F, 4·F] unless a range is given. */
  readonly futureVixPts: number;
  readonly minStrikePts?: number;
  readonly maxStrikePts?: number;
}

/** The listed strike whose |delta| is nearest the target (ties go to the higher, cheaper strike). */
export function selectStrikeByDelta(a: StrikeByDeltaArgs): StrikeSelection {
  if (!(a.futureVixPts > 0) || !Number.isFinite(a.futureVixPts)) throw new InputError('futureVixPts', `must be a finite number > 0, got ${a.futureVixPts}`);
  if (!(a.targetDelta > 0 && a.targetDelta < 1)) throw new InputError('targetDelta', `must be in (0, 1), got ${a.targetDelta}`);
  const lo = a.minStrikePts ?? 0.5 * a.futureVixPts;
  const hi = a.maxStrikePts ?? 4 * a.futureVixPts;
  let bestK = Number.NaN;
  let bestDelta = Number.NaN;
  let bestErr = Number.POSITIVE_INFINITY;
  forEachStrikeOnGrid(a.grid, lo, hi, (k) => {
    const d = a.deltaAtStrike(a.expiry, k);
    if (!Number.isFinite(d)) return;
    const err = Math.abs(Math.abs(d) - a.targetDelta);
    if (Number.isNaN(bestK) || err <= bestErr) {
      bestK = k;
      bestDelta = d;
      bestErr = err;
    }
  });
  return Number.isNaN(bestK) ? { status: 'none', reason: 'no_strike_in_range' } : { status: 'selected', strikePts: bestK, delta: bestDelta };
}

/**
 * What a layer buys on `asOf`, by instrument kind (the one place that branches on it):
 * - `vixCall`: one expiry by the layer's rule (strike: `selectStrikeByDelta`);
 * - `vixCallCalendar`: short front / long next expiry (strike: by delta on the short leg);
 * - `vixFuturesEtp`: no expiry (a daily-rolled VIX-futures ETP);
 * - `spxVarianceSwap`: a new swap of `targetDte` calendar days struck at VIX² (variance
 *   units: (vixPts/100)²), entered when none is held and rolled when its DTE < `rollDte`.
 */
export type LayerPlan =
  | { readonly instrument: 'vixCall'; readonly selection: ExpirySelection }
  | { readonly instrument: 'vixCallCalendar'; readonly selection: CalendarSelection }
  | { readonly instrument: 'vixFuturesEtp' }
  | { readonly instrument: 'spxVarianceSwap'; readonly tenorDays: number; readonly varianceStrike: number };

export function planLayer(layer: LayerDef, asOf: IsoDate, expiries: readonly IsoDate[], vixClosePts: number): LayerPlan {
  switch (layer.instrument) {
    case 'vixCall':
      return { instrument: 'vixCall', selection: selectExpiry(layer, asOf, expiries) };
    case 'vixCallCalendar':
      return { instrument: 'vixCallCalendar', selection: selectCalendarExpiries(layer, asOf, expiries) };
    case 'vixFuturesEtp':
      return { instrument: 'vixFuturesEtp' };
    case 'spxVarianceSwap': {
      if (!Number.isFinite(vixClosePts) || vixClosePts <= 0) throw new InputError('vixClosePts', `must be a finite number > 0, got ${vixClosePts}`);
      const v = vixClosePts / 100;
      return { instrument: 'spxVarianceSwap', tenorDays: layer.targetDte, varianceStrike: v * v };
    }
  }
}
