import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { InputError } from '../core/errors.js';
import { addDays, isoDate, type IsoDate } from '../core/time.js';
import { black76Price } from '../pricing/index.js';
import { condorLegs, condorPayoffAtExpiry, makeIronCondor } from '../portfolio/condor.js';
import { vixFuture, vixOption } from '../portfolio/instruments.js';
import { DEFAULT_SPX_MOVES_FRAC, DEFAULT_VIX_LEVELS_PTS, runScenario, type ScenarioBook, type ScenarioModel } from './scenario.js';

const DATE = isoDate('2026-01-30');
const VIX = 17;

/** A small hand-written day model: a skewed smile, a contango VX curve, a flat VIX-option vol. */
function fakeModel(spot = 6900): ScenarioModel {
  return {
    date: DATE,
    spot,
    rateFrac: 0.04,
    divFrac: 0.012,
    spxVol: (strike, years) => 0.15 + 0.5 * Math.max(0, Math.log(spot / strike)) + 0.01 * Math.sqrt(years),
    vxFuture: (expiry) => ({ price: VIX + 0.05 * (Date.parse(expiry) - Date.parse(DATE)) / 86_400_000, source: 'model' }),
    vixOptionVol: (_e, strike) => 0.7 + 0.2 * Math.log(strike / 20),
  };
}

const condor = makeIronCondor({ putWing: 6700, shortPut: 6750, shortCall: 7000, callWing: 7050, expiry: addDays(DATE, 3), qty: 4 });
const condorBook = (hedge: ScenarioBook['hedge'] = []): ScenarioBook => ({
  condor: { expiry: condor.expiry, legs: condorLegs(condor).map((p) => ({ type: p.instrument.kind === 'spxOption' ? p.instrument.type : 'call', strike: p.instrument.kind === 'spxOption' ? p.instrument.strike : 0, qty: p.qty })) },
  hedge,
});
const L1 = vixOption('call', 22, isoDate('2026-04-15'));
const L3long = vixOption('call', 25, isoDate('2026-03-18'));
const L3short = vixOption('call', 25, isoDate('2026-02-18'));
const fullBook = condorBook([
  { layer: 'L1', instrument: L1, qty: 10 },
  { layer: 'L3', instrument: L3long, qty: 3 },
  { layer: 'L3', instrument: L3short, qty: -3 },
  { layer: 'F', instrument: vixFuture(isoDate('2026-02-18')), qty: 1 },
]);
const grid = { spxMovesFrac: DEFAULT_SPX_MOVES_FRAC, vixLevelsPts: DEFAULT_VIX_LEVELS_PTS };

describe('runScenario', () => {
  it('default grid is −10%…+5% by 1% and VIX 12…80', () => {
    expect(DEFAULT_SPX_MOVES_FRAC.length).toBe(16);
    expect(DEFAULT_SPX_MOVES_FRAC[0]).toBe(-0.1);
    expect(DEFAULT_SPX_MOVES_FRAC[10], 'the unchanged column').toBe(0);
    expect(DEFAULT_SPX_MOVES_FRAC[15]).toBe(0.05);
    expect(DEFAULT_VIX_LEVELS_PTS).toEqual([12, 15, 20, 25, 30, 40, 60, 80]);
  });

  it('no move and VIX unchanged at horizon today is exactly zero P&L for every part', () => {
    const r = runScenario(fakeModel(), VIX, fullBook, { spxMovesFrac: [0], vixLevelsPts: [VIX] }, { kind: 'today' });
    expect(r.condorPnlUsd[0]?.[0], 'condor').toBe(0);
    expect(r.hedgePnlUsd[0]?.[0], 'hedge').toBe(0);
    expect(r.totalPnlUsd[0]?.[0], 'total').toBe(0);
    for (const [name, m] of Object.entries(r.hedgePnlByLayerUsd)) expect(m[0]?.[0], name).toBe(0);
    expect(r.baseline.condorUsd < 0, 'a short condor is marked below zero (the credit owed back)').toBe(true);
    expect(r.baseline.hedgeUsd > 0, 'net long hedge').toBe(true);
  });

  it("a long VIX call's P&L rises with the VIX level, at every SPX move and horizon", () => {
    const book: ScenarioBook = { condor: null, hedge: [{ layer: 'L1', instrument: L1, qty: 5 }] };
    for (const horizon of [{ kind: 'today' } as const, { kind: 'days', days: 20 } as const]) {
      const r = runScenario(fakeModel(), VIX, book, grid, horizon);
      for (let j = 0; j < grid.spxMovesFrac.length; j++) {
        for (let i = 1; i < grid.vixLevelsPts.length; i++) {
          const lo = r.hedgePnlUsd[i - 1]?.[j] ?? Number.NaN;
          const hi = r.hedgePnlUsd[i]?.[j] ?? Number.NaN;
          expect(hi > lo, `${horizon.kind}: VIX ${grid.vixLevelsPts[i]} vs ${grid.vixLevelsPts[i - 1]} at move ${grid.spxMovesFrac[j]}`).toBe(true);
        }
      }
      const at80 = r.hedgePnlUsd[grid.vixLevelsPts.length - 1]?.[10] ?? 0;
      expect(at80 > 5 * 100 * (60 - 22) * 0.8, `VIX 80 pays on 5 calls struck 22 (${at80})`).toBe(true);
    }
  });

  it('condor P&L at expiry equals the settlement payoff minus today’s mark (property over moves)', () => {
    fc.assert(
      fc.property(fc.double({ min: -0.2, max: 0.2, noNaN: true }), fc.double({ min: 9, max: 90, noNaN: true }), (move, vix) => {
        const m = fakeModel();
        const r = runScenario(m, VIX, condorBook(), { spxMovesFrac: [move], vixLevelsPts: [vix] }, { kind: 'expiry' });
        const expected = condorPayoffAtExpiry(condor, m.spot * (1 + move)) - r.baseline.condorUsd;
        expect(r.condorPnlUsd[0]?.[0]).toBeCloseTo(expected, 6);
        expect(r.horizon.days).toBe(3);
      }),
    );
    // inside the shorts the condor keeps its whole mark (≈ the credit); beyond a wing it loses width − credit
    const r = runScenario(fakeModel(), VIX, condorBook(), { spxMovesFrac: [0, -0.1], vixLevelsPts: [VIX] }, { kind: 'expiry' });
    expect(r.condorPnlUsd[0]?.[0]).toBeCloseTo(-r.baseline.condorUsd, 9);
    expect(r.condorPnlUsd[0]?.[1]).toBeCloseTo(-4 * 100 * 50 - r.baseline.condorUsd, 9);
  });

  it('past their expiry a VIX future settles at the VIX level and a call at its intrinsic value', () => {
    const fut = vixFuture(isoDate('2026-02-18'));
    const book: ScenarioBook = { condor: null, hedge: [{ layer: 'F', instrument: fut, qty: 2 }, { layer: 'C', instrument: L3short, qty: 1 }] };
    const m = fakeModel();
    const r = runScenario(m, VIX, book, { spxMovesFrac: [0], vixLevelsPts: [30] }, { kind: 'days', days: 40 });
    const f0 = m.vxFuture(fut.expiry).price;
    expect(r.hedgePnlByLayerUsd['F']?.[0]?.[0]).toBeCloseTo(2 * 1000 * (30 - f0), 6);
    const c0 = 100 * black76Price('call', f0, 25, (19 - 17.5 / 24) / 365, 0.04, m.vixOptionVol(L3short.expiry, 25));
    expect(r.hedgePnlByLayerUsd['C']?.[0]?.[0]).toBeCloseTo(100 * 5 - c0, 6);
  });

  it('a future rolls from its settle toward spot VIX as time passes', () => {
    const exp: IsoDate = isoDate('2026-03-01'); // 30 days out
    const book: ScenarioBook = { condor: null, hedge: [{ layer: 'F', instrument: vixFuture(exp), qty: 1 }] };
    const m = fakeModel();
    const f0 = m.vxFuture(exp).price;
    const r = runScenario(m, VIX, book, { spxMovesFrac: [0], vixLevelsPts: [VIX, 2 * VIX] }, { kind: 'days', days: 15 });
    // half the time left: half the basis remains
    expect(r.hedgePnlUsd[0]?.[0]).toBeCloseTo(1000 * (0.5 * f0 + 0.5 * VIX - f0), 6);
    expect(r.hedgePnlUsd[1]?.[0]).toBeCloseTo(1000 * (0.5 * 2 * f0 + 0.5 * 2 * VIX - f0), 6);
  });

  it('rejects a horizon at expiry without a condor, and bad grids, naming the field', () => {
    const book: ScenarioBook = { condor: null, hedge: [] };
    expect(() => runScenario(fakeModel(), VIX, book, grid, { kind: 'expiry' })).toThrow(InputError);
    expect(() => runScenario(fakeModel(), VIX, book, { spxMovesFrac: [], vixLevelsPts: [20] }, { kind: 'today' })).toThrow(/spx-moves/);
    expect(() => runScenario(fakeModel(), VIX, book, { spxMovesFrac: [0], vixLevelsPts: [-1] }, { kind: 'today' })).toThrow(/vix/);
    expect(() => runScenario(fakeModel(), 0, book, grid, { kind: 'today' })).toThrow(/vix/);
  });
});

describe('runScenario: the alternative instruments', () => {
  const model = (): ScenarioModel => ({ ...fakeModel(), spxVariance: (years) => 0.04 + 0.01 * years });
  const etp: ScenarioBook = { condor: null, hedge: [{ layer: 'L2', instrument: { kind: 'etp', symbol: 'VIX30D', expiry: null, levelUsd: 40 }, qty: 100 }] };
  const swap = { kind: 'varianceSwap' as const, strikeVar: 0.2 ** 2, expiry: isoDate('2026-03-02'), returns: 21, observed: 5, sumSqLogReturns: 0.001 };
  const swapBook: ScenarioBook = { condor: null, hedge: [{ layer: 'L3', instrument: swap, qty: 3 }] };
  const days = 31; // 2026-01-30 → 2026-03-02
  const df = Math.exp((-0.04 * days) / 365);

  it('ETP: today, β = 1, every contract of the blend moves with VIX, so the shares move by VIX′/VIX', () => {
    const r = runScenario(model(), VIX, etp, { spxMovesFrac: [-0.05, 0], vixLevelsPts: [VIX, 34] }, { kind: 'today' });
    expect(r.hedgePnlUsd[0]?.[1], 'unchanged: zero').toBe(0);
    expect(r.hedgePnlUsd[1]?.[1], '100 shares × 40 × (34/17 − 1)').toBeCloseTo(100 * 40 * (34 / VIX - 1), 9);
    expect(r.hedgePnlUsd[1]?.[0], 'the SPX move alone does not move it').toBeCloseTo(r.hedgePnlUsd[1]?.[1] ?? Number.NaN, 9);
    expect(r.notes.some((n) => n.includes('ETP')), 'says how the ETP is valued').toBe(true);
  });

  it('variance swap: today, a VIX move reprices the remaining life at the scaled implied variance', () => {
    const r = runScenario(model(), VIX, swapBook, { spxMovesFrac: [0], vixLevelsPts: [VIX, 25.5] }, { kind: 'today' });
    expect(r.hedgePnlUsd[0]?.[0]).toBe(0);
    const implied = 0.04 + 0.01 * (days / 365);
    const share = (21 - 5) / 21;
    // 3 units × $10,000 per variance point... per 1.0 of variance: N × DF × implied × share × (k² − 1)
    expect(r.hedgePnlUsd[1]?.[0]).toBeCloseTo(3 * 10_000 * df * implied * share * ((25.5 / VIX) ** 2 - 1), 6);
  });

  it('variance swap: today, an SPX move adds one squared log return to the accrued variance', () => {
    const r = runScenario(model(), VIX, swapBook, { spxMovesFrac: [-0.08, 0], vixLevelsPts: [VIX] }, { kind: 'today' });
    expect(r.hedgePnlUsd[0]?.[0]).toBeCloseTo(3 * 10_000 * df * (252 / 21) * Math.log(0.92) ** 2, 6);
  });

  it('variance swap past its expiry: every return observed (16 left: the move and 15 at the implied variance), undiscounted', () => {
    const r = runScenario(model(), VIX, swapBook, { spxMovesFrac: [0], vixLevelsPts: [VIX] }, { kind: 'days', days: 40 });
    const implied = 0.04 + 0.01 * (days / 365);
    const baseline = 3 * 10_000 * df * ((252 / 21) * 0.001 + implied * (16 / 21) - 0.04);
    const sumSq = 0.001 + (15 * (0.04 + 0.01 * (40 / 365))) / 252;
    expect(r.hedgePnlUsd[0]?.[0]).toBeCloseTo(3 * 10_000 * ((252 / 21) * sumSq - 0.04) - baseline, 6);
  });

  it('variance swap: an SPX move never lowers a long swap today', () => {
    fc.assert(
      fc.property(fc.double({ min: -0.3, max: 0.3, noNaN: true }), (m) => {
        const s = runScenario(model(), VIX, swapBook, { spxMovesFrac: [m, 0], vixLevelsPts: [VIX] }, { kind: 'today' });
        return (s.hedgePnlUsd[0]?.[0] ?? -1) >= (s.hedgePnlUsd[0]?.[1] ?? 0) - 1e-9;
      }),
    );
  });

  it('refuses a variance swap without the model variance, and an ETP without a price', () => {
    expect(() => runScenario(fakeModel(), VIX, swapBook, grid, { kind: 'today' })).toThrow(/SPX variance/);
    expect(() => runScenario(model(), VIX, { condor: null, hedge: [{ layer: 'L2', instrument: { kind: 'etp', symbol: 'VIX30D', expiry: null, levelUsd: 0 }, qty: 1 }] }, grid, { kind: 'today' })).toThrow(/share price must be positive/);
  });
});
