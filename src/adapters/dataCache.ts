/**
 * A binary copy of a loaded, validated data set, so that a daily command does not parse
 * 120k CSV rows on every run (about half of `alvh signal`'s time). The cache is keyed by
 * the alvh version and every CSV file's name, size and modification time in the data
 * directory: any change to a file reloads from the CSVs (with the strict loader's checks)
 * and rewrites the cache (cli/engineInputs.ts loadWithCache). A cache that cannot be read
 * or written is ignored: it is only ever a faster path to the same MarketData.
 *
 * Layout: "ALVHDAT1", u32 LE header length, header JSON (dates, VX keys, events), padding
 * to 8 bytes, then the daily columns and the VX settlements as little-endian float64.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { codeStamp } from './codeStamp.js';
import { readHeader, withHeader } from './binaryHeader.js';
import type { IsoDate } from '../core/time.js';
import { DAILY_FRAME_COLUMNS, type DailyFrame, type MarketData, type MarketEvent } from '../market/types.js';

const MAGIC = 'ALVHDAT1';
const LITTLE_ENDIAN = os.endianness() === 'LE';

interface Header {
  key: string;
  columns: readonly string[];
  n: number;
  m: number;
  dates: string;
  vxDate: string;
  vxExpiry: string;
  events: MarketEvent[];
  observedDates?: MarketData['observedDates'];
}

/** The cache key of a data directory: the parsing code's stamp (codeStamp: the loader, this codec and all they import) and each CSV's name, size and mtime. */
export function dataDirKey(dataDir: string): string {
  const files = fs
    .readdirSync(dataDir)
    .filter((f) => f.endsWith('.csv'))
    .sort()
    .map((f) => {
      const st = fs.statSync(path.join(dataDir, f));
      return `${f}:${st.size}:${Math.trunc(st.mtimeMs)}`;
    });
  return [codeStamp(import.meta.url, ['./dataCache', './csvMarketData']), ...files].join('|');
}

export function encodeMarketData(data: MarketData, key: string): Buffer {
  const d = data.daily;
  const header: Header = {
    key,
    columns: DAILY_FRAME_COLUMNS,
    n: d.n,
    m: data.vx.settle.length,
    dates: d.dates.join(','),
    vxDate: data.vx.date.join(','),
    vxExpiry: data.vx.expiry.join(','),
    events: data.events,
    ...(data.observedDates === undefined ? {} : { observedDates: data.observedDates }),
  };
  const { out, start } = withHeader(MAGIC, header, 8 * (DAILY_FRAME_COLUMNS.length * d.n + header.m), 0x20);
  let off = start;
  const put = (xs: Float64Array): void => {
    if (LITTLE_ENDIAN) {
      Buffer.from(xs.buffer, xs.byteOffset, xs.byteLength).copy(out, off);
      off += xs.byteLength;
    } else for (let i = 0; i < xs.length; i++, off += 8) out.writeDoubleLE(xs[i] as number, off);
  };
  for (const c of DAILY_FRAME_COLUMNS) put(d[c]);
  put(data.vx.settle);
  return out;
}

/** The data set in `buf` if it is a complete cache of `key`, else null. */
export function decodeMarketData(buf: Buffer, key: string): MarketData | null {
  const read = readHeader<Header>(buf, MAGIC);
  if (read === null) return null;
  const h = read.header;
  if (h.key !== key || h.columns.join() !== DAILY_FRAME_COLUMNS.join()) return null;
  const headerEnd = read.start;
  if (buf.length !== headerEnd + 8 * (DAILY_FRAME_COLUMNS.length * h.n + h.m)) return null;
  let off = headerEnd;
  const take = (k: number): Float64Array => {
    if (LITTLE_ENDIAN) {
      // One native copy into a fresh, aligned buffer.
      const xs = new Float64Array(buf.buffer.slice(buf.byteOffset + off, buf.byteOffset + off + 8 * k));
      off += 8 * k;
      return xs;
    }
    const xs = new Float64Array(k);
    for (let i = 0; i < k; i++, off += 8) xs[i] = buf.readDoubleLE(off);
    return xs;
  };
  const split = (s: string, k: number): IsoDate[] | null => {
    const xs = k === 0 ? [] : (s.split(',') as IsoDate[]);
    return xs.length === k ? xs : null;
  };
  const dates = split(h.dates, h.n);
  const vxDate = split(h.vxDate, h.m);
  const vxExpiry = split(h.vxExpiry, h.m);
  if (dates === null || vxDate === null || vxExpiry === null) return null;
  const daily = { dates, n: h.n } as DailyFrame;
  for (const c of DAILY_FRAME_COLUMNS) daily[c] = take(h.n);
  return { daily, vx: { date: vxDate, expiry: vxExpiry, settle: take(h.m) }, events: h.events, ...(h.observedDates === undefined ? {} : { observedDates: h.observedDates }) };
}
