/**
 * A strict CSV table reader: exact header, one type per column, every row checked.
 * A bad row throws DataError('<file>:<line>', '<field>: <what>'); nothing partial is returned.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse, type Options } from 'csv-parse/sync';
import { parseDecimal } from '../core/decimal.js';
import { DataError } from '../core/errors.js';
import type { IsoDate } from '../core/time.js';

/**
 * date: YYYY-MM-DD; mdy: MM/DD/YYYY (Cboe), returned as YYYY-MM-DD; num: finite number;
 * optnum: finite number or empty (NaN); str: any text; enum: one of `values`.
 */
export type ColumnKind = 'date' | 'mdy' | 'num' | 'optnum' | 'str' | 'enum';

export interface ColumnSpec {
  name: string;
  kind: ColumnKind;
  /** For num/optnum: smallest allowed value. */
  min?: number;
  /** For num/optnum: values must be > min instead of >= min. */
  exclusiveMin?: boolean;
  /** For enum. */
  values?: readonly string[];
  /** For optnum: extra cell texts that mean "no value" besides the empty cell (FRED writes "."). */
  missing?: readonly string[];
}

export interface Table {
  file: string;
  n: number;
  /** 1-based line number of each row in the file. */
  lines: Int32Array;
  str: Record<string, string[]>;
  num: Record<string, Float64Array>;
}

const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function digits(s: string, from: number, to: number): number {
  let v = 0;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

/** True for a real calendar date written YYYY-MM-DD. Allocation-free (it runs on every row). */
export function isValidIsoDate(s: string): boolean {
  return isValidIsoDateAt(s, 0, s.length);
}

/** isValidIsoDate of s[from, to), without slicing it. */
export function isValidIsoDateAt(s: string, from: number, to: number): boolean {
  if (to - from !== 10 || s.charCodeAt(from + 4) !== 45 || s.charCodeAt(from + 7) !== 45) return false;
  const y = digits(s, from, from + 4);
  const mo = digits(s, from + 5, from + 7);
  const d = digits(s, from + 8, from + 10);
  if (y < 0 || mo < 1 || mo > 12 || d < 1) return false;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const dim = mo === 2 && leap ? 29 : (DAYS_IN_MONTH[mo - 1] as number);
  return d <= dim;
}

interface RawRecord {
  record: string[];
  info: { lines: number };
}

/**
 * csv-parse's sync parse of `file`'s text; its CsvError (a stray quote, ...) becomes a
 * DataError('<file>:<line>', 'csv: ...'), like every other bad-input error.
 */
export function parseCsvText(file: string, text: string, options: Options): unknown {
  try {
    return parse(text, options);
  } catch (e) {
    const line = (e as { lines?: number }).lines;
    throw new DataError(line === undefined ? file : `${file}:${line}`, `csv: ${(e as Error).message}`);
  }
}

function parseQuoted(file: string, text: string): RawRecord[] {
  return parseCsvText(file, text, { info: true, relax_column_count: true, skip_empty_lines: true, bom: true }) as RawRecord[];
}

/** MM/DD/YYYY (Cboe's date format) → YYYY-MM-DD, or null when it is not a real calendar date. */
export function mdyToIso(s: string): string | null {
  if (s.length !== 10 || s.charCodeAt(2) !== 47 || s.charCodeAt(5) !== 47) return null;
  const iso = `${s.slice(6, 10)}-${s.slice(0, 2)}-${s.slice(3, 5)}`;
  return isValidIsoDate(iso) ? iso : null;
}

type Sink = { kind: 'text'; spec: ColumnSpec; out: string[] } | { kind: 'num'; spec: ColumnSpec; out: Float64Array };

function countLines(text: string): number {
  let n = 1;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/**
 * Parses CSV text (the header must list exactly `columns`, in order) into typed columns.
 * Fast path when the text has no quote character (the embedded files): a scanner over line
 * breaks and commas that parses numbers in place, with exact 1-based line numbers. Quoted
 * files go through csv-parse (several times slower on the 30k-row files).
 */
export function parseTable(file: string, text: string, columns: readonly ColumnSpec[]): Table {
  const cap = countLines(text);
  const lines = new Int32Array(cap);
  const sinks: Sink[] = columns.map((spec) =>
    spec.kind === 'num' || spec.kind === 'optnum' ? { kind: 'num', spec, out: new Float64Array(cap) } : { kind: 'text', spec, out: new Array<string>() },
  );
  const width = columns.length;
  let n = 0;

  /** Stores field j of row n from s[from, to). */
  const field = (j: number, s: string, from: number, to: number, line: number): void => {
    const sink = sinks[j] as Sink;
    const c = sink.spec;
    if (sink.kind === 'num') {
      let x: number;
      if (from === to || (c.missing !== undefined && c.missing.includes(s.slice(from, to)))) {
        if (c.kind === 'num') throw new DataError(`${file}:${line}`, `${c.name}: missing value`);
        x = NaN;
      } else {
        const fast = parseDecimal(s, from, to);
        if (fast === undefined) {
          const v = s.slice(from, to);
          if (!NUMBER.test(v)) throw new DataError(`${file}:${line}`, `${c.name}: not a number: "${v}"`);
          x = Number(v);
        } else x = fast;
        if (Number.isNaN(x)) throw new DataError(`${file}:${line}`, `${c.name}: not a number: "${s.slice(from, to)}"`);
        if (!Number.isFinite(x)) throw new DataError(`${file}:${line}`, `${c.name}: not a finite number: "${s.slice(from, to)}"`);
        if (c.min !== undefined && (c.exclusiveMin ? x <= c.min : x < c.min)) {
          throw new DataError(`${file}:${line}`, `${c.name}: must be ${c.exclusiveMin ? '>' : '>='} ${c.min}, got ${s.slice(from, to)}`);
        }
      }
      sink.out[n] = x;
    } else if (c.kind === 'mdy') {
      const v = s.slice(from, to);
      const iso = mdyToIso(v);
      if (iso === null) throw new DataError(`${file}:${line}`, `${c.name}: not a valid MM/DD/YYYY date: "${v}"`);
      sink.out.push(iso);
    } else {
      // Sorted files repeat a date on consecutive rows (31k VX rows, ~4.6k dates): reuse the
      // previous string instead of allocating a new one.
      const prev = sink.out.length > 0 ? (sink.out[sink.out.length - 1] as string) : '';
      const v = prev.length === to - from && s.startsWith(prev, from) ? prev : from === 0 && to === s.length ? s : s.slice(from, to);
      if (c.kind === 'date' && !isValidIsoDate(v)) throw new DataError(`${file}:${line}`, `${c.name}: not a valid YYYY-MM-DD date: "${v}"`);
      if (c.kind === 'enum' && !(c.values ?? []).includes(v)) throw new DataError(`${file}:${line}`, `${c.name}: expected one of ${(c.values ?? []).join('|')}, got "${v}"`);
      sink.out.push(v);
    }
  };

  let headerSeen = false;
  if (text.includes('"')) {
    for (const r of parseQuoted(file, text)) {
      const f = r.record;
      const line = r.info.lines;
      if (!headerSeen) {
        checkHeader(file, line, f, columns);
        headerSeen = true;
        continue;
      }
      if (f.length !== width) throw new DataError(`${file}:${line}`, `row: expected ${width} fields, got ${f.length}`);
      lines[n] = line;
      for (let j = 0; j < width; j++) {
        const v = f[j] as string;
        field(j, v, 0, v.length, line);
      }
      n++;
    }
  } else {
    let start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
    let line = 0;
    const len = text.length;
    while (start < len) {
      let end = text.indexOf('\n', start);
      if (end < 0) end = len;
      line++;
      let stop = end;
      if (stop > start && text.charCodeAt(stop - 1) === 13) stop--;
      if (stop > start) {
        if (!headerSeen) {
          checkHeader(file, line, text.slice(start, stop).split(','), columns);
          headerSeen = true;
        } else {
          lines[n] = line;
          let from = start;
          let j = 0;
          for (;;) {
            let comma = text.indexOf(',', from);
            if (comma < 0 || comma > stop) comma = stop;
            if (j >= width) throw new DataError(`${file}:${line}`, `row: expected ${width} fields, got ${text.slice(start, stop).split(',').length}`);
            field(j, text, from, comma, line);
            j++;
            if (comma === stop) break;
            from = comma + 1;
          }
          if (j !== width) throw new DataError(`${file}:${line}`, `row: expected ${width} fields, got ${j}`);
          n++;
        }
      }
      start = end + 1;
    }
  }
  if (!headerSeen) throw new DataError(file, 'empty file (no header)');
  const str: Record<string, string[]> = {};
  const num: Record<string, Float64Array> = {};
  for (const s of sinks) {
    if (s.kind === 'num') num[s.spec.name] = s.out.slice(0, n);
    else str[s.spec.name] = s.out;
  }
  return { file, n, lines: lines.slice(0, n), str, num };
}

function checkHeader(file: string, line: number, fields: readonly string[], columns: readonly ColumnSpec[]): void {
  const got = fields.map((h) => h.trim());
  const where = `${file}:${line}`;
  for (const c of columns) if (!got.includes(c.name)) throw new DataError(where, `header: missing column "${c.name}"`);
  for (const g of got) if (!columns.some((c) => c.name === g)) throw new DataError(where, `header: unexpected column "${g}"`);
  if (got.length !== columns.length || columns.some((c, i) => got[i] !== c.name)) {
    throw new DataError(where, `header: expected columns in the order ${columns.map((c) => c.name).join(',')}`);
  }
}

export function readTable(filePath: string, columns: readonly ColumnSpec[]): Table {
  const file = path.basename(filePath);
  let text: string;
  try {
    text = fs.readFileSync(filePath, 'utf8');
  } catch (e) {
    throw new DataError(file, `cannot read ${filePath}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  return parseTable(file, text, columns);
}

export function strCol(t: Table, name: string): string[] {
  const c = t.str[name];
  if (c === undefined) throw new DataError(t.file, `internal: no text column ${name}`);
  return c;
}

export function numCol(t: Table, name: string): Float64Array {
  const c = t.num[name];
  if (c === undefined) throw new DataError(t.file, `internal: no number column ${name}`);
  return c;
}

export function dateCol(t: Table, name: string): IsoDate[] {
  return strCol(t, name) as IsoDate[];
}

/** Keys strictly ascending (hence unique). `keys` are comparable strings; `field` names the column in errors. */
export function checkStrictlyAscending(t: Table, keys: readonly string[], field: string): void {
  for (let i = 1; i < keys.length; i++) {
    const a = keys[i - 1] as string;
    const b = keys[i] as string;
    if (b === a) throw new DataError(`${t.file}:${t.lines[i]}`, `${field}: duplicate ${b.replace('|', ' ')}`);
    if (b < a) throw new DataError(`${t.file}:${t.lines[i]}`, `${field}: ${b.replace('|', ' ')} is not after ${a.replace('|', ' ')} (rows must be strictly ascending)`);
  }
}

/** Rows strictly ascending by (a, b), hence unique. */
export function checkStrictlyAscending2(t: Table, a: readonly string[], b: readonly string[], field: string): void {
  for (let i = 1; i < a.length; i++) {
    const a0 = a[i - 1] as string;
    const a1 = a[i] as string;
    if (a1 > a0) continue;
    const b0 = b[i - 1] as string;
    const b1 = b[i] as string;
    if (a1 === a0 && b1 > b0) continue;
    if (a1 === a0 && b1 === b0) throw new DataError(`${t.file}:${t.lines[i]}`, `${field}: duplicate ${a1} ${b1}`);
    throw new DataError(`${t.file}:${t.lines[i]}`, `${field}: ${a1} ${b1} is not after ${a0} ${b0} (rows must be strictly ascending)`);
  }
}

/** Keys non-decreasing. */
export function checkAscending(t: Table, keys: readonly string[], field: string): void {
  for (let i = 1; i < keys.length; i++) {
    const a = keys[i - 1] as string;
    const b = keys[i] as string;
    if (b < a) throw new DataError(`${t.file}:${t.lines[i]}`, `${field}: ${b} is before ${a} (rows must be ascending)`);
  }
}

/** low <= open, close <= high where open/high/low are present (NaN = absent, then all three must be absent). */
export function checkOhlc(t: Table, o: Float64Array, h: Float64Array, l: Float64Array, c: Float64Array): void {
  for (let i = 0; i < t.n; i++) {
    const oi = o[i] as number;
    const hi = h[i] as number;
    const li = l[i] as number;
    const ci = c[i] as number;
    const where = `${t.file}:${t.lines[i]}`;
    const nan = Number(Number.isNaN(oi)) + Number(Number.isNaN(hi)) + Number(Number.isNaN(li));
    if (nan === 3) continue;
    if (nan !== 0) throw new DataError(where, 'open/high/low: either all three or none must be given');
    if (hi < li) throw new DataError(where, `high: ${hi} is below low ${li}`);
    if (oi < li || oi > hi) throw new DataError(where, `open: ${oi} is outside [low ${li}, high ${hi}]`);
    if (ci < li || ci > hi) throw new DataError(where, `close: ${ci} is outside [low ${li}, high ${hi}]`);
  }
}
