/**
 * The public sources of `alvh data update` (DESIGN §3): a registry with the official URLs, the
 * HTTP fetch (Node's global fetch, a timeout, status and content checks, truncation checks), the
 * read of a local file given instead of a URL, and one strict parser per file format, built on
 * the table reader of the embedded files.
 */
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DataError, InputError } from '../core/errors.js';
import { addDays, type IsoDate } from '../core/time.js';
import { vixExpirationOnOrAfter } from '../core/calendar.js';
import { BREADTH_FIELDS, compareRows, OHLC_FIELDS, TBILL_FIELD, vxField, type MarketRow, type SeriesKey } from '../market/marketRows.js';
import { BREADTH_COLUMNS } from './csvMarketData.js';
import { checkOhlc, checkStrictlyAscending, numCol, parseTable, strCol, type ColumnSpec, type Table } from './csvTable.js';

/** File formats, each with one parser. */
export type SourceFormat = 'cboe-ohlc' | 'cboe-close' | 'cfe-vx' | 'fred' | 'stooq' | 'breadth';

export interface SourceDef {
  /** The name used by `--source NAME=URL`, `sources.json` and error messages. */
  name: string;
  series: SeriesKey;
  format: SourceFormat;
  /**
   * An http(s) URL, a file:// URL or a local file path (absolute once resolved); null when the
   * source has no default and none is configured. For cfe-vx a template with `{expiry}`
   * (YYYY-MM-DD of the contract's expiry).
   */
  url: string | null;
  /** Value column for cboe-close (VVIX, SKEW) and fred (DTB3). */
  column?: string;
  /** For a source without a default: what is lost on the new days while none is configured. */
  withoutSource?: string;
  /** For a source without a default: the file format to configure, in a few words. */
  formatHint?: string;
}

/** A source with a location to read. */
export type ConfiguredSource = SourceDef & { url: string };

const CBOE_INDEX = 'https://cdn.cboe.com/api/global/us_indices/daily_prices';

/** Default sources. Official public URLs; they may change, and Stooq may ask for a key: override with --source. */
export const DEFAULT_SOURCES: readonly SourceDef[] = [
  { name: 'spx', series: 'SPX', format: 'stooq', url: 'https://stooq.com/q/d/l/?s=^spx&i=d' },
  { name: 'vix', series: 'VIX', format: 'cboe-ohlc', url: `${CBOE_INDEX}/VIX_History.csv` },
  { name: 'vix9d', series: 'VIX9D', format: 'cboe-ohlc', url: `${CBOE_INDEX}/VIX9D_History.csv` },
  { name: 'vix3m', series: 'VIX3M', format: 'cboe-ohlc', url: `${CBOE_INDEX}/VIX3M_History.csv` },
  { name: 'vix6m', series: 'VIX6M', format: 'cboe-ohlc', url: `${CBOE_INDEX}/VIX6M_History.csv` },
  { name: 'vix1d', series: 'VIX1D', format: 'cboe-ohlc', url: `${CBOE_INDEX}/VIX1D_History.csv` },
  { name: 'vvix', series: 'VVIX', format: 'cboe-close', url: `${CBOE_INDEX}/VVIX_History.csv`, column: 'VVIX' },
  { name: 'skew', series: 'SKEW', format: 'cboe-close', url: `${CBOE_INDEX}/SKEW_History.csv`, column: 'SKEW' },
  { name: 'tbill', series: 'TBILL', format: 'fred', url: 'https://fred.stlouisfed.org/graph/fredgraph.csv?id=DTB3', column: 'DTB3' },
  { name: 'vx', series: 'VX', format: 'cfe-vx', url: 'https://cdn.cboe.com/data/us/futures/market_statistics/historical_data/VX/VX_{expiry}.csv' },
  // NYSE advances/declines have no official free daily CSV: the user names one (URL or file).
  {
    name: 'breadth',
    series: 'BREADTH',
    format: 'breadth',
    url: null,
    withoutSource: 'the signal score leaves the A/D breadth component out',
    formatHint: 'CSV date,advances,declines,unchanged',
  },
];

/** True when `location` names a local file (a file:// URL or a path) rather than an http(s) URL. */
export function isLocalLocation(location: string): boolean {
  return !/^[a-z][a-z0-9+.-]*:\/\//i.test(location) || /^file:\/\//i.test(location);
}

/**
 * Checks one configured location and makes a path absolute: http(s) URLs are kept; a file://
 * URL becomes its path; a relative path is resolved against `baseDir`. Other schemes are refused.
 */
function resolveLocation(where: string, name: string, location: string, baseDir: string): string {
  if (/^https?:\/\/\S+$/i.test(location)) return location;
  if (location === '') throw new InputError(where, `source ${name}: empty URL or file`);
  if (!isLocalLocation(location)) throw new InputError(where, `source ${name}: expected an http(s) URL, a file:// URL or a file path, got "${location}"`);
  if (/^file:\/\//i.test(location)) {
    try {
      // `{expiry}` is not URL syntax: keep it through the conversion.
      return fileURLToPath(location.replaceAll('{expiry}', '%7Bexpiry%7D')).replaceAll('%7Bexpiry%7D', '{expiry}');
    } catch (e) {
      throw new InputError(where, `source ${name}: not a usable file URL "${location}": ${(e as Error).message}`);
    }
  }
  return path.resolve(baseDir, location);
}


/**
 * The sources with their locations resolved: `--source` flags over `<home>/sources.json` over
 * the defaults. A location is an http(s) URL, a file:// URL or a file path: relative paths of
 * the flags are resolved against the working directory, those of sources.json against
 * `configDir` (the home). Unknown names and other schemes are refused, naming where they came
 * from. A source without a default (breadth) keeps `url: null` until one is configured.
 */
export function resolveSources(flags: Readonly<Record<string, string>>, config: Readonly<Record<string, string>> = {}, configDir: string = process.cwd()): SourceDef[] {
  const names = DEFAULT_SOURCES.map((s) => s.name);
  const check = (where: string, map: Readonly<Record<string, string>>, baseDir: string): Record<string, string> => {
    const out: Record<string, string> = {};
    for (const [name, url] of Object.entries(map)) {
      if (!names.includes(name)) throw new InputError(where, `unknown source "${name}" (sources: ${names.join(', ')})`);
      out[name] = resolveLocation(where, name, url, baseDir);
      if (name === 'vx' && !url.includes('{expiry}')) throw new InputError(where, 'source vx: the URL must contain {expiry} (one file per contract)');
    }
    return out;
  };
  const fromConfig = check('sources.json', config, configDir);
  const fromFlags = check('--source', flags, process.cwd());
  return DEFAULT_SOURCES.map((s) => ({ ...s, url: fromFlags[s.name] ?? fromConfig[s.name] ?? s.url }));
}

/** Parses repeated `--source NAME=URL` values into a map (a repeated name is an error). */
export function parseSourceFlags(values: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const v of values) {
    const eq = v.indexOf('=');
    if (eq <= 0) throw new InputError('--source', `expected NAME=URL or NAME=FILE, got "${v}"`);
    const name = v.slice(0, eq).trim();
    if (name in out) throw new InputError('--source', `source ${name} given twice`);
    out[name] = v.slice(eq + 1).trim();
  }
  return out;
}

/** Reads the object of `<home>/sources.json` ({"vix": "https://…"}); `file` names it in errors. */
export function parseSourcesConfig(file: string, text: string): Record<string, string> {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    throw new DataError(file, `not JSON: ${(e as Error).message}`);
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new DataError(file, 'expected an object {"NAME": "URL", …}');
  const out: Record<string, string> = {};
  for (const [k, u] of Object.entries(v)) {
    if (typeof u !== 'string') throw new DataError(file, `${k}: expected a URL string`);
    out[k] = u;
  }
  return out;
}

// ------------------------------------------------------------------ fetch

export interface FetchOptions {
  /** Per request (default 30 s). */
  timeoutMs?: number;
  /** Largest accepted body (default 64 MiB). */
  maxBytes?: number;
  fetchImpl?: typeof fetch;
}

/** A failure of one source: `alvh: source <NAME>: <what>`. */
export class SourceError extends DataError {
  constructor(
    readonly source: string,
    what: string,
  ) {
    super(`source ${source}`, what);
  }
}

function label(url: string): string {
  if (isLocalLocation(url)) return path.basename(url) || url;
  const p = url.replace(/[?#].*$/, '');
  const base = p.slice(p.lastIndexOf('/') + 1);
  return base === '' ? url : base;
}

/** Connection failures a browser or curl retries a GET on: the server closed or reset the connection before answering. */
const TRANSIENT_CODES = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED']);
/** Attempts of one GET (the first and the retries) and the pause before each retry. */
export const FETCH_ATTEMPTS = 3;
const RETRY_PAUSE_MS = [100, 400];

function isTransient(e: unknown): boolean {
  const err = e as Error & { code?: string; cause?: { code?: string } };
  if (err.name === 'TimeoutError' || err.name === 'AbortError') return false;
  return TRANSIENT_CODES.has(err.cause?.code ?? '') || TRANSIENT_CODES.has(err.code ?? '');
}

/**
 * One GET with the retries a real client makes: a connection the server closed or reset
 * before any answer (a kept-alive socket it closed while idle, a restart) is tried again,
 * up to FETCH_ATTEMPTS times; an answer, a refusal to connect or a timeout is final.
 */
async function fetchRetrying(doFetch: typeof fetch, url: string, timeoutMs: number): Promise<Response> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await doFetch(url, { signal: AbortSignal.timeout(timeoutMs), headers: { accept: 'text/csv, text/plain;q=0.9, */*;q=0.5' } });
    } catch (e) {
      if (attempt >= FETCH_ATTEMPTS || !isTransient(e)) throw e;
      await new Promise((resolve) => setTimeout(resolve, RETRY_PAUSE_MS[attempt - 1] ?? 400));
    }
  }
}

/**
 * GETs `url` as text (retrying a reset connection, see fetchRetrying). Refuses: no answer within the timeout, a status other than 200, an HTML
 * page, an empty or oversized body, and a body whose last line has no line ending (a download
 * cut mid-row can still parse, so a missing final newline counts as truncation).
 */
export async function fetchCsv(source: string, url: string, options: FetchOptions = {}): Promise<string> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const maxBytes = options.maxBytes ?? 64 * 1024 * 1024;
  const doFetch = options.fetchImpl ?? fetch;
  let text: string;
  try {
    const res = await fetchRetrying(doFetch, url, timeoutMs);
    if (res.status !== 200) {
      await res.body?.cancel();
      throw new SourceError(source, `HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ''} from ${url}`);
    }
    const type = (res.headers.get('content-type') ?? '').toLowerCase();
    if (type.includes('html') || type.includes('json') || type.startsWith('image/')) {
      await res.body?.cancel();
      throw new SourceError(source, `expected a CSV file, got content-type ${type} from ${url}`);
    }
    const length = Number(res.headers.get('content-length') ?? NaN);
    if (length > maxBytes) {
      await res.body?.cancel();
      throw new SourceError(source, `file too large (${length} bytes > ${maxBytes}) from ${url}`);
    }
    try {
      text = await res.text();
    } catch (e) {
      const err = e as Error & { cause?: { code?: string } };
      if (err.name === 'TimeoutError' || err.name === 'AbortError') throw e;
      throw new SourceError(source, `${label(url)}: truncated download: the connection closed before the whole file arrived (${err.cause?.code ?? err.message})`);
    }
  } catch (e) {
    if (e instanceof SourceError) throw e;
    const err = e as Error & { cause?: { code?: string; message?: string } };
    if (err.name === 'TimeoutError' || err.name === 'AbortError') throw new SourceError(source, `no complete answer within ${timeoutMs / 1000} s from ${url}`);
    throw new SourceError(source, `cannot fetch ${url}: ${err.cause?.code ?? err.cause?.message ?? err.message}`);
  }
  if (text.length > maxBytes) throw new SourceError(source, `file too large (> ${maxBytes} bytes) from ${url}`);
  const head = text.trimStart().slice(0, 200).toLowerCase();
  if (head.startsWith('<') || head.includes('<html')) throw new SourceError(source, `expected a CSV file, got an HTML page from ${url}`);
  if (text.trim() === '') throw new SourceError(source, `empty file from ${url}`);
  if (!text.endsWith('\n')) {
    const lastLine = text.slice(text.lastIndexOf('\n') + 1);
    throw new SourceError(source, `${label(url)}: truncated download: the last line has no line ending ("${lastLine.slice(0, 60)}")`);
  }
  return text;
}

/**
 * Reads a local file given instead of a URL (a path, or a file:// URL already turned into one).
 * Refuses what fetchCsv refuses except the missing final newline: a local file is not a
 * download that can be cut, and files saved by hand often end without one.
 */
export function readLocalCsv(source: string, file: string, options: Pick<FetchOptions, 'maxBytes'> = {}): string {
  const maxBytes = options.maxBytes ?? 64 * 1024 * 1024;
  const filePath = /^file:\/\//i.test(file) ? fileURLToPath(file) : file;
  let text: string;
  try {
    const size = statSync(filePath).size;
    if (size > maxBytes) throw new SourceError(source, `file too large (${size} bytes > ${maxBytes}): ${filePath}`);
    text = readFileSync(filePath, 'utf8');
  } catch (e) {
    if (e instanceof SourceError) throw e;
    const err = e as NodeJS.ErrnoException;
    throw new SourceError(source, `cannot read ${filePath}: ${err.code ?? err.message}`);
  }
  const head = text.trimStart().slice(0, 200).toLowerCase();
  if (head.startsWith('<') || head.includes('<html')) throw new SourceError(source, `expected a CSV file, got an HTML page: ${filePath}`);
  if (text.trim() === '') throw new SourceError(source, `empty file: ${filePath}`);
  return text;
}

/** The text at `location`: a local file (path or file:// URL) or an http(s) download. */
export async function readSourceText(source: string, location: string, options: FetchOptions = {}): Promise<string> {
  return isLocalLocation(location) ? readLocalCsv(source, location, options) : fetchCsv(source, location, options);
}

// ------------------------------------------------------------------ parsers

const POS = { min: 0, exclusiveMin: true } as const;

function ohlcSpec(date: ColumnSpec, names: readonly [string, string, string, string]): ColumnSpec[] {
  return [date, ...names.map((name, i): ColumnSpec => ({ name, kind: i === 3 ? 'num' : 'optnum', ...POS }))];
}

function withSource(source: string, fn: () => MarketRow[]): MarketRow[] {
  try {
    return fn();
  } catch (e) {
    if (e instanceof DataError && !(e instanceof SourceError)) throw new SourceError(source, e.message);
    throw e;
  }
}

function rowsOf(series: SeriesKey, t: Table, dates: readonly string[], fields: readonly [string, Float64Array][]): MarketRow[] {
  const out: MarketRow[] = [];
  for (let i = 0; i < t.n; i++) {
    for (const [field, col] of fields) {
      const v = col[i] as number;
      if (!Number.isNaN(v)) out.push({ series, date: dates[i] as IsoDate, field, value: v });
    }
  }
  return out;
}

function parseOhlcTable(series: SeriesKey, file: string, text: string, date: ColumnSpec, names: readonly [string, string, string, string], extra: ColumnSpec[] = []): MarketRow[] {
  const t = parseTable(file, text, [...ohlcSpec(date, names), ...extra]);
  const dates = strCol(t, date.name);
  checkStrictlyAscending(t, dates, 'date');
  const cols = names.map((n) => numCol(t, n)) as [Float64Array, Float64Array, Float64Array, Float64Array];
  checkOhlc(t, ...cols);
  const sorted = OHLC_FIELDS.map((f, i) => [f, cols[i] as Float64Array] as [string, Float64Array]).sort((a, b) => (a[0] < b[0] ? -1 : 1));
  return rowsOf(series, t, dates, sorted);
}

/**
 * Parses one downloaded file into rows sorted by (date, field). `file` names it in errors
 * (`VIX_History.csv:12: close: not a number`). For cfe-vx `expiry` is the contract's expiry.
 */
export function parseSourceText(def: SourceDef, file: string, text: string, expiry?: IsoDate): MarketRow[] {
  return withSource(def.name, () => {
    switch (def.format) {
      case 'cboe-ohlc':
        // DATE,OPEN,HIGH,LOW,CLOSE with MM/DD/YYYY dates.
        return parseOhlcTable(def.series, file, text, { name: 'DATE', kind: 'mdy' }, ['OPEN', 'HIGH', 'LOW', 'CLOSE']);
      case 'stooq':
        // Date,Open,High,Low,Close,Volume with ISO dates.
        return parseOhlcTable(def.series, file, text, { name: 'Date', kind: 'date' }, ['Open', 'High', 'Low', 'Close'], [{ name: 'Volume', kind: 'optnum', min: 0 }]);
      case 'cboe-close': {
        const column = def.column ?? def.series;
        const t = parseTable(file, text, [{ name: 'DATE', kind: 'mdy' }, { name: column, kind: 'num', ...POS }]);
        const dates = strCol(t, 'DATE');
        checkStrictlyAscending(t, dates, 'date');
        return rowsOf(def.series, t, dates, [['close', numCol(t, column)]]);
      }
      case 'fred': {
        // observation_date,DTB3 with "." or an empty cell on holidays (no row).
        const column = def.column ?? def.series;
        const t = parseTable(file, text, [{ name: 'observation_date', kind: 'date' }, { name: column, kind: 'optnum', min: -5, missing: ['.'] }]);
        const dates = strCol(t, 'observation_date');
        checkStrictlyAscending(t, dates, 'date');
        const v = numCol(t, column);
        for (let i = 0; i < t.n; i++) {
          if ((v[i] as number) > 25) throw new DataError(`${file}:${t.lines[i]}`, `${column}: implausible rate ${v[i]} (percent expected)`);
        }
        return rowsOf(def.series, t, dates, [[TBILL_FIELD, v]]);
      }
      case 'cfe-vx':
        return parseVx(def, file, text, expiry);
      case 'breadth':
        return parseBreadth(def.series, file, text);
    }
  });
}

/**
 * Plausible NYSE issues traded in a day (advances + declines + unchanged): every row of the
 * embedded history since 1992 lies inside (1684..3881); a row outside is a bad print or the
 * counts of another market.
 */
export const BREADTH_TOTAL_RANGE = [1500, 4500] as const;

/**
 * NYSE breadth in the embedded file's format: `date,advances,declines,unchanged`, ISO dates,
 * whole counts of issues, `unchanged` may be empty. Also refused: a total outside
 * BREADTH_TOTAL_RANGE.
 */
function parseBreadth(series: SeriesKey, file: string, text: string): MarketRow[] {
  const t = parseTable(file, text, BREADTH_COLUMNS);
  const dates = strCol(t, 'date');
  checkStrictlyAscending(t, dates, 'date');
  const cols = BREADTH_FIELDS.map((f) => [f, numCol(t, f)] as [string, Float64Array]);
  const [lo, hi] = BREADTH_TOTAL_RANGE;
  for (let i = 0; i < t.n; i++) {
    let total = 0;
    for (const [name, col] of cols) {
      const v = col[i] as number;
      if (Number.isNaN(v)) continue;
      if (!Number.isInteger(v)) throw new DataError(`${file}:${t.lines[i]}`, `${name}: not a whole number of issues: ${v}`);
      total += v;
    }
    if (total < lo || total > hi) {
      throw new DataError(`${file}:${t.lines[i]}`, `advances+declines+unchanged = ${total}, outside the plausible ${lo}..${hi} NYSE issues (a bad row, or another market's counts)`);
    }
  }
  return rowsOf(series, t, dates, cols);
}

const VX_COLUMNS: ColumnSpec[] = [
  { name: 'Trade Date', kind: 'date' },
  { name: 'Futures', kind: 'str' },
  { name: 'Open', kind: 'optnum', min: 0 },
  { name: 'High', kind: 'optnum', min: 0 },
  { name: 'Low', kind: 'optnum', min: 0 },
  { name: 'Close', kind: 'optnum', min: 0 },
  { name: 'Settle', kind: 'num', min: 0 },
  { name: 'Change', kind: 'optnum' },
  { name: 'Total Volume', kind: 'optnum', min: 0 },
  { name: 'EFP', kind: 'optnum', min: 0 },
  { name: 'Open Interest', kind: 'optnum', min: 0 },
];

/** Cboe CFE per-contract history; rows with a settlement of 0 (listed, not yet settled) give no row. */
function parseVx(def: SourceDef, file: string, text: string, expiry: IsoDate | undefined): MarketRow[] {
  if (expiry === undefined) throw new DataError(file, 'internal: no contract expiry');
  const t = parseTable(file, text, VX_COLUMNS);
  const dates = strCol(t, 'Trade Date');
  checkStrictlyAscending(t, dates, 'Trade Date');
  const settle = numCol(t, 'Settle');
  const out: MarketRow[] = [];
  const field = vxField(expiry);
  for (let i = 0; i < t.n; i++) {
    const d = dates[i] as string;
    if (d > expiry) throw new DataError(`${file}:${t.lines[i]}`, `Trade Date: ${d} is after the contract's expiry ${expiry}`);
    const s = settle[i] as number;
    if (s > 0) out.push({ series: def.series, date: d as IsoDate, field, value: s });
  }
  return out;
}

/**
 * The VX contracts to download: every monthly expiry on or after `lastHeld` (the last VX date
 * held), up to and including the `ahead`-th contract listed on `today`.
 */
export function vxContracts(lastHeld: IsoDate, today: IsoDate, ahead = 3): IsoDate[] {
  const out: IsoDate[] = [];
  let front = vixExpirationOnOrAfter(today);
  for (let k = 1; k < ahead; k++) front = vixExpirationOnOrAfter(addDays(front, 1));
  for (let e = vixExpirationOnOrAfter(lastHeld); e <= front; e = vixExpirationOnOrAfter(addDays(e, 1))) out.push(e);
  return out;
}

/** A downloaded and parsed source. */
export interface FetchedSource {
  def: SourceDef;
  /** Rows sorted by (date, field). */
  rows: MarketRow[];
}

/**
 * Downloads and parses one source. For VX, `contracts` are the expiries to fetch (one file each).
 */
export async function fetchSource(def: SourceDef, contracts: readonly IsoDate[], options: FetchOptions = {}): Promise<FetchedSource> {
  const location = def.url;
  if (location === null) throw new SourceError(def.name, 'no URL or file configured');
  if (def.format !== 'cfe-vx') {
    const text = await readSourceText(def.name, location, options);
    return { def, rows: parseSourceText(def, label(location), text) };
  }
  const settled = await Promise.allSettled(
    contracts.map(async (expiry) => {
      const url = location.replaceAll('{expiry}', expiry);
      const text = await readSourceText(def.name, url, options);
      return parseSourceText(def, label(url), text, expiry);
    }),
  );
  // The first failing contract in expiry order, whichever failed first in time.
  const failed = settled.find((s) => s.status === 'rejected');
  if (failed !== undefined) throw failed.reason;
  const rows = settled.flatMap((s) => (s.status === 'fulfilled' ? s.value : [])).sort(compareRows);
  return { def, rows };
}
