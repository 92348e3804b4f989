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
 * by the directory. A month file is streamed: read a block at a time (a large gzip file
 * decompressed to a temporary file by a streaming gunzip), each day frozen into a compact
 * table (about 60 bytes a contract) when the file moves on to the next, so neither the
 * month's text nor its rows as objects are ever held whole.
 *
 * Every row is checked (layouts.ts) and must belong to the file's day or month; a contract
 * listed twice on one day (same root, expiration, type, strike) is an error naming both
 * lines; a truncated gzip names the file. Rows of other underlyings than SPX and VIX are
 * skipped (a DataShop file may hold many).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { DataError, InputError } from '../../core/errors.js';
import { epochDay, fromEpochDay, type IsoDate } from '../../core/time.js';
import { preferredRoot, type ChainRoot, type ChainRow, type ChainSource, type ContractQuote, type OptionType } from '../../market/chainQuotes.js';
import { isValidIsoDate } from '../csvTable.js';
import { cacheFileOf, groupKey, readCachedGroup, writeCachedGroup, type ChainCache, type DayColumns } from './dayCache.js';
import { newRowValues, ROOT_CODES, rowReader, rowValuesOf, splitCsvLine, type ChainLayout, type QuoteTime, type RowReader, type RowValues } from './layouts.js';

export interface ChainDirectoryOptions {
  /** Which quote of a DataShop file: the close (default) or 15:45. */
  readonly quoteTime?: QuoteTime;
  /** Files kept parsed in memory (default 2: this month and the last). */
  readonly cacheFiles?: number;
  /** Gzip files larger than this many bytes are decompressed as a stream (default STREAM_GZIP_ABOVE_BYTES). */
  readonly streamGzipAboveBytes?: number;
  /** Keep each group's parsed days in this cache (dayCache.ts) and read them from it while the files are unchanged. */
  readonly cache?: ChainCache;
}

/** What a run read, for its report and the benchmark. */
export interface ChainReadStats {
  filesRead: number;
  rowsRead: number;
  daysLoaded: number;
  /** Groups (a day's or a month's files) read from the parsed copy in the cache instead of their CSV. */
  groupsFromCache: number;
  layouts: ChainLayout[];
}

interface FileGroup {
  /** The files whose names carry this day or month (e.g. one for SPX, one for VIX). */
  readonly files: string[];
  /** The day (YYYY-MM-DD) or month (YYYY-MM) they cover. */
  readonly covers: string;
}

/** The option family of a root code (ROOT_CODES: SPX roots first): 0 SPX, 1 VIX. */
function famOf(rootCode: number): number {
  return rootCode < 3 ? 0 : 1;
}

/** Orders row a of x against row b of y: family, expiry, strike, call before put, then root (0: the same listing). */
function compareRows(x: DayColumns, a: number, y: DayColumns, b: number): number {
  const ra = x.root[a] as number;
  const rb = y.root[b] as number;
  return famOf(ra) - famOf(rb) || (x.expDay[a] as number) - (y.expDay[b] as number) || (x.strike[a] as number) - (y.strike[b] as number) || (x.isPut[a] as number) - (y.isPut[b] as number) || ra - rb;
}

/** 0, 1, ..., n - 1. */
function iota(n: number): Int32Array {
  const out = new Int32Array(n);
  for (let k = 0; k < n; k++) out[k] = k;
  return out;
}

/** The rows of `x` then those of `y`, as new columns. */
function concat(x: DayColumns, y: DayColumns): DayColumns {
  const cat = <T extends Float64Array | Int32Array | Uint8Array>(a: T, b: T): T => {
    const out = new (a.constructor as new (n: number) => T)(a.length + b.length);
    out.set(a);
    out.set(b, a.length);
    return out;
  };
  return {
    root: cat(x.root, y.root),
    expDay: cat(x.expDay, y.expDay),
    strike: cat(x.strike, y.strike),
    isPut: cat(x.isPut, y.isPut),
    bid: cat(x.bid, y.bid),
    ask: cat(x.ask, y.ask),
    und: cat(x.und, y.und),
    iv: cat(x.iv, y.iv),
    delta: cat(x.delta, y.delta),
    mid: cat(x.mid, y.mid),
  };
}

/** The rows `idx` of `x`, in that order, as new columns. */
function gather(x: DayColumns, idx: Int32Array): DayColumns {
  const take = <T extends Float64Array | Int32Array | Uint8Array>(c: T): T => {
    const out = new (c.constructor as new (n: number) => T)(idx.length);
    for (let k = 0; k < idx.length; k++) out[k] = c[idx[k] as number] as number;
    return out;
  };
  return { root: take(x.root), expDay: take(x.expDay), strike: take(x.strike), isPut: take(x.isPut), bid: take(x.bid), ask: take(x.ask), und: take(x.und), iv: take(x.iv), delta: take(x.delta), mid: take(x.mid) };
}

/**
 * One day's quotes, column-wise (62 bytes a contract), its rows sorted by contract (family,
 * expiry, strike, call before put, root): a quote is a binary search, an expiry's strikes
 * one contiguous run. Where two roots list one contract (SPX and SPXW) the preferred
 * root's row answers.
 */
export class ChainDay {
  readonly n: number;
  constructor(
    readonly date: IsoDate,
    readonly columns: DayColumns,
  ) {
    this.n = columns.root.length;
  }

  /** The first row whose contract is at or after (fam, expDay, strike, isPut). */
  private lowerBound(fam: number, expDay: number, strike: number, isPut: number): number {
    const c = this.columns;
    let lo = 0;
    let hi = this.n;
    while (lo < hi) {
      const m = (lo + hi) >>> 1;
      const cmp = famOf(c.root[m] as number) - fam || (c.expDay[m] as number) - expDay || (c.strike[m] as number) - strike || (c.isPut[m] as number) - isPut;
      if (cmp < 0) lo = m + 1;
      else hi = m;
    }
    return lo;
  }

  /** The row of a contract (the preferred root's where two list it), or -1. */
  private find(fam: number, expDay: number, strike: number, isPut: number): number {
    const c = this.columns;
    const same = (k: number): boolean => k < this.n && famOf(c.root[k] as number) === fam && c.expDay[k] === expDay && c.strike[k] === strike && c.isPut[k] === isPut;
    const first = this.lowerBound(fam, expDay, strike, isPut);
    if (!same(first)) return -1;
    let best = first;
    for (let k = first + 1; same(k); k++) {
      const held = ROOT_CODES[c.root[best] as number] as string;
      if (preferredRoot(held, ROOT_CODES[c.root[k] as number] as string) !== held) best = k;
    }
    return best;
  }

  quote(root: ChainRoot, type: OptionType, expiration: IsoDate, strike: number): ContractQuote | null {
    const k = this.find(root === 'SPX' ? 0 : 1, epochDay(expiration), strike, type === 'put' ? 1 : 0);
    if (k < 0) return null;
    const c = this.columns;
    const bid = c.bid[k] as number;
    const ask = c.ask[k] as number;
    if (!(ask > 0)) return null;
    const iv = c.iv[k] as number;
    const delta = c.delta[k] as number;
    const und = c.und[k] as number;
    const mark = c.mid[k] as number;
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
    const fam = root === 'SPX' ? 0 : 1;
    const out: IsoDate[] = [];
    let last = Number.NaN;
    for (let k = this.lowerBound(fam, -Infinity, -Infinity, 0); k < this.n && famOf(this.columns.root[k] as number) === fam; k++) {
      const e = this.columns.expDay[k] as number;
      if (e !== last) out.push(fromEpochDay(e));
      last = e;
    }
    return out;
  }

  strikes(root: ChainRoot, type: OptionType, expiration: IsoDate): number[] {
    const fam = root === 'SPX' ? 0 : 1;
    const e = epochDay(expiration);
    const p = type === 'put' ? 1 : 0;
    const c = this.columns;
    const out: number[] = [];
    for (let k = this.lowerBound(fam, e, -Infinity, 0); k < this.n && famOf(c.root[k] as number) === fam && c.expDay[k] === e; k++) {
      if (c.isPut[k] === p && c.strike[k] !== out[out.length - 1]) out.push(c.strike[k] as number);
    }
    return out;
  }

  /** The contracts of two days' tables of one date (a day's files and a month's); a contract in both is a duplicate. */
  static union(a: ChainDay, b: ChainDay, whereB: string, firstA: string): ChainDay {
    const order = new Int32Array(a.n + b.n);
    let identity = true;
    // Both sorted: a merge (an SPX day and a VIX month simply follow each other).
    for (let i = 0, j = 0, k = 0; i < a.n || j < b.n; k++) {
      const cmp = i === a.n ? 1 : j === b.n ? -1 : compareRows(a.columns, i, b.columns, j);
      if (cmp === 0) {
        const r = b.rowAt(j);
        throw new DataError(whereB, `strike: duplicate contract ${r.root} ${r.expiration} ${r.strike} ${r.type} on ${r.date} (first on ${firstA})`);
      }
      order[k] = cmp < 0 ? i++ : a.n + j++;
      identity &&= order[k] === k;
    }
    const both = concat(a.columns, b.columns);
    return new ChainDay(a.date, identity ? both : gather(both, order));
  }

  private rowAt(k: number): ChainRow {
    const c = this.columns;
    return {
      date: this.date,
      root: ROOT_CODES[c.root[k] as number] as string,
      expiration: fromEpochDay(c.expDay[k] as number),
      strike: c.strike[k] as number,
      type: c.isPut[k] === 1 ? 'put' : 'call',
      bid: c.bid[k] as number,
      ask: c.ask[k] as number,
      underlying: c.und[k] as number,
      iv: c.iv[k] as number,
      delta: c.delta[k] as number,
      mid: c.mid[k] as number,
    };
  }

  /** Every contract as a row, in contract order (tests, calibration). */
  rows(): ChainRow[] {
    const out: ChainRow[] = [];
    for (let k = 0; k < this.n; k++) out.push(this.rowAt(k));
    return out;
  }
}

/** A typed column that doubles its capacity as it grows. */
class Column<T extends Float64Array | Int32Array | Uint8Array> {
  private n = 0;
  constructor(private arr: T) {}
  /** Empties the column, keeping its capacity (the next day's rows reuse it). */
  reset(): void {
    this.n = 0;
  }
  push(x: number): void {
    if (this.n === this.arr.length) {
      const next = new (this.arr.constructor as new (n: number) => T)(Math.max(1024, 2 * this.arr.length));
      next.set(this.arr);
      this.arr = next;
    }
    this.arr[this.n++] = x;
  }
  get length(): number {
    return this.n;
  }
  at(k: number): number {
    return this.arr[k] as number;
  }
  /** The filled part, exactly sized (the builder is dropped after). */
  done(): T {
    return this.arr.slice(0, this.n) as T;
  }
}

/**
 * Grows column-wise (typed arrays) while a file is read, then freezes into a ChainDay. A
 * contract listed twice (same root, type, expiry and strike) is found when the day is
 * frozen, by sorting its rows: the error names the later row's file and line and the
 * earlier one's.
 */
class DayBuilder {
  private readonly root = new Column(new Uint8Array(0));
  private readonly expDay = new Column(new Int32Array(0));
  private readonly strike = new Column(new Float64Array(0));
  private readonly isPut = new Column(new Uint8Array(0));
  private readonly bid = new Column(new Float64Array(0));
  private readonly ask = new Column(new Float64Array(0));
  private readonly und = new Column(new Float64Array(0));
  private readonly iv = new Column(new Float64Array(0));
  private readonly delta = new Column(new Float64Array(0));
  private readonly mid = new Column(new Float64Array(0));
  /** Where each row came from: the line, and the file (index into `files`). */
  private readonly line = new Column(new Int32Array(0));
  private readonly fileOf = new Column(new Int32Array(0));
  private files: string[] = [];

  /** Empties the builder for the next day, keeping the columns' capacity. */
  reset(): void {
    for (const c of [this.root, this.expDay, this.strike, this.isPut, this.bid, this.ask, this.und, this.iv, this.delta, this.mid, this.line, this.fileOf]) c.reset();
    this.files = [];
  }

  add(v: RowValues, line: number, file: string): void {
    if (this.files[this.files.length - 1] !== file) this.files.push(file);
    this.root.push(v.rootCode);
    this.expDay.push(v.expDay);
    this.strike.push(v.strike);
    this.isPut.push(v.isPut);
    this.bid.push(v.bid);
    this.ask.push(v.ask);
    this.und.push(v.underlying);
    this.iv.push(v.iv);
    this.delta.push(v.delta);
    this.mid.push(v.mid);
    this.line.push(line);
    this.fileOf.push(this.files.length - 1);
  }

  /**
   * The day's rows in contract order (sorted here unless the file already had them so);
   * throws on the first contract listed twice, naming the later row's file and line.
   */
  build(date: IsoDate): ChainDay {
    const c: DayColumns = { root: this.root.done(), expDay: this.expDay.done(), strike: this.strike.done(), isPut: this.isPut.done(), bid: this.bid.done(), ask: this.ask.done(), und: this.und.done(), iv: this.iv.done(), delta: this.delta.done(), mid: this.mid.done() };
    const n = c.root.length;
    let sorted = true;
    for (let k = 1; k < n && sorted; k++) sorted = compareRows(c, k - 1, c, k) < 0;
    if (sorted) return new ChainDay(date, c);
    const idx = iota(n);
    idx.sort((a, b) => compareRows(c, a, c, b) || a - b);
    for (let j = 1; j < n; j++) {
      const a = idx[j - 1] as number;
      const b = idx[j] as number;
      if (compareRows(c, a, c, b) !== 0) continue;
      const fileA = this.files[this.fileOf.at(a)] as string;
      const fileB = this.files[this.fileOf.at(b)] as string;
      const type = c.isPut[b] === 1 ? 'put' : 'call';
      throw new DataError(`${fileB}:${this.line.at(b)}`, `strike: duplicate contract ${ROOT_CODES[c.root[b] as number] ?? ''} ${fromEpochDay(c.expDay[b] as number)} ${c.strike[b] as number} ${type} on ${date} (first on line ${this.line.at(a)} of ${path.basename(fileA)})`);
    }
    return new ChainDay(date, gather(c, idx));
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

/** Bytes read at a time from a file (lines are cut at the last newline of a block). */
const BLOCK_BYTES = 4 * 2 ** 20;

/** A line of a block of text: text[from, to), without its line break. */
type OnLine = (text: string, from: number, to: number) => void;

/** Calls `onLine` with each line of `text` (the last one too when it has no line break). */
function linesOfText(text: string, onLine: OnLine): void {
  let pos = 0;
  for (let end = text.indexOf('\n'); end >= 0; end = text.indexOf('\n', pos)) {
    onLine(text, pos, end > pos && text.charCodeAt(end - 1) === 13 ? end - 1 : end);
    pos = end + 1;
  }
  if (pos < text.length) onLine(text, pos, text.charCodeAt(text.length - 1) === 13 ? text.length - 1 : text.length);
}

/**
 * Text decoded at a time (cut at a line break): small enough for V8's young generation, so
 * that each piece dies young (a string of megabytes goes to the large-object space and waits
 * for a full collection: tens of MB more at the peak).
 */
const DECODE_BYTES = 64 * 1024;

/**
 * Calls `onLine` with each complete line of buf[0, end) (decoded as UTF-8 a piece of about
 * DECODE_BYTES at a time, cut at line breaks) and returns where the unfinished last line
 * starts (`end` when there is none).
 */
function linesOfBuffer(buf: Buffer, end: number, onLine: OnLine): number {
  let pos = 0;
  while (pos < end) {
    let nl = buf.lastIndexOf(0x0a, Math.min(end, pos + DECODE_BYTES) - 1);
    if (nl < pos) nl = buf.indexOf(0x0a, pos + DECODE_BYTES); // a line longer than a piece
    if (nl < 0 || nl >= end) return pos;
    linesOfText(buf.toString('utf8', pos, nl + 1), onLine);
    pos = nl + 1;
  }
  return pos;
}

/** Every line of a plain file, read into one reused block (never the whole file in memory). */
function forEachFileLine(file: string, onLine: OnLine): void {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch (err) {
    throw new DataError(file, `cannot read: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  try {
    let buf = Buffer.allocUnsafe(BLOCK_BYTES);
    let have = 0;
    for (;;) {
      if (have === buf.length) {
        // A line longer than the block: a larger block.
        const bigger = Buffer.allocUnsafe(2 * buf.length);
        buf.copy(bigger, 0, 0, have);
        buf = bigger;
      }
      const n = fs.readSync(fd, buf, have, buf.length - have, null);
      const end = have + n;
      if (n === 0) {
        if (end > 0) linesOfText(buf.toString('utf8', 0, end), onLine);
        return;
      }
      const used = linesOfBuffer(buf, end, onLine);
      buf.copy(buf, 0, used, end);
      have = end - used;
    }
  } finally {
    fs.closeSync(fd);
  }
}

/** The uncompressed size a gzip file states in its trailer (ISIZE: modulo 2^32), or Infinity when unreadable. */
function gzipStatedBytes(file: string): number {
  const size = fs.statSync(file).size;
  if (size < 18) return 0;
  const tail = Buffer.alloc(4);
  const fd = fs.openSync(file, 'r');
  try {
    fs.readSync(fd, tail, 0, 4, size - 4);
  } finally {
    fs.closeSync(fd);
  }
  return tail.readUInt32LE(0);
}

/** Does the file start with the gzip magic bytes? */
function isGzip(file: string): boolean {
  const head = Buffer.alloc(2);
  try {
    const fd = fs.openSync(file, 'r');
    try {
      fs.readSync(fd, head, 0, 2, 0);
    } finally {
      fs.closeSync(fd);
    }
  } catch (err) {
    throw new DataError(file, `cannot read: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  return head[0] === 0x1f && head[1] === 0x8b;
}

/** The child process of `gunzipToTempFile`: `node -e SCRIPT SRC DST` gunzips SRC to DST as a stream (exported for the benchmark). */
export const GUNZIP_CHILD_SCRIPT =
  "const [src, dst] = process.argv.slice(-2); const fs = require('node:fs'); const zlib = require('node:zlib'); const { pipeline } = require('node:stream'); pipeline(fs.createReadStream(src), zlib.createGunzip(), fs.createWriteStream(dst), (err) => { if (err) { process.stderr.write(err.message); process.exit(1); } });";

/**
 * Decompresses a large gzip file to a temporary plain file with a streaming gunzip in a
 * child node process (zlib has no synchronous streaming API, and the reader is synchronous):
 * neither process holds the decompressed text. Returns the temporary file's path.
 */
function gunzipToTempFile(file: string): string {
  const tmp = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'alvh-chain-')), 'day.csv');
  try {
    execFileSync(process.execPath, ['-e', GUNZIP_CHILD_SCRIPT, file, tmp], { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  } catch (err) {
    fs.rmSync(path.dirname(tmp), { recursive: true, force: true });
    const msg = String((err as { stderr?: unknown }).stderr ?? '').trim() || (err as Error).message;
    throw new DataError(file, `truncated or corrupt gzip (${msg})`);
  }
  return tmp;
}

/**
 * Every line of a chain file, gunzipped when it is gzip (by its magic bytes), the file named
 * on failure. A plain file is read a block at a time; a gzip file of up to `streamAboveBytes`
 * (compressed, or uncompressed as its trailer states) is decompressed in memory, a larger one
 * streamed through a temporary file.
 */
function forEachLine(file: string, streamAboveBytes: number, onLine: OnLine): void {
  if (!isGzip(file)) {
    if (/\.gz$/i.test(file)) throw new DataError(file, 'named .gz but not gzip data');
    forEachFileLine(file, onLine);
    return;
  }
  if (fs.statSync(file).size > streamAboveBytes || gzipStatedBytes(file) > streamAboveBytes) {
    const tmp = gunzipToTempFile(file);
    try {
      forEachFileLine(tmp, onLine);
    } finally {
      fs.rmSync(path.dirname(tmp), { recursive: true, force: true });
    }
    return;
  }
  let buf: Buffer;
  try {
    buf = zlib.gunzipSync(fs.readFileSync(file));
  } catch (err) {
    throw new DataError(file, `truncated or corrupt gzip (${(err as Error).message})`);
  }
  const rest = linesOfBuffer(buf, buf.length, onLine);
  if (rest < buf.length) linesOfText(buf.toString('utf8', rest, buf.length), onLine);
}

/** Gzip files larger than this (bytes, compressed or uncompressed) are decompressed as a stream, not in memory. */
export const STREAM_GZIP_ABOVE_BYTES = 32 * 2 ** 20;

/**
 * The days of a group's files as they are read: a day's rows grow a builder, and when a
 * file moves on to the next day the builder is frozen into a compact ChainDay, so that a
 * month file (sorted by day, as vendors write them) holds one day's builder at a time. A
 * day met again later (an unsorted file, or a second file of the month) is joined to its
 * frozen part, a contract in both being a duplicate.
 */
class GroupDays {
  readonly frozen = new Map<IsoDate, ChainDay>();
  /** The file the first frozen part of each day came from. */
  private readonly firstFile = new Map<IsoDate, string>();
  private readonly open = new Map<IsoDate, { b: DayBuilder; file: string }>();
  private current: IsoDate | null = null;
  /** A frozen day's builder, emptied, for the next day (its columns keep their capacity). */
  private spare: DayBuilder | null = null;

  builder(date: IsoDate, file: string, freezeOthers: boolean): DayBuilder {
    if (freezeOthers && this.current !== null && this.current !== date) this.freeze(this.current);
    this.current = date;
    let o = this.open.get(date);
    if (o === undefined) {
      o = { b: this.spare ?? new DayBuilder(), file };
      this.spare = null;
      this.open.set(date, o);
    }
    return o.b;
  }

  private freeze(date: IsoDate): void {
    const o = this.open.get(date);
    if (o === undefined) return;
    this.open.delete(date);
    const day = o.b.build(date);
    o.b.reset();
    this.spare = o.b;
    const prev = this.frozen.get(date);
    if (prev === undefined) this.firstFile.set(date, o.file);
    this.frozen.set(date, prev === undefined ? day : ChainDay.union(prev, day, o.file, path.basename(this.firstFile.get(date) ?? o.file)));
  }

  done(): Map<IsoDate, ChainDay> {
    for (const d of [...this.open.keys()]) this.freeze(d);
    this.current = null;
    return new Map([...this.frozen].sort((a, b) => (a[0] < b[0] ? -1 : 1)));
  }
}

/**
 * Parses chain files covering one day or month into their days (rows of other underlyings
 * skipped), streaming: a month file is read a block at a time (a large gzip file through a
 * temporary file) and its days are frozen into compact tables as they end.
 */
export function readChainFiles(files: readonly string[], covers: string, quoteTime: QuoteTime = 'eod', streamAboveBytes = STREAM_GZIP_ABOVE_BYTES): { days: Map<IsoDate, ChainDay>; rows: number; layouts: ChainLayout[] } {
  const group = new GroupDays();
  let rows = 0;
  const layouts: ChainLayout[] = [];
  for (const file of files) {
    const r = readInto(group, file, covers, quoteTime, streamAboveBytes);
    rows += r.rows;
    if (!layouts.includes(r.layout)) layouts.push(r.layout);
  }
  return { days: group.done(), rows, layouts };
}

function readInto(group: GroupDays, file: string, covers: string, quoteTime: QuoteTime, streamAboveBytes: number): { rows: number; layout: ChainLayout } {
  let line = 0;
  let reader: RowReader | null = null;
  let rows = 0;
  const month = covers.length === 7;
  const v = newRowValues();
  /** The block of text being read and where its next quote character is (-1: none). */
  let block = '';
  let quoteAt = -1;
  let lastDay = NaN;
  let lastDate = '' as IsoDate;
  forEachLine(file, streamAboveBytes, (text, from, to) => {
    line++;
    if (reader === null) {
      const raw = text.slice(from, to);
      const header = line === 1 && raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
      if (header.trim() === '') throw new DataError(file, 'empty file: no header line');
      reader = rowReader(file, splitCsvLine(header), quoteTime);
      return;
    }
    const c0 = text.charCodeAt(from);
    if (from === to || ((c0 <= 32 || c0 >= 127) && text.slice(from, to).trim() === '')) return;
    if (text !== block) {
      block = text;
      quoteAt = text.indexOf('"', from);
    } else if (quoteAt >= 0 && quoteAt < from) quoteAt = text.indexOf('"', from);
    // A clean line is read in place; a quoted or doubtful one through the checked reader.
    if ((quoteAt >= 0 && quoteAt < to) || !reader.scan(text, from, to, v)) rowValuesOf(reader.read(splitCsvLine(text.slice(from, to)), `${file}:${line}`), v);
    if (v.rootCode < 0) return;
    if (v.day !== lastDay) {
      const date = fromEpochDay(v.day);
      if (!date.startsWith(covers)) throw new DataError(`${file}:${line}`, `${reader.layout === 'datashop' ? 'quote_date' : 'date'}: ${date} is outside ${covers}, the ${month ? 'month' : 'day'} the file's name covers`);
      lastDay = v.day;
      lastDate = date;
    }
    group.builder(lastDate, file, month).add(v, line, file);
    rows++;
  });
  if (reader === null) throw new DataError(file, 'empty file: no header line');
  return { rows, layout: (reader as RowReader).layout };
}

export class ChainDirectory implements ChainSource {
  private readonly byDay = new Map<string, FileGroup>();
  private readonly byMonth = new Map<string, FileGroup>();
  private readonly cache = new Map<string, Map<IsoDate, ChainDay>>();
  /** The last day asked for (a run asks for one day many times in a row). */
  private last: { date: IsoDate | null; day: ChainDay | null } = { date: null, day: null };
  private readonly quoteTime: QuoteTime;
  private readonly cacheFiles: number;
  private readonly streamGzipAboveBytes: number;
  private readonly chainCache: ChainCache | undefined;
  readonly stats: ChainReadStats = { filesRead: 0, rowsRead: 0, daysLoaded: 0, groupsFromCache: 0, layouts: [] };

  constructor(
    readonly dir: string,
    opts: ChainDirectoryOptions = {},
  ) {
    this.quoteTime = opts.quoteTime ?? 'eod';
    this.cacheFiles = Math.max(1, opts.cacheFiles ?? 2);
    this.streamGzipAboveBytes = opts.streamGzipAboveBytes ?? STREAM_GZIP_ABOVE_BYTES;
    this.chainCache = opts.cache;
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

  /** A group's days: from its parsed copy in the cache where one matches, else parsed (and the copy written). */
  private readGroup(g: FileGroup): { days: Map<IsoDate, ChainDay>; rows: number; layouts: ChainLayout[] } {
    const cache = this.chainCache;
    if (cache === undefined) return readChainFiles(g.files, g.covers, this.quoteTime, this.streamGzipAboveBytes);
    const file = cacheFileOf(cache, this.dir, g.covers, this.quoteTime);
    const key = groupKey(g.files, this.quoteTime);
    // A file gone since the listing: no key, parsed below (which names it).
    if (key === null) return readChainFiles(g.files, g.covers, this.quoteTime, this.streamGzipAboveBytes);
    const hit = readCachedGroup(file, key);
    if (hit !== null) {
      this.stats.groupsFromCache++;
      return { days: new Map([...hit.days].map(([d, c]) => [d, new ChainDay(d, c)])), rows: hit.rows, layouts: hit.layouts };
    }
    const r = readChainFiles(g.files, g.covers, this.quoteTime, this.streamGzipAboveBytes);
    writeCachedGroup(cache, file, key, { days: new Map([...r.days].map(([d, day]) => [d, day.columns])), rows: r.rows, layouts: r.layouts });
    return r;
  }

  /** The parsed days of a group, read on first use (the last `cacheFiles` groups stay). */
  private daysOf(g: FileGroup): Map<IsoDate, ChainDay> {
    let days = this.cache.get(g.covers);
    if (days === undefined) {
      const r = this.readGroup(g);
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
    if (date === this.last.date) return this.last.day;
    const dayGroup = this.byDay.get(date);
    const monthGroup = this.byMonth.get(date.slice(0, 7));
    const a = dayGroup === undefined ? null : (this.daysOf(dayGroup).get(date) ?? null);
    const b = monthGroup === undefined ? null : (this.daysOf(monthGroup).get(date) ?? null);
    const day = a === null || b === null ? (a ?? b) : ChainDay.union(a, b, `${monthGroup?.files.join(', ') ?? date}`, `${dayGroup?.files.map((f) => path.basename(f)).join(', ') ?? date}`);
    this.last = { date, day };
    return day;
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
