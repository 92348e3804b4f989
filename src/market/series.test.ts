import { describe, expect, it } from 'vitest';
import type { IsoDate } from '../core/time.js';
import { eventsBetween, indexAtOrBefore, indexOfDate, indexOnOrAfter, tradingDayIndex, vxCurveOn, vxSettleOn } from './series.js';
import type { MarketEvent, VxSettles } from './types.js';

const d = (s: string): IsoDate => s as IsoDate;

describe('series lookups', () => {
  const frame = { dates: ['2024-01-02', '2024-01-03', '2024-01-05'].map(d) };

  it('tradingDayIndex returns the row, else an InputError naming the field and the data range', () => {
    expect(tradingDayIndex(frame, d('2024-01-05'), 'date')).toBe(2);
    expect(() => tradingDayIndex(frame, d('2024-01-04'), '--date'), 'not a row').toThrow('--date: 2024-01-04 is not a trading day in the data (2024-01-02..2024-01-05)');
    expect(() => tradingDayIndex({ dates: [] }, d('2024-01-04'), 'date'), 'empty frame').toThrow('2024-01-04 is not a trading day in the data (-..-)');
  });

  it('indexOfDate finds exact rows only', () => {
    expect(indexOfDate(frame, d('2024-01-03'))).toBe(1);
    expect(indexOfDate(frame, d('2024-01-04')), 'not a row').toBe(-1);
    expect(indexOfDate(frame, d('2023-12-29')), 'before').toBe(-1);
    expect(indexOfDate(frame, d('2024-01-08')), 'after').toBe(-1);
  });

  it('indexAtOrBefore gives the last row on or before a date', () => {
    expect(indexAtOrBefore(frame, d('2024-01-04'))).toBe(1);
    expect(indexAtOrBefore(frame, d('2024-01-05'))).toBe(2);
    expect(indexAtOrBefore(frame, d('2024-02-01'))).toBe(2);
    expect(indexAtOrBefore(frame, d('2024-01-01'))).toBe(-1);
  });

  it('indexOnOrAfter gives the first row on or after a date', () => {
    expect(indexOnOrAfter(frame, d('2024-01-04'))).toBe(2);
    expect(indexOnOrAfter(frame, d('2024-01-03'))).toBe(1);
    expect(indexOnOrAfter(frame, d('2024-01-01'))).toBe(0);
    expect(indexOnOrAfter(frame, d('2024-02-01')), 'after the last row: the row count').toBe(3);
  });

  it('vxCurveOn returns that day\'s contracts by expiry', () => {
    const vx: VxSettles = {
      date: ['2024-06-17', '2024-06-17', '2024-06-18', '2024-06-18', '2024-06-20'].map(d),
      expiry: ['2024-06-18', '2024-07-17', '2024-06-18', '2024-07-17', '2024-07-17'].map(d),
      settle: Float64Array.from([12.5, 13.9, 12.62, 14.1, 14.3]),
    };
    expect(vxCurveOn(vx, d('2024-06-18'))).toEqual([{ expiry: '2024-06-18', settle: 12.62 }, { expiry: '2024-07-17', settle: 14.1 }]);
    expect(vxCurveOn(vx, d('2024-06-19')), 'no row that day').toEqual([]);
    expect(vxCurveOn(vx, d('2024-06-20'))).toEqual([{ expiry: '2024-07-17', settle: 14.3 }]);
    expect(vxSettleOn(vx, d('2024-06-18'), d('2024-07-17'))).toBe(14.1);
    expect(vxSettleOn(vx, d('2024-06-20'), d('2024-06-18')), 'expired contract').toBeUndefined();
  });

  it('eventsBetween is inclusive and filters kinds', () => {
    const ev: MarketEvent[] = [
      { date: d('2024-06-11'), kind: 'cpi', detail: '' },
      { date: d('2024-06-12'), kind: 'fomc', detail: '' },
      { date: d('2024-06-12'), kind: 'cpi', detail: '' },
      { date: d('2024-06-18'), kind: 'vix_expiry', detail: '' },
    ];
    expect(eventsBetween(ev, d('2024-06-12'), d('2024-06-18')).length).toBe(3);
    expect(eventsBetween(ev, d('2024-06-12'), d('2024-06-18'), ['cpi']).map((e) => e.date)).toEqual(['2024-06-12']);
    expect(eventsBetween(ev, d('2024-06-19'), d('2024-06-30'))).toEqual([]);
  });
});
