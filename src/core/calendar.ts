/**
 * NYSE trading calendar (1990-2035) and the SPX / VIX monthly expiration rules.
 * Pure: holidays are computed by rule (plus the known special closures), no I/O.
 *
 * Rules (NYSE Rule 7.2 and its history):
 * - New Year's Day, Jan 1; Sunday → Monday. A Saturday New Year's Day is NOT observed
 *   on Friday Dec 31 (end of the accounting year), so Dec 31 stays a trading day.
 * - Martin Luther King Jr. Day (third Monday of January), from 1998.
 * - Washington's Birthday / Presidents' Day (third Monday of February).
 * - Good Friday (Friday before Western Easter Sunday).
 * - Memorial Day (last Monday of May).
 * - Juneteenth (June 19), from 2022.
 * - Independence Day (July 4), Labor Day (first Monday of September), Thanksgiving
 *   (fourth Thursday of November), Christmas (December 25).
 * - Fixed-date holidays on a Saturday close the Friday before; on a Sunday the Monday after.
 * - Special closures: see SPECIAL_CLOSURES.
 */
import { InputError } from './errors.js';
import { addDays, daysBetween, epochDay, fromEpochDay, isoDate, nthWeekday, weekday, type IsoDate } from './time.js';

/**
 * Hours from the 16:00 ET close to the 09:30 ET open of the next trading day, in days
 * (17.5 h). The model's VIX option years (settled at the SOQ) are days less this, the
 * convention its vols were calibrated on; an AM-settled SPX option's years are days less
 * the session (SESSION_DAYS), the time from a close to the expiry morning's open.
 */
export const CLOSE_TO_OPEN_DAYS = 17.5 / 24;
/** The regular session, 09:30-16:00 ET, in days (6.5 h): a 0DTE condor's life, the SPX SET's lead on the close. */
export const SESSION_DAYS = 6.5 / 24;

export const CALENDAR_FIRST_YEAR = 1990;
export const CALENDAR_LAST_YEAR = 2035;

/** Unscheduled full-day closures since 1990 (national days of mourning, 9/11, Hurricane Sandy). */
export const SPECIAL_CLOSURES: readonly { date: IsoDate; reason: string }[] = [
  { date: '1994-04-27' as IsoDate, reason: 'National day of mourning, President Nixon' },
  { date: '2001-09-11' as IsoDate, reason: 'September 11 attacks' },
  { date: '2001-09-12' as IsoDate, reason: 'September 11 attacks' },
  { date: '2001-09-13' as IsoDate, reason: 'September 11 attacks' },
  { date: '2001-09-14' as IsoDate, reason: 'September 11 attacks' },
  { date: '2004-06-11' as IsoDate, reason: 'National day of mourning, President Reagan' },
  { date: '2007-01-02' as IsoDate, reason: 'National day of mourning, President Ford' },
  { date: '2012-10-29' as IsoDate, reason: 'Hurricane Sandy' },
  { date: '2012-10-30' as IsoDate, reason: 'Hurricane Sandy' },
  { date: '2018-12-05' as IsoDate, reason: 'National day of mourning, President G. H. W. Bush' },
  { date: '2025-01-09' as IsoDate, reason: 'National day of mourning, President Carter' },
];

const SATURDAY = 6;
const SUNDAY = 0;
const MONDAY = 1;
const THURSDAY = 4;
const FRIDAY = 5;

function ymd(year: number, month1: number, day: number): IsoDate {
  return fromEpochDay(Math.round(Date.UTC(year, month1 - 1, day) / 86_400_000));
}

/** Western (Gregorian) Easter Sunday: the anonymous Gregorian computus (Meeus/Jones/Butcher). */
export function easterSunday(year: number): IsoDate {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return ymd(year, month, day);
}

/** Saturday → Friday before, Sunday → Monday after. */
function observed(d: IsoDate): IsoDate {
  const w = weekday(d);
  if (w === SATURDAY) return addDays(d, -1);
  if (w === SUNDAY) return addDays(d, 1);
  return d;
}

function lastWeekdayOfMonth(year: number, month1: number, dow: number): IsoDate {
  const last = addDays(ymd(year, month1 + 1, 1), -1);
  return addDays(last, -((weekday(last) - dow + 7) % 7));
}

function checkYear(year: number): void {
  if (!Number.isInteger(year) || year < CALENDAR_FIRST_YEAR || year > CALENDAR_LAST_YEAR) {
    throw new InputError('year', `calendar covers ${CALENDAR_FIRST_YEAR}-${CALENDAR_LAST_YEAR}, got ${year}`);
  }
}

/** All NYSE full-day holidays (rule-based plus special closures) of a year, ascending. */
export function nyseHolidays(year: number): IsoDate[] {
  checkYear(year);
  const out: IsoDate[] = [];
  const ny = ymd(year, 1, 1);
  if (weekday(ny) !== SATURDAY) out.push(observed(ny));
  if (year >= 1998) out.push(nthWeekday(year, 1, MONDAY, 3));
  out.push(nthWeekday(year, 2, MONDAY, 3));
  out.push(addDays(easterSunday(year), -2));
  out.push(lastWeekdayOfMonth(year, 5, MONDAY));
  if (year >= 2022) out.push(observed(ymd(year, 6, 19)));
  out.push(observed(ymd(year, 7, 4)));
  out.push(nthWeekday(year, 9, MONDAY, 1));
  out.push(nthWeekday(year, 11, THURSDAY, 4));
  out.push(observed(ymd(year, 12, 25)));
  for (const s of SPECIAL_CLOSURES) if (Number(s.date.slice(0, 4)) === year) out.push(s.date);
  return [...new Set(out)].sort();
}

const holidayCache = new Map<number, ReadonlySet<number>>();

function holidaySet(year: number): ReadonlySet<number> {
  let s = holidayCache.get(year);
  if (s === undefined) {
    s = new Set(nyseHolidays(year).map(epochDay));
    holidayCache.set(year, s);
  }
  return s;
}

function yearOf(d: IsoDate): number {
  return Number(d.slice(0, 4));
}

/** True when d is a weekday on which the NYSE is closed all day. */
export function isNyseHoliday(d: IsoDate): boolean {
  return holidaySet(yearOf(d)).has(epochDay(d));
}

export function isTradingDay(d: IsoDate): boolean {
  const w = weekday(d);
  if (w === SATURDAY || w === SUNDAY) return false;
  return !isNyseHoliday(d);
}

/** The first trading day strictly after d. */
export function nextTradingDay(d: IsoDate): IsoDate {
  let x = addDays(d, 1);
  while (!isTradingDay(x)) x = addDays(x, 1);
  return x;
}

/** The last trading day strictly before d. */
export function prevTradingDay(d: IsoDate): IsoDate {
  let x = addDays(d, -1);
  while (!isTradingDay(x)) x = addDays(x, -1);
  return x;
}

/**
 * Moves n trading days from d (n > 0 forward, n < 0 back). With n = 0 returns d if it is a
 * trading day, otherwise throws (there is no "zeroth" trading day from a holiday).
 */
export function addTradingDays(d: IsoDate, n: number): IsoDate {
  if (!Number.isInteger(n)) throw new InputError('n', `must be an integer, got ${n}`);
  if (n === 0) {
    if (!isTradingDay(d)) throw new InputError('date', `${d} is not a trading day`);
    return d;
  }
  let x = d;
  if (n > 0) for (let i = 0; i < n; i++) x = nextTradingDay(x);
  else for (let i = 0; i > n; i--) x = prevTradingDay(x);
  return x;
}

/** Counts trading days in (from, to]: 0 when to <= from. */
export function tradingDaysBetween(from: IsoDate, to: IsoDate): number {
  let n = 0;
  for (let x = nextTradingDay(from); x <= to; x = nextTradingDay(x)) n++;
  return n;
}

function checkMonth(month1: number): void {
  if (!Number.isInteger(month1) || month1 < 1 || month1 > 12) throw new InputError('month', `must be 1-12, got ${month1}`);
}

/** Standard monthly SPX expiration: the third Friday, or the trading day before it if that is a holiday. */
export function spxMonthlyExpiration(year: number, month1: number): IsoDate {
  checkMonth(month1);
  checkYear(year);
  const f = nthWeekday(year, month1, FRIDAY, 3);
  return isTradingDay(f) ? f : prevTradingDay(f);
}

/** True when `expiry` is its month's standard SPX expiration (the AM-settled third-Friday SPX). */
export function isSpxMonthlyExpiration(expiry: IsoDate): boolean {
  return spxMonthlyExpiration(Number(expiry.slice(0, 4)), Number(expiry.slice(5, 7))) === expiry;
}

/**
 * ACT/365 years from the close of `date` to the settlement of an SPX option expiring on
 * `expiry`: AM-settled (SET, at the open) SESSION_DAYS earlier than PM-settled (the close); 0
 * once settled.
 */
export function spxYears(date: IsoDate, expiry: IsoDate, style: 'am' | 'pm'): number {
  return Math.max(0, daysBetween(date, expiry) - (style === 'am' ? SESSION_DAYS : 0)) / 365;
}

/**
 * Cboe VIX futures/options final settlement date for the contract of (year, month1):
 * the Wednesday 30 days before the third Friday of the following month; if that Friday
 * is a holiday, 30 days before the trading day preceding it; if the resulting day is a
 * holiday, the trading day preceding it.
 * Checked against all 60 CFE monthly expiries 2021-12 .. 2026-11.
 */
export function vixExpiration(year: number, month1: number): IsoDate {
  checkMonth(month1);
  const ny = month1 === 12 ? year + 1 : year;
  const nm = month1 === 12 ? 1 : month1 + 1;
  checkYear(year);
  checkYear(ny);
  let f = nthWeekday(ny, nm, FRIDAY, 3);
  if (!isTradingDay(f)) f = prevTradingDay(f);
  const w = addDays(f, -30);
  return isTradingDay(w) ? w : prevTradingDay(w);
}

/**
 * The first VIX monthly expiration on or after d (the "front" contract as of d when the
 * expiring contract still counts on its own expiry day).
 */
export function vixExpirationOnOrAfter(d: IsoDate): IsoDate {
  const y = yearOf(d);
  const m = Number(d.slice(5, 7));
  for (let k = 0; k < 3; k++) {
    const mm = ((m - 1 + k) % 12) + 1;
    const yy = y + Math.floor((m - 1 + k) / 12);
    const e = vixExpiration(yy, mm);
    if (e >= d) return e;
  }
  throw new InputError('date', `no VIX expiration found after ${d}`);
}

/** The next n VIX monthly expirations on or after d (n >= 1), ascending. */
export function vixExpirationsFrom(d: IsoDate, n: number): IsoDate[] {
  if (!Number.isInteger(n) || n < 1) throw new InputError('n', `must be a positive integer, got ${n}`);
  const out: IsoDate[] = [];
  let y = yearOf(d);
  let m = Number(d.slice(5, 7));
  while (out.length < n) {
    const e = vixExpiration(y, m);
    if (e >= d) out.push(e);
    m++;
    if (m > 12) {
      m = 1;
      y++;
    }
  }
  return out;
}

/** Parses and validates a date, then checks it is a trading day. */
export function tradingDay(s: string, field = 'date'): IsoDate {
  const d = isoDate(s, field);
  if (!isTradingDay(d)) throw new InputError(field, `${s} is not an NYSE trading day`);
  return d;
}
