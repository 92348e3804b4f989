/** Shared flag parsing and data loading of `alvh backtest`, `alvh signal` and `alvh size`. */
import { readUserFile, writeFileAtomic } from './io.js';
import { readFileSync } from 'node:fs';
import { dirname, extname, join } from 'node:path';
import { homeCacheDir } from './homePath.js';
import { DataError, InputError } from '../core/errors.js';
import { isoDate, type IsoDate } from '../core/time.js';
import { alignAsOf } from '../market/series.js';
import type { MarketData } from '../market/types.js';
import { CsvMarketDataSource, embeddedDataDir } from '../adapters/csvMarketData.js';
import { dataDirKey, decodeMarketData, encodeMarketData } from '../adapters/dataCache.js';
import { BUILT_IN_POLICIES, builtInPolicy, type HedgePolicy } from '../hedge/index.js';
import { loadPolicyFile } from './policyFile.js';
import { parseCondorConfig, type CondorConfig } from '../strategy/condor.js';
import type { NamedPolicy } from '../engine/types.js';
import { num } from './options.js';
import { columnIndex, numberCell, readCsvTable } from './csvTable.js';

let cached: MarketData | null = null;

/**
 * The data set of `dataDir` from the parsed copy in `cacheDir` when it is current
 * (adapters/dataCache.ts), else from `load()`, then written there atomically (best effort:
 * a home that cannot be written runs without the cache).
 */
export function loadWithCache(dataDir: string, cacheDir: string, load: () => MarketData): MarketData {
  const key = dataDirKey(dataDir);
  const file = join(cacheDir, 'embedded-data.bin');
  try {
    const hit = decodeMarketData(readFileSync(file), key);
    if (hit !== null) return hit;
  } catch {
    // no cache yet, or unreadable: load from the CSVs
  }
  const data = load();
  try {
    writeFileAtomic(file, encodeMarketData(data, key));
  } catch {
    // a read-only home: run without the cache
  }
  return data;
}

/**
 * The embedded data set (loaded once per process). With `cacheDir` (a command with a home
 * directory), a parsed binary copy kept there is read instead of the CSVs while they are
 * unchanged (adapters/dataCache.ts).
 */
export function loadEmbeddedData(cacheDir?: string): MarketData {
  if (cached !== null) return cached;
  const source = new CsvMarketDataSource();
  cached = cacheDir === undefined ? source.load() : loadWithCache(source.dir, cacheDir, () => source.load());
  return cached;
}

/**
 * The embedded data set for a command without `--home` (backtest, research, replicate): read
 * through the parsed copy in the default home's cache when that home exists (as `alvh signal`
 * leaves it), else in the package's cache folder. Such a command never creates a home of its own.
 */
export function loadEmbeddedDataCached(env: NodeJS.ProcessEnv = process.env): MarketData {
  return loadEmbeddedData(homeCacheDir(undefined, env) ?? packageCacheDir());
}

/**
 * Without a home, the parsed copy is kept in the package's own `node_modules/.cache/alvh`
 * (the folder build tools use for such caches; never committed, removed with node_modules).
 * A package that cannot be written runs from the CSVs, as before.
 */
export function packageCacheDir(): string {
  return join(dirname(embeddedDataDir()), 'node_modules', '.cache', 'alvh');
}

/** Reads a policy file (.json, .yaml or .yml); errors name the flag and the field. */
export function readPolicyFile(flag: string, file: string): HedgePolicy {
  const text = readUserFile(flag, file);
  const ext = extname(file).toLowerCase();
  try {
    return loadPolicyFile(text, ext === '.yaml' || ext === '.yml' ? 'yaml' : 'json');
  } catch (e) {
    if (e instanceof InputError) throw new InputError(flag, `${file}: ${e.message}`);
    throw e;
  }
}

/**
 * `--policies alvh,static10` plus repeated `--policy-file NAME=FILE`. A file's NAME may
 * also be listed in `--policies` (it then runs in that position); files not listed run
 * after the listed ones.
 */
export function policiesFromFlags(list: string | undefined, files: readonly string[]): NamedPolicy[] {
  const fromFiles = new Map<string, NamedPolicy>();
  for (const spec of files) {
    const eq = spec.indexOf('=');
    if (eq <= 0 || eq === spec.length - 1) throw new InputError('--policy-file', `expected NAME=FILE, got "${spec}"`);
    const name = spec.slice(0, eq);
    if (!/^[A-Za-z][A-Za-z0-9_-]*$/.test(name)) throw new InputError('--policy-file', `name "${name}" must start with a letter and use letters, digits, _ or -`);
    if (fromFiles.has(name)) throw new InputError('--policy-file', `policy name "${name}" is already used`);
    fromFiles.set(name, { name, policy: readPolicyFile('--policy-file', spec.slice(eq + 1)) });
  }
  const out: NamedPolicy[] = [];
  const names = new Set<string>();
  const listed = list === undefined ? (files.length > 0 ? [] : ['alvh', 'static10', 'vxth', 'none']) : list.split(',').map((s) => s.trim());
  for (const k of listed) {
    if (names.has(k)) throw new InputError('--policies', `"${k}" is listed twice`);
    const fromFile = fromFiles.get(k);
    const builtIn = fromFile === undefined ? builtInPolicy(k) : null;
    if (fromFile === undefined && builtIn === null) {
      throw new InputError('--policies', `unknown policy "${k}" (one of ${BUILT_IN_POLICIES.join(', ')}, or a NAME given by --policy-file)`);
    }
    names.add(k);
    out.push(fromFile ?? { name: k, policy: builtIn as HedgePolicy });
  }
  for (const [name, named] of fromFiles) {
    if (!names.has(name)) out.push(named);
  }
  if (out.length === 0) throw new InputError('--policies', 'no policy to run');
  return out;
}

/**
 * `--user-series NAME=FILE.csv` (repeatable): a CSV with a `date` column and a `value`
 * column (or just one other column), laid
 * on the data's trading days as of each date (causal), for policies' `signal.userSeries`.
 */
export function userSeriesFromFlags(specs: readonly string[], data: MarketData): Record<string, Float64Array> {
  const out: Record<string, Float64Array> = {};
  for (const spec of specs) {
    const eq = spec.indexOf('=');
    if (eq <= 0 || eq === spec.length - 1) throw new InputError('--user-series', `expected NAME=FILE.csv, got "${spec}"`);
    const name = spec.slice(0, eq);
    if (name in out) throw new InputError('--user-series', `series "${name}" is given twice`);
    const table = readCsvTable(spec.slice(eq + 1), '--user-series');
    const dateCol = columnIndex(table, 'date', '--user-series');
    // The `value` column, or the only other column of a two-column file (e.g. date,close).
    const valueCol = table.header.length === 2 && !table.header.includes('value') ? 1 - dateCol : columnIndex(table, 'value', '--user-series');
    const dates: IsoDate[] = [];
    const values: number[] = [];
    for (const row of table.rows) {
      const d = isoDate(row.cells[dateCol] ?? '', `${table.file}:${row.line}: date`);
      if (dates.length > 0 && d <= (dates[dates.length - 1] as IsoDate)) throw new DataError(`${table.file}:${row.line}`, `date: ${d} is not after the previous row's date`);
      dates.push(d);
      values.push(numberCell(table, row, valueCol));
    }
    out[name] = alignAsOf(data.daily, dates, values);
  }
  return out;
}

export interface CondorFlags {
  dte?: string;
  shortDelta?: string;
  wingWidth?: string;
  wingPct?: string;
  wingDelta?: string;
  wholeContracts?: boolean;
  settlement?: string;
  profitTake?: string;
  stopLoss?: string;
  riskBudget?: string;
  fixedNotional?: boolean;
  skipEvents?: boolean;
  vixCeiling?: string;
}

/** Condor configuration from flags (defaults of DESIGN §1.1 for anything not given). */
export function condorFromFlags(f: CondorFlags): CondorConfig {
  const cfg: Record<string, unknown> = {};
  const field = (flag: string, key: string, raw: string | undefined): void => {
    if (raw !== undefined) cfg[key] = num(flag, raw);
  };
  field('--dte', 'dte', f.dte);
  field('--short-delta', 'shortDelta', f.shortDelta);
  field('--risk-budget', 'riskBudgetFrac', f.riskBudget);
  field('--vix-ceiling', 'vixCeilingPts', f.vixCeiling);
  field('--profit-take', 'profitTakeFrac', f.profitTake);
  field('--stop-loss', 'stopLossMult', f.stopLoss);
  const wingFlags = (['--wing-width', '--wing-pct', '--wing-delta'] as const).filter((_, k) => [f.wingWidth, f.wingPct, f.wingDelta][k] !== undefined);
  if (wingFlags.length > 1) throw new InputError(wingFlags[1] ?? '--wing-width', `give one of --wing-width, --wing-pct, --wing-delta, not ${wingFlags.join(' and ')}`);
  const wingFlag = wingFlags[0] ?? '--wing-width';
  if (f.wingWidth !== undefined) {
    const w = num('--wing-width', f.wingWidth);
    cfg.wings = { kind: 'width', putPts: w, callPts: w };
  }
  if (f.wingPct !== undefined) {
    const pctOfSpot = num('--wing-pct', f.wingPct);
    if (!(pctOfSpot > 0 && pctOfSpot <= 50)) throw new InputError('--wing-pct', `must be a percentage of spot in (0, 50], got ${f.wingPct}`);
    const w = pctOfSpot / 100;
    cfg.wings = { kind: 'spotFrac', putFrac: w, callFrac: w };
  }
  if (f.wingDelta !== undefined) {
    const w = num('--wing-delta', f.wingDelta);
    cfg.wings = { kind: 'delta', putDelta: w, callDelta: w };
  }
  if (f.settlement !== undefined) {
    if (!['auto', 'am', 'pm'].includes(f.settlement)) throw new InputError('--settlement', `must be auto, am or pm, got "${f.settlement}"`);
    cfg.settlement = f.settlement;
  }
  if (f.fixedNotional === true) cfg.notionalMode = 'fixed';
  if (f.wholeContracts === true) cfg.sizing = 'whole';
  if (f.skipEvents === true) cfg.skipEventDays = true;
  try {
    return parseCondorConfig(cfg);
  } catch (e) {
    if (e instanceof InputError) {
      const flagOf: Record<string, string> = {
        'condor.dte': '--dte',
        'condor.shortDelta': '--short-delta',
        'condor.riskBudgetFrac': '--risk-budget',
        'condor.vixCeilingPts': '--vix-ceiling',
        'condor.settlement': '--settlement',
        'condor.profitTakeFrac': '--profit-take',
        'condor.stopLossMult': '--stop-loss',
      };
      const flag = Object.entries(flagOf).find(([k]) => e.field.startsWith(k))?.[1] ?? (e.field.startsWith('condor.wings') ? wingFlag : e.field);
      throw new InputError(flag, e.message.slice(e.field.length + 2));
    }
    throw e;
  }
}

/** The largest notional accepted: a trillion dollars, beyond any account (1e308 would print a 309-digit figure). */
export const MAX_NOTIONAL_USD = 1e12;

/** The condor flags every engine command (backtest, signal) takes, with their help. */
export const CONDOR_FLAG_HELP: readonly (readonly [string, string])[] = [
  ['--dte <n>', 'condor tenor in trading days: 1 (default), 0 (open to close), N (ladder)'],
  ['--short-delta <d>', 'short strike |delta| (default 0.10)'],
  ['--wing-pct <pct>', 'wing width in % of SPX at the trade (default 1: 70 points at SPX 7,000, 5 at SPX 350)'],
  ['--wing-width <pts>', 'wing width in fixed SPX points instead (e.g. 50)'],
  ['--wing-delta <d>', 'long wings at this |delta| instead, in (0, short delta)'],
  ['--risk-budget <frac>', 'max loss of the open condors as a fraction of notional (default 0.05; an N-DTE ladder gives each of its N rungs 1/N)'],
  ['--whole-contracts', 'size in whole contracts (the trader’s path) instead of fractional units'],
  ['--settlement <rule>', 'auto (default: third-Friday N-DTE expiries AM at the open, the rest PM at the close), am or pm'],
  ['--profit-take <frac>', 'N-DTE only: buy a condor back at the close once its profit reaches this share of the credit (0 < frac <= 1; default off)'],
  ['--stop-loss <mult>', 'N-DTE only: buy a condor back at the close once its loss reaches this multiple of the credit (> 0; default off)'],
  ['--skip-events', 'skip condors whose life contains an FOMC/CPI/PPI release'],
  ['--vix-ceiling <pts>', 'skip condors when VIX is above this'],
];

export function notionalFromFlag(raw: string | undefined, flag = '--notional'): number {
  if (raw === undefined) return 100_000;
  const x = num(flag, raw);
  if (!(x > 0) || x > MAX_NOTIONAL_USD) throw new InputError(flag, `must be > 0 and at most ${MAX_NOTIONAL_USD.toExponential()} dollars, got ${raw}`);
  return x;
}

/** Fixed-width text table (first column left-aligned, the rest right-aligned). */
export function textTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? '').length)));
  const line = (r: readonly string[]): string => r.map((v, c) => (c === 0 ? v.padEnd(widths[c] ?? 0) : v.padStart(widths[c] ?? 0))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n') + '\n';
}

export function pct(x: number | null | undefined, dp = 2): string {
  return x === null || x === undefined || !Number.isFinite(x) ? '-' : `${(x * 100).toFixed(dp)}%`;
}

export function fixed(x: number | null | undefined, dp = 2): string {
  return x === null || x === undefined || !Number.isFinite(x) ? '-' : x.toFixed(dp);
}

export function usd0(x: number | null | undefined): string {
  return x === null || x === undefined || !Number.isFinite(x) ? '-' : Math.round(x).toLocaleString('en-US');
}
