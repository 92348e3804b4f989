import { describe, expect, it } from 'vitest';
import { black76Price } from './black76.js';
import { DEFAULT_CALIBRATION } from './calibration.js';
import { impliedVixForward, type VixOptionSample } from './modelFit.js';
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
