/**
 * NYSE Advance-Decline line and a bearish breadth-divergence flag.
 *
 * adLine: the cumulative sum of (advances − declines). A day with a missing (NaN) count
 * outputs NaN and adds nothing; the line continues from its last value on the next good day
 * (no reset). The level is arbitrary (it starts at the first day's net advances); only its
 * shape matters.
 */
import { checkPeriod } from './indicator.js';

export function adLine(advances: Float64Array, declines: Float64Array): Float64Array {
  const n = advances.length;
  if (declines.length !== n) throw new RangeError(`advances (${n}) and declines (${declines.length}) differ in length`);
  const out = new Float64Array(n);
  let level = 0;
  for (let i = 0; i < n; i++) {
    const a = advances[i] as number;
    const d = declines[i] as number;
    if (Number.isFinite(a) && Number.isFinite(d)) {
      level += a - d;
      out[i] = level;
    } else {
      out[i] = NaN;
    }
  }
  return out;
}

/**
 * Bearish divergence: 1 on a day when SPX closes at a new `lookback`-day high (its close is
 * above every earlier close in the window of the last `lookback` days) while the A/D line
 * does not (it is at or below its high of the earlier days of the same window); else 0.
 * NaN for the first lookback−1 days and on days where either input is NaN (NaN days inside
 * a window are ignored when taking the window's highs).
 */
export function adDivergence(spx: Float64Array, ad: Float64Array, lookback: number): Float64Array {
  checkPeriod('divergence lookback', lookback, 2);
  const n = spx.length;
  if (ad.length !== n) throw new RangeError(`spx (${n}) and A/D line (${ad.length}) differ in length`);
  const out = new Float64Array(n).fill(NaN);
  for (let i = lookback - 1; i < n; i++) {
    const s = spx[i] as number;
    const a = ad[i] as number;
    if (!Number.isFinite(s) || !Number.isFinite(a)) continue;
    let spxPrevHigh = -Infinity;
    let adHigh = -Infinity;
    for (let j = i - lookback + 1; j < i; j++) {
      const sj = spx[j] as number;
      const aj = ad[j] as number;
      if (sj > spxPrevHigh) spxPrevHigh = sj;
      if (aj > adHigh) adHigh = aj;
    }
    out[i] = s > spxPrevHigh && a <= adHigh ? 1 : 0;
  }
  return out;
}
