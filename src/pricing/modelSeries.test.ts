import { describe, expect, it } from 'vitest';
import type { IsoDate } from '../core/time.js';
import { DEFAULT_CALIBRATION } from './calibration.js';
import { prepareModel, type ModelInput } from './modelSeries.js';

const dates = ['2024-01-02', '2024-01-03', '2024-01-04', '2024-01-05', '2024-01-08'] as IsoDate[];
const col = (v: number): Float64Array => new Float64Array(dates.length).fill(v);
const data: ModelInput = {
  daily: { dates, spxClose: col(4700), vixClose: col(13), vix9d: col(12), vix3m: col(15), vix6m: col(16), vix1d: col(11), vvix: col(85) },
  vx: { date: [], expiry: [], settle: new Float64Array(0) },
};

describe('prepareModel', () => {
  it('shares the smile tables between calibrations with one smile (a calendar grid) and not across smiles', () => {
    const base = prepareModel(data, DEFAULT_CALIBRATION);
    const calendar = { ...DEFAULT_CALIBRATION, termStructure: { ...DEFAULT_CALIBRATION.termStructure, nonTradingDayWeight: 0.35 } };
    const other = prepareModel(data, calendar);
    expect(other, 'another calibration is prepared anew').not.toBe(base);
    expect(other.mfv, 'the same smile object: the same tables').toBe(base.mfv);
    const reshaped = prepareModel(data, { ...DEFAULT_CALIBRATION, smile: { ...DEFAULT_CALIBRATION.smile, psi: DEFAULT_CALIBRATION.smile.psi * 1.1 } });
    expect(reshaped.mfv).not.toBe(base.mfv);
    expect(reshaped.mfv.shape.psi).toBeCloseTo(DEFAULT_CALIBRATION.smile.psi * 1.1, 12);
  });
});
