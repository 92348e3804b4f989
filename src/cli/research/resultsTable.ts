/**
 * A sweep's results directory: `DIR/results.sqlite` (the durable copy, one row per finished
 * variant, written in a transaction as each batch finishes, so a killed sweep resumes from
 * it) and `DIR/results.csv` (rewritten atomically from it). Both have one row per variant:
 * its position, its key, the varied values, then every metric.
 */
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../../core/errors.js';
import { METRIC_COLUMNS, type MetricRow, type VariantResult } from '../../research/sweep.js';
import type { GridValue } from '../../research/grid.js';
import { writeFileAtomic } from '../io.js';

export interface StoredRow {
  readonly variant: number;
  readonly key: string;
  readonly values: Readonly<Record<string, GridValue>>;
  readonly metrics: MetricRow;
}

const q = (name: string): string => `"${name.replace(/"/g, '""')}"`;

export class ResultsTable {
  private readonly db: Database.Database;
  readonly csvPath: string;

  /** Opens (or creates) the table of `dir` for the grid `fingerprint` with the varied `keys`; another grid's directory is refused. */
  constructor(readonly dir: string, readonly fingerprint: string, readonly keys: readonly string[]) {
    try {
      mkdirSync(dir, { recursive: true });
    } catch (e) {
      throw new InputError('--out', `cannot create "${dir}": ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
    }
    this.csvPath = join(dir, 'results.csv');
    this.db = new Database(join(dir, 'results.sqlite'));
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.exec('CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL)');
    const row = this.db.prepare('SELECT value FROM meta WHERE name = ?').get('grid') as { value: string } | undefined;
    if (row !== undefined && row.value !== fingerprint) {
      this.db.close();
      throw new InputError('--out', `${dir} holds the results of another grid (${row.value}); use a new directory`);
    }
    const cols = [
      'variant INTEGER NOT NULL',
      'key TEXT PRIMARY KEY',
      ...keys.map((k) => `${q(k)}`),
      ...METRIC_COLUMNS.map((m) => `${q(m)} REAL`),
    ];
    this.db.exec(`CREATE TABLE IF NOT EXISTS results (${cols.join(', ')})`);
    this.db.prepare('INSERT OR IGNORE INTO meta (name, value) VALUES (?, ?)').run('grid', fingerprint);
  }

  doneKeys(): Set<string> {
    return new Set((this.db.prepare('SELECT key FROM results').all() as { key: string }[]).map((r) => r.key));
  }

  /** Adds finished variants in one transaction (a variant already stored is left as it is). */
  add(rows: readonly { variant: number; result: VariantResult }[]): void {
    const names = ['variant', 'key', ...this.keys, ...METRIC_COLUMNS];
    const stmt = this.db.prepare(`INSERT OR IGNORE INTO results (${names.map(q).join(', ')}) VALUES (${names.map(() => '?').join(', ')})`);
    const tx = this.db.transaction((batch: readonly { variant: number; result: VariantResult }[]) => {
      for (const { variant, result } of batch) {
        const v = (x: GridValue | undefined): string | number | null => (x === undefined || x === null ? null : typeof x === 'boolean' ? (x ? 1 : 0) : x);
        stmt.run(variant, result.key, ...this.keys.map((k) => v(result.values[k])), ...METRIC_COLUMNS.map((m) => result.metrics[m]));
      }
    });
    tx(rows);
  }

  rows(): StoredRow[] {
    const raw = this.db.prepare('SELECT * FROM results ORDER BY variant').all() as Record<string, string | number | null>[];
    return raw.map((r) => ({
      variant: r.variant as number,
      key: r.key as string,
      values: Object.fromEntries(this.keys.map((k) => [k, r[k] as GridValue])),
      metrics: Object.fromEntries(METRIC_COLUMNS.map((m) => [m, r[m] as number | null])) as MetricRow,
    }));
  }

  /** Rewrites results.csv from the table (atomically). */
  writeCsv(): void {
    const cell = (x: GridValue | undefined): string => {
      if (x === null || x === undefined) return '';
      const s = String(x);
      return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
    };
    const lines = [['variant', 'key', ...this.keys, ...METRIC_COLUMNS].map(cell).join(',')];
    for (const r of this.rows()) lines.push([r.variant, r.key, ...this.keys.map((k) => r.values[k]), ...METRIC_COLUMNS.map((m) => r.metrics[m])].map((x) => cell(x as GridValue)).join(','));
    writeFileAtomic(this.csvPath, `${lines.join('\n')}\n`);
  }

  close(): void {
    this.db.close();
  }
}
