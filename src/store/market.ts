/** Daily market series as (series, date, field, value) rows, e.g. ('VIX', date, 'close', 18.5). */
import { DataError, InputError } from '../core/errors.js';
import { isoDate, type IsoDate } from '../core/time.js';
import { transaction, type Store } from './db.js';

import type { MarketRow } from '../market/marketRows.js';

export type { MarketRow };

export interface UpsertSummary {
  series: string;
  rowsAdded: number;
  rowsChanged: number;
  lastDate: IsoDate | null;
}

/**
 * Writes the rows of one series in one transaction: new (date, field) pairs are added,
 * existing ones are replaced when the value differs. Any bad row aborts the whole write.
 */
export function upsertSeries(store: Store, series: string, rows: ReadonlyArray<{ date: string; field: string; value: number }>): UpsertSummary {
  if (series.length === 0) throw new InputError('series', 'must not be empty');
  return transaction(store, () => {
    const get = store.db.prepare('SELECT value FROM market_data WHERE series = ? AND date = ? AND field = ?');
    const put = store.db.prepare(
      `INSERT INTO market_data (series, date, field, value, ingested_at_ms) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (series, date, field) DO UPDATE SET value = excluded.value, ingested_at_ms = excluded.ingested_at_ms`,
    );
    const now = store.clock.nowMs();
    let rowsAdded = 0;
    let rowsChanged = 0;
    for (const [i, r] of rows.entries()) {
      const date = isoDate(r.date, `${series}[${i}].date`);
      if (r.field.length === 0) throw new InputError(`${series}[${i}].field`, 'must not be empty');
      if (!Number.isFinite(r.value)) throw new InputError(`${series}[${i}].value`, `must be a finite number, got ${String(r.value)}`);
      const old = get.get(series, date, r.field) as { value: number } | undefined;
      if (old === undefined) rowsAdded++;
      else if (old.value === r.value) continue;
      else rowsChanged++;
      put.run(series, date, r.field, r.value, now);
    }
    const last = store.db.prepare('SELECT max(date) AS d FROM market_data WHERE series = ?').get(series) as { d: string | null };
    return { series, rowsAdded, rowsChanged, lastDate: (last.d as IsoDate | null) ?? null };
  });
}

export function readSeries(store: Store, series: string, range: { from?: string; to?: string } = {}): MarketRow[] {
  const from = range.from === undefined ? '0000-01-01' : isoDate(range.from, 'from');
  const to = range.to === undefined ? '9999-12-31' : isoDate(range.to, 'to');
  return store.db
    .prepare('SELECT series, date, field, value FROM market_data WHERE series = ? AND date BETWEEN ? AND ? ORDER BY date, field')
    .all(series, from, to) as MarketRow[];
}

export function listSeries(store: Store): Array<{ series: string; rows: number; firstDate: IsoDate; lastDate: IsoDate }> {
  return store.db
    .prepare('SELECT series, count(*) AS rows, min(date) AS firstDate, max(date) AS lastDate FROM market_data GROUP BY series ORDER BY series')
    .all() as Array<{ series: string; rows: number; firstDate: IsoDate; lastDate: IsoDate }>;
}

/** A cheap token that changes whenever `alvh data update` writes rows (a long-running server reloads its data on a change). */
export function marketDataVersion(store: Store): string {
  const r = store.db.prepare('SELECT count(*) AS n, max(ingested_at_ms) AS t FROM market_data').get() as { n: number; t: number | null };
  return `${r.n}:${r.t ?? 0}`;
}

/** Every market row, sorted by (series, date, field). */
export function readMarketRows(store: Store): MarketRow[] {
  return store.db.prepare('SELECT series, date, field, value FROM market_data ORDER BY series, date, field').all() as MarketRow[];
}

export interface MarketBatch {
  series: string;
  /** The series' last stored date the batch was planned against (null: none stored). */
  storedLastDate: string | null;
  rows: ReadonlyArray<{ date: string; field: string; value: number }>;
}

/**
 * Writes every batch in ONE transaction. If another process wrote one of the series since the
 * batches were planned (its last stored date moved), nothing is written and a DataError says so.
 */
export function writeMarketBatches(store: Store, batches: readonly MarketBatch[]): UpsertSummary[] {
  return transaction(store, () => {
    const lastOf = store.db.prepare('SELECT max(date) AS d FROM market_data WHERE series = ?');
    for (const b of batches) {
      const now = (lastOf.get(b.series) as { d: string | null }).d;
      if (now !== b.storedLastDate) {
        throw new DataError(store.path, `series ${b.series} changed while the update ran (last date ${now ?? 'none'}, expected ${b.storedLastDate ?? 'none'}): nothing written, run it again`);
      }
    }
    return batches.map((b) => upsertSeries(store, b.series, b.rows));
  });
}

/** The whole market_data table as text, one row a line (all columns): for exact before/after comparisons. */
export function dumpMarketData(store: Store): string {
  const rows = store.db.prepare('SELECT series, date, field, value, ingested_at_ms FROM market_data ORDER BY series, date, field').raw().all() as unknown[][];
  return rows.map((r) => r.map((v) => String(v)).join('\t')).join('\n');
}
