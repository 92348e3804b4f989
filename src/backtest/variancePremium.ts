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
  const k = PREMIUM_HORIZONS_DAYS.length;
  const count = new Float64Array(k);
  const absR = new Float64Array(k);
  const sdAtm = new Float64Array(k);
  const sdVix = new Float64Array(k);
  for (let i = 0; i < d.n; i++) {
    const date = d.dates[i] as IsoDate;
    if (date < from || date > to) continue;
    const m = dayModel(data, i, calib);
    PREMIUM_HORIZONS_DAYS.forEach((h, j) => {
      const s1 = i + h < d.n ? (d.spxClose[i + h] ?? Number.NaN) : Number.NaN;
      if (!(s1 > 0)) return;
      const years = daysBetween(date, d.dates[i + h] as IsoDate) / 365;
      const fwd = m.spxForward(years);
      absR[j] = (absR[j] ?? 0) + Math.abs(Math.log(s1 / fwd));
      sdAtm[j] = (sdAtm[j] ?? 0) + m.spxVol(fwd, years) * Math.sqrt(years);
      sdVix[j] = (sdVix[j] ?? 0) + Math.sqrt(m.spxVariance(years) * years);
      count[j] = (count[j] ?? 0) + 1;
    });
  }
  return PREMIUM_HORIZONS_DAYS.map((h, j) => {
    const n = count[j] ?? 0;
    const ratio = (sd: number): number => (n > 0 && sd > 0 ? ((absR[j] ?? 0) / (MEAN_ABS_OF_NORMAL * sd)) ** 2 : Number.NaN);
    return { from, to, horizonDays: h, count: n, realizedOverImpliedAtm: ratio(sdAtm[j] ?? 0), realizedOverImpliedVix: ratio(sdVix[j] ?? 0) };
  });
}
