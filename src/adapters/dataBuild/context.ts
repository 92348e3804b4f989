/**
 * What every step of the embedded data build shares: raw CSV text parsed into rows that know
 * their file and line, the build log (output tables, corrections and cross-checks, listed in
 * data/CORRECTIONS.md) and the calendar on plain date strings. No I/O: the raw files come in
 * as text through a `RawSource`.
 */
import { isTradingDay, nextTradingDay, spxMonthlyExpiration, vixExpiration } from '../../core/calendar.js';
import { DataError } from '../../core/errors.js';
import { parseCsvText } from '../csvTable.js';
import type { IsoDate } from '../../core/time.js';
import { isoFrom, onTradingDays, sortUnique, type Row } from './corrections.js';

/** One raw CSV record: its cells by column name, with the file and 1-based source line for errors. */
export interface RawRow {
  readonly file: string;
  readonly line: number;
  readonly cells: Readonly<Record<string, string | undefined>>;
}

export interface ReadOptions {
  delimiter?: string;
  /** Column names of a file without a header row. */
  columns?: string[];
}

/** The text of a raw file by name (the build's only input). */
export type RawSource = (file: string) => string;

/** `file:line` of a raw row, the `where` of its errors. */
export function at(r: RawRow): string {
  return `${r.file}:${r.line}`;
}

/** A cell of a raw row (undefined on a short row). */
export function cell(r: RawRow, column: string): string | undefined {
  return r.cells[column];
}

/** A date cell as YYYY-MM-DD; a bad one is a DataError naming file, line and column. */
export function dateAt(r: RawRow, column: string): string {
  try {
    return isoFrom(cell(r, column));
  } catch {
    throw new DataError(at(r), `bad ${column} "${String(cell(r, column))}"`);
  }
}

/**
 * Parses a raw CSV (header row unless `columns` is given): each record with its source line.
 * A missing required column is a DataError naming the file's header line and the column; a
 * malformed record (a stray quote, ...) one naming its file and line.
 */
export function parseRawCsv(file: string, text: string, required: readonly string[], opts: ReadOptions = {}): RawRow[] {
  const delimiter = opts.delimiter ?? ',';
  if (opts.columns === undefined) {
    const header = (parseCsvText(file, text, { bom: true, delimiter, to_line: 1 }) as string[][])[0] ?? [];
    const missing = required.find((c) => !header.includes(c));
    if (missing !== undefined) throw new DataError(`${file}:1`, `missing column "${missing}"`);
  }
  const records = parseCsvText(file, text, { columns: opts.columns ?? true, skip_empty_lines: true, delimiter, relax_column_count: true, info: true, bom: true }) as { record: Record<string, string>; info: { lines: number } }[];
  return records.map((r) => ({ file, line: r.info.lines, cells: r.record }));
}

/** The NYSE and expiration calendar on plain date strings (the build's dates are validated by isoFrom). */
export const cal = {
  isTradingDay: (d: string): boolean => isTradingDay(d as IsoDate),
  nextTradingDay: (d: string): string => nextTradingDay(d as IsoDate),
  vixExpiration: (year: number, month1: number): string => vixExpiration(year, month1),
  spxMonthlyExpiration: (year: number, month1: number): string => spxMonthlyExpiration(year, month1),
};

/** Throws a DataError at `where` unless `cond` holds. */
export function check(cond: unknown, where: string, message: string): asserts cond {
  if (!cond) throw new DataError(where, message);
}

/** One entry of CORRECTIONS.md: a kind of change (or of disagreement), its count and examples. */
export interface LogEntry {
  section: string;
  what: string;
  count: number;
  examples: string[];
  more: number;
  note: string;
}

/** One output table: file name, header and rows; `from` is its first day as built. */
export interface OutputTable {
  name: string;
  header: string[];
  rows: Row[];
  from: string;
}

/** Everything a build step reports: the tables it makes, the corrections and the cross-checks. */
export class BuildLog {
  readonly tables: OutputTable[] = [];
  readonly corrections: LogEntry[] = [];
  readonly crossChecks: LogEntry[] = [];

  table(name: string, header: string[], rows: Row[]): void {
    this.tables.push({ name, header, rows, from: rows[0]?.[0] ?? '' });
  }

  correct(section: string, what: string, items: string[], note = '', count = items.length): void {
    this.corrections.push({ section, what, count, examples: items.slice(0, 8), more: Math.max(0, items.length - 8), note });
  }

  crossCheck(section: string, what: string, items: string[], note = ''): void {
    this.crossChecks.push({ section, what, count: items.length, examples: items.slice(0, 12), more: Math.max(0, items.length - 12), note });
  }
}

/** What a build step gets: the raw files (parsed on demand) and the log. */
export interface BuildContext {
  read(file: string, required: readonly string[], opts?: ReadOptions): RawRow[];
  log: BuildLog;
}

export function contextOf(source: RawSource, log = new BuildLog()): BuildContext {
  return { read: (file, required, opts) => parseRawCsv(file, source(file), required, opts), log };
}

/** Keeps rows on NYSE trading days (see corrections.onTradingDays), logging the rest. */
export function keepTradingDays(log: BuildLog, section: string, rows: Row[]): Row[] {
  const { rows: kept, removed } = onTradingDays(rows, cal.isTradingDay, (r) => r[0] as string);
  if (removed.length > 0) log.correct(section, 'rows dated on a non-trading day (weekend or NYSE holiday) removed', removed);
  return kept;
}

/** Sorts by date and drops exact duplicates (see corrections.sortUnique), logging them. */
export function sortUniqueLogged(log: BuildLog, section: string, rows: Row[]): Row[] {
  const { rows: out, duplicates } = sortUnique(section, rows);
  if (duplicates.length > 0) log.correct(section, 'exact duplicate dates removed', duplicates);
  return out;
}

/** Both, in the build's order: trading days first, then sort and de-duplicate. */
export function cleanDaily(log: BuildLog, section: string, rows: Row[]): Row[] {
  return sortUniqueLogged(log, section, keepTradingDays(log, section, rows));
}

/** Comparator by a list of keys, in order. */
export function byKeys<T>(...fns: ((x: T) => string | number)[]): (x: T, y: T) => number {
  return (x, y) => {
    for (const f of fns) {
      const a = f(x);
      const b = f(y);
      if (a < b) return -1;
      if (a > b) return 1;
    }
    return 0;
  };
}
