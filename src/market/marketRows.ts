/**
 * Daily market data as long rows (series, date, field, value): the shape `alvh data update`
 * writes to the store and the overlay reads back on top of the embedded dataset.
 *
 * Series and their fields (values in the units of the source file):
 * - SPX, VIX, VIX9D, VIX3M, VIX6M: open, high, low, close (index points)
 * - VIX1D: open, close in the embedded file; open, high, low, close from Cboe's file
 * - VVIX, SKEW: close
 * - TBILL: discount_pct (13-week T-bill discount yield, percent)
 * - VX: `settle:<expiry>` (VIX futures settlement of the contract expiring <expiry>, VIX points)
 * - BREADTH: advances, declines, unchanged (NYSE issues; unchanged may be absent)
 */
import type { IsoDate } from '../core/time.js';

export const SERIES_KEYS = ['SPX', 'VIX', 'VIX9D', 'VIX3M', 'VIX6M', 'VIX1D', 'VVIX', 'SKEW', 'TBILL', 'VX', 'BREADTH'] as const;
export type SeriesKey = (typeof SERIES_KEYS)[number];

export const OHLC_FIELDS = ['open', 'high', 'low', 'close'] as const;
export const TBILL_FIELD = 'discount_pct';
/** NYSE breadth fields, in the column order of the breadth CSV (sorted, as rows are). */
export const BREADTH_FIELDS = ['advances', 'declines', 'unchanged'] as const;
const VX_PREFIX = 'settle:';

export interface MarketRow {
  series: string;
  date: IsoDate;
  field: string;
  value: number;
}

/** The store field of a VX contract's settlement. */
export function vxField(expiry: IsoDate): string {
  return VX_PREFIX + expiry;
}

/** The contract expiry of a VX field, or null when `field` is not one. */
export function vxExpiryOf(field: string): IsoDate | null {
  return field.startsWith(VX_PREFIX) ? (field.slice(VX_PREFIX.length) as IsoDate) : null;
}

/** Sort order of rows within a series: by date, then field. */
export function compareRows(a: Pick<MarketRow, 'date' | 'field'>, b: Pick<MarketRow, 'date' | 'field'>): number {
  if (a.date !== b.date) return a.date < b.date ? -1 : 1;
  return a.field < b.field ? -1 : a.field > b.field ? 1 : 0;
}
