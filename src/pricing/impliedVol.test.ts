import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { impliedVolBlack76, impliedVolBsm } from './impliedVol.js';
import { black76Greeks, black76Price } from './black76.js';
import { bsmGreeks, bsmPrice } from './bsm.js';
import { PricingError } from '../core/errors.js';
import type { OptionType } from './types.js';

const TYPES: readonly OptionType[] = ['call', 'put'];

describe('implied vol: QuantLib test-suite/blackformula.cpp fixtures', () => {
  // testRadoicicStefanicaImpliedVol: T = 1.7, r = 0.1, forward = 100, vol = 0.3, these 11
  // strikes, calls and puts. QuantLib checks an approximation to 0.02; an exact solver must
  // recover the vol to 1e-12.
  const strikesRS = [50, 60, 70, 80, 90, 100, 110, 125, 150, 200, 300];
  it.each(strikesRS.flatMap((k) => TYPES.map((ty) => [ty, k] as const)))('Black-76 %s K=%d recovers vol 0.3', (ty, k) => {
    const p = black76Price(ty, 100, k, 1.7, 0.1, 0.3);
    expect(Math.abs(impliedVolBlack76(ty, p, 100, k, 1.7, 0.1) - 0.3), `price ${p}`).toBeLessThan(1e-12);
  });
  // testImpliedVolAdaptiveSuccessiveOverRelaxation: spot 100, r = 0.10, q = 0.06,
  // 15 months from 2017-07-12 on Actual/365F (457 days), vol 0.20, strikes 50..200,
  // no displacement. QuantLib's tolerance is 1e-7 on the std dev; ours 1e-12 on the vol.
  const strikesASOR = [50, 60, 70, 80, 90, 100, 110, 125, 150, 200];
  it.each(strikesASOR.flatMap((k) => TYPES.map((ty) => [ty, k] as const)))('BSM %s K=%d recovers vol 0.2', (ty, k) => {
    const t = 457 / 365;
    const p = bsmPrice(ty, 100, k, t, 0.1, 0.06, 0.2);
    expect(Math.abs(impliedVolBsm(ty, p, 100, k, t, 0.1, 0.06) - 0.2), `price ${p}`).toBeLessThan(1e-12);
  });
});

describe('implied vol: prices from a second implementation', () => {
  // Black-76 prices computed with mpmath 1.3 at 50 digits (independent of our normCdf):
  // 1-hour, 1-day, deep out-of-the-money, tiny premiums. The vol must come back to 1e-10.
  it.each([
    ['call', 5000, 5100, 1 / 8760, 0.05, 0.15, 1.458824073470541e-35],
    ['put', 5000, 4900, 1 / 8760, 0.05, 0.15, 6.0971832885323546e-37],
    ['call', 5000, 5010, 1 / 365, 0.05, 0.12, 8.169559447456521],
    ['put', 5000, 4700, 1 / 365, 0.05, 0.25, 0.00001404345978134217],
    ['call', 100, 180, 1.0, 0.02, 0.2, 0.012396980311228645],
    ['put', 100, 40, 2.0, 0.02, 0.3, 0.13866770720813246],
    ['call', 20, 35, 30 / 365, 0.04, 1.1, 0.12535640490356942],
    ['call', 100, 100, 10.0, 0.03, 0.8, 58.828137047453424],
    ['call', 100, 130, 0.25, 0.0, 0.1, 7.861849490499492e-8],
  ] as const)('%s F=%d K=%d T=%d r=%d → vol %d', (ty, f, k, t, r, vol, price) => {
    expect(Math.abs(impliedVolBlack76(ty, price, f, k, t, r) - vol)).toBeLessThan(1e-10);
  });
});

describe('implied vol: unattainable prices are errors with their own code', () => {
  const code = (fn: () => unknown): string => {
    try {
      fn();
    } catch (e) {
      if (e instanceof PricingError) return e.code;
      throw e;
    }
    return 'no error';
  };
  it('below intrinsic', () => {
    expect(code(() => impliedVolBlack76('call', 9.99, 110, 100, 0.5, 0))).toBe('price_below_intrinsic');
    expect(code(() => impliedVolBsm('put', 4, 95, 100, 0.5, 0, 0))).toBe('price_below_intrinsic');
  });
  it('at or above the upper bound', () => {
    expect(code(() => impliedVolBlack76('call', 110, 110, 100, 0.5, 0))).toBe('price_above_bound');
    expect(code(() => impliedVolBsm('put', 100.5, 95, 100, 0.5, 0, 0))).toBe('price_above_bound');
  });
  it('zero time', () => {
    expect(code(() => impliedVolBsm('call', 5, 100, 100, 0, 0, 0))).toBe('zero_time');
  });
  it('a price equal to intrinsic has vol 0; a negative price is an input error', () => {
    expect(impliedVolBlack76('call', 10, 110, 100, 0.5, 0)).toBe(0);
    expect(() => impliedVolBlack76('call', -1, 110, 100, 0.5, 0)).toThrow(/price/);
  });
});

describe('implied vol round trip (property tests)', () => {
  const tenor = fc.oneof(fc.constant(1 / 365 / 24), fc.constant(1 / 365), fc.double({ min: 1 / 365 / 24, max: 30, noNaN: true }));
  const vol = fc.double({ min: 0.005, max: 3, noNaN: true });
  const stdMoneyness = fc.double({ min: -8, max: 8, noNaN: true }); // ln(K/F) in units of σ√T
  // Well-posed: the price carries enough information to fix the vol to 1e-11. The vol error
  // from rounding the price is about ε·price·(1 + |ln F/K|/σ²T)/vega; keep cases where it is small.
  const wellPosed = (price: number, vegaPerVol: number, x: number, s: number): boolean =>
    price > 1e-300 && vegaPerVol > 0 && (8 * 2.2e-16 * price * (1 + Math.abs(x) / (s * s))) / vegaPerVol < 1e-11;

  it('Black-76: impliedVol(price(σ)) = σ to 1e-10, 1-hour to 30-year tenors, deep ITM/OTM', () => {
    fc.assert(fc.property(fc.constantFrom<OptionType>('call', 'put'), tenor, vol, stdMoneyness, fc.double({ min: -0.02, max: 0.1, noNaN: true }), (ty, t, v, z, r) => {
      const f = 4500;
      const s = v * Math.sqrt(t);
      const k = f * Math.exp(z * s);
      const g = black76Greeks(ty, f, k, t, r, v);
      fc.pre(wellPosed(g.price * Math.exp(r * t), g.vegaPerVolPt * 100 * Math.exp(r * t), z * s, s));
      const iv = impliedVolBlack76(ty, g.price, f, k, t, r);
      expect(Math.abs(iv - v), `price ${g.price} K ${k} T ${t}`).toBeLessThan(1e-10);
    }), { numRuns: 2000 });
  });
  it('BSM: impliedVol(price(σ)) = σ to 1e-10 with dividends', () => {
    fc.assert(fc.property(fc.constantFrom<OptionType>('call', 'put'), tenor, vol, stdMoneyness, fc.double({ min: 0, max: 0.08, noNaN: true }), fc.double({ min: 0, max: 0.05, noNaN: true }), (ty, t, v, z, r, q) => {
      const spot = 100;
      const s = v * Math.sqrt(t);
      const k = spot * Math.exp((r - q) * t + z * s);
      const g = bsmGreeks(ty, spot, k, t, r, q, v);
      fc.pre(wellPosed(g.price * Math.exp(r * t), g.vegaPerVolPt * 100 * Math.exp(r * t), z * s, s));
      const iv = impliedVolBsm(ty, g.price, spot, k, t, r, q);
      expect(Math.abs(iv - v), `price ${g.price} K ${k} T ${t}`).toBeLessThan(1e-10);
    }), { numRuns: 2000 });
  });
  it('tiny premiums (1e-12 of the forward and below) still invert', () => {
    for (const t of [1 / 8760, 1 / 365, 0.25]) {
      for (const ty of TYPES) {
        const f = 100;
        // a strike whose out-of-the-money premium is about 1e-12·F at vol 0.2
        const s = 0.2 * Math.sqrt(t);
        const k = ty === 'call' ? f * Math.exp(7 * s) : f * Math.exp(-7 * s);
        const p = black76Price(ty, f, k, t, 0, 0.2);
        expect(p / f, 'premium is tiny').toBeLessThan(1e-11);
        expect(Math.abs(impliedVolBlack76(ty, p, f, k, t, 0) - 0.2), `${ty} T=${t} p=${p}`).toBeLessThan(1e-10);
      }
    }
  });
  it('vol is increasing in price (up to rounding, 1e-13)', () => {
    fc.assert(fc.property(fc.double({ min: 0.01, max: 0.99, noNaN: true }), fc.double({ min: 0.01, max: 0.99, noNaN: true }), (a, b) => {
      const lo = Math.min(a, b), hi = Math.max(a, b);
      const f = 100, k = 105, bound = f;
      expect(impliedVolBlack76('call', hi * bound, f, k, 1, 0)).toBeGreaterThanOrEqual(impliedVolBlack76('call', lo * bound, f, k, 1, 0) - 1e-13);
    }));
  });
});
