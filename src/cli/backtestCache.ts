/**
 * A persistent cache of the dashboard's default backtest comparison, under the store's home:
 * `HOME/cache/backtest-KEY.json`. KEY is a SHA-256 of everything the comparison depends on:
 * the alvh version, the bytes of every file of the embedded data set, the policies, the condor
 * configuration, the notional, the cost model and the model calibration. A change to any of
 * them gives another key, so a stale file is never read; files of other keys are removed when
 * a new one is written. Files are written atomically (temporary file, then rename).
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { embeddedDataDir } from '../adapters/csvMarketData.js';
import { ALVH_VERSION } from '../core/version.js';
import { defaultBacktestSettings, type BacktestJson } from './engineWiring.js';
import { writeFileAtomic } from './io.js';

/** SHA-256 over the names and bytes of every file of a data directory (sorted by name). */
export function dataFingerprint(dir: string = embeddedDataDir()): string {
  const h = createHash('sha256');
  for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    if (!e.isFile()) continue;
    h.update(`${e.name}\0`);
    h.update(readFileSync(join(dir, e.name)));
    h.update('\0');
  }
  return h.digest('hex');
}

/** The cache key of the inputs (any JSON-serializable description of them). */
export function cacheKey(inputs: unknown): string {
  return createHash('sha256').update(JSON.stringify(inputs)).digest('hex').slice(0, 32);
}

/** The key of the dashboard's default comparison with the embedded data. */
export function defaultBacktestKey(): string {
  return cacheKey({ alvh: ALVH_VERSION, data: dataFingerprint(), settings: defaultBacktestSettings() });
}

export interface CachedBacktest {
  json: BacktestJson;
  /** `cache`: read from `path`; `computed`: computed now and written to `path`. */
  source: 'cache' | 'computed';
  path: string;
  /** Set when the computed result could not be written (the dashboard still serves it). */
  writeError?: string;
}

const PREFIX = 'backtest-';

/**
 * The comparison of `key` from `HOME/cache`, else `compute()` written there. An unreadable or
 * malformed cache file is treated as absent (and replaced).
 */
export function readOrComputeBacktest(home: string, key: string, compute: () => BacktestJson): CachedBacktest {
  const dir = join(home, 'cache');
  const path = join(dir, `${PREFIX}${key}.json`);
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as { key?: unknown; json?: unknown };
    const json = parsed.json as { policies?: unknown } | undefined;
    if (parsed.key === key && typeof json === 'object' && json !== null && typeof json.policies === 'object' && json.policies !== null) {
      return { json: json as BacktestJson, source: 'cache', path };
    }
  } catch {
    // absent or unreadable: compute it below
  }
  const json = compute();
  try {
    writeFileAtomic(path, JSON.stringify({ key, json }));
    for (const f of readdirSync(dir)) {
      if (f.startsWith(PREFIX) && f.endsWith('.json') && f !== `${PREFIX}${key}.json`) rmSync(join(dir, f), { force: true });
    }
  } catch (e) {
    return { json, source: 'computed', path, writeError: e instanceof Error ? e.message : String(e) };
  }
  return { json, source: 'computed', path };
}
