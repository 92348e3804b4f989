/**
 * Evaluating sweep variants: each variant's full-history run reduced to one row of metrics.
 * Variants that share a condor configuration run in one engine pass (they share the day
 * models and the condor schedule); a variant's row does not depend on which variants share
 * its pass. Pure: the caller passes the data.
 */
import { canonicalJson } from '../core/canonical.js';
import { computeMetrics } from '../backtest/metrics.js';
import { crisisScorecards } from '../backtest/crises.js';
import type { MarketSeries, PolicyRun } from '../backtest/types.js';
import type { IsoDate } from '../core/time.js';
import type { MarketData } from '../market/types.js';
import type { HedgePolicy } from '../hedge/policy.js';
import type { CondorConfig } from '../strategy/condor.js';
import { runPolicies, type ResearchSettings } from './engine.js';
import type { GridValue } from './grid.js';

/** The metric columns of a sweep row, in table order (fractions, or dollars where named Pnl/Cost/Equity). */
export const METRIC_COLUMNS = [
  'cagr', 'volatility', 'sharpe', 'sortino', 'maxDrawdown', 'calmar', 'cvar95', 'worstDay', 'finalEquity',
  'hedgeCostPerYear', 'hedgePnlPerYear', 'netHedgeCostPerYear', 'hedgeSpendOfCredit',
  'crisisCondorPnl', 'crisisHedgePnl', 'crisisNetPnl', 'worstCrisisDrawdown',
] as const;
export type MetricColumn = (typeof METRIC_COLUMNS)[number];
export type MetricRow = Record<MetricColumn, number | null>;

/** What a worker needs to run variants: plain data only (it crosses threads and the queue). */
export interface VariantTask {
  readonly key: string;
  readonly values: Readonly<Record<string, GridValue>>;
  readonly policy: HedgePolicy;
  readonly condor: CondorConfig;
}

export interface VariantResult {
  readonly key: string;
  readonly values: Readonly<Record<string, GridValue>>;
  readonly metrics: MetricRow;
}

/** The metric row of one run. */
export function metricRow(dates: readonly IsoDate[], run: PolicyRun, market: MarketSeries): MetricRow {
  const m = computeMetrics(dates, run, market);
  const crises = crisisScorecards(dates, run);
  let condor = 0, hedge = 0, net = 0, worst = 0;
  for (const c of crises) {
    condor += c.condorPnl;
    hedge += c.hedgePnl;
    net += c.netPnl;
    worst = Math.max(worst, c.maxDrawdown);
  }
  return {
    cagr: m.cagr,
    volatility: m.volatility,
    sharpe: m.sharpe,
    sortino: m.sortino,
    maxDrawdown: m.maxDrawdown,
    calmar: m.calmar,
    cvar95: m.cvar95,
    worstDay: m.worstDay,
    finalEquity: m.finalEquity,
    hedgeCostPerYear: m.hedgeCostPerYear,
    hedgePnlPerYear: m.hedgePnlPerYear,
    netHedgeCostPerYear: m.hedgePnlPerYear === null ? null : -m.hedgePnlPerYear,
    hedgeSpendOfCredit: m.hedgeSpendOfCredit,
    crisisCondorPnl: condor,
    crisisHedgePnl: hedge,
    crisisNetPnl: net,
    worstCrisisDrawdown: worst,
  };
}

/** Runs the tasks (grouped by condor configuration, one engine pass per group) and returns one result per task, in task order. */
export function evaluateVariants(data: MarketData, settings: Omit<ResearchSettings, 'condor'>, tasks: readonly VariantTask[]): VariantResult[] {
  const groups = new Map<string, VariantTask[]>();
  for (const t of tasks) {
    const k = canonicalJson(t.condor);
    const g = groups.get(k);
    if (g === undefined) groups.set(k, [t]);
    else g.push(t);
  }
  const byKey = new Map<string, VariantResult>();
  for (const group of groups.values()) {
    const first = group[0] as VariantTask;
    const r = runPolicies(data, { ...settings, condor: first.condor }, group.map((t) => ({ name: t.key, policy: t.policy })));
    for (const t of group) {
      const run = r.runs[t.key];
      if (run !== undefined) byKey.set(t.key, { key: t.key, values: t.values, metrics: metricRow(r.dates, run, r.market) });
    }
  }
  return tasks.map((t) => byKey.get(t.key) as VariantResult);
}
