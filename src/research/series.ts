/**
 * The daily series the research statistics work on, taken from a backtest run: returns,
 * T-bill returns, hedge P&L over prior equity and the crisis-day mask. Index t is the day
 * from close t to close t+1 of the run's calendar (length n − 1).
 */
import type { IsoDate } from '../core/time.js';
import { CRISIS_WINDOWS, type CrisisWindow } from '../backtest/crises.js';
import { dailyReturns, riskFreeReturns } from '../backtest/metrics.js';
import { hedgePnlAt, type MarketSeries, type PolicyRun } from '../backtest/types.js';
import type { DailySeries } from './bootstrap.js';

/** 1 for each day (of `dates`) inside any window, else 0. */
export function crisisMask(dates: readonly IsoDate[], windows: readonly CrisisWindow[] = CRISIS_WINDOWS): Uint8Array {
  const mask = new Uint8Array(dates.length);
  dates.forEach((d, i) => {
    if (windows.some((w) => d >= w.from && d <= w.to)) mask[i] = 1;
  });
  return mask;
}

export function dailySeriesOf(dates: readonly IsoDate[], run: PolicyRun, market: MarketSeries, windows: readonly CrisisWindow[] = CRISIS_WINDOWS): DailySeries {
  const ret = dailyReturns(run.equity);
  const rf = riskFreeReturns(dates, market.tbillRateFrac);
  const mask = crisisMask(dates, windows);
  const n = ret.length;
  const hedgeRet = new Float64Array(n);
  const crisis = new Uint8Array(n);
  for (let t = 0; t < n; t++) {
    const prior = run.equity[t] as number;
    hedgeRet[t] = prior > 0 ? hedgePnlAt(run, t + 1) / prior : 0;
    crisis[t] = mask[t + 1] as number;
    // A ruined book (equity <= 0) earns nothing afterwards rather than NaN.
    if (!Number.isFinite(ret[t] as number)) ret[t] = 0;
  }
  return { ret, rf, hedgeRet, crisis };
}
