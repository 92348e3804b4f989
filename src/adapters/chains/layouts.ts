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
import type { IsoDate } from '../../core/time.js';
import type { ChainRow, OptionType } from '../../market/chainQuotes.js';
import { isValidIsoDate } from '../csvTable.js';

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

/** How one file's rows are read: the column index of every field alvh uses (-1: absent). */
export interface RowReader {
  readonly layout: ChainLayout;
  read(cells: readonly string[], where: string): ChainRow;
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

/** The fields every layout has, from their column indexes (date, root, expiration, strike, type, bid, ask). */
function coreCells(cells: readonly string[], k: readonly number[], names: readonly string[], where: string): Omit<ChainRow, 'underlying' | 'iv' | 'delta'> {
  const [kDate, kRoot, kExp, kStrike, kType, kBid, kAsk] = k as [number, number, number, number, number, number, number];
  return {
    date: dateCell(cells, kDate, names[0] ?? 'date', where),
    root: cell(cells, kRoot).toUpperCase(),
    expiration: dateCell(cells, kExp, 'expiration', where),
    strike: numCell(cells, kStrike, 'strike', where),
    type: typeCell(cells, kType, names[4] ?? 'type', where),
    bid: numCell(cells, kBid, names[5] ?? 'bid', where),
    ask: numCell(cells, kAsk, names[6] ?? 'ask', where),
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
  if (r.mid !== undefined && Number.isFinite(r.mid) && !(r.mid >= r.bid && r.mid <= r.ask)) throw new DataError(where, `mid: ${r.mid} is outside the quote [${r.bid}, ${r.ask}]`);
  return r;
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
    const kIv = h.indexOf('implied_volatility_1545');
    const kDelta = h.indexOf('delta_1545');
    const names = { date: 'quote_date', bid: bidName, ask: askName, iv: 'implied_volatility_1545' };
    return {
      layout: 'datashop',
      read(cells, where) {
        const ub = optNumCell(cells, kUb, 'underlying_bid', where);
        const ua = optNumCell(cells, kUa, 'underlying_ask', where);
        const active = optNumCell(cells, kActive, 'active_underlying_price_1545', where);
        const underlying = ub > 0 && ua > 0 ? 0.5 * (ub + ua) : active > 0 ? active : Number.NaN;
        // DataShop writes 0 where it computed no IV/delta (no two-sided market).
        const iv = optNumCell(cells, kIv, 'implied_volatility_1545', where);
        const delta = optNumCell(cells, kDelta, 'delta_1545', where);
        return checkRow(
          {
            ...coreCells(cells, k, coreNames, where),
            underlying,
            iv: iv === 0 ? Number.NaN : iv,
            delta: delta === 0 && iv === 0 ? Number.NaN : delta,
          },
          names,
          where,
        );
      },
    };
  }
  const k = need(file, h, GENERIC_REQUIRED, 'generic');
  const kU = h.indexOf('underlying');
  const kIv = h.indexOf('iv');
  const kDelta = h.indexOf('delta');
  const kMid = h.indexOf('mid');
  const names = { date: 'date', bid: 'bid', ask: 'ask', iv: 'iv' };
  return {
    layout: 'generic',
    read(cells, where) {
      return checkRow(
        {
          ...coreCells(cells, k, GENERIC_REQUIRED, where),
          underlying: optNumCell(cells, kU, 'underlying', where),
          iv: optNumCell(cells, kIv, 'iv', where),
          delta: optNumCell(cells, kDelta, 'delta', where),
          mid: optNumCell(cells, kMid, 'mid', where),
        },
        names,
        where,
      );
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
