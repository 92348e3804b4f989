import { appendFileSync, cpSync, existsSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { CsvMarketDataSource, embeddedDataDir } from '../adapters/csvMarketData.js';
import { dataDirKey } from '../adapters/dataCache.js';
import { loadEmbeddedDataCached, loadWithCache, packageCacheDir } from './engineInputs.js';
import { homeCacheDir } from './homePath.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'alvh-cache-'));
  dirs.push(d);
  return d;
}

describe('loading the embedded data through the parsed cache', () => {
  const csv = new CsvMarketDataSource().load();

  it('reads the CSVs once, then the cache until a file changes; a broken cache is rebuilt', () => {
    const dataDir = tempDir();
    cpSync(embeddedDataDir(), dataDir, { recursive: true });
    const cacheDir = join(tempDir(), 'cache');
    let loads = 0;
    const load = (): ReturnType<CsvMarketDataSource['load']> => {
      loads++;
      return new CsvMarketDataSource(dataDir).load();
    };
    expect(loadWithCache(dataDir, cacheDir, load)).toEqual(csv);
    expect(loadWithCache(dataDir, cacheDir, load)).toEqual(csv);
    expect(loads, 'second run from the cache').toBe(1);

    const spx = join(dataDir, 'spx_daily.csv');
    const before = dataDirKey(dataDir);
    utimesSync(spx, new Date(2030, 0, 1), new Date(2030, 0, 1));
    expect(dataDirKey(dataDir), 'a touched file changes the key').not.toBe(before);
    loadWithCache(dataDir, cacheDir, load);
    expect(loads, 'reloaded after the change').toBe(2);

    writeFileSync(join(cacheDir, 'embedded-data.bin'), readFileSync(join(cacheDir, 'embedded-data.bin')).subarray(0, 1000));
    expect(loadWithCache(dataDir, cacheDir, load)).toEqual(csv);
    expect(loads, 'a truncated cache is not trusted').toBe(3);
    expect(loadWithCache(dataDir, cacheDir, load)).toEqual(csv);
    expect(loads, 'and is rewritten').toBe(3);

    appendFileSync(spx, '2026-13-45,1,1,1,1\n');
    expect(() => loadWithCache(dataDir, cacheDir, load), 'a broken CSV fails as the CSV loader fails, cache or not').toThrow(/spx_daily\.csv:\d+/);
  });

  it('still loads when the cache cannot be written', () => {
    const file = join(tempDir(), 'not-a-dir');
    writeFileSync(file, 'x');
    expect(loadWithCache(embeddedDataDir(), join(file, 'cache'), () => csv)).toBe(csv);
  });

  it('a command without --home reads the embedded data through an existing home\'s cache', () => {
    const home = tempDir();
    // The first call of the process loads: through the cache of the home that exists.
    expect(loadEmbeddedDataCached({ ALVH_HOME: home })).toEqual(csv);
    expect(existsSync(join(home, 'cache', 'embedded-data.bin')), 'the parsed copy is written into the existing home').toBe(true);
  });

  it('without a home, the parsed copy goes to the package’s own cache folder (never a home of its own)', async () => {
    const root = dirname(embeddedDataDir());
    expect(packageCacheDir()).toBe(join(root, 'node_modules', '.cache', 'alvh'));
    const missing = join(tempDir(), 'no-home-here');
    expect(homeCacheDir(undefined, { ALVH_HOME: missing }), 'a home that does not exist gives no cache folder').toBeNull();
    expect(existsSync(missing), 'and is not created').toBe(false);
    // A fresh module (the data set is loaded once per process): the load goes through the package's cache.
    rmSync(join(packageCacheDir(), 'embedded-data.bin'), { force: true });
    vi.resetModules();
    const fresh = await import('./engineInputs.js');
    expect(fresh.loadEmbeddedDataCached({ ALVH_HOME: missing })).toEqual(csv);
    expect(existsSync(join(packageCacheDir(), 'embedded-data.bin')), 'the parsed copy is in the package cache').toBe(true);
    expect(existsSync(missing), 'still no home').toBe(false);
  });
});
