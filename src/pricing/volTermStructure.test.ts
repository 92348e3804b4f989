import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SESSION_DAYS } from '../core/calendar.js';
import { EFF_LEN } from './modelSeries.js';
import { calendarFromVix1dFit, fillEffectiveDays, targetTotalVariance, type LogRatioFit } from './volTermStructure.js';

const fit = (cLogGap: number, cEvent: number): LogRatioFit => ({ c0: 0, cLogLevel: 0, cLogRv: 0, cLogSlope: 0, cLogGap, cEvent });

describe('variance calendar', () => {
  it('counts a session 1, an event session 1 + boost and a weekend day its weight', () => {
    const out = new Float64Array(EFF_LEN);
    // A Thursday close: Fri (CPI), Sat, Sun, Mon..Thu, Fri, Sat, Sun.
    fillEffectiveDays([2, 0, 0, 1, 1, 1, 1, 1, 0, 0], 0.2, out, 0.3);
    expect(Array.from(out.subarray(0, 11)).map((x) => Number(x.toFixed(10)))).toEqual([0, 1.3, 1.5, 1.7, 2.7, 3.7, 4.7, 5.7, 6.7, 6.9, 7.1]);
    expect(out[EFF_LEN - 2], "the first session's own weight: the CPI Friday").toBeCloseTo(1.3, 12);
    expect(out[EFF_LEN - 1], 'E at the first session: the CPI Friday').toBeCloseTo(1.3, 12);
  });

  it('reads VIX1D as the variance to the next close, weekend or not', () => {
    const pillars = Float64Array.from([0.16, 0.18, 0.2, 0.21, 0.22]);
    const weekday = new Float64Array(EFF_LEN);
    fillEffectiveDays([1, 1, 1, 1, 0, 0, 1, 1, 1, 1], 0.2, weekday);
    const friday = new Float64Array(EFF_LEN);
    fillEffectiveDays([0, 0, 1, 1, 1, 1, 1, 0, 0, 1], 0.2, friday);
    const w1 = (0.16 * 0.16) / 365;
    expect(targetTotalVariance(pillars, 0, weekday, 1 / 365, 0.8)).toBeCloseTo(w1, 15);
    expect(targetTotalVariance(pillars, 0, friday, 3 / 365, 0.8), 'Friday to Monday: one VIX1D session').toBeCloseTo(w1, 15);
    // Two calendar days after a Friday close (Saturday and Sunday): 0.4 of the 1.4 effective days to Monday's close.
    expect(targetTotalVariance(pillars, 0, friday, 2 / 365, 0.8) / w1).toBeCloseTo(0.4 / 1.4, 12);
  });

  it('puts all of VIX1D in the one calendar day before an event session (the intraday curve spans the day\'s weight)', () => {
    const pillars = Float64Array.from([0.16, 0.18, 0.2, 0.21, 0.22]);
    const eve = new Float64Array(EFF_LEN);
    fillEffectiveDays([2, 1, 1, 1, 0, 0, 1, 1, 1, 1], 0.6, eve, 2);
    const w1 = (0.16 * 0.16) / 365;
    expect(targetTotalVariance(pillars, 0, eve, 1 / 365, 0.8), 'close to the FOMC close: VIX1D').toBeCloseTo(w1, 15);
    // Open to close of the event session: 0.8 of it, as on a plain session.
    expect(targetTotalVariance(pillars, 0, eve, 6.5 / 24 / 365, 0.8) / w1).toBeCloseTo(0.8, 12);
    // Past the event: the next sessions each carry a third of its variance (boost 2).
    const after = targetTotalVariance(pillars, 0, eve, 2 / 365, 0.8) - w1;
    const w9 = (0.18 * 0.18 * 9) / 365;
    expect(after).toBeCloseTo((w9 - w1) / ((eve[9] ?? 0) - (eve[EFF_LEN - 1] ?? 0)), 15);
  });

  it("keeps the first session's own weight after a weekend or holiday: Monday's, not Saturday's", () => {
    const friday = new Float64Array(EFF_LEN);
    fillEffectiveDays([0, 0, 1, 1, 1, 1, 1, 0, 0, 1], 0.6, friday, 2);
    expect(friday[1], "E(1): Saturday's weight").toBeCloseTo(0.6, 12);
    expect(friday[EFF_LEN - 2], "Monday's own weight").toBeCloseTo(1, 12);
    expect(friday[EFF_LEN - 1], 'E to Monday: 0.6 + 0.6 + 1').toBeCloseTo(2.2, 12);
    // The Thursday before Good Friday, an FOMC Monday after it: 3 × 0.6 + (1 + 2).
    const eve = new Float64Array(EFF_LEN);
    fillEffectiveDays([0, 0, 0, 2, 1, 1, 1, 0, 0, 1], 0.6, eve, 2);
    expect(eve[EFF_LEN - 2]).toBeCloseTo(3, 12);
    expect(eve[EFF_LEN - 1]).toBeCloseTo(4.8, 12);
  });

  it('prices a 0DTE session after a weekend or holiday on the first session, not on a weekend day', () => {
    // VIX1D 16%: w1 = 0.16²/365 spans the 2.2 effective days to Monday's close; the Monday
    // session is 1 of them, and 0.8 of it is spent between the open and the close.
    const pillars = Float64Array.from([0.16, 0.18, 0.2, 0.21, 0.22]);
    const w1 = (0.16 * 0.16) / 365;
    const friday = new Float64Array(EFF_LEN);
    fillEffectiveDays([0, 0, 1, 1, 1, 1, 1, 0, 0, 1], 0.6, friday, 2);
    expect(targetTotalVariance(pillars, 0, friday, SESSION_DAYS / 365, 0.8) / w1, '0.8 × 1 / 2.2 (0.8 × 0.6 / 2.2 read Saturday)').toBeCloseTo(0.8 / 2.2, 12);
    expect(targetTotalVariance(pillars, 0, friday, SESSION_DAYS / 2 / 365, 0.8) / w1, 'half the session').toBeCloseTo(0.4 / 2.2, 12);
    const eve = new Float64Array(EFF_LEN);
    fillEffectiveDays([0, 0, 0, 2, 1, 1, 1, 0, 0, 1], 0.6, eve, 2);
    expect(targetTotalVariance(pillars, 0, eve, SESSION_DAYS / 365, 0.8) / w1, 'an FOMC Monday after Good Friday: 0.8 × 3 / 4.8').toBeCloseTo(0.5, 12);
  });

  it('gives a 0DTE session after a weekend or holiday the variance of a weekday session with the same variance per session', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.05, max: 1.5, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 3, noNaN: true }),
        fc.double({ min: 0.05, max: 1, noNaN: true }),
        fc.integer({ min: 1, max: 4 }),
        fc.boolean(),
        fc.double({ min: 0.01, max: 1, noNaN: true }),
        (vix1d, weight, boost, share, skipped, event, elapsed) => {
          const first = event ? 2 : 1;
          const weekday = new Float64Array(EFF_LEN);
          fillEffectiveDays([first, 1, 1, 1, 0, 0, 1, 1, 1, 1], weight, weekday, boost);
          const afterGap = new Float64Array(EFF_LEN);
          fillEffectiveDays([...Array<number>(skipped).fill(0), first, 1, 1, 1, 0, 0, 1, 1, 1, 1].slice(0, 10), weight, afterGap, boost);
          // VIX1D²/365 spans the skipped days and the session: the same per-session variance
          // needs VIX1D² larger by (skipped·weight + session)/session.
          const session = event ? 1 + boost : 1;
          const vix1dGap = vix1d * Math.sqrt((skipped * weight + session) / session);
          const years = (elapsed * SESSION_DAYS) / 365;
          const a = targetTotalVariance(Float64Array.from([vix1d, 0.2, 0.2, 0.2, 0.2]), 0, weekday, years, share);
          const b = targetTotalVariance(Float64Array.from([vix1dGap, 0.2, 0.2, 0.2, 0.2]), 0, afterGap, years, share);
          expect(Math.abs(a / ((elapsed * share * vix1d * vix1d) / 365) - 1), 'weekday: the share of VIX1D²/365').toBeLessThan(1e-12);
          expect(Math.abs(b / a - 1), `${skipped} day(s) skipped, weight ${weight}, event ${event}`).toBeLessThan(1e-12);
        },
      ),
      { numRuns: 500, seed: 20261205 },
    );
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
