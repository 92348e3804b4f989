/**
 * Dates, instants and year fractions. Trading days are ISO date strings; instants are
 * epoch milliseconds (`…Ms`). This module and cli/ are the only places that may read
 * the wall clock; everything else receives a Clock.
 */
import { InputError } from './errors.js';
import type { YearFrac } from './units.js';

export type IsoDate = string & { readonly __brand: 'IsoDate' };

const MS_PER_DAY = 86_400_000;
export const MS_PER_YEAR = 365 * MS_PER_DAY;
export const MINUTES_PER_YEAR = 525_600;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Validates `YYYY-MM-DD` (a real calendar date) and brands it. */
export function isoDate(s: string, field = 'date'): IsoDate {
  const m = ISO_DATE.exec(s);
  if (!m) throw new InputError(field, `expected YYYY-MM-DD, got "${s}"`);
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = Date.UTC(y, mo - 1, d);
  const back = new Date(t);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) {
    throw new InputError(field, `not a calendar date: "${s}"`);
  }
  return s as IsoDate;
}

/**
 * Days since 1970-01-01 (UTC) of an ISO date, by integer arithmetic on the proleptic
 * Gregorian calendar (days-from-civil): no Date, no allocation, as it runs in the
 * engine's daily loop and over every row of the data.
 */
export function epochDay(d: IsoDate | string): number {
  return epochDayAt(d, 0);
}

/** epochDay of the date written at `at` in `s` (a date inside a line of text, read without slicing it). */
export function epochDayAt(s: string, at: number): number {
  const y0 = (s.charCodeAt(at) - 48) * 1000 + (s.charCodeAt(at + 1) - 48) * 100 + (s.charCodeAt(at + 2) - 48) * 10 + (s.charCodeAt(at + 3) - 48);
  const m = (s.charCodeAt(at + 5) - 48) * 10 + (s.charCodeAt(at + 6) - 48);
  const day = (s.charCodeAt(at + 8) - 48) * 10 + (s.charCodeAt(at + 9) - 48);
  const y = m <= 2 ? y0 - 1 : y0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

export function fromEpochDay(day: number): IsoDate {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10) as IsoDate;
}

export function addDays(d: IsoDate, n: number): IsoDate {
  return fromEpochDay(epochDay(d) + n);
}

export function daysBetween(from: IsoDate, to: IsoDate): number {
  return epochDay(to) - epochDay(from);
}

/** 0 = Sunday … 6 = Saturday. */
export function weekday(d: IsoDate): number {
  return (((epochDay(d) + 4) % 7) + 7) % 7;
}

/** ACT/365F year fraction between two instants (QuantLib's timeFromReference). */
export function yearFraction(fromMs: number, toMs: number): YearFrac {
  return ((toMs - fromMs) / MS_PER_YEAR) as YearFrac;
}

/** ACT/365F year fraction between two trading days (close to close). */
export function yearFractionDays(from: IsoDate, to: IsoDate): YearFrac {
  return (daysBetween(from, to) / 365) as YearFrac;
}

/** Parses an ISO 8601 instant that carries an explicit offset (`Z` or `±hh:mm`). */
export function parseInstantMs(s: string, field = 'instant'): number {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(s)) {
    throw new InputError(field, `expected an ISO 8601 instant with offset (e.g. 2026-01-30T16:00:00-05:00), got "${s}"`);
  }
  const ms = Date.parse(s);
  if (!Number.isFinite(ms)) throw new InputError(field, `not a valid instant: "${s}"`);
  return ms;
}

/** The n-th (1-based) given weekday of a month, e.g. the third Friday: nthWeekday(y, m, 5, 3). */
export function nthWeekday(year: number, month1: number, dow: number, n: number): IsoDate {
  const first = fromEpochDay(Math.round(Date.UTC(year, month1 - 1, 1) / MS_PER_DAY));
  const offset = (dow - weekday(first) + 7) % 7;
  return addDays(first, offset + 7 * (n - 1));
}

/** Clock port: the backtest supplies a simulated clock, the CLI the wall clock. */
export interface Clock {
  nowMs(): number;
}

export const systemClock: Clock = { nowMs: () => Date.now() };

// Built on first use: loading the time-zone data costs ~20 ms, which a backtest never needs.
let newYorkFormat: Intl.DateTimeFormat | null = null;

/** The calendar date in New York (the exchanges' day) at instant `ms`. */
export function newYorkDate(ms: number): IsoDate {
  newYorkFormat ??= new Intl.DateTimeFormat('en-CA', { timeZone: 'America/New_York', year: 'numeric', month: '2-digit', day: '2-digit' });
  return isoDate(newYorkFormat.format(new Date(ms)), 'clock');
}

/** Deterministic PRNG port (mulberry32) so that any randomness is seeded and reproducible. */
export interface Rng {
  next(): number;
}

export function seededRng(seed: number): Rng {
  let a = seed >>> 0;
  return {
    next() {
      a = (a + 0x6d2b79f5) >>> 0;
      let t = a;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    },
  };
}
