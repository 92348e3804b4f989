/**
 * A directory of end-of-day option chains as a ChainSource (market/chainQuotes.ts).
 *
 * Files: `*.csv` or `*.csv.gz`, in the Cboe DataShop or the generic layout (layouts.ts),
 * anywhere under the directory. The name says what a file covers: a date (YYYY-MM-DD or
 * YYYYMMDD) for one day's file, a month (YYYY-MM) for one month's file, e.g.
 * `UnderlyingOptionsEODCalcs_2024-06-03.csv.gz` or `spx_2024-06.csv`; several files may
 * cover the same day or month (one per underlying), and day files may sit beside month
 * files (SPX by day, VIX by month). Opening the directory lists the names only; a day's quotes are read the first
 * time the run asks for that day, and only the last `cacheFiles` days or months read stay in
 * memory (a run walks the days in order), so the memory is bounded by a month's quotes, not
 * by the directory.
 *
 * Every row is checked (layouts.ts) and must belong to the file's day or month; a contract
 * listed twice on one day (same root, expiration, type, strike) is an error naming both
 * lines; a truncated gzip names the file. Rows of other underlyings than SPX and VIX are
 * skipped (a DataShop file may hold many).
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { DataError, InputError } from '../../core/errors.js';
import { epochDay, fromEpochDay, type IsoDate } from '../../core/time.js';
import { preferredRoot, rootFamily, type ChainRoot, type ChainRow, type ChainSource, type ContractQuote, type OptionType } from '../../market/chainQuotes.js';
import { isValidIsoDate } from '../csvTable.js';
import { rowReader, splitCsvLine, type ChainLayout, type QuoteTime } from './layouts.js';

export interface ChainDirectoryOptions {
  /** Which quote of a DataShop file: the close (default) or 15:45. */
  readonly quoteTime?: QuoteTime;
  /** Files kept parsed in memory (default 2: this month and the last). */
  readonly cacheFiles?: number;
}

/** What a run read, for its report and the benchmark. */
export interface ChainReadStats {
  filesRead: number;
  rowsRead: number;
  daysLoaded: number;
  layouts: ChainLayout[];
}

interface FileGroup {
  /** The files whose names carry this day or month (e.g. one for SPX, one for VIX). */
  readonly files: string[];
  /** The day (YYYY-MM-DD) or month (YYYY-MM) they cover. */
  readonly covers: string;
}

const ROOT_CODES = ['SPX', 'SPXW', 'SPXPM', 'VIX', 'VIXW'] as const;

/** One day's quotes, column-wise (about 60 bytes a contract). */
export class ChainDay {
  private index: Map<string, number> | null = null;
  constructor(
    readonly date: IsoDate,
    readonly n: number,
    private readonly root: Uint8Array,
    private readonly expDay: Int32Array,
    private readonly strikeArr: Float64Array,
    private readonly isPut: Uint8Array,
    private readonly bidArr: Float64Array,
    private readonly askArr: Float64Array,
    private readonly undArr: Float64Array,
    private readonly ivArr: Float64Array,
    private readonly deltaArr: Float64Array,
    private readonly midArr: Float64Array,
  ) {}

  private family(k: number): ChainRoot {
    return (this.root[k] as number) < 3 ? 'SPX' : 'VIX';
  }

  private key(family: ChainRoot, isPut: number, expDay: number, strike: number): string {
    return `${family}|${isPut}|${expDay}|${strike}`;
  }

  /** The row of each contract by family, the preferred root where two roots list it. */
  private lookup(): Map<string, number> {
    if (this.index !== null) return this.index;
    const m = new Map<string, number>();
    for (let k = 0; k < this.n; k++) {
      const key = this.key(this.family(k), this.isPut[k] as number, this.expDay[k] as number, this.strikeArr[k] as number);
      const prev = m.get(key);
      if (prev === undefined || preferredRoot(ROOT_CODES[this.root[prev] as number] as string, ROOT_CODES[this.root[k] as number] as string) !== ROOT_CODES[this.root[prev] as number]) m.set(key, k);
    }
    this.index = m;
    return m;
  }

  quote(root: ChainRoot, type: OptionType, expiration: IsoDate, strike: number): ContractQuote | null {
    const k = this.lookup().get(this.key(root, type === 'put' ? 1 : 0, epochDay(expiration), strike));
    if (k === undefined) return null;
    const bid = this.bidArr[k] as number;
    const ask = this.askArr[k] as number;
    if (!(ask > 0)) return null;
    const iv = this.ivArr[k] as number;
    const delta = this.deltaArr[k] as number;
    const und = this.undArr[k] as number;
    const mark = this.midArr[k] as number;
    return {
      bid,
      ask,
      mid: Number.isFinite(mark) ? mark : 0.5 * (bid + ask),
      ...(Number.isFinite(iv) ? { iv } : {}),
      ...(Number.isFinite(delta) ? { delta } : {}),
      ...(Number.isFinite(und) ? { underlying: und } : {}),
      source: 'chain',
    };
  }

  expirations(root: ChainRoot): IsoDate[] {
    const s = new Set<number>();
    for (let k = 0; k < this.n; k++) if (this.family(k) === root) s.add(this.expDay[k] as number);
    return [...s].sort((a, b) => a - b).map(fromEpochDay);
  }

  strikes(root: ChainRoot, type: OptionType, expiration: IsoDate): number[] {
    const e = epochDay(expiration);
    const p = type === 'put' ? 1 : 0;
    const s = new Set<number>();
    for (let k = 0; k < this.n; k++) if (this.expDay[k] === e && this.isPut[k] === p && this.family(k) === root) s.add(this.strikeArr[k] as number);
    return [...s].sort((a, b) => a - b);
  }

  /** Every contract as a row (tests, calibration). */
  rows(): ChainRow[] {
    const out: ChainRow[] = [];
    for (let k = 0; k < this.n; k++) {
      out.push({
        date: this.date,
        root: ROOT_CODES[this.root[k] as number] as string,
        expiration: fromEpochDay(this.expDay[k] as number),
        strike: this.strikeArr[k] as number,
        type: this.isPut[k] === 1 ? 'put' : 'call',
        bid: this.bidArr[k] as number,
        ask: this.askArr[k] as number,
        underlying: this.undArr[k] as number,
        iv: this.ivArr[k] as number,
        delta: this.deltaArr[k] as number,
        mid: this.midArr[k] as number,
      });
    }
    return out;
  }
}

/** Grows column-wise while a file is read, then freezes into ChainDays. */
class DayBuilder {
  root: number[] = [];
  expDay: number[] = [];
  strike: number[] = [];
  isPut: number[] = [];
  bid: number[] = [];
  ask: number[] = [];
  und: number[] = [];
  iv: number[] = [];
  delta: number[] = [];
  mid: number[] = [];
  seen = new Map<string, string>();

  add(r: ChainRow, rootCode: number, line: number, file: string): void {
    const key = `${r.root}|${r.type}|${r.expiration}|${r.strike}`;
    const prev = this.seen.get(key);
    // line 0: a row of an already-read file (a day's and a month's files joined).
    if (prev !== undefined) throw new DataError(line > 0 ? `${file}:${line}` : file, `strike: duplicate contract ${r.root} ${r.expiration} ${r.strike} ${r.type} on ${r.date} (first on ${prev})`);
    this.seen.set(key, line > 0 ? `line ${line} of ${path.basename(file)}` : path.basename(file));
    this.root.push(rootCode);
    this.expDay.push(epochDay(r.expiration));
    this.strike.push(r.strike);
    this.isPut.push(r.type === 'put' ? 1 : 0);
    this.bid.push(r.bid);
    this.ask.push(r.ask);
    this.und.push(r.underlying);
    this.iv.push(r.iv);
    this.delta.push(r.delta);
    this.mid.push(r.mid ?? Number.NaN);
  }

  build(date: IsoDate): ChainDay {
    return new ChainDay(
      date,
      this.root.length,
      Uint8Array.from(this.root),
      Int32Array.from(this.expDay),
      Float64Array.from(this.strike),
      Uint8Array.from(this.isPut),
      Float64Array.from(this.bid),
      Float64Array.from(this.ask),
      Float64Array.from(this.und),
      Float64Array.from(this.iv),
      Float64Array.from(this.delta),
      Float64Array.from(this.mid),
    );
  }
}

const DAY_IN_NAME = /(\d{4})-?(\d{2})-?(\d{2})(?!\d)/;
const MONTH_IN_NAME = /(\d{4})-(\d{2})(?![-\d])/;

/** The day or month a file's name covers, or null. */
export function coverageOfName(name: string): string | null {
  const d = DAY_IN_NAME.exec(name);
  if (d !== null) {
    const iso = `${d[1]}-${d[2]}-${d[3]}`;
    if (isValidIsoDate(iso)) return iso;
  }
  const m = MONTH_IN_NAME.exec(name);
  if (m !== null && Number(m[2]) >= 1 && Number(m[2]) <= 12) return `${m[1]}-${m[2]}`;
  return null;
}

function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      if (e.name.startsWith('.')) continue;
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.csv(\.gz)?$/i.test(e.name)) out.push(p);
    }
  };
  walk(dir);
  return out.sort();
}

/** Reads a file's text: gunzipped when it is gzip (by its magic bytes), the file named on failure. */
function readText(file: string): string {
  let buf: Buffer;
  try {
    buf = fs.readFileSync(file);
  } catch (err) {
    throw new DataError(file, `cannot read: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  if (buf.length >= 2 && buf[0] === 0x1f && buf[1] === 0x8b) {
    try {
      buf = zlib.gunzipSync(buf);
    } catch (err) {
      throw new DataError(file, `truncated or corrupt gzip (${(err as Error).message})`);
    }
  } else if (/\.gz$/i.test(file)) throw new DataError(file, 'named .gz but not gzip data');
  return buf.toString('utf8');
}

/** Parses chain files covering one day or month into their days (rows of other underlyings skipped). */
export function readChainFiles(files: readonly string[], covers: string, quoteTime: QuoteTime = 'eod'): { days: Map<IsoDate, ChainDay>; rows: number; layouts: ChainLayout[] } {
  const builders = new Map<IsoDate, DayBuilder>();
  let rows = 0;
  const layouts: ChainLayout[] = [];
  for (const file of files) {
    const r = readInto(builders, file, covers, quoteTime);
    rows += r.rows;
    if (!layouts.includes(r.layout)) layouts.push(r.layout);
  }
  const days = new Map<IsoDate, ChainDay>();
  for (const [d, b] of [...builders].sort((a, b) => (a[0] < b[0] ? -1 : 1))) days.set(d, b.build(d));
  return { days, rows, layouts };
}

function readInto(builders: Map<IsoDate, DayBuilder>, file: string, covers: string, quoteTime: QuoteTime): { rows: number; layout: ChainLayout } {
  const text = readText(file);
  let pos = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 0;
  const nextLine = (): string | null => {
    if (pos >= text.length) return null;
    let end = text.indexOf('\n', pos);
    if (end < 0) end = text.length;
    let s = text.slice(pos, end);
    if (s.endsWith('\r')) s = s.slice(0, -1);
    pos = end + 1;
    line++;
    return s;
  };
  const header = nextLine();
  if (header === null || header.trim() === '') throw new DataError(file, 'empty file: no header line');
  const reader = rowReader(file, splitCsvLine(header), quoteTime);
  let rows = 0;
  for (let s = nextLine(); s !== null; s = nextLine()) {
    if (s.trim() === '') continue;
    const where = `${file}:${line}`;
    const r = reader.read(splitCsvLine(s), where);
    const rootCode = (ROOT_CODES as readonly string[]).indexOf(r.root);
    if (rootCode < 0 || rootFamily(r.root) === null) continue;
    if (!r.date.startsWith(covers)) throw new DataError(where, `${reader.layout === 'datashop' ? 'quote_date' : 'date'}: ${r.date} is outside ${covers}, the ${covers.length === 7 ? 'month' : 'day'} the file's name covers`);
    let b = builders.get(r.date);
    if (b === undefined) builders.set(r.date, (b = new DayBuilder()));
    b.add(r, rootCode, line, file);
    rows++;
  }
  return { rows, layout: reader.layout };
}

export class ChainDirectory implements ChainSource {
  private readonly byDay = new Map<string, FileGroup>();
  private readonly byMonth = new Map<string, FileGroup>();
  private readonly cache = new Map<string, Map<IsoDate, ChainDay>>();
  /** The last day that needed a day's and a month's files together. */
  private readonly merged = new Map<string, ChainDay>();
  private readonly quoteTime: QuoteTime;
  private readonly cacheFiles: number;
  readonly stats: ChainReadStats = { filesRead: 0, rowsRead: 0, daysLoaded: 0, layouts: [] };

  constructor(
    readonly dir: string,
    opts: ChainDirectoryOptions = {},
  ) {
    this.quoteTime = opts.quoteTime ?? 'eod';
    this.cacheFiles = Math.max(1, opts.cacheFiles ?? 2);
    let st: fs.Stats;
    try {
      st = fs.statSync(dir);
    } catch {
      throw new InputError('--chains', `no such directory: ${dir}`);
    }
    if (!st.isDirectory()) throw new InputError('--chains', `not a directory: ${dir}`);
    const files = listFiles(dir);
    if (files.length === 0) throw new InputError('--chains', `no .csv or .csv.gz files under ${dir}`);
    for (const file of files) {
      const covers = coverageOfName(path.basename(file));
      if (covers === null) throw new DataError(file, 'the name carries no date: YYYY-MM-DD (or YYYYMMDD) for one day’s file, YYYY-MM for one month’s');
      const map = covers.length === 7 ? this.byMonth : this.byDay;
      const group = map.get(covers);
      if (group === undefined) map.set(covers, { files: [file], covers });
      else group.files.push(file);
    }
  }

  /** The days and months the directory's files cover (from their names), ascending. */
  coverage(): string[] {
    return [...this.byDay.keys(), ...this.byMonth.keys()].sort();
  }

  /** The parsed days of a group, read on first use (the last `cacheFiles` groups stay). */
  private daysOf(g: FileGroup): Map<IsoDate, ChainDay> {
    let days = this.cache.get(g.covers);
    if (days === undefined) {
      const r = readChainFiles(g.files, g.covers, this.quoteTime);
      days = r.days;
      this.stats.filesRead += g.files.length;
      this.stats.rowsRead += r.rows;
      this.stats.daysLoaded += days.size;
      for (const l of r.layouts) if (!this.stats.layouts.includes(l)) this.stats.layouts.push(l);
      while (this.cache.size >= this.cacheFiles) {
        const oldest = this.cache.keys().next().value;
        if (oldest === undefined) break;
        this.cache.delete(oldest);
      }
    } else this.cache.delete(g.covers); // most recently used last
    this.cache.set(g.covers, days);
    return days;
  }

  /**
   * The day's chain, read on first use; null when no file covers it or no file has a row
   * of it. A day with both a day's files and a month's files (say SPX by day, VIX by
   * month) is their union, a contract listed in both being a duplicate.
   */
  day(date: IsoDate): ChainDay | null {
    const dayGroup = this.byDay.get(date);
    const monthGroup = this.byMonth.get(date.slice(0, 7));
    const a = dayGroup === undefined ? null : (this.daysOf(dayGroup).get(date) ?? null);
    const b = monthGroup === undefined ? null : (this.daysOf(monthGroup).get(date) ?? null);
    if (a === null || b === null) return a ?? b;
    const key = `${date}+`;
    const hit = this.merged.get(key);
    if (hit !== undefined) return hit;
    const builder = new DayBuilder();
    for (const r of a.rows()) builder.add(r, (ROOT_CODES as readonly string[]).indexOf(r.root), 0, `${dayGroup?.files.join(', ') ?? date}`);
    for (const r of b.rows()) builder.add(r, (ROOT_CODES as readonly string[]).indexOf(r.root), 0, `${monthGroup?.files.join(', ') ?? date}`);
    const out = builder.build(date);
    this.merged.clear();
    this.merged.set(key, out);
    return out;
  }

  hasDay(date: IsoDate): boolean {
    return this.day(date) !== null;
  }

  quote(date: IsoDate, root: ChainRoot, type: OptionType, expiration: IsoDate, strike: number): ContractQuote | null {
    return this.day(date)?.quote(root, type, expiration, strike) ?? null;
  }

  expirations(date: IsoDate, root: ChainRoot): readonly IsoDate[] {
    return this.day(date)?.expirations(root) ?? [];
  }

  strikes(date: IsoDate, root: ChainRoot, type: OptionType, expiration: IsoDate): readonly number[] {
    return this.day(date)?.strikes(root, type, expiration) ?? [];
  }
}
