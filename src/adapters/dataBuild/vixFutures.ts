/** VIX futures settles (vx_settles.csv, two sources spliced) and the 2026-07-23 curve snapshot. */
import { fmt, num, type Row } from './corrections.js';
import { at, cal, cell, check, dateAt, type BuildContext } from './context.js';

/** Monthly VIX expirations strictly after d, ascending (n of them). */
export function expiriesAfter(d: string, n: number): string[] {
  const out: string[] = [];
  let y = Number(d.slice(0, 4));
  let m = Number(d.slice(5, 7));
  while (out.length < n) {
    const e = cal.vixExpiration(y, m);
    if (e > d) out.push(e);
    m++;
    if (m > 12) {
      m = 1;
      y++;
    }
  }
  return out;
}

/** One day of the VX1..VX8 file: settles by column and the expiry each column holds. */
export interface VxDay {
  v: number[];
  exps: string[];
}

/**
 * Whether column i (0-based) of a VX1..VX8 day is stale: 'same' when VX8 repeats VX7 on the
 * same day (the month was not listed; VX7 too when VX6 = VX7 = VX8), 'roll' when on a roll
 * day it still holds yesterday's value of that column; null when it is a real settle.
 * Only VX7 and VX8 are checked (VX7 = VX6 alone is common on a flat back end).
 */
export function staleColumn(day: VxDay, prev: VxDay | null, i: number): 'same' | 'roll' | null {
  if (i < 6) return null;
  const x = day.v[i];
  if (x === day.v[i - 1] && (i === 7 || day.v[7] === x)) return 'same';
  if (prev && prev.exps[0] !== day.exps[0] && prev.v[i] === x) return 'roll';
  return null;
}

interface Settle {
  settle: number;
}

/** Source A, VX1..VX8 2007-2021 (on an expiry date VX1 is the next contract), into `table`. */
function readVx8(ctx: BuildContext, table: Map<string, Settle>): number {
  const file = 'vix_futures_vx1_vx8_2007_2021.csv';
  const cols = [1, 2, 3, 4, 5, 6, 7, 8].map((i) => `VX${i}`);
  const staleEqPrev: string[] = [];
  const staleRoll: string[] = [];
  let prev: VxDay | null = null;
  const raw = ctx.read(file, ['DATE', ...cols]);
  for (const r of raw) {
    const d = dateAt(r, 'DATE');
    const day: VxDay = { v: cols.map((c) => num(cell(r, c))), exps: expiriesAfter(d, 8) };
    for (let i = 0; i < 8; i++) {
      const x = day.v[i] as number;
      check(Number.isFinite(x) && x > 0, at(r), `bad ${cols[i]}`);
      const stale = staleColumn(day, prev, i);
      if (stale === 'same') staleEqPrev.push(`${d} VX${i + 1} (${day.exps[i]}) = VX${i} = ${x}`);
      else if (stale === 'roll') staleRoll.push(`${d} VX${i + 1} (${day.exps[i]}) = yesterday's VX${i + 1} = ${x}`);
      else table.set(`${d}|${day.exps[i]}`, { settle: x });
    }
    prev = day;
  }
  ctx.log.correct('VIX futures', 'stale VX7/VX8 dropped: VX8 equal to VX7 on the same day (month not listed; source repeated the nearer month), VX7 too when VX6 = VX7 = VX8', staleEqPrev);
  ctx.log.correct('VIX futures', "stale VX7/VX8 dropped: on a roll day the column still holds yesterday's value", staleRoll);
  return raw.length;
}

/** Source B, per-contract CFE settles 2021-10-21 .. 2026 (with final settlements), over `table`; asserts agreement on the overlap. */
function readCfe(ctx: BuildContext, table: Map<string, Settle>): void {
  const file = 'vix_futures_monthly_settles_2021_2026.csv';
  let agree = 0;
  const disagree: string[] = [];
  const expB = new Set<string>();
  for (const r of ctx.read(file, ['trade_date', 'expiry', 'settle'])) {
    const d = dateAt(r, 'trade_date');
    const e = dateAt(r, 'expiry');
    expB.add(e);
    const x = num(cell(r, 'settle'));
    check(Number.isFinite(x) && x > 0, at(r), 'bad settle');
    const k = `${d}|${e}`;
    const prevA = table.get(k);
    if (prevA) {
      if (prevA.settle === x) agree++;
      else disagree.push(`${d} ${e} a=${prevA.settle} b=${x}`);
    }
    table.set(k, { settle: x });
  }
  for (const e of expB) {
    const rule = cal.vixExpiration(Number(e.slice(0, 4)), Number(e.slice(5, 7)));
    check(rule === e, file, `CFE expiry ${e} disagrees with the calendar (${rule})`);
  }
  check(disagree.length === 0, file, 'VX sources disagree on the overlap: ' + disagree.slice(0, 5).join('; '));
  check(agree >= 69, file, `expected at least 69 overlapping VX values, got ${agree}`);
  ctx.log.crossCheck('VIX futures', `the two VX sources on their overlap: ${agree} (date, expiry) values, all equal (asserted by the build)`, []);
  ctx.log.crossCheck('VIX futures', `CFE per-contract expiries checked against the calendar's vixExpiration: ${expB.size}, all equal (asserted)`, []);
}

/** vx_settles.csv: (date, expiry, settle), source B over source A where both have a value. */
export function buildVx(ctx: BuildContext): Row[] {
  const table = new Map<string, Settle>();
  readVx8(ctx, table);
  readCfe(ctx, table);
  const offDays: string[] = [];
  const rows: Row[] = [];
  for (const [k, v] of table) {
    const [d, e] = k.split('|') as [string, string];
    if (!cal.isTradingDay(d)) offDays.push(`${d} (${e} ${v.settle})`);
    rows.push([d, e, fmt(v.settle, 4)]);
  }
  rows.sort((x, y) => ((x[0] as string) < (y[0] as string) ? -1 : (x[0] as string) > (y[0] as string) ? 1 : (x[1] as string) < (y[1] as string) ? -1 : (x[1] as string) > (y[1] as string) ? 1 : 0));
  ctx.log.crossCheck('VIX futures', 'settles on days the NYSE was closed (CFE open; kept: real settlements)', [...new Set(offDays)].sort());
  ctx.log.table('vx_settles.csv', ['date', 'expiry', 'settle'], rows);
  return rows;
}

/** vx_curve_2026-07-23.csv: the monthly contracts (VX/<month><year>); the bogus weekly rows removed. */
export function buildVxCurveSnapshot(ctx: BuildContext): Row[] {
  const file = 'vix_futures_curve_snapshot_2026-07-23.csv';
  const weekly: string[] = [];
  const rows: Row[] = [];
  for (const r of ctx.read(file, ['expiration_date', 'symbol', 'settlement'])) {
    const e = dateAt(r, 'expiration_date');
    const symbol = String(cell(r, 'symbol'));
    if (!/^VX\/[A-Z]\d$/.test(symbol)) {
      weekly.push(`${e} ${symbol} ${cell(r, 'settlement')}`);
      continue;
    }
    check(cal.vixExpiration(Number(e.slice(0, 4)), Number(e.slice(5, 7))) === e, at(r), `curve snapshot expiry ${e} is not a VIX monthly expiration`);
    rows.push([e, symbol, fmt(num(cell(r, 'settlement')), 4)]);
  }
  ctx.log.correct('VIX futures curve snapshot', 'bogus weekly rows (all repeat the Aug monthly settle) removed', weekly);
  rows.sort((x, y) => ((x[0] as string) < (y[0] as string) ? -1 : 1));
  ctx.log.table('vx_curve_2026-07-23.csv', ['expiry', 'symbol', 'settle'], rows);
  return rows;
}
