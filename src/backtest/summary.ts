/**
 * The public JSON of `alvh backtest --json FILE` (DESIGN §6):
 * `{from, to, notional, policies: {NAME: {metrics, crises, equity: [[date, value], …]}}}`.
 */
import type { IsoDate } from '../core/time.js';
import { allCrisisScorecards, CRISIS_WINDOWS, type CrisisScorecard, type CrisisWindow } from './crises.js';
import { computeMetrics, tradeListHash, type Metrics } from './metrics.js';
import type { BacktestResult, ExposureBasis } from './types.js';

export interface PolicySummary {
  metrics: Metrics;
  crises: CrisisScorecard[];
  tradeListHash: string;
}

export interface BacktestJson {
  from: IsoDate;
  to: IsoDate;
  notional: number;
  basis: ExposureBasis;
  policies: Record<string, PolicySummary & { equity: [IsoDate, number][] }>;
}

export function summarize(r: BacktestResult, windows: readonly CrisisWindow[] = CRISIS_WINDOWS): Record<string, PolicySummary> {
  const crises = allCrisisScorecards(r, windows);
  const out: Record<string, PolicySummary> = {};
  for (const [name, run] of Object.entries(r.policies)) {
    out[name] = { metrics: computeMetrics(r.dates, run, r.market), crises: crises[name] ?? [], tradeListHash: tradeListHash(run.trades) };
  }
  return out;
}

/** Equity rounded to the cent in `[[date, value], …]` form. */
export function toBacktestJson(r: BacktestResult, windows: readonly CrisisWindow[] = CRISIS_WINDOWS): BacktestJson {
  const s = summarize(r, windows);
  const policies: BacktestJson['policies'] = {};
  for (const [name, run] of Object.entries(r.policies)) {
    const sum = s[name];
    if (sum === undefined) continue;
    const equity: [IsoDate, number][] = [];
    for (let i = 0; i < r.dates.length; i++) {
      const d = r.dates[i];
      if (d !== undefined) equity.push([d, Math.round((run.equity[i] ?? 0) * 100) / 100]);
    }
    policies[name] = { ...sum, equity };
  }
  return { from: r.from, to: r.to, notional: r.notional, basis: r.basis, policies };
}
