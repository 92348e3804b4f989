import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { black76Price } from './black76.js';
import { DEFAULT_CALIBRATION } from './calibration.js';
import { ssviCurvature, ssviTotalVariance, VIX_OPTION_MIN_MID, vixOptionMid, vixOptionVolModel, vixOptionYears, type VixOptionParams } from './vixOptionVol.js';

const p: VixOptionParams = { c0: -0.2, cLogVvol: 0.9, termBeta: 0.2, rho: 0.7, eta: 1.2, skewTermPower: 0.25, minDays: 1 };

describe('vixOptionVolModel: the ATM level and the SSVI slice', () => {
  it('ATM is the power law in T on ν, T floored at minDays', () => {
    const atm30 = vixOptionVolModel(p, 1, 30 / 365, 20, 20);
    expect(atm30, 'ATM 30d = exp(c0)').toBeCloseTo(Math.exp(-0.2), 12);
    expect(vixOptionVolModel(p, 0.8, 30 / 365, 20, 20), 'ν^c1').toBeCloseTo(Math.exp(-0.2) * 0.8 ** 0.9, 12);
    expect(vixOptionVolModel(p, 1, 7.5 / 365, 20, 20) / atm30, '(1/4)^-0.2').toBeCloseTo(4 ** 0.2, 10);
    expect(vixOptionVolModel(p, 1, 0, 20, 20), 'floored at 1 day').toBeCloseTo(vixOptionVolModel(p, 1, 1 / 365, 20, 20), 12);
  });

  it('SSVI (Gatheral-Jacquier eq. 4.1): w(0) = θ; ρ = 0 gives θ/2·(1 + √(φ²k² + 1)); the wings grow with slopes θφ(1 ± ρ)/2', () => {
    expect(ssviTotalVariance(0.05, 3, 0.6, 0)).toBeCloseTo(0.05, 15);
    expect(ssviTotalVariance(0.05, 3, 0, 0.4)).toBeCloseTo(0.025 * (1 + Math.sqrt(1.44 + 1)), 15);
    const right = (ssviTotalVariance(0.05, 3, 0.6, 1001) - ssviTotalVariance(0.05, 3, 0.6, 1000)) / 1;
    const left = (ssviTotalVariance(0.05, 3, 0.6, -1001) - ssviTotalVariance(0.05, 3, 0.6, -1000)) / -1;
    expect(right).toBeCloseTo((0.05 * 3 * 1.6) / 2, 8);
    expect(left).toBeCloseTo((-0.05 * 3 * 0.4) / 2, 8);
  });

  it('the curvature is held inside both bounds of Theorem 4.2 (and left alone well inside them)', () => {
    expect(ssviCurvature(2, 0.05, 0.5), 'inside: unchanged').toBe(2);
    for (const [theta, rho] of [[0.01, 0.9], [0.3, 0.2], [2, -0.5], [8, 0.99]] as const) {
      const phi = ssviCurvature(1e6, theta, rho);
      expect(theta * phi * (1 + Math.abs(rho))).toBeLessThan(4);
      expect(theta * phi * phi * (1 + Math.abs(rho))).toBeLessThan(4);
    }
  });

  it('calls rise in vol with the strike (ρ > 0) and out-of-the-money puts carry less vol than calls', () => {
    const v = (k: number): number => vixOptionVolModel(p, 1, 30 / 365, 20, 20 * Math.exp(k));
    expect(v(0.3)).toBeGreaterThan(v(0.1));
    expect(v(0.1)).toBeGreaterThan(v(0));
    expect(v(-0.1)).toBeLessThan(v(0.1));
  });
});

describe('vixOptionVolModel: no butterfly or vertical-spread arbitrage at any strike', () => {
  /** Call prices on a log-moneyness grid from -1.5 to +4 (K from 0.22·F to 55·F). */
  function callsOnGrid(q: VixOptionParams, vvol: number, days: number, forward: number, steps: number[]): { k: number[]; c: number[] } {
    const years = vixOptionYears(days);
    const ks: number[] = [];
    const cs: number[] = [];
    let lk = -1.5;
    for (const dk of steps) {
      lk += dk;
      if (lk > 4) break;
      const strike = forward * Math.exp(lk);
      ks.push(strike);
      cs.push(black76Price('call', forward, strike, years, 0.03, vixOptionVolModel(q, vvol, years, forward, strike)));
    }
    return { k: ks, c: cs };
  }

  it('property: the call price falls (slope in [-1, 0]) and is convex in the strike', () => {
    const params = fc.record({
      c0: fc.double({ min: -1, max: 1, noNaN: true }),
      cLogVvol: fc.double({ min: 0.3, max: 2, noNaN: true }),
      termBeta: fc.double({ min: 0, max: 0.6, noNaN: true }),
      rho: fc.double({ min: -0.99, max: 0.99, noNaN: true }),
      eta: fc.double({ min: 0.05, max: 30, noNaN: true }),
      skewTermPower: fc.double({ min: 0, max: 1, noNaN: true }),
      minDays: fc.double({ min: 0.1, max: 3, noNaN: true }),
    });
    fc.assert(
      fc.property(
        params,
        fc.double({ min: 0.3, max: 3, noNaN: true }),
        fc.integer({ min: 1, max: 400 }),
        fc.double({ min: 9, max: 80, noNaN: true }),
        fc.array(fc.double({ min: 0.005, max: 0.2, noNaN: true }), { minLength: 40, maxLength: 200 }),
        (q, vvol, days, forward, steps) => {
          const { k, c } = callsOnGrid(q, vvol, days, forward, steps);
          const tol = 1e-9 * forward;
          for (let j = 1; j < k.length; j++) {
            const slope = ((c[j] as number) - (c[j - 1] as number)) / ((k[j] as number) - (k[j - 1] as number));
            if (!(slope <= 1e-9 && slope >= -1 - 1e-9)) return false;
            if (j >= 2) {
              const prev = ((c[j - 1] as number) - (c[j - 2] as number)) / ((k[j - 1] as number) - (k[j - 2] as number));
              if (slope < prev - tol / ((k[j] as number) - (k[j - 1] as number))) return false;
            }
          }
          return true;
        },
      ),
      { numRuns: 300, seed: 9 },
    );
  });

  it('the committed calibration at a high vol-of-vol: calls fall to 5·F (the clipped linear skew rose beyond ~1.4·F)', () => {
    const q = DEFAULT_CALIBRATION.vixOptions;
    const years = vixOptionYears(30);
    let prev = Number.POSITIVE_INFINITY;
    for (let strike = 20; strike <= 100; strike += 0.5) {
      const c = black76Price('call', 20, strike, years, 0.03, vixOptionVolModel(q, 1.6, years, 20, strike));
      expect(c, `K=${strike}`).toBeLessThan(prev);
      prev = c;
    }
  });
});

describe('vixOptionMid', () => {
  it('is the model value, floored at half the 0.05 tick', () => {
    expect(VIX_OPTION_MIN_MID).toBe(0.025);
    expect(vixOptionMid(0.0001)).toBe(0.025);
    expect(vixOptionMid(1.3)).toBe(1.3);
  });
});
