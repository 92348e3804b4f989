import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { IsoDate } from '../core/time.js';
import { DEFAULT_COST_MODEL, type CostModel } from '../portfolio/costs.js';
import { condorPayoffAtExpiry, makeIronCondor } from '../portfolio/condor.js';
import { bsmDelta } from '../pricing/bsm.js';
import { buildCondor, parseCondorConfig, quoteCondor, strikeForDelta, type CondorMarket } from './condor.js';

/** A flat-vol market double: the smile is a constant. */
function flat(spot: number, vol: number, rateFrac = 0.03, divFrac = 0.015): CondorMarket {
  return { spot, rateFrac, divFrac, spxVol: () => vol };
}
const ctx = (years: number, vixPts = 20, eventsInLife: string[] = []) => ({ date: '2024-03-14' as IsoDate, expiry: '2024-03-15' as IsoDate, years, vixPts, eventsInLife });

describe('condor construction', () => {
  it('puts the short strikes on the 5-point grid nearest 0.10 |delta|', () => {
    const m = flat(5000, 0.16);
    const cfg = parseCondorConfig({});
    const q = quoteCondor(m, ctx(1 / 365), cfg, DEFAULT_COST_MODEL);
    expect(q.status).toBe('quoted');
    if (q.status !== 'quoted') return;
    const u = q.unit;
    for (const k of [u.putWing, u.shortPut, u.shortCall, u.callWing]) expect(k % 5, `strike ${k} on the grid`).toBe(0);
    expect(u.shortPut - u.putWing, 'put wing 50 points').toBe(50);
    expect(u.callWing - u.shortCall, 'call wing 50 points').toBe(50);
    // Nearest on the grid: the neighbours 5 points away are not closer to 0.10.
    const d = (type: 'call' | 'put', k: number): number => Math.abs(bsmDelta(type, 5000, k, 1 / 365, 0.03, 0.015, 0.16));
    expect(Math.abs(d('put', u.shortPut) - 0.1)).toBeLessThanOrEqual(Math.abs(d('put', u.shortPut - 5) - 0.1));
    expect(Math.abs(d('put', u.shortPut) - 0.1)).toBeLessThanOrEqual(Math.abs(d('put', u.shortPut + 5) - 0.1));
    expect(Math.abs(d('call', u.shortCall) - 0.1)).toBeLessThanOrEqual(Math.abs(d('call', u.shortCall + 5) - 0.1));
    // 1DTE at 16% vol: sigma*sqrt(T)*S = 41.9 points, a 0.10 delta sits ~1.28 sd out: about 54 points.
    expect(5000 - u.shortPut).toBeGreaterThan(40);
    expect(5000 - u.shortPut).toBeLessThan(70);
  });

  it('sizes an order by the risk budget: contracts = round(5% × notional / max loss)', () => {
    const r = buildCondor(flat(5000, 0.16), ctx(1 / 365), parseCondorConfig({}), 100_000, DEFAULT_COST_MODEL);
    expect(r.status).toBe('opened');
    if (r.status !== 'opened') return;
    expect(r.contracts).toBe(Math.round(5000 / r.maxLossPerContract));
    expect(r.maxLossPerContract + r.creditPerContract, 'max loss + credit = wider wing × 100').toBeCloseTo(5000, 9);
    expect(r.legs.map((l) => l.qty)).toEqual([r.contracts, -r.contracts, -r.contracts, r.contracts]);
    expect(r.breakevens.lower).toBeCloseTo(r.condor.shortPut - r.creditPerContract / 100, 9);
  });

  it('fills the legs a chain lists on their bid/ask (the model elsewhere) and says which', () => {
    const base = flat(5000, 0.16);
    const q0 = quoteCondor(base, ctx(1 / 365), parseCondorConfig({}), DEFAULT_COST_MODEL);
    if (q0.status !== 'quoted') throw new Error('no condor');
    expect(q0.sources, 'no chain: no sources').toBeUndefined();
    // The chain lists the short put (bid 0.80 / ask 1.20) and the call wing (0.02 / 0.10, mark 0.05), nothing else.
    const listed = (type: 'call' | 'put', k: number) =>
      type === 'put' && k === q0.unit.shortPut ? { bid: 0.8, ask: 1.2, mid: 1 } : type === 'call' && k === q0.unit.callWing ? { bid: 0.02, ask: 0.1, mid: 0.05 } : null;
    const q = quoteCondor({ ...base, listedQuote: (_root, type, expiry, k) => (expiry === '2024-03-15' ? listed(type, k) : null) }, ctx(1 / 365), parseCondorConfig({}), DEFAULT_COST_MODEL);
    if (q.status !== 'quoted') throw new Error('no condor');
    expect(q.sources).toEqual(['model', 'chain', 'model', 'chain']);
    expect(q.mids[1], 'the listed mark').toBe(1);
    expect(q.fills[1], 'sold at 1.00 − 0.5 × the real half-spread 0.20').toBeCloseTo(0.9, 12);
    expect(q.fills[3], 'bought at 0.05 + 0.5 × 0.04').toBeCloseTo(0.07, 12);
    expect(q.fills[0], 'unlisted: the modelled fill').toBe(q0.fills[0]);
    expect(q.fills[2]).toBe(q0.fills[2]);
    const all = quoteCondor({ ...base, listedQuote: (_r, type, _e, k) => listed(type, k) }, ctx(1 / 365), parseCondorConfig({}), { ...DEFAULT_COST_MODEL, fillFraction: 1 });
    if (all.status !== 'quoted') throw new Error('no condor');
    expect(all.fills[1], 'fraction 1, a midpoint mark: the sale at the bid').toBeCloseTo(0.8, 12);
    expect(all.fills[3], "fraction 1, a mark off the midpoint: the mark + the real half-spread (0.05 + 0.04), within the ask").toBeCloseTo(0.09, 12);
  });

  it('skips event days and VIX above the ceiling, with a reason', () => {
    const m = flat(5000, 0.16);
    expect(quoteCondor(m, ctx(1 / 365, 20, ['cpi']), parseCondorConfig({ skipEventDays: true }), DEFAULT_COST_MODEL)).toEqual({ status: 'skipped', reason: 'event_day' });
    expect(quoteCondor(m, ctx(1 / 365, 20, ['cpi']), parseCondorConfig({}), DEFAULT_COST_MODEL).status, 'filter off by default').toBe('quoted');
    expect(quoteCondor(m, ctx(1 / 365, 41), parseCondorConfig({ vixCeilingPts: 40 }), DEFAULT_COST_MODEL)).toEqual({ status: 'skipped', reason: 'vix_above_ceiling' });
    expect(buildCondor(m, ctx(1 / 365), parseCondorConfig({}), 1_000, DEFAULT_COST_MODEL)).toEqual({ status: 'skipped', reason: 'too_small' });
  });

  it('validates the configuration, naming the field', () => {
    expect(() => parseCondorConfig({ shortDelta: 0.7 })).toThrow(/condor\.shortDelta/);
    expect(() => parseCondorConfig({ wings: { kind: 'delta', putDelta: 0.2, callDelta: 0.05 } })).toThrow(/condor\.wings/);
    expect(() => parseCondorConfig({ nope: 1 })).toThrow(/condor/);
  });

  it('supports unequal wings and wings by delta', () => {
    const m = flat(4000, 0.2);
    const q = quoteCondor(m, ctx(5 / 365), parseCondorConfig({ wings: { kind: 'width', putPts: 75, callPts: 25 } }), DEFAULT_COST_MODEL);
    if (q.status !== 'quoted') throw new Error('expected a quote');
    expect(q.unit.shortPut - q.unit.putWing).toBe(75);
    expect(q.unit.callWing - q.unit.shortCall).toBe(25);
    expect(q.maxLossPerContract + q.creditPerContract, 'the wider wing bounds the loss').toBeCloseTo(7500, 9);
    const qd = quoteCondor(m, ctx(5 / 365), parseCondorConfig({ wings: { kind: 'delta', putDelta: 0.03, callDelta: 0.03 } }), DEFAULT_COST_MODEL);
    if (qd.status !== 'quoted') throw new Error('expected a quote');
    const wd = Math.abs(bsmDelta('put', 4000, qd.unit.putWing, 5 / 365, 0.03, 0.015, 0.2));
    expect(Math.abs(wd - 0.03)).toBeLessThan(0.01);
  });

  it('P&L at expiry is always within [credit − wider wing × 100, credit] = [−max loss, credit]', () => {
    const noFees: CostModel = DEFAULT_COST_MODEL;
    fc.assert(
      fc.property(
        fc.double({ min: 1000, max: 8000, noNaN: true }),
        fc.double({ min: 0.06, max: 0.9, noNaN: true }),
        fc.integer({ min: 1, max: 30 }),
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 1, max: 40 }),
        fc.double({ min: 0.3, max: 2, noNaN: true }),
        (spot, vol, days, putSteps, callSteps, settleRatio) => {
          const q = quoteCondor(flat(spot, vol), ctx(days / 365), parseCondorConfig({ wings: { kind: 'width', putPts: putSteps * 5, callPts: callSteps * 5 } }), noFees);
          if (q.status !== 'quoted') return true;
          const c = makeIronCondor({ ...q.unit, qty: 1 });
          const pnl = q.creditPerContract + condorPayoffAtExpiry(c, spot * settleRatio);
          const width = Math.max(putSteps, callSteps) * 5 * 100;
          return pnl <= q.creditPerContract + 1e-9 && pnl >= q.creditPerContract - width - 1e-9 && pnl >= -q.maxLossPerContract - 1e-9;
        },
      ),
      { numRuns: 300 },
    );
  });

  it('finds strikes by delta monotonically for either side', () => {
    const m = flat(5000, 0.2);
    const p10 = strikeForDelta(m, 'put', 0.1, 7 / 365, 5).strike;
    const p20 = strikeForDelta(m, 'put', 0.2, 7 / 365, 5).strike;
    const c10 = strikeForDelta(m, 'call', 0.1, 7 / 365, 5).strike;
    const c20 = strikeForDelta(m, 'call', 0.2, 7 / 365, 5).strike;
    expect(p10).toBeLessThan(p20);
    expect(c10).toBeGreaterThan(c20);
    expect(p20).toBeLessThan(5000);
    expect(c20).toBeGreaterThan(5000);
  });
});
