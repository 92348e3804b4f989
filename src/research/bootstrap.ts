/**
 * Paired stationary block bootstrap (Politis & Romano 1994, "The Stationary Bootstrap",
 * JASA 89(428)) of the difference A − B between two policies run on the same days.
 *
 * A resample is a sequence of trading-day indices built from blocks of geometric length
 * (mean `meanBlockDays`) that start at uniform random days and wrap around the end (the
 * circular version of the paper). The same index sequence is applied to A and B, so the
 * days stay paired and the common market shock cancels in the difference.
 *
 * Measures (each computed from the daily series of the resampled days, annualised with 252
 * trading days, see docs/guide/research.md):
 * - `cagr`: exp(252 × mean log(1 + r)) − 1;
 * - `sharpe`: mean(r − rf) / sd(r − rf) × √252;
 * - `maxDrawdown`: the largest peak-to-trough loss of the compounded resampled path (positive);
 * - `netHedgeCostPerYear`: 252 × mean(−hedge P&L / prior equity), a fraction of equity a year;
 * - `crisisPnl`: Σ r over the resampled days that lie in a crisis window (a fraction of equity).
 * Confidence intervals are percentile intervals of the bootstrap distribution of A − B;
 * `pBetter` is the share of resamples in which A beats B (ties count one half), "beats"
 * meaning higher for cagr, sharpe and crisisPnl and lower for maxDrawdown and net hedge cost.
 */
import { InputError } from '../core/errors.js';
import type { Rng } from '../core/time.js';

export const TRADING_DAYS_PER_YEAR = 252;

export const MEASURES = ['cagr', 'sharpe', 'maxDrawdown', 'netHedgeCostPerYear', 'crisisPnl'] as const;
export type Measure = (typeof MEASURES)[number];

/** +1 when a higher value is better, −1 when a lower one is. */
export const MEASURE_DIRECTION: Readonly<Record<Measure, 1 | -1>> = { cagr: 1, sharpe: 1, maxDrawdown: -1, netHedgeCostPerYear: -1, crisisPnl: 1 };

/** The daily series of one policy, index t = the day from close t−1 to close t (aligned between A and B). */
export interface DailySeries {
  /** Simple return of equity over the day. */
  readonly ret: Float64Array;
  /** Risk-free (T-bill) return over the same day. */
  readonly rf: Float64Array;
  /** Hedge P&L of the day (L1 + L2 + L3) over the prior day's equity. */
  readonly hedgeRet: Float64Array;
  /** 1 on days inside a crisis window, else 0. */
  readonly crisis: Uint8Array;
}

export interface MeasureInterval {
  /** A − B on the observed days. */
  diff: number;
  lo: number;
  hi: number;
  /** Share of resamples in which A beats B. */
  pBetter: number;
}

/**
 * Fills `out` with one stationary-bootstrap resample of 0..n−1: blocks start uniformly and
 * continue (wrapping) with probability 1 − 1/meanBlock each day.
 */
export function stationaryResample(n: number, meanBlock: number, rng: Rng, out: Int32Array = new Int32Array(n)): Int32Array {
  if (!(n > 0)) throw new InputError('bootstrap', `needs at least one day, got ${n}`);
  if (!(meanBlock >= 1)) throw new InputError('--block', `must be >= 1 day, got ${meanBlock}`);
  const pNew = 1 / meanBlock;
  let idx = Math.floor(rng.next() * n);
  for (let k = 0; k < out.length; k++) {
    if (k > 0) idx = rng.next() < pNew ? Math.floor(rng.next() * n) : (idx + 1) % n;
    out[k] = idx;
  }
  return out;
}

/**
 * The bootstrap distribution of `statistic` over `replicates` resamples of n days.
 * `statistic` receives the index sequence (reused between calls: copy it to keep it).
 */
export function bootstrapDistribution(n: number, replicates: number, meanBlock: number, rng: Rng, statistic: (idx: Int32Array) => number): Float64Array {
  if (!Number.isInteger(replicates) || replicates < 1) throw new InputError('--bootstrap', `must be a whole number >= 1, got ${replicates}`);
  const out = new Float64Array(replicates);
  const idx = new Int32Array(n);
  for (let b = 0; b < replicates; b++) out[b] = statistic(stationaryResample(n, meanBlock, rng, idx));
  return out;
}

/** The q-quantile (0..1) of the finite values, linear interpolation between order statistics (type 7). */
export function quantile(xs: Float64Array, q: number): number {
  let k = 0;
  const v = new Float64Array(xs.length);
  for (const x of xs) if (Number.isFinite(x)) v[k++] = x;
  if (k === 0) return Number.NaN;
  return sortedQuantile(v.subarray(0, k).sort(), q);
}

function sortedQuantile(v: Float64Array, q: number): number {
  const h = (v.length - 1) * q;
  const lo = Math.floor(h);
  const a = v[lo] as number;
  const b = v[Math.min(lo + 1, v.length - 1)] as number;
  return a + (h - lo) * (b - a);
}

/** Percentile interval at `level` (0.9 = the 5% and 95% quantiles). */
export function percentileInterval(dist: Float64Array, level: number): { lo: number; hi: number } {
  if (!(level > 0 && level < 1)) throw new InputError('--level', `must be between 0 and 1, got ${level}`);
  const v = dist.filter(Number.isFinite).sort();
  if (v.length === 0) return { lo: Number.NaN, hi: Number.NaN };
  return { lo: sortedQuantile(v, (1 - level) / 2), hi: sortedQuantile(v, (1 + level) / 2) };
}

/** One measure of a series over the days `idx` (all days when null). */
export function measureOf(m: Measure, s: DailySeries, idx: Int32Array | null): number {
  const n = idx === null ? s.ret.length : idx.length;
  const at = (t: number): number => (idx === null ? t : (idx[t] as number));
  switch (m) {
    case 'cagr': {
      let sumLog = 0;
      for (let t = 0; t < n; t++) sumLog += Math.log1p(s.ret[at(t)] as number);
      return Math.expm1((TRADING_DAYS_PER_YEAR * sumLog) / n);
    }
    case 'sharpe': {
      let sum = 0, sumSq = 0;
      for (let t = 0; t < n; t++) {
        const i = at(t);
        const x = (s.ret[i] as number) - (s.rf[i] as number);
        sum += x;
        sumSq += x * x;
      }
      const mean = sum / n;
      const variance = n > 1 ? (sumSq - n * mean * mean) / (n - 1) : 0;
      return variance > 0 ? (mean / Math.sqrt(variance)) * Math.sqrt(TRADING_DAYS_PER_YEAR) : 0;
    }
    case 'maxDrawdown': {
      let level = 1, peak = 1, worst = 0;
      for (let t = 0; t < n; t++) {
        level *= 1 + (s.ret[at(t)] as number);
        if (level > peak) peak = level;
        const dd = 1 - level / peak;
        if (dd > worst) worst = dd;
      }
      return worst;
    }
    case 'netHedgeCostPerYear': {
      let sum = 0;
      for (let t = 0; t < n; t++) sum -= s.hedgeRet[at(t)] as number;
      return (TRADING_DAYS_PER_YEAR * sum) / n;
    }
    case 'crisisPnl': {
      let sum = 0;
      for (let t = 0; t < n; t++) {
        const i = at(t);
        if (s.crisis[i] === 1) sum += s.ret[i] as number;
      }
      return sum;
    }
  }
}

function checkSeries(name: string, s: DailySeries, n: number): void {
  for (const [k, a] of Object.entries(s) as [string, ArrayLike<number>][]) {
    if (a.length !== n) throw new InputError(name, `${k} has ${a.length} days, expected ${n}`);
    for (let t = 0; t < n; t++) if (!Number.isFinite(a[t] as number)) throw new InputError(name, `${k} is not finite on day ${t}`);
  }
}

export interface CompareOptions {
  readonly replicates: number;
  readonly meanBlockDays: number;
  readonly level: number;
  readonly rng: Rng;
}

/** Bootstrap intervals of A − B for every measure (one shared set of resamples for all measures). */
export function bootstrapCompare(a: DailySeries, b: DailySeries, opts: CompareOptions): Record<Measure, MeasureInterval> {
  const n = a.ret.length;
  checkSeries('a', a, n);
  checkSeries('b', b, n);
  const dists: Record<Measure, Float64Array> = Object.fromEntries(MEASURES.map((m) => [m, new Float64Array(opts.replicates)])) as Record<Measure, Float64Array>;
  let r = 0;
  bootstrapDistribution(n, opts.replicates, opts.meanBlockDays, opts.rng, (idx) => {
    for (const m of MEASURES) (dists[m] as Float64Array)[r] = measureOf(m, a, idx) - measureOf(m, b, idx);
    r++;
    return 0;
  });
  const out = {} as Record<Measure, MeasureInterval>;
  for (const m of MEASURES) {
    const dist = dists[m];
    const diff = measureOf(m, a, null) - measureOf(m, b, null);
    let better = 0;
    for (const d of dist) better += Math.sign(d) === MEASURE_DIRECTION[m] ? 1 : d === 0 ? 0.5 : 0;
    out[m] = { diff, ...percentileInterval(dist, opts.level), pBetter: better / dist.length };
  }
  return out;
}
