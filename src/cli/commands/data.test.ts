import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureText, goodSources, startSourceServer, type SourceServer } from '../../adapters/testing/sourceServer.js';
import { CsvMarketDataSource } from '../../adapters/csvMarketData.js';
import type { MarketData } from '../../market/types.js';
import { indexOfDate } from '../../market/series.js';
import type { Clock } from '../../core/time.js';
import { closeStore, dumpMarketData, openStore, storePath } from '../../store/index.js';
import { reportError } from '../main.js';
import { runCli } from '../testing/run.js';
import { marketDataSource } from '../market.js';
import { adLine } from '../../indicators/adLine.js';
import { signalInputSeries } from '../../engine/inputs.js';
import type { DailySignal } from '../../signals/daily.js';
import { memoScenarios, storeMarketData } from './serve.js';
import { pathToFileURL } from 'node:url';
import { makeRegister } from './data.js';

// 2026-09-25T12:00Z: the VX contracts fetched are Oct, Nov and Dec 2026 (fixtures exist for those).
const clock: Clock = { nowMs: () => Date.UTC(2026, 8, 25, 12) };
let server: SourceServer;
let embedded: MarketData | undefined;
/** The embedded data, loaded once for the whole file. */
const baseSource = {
  load(): MarketData {
    embedded ??= new CsvMarketDataSource().load();
    return embedded;
  },
};
const dirs: string[] = [];
beforeAll(async () => {
  server = await startSourceServer();
});
afterAll(async () => {
  await server.close();
  dirs.forEach((d) => rmSync(d, { recursive: true, force: true }));
});

function newHome(): string {
  const d = mkdtempSync(join(tmpdir(), 'alvh-data-'));
  dirs.push(d);
  return join(d, 'home');
}

/** The `data` command alone, on the fixed clock, ending like `main` does. */
async function dataOnly(argv: readonly string[]): Promise<number> {
  const program = new Command('alvh').exitOverride();
  makeRegister({ clock })(program);
  try {
    await program.parseAsync([...argv]);
    return 0;
  } catch (err) {
    return reportError(err);
  }
}
const run = (...args: string[]) => runCli(args, dataOnly);

function sourceFlags(map: Record<string, string>): string[] {
  return Object.entries(map).flatMap(([k, v]) => ['--source', `${k}=${v}`]);
}

function dump(home: string): string {
  const store = openStore(storePath(home), clock);
  try {
    return dumpMarketData(store);
  } finally {
    closeStore(store);
  }
}

describe('alvh data update', () => {
  it('adds the new rows, prints {name, rowsAdded, lastDate, revised} per source, and adds nothing the second time', async () => {
    const home = newHome();
    const first = await run('data', 'update', '--home', home, '--json', ...sourceFlags(goodSources(server.base)));
    expect(first.code, first.err).toBe(0);
    const out = JSON.parse(first.out) as Array<{ name: string; rowsAdded: number; valuesAdded: number; lastDate: string; revised: number }>;
    // rowsAdded counts days (rows of a daily file), valuesAdded the stored fields (OHLC: 4 a day; VX: one per contract).
    expect(out.map((o) => [o.name, o.rowsAdded, o.valuesAdded, o.lastDate])).toEqual([
      // The embedded data ends on 2026-07-22 (data/CORRECTIONS.md, "Common last day").
      ['spx', 24, 96, '2026-08-25'],
      ['vix', 4, 16, '2026-07-28'],
      ['vix9d', 3, 12, '2026-07-27'],
      ['vix3m', 3, 12, '2026-07-27'],
      ['vix6m', 2, 8, '2026-04-28'],
      ['vix1d', 50, 200, '2026-10-01'],
      ['vvix', 3, 3, '2026-07-27'],
      ['skew', 3, 3, '2026-07-27'],
      ['tbill', 10, 10, '2026-08-06'],
      ['vx', 43, 91, '2026-09-22'],
      ['breadth', 64, 192, '2026-08-25'],
    ]);
    expect(dump(home).split('\n'), '643 rows stored').toHaveLength(643);
    const before = dump(home);
    const second = await run('data', 'update', '--home', home, ...sourceFlags(goodSources(server.base)));
    expect(second.code, second.err).toBe(0);
    expect(second.out).toMatch(/^spx: 0 day\(s\) added, last date 2026-08-25\n/);
    expect(second.out).toMatch(/\ntbill: 0 day\(s\) added, last date 2026-08-06; 2 value\(s\) differ from the held history, not written \(first: 2026-01-28 discount_pct held 3\.582, source 3\.59\)\n/);
    expect(dump(home), 'idempotent: the second run changes nothing').toBe(before);
  });

  it('leaves the store byte-for-byte unchanged and exits 2 naming the source after every kind of failure', async () => {
    const home = newHome();
    // Start from a store holding a first update, so that "unchanged" is about real content.
    const base = goodSources(server.base);
    server.setText('vix-short.csv', 'DATE,OPEN,HIGH,LOW,CLOSE\n07/23/2026,17.670000,20.310000,17.320000,18.700000\n07/24/2026,18.600000,19.100000,17.900000,18.050000\n');
    expect((await run('data', 'update', '--home', home, ...sourceFlags({ ...base, vix: `${server.base}/text/vix-short.csv` }))).code).toBe(0);
    const before = dump(home);
    expect(before.split('\n').length, '643 - 16 + 8').toBe(635);
    server.setText('malformed.csv', 'DATE,OPEN,HIGH,LOW,CLOSE\n07/24/2026,18.6,19.1,17.9,18.05\n07/27/2026,18.1,18.4,17.2,17.31\n07/28/2026,17.35,17.9,16.95,1x.02\n');
    server.setText('cut.csv', 'DATE,OPEN,HIGH,LOW,CLOSE\n07/24/2026,18.6,19.1,17.9,18.05\n07/27/2026,18.1,18.4,17.2,17.3');
    const breadthText = fixtureText('nyse_breadth.csv');
    server.setText('breadth-cut.csv', breadthText.slice(0, breadthText.length - 4));
    server.setText('breadth-short-row.csv', 'date,advances,declines,unchanged\n2026-05-21,1448,1265,85\n2026-05-22,1550,1152,101\n2026-05-26,945,1751,50\n2026-05-27,1439\n');
    server.setText('breadth-bad.csv', 'date,advances,declines,unchanged\n2026-05-21,1448,1265,85\n2026-05-22,1550,1152,101\n2026-05-26,945,1751,50\n2026-05-27,1439,1299,51\n2026-05-28,2500,2100,54\n');
    const failures: [Record<string, string>, RegExp][] = [
      [{ vix9d: `${server.base}/status/500` }, /^alvh: source vix9d: HTTP 500 Internal Server Error from /],
      [{ vvix: `${server.base}/html` }, /^alvh: source vvix: expected a CSV file, got content-type text\/html/],
      [{ vix: `${server.base}/text/malformed.csv` }, /^alvh: source vix: malformed\.csv:4: CLOSE: not a number: "1x\.02"\n$/],
      [{ vix: `${server.base}/text/cut.csv` }, /^alvh: source vix: cut\.csv: truncated download: the last line has no line ending/],
      [{ vix: `${server.base}/cut/VIX_History.csv` }, /^alvh: source vix: VIX_History\.csv: truncated download: the connection closed before the whole file arrived/],
      [{ skew: `${server.base}/hang` }, /^alvh: source skew: no complete answer within 0\.5 s from /],
      [{ tbill: `${server.base}/f/VIX_History.csv` }, /^alvh: source tbill: VIX_History\.csv:1: header: missing column "observation_date"\n$/],
      [{ vx: `${server.base}/status/404?e={expiry}` }, /^alvh: source vx: HTTP 404 Not Found from .*e=2026-10-21/],
      [{ vix1d: `${server.base}/text/malformed.csv` }, /^alvh: source vix1d: malformed\.csv:4: CLOSE: not a number: "1x\.02"\n$/],
      [{ breadth: `${server.base}/text/breadth-cut.csv` }, /^alvh: source breadth: breadth-cut\.csv: truncated download: the last line has no line ending \("2026-08-25,1102,1561"\)\n$/],
      [{ breadth: `${server.base}/text/breadth-short-row.csv` }, /^alvh: source breadth: breadth-short-row\.csv:5: row: expected 4 fields, got 2\n$/],
      [{ breadth: `${server.base}/text/breadth-bad.csv` }, /^alvh: source breadth: breadth-bad\.csv:6: advances\+declines\+unchanged = 4654, outside the plausible 1500\.\.4500 NYSE issues/],
      [{ breadth: `${server.base}/f/VIX_History.csv` }, /^alvh: source breadth: VIX_History\.csv:1: header: missing column "date"\n$/],
    ];
    for (const [override, re] of failures) {
      // A short timeout only where the server never answers, and then for that source alone
      // (--only): a loaded machine must not turn another source's answer into a timeout.
      const hangs = override['skew']?.endsWith('/hang') === true;
      const r = await run('data', 'update', '--home', home, '--timeout', hangs ? '0.5' : '20', ...(hangs ? ['--only', 'skew'] : []), ...sourceFlags({ ...base, ...override }));
      expect(r.code, `${Object.keys(override).join()}: exit code`).toBe(2);
      expect(r.err, 'one line naming the source').toMatch(re);
      expect(r.err.trim().split('\n')).toHaveLength(1);
      expect(r.out, 'nothing printed on stdout').toBe('');
      expect(dump(home), `${Object.keys(override).join()}: store unchanged`).toBe(before);
    }
    // A download that ends before what the store already holds (stale mirror).
    const stale = await run('data', 'update', '--home', home, ...sourceFlags({ ...base, vix9d: `${server.base}/text/vix-short.csv` }));
    expect(stale.code).toBe(2);
    expect(stale.err).toMatch(/^alvh: source vix9d: truncated or stale download: close ends at 2026-07-24, before 2026-07-27 already held\n$/);
    expect(dump(home)).toBe(before);
  });

  it('reads <home>/sources.json, refuses unknown names, and the overlay shows the update to other commands', async () => {
    const home = newHome();
    const all = goodSources(server.base);
    // All but vx from the config file, vx from the flag.
    const { vx, ...rest } = all;
    const r0 = await run('data', 'update', '--home', home, '--source', 'nope=http://x');
    expect(r0.code).toBe(2);
    expect(r0.err).toMatch(/^alvh: --source: unknown source "nope"/);
    mkdirSync(home, { recursive: true });
    writeFileSync(join(home, 'sources.json'), JSON.stringify(rest));
    const r = await run('data', 'update', '--home', home, '--json', '--source', `vx=${vx}`);
    expect(r.code, r.err).toBe(0);
    expect((JSON.parse(r.out) as unknown[]).length).toBe(11);

    const base = baseSource.load();
    const data = marketDataSource(home, clock, baseSource).load();
    const f = data.daily;
    expect(f.n, '24 new SPX days extend the frame').toBe(base.daily.n + 24);
    expect(f.dates.slice(-2)).toEqual(['2026-08-24', '2026-08-25']);
    expect(f.spxClose[f.n - 1]).toBe(7721.09);
    const i = indexOfDate(f, '2026-07-28' as never);
    expect(f.vixClose[i], 'VIX of a new day').toBe(17.02);
    expect(f.vixClose[indexOfDate(f, '2026-07-29' as never)], 'past the VIX download: no value, not a carried one').toBeNaN();
    expect(f.rateFrac[f.n - 1], 'rate carried forward onto the new days').toBe(f.rateFrac[f.n - 3]);
    expect([f.advances[f.n - 1], f.declines[f.n - 1]], 'breadth of 2026-08-25 from the configured source').toEqual([1102, 1561]);
    const j = indexOfDate(f, '2026-05-26' as never);
    expect([f.advances[j], f.declines[j]], 'breadth filled inside the embedded frame after its last breadth day').toEqual([945, 1751]);
    expect(base.daily.advances[j]).toBeNaN();
    const k = data.vx.date.findIndex((d, j) => d === '2026-09-18' && data.vx.expiry[j] === '2026-12-16');
    expect(data.vx.settle[k], 'Dec-2026 VX settle from the store').toBe(19.3216);
    expect(data.vx.date.length).toBe(base.vx.date.length + 91);
    const sorted = data.vx.date.map((d, j) => `${d}|${data.vx.expiry[j]}`);
    expect([...sorted].sort(), 'VX rows stay sorted by (date, expiry)').toEqual(sorted);
  });

  it('without a breadth source, says so in one line (how to configure it, what the signal loses) and updates the rest', async () => {
    const home = newHome();
    const { breadth: _unused, ...withoutBreadth } = goodSources(server.base);
    const r = await run('data', 'update', '--home', home, ...sourceFlags(withoutBreadth));
    expect(r.code, r.err).toBe(0);
    const lines = r.out.trim().split('\n');
    expect(lines, 'one line per source, the breadth notice last').toHaveLength(11);
    expect(lines[10]).toBe(
      `breadth: not updated, no source configured: the signal score leaves the A/D breadth component out on the days after 2026-05-22; ` +
        `configure one with --source breadth=URL|FILE or "breadth" in ${join(home, 'sources.json')} (CSV date,advances,declines,unchanged; docs/guide/update.md)`,
    );
    expect(r.out.match(/breadth/g), 'said once per run').toHaveLength(4);
    expect(dump(home).split('\n'), 'the other sources are written').toHaveLength(451);

    const j = await run('data', 'update', '--home', home, '--json', ...sourceFlags(withoutBreadth));
    expect(j.code, j.err).toBe(0);
    const out = JSON.parse(j.out) as Array<Record<string, unknown>>;
    expect(out.at(-1)).toEqual({ name: 'breadth', rowsAdded: 0, valuesAdded: 0, lastDate: '2026-05-22', revised: 0, skipped: 'no source configured' });
    expect(j.err.trim().split('\n'), '--json: the notice on stderr, stdout only JSON').toEqual([lines[10]]);

    const some = await run('data', 'update', '--home', home, '--only', 'vvix,breadth', ...sourceFlags(withoutBreadth));
    expect(some.out, '--only naming breadth: the same notice').toBe(`vvix: 0 day(s) added, last date 2026-07-27\n${lines[10]}\n`);
    const only = await run('data', 'update', '--home', home, '--only', 'breadth');
    expect(only.code).toBe(2);
    expect(only.err).toMatch(/^alvh: --only: source breadth has no URL or file configured: add --source breadth=URL\|FILE or "breadth" in \S+sources\.json \(CSV date,advances,declines,unchanged\)\n$/);
  });

  it('imports a local breadth CSV given as a path, a file:// URL or a path in sources.json (relative to the home)', async () => {
    const home = newHome();
    mkdirSync(join(home, 'mine'), { recursive: true });
    const file = join(home, 'mine', 'breadth.csv');
    writeFileSync(file, fixtureText('nyse_breadth.csv'));
    const first = await run('data', 'update', '--home', home, '--only', 'breadth', '--source', `breadth=${file}`, '--json');
    expect(first.code, first.err).toBe(0);
    expect(JSON.parse(first.out)).toEqual([{ name: 'breadth', rowsAdded: 64, valuesAdded: 192, lastDate: '2026-08-25', revised: 0 }]);
    const stored = dump(home);
    expect(stored.split('\n').filter((l) => l.startsWith('BREADTH\t2026-08-25\t')).map((l) => l.split('\t').slice(2, 4).join('=')), 'the file\'s last row').toEqual([
      'advances=1102',
      'declines=1561',
      'unchanged=84',
    ]);
    // A revised local file (one more day) through file:// and then through sources.json.
    writeFileSync(file, `${fixtureText('nyse_breadth.csv')}2026-08-26,1710,980,70\n`);
    const second = await run('data', 'update', '--home', home, '--only', 'breadth', '--source', `breadth=${pathToFileURL(file).href}`);
    expect(second.out).toBe('breadth: 1 day(s) added (3 values), last date 2026-08-26\n');
    writeFileSync(file, `${fixtureText('nyse_breadth.csv')}2026-08-26,1710,980,70\n2026-08-27,1200,1500,90\n`);
    writeFileSync(join(home, 'sources.json'), JSON.stringify({ breadth: 'mine/breadth.csv' }));
    const third = await run('data', 'update', '--home', home, '--only', 'breadth');
    expect(third.out).toBe('breadth: 1 day(s) added (3 values), last date 2026-08-27\n');
    const missing = await run('data', 'update', '--home', home, '--only', 'breadth', '--source', `breadth=${join(home, 'nope.csv')}`);
    expect(missing.code).toBe(2);
    expect(missing.err).toBe(`alvh: source breadth: cannot read ${join(home, 'nope.csv')}: ENOENT\n`);
  });

  it('end to end: the signal of a day added by the update uses the new breadth', async () => {
    // SPX closes at a new 20-day high on 2026-08-25 (7810.40 > 7798.99 of 2026-08-13) while the
    // A/D line falls (fixture: 1102 advances, 1561 declines): a bearish breadth divergence.
    server.setText('spx-high.csv', fixtureText('spx_stooq.csv').replace('2026-08-25,7701.90,7730.18,7688.44,7721.09', '2026-08-25,7790.00,7815.00,7785.00,7810.40'));
    const spx = `${server.base}/text/spx-high.csv`;
    const withBreadth = newHome();
    const without = newHome();
    const sources = sourceFlags({ ...goodSources(server.base), spx });
    expect((await run('data', 'update', '--home', withBreadth, '--only', 'spx,vix,breadth', ...sources)).code).toBe(0);
    expect((await run('data', 'update', '--home', without, '--only', 'spx,vix', ...sources)).code).toBe(0);

    const data = marketDataSource(withBreadth, clock, baseSource).load();
    const f = data.daily;
    expect(f.dates[f.n - 1]).toBe('2026-08-25');
    const ad = adLine(f.advances, f.declines);
    expect((ad[f.n - 1] as number) - (ad[f.n - 2] as number), 'the A/D line moves by the file\'s 1102 - 1561').toBe(-459);
    expect(signalInputSeries(data).breadthDivergence01[f.n - 1], 'divergence on the new day').toBe(1);

    const signal = async (home: string): Promise<DailySignal> => {
      const r = await runCli(['signal', '--home', home, '--date', '2026-08-25', '--json']);
      expect(r.code, r.err).toBe(0);
      return JSON.parse(r.out) as DailySignal;
    };
    const [a, b] = [await signal(withBreadth), await signal(without)];
    expect(a.inputs.breadthDivergence, 'with the breadth source').toBe(1);
    expect(b.inputs.breadthDivergence, 'without it').toBeNull();
    expect(a.hedge.rationale.some((l) => l.startsWith('A/D line vs SPX bearish divergence score 1 → 1')), a.hedge.rationale.join('\n')).toBe(true);
    expect(b.hedge.rationale, 'without breadth the component is left out').toContain('A/D breadth divergence unavailable: left out.');
    // Equal weights: rsi, macd and events give b's score; a adds breadth = 1 as a fourth component.
    expect(a.inputs.vixRsi14).toBe(b.inputs.vixRsi14);
    expect(a.hedge.signalScore).toBeCloseTo(((b.hedge.signalScore as number) * 3 + 1) / 4, 5);

    // The stored signal of the new day values in a scenario: the command and the dashboard read the updated data.
    const scen = await runCli(['scenario', '--home', withBreadth, '--json', '--vix', '20,40', '--spx-moves', '-5:0:5']);
    expect(scen.code, scen.err).toBe(0);
    expect((JSON.parse(scen.out) as { date: string; spot: number }).date, 'the latest stored signal, a day the update added').toBe('2026-08-25');
    expect((JSON.parse(scen.out) as { spot: number }).spot, 'its SPX close comes from the update').toBe(7810.4);
    const store = openStore(storePath(withBreadth), clock);
    try {
      const dataOf = storeMarketData(store, withBreadth);
      expect(dataOf().daily.dates.at(-1), 'the dashboard sees the updated days').toBe('2026-08-25');
      const q = { horizon: { kind: 'today' as const }, spxMovesFrac: [0], vixLevelsPts: [20], vixScale: null };
      expect((memoScenarios(store, dataOf)(q) as { date: string }).date).toBe('2026-08-25');
    } finally {
      closeStore(store);
    }
  });

  it('--only updates the named sources and leaves the others alone', async () => {
    const home = newHome();
    const r = await run('data', 'update', '--home', home, '--only', 'vvix,skew', '--json', ...sourceFlags(goodSources(server.base, { vix: `${server.base}/status/500` })));
    expect(r.code, r.err).toBe(0);
    expect(JSON.parse(r.out)).toEqual([
      { name: 'vvix', rowsAdded: 3, valuesAdded: 3, lastDate: '2026-07-27', revised: 0 },
      { name: 'skew', rowsAdded: 3, valuesAdded: 3, lastDate: '2026-07-27', revised: 0 },
    ]);
    const bad = await run('data', 'update', '--home', home, '--only', 'vvix,nope');
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/^alvh: --only: unknown source "nope"/);
  });

  it('is registered in the CLI', async () => {
    expect((await runCli(['data', 'update', '--help'])).code).toBe(0);
    const bad = await runCli(['data', 'update', '--home', newHome(), '--timeout', '0']);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/alvh: --timeout: must be > 0, got 0/);
  });

  it('without a store, the overlay is the embedded data and nothing is created', () => {
    const home = newHome();
    const data = marketDataSource(home, clock, baseSource).load();
    expect(data.daily.n).toBe(baseSource.load().daily.n);
    expect(existsSync(home), 'reading does not create the home').toBe(false);
  });
});
