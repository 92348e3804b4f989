import { describe, expect, it } from 'vitest';
import type { IsoDate } from '../core/time.js';
import { compareRows, type MarketRow } from '../market/marketRows.js';
import { testMarketDataSourceContract } from '../market/testing/marketDataSourceContract.js';
import type { DailyFrame, MarketData } from '../market/types.js';
import { CsvMarketDataSource, readSeriesRows, tbillDiscountPctToRateFrac } from './csvMarketData.js';
import { DEFAULT_SOURCES, parseSourceText } from './sources.js';
import { fixtureText } from './testing/sourceServer.js';
import { planSource } from './update.js';
import { OverlayMarketDataSource, overlayMarketData } from './overlay.js';

const d = (s: string): IsoDate => s as IsoDate;

function tinyBase(): MarketData {
  const f = (xs: number[]): Float64Array => Float64Array.from(xs);
  const daily: DailyFrame = {
    dates: [d('2026-07-22'), d('2026-07-23')],
    n: 2,
    spxOpen: f([10, 11]),
    spxHigh: f([12, 13]),
    spxLow: f([9, 10]),
    spxClose: f([11, 12]),
    vixOpen: f([NaN, 18]),
    vixHigh: f([NaN, 19]),
    vixLow: f([NaN, 17]),
    vixClose: f([17, 18]),
    vix9d: f([15, NaN]),
    vix3m: f([19, 20]),
    vix6m: f([NaN, NaN]),
    vix1d: f([9, 9]),
    vvix: f([95, 96]),
    skew: f([150, 151]),
    rateFrac: f([0.036, 0.037]),
    divYieldFrac: f([0.012, 0.012]),
    advances: f([1500, 1600]),
    declines: f([1400, 1300]),
  };
  return { daily, vx: { date: [d('2026-07-22')], expiry: [d('2026-08-19')], settle: f([19.5]) }, events: [] };
}

const row = (series: string, date: string, field: string, value: number): MarketRow => ({ series, date: d(date), field, value });

describe('overlayMarketData', () => {
  it('adds SPX days, fills only empty cells, converts the T-bill yield and carries rates forward', () => {
    const base = tinyBase();
    const rows = [
      ...['open', 'high', 'low', 'close'].map((f, i) => row('SPX', '2026-07-24', f, 20 + i)),
      row('VIX', '2026-07-24', 'close', 21),
      row('VIX', '2026-07-23', 'close', 99), // base has it: the base wins
      row('VIX9D', '2026-07-23', 'close', 16), // base lacks it: filled
      row('TBILL', '2026-07-24', 'discount_pct', 3.7),
      row('VX', '2026-07-23', 'settle:2026-08-19', 19.9),
      row('VX', '2026-07-22', 'settle:2026-09-16', 20.1),
      row('VIX', '2026-07-27', 'close', 22), // no SPX row that day: outside the frame
    ];
    const out = overlayMarketData(base, rows);
    expect(out.daily.dates).toEqual(['2026-07-22', '2026-07-23', '2026-07-24']);
    expect([...out.daily.spxClose]).toEqual([11, 12, 23]);
    expect([...out.daily.vixClose]).toEqual([17, 18, 21]);
    expect(out.daily.vix9d[1]).toBe(16);
    expect(out.daily.rateFrac[2]).toBeCloseTo(tbillDiscountPctToRateFrac(3.7), 15);
    expect(out.daily.divYieldFrac[2], 'dividend yield carried forward').toBe(0.012);
    expect(out.daily.advances[2]).toBeNaN();
    expect(out.vx.date.map((x, i) => `${x} ${out.vx.expiry[i]} ${out.vx.settle[i]}`)).toEqual([
      '2026-07-22 2026-08-19 19.5',
      '2026-07-22 2026-09-16 20.1',
      '2026-07-23 2026-08-19 19.9',
    ]);
    expect([...base.daily.vix9d], 'the base is not mutated').toEqual([15, NaN]);
    expect(new OverlayMarketDataSource({ load: () => tinyBase() }, () => rows).load()).toEqual(out);
  });

  it('puts the VIX1D close and the NYSE advances/declines of an update on the frame, never over the base', () => {
    const rows = [
      ...['open', 'high', 'low', 'close'].map((f, i) => row('SPX', '2026-07-24', f, 20 + i)),
      ...['open', 'high', 'low', 'close'].map((f, i) => row('VIX1D', '2026-07-24', f, 8 + i)),
      row('VIX1D', '2026-07-23', 'close', 99), // base has it: the base wins
      row('BREADTH', '2026-07-24', 'advances', 1102),
      row('BREADTH', '2026-07-24', 'declines', 1561),
      row('BREADTH', '2026-07-24', 'unchanged', 84),
      row('BREADTH', '2026-07-23', 'advances', 1), // base has it
    ];
    const out = overlayMarketData(tinyBase(), rows);
    expect([...out.daily.vix1d], 'the close, not the open/high/low').toEqual([9, 9, 11]);
    expect([...out.daily.advances]).toEqual([1500, 1600, 1102]);
    expect([...out.daily.declines]).toEqual([1400, 1300, 1561]);
  });

  it('carries the last rate forward when a new day has no T-bill row, and refuses a new SPX day without open', () => {
    const out = overlayMarketData(tinyBase(), ['open', 'high', 'low', 'close'].map((f) => row('SPX', '2026-07-24', f, 20)));
    expect(out.daily.rateFrac[2]).toBe(0.037);
    expect(() => overlayMarketData(tinyBase(), ['high', 'low', 'close'].map((f) => row('SPX', '2026-07-24', f, 20)))).toThrow(/store SPX 2026-07-24: open: missing value/);
  });
});

/** The fixture update (the rows `alvh data update` would add to the embedded data), planned without HTTP. */
function fixtureUpdateRows(): MarketRow[] {
  const files: Record<string, string[]> = {
    spx: ['spx_stooq.csv'],
    vix: ['VIX_History.csv'],
    vix9d: ['VIX9D_History.csv'],
    vix3m: ['VIX3M_History.csv'],
    vix6m: ['VIX6M_History.csv'],
    vix1d: ['VIX1D_History.csv'],
    vvix: ['VVIX_History.csv'],
    skew: ['SKEW_History.csv'],
    tbill: ['fredgraph_DTB3.csv'],
    vx: ['VX_2026-10-21.csv', 'VX_2026-11-18.csv', 'VX_2026-12-16.csv'],
    breadth: ['nyse_breadth.csv'],
  };
  return DEFAULT_SOURCES.flatMap((def) => {
    const rows = (files[def.name] ?? []).flatMap((f) => parseSourceText(def, f, fixtureText(f), def.format === 'cfe-vx' ? (f.slice(3, 13) as IsoDate) : undefined)).sort(compareRows);
    return planSource({ def, rows }, { rows: readSeriesRows(def.series), stored: [] }).rows;
  });
}

testMarketDataSourceContract('OverlayMarketDataSource (embedded + the fixture update)', () => {
  const rows = fixtureUpdateRows();
  return new OverlayMarketDataSource(new CsvMarketDataSource(), () => rows);
});
