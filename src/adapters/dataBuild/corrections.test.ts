import { describe, expect, it } from 'vitest';
import { isTradingDay } from '../../core/calendar.js';
import { cleanOhlcBar, cutAtCommonLastDay, fixQuote, fmt, isoFrom, num, onTradingDays, sortUnique, type DailyTable } from './corrections.js';

describe('data build corrections (small raw rows -> cleaned rows)', () => {
  it('fmt rounds float32 artefacts to the shortest decimal form, never "-0"', () => {
    // spx_daily.csv raw close of 2017-01-03 style noise (CORRECTIONS.md: 2237.39990234375 -> 2237.4)
    expect(fmt(2237.39990234375, 2)).toBe('2237.4');
    expect(fmt(3.687999963760376, 3), '^IRX to 3 decimals').toBe('3.688');
    expect(fmt(-0.0001, 2)).toBe('0');
    expect(fmt(NaN, 2)).toBe('');
    expect(fmt(17.05, 2)).toBe('17.05');
  });

  it('num reads the raw files\' missing-value spellings as NaN', () => {
    for (const missing of ['', ' ', '.', 'NA', 'nan', 'NaN', undefined, null, 'abc', 'Infinity']) expect(num(missing), String(missing)).toBeNaN();
    expect(num(' 3.59 ')).toBe(3.59);
  });

  it('isoFrom reads Cboe MM/DD/YYYY and ISO dates or timestamps, and refuses anything else', () => {
    expect(isoFrom('07/22/2026')).toBe('2026-07-22');
    expect(isoFrom('2026-01-29 20:06:12+00:00')).toBe('2026-01-29');
    expect(() => isoFrom('22.07.2026')).toThrow(/bad date "22\.07\.2026"/);
    expect(() => isoFrom('2020-02-30'), 'a day that does not exist').toThrow(/bad date "2020-02-30"/);
    expect(() => isoFrom('13/01/2020'), 'month 13 (a DD/MM/YYYY file)').toThrow(/bad date/);
    expect(isoFrom('02/29/2020')).toBe('2020-02-29');
  });

  it('sortUnique sorts by date, drops exact duplicates and refuses conflicting ones', () => {
    const r = sortUnique('VIX', [['2020-01-03', '13.1'], ['2020-01-02', '12.5'], ['2020-01-03', '13.1']]);
    expect(r.rows).toEqual([['2020-01-02', '12.5'], ['2020-01-03', '13.1']]);
    expect(r.duplicates).toEqual(['2020-01-03']);
    expect(() => sortUnique('VIX', [['2020-01-03', '13.1'], ['2020-01-03', '13.2']])).toThrow(/VIX: conflicting duplicate rows on 2020-01-03/);
  });

  it('fixQuote writes an ask of 0 as empty and a crossed quote as empty bid and ask', () => {
    const row = ['2026-02-20', '6000', 'call', '1.5', '0'];
    expect(fixQuote(row, 3, 4, 'x')).toEqual({ row: ['2026-02-20', '6000', 'call', '1.5', ''], fix: 'noAsk' });
    expect(row[4], 'the input row is left alone').toBe('0');
    expect(fixQuote(['e', 'k', 'put', '2.4', '2.1'], 3, 4, 'x')).toEqual({ row: ['e', 'k', 'put', '', ''], fix: 'crossed' });
    expect(fixQuote(['e', 'k', 'put', '2.1', '2.4'], 3, 4, 'x').fix).toBeNull();
    expect(() => fixQuote(['e', 'k', 'put', '', '2.4'], 3, 4, 'SPX put 6000')).toThrow(/bad quote SPX put 6000/);
    expect(() => fixQuote(['e', 'k', 'put', '-1', '2.4'], 3, 4, 'x')).toThrow(/bad quote/);
  });

  it('cutAtCommonLastDay ends every daily table on the last day all core tables have', () => {
    const tables: DailyTable[] = [
      { name: 'spx', rows: [['2026-07-21'], ['2026-07-22'], ['2026-07-23'], ['2026-08-21']] },
      { name: 'vix', rows: [['2026-07-22'], ['2026-07-23']] },
      { name: 'vix9d', rows: [['2026-07-21'], ['2026-07-22']] },
      { name: 'breadth', rows: [['2026-05-22']] },
      { name: 'vix1d', rows: [['2026-07-22'], ['2026-09-28']] },
    ];
    const r = cutAtCommonLastDay(['spx', 'vix', 'vix9d'], tables);
    expect(r.day).toBe('2026-07-22');
    expect(tables.map((t) => [t.name, t.rows.at(-1)?.[0]])).toEqual([['spx', '2026-07-22'], ['vix', '2026-07-22'], ['vix9d', '2026-07-22'], ['breadth', '2026-05-22'], ['vix1d', '2026-07-22']]);
    expect(r.removed.get('spx')).toEqual([['2026-07-23'], ['2026-08-21']]);
    expect(r.removed.get('breadth'), 'a series that ends earlier is kept as it is').toEqual([]);
    expect(() => cutAtCommonLastDay(['spx', 'nope'], tables)).toThrow(/common last day: nope was not built/);
  });

  it('onTradingDays drops weekend and NYSE-holiday rows inside the calendar and keeps the rest', () => {
    // 2020-01-04 is a Saturday, 2020-01-20 Martin Luther King Jr. Day; 1989 is before the frame.
    const r = onTradingDays([['1989-12-30'], ['2020-01-03'], ['2020-01-04'], ['2020-01-20'], ['2020-01-21']], (d) => isTradingDay(d as never), (x) => x[0] as string);
    expect(r.rows).toEqual([['1989-12-30'], ['2020-01-03'], ['2020-01-21']]);
    expect(r.removed).toEqual(['2020-01-04', '2020-01-20']);
  });

  it('cleanOhlcBar blanks close-only bars and inconsistent bars, keeping the close', () => {
    const bar = (date: string, open: number, high: number, low: number, close: number) => ({ date, open, high, low, close, where: 'VIX_History.csv:9' });
    // Cboe's VIX before 2004-06: open = high = low = close (close-only history).
    expect(cleanOhlcBar(bar('1995-03-01', 12.5, 12.5, 12.5, 12.5), '2004-06-14')).toEqual({ row: ['1995-03-01', '', '', '', '12.5'], fix: 'blanked' });
    expect(cleanOhlcBar(bar('2010-03-01', 17, 17, 17, 17), '2004-06-14'), 'a flat bar after the close-only years is a real bar').toEqual({ row: ['2010-03-01', '17', '17', '17', '17'], fix: null });
    // An open outside [low, high] (CORRECTIONS.md: 2004-10-26 and two more).
    expect(cleanOhlcBar(bar('2004-10-26', 16.9, 16.5, 15.9, 16.2))).toEqual({ row: ['2004-10-26', '', '', '', '16.2'], fix: 'inconsistent' });
    expect(cleanOhlcBar(bar('2026-07-22', 17.42000047683716, 19.49, 16.64, 16.64))).toEqual({ row: ['2026-07-22', '17.42', '19.49', '16.64', '16.64'], fix: null });
    expect(() => cleanOhlcBar(bar('2026-07-22', 17, 18, 16, NaN))).toThrow(/VIX_History\.csv:9: bad close/);
    expect(() => cleanOhlcBar(bar('2026-07-22', 17, NaN, 16, 17.5))).toThrow(/VIX_History\.csv:9: bad high$/);
  });
});
