/**
 * The equal-cost comparison (DESIGN §1.2: "comparisons are also shown at equal net hedge
 * cost"): for an adaptive policy (hedge/presets.ts `isAdaptive`: alvh and its presets, vxth),
 * the static hedge (one layer, no signals, on the same basis, layer and cost rules) whose net
 * hedge cost per year (the engine's `hedgeNetCostPerYear`: purchases + fees − sales −
 * settlements, dollars a year) matches the adaptive policy's within a tolerance, found by
 * bracketing on a grid of static fractions (doubled past its top while every static costs
 * less) and then regula falsi (Illinois) over full backtests. Placed side by side: crisis payoff
 * (the hedge's P&L summed over the crisis windows), the full-history result, and crisis
 * payoff per dollar of net hedge cost. The grid's statics are the efficient-frontier line.
 * Pure: the caller passes the data.
 */
import { computeMetrics } from '../backtest/metrics.js';
import type { MarketSeries, PolicyRun } from '../backtest/types.js';
import type { IsoDate } from '../core/time.js';
import { InputError } from '../core/errors.js';
import { isBudgetBasis, MAX_BUDGET_TARGET, parsePolicy, type ExposureBasis, type HedgePolicy, type Static10Policy, type VxthPolicy } from '../hedge/policy.js';
import { isAdaptive, type AdaptivePolicy } from '../hedge/presets.js';
import type { MarketData } from '../market/types.js';
import { runPolicies, type ResearchSettings } from './engine.js';
import { metricRow } from './sweep.js';
import { dailySeriesOf } from './series.js';

/** One policy's outcome on the measures of the comparison (dollars unless a fraction is named). */
export interface CostRow {
  /** Net hedge cost per calendar year, dollars (the engine's hedgeNetCostPerYear). */
  readonly netHedgeCostPerYear: number | null;
  /** Net hedge cost over the run, dollars (per year × years). */
  readonly netHedgeCost: number | null;
  /** Hedge P&L (L1+L2+L3) summed over the crisis windows, dollars. */
  readonly crisisHedgePnl: number;
  /**
   * The hedge's daily P&L over the prior close's equity, summed over the crisis-window days
   * (a fraction of equity): every window weighs the same whatever the equity was then.
   */
  readonly crisisHedgeReturn: number;
  /** crisisHedgePnl / netHedgeCost; null when the hedge cost nothing net. */
  readonly crisisPayoffPerCostUsd: number | null;
  readonly cagr: number | null;
  readonly sharpe: number | null;
  /** Largest drawdown of the whole run (positive fraction). */
  readonly maxDrawdown: number;
  readonly finalEquity: number;
  /** Largest drawdown inside a crisis window (positive fraction). */
  readonly worstCrisisDrawdown: number;
}

export interface StaticPoint extends CostRow {
  /** The static hedge's target number on the basis (fraction of notional, or budget). */
  readonly targetFraction: number;
}

export interface EqualCostEntry {
  readonly name: string;
  /** The first and last trading day of the runs. */
  readonly from: IsoDate;
  readonly to: IsoDate;
  readonly basis: ExposureBasis;
  readonly adaptive: CostRow;
  /** The cost-matched static, or null when no static fraction in range reaches the cost (see `note`). */
  readonly matched: (StaticPoint & { readonly costGapFrac: number; readonly backtests: number }) | null;
  /** The grid of static fractions (the frontier line), ascending. */
  readonly statics: readonly StaticPoint[];
  readonly note: string | null;
}

export interface EqualCostOptions {
  /** Relative tolerance on the net cost (0.01 = within 1%). */
  readonly tolerance?: number;
  /** Static fractions run first, to bracket the cost and draw the frontier. */
  readonly grid?: readonly number[];
  /** Backtests of the search after the grid. */
  readonly maxIterations?: number;
  /** Doublings of the grid's top at most while every static costs less than the policy (default 6). */
  readonly maxExtensions?: number;
}

export const DEFAULT_STATIC_GRID: readonly number[] = [0, 0.05, 0.1, 0.15, 0.2, 0.3];
/** Doublings of the grid's top fraction at most, when every static of the grid costs less than the policy. */
const DEFAULT_MAX_EXTENSIONS = 6;

/** A CostRow from one run. */
export function costRow(dates: readonly IsoDate[], run: PolicyRun, market: MarketSeries): CostRow {
  const m = computeMetrics(dates, run, market);
  const r = metricRow(dates, run, market);
  const net = m.hedgeNetCostPerYear === null ? null : m.hedgeNetCostPerYear * m.years;
  const daily = dailySeriesOf(dates, run, market);
  let crisisHedgeReturn = 0;
  for (let t = 0; t < daily.hedgeRet.length; t++) if (daily.crisis[t] === 1) crisisHedgeReturn += daily.hedgeRet[t] ?? 0;
  return {
    netHedgeCostPerYear: m.hedgeNetCostPerYear,
    netHedgeCost: net,
    crisisHedgePnl: r.crisisHedgePnl ?? 0,
    crisisHedgeReturn,
    crisisPayoffPerCostUsd: net !== null && net > 0 ? (r.crisisHedgePnl ?? 0) / net : null,
    cagr: m.cagr,
    sharpe: m.sharpe,
    maxDrawdown: m.maxDrawdown,
    finalEquity: m.finalEquity,
    worstCrisisDrawdown: r.worstCrisisDrawdown ?? 0,
  };
}

/**
 * The static counterpart of an adaptive policy: one layer at a constant `targetFraction`.
 * ALVH: a static10 policy holding its L1 layer, on its basis, with its rebalance band,
 * strike grid, cost of capital, spend cap and credit window. vxth: the same policy with
 * every tier at one weight (its front-month calls bought and held the same way, the VIX
 * future no longer choosing the size; a static10 rebalancing those calls toward a constant
 * premium would buy up calls worth next to nothing on the eve of expiry).
 */
export function staticCounterpart(p: AdaptivePolicy, targetFraction: number): Static10Policy | VxthPolicy {
  if (p.kind === 'vxth') {
    const v = parsePolicy({ ...p, tiers: [{ maxVixPts: 1000, weight: targetFraction }], aboveWeight: targetFraction });
    if (v.kind !== 'vxth') throw new InputError('policy', 'the static counterpart is not a vxth policy');
    return v;
  }
  const layer = p.layers.L1;
  const s = parsePolicy({
    kind: 'static10',
    basis: p.basis,
    rebalanceBand: p.rebalanceBand,
    strikeGrid: p.strikeGrid,
    costOfCapital: p.costOfCapital,
    spendCap: p.spendCap,
    ...(p.creditWindowDays === undefined ? {} : { creditWindowDays: p.creditWindowDays }),
    targetFraction,
    layer,
  });
  if (s.kind !== 'static10') throw new InputError('policy', 'the static counterpart is not a static10 policy');
  return s;
}

/** Within the relative tolerance of the target cost (absolute 1 dollar a year when the target is 0). */
function withinTolerance(cost: number, target: number, tolerance: number): boolean {
  return Math.abs(cost - target) <= Math.max(tolerance * Math.abs(target), target === 0 ? 1 : 0);
}

interface Probe {
  readonly x: number;
  readonly row: CostRow;
}

/**
 * Runs the adaptive policy and the static grid in one engine pass, brackets the adaptive
 * policy's net cost between two grid statics, and narrows the bracket by regula falsi
 * (Illinois variant) until a static's net cost is within the tolerance.
 */
export function equalCost(data: MarketData, settings: ResearchSettings, name: string, policy: HedgePolicy, opts: EqualCostOptions = {}): EqualCostEntry {
  if (!isAdaptive(policy)) throw new InputError('--policy', `"${name}" is a ${policy.kind} policy: the equal-cost comparison matches an adaptive (alvh or vxth) policy`);
  const tolerance = opts.tolerance ?? 0.01;
  const maxIterations = opts.maxIterations ?? 16;
  const maxExtensions = opts.maxExtensions ?? DEFAULT_MAX_EXTENSIONS;
  const cap = isBudgetBasis(policy.basis) ? MAX_BUDGET_TARGET : 1;
  const grid = [...new Set((opts.grid ?? DEFAULT_STATIC_GRID).filter((x) => x >= 0 && x <= cap))].sort((a, b) => a - b);
  const named = [{ name: '__adaptive', policy }, ...grid.map((x, k) => ({ name: `__static${k}`, policy: staticCounterpart(policy, x) }))];
  const first = runPolicies(data, settings, named);
  const rowOf = (r: typeof first, key: string): CostRow => {
    const run = r.runs[key];
    if (run === undefined) throw new InputError('equalcost', `the engine returned no run ${key}`);
    return costRow(r.dates, run, r.market);
  };
  const adaptive = rowOf(first, '__adaptive');
  const statics: StaticPoint[] = grid.map((x, k) => ({ targetFraction: x, ...rowOf(first, `__static${k}`) }));
  const target = adaptive.netHedgeCostPerYear;
  const base = { name, from: first.dates[0] as IsoDate, to: first.dates[first.dates.length - 1] as IsoDate, basis: policy.basis, adaptive, statics };
  if (target === null) return { ...base, matched: null, note: 'the run is too short to have a cost per year' };
  const probes: Probe[] = statics.map((s) => ({ x: s.targetFraction, row: s }));
  const cost = (p: Probe): number => p.row.netHedgeCostPerYear ?? Number.NaN;
  const hit = probes.find((p) => withinTolerance(cost(p), target, tolerance));
  const found = (p: Probe, backtests: number): EqualCostEntry => ({
    ...base,
    matched: { targetFraction: p.x, ...p.row, costGapFrac: target === 0 ? 0 : (cost(p) - target) / Math.abs(target), backtests },
    note: null,
  });
  if (hit !== undefined) return found(hit, 0);
  let backtests = 0;
  // Every static of the grid costs less: double the top fraction (up to the basis' cap) until one costs more.
  while (probes.every((p) => cost(p) < target) && backtests < maxExtensions) {
    const top = probes[probes.length - 1]?.x ?? 0;
    const x = Math.min(cap, top > 0 ? 2 * top : 0.05);
    if (!(x > top)) break;
    const r = runPolicies(data, settings, [{ name: '__probe', policy: staticCounterpart(policy, x) }]);
    backtests++;
    const p: Probe = { x, row: rowOf(r, '__probe') };
    probes.push(p);
    statics.push({ targetFraction: x, ...p.row });
    if (withinTolerance(cost(p), target, tolerance)) return found(p, backtests);
  }
  // The bracket: adjacent grid points whose costs straddle the target.
  let lo: Probe | undefined;
  let hi: Probe | undefined;
  for (let k = 1; k < probes.length; k++) {
    const a = probes[k - 1] as Probe;
    const b = probes[k] as Probe;
    if ((cost(a) - target) * (cost(b) - target) < 0) {
      lo = a;
      hi = b;
      break;
    }
  }
  if (lo === undefined || hi === undefined) {
    const range = probes.map((p) => cost(p)).filter(Number.isFinite);
    return { ...base, matched: null, note: `no static fraction in ${probes[0]?.x ?? 0}..${probes[probes.length - 1]?.x ?? 0} costs ${target.toFixed(0)} USD a year net (static costs span ${Math.min(...range).toFixed(0)}..${Math.max(...range).toFixed(0)}); widen the grid` };
  }
  let fLo = cost(lo) - target;
  let fHi = cost(hi) - target;
  let best: Probe = Math.abs(fLo) < Math.abs(fHi) ? lo : hi;
  const limit = backtests + maxIterations;
  while (backtests < limit) {
    const x = hi.x - (fHi * (hi.x - lo.x)) / (fHi - fLo);
    const r = runPolicies(data, settings, [{ name: '__probe', policy: staticCounterpart(policy, x) }]);
    backtests++;
    const p: Probe = { x, row: rowOf(r, '__probe') };
    const f = cost(p) - target;
    if (!Number.isFinite(f)) break;
    if (Math.abs(f) < Math.abs(cost(best) - target)) best = p;
    if (withinTolerance(cost(p), target, tolerance)) return found(p, backtests);
    // Illinois: the end kept again has its residual halved, so the bracket shrinks from both sides.
    if (f * fHi < 0) {
      lo = hi;
      fLo = fHi;
    } else fLo /= 2;
    hi = p;
    fHi = f;
  }
  return { ...found(best, backtests), note: `not within ${(tolerance * 100).toFixed(1)}% after ${backtests} backtests: the closest static is shown` };
}
