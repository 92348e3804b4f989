import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { addDays, epochDay, fromEpochDay, isoDate, nthWeekday, parseInstantMs, weekday, yearFraction, MS_PER_YEAR } from './time.js';
import { InputError } from './errors.js';

describe('time', () => {
  it('validates ISO dates', () => {
    expect(isoDate('2024-02-29')).toBe('2024-02-29');
    expect(() => isoDate('2023-02-29')).toThrow(InputError);
    expect(() => isoDate('02/03/2024', '--date')).toThrow(/--date: expected YYYY-MM-DD/);
  });

  it('round-trips epoch days', () => {
    fc.assert(fc.property(fc.integer({ min: -25_000, max: 60_000 }), (d) => epochDay(fromEpochDay(d)) === d));
  });

  it('knows weekdays and third Fridays', () => {
    expect(weekday(isoDate('2026-11-23')), 'a Monday').toBe(1);
    expect(nthWeekday(2024, 6, 5, 3), 'June 2024 monthly SPX expiry').toBe('2024-06-21');
    expect(nthWeekday(2026, 1, 5, 3)).toBe('2026-01-16');
    expect(addDays(isoDate('2024-12-31'), 1)).toBe('2025-01-01');
  });

  it('measures ACT/365F year fractions from instants with offsets', () => {
    const from = parseInstantMs('2026-01-30T16:00:00-05:00');
    const to = parseInstantMs('2026-01-31T16:00:00-05:00');
    expect(yearFraction(from, to)).toBeCloseTo(1 / 365, 15);
    expect(yearFraction(0, MS_PER_YEAR)).toBe(1);
    expect(() => parseInstantMs('2026-01-30T16:00:00', 'expiration')).toThrow(/expiration: expected an ISO 8601 instant/);
  });
});

describe('epochDay', () => {
  it('equals Date.UTC day counts for every day 1900-2100', () => {
    fc.assert(
      fc.property(fc.integer({ min: -25_567, max: 47_482 }), (d) => {
        const iso = new Date(d * 86_400_000).toISOString().slice(0, 10);
        return epochDay(iso) === d;
      }),
      { numRuns: 2000 },
    );
    expect(epochDay('1970-01-01')).toBe(0);
    expect(epochDay('2000-02-29'), 'a leap day of a century leap year').toBe(11_016);
    expect(epochDay('1900-03-01') - epochDay('1900-02-28'), '1900 is not a leap year').toBe(1);
  });
});
