import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IsoDate } from '../core/time.js';
import type { MarketRow, SeriesKey } from '../market/marketRows.js';
import { readSeriesRows } from './csvMarketData.js';
import { DEFAULT_SOURCES, fetchCsv, parseSourceFlags, parseSourceText, resolveSources, vxContracts, type SourceDef } from './sources.js';
import { fixtureText, goodSources, startSourceServer, type SourceServer } from './testing/sourceServer.js';
import { planSource, planUpdate, type HeldSeries } from './update.js';

const TODAY = '2026-09-25' as IsoDate;
let server: SourceServer;
beforeAll(async () => {
  server = await startSourceServer();
});
afterAll(async () => server.close());

const embedded = new Map<SeriesKey, MarketRow[]>();
function held(series: SeriesKey, stored: MarketRow[] = []): HeldSeries {
  let rows = embedded.get(series);
  if (rows === undefined) {
    rows = readSeriesRows(series);
    embedded.set(series, rows);
  }
  return { rows: [...rows, ...stored], stored };
}

function def(name: string): SourceDef {
  const d = DEFAULT_SOURCES.find((s) => s.name === name);
  if (d === undefined) throw new Error(name);
  return d;
}

const opts = { today: TODAY, timeoutMs: 2000 };

describe('source registry', () => {
  it('has the official URLs, and --source overrides sources.json which overrides the defaults', () => {
    const urls = Object.fromEntries(DEFAULT_SOURCES.map((s) => [s.name, s.url]));
    expect(urls['vix']).toBe('https://cdn.cboe.com/api/global/us_indices/daily_prices/VIX_History.csv');
    expect(urls['tbill']).toBe('https://fred.stlouisfed.org/graph/fredgraph.csv?id=DTB3');
    expect(urls['vx']).toBe('https://cdn.cboe.com/data/us/futures/market_statistics/historical_data/VX/VX_{expiry}.csv');
    const r = resolveSources(parseSourceFlags(['vix=http://a/x.csv']), { vix: 'http://b/y.csv', skew: 'http://b/s.csv' });
    expect(r.find((s) => s.name === 'vix')?.url, 'flag wins').toBe('http://a/x.csv');
    expect(r.find((s) => s.name === 'skew')?.url, 'config next').toBe('http://b/s.csv');
    expect(r.find((s) => s.name === 'vvix')?.url, 'default last').toBe(urls['vvix']);
    expect(() => resolveSources({ nope: 'http://x' })).toThrow(/--source: unknown source "nope"/);
    expect(() => resolveSources({ vix: 'ftp://x' })).toThrow(/--source: source vix: expected an http\(s\) URL/);
    expect(() => resolveSources({ vx: 'http://x/VX.csv' })).toThrow(/must contain \{expiry\}/);
    expect(() => parseSourceFlags(['vix'])).toThrow(/expected NAME=URL/);
  });

  it('picks the VX contracts from the last held date through the third listed contract', () => {
    // Cboe VIX expirations: 2026-09-16, 10-21, 11-18, 12-16 (Wednesdays 30 days before the next month's third Friday).
    expect(vxContracts('2026-09-17' as IsoDate, TODAY)).toEqual(['2026-10-21', '2026-11-18', '2026-12-16']);
    expect(vxContracts('2026-09-10' as IsoDate, TODAY, 1), 'an expiry after the last held date is fetched').toEqual(['2026-09-16', '2026-10-21']);
  });
});

describe('parsers (one per format)', () => {
  it('reads Cboe MM/DD/YYYY OHLC, Cboe close-only, Stooq, FRED with "." and CFE per-contract files', () => {
    const vix = parseSourceText(def('vix'), 'VIX_History.csv', fixtureText('VIX_History.csv'));
    expect(vix.slice(0, 4), 'sorted by (date, field), ISO dates').toEqual([
      { series: 'VIX', date: '2026-07-21', field: 'close', value: 17.05 },
      { series: 'VIX', date: '2026-07-21', field: 'high', value: 17.99 },
      { series: 'VIX', date: '2026-07-21', field: 'low', value: 16.86 },
      { series: 'VIX', date: '2026-07-21', field: 'open', value: 17.48 },
    ]);
    expect(parseSourceText(def('vvix'), 'VVIX_History.csv', fixtureText('VVIX_History.csv'))[0]).toEqual({ series: 'VVIX', date: '2026-07-20', field: 'close', value: 102.82 });
    const spx = parseSourceText(def('spx'), 'spx.csv', fixtureText('spx_stooq.csv'));
    expect(spx.length, 'CRLF file: 5 days x 4 fields').toBe(20);
    const tb = parseSourceText(def('tbill'), 'fredgraph.csv', fixtureText('fredgraph_DTB3.csv'));
    expect(tb.map((r) => r.date), 'the "." day gives no row').not.toContain('2026-08-05');
    expect(tb.find((r) => r.date === '2026-08-06')).toEqual({ series: 'TBILL', date: '2026-08-06', field: 'discount_pct', value: 3.7 });
    const dec = parseSourceText(def('vx'), 'VX_2026-12-16.csv', fixtureText('VX_2026-12-16.csv'), '2026-12-16' as IsoDate);
    expect(dec.map((r) => r.date), 'a settle of 0 (listed, not settled) gives no row').toEqual(['2026-09-18', '2026-09-21', '2026-09-22']);
    expect(dec[0]).toEqual({ series: 'VX', date: '2026-09-18', field: 'settle:2026-12-16', value: 19.3216 });
  });

  it('rejects bad rows with the source, file and line, like the embedded loader', () => {
    const vix = (text: string): (() => unknown) => () => parseSourceText(def('vix'), 'VIX_History.csv', text);
    const head = 'DATE,OPEN,HIGH,LOW,CLOSE\n';
    expect(vix(`${head}07/21/2026,17.48,17.99,16.86,17.05\n07/22/2026,17.42,19.49,16.64,abc\n`)).toThrow(/^source vix: VIX_History\.csv:3: CLOSE: not a number: "abc"$/);
    expect(vix(`${head}2026-07-21,17.48,17.99,16.86,17.05\n`)).toThrow(/VIX_History\.csv:2: DATE: not a valid MM\/DD\/YYYY date/);
    expect(vix(`${head}02/30/2026,17.48,17.99,16.86,17.05\n`)).toThrow(/not a valid MM\/DD\/YYYY date: "02\/30\/2026"/);
    expect(vix(`${head}07/22/2026,17.48,17.99,16.86,17.05\n07/21/2026,17.4,19.4,16.6,16.6\n`)).toThrow(/:3: date: 2026-07-21 is not after 2026-07-22/);
    expect(vix(`${head}07/22/2026,17.48,17.99,16.86,17.05\n07/22/2026,17.48,17.99,16.86,17.05\n`)).toThrow(/:3: date: duplicate 2026-07-22/);
    expect(vix(`${head}07/22/2026,17.48,17.00,16.86,17.05\n`)).toThrow(/:2: open: 17\.48 is outside \[low 16\.86, high 17\]/);
    expect(vix(`${head}07/22/2026,17.48,17.99,16.86,Infinity\n`)).toThrow(/CLOSE: not a number/);
    expect(vix('DATE,CLOSE\n07/22/2026,17.05\n')).toThrow(/header: missing column "OPEN"/);
  });
});

describe('planUpdate against a local HTTP server', () => {
  it('adds only the rows after the last held date, reports revisions, and finds nothing new the second time', async () => {
    const defs = resolveSources(goodSources(server.base));
    const plans = await planUpdate(defs, (s) => held(s), opts);
    const summary = Object.fromEntries(plans.map((p) => [p.name, [p.rows.length, p.lastDate, p.revisions.length]]));
    expect(summary).toEqual({
      spx: [8, '2026-08-25', 0],
      vix: [12, '2026-07-28', 0],
      vix9d: [12, '2026-07-27', 0],
      vix3m: [12, '2026-07-27', 0],
      vix6m: [8, '2026-04-28', 0],
      vvix: [3, '2026-07-27', 0],
      skew: [3, '2026-07-27', 0],
      // DTB3 3.59 vs the embedded ^IRX 3.582 / 3.58 on 2026-01-28/29: reported, not written.
      tbill: [2, '2026-08-06', 2],
      vx: [9, '2026-09-22', 0],
    });
    const tbill = plans.find((p) => p.name === 'tbill');
    expect(tbill?.revisions[0]).toEqual({ date: '2026-01-28', field: 'discount_pct', held: 3.582, fetched: 3.59 });

    // Second run: the written rows are now stored.
    const stored = new Map<SeriesKey, MarketRow[]>();
    for (const p of plans) stored.set(p.series, p.rows);
    const again = await planUpdate(defs, (s) => held(s, stored.get(s) ?? []), opts);
    expect(again.map((p) => p.rows.length), 'idempotent').toEqual(again.map(() => 0));
    expect(again.find((p) => p.name === 'vx')?.storedLastDate).toBe('2026-09-22');
  });

  it('names the failing source for HTTP 500, HTML, a timeout, a cut body and a missing final newline', async () => {
    const cases: [string, string, RegExp][] = [
      ['vix3m', `${server.base}/status/500`, /^source vix3m: HTTP 500 Internal Server Error from http:\/\/127\.0\.0\.1:\d+\/status\/500$/],
      ['vvix', `${server.base}/html`, /^source vvix: expected a CSV file, got content-type text\/html; charset=utf-8/],
      ['skew', `${server.base}/htmlcsv`, /^source skew: expected a CSV file, got an HTML page/],
      ['spx', `${server.base}/hang`, /^source spx: no complete answer within 0\.3 s/],
      ['vix', `${server.base}/cut/VIX_History.csv`, /^source vix: VIX_History\.csv: truncated download: the connection closed before the whole file arrived \(UND_ERR_SOCKET\)$/],
      ['vx', `${server.base}/status/403?c={expiry}`, /^source vx: HTTP 403 Forbidden from http:\S+\/status\/403\?c=2026-10-21$/],
    ];
    for (const [name, url, re] of cases) {
      const d = resolveSources({ [name]: url }).find((s) => s.name === name) as SourceDef;
      await expect(planUpdate([d], (s) => held(s), { ...opts, timeoutMs: 300 }), name).rejects.toThrow(re);
    }
    server.setText('cutrow.csv', fixtureText('VIX_History.csv').replace(/17\.020000\n$/, '17.0'));
    await expect(fetchCsv('vix', `${server.base}/text/cutrow.csv`), 'cut mid-row, still parses: caught by the missing newline').rejects.toThrow(
      /^source vix: cutrow\.csv: truncated download: the last line has no line ending \("07\/28\/2026,17\.350000,17\.900000,16\.950000,17\.0"\)$/,
    );
  });

  it('reports the first failing source and lists the others', async () => {
    const defs = resolveSources(goodSources(server.base, { vix9d: `${server.base}/status/404`, skew: `${server.base}/status/503` }));
    await expect(planUpdate(defs, (s) => held(s), opts)).rejects.toThrow(/^source vix9d: HTTP 404 Not Found from .*\(also failed: skew\)$/);
  });

  it('refuses a download that ends before the held data or lacks rows the store has', () => {
    const vix = def('vix');
    const old = parseSourceText(vix, 'VIX_History.csv', 'DATE,OPEN,HIGH,LOW,CLOSE\n07/21/2026,17.48,17.99,16.86,17.05\n');
    expect(() => planSource({ def: vix, rows: old }, held('VIX')), 'ends before 2026-07-23').toThrow(
      /^source vix: truncated or stale download: close ends at 2026-07-21, before 2026-07-23 already held$/,
    );
    const rows = parseSourceText(vix, 'VIX_History.csv', fixtureText('VIX_History.csv'));
    const stored: MarketRow[] = rows.filter((r) => r.date > '2026-07-23');
    const withoutOneDay = rows.filter((r) => r.date !== '2026-07-27');
    expect(() => planSource({ def: vix, rows: withoutOneDay }, held('VIX', stored))).toThrow(
      /^source vix: truncated download: 4 row\(s\) already in the store are missing from it \(first: 2026-07-27 close\)$/,
    );
    expect(() => planSource({ def: vix, rows: [] }, held('VIX'))).toThrow(/has no data rows/);
  });

  it('a download cut at any byte either is refused or adds a prefix of the good rows, never a wrong value', async () => {
    const vix = def('vix');
    const text = fixtureText('VIX_History.csv');
    const h: HeldSeries = { rows: held('VIX').rows.filter((r) => r.date >= '2026-07-01'), stored: [] };
    const good = planSource({ def: vix, rows: parseSourceText(vix, 'VIX_History.csv', text) }, h).rows;
    const goodKeys = new Set(good.map((r) => `${r.date}|${r.field}|${r.value}`));
    let refused = 0;
    for (let cut = 1; cut < text.length; cut++) {
      const body = text.slice(0, cut);
      const fetchImpl: typeof fetch = () => Promise.resolve(new Response(body, { headers: { 'content-type': 'text/csv' } }));
      try {
        const t = await fetchCsv('vix', 'http://x/VIX_History.csv', { fetchImpl });
        const plan = planSource({ def: vix, rows: parseSourceText(vix, 'VIX_History.csv', t) }, h);
        for (const r of plan.rows) expect(goodKeys.has(`${r.date}|${r.field}|${r.value}`), `cut at ${cut}: ${r.date} ${r.field} ${r.value}`).toBe(true);
        expect(cut === text.length || body.endsWith('\n'), `cut at ${cut} accepted only on a line end`).toBe(true);
      } catch (e) {
        expect((e as Error).message, `cut at ${cut}`).toMatch(/^source vix: /);
        refused++;
      }
    }
    // Accepted: only the cuts right after 07/23 (nothing new), 07/24 and 07/27 (a shorter, valid file).
    expect(text.length - 1 - refused, 'cuts accepted').toBe(3);
  });

  it('requires open, high, low and close on a new SPX day', () => {
    const spx = def('spx');
    const rows = parseSourceText(spx, 'spx.csv', fixtureText('spx_stooq.csv')).filter((r) => !(r.date === '2026-08-25' && r.field === 'open'));
    expect(() => planSource({ def: spx, rows }, held('SPX'))).toThrow(/^source spx: 2026-08-25: open missing/);
  });
});
