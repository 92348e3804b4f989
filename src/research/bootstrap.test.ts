import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { seededRng } from '../core/time.js';
import { bootstrapCompare, bootstrapDistribution, measureOf, percentileInterval, quantile, stationaryResample, type DailySeries } from './bootstrap.js';

/** An AR(1) series with Gaussian innovations (Box-Muller on the seeded Rng). */
function ar1(n: number, phi: number, sd: number, mean: number, rng: { next(): number }): Float64Array {
  const out = new Float64Array(n);
  let x = 0;
  for (let t = 0; t < n; t++) {
    const z = Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next());
    x = phi * x + sd * Math.sqrt(1 - phi * phi) * z;
    out[t] = mean + x;
  }
  return out;
}

function series(ret: Float64Array, crisisEvery = 0): DailySeries {
  const n = ret.length;
  const crisis = new Uint8Array(n);
  if (crisisEvery > 0) for (let t = 0; t < n; t += crisisEvery) crisis[t] = 1;
  return { ret, rf: new Float64Array(n).fill(0.0001), hedgeRet: ret.map((r) => r / 10), crisis };
}

describe('stationary bootstrap', () => {
  it('resamples are valid indices whose runs have the stated mean block length', () => {
    const rng = seededRng(7);
    const n = 500;
    let breaks = 0, steps = 0, bad = 0;
    for (let b = 0; b < 200; b++) {
      const idx = stationaryResample(n, 20, rng);
      for (let k = 0; k < n; k++) {
        const i = idx[k] as number;
        if (!(i >= 0 && i < n)) bad++;
        if (k > 0) {
          steps++;
          if (i !== ((idx[k - 1] as number) + 1) % n) breaks++;
        }
      }
    }
    expect(bad, 'indices out of range').toBe(0);
    // A new block starts with probability 1/20 (minus the 1/n chance of drawing the next day).
    expect(breaks / steps, 'share of block starts ~ 1/meanBlock').toBeGreaterThan(0.045);
    expect(breaks / steps).toBeLessThan(0.055);
  });

  it('the interval for a known mean difference covers it at the stated rate (AR(1) days)', () => {
    // Politis & Romano's bootstrap of a mean of a dependent series: over 300 independent
    // samples the 90% interval must contain the true difference 90% of the time; a binomial
    // 99.9% band around 0.9 for 200 trials is about ±0.07.
    const rng = seededRng(20261204);
    const level = 0.9;
    const trueDiff = 0.0004;
    const trials = 200;
    let covered = 0;
    for (let k = 0; k < trials; k++) {
      const d = ar1(500, 0.3, 0.01, trueDiff, rng);
      const dist = bootstrapDistribution(d.length, 300, 20, rng, (idx) => {
        let s = 0;
        for (const i of idx) s += d[i] as number;
        return s / idx.length;
      });
      const { lo, hi } = percentileInterval(dist, level);
      if (lo <= trueDiff && trueDiff <= hi) covered++;
    }
    expect(covered / trials, 'coverage of the 90% interval').toBeGreaterThan(0.83);
    expect(covered / trials).toBeLessThan(0.97);
  });

  it('a block length of one on a dependent series under-covers (the test can tell)', () => {
    // With strong autocorrelation (phi 0.8) an iid bootstrap (mean block 1) gives intervals
    // about 3x too narrow, so the coverage check above would fail for it.
    const rng = seededRng(99);
    let covered = 0;
    for (let k = 0; k < 120; k++) {
      const d = ar1(500, 0.8, 0.01, 0, rng);
      const dist = bootstrapDistribution(d.length, 200, 1, rng, (idx) => {
        let s = 0;
        for (const i of idx) s += d[i] as number;
        return s / idx.length;
      });
      const { lo, hi } = percentileInterval(dist, 0.9);
      if (lo <= 0 && 0 <= hi) covered++;
    }
    expect(covered / 120, 'iid bootstrap under-covers').toBeLessThan(0.7);
  });

  it('comparing a series with itself gives diff 0, a zero-width interval and pBetter 0.5', () => {
    const s = series(ar1(400, 0.2, 0.01, 0.0003, seededRng(3)), 9);
    const out = bootstrapCompare(s, s, { replicates: 200, meanBlockDays: 10, level: 0.9, rng: seededRng(1) });
    for (const [m, v] of Object.entries(out)) {
      expect(v, m).toEqual({ diff: 0, lo: 0, hi: 0, pBetter: 0.5 });
    }
  });

  it('a uniformly better series wins every resample on return measures', () => {
    const base = ar1(500, 0.2, 0.01, 0.0002, seededRng(5));
    const better = base.map((r) => r + 0.001);
    const out = bootstrapCompare(series(better, 7), series(base, 7), { replicates: 300, meanBlockDays: 20, level: 0.9, rng: seededRng(2) });
    expect(out.cagr.pBetter).toBe(1);
    expect(out.sharpe.pBetter).toBe(1);
    expect(out.crisisPnl.pBetter).toBe(1);
    expect(out.cagr.lo).toBeGreaterThan(0);
    expect(out.cagr.lo <= out.cagr.diff && out.cagr.diff <= out.cagr.hi, 'point estimate inside its interval').toBe(true);
    // hedge P&L = ret / 10 is higher, so the net hedge cost is lower: A is better there too.
    expect(out.netHedgeCostPerYear.diff).toBeLessThan(0);
    expect(out.netHedgeCostPerYear.pBetter).toBe(1);
  });

  it('measures on the full sample: known values', () => {
    const ret = Float64Array.from([0.1, -0.5, 0.2]);
    const s: DailySeries = { ret, rf: new Float64Array(3), hedgeRet: Float64Array.from([0.01, 0.02, -0.03]), crisis: Uint8Array.from([0, 1, 1]) };
    // 1.1 → 0.55 → 0.66: the drawdown from 1.1 to 0.55 is 50%.
    expect(measureOf('maxDrawdown', s, null)).toBeCloseTo(0.5, 12);
    expect(measureOf('crisisPnl', s, null)).toBeCloseTo(-0.3, 12);
    expect(measureOf('netHedgeCostPerYear', s, null)).toBeCloseTo(0, 12);
    expect(measureOf('cagr', s, null)).toBeCloseTo(Math.pow(0.66, 252 / 3) - 1, 12);
  });

  it('quantile interpolates between order statistics (type 7) and ignores NaN', () => {
    expect(quantile(Float64Array.from([3, 1, 2, Number.NaN, 4]), 0.5)).toBe(2.5);
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 50 }), fc.double({ min: 0, max: 1, noNaN: true }), (xs, q) => {
        const v = quantile(Float64Array.from(xs), q);
        return v >= Math.min(...xs) && v <= Math.max(...xs);
      }),
    );
  });

  it('rejects a bad block length, level or replicate count naming the flag', () => {
    expect(() => stationaryResample(10, 0.5, seededRng(1))).toThrow(/--block/);
    expect(() => percentileInterval(new Float64Array(3), 1)).toThrow(/--level/);
    expect(() => bootstrapDistribution(10, 0, 5, seededRng(1), () => 0)).toThrow(/--bootstrap/);
  });
});
