import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { erfc, normCdf, normPdf } from './normal.js';

// Reference values computed with mpmath 1.3 at 50 significant digits
// (mpmath.ncdf / mpmath.npdf), rounded to the nearest double.
const CDF: ReadonlyArray<[number, number]> = [
  [-37.5, 4.605353009581955e-308],
  [-30, 4.906713927148187e-198],
  [-20, 2.7536241186062337e-89],
  [-10, 7.619853024160525e-24],
  [-5, 2.866515718791939e-7],
  [-2, 0.02275013194817921],
  [-0.5, 0.3085375387259869],
  [0.25, 0.5987063256829237],
  [1, 0.8413447460685429],
  [3, 0.9986501019683699],
  [6, 0.9999999990134123],
];
const PDF: ReadonlyArray<[number, number]> = [
  [-35, 3.940396277136024e-267],
  [-10, 7.694598626706419e-23],
  [-1, 0.24197072451914334],
  [0, 0.3989422804014327],
  [2.5, 0.017528300493568537],
];

describe('normCdf / normPdf', () => {
  it.each(CDF)('N(%d) matches the 50-digit reference to a few ulp (relative)', (x, ref) => {
    expect(Math.abs(normCdf(x) - ref) / ref, `N(${x})`).toBeLessThan(8e-16);
  });
  it.each(PDF)('n(%d) matches the 50-digit reference to a few ulp (relative)', (x, ref) => {
    expect(Math.abs(normPdf(x) - ref) / ref, `n(${x})`).toBeLessThan(8e-16);
  });
  it('is symmetric: N(x) + N(-x) = 1 and n(x) = n(-x)', () => {
    fc.assert(fc.property(fc.double({ min: -8, max: 8, noNaN: true }), (x) => {
      expect(Math.abs(normCdf(x) + normCdf(-x) - 1), `x=${x}`).toBeLessThan(4e-16);
      expect(normPdf(x), `x=${x}`).toBe(normPdf(-x));
    }));
  });
  it('is monotone and bounded, with exact limits', () => {
    fc.assert(fc.property(fc.double({ min: -40, max: 40, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), (x, dx) => {
      const a = normCdf(x);
      expect(a >= 0 && a <= 1, `N(${x}) in [0,1]`).toBe(true);
      expect(normCdf(x + dx), 'non-decreasing').toBeGreaterThanOrEqual(a);
    }));
    expect(normCdf(-Infinity)).toBe(0);
    expect(normCdf(Infinity)).toBe(1);
    expect(normCdf(-40), 'underflows to 0, never NaN').toBe(0);
  });
  it('erfc(0.5) and erfc(-1) match published values', () => {
    // erfc(0.5) = 0.4795001221869535..., erfc(-1) = 1.8427007929497148... (mpmath, 50 digits)
    expect(erfc(0.5)).toBeCloseTo(0.4795001221869535, 15);
    expect(erfc(-1)).toBeCloseTo(1.842700792949715, 15);
  });
});
