import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, isoDate, type IsoDate } from '../core/time.js';
import { INITIAL_ALVH_STATE, runAlvh, stepAlvh, type AlvhDayInputs } from './alvh.js';
import { defaultPolicy, parsePolicy, type AlvhPolicy } from './policy.js';

const P = defaultPolicy('alvh');
const D0 = isoDate('2024-03-11');

/** A day with no indicator available (warm-up), overridable. */
function day(i: number, vixClosePts: number, over: Partial<AlvhDayInputs> = {}): AlvhDayInputs {
  return {
    date: addDays(D0, i),
    vixClosePts,
    vixRsi14: Number.NaN,
    spxMacdHist: Number.NaN,
    breadthDivergence01: Number.NaN,
    tradingDaysToNextEvent: Number.NaN,
    ...over,
  };
}

describe('ALVH worked example (hand-computed)', () => {
  // Day 1: VIX 21, RSI 60, MACD histogram +0.30. Day 2: VIX 22, RSI(14) of VIX 65, MACD
  // histogram +0.10 (falling from +0.30), no breadth data, CPI in 2 trading days.
  // Regime: moderate (15 ≤ 22 ≤ 25), band 12%–18%.
  // Components: RSI (65−30)/(70−30) = 0.875; MACD above zero, falling = 0.5; events = 1;
  // breadth unavailable → dropped. s = (0.875 + 0.5 + 1)/3 = 0.791667.
  // target = 0.12 + 0.791667 × 0.06 = 0.1675; L1 = 0.6 × 0.1675 = 0.1005; L2 = 0.4 × 0.1675 = 0.067.
  const days = [
    day(0, 21, { vixRsi14: 60, spxMacdHist: 0.3, tradingDaysToNextEvent: 3 }),
    day(1, 22, { vixRsi14: 65, spxMacdHist: 0.1, tradingDaysToNextEvent: 2 }),
  ];
  const d = runAlvh(P, days).decisions[1];

  it('gives the regime, score, target and split', () => {
    expect(d?.regime).toBe('moderate');
    expect(d?.signalScore01, 's').toBeCloseTo(0.791667, 6);
    expect(d?.targetFraction, 'target').toBeCloseTo(0.1675, 12);
    expect(d?.layers.map((l) => [l.layer, l.active, l.targetFraction]), 'layers').toEqual([
      ['L1', true, expect.closeTo(0.1005, 12)],
      ['L2', true, expect.closeTo(0.067, 12)],
      ['L3', false, 0],
    ]);
    expect(d?.rebalance).toEqual({ kind: 'band', band: 0.25 });
  });

  it('with a breadth score of 0 the same day gives s = 2.375/4 and target 15.5625%', () => {
    const r = runAlvh(P, [days[0] as AlvhDayInputs, { ...(days[1] as AlvhDayInputs), breadthDivergence01: 0 }]).decisions[1];
    expect(r?.signalScore01).toBeCloseTo(0.59375, 12);
    expect(r?.targetFraction).toBeCloseTo(0.155625, 12);
  });

  it('explains itself in plain sentences', () => {
    expect(d?.rationale).toEqual([
      'Regime moderate for 2 trading days: VIX closed at 22 (low < 15 ≤ moderate ≤ 25 < high).',
      'Band for the moderate regime: 12.00%–18.00% of condor notional.',
      'RSI(14) of VIX 65 → 0.875 (0 at 30, 1 at 70), weight 1.',
      'SPX MACD histogram 0.1, at or above zero, falling from 0.3 → 0.5, weight 1.',
      'A/D breadth divergence unavailable: left out.',
      'FOMC/CPI/PPI release in 2 trading days, within the 3-day window → 1, weight 1.',
      'Signal score s = 0.792, the weighted mean of 3 components.',
      'Target hedge = 12.00% + 0.792 × (18.00% − 12.00%) = 16.75% of condor notional (deltaNotional basis).',
      'L1 (core convexity, vixCall): 60% of the target = 10.05% of condor notional.',
      'L2 (second engine, vixCall): 40% of the target = 6.70% of condor notional.',
      'L3 (gamma damper, vixCallCalendar): off, not in the moderate split; close any position.',
    ]);
  });

  it('skips the rationale when asked, with an identical decision otherwise', () => {
    const quiet = runAlvh(P, days, { explain: false }).decisions[1];
    expect(quiet?.rationale).toEqual([]);
    expect({ ...quiet, rationale: d?.rationale }).toEqual(d);
    const last = runAlvh(P, days, { explain: 'last' }).decisions;
    expect(last[0]?.rationale, "'last': history unexplained").toEqual([]);
    expect(last[1], "'last': today explained").toEqual(d);
  });
});

describe('ALVH rules', () => {
  it('switches regime with hysteresis and says why', () => {
    const ds = runAlvh(P, [day(0, 14), day(1, 16)]).decisions;
    expect(ds.map((x) => x.regime)).toEqual(['low', 'moderate']);
    expect(ds[1]?.rationale[0]).toBe('Regime moderate: switched from low as VIX closed at 16, 1 point above the 15 boundary, at least the 1-point hysteresis (low < 15 ≤ moderate ≤ 25 < high).');
    const held = runAlvh(P, [day(0, 14), day(1, 15.5)]).decisions[1];
    expect(held?.regime).toBe('low');
    expect(held?.rationale[0]).toContain('so the regime holds (hysteresis)');
  });

  it('RSI cross above 70 adds the next layer for layerHoldDays trading days, inside the same band', () => {
    const days = [day(0, 13, { vixRsi14: 65 }), day(1, 13, { vixRsi14: 72 })];
    for (let i = 2; i <= 12; i++) days.push(day(i, 13, { vixRsi14: 68 }));
    const ds = runAlvh(P, days).decisions;
    expect(ds[0]?.layers.filter((l) => l.active).map((l) => l.layer), 'low: L1 only').toEqual(['L1']);
    expect(ds[1]?.compositionRegime, 'moderate split ahead of the regime').toBe('moderate');
    expect(ds[1]?.layers.filter((l) => l.active).map((l) => l.layer)).toEqual(['L1', 'L2']);
    expect(ds[1]?.regime, 'regime unchanged').toBe('low');
    expect(ds[1]?.targetFraction, 'target stays in the low band').toBeLessThanOrEqual(0.08);
    expect(ds[1]?.rationale).toContain('RSI(14) of VIX crossed above 70 (65 → 72): the next layer is added ahead of the regime for 10 trading days (the moderate split is used).');
    expect(ds.map((x) => x.compositionRegime), 'days 1..10 hold the trigger').toEqual(['low', ...Array<string>(10).fill('moderate'), 'low', 'low']);
    expect(ds[11]?.rationale).toContain('The RSI trigger that added a layer ended after 10 trading days: back to the low split.');
  });

  it('RSI cross below 30 removes the most recent optional layer', () => {
    const ds = runAlvh(P, [day(0, 20, { vixRsi14: 35 }), day(1, 20, { vixRsi14: 28 })]).decisions;
    expect(ds[0]?.layers.filter((l) => l.active).map((l) => l.layer)).toEqual(['L1', 'L2']);
    expect(ds[1]?.layers.filter((l) => l.active).map((l) => l.layer), 'L2 removed').toEqual(['L1']);
    expect(ds[1]?.layers[0]?.targetFraction, 'L1 carries the whole target').toBeCloseTo(ds[1]?.targetFraction ?? Number.NaN, 15);
    // An active add is cancelled by a cross below.
    const c = runAlvh(P, [day(0, 13, { vixRsi14: 65 }), day(1, 13, { vixRsi14: 75 }), day(2, 13, { vixRsi14: 50 }), day(3, 13, { vixRsi14: 29 })]).decisions;
    expect(c.map((x) => x.compositionRegime)).toEqual(['low', 'moderate', 'moderate', 'low']);
    expect(c[3]?.rationale).toContain('RSI(14) of VIX crossed below 30 (50 → 29): the layer added by the earlier RSI trigger is removed.');
    // L1 is never removed.
    const l = runAlvh(P, [day(0, 12, { vixRsi14: 35 }), day(1, 12, { vixRsi14: 25 })]).decisions[1];
    expect(l?.layers.filter((x) => x.active).map((x) => x.layer)).toEqual(['L1']);
  });

  it('a regime switch ends a trigger', () => {
    const ds = runAlvh(P, [day(0, 13, { vixRsi14: 65 }), day(1, 13, { vixRsi14: 75 }), day(2, 17, { vixRsi14: 75 })]).decisions;
    expect(ds.map((x) => [x.regime, x.compositionRegime])).toEqual([
      ['low', 'low'],
      ['low', 'moderate'],
      ['moderate', 'moderate'],
    ]);
    expect(ds[2]?.triggerShift).toBe(0);
  });

  it('the high band decays toward the moderate band from the VIX peak, and a new peak re-arms it', () => {
    const closes = [20, 30, 28, 32, 31, 30, 29, 28, 27, 27, 27, 27, 27, 27, 27];
    const ds = runAlvh(P, closes.map((v, i) => day(i, v))).decisions;
    expect(ds[1]?.band, 'entry day: full high band').toEqual({ lo: 0.25, hi: 0.35 });
    expect(ds[2]?.band.lo, '1 of 10 days: 0.25 + 0.1·(0.12 − 0.25)').toBeCloseTo(0.237, 12);
    expect(ds[2]?.band.hi, '0.35 + 0.1·(0.18 − 0.35)').toBeCloseTo(0.333, 12);
    expect(ds[3]?.band, 'new peak 32: full again').toEqual({ lo: 0.25, hi: 0.35 });
    expect(ds[13]?.highDecayWeight, '10 days after the peak').toBe(1);
    expect(ds[13]?.band.lo).toBeCloseTo(0.12, 12);
    expect(ds[13]?.band.hi).toBeCloseTo(0.18, 12);
    expect(ds[13]?.regime, 'still the high regime').toBe('high');
    expect(ds[2]?.rationale[1]).toBe('High band decaying toward the moderate band: 1 of 10 trading days since the VIX peak close of 30 → band 23.70%–33.30% of condor notional.');
    const noDecay = runAlvh({ ...P, highDecayDays: 0 }, closes.map((v, i) => day(i, v))).decisions;
    expect(noDecay[13]?.band, 'highDecayDays 0: no decay').toEqual({ lo: 0.25, hi: 0.35 });
  });

  it('uses user series with yesterday’s value from the state', () => {
    const p = parsePolicy({ kind: 'alvh', signal: { weights: { rsi: 0, macd: 0, breadth: 0, events: 0 }, userSeries: [{ name: 't10y2y', weight: 1, rule: 'crossBelow', threshold: 0 }] } }) as AlvhPolicy;
    const ds = runAlvh(p, [day(0, 20, { userSeries: { t10y2y: 0.1 } }), day(1, 20, { userSeries: { t10y2y: -0.05 } }), day(2, 20, { userSeries: { t10y2y: -0.1 } })]).decisions;
    expect(ds.map((x) => x.signalScore01), 'NaN (no yesterday) → 0.5; cross → 1; already below → 0').toEqual([0.5, 1, 0]);
    expect(ds[1]?.rationale).toContain('User series t10y2y -0.05 (yesterday 0.1), rule crossBelow 0 → 1, weight 1.');
  });

  it('rejects days out of order', () => {
    const s = stepAlvh(P, INITIAL_ALVH_STATE, day(1, 20)).state;
    expect(() => stepAlvh(P, s, day(1, 20))).toThrow('date: days must be strictly increasing');
  });
});

describe('ALVH properties', () => {
  const maybe = (arb: fc.Arbitrary<number>) => fc.oneof({ weight: 4, arbitrary: arb }, { weight: 1, arbitrary: fc.constant(Number.NaN) });
  const dayInput = fc.record({
    vixClosePts: fc.double({ min: 9, max: 85, noNaN: true }),
    vixRsi14: maybe(fc.double({ min: 0, max: 100, noNaN: true })),
    spxMacdHist: maybe(fc.double({ min: -40, max: 40, noNaN: true })),
    breadthDivergence01: maybe(fc.double({ min: 0, max: 1, noNaN: true })),
    tradingDaysToNextEvent: fc.oneof(fc.nat(20), fc.constant(Number.POSITIVE_INFINITY), fc.constant(Number.NaN)),
  });
  const series = (max = 120) => fc.array(dayInput, { minLength: 1, maxLength: max }).map((xs) => xs.map((x, i): AlvhDayInputs => ({ ...x, date: addDays(D0, i) })));
  const policies = fc.constantFrom<AlvhPolicy>(
    P,
    parsePolicy({ kind: 'alvh', regime: { hysteresisPts: 0, confirmDays: 1 }, highDecayDays: 3, triggers: { layerHoldDays: 2 } }) as AlvhPolicy,
    parsePolicy({ kind: 'alvh', bands: { high: { lo: 0.4, hi: 0.5 } }, highDecayDays: 0 }) as AlvhPolicy,
  );

  it('the target lies in its regime band; a decaying high band stays within [moderate lo, high hi]', () => {
    fc.assert(
      fc.property(policies, series(), (p, days) => {
        for (const d of runAlvh(p, days, { explain: false }).decisions) {
          const t = d.targetFraction;
          if (!(t >= d.band.lo - 1e-12 && t <= d.band.hi + 1e-12)) return false;
          if (d.regime === 'high') {
            if (!(d.band.lo >= p.bands.moderate.lo - 1e-12 && d.band.hi <= p.bands.high.hi + 1e-12)) return false;
            if (!(d.band.lo <= p.bands.high.lo + 1e-12 && d.band.hi >= p.bands.moderate.hi - 1e-12)) return false;
          } else if (d.band !== p.bands[d.regime]) return false;
        }
        return true;
      }),
    );
  });

  it('the layer targets sum to the target and the splits to 1', () => {
    fc.assert(
      fc.property(policies, series(), (p, days) =>
        runAlvh(p, days, { explain: false }).decisions.every((d) => {
          const sum = d.layers.reduce((a, l) => a + l.targetFraction, 0);
          const split = d.layers.reduce((a, l) => a + l.splitFrac, 0);
          return Math.abs(sum - d.targetFraction) < 1e-12 && Math.abs(split - 1) < 1e-12 && d.layers.some((l) => l.layer === 'L1' && l.active);
        }),
      ),
    );
  });

  it('no lookahead: changing inputs after day t does not change any decision up to t', () => {
    fc.assert(
      fc.property(policies, series(60), series(60), fc.nat(), (p, a, b, k) => {
        const t = k % a.length;
        const changed = [...a.slice(0, t + 1), ...b.map((x, i) => ({ ...x, date: addDays(a[t]?.date as IsoDate, i + 1) }))];
        expect(runAlvh(p, changed).decisions.slice(0, t + 1)).toEqual(runAlvh(p, a).decisions.slice(0, t + 1));
      }),
      { numRuns: 60 },
    );
  });

  it('one day from a saved state equals the same day inside a full run (signal = backtest)', () => {
    fc.assert(
      fc.property(policies, series(60), (p, days) => {
        const full = runAlvh(p, days);
        const prefix = runAlvh(p, days.slice(0, -1));
        const last = stepAlvh(p, prefix.state, days[days.length - 1] as AlvhDayInputs);
        expect(last.decision).toEqual(full.decisions.at(-1));
        expect(last.state).toEqual(full.state);
      }),
      { numRuns: 60 },
    );
  });
});
