import { describe, expect, it } from 'vitest';
import { buildVx, buildVxCurveSnapshot, expiriesAfter, staleColumn, type VxDay } from './vixFutures.js';
import { csv, rawContext } from './testing/raw.js';

const A_FILE = 'vix_futures_vx1_vx8_2007_2021.csv';
const B_FILE = 'vix_futures_monthly_settles_2021_2026.csv';
const A_HEADER = ',DATE,VIX,VX1,VX2,VX3,VX4,VX5,VX6,VX7,VX8,SP500';

describe('VIX futures settles', () => {
  it('expiriesAfter: on an expiry day VX1 is already the next contract', () => {
    // 2008-03-19 was the March 2008 VIX expiration (CORRECTIONS.md: "2008-03-19 VX8 (2008-11-19)").
    expect(expiriesAfter('2008-03-18', 2)).toEqual(['2008-03-19', '2008-04-16']);
    expect(expiriesAfter('2008-03-19', 8)).toEqual(['2008-04-16', '2008-05-21', '2008-06-18', '2008-07-16', '2008-08-20', '2008-09-17', '2008-10-22', '2008-11-19']);
  });

  it('staleColumn: VX8 = VX7 is stale; VX7 only when VX6 = VX7 = VX8; a roll day still showing yesterday\'s value is stale', () => {
    const exps = ['e1', 'e2', 'e3', 'e4', 'e5', 'e6', 'e7', 'e8'];
    // CORRECTIONS.md: "2007-07-31 VX8 (2008-03-19) = VX7 = 20.76".
    const flatTail: VxDay = { v: [15, 16, 17, 18, 19, 20.5, 20.76, 20.76], exps };
    expect([6, 7].map((i) => staleColumn(flatTail, null, i))).toEqual([null, 'same']);
    const flatBack: VxDay = { v: [15, 16, 17, 18, 19, 20.76, 20.76, 20.76], exps };
    expect([5, 6, 7].map((i) => staleColumn(flatBack, null, i)), 'VX6 itself is never checked').toEqual([null, 'same', 'same']);
    expect(staleColumn({ v: [15, 16, 17, 18, 19, 20, 20, 21], exps }, null, 6), 'VX7 = VX6 alone is a flat back end, kept').toBeNull();
    // CORRECTIONS.md: "2013-09-18 VX8 (2014-05-21) = yesterday's VX8 = 18.95" (a roll day: VX1's expiry changed).
    const yesterday: VxDay = { v: [14, 15, 16, 17, 18, 18.5, 18.8, 18.95], exps: ['e0', ...exps.slice(0, 7)] };
    expect(staleColumn({ v: [15, 16, 17, 18, 18.5, 18.8, 18.9, 18.95], exps }, yesterday, 7)).toBe('roll');
    expect(staleColumn({ v: [15, 16, 17, 18, 18.5, 18.8, 18.9, 18.95], exps: yesterday.exps }, yesterday, 7), 'same value on a non-roll day is real').toBeNull();
  });

  it('buildVx splices the two sources on (date, expiry), drops stale columns and checks the overlap', () => {
    // Nine days of VX1..VX8 overlapping the CFE per-contract file (the real overlap has 69 values, all equal).
    const days = ['2021-10-21', '2021-10-22', '2021-10-25', '2021-10-26', '2021-10-27', '2021-10-28', '2021-10-29', '2021-11-01', '2021-11-02'];
    const value = (day: number, col: number): number => 16 + col + day / 100;
    const aLines = days.map((d, k) => {
      const v = [0, 1, 2, 3, 4, 5, 6, 7].map((c) => value(k, c));
      if (k === 0) v[7] = v[6] as number; // a stale VX8 = VX7 on 2021-10-21
      return `${k},${d},16,${v.join(',')},4500`;
    });
    const bLines: string[] = [];
    for (const [k, d] of days.entries()) for (const [c, e] of expiriesAfter(d, 8).entries()) if (!(k === 0 && c === 7)) bLines.push(`${d},${e},X,${value(k, c)},1,1`);
    bLines.push('2021-11-03,2021-11-17,X,17.5,1,1');
    const ctx = rawContext({ [A_FILE]: csv(A_HEADER, ...aLines), [B_FILE]: csv('trade_date,expiry,futures,settle,total_volume,open_interest', ...bLines) });
    const rows = buildVx(ctx);
    expect(rows).toHaveLength(9 * 8 - 1 + 1);
    expect(rows[0]).toEqual(['2021-10-21', '2021-11-17', '16']);
    expect(rows.at(-1)).toEqual(['2021-11-03', '2021-11-17', '17.5']);
    expect(rows.some((r) => r[0] === '2021-10-21' && r[1] === expiriesAfter('2021-10-21', 8)[7])).toBe(false);
    expect(ctx.log.corrections[0]?.examples).toEqual([`2021-10-21 VX8 (${expiriesAfter('2021-10-21', 8)[7]}) = VX7 = 22`]);
    expect(ctx.log.crossChecks[0]?.what).toContain('overlap: 71 (date, expiry) values');
    // The sources disagree on one value: refused.
    const bad = [...bLines];
    bad[0] = bad[0]?.replace(',16,', ',16.05,') ?? '';
    expect(() => buildVx(rawContext({ [A_FILE]: csv(A_HEADER, ...aLines), [B_FILE]: csv('trade_date,expiry,futures,settle,total_volume,open_interest', ...bad) }))).toThrow(/VX sources disagree on the overlap: 2021-10-21 2021-11-17 a=16 b=16\.05/);
  });

  it('buildVx refuses a bad settle naming file, line and column', () => {
    const ctx = rawContext({ [A_FILE]: csv(A_HEADER, '0,2007-04-02,14.53,14.7,14.77,14.61,,14.42,14.39,14.42,14.9,1424.55') });
    expect(() => buildVx(ctx)).toThrow(/^vix_futures_vx1_vx8_2007_2021\.csv:2: bad VX4$/);
  });

  it('buildVxCurveSnapshot keeps the monthly contracts and removes the bogus weekly rows', () => {
    // CORRECTIONS.md: "2026-07-29 VX30/N6 19.5133" and four more weekly rows repeating the Aug monthly settle.
    const ctx = rawContext({ 'vix_futures_curve_snapshot_2026-07-23.csv': csv('expiration_date,symbol,settlement', '2026-08-19,VX/Q6,19.5133', '2026-07-29,VX30/N6,19.5133', '2026-09-16,VX/U6,20.4') });
    expect(buildVxCurveSnapshot(ctx)).toEqual([['2026-08-19', 'VX/Q6', '19.5133'], ['2026-09-16', 'VX/U6', '20.4']]);
    expect(ctx.log.corrections[0]?.examples).toEqual(['2026-07-29 VX30/N6 19.5133']);
    expect(() => buildVxCurveSnapshot(rawContext({ 'vix_futures_curve_snapshot_2026-07-23.csv': csv('expiration_date,symbol,settlement', '2026-08-20,VX/Q6,19.5') }))).toThrow(/:2: curve snapshot expiry 2026-08-20 is not a VIX monthly expiration/);
  });
});
