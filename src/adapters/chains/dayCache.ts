/**
 * A binary copy of a chain file group's parsed days (a day's or a month's files), so that a
 * second run on the same directory does not parse its CSV again: the day tables as they
 * are kept in memory (ChainDay columns), read back in one read and a copy per column.
 * A group's copy is named by the directory, the day or month and the quote time, and keyed
 * by the alvh version and each file's path, size and modification time: a changed file is
 * parsed again (with every check) and its copy rewritten. A copy that cannot be read or
 * does not match is ignored: it is only ever a faster path to the same days.
 *
 * Layout: "ALVHCHN1", u32 LE header length, header JSON ({key, rows, layouts, days: [[date,
 * n], ...]}), padding to 8 bytes, then per day its columns (strike, bid, ask, underlying,
 * iv, delta, mid as little-endian float64, expiry day as int32, root and put flag as
 * bytes), each padded to 8 bytes.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sha256Hex } from '../../core/sha256.js';
import type { IsoDate } from '../../core/time.js';
import { codeStamp } from '../codeStamp.js';
import { readHeader, withHeader } from '../binaryHeader.js';
import type { ChainLayout } from './layouts.js';

const MAGIC = 'ALVHCHN1';
/** Typed arrays are copied byte for byte: the copy is only read on a little-endian machine. */
const LITTLE_ENDIAN = os.endianness() === 'LE';

/** Where a directory's parsed groups are kept, and how a copy is written (atomically). */
export interface ChainCache {
  readonly dir: string;
  write(file: string, bytes: Uint8Array): void;
}

/** A day's columns as ChainDay holds them. */
export interface DayColumns {
  readonly root: Uint8Array;
  readonly expDay: Int32Array;
  readonly strike: Float64Array;
  readonly isPut: Uint8Array;
  readonly bid: Float64Array;
  readonly ask: Float64Array;
  readonly und: Float64Array;
  readonly iv: Float64Array;
  readonly delta: Float64Array;
  readonly mid: Float64Array;
}

export interface CachedGroup {
  readonly days: Map<IsoDate, DayColumns>;
  readonly rows: number;
  readonly layouts: ChainLayout[];
}

const F64 = ['strike', 'bid', 'ask', 'und', 'iv', 'delta', 'mid'] as const;

interface Header {
  key: string;
  rows: number;
  layouts: ChainLayout[];
  days: [string, number][];
}

/** The copy's file for a group of `dir` covering `covers` read at `quoteTime`. */
export function cacheFileOf(cache: ChainCache, dir: string, covers: string, quoteTime: string): string {
  return path.join(cache.dir, `chains-${sha256Hex(`${path.resolve(dir)}|${covers}|${quoteTime}`).slice(0, 24)}.bin`);
}

/** What a group's copy must match: the parsing code (codeStamp: directory.ts and all it imports), the quote time and each file's path, size and mtime (null: a file cannot be read). */
export function groupKey(files: readonly string[], quoteTime: string): string | null {
  const parts: string[] = [];
  for (const f of files) {
    const st = fs.statSync(f, { throwIfNoEntry: false });
    if (st === undefined) return null;
    parts.push(`${path.resolve(f)}:${st.size}:${Math.trunc(st.mtimeMs)}`);
  }
  return [codeStamp(import.meta.url, ['./directory']), quoteTime, ...parts].join('|');
}

const pad8 = (n: number): number => Math.ceil(n / 8) * 8;

function dayBytes(n: number): number {
  return F64.length * 8 * n + pad8(4 * n) + 2 * pad8(n);
}

export function encodeGroup(group: CachedGroup, key: string): Buffer {
  const header: Header = { key, rows: group.rows, layouts: group.layouts, days: [...group.days].map(([d, c]) => [d, c.root.length]) };
  let size = 0;
  for (const c of group.days.values()) size += dayBytes(c.root.length);
  const { out, start } = withHeader(MAGIC, header, size);
  let off = start;
  const put = (xs: Float64Array | Int32Array | Uint8Array): void => {
    Buffer.from(xs.buffer, xs.byteOffset, xs.byteLength).copy(out, off);
    off += pad8(xs.byteLength);
  };
  for (const c of group.days.values()) {
    for (const k of F64) put(c[k]);
    put(c.expDay);
    put(c.root);
    put(c.isPut);
  }
  return out;
}

/** The group in `buf` if it is a complete copy made under `key`, else null. */
export function decodeGroup(buf: Buffer, key: string): CachedGroup | null {
  const read = readHeader<Header>(buf, MAGIC);
  if (read === null || read.header.key !== key) return null;
  const header = read.header;
  let off = read.start;
  let size = off;
  for (const [, n] of header.days) size += dayBytes(n);
  if (size !== buf.length) return null;
  // Views into one aligned copy of the file (none where the read buffer is aligned already).
  const aligned = buf.byteOffset % 8 === 0;
  const ab = aligned ? buf.buffer : buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.length);
  const base = aligned ? buf.byteOffset : 0;
  const view = <T>(make: (ab: ArrayBufferLike, at: number, n: number) => T, bytes: number, n: number): T => {
    const xs = make(ab, base + off, n);
    off += pad8(bytes * n);
    return xs;
  };
  const f64 = (n: number): Float64Array => view((b, at, m) => new Float64Array(b, at, m), 8, n);
  const days = new Map<IsoDate, DayColumns>();
  for (const [date, n] of header.days) {
    const [strike, bid, ask, und, iv, delta, mid] = [f64(n), f64(n), f64(n), f64(n), f64(n), f64(n), f64(n)];
    const expDay = view((b, at, m) => new Int32Array(b, at, m), 4, n);
    const root = view((b, at, m) => new Uint8Array(b, at, m), 1, n);
    const isPut = view((b, at, m) => new Uint8Array(b, at, m), 1, n);
    days.set(date as IsoDate, { root, expDay, strike, isPut, bid, ask, und, iv, delta, mid });
  }
  return { days, rows: header.rows, layouts: header.layouts };
}

/** The group's copy, or null when there is none that matches (or it cannot be read). */
export function readCachedGroup(file: string, key: string): CachedGroup | null {
  if (!LITTLE_ENDIAN) return null;
  try {
    return decodeGroup(fs.readFileSync(file), key);
  } catch {
    return null;
  }
}

/** Writes the group's copy; a cache that cannot be written is left alone (the run goes on without it). */
export function writeCachedGroup(cache: ChainCache, file: string, key: string, group: CachedGroup): void {
  if (!LITTLE_ENDIAN) return;
  try {
    cache.write(file, encodeGroup(group, key));
  } catch {
    // a read-only home: run without the copy
  }
}
