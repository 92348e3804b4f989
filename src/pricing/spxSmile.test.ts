import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SESSION_DAYS } from '../core/calendar.js';
import { black76Price } from './black76.js';
import { DEFAULT_CALIBRATION } from './calibration.js';
import { atmTotalSdForVariance, buildMfvTable, SHAPE_GAP_FADE_DAYS, shapeAt, shapeTenorYears, skewScaleOf, smileModelFreeTotalVariance, smileRatio, smileVolAt, type SmileShapeParams } from './spxSmile.js';
import { EFF_LEN } from './modelSeries.js';
import { fillEffectiveDays, fillPillars, PILLAR_COUNT, targetTotalVariance } from './volTermStructure.js';

const calib = DEFAULT_CALIBRATION;
const table = buildMfvTable(calib.smile);
const WEEKDAYS = [1, 1, 1, 1, 0, 0, 1, 1, 1, 1]; // a Monday close: Tue..Fri, weekend, Mon..Thu

function pillarsFor(vix: number, r9: number, r3: number, r6: number, rv: number): { pillars: Float64Array; eff: Float64Array } {
  const pillars = new Float64Array(PILLAR_COUNT);
  fillPillars(calib.termStructure, vix, Number.NaN, vix * r9, vix * r3, vix * r6, rv, 1, pillars, 0);
  const eff = new Float64Array(EFF_LEN);
  fillEffectiveDays(WEEKDAYS, calib.termStructure.nonTradingDayWeight, eff);
  return { pillars, eff };
}

describe('SPX smile: no static arbitrage on the strike grid', () => {
  it('call prices decrease and are convex in strike, for any VIX-family inputs and tenor', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.09, max: 0.85, noNaN: true }),
        fc.double({ min: 0.7, max: 1.3, noNaN: true }),
        fc.double({ min: 0.75, max: 1.25, noNaN: true }),
        fc.double({ min: 0.7, max: 1.3, noNaN: true }),
        fc.double({ min: 0.03, max: 1.2, noNaN: true }),
        fc.constantFrom(0.25, 1, 3, 7, 30, 90, 180),
        fc.constantFrom(0.2, 0.4, 0.7, 1),
        // the committed call wing, a flatter one and the steepest allowed (κ 1.5 fails: VIX 41, 180 days)
        fc.constantFrom(calib.smile.callWing, 0.3, 1),
        (vix, r9, r3, r6, rv, days, skewScale, callWing) => {
          const { pillars, eff } = pillarsFor(vix, r9, r3, r6, rv);
          const years = days / 365;
          const smile: SmileShapeParams = { ...calib.smile, callWing };
          const w = targetTotalVariance(pillars, 0, eff, years, calib.termStructure.intradayVarShare);
          const s = atmTotalSdForVariance(buildMfvTable(smile, skewScale), w, years);
          // Strikes over ±6 ATM standard deviations, 241 points (unit forward).
          const prices: number[] = [];
          const strikes: number[] = [];
          for (let i = 0; i <= 240; i++) {
            const k = s * (-6 + (12 * i) / 240);
            const strike = Math.exp(k);
            strikes.push(strike);
            prices.push(black76Price('call', 1, strike, years, 0, smileVolAt(smile, k, s, years, skewScale)));
          }
          for (let i = 1; i < prices.length; i++) {
            expect((prices[i] ?? 0) - (prices[i - 1] ?? 0), `call price falls with strike (vix ${vix}, ${days}d, i ${i})`).toBeLessThanOrEqual(1e-12);
          }
          for (let i = 1; i + 1 < prices.length; i++) {
            const k0 = strikes[i - 1] ?? 0;
            const k1 = strikes[i] ?? 0;
            const k2 = strikes[i + 1] ?? 0;
            const interp = ((prices[i - 1] ?? 0) * (k2 - k1) + (prices[i + 1] ?? 0) * (k1 - k0)) / (k2 - k0);
            expect((prices[i] ?? 0) - interp, `call price convex in strike (vix ${vix}, ${days}d, i ${i})`).toBeLessThanOrEqual(1e-12);
          }
        },
      ),
      { numRuns: 300, seed: 20260130 },
    );
  });

  it('total variance never decreases with tenor (no calendar arbitrage in the ATM term structure)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.09, max: 0.85, noNaN: true }),
        fc.double({ min: 0.5, max: 1.6, noNaN: true }),
        fc.double({ min: 0.6, max: 1.4, noNaN: true }),
        fc.double({ min: 0.6, max: 1.4, noNaN: true }),
        (vix, r9, r3, r6) => {
          const { pillars, eff } = pillarsFor(vix, r9, r3, r6, vix);
          let prev = 0;
          for (let d = 0.05; d <= 400; d *= 1.07) {
            const w = targetTotalVariance(pillars, 0, eff, d / 365, calib.termStructure.intradayVarShare);
            expect(w, `w(${d.toFixed(2)}d)`).toBeGreaterThanOrEqual(prev - 1e-15);
            prev = w;
          }
        },
      ),
      { numRuns: 200, seed: 7 },
    );
  });
});

describe('SPX smile: scaling on the VIX-family variance', () => {
  it('the tabulated scaling reproduces the target variance of the fine integral', () => {
    for (const [vixPts, days] of [
      [12, 1],
      [15, 30],
      [40, 9],
      [80, 30],
      [25, 180],
    ] as const) {
      const years = days / 365;
      const w = (vixPts / 100) ** 2 * years;
      const s = atmTotalSdForVariance(table, w, years);
      const exact = smileModelFreeTotalVariance(calib.smile, s, years, 8000);
      expect(Math.abs(exact / w - 1), `VIX ${vixPts}, ${days} days`).toBeLessThan(3e-3);
    }
  });

  it('skew scale: the SKEW index sets the steepness, 1 on the reference day and without data', () => {
    const p: SmileShapeParams = { ...calib.smile, skewRef: 143.65, skewElasticity: 0.45 };
    // ((116 − 100) / 43.65)^0.45 = 0.6366, on the 0.02 grid 0.64 (the 1990s' mean SKEW).
    expect(skewScaleOf(p, 116)).toBeCloseTo(0.64, 12);
    expect(skewScaleOf(p, 143.65)).toBe(1);
    expect(skewScaleOf(p, Number.NaN)).toBe(1);
    expect(skewScaleOf(p, 99)).toBe(1);
    expect(skewScaleOf({ ...p, skewElasticity: 0 }, 116)).toBe(1);
    // never steeper than the fitted shape (see SKEW_SCALE_MAX), never flatter than a fifth of it
    expect(skewScaleOf(p, 180)).toBe(1);
    expect(skewScaleOf({ ...p, skewElasticity: 5 }, 101)).toBe(0.2);
  });

  it('skew scale keeps the variance: a flatter skew at the same VIX lifts the money and the call side', () => {
    const years = 30 / 365;
    const w = 0.2 ** 2 * years;
    const flat = atmTotalSdForVariance(buildMfvTable(calib.smile, 0.6), w, years);
    const steep = atmTotalSdForVariance(buildMfvTable(calib.smile, 1), w, years);
    expect(Math.abs(smileModelFreeTotalVariance(calib.smile, flat, years, 8000, 0.6) / w - 1)).toBeLessThan(3e-3);
    expect(flat, 'ATM sd').toBeGreaterThan(steep);
    const k20Call = 0.8 * steep; // about the 20-delta call
    expect(smileVolAt(calib.smile, k20Call, flat, years, 0.6)).toBeGreaterThan(smileVolAt(calib.smile, k20Call, steep, years, 1));
  });

  it('has the fitted shape: put skew, a call-side trough and f(0) = 1', () => {
    const t = shapeAt(calib.smile, 30 / 365);
    const f = (z: number): number => smileRatio(z, t, calib.smile);
    expect(f(0), 'ATM ratio').toBeCloseTo(1, 12);
    // 2026-01-30 chain, 28-31 days: IV/ATM ≈ 1.58 at z = -2 and ≈ 0.74 at z = 1.5 (calibrate's shape fit).
    expect(f(-2), 'z = -2').toBeGreaterThan(1.45);
    expect(f(-2)).toBeLessThan(1.7);
    expect(f(1.5), 'z = 1.5').toBeGreaterThan(0.65);
    expect(f(1.5)).toBeLessThan(0.85);
  });
});

describe('SPX smile: the call wing κ', () => {
  const t = shapeAt(calib.smile, 7 / 365);
  const svi = (z: number): number => {
    // The plain curve, f = 1 + b·(g(u) − g(0)), written out.
    const { m, psi, zc } = calib.smile;
    const g = (u: number): number => t.rho * (u - m) + Math.sqrt((u - m) ** 2 + psi * psi);
    return 1 + t.b * (g(z / Math.sqrt(1 + Math.abs(z) / zc)) - g(0));
  };

  it('κ = 1 is the plain SVI curve at every z; κ scales only the rise beyond the call-side trough', () => {
    const neutral: SmileShapeParams = { ...calib.smile, callWing: 1 };
    const flat: SmileShapeParams = { ...calib.smile, callWing: 0.5 };
    for (const z of [-8, -2, -0.5, 0, 0.5, 1, 2, 4, 8]) expect(smileRatio(z, t, neutral), `z ${z}`).toBeCloseTo(svi(z), 12);
    // u* − m = −ρψ/√(1 − ρ²): below the trough κ changes nothing.
    expect(t.uTrough).toBeGreaterThan(calib.smile.m);
    for (const z of [-8, -1, 0, 1]) expect(smileRatio(z, t, flat), `z ${z} below the trough`).toBe(smileRatio(z, t, neutral));
    const zFar = 4;
    const fTrough = 1 + t.b * t.gTrough;
    expect(smileRatio(zFar, t, flat) - fTrough, 'half the rise at κ 0.5').toBeCloseTo(0.5 * (smileRatio(zFar, t, neutral) - fTrough), 12);
  });

  it('f and its slope are continuous at the trough for any κ', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1, noNaN: true }), fc.constantFrom(1, 3, 30, 180), (callWing, days) => {
        const p: SmileShapeParams = { ...calib.smile, callWing };
        const tt = shapeAt(p, days / 365);
        // z of the trough: u = z/√(1 + |z|/zc) inverted for z > 0.
        const u = tt.uTrough;
        const z = (u * u + Math.sqrt(u ** 4 + 4 * u * u * p.zc * p.zc)) / (2 * p.zc);
        const h = 1e-5;
        const left = smileRatio(z - h, tt, p);
        const right = smileRatio(z + h, tt, p);
        expect(Math.abs(right - left), 'continuous').toBeLessThan(1e-8);
        expect(Math.abs((right - left) / (2 * h)), 'flat at the trough').toBeLessThan(1e-4);
      }),
      { numRuns: 100, seed: 9 },
    );
  });

  it('the committed κ is the fitted value (0.99: the chains want the neutral wing)', () => {
    expect(calib.smile.callWing).toBeCloseTo(0.99, 3);
  });
});

describe('SPX smile: the shape clock runs in sessions over the first weekend', () => {
  it('a weekday close is unchanged; a Friday close reads the Monday expiry as one session', () => {
    for (const d of [0.3, 1, 3, 9, 29, 60]) expect(shapeTenorYears(d / 365, 1), `${d} days`).toBe(d / 365);
    expect(shapeTenorYears(3 / 365, 3) * 365, 'Friday to Monday').toBeCloseTo(1, 12);
    // Monday's open (an AM expiry): the 1/3 clock. Inside the weekend (no expiry there): the
    // clock is lifted from it to the session's 6.5 hours at SESSION_DAYS, by 0.0903 days at 1.5.
    const s = 6.5 / 24;
    expect(shapeTenorYears((3 - s) / 365, 3) * 365, "Monday's open").toBeCloseTo((3 - s) / 3, 12);
    expect(shapeTenorYears(1.5 / 365, 3) * 365, 'inside the weekend').toBeCloseTo(0.5 + ((s - s / 3) * (3 - s - 1.5)) / (3 - 2 * s), 12);
    // Friday to Tuesday: 4 − 2·(30 − 4)/(30 − 3) = 2.074 days.
    expect(shapeTenorYears(4 / 365, 3) * 365).toBeCloseTo(4 - (2 * 26) / 27, 12);
    expect(shapeTenorYears(SHAPE_GAP_FADE_DAYS / 365, 3) * 365, 'faded out').toBeCloseTo(SHAPE_GAP_FADE_DAYS, 12);
  });

  it('reads a 0DTE session (a tenor up to the 6.5-hour session) as it is after any gap: the weekend is over by the open', () => {
    for (const gap of [1, 2, 3, 4, 5]) {
      expect(shapeTenorYears(SESSION_DAYS / 365, gap), `gap ${gap}`).toBe(SESSION_DAYS / 365);
      expect(shapeTenorYears(SESSION_DAYS / 3 / 365, gap), `gap ${gap}`).toBe(SESSION_DAYS / 3 / 365);
    }
  });

  it('is continuous and increasing in the tenor for any gap', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5 }), (gap) => {
        let prev = 0;
        for (let d = 0.01; d <= 45; d += 0.01) {
          const y = shapeTenorYears(d / 365, gap) * 365;
          expect(y, `${d.toFixed(2)} days, gap ${gap}`).toBeGreaterThan(prev);
          expect(y - prev, 'no jump').toBeLessThan(0.05);
          prev = y;
        }
      }),
      { numRuns: 5 },
    );
  });
});
