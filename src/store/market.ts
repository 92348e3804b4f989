/** Daily market series as (series, date, field, value) rows, e.g. ('VIX', date, 'close', 18.5). */
import { InputError } from '../core/errors.js';
import { isoDate, type IsoDate } from '../core/time.js';
import { transaction, type Store } from './db.js';

export interface MarketRow {
  series: string;
  date: IsoDate;
  field: string;
  value: number;
}

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
