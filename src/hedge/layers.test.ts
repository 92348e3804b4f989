import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { vixExpiration } from '../core/calendar.js';
import { isoDate, type IsoDate } from '../core/time.js';
import { needsRoll, planLayer, selectCalendarExpiries, selectExpiry, selectStrikeByDelta, snapToGrid, strikesOnGrid } from './layers.js';
import { DEFAULT_STRIKE_GRID, defaultPolicy } from './policy.js';

// 2024 monthly VIX expiries (Cboe rule: the Wednesday 30 days before the following
// month's third Friday; June 18 moved a day earlier for the Juneteenth holiday), as
// listed on the Cboe VIX futures/options expiration calendar.
const VIX_EXPIRIES_2024 = ['2024-01-17', '2024-02-14', '2024-03-20', '2024-04-17', '2024-05-22', '2024-06-18', '2024-07-17', '2024-08-21', '2024-09-18', '2024-10-16', '2024-11-20', '2024-12-18'].map((d) =>
  isoDate(d),
);
const L = defaultPolicy('alvh').layers;

describe('expiry selection', () => {
  it('uses the same 2024 expiries as the core calendar', () => {
    expect(VIX_EXPIRIES_2024).toEqual(Array.from({ length: 12 }, (_, i) => vixExpiration(2024, i + 1)));
  });

  it('L1: the expiry closest to 90 DTE with at least 60', () => {
    // 2024-03-01: Mar 20 = 19, Apr 17 = 47, May 22 = 82, Jun 18 = 109 DTE.
    expect(selectExpiry(L.L1, isoDate('2024-03-01'), VIX_EXPIRIES_2024)).toEqual({ status: 'selected', expiry: '2024-05-22', dte: 82 });
    // 2024-03-25: Jun 18 = 85, Jul 17 = 114.
    expect(selectExpiry(L.L1, isoDate('2024-03-25'), VIX_EXPIRIES_2024)).toEqual({ status: 'selected', expiry: '2024-06-18', dte: 85 });
  });

  it('breaks ties toward the later expiry and ignores order and duplicates in the list', () => {
    const asOf = isoDate('2024-01-01');
    const list = ['2024-04-10', '2024-03-21', '2024-03-21'].map((d) => isoDate(d)); // 80 and 100 DTE
    expect(selectExpiry(L.L1, asOf, list)).toMatchObject({ expiry: '2024-04-10', dte: 100 });
  });

  it('L2: the front month with at least 14 DTE', () => {
    expect(selectExpiry(L.L2, isoDate('2024-03-01'), VIX_EXPIRIES_2024)).toEqual({ status: 'selected', expiry: '2024-03-20', dte: 19 });
    expect(selectExpiry(L.L2, isoDate('2024-03-08'), VIX_EXPIRIES_2024), 'Mar 20 is 12 DTE').toEqual({ status: 'selected', expiry: '2024-04-17', dte: 40 });
  });

  it('L3: short the front month, long the next one', () => {
    expect(selectCalendarExpiries(L.L3, isoDate('2024-03-08'), VIX_EXPIRIES_2024)).toEqual({ status: 'selected', shortExpiry: '2024-04-17', longExpiry: '2024-05-22', shortDte: 40, longDte: 75 });
    expect(selectCalendarExpiries(L.L3, isoDate('2024-12-01'), VIX_EXPIRIES_2024)).toEqual({ status: 'none', reason: 'no_second_expiry' });
  });

  it('reports when no expiry qualifies', () => {
    expect(selectExpiry(L.L1, isoDate('2024-11-01'), VIX_EXPIRIES_2024)).toEqual({ status: 'none', reason: 'no_expiry_with_min_dte' });
  });

  it('rolls ("time-shifts") when DTE falls below rollDte', () => {
    expect(needsRoll(L.L1, isoDate('2024-04-22'), isoDate('2024-05-22')), '30 DTE').toBe(false);
    expect(needsRoll(L.L1, isoDate('2024-04-23'), isoDate('2024-05-22')), '29 DTE').toBe(true);
  });

  it('a selected expiry always satisfies minDte and is the closest to target among those that do', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 360 }), fc.integer({ min: 1, max: 200 }), fc.integer({ min: 0, max: 200 }), (offset, target, min) => {
        const asOf = new Date(Date.UTC(2024, 0, 1) + offset * 86_400_000).toISOString().slice(0, 10) as IsoDate;
        const rule = { expiryRule: 'closestToTarget' as const, targetDte: target, minDte: min };
        const r = selectExpiry(rule, asOf, VIX_EXPIRIES_2024);
        const dtes = VIX_EXPIRIES_2024.map((e) => (Date.parse(e) - Date.parse(asOf)) / 86_400_000).filter((d) => d >= min);
        if (r.status === 'none') return dtes.length === 0;
        return r.dte >= min && dtes.every((d) => Math.abs(d - target) >= Math.abs(r.dte - target));
      }),
    );
  });
});

describe('strike grid', () => {
  it('lists 1-point strikes below 30 and 2.5-point strikes from 30', () => {
    expect(strikesOnGrid(DEFAULT_STRIKE_GRID, 26, 40)).toEqual([26, 27, 28, 29, 30, 32.5, 35, 37.5, 40]);
    expect(strikesOnGrid([{ fromVixPts: 0, stepVixPts: 0.5 }], 10, 11.9)).toEqual([10, 10.5, 11, 11.5]);
  });

  it('snaps to the nearest listed strike (ties up)', () => {
    expect([27.4, 27.5, 31.3, 30.9].map((k) => snapToGrid(DEFAULT_STRIKE_GRID, k))).toEqual([27, 28, 32.5, 30]);
  });
});

// Black-76 call delta e^{-rT} N(d1), written here independently of src/pricing.
function normCdf(x: number): number {
  // Abramowitz & Stegun 7.1.26 (|error| < 1.5e-7).
  const t = 1 / (1 + 0.3275911 * (Math.abs(x) / Math.SQRT2));
  const y = 1 - t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429)))) * Math.exp(-(x * x) / 2);
  return x >= 0 ? 0.5 * (1 + y) : 0.5 * (1 - y);
}
function black76CallDelta(f: number, k: number, vol: number, years: number, rate: number): number {
  const d1 = (Math.log(f / k) + 0.5 * vol * vol * years) / (vol * Math.sqrt(years));
  return Math.exp(-rate * years) * normCdf(d1);
}

describe('strike by delta (pricing injected)', () => {
  const deltaAt = (_e: IsoDate, k: number): number => black76CallDelta(20, k, 0.9, 47 / 365, 0.05);

  it('picks the 30-delta VIX call: F 20, vol 90%, 47 DTE → strike 25 (Δ 0.296; 24 has Δ 0.341)', () => {
    const r = selectStrikeByDelta({ expiry: isoDate('2024-04-17'), targetDelta: 0.3, grid: DEFAULT_STRIKE_GRID, deltaAtStrike: deltaAt, futureVixPts: 20 });
    expect(r.status).toBe('selected');
    if (r.status !== 'selected') return;
    expect(r.strikePts).toBe(25);
    expect(r.delta).toBeCloseTo(0.2964, 3);
  });

  it('no listed strike in a tight range is a typed outcome', () => {
    const r = selectStrikeByDelta({ expiry: isoDate('2024-04-17'), targetDelta: 0.3, grid: DEFAULT_STRIKE_GRID, deltaAtStrike: deltaAt, futureVixPts: 20, minStrikePts: 25.2, maxStrikePts: 25.8 });
    expect(r).toEqual({ status: 'none', reason: 'no_strike_in_range' });
  });

  it('the chosen strike is the nearest in |delta| among the listed strikes in range', () => {
    fc.assert(
      fc.property(fc.double({ min: 10, max: 60, noNaN: true }), fc.double({ min: 0.3, max: 2, noNaN: true }), fc.integer({ min: 7, max: 180 }), fc.double({ min: 0.05, max: 0.95, noNaN: true }), (f, vol, dte, target) => {
        const d = (_e: IsoDate, k: number): number => black76CallDelta(f, k, vol, dte / 365, 0.03);
        const r = selectStrikeByDelta({ expiry: isoDate('2024-06-18'), targetDelta: target, grid: DEFAULT_STRIKE_GRID, deltaAtStrike: d, futureVixPts: f });
        if (r.status !== 'selected') return false;
        const err = Math.abs(r.delta - target);
        return strikesOnGrid(DEFAULT_STRIKE_GRID, 0.5 * f, 4 * f).every((k) => Math.abs(d(isoDate('2024-06-18'), k) - target) >= err - 1e-15);
      }),
    );
  });
});

describe('planLayer', () => {
  it('plans each instrument kind of the default and alternative layers', () => {
    const asOf = isoDate('2024-03-08');
    expect(planLayer(L.L1, asOf, VIX_EXPIRIES_2024, 15)).toEqual({ instrument: 'vixCall', selection: { status: 'selected', expiry: '2024-06-18', dte: 102 } });
    expect(planLayer(L.L3, asOf, VIX_EXPIRIES_2024, 15)).toMatchObject({ instrument: 'vixCallCalendar', selection: { shortExpiry: '2024-04-17', longExpiry: '2024-05-22' } });
    expect(planLayer({ ...L.L2, instrument: 'vixFuturesEtp' }, asOf, VIX_EXPIRIES_2024, 15)).toEqual({ instrument: 'vixFuturesEtp' });
    const vs = planLayer({ ...L.L3, instrument: 'spxVarianceSwap' }, asOf, VIX_EXPIRIES_2024, 20);
    expect(vs, 'VIX 20 → variance strike 0.2² = 0.04').toEqual({ instrument: 'spxVarianceSwap', tenorDays: 30, varianceStrike: expect.closeTo(0.04, 15) });
  });
});
