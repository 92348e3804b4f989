import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { InputError } from '../core/errors.js';
import { addDays, isoDate, type IsoDate } from '../core/time.js';
import { black76Price } from '../pricing/index.js';
import { condorLegs, condorPayoffAtExpiry, makeIronCondor } from './condor.js';
import { vixFuture, vixOption } from './instruments.js';
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
