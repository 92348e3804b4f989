import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { bsmDelta, bsmGreeks, bsmPrice } from './bsm.js';
import { HAUG_GREEKS, HAUG_VALUES } from './fixtures/haug.js';
import { InputError } from '../core/errors.js';
import type { OptionType } from './types.js';

describe('bsmPrice: Haug reference values (QuantLib europeanoption.cpp testValues)', () => {
  it.each(HAUG_VALUES.map((row, i) => ({ i, ...row })))('row $i: $type K=$strike S=$spot q=$div r=$rate t=$years v=$vol → $value', (row) => {
    const v = bsmPrice(row.type, row.spot, row.strike, row.years, row.rate, row.div, row.vol);
    expect(Math.abs(v - row.value), `price ${v} vs Haug ${row.value}`).toBeLessThanOrEqual(row.tol);
  });
});

describe('bsmGreeks: Haug reference values (QuantLib europeanoption.cpp testGreekValues)', () => {
  it.each(HAUG_GREEKS.map((row, i) => ({ i, ...row })))('row $i: $greek of $type K=$strike S=$spot → $value', (row) => {
    const g = bsmGreeks(row.type, row.spot, row.strike, row.years, row.rate, row.div, row.vol);
    let ours: number;
    let scale = 1; // published units → ours
    switch (row.greek) {
      case 'delta': ours = g.delta; break;
      case 'elasticity': ours = (g.delta * row.spot) / g.price; break;
      case 'gamma': ours = g.gamma; break;
      case 'vega': ours = g.vegaPerVolPt; scale = 0.01; break;
      case 'theta': ours = g.thetaPerDay; scale = 1 / 365; break;
      case 'thetaPerDay': ours = g.thetaPerDay; break;
      case 'rho': ours = g.rhoPerPct; scale = 0.01; break;
      case 'dividendRho': {
        // not part of Greeks: central difference of the price in the dividend yield
        const h = 1e-6;
        ours = (bsmPrice(row.type, row.spot, row.strike, row.years, row.rate, row.div + h, row.vol)
          - bsmPrice(row.type, row.spot, row.strike, row.years, row.rate, row.div - h, row.vol)) / (2 * h);
        break;
      }
    }
    expect(Math.abs(ours - row.value * scale), `${row.greek}: ${ours} vs ${row.value * scale}`).toBeLessThanOrEqual(row.tol * scale);
  });
});

/**
 * Generalized Black-Scholes with any cost of carry b = r - q: the extreme cases of
 * dbrojas/optlib tests/test_gbs.py ("Testing valuation works at minimum/maximum values for b"
 * and "... for r"), written in Haug's (S, K, T, r, b, σ) with S = K = 100, T = 1, σ = 0.15.
 * optlib publishes 15 digits of its own implementation, whose normal CDF is good to ~3e-13
 * relative in the tails; `exact` is the same formula in mpmath 1.3 at 50 digits, rounded to the nearest double.
 */
const OPTLIB_CARRY: ReadonlyArray<{ type: OptionType; r: number; b: number; optlib: number; exact: number; tol: number }> = [
  { type: 'call', r: 0.05, b: -1, optlib: 1.62505648981223e-11, exact: 1.625056489811716e-11, tol: 3e-14 },
  { type: 'put', r: 0.05, b: -1, optlib: 60.1291675389721, exact: 60.12916753897212, tol: 4e-16 },
  { type: 'call', r: 0.05, b: 1, optlib: 163.448023481557, exact: 163.44802348155739, tol: 4e-16 },
  { type: 'put', r: 0.05, b: 1, optlib: 4.4173615264761e-11, exact: 4.417361526474629e-11, tol: 3e-14 },
  { type: 'call', r: -1, b: 0, optlib: 16.2513262267156, exact: 16.251326226715637, tol: 4e-15 },
  { type: 'put', r: -1, b: 0, optlib: 16.2513262267156, exact: 16.251326226715637, tol: 4e-15 },
  { type: 'call', r: 1, b: 0, optlib: 2.19937783786316, exact: 2.1993778378631528, tol: 4e-15 },
  { type: 'put', r: 1, b: 0, optlib: 2.19937783786316, exact: 2.1993778378631528, tol: 4e-15 },
];

describe('bsmPrice: any finite rate and dividend yield (cost of carry b = r - q)', () => {
  it.each(OPTLIB_CARRY)('$type r=$r b=$b (q = r - b) → optlib $optlib', ({ type, r, b, optlib, exact, tol }) => {
    const q = r - b; // q = 1.05 for b = -1: a yield above 100% is a carry, not a typo
    const v = bsmPrice(type, 100, 100, 1, r, q, 0.15);
    expect(Math.abs(v / optlib - 1), `${v} vs optlib ${optlib}`).toBeLessThan(1e-12);
    // Deep out of the money (d2 ≈ -6.6) the rounding of the inputs alone moves the price by
    // ~d²/2 ulp: hence 3e-14 there, a few ulp elsewhere.
    expect(Math.abs(v / exact - 1), `${v} vs 50-digit ${exact}`).toBeLessThan(tol);
    expect(bsmGreeks(type, 100, 100, 1, r, q, 0.15).price, 'bsmGreeks agrees').toBeCloseTo(v, 13);
  });
});

const type = fc.constantFrom<OptionType>('call', 'put');
const spot = fc.double({ min: 1, max: 10_000, noNaN: true });
const moneyness = fc.double({ min: -1.5, max: 1.5, noNaN: true });
const years = fc.double({ min: 1 / 365 / 24, max: 10, noNaN: true });
const rate = fc.double({ min: -0.02, max: 0.15, noNaN: true });
const div = fc.double({ min: 0, max: 0.08, noNaN: true });
const vol = fc.double({ min: 0.01, max: 2, noNaN: true });

describe('bsm invariants (property tests)', () => {
  it('put-call parity: C - P = S e^{-qT} - K e^{-rT}', () => {
    fc.assert(fc.property(spot, moneyness, years, rate, div, vol, (s, m, t, r, q, v) => {
      const k = s * Math.exp(m);
      const c = bsmPrice('call', s, k, t, r, q, v);
      const p = bsmPrice('put', s, k, t, r, q, v);
      const fwd = s * Math.exp(-q * t) - k * Math.exp(-r * t);
      expect(Math.abs(c - p - fwd), `C=${c} P=${p}`).toBeLessThanOrEqual(1e-12 * (s + k));
    }));
  });
  it('put-call parity and the no-arbitrage bounds hold under negative and extreme carry (r, q in [-1, 2])', () => {
    const anyRate = fc.double({ min: -1, max: 2, noNaN: true });
    fc.assert(fc.property(spot, moneyness, fc.double({ min: 1 / 365, max: 5, noNaN: true }), anyRate, anyRate, vol, (s, m, t, r, q, v) => {
      const k = s * Math.exp(m);
      const c = bsmPrice('call', s, k, t, r, q, v);
      const p = bsmPrice('put', s, k, t, r, q, v);
      const fq = s * Math.exp(-q * t), kr = k * Math.exp(-r * t);
      expect(Number.isFinite(c) && Number.isFinite(p), `C=${c} P=${p}`).toBe(true);
      expect(Math.abs(c - p - (fq - kr)), `C=${c} P=${p}`).toBeLessThanOrEqual(2e-15 * (fq + kr));
      expect(c, 'call below e^{-qT}S').toBeLessThanOrEqual(fq * (1 + 1e-15));
      expect(p, 'put below e^{-rT}K').toBeLessThanOrEqual(kr * (1 + 1e-15));
      // the delta of a call is e^{-qT}·N(d1) whatever the carry: between 0 and e^{-qT}
      const d = bsmDelta('call', s, k, t, r, q, v);
      expect(d >= 0 && d <= Math.exp(-q * t), `delta ${d}`).toBe(true);
      const dfq = Math.exp(-q * t);
      expect(Math.abs(bsmDelta('put', s, k, t, r, q, v) - (d - dfq)), 'delta parity').toBeLessThanOrEqual(4 * Number.EPSILON * dfq);
    }));
  });
  it('stays within the no-arbitrage bounds', () => {
    fc.assert(fc.property(type, spot, moneyness, years, rate, div, vol, (ty, s, m, t, r, q, v) => {
      const k = s * Math.exp(m);
      const p = bsmPrice(ty, s, k, t, r, q, v);
      const fq = s * Math.exp(-q * t), kr = k * Math.exp(-r * t);
      const lo = Math.max(ty === 'call' ? fq - kr : kr - fq, 0);
      const hi = ty === 'call' ? fq : kr;
      expect(p, 'above intrinsic of the forward').toBeGreaterThanOrEqual(lo - 1e-12 * (s + k));
      expect(p, 'below the upper bound').toBeLessThanOrEqual(hi * (1 + 1e-15));
    }));
  });
  it('call price rises with vol and falls with strike', () => {
    fc.assert(fc.property(spot, moneyness, years, rate, div, vol, fc.double({ min: 1e-3, max: 0.5, noNaN: true }), (s, m, t, r, q, v, d) => {
      const k = s * Math.exp(m);
      // Deep in the money the vega is below the rounding of the price itself: allow the
      // price's own rounding (a few ulps), not a real decrease.
      const base = bsmPrice('call', s, k, t, r, q, v);
      const ulps = 4 * Number.EPSILON * Math.abs(base);
      expect(bsmPrice('call', s, k, t, r, q, v + d), 'vol up').toBeGreaterThanOrEqual(base - ulps);
      expect(bsmPrice('call', s, k * (1 + d), t, r, q, v), 'strike up').toBeLessThanOrEqual(base + ulps);
    }));
  });
  it('analytic Greeks match central finite differences (as in QuantLib testGreeks)', () => {
    fc.assert(fc.property(type, fc.double({ min: -0.6, max: 0.6, noNaN: true }), fc.double({ min: 0.05, max: 3, noNaN: true }),
      rate, div, fc.double({ min: 0.08, max: 1, noNaN: true }), (ty, m, t, r, q, v) => {
        const s = 100, k = 100 * Math.exp(m);
        const g = bsmGreeks(ty, s, k, t, r, q, v);
        const P = (ss: number, tt: number, rr: number, vv: number): number => bsmPrice(ty, ss, k, tt, rr, q, vv);
        const hs = 1e-3, ht = 1e-5, hr = 1e-6, hv = 1e-6;
        const delta = (P(s + hs, t, r, v) - P(s - hs, t, r, v)) / (2 * hs);
        const gamma = (P(s + hs, t, r, v) - 2 * P(s, t, r, v) + P(s - hs, t, r, v)) / (hs * hs);
        const vega = (P(s, t, r, v + hv) - P(s, t, r, v - hv)) / (2 * hv) / 100;
        const theta = -(P(s, t + ht, r, v) - P(s, t - ht, r, v)) / (2 * ht) / 365;
        const rho = (P(s, t, r + hr, v) - P(s, t, r - hr, v)) / (2 * hr) / 100;
        expect(Math.abs(g.delta - delta), 'delta').toBeLessThan(1e-7);
        expect(Math.abs(g.gamma - gamma), 'gamma').toBeLessThan(2e-5);
        expect(Math.abs(g.vegaPerVolPt - vega), 'vega').toBeLessThan(1e-7);
        expect(Math.abs(g.thetaPerDay - theta), 'theta').toBeLessThan(1e-7);
        expect(Math.abs(g.rhoPerPct - rho), 'rho').toBeLessThan(1e-7);
        expect(g.delta, 'bsmDelta = bsmGreeks.delta').toBe(bsmDelta(ty, s, k, t, r, q, v));
        expect(g.price, 'bsmPrice = bsmGreeks.price').toBeCloseTo(bsmPrice(ty, s, k, t, r, q, v), 12);
      }));
  });
});

describe('bsm edge cases', () => {
  it('years = 0 gives the intrinsic value, no NaN', () => {
    const g = bsmGreeks('call', 110, 100, 0, 0.05, 0.02, 0.2);
    expect(g).toEqual({ price: 10, delta: 1, gamma: 0, vegaPerVolPt: 0, thetaPerDay: (0.02 * 110 - 0.05 * 100) / 365, rhoPerPct: 0 });
    expect(bsmPrice('put', 110, 100, 0, 0.05, 0.02, 0.2)).toBe(0);
    const atm = bsmGreeks('put', 100, 100, 0, 0.05, 0, 0.2);
    for (const [k, v] of Object.entries(atm)) expect(Number.isNaN(v), k).toBe(false);
  });
  it('vol = 0 gives the intrinsic value of the discounted forward', () => {
    const s = 100, k = 100, t = 1, r = 0.05, q = 0.01;
    const expected = s * Math.exp(-q * t) - k * Math.exp(-r * t);
    expect(bsmPrice('call', s, k, t, r, q, 0)).toBeCloseTo(expected, 14);
    expect(bsmPrice('put', s, k, t, r, q, 0)).toBe(0);
    const g = bsmGreeks('call', s, k, t, r, q, 0);
    expect(g.delta).toBeCloseTo(Math.exp(-q * t), 15);
    expect(g.rhoPerPct).toBeCloseTo((k * t * Math.exp(-r * t)) / 100, 15);
  });
  it('deep out-of-the-money prices keep their relative precision (no cancellation to 0)', () => {
    // 1-hour SPX call 2% out of the money at 15% vol: mpmath (50 digits) gives 1.4588240734705411e-35
    // for the undiscounted Black-76 equivalent with r = 0.05 (forward = spot·e^{rT}).
    const t = 1 / 8760;
    const p = bsmPrice('call', 5000 * Math.exp(-0.05 * t), 5100, t, 0.05, 0, 0.15);
    expect(Math.abs(p / 1.4588240734705411e-35 - 1), `p=${p}`).toBeLessThan(1e-12);
  });
  it('rejects out-of-domain inputs with an InputError naming the field', () => {
    expect(() => bsmPrice('call', -1, 100, 1, 0, 0, 0.2)).toThrow(/spot/);
    expect(() => bsmPrice('call', 100, 0, 1, 0, 0, 0.2)).toThrow(/strike/);
    expect(() => bsmPrice('call', 100, 100, -1, 0, 0, 0.2)).toThrow(/years/);
    expect(() => bsmPrice('call', 100, 100, 1, NaN, 0, 0.2)).toThrow(/rate/);
    expect(() => bsmPrice('call', 100, 100, 1, 0, Infinity, 0.2)).toThrow(/div/);
    expect(() => bsmGreeks('call', 100, 100, 1, 0, 0, -0.2)).toThrow(InputError);
  });
});
