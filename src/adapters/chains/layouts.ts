/**
 * The two end-of-day chain layouts alvh reads and writes (issue 8, docs/guide/chains.md):
 *
 * - `datashop`: Cboe DataShop's "Option EOD Summary" CSV: underlying_symbol, quote_date,
 *   root, expiration, strike, option_type (C/P), open, high, low, close, trade_volume, the
 *   15:45 quote (bid_size_1545, bid_1545, ask_size_1545, ask_1545, underlying_bid_1545,
 *   underlying_ask_1545, implied_underlying_price_1545, active_underlying_price_1545,
 *   implied_volatility_1545, delta_1545, gamma_1545, theta_1545, vega_1545, rho_1545), the
 *   closing quote (bid_size_eod, bid_eod, ask_size_eod, ask_eod, underlying_bid_eod,
 *   underlying_ask_eod), vwap, open_interest, delivery_code. The "Calcs" edition carries the
 *   implied volatility and Greeks at 15:45; the quotes-only edition does not (they are
 *   optional here). alvh reads the closing quote by default (`quoteTime: 'eod'`), or the
 *   15:45 one.
 * - `generic`: date, root, expiration, strike, type (call/put or C/P), bid, ask, and optional
 *   underlying, iv (fraction), delta, mid (the vendor's mark, within [bid, ask]; default the
 *   midpoint). Column order is free; other columns are ignored.
 *
 * Row rules (both layouts): dates YYYY-MM-DD, expiration on or after the quote date, strike
 * > 0, bid and ask finite, >= 0 and not crossed (bid <= ask), iv >= 0 where given. A broken
 * row throws DataError('<file>:<line>', '<field>: <what>').
 */
import { DataError } from '../../core/errors.js';
import { parseDecimal } from '../../core/decimal.js';
import { epochDay, epochDayAt, type IsoDate } from '../../core/time.js';
import type { ChainRow, OptionType } from '../../market/chainQuotes.js';
import { isValidIsoDate, isValidIsoDateAt } from '../csvTable.js';

export type ChainLayout = 'datashop' | 'generic';
export const CHAIN_LAYOUTS: readonly ChainLayout[] = ['datashop', 'generic'];
export type QuoteTime = 'eod' | '1545';

/** Cboe DataShop Option EOD Summary columns, in the vendor's order. */
export const DATASHOP_COLUMNS = [
  'underlying_symbol',
  'quote_date',
  'root',
  'expiration',
  'strike',
  'option_type',
  'open',
  'high',
  'low',
  'close',
  'trade_volume',
  'bid_size_1545',
  'bid_1545',
  'ask_size_1545',
  'ask_1545',
  'underlying_bid_1545',
  'underlying_ask_1545',
  'implied_underlying_price_1545',
  'active_underlying_price_1545',
  'implied_volatility_1545',
  'delta_1545',
  'gamma_1545',
  'theta_1545',
  'vega_1545',
  'rho_1545',
  'bid_size_eod',
  'bid_eod',
  'ask_size_eod',
  'ask_eod',
  'underlying_bid_eod',
  'underlying_ask_eod',
  'vwap',
  'open_interest',
  'delivery_code',
] as const;

export const GENERIC_COLUMNS = ['date', 'root', 'expiration', 'strike', 'type', 'bid', 'ask', 'underlying', 'iv', 'delta', 'mid'] as const;
const GENERIC_REQUIRED = ['date', 'root', 'expiration', 'strike', 'type', 'bid', 'ask'] as const;

/** The vendor roots alvh reads, by code (a row's `rootCode` indexes this; SPX family first). */
export const ROOT_CODES = ['SPX', 'SPXW', 'SPXPM', 'VIX', 'VIXW'] as const;

/**
 * One row's values as a reader hands them on: a record the caller reuses for every row of
 * a file (no object per row). Dates as epoch days; NaN where the file has no value.
 */
export interface RowValues {
  day: number;
  /** Index into ROOT_CODES; -1 for a root of another underlying (the row is skipped). */
  rootCode: number;
  expDay: number;
  strike: number;
  /** 1 for a put, 0 for a call. */
  isPut: number;
  bid: number;
  ask: number;
  underlying: number;
  iv: number;
  delta: number;
  mid: number;
}

export function newRowValues(): RowValues {
  return { day: 0, rootCode: -1, expDay: 0, strike: 0, isPut: 0, bid: 0, ask: 0, underlying: NaN, iv: NaN, delta: NaN, mid: NaN };
}

/** A checked row's values into `out`. */
export function rowValuesOf(r: ChainRow, out: RowValues): RowValues {
  out.day = epochDay(r.date);
  out.rootCode = (ROOT_CODES as readonly string[]).indexOf(r.root);
  out.expDay = epochDay(r.expiration);
  out.strike = r.strike;
  out.isPut = r.type === 'put' ? 1 : 0;
  out.bid = r.bid;
  out.ask = r.ask;
  out.underlying = r.underlying;
  out.iv = r.iv;
  out.delta = r.delta;
  out.mid = r.mid ?? NaN;
  return out;
}

/** How one file's rows are read: the column index of every field alvh uses (-1: absent). */
export interface RowReader {
  readonly layout: ChainLayout;
  /** One row's cells, checked: throws DataError(where, '<field>: <what>') on a broken row. */
  read(cells: readonly string[], where: string): ChainRow;
  /**
   * The fast path of `read` on the line text[from, to) (no quote character in it), straight
   * into `out`: true when the row is a clean one, with exactly the values `read` gives;
   * false for anything else (a broken field, spaces, a lower-case root...), which the caller
   * then hands to `read` for its value or its error.
   */
  scan(text: string, from: number, to: number, out: RowValues): boolean;
}

function need(file: string, header: readonly string[], names: readonly string[], layout: string): number[] {
  return names.map((n) => {
    const k = header.indexOf(n);
    if (k < 0) throw new DataError(`${file}:1`, `missing column "${n}" (the ${layout} layout needs ${names.join(', ')})`);
    return k;
  });
}

function cell(cells: readonly string[], k: number): string {
  return k < 0 ? '' : (cells[k] ?? '').trim();
}

function dateCell(cells: readonly string[], k: number, field: string, where: string): IsoDate {
  const s = cell(cells, k);
  if (!isValidIsoDate(s)) throw new DataError(where, `${field}: expected YYYY-MM-DD, got "${s}"`);
  return s as IsoDate;
}

function numCell(cells: readonly string[], k: number, field: string, where: string): number {
  const s = cell(cells, k);
  const v = s === '' ? Number.NaN : Number(s);
  if (!Number.isFinite(v)) throw new DataError(where, `${field}: expected a number, got "${s}"`);
  return v;
}

function optNumCell(cells: readonly string[], k: number, field: string, where: string): number {
  const s = cell(cells, k);
  if (s === '') return Number.NaN;
  const v = Number(s);
  if (!Number.isFinite(v)) throw new DataError(where, `${field}: expected a number or nothing, got "${s}"`);
  return v;
}

function typeCell(cells: readonly string[], k: number, field: string, where: string): OptionType {
  const s = cell(cells, k).toLowerCase();
  if (s === 'c' || s === 'call') return 'call';
  if (s === 'p' || s === 'put') return 'put';
  throw new DataError(where, `${field}: expected C/P or call/put, got "${cell(cells, k)}"`);
}

/**
 * A row from the column indexes of the fields every layout has (date, root, expiration,
 * strike, type, bid, ask) and the optional ones (-1: absent). One object literal of a fixed
 * shape: this runs on every row of a year of chains.
 */
function rowOf(cells: readonly string[], k: readonly number[], names: readonly string[], opt: { u: number; iv: number; delta: number; mid: number }, where: string, underlying?: number): ChainRow {
  return {
    date: dateCell(cells, k[0] ?? -1, names[0] ?? 'date', where),
    root: cell(cells, k[1] ?? -1).toUpperCase(),
    expiration: dateCell(cells, k[2] ?? -1, 'expiration', where),
    strike: numCell(cells, k[3] ?? -1, 'strike', where),
    type: typeCell(cells, k[4] ?? -1, names[4] ?? 'type', where),
    bid: numCell(cells, k[5] ?? -1, names[5] ?? 'bid', where),
    ask: numCell(cells, k[6] ?? -1, names[6] ?? 'ask', where),
    underlying: underlying ?? optNumCell(cells, opt.u, 'underlying', where),
    iv: optNumCell(cells, opt.iv, names[7] ?? 'iv', where),
    delta: optNumCell(cells, opt.delta, names[8] ?? 'delta', where),
    mid: optNumCell(cells, opt.mid, 'mid', where),
  };
}

/** Checks what every layout shares: the quote, the strike, the dates. */
function checkRow(r: ChainRow, names: { date: string; bid: string; ask: string; iv: string }, where: string): ChainRow {
  if (!(r.strike > 0)) throw new DataError(where, `strike: must be > 0, got ${r.strike}`);
  if (r.expiration < r.date) throw new DataError(where, `expiration: ${r.expiration} is before the quote date ${r.date}`);
  if (r.bid < 0) throw new DataError(where, `${names.bid}: negative quote ${r.bid}`);
  if (r.ask < 0) throw new DataError(where, `${names.ask}: negative quote ${r.ask}`);
  if (r.bid > r.ask) throw new DataError(where, `${names.bid}: crossed quote, bid ${r.bid} > ask ${r.ask}`);
  if (r.iv < 0) throw new DataError(where, `${names.iv}: negative implied volatility ${r.iv}`);
  if (r.root === '') throw new DataError(where, 'root: empty');
  if (r.mid !== undefined && r.mid === r.mid && !(r.mid >= r.bid && r.mid <= r.ask)) throw new DataError(where, `mid: ${r.mid} is outside the quote [${r.bid}, ${r.ask}]`);
  return r;
}

/** Where a layout's fields sit in a line (cell indexes, -1: absent), for the fast path. */
interface FieldCells {
  /** date, root, expiration, strike, type, bid, ask. */
  readonly core: readonly number[];
  /** The generic layout's underlying; DataShop's underlying bid and ask, and its active price. */
  readonly u: number;
  readonly ub: number;
  readonly ua: number;
  readonly active: number;
  readonly iv: number;
  readonly delta: number;
  readonly mid: number;
  /** DataShop: the underlying from its quote, and 0 written where it computed no IV/delta. */
  readonly datashop: boolean;
}

/** The number in text[a, b) as `Number()` reads it, NaN when the cell is not plainly a finite number. */
function numAt(text: string, a: number, b: number): number {
  const v = parseDecimal(text, a, b);
  if (v !== undefined) return v;
  const x = Number(text.slice(a, b));
  return Number.isFinite(x) ? x : NaN;
}

/** An optional cell k (cells from cs[k] to ce[k]): NaN when absent or empty. */
function optAt(text: string, cs: Int32Array, ce: Int32Array, k: number): number {
  if (k < 0) return NaN;
  const a = cs[k] as number;
  const b = ce[k] as number;
  return a === b ? NaN : numAt(text, a, b);
}

/** An optional cell that is there, not empty, and yet no number. */
function brokenAt(cs: Int32Array, ce: Int32Array, k: number, v: number): boolean {
  return k >= 0 && v !== v && cs[k] !== ce[k];
}

/** The ROOT_CODES index of the root written in text[a, b), -1 for any other text. */
function rootCodeAt(text: string, a: number, b: number): number {
  for (let k = 0; k < ROOT_CODES.length; k++) {
    const r = ROOT_CODES[k] as string;
    if (r.length === b - a && text.startsWith(r, a)) return k;
  }
  return -1;
}

/** 1 for a put, 0 for a call (C, P in either case, call, put), -1 for anything else. */
function putAt(text: string, a: number, b: number): number {
  if (b - a === 1) {
    const c = text.charCodeAt(a) | 32;
    return c === 112 ? 1 : c === 99 ? 0 : -1;
  }
  if (b - a === 4 && text.startsWith('call', a)) return 0;
  if (b - a === 3 && text.startsWith('put', a)) return 1;
  return -1;
}

/**
 * The fast path of a layout's `read` (RowReader.scan): the line's cells found by their
 * commas, numbers read in place (core/decimal.ts), every check of `checkRow` made on the
 * values; any doubt returns false and the row goes through `read`.
 */
function fastScanner(f: FieldCells): RowReader['scan'] {
  const [kDate, kRoot, kExp, kStrike, kType, kBid, kAsk] = f.core as [number, number, number, number, number, number, number];
  const width = Math.max(...f.core, f.u, f.ub, f.ua, f.active, f.iv, f.delta, f.mid) + 1;
  const cs = new Int32Array(width);
  const ce = new Int32Array(width);
  return (text, from, to, out) => {
    let pos = from;
    let n = 0;
    while (n < width) {
      const comma = text.indexOf(',', pos);
      const end = comma < 0 || comma >= to ? to : comma;
      cs[n] = pos;
      ce[n++] = end;
      if (end === to) break;
      pos = end + 1;
    }
    for (; n < width; n++) cs[n] = ce[n] = to;
    if (!isValidIsoDateAt(text, cs[kDate] as number, ce[kDate] as number) || !isValidIsoDateAt(text, cs[kExp] as number, ce[kExp] as number)) return false;
    const rootCode = rootCodeAt(text, cs[kRoot] as number, ce[kRoot] as number);
    const isPut = putAt(text, cs[kType] as number, ce[kType] as number);
    const strike = numAt(text, cs[kStrike] as number, ce[kStrike] as number);
    const bid = numAt(text, cs[kBid] as number, ce[kBid] as number);
    const ask = numAt(text, cs[kAsk] as number, ce[kAsk] as number);
    const u = optAt(text, cs, ce, f.u);
    const ub = optAt(text, cs, ce, f.ub);
    const ua = optAt(text, cs, ce, f.ua);
    const active = optAt(text, cs, ce, f.active);
    let iv = optAt(text, cs, ce, f.iv);
    let delta = optAt(text, cs, ce, f.delta);
    const mid = optAt(text, cs, ce, f.mid);
    if (rootCode < 0 || isPut < 0 || brokenAt(cs, ce, f.u, u) || brokenAt(cs, ce, f.ub, ub) || brokenAt(cs, ce, f.ua, ua) || brokenAt(cs, ce, f.active, active)) return false;
    if (brokenAt(cs, ce, f.iv, iv) || brokenAt(cs, ce, f.delta, delta) || brokenAt(cs, ce, f.mid, mid)) return false;
    const day = epochDayAt(text, cs[kDate] as number);
    const expDay = epochDayAt(text, cs[kExp] as number);
    // checkRow's rules (NaN fails every comparison: a broken required number goes to `read`).
    if (!(strike > 0) || expDay < day || !(bid >= 0) || !(ask >= bid) || iv < 0 || (mid === mid && !(mid >= bid && mid <= ask))) return false;
    if (f.datashop && iv === 0) {
      iv = NaN;
      if (delta === 0) delta = NaN;
    }
    out.day = day;
    out.rootCode = rootCode;
    out.expDay = expDay;
    out.strike = strike;
    out.isPut = isPut;
    out.bid = bid;
    out.ask = ask;
    out.underlying = !f.datashop ? u : ub > 0 && ua > 0 ? 0.5 * (ub + ua) : active > 0 ? active : NaN;
    out.iv = iv;
    out.delta = delta;
    out.mid = mid;
    return true;
  };
}

/** The reader of a file from its header line (split into cells); throws naming a missing column. */
export function rowReader(file: string, header: readonly string[], quoteTime: QuoteTime = 'eod'): RowReader {
  const h = header.map((c) => c.trim().toLowerCase());
  if (h.includes('quote_date') || h.includes('underlying_symbol')) {
    const bidName = quoteTime === 'eod' ? 'bid_eod' : 'bid_1545';
    const askName = quoteTime === 'eod' ? 'ask_eod' : 'ask_1545';
    const coreNames = ['quote_date', 'root', 'expiration', 'strike', 'option_type', bidName, askName];
    const k = need(file, h, coreNames, 'Cboe DataShop');
    const kUb = h.indexOf(quoteTime === 'eod' ? 'underlying_bid_eod' : 'underlying_bid_1545');
    const kUa = h.indexOf(quoteTime === 'eod' ? 'underlying_ask_eod' : 'underlying_ask_1545');
    const kActive = h.indexOf('active_underlying_price_1545');
    const opt = { u: -1, iv: h.indexOf('implied_volatility_1545'), delta: h.indexOf('delta_1545'), mid: -1 };
    const names = { date: 'quote_date', bid: bidName, ask: askName, iv: 'implied_volatility_1545' };
    const rowNames = [...coreNames, 'implied_volatility_1545', 'delta_1545'];
    return {
      layout: 'datashop',
      scan: fastScanner({ core: k, u: -1, ub: kUb, ua: kUa, active: kActive, iv: opt.iv, delta: opt.delta, mid: -1, datashop: true }),
      read(cells, where) {
        const ub = optNumCell(cells, kUb, 'underlying_bid', where);
        const ua = optNumCell(cells, kUa, 'underlying_ask', where);
        const active = optNumCell(cells, kActive, 'active_underlying_price_1545', where);
        const r = rowOf(cells, k, rowNames, opt, where, ub > 0 && ua > 0 ? 0.5 * (ub + ua) : active > 0 ? active : Number.NaN);
        // DataShop writes 0 where it computed no IV/delta (no two-sided market).
        if (r.iv === 0) return checkRow({ ...r, iv: Number.NaN, delta: r.delta === 0 ? Number.NaN : r.delta }, names, where);
        return checkRow(r, names, where);
      },
    };
  }
  const k = need(file, h, GENERIC_REQUIRED, 'generic');
  const opt = { u: h.indexOf('underlying'), iv: h.indexOf('iv'), delta: h.indexOf('delta'), mid: h.indexOf('mid') };
  const names = { date: 'date', bid: 'bid', ask: 'ask', iv: 'iv' };
  return {
    layout: 'generic',
    scan: fastScanner({ core: k, u: opt.u, ub: -1, ua: -1, active: -1, iv: opt.iv, delta: opt.delta, mid: opt.mid, datashop: false }),
    read(cells, where) {
      return checkRow(rowOf(cells, k, GENERIC_REQUIRED, opt, where), names, where);
    },
  };
}

/** Splits one CSV line (double quotes around a cell allowed, "" inside quotes is a quote). */
export function splitCsvLine(line: string): string[] {
  if (!line.includes('"')) return line.split(',');
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"') {
        if (line[i + 1] === '"') {
          cur += '"';
          i++;
        } else quoted = false;
      } else cur += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  out.push(cur);
  return out;
}

/** A number as the shortest text that reads back to the same double ('' for NaN). */
function n(x: number): string {
  return Number.isFinite(x) ? String(x) : '';
}

const UNDERLYING_SYMBOL: Readonly<Record<string, string>> = { SPX: '^SPX', SPXW: '^SPX', VIX: '^VIX', VIXW: '^VIX' };

/** The header line of a layout (no newline). */
export function chainHeader(layout: ChainLayout): string {
  return (layout === 'datashop' ? DATASHOP_COLUMNS : GENERIC_COLUMNS).join(',');
}

/**
 * One row in a layout (no newline). DataShop: the quote goes into both the 15:45 and the
 * closing columns, the underlying into both sides of its quote; fields alvh does not model
 * (OHLC, sizes, volume, other Greeks) are left empty.
 */
export function formatChainRow(layout: ChainLayout, r: ChainRow): string {
  if (layout === 'generic') return [r.date, r.root, r.expiration, n(r.strike), r.type, n(r.bid), n(r.ask), n(r.underlying), n(r.iv), n(r.delta), n(r.mid ?? Number.NaN)].join(',');
  const u = n(r.underlying);
  const cells: Record<(typeof DATASHOP_COLUMNS)[number], string> = {
    underlying_symbol: UNDERLYING_SYMBOL[r.root] ?? `^${r.root}`,
    quote_date: r.date,
    root: r.root,
    expiration: r.expiration,
    strike: n(r.strike),
    option_type: r.type === 'call' ? 'C' : 'P',
    open: '',
    high: '',
    low: '',
    close: '',
    trade_volume: '',
    bid_size_1545: '',
    bid_1545: n(r.bid),
    ask_size_1545: '',
    ask_1545: n(r.ask),
    underlying_bid_1545: u,
    underlying_ask_1545: u,
    implied_underlying_price_1545: '',
    active_underlying_price_1545: u,
    implied_volatility_1545: n(r.iv),
    delta_1545: n(r.delta),
    gamma_1545: '',
    theta_1545: '',
    vega_1545: '',
    rho_1545: '',
    bid_size_eod: '',
    bid_eod: n(r.bid),
    ask_size_eod: '',
    ask_eod: n(r.ask),
    underlying_bid_eod: u,
    underlying_ask_eod: u,
    vwap: '',
    open_interest: '',
    delivery_code: '',
  };
  return DATASHOP_COLUMNS.map((c) => cells[c]).join(',');
}

/** A whole file's text in a layout: the header and one line per row. */
export function chainFileText(layout: ChainLayout, rows: readonly ChainRow[]): string {
  const out: string[] = [chainHeader(layout)];
  for (const r of rows) out.push(formatChainRow(layout, r));
  return `${out.join('\n')}\n`;
}

/** The file name alvh writes for one day or month (`covers`) of one family: `spx_2024-06-03.csv`, `vix_2024-06.csv.gz`. */
export function chainFileName(family: string, covers: string, gzip: boolean): string {
  return `${family.toLowerCase()}_${covers}.csv${gzip ? '.gz' : ''}`;
}
