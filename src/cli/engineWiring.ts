/**
 * The engine functions the dashboard and `alvh scenario` use, with the defaults of
 * `alvh signal` and `alvh backtest` (default ALVH policy, DESIGN §1.1 condor, 100,000 USD).
 */
import type { IsoDate } from '../core/time.js';
import type { MarketData } from '../market/types.js';
import { defaultSignalSettings, unstoredSignal } from './publishSignal.js';
import { DEFAULT_COST_MODEL } from '../portfolio/costs.js';
import { DEFAULT_CALIBRATION } from '../portfolio/marketModel.js';
import type { DailySignal } from '../signals/daily.js';
import { defaultNamedPolicies, runBacktest, type BacktestConfig } from '../backtest/engine.js';
import { LAYERS, NO_REGIME, REGIMES } from '../backtest/types.js';
import { backtestJson, type BacktestJson } from './commands/backtest.js';

export type { BacktestJson };
import { condorFromFlags, loadEmbeddedData } from './engineInputs.js';

/** The default signal of `date` (as `alvh signal --date D --json` prints it) on `data` (the embedded data with the store's updates). */
export function defaultSignal(data: MarketData, date: IsoDate): DailySignal {
  return unstoredSignal(data, date, defaultSignalSettings());
}

/** The settings of the default comparison: the four policies, the default condor, 100,000 USD, default costs and calibration. */
export function defaultBacktestSettings(): BacktestConfig {
  return { policies: defaultNamedPolicies(), condor: condorFromFlags({}), notional: 100_000, costs: DEFAULT_COST_MODEL, calib: DEFAULT_CALIBRATION };
}

/** The default full-history comparison of the four policies (as `alvh backtest --json FILE` writes it). */
export function defaultBacktestJson(): BacktestJson {
  return backtestJson(runBacktest(loadEmbeddedData(), defaultBacktestSettings()));
}

/** How many trading days of the backtest's history the dashboard draws when few signals are stored. */
export const ENGINE_HISTORY_DAYS = 500;

/**
 * The default signal's book day by day as the backtest holds it (the same run as `alvh
 * signal`: default ALVH policy and condor, fixed 100,000 USD) over the last `days` trading
 * days of `data`: the regime and the total hedge exposure held, in the policy's basis.
 */
export function engineHistory(data: MarketData, days: number = ENGINE_HISTORY_DAYS): { policy: string; basis: string | null; dates: IsoDate[]; regime: (string | null)[]; exposure: number[] } {
  const s = defaultSignalSettings();
  // as the signal runs it: whole contracts, never stopped by a ruin
  const r = runBacktest(data, { policies: [s.policy], condor: { ...s.condor, sizing: 'whole' }, notional: s.notional, costs: DEFAULT_COST_MODEL, calib: DEFAULT_CALIBRATION, stopOnRuin: false });
  const run = r.policies[s.policy.name];
  const n = r.dates.length;
  const from = Math.max(0, n - days);
  const dates = r.dates.slice(from);
  if (run === undefined) return { policy: s.policy.name, basis: null, dates, regime: dates.map(() => null), exposure: dates.map(() => 0) };
  return {
    policy: s.policy.name,
    basis: run.basis,
    dates,
    regime: dates.map((_, k) => REGIMES[run.regime[from + k] ?? NO_REGIME] ?? null),
    exposure: dates.map((_, k) => LAYERS.reduce((a, l) => a + (run.exposure[l][from + k] ?? 0), 0)),
  };
}
