/**
 * The engine functions the dashboard and `alvh scenario` use, with the defaults of
 * `alvh signal` and `alvh backtest` (default ALVH policy, DESIGN §1.1 condor, 100,000 USD).
 */
import type { IsoDate } from '../core/time.js';
import { InputError } from '../core/errors.js';
import { DEFAULT_COST_MODEL } from '../portfolio/costs.js';
import { DEFAULT_CALIBRATION } from '../portfolio/marketModel.js';
import { defaultPolicy } from '../hedge/index.js';
import { dailySignal, type DailySignal } from '../signals/daily.js';
import { defaultNamedPolicies, runBacktest, type BacktestConfig } from '../backtest/engine.js';
import { backtestJson, type BacktestJson } from './commands/backtest.js';

export type { BacktestJson };
import { condorFromFlags, loadEmbeddedData } from './engineInputs.js';

/** The last trading day of the embedded data ("today" for the dashboard). */
export function lastDataDay(): IsoDate {
  const data = loadEmbeddedData();
  const last = data.daily.dates[data.daily.n - 1];
  if (last === undefined) throw new InputError('data', 'the embedded data set is empty');
  return last;
}

/** The default signal of `date` (as `alvh signal --date D --json` prints it). */
export function defaultSignal(date: IsoDate): DailySignal {
  return dailySignal(loadEmbeddedData(), date, { name: 'alvh', policy: defaultPolicy('alvh') }, condorFromFlags({ fixedNotional: true }), DEFAULT_CALIBRATION, {
    notional: 100_000,
    costs: DEFAULT_COST_MODEL,
  });
}

/** The settings of the default comparison: the four policies, the default condor, 100,000 USD, default costs and calibration. */
export function defaultBacktestSettings(): BacktestConfig {
  return { policies: defaultNamedPolicies(), condor: condorFromFlags({}), notional: 100_000, costs: DEFAULT_COST_MODEL, calib: DEFAULT_CALIBRATION };
}

/** The default full-history comparison of the four policies (as `alvh backtest --json FILE` writes it). */
export function defaultBacktestJson(): BacktestJson {
  return backtestJson(runBacktest(loadEmbeddedData(), defaultBacktestSettings()));
}
