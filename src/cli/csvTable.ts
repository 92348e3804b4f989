/** Reads a small CSV file with a header row into cells with their 1-based file line numbers. */
import { readUserFile } from './io.js';
import { parse } from 'csv-parse/sync';
import { DataError, InputError } from '../core/errors.js';

export interface CsvTable {
  readonly file: string;
  readonly header: readonly string[];
  readonly rows: ReadonlyArray<{ readonly line: number; readonly cells: readonly string[] }>;
}

export function readCsvTable(file: string, flag: string): CsvTable {
  const text = readUserFile(flag, file);
  let records: Array<{ record: string[]; info: { lines: number } }>;
  try {
    records = parse(text, { info: true, skip_empty_lines: true, trim: true, bom: true }) as unknown as Array<{
      record: string[];
      info: { lines: number };
    }>;
  } catch (err) {
    const e = err as { lines?: number; message?: string };
    throw new DataError(`${file}${e.lines !== undefined ? `:${e.lines}` : ''}`, e.message ?? String(err));
  }
  const first = records[0];
  if (!first) throw new DataError(file, 'empty file (expected a header row)');
  return {
    file,
    header: first.record,
    rows: records.slice(1).map((r) => ({ line: r.info.lines, cells: r.record })),
  };
}

/** Index of a named column, or a DataError naming the file and the missing column. */
export function columnIndex(table: CsvTable, name: string, flag?: string): number {
  const i = table.header.indexOf(name);
  if (i < 0) {
    const msg = `no column "${name}" (columns: ${table.header.join(', ')})`;
    if (flag) throw new InputError(flag, `${table.file}: ${msg}`);
    throw new DataError(table.file, msg);
  }
  return i;
}

/** A finite number from a cell, or a DataError naming file:line and the field. */
export function numberCell(table: CsvTable, row: { line: number; cells: readonly string[] }, col: number): number {
  const raw = row.cells[col] ?? '';
  const x = Number(raw);
  if (raw === '' || !Number.isFinite(x)) {
    throw new DataError(`${table.file}:${row.line}`, `${table.header[col] ?? `column ${col + 1}`}: not a number: "${raw}"`);
  }
  return x;
}
