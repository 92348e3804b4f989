import { describe, expect, it } from 'vitest';
import { CsvMarketDataSource } from '../adapters/csvMarketData.js';
import type { IsoDate } from '../core/time.js';
import { daysBetween } from '../core/time.js';
import { bsmDelta, bsmPrice } from '../pricing/bsm.js';
import { dayModel } from '../portfolio/marketModel.js';
import { spxYearsToSettlement } from '../portfolio/quote.js';
import { compareReplication, nextSpxMonthly, replicate } from './replicate.js';

const data = new CsvMarketDataSource().load();
const row = (d: string): number => data.daily.dates.indexOf(d as IsoDate);

describe('replicate: the monthly rules by hand', () => {
  it('PUT, 2004-03-19 .. 2004-04-16: sells the ATM put for value/strike, T-bill interest, settles at the open', () => {
    const r = replicate(data, 'put', '2004-03-19' as IsoDate, '2004-04-16' as IsoDate);
    const i0 = row('2004-03-19');
    const m = dayModel(data, i0);
    const k = Math.floor(m.spot / 5) * 5; // SPX 1109.78: the 1105 put
    expect(k).toBe(1105);
    const exp = nextSpxMonthly('2004-03-19' as IsoDate);
    expect(exp, 'April 2004 monthly: the third Friday').toBe('2004-04-16');
    const years = spxYearsToSettlement(m.date, exp);
    const p0 = bsmPrice('put', m.spot, k, years, m.rateFrac, m.divFrac, m.spxVol(k, years));
    const n = 100 / k;
    expect(r.rolls[0]?.legs).toEqual([{ root: 'SPX', type: 'put', expiration: exp, strike: k, qty: -n, price: p0 }]);
    expect(r.rolls[0]?.credit).toBeCloseTo(n * p0, 12);
    // Cash: 100 + premium, grown day by day at the previous close's T-bill rate.
    let cash = 100 + n * p0;
    const i1 = row('2004-04-16');
    for (let i = i0 + 1; i <= i1; i++) cash *= Math.exp((data.daily.rateFrac[i - 1] ?? 0) * daysBetween(data.daily.dates[i - 1] as IsoDate, data.daily.dates[i] as IsoDate) / 365);
    const set = data.daily.spxOpen[i1] ?? 0; // the SET proxy: the expiry day's open
    const settled = cash - n * Math.max(k - set, 0);
    const level = r.levels.find(([d]) => d === '2004-04-16')?.[1];
    expect(level, 'value on the expiry day = cash − n·(K − SET)+').toBeCloseTo(settled, 10);
    expect(r.rolls[1]?.date, 'rolled on the expiry day').toBe('2004-04-16');
  });

  it('CNDR: short 0.20-delta put and call, long 0.05-delta wings, n = value / index', () => {
    const r = replicate(data, 'cndr', '1995-06-16' as IsoDate, '1995-07-21' as IsoDate);
    const legs = r.rolls[0]?.legs ?? [];
    expect(legs.map((l) => `${l.type}${Math.sign(l.qty)}`)).toEqual(['put1', 'put-1', 'call-1', 'call1']);
    const [lp, sp, sc, lc] = legs.map((l) => l.strike) as [number, number, number, number];
    const m = dayModel(data, row('1995-06-16'));
    expect(lp < sp && sp < m.spot && m.spot < sc && sc < lc, `strikes ${lp} ${sp} ${sc} ${lc} around SPX ${m.spot}`).toBe(true);
    for (const l of legs) expect(l.strike % 5, 'listed 5-point grid').toBe(0);
    expect(Math.abs(legs[0]?.qty ?? 0)).toBeCloseTo(100 / m.spot, 12);
    const years = spxYearsToSettlement(m.date, '1995-07-21' as IsoDate);
    const delta = (type: 'call' | 'put', k: number): number => Math.abs(bsmDelta(type, m.spot, k, years, m.rateFrac, m.divFrac, m.spxVol(k, years)));
    expect(Math.abs(delta('put', sp) - 0.2), 'short put near 0.20 delta').toBeLessThan(0.03);
    // The 5-point grid is coarse at SPX 539: one strike moves a one-month call's delta by ~0.1.
    expect(Math.abs(delta('call', sc) - 0.2), 'short call: the listed strike nearest 0.20 delta').toBeLessThan(0.06);
    for (const k of [sc - 5, sc + 5]) expect(Math.abs(delta('call', k) - 0.2), 'no neighbour nearer').toBeGreaterThanOrEqual(Math.abs(delta('call', sc) - 0.2));
    expect(Math.abs(delta('put', lp) - 0.05)).toBeLessThan(0.02);
    expect(r.rolls[0]?.credit, 'a credit').toBeGreaterThan(0);
    expect(r.levels[0]?.[1], 'based at 100').toBe(100);
  });

  it('VXTH: no VIX calls while the same-expiry future is below 15', () => {
    // 2006-12-20: VIX at ~10; the model's January 2007 future is below 15.
    const r = replicate(data, 'vxth', '2006-12-20' as IsoDate, '2007-01-16' as IsoDate);
    expect(r.rolls[0]?.legs).toEqual([]);
    const spx0 = data.daily.spxClose[row('2006-12-20')] ?? 0;
    const spx1 = data.daily.spxClose[row('2007-01-16')] ?? 0;
    const level = r.levels[r.levels.length - 1]?.[1] ?? 0;
    // S&P 500 with dividends: a little above the price return.
    expect(level).toBeGreaterThan((100 * spx1) / spx0);
    expect(level).toBeLessThan((100 * spx1) / spx0 + 0.2);
  });
});

describe('compareReplication', () => {
  const series = (vals: number[]): [IsoDate, number][] => vals.map((v, i) => [`2001-${String(i + 1).padStart(2, '0')}-28` as IsoDate, v]);
  it('identical series: correlation 1, no tracking error, equal annual returns', () => {
    const a = series([100, 101, 99, 103, 104, 102, 106]);
    const c = compareReplication(a, a);
    expect(c.monthlyCorrelation).toBeCloseTo(1, 12);
    expect(c.trackingError).toBeCloseTo(0, 12);
    expect(c.annualReturnModel).toBeCloseTo(Math.pow(1.06, 2) - 1, 12);
    expect(c.worstMonths[0]).toEqual({ month: '2001-03', real: 99 / 101 - 1, model: 99 / 101 - 1 });
  });
  it('a replica moving opposite has correlation -1', () => {
    const c = compareReplication(series([100, 110, 100, 110, 100]), series([100, 90, 100, 90, 100]));
    expect(c.monthlyCorrelation).toBeCloseTo(-1, 2);
  });
});
