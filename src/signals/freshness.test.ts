import { describe, expect, it } from 'vitest';
import { isoDate, type IsoDate } from '../core/time.js';
import type { MarketData } from '../market/types.js';
import { DAILY_FRAME_COLUMNS, type DailyFrame } from '../market/types.js';
import { freshness, inputsAsOf, SIGNAL_INPUTS, staleInputs, staleLine } from './freshness.js';

const d = (s: string): IsoDate => isoDate(s);

/** Three SPX days; VIX only on the first, breadth never, the T-bill observed on the first (then carried). */
function data(): MarketData {
  const dates = [d('2026-08-19'), d('2026-08-20'), d('2026-08-21')];
  const frame = { dates, n: 3 } as DailyFrame;
  for (const c of DAILY_FRAME_COLUMNS) frame[c] = Float64Array.from([1, 1, 1]);
  frame.vixClose = Float64Array.from([18.7, NaN, NaN]);
  frame.advances = Float64Array.from([NaN, NaN, NaN]);
  return { daily: frame, vx: { date: [d('2026-08-20')], expiry: [d('2026-09-16')], settle: Float64Array.from([19]) }, events: [], observedDates: { rate: [d('2026-08-03'), d('2026-08-19')], divYield: [d('2025-09-01')] } };
}

describe('freshness: every input carries its as-of date', () => {
  it('reads the as-of date of each input: the last finite value, the VX settlement date, the observation of a carried series', () => {
    const a = inputsAsOf(data(), 2, { skewRule: Float64Array.from([1, 2, NaN]) });
    expect(Object.keys(a), 'every input, always, then the user series').toEqual([...SIGNAL_INPUTS, 'user:skewRule']);
    expect(a).toMatchObject({ spx: '2026-08-21', vix: '2026-08-19', vx: '2026-08-20', breadth: null, rate: '2026-08-19', divYield: '2025-09-01', 'user:skewRule': '2026-08-20' });
    expect(inputsAsOf({ ...data(), observedDates: undefined } as unknown as MarketData, 2).rate, 'without observation dates a finite carried value counts as observed').toBe('2026-08-21');
  });

  it('counts ages in NYSE trading days against the stated limits', () => {
    // (2026-07-23, 2026-08-21]: 6 + 5 + 5 + 5 trading days.
    expect(staleInputs({ vix: d('2026-07-23') }, d('2026-08-21'))).toEqual([{ input: 'vix', asOf: '2026-07-23', ageTradingDays: 21, limitTradingDays: 1 }]);
    expect(staleInputs({ vix: d('2026-08-20') }, d('2026-08-21')), "yesterday's close is within one trading day").toEqual([]);
    expect(staleInputs({ spx: d('2026-08-21') }, d('2026-08-24')), 'Friday on Monday: one trading day').toEqual([]);
    expect(staleInputs({ spx: d('2026-09-04') }, d('2026-09-08')), 'Friday on the Tuesday after Labor Day (2026-09-07): one trading day').toEqual([]);
    expect(staleInputs({ spx: d('2026-09-03') }, d('2026-09-08'))).toEqual([{ input: 'spx', asOf: '2026-09-03', ageTradingDays: 2, limitTradingDays: 1 }]);
    expect(staleInputs({ rate: d('2026-08-14') }, d('2026-08-21')), 'the T-bill rate may be 5 trading days old').toEqual([]);
    expect(staleInputs({ rate: d('2026-08-13') }, d('2026-08-21'))[0]?.ageTradingDays).toBe(6);
    expect(staleInputs({ breadth: null }, d('2026-08-21')), 'never observed').toEqual([{ input: 'breadth', asOf: null, ageTradingDays: null, limitTradingDays: 1 }]);
    expect(staleInputs({ 'user:x': d('2026-08-14') }, d('2026-08-21')), 'a user series may be 5 trading days old').toEqual([]);
  });

  it('measures to the later of the signal day and the reference, and says so first in one line', () => {
    const f = freshness(data(), 2, d('2026-08-24'));
    expect(f.reference).toBe('2026-08-24');
    expect(f.stale.map((s) => s.input), 'the dividend yield of 2025-09 is older than 130 trading days').toEqual(['vix', 'vx', 'breadth', 'divYield']);
    expect(freshness(data(), 2, d('2026-08-01')).reference, 'an earlier reference is the signal day').toBe('2026-08-21');
    const line = staleLine(f, '2026-08-21');
    expect(line).toMatch(/^STALE INPUTS on 2026-08-24 \(signal of 2026-08-21\): VIX close as of 2026-08-19 \(3 trading days old; limit 1\); VIX futures settlements as of 2026-08-20 \(2 trading days old; limit 1\); NYSE breadth \(advances\/declines\): no value in the data; S&P 500 dividend yield as of 2025-09-01 \(246 trading days old; limit 130\)\. Values are carried forward/);
    expect(staleLine({ stale: [] }, '2026-08-21'), 'fresh: no line').toBeNull();
  });
});
