/**
 * The modelled VIX-futures ETP share price of the backtest (VIX30D): the S&P 500 VIX
 * Short-Term Futures Index methodology (pricing/vixEtp.ts) started at 100 on the first day
 * of the run, with a 1-for-4 reverse split whenever it closes under 25 (as VXX has done).
 * It is a MODELLED index level, not the price of a listed product: VXX (iPath Series B)
 * and VIXY (ProShares) track the same index at their own price levels.
 *
 * The same recurrence as the backtest kernel (engine/marketDay.ts, the `alt` day inputs);
 * the signal reads the level of its day from here. Pure.
 */
import { daysBetween, type IsoDate } from '../core/time.js';
import type { MarketData } from '../market/types.js';
import { dayModel, type DayModel, type ModelCalibration } from '../portfolio/marketModel.js';
import { ETP_START_LEVEL, etpReverseSplit, vixEtpBlend, vixEtpDailyReturn } from '../pricing/vixEtp.js';
import { rangeIndices } from '../market/series.js';

/** The backtest's modelled ETP symbol. */
export const MODELLED_ETP_SYMBOL = 'VIX30D';
/** Listed ETPs that track the same index (unlevered). */
export const ETP_LISTED_TRACKERS = 'VXX, VIXY';

export interface EtpLevels {
  readonly dates: readonly IsoDate[];
  /** Share price at each close, after that day's split. */
  readonly level: Float64Array;
  /** Reverse-split factor applied at each close (1 = none). */
  readonly split: Float64Array;
}

/**
 * The level from the first day of the data (or `from`) to `to` (the backtest's run).
 * `startLevel`: the level at the close of `from` when it is known (a short replay from a
 * recorded level gives the splits since then without replaying from 1990).
 */
export function etpLevels(data: MarketData, to: IsoDate, calib: ModelCalibration, from?: IsoDate, startLevel: number = ETP_START_LEVEL): EtpLevels {
  const { start, end } = rangeIndices(data.daily, from, to);
  const d = data.daily;
  const n = end - start + 1;
  const level = new Float64Array(n);
  const split = new Float64Array(n);
  let prev: DayModel | null = null;
  let x = startLevel;
  for (let t = 0; t < n; t++) {
    const i = start + t;
    const model = dayModel(data, i, calib);
    const close = etpClose(x, prev, model, data, i);
    x = close.level;
    level[t] = x;
    split[t] = close.split;
    prev = model;
  }
  return { dates: d.dates.slice(start, end + 1), level, split };
}

/**
 * The share price at the close of row i from `level` at the previous close: the blend's
 * return from `prev` (the previous close's model; null on a run's first day, which keeps
 * `level`) to `model`, then the reverse split when it closes under the threshold.
 */
export function etpClose(level: number, prev: DayModel | null, model: DayModel, data: MarketData, i: number): { level: number; split: number } {
  const d = data.daily;
  let x = level;
  if (prev !== null) {
    const prevDate = d.dates[i - 1] as IsoDate;
    x *= 1 + vixEtpDailyReturn(vixEtpBlend(prevDate), (e) => prev.vxFuture(e).price, (e) => model.vxFuture(e).price, daysBetween(prevDate, d.dates[i] as IsoDate), d.rateFrac[i - 1] as number);
  }
  return etpReverseSplit(x);
}

/** Product of the split factors after `after` up to the last day of `l` (1 when none). */
export function splitFactorSince(l: EtpLevels, after: IsoDate): number {
  let f = 1;
  for (let t = l.dates.length - 1; t >= 0 && (l.dates[t] as IsoDate) > after; t--) f *= l.split[t] as number;
  return f;
}
