import { describe, expect, it } from 'vitest';
import { buildBreadth, joinBreadth, oddBreadthTotals } from './breadth.js';
import { csv, rawContext } from './testing/raw.js';

const m = (...kv: [string, number][]) => new Map(kv);

describe('NYSE breadth', () => {
  it('joinBreadth: inner join of advances and declines, the known bad rows and the lone monthly point removed', () => {
    // CORRECTIONS.md NYSE breadth: 1999-05-25 (declines = 19: adv 108, decl 19, unch 551), 1991-12-02 lone point,
    // advances without declines from 1993-08-03, declines without advances from 1993-08-20.
    const j = joinBreadth(
      m(['1991-12-02', 930], ['1993-08-03', 1100], ['1999-05-25', 108], ['2020-01-02', 2000]),
      m(['1991-12-02', 778], ['1993-08-20', 900], ['1999-05-25', 19], ['2020-01-02', 800]),
      m(['1999-05-25', 551]),
    );
    expect(j.rows).toEqual([['2020-01-02', '2000', '800', '']]);
    expect(j.advOnly).toEqual(['1993-08-03']);
    expect(j.decOnly).toEqual(['1993-08-20']);
    expect(j.bad).toEqual(['1999-05-25 (declines = 19: adv 108, decl 19, unch 551)']);
    expect(j.lone).toEqual(['1991-12-02 (lone monthly point before the daily series)']);
  });

  it('oddBreadthTotals flags totals outside 1500..4500 and ignores rows without unchanged', () => {
    expect(oddBreadthTotals([['a', '1000', '400', '50'], ['b', '2000', '1000', '500'], ['c', '3000', '1000', '600'], ['d', '100', '100', '']])).toEqual(['a', 'c']);
  });

  it('buildBreadth refuses a raw set without the three known bad rows, and a negative count naming file and line', () => {
    const files = { 'nyse_advances_daily.csv': csv('time,close', '2020-01-02,2000'), 'nyse_declines_daily.csv': csv('time,close', '2020-01-02,800'), 'nyse_unchanged_daily.csv': csv('time,close', '2020-01-02,100') };
    expect(() => buildBreadth(rawContext(files))).toThrow(/nyse_advances_daily\.csv: expected the 3 known bad breadth rows/);
    expect(() => buildBreadth(rawContext({ ...files, 'nyse_declines_daily.csv': csv('time,close', '2020-01-02,-1') }))).toThrow(/^nyse_declines_daily\.csv:2: bad close$/);
  });
});
