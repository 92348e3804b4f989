/** The daily index series of the embedded data: SPX and the Cboe vol indices. */
import { cleanOhlcBar, fmt, FIRST_DAY, num, type Row } from './corrections.js';
import { at, cal, cell, check, cleanDaily, dateAt, type BuildContext } from './context.js';

const OHLC = ['open', 'high', 'low', 'close'] as const;

/**
 * spx_daily.csv from 1990: float32 artefacts rounded to 2 decimals (counted), OHLC order
 * asserted, and every NYSE trading day from FIRST_DAY to the last row present.
 */
export function buildSpx(ctx: BuildContext): Row[] {
  const file = 'spx_daily.csv';
  let noise = 0;
  let rows: Row[] = [];
  for (const r of ctx.read(file, ['date', ...OHLC])) {
    const d = dateAt(r, 'date');
    if (d < FIRST_DAY) continue;
    const vals = OHLC.map((c) => num(cell(r, c)));
    for (const [i, v] of vals.entries()) {
      check(Number.isFinite(v) && v > 0, at(r), `bad ${OHLC[i]}`);
      if (fmt(v, 2) !== String(v)) noise++;
    }
    rows.push([d, ...vals.map((v) => fmt(v, 2))]);
  }
  rows = cleanDaily(ctx.log, 'SPX', rows);
  for (const r of rows) {
    const [o, h, l, c] = r.slice(1).map(Number) as [number, number, number, number];
    check(l <= Math.min(o, c) && h >= Math.max(o, c), file, `SPX OHLC violated on ${r[0]}`);
  }
  ctx.log.correct('SPX', 'float32 artefacts rounded to 2 decimals (e.g. 2237.39990234375 -> 2237.4); values affected', [`${noise} of ${rows.length * 4} values (rows before 1990 are not embedded)`], '', noise);
  const missing = missingTradingDays(rows, FIRST_DAY);
  ctx.log.crossCheck('SPX', 'NYSE trading days (calendar) missing from the SPX file 1990..end', missing);
  check(missing.length === 0, file, 'SPX file misses trading days: ' + missing.slice(0, 5).join(' '));
  ctx.log.table('spx_daily.csv', ['date', ...OHLC], rows);
  return rows;
}

/** Trading days from `from` to the last row's date that have no row. */
export function missingTradingDays(rows: readonly Row[], from: string): string[] {
  const set = new Set(rows.map((r) => r[0]));
  const last = rows[rows.length - 1]?.[0] ?? '';
  const missing: string[] = [];
  for (let d = from; d <= last; d = cal.nextTradingDay(d)) if (!set.has(d)) missing.push(d);
  return missing;
}

/** A Cboe OHLC vol index (cleanOhlcBar on every bar from `from`, FIRST_DAY by default). */
export function buildOhlcIndex(ctx: BuildContext, section: string, file: string, out: string, opts: { from?: string; blankBefore?: string } = {}): Row[] {
  let blanked = 0;
  const violated: string[] = [];
  let lastBlank = '';
  let rows: Row[] = [];
  for (const r of ctx.read(file, ['DATE', 'OPEN', 'HIGH', 'LOW', 'CLOSE'])) {
    const d = dateAt(r, 'DATE');
    if (d < (opts.from ?? FIRST_DAY)) continue;
    const [o, h, l, c] = ['OPEN', 'HIGH', 'LOW', 'CLOSE'].map((k) => num(cell(r, k))) as [number, number, number, number];
    const { row, fix: what } = cleanOhlcBar({ date: d, open: o, high: h, low: l, close: c, where: at(r) }, opts.blankBefore);
    if (what === 'blanked') {
      blanked++;
      lastBlank = d;
    }
    if (what === 'inconsistent') violated.push(`${d} o ${o} h ${h} l ${l} c ${c}`);
    rows.push(row);
  }
  rows = cleanDaily(ctx.log, section, rows);
  if (blanked > 0) ctx.log.correct(section, `open/high/low left empty where they equal the close (close-only history${opts.blankBefore ? ` before ${opts.blankBefore}` : ''})`, [`${blanked} rows from ${rows[0]?.[0]}; last one ${lastBlank}`], '', blanked);
  ctx.log.correct(section, 'rows with inconsistent OHLC (low > min(open, close) or high < max(open, close)): open/high/low left empty, close kept', violated);
  ctx.log.table(out, ['date', ...OHLC], rows);
  return rows;
}

/** A close-only index (VVIX, SKEW): rows before `from` dropped and listed under `dropNote`. */
export function buildCloseIndex(ctx: BuildContext, section: string, file: string, out: string, col: string, opts: { from?: string; dropNote?: string } = {}): Row[] {
  let rows: Row[] = [];
  const dropped: string[] = [];
  for (const r of ctx.read(file, ['DATE', col])) {
    const d = dateAt(r, 'DATE');
    const c = num(cell(r, col));
    check(Number.isFinite(c) && c > 0, at(r), `bad ${col}`);
    if (opts.from !== undefined && d < opts.from) {
      dropped.push(`${d} ${c}`);
      continue;
    }
    rows.push([d, fmt(c, 2)]);
  }
  if (dropped.length > 0) ctx.log.correct(section, opts.dropNote ?? 'rows before the first day dropped', dropped);
  rows = cleanDaily(ctx.log, section, rows);
  ctx.log.table(out, ['date', 'close'], rows);
  return rows;
}

/** VIX1D (Yahoo, 2024-2026): open and close rounded to 2 decimals. */
export function buildVix1d(ctx: BuildContext): Row[] {
  const file = 'vix1d_daily_2024_2026.csv';
  let rows: Row[] = ctx.read(file, ['date', 'open', 'close']).map((r) => {
    const row = [dateAt(r, 'date'), fmt(num(cell(r, 'open')), 2), fmt(num(cell(r, 'close')), 2)];
    check(row[1] !== '' && row[2] !== '', at(r), `bad ${row[1] === '' ? 'open' : 'close'}`);
    return row;
  });
  ctx.log.correct('VIX1D', 'Yahoo float artefacts rounded to 2 decimals', [`${rows.length} rows`], '', rows.length);
  rows = cleanDaily(ctx.log, 'VIX1D', rows);
  ctx.log.table('vix1d_daily.csv', ['date', 'open', 'close'], rows);
  return rows;
}
