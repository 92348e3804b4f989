/**
 * The one adapter between research and the backtest engine: every research command runs
 * its policies through `runPolicies`. Switching to another kernel is a change here only.
 *
 * Policies run in one engine pass share the day models and the condor schedule; each
 * policy's arrays depend only on its own book, so a policy's result is the same whichever
 * other policies share its pass (tested in engine.test.ts).
 */
import type { IsoDate } from '../core/time.js';
import type { MarketData } from '../market/types.js';
import type { CostModel } from '../portfolio/costs.js';
import type { ModelCalibration } from '../portfolio/marketModel.js';
import type { CondorConfig } from '../strategy/condor.js';
import { runBacktest, type NamedPolicy } from '../backtest/engine.js';
import type { MarketSeries, PolicyRun } from '../backtest/types.js';

export interface ResearchSettings {
  readonly from?: IsoDate;
  readonly to?: IsoDate;
  readonly condor: CondorConfig;
  /** Starting capital (condor notional), dollars. */
  readonly notional: number;
  readonly costs: CostModel;
  readonly calib: ModelCalibration;
}

export interface PolicyRuns {
  readonly dates: readonly IsoDate[];
  readonly market: MarketSeries;
  readonly runs: Readonly<Record<string, PolicyRun>>;
}

/**
 * Runs the policies in one engine pass. Trade lists are recorded only with `trades: true`
 * (attribution rebuilds condors from them); every metric reads the daily arrays.
 */
export function runPolicies(data: MarketData, settings: ResearchSettings, policies: readonly NamedPolicy[], opts: { readonly trades?: boolean } = {}): PolicyRuns {
  const r = runBacktest(data, {
    recordTrades: opts.trades ?? false,
    ...(settings.from === undefined ? {} : { from: settings.from }),
    ...(settings.to === undefined ? {} : { to: settings.to }),
    policies,
    condor: settings.condor,
    notional: settings.notional,
    costs: settings.costs,
    calib: settings.calib,
  });
  return { dates: r.dates, market: r.market, runs: r.policies };
}
