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
