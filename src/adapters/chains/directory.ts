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
import { preferredRoot, rootFamily, type ChainRoot, type ChainRow, type ChainSource, type ContractQuote, type OptionType } from '../../market/chainQuotes.js';
import { isValidIsoDate } from '../csvTable.js';
import { rowReader, splitCsvLine, type ChainLayout, type QuoteTime } from './layouts.js';

export interface ChainDirectoryOptions {
  /** Which quote of a DataShop file: the close (default) or 15:45. */
  readonly quoteTime?: QuoteTime;
  /** Files kept parsed in memory (default 2: this month and the last). */
  readonly cacheFiles?: number;
  /** Gzip files larger than this many bytes are decompressed as a stream (default STREAM_GZIP_ABOVE_BYTES). */
  readonly streamGzipAboveBytes?: number;
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

/** Orders rows (a, b) by family, put/call, expiry and strike: the key a quote is looked up by. */
function compareContracts(fam: (k: number) => number, isPut: Uint8Array, expDay: Int32Array, strike: Float64Array, a: number, b: number): number {
  return fam(a) - fam(b) || (isPut[a] as number) - (isPut[b] as number) || (expDay[a] as number) - (expDay[b] as number) || (strike[a] as number) - (strike[b] as number);
}

/** One day's quotes, column-wise (about 60 bytes a contract, and 4 more for the lookup order). */
export class ChainDay {
  /** Rows in contract order (family, type, expiry, strike), one per contract: the preferred root's. */
  private order: Int32Array | null = null;
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

  private famCode = (k: number): number => ((this.root[k] as number) < 3 ? 0 : 1);

  /** The rows sorted by contract, the preferred root's row kept where two roots list one contract. */
  private lookup(): Int32Array {
    if (this.order !== null) return this.order;
    const idx = Int32Array.from({ length: this.n }, (_, k) => k);
    idx.sort((a, b) => compareContracts(this.famCode, this.isPut, this.expDay, this.strikeArr, a, b));
    const out = new Int32Array(this.n);
    let m = 0;
    for (const k of idx) {
      const prev = m > 0 ? (out[m - 1] as number) : -1;
      if (prev >= 0 && compareContracts(this.famCode, this.isPut, this.expDay, this.strikeArr, prev, k) === 0) {
        if (preferredRoot(ROOT_CODES[this.root[prev] as number] as string, ROOT_CODES[this.root[k] as number] as string) !== ROOT_CODES[this.root[prev] as number]) out[m - 1] = k;
      } else out[m++] = k;
    }
    this.order = out.slice(0, m);
    return this.order;
  }

  /** The row of a contract (binary search in the lookup order), or -1. */
  private find(root: ChainRoot, isPut: number, expDay: number, strike: number): number {
    const order = this.lookup();
    const fam = root === 'SPX' ? 0 : 1;
    let lo = 0;
    let hi = order.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const k = order[mid] as number;
      const c = this.famCode(k) - fam || (this.isPut[k] as number) - isPut || (this.expDay[k] as number) - expDay || (this.strikeArr[k] as number) - strike;
      if (c === 0) return k;
      if (c < 0) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  quote(root: ChainRoot, type: OptionType, expiration: IsoDate, strike: number): ContractQuote | null {
    const k = this.find(root, type === 'put' ? 1 : 0, epochDay(expiration), strike);
    if (k < 0) return null;
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

  /** The contracts of two days' tables of one date (a day's files and a month's); a contract in both is a duplicate. */
  static union(a: ChainDay, b: ChainDay, whereB: string, firstA: string): ChainDay {
    const seen = new Set<string>();
    const k = (d: ChainDay, i: number): string => `${d.root[i] as number}|${d.isPut[i] as number}|${d.expDay[i] as number}|${d.strikeArr[i] as number}`;
    for (let i = 0; i < a.n; i++) seen.add(k(a, i));
    for (let i = 0; i < b.n; i++) {
      if (seen.has(k(b, i))) {
        const r = b.rowAt(i);
        throw new DataError(whereB, `strike: duplicate contract ${r.root} ${r.expiration} ${r.strike} ${r.type} on ${r.date} (first on ${firstA})`);
      }
    }
    const cat = <T extends Float64Array | Int32Array | Uint8Array>(x: T, y: T, make: (n: number) => T): T => {
      const out = make(x.length + y.length);
      out.set(x);
      out.set(y, x.length);
      return out;
    };
    const f64 = (n: number): Float64Array => new Float64Array(n);
    return new ChainDay(
      a.date,
      a.n + b.n,
      cat(a.root, b.root, (n) => new Uint8Array(n)),
      cat(a.expDay, b.expDay, (n) => new Int32Array(n)),
      cat(a.strikeArr, b.strikeArr, f64),
      cat(a.isPut, b.isPut, (n) => new Uint8Array(n)),
      cat(a.bidArr, b.bidArr, f64),
      cat(a.askArr, b.askArr, f64),
      cat(a.undArr, b.undArr, f64),
      cat(a.ivArr, b.ivArr, f64),
      cat(a.deltaArr, b.deltaArr, f64),
      cat(a.midArr, b.midArr, f64),
    );
  }

  private rowAt(k: number): ChainRow {
    return {
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
    };
  }

  /** Every contract as a row (tests, calibration). */
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

  add(r: ChainRow, rootCode: number, line: number, file: string): void {
    if (this.files[this.files.length - 1] !== file) this.files.push(file);
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
    this.line.push(line);
    this.fileOf.push(this.files.length - 1);
  }

  /** Throws on the first contract (in contract order) listed twice. */
  private checkDuplicates(date: IsoDate, root: Uint8Array, isPut: Uint8Array, expDay: Int32Array, strike: Float64Array): void {
    const n = root.length;
    const idx = Int32Array.from({ length: n }, (_, k) => k);
    const byRoot = (k: number): number => root[k] as number;
    idx.sort((a, b) => compareContracts(byRoot, isPut, expDay, strike, a, b) || a - b);
    for (let j = 1; j < n; j++) {
      const a = idx[j - 1] as number;
      const b = idx[j] as number;
      if (compareContracts(byRoot, isPut, expDay, strike, a, b) !== 0) continue;
      const fileA = this.files[this.fileOf.at(a)] as string;
      const fileB = this.files[this.fileOf.at(b)] as string;
      const type = isPut[b] === 1 ? 'put' : 'call';
      throw new DataError(`${fileB}:${this.line.at(b)}`, `strike: duplicate contract ${ROOT_CODES[root[b] as number] ?? ''} ${fromEpochDay(expDay[b] as number)} ${strike[b] as number} ${type} on ${date} (first on line ${this.line.at(a)} of ${path.basename(fileA)})`);
    }
  }

  build(date: IsoDate): ChainDay {
    const root = this.root.done();
    const expDay = this.expDay.done();
    const strike = this.strike.done();
    const isPut = this.isPut.done();
    this.checkDuplicates(date, root, isPut, expDay, strike);
    return new ChainDay(date, root.length, root, expDay, strike, isPut, this.bid.done(), this.ask.done(), this.und.done(), this.iv.done(), this.delta.done(), this.mid.done());
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

/** Calls `onLine` with each line of `buf` from `from` on (a trailing part without a newline is returned, not passed). */
function linesOf(buf: Buffer, from: number, onLine: (line: string) => void): number {
  let pos = from;
  for (let end = buf.indexOf(0x0a, pos); end >= 0; end = buf.indexOf(0x0a, pos)) {
    onLine(buf.toString('utf8', pos, end > pos && buf[end - 1] === 0x0d ? end - 1 : end));
    pos = end + 1;
  }
  return pos;
}

/** Every line of a plain file, read into one reused block (never the whole file in memory). */
function forEachFileLine(file: string, onLine: (line: string) => void): void {
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
        if (end > 0) onLine(buf.toString('utf8', 0, buf[end - 1] === 0x0d ? end - 1 : end));
        return;
      }
      const used = linesOf(buf.subarray(0, end), 0, onLine);
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
function forEachLine(file: string, streamAboveBytes: number, onLine: (line: string) => void): void {
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
  const rest = linesOf(buf, 0, onLine);
  if (rest < buf.length) onLine(buf.toString('utf8', rest, buf[buf.length - 1] === 0x0d ? buf.length - 1 : buf.length));
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
  let reader: ReturnType<typeof rowReader> | null = null;
  let rows = 0;
  const month = covers.length === 7;
  forEachLine(file, streamAboveBytes, (raw) => {
    line++;
    if (reader === null) {
      const header = line === 1 && raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
      if (header.trim() === '') throw new DataError(file, 'empty file: no header line');
      reader = rowReader(file, splitCsvLine(header), quoteTime);
      return;
    }
    if (raw.trim() === '') return;
    const where = `${file}:${line}`;
    const r = reader.read(splitCsvLine(raw), where);
    const rootCode = (ROOT_CODES as readonly string[]).indexOf(r.root);
    if (rootCode < 0 || rootFamily(r.root) === null) return;
    if (!r.date.startsWith(covers)) throw new DataError(where, `${reader.layout === 'datashop' ? 'quote_date' : 'date'}: ${r.date} is outside ${covers}, the ${month ? 'month' : 'day'} the file's name covers`);
    group.builder(r.date, file, month).add(r, rootCode, line, file);
    rows++;
  });
  if (reader === null) throw new DataError(file, 'empty file: no header line');
  return { rows, layout: (reader as ReturnType<typeof rowReader>).layout };
}

export class ChainDirectory implements ChainSource {
  private readonly byDay = new Map<string, FileGroup>();
  private readonly byMonth = new Map<string, FileGroup>();
  private readonly cache = new Map<string, Map<IsoDate, ChainDay>>();
  /** The last day that needed a day's and a month's files together. */
  private readonly merged = new Map<string, ChainDay>();
  private readonly quoteTime: QuoteTime;
  private readonly cacheFiles: number;
  private readonly streamGzipAboveBytes: number;
  readonly stats: ChainReadStats = { filesRead: 0, rowsRead: 0, daysLoaded: 0, layouts: [] };

  constructor(
    readonly dir: string,
    opts: ChainDirectoryOptions = {},
  ) {
    this.quoteTime = opts.quoteTime ?? 'eod';
    this.cacheFiles = Math.max(1, opts.cacheFiles ?? 2);
    this.streamGzipAboveBytes = opts.streamGzipAboveBytes ?? STREAM_GZIP_ABOVE_BYTES;
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
      const r = readChainFiles(g.files, g.covers, this.quoteTime, this.streamGzipAboveBytes);
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
    const out = ChainDay.union(a, b, `${monthGroup?.files.join(', ') ?? date}`, `${dayGroup?.files.map((f) => path.basename(f)).join(', ') ?? date}`);
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
