import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { DataError } from '../core/errors.js';
import type { IsoDate } from '../core/time.js';
import { indexOfDate, vxCurveOn } from '../market/series.js';
import { testMarketDataSourceContract } from '../market/testing/marketDataSourceContract.js';
import {
  CsvMarketDataSource,
  DATA_FILES,
  embeddedDataDir,
  loadSpxAtmIvTerm,
  loadSpxCalls,
  loadSpxChain,
  loadVixChain,
  loadVxCurveSnapshot,
  loadVxSettles,
  loadVxthCalls,
  readSeriesRows,
  tbillDiscountPctToRateFrac,
} from './csvMarketData.js';
import { SERIES_KEYS, type SeriesKey } from '../market/marketRows.js';
import { parseTable } from './csvTable.js';

const FIX = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');

function errorOf(f: () => unknown): DataError {
  try {
    f();
  } catch (e) {
    if (e instanceof DataError) return e;
    throw e;
  }
  throw new Error('expected a DataError');
}

testMarketDataSourceContract('CsvMarketDataSource (embedded data)', () => new CsvMarketDataSource());

describe('CSV loader rejects broken files with file:line and field', () => {
  const cases: [string, string][] = [
    ['bad-number', 'spx_daily.csv:4: close: not a number: "32x6.63"'],
    ['missing-column', 'spx_daily.csv:1: header: missing column "low"'],
    ['duplicate-date', 'spx_daily.csv:4: date: duplicate 2020-01-03'],
    ['unordered-date', 'spx_daily.csv:4: date: 2020-01-03 is not after 2020-01-06 (rows must be strictly ascending)'],
    ['high-below-low', 'spx_daily.csv:3: high: 3222.34 is below low 3246.15'],
    ['bad-date', 'spx_daily.csv:3: date: not a valid YYYY-MM-DD date: "2020-02-30"'],
    ['short-row', 'spx_daily.csv:2: row: expected 5 fields, got 4'],
  ];
  for (const [dir, message] of cases) {
    it(dir, () => {
      const e = errorOf(() => new CsvMarketDataSource(path.join(FIX, dir)).load());
      expect(e.message, dir).toBe(message);
      expect(e.code).toBe('bad_data');
    });
  }

  it('rejects a duplicate (date, expiry) in the VX table', () => {
    expect(errorOf(() => loadVxSettles(path.join(FIX, 'vx-duplicate'))).message).toBe('vx_settles.csv:4: date,expiry: duplicate 2008-11-20 2009-01-21');
  });

  it('rejects crossed quotes and unknown option types in a chain', () => {
    expect(errorOf(() => loadSpxChain(path.join(FIX, 'spx-chain-crossed.csv'))).message).toBe('spx-chain-crossed.csv:3: bid: 118.4 is above ask 117.2');
    expect(errorOf(() => loadSpxChain(path.join(FIX, 'spx-chain-bad-type.csv'))).message).toBe('spx-chain-bad-type.csv:2: type: expected one of call|put, got "straddle"');
  });

  it('reports a missing directory and a missing file', () => {
    expect(errorOf(() => new CsvMarketDataSource(path.join(FIX, 'no-such-dir')).load()).message).toMatch(/no-such-dir: data directory not found$/);
    expect(errorOf(() => new CsvMarketDataSource(path.join(FIX, 'vx-duplicate')).load()).message).toMatch(/^spx_daily\.csv: cannot read/);
  });

  it('parses quoted CSV through csv-parse with the same line numbers', () => {
    const text = 'date,kind,detail\n2020-03-16,fomc,"cut, to zero"\n2020-03-17,fomc,"x"\n2020-03-18,bad,"y"\n';
    const cols = [{ name: 'date', kind: 'date' }, { name: 'kind', kind: 'enum', values: ['fomc'] }, { name: 'detail', kind: 'str' }] as const;
    expect(errorOf(() => parseTable('e.csv', text, cols)).message).toBe('e.csv:4: kind: expected one of fomc, got "bad"');
    const ok = parseTable('e.csv', text.split('\n').slice(0, 3).join('\n'), cols);
    expect(ok.str.detail, 'quoted comma kept').toEqual(['cut, to zero', 'x']);
  });
});

describe('whole-dataset load is all or nothing', () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  });
  /** A copy of the embedded dataset with the first 400 lines of every file. */
  function truncatedCopy(): string {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'alvh-data-'));
    dirs.push(tmp);
    for (const f of Object.values(DATA_FILES)) {
      const lines = fs.readFileSync(path.join(embeddedDataDir(), f), 'utf8').split('\n');
      fs.writeFileSync(path.join(tmp, f), lines.slice(0, 400).join('\n') + '\n');
    }
    return tmp;
  }

  it('a truncated copy of every file loads', () => {
    const m = new CsvMarketDataSource(truncatedCopy()).load();
    expect(m.daily.n, 'first 399 SPX rows').toBe(399);
    expect(m.daily.dates[0]).toBe('1990-01-02');
  });

  it('one bad breadth row deep in the data makes the whole load fail', () => {
    const tmp = truncatedCopy();
    const f = path.join(tmp, DATA_FILES.breadth);
    const lines = fs.readFileSync(f, 'utf8').split('\n');
    lines[300] = (lines[300] as string).replace(/,(\d+),/, ',-5,');
    fs.writeFileSync(f, lines.join('\n'));
    expect(errorOf(() => new CsvMarketDataSource(tmp).load()).message).toMatch(/^nyse_breadth\.csv:301: advances: must be >= 0, got -5$/);
  });
});

describe('rate conversion', () => {
  it('converts a 13-week discount yield to a continuously compounded rate', () => {
    // 5% discount, 91 days: price 1 - 0.05 * 91/360 = 0.98736111, r = -ln(P) * 365/91 = 0.0510175
    expect(tbillDiscountPctToRateFrac(5)).toBeCloseTo(0.0510175, 6);
    expect(tbillDiscountPctToRateFrac(0)).toBe(0);
    expect(tbillDiscountPctToRateFrac(-0.105), 'negative bill yields stay negative').toBeLessThan(0);
  });
});

describe('embedded data sanity', () => {
  const m = new CsvMarketDataSource().load();
  const { daily, vx, events } = m;
  const at = (d: string): number => {
    const i = indexOfDate(daily, d as IsoDate);
    if (i < 0) throw new Error(`${d} not in frame`);
    return i;
  };

  it('matches the published reference values (data/PROVENANCE.md checks)', () => {
    expect(daily.vixClose[at('2020-03-16')], 'VIX record close').toBe(82.69);
    expect(daily.vixClose[at('2008-11-20')]).toBe(80.86);
    expect(daily.vixHigh[at('2008-10-24')], 'max intraday high').toBe(89.53);
    expect(daily.spxClose[at('2020-03-23')], 'SPX COVID low').toBe(2237.4);
    expect(daily.spxClose[at('2008-11-20')]).toBe(752.44);
    expect(daily.vvix[at('2020-03-16')]).toBe(207.59);
    expect(daily.vix9d[at('2020-03-16')]).toBe(106.66);
    expect(daily.vix3m[at('2020-03-18')]).toBe(72.98);
    expect(daily.skew[at('2025-02-18')]).toBe(183.12);
    expect([daily.advances[at('2020-03-16')], daily.declines[at('2020-03-16')]]).toEqual([114, 2796]);
    expect([daily.advances[at('2025-04-09')], daily.declines[at('2025-04-09')]]).toEqual([2433, 111]);
  });

  it('frame starts 1990-01-02, dates are strictly ascending SPX days, SPX OHLC always present', () => {
    expect(daily.dates[0]).toBe('1990-01-02');
    expect(daily.n).toBe(daily.dates.length);
    for (let i = 1; i < daily.n; i++) if ((daily.dates[i] as string) <= (daily.dates[i - 1] as string)) throw new Error(`order at ${daily.dates[i]}`);
    for (const a of [daily.spxOpen, daily.spxHigh, daily.spxLow, daily.spxClose, daily.rateFrac, daily.divYieldFrac]) {
      expect(a.every((x) => Number.isFinite(x)), 'no gaps').toBe(true);
    }
    const noVix = daily.dates.filter((d, i) => Number.isNaN(daily.vixClose[i] as number));
    expect(noVix, 'SPX days absent from the Cboe VIX file (NaN, not filled)').toEqual(['1991-03-01', '1997-01-31', '1997-11-26', '1999-12-31']);
  });

  it('ends on one common last day: every core series has it, no series goes past it (data/CORRECTIONS.md)', () => {
    const last = daily.dates[daily.n - 1] as string;
    expect(last, 'the last day every core series has, see "Common last day" in data/CORRECTIONS.md').toBe('2026-07-22');
    const core: SeriesKey[] = ['SPX', 'VIX', 'VIX9D', 'VIX3M', 'VVIX', 'SKEW', 'TBILL', 'VX'];
    for (const series of SERIES_KEYS) {
      const lastRow = readSeriesRows(series).at(-1)?.date;
      if (core.includes(series)) expect(lastRow, `${series} has a value on the common last day`).toBe(last);
      else expect((lastRow ?? '') <= last, `${series} ends on or before it (${lastRow})`).toBe(true);
    }
    expect(readSeriesRows('BREADTH').at(-1)?.date, 'breadth genuinely ends earlier: a stale input, not cut').toBe('2026-05-22');
  });

  it('VIX open/high/low are empty in the close-only years and present from 2004-06-14', () => {
    expect(Number.isNaN(daily.vixOpen[at('1990-01-02')] as number)).toBe(true);
    const from = at('2004-06-14');
    const to = daily.n - 1;
    const noOpen: string[] = [];
    for (let i = from; i <= to; i++) if (!Number.isFinite(daily.vixOpen[i] as number)) noOpen.push(daily.dates[i] as string);
    expect(noOpen, 'only the three inconsistent bars listed in CORRECTIONS.md').toEqual(['2004-10-26', '2004-11-08', '2006-02-08']);
    expect(daily.vvix.findIndex((x) => Number.isFinite(x)), 'VVIX from 2007-01-03').toBe(at('2007-01-03'));
  });

  it('rates and dividend yields are continuous fractions in plausible ranges', () => {
    expect(daily.rateFrac[at('2008-12-10')]).toBeLessThan(0.002);
    expect(daily.rateFrac[at('2023-10-19')]).toBeGreaterThan(0.05);
    expect(daily.rateFrac[at('2023-10-19')]).toBeLessThan(0.058);
    expect(daily.rateFrac[at('1990-01-02')]).toBeGreaterThan(0.07);
    for (const q of daily.divYieldFrac) if (!(q > 0.009 && q < 0.04)) throw new Error(`dividend yield ${q}`);
  });

  it('every SPX day from 1994-06-20 to 2026-05-22 has breadth, except the 6 listed days', () => {
    const missing: string[] = [];
    for (let i = at('1994-06-20'); i <= at('2026-05-22'); i++) if (Number.isNaN(daily.advances[i] as number) || Number.isNaN(daily.declines[i] as number)) missing.push(daily.dates[i] as string);
    // 1995-01-19/20 and 1996-01-25 are absent from both raw files; the other three are the removed bad rows.
    expect(missing).toEqual(['1995-01-19', '1995-01-20', '1996-01-25', '1999-05-25', '2000-05-12', '2001-02-15']);
  });

  it('VX curve: 2008-11-20 front 66.23 / second 59.77; the expiry-day final settle comes from the CFE file', () => {
    const c = vxCurveOn(vx, '2008-11-20' as IsoDate);
    expect(c.slice(0, 2)).toEqual([{ expiry: '2008-12-17', settle: 66.23 }, { expiry: '2009-01-21', settle: 59.77 }]);
    expect(vxCurveOn(vx, '2020-03-16' as IsoDate)[0]?.settle, 'VX1 max').toBe(72.625);
    // 2021-12-22 is in the overlap: the VX1..VX8 file (rolled) gives Jan-22 21.8007, the CFE file the same
    // plus the Dec-21 final settlement.
    const z = vxCurveOn(vx, '2021-12-22' as IsoDate);
    expect(z[0]?.expiry, 'expiring contract present on its expiry day').toBe('2021-12-22');
    expect(z.find((p) => p.expiry === '2022-01-19')?.settle).toBe(21.8007);
    expect(vxCurveOn(vx, '2007-03-30' as IsoDate), 'before the data').toEqual([]);
  });

  it('VX table is sorted by (date, expiry), never quotes an expired contract, and covers every SPX day from 2007-04-02', () => {
    for (let i = 1; i < vx.date.length; i++) {
      const a = `${vx.date[i - 1]}|${vx.expiry[i - 1]}`;
      const b = `${vx.date[i]}|${vx.expiry[i]}`;
      if (b <= a) throw new Error(`order at ${b}`);
      if ((vx.expiry[i] as string) < (vx.date[i] as string)) throw new Error(`expired at ${b}`);
    }
    const last = vx.date[vx.date.length - 1] as IsoDate;
    for (let i = at('2007-04-02'); i < daily.n && (daily.dates[i] as string) <= last; i++) {
      const c = vxCurveOn(vx, daily.dates[i] as IsoDate);
      if (c.length < 2) throw new Error(`VX curve on ${daily.dates[i]} has ${c.length} points`);
    }
  });

  it('events: sorted, no weekend dates, CPI year-shift fixed, FOMC 2026 calendar', () => {
    for (let i = 1; i < events.length; i++) expect((events[i] as { date: string }).date >= (events[i - 1] as { date: string }).date).toBe(true);
    const weekend = events.filter((e) => [0, 6].includes(new Date(`${e.date}T00:00:00Z`).getUTCDay()));
    expect(weekend, 'no event on a weekend').toEqual([]);
    const cpi = events.filter((e) => e.kind === 'cpi');
    expect(cpi.find((e) => e.date === '2005-01-19')?.detail, 'December-2004 CPI released 2005-01-19').toContain('December 2004');
    expect(cpi.some((e) => e.date === '2004-01-19'), 'the year-shifted row is gone').toBe(false);
    expect(cpi.some((e) => e.date === '2008-01-16'), 'January 2008 now has its CPI').toBe(true);
    const fomc2026 = events.filter((e) => e.kind === 'fomc' && e.date.startsWith('2026')).map((e) => e.date);
    expect(fomc2026).toEqual(['2026-01-28', '2026-03-18', '2026-04-29', '2026-06-17', '2026-07-29', '2026-09-16', '2026-10-28', '2026-12-09']);
    expect(events.find((e) => e.date === '2020-03-16' && e.kind === 'fomc')?.detail, 'Sunday cut moved to Monday').toContain('announced 2020-03-15');
    const vixExp = events.filter((e) => e.kind === 'vix_expiry' && e.date.startsWith('2024-06'));
    expect(vixExp.map((e) => e.date), 'Juneteenth-adjusted').toEqual(['2024-06-18']);
    expect(events.filter((e) => e.kind === 'spx_monthly_expiry').length, '12 a year 1990-2027').toBe(12 * 38);
  });
});

describe('embedded option snapshots', () => {
  it('SPX chain 2026-01-30: 17107 rows, 54 expiries, puts and calls, quotes never crossed', () => {
    const rows = loadSpxChain();
    expect(rows.length).toBe(17107);
    expect(new Set(rows.map((r) => r.expiration)).size).toBe(54);
    expect(rows.filter((r) => r.type === 'put').length, 'PROVENANCE: 9460 puts').toBe(9460);
    expect(rows.every((r) => !(r.bid > r.ask)), 'bid <= ask wherever both exist').toBe(true);
  });

  it('SPX calls 2026-03-13, VIX options 2024-06-03, VX curve 2026-07-23, ATM IV term', () => {
    const calls = loadSpxCalls();
    expect(calls.length).toBe(1507);
    expect(new Set(calls.map((r) => r.expiration)).size, '22 expiry dates (PROVENANCE says 20; the OCC symbols give 22)').toBe(22);
    const vix = loadVixChain();
    expect(vix.length).toBe(1100);
    expect(vix.filter((r) => Number.isFinite(r.close)).length, 'PROVENANCE: 379 traded').toBe(379);
    const curve = loadVxCurveSnapshot();
    expect(curve.map((r) => r.symbol)).toEqual(['VX/Q6', 'VX/U6', 'VX/V6', 'VX/X6', 'VX/Z6', 'VX/F7', 'VX/G7', 'VX/H7']);
    expect(curve[1]?.settle, 'Sep-26 settle on 2026-07-23').toBe(20.2246);
    const iv = loadSpxAtmIvTerm();
    expect(iv.length).toBe(3442);
    expect(new Set(iv.map((r) => r.snapshotDate)).size, '69 snapshot dates').toBe(69);
  });

  it('VXTH VIX-call marks 2006-2011 hold a call expiring on a VIX expiry, marked every day', () => {
    const rows = loadVxthCalls();
    expect(rows.length).toBe(1457);
    expect(rows[0]?.date).toBe('2006-03-22');
    expect(rows.at(-1)?.date).toBe('2011-12-30');
    expect(rows.filter((r) => r.callBid > 0 && r.callAsk > 0).length, 'PROVENANCE: two-sided quotes on 172 roll days').toBe(172);
    expect(rows.every((r) => r.callExpiration >= r.date), 'never holds an expired call').toBe(true);
  });
});
