import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IsoDate } from '../core/time.js';
import type { MarketRow, SeriesKey } from '../market/marketRows.js';
import { readSeriesRows } from './csvMarketData.js';
import { DEFAULT_SOURCES, FETCH_ATTEMPTS, fetchCsv, fetchSource, parseSourceFlags, parseSourceText, readLocalCsv, resolveSources, vxContracts, type SourceDef } from './sources.js';
import { fixtureText, goodSources, startSourceServer, type SourceServer } from './testing/sourceServer.js';
import { planSource, planUpdate, type HeldSeries } from './update.js';

const TODAY = '2026-09-25' as IsoDate;
let server: SourceServer;
let tmp: string;
beforeAll(async () => {
  server = await startSourceServer();
  tmp = mkdtempSync(join(tmpdir(), 'alvh-sources-'));
});
afterAll(async () => {
  rmSync(tmp, { recursive: true, force: true });
  await server.close();
});

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

const opts = { today: TODAY, timeoutMs: 20_000 };

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

  it('has VIX1D from Cboe and no default for NYSE breadth; a source may be a file path or a file:// URL', () => {
    expect(def('vix1d')).toEqual({ name: 'vix1d', series: 'VIX1D', format: 'cboe-ohlc', url: 'https://cdn.cboe.com/api/global/us_indices/daily_prices/VIX1D_History.csv' });
    expect(def('breadth').url, 'no official free daily breadth file: nothing by default').toBeNull();
    expect(resolveSources({}).find((s) => s.name === 'breadth')?.url).toBeNull();
    const url = (r: SourceDef[], name: string): string | null | undefined => r.find((s) => s.name === name)?.url;
    const r = resolveSources({ breadth: 'nyse.csv', vix: 'file:///data/cboe/VIX_History.csv' }, { breadth: 'ignored.csv', skew: 'cboe/SKEW.csv', vx: 'file:///d/VX_{expiry}.csv' }, '/home/u/.alvh');
    expect(url(r, 'breadth'), 'a flag path is resolved against the working directory').toBe(join(process.cwd(), 'nyse.csv'));
    expect(url(r, 'vix'), 'file:// becomes a path').toBe('/data/cboe/VIX_History.csv');
    expect(url(r, 'skew'), 'a sources.json path is resolved against the home').toBe('/home/u/.alvh/cboe/SKEW.csv');
    expect(url(r, 'vx'), 'the {expiry} template survives the file URL').toBe('/d/VX_{expiry}.csv');
    expect(() => resolveSources({ breadth: 'ftp://x/b.csv' })).toThrow(/^--source: source breadth: expected an http\(s\) URL, a file:\/\/ URL or a file path, got "ftp:\/\/x\/b\.csv"$/);
    expect(() => resolveSources({}, { breadth: '' })).toThrow(/^sources\.json: source breadth: empty URL or file$/);
  });

  it('picks the VX contracts from the last held date through the third listed contract', () => {
    // Cboe VIX expirations: 2026-09-16, 10-21, 11-18, 12-16 (Wednesdays 30 days before the next month's third Friday).
    expect(vxContracts('2026-09-17' as IsoDate, TODAY)).toEqual(['2026-10-21', '2026-11-18', '2026-12-16']);
    expect(vxContracts('2026-07-22' as IsoDate, TODAY), 'from the embedded last day: the contract expiring that day first').toEqual(['2026-07-22', '2026-08-19', '2026-09-16', '2026-10-21', '2026-11-18', '2026-12-16']);
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
    expect(spx.length, 'CRLF file: 27 days x 4 fields').toBe(108);
    const tb = parseSourceText(def('tbill'), 'fredgraph.csv', fixtureText('fredgraph_DTB3.csv'));
    expect(tb.map((r) => r.date), 'the "." day gives no row').not.toContain('2026-08-05');
    expect(tb.find((r) => r.date === '2026-08-06')).toEqual({ series: 'TBILL', date: '2026-08-06', field: 'discount_pct', value: 3.7 });
    const dec = parseSourceText(def('vx'), 'VX_2026-12-16.csv', fixtureText('VX_2026-12-16.csv'), '2026-12-16' as IsoDate);
    expect(dec.map((r) => r.date), 'a settle of 0 (listed, not settled) gives no row').toEqual(['2026-09-18', '2026-09-21', '2026-09-22']);
    expect(dec[0]).toEqual({ series: 'VX', date: '2026-09-18', field: 'settle:2026-12-16', value: 19.3216 });
  });

  it('reads the Cboe VIX1D file (DATE,OPEN,HIGH,LOW,CLOSE) and the breadth CSV (date,advances,declines,unchanged) value for value', () => {
    const vix1d = parseSourceText(def('vix1d'), 'VIX1D_History.csv', fixtureText('VIX1D_History.csv'));
    expect(vix1d, '53 days x 4 fields').toHaveLength(212);
    // Fixture line "09/30/2026,8.050000,14.270000,7.880000,13.950000".
    expect(vix1d.filter((r) => r.date === '2026-09-30')).toEqual([
      { series: 'VIX1D', date: '2026-09-30', field: 'close', value: 13.95 },
      { series: 'VIX1D', date: '2026-09-30', field: 'high', value: 14.27 },
      { series: 'VIX1D', date: '2026-09-30', field: 'low', value: 7.88 },
      { series: 'VIX1D', date: '2026-09-30', field: 'open', value: 8.05 },
    ]);
    const embedded = held('VIX1D').rows.filter((r) => r.date === '2026-07-22');
    expect(embedded, 'the embedded VIX1D (Yahoo) has open and close only; the fixture repeats them').toEqual(vix1d.filter((r) => r.date === '2026-07-22' && (r.field === 'open' || r.field === 'close')));

    const breadth = parseSourceText(def('breadth'), 'nyse_breadth.csv', fixtureText('nyse_breadth.csv'));
    expect(breadth, '67 days x 3 fields').toHaveLength(201);
    const day = (d: string): [string, number][] => breadth.filter((r) => r.date === d).map((r) => [r.field, r.value]);
    // Fixture lines "2026-05-22,1550,1152,101" (the embedded value) and "2026-08-25,1102,1561,84".
    expect(day('2026-05-22')).toEqual([['advances', 1550], ['declines', 1152], ['unchanged', 101]]);
    expect(day('2026-08-25')).toEqual([['advances', 1102], ['declines', 1561], ['unchanged', 84]]);
    expect(held('BREADTH').rows.filter((r) => r.date === '2026-05-22').map((r) => [r.field, r.value]), 'the embedded row of 2026-05-22').toEqual(day('2026-05-22'));
    expect(breadth.every((r) => r.series === 'BREADTH')).toBe(true);
    const noUnch = parseSourceText(def('breadth'), 'b.csv', 'date,advances,declines,unchanged\n2026-05-26,1500,1200,\n');
    expect(noUnch.map((r) => r.field), 'an empty unchanged cell gives no row').toEqual(['advances', 'declines']);
  });

  it('rejects a bad breadth row naming the source, the file and the line', () => {
    const b = (text: string): (() => unknown) => () => parseSourceText(def('breadth'), 'nyse.csv', `date,advances,declines,unchanged\n2026-05-26,1500,1200,80\n${text}`);
    expect(b('2026-05-27,1500,1x00,80\n')).toThrow(/^source breadth: nyse\.csv:3: declines: not a number: "1x00"$/);
    expect(b('2026-05-27,1500.5,1200,80\n')).toThrow(/^source breadth: nyse\.csv:3: advances: not a whole number of issues: 1500\.5$/);
    expect(b('2026-05-27,-3,1200,80\n')).toThrow(/^source breadth: nyse\.csv:3: advances: must be >= 0, got -3$/);
    expect(b('2026-05-27,1500\n')).toThrow(/^source breadth: nyse\.csv:3: row: expected 4 fields, got 2$/);
    expect(b('2026-05-27,,1200,80\n')).toThrow(/^source breadth: nyse\.csv:3: advances: missing value$/);
    expect(b('05/27/2026,1500,1200,80\n')).toThrow(/^source breadth: nyse\.csv:3: date: not a valid YYYY-MM-DD date/);
    expect(b('2026-05-26,1500,1200,80\n')).toThrow(/^source breadth: nyse\.csv:3: date: duplicate 2026-05-26$/);
    // The raw history's 2000-05-12 (total 4654) is this kind of row; 19 + 1200 + 80 is too few issues.
    expect(b('2026-05-27,2500,2100,54\n')).toThrow(/^source breadth: nyse\.csv:3: advances\+declines\+unchanged = 4654, outside the plausible 1500\.\.4500 NYSE issues/);
    expect(b('2026-05-27,19,1200,80\n')).toThrow(/nyse\.csv:3: advances\+declines\+unchanged = 1299, outside/);
    expect(() => parseSourceText(def('breadth'), 'ADV.csv', 'time,open,high,low,close\n2026-05-26,1,1,1,1\n')).toThrow(/^source breadth: ADV\.csv:1: header: missing column "date"$/);
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
      // The embedded data ends on 2026-07-22 (data/CORRECTIONS.md, "Common last day").
      spx: [96, '2026-08-25', 0],
      vix: [16, '2026-07-28', 0],
      vix9d: [12, '2026-07-27', 0],
      vix3m: [12, '2026-07-27', 0],
      vix6m: [8, '2026-04-28', 0],
      // 50 new days of O/H/L/C: 2026-07-23..2026-10-01.
      vix1d: [200, '2026-10-01', 0],
      vvix: [3, '2026-07-27', 0],
      skew: [3, '2026-07-27', 0],
      // DTB3 3.59 vs the embedded ^IRX 3.582 / 3.58 on 2026-01-28/29: reported, not written.
      tbill: [10, '2026-08-06', 2],
      // Aug 20 + Sep 39 + Oct 23 + Nov 6 + Dec 3 settles after 2026-07-22 (the Jul file adds nothing).
      vx: [91, '2026-09-22', 0],
      // 64 new days of advances/declines/unchanged after the embedded 2026-05-22.
      breadth: [192, '2026-08-25', 0],
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

  it('retries a GET whose connection the server reset before answering, as a real client does, up to FETCH_ATTEMPTS times', async () => {
    const text = await fetchCsv('vix', `${server.base}/reset/2/VIX_History.csv`);
    expect(text, 'two resets, then the file').toBe(fixtureText('VIX_History.csv'));
    await expect(fetchCsv('vix', `${server.base}/reset/${FETCH_ATTEMPTS}/VIX_History.csv`), 'a reset on every attempt is an error naming the source').rejects.toThrow(
      /^source vix: cannot fetch http:\/\/127\.0\.0\.1:\d+\/reset\/3\/VIX_History\.csv: (UND_ERR_SOCKET|ECONNRESET)$/,
    );
  });

  it('the test server closes every connection after its answer: no kept-alive socket for the server to close under a client', async () => {
    const res = await fetch(`${server.base}/f/VIX_History.csv`);
    await res.text();
    expect(res.headers.get('connection')).toBe('close');
  });

  it('names the failing source for HTTP 500, HTML, a timeout, a cut body and a missing final newline', async () => {
    const cases: [string, string, RegExp][] = [
      ['vix3m', `${server.base}/status/500`, /^source vix3m: HTTP 500 Internal Server Error from http:\/\/127\.0\.0\.1:\d+\/status\/500$/],
      ['vvix', `${server.base}/html`, /^source vvix: expected a CSV file, got content-type text\/html; charset=utf-8/],
      ['skew', `${server.base}/htmlcsv`, /^source skew: expected a CSV file, got an HTML page/],
      ['spx', `${server.base}/hang`, /^source spx: no complete answer within 0\.3 s/],
      ['vix', `${server.base}/cut/VIX_History.csv`, /^source vix: VIX_History\.csv: truncated download: the connection closed before the whole file arrived \((UND_ERR_SOCKET|UND_ERR_RES_CONTENT_LENGTH_MISMATCH)\)$/],
      ['vx', `${server.base}/status/403?c={expiry}`, /^source vx: HTTP 403 Forbidden from http:\S+\/status\/403\?c=2026-07-22$/],
    ];
    for (const [name, url, re] of cases) {
      const d = resolveSources({ [name]: url }).find((s) => s.name === name) as SourceDef;
      await expect(planUpdate([d], (s) => held(s), { ...opts, timeoutMs: url.endsWith('/hang') ? 300 : 20_000 }), name).rejects.toThrow(re);
    }
    server.setText('cutrow.csv', fixtureText('VIX_History.csv').replace(/17\.020000\n$/, '17.0'));
    await expect(fetchCsv('vix', `${server.base}/text/cutrow.csv`), 'cut mid-row, still parses: caught by the missing newline').rejects.toThrow(
      /^source vix: cutrow\.csv: truncated download: the last line has no line ending \("07\/28\/2026,17\.350000,17\.900000,16\.950000,17\.0"\)$/,
    );
  });

  it('names the breadth source for a truncated, cut or malformed file, and an unconfigured one', async () => {
    const text = fixtureText('nyse_breadth.csv');
    const breadthAt = (url: string): SourceDef => resolveSources({ breadth: url }).find((s) => s.name === 'breadth') as SourceDef;
    server.setText('breadth-cut.csv', text.slice(0, text.indexOf('2026-08-24') + 14));
    server.setText('breadth-bad.csv', text.replace('2026-07-15,', '2026-07-15,x'));
    const lineOf = (date: string): number => text.slice(0, text.indexOf(date)).split('\n').length;
    const cases: [string, RegExp][] = [
      [`${server.base}/text/breadth-cut.csv`, /^source breadth: breadth-cut\.csv: truncated download: the last line has no line ending \("2026-08-24,163"\)$/],
      [`${server.base}/cut/nyse_breadth.csv`, /^source breadth: nyse_breadth\.csv: truncated download: the connection closed before the whole file arrived/],
      [`${server.base}/text/breadth-bad.csv`, new RegExp(`^source breadth: breadth-bad\\.csv:${lineOf('2026-07-15')}: advances: not a number: "x`)],
      [`${server.base}/status/404`, /^source breadth: HTTP 404 Not Found from /],
    ];
    for (const [url, re] of cases) await expect(planUpdate([breadthAt(url)], (s) => held(s), opts), url).rejects.toThrow(re);
    await expect(planUpdate([def('breadth')], (s) => held(s), opts)).rejects.toThrow(/^source breadth: no URL or file configured$/);
  });

  it('reads a local file given as a path or a file:// URL, and names it when it cannot', async () => {
    const file = join(tmp, 'my breadth.csv');
    // A file saved by hand may lack the final newline: a local file is not a cut download.
    writeFileSync(file, fixtureText('nyse_breadth.csv').trimEnd());
    for (const location of [file, pathToFileURL(file).href]) {
      const d = resolveSources({ breadth: location }).find((s) => s.name === 'breadth') as SourceDef;
      const got = await fetchSource(d, []);
      expect(got.rows.length, location).toBe(201);
      expect(got.rows.at(-1), location).toEqual({ series: 'BREADTH', date: '2026-08-25', field: 'unchanged', value: 84 });
    }
    const missing = join(tmp, 'none.csv');
    expect(() => readLocalCsv('breadth', missing)).toThrow(new RegExp(`^source breadth: cannot read ${missing.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: ENOENT$`));
    writeFileSync(join(tmp, 'page.csv'), '<html><body>login</body></html>\n');
    expect(() => readLocalCsv('breadth', join(tmp, 'page.csv'))).toThrow(/^source breadth: expected a CSV file, got an HTML page: /);
    writeFileSync(join(tmp, 'bad.csv'), 'date,advances,declines,unchanged\n2026-05-26,1500,1200,80\n2026-05-27,1500,1200\n');
    const bad = resolveSources({ breadth: join(tmp, 'bad.csv') }).find((s) => s.name === 'breadth') as SourceDef;
    await expect(fetchSource(bad, [])).rejects.toThrow(/^source breadth: bad\.csv:3: row: expected 4 fields, got 3$/);
  });

  it('reports the first failing source and lists the others', async () => {
    const defs = resolveSources(goodSources(server.base, { vix9d: `${server.base}/status/404`, skew: `${server.base}/status/503` }));
    await expect(planUpdate(defs, (s) => held(s), opts)).rejects.toThrow(/^source vix9d: HTTP 404 Not Found from .*\(also failed: skew\)$/);
  });

  it('refuses a download that ends before the held data or lacks rows the store has', () => {
    const vix = def('vix');
    const old = parseSourceText(vix, 'VIX_History.csv', 'DATE,OPEN,HIGH,LOW,CLOSE\n07/21/2026,17.48,17.99,16.86,17.05\n');
    expect(() => planSource({ def: vix, rows: old }, held('VIX')), 'ends before 2026-07-22').toThrow(
      /^source vix: truncated or stale download: close ends at 2026-07-21, before 2026-07-22 already held$/,
    );
    const rows = parseSourceText(vix, 'VIX_History.csv', fixtureText('VIX_History.csv'));
    const stored: MarketRow[] = rows.filter((r) => r.date > '2026-07-22');
    const withoutOneDay = rows.filter((r) => r.date !== '2026-07-27');
    expect(() => planSource({ def: vix, rows: withoutOneDay }, held('VIX', stored))).toThrow(
      /^source vix: truncated download: 4 row\(s\) already in the store are missing from it \(first: 2026-07-27 close\)$/,
    );
    expect(() => planSource({ def: vix, rows: [] }, held('VIX'))).toThrow(/has no data rows/);
  });

  // Accepted cuts: VIX only right after 07/22 (nothing new), 07/23, 07/24 and 07/27 (a shorter, valid
  // file); breadth right after each of the 65 lines from 2026-05-22 on, except the whole file.
  it.each([
    ['vix', 'VIX_History.csv', 'VIX' as SeriesKey, 4],
    ['breadth', 'nyse_breadth.csv', 'BREADTH' as SeriesKey, 64],
  ])('a %s download cut at any byte either is refused or adds a prefix of the good rows, never a wrong value', async (name, file, series, accepted) => {
    const d = def(name);
    const text = fixtureText(file);
    const h: HeldSeries = { rows: held(series).rows.filter((r) => r.date >= '2026-05-01'), stored: [] };
    const good = planSource({ def: d, rows: parseSourceText(d, file, text) }, h).rows;
    const goodKeys = new Set(good.map((r) => `${r.date}|${r.field}|${r.value}`));
    let refused = 0;
    for (let cut = 1; cut < text.length; cut++) {
      const body = text.slice(0, cut);
      const fetchImpl: typeof fetch = () => Promise.resolve(new Response(body, { headers: { 'content-type': 'text/csv' } }));
      try {
        const t = await fetchCsv(name, `http://x/${file}`, { fetchImpl });
        const plan = planSource({ def: d, rows: parseSourceText(d, file, t) }, h);
        for (const r of plan.rows) expect(goodKeys.has(`${r.date}|${r.field}|${r.value}`), `cut at ${cut}: ${r.date} ${r.field} ${r.value}`).toBe(true);
        expect(cut === text.length || body.endsWith('\n'), `cut at ${cut} accepted only on a line end`).toBe(true);
      } catch (e) {
        expect((e as Error).message, `cut at ${cut}`).toMatch(new RegExp(`^source ${name}: `));
        refused++;
      }
    }
    expect(text.length - 1 - refused, 'cuts accepted').toBe(accepted);
  });

  it('requires open, high, low and close on a new SPX day', () => {
    const spx = def('spx');
    const rows = parseSourceText(spx, 'spx.csv', fixtureText('spx_stooq.csv')).filter((r) => !(r.date === '2026-08-25' && r.field === 'open'));
    expect(() => planSource({ def: spx, rows }, held('SPX'))).toThrow(/^source spx: 2026-08-25: open missing/);
  });
});
