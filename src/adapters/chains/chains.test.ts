import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import type { IsoDate } from '../../core/time.js';
import { rootFamily } from '../../market/chainQuotes.js';
import type { ChainRow } from '../../market/chainQuotes.js';
import type { ChainCache } from './dayCache.js';
import { ChainDirectory, coverageOfName, readChainFiles } from './directory.js';
import { CHAIN_LAYOUTS, chainFileName, chainFileText } from './layouts.js';
import { embeddedChainSnapshots } from './snapshots.js';

const FIXTURES = path.join(path.dirname(new URL(import.meta.url).pathname), 'fixtures');
const tmpRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'alvh-chains-'));
afterAll(() => fs.rmSync(tmpRoot, { recursive: true, force: true }));
let seq = 0;
function tmpDir(): string {
  const d = path.join(tmpRoot, String(seq++));
  fs.mkdirSync(d);
  return d;
}
const d = (s: string): IsoDate => s as IsoDate;

describe('the embedded real snapshots, rewritten in each layout, read back through the chain source', () => {
  const snaps = embeddedChainSnapshots();
  it('has the three snapshots with their two-sided rows', () => {
    expect(snaps.map((s) => s.name)).toEqual(['spx_chain', 'spx_calls', 'vix_options']);
    // 17,107 rows of which 922 lack a quote side in the Yahoo pull (data/PROVENANCE.md); the calls file has 1,507 rows.
    expect(snaps[0]?.rows.length, 'SPX 2026-01-30 two-sided rows').toBeGreaterThan(15_000);
    expect(snaps[2]?.rows.every((r) => r.bid === r.ask), 'VIX bars: the close stands for both sides').toBe(true);
  });
  for (const layout of CHAIN_LAYOUTS) {
    for (const gzip of [false, true]) {
      it(`${layout}${gzip ? ' gzipped' : ''}: every contract quotes its own bid and ask`, () => {
        const dir = tmpDir();
        for (const s of snaps) {
          const text = chainFileText(layout, s.rows);
          fs.writeFileSync(path.join(dir, chainFileName(s.name, s.date, gzip)), gzip ? zlib.gzipSync(text) : text);
        }
        const src = new ChainDirectory(dir);
        for (const s of snaps) {
          const spxw = new Map(s.rows.filter((x) => x.root === 'SPXW').map((x) => [`${x.expiration}|${x.strike}|${x.type}`, x]));
          const day = src.day(s.date);
          expect(day?.n, `${s.name}: rows read`).toBe(s.rows.length);
          const wrong: string[] = [];
          for (const r of s.rows) {
            const fam = rootFamily(r.root);
            if (fam === null) throw new Error('unexpected root');
            const q = src.quote(s.date, fam, r.type, r.expiration, r.strike);
            // No ask: no quote. Where SPX and SPXW both list a contract the SPXW row answers.
            const want = (r.root === 'SPX' ? spxw.get(`${r.expiration}|${r.strike}|${r.type}`) : undefined) ?? r;
            const ok = !(r.ask > 0) ? q === null : q?.bid === want.bid && q.ask === want.ask && q.source === 'chain' && (Number.isFinite(r.underlying) ? q.underlying === r.underlying : q.underlying === undefined);
            if (!ok) wrong.push(`${r.root} ${r.expiration} ${r.strike} ${r.type}: ${JSON.stringify(q)}`);
          }
          expect(wrong, `${s.name}: contracts quoted wrong`).toEqual([]);
        }
        expect(src.stats.layouts).toEqual([layout]);
      });
    }
  }
  it('lists expirations and strikes of a day', () => {
    const dir = tmpDir();
    const s = snaps[0];
    if (s === undefined) throw new Error('no snapshot');
    fs.writeFileSync(path.join(dir, chainFileName('spx', s.date, false)), chainFileText('generic', s.rows));
    const src = new ChainDirectory(dir);
    const exps = src.expirations(s.date, 'SPX');
    expect(exps[0]).toBe('2026-02-02');
    expect(exps.length, '54 expiries in the snapshot (PROVENANCE.md)').toBe(new Set(s.rows.map((r) => r.expiration)).size);
    const ks = src.strikes(s.date, 'SPX', 'put', d('2026-02-02'));
    expect(ks).toEqual([...ks].sort((a, b) => a - b));
    expect(ks).toContain(6900);
    expect(src.expirations(s.date, 'VIX')).toEqual([]);
    expect(src.expirations(d('2026-01-29'), 'SPX'), 'a day no file covers').toEqual([]);
  });
});

describe('Cboe DataShop layout', () => {
  const src = new ChainDirectory(path.join(FIXTURES, 'good-datashop'));
  const day = d('2026-01-30');
  it('reads the closing quote by default, with the 15:45 IV and delta and the underlying mid', () => {
    const q = src.quote(day, 'SPX', 'put', d('2026-02-02'), 6900);
    expect(q).toEqual({ bid: 14.5, ask: 14.9, mid: 14.7, iv: 0.1391, delta: -0.2612, underlying: 6939, source: 'chain' });
  });
  it('reads the 15:45 quote when asked', () => {
    const at1545 = new ChainDirectory(path.join(FIXTURES, 'good-datashop'), { quoteTime: '1545' });
    expect(at1545.quote(day, 'SPX', 'put', d('2026-02-02'), 6900)).toMatchObject({ bid: 14.2, ask: 14.6, underlying: 6936.5 });
  });
  it('prefers SPXW over SPX for a contract both list, and skips other underlyings', () => {
    expect(src.quote(day, 'SPX', 'call', d('2026-02-20'), 6900)).toMatchObject({ bid: 121, ask: 122.3 });
    expect(src.day(day)?.n, 'the NDX row is skipped').toBe(5);
    expect(src.quote(day, 'VIX', 'call', d('2026-02-18'), 20)).toMatchObject({ bid: 1.56, ask: 1.61 });
    expect(src.quote(day, 'SPX', 'call', d('2026-02-02'), 6905), 'not listed').toBeNull();
  });
});

describe('broken files are rejected naming file, line and field', () => {
  const bad = (name: string, date = '2026-01-30'): (() => unknown) => () => new ChainDirectory(path.join(FIXTURES, name)).day(d(date));
  it('missing column', () => {
    expect(bad('missing-column')).toThrow(/missing-column\/spx_2026-01-30\.csv:1: missing column "bid_eod"/);
  });
  it('crossed quote', () => {
    expect(bad('crossed')).toThrow(/crossed\/spx_2026-01-30\.csv:3: bid: crossed quote, bid 10\.6 > ask 10\.2/);
  });
  it('negative quote', () => {
    expect(bad('negative')).toThrow(/negative\/spx_2026-01-30\.csv:2: bid: negative quote -0\.05/);
  });
  it('duplicate contract', () => {
    expect(bad('duplicate')).toThrow(/duplicate\/spx_2026-01\.csv:5: strike: duplicate contract SPXW 2026-02-02 6900 put on 2026-01-30 \(first on line 3 of spx_2026-01\.csv\)/);
  });
  it('a row outside the day the name covers', () => {
    expect(bad('bad-date-outside')).toThrow(/spx_2026-01-30\.csv:3: date: 2026-01-29 is outside 2026-01-30/);
  });
  it('truncated gzip', () => {
    const dir = tmpDir();
    const gz = zlib.gzipSync(fs.readFileSync(path.join(FIXTURES, 'good-datashop', 'UnderlyingOptionsEODCalcs_2026-01-30.csv')));
    const file = path.join(dir, 'spx_2026-01-30.csv.gz');
    fs.writeFileSync(file, gz.subarray(0, gz.length - 20));
    expect(() => new ChainDirectory(dir).day(d('2026-01-30'))).toThrow(/spx_2026-01-30\.csv\.gz: truncated or corrupt gzip/);
  });
  it('names without a date, a duplicate across two files of one day, day files beside month files', () => {
    const a = tmpDir();
    fs.writeFileSync(path.join(a, 'chain.csv'), 'date\n');
    expect(() => new ChainDirectory(a)).toThrow(/chain\.csv: the name carries no date/);
    const b = tmpDir();
    const one = 'date,root,expiration,strike,type,bid,ask\n2026-01-30,SPXW,2026-02-02,6900,put,9.1,9.4\n';
    fs.writeFileSync(path.join(b, 'spx_2026-01-30.csv'), one);
    fs.writeFileSync(path.join(b, 'more_20260130.csv.gz'), zlib.gzipSync(one));
    expect(() => new ChainDirectory(b).day(d('2026-01-30'))).toThrow(/spx_2026-01-30\.csv:2: strike: duplicate contract SPXW 2026-02-02 6900 put on 2026-01-30 \(first on line 2 of more_20260130\.csv\.gz\)/);
    const c = tmpDir();
    fs.writeFileSync(path.join(c, 'spx_2026-01-30.csv'), one);
    fs.writeFileSync(path.join(c, 'vix_2026-01.csv'), one.replace('SPXW', 'VIX'));
    expect(new ChainDirectory(c).day(d('2026-01-30'))?.n, 'SPX by day beside VIX by month: their union').toBe(2);
    fs.writeFileSync(path.join(c, 'vix_2026-01.csv'), one);
    expect(() => new ChainDirectory(c).day(d('2026-01-30'))).toThrow(/vix_2026-01\.csv: strike: duplicate contract SPXW 2026-02-02 6900 put on 2026-01-30 \(first on spx_2026-01-30\.csv\)/);
    expect(() => new ChainDirectory(path.join(tmpRoot, 'nope'))).toThrow(/--chains: no such directory/);
  });
});

describe('lazy reading with bounded memory', () => {
  it('reads only the files of the days asked for, keeping the last few', () => {
    const dir = tmpDir();
    const row = (date: string, strike: number): string => `${date},SPXW,2026-03-20,${strike},call,1,1.1,,,`;
    const header = 'date,root,expiration,strike,type,bid,ask,underlying,iv,delta';
    fs.writeFileSync(path.join(dir, 'spx_2026-01.csv'), `${header}\n${row('2026-01-29', 7000)}\n${row('2026-01-30', 7000)}\n`);
    fs.writeFileSync(path.join(dir, 'spx_2026-02-02.csv'), `${header}\n${row('2026-02-02', 7000)}\n`);
    fs.writeFileSync(path.join(dir, 'spx_2026-02-03.csv'), `${header}\n${row('2026-02-03', 7000)}\n`);
    // A broken file the run never asks for is never read.
    fs.writeFileSync(path.join(dir, 'spx_2026-02-04.csv'), 'garbage\n');
    const src = new ChainDirectory(dir, { cacheFiles: 1 });
    expect(src.coverage()).toEqual(['2026-01', '2026-02-02', '2026-02-03', '2026-02-04']);
    expect(src.hasDay(d('2026-01-29'))).toBe(true);
    expect(src.hasDay(d('2026-01-30'))).toBe(true);
    expect(src.stats.filesRead, 'one month file for both days').toBe(1);
    expect(src.hasDay(d('2026-01-28')), 'covered month, no rows that day').toBe(false);
    expect(src.hasDay(d('2026-02-02'))).toBe(true);
    expect(src.hasDay(d('2026-02-03'))).toBe(true);
    expect(src.hasDay(d('2026-01-30'))).toBe(true);
    expect(src.stats.filesRead, 'cacheFiles 1: the month is read again after two other files').toBe(4);
    expect(() => src.day(d('2026-02-04'))).toThrow(/spx_2026-02-04\.csv:1: missing column "date"/);
  });
  it('file names: day, compact day, month', () => {
    expect(coverageOfName('UnderlyingOptionsEODCalcs_2024-06-03.csv.gz')).toBe('2024-06-03');
    expect(coverageOfName('spx_20240603.csv')).toBe('2024-06-03');
    expect(coverageOfName('spx_2024-06.csv')).toBe('2024-06');
    expect(coverageOfName('spx_2024-13.csv')).toBeNull();
    expect(coverageOfName('chain.csv')).toBeNull();
  });
  it('readChainFiles returns the days of a month file', () => {
    const r = readChainFiles([path.join(FIXTURES, 'good-datashop', 'UnderlyingOptionsEODCalcs_2026-01-30.csv')], '2026-01');
    expect([...r.days.keys()]).toEqual(['2026-01-30']);
    expect(r.rows).toBe(5);
    expect(r.layouts).toEqual(['datashop']);
  });
});

describe('month files are streamed day by day', () => {
  const header = 'date,root,expiration,strike,type,bid,ask';
  /** `n` contracts of a day: strikes 1000 + 5k, calls and puts, bid = k/100 (a check value per row). */
  const dayRows = (date: string, n: number): string[] => {
    const out: string[] = [];
    for (let k = 0; k < n / 2; k++) for (const t of ['call', 'put']) out.push(`${date},SPXW,2026-03-20,${1000 + 5 * k},${t},${(k / 100).toFixed(2)},${(k / 100 + 0.1).toFixed(2)}`);
    return out;
  };

  it('a month larger than a read block, CRLF lines and a BOM: every row, each on its day', () => {
    const dir = tmpDir();
    // 2 × 40,000 rows of ~50 bytes: about 4 MB, across the reader's 4 MB blocks.
    const text = `\uFEFF${header}\r\n${[...dayRows('2026-01-29', 40_000), ...dayRows('2026-01-30', 40_000)].join('\r\n')}\r\n`;
    expect(text.length).toBeGreaterThan(4 * 2 ** 20 - 100_000);
    fs.writeFileSync(path.join(dir, 'spx_2026-01.csv'), text);
    const src = new ChainDirectory(dir);
    expect(src.day(d('2026-01-29'))?.n).toBe(40_000);
    expect(src.day(d('2026-01-30'))?.n).toBe(40_000);
    expect(src.stats.rowsRead).toBe(80_000);
    expect(src.quote(d('2026-01-30'), 'SPX', 'put', d('2026-03-20'), 1000 + 5 * 19_999)).toMatchObject({ bid: 199.99, ask: 200.09 });
    expect(src.quote(d('2026-01-29'), 'SPX', 'call', d('2026-03-20'), 1000 + 5 * 12_345)).toMatchObject({ bid: 123.45 });
  });

  it('a gzip month streamed through a temporary file reads the same as in memory; a truncated one is named', () => {
    const dir = tmpDir();
    const text = `${header}\n${[...dayRows('2026-01-29', 2_000), ...dayRows('2026-01-30', 2_000)].join('\n')}\n`;
    const gz = zlib.gzipSync(text);
    fs.writeFileSync(path.join(dir, 'spx_2026-01.csv.gz'), gz);
    const streamed = new ChainDirectory(dir, { streamGzipAboveBytes: 0 });
    const inMemory = new ChainDirectory(dir);
    for (const day of ['2026-01-29', '2026-01-30']) expect(streamed.day(d(day))?.rows()).toEqual(inMemory.day(d(day))?.rows());
    expect(fs.readdirSync(os.tmpdir()).filter((n) => n.startsWith('alvh-chain-')).length, 'the temporary file is removed').toBe(0);
    const cut = tmpDir();
    fs.writeFileSync(path.join(cut, 'spx_2026-01.csv.gz'), gz.subarray(0, gz.length - 20));
    expect(() => new ChainDirectory(cut, { streamGzipAboveBytes: 0 }).day(d('2026-01-30'))).toThrow(/spx_2026-01\.csv\.gz: truncated or corrupt gzip/);
  });

  it('an unsorted month: a day met again is joined to its first part, a duplicate across them named', () => {
    const dir = tmpDir();
    const a = dayRows('2026-01-29', 4);
    const b = dayRows('2026-01-30', 4);
    fs.writeFileSync(path.join(dir, 'spx_2026-01.csv'), `${header}\n${[a[0], a[1], b[0], b[1], a[2], a[3], b[2], b[3]].join('\n')}\n`);
    const src = new ChainDirectory(dir);
    expect(src.day(d('2026-01-29'))?.n).toBe(4);
    expect(src.day(d('2026-01-30'))?.rows().map((r) => r.strike)).toEqual([1000, 1000, 1005, 1005]);
    const dup = tmpDir();
    fs.writeFileSync(path.join(dup, 'spx_2026-01.csv'), `${header}\n${[a[0], b[0], a[0]].join('\n')}\n`);
    expect(() => new ChainDirectory(dup).day(d('2026-01-29'))).toThrow(/spx_2026-01\.csv: strike: duplicate contract SPXW 2026-03-20 1000 call on 2026-01-29 \(first on spx_2026-01\.csv\)/);
  });
});

describe('the parsed copy of a group in the cache', () => {
  const header = 'date,root,expiration,strike,type,bid,ask,underlying,iv,delta,mid';
  const rows = (date: string, bid: number): string =>
    [`${date},SPXW,2026-03-20,6000,put,${bid},${bid + 0.2},6900.5,0.21,-0.2,`, `${date},SPXW,2026-03-20,7000,call,1.05,1.25,6900.5,,0.3,1.1`, `${date},VIX,2026-02-18,20,call,1.5,1.6,18.2,0.9,0.4,`].join('\n');
  const cacheIn = (dir: string): ChainCache => ({ dir, write: (file, bytes) => { fs.mkdirSync(path.dirname(file), { recursive: true }); fs.writeFileSync(file, bytes); } });
  const allRows = (src: ChainDirectory): ChainRow[] => ['2026-01-29', '2026-01-30', '2026-02-02'].flatMap((x) => src.day(d(x))?.rows() ?? []);

  it('a second read of unchanged files comes from the copy, value for value; a changed file is parsed again', () => {
    const dir = tmpDir();
    const cache = cacheIn(tmpDir());
    fs.writeFileSync(path.join(dir, 'spx_2026-01.csv'), `${header}\n${rows('2026-01-29', 3)}\n${rows('2026-01-30', 4)}\n`);
    fs.writeFileSync(path.join(dir, 'spx_2026-02-02.csv'), `${header}\n${rows('2026-02-02', 5)}\n`);
    const first = new ChainDirectory(dir, { cache });
    const parsed = allRows(first);
    expect(first.stats.groupsFromCache).toBe(0);
    expect(fs.readdirSync(cache.dir).length, 'one copy per group').toBe(2);
    const second = new ChainDirectory(dir, { cache });
    const again = allRows(second);
    expect(second.stats).toMatchObject({ groupsFromCache: 2, rowsRead: 9, daysLoaded: 3, layouts: ['generic'] });
    expect(again).toEqual(parsed);
    expect(again.length).toBe(9);
    expect(second.quote(d('2026-01-30'), 'SPX', 'put', d('2026-03-20'), 6000)).toEqual(first.quote(d('2026-01-30'), 'SPX', 'put', d('2026-03-20'), 6000));
    // A changed file (new size and time) is read from its CSV, and its copy replaced.
    const file = path.join(dir, 'spx_2026-02-02.csv');
    fs.writeFileSync(file, `${header}\n${rows('2026-02-02', 15)}\n`);
    fs.utimesSync(file, new Date('2026-02-03T00:00:00Z'), new Date('2026-02-03T00:00:00Z'));
    const third = new ChainDirectory(dir, { cache });
    expect(third.quote(d('2026-02-02'), 'SPX', 'put', d('2026-03-20'), 6000)?.bid).toBe(15);
    expect(third.stats.groupsFromCache).toBe(0);
    expect(new ChainDirectory(dir, { cache }).quote(d('2026-02-02'), 'SPX', 'put', d('2026-03-20'), 6000)?.bid, 'the replaced copy').toBe(15);
  });

  it('a damaged copy is ignored; a broken file is still rejected, and leaves no copy', () => {
    const dir = tmpDir();
    const cache = cacheIn(tmpDir());
    fs.writeFileSync(path.join(dir, 'spx_2026-01.csv'), `${header}\n${rows('2026-01-29', 3)}\n`);
    const want = allRows(new ChainDirectory(dir, { cache }));
    const [copy] = fs.readdirSync(cache.dir);
    const copyPath = path.join(cache.dir, copy ?? '');
    fs.writeFileSync(copyPath, fs.readFileSync(copyPath).subarray(0, 100));
    const src = new ChainDirectory(dir, { cache });
    expect(allRows(src)).toEqual(want);
    expect(src.stats.groupsFromCache).toBe(0);
    const bad = tmpDir();
    const badCache = cacheIn(tmpDir());
    fs.writeFileSync(path.join(bad, 'spx_2026-01.csv'), `${header}\n${rows('2026-01-29', 3)}\n2026-01-29,SPXW,2026-03-20,6100,put,2,1,,,,\n`);
    for (let k = 0; k < 2; k++) expect(() => new ChainDirectory(bad, { cache: badCache }).day(d('2026-01-29'))).toThrow(/spx_2026-01\.csv:5: bid: crossed quote/);
    expect(fs.existsSync(badCache.dir) ? fs.readdirSync(badCache.dir) : []).toEqual([]);
    // A file removed after the directory was listed is named, as without a cache.
    const gone = new ChainDirectory(dir, { cache: cacheIn(tmpDir()) });
    fs.rmSync(path.join(dir, 'spx_2026-01.csv'));
    expect(() => gone.day(d('2026-01-29'))).toThrow(/spx_2026-01\.csv: cannot read: ENOENT/);
  });
});
