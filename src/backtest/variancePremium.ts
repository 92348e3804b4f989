/**
 * The variance premium a short-dated condor sells, by horizon: realized SPX moves against
 * the model's implied variance to the same close. A condor earns when options are priced
 * above the moves that follow; the ratio here says, horizon by horizon, whether the model
 * (and, where VIX1D and VIX9D are real, the market) prices one. The ratio is on mean |r|,
 * squared ((mean |r| / (√(2/π)·σ))²: 1 when moves are as large as priced), which a crash
 * day cannot dominate as it dominates mean r².
 */
import type { IsoDate } from '../core/time.js';
import { daysBetween } from '../core/time.js';
import type { MarketData } from '../market/types.js';
import { dayModel, type ModelCalibration } from '../portfolio/marketModel.js';

export const PREMIUM_HORIZONS_DAYS: readonly number[] = [1, 2, 5, 10, 21];

export interface PremiumRow {
  readonly from: IsoDate;
  readonly to: IsoDate;
  /** Trading days from the close to the close the move is measured at. */
  readonly horizonDays: number;
  readonly count: number;
  /** (mean |ln(S_T / F)| / (√(2/π) × model ATM sd))²: realized over implied, < 1 = a premium to sell. */
  readonly realizedOverImpliedAtm: number;
  /** The same against the model-free (VIX-family) variance of the horizon. */
  readonly realizedOverImpliedVix: number;
}

const MEAN_ABS_OF_NORMAL = Math.sqrt(2 / Math.PI);

/** One row per horizon over the trading days of [from, to] that have the horizon's close in the data. */
export function variancePremium(data: MarketData, calib: ModelCalibration, from: IsoDate, to: IsoDate): PremiumRow[] {
  const d = data.daily;
  return PREMIUM_HORIZONS_DAYS.map((h) => {
    let n = 0;
    let absR = 0;
    let sdAtm = 0;
    let sdVix = 0;
    for (let i = 0; i + h < d.n; i++) {
      const date = d.dates[i] as IsoDate;
      if (date < from || date > to) continue;
      const s1 = d.spxClose[i + h] ?? Number.NaN;
      if (!(s1 > 0)) continue;
      const m = dayModel(data, i, calib);
      const years = daysBetween(date, d.dates[i + h] as IsoDate) / 365;
      const fwd = m.spxForward(years);
      absR += Math.abs(Math.log(s1 / fwd));
      sdAtm += m.spxVol(fwd, years) * Math.sqrt(years);
      sdVix += Math.sqrt(m.spxVariance(years) * years);
      n++;
    }
    const ratio = (sd: number): number => (n > 0 && sd > 0 ? (absR / (MEAN_ABS_OF_NORMAL * sd)) ** 2 : Number.NaN);
    return { from, to, horizonDays: h, count: n, realizedOverImpliedAtm: ratio(sdAtm), realizedOverImpliedVix: ratio(sdVix) };
  });
}
