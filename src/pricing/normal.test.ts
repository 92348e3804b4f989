import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { erfc, normCdf, normPdf } from './normal.js';

// Reference values computed with mpmath 1.3 at 50 significant digits
// (mpmath.ncdf / mpmath.npdf), rounded to 17 digits.
const CDF: ReadonlyArray<[number, number]> = [
  [-37.5, 4.6053530095819548e-308],
  [-30, 4.9067139271481871e-198],
  [-20, 2.7536241186062337e-89],
  [-10, 7.6198530241605261e-24],
  [-5, 2.8665157187919391e-7],
  [-2, 0.022750131948179207],
  [-0.5, 0.3085375387259869],
  [0.25, 0.59870632568292372],
  [1, 0.84134474606854295],
  [3, 0.99865010196836991],
  [6, 0.99999999901341235],
];
const PDF: ReadonlyArray<[number, number]> = [
  [-35, 3.9403962771360243e-267],
  [-10, 7.6945986267064193e-23],
  [-1, 0.24197072451914335],
  [0, 0.39894228040143268],
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
    // erfc(0.5) = 0.4795001221869534623..., erfc(-1) = 1.8427007929497148693... (mpmath, 50 digits)
    expect(erfc(0.5)).toBeCloseTo(0.47950012218695346, 15);
    expect(erfc(-1)).toBeCloseTo(1.8427007929497149, 15);
  });
});
