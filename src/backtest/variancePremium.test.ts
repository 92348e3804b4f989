import { describe, expect, it } from 'vitest';
import type { IsoDate } from '../core/time.js';
import { loadEmbeddedData } from '../cli/engineInputs.js';
import { DEFAULT_CALIBRATION } from '../pricing/calibration.js';
import { PREMIUM_HORIZONS_DAYS, variancePremium } from './variancePremium.js';

const data = loadEmbeddedData();

describe('variance premium by horizon (real SPX moves against the model)', () => {
  const rows = variancePremium(data, DEFAULT_CALIBRATION, '1990-01-02' as IsoDate, '2026-12-31' as IsoDate);

  it('one row per horizon, each over every day with a close h sessions later', () => {
    expect(rows.map((r) => r.horizonDays)).toEqual([...PREMIUM_HORIZONS_DAYS]);
    for (const r of rows) expect(r.count, `${r.horizonDays}d`).toBe(data.daily.n - r.horizonDays);
  });

  it('1990-2026: no premium at one day, the usual one from two days on (the reason the 1DTE condor loses)', () => {
    const at = (h: number): number => rows.find((r) => r.horizonDays === h)?.realizedOverImpliedAtm ?? Number.NaN;
    // `alvh calibrate` prints these: 1.23 at 1 day, 0.84 at 2, 0.71 at 5, 0.66 at 10, 0.69 at 21
    expect(at(1)).toBeGreaterThan(1.1);
    expect(at(2)).toBeLessThan(0.9);
    expect(at(5)).toBeLessThan(0.8);
    expect(at(21)).toBeLessThan(0.8);
    // the VIX-family (model-free) variance includes the wings, so it is above the ATM variance
    for (const r of rows) expect(r.realizedOverImpliedVix, `${r.horizonDays}d`).toBeLessThan(r.realizedOverImpliedAtm);
  });

  it('a window without a day gives NaN ratios and a zero count', () => {
    const none = variancePremium(data, DEFAULT_CALIBRATION, '1980-01-01' as IsoDate, '1980-12-31' as IsoDate);
    for (const r of none) {
      expect(r.count).toBe(0);
      expect(r.realizedOverImpliedAtm).toBeNaN();
    }
  });
});
