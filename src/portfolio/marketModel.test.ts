import { describe, expect, it } from 'vitest';
import { CsvMarketDataSource } from '../adapters/csvMarketData.js';
import { SESSION_DAYS } from '../core/calendar.js';
import { epochDay, type IsoDate } from '../core/time.js';
import { indexOfDate } from '../market/series.js';
import { black76Price } from '../pricing/black76.js';
import { modelFreeVariance, type OptionQuote } from '../pricing/modelFreeVariance.js';
import { varianceEventDays } from '../pricing/modelSeries.js';
import { Z_STRIP } from '../pricing/spxSmile.js';
import { DEFAULT_CALIBRATION, dayModel, type DayModel } from './marketModel.js';

const data = new CsvMarketDataSource().load();

function modelAt(d: string): DayModel {
  const i = indexOfDate(data.daily, d as IsoDate);
  expect(i, `${d} is a row of the embedded data`).toBeGreaterThanOrEqual(0);
  return dayModel(data, i, DEFAULT_CALIBRATION);
}

/**
 * The Cboe VIX formula (pricing/modelFreeVariance, the white-paper method) applied to the
 * model's own prices for one expiry exactly `days` out, on 8,001 strikes evenly spaced in
 * ln K over ±Z_STRIP ATM standard deviations (the model's strip; bid = ask = model price).
 */
function cboeIndexOfModel(m: DayModel, days: number): number {
  const years = days / 365;
  const f = m.spxForward(years);
  const s = m.spxVol(f, years) * Math.sqrt(years);
  const asOfMs = Date.parse(`${m.date}T16:00:00-05:00`);
  const expirationMs = asOfMs + days * 86_400_000;
  const quotes: OptionQuote[] = [];
  const n = 8000;
  for (let i = 0; i <= n; i++) {
    const strike = f * Math.exp(Z_STRIP * s * ((2 * i) / n - 1));
    const vol = m.spxVol(strike, years);
    for (const type of ['call', 'put'] as const) {
      const p = black76Price(type, f, strike, years, m.rateFrac, vol);
      quotes.push({ expirationMs, strike, type, bid: p, ask: p });
    }
  }
  return modelFreeVariance({ quotes, rateFracByExpiry: new Map([[expirationMs, m.rateFrac]]) }, asOfMs, { days }).vix;
}

describe('dayModel: SPX smile consistent with the VIX family', () => {
  // Target: the index closes of the day in the embedded data (data/vix*_daily.csv).
  const cases: [string, number, 'vixClose' | 'vix9d' | 'vix3m'][] = [
    ['2008-11-20', 30, 'vixClose'],
    ['2018-02-05', 30, 'vixClose'],
    ['2018-02-05', 9, 'vix9d'],
    ['2026-01-30', 30, 'vixClose'],
    ['2026-01-30', 93, 'vix3m'],
    ['2020-03-16', 30, 'vixClose'],
    ['1995-06-01', 30, 'vixClose'],
  ];
  for (const [d, days, series] of cases) {
    it(`the Cboe formula on the model prices of ${d} at ${days} days gives ${series}`, () => {
      const m = modelAt(d);
      const target = data.daily[series][indexOfDate(data.daily, d as IsoDate)] ?? Number.NaN;
      const got = cboeIndexOfModel(m, days);
      expect(Math.abs(got - target), `model-free index ${got.toFixed(3)} vs ${series} ${target}`).toBeLessThan(0.003 * target);
    });
  }
});

describe('dayModel: VIX futures', () => {
  it('returns the real settle where the data lists it (PROVENANCE spot checks)', () => {
    const a = modelAt('2008-11-20');
    const [e1] = a.vixExpiries(1);
    expect(e1, 'front VIX expiry after 2008-11-20').toBe('2008-12-17');
    expect(a.vxFuture(e1 as IsoDate), 'VX1 2008-11-20').toEqual({ price: 66.23, source: 'real' });
    const b = modelAt('2018-02-05');
    expect(b.vxFuture(b.vixExpiries(1)[0] as IsoDate), 'VX1 2018-02-05').toEqual({ price: 33.225, source: 'real' });
  });

  it('models the future before 2007 and beyond the listed contracts', () => {
    const a = modelAt('1998-10-08');
    for (const e of a.vixExpiries(4)) {
      const f = a.vxFuture(e);
      expect(f.source, `no VX data in 1998 (${e})`).toBe('model');
      expect(f.price, `model future ${e} is a plausible VIX level`).toBeGreaterThan(20);
      expect(f.price).toBeLessThan(50);
    }
    // 2024: the data hold two contracts per day; the fourth is modelled: the second's settle fading into the model.
    const b = modelAt('2024-06-03');
    const ex = b.vixExpiries(4);
    expect(b.vxFuture(ex[0] as IsoDate), 'Jun-24 settle on 2024-06-03 (PROVENANCE)').toEqual({ price: 13.6535, source: 'real' });
    expect(b.vxFuture(ex[1] as IsoDate)).toEqual({ price: 14.5124, source: 'real' });
    const f4 = b.vxFuture(ex[3] as IsoDate);
    expect(f4.source).toBe('model');
    expect(f4.price, 'contango continues past the listed contracts').toBeGreaterThan(14.5124);
  });

  it('lists the real monthly expiries of the settle table', () => {
    // Every date with at least three listed contracts: the next three monthly expiries
    // strictly after the date equal the first three listed expiries after the date.
    let checked = 0;
    for (let i = 0; i < data.daily.n; i += 7) {
      const d = data.daily.dates[i] as IsoDate;
      const listed: string[] = [];
      for (let j = 0; j < data.vx.date.length; j++) {
        if (data.vx.date[j] !== d) continue;
        const e = data.vx.expiry[j] as string;
        if (e > d && !listed.includes(e)) listed.push(e);
      }
      if (listed.length < 2) continue;
      const m = dayModel(data, i);
      expect(m.vixExpiries(2), `expiries after ${d}`).toEqual(listed.slice(0, 2));
      checked++;
      if (checked >= 40) break;
    }
    expect(checked, 'dates checked').toBeGreaterThanOrEqual(40);
  });
});

describe('dayModel: VIX options', () => {
  it('has an upward call skew and higher vol for shorter expiries', () => {
    const m = modelAt('2010-05-20');
    const [e1, e2] = m.vixExpiries(2) as [IsoDate, IsoDate];
    const f1 = m.vxFuture(e1).price;
    expect(m.vixOptionVol(e1, 1.3 * f1), 'OTM call vol above ATM').toBeGreaterThan(m.vixOptionVol(e1, f1));
    const f2 = m.vxFuture(e2).price;
    expect(m.vixOptionVol(e1, f1), 'front ATM vol above second-month ATM vol').toBeGreaterThan(m.vixOptionVol(e2, f2));
  });

  it('rejects a past expiry and a bad strike', () => {
    const m = modelAt('2010-05-20');
    expect(() => m.vxFuture('2010-01-20' as IsoDate)).toThrow(/expiry/);
    expect(() => m.spxVol(-5, 0.1)).toThrow(/strike/);
    expect(() => dayModel(data, -1)).toThrow(/dayIndex/);
  });
});

describe('dayModel: short tenors', () => {
  it('a Friday-to-Monday option carries about one session of variance, not three days', () => {
    const fri = modelAt('2026-01-30');
    const f = fri.spxForward(3 / 365);
    const weekend = fri.spxVol(f, 3 / 365) ** 2 * 3;
    const thu = modelAt('2026-01-29');
    const g = thu.spxForward(1 / 365);
    const oneDay = thu.spxVol(g, 1 / 365) ** 2;
    expect(weekend / oneDay, 'weekend-spanning total variance vs one session').toBeLessThan(2.2);
    expect(weekend / oneDay).toBeGreaterThan(0.6);
  });

  it('a 0DTE session after a weekend or holiday carries its share of VIX1D like a weekday session (every close with a real VIX1D)', () => {
    // The 0DTE condor opens at the first session's open on the previous close's model. Its ATM
    // variance over VIX1D²/365 × s/E, the first session's weight s (3 for an FOMC/CPI session)
    // over the effective days VIX1D spans (E = skipped days × 0.60 + s), is the same after a
    // gap as after a weekday close: 0.724 on 350 weekday closes against 0.725 on 102 closes
    // before a weekend or holiday (read on Saturday's weight instead, the latter was 0.448).
    const d = data.daily;
    const { nonTradingDayWeight, eventDayBoost } = DEFAULT_CALIBRATION.termStructure;
    const events = varianceEventDays(data.events);
    const t = SESSION_DAYS / 365;
    const sums = { weekday: { sum: 0, n: 0 }, gap: { sum: 0, n: 0 } };
    for (let i = 0; i + 1 < d.n; i++) {
      const vix1d = (d.vix1d[i] ?? Number.NaN) / 100;
      if (!(vix1d > 0)) continue;
      const next = epochDay(d.dates[i + 1] as IsoDate);
      const skipped = next - epochDay(d.dates[i] as IsoDate) - 1;
      const session = events.has(next) ? 1 + eventDayBoost : 1;
      const m = dayModel(data, i, DEFAULT_CALIBRATION);
      const atm = m.spxVol(m.spxForward(t), t) ** 2 * t;
      const ratio = atm / (((vix1d * vix1d) / 365) * (session / (skipped * nonTradingDayWeight + session)));
      const g = skipped > 0 ? sums.gap : sums.weekday;
      g.sum += ratio;
      g.n++;
    }
    expect(sums.weekday.n, 'weekday closes with a real VIX1D').toBeGreaterThan(300);
    expect(sums.gap.n, 'closes before a weekend or holiday').toBeGreaterThan(80);
    const weekday = sums.weekday.sum / sums.weekday.n;
    expect(weekday, 'the intraday share 0.8 times the ATM-to-model-free ratio of a one-session smile').toBeCloseTo(0.724, 2);
    expect(Math.abs(sums.gap.sum / sums.gap.n - weekday), 'after a weekend or holiday').toBeLessThan(0.01);
  });

  it('a 0DTE option (6.5 hours) keeps most of a session of variance', () => {
    const m = modelAt('2025-04-08');
    const t = 6.5 / 24 / 365;
    const f = m.spxForward(t);
    const intraday = m.spxVol(f, t) ** 2 * t;
    const full = m.spxVol(m.spxForward(1 / 365), 1 / 365) ** 2 / 365;
    expect(intraday / full, 'session share of the 1-day variance').toBeGreaterThan(0.6);
    expect(intraday / full).toBeLessThan(1);
  });
});
