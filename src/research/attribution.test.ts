import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { isoDate, type IsoDate } from '../core/time.js';
import { spxOption } from '../portfolio/instruments.js';
import { PNL_TAGS, type PnlTag, type Trade } from '../backtest/types.js';
import { defaultPolicy } from '../hedge/policy.js';
import { CsvMarketDataSource } from '../adapters/csvMarketData.js';
import { DEFAULT_COST_MODEL } from '../portfolio/costs.js';
import { DEFAULT_CALIBRATION } from '../portfolio/marketModel.js';
import { DEFAULT_CONDOR_CONFIG } from '../strategy/condor.js';
import { attributeCondorLosses, payoffUsd, spxOnDates, type AttributionRun } from './attribution.js';
import { runPolicies } from './engine.js';

const D = ['2020-01-02', '2020-01-03', '2020-01-06', '2020-01-07'].map((d) => isoDate(d));

/** The four open fills of a condor (long put, short put, short call, long call) and its settlements. */
function condor(entry: IsoDate, expiry: IsoDate, strikes: [number, number, number, number], prices: [number, number, number, number], qty: number): Trade[] {
  const types = ['put', 'put', 'call', 'call'] as const;
  const signs = [1, -1, -1, 1];
  return strikes.map((k, i) => ({ date: entry, tag: 'condor', action: 'open', instrument: spxOption(types[i] as 'put' | 'call', k, expiry), qty: qty * (signs[i] as number), price: prices[i] as number, feesCents: 0 }));
}
function settle(open: readonly Trade[], date: IsoDate, spx: number): Trade[] {
  return open.map((t) => {
    const i = t.instrument as ReturnType<typeof spxOption>;
    return { ...t, date, action: 'settle', price: Math.max(0, i.type === 'call' ? spx - i.strike : i.strike - spx) };
  });
}
function pnlOf(layers: Partial<Record<PnlTag, number[]>>): AttributionRun['pnl'] {
  return Object.fromEntries(PNL_TAGS.map((k) => [k, Float64Array.from(layers[k] ?? [0, 0, 0, 0])])) as unknown as AttributionRun['pnl'];
}

// A: 2 condors sold on D0 for $800, settled on D1 at 2950 after a gap to 2960 (short put 2970).
const A = condor(D[0] as IsoDate, D[1] as IsoDate, [2900, 2970, 3030, 3100], [1, 3, 2.5, 0.5], 2);
// B: 1 condor sold on D1 for $300, settled on D2 at 3010 (short call 2980); the open repeats the previous close.
const B = condor(D[1] as IsoDate, D[2] as IsoDate, [2880, 2920, 2980, 3000], [0.5, 2, 2, 0.5], 1);
// C: a winner (credit $100, expires worthless).
const C = condor(D[2] as IsoDate, D[3] as IsoDate, [2900, 2950, 3150, 3200], [0.5, 1, 1, 0.5], 1);
const SPX = { open: [3000, 2960, 2950, 3050], close: [3000, 2950, 3010, 3100] };
const PNL = pnlOf({ L1: [0, 500, -100, 7], L2: [0, 50, 20, 0], L3: [0, -10, 0, 0] });
const EQUITY = [100_000, 50_000, 50_000, 50_000];
const TRADES = [...A, ...settle(A, D[1] as IsoDate, 2950), ...B, ...settle(B, D[2] as IsoDate, 3010), ...C, ...settle(C, D[3] as IsoDate, 3100)];

describe('attributeCondorLosses', () => {
  const r = attributeCondorLosses(D, { trades: TRADES, pnl: PNL, equity: EQUITY }, SPX);

  it('rebuilds every condor and its gross P&L from the fills', () => {
    expect(r.condors).toBe(3);
    // A: credit 800, settles −2 × 20 × 100; B: credit 300, −30 + 10 points; C: +100
    expect(r.condorPnlUsd).toBeCloseTo(-3200 - 1700 + 100, 9);
    expect(r.losses.map((l) => [l.entryDate, l.side, l.pnlUsd])).toEqual([
      ['2020-01-02', 'put', -3200],
      ['2020-01-03', 'call', -1700],
    ]);
  });

  it('splits a put breach into the overnight gap and the intraday move (hand-computed)', () => {
    const a = r.losses[0];
    expect(a).toMatchObject({ creditUsd: 800, beforeUsd: 800, gapUsd: -2000, intradayUsd: -2000, dayUsd: -4000, spxPrevClose: 3000, spxOpen: 2960, spxExit: 2950, contracts: 2 });
    expect(a?.hedgeUsd).toEqual({ L1: 500, L2: 50, L3: -10 });
  });

  it('leaves the gap unmeasured where the open repeats the previous close', () => {
    const b = r.losses[1];
    expect(b).toMatchObject({ creditUsd: 300, beforeUsd: 300, dayUsd: -2000, gapUsd: null, intradayUsd: null, spxOpen: null, spxExit: 3010 });
    expect(b?.hedgeUsd).toEqual({ L1: -100, L2: 20, L3: 0 });
  });

  it('sums the groups by side and in total (hedge days counted once)', () => {
    expect(r.bySide.put).toMatchObject({ count: 1, pnlUsd: -3200, measured: 1, gapUsd: -2000, intradayUsd: -2000, hedgeDays: 1 });
    expect(r.bySide.call).toMatchObject({ count: 1, pnlUsd: -1700, measured: 0, gapUsd: 0, hedgeDays: 1 });
    expect(r.bySide.none.count).toBe(0);
    expect(r.total).toMatchObject({ count: 2, pnlUsd: -4900, beforeUsd: 1100, dayUsd: -6000, measured: 1, hedgeDays: 2, hedgeUsd: { L1: 400, L2: 70, L3: -10 } });
  });

  it('gives the groups as summed returns on the equity each amount was sized on', () => {
    // A on $100,000 (entry D0), B on $50,000 (entry D1); hedge day 1 over $100,000, day 2 over $50,000
    const t = r.total.returns;
    expect(t.pnl).toBeCloseTo(-0.032 - 0.034, 12);
    expect(t.before).toBeCloseTo(0.008 + 0.006, 12);
    expect(t.day).toBeCloseTo(-0.04 - 0.04, 12);
    expect(t.gap).toBeCloseTo(-0.02, 12);
    expect(t.intraday).toBeCloseTo(-0.02, 12);
    expect(t.hedge.L1).toBeCloseTo(0.005 - 0.002, 12);
    expect(t.hedge.L2).toBeCloseTo(0.0005 + 0.0004, 12);
    expect(t.hedge.L3).toBeCloseTo(-0.0001, 12);
    expect(r.losses.map((l) => l.equityUsd)).toEqual([100_000, 50_000]);
  });

  it('gives a 2-day condor its holding days and counts overlapping days once', () => {
    // two 2-DTE condors sold on D0 and D1, both settled in the money on the put side
    const x = condor(D[0] as IsoDate, D[2] as IsoDate, [2800, 2990, 3200, 3300], [0.5, 4, 1, 0.2], 1);
    const y = condor(D[1] as IsoDate, D[3] as IsoDate, [2800, 3120, 3300, 3400], [0.5, 4, 1, 0.2], 1);
    const trades = [...x, ...y, ...settle(x, D[2] as IsoDate, 2980), ...settle(y, D[3] as IsoDate, 3100)];
    const got = attributeCondorLosses(D, { trades, pnl: PNL, equity: EQUITY }, SPX);
    // x: credit (−0.5 + 4 + 1 − 0.2) × 100 = 430, pays 10 points: −570; y: 430 − 2000 = −1570
    expect(got.losses.map((l) => l.pnlUsd)).toEqual([-570, -1570]);
    expect(got.losses[0]?.hedgeUsd).toEqual({ L1: 400, L2: 70, L3: -10 });
    expect(got.losses[1]?.hedgeUsd).toEqual({ L1: -93, L2: 20, L3: 0 });
    expect(got.total.hedgeDays).toBe(3);
    expect(got.total.hedgeUsd).toEqual({ L1: 407, L2: 70, L3: -10 });
    // x: before = 430 + payoff(close D1 = 2950) = 430 − 4000; day = −570 − before
    expect(got.losses[0]?.beforeUsd).toBeCloseTo(430 - 4000, 9);
    expect(got.losses[0]?.dayUsd).toBeCloseTo(3000, 9);
  });

  it('classifies a buy-back by the exit close against the short strikes, and one inside them as none', () => {
    const x = condor(D[0] as IsoDate, D[3] as IsoDate, [2800, 2900, 3100, 3200], [0.5, 2, 2, 0.5], 1);
    // bought back on D1 at a loss while SPX (2950) is still between the short strikes
    const close = x.map((t) => ({ ...t, date: D[1] as IsoDate, action: 'close' as const, qty: -t.qty, price: t.price * 2 }));
    const got = attributeCondorLosses(D, { trades: [...x, ...close], pnl: PNL, equity: EQUITY }, SPX);
    expect(got.losses).toHaveLength(1);
    expect(got.losses[0]).toMatchObject({ side: 'none', pnlUsd: -300, spxExit: 2950 });
    expect(got.bySide.none.count).toBe(1);
  });

  it('scales with the size: compounded-down fractions of a contract attribute the same (property)', () => {
    const scaled = (f: number): Trade[] => TRADES.map((t) => ({ ...t, qty: t.qty * f }));
    fc.assert(
      fc.property(fc.double({ min: 1e-15, max: 1e4, noNaN: true }), (f) => {
        const got = attributeCondorLosses(D, { trades: scaled(f), pnl: PNL, equity: EQUITY }, SPX);
        expect(got.condors).toBe(3);
        expect(got.losses.map((l) => l.side)).toEqual(['put', 'call']);
        expect(got.total.pnlUsd / f).toBeCloseTo(-4900, 6);
        expect((got.total.gapUsd ?? 0) / f).toBeCloseTo(-2000, 6);
      }),
    );
  });

  it('leaves out a condor still open at the end of the run', () => {
    expect(attributeCondorLosses(D, { trades: [...A], pnl: PNL, equity: EQUITY }, SPX)).toMatchObject({ condors: 0, losses: [] });
  });

  it('rejects an exit that matches no open leg, and SPX arrays of the wrong length', () => {
    expect(() => attributeCondorLosses(D, { trades: settle(A, D[1] as IsoDate, 2950), pnl: PNL, equity: EQUITY }, SPX)).toThrow(/matches no open condor leg/);
    expect(() => attributeCondorLosses(D, { trades: TRADES, pnl: PNL, equity: EQUITY }, { open: [1], close: [1] })).toThrow(/one value per date/);
    expect(() => attributeCondorLosses(D, { trades: TRADES, pnl: PNL, equity: [1] }, SPX)).toThrow(/equity: must have one value per date/);
  });

  it('refuses a run whose trade list was not recorded (a sweep\'s run) instead of finding no losses in it', () => {
    expect(() => attributeCondorLosses(D, { trades: [], pnl: pnlOf({ condor: [0, -500, 300, 0] }), equity: EQUITY }, SPX)).toThrow(/no trade list/);
    expect(attributeCondorLosses(D, { trades: [], pnl: PNL, equity: EQUITY }, SPX), 'no condor P&L, no trades: nothing to attribute').toMatchObject({ condors: 0 });
  });

  it('payoff is the settlement value of the position', () => {
    const legs = [
      { type: 'put' as const, strike: 2900, multiplier: 100, qty: 1 },
      { type: 'put' as const, strike: 2950, multiplier: 100, qty: -1 },
    ];
    expect(payoffUsd(legs, 3000)).toBe(0);
    expect(payoffUsd(legs, 2930)).toBe(-2000);
    expect(payoffUsd(legs, 2800)).toBe(-5000); // capped at the wing width
  });
});

describe('attribution of a real run (2020-01-02 .. 2020-06-30, modelled prices)', () => {
  const data = new CsvMarketDataSource().load();
  const r = runPolicies(data, { from: isoDate('2020-01-02'), to: isoDate('2020-06-30'), condor: DEFAULT_CONDOR_CONFIG, notional: 100_000, costs: DEFAULT_COST_MODEL, calib: DEFAULT_CALIBRATION }, [{ name: 'alvh', policy: defaultPolicy('alvh') }], { trades: true });
  const run = r.runs.alvh as NonNullable<(typeof r.runs)['alvh']>;
  const a = attributeCondorLosses(r.dates, run, spxOnDates(data.daily, r.dates));

  it('adds up: each loss is before + gap + intraday, the groups are the sums of the sides', () => {
    expect(a.losses.length).toBeGreaterThan(10);
    for (const l of a.losses) {
      expect(l.pnlUsd).toBeLessThan(0);
      expect(l.beforeUsd + l.dayUsd).toBeCloseTo(l.pnlUsd, 6);
      // 2020 has real open prints: every gap is measured
      expect(l.gapUsd).not.toBeNull();
      expect((l.gapUsd ?? 0) + (l.intradayUsd ?? 0)).toBeCloseTo(l.dayUsd, 6);
      // a 1-DTE condor held to settlement loses only on a breach
      expect(l.side).not.toBe('none');
      if (l.side === 'put') expect(l.spxExit).toBeLessThan(l.spxPrevClose);
    }
    expect(a.bySide.put.count + a.bySide.call.count).toBe(a.total.count);
    expect(a.bySide.put.pnlUsd + a.bySide.call.pnlUsd).toBeCloseTo(a.total.pnlUsd, 6);
  });

  it('counts each condor sold in the run once (the last may still be open)', () => {
    const opened = run.condorContracts.reduce((n, c) => n + (c > 0 ? 1 : 0), 0);
    expect(a.condors === opened || a.condors === opened - 1).toBe(true);
  });
});
