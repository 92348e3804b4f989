/** The 13-week T-bill rate and the S&P 500 monthly dividend yield of the embedded data. */
import { fmt, FIRST_DAY, num, type Row } from './corrections.js';
import { cal, cell, dateAt, type BuildContext } from './context.js';

/** date -> value of a raw series (rows with a missing value skipped). */
function series(ctx: BuildContext, file: string, dateCol: string, valueCol: string): Map<string, number> {
  const m = new Map<string, number>();
  for (const r of ctx.read(file, [dateCol, valueCol])) {
    const v = num(cell(r, valueCol));
    if (Number.isFinite(v)) m.set(dateAt(r, dateCol), v);
  }
  return m;
}

/** The rate of one trading day: ^IRX, else DTB3, else DGS3MO (undefined: none). */
export function rateOn(d: string, irx: ReadonlyMap<string, number>, dtb3: ReadonlyMap<string, number>, dgs: ReadonlyMap<string, number>): Row | undefined {
  const i = irx.get(d);
  if (i !== undefined) return [d, fmt(i, 3), 'irx'];
  const t = dtb3.get(d);
  if (t !== undefined) return [d, fmt(t, 3), 'dtb3'];
  const g = dgs.get(d);
  if (g !== undefined) return [d, fmt(g, 3), 'dgs3mo'];
  return undefined;
}

/**
 * tbill_13w.csv: one rate per trading day from FIRST_DAY to the later of ^IRX's and SPX's last
 * day; ^IRX (rounded to 3 decimals, float32 artefacts) first, gaps filled from DTB3 then DGS3MO.
 */
export function buildRates(ctx: BuildContext, spxLastDay: string): Row[] {
  const irx = new Map([...series(ctx, 'irx_13w_tbill_daily.csv', 'Date', 'Close')].map(([d, v]) => [d, Number(v.toFixed(3))]));
  const dtb3 = series(ctx, 'dtb3_daily_2000_2026.csv', 'observation_date', 'DTB3');
  const dgs = series(ctx, 'dgs3mo_daily.csv', 'Date', 'DGS3MO');
  const lastIrx = [...irx.keys()].sort().at(-1) ?? '';
  const end = lastIrx > spxLastDay ? lastIrx : spxLastDay;
  const rows: Row[] = [];
  const unfilled: string[] = [];
  for (let d = FIRST_DAY; d <= end; d = cal.nextTradingDay(d)) {
    const row = rateOn(d, irx, dtb3, dgs);
    if (row === undefined) unfilled.push(d);
    else rows.push(row);
  }
  const filled = (source: string): string[] => rows.filter((r) => r[2] === source).map((r) => r[0] as string);
  const offDays = [...irx.keys()].filter((d) => d >= FIRST_DAY && d <= '2035-12-31' && !cal.isTradingDay(d)).sort();
  const log = ctx.log;
  if (offDays.length > 0) log.correct('T-bill', '^IRX rows on non-trading days ignored', offDays);
  log.correct('T-bill', '^IRX float32 artefacts rounded to 3 decimals', [`${irx.size} values`], '', irx.size);
  log.correct('T-bill', 'trading days without ^IRX filled from FRED DTB3 (same discount basis)', filled('dtb3'));
  log.correct('T-bill', 'trading days without ^IRX or DTB3 filled from FRED DGS3MO (constant-maturity, close to discount yield)', filled('dgs3mo'));
  log.crossCheck('T-bill', 'trading days with no rate in any source (loader forward-fills)', unfilled);
  const { maxDiff, diffs } = irxVsDtb3(irx, dtb3);
  log.crossCheck('T-bill', `^IRX vs DTB3 differ by more than 0.25 pct-pts (max abs diff ${fmt(maxDiff, 3)})`, diffs, 'kept ^IRX (the primary source); listed for review');
  log.table('tbill_13w.csv', ['date', 'discount_pct', 'source'], rows);
  return rows;
}

/** ^IRX against DTB3 on their common days: the largest gap and the days more than 0.25 apart. */
export function irxVsDtb3(irx: ReadonlyMap<string, number>, dtb3: ReadonlyMap<string, number>): { maxDiff: number; diffs: string[] } {
  const diffs: string[] = [];
  let maxDiff = 0;
  for (const [d, v] of dtb3) {
    const w = irx.get(d);
    if (w === undefined) continue;
    const df = Math.abs(w - v);
    if (df > maxDiff) maxDiff = df;
    if (df > 0.25) diffs.push(`${d} irx ${w} dtb3 ${v}`);
  }
  return { maxDiff, diffs };
}

interface DivMonth {
  div: number;
  px: number;
}

/** Shiller's ie_data YYYY.MM month key as YYYY-MM: a decimal number, so "2025.1" is October. */
export function shillerMonth(s: string): string | undefined {
  const m = /^(\d{4})\.(\d{1,2})$/.exec(s.trim());
  if (!m) return undefined;
  const digits = m[2] as string;
  const mm = digits.length === 1 ? Number(digits) * 10 : Number(digits);
  return `${m[1]}-${String(mm).padStart(2, '0')}`;
}

/** sp500_dividend_yield_monthly.csv: the datahub months, then ie_data's months after datahub ends. */
export function buildDividends(ctx: BuildContext): Row[] {
  const hub = new Map<string, DivMonth>();
  for (const r of ctx.read('sp500_monthly_shiller_datahub.csv', ['Date', 'Dividend', 'SP500'])) {
    const d = dateAt(r, 'Date');
    const div = num(cell(r, 'Dividend'));
    const px = num(cell(r, 'SP500'));
    if (d >= '1989-01-01' && div > 0 && px > 0) hub.set(d.slice(0, 7), { div, px });
  }
  const ie = new Map<string, DivMonth>();
  for (const r of ctx.read('sp500_monthly_shiller_ie_data_2025.csv', ['Date', 'Dividend', 'Price'], { delimiter: ';' })) {
    const key = shillerMonth(String(cell(r, 'Date')));
    if (key === undefined) continue;
    const div = num(cell(r, 'Dividend'));
    const px = num(cell(r, 'Price'));
    if (key >= '1989-01' && div > 0 && px > 0) ie.set(key, { div, px });
  }
  const hubKeys = [...hub.keys()].sort();
  const lastHub = hubKeys.at(-1) ?? '';
  const diffs: string[] = [];
  for (const k of hubKeys) {
    const a = hub.get(k) as DivMonth;
    const b = ie.get(k);
    if (b && Math.abs(a.div / a.px - b.div / b.px) > 0.0005) diffs.push(`${k} datahub ${fmt(a.div / a.px, 5)} ie_data ${fmt(b.div / b.px, 5)}`);
  }
  ctx.log.crossCheck('Dividend yield', 'months where the datahub and ie_data yields differ by more than 0.05 pct-pts (datahub kept)', diffs);
  const row = (k: string, v: DivMonth, source: string): Row => [`${k}-01`, fmt(v.div, 4), fmt(v.px, 2), fmt(v.div / v.px, 6), source];
  const rows = hubKeys.map((k) => row(k, hub.get(k) as DivMonth, 'shiller_datahub'));
  const ieAdded = [...ie.keys()].sort().filter((k) => k > lastHub);
  for (const k of ieAdded) rows.push(row(k, ie.get(k) as DivMonth, 'shiller_ie_data'));
  ctx.log.correct('Dividend yield', `datahub ends ${lastHub} (later columns are 0); months after it taken from Shiller ie_data`, ieAdded);
  ctx.log.table('sp500_dividend_yield_monthly.csv', ['date', 'dividend', 'price', 'div_yield', 'source'], rows);
  return rows;
}
