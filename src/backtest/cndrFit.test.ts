import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { embeddedDataDir } from '../adapters/csvMarketData.js';
import { readIndexHistory } from '../cli/commands/replicate.js';
import { loadEmbeddedData } from '../cli/engineInputs.js';
import { DEFAULT_CALIBRATION } from '../pricing/calibration.js';
import { cndrLoss, cndrRows, fitSkewElasticity } from './cndrFit.js';

// Cboe's real CNDR history shipped in data/cndr_daily.csv (see data/PROVENANCE.md).
const data = loadEmbeddedData();
const real = readIndexHistory(path.join(embeddedDataDir(), 'cndr_daily.csv'));

describe('the skew elasticity fitted to the real CNDR', () => {
  it('reproduces the committed elasticity, and beats a shape without SKEW in sample', () => {
    const fit = fitSkewElasticity(data, DEFAULT_CALIBRATION, real);
    expect(fit.skewElasticity).toBeCloseTo(DEFAULT_CALIBRATION.smile.skewElasticity, 12);
    const flat = cndrRows(data, { ...DEFAULT_CALIBRATION, smile: { ...DEFAULT_CALIBRATION.smile, skewElasticity: 0 } }, real)[0];
    expect(flat && fit.loss < cndrLoss(flat)).toBe(true);
  });

  it('held out (1998-2005) and over 1990-2005 the replica earns within 0.5 pt a year of the real index', () => {
    const rows = cndrRows(data, DEFAULT_CALIBRATION, real);
    expect(rows.map((r) => r.sample)).toEqual(['in-sample', 'held-out', 'all']);
    for (const r of rows.slice(1)) {
      expect(Math.abs(r.annualReturnModel - r.annualReturnReal), r.sample).toBeLessThan(0.005);
      expect(r.monthlyCorrelation ?? 0, r.sample).toBeGreaterThan(0.85);
    }
  });
});
