import { describe, expect, it } from 'vitest';
import { buildCloseIndex, buildOhlcIndex, buildSpx, buildVix1d, missingTradingDays } from './dailySeries.js';
import { csv, rawContext } from './testing/raw.js';

const SPX_HEADER = 'date,open,high,low,close,volume';

describe('daily index series (spx_daily.csv, the Cboe vol indices)', () => {
  it('SPX: rows before 1990 left out, float32 artefacts rounded and counted, weekend and duplicate rows removed', () => {
    // CORRECTIONS.md "SPX: float32 artefacts rounded to 2 decimals (e.g. 2237.39990234375 -> 2237.4)".
    const ctx = rawContext({
      'spx_daily.csv': csv(
        SPX_HEADER,
        '1989-12-29,351.20001220703125,353.4100036621094,351.20001220703125,353.4,0',
        '1990-01-02,353.4,359.69000244140625,351.98,359.69000244140625,0',
        '1990-01-03,359.69,360.59,357.89,358.76,0',
        '1990-01-03,359.69,360.59,357.89,358.76,0',
        '1990-01-04,358.76,358.76,352.89,355.67,0',
        '1990-01-05,355.67,355.67,351.35,352.2,0',
        '1990-01-06,352.2,352.2,352.2,352.2,0',
      ),
    });
    const rows = buildSpx(ctx);
    expect(rows).toEqual([
      ['1990-01-02', '353.4', '359.69', '351.98', '359.69'],
      ['1990-01-03', '359.69', '360.59', '357.89', '358.76'],
      ['1990-01-04', '358.76', '358.76', '352.89', '355.67'],
      ['1990-01-05', '355.67', '355.67', '351.35', '352.2'],
    ]);
    const byWhat = new Map(ctx.log.corrections.map((c) => [c.what.slice(0, 24), c]));
    expect(byWhat.get('rows dated on a non-trad')?.examples).toEqual(['1990-01-06']);
    expect(byWhat.get('exact duplicate dates re')?.examples).toEqual(['1990-01-03']);
    expect(byWhat.get('float32 artefacts rounde')?.count, 'two noisy values on 1990-01-02').toBe(2);
    expect(ctx.log.tables.map((t) => t.name)).toEqual(['spx_daily.csv']);
  });

  it('SPX: a missing trading day, a broken OHLC order, a bad value, a bad date or a missing column is refused naming the file', () => {
    const spx = (...rows: string[]) => () => buildSpx(rawContext({ 'spx_daily.csv': csv(SPX_HEADER, ...rows) }));
    expect(spx('1990-01-02,353.4,359.69,351.98,359.69,0', '1990-01-04,358.76,358.76,352.89,355.67,0')).toThrow(/spx_daily\.csv: SPX file misses trading days: 1990-01-03/);
    expect(spx('1990-01-02,353.4,350,351.98,359.69,0')).toThrow(/spx_daily\.csv: SPX OHLC violated on 1990-01-02/);
    expect(spx('1990-01-02,353.4,359.69,351.98,359.69,0', '1990-01-03,359.69,360.59,,358.76,0')).toThrow(/^spx_daily\.csv:3: bad low$/);
    expect(spx('1990-01-02,353.4,359.69,351.98,359.69,0', '03.01.1990,359.69,360.59,357.89,358.76,0')).toThrow(/^spx_daily\.csv:3: bad date "03\.01\.1990"$/);
    expect(() => buildSpx(rawContext({ 'spx_daily.csv': csv('date,open,high,low', '1990-01-02,353.4,359.69,351.98') }))).toThrow(/^spx_daily\.csv:1: missing column "close"$/);
  });

  it('missingTradingDays lists calendar days without a row (NYSE holidays are not missing)', () => {
    // 1990-01-01 is New Year's Day; 1990-01-15 was not a holiday in 1990 (MLK Day from 1998).
    expect(missingTradingDays([['1990-01-02'], ['1990-01-05']], '1990-01-02')).toEqual(['1990-01-03', '1990-01-04']);
    expect(missingTradingDays([['1990-01-12'], ['1990-01-16']], '1990-01-12')).toEqual(['1990-01-15']);
  });

  it('VIX: Cboe MM/DD/YYYY dates, close-only bars before 2004-06-14 blanked, inconsistent bars blanked, a holiday row removed', () => {
    // CORRECTIONS.md VIX: 506 close-only rows blanked, 47 inconsistent rows, 33 non-trading-day rows (e.g. 2022-05-30, Memorial Day).
    const ctx = rawContext({
      'vix_daily.csv': csv(
        'DATE,OPEN,HIGH,LOW,CLOSE',
        '1990-01-02,17.240000,17.240000,17.240000,17.240000',
        '10/26/2004,16.900000,16.500000,15.900000,16.200000',
        '05/27/2022,27.500000,28.020000,25.550000,25.720000',
        '05/30/2022,25.720000,25.720000,25.720000,25.720000',
      ),
    });
    const rows = buildOhlcIndex(ctx, 'VIX', 'vix_daily.csv', 'vix_daily.csv', { blankBefore: '2004-06-14' });
    expect(rows).toEqual([
      ['1990-01-02', '', '', '', '17.24'],
      ['2004-10-26', '', '', '', '16.2'],
      ['2022-05-27', '27.5', '28.02', '25.55', '25.72'],
    ]);
    expect(ctx.log.corrections.map((c) => [c.what.slice(0, 30), c.count, c.examples])).toEqual([
      ['rows dated on a non-trading da', 1, ['2022-05-30']],
      ['open/high/low left empty where', 1, ['1 rows from 1990-01-02; last one 1990-01-02']],
      ['rows with inconsistent OHLC (l', 1, ['2004-10-26 o 16.9 h 16.5 l 15.9 c 16.2']],
    ]);
    expect(ctx.log.corrections[1]?.what).toContain('close-only history before 2004-06-14');
  });

  it('VVIX: the sparse 2006 rows are dropped and listed (CORRECTIONS.md: 15.71 on 2006-03-15)', () => {
    const ctx = rawContext({ 'vvix_daily.csv': csv('DATE,VVIX', '03/15/2006,15.710000', '01/03/2007,86.070000', '01/04/2007,84.290001') });
    const rows = buildCloseIndex(ctx, 'VVIX', 'vvix_daily.csv', 'vvix_daily.csv', 'VVIX', { from: '2007-01-03', dropNote: '2006 rows dropped' });
    expect(rows).toEqual([['2007-01-03', '86.07'], ['2007-01-04', '84.29']]);
    expect(ctx.log.corrections).toMatchObject([{ section: 'VVIX', what: '2006 rows dropped', count: 1, examples: ['2006-03-15 15.71'] }]);
    expect(() => buildCloseIndex(rawContext({ 'skew_daily.csv': csv('DATE,SKEW', '01/02/1990,0') }), 'SKEW', 'skew_daily.csv', 'skew_daily.csv', 'SKEW')).toThrow(/^skew_daily\.csv:2: bad SKEW$/);
  });

  it('VIX1D: Yahoo float artefacts rounded to 2 decimals, every row counted', () => {
    const ctx = rawContext({ 'vix1d_daily_2024_2026.csv': csv('date,open,close', '2024-09-30,10.579999923706055,11.970000267028809', '2024-10-01,12.06999969482422,17.010000228881836') });
    expect(buildVix1d(ctx)).toEqual([['2024-09-30', '10.58', '11.97'], ['2024-10-01', '12.07', '17.01']]);
    expect(ctx.log.corrections[0]).toMatchObject({ section: 'VIX1D', count: 2 });
    expect(() => buildVix1d(rawContext({ 'vix1d_daily_2024_2026.csv': csv('date,open,close', '2024-09-30,10.58,') }))).toThrow(/^vix1d_daily_2024_2026\.csv:2: bad close$/);
  });
});
