import { describe, expect, it } from 'vitest';
import { black76Price } from './black76.js';
import { DEFAULT_CALIBRATION } from './calibration.js';
import { CALL_WING_GRID, fitCallWing, impliedVixForward, type VixOptionSample } from './modelFit.js';
import type { ChainPoint } from './chainIv.js';
import { shapeAt, smileRatio } from './spxSmile.js';
import { vixOptionVolModel, vixOptionYears } from './vixOptionVol.js';

describe('impliedVixForward', () => {
  const p = DEFAULT_CALIBRATION.vixOptions;
  const sample = (forward: number, price: number, type: 'call' | 'put' = 'call'): VixOptionSample => ({
    source: 'vxth', date: '2008-03-03' as VixOptionSample['date'], days: 23, forward, forwardSource: 'real', frontForward: forward,
    strike: 30, type, price, rateFrac: 0.02, vvol: 0.8, iv: 0.9,
  });
  const modelPrice = (f: number): number => {
    const years = vixOptionYears(23);
    return black76Price('call', f, 30, years, 0.02, vixOptionVolModel(p, 0.8, years, f, 30));
  };

  it('recovers the future a mark was priced on (the mark made by the model at 26.5, the sample on 28)', () => {
    expect(impliedVixForward(p, sample(28, modelPrice(26.5)))).toBeCloseTo(26.5, 8);
    expect(impliedVixForward(p, sample(24, modelPrice(26.5)))).toBeCloseTo(26.5, 8);
  });

  it('is NaN for a put or when no future within [F/2, 2F] reproduces the mark', () => {
    expect(impliedVixForward(p, sample(28, modelPrice(26.5), 'put'))).toBeNaN();
    expect(impliedVixForward(p, sample(28, 40))).toBeNaN();
  });
});

describe('fitCallWing', () => {
  const shape = { ...DEFAULT_CALIBRATION.smile, callWing: 1 };
  /** Quotes of one expiry made by the shape with call wing κ (ATM vol 15%, forward 100), plus noise-free ATM. */
  const quotes = (kappa: number, days: number): ChainPoint[] => {
    const years = days / 365;
    const s = 0.15 * Math.sqrt(years);
    const t = shapeAt(shape, years);
    const out: ChainPoint[] = [];
    for (let z = -6; z <= 3.5; z += 0.25) {
      const strike = 100 * Math.exp(z * s);
      const iv = 0.15 * smileRatio(z, t, { ...shape, callWing: kappa });
      out.push({ expiration: `2026-02-${String(days).padStart(2, '0')}` as ChainPoint['expiration'], days, years, forward: 100, strike, type: z < 0 ? 'put' : 'call', mid: 1, iv, absDelta: 0.3 });
    }
    return out;
  };

  it('recovers the call wing the quotes were made with, and 1 for quotes of the plain curve', () => {
    const made = [7, 14, 28].flatMap((d) => quotes(0.6, d));
    const fit = fitCallWing(made, shape);
    expect(fit.callWing).toBeCloseTo(0.6, 3);
    expect(fit.rmseVolPts, 'exact at the fit').toBeLessThan(1e-9);
    expect(fit.rmseNeutralVolPts, 'the neutral wing misses').toBeGreaterThan(0.01);
    expect(fitCallWing([7, 14, 28].flatMap((d) => quotes(1, d)), shape).callWing).toBe(1);
  });

  it('stays on the grid bounds: never steeper than the plain curve', () => {
    expect(Math.max(...CALL_WING_GRID)).toBe(1);
    expect(fitCallWing([7, 28].flatMap((d) => quotes(1, d)).map((p) => ({ ...p, iv: p.strike > 100 ? p.iv * 1.2 : p.iv })), shape).callWing).toBeLessThanOrEqual(1);
  });
});
