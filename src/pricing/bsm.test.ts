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
