/**
 * The CSV market-data source: reads the embedded, cleaned dataset in `data/` (built by
 * scripts/build-data.mjs) or a directory of files in the same format, validates every row
 * and returns typed arrays aligned on SPX trading days.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DataError } from '../core/errors.js';
import type { IsoDate } from '../core/time.js';
import type { MarketDataSource } from '../market/port.js';
import { BREADTH_FIELDS, OHLC_FIELDS, TBILL_FIELD, vxField, type MarketRow, type SeriesKey } from '../market/marketRows.js';
import {
  EVENT_KINDS,
  type DailyFrame,
  type EventKind,
  type MarketData,
  type MarketEvent,
  type SpxAtmIvRow,
  type SpxChainRow,
  type VixChainRow,
  type VxCurveSnapshotRow,
  type VxSettles,
  type VxthCallRow,
} from '../market/types.js';
import {
  checkAscending,
  checkOhlc,
  checkStrictlyAscending,
  checkStrictlyAscending2,
  dateCol,
  numCol,
  readTable,
  strCol,
  type ColumnSpec,
  type Table,
} from './csvTable.js';

/** First row of the daily frame. */
export const DAILY_FRAME_START = '1990-01-02' as IsoDate;

/** Days in the 13-week bill used for the discount-yield conversion. */
const TBILL_DAYS = 91;

/**
 * The `data/` directory shipped with the package. Resolved from this module's location, so it
 * works from dist/adapters (installed package) and from src/adapters (vitest).
 */
export function embeddedDataDir(): string {
  return path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'data');
}

/** File names of the embedded dataset. */
export const DATA_FILES = {
  spx: 'spx_daily.csv',
  vix: 'vix_daily.csv',
  vix9d: 'vix9d_daily.csv',
  vix3m: 'vix3m_daily.csv',
  vix6m: 'vix6m_daily.csv',
  vix1d: 'vix1d_daily.csv',
  vvix: 'vvix_daily.csv',
  skew: 'skew_daily.csv',
  tbill: 'tbill_13w.csv',
  dividends: 'sp500_dividend_yield_monthly.csv',
  breadth: 'nyse_breadth.csv',
  vx: 'vx_settles.csv',
  events: 'events.csv',
  spxChain: 'spx_chain_2026-01-30.csv',
  spxCalls: 'spx_calls_2026-03-13.csv',
  vixChain: 'vix_options_2024-06-03.csv',
  vxthCalls: 'vxth_vix_calls_2006_2011.csv',
  vxCurve: 'vx_curve_2026-07-23.csv',
  spxAtmIv: 'spx_atm_iv_term_2026.csv',
} as const;

const POS = { min: 0, exclusiveMin: true } as const;

const OHLC: ColumnSpec[] = [
  { name: 'date', kind: 'date' },
  { name: 'open', kind: 'optnum', ...POS },
  { name: 'high', kind: 'optnum', ...POS },
  { name: 'low', kind: 'optnum', ...POS },
  { name: 'close', kind: 'num', ...POS },
];

/** The embedded VIX1D file (Yahoo): open and close only. */
const VIX1D_COLUMNS: ColumnSpec[] = [
  { name: 'date', kind: 'date' },
  { name: 'open', kind: 'num', ...POS },
  { name: 'close', kind: 'num', ...POS },
];

/** The embedded NYSE breadth file; also the format of a breadth source for `alvh data update`. */
export const BREADTH_COLUMNS: readonly ColumnSpec[] = [
  { name: 'date', kind: 'date' },
  { name: 'advances', kind: 'num', min: 0 },
  { name: 'declines', kind: 'num', min: 0 },
  { name: 'unchanged', kind: 'optnum', min: 0 },
];

/** A dated series: validated, strictly ascending, unique dates. */
function readDated(dir: string, file: string, columns: readonly ColumnSpec[]): Table {
  const t = readTable(path.join(dir, file), columns);
  checkStrictlyAscending(t, strCol(t, 'date'), 'date');
  return t;
}

function readOhlc(dir: string, file: string): Table {
  const t = readDated(dir, file, OHLC);
  checkOhlc(t, numCol(t, 'open'), numCol(t, 'high'), numCol(t, 'low'), numCol(t, 'close'));
  return t;
}

function nanArray(n: number): Float64Array {
  return new Float64Array(n).fill(NaN);
}

/**
 * Copies a series onto the frame's dates (values on dates outside the frame are ignored).
 * Both date lists are strictly ascending, so a merge join does it without hashing.
 */
function align(frameDates: readonly string[], dates: readonly string[], values: Float64Array): Float64Array {
  const n = frameDates.length;
  const out = nanArray(n);
  let i = 0;
  let j = 0;
  while (i < n && j < dates.length) {
    const a = frameDates[i] as string;
    const b = dates[j] as string;
    if (a === b) out[i++] = values[j++] as number;
    else if (a < b) i++;
    else j++;
  }
  return out;
}

/** 13-week bill discount yield (percent) → continuously compounded rate (fraction, ACT/365). */
export function tbillDiscountPctToRateFrac(discountPct: number): number {
  const price = 1 - (discountPct / 100) * (TBILL_DAYS / 360);
  return Math.log(1 / price) * (365 / TBILL_DAYS);
}

function forwardFill(a: Float64Array): void {
  let last = NaN;
  let first = NaN;
  for (let i = 0; i < a.length; i++) {
    const v = a[i] as number;
    if (Number.isNaN(v)) a[i] = last;
    else {
      last = v;
      if (Number.isNaN(first)) first = v;
    }
  }
  // Leading gap (none in the embedded data): use the first known value.
  for (let i = 0; i < a.length && Number.isNaN(a[i] as number); i++) a[i] = first;
}

function loadDaily(dir: string): { frame: DailyFrame; observedDates: { rate: IsoDate[]; divYield: IsoDate[] } } {
  const spx = readOhlc(dir, DATA_FILES.spx);
  const spxDates = dateCol(spx, 'date');
  let start = 0;
  while (start < spx.n && (spxDates[start] as string) < DAILY_FRAME_START) start++;
  const dates = spxDates.slice(start);
  const n = dates.length;
  if (n === 0) throw new DataError(DATA_FILES.spx, `no rows from ${DAILY_FRAME_START}`);
  const spxCols = ['open', 'high', 'low', 'close'].map((c) => numCol(spx, c).slice(start));
  const spxNames = ['open', 'high', 'low', 'close'];
  for (let j = 0; j < 4; j++) {
    const c = spxCols[j] as Float64Array;
    for (let i = 0; i < n; i++) {
      if (Number.isNaN(c[i] as number)) throw new DataError(`${DATA_FILES.spx}:${spx.lines[start + i]}`, `${spxNames[j]}: missing value`);
    }
  }

  const vix = readOhlc(dir, DATA_FILES.vix);
  const vixD = strCol(vix, 'date');
  const closeOf = (file: string): Float64Array => {
    const t = file === DATA_FILES.vix1d
      ? readDated(dir, file, VIX1D_COLUMNS)
      : file === DATA_FILES.vvix || file === DATA_FILES.skew
        ? readDated(dir, file, [{ name: 'date', kind: 'date' }, { name: 'close', kind: 'num', ...POS }])
        : readOhlc(dir, file);
    return align(dates, strCol(t, 'date'), numCol(t, 'close'));
  };

  const tbill = readDated(dir, DATA_FILES.tbill, [
    { name: 'date', kind: 'date' },
    { name: 'discount_pct', kind: 'num', min: -5 },
    { name: 'source', kind: 'enum', values: ['irx', 'dtb3', 'dgs3mo'] },
  ]);
  const disc = numCol(tbill, 'discount_pct');
  const rates = new Float64Array(tbill.n);
  for (let i = 0; i < tbill.n; i++) {
    if ((disc[i] as number) > 40) throw new DataError(`${tbill.file}:${tbill.lines[i]}`, `discount_pct: implausible ${disc[i]}`);
    rates[i] = tbillDiscountPctToRateFrac(disc[i] as number);
  }
  const rateFrac = align(dates, strCol(tbill, 'date'), rates);
  forwardFill(rateFrac);

  const div = readDated(dir, DATA_FILES.dividends, [
    { name: 'date', kind: 'date' },
    { name: 'dividend', kind: 'num', ...POS },
    { name: 'price', kind: 'num', ...POS },
    { name: 'div_yield', kind: 'num', min: 0 },
    { name: 'source', kind: 'str' },
  ]);
  const divYieldFrac = divYieldOnDates(div, dates);

  const breadth = readDated(dir, DATA_FILES.breadth, BREADTH_COLUMNS);
  const bd = strCol(breadth, 'date');

  const frame: DailyFrame = {
    dates,
    n,
    spxOpen: spxCols[0] as Float64Array,
    spxHigh: spxCols[1] as Float64Array,
    spxLow: spxCols[2] as Float64Array,
    spxClose: spxCols[3] as Float64Array,
    vixOpen: align(dates, vixD, numCol(vix, 'open')),
    vixHigh: align(dates, vixD, numCol(vix, 'high')),
    vixLow: align(dates, vixD, numCol(vix, 'low')),
    vixClose: align(dates, vixD, numCol(vix, 'close')),
    vix9d: closeOf(DATA_FILES.vix9d),
    vix3m: closeOf(DATA_FILES.vix3m),
    vix6m: closeOf(DATA_FILES.vix6m),
    vix1d: closeOf(DATA_FILES.vix1d),
    vvix: closeOf(DATA_FILES.vvix),
    skew: closeOf(DATA_FILES.skew),
    rateFrac,
    divYieldFrac,
    advances: align(dates, bd, numCol(breadth, 'advances')),
    declines: align(dates, bd, numCol(breadth, 'declines')),
  };
  return { frame, observedDates: { rate: strCol(tbill, 'date') as IsoDate[], divYield: strCol(div, 'date') as IsoDate[] } };
}

/**
 * Monthly Shiller yield (dividend / price, simple) → continuous fraction ln(1 + y). Month M's
 * value applies from the first trading day of month M+1 (its trailing dividends are only known
 * by then), and is carried forward after the last month.
 */
/** True when the month of a (YYYY-MM-..) is before the month of b. */
function monthBefore(a: string, b: string): boolean {
  for (let i = 0; i < 7; i++) {
    const x = a.charCodeAt(i);
    const z = b.charCodeAt(i);
    if (x !== z) return x < z;
  }
  return false;
}

function divYieldOnDates(t: Table, dates: readonly IsoDate[]): Float64Array {
  const months = strCol(t, 'date');
  const y = numCol(t, 'div_yield');
  for (let i = 0; i < t.n; i++) {
    if (!(months[i] as string).endsWith('-01')) throw new DataError(`${t.file}:${t.lines[i]}`, `date: monthly rows are dated on the 1st, got ${months[i]}`);
    if ((y[i] as number) > 0.5) throw new DataError(`${t.file}:${t.lines[i]}`, `div_yield: implausible ${y[i]} (a fraction is expected)`);
  }
  const out = nanArray(dates.length);
  let k = -1;
  for (let i = 0; i < dates.length; i++) {
    const d = dates[i] as string;
    // Latest month strictly before the date's month: monthly rows are dated YYYY-MM-01, so
    // "month < date's month" is "YYYY-MM-01 < YYYY-MM-01 of d", i.e. the row's date is before
    // the first of d's month; compare the 7-character prefixes without slicing.
    while (k + 1 < t.n && monthBefore(months[k + 1] as string, d)) k++;
    if (k >= 0) out[i] = Math.log1p(y[k] as number);
  }
  forwardFill(out);
  return out;
}

function loadVx(dir: string): VxSettles {
  const t = readTable(path.join(dir, DATA_FILES.vx), [
    { name: 'date', kind: 'date' },
    { name: 'expiry', kind: 'date' },
    { name: 'settle', kind: 'num', ...POS },
  ]);
  const date = dateCol(t, 'date');
  const expiry = dateCol(t, 'expiry');
  checkStrictlyAscending2(t, date, expiry, 'date,expiry');
  for (let i = 0; i < t.n; i++) {
    const d = date[i] as string;
    const e = expiry[i] as string;
    if (e < d) throw new DataError(`${t.file}:${t.lines[i]}`, `expiry: ${e} is before the trade date ${d}`);
  }
  return { date, expiry, settle: numCol(t, 'settle') };
}

function loadEvents(dir: string): MarketEvent[] {
  const t = readTable(path.join(dir, DATA_FILES.events), [
    { name: 'date', kind: 'date' },
    { name: 'kind', kind: 'enum', values: EVENT_KINDS },
    { name: 'detail', kind: 'str' },
  ]);
  const date = dateCol(t, 'date');
  checkAscending(t, date, 'date');
  const kind = strCol(t, 'kind');
  const detail = strCol(t, 'detail');
  const out: MarketEvent[] = new Array<MarketEvent>(t.n);
  for (let i = 0; i < t.n; i++) out[i] = { date: date[i] as IsoDate, kind: kind[i] as EventKind, detail: detail[i] as string };
  return out;
}

/** Reads the dataset in `dir` (default: the embedded `data/`). */
export class CsvMarketDataSource implements MarketDataSource {
  constructor(readonly dir: string = embeddedDataDir()) {}

  load(): MarketData {
    if (!fs.existsSync(this.dir)) throw new DataError(this.dir, 'data directory not found');
    const { frame, observedDates } = loadDaily(this.dir);
    return { daily: frame, vx: loadVx(this.dir), events: loadEvents(this.dir), observedDates };
  }
}

const SERIES_FILE: Record<Exclude<SeriesKey, 'VX'>, string> = {
  SPX: DATA_FILES.spx,
  VIX: DATA_FILES.vix,
  VIX9D: DATA_FILES.vix9d,
  VIX3M: DATA_FILES.vix3m,
  VIX6M: DATA_FILES.vix6m,
  VIX1D: DATA_FILES.vix1d,
  VVIX: DATA_FILES.vvix,
  SKEW: DATA_FILES.skew,
  TBILL: DATA_FILES.tbill,
  BREADTH: DATA_FILES.breadth,
};

/**
 * One series of the dataset in `dir` as long rows sorted by (date, field), validated by the same
 * readers as `load()`; empty cells (e.g. VIX open/high/low before 2004-06) give no row.
 */
export function readSeriesRows(series: SeriesKey, dir: string = embeddedDataDir()): MarketRow[] {
  const out: MarketRow[] = [];
  const push = (date: string, field: string, value: number): void => {
    if (!Number.isNaN(value)) out.push({ series, date: date as IsoDate, field, value });
  };
  if (series === 'VX') {
    const vx = loadVx(dir);
    for (let i = 0; i < vx.date.length; i++) push(vx.date[i] as string, vxField(vx.expiry[i] as IsoDate), vx.settle[i] as number);
    return out; // (date, expiry) ascending = (date, field) ascending
  }
  const file = SERIES_FILE[series];
  let t: Table;
  let fields: readonly string[];
  switch (series) {
    case 'TBILL':
      t = readDated(dir, file, [{ name: 'date', kind: 'date' }, { name: TBILL_FIELD, kind: 'num', min: -5 }, { name: 'source', kind: 'str' }]);
      fields = [TBILL_FIELD];
      break;
    case 'VVIX':
    case 'SKEW':
      t = readDated(dir, file, [{ name: 'date', kind: 'date' }, { name: 'close', kind: 'num', ...POS }]);
      fields = ['close'];
      break;
    case 'VIX1D':
      t = readDated(dir, file, VIX1D_COLUMNS);
      fields = ['close', 'open'];
      break;
    case 'BREADTH':
      t = readDated(dir, file, BREADTH_COLUMNS);
      fields = BREADTH_FIELDS;
      break;
    default:
      t = readOhlc(dir, file);
      fields = [...OHLC_FIELDS].sort();
  }
  const dates = strCol(t, 'date');
  const cols = fields.map((f) => numCol(t, f));
  for (let i = 0; i < t.n; i++) for (const [j, f] of fields.entries()) push(dates[i] as string, f, cols[j]?.[i] as number);
  return out;
}

/** Loads only the daily frame (SPX, VIX family, rates, dividends, breadth). */
export function loadDailyFrame(dir: string = embeddedDataDir()): DailyFrame {
  return loadDaily(dir).frame;
}

export function loadVxSettles(dir: string = embeddedDataDir()): VxSettles {
  return loadVx(dir);
}

export function loadEventCalendar(dir: string = embeddedDataDir()): MarketEvent[] {
  return loadEvents(dir);
}

function checkQuotes(t: Table, bid: Float64Array, ask: Float64Array): void {
  for (let i = 0; i < t.n; i++) {
    if ((bid[i] as number) > (ask[i] as number)) throw new DataError(`${t.file}:${t.lines[i]}`, `bid: ${bid[i]} is above ask ${ask[i]}`);
  }
}

const TYPES = ['call', 'put'] as const;

/** An SPX chain snapshot (`spx_chain_2026-01-30.csv` format). `file` is a path. */
export function loadSpxChain(file: string = path.join(embeddedDataDir(), DATA_FILES.spxChain)): SpxChainRow[] {
  const t = readTable(file, [
    { name: 'expiration', kind: 'date' },
    { name: 'strike', kind: 'num', ...POS },
    { name: 'type', kind: 'enum', values: TYPES },
    { name: 'bid', kind: 'optnum', min: 0 },
    { name: 'ask', kind: 'optnum', min: 0 },
    { name: 'last', kind: 'optnum', min: 0 },
    { name: 'volume', kind: 'num', min: 0 },
    { name: 'open_interest', kind: 'num', min: 0 },
    { name: 'root', kind: 'enum', values: ['SPX', 'SPXW'] },
  ]);
  const [bid, ask] = [numCol(t, 'bid'), numCol(t, 'ask')];
  checkQuotes(t, bid, ask);
  const exp = dateCol(t, 'expiration');
  const strike = numCol(t, 'strike');
  const type = strCol(t, 'type');
  const last = numCol(t, 'last');
  const vol = numCol(t, 'volume');
  const oi = numCol(t, 'open_interest');
  const root = strCol(t, 'root');
  const out: SpxChainRow[] = [];
  for (let i = 0; i < t.n; i++) {
    out.push({
      expiration: exp[i] as IsoDate,
      strike: strike[i] as number,
      type: type[i] as SpxChainRow['type'],
      bid: bid[i] as number,
      ask: ask[i] as number,
      last: last[i] as number,
      volume: vol[i] as number,
      openInterest: oi[i] as number,
      root: root[i] as SpxChainRow['root'],
    });
  }
  return out;
}

/** The SPX calls-only chain (`spx_calls_2026-03-13.csv` format), as SpxChainRow with type 'call'. */
export function loadSpxCalls(file: string = path.join(embeddedDataDir(), DATA_FILES.spxCalls)): (SpxChainRow & { lastTradeDate: IsoDate })[] {
  const t = readTable(file, [
    { name: 'expiration', kind: 'date' },
    { name: 'strike', kind: 'num', ...POS },
    { name: 'bid', kind: 'optnum', min: 0 },
    { name: 'ask', kind: 'optnum', min: 0 },
    { name: 'last', kind: 'optnum', min: 0 },
    { name: 'volume', kind: 'num', min: 0 },
    { name: 'open_interest', kind: 'num', min: 0 },
    { name: 'root', kind: 'enum', values: ['SPX', 'SPXW'] },
    { name: 'last_trade_date', kind: 'date' },
  ]);
  const [bid, ask] = [numCol(t, 'bid'), numCol(t, 'ask')];
  checkQuotes(t, bid, ask);
  const exp = dateCol(t, 'expiration');
  const strike = numCol(t, 'strike');
  const last = numCol(t, 'last');
  const vol = numCol(t, 'volume');
  const oi = numCol(t, 'open_interest');
  const root = strCol(t, 'root');
  const ltd = dateCol(t, 'last_trade_date');
  const out: (SpxChainRow & { lastTradeDate: IsoDate })[] = [];
  for (let i = 0; i < t.n; i++) {
    out.push({
      expiration: exp[i] as IsoDate,
      strike: strike[i] as number,
      type: 'call',
      bid: bid[i] as number,
      ask: ask[i] as number,
      last: last[i] as number,
      volume: vol[i] as number,
      openInterest: oi[i] as number,
      root: root[i] as SpxChainRow['root'],
      lastTradeDate: ltd[i] as IsoDate,
    });
  }
  return out;
}

/** VIX option end-of-day bars (`vix_options_2024-06-03.csv` format). */
export function loadVixChain(file: string = path.join(embeddedDataDir(), DATA_FILES.vixChain)): VixChainRow[] {
  const t = readTable(file, [
    { name: 'expiration', kind: 'date' },
    { name: 'strike', kind: 'num', ...POS },
    { name: 'type', kind: 'enum', values: TYPES },
    { name: 'open', kind: 'optnum', min: 0 },
    { name: 'high', kind: 'optnum', min: 0 },
    { name: 'low', kind: 'optnum', min: 0 },
    { name: 'close', kind: 'optnum', min: 0 },
    { name: 'volume', kind: 'num', min: 0 },
  ]);
  const [o, h, l, c] = ['open', 'high', 'low', 'close'].map((k) => numCol(t, k)) as [Float64Array, Float64Array, Float64Array, Float64Array];
  for (let i = 0; i < t.n; i++) {
    if (Number.isNaN(c[i] as number) !== Number.isNaN(o[i] as number)) throw new DataError(`${t.file}:${t.lines[i]}`, 'close: open and close must both be given or both be empty');
  }
  checkOhlc(t, o, h, l, c);
  const exp = dateCol(t, 'expiration');
  const strike = numCol(t, 'strike');
  const type = strCol(t, 'type');
  const vol = numCol(t, 'volume');
  const out: VixChainRow[] = [];
  for (let i = 0; i < t.n; i++) {
    out.push({
      expiration: exp[i] as IsoDate,
      strike: strike[i] as number,
      type: type[i] as VixChainRow['type'],
      open: o[i] as number,
      high: h[i] as number,
      low: l[i] as number,
      close: c[i] as number,
      volume: vol[i] as number,
    });
  }
  return out;
}

/** Cboe VXTH daily marks of the held one-month VIX call (`vxth_vix_calls_2006_2011.csv` format). */
export function loadVxthCalls(file: string = path.join(embeddedDataDir(), DATA_FILES.vxthCalls)): VxthCallRow[] {
  const t = readTable(file, [
    { name: 'date', kind: 'date' },
    { name: 'vxth', kind: 'num', ...POS },
    { name: 'spx', kind: 'num', ...POS },
    { name: 'dividend_points', kind: 'num', min: 0 },
    { name: 'call_expiration', kind: 'date' },
    { name: 'call_strike', kind: 'num', ...POS },
    { name: 'call_bid', kind: 'num', min: 0 },
    { name: 'call_ask', kind: 'num', min: 0 },
    { name: 'call_mid', kind: 'num', min: 0 },
    { name: 'number_of_calls', kind: 'num', min: 0 },
  ]);
  const date = dateCol(t, 'date');
  checkStrictlyAscending(t, date, 'date');
  const exp = dateCol(t, 'call_expiration');
  const [bid, ask] = [numCol(t, 'call_bid'), numCol(t, 'call_ask')];
  for (let i = 0; i < t.n; i++) {
    if ((exp[i] as string) < (date[i] as string)) throw new DataError(`${t.file}:${t.lines[i]}`, `call_expiration: ${exp[i]} is before ${date[i]}`);
    if ((ask[i] as number) > 0 && (bid[i] as number) > (ask[i] as number)) throw new DataError(`${t.file}:${t.lines[i]}`, `call_bid: ${bid[i]} is above call_ask ${ask[i]}`);
  }
  const cols = ['vxth', 'spx', 'dividend_points', 'call_strike', 'call_mid', 'number_of_calls'].map((k) => numCol(t, k));
  const out: VxthCallRow[] = [];
  for (let i = 0; i < t.n; i++) {
    out.push({
      date: date[i] as IsoDate,
      vxth: cols[0]?.[i] as number,
      spx: cols[1]?.[i] as number,
      dividendPoints: cols[2]?.[i] as number,
      callExpiration: exp[i] as IsoDate,
      callStrike: cols[3]?.[i] as number,
      callBid: bid[i] as number,
      callAsk: ask[i] as number,
      callMid: cols[4]?.[i] as number,
      numberOfCalls: cols[5]?.[i] as number,
    });
  }
  return out;
}

/** A VIX futures monthly curve snapshot (`vx_curve_2026-07-23.csv` format), ascending expiries. */
export function loadVxCurveSnapshot(file: string = path.join(embeddedDataDir(), DATA_FILES.vxCurve)): VxCurveSnapshotRow[] {
  const t = readTable(file, [
    { name: 'expiry', kind: 'date' },
    { name: 'symbol', kind: 'str' },
    { name: 'settle', kind: 'num', ...POS },
  ]);
  const expiry = dateCol(t, 'expiry');
  checkStrictlyAscending(t, expiry, 'expiry');
  const symbol = strCol(t, 'symbol');
  const settle = numCol(t, 'settle');
  return expiry.map((e, i) => ({ expiry: e, symbol: symbol[i] as string, settle: settle[i] as number }));
}

/** SPX ATM implied-vol term snapshots (`spx_atm_iv_term_2026.csv` format), sorted by (snapshot date, expiration). */
export function loadSpxAtmIvTerm(file: string = path.join(embeddedDataDir(), DATA_FILES.spxAtmIv)): SpxAtmIvRow[] {
  const t = readTable(file, [
    { name: 'snapshot_date', kind: 'date' },
    { name: 'expiration', kind: 'date' },
    { name: 'dte', kind: 'num', min: 0 },
    { name: 'spot', kind: 'num', ...POS },
    { name: 'atm_strike', kind: 'num', ...POS },
    { name: 'atm_iv', kind: 'optnum', min: 0 },
    { name: 'atm_call_iv', kind: 'optnum', min: 0 },
    { name: 'atm_put_iv', kind: 'optnum', min: 0 },
    { name: 'atm_call_oi', kind: 'optnum', min: 0 },
    { name: 'atm_put_oi', kind: 'optnum', min: 0 },
  ]);
  const snap = dateCol(t, 'snapshot_date');
  const exp = dateCol(t, 'expiration');
  checkStrictlyAscending2(t, snap, exp, 'snapshot_date,expiration');
  const c = (k: string): Float64Array => numCol(t, k);
  const [dte, spot, k, iv, civ, piv, coi, poi] = ['dte', 'spot', 'atm_strike', 'atm_iv', 'atm_call_iv', 'atm_put_iv', 'atm_call_oi', 'atm_put_oi'].map(c) as Float64Array[];
  const out: SpxAtmIvRow[] = [];
  for (let i = 0; i < t.n; i++) {
    if ((exp[i] as string) < (snap[i] as string)) throw new DataError(`${t.file}:${t.lines[i]}`, `expiration: ${exp[i]} is before the snapshot date ${snap[i]}`);
    out.push({
      snapshotDate: snap[i] as IsoDate,
      expiration: exp[i] as IsoDate,
      dte: dte?.[i] as number,
      spot: spot?.[i] as number,
      atmStrike: k?.[i] as number,
      atmIvFrac: iv?.[i] as number,
      atmCallIvFrac: civ?.[i] as number,
      atmPutIvFrac: piv?.[i] as number,
      atmCallOi: coi?.[i] as number,
      atmPutOi: poi?.[i] as number,
    });
  }
  return out;
}
