/**
 * The model's quote of one listed-style option on one historical day (`alvh quote`): SPX
 * options by Black-Scholes-Merton on spot with the day's smile vol, T-bill rate and
 * dividend yield; VIX options by Black-76 on the same-expiry VIX future with the model's
 * VIX option vol. Pure: the data and the calibration come in.
 *
 * Time to expiry from the close of `date`: SPX monthly (third-Friday) options settle at the
 * open (AM, SET), so 6.5 hours less than the calendar days; every other SPX expiry at the
 * close (PM); VIX options at the opening SOQ (vixOptionYears).
 */
import { isSpxMonthlyExpiration, spxYears } from '../core/calendar.js';
import { InputError } from '../core/errors.js';
import { daysBetween, type IsoDate } from '../core/time.js';
import type { MarketData } from '../market/types.js';
import { bsmGreeks } from '../pricing/bsm.js';
import { black76Greeks } from '../pricing/black76.js';
import type { OptionType } from '../pricing/types.js';
import { DEFAULT_CALIBRATION, dayModel, vixOptionYears, type ModelCalibration } from './marketModel.js';

export interface QuoteRequest {
  date: IsoDate;
  root: 'SPX' | 'VIX';
  type: OptionType;
  expiration: IsoDate;
  strike: number;
}

export interface ModelQuote {
  /** Model price (index points per unit; × 100 per contract). */
  mid: number;
  /** The vol the price uses (fraction). */
  vol: number;
  /** SPX spot, or the same-expiry VIX future (points). */
  underlying: number;
  delta: number;
  /** What `alvh price` needs to reproduce the quote: years to settlement, rate and (SPX) dividend yield. */
  years: number;
  rate: number;
  div?: number;
}

/** Years from the close of `date` to the settlement of an SPX option expiring on `expiration`. */
export function spxYearsToSettlement(date: IsoDate, expiration: IsoDate): number {
  return spxYears(date, expiration, isSpxMonthlyExpiration(expiration) ? 'am' : 'pm');
}

/** Row of `date` in the data, or an InputError naming `date` (outside the data, or not a trading day). */
export function quoteDayIndex(data: MarketData, date: IsoDate): number {
  const dates = data.daily.dates;
  const first = dates[0] ?? '';
  const last = dates[dates.length - 1] ?? '';
  if (date < first || date > last) throw new InputError('date', `${date} is outside the data (${first}..${last})`);
  let lo = 0;
  let hi = dates.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((dates[mid] ?? '') < date) lo = mid + 1;
    else hi = mid;
  }
  if (dates[lo] !== date) throw new InputError('date', `${date} is not a trading day of the data`);
  return lo;
}

export function quoteOption(data: MarketData, req: QuoteRequest, calib: ModelCalibration = DEFAULT_CALIBRATION): ModelQuote {
  const i = quoteDayIndex(data, req.date);
  if (!(req.expiration > req.date)) throw new InputError('expiration', `must be after date ${req.date}, got ${req.expiration}`);
  if (!(req.strike > 0)) throw new InputError('strike', `must be > 0, got ${req.strike}`);
  const m = dayModel(data, i, calib);
  if (req.root === 'SPX') {
    const years = spxYearsToSettlement(req.date, req.expiration);
    const vol = m.spxVol(req.strike, years);
    const g = bsmGreeks(req.type, m.spot, req.strike, years, m.rateFrac, m.divFrac, vol);
    return { mid: g.price, vol, underlying: m.spot, delta: g.delta, years, rate: m.rateFrac, div: m.divFrac };
  }
  const years = vixOptionYears(daysBetween(req.date, req.expiration));
  const forward = m.vxFuture(req.expiration).price;
  const vol = m.vixOptionVol(req.expiration, req.strike);
  const g = black76Greeks(req.type, forward, req.strike, years, m.rateFrac, vol);
  return { mid: g.price, vol, underlying: forward, delta: g.delta, years, rate: m.rateFrac };
}
