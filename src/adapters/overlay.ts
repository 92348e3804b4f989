/**
 * Embedded data + the store's updates as one MarketData: the rows written by `alvh data update`
 * (after the last embedded date of each series) extend the daily frame and the VX settlements.
 * The frame grows by the SPX dates in the updates; rates and dividend yields are carried
 * forward onto the new dates. VIX1D comes from Cboe; NYSE breadth (advances, declines) only when
 * the user configured a breadth source, else it is NaN on the new dates (the A/D component of
 * the signal score is then left out there).
 */
import { DataError } from '../core/errors.js';
import type { IsoDate } from '../core/time.js';
import type { MarketDataSource } from '../market/port.js';
import { TBILL_FIELD, vxExpiryOf, type MarketRow } from '../market/marketRows.js';
import { DAILY_FRAME_COLUMNS, type DailyFrame, type DailyFrameColumn, type MarketData, type VxSettles } from '../market/types.js';
import { tbillDiscountPctToRateFrac } from './csvMarketData.js';

type FrameColumn = DailyFrameColumn;

const CLOSE_COLUMNS: Record<string, FrameColumn> = { VIX9D: 'vix9d', VIX3M: 'vix3m', VIX6M: 'vix6m', VIX1D: 'vix1d', VVIX: 'vvix', SKEW: 'skew' };
const BREADTH_COLUMNS: Record<string, FrameColumn> = { advances: 'advances', declines: 'declines' };
const OHLC_COLUMNS: Record<string, Record<string, FrameColumn>> = {
  SPX: { open: 'spxOpen', high: 'spxHigh', low: 'spxLow', close: 'spxClose' },
  VIX: { open: 'vixOpen', high: 'vixHigh', low: 'vixLow', close: 'vixClose' },
};

function columnOf(r: MarketRow): FrameColumn | null {
  const ohlc = OHLC_COLUMNS[r.series];
  if (ohlc !== undefined) return ohlc[r.field] ?? null;
  if (r.field === 'close') return CLOSE_COLUMNS[r.series] ?? null;
  if (r.series === 'TBILL' && r.field === TBILL_FIELD) return 'rateFrac';
  if (r.series === 'BREADTH') return BREADTH_COLUMNS[r.field] ?? null;
  return null;
}

function carryForward(a: Float64Array, from: number): void {
  for (let i = Math.max(1, from); i < a.length; i++) if (Number.isNaN(a[i] as number)) a[i] = a[i - 1] as number;
}

/**
 * Pure: `base` with `rows` laid over it. A row fills a cell only where `base` has none (the
 * update never rewrites history); SPX rows with a close after the frame's last date add dates.
 */
export function overlayMarketData(base: MarketData, rows: readonly MarketRow[]): MarketData {
  if (rows.length === 0) return base;
  const frame = base.daily;
  const last = frame.dates[frame.n - 1] ?? '';
  const newDates = [...new Set(rows.filter((r) => r.series === 'SPX' && r.field === 'close' && r.date > last).map((r) => r.date))].sort();
  const n = frame.n + newDates.length;
  const dates = [...frame.dates, ...newDates] as IsoDate[];
  const index = new Map<string, number>();
  dates.forEach((d, i) => index.set(d, i));
  const cols = {} as Record<FrameColumn, Float64Array>;
  for (const c of DAILY_FRAME_COLUMNS) {
    const a = new Float64Array(n).fill(NaN);
    a.set(frame[c]);
    cols[c] = a;
  }
  for (const r of rows) {
    const c = columnOf(r);
    const i = index.get(r.date);
    if (c === null || i === undefined) continue;
    const a = cols[c];
    if (!Number.isNaN(a[i] as number)) continue;
    a[i] = c === 'rateFrac' ? tbillDiscountPctToRateFrac(r.value) : r.value;
  }
  for (const c of ['spxOpen', 'spxHigh', 'spxLow'] as const) {
    for (let i = frame.n; i < n; i++) {
      if (Number.isNaN(cols[c][i] as number)) throw new DataError(`store SPX ${dates[i]}`, `${c.slice(3).toLowerCase()}: missing value`);
    }
  }
  carryForward(cols.rateFrac, frame.n);
  carryForward(cols.divYieldFrac, frame.n);
  const daily: DailyFrame = { dates, n, ...cols };
  const out: MarketData = { daily, vx: overlayVx(base.vx, rows), events: base.events };
  const rate = base.observedDates?.rate;
  if (rate === undefined) return base.observedDates === undefined ? out : { ...out, observedDates: base.observedDates };
  // The T-bill rows the update added (after the embedded ones) are observations too.
  const lastRate = rate[rate.length - 1] ?? '';
  const added = [...new Set(rows.filter((r) => r.series === 'TBILL' && r.field === TBILL_FIELD && r.date > lastRate).map((r) => r.date))].sort();
  return { ...out, observedDates: { ...base.observedDates, rate: added.length === 0 ? rate : [...rate, ...added] } };
}

function overlayVx(base: VxSettles, rows: readonly MarketRow[]): VxSettles {
  if (!rows.some((r) => r.series === 'VX')) return base;
  const have = new Set<string>();
  for (let i = 0; i < base.date.length; i++) have.add(`${base.date[i]}|${base.expiry[i]}`);
  const extra: { key: string; date: IsoDate; expiry: IsoDate; settle: number }[] = [];
  for (const r of rows) {
    if (r.series !== 'VX') continue;
    const expiry = vxExpiryOf(r.field);
    if (expiry === null) continue;
    const key = `${r.date}|${expiry}`;
    if (have.has(key)) continue;
    have.add(key);
    extra.push({ key, date: r.date, expiry, settle: r.value });
  }
  if (extra.length === 0) return base;
  const all = [...base.date.map((d, i) => ({ key: `${d}|${base.expiry[i]}`, date: d, expiry: base.expiry[i] as IsoDate, settle: base.settle[i] as number })), ...extra];
  all.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return { date: all.map((x) => x.date), expiry: all.map((x) => x.expiry), settle: Float64Array.from(all.map((x) => x.settle)) };
}

/** A MarketDataSource: `base` (the embedded CSV source) with the store's update rows laid over it. */
export class OverlayMarketDataSource implements MarketDataSource {
  constructor(
    readonly base: MarketDataSource,
    readonly rows: () => readonly MarketRow[],
  ) {}

  load(): MarketData {
    return overlayMarketData(this.base.load(), this.rows());
  }
}
