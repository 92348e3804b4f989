import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { goodSources, startSourceServer, type SourceServer } from '../../adapters/testing/sourceServer.js';
import { CsvMarketDataSource } from '../../adapters/csvMarketData.js';
import type { MarketData } from '../../market/types.js';
import { indexOfDate } from '../../market/series.js';
import type { Clock } from '../../core/time.js';
import { closeStore, dumpMarketData, openStore, storePath } from '../../store/index.js';
import { reportError } from '../main.js';
import { runCli } from '../testing/run.js';
import { marketDataSource } from '../market.js';
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
    const out = JSON.parse(first.out) as Array<{ name: string; rowsAdded: number; lastDate: string; revised: number }>;
    expect(out.map((o) => [o.name, o.rowsAdded, o.lastDate])).toEqual([
      ['spx', 8, '2026-08-25'],
      ['vix', 12, '2026-07-28'],
      ['vix9d', 12, '2026-07-27'],
      ['vix3m', 12, '2026-07-27'],
      ['vix6m', 8, '2026-04-28'],
      ['vvix', 3, '2026-07-27'],
      ['skew', 3, '2026-07-27'],
      ['tbill', 2, '2026-08-06'],
      ['vx', 9, '2026-09-22'],
    ]);
    expect(dump(home).split('\n'), '69 rows stored').toHaveLength(69);
    const before = dump(home);
    const second = await run('data', 'update', '--home', home, ...sourceFlags(goodSources(server.base)));
    expect(second.code, second.err).toBe(0);
    expect(second.out).toMatch(/^spx: 0 row\(s\) added, last date 2026-08-25\n/);
    expect(second.out).toMatch(/\ntbill: 0 row\(s\) added, last date 2026-08-06; 2 value\(s\) differ from the held history, not written \(first: 2026-01-28 discount_pct held 3\.582, source 3\.59\)\n/);
    expect(dump(home), 'idempotent: the second run changes nothing').toBe(before);
  });

  it('leaves the store byte-for-byte unchanged and exits 2 naming the source after every kind of failure', async () => {
    const home = newHome();
    // Start from a store holding a first update, so that "unchanged" is about real content.
    const base = goodSources(server.base);
    server.setText('vix-short.csv', 'DATE,OPEN,HIGH,LOW,CLOSE\n07/23/2026,17.670000,20.310000,17.320000,18.700000\n07/24/2026,18.600000,19.100000,17.900000,18.050000\n');
    expect((await run('data', 'update', '--home', home, ...sourceFlags({ ...base, vix: `${server.base}/text/vix-short.csv` }))).code).toBe(0);
    const before = dump(home);
    expect(before.split('\n').length, '69 - 12 + 4').toBe(61);
    server.setText('malformed.csv', 'DATE,OPEN,HIGH,LOW,CLOSE\n07/24/2026,18.6,19.1,17.9,18.05\n07/27/2026,18.1,18.4,17.2,17.31\n07/28/2026,17.35,17.9,16.95,1x.02\n');
    server.setText('cut.csv', 'DATE,OPEN,HIGH,LOW,CLOSE\n07/24/2026,18.6,19.1,17.9,18.05\n07/27/2026,18.1,18.4,17.2,17.3');
    const failures: [Record<string, string>, RegExp][] = [
      [{ vix9d: `${server.base}/status/500` }, /^alvh: source vix9d: HTTP 500 Internal Server Error from /],
      [{ vvix: `${server.base}/html` }, /^alvh: source vvix: expected a CSV file, got content-type text\/html/],
      [{ vix: `${server.base}/text/malformed.csv` }, /^alvh: source vix: malformed\.csv:4: CLOSE: not a number: "1x\.02"\n$/],
      [{ vix: `${server.base}/text/cut.csv` }, /^alvh: source vix: cut\.csv: truncated download: the last line has no line ending/],
      [{ vix: `${server.base}/cut/VIX_History.csv` }, /^alvh: source vix: VIX_History\.csv: truncated download: the connection closed before the whole file arrived/],
      [{ skew: `${server.base}/hang` }, /^alvh: source skew: no complete answer within 0\.5 s from /],
      [{ tbill: `${server.base}/f/VIX_History.csv` }, /^alvh: source tbill: VIX_History\.csv:1: header: missing column "observation_date"\n$/],
      [{ vx: `${server.base}/status/404?e={expiry}` }, /^alvh: source vx: HTTP 404 Not Found from .*e=2026-10-21/],
    ];
    for (const [override, re] of failures) {
      const r = await run('data', 'update', '--home', home, '--timeout', '0.5', ...sourceFlags({ ...base, ...override }));
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
    expect((JSON.parse(r.out) as unknown[]).length).toBe(9);

    const base = baseSource.load();
    const data = marketDataSource(home, clock, baseSource).load();
    const f = data.daily;
    expect(f.n, 'two new SPX days extend the frame').toBe(base.daily.n + 2);
    expect(f.dates.slice(-2)).toEqual(['2026-08-24', '2026-08-25']);
    expect(f.spxClose[f.n - 1]).toBe(7721.09);
    const i = indexOfDate(f, '2026-07-28' as never);
    expect(f.vixClose[i], 'VIX filled on a day inside the embedded frame').toBe(17.02);
    expect(base.daily.vixClose[i], 'which the embedded data lacked').toBeNaN();
    expect(f.rateFrac[f.n - 1], 'rate carried forward onto the new days').toBe(f.rateFrac[f.n - 3]);
    expect(f.advances[f.n - 1], 'no breadth source: NaN').toBeNaN();
    const k = data.vx.date.findIndex((d, j) => d === '2026-09-18' && data.vx.expiry[j] === '2026-12-16');
    expect(data.vx.settle[k], 'Dec-2026 VX settle from the store').toBe(19.3216);
    expect(data.vx.date.length).toBe(base.vx.date.length + 9);
    const sorted = data.vx.date.map((d, j) => `${d}|${data.vx.expiry[j]}`);
    expect([...sorted].sort(), 'VX rows stay sorted by (date, expiry)').toEqual(sorted);
  });

  it('--only updates the named sources and leaves the others alone', async () => {
    const home = newHome();
    const r = await run('data', 'update', '--home', home, '--only', 'vvix,skew', '--json', ...sourceFlags(goodSources(server.base, { vix: `${server.base}/status/500` })));
    expect(r.code, r.err).toBe(0);
    expect(JSON.parse(r.out)).toEqual([
      { name: 'vvix', rowsAdded: 3, lastDate: '2026-07-27', revised: 0 },
      { name: 'skew', rowsAdded: 3, lastDate: '2026-07-27', revised: 0 },
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
