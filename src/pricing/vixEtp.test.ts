import { describe, expect, it } from 'vitest';
import type { IsoDate } from '../core/time.js';
import { vixEtpBlend, vixEtpDailyReturn, vixEtpIndexSeries } from './vixEtp.js';

const d = (s: string): IsoDate => s as IsoDate;

// VX settlements from data/vx_settles.csv (Cboe CFE daily settlements).
const SETTLES: Record<string, Record<string, number>> = {
  '2020-02-28': { '2020-03-18': 26.325, '2020-04-15': 23.025 },
  '2020-03-02': { '2020-03-18': 26.275, '2020-04-15': 23.325 },
};

describe('modelled 30-day VIX futures ETP (VX1/VX2 daily-rolled blend)', () => {
  it('weights move linearly from VX1 to VX2 between the roll days before each VIX expiry', () => {
    // Roll days (trading day before expiry): 2020-02-18 (Feb 19 expiry), 2020-03-17 (Mar 18 expiry).
    // Period (2020-02-18, 2020-03-17] holds 20 trading days.
    expect(vixEtpBlend(d('2020-02-18')), 'first day of the period: all VX1').toEqual({ frontExpiry: '2020-03-18', secondExpiry: '2020-04-15', frontWeight: 1 });
    expect(vixEtpBlend(d('2020-02-28')).frontWeight, '12 of 20 days left').toBeCloseTo(12 / 20, 12);
    expect(vixEtpBlend(d('2020-03-16')).frontWeight, 'one day left').toBeCloseTo(1 / 20, 12);
    const roll = vixEtpBlend(d('2020-03-17'));
    expect([roll.frontExpiry, roll.secondExpiry, roll.frontWeight], 'the roll day starts the next period').toEqual(['2020-04-15', '2020-05-20', 1]);
  });

  it('the return of 2020-03-02 is the 2020-02-28 blend (0.6 VX1 / 0.4 VX2) repriced, by hand', () => {
    const at = (day: string) => (e: IsoDate): number => SETTLES[day]?.[e] ?? Number.NaN;
    const byHand = (0.6 * 26.275 + 0.4 * 23.325) / (0.6 * 26.325 + 0.4 * 23.025) - 1;
    const r = vixEtpDailyReturn(vixEtpBlend(d('2020-02-28')), at('2020-02-28'), at('2020-03-02'), 3, 0, 0);
    expect(r, 'contract daily return').toBeCloseTo(byHand, 14);
    expect(byHand, 'a small up day').toBeCloseTo(0.0035993, 6);
    // T-bill return and the investor fee over the 3 calendar days.
    const withCarry = vixEtpDailyReturn(vixEtpBlend(d('2020-02-28')), at('2020-02-28'), at('2020-03-02'), 3, 0.0123, 0.0089);
    expect(withCarry - r, 'collateral minus fee').toBeCloseTo(Math.expm1((0.0123 * 3) / 365) - (0.0089 * 3) / 365, 14);
  });

  it('a flat curve leaves the index flat (no roll yield), a contango curve decays it', () => {
    const dates = ['2020-01-02', '2020-01-03', '2020-01-06', '2020-01-07'].map(d);
    const flat = vixEtpIndexSeries(dates, () => 20, [0, 0, 0, 0], { feeFracPerYear: 0 });
    expect([...flat], 'flat curve').toEqual([100, 100, 100, 100]);
    // Contango that rolls down: each contract loses 0.05 a day.
    const contango = vixEtpIndexSeries(dates, (i, e) => (e < '2020-02-01' ? 15 : 17) - 0.05 * i, [0, 0, 0, 0], { feeFracPerYear: 0 });
    expect(contango[3] ?? 0, 'decays under roll-down').toBeLessThan(100);
  });
});
