import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { black76Delta, black76Greeks, black76Price } from './black76.js';
import { bsmGreeks } from './bsm.js';
import type { OptionType } from './types.js';

describe('black76: reference values', () => {
  // Haug (1998), Black-76 example: F = 19, K = 19, T = 0.75, r = 0.10, σ = 0.28 → 1.7011 for
  // the put and the call (the same case appears as a BSM row with q = r in QuantLib's
  // europeanoption.cpp testValues). Tolerance 1e-4 as published.
  it('Haug: F=19 K=19 T=0.75 r=0.10 vol=0.28 → put = call = 1.7011', () => {
    expect(Math.abs(black76Price('put', 19, 19, 0.75, 0.1, 0.28) - 1.7011)).toBeLessThanOrEqual(1e-4);
    expect(Math.abs(black76Price('call', 19, 19, 0.75, 0.1, 0.28) - 1.7011)).toBeLessThanOrEqual(1e-4);
  });
  // Prices computed with mpmath 1.3 at 50 digits from the Black-76 formula. Tolerance 1e-13
  // relative, except the last row: a 1-hour put 2% out of the money, whose price has a
  // condition number |ln(F/K)|/(σ²T) ≈ 7,800 in the inputs, so 1e-11 is the honest bound.
  it.each([
    ['call', 5000, 5010, 1 / 365, 0.05, 0.12, 8.169559447456521, 1e-13],
    ['put', 5000, 4700, 1 / 365, 0.05, 0.25, 0.00001404345978134217, 1e-13],
    ['call', 100, 180, 1.0, 0.02, 0.2, 0.012396980311228645, 1e-13],
    ['put', 100, 40, 2.0, 0.02, 0.3, 0.13866770720813246, 1e-13],
    ['call', 20, 35, 30 / 365, 0.04, 1.1, 0.12535640490356942, 1e-13],
    ['call', 100, 100, 10.0, 0.03, 0.8, 58.828137047453424, 1e-13],
    ['call', 100, 130, 0.25, 0.0, 0.1, 7.861849490499492e-8, 1e-13],
    ['put', 5000, 4900, 1 / 8760, 0.05, 0.15, 6.0971832885323546e-37, 1e-11],
  ] as const)('%s F=%d K=%d T=%d r=%d vol=%d → %d', (ty, f, k, t, r, v, ref, tol) => {
    const p = black76Price(ty, f, k, t, r, v);
    expect(Math.abs(p / ref - 1), `price ${p}`).toBeLessThan(tol);
  });
  it('equals BSM with q = r on the spot S = F·e^{-rT} in price and vega (delta differs by the carry)', () => {
    const g76 = black76Greeks('call', 19, 20, 0.75, 0.1, 0.28);
    const gb = bsmGreeks('call', 19, 20, 0.75, 0.1, 0.1, 0.28);
    expect(g76.price).toBeCloseTo(gb.price, 14);
    expect(g76.vegaPerVolPt).toBeCloseTo(gb.vegaPerVolPt, 14);
    expect(g76.delta).toBeCloseTo(gb.delta, 14);
  });
});

const type = fc.constantFrom<OptionType>('call', 'put');
describe('black76 invariants (property tests)', () => {
  it('put-call parity: C - P = e^{-rT}(F - K)', () => {
    fc.assert(fc.property(fc.double({ min: 0.5, max: 500, noNaN: true }), fc.double({ min: -1, max: 1, noNaN: true }),
      fc.double({ min: 1e-4, max: 5, noNaN: true }), fc.double({ min: -0.02, max: 0.1, noNaN: true }), fc.double({ min: 0.01, max: 3, noNaN: true }),
      (f, m, t, r, v) => {
        const k = f * Math.exp(m);
        const lhs = black76Price('call', f, k, t, r, v) - black76Price('put', f, k, t, r, v);
        expect(Math.abs(lhs - Math.exp(-r * t) * (f - k))).toBeLessThanOrEqual(1e-12 * (f + k));
      }));
  });
  it('analytic Greeks match central finite differences', () => {
    fc.assert(fc.property(type, fc.double({ min: -0.5, max: 0.5, noNaN: true }), fc.double({ min: 0.05, max: 2, noNaN: true }),
      fc.double({ min: 0, max: 0.1, noNaN: true }), fc.double({ min: 0.1, max: 1.5, noNaN: true }), (ty, m, t, r, v) => {
        const f = 20, k = 20 * Math.exp(m);
        const g = black76Greeks(ty, f, k, t, r, v);
        const P = (ff: number, tt: number, rr: number, vv: number): number => black76Price(ty, ff, k, tt, rr, vv);
        const hf = 1e-4, ht = 1e-6, hr = 1e-6, hv = 1e-6;
        expect(Math.abs(g.delta - (P(f + hf, t, r, v) - P(f - hf, t, r, v)) / (2 * hf)), 'delta').toBeLessThan(1e-7);
        expect(Math.abs(g.gamma - (P(f + hf, t, r, v) - 2 * P(f, t, r, v) + P(f - hf, t, r, v)) / (hf * hf)), 'gamma').toBeLessThan(1e-4);
        expect(Math.abs(g.vegaPerVolPt - (P(f, t, r, v + hv) - P(f, t, r, v - hv)) / (2 * hv) / 100), 'vega').toBeLessThan(1e-8);
        expect(Math.abs(g.thetaPerDay + (P(f, t + ht, r, v) - P(f, t - ht, r, v)) / (2 * ht) / 365), 'theta').toBeLessThan(1e-8);
        expect(Math.abs(g.rhoPerPct - (P(f, t, r + hr, v) - P(f, t, r - hr, v)) / (2 * hr) / 100), 'rho').toBeLessThan(1e-8);
        expect(g.delta).toBe(black76Delta(ty, f, k, t, r, v));
      }));
  });
  it('years = 0 and vol = 0 give the discounted intrinsic value, no NaN', () => {
    expect(black76Price('call', 25, 20, 0, 0.05, 0.9)).toBe(5);
    expect(black76Price('call', 25, 20, 1, 0.05, 0)).toBeCloseTo(5 * Math.exp(-0.05), 14);
    const g = black76Greeks('put', 20, 20, 0, 0.05, 0.9);
    for (const [name, x] of Object.entries(g)) expect(Number.isFinite(x), name).toBe(true);
    expect(() => black76Price('call', 0, 20, 1, 0, 0.5)).toThrow(/forward/);
  });
});
