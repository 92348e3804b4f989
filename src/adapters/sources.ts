/**
 * The public sources of `alvh data update` (DESIGN §3): a registry with the official URLs, the
 * HTTP fetch (Node's global fetch, a timeout, status and content checks, truncation checks) and
 * one strict parser per file format, built on the table reader of the embedded files.
 */
import { DataError, InputError } from '../core/errors.js';
import { addDays, type IsoDate } from '../core/time.js';
import { vixExpirationOnOrAfter } from '../core/calendar.js';
import { compareRows, OHLC_FIELDS, TBILL_FIELD, vxField, type MarketRow, type SeriesKey } from '../market/marketRows.js';
import { checkOhlc, checkStrictlyAscending, numCol, parseTable, strCol, type ColumnSpec, type Table } from './csvTable.js';

/** File formats, each with one parser. */
export type SourceFormat = 'cboe-ohlc' | 'cboe-close' | 'cfe-vx' | 'fred' | 'stooq';

export interface SourceDef {
  /** The name used by `--source NAME=URL`, `sources.json` and error messages. */
  name: string;
  series: SeriesKey;
  format: SourceFormat;
  /** For cfe-vx a template with `{expiry}` (YYYY-MM-DD of the contract's expiry). */
  url: string;
  /** Value column for cboe-close (VVIX, SKEW) and fred (DTB3). */
  column?: string;
}

const CBOE_INDEX = 'https://cdn.cboe.com/api/global/us_indices/daily_prices';

/** Default sources. Official public URLs; they may change, and Stooq may ask for a key: override with --source. */
export const DEFAULT_SOURCES: readonly SourceDef[] = [
  { name: 'spx', series: 'SPX', format: 'stooq', url: 'https://stooq.com/q/d/l/?s=^spx&i=d' },
  { name: 'vix', series: 'VIX', format: 'cboe-ohlc', url: `${CBOE_INDEX}/VIX_History.csv` },
  { name: 'vix9d', series: 'VIX9D', format: 'cboe-ohlc', url: `${CBOE_INDEX}/VIX9D_History.csv` },
  { name: 'vix3m', series: 'VIX3M', format: 'cboe-ohlc', url: `${CBOE_INDEX}/VIX3M_History.csv` },
  { name: 'vix6m', series: 'VIX6M', format: 'cboe-ohlc', url: `${CBOE_INDEX}/VIX6M_History.csv` },
  { name: 'vvix', series: 'VVIX', format: 'cboe-close', url: `${CBOE_INDEX}/VVIX_History.csv`, column: 'VVIX' },
  { name: 'skew', series: 'SKEW', format: 'cboe-close', url: `${CBOE_INDEX}/SKEW_History.csv`, column: 'SKEW' },
  { name: 'tbill', series: 'TBILL', format: 'fred', url: 'https://fred.stlouisfed.org/graph/fredgraph.csv?id=DTB3', column: 'DTB3' },
  { name: 'vx', series: 'VX', format: 'cfe-vx', url: 'https://cdn.cboe.com/data/us/futures/market_statistics/historical_data/VX/VX_{expiry}.csv' },
];

/**
 * The sources with their URLs resolved: `--source` flags over `<home>/sources.json` over the
 * defaults. Unknown names and non-http(s) URLs are refused, naming where they came from.
 */
export function resolveSources(flags: Readonly<Record<string, string>>, config: Readonly<Record<string, string>> = {}): SourceDef[] {
  const names = DEFAULT_SOURCES.map((s) => s.name);
  const check = (where: string, map: Readonly<Record<string, string>>): void => {
    for (const [name, url] of Object.entries(map)) {
      if (!names.includes(name)) throw new InputError(where, `unknown source "${name}" (sources: ${names.join(', ')})`);
      if (!/^https?:\/\/\S+$/.test(url)) throw new InputError(where, `source ${name}: expected an http(s) URL, got "${url}"`);
      if (name === 'vx' && !url.includes('{expiry}')) throw new InputError(where, 'source vx: the URL must contain {expiry} (one file per contract)');
    }
  };
  check('sources.json', config);
  check('--source', flags);
  return DEFAULT_SOURCES.map((s) => ({ ...s, url: flags[s.name] ?? config[s.name] ?? s.url }));
}

/** Parses repeated `--source NAME=URL` values into a map (a repeated name is an error). */
export function parseSourceFlags(values: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const v of values) {
    const eq = v.indexOf('=');
    if (eq <= 0) throw new InputError('--source', `expected NAME=URL, got "${v}"`);
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
  const path = url.replace(/[?#].*$/, '');
  const base = path.slice(path.lastIndexOf('/') + 1);
  return base === '' ? url : base;
}

/**
 * GETs `url` as text. Refuses: no answer within the timeout, a status other than 200, an HTML
 * page, an empty or oversized body, and a body whose last line has no line ending (a download
 * cut mid-row can still parse, so a missing final newline counts as truncation).
 */
export async function fetchCsv(source: string, url: string, options: FetchOptions = {}): Promise<string> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const maxBytes = options.maxBytes ?? 64 * 1024 * 1024;
  const doFetch = options.fetchImpl ?? fetch;
  let text: string;
  try {
    const res = await doFetch(url, { signal: AbortSignal.timeout(timeoutMs), headers: { accept: 'text/csv, text/plain;q=0.9, */*;q=0.5' } });
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
    }
  });
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
  if (def.format !== 'cfe-vx') {
    const text = await fetchCsv(def.name, def.url, options);
    return { def, rows: parseSourceText(def, label(def.url), text) };
  }
  const settled = await Promise.allSettled(
    contracts.map(async (expiry) => {
      const url = def.url.replaceAll('{expiry}', expiry);
      const text = await fetchCsv(def.name, url, options);
      return parseSourceText(def, label(url), text, expiry);
    }),
  );
  // The first failing contract in expiry order, whichever failed first in time.
  const failed = settled.find((s) => s.status === 'rejected');
  if (failed !== undefined) throw failed.reason;
  const rows = settled.flatMap((s) => (s.status === 'fulfilled' ? s.value : [])).sort(compareRows);
  return { def, rows };
}
