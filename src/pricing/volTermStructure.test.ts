import { describe, expect, it } from 'vitest';
import { calendarFromVix1dFit, fillEffectiveDays, targetTotalVariance, type LogRatioFit } from './volTermStructure.js';

const fit = (cLogGap: number, cEvent: number): LogRatioFit => ({ c0: 0, cLogLevel: 0, cLogRv: 0, cLogSlope: 0, cLogGap, cEvent });

describe('variance calendar', () => {
  it('counts a session 1, an event session 1 + boost and a weekend day its weight', () => {
    const out = new Float64Array(12);
    // A Thursday close: Fri (CPI), Sat, Sun, Mon..Thu, Fri, Sat, Sun.
    fillEffectiveDays([2, 0, 0, 1, 1, 1, 1, 1, 0, 0], 0.2, out, 0.3);
    expect(Array.from(out.subarray(0, 11)).map((x) => Number(x.toFixed(10)))).toEqual([0, 1.3, 1.5, 1.7, 2.7, 3.7, 4.7, 5.7, 6.7, 6.9, 7.1]);
    expect(out[11], 'E at the first session: the CPI Friday').toBeCloseTo(1.3, 12);
  });

  it('reads VIX1D as the variance to the next close, weekend or not', () => {
    const pillars = Float64Array.from([0.16, 0.18, 0.2, 0.21, 0.22]);
    const weekday = new Float64Array(12);
    fillEffectiveDays([1, 1, 1, 1, 0, 0, 1, 1, 1, 1], 0.2, weekday);
    const friday = new Float64Array(12);
    fillEffectiveDays([0, 0, 1, 1, 1, 1, 1, 0, 0, 1], 0.2, friday);
    const w1 = (0.16 * 0.16) / 365;
    expect(targetTotalVariance(pillars, 0, weekday, 1 / 365, 0.8)).toBeCloseTo(w1, 15);
    expect(targetTotalVariance(pillars, 0, friday, 3 / 365, 0.8), 'Friday to Monday: one VIX1D session').toBeCloseTo(w1, 15);
    // Two calendar days after a Friday close (Saturday and Sunday): 0.4 of the 1.4 effective days to Monday's close.
    expect(targetTotalVariance(pillars, 0, friday, 2 / 365, 0.8) / w1).toBeCloseTo(0.4 / 1.4, 12);
  });

  it('puts all of VIX1D in the one calendar day before an event session (the intraday curve spans the day\'s weight)', () => {
    const pillars = Float64Array.from([0.16, 0.18, 0.2, 0.21, 0.22]);
    const eve = new Float64Array(12);
    fillEffectiveDays([2, 1, 1, 1, 0, 0, 1, 1, 1, 1], 0.6, eve, 2);
    const w1 = (0.16 * 0.16) / 365;
    expect(targetTotalVariance(pillars, 0, eve, 1 / 365, 0.8), 'close to the FOMC close: VIX1D').toBeCloseTo(w1, 15);
    // Open to close of the event session: 0.8 of it, as on a plain session.
    expect(targetTotalVariance(pillars, 0, eve, 6.5 / 24 / 365, 0.8) / w1).toBeCloseTo(0.8, 12);
    // Past the event: the next sessions each carry a third of its variance (boost 2).
    const after = targetTotalVariance(pillars, 0, eve, 2 / 365, 0.8) - w1;
    const w9 = (0.18 * 0.18 * 9) / 365;
    expect(after).toBeCloseTo((w9 - w1) / ((eve[9] ?? 0) - (eve[11] ?? 0)), 15);
  });

  it('derives the weekend weight and the event boost from the VIX1D mapping', () => {
    // VIX1D² three times as large after a weekend as after a weekday: each weekend day counts a full session.
    expect(calendarFromVix1dFit(fit(0.5, 0)).nonTradingDayWeight).toBeCloseTo(1, 12);
    // No gap effect: the weekend days carry nothing; an event coefficient of ln(1.2)/2 is 20% more variance.
    const c = calendarFromVix1dFit(fit(0, Math.log(1.2) / 2));
    expect(c.nonTradingDayWeight).toBe(0);
    expect(c.eventDayBoost).toBeCloseTo(0.2, 12);
    expect(calendarFromVix1dFit(fit(-0.3, -1)), 'clamped at 0').toEqual({ nonTradingDayWeight: 0, eventDayBoost: 0 });
  });
});
