/**
 * `alvh indicators`: RSI, EMA and MACD (TA-Lib conventions) over one column of a CSV file.
 * With --json it prints one JSON array (one object per input row, in order); without, a
 * readable table. Outputs are null during warm-up.
 */
import type { Command } from 'commander';
import { DataError, InputError } from '../../core/errors.js';
import { ema } from '../../indicators/ema.js';
import { macd } from '../../indicators/macd.js';
import { rsi } from '../../indicators/rsi.js';
import { columnIndex, numberCell, readCsvTable } from '../csvTable.js';
import { printJson } from '../io.js';
import { int } from '../options.js';

interface Opts {
  csv: string;
  column: string;
  dateColumn?: string;
  rsi?: string;
  ema?: string;
  macd?: string;
  json?: boolean;
}

function parseMacd(raw: string): [number, number, number] {
  const parts = raw.split(',');
  if (parts.length !== 3) throw new InputError('--macd', `expected FAST,SLOW,SIGNAL (e.g. 12,26,9), got "${raw}"`);
  const [f, s, g] = parts.map((p) => int('--macd', p.trim(), 1)) as [number, number, number];
  if (f < 2 || s < 2) throw new InputError('--macd', `FAST and SLOW must be >= 2, got "${raw}"`);
  if (f === s) throw new InputError('--macd', `FAST and SLOW must differ, got "${raw}"`);
  return [f, s, g];
}

const nullable = (x: number | undefined): number | null => (x === undefined || Number.isNaN(x) ? null : x);

export function register(program: Command): void {
  program
    .command('indicators')
    .description('RSI (Wilder), EMA (SMA-seeded) and MACD of one CSV column, with TA-Lib conventions.')
    .requiredOption('--csv <file>', 'input CSV with a header row')
    .requiredOption('--column <name>', 'the numeric column to use')
    .option('--date-column <name>', 'a column copied to each output row as "date"')
    .option('--rsi <n>', 'RSI period (Wilder smoothing)')
    .option('--ema <n>', 'EMA period')
    .option('--macd <fast,slow,signal>', 'MACD periods, e.g. 12,26,9')
    .option('--json', 'print only a JSON array: one object per input row with value and the requested outputs (null during warm-up)')
    .addHelpText('after', '\nExample:\n  alvh indicators --csv vix.csv --column CLOSE --date-column DATE --rsi 14 --macd 12,26,9 --json')
    .action((opts: Opts) => {
      const rsiN = opts.rsi === undefined ? undefined : int('--rsi', opts.rsi, 1);
      const emaN = opts.ema === undefined ? undefined : int('--ema', opts.ema, 1);
      const macdP = opts.macd === undefined ? undefined : parseMacd(opts.macd);
      const table = readCsvTable(opts.csv, '--csv');
      const col = columnIndex(table, opts.column, '--column');
      const dateCol = opts.dateColumn === undefined ? undefined : columnIndex(table, opts.dateColumn, '--date-column');
      if (table.rows.length === 0) throw new DataError(opts.csv, 'no data rows');
      const values = new Float64Array(table.rows.length);
      table.rows.forEach((row, i) => {
        values[i] = numberCell(table, row, col);
      });
      const rsiOut = rsiN === undefined ? undefined : rsi(values, rsiN);
      const emaOut = emaN === undefined ? undefined : ema(values, emaN);
      const macdOut = macdP === undefined ? undefined : macd(values, ...macdP);
      const rows = table.rows.map((row, i) => {
        const o: Record<string, string | number | null> = {};
        if (dateCol !== undefined) o.date = row.cells[dateCol] ?? '';
        o.value = values[i] as number;
        if (rsiOut) o.rsi = nullable(rsiOut[i]);
        if (emaOut) o.ema = nullable(emaOut[i]);
        if (macdOut) {
          o.macd = nullable(macdOut.macd[i]);
          o.macdSignal = nullable(macdOut.signal[i]);
          o.macdHist = nullable(macdOut.hist[i]);
        }
        return o;
      });
      if (opts.json) {
        printJson(rows);
        return;
      }
      const keys = Object.keys(rows[0] ?? {});
      const fmt = (v: string | number | null | undefined): string =>
        v === null || v === undefined ? '-' : typeof v === 'number' ? (Number.isInteger(v) ? String(v) : v.toFixed(4)) : v;
      const cells = [keys, ...rows.map((r) => keys.map((k) => fmt(r[k])))];
      const widths = keys.map((_, j) => Math.max(...cells.map((c) => (c[j] ?? '').length)));
      const text = cells.map((c) => c.map((s, j) => s.padStart(widths[j] ?? 0)).join('  ')).join('\n');
      process.stdout.write(`${text}\n`);
    });
}
