import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultPolicy } from './policy.js';
import { classifyRegimes, INITIAL_REGIME_STATE, rawRegimeLevel, stepRegime, type RegimeState } from './regime.js';

const P = defaultPolicy('alvh').regime; // 15 / 25, hysteresis 1.0, confirm 2

function run(closes: readonly number[], p = P): RegimeState[] {
  const out: RegimeState[] = [];
  let s = INITIAL_REGIME_STATE;
  for (const v of closes) {
    s = stepRegime(s, v, p);
    out.push(s);
  }
  return out;
}
const levels = (closes: readonly number[], p = P): number[] => run(closes, p).map((s) => s.level ?? -1);

describe('raw regime', () => {
  it('low < 15 ≤ moderate ≤ 25 < high', () => {
    expect([14.99, 15, 25, 25.01].map((v) => rawRegimeLevel(v, P))).toEqual([0, 1, 1, 2]);
  });
});

describe('stepRegime hysteresis', () => {
  it('the first close takes its raw regime', () => {
    expect(levels([12]), 'low').toEqual([0]);
    expect(levels([30]), 'high').toEqual([2]);
  });

  it('switches at once on a close at least hysteresisPts beyond the boundary', () => {
    const s = run([14, 16]);
    expect(s.map((x) => x.level)).toEqual([0, 1]);
    expect(s[1]?.switched, 'switch reason').toEqual({ from: 'low', rule: 'hysteresis', vixClosePts: 16 });
    expect(levels([20, 24]), '24 is 1.0 below 25 but we are in moderate: no change').toEqual([1, 1]);
    expect(levels([30, 24]), 'from high, 24 is 1.0 below 25').toEqual([2, 1]);
    expect(levels([16, 14]), 'from moderate, 14 is 1.0 below 15').toEqual([1, 0]);
  });

  it('otherwise switches on the confirmDays-th consecutive close beyond the boundary', () => {
    const s = run([14, 15.5, 15.5]);
    expect(s.map((x) => x.level), 'second close above 15 confirms').toEqual([0, 0, 1]);
    expect(s[2]?.switched?.rule).toBe('confirmDays');
    expect(levels([14, 15.5, 14.9, 15.5, 14.9]), 'alternating closes never confirm').toEqual([0, 0, 0, 0, 0]);
    expect(levels([26, 25.5, 24.5, 24.5]), 'from high: 2 closes ≤ 25 confirm moderate').toEqual([2, 2, 2, 1]);
    expect(levels([20, 25.2, 25.4]), 'closes above 25 confirm high').toEqual([1, 1, 2]);
  });

  it('can cross two boundaries on one close', () => {
    expect(levels([12, 30]), 'low → high').toEqual([0, 2]);
    expect(levels([30, 12]), 'high → low').toEqual([2, 0]);
    expect(levels([12, 25.5]), 'low → moderate only: 25.5 is not 1.0 above 25').toEqual([0, 1]);
  });

  it('counts days in the regime', () => {
    expect(run([20, 21, 22, 30]).map((s) => s.daysInRegime)).toEqual([1, 2, 3, 1]);
  });

  it('rejects a missing close', () => {
    expect(() => stepRegime(INITIAL_REGIME_STATE, Number.NaN, P)).toThrow('vixClosePts: must be a finite number >= 0');
  });
});

describe('regime properties', () => {
  const boundary = fc.constantFrom(P.lowBelowVixPts, P.highAboveVixPts);

  it('a series inside boundary ± hysteresis, never beyond it on confirmDays consecutive closes, never switches', () => {
    fc.assert(
      fc.property(boundary, fc.array(fc.double({ min: 0.01, max: 0.99, noNaN: true }), { minLength: 1, maxLength: 60 }), (b, offs) => {
        // Even days just below the boundary (b−1, b), odd days just beyond it (b, b+1):
        // inside ± hysteresis, never two consecutive closes beyond (confirmDays = 2).
        const closes = offs.map((o, i) => (i % 2 === 0 ? b - 1 + o : b + o));
        const ls = levels(closes);
        return ls.every((l) => l === ls[0]);
      }),
    );
  });

  it('a series that stays on its starting regime side never switches, whatever the hysteresis', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 15, max: 25, noNaN: true }).chain((v0) => fc.tuple(fc.constant(v0), fc.array(fc.double({ min: 15, max: 25, noNaN: true }), { maxLength: 50 }))),
        fc.double({ min: 0, max: 5, noNaN: true }),
        fc.integer({ min: 1, max: 5 }),
        ([v0, rest], h, n) => levels([v0, ...rest], { ...P, hysteresisPts: h, confirmDays: n }).every((l) => l === 1),
      ),
    );
  });

  it('no lookahead: changing closes after day t does not change regimes up to t', () => {
    const closes = fc.array(fc.double({ min: 8, max: 90, noNaN: true }), { minLength: 2, maxLength: 80 });
    fc.assert(
      fc.property(closes, closes, fc.nat(), (a, b, k) => {
        const t = k % a.length;
        const changed = [...a.slice(0, t + 1), ...b];
        return levels(a).slice(0, t + 1).join() === levels(changed).slice(0, t + 1).join();
      }),
    );
  });

  it('the array form equals the step fold', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 8, max: 90, noNaN: true }), { maxLength: 80 }), (a) => {
        expect(Array.from(classifyRegimes(Float64Array.from(a), P))).toEqual(levels(a));
      }),
    );
  });

  it('with zero hysteresis and confirmDays 1 the regime is the raw one', () => {
    const p = { ...P, hysteresisPts: 0, confirmDays: 1 };
    fc.assert(
      fc.property(fc.array(fc.double({ min: 8, max: 90, noNaN: true }), { maxLength: 80 }), (a) => {
        expect(levels(a, p)).toEqual(a.map((v) => rawRegimeLevel(v, p)));
      }),
    );
  });
});
