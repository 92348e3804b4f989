import { describe, expect, it } from 'vitest';
import { nelderMead, ols } from './fitting.js';
import { interpolateCurve } from './vixFutures.js';

describe('ols', () => {
  it('recovers exact coefficients of a noiseless linear model', () => {
    const rows: number[][] = [];
    const y: number[] = [];
    for (let i = 0; i < 20; i++) {
      const x1 = Math.sin(i);
      const x2 = i / 7;
      rows.push([1, x1, x2]);
      y.push(0.5 - 2 * x1 + 3 * x2);
    }
    const c = ols(rows, y);
    expect(c[0], 'intercept').toBeCloseTo(0.5, 10);
    expect(c[1], 'x1').toBeCloseTo(-2, 10);
    expect(c[2], 'x2').toBeCloseTo(3, 10);
  });

  it('refuses a singular design', () => {
    expect(() => ols([[1, 2], [2, 4], [3, 6]], [1, 2, 3])).toThrow(/singular/);
  });
});

describe('nelderMead', () => {
  it('finds the Rosenbrock minimum (1, 1)', () => {
    const r = nelderMead((x) => 100 * ((x[1] ?? 0) - (x[0] ?? 0) ** 2) ** 2 + (1 - (x[0] ?? 0)) ** 2, [-1.2, 1], [0.5, 0.5], 5000, 1e-14);
    expect(r.x[0], 'x').toBeCloseTo(1, 4);
    expect(r.x[1], 'y').toBeCloseTo(1, 4);
  });
});

describe('interpolateCurve (VIX futures, variance-time)', () => {
  const curve = [
    { days: 10, settle: 20 },
    { days: 38, settle: 22 },
  ];
  it('returns a listed settle exactly, interpolates F² linearly in time, NaN beyond the last', () => {
    expect(interpolateCurve(curve, 18, 38)).toBe(22);
    expect(interpolateCurve(curve, 18, 24)).toBeCloseTo(Math.sqrt(400 + (484 - 400) * 0.5), 12);
    expect(interpolateCurve(curve, 18, 5), 'between spot and VX1').toBeCloseTo(Math.sqrt(324 + (400 - 324) * 0.5), 12);
    expect(interpolateCurve(curve, 18, 60)).toBeNaN();
  });
});
