/** NYSE advances / declines / unchanged (nyse_breadth.csv). */
import { num, type Row } from './corrections.js';
import { at, cell, check, cleanDaily, dateAt, type BuildContext } from './context.js';
import { missingTradingDays } from './dailySeries.js';

/** Rows known to be wrong in the raw files (totals far from the ~2800-3500 norm). */
export const BAD_BREADTH_DAYS: Readonly<Record<string, string>> = { '1999-05-25': 'declines = 19', '2000-05-12': 'adv+decl+unch = 4654', '2001-02-15': 'adv+decl+unch = 2013' };
/** A monthly point before the daily series starts. */
export const LONE_BREADTH_DAYS: Readonly<Record<string, string>> = { '1991-12-02': 'lone monthly point before the daily series' };

/** The joined rows and what the join removed. */
export interface BreadthJoin {
  rows: Row[];
  advOnly: string[];
  decOnly: string[];
  bad: string[];
  lone: string[];
}

/**
 * Inner join of advances and declines by date (unchanged optional, empty when absent), without
 * the known bad and lone rows; rows sorted by date.
 */
export function joinBreadth(adv: ReadonlyMap<string, number>, dec: ReadonlyMap<string, number>, unc: ReadonlyMap<string, number>): BreadthJoin {
  const out: BreadthJoin = { rows: [], advOnly: [...adv.keys()].filter((d) => !dec.has(d)).sort(), decOnly: [...dec.keys()].filter((d) => !adv.has(d)).sort(), bad: [], lone: [] };
  for (const d of [...adv.keys()].filter((x) => dec.has(x)).sort()) {
    const bad = BAD_BREADTH_DAYS[d];
    const lone = LONE_BREADTH_DAYS[d];
    if (bad !== undefined) out.bad.push(`${d} (${bad}: adv ${adv.get(d)}, decl ${dec.get(d)}, unch ${unc.get(d) ?? 'n/a'})`);
    else if (lone !== undefined) out.lone.push(`${d} (${lone})`);
    else out.rows.push([d, String(adv.get(d)), String(dec.get(d)), unc.has(d) ? String(unc.get(d)) : '']);
  }
  return out;
}

/** Days whose adv+decl+unch total lies outside 1500..4500 (rows with unchanged only). */
export function oddBreadthTotals(rows: readonly Row[]): string[] {
  return rows.filter((r) => r[3] !== '' && (Number(r[1]) + Number(r[2]) + Number(r[3]) < 1500 || Number(r[1]) + Number(r[2]) + Number(r[3]) > 4500)).map((r) => r[0] as string);
}

function loadCounts(ctx: BuildContext, file: string): Map<string, number> {
  const m = new Map<string, number>();
  for (const r of ctx.read(file, ['time', 'close'])) {
    const v = num(cell(r, 'close'));
    check(Number.isFinite(v) && v >= 0, at(r), 'bad close');
    m.set(dateAt(r, 'time'), v);
  }
  return m;
}

export function buildBreadth(ctx: BuildContext): Row[] {
  const adv = loadCounts(ctx, 'nyse_advances_daily.csv');
  const dec = loadCounts(ctx, 'nyse_declines_daily.csv');
  const unc = loadCounts(ctx, 'nyse_unchanged_daily.csv');
  const j = joinBreadth(adv, dec, unc);
  const log = ctx.log;
  log.correct('NYSE breadth', 'advances without a declines row dropped (inner join)', j.advOnly);
  log.correct('NYSE breadth', 'declines without an advances row dropped (inner join)', j.decOnly);
  check(j.bad.length === 3, 'nyse_advances_daily.csv', 'expected the 3 known bad breadth rows');
  log.correct('NYSE breadth', 'bad rows removed (adv+decl+unch far from the ~2800-3500 norm)', j.bad);
  log.correct('NYSE breadth', 'lone monthly point removed', j.lone);
  log.crossCheck('NYSE breadth', 'other rows with adv+decl+unch outside 1500..4500 (kept)', oddBreadthTotals(j.rows));
  const rows = cleanDaily(log, 'NYSE breadth', j.rows);
  log.crossCheck('NYSE breadth', 'trading days from 1994-06-20 without breadth', missingTradingDays(rows, '1994-06-20'));
  log.table('nyse_breadth.csv', ['date', 'advances', 'declines', 'unchanged'], rows);
  return rows;
}
