import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addTradingDays,
  easterSunday,
  isNyseHoliday,
  isSpxMonthlyExpiration,
  isTradingDay,
  nextTradingDay,
  nyseHolidays,
  prevTradingDay,
  spxMonthlyExpiration,
  spxYears,
  tradingDaysBetween,
  vixExpiration,
  vixExpirationOnOrAfter,
  vixExpirationsFrom,
} from './calendar.js';
import { DomainError } from './errors.js';
import { addDays, fromEpochDay, epochDay, weekday, type IsoDate } from './time.js';

const d = (s: string): IsoDate => s as IsoDate;

// Real CFE monthly VX final settlement dates, 2021-12 .. 2026-11 (Cboe CFE per-contract
// settlement history, vix_futures_monthly_settles_2021_2026.csv; see data/PROVENANCE.md).
const CFE_VX_EXPIRIES = `2021-12-22 2022-01-19 2022-02-16 2022-03-15 2022-04-20 2022-05-18 2022-06-15 2022-07-20 2022-08-17 2022-09-21 2022-10-19 2022-11-16 2022-12-21 2023-01-18 2023-02-15 2023-03-22 2023-04-19 2023-05-17 2023-06-21 2023-07-19 2023-08-16 2023-09-20 2023-10-18 2023-11-15 2023-12-20 2024-01-17 2024-02-14 2024-03-20 2024-04-17 2024-05-22 2024-06-18 2024-07-17 2024-08-21 2024-09-18 2024-10-16 2024-11-20 2024-12-18 2025-01-22 2025-02-19 2025-03-18 2025-04-16 2025-05-21 2025-06-18 2025-07-16 2025-08-20 2025-09-17 2025-10-22 2025-11-19 2025-12-17 2026-01-21 2026-02-18 2026-03-18 2026-04-15 2026-05-19 2026-06-17 2026-07-22 2026-08-19 2026-09-16 2026-10-21 2026-11-18`.split(' ');

describe('NYSE holidays', () => {
  it('Easter Sunday by the Gregorian computus matches published dates', () => {
    // Dates from the US Naval Observatory Easter table.
    const known: [number, string][] = [[1990, '1990-04-15'], [2000, '2000-04-23'], [2008, '2008-03-23'], [2011, '2011-04-24'], [2019, '2019-04-21'], [2024, '2024-03-31'], [2025, '2025-04-20'], [2035, '2035-03-25']];
    for (const [y, e] of known) expect(easterSunday(y), `Easter ${y}`).toBe(e);
  });

  it('observes each rule, including the Saturday/Sunday shifts and the start years', () => {
    const closed = ['2022-04-15', '2022-06-20', '2023-06-19', '2026-07-03', '2021-12-24', '2017-01-02', '1998-01-19', '2010-12-24', '2027-06-18', '2027-12-24', '2004-06-11', '2007-01-02', '2012-10-29', '2012-10-30', '2018-12-05', '2025-01-09', '1994-04-27', '2001-09-11', '2001-09-14', '2024-11-28', '2024-05-27', '2024-09-02', '2024-02-19'];
    for (const x of closed) expect(isTradingDay(d(x)), `${x} closed`).toBe(false);
    // Saturday New Year's Day is not observed on Friday Dec 31; Juneteenth starts 2022; MLK starts 1998.
    const open = ['2021-12-31', '2010-12-31', '1999-12-31', '2004-12-31', '1993-12-31', '2021-06-18', '1997-01-20', '2001-09-17', '2012-10-31', '2024-11-29'];
    for (const x of open) expect(isTradingDay(d(x)), `${x} open`).toBe(true);
    expect(isNyseHoliday(d('2022-04-16')), 'a Saturday is a weekend, not a holiday').toBe(false);
  });

  it('every holiday 1990-2035 is a weekday, and each year has the expected number of rule holidays', () => {
    const special = new Set(['1994-04-27', '2001-09-11', '2001-09-12', '2001-09-13', '2001-09-14', '2004-06-11', '2007-01-02', '2012-10-29', '2012-10-30', '2018-12-05', '2025-01-09']);
    for (let y = 1990; y <= 2035; y++) {
      const h = nyseHolidays(y);
      for (const x of h) expect([0, 6].includes(weekday(x)), `${x} on a weekend`).toBe(false);
      const rule = h.filter((x) => !special.has(x)).length;
      // 8 fixed rules, + MLK Day from 1998, + Juneteenth from 2022, - a Saturday New Year's Day (not observed).
      const expected = 8 + (y >= 1998 ? 1 : 0) + (y >= 2022 ? 1 : 0) - (weekday(`${y}-01-01` as IsoDate) === 6 ? 1 : 0);
      expect(rule, `${y} rule holidays`).toBe(expected);
    }
  });

  it('has 9-10 rule holidays a year plus the special closures', () => {
    expect(nyseHolidays(2024)).toEqual(['2024-01-01', '2024-01-15', '2024-02-19', '2024-03-29', '2024-05-27', '2024-06-19', '2024-07-04', '2024-09-02', '2024-11-28', '2024-12-25']);
    expect(nyseHolidays(2001).length, '2001: 9 rule holidays + 4 days after 9/11').toBe(13);
    expect(() => nyseHolidays(1989), 'out of the calendar range').toThrow(DomainError);
  });

  it('agrees with every SPX trading day 1990-2026 in the embedded data, both ways', () => {
    const file = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'data', 'spx_daily.csv');
    const dates = fs.readFileSync(file, 'utf8').trim().split('\n').slice(1).map((l) => l.slice(0, 10) as IsoDate);
    const set = new Set<string>(dates);
    const notTrading = dates.filter((x) => !isTradingDay(x));
    expect(notTrading, 'SPX dates that the calendar calls holidays').toEqual([]);
    const missing: string[] = [];
    const last = dates[dates.length - 1] as IsoDate;
    for (let x = d('1990-01-02'); x <= last; x = nextTradingDay(x)) if (!set.has(x)) missing.push(x);
    expect(missing, 'calendar trading days absent from SPX').toEqual([]);
    expect(dates.length, 'SPX rows 1990-01-02..2026-07-22').toBe(9205);
  });
});

describe('trading-day arithmetic', () => {
  const tradingDayArb = fc.integer({ min: epochDay(d('1990-03-01')), max: epochDay(d('2035-09-30')) }).map((k) => {
    let x = fromEpochDay(k);
    while (!isTradingDay(x)) x = addDays(x, 1);
    return x;
  });

  it('next and prev skip weekends and holidays', () => {
    expect(nextTradingDay(d('2024-03-28'))).toBe('2024-04-01');
    expect(prevTradingDay(d('2024-04-01'))).toBe('2024-03-28');
    expect(nextTradingDay(d('2001-09-10'))).toBe('2001-09-17');
    expect(addTradingDays(d('2024-12-23'), 3), 'over Christmas').toBe('2024-12-27');
    expect(addTradingDays(d('2024-12-27'), -3)).toBe('2024-12-23');
    expect(tradingDaysBetween(d('2024-12-23'), d('2024-12-27'))).toBe(3);
    expect(() => addTradingDays(d('2024-12-25'), 0), 'no zeroth trading day from a holiday').toThrow(DomainError);
  });

  it('addTradingDays(n) then (-n) returns to the start; the result is always a trading day', () => {
    fc.assert(
      fc.property(tradingDayArb, fc.integer({ min: -40, max: 40 }), (x, n) => {
        const y = addTradingDays(x, n);
        return isTradingDay(y) && addTradingDays(y, -n) === x && (n === 0 || (n > 0 ? y > x : y < x));
      }),
    );
  });

  it('next(prev(d)) = d on trading days and weekends are never trading days', () => {
    fc.assert(
      fc.property(tradingDayArb, (x) => nextTradingDay(prevTradingDay(x)) === x && weekday(x) !== 0 && weekday(x) !== 6),
    );
  });
});

describe('expirations', () => {
  it('vixExpiration reproduces all 60 CFE monthly expiries 2021-12 .. 2026-11', () => {
    expect(CFE_VX_EXPIRIES.length).toBe(60);
    for (const e of CFE_VX_EXPIRIES) {
      expect(vixExpiration(Number(e.slice(0, 4)), Number(e.slice(5, 7))), `VX ${e.slice(0, 7)}`).toBe(e);
    }
  });

  it('handles the holiday cases: Good Friday, Juneteenth', () => {
    expect(vixExpiration(2022, 3), 'Apr 15 2022 is Good Friday: 30 days before Thu Apr 14').toBe('2022-03-15');
    expect(vixExpiration(2025, 3), 'Apr 18 2025 is Good Friday').toBe('2025-03-18');
    expect(vixExpiration(2024, 6), 'Jun 19 2024 (Juneteenth) is a holiday: the Tuesday before').toBe('2024-06-18');
    expect(vixExpiration(2026, 5), 'Juneteenth 2026 is the Friday: Jun 18 minus 30 days').toBe('2026-05-19');
    expect(vixExpiration(2008, 11), 'the classic Nov-2008 expiry').toBe('2008-11-19');
  });

  it('every VIX expiration is a trading day 30 days (or the holiday-adjusted equivalent) before a monthly SPX expiry', () => {
    for (let y = 1990; y <= 2034; y++) {
      for (let m = 1; m <= 12; m++) {
        const v = vixExpiration(y, m);
        expect(isTradingDay(v), `${v} trading day`).toBe(true);
        expect(v.slice(0, 7), 'expires in its own month').toBe(`${y}-${String(m).padStart(2, '0')}`);
        const s = spxMonthlyExpiration(m === 12 ? y + 1 : y, m === 12 ? 1 : m + 1);
        const gap = epochDay(s) - epochDay(v);
        expect(gap >= 30 && gap <= 31, `${v} -> ${s}`).toBe(true);
      }
    }
  });

  it('spxMonthlyExpiration is the third Friday or the trading day before it', () => {
    expect(spxMonthlyExpiration(2024, 5)).toBe('2024-05-17');
    expect(spxMonthlyExpiration(2022, 4), 'Good Friday').toBe('2022-04-14');
    expect(spxMonthlyExpiration(2026, 6), 'Juneteenth on the third Friday').toBe('2026-06-18');
    expect(() => spxMonthlyExpiration(2024, 13)).toThrow(DomainError);
  });

  it('spxYears: an AM-settled expiry (the monthly, isSpxMonthlyExpiration) settles a session before the close', () => {
    expect(isSpxMonthlyExpiration(d('2024-05-17'))).toBe(true);
    expect(isSpxMonthlyExpiration(d('2022-04-14')), 'Good Friday: the Thursday before').toBe(true);
    expect(isSpxMonthlyExpiration(d('2024-05-24')), 'a weekly Friday').toBe(false);
    // 2024-05-10 close to 2024-05-17: 7 days; AM settlement 6.5 h earlier.
    expect(spxYears(d('2024-05-10'), d('2024-05-17'), 'pm')).toBe(7 / 365);
    expect(spxYears(d('2024-05-10'), d('2024-05-17'), 'am')).toBeCloseTo((7 - 6.5 / 24) / 365, 15);
    expect(spxYears(d('2024-05-17'), d('2024-05-17'), 'am'), 'settled: zero, never negative').toBe(0);
    expect(spxYears(d('2024-05-20'), d('2024-05-17'), 'pm')).toBe(0);
  });

  it('vixExpirationOnOrAfter counts the expiring contract on its own expiry day', () => {
    expect(vixExpirationOnOrAfter(d('2008-11-19'))).toBe('2008-11-19');
    expect(vixExpirationOnOrAfter(d('2008-11-20'))).toBe('2008-12-17');
    expect(vixExpirationsFrom(d('2024-06-18'), 3), 'Juneteenth-adjusted June contract first').toEqual(['2024-06-18', '2024-07-17', '2024-08-21']);
    expect(vixExpirationsFrom(d('2021-12-23'), 2), 'across the year end').toEqual(['2022-01-19', '2022-02-16']);
    expect(() => vixExpirationsFrom(d('2024-06-18'), 0)).toThrow(DomainError);
  });
});
