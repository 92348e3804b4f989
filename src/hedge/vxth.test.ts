import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, isoDate } from '../core/time.js';
import { initialHedgeState, stepHedge, type HedgeDayInputs } from './index.js';
import { defaultPolicy, parsePolicy, POLICY_KINDS } from './policy.js';
import { noneDecision, static10Decision } from './static10.js';
import { INITIAL_VXTH_STATE, isRollDay, stepVxth, vxthWeight, type VxthDayInputs } from './vxth.js';

const V = defaultPolicy('vxth');

describe('VXTH weights (Cboe VXTH methodology: ≤15: 0, 15–30: 1%, 30–50: 0.5%, >50: 0)', () => {
  it('applies the tiers with inclusive upper bounds', () => {
    expect([10, 15, 15.01, 22, 30, 30.01, 50, 50.01, 80].map((f) => vxthWeight(V, f))).toEqual([0, 0, 0.01, 0.01, 0.01, 0.005, 0.005, 0, 0]);
    expect(() => vxthWeight(V, Number.NaN)).toThrow('nextExpiryFutureVixPts');
  });
});

describe('stepVxth', () => {
  const d = (date: string, isMonthlyVixExpiry: boolean, f: number): VxthDayInputs => ({ date: isoDate(date), isMonthlyVixExpiry, nextExpiryFutureVixPts: f });

  it('enters at once, holds between expiries and re-weights only on the monthly expiry', () => {
    const days = [d('2024-03-14', false, 16), d('2024-03-15', false, 35), d('2024-03-20', true, 33), d('2024-03-21', false, 12), d('2024-04-17', true, 14.5)];
    let s = INITIAL_VXTH_STATE;
    const out = days.map((x) => {
      const r = stepVxth(V, s, x);
      s = r.state;
      return r.decision;
    });
    expect(out.map((o) => o.targetFraction), 'weights').toEqual([0.01, 0.01, 0.005, 0.005, 0]);
    expect(out.map((o) => o.rebalance)).toEqual([
      { kind: 'rollOnly', rollToday: true },
      { kind: 'rollOnly', rollToday: false },
      { kind: 'rollOnly', rollToday: true },
      { kind: 'rollOnly', rollToday: false },
      { kind: 'rollOnly', rollToday: true },
    ]);
    expect(out[4]?.layers).toEqual([{ layer: 'L1', instrument: 'vixCall', active: false, splitFrac: 1, targetFraction: 0 }]);
    expect(out[0]?.basis).toBe('premium');
    expect(out[2]?.rationale[0]).toBe('Monthly VIX expiry: roll: the next-expiry VIX future is 33, so the weight is 0.50% of account value (≤15: 0.0%, 15–30: 1.0%, 30–50: 0.5%, above: 0.0%).');
    expect(out[3]?.rationale[0]).toBe('Holding the calls bought on 2024-03-20 at 0.50% of account value until the next monthly VIX expiry (no rebalance in between).');
  });

  it('changes the weight only on roll days, always to a tier weight of that day\'s future', () => {
    const dayArb = fc.record({ isMonthlyVixExpiry: fc.boolean(), nextExpiryFutureVixPts: fc.double({ min: 9, max: 90, noNaN: true }) });
    fc.assert(
      fc.property(fc.array(dayArb, { minLength: 1, maxLength: 80 }), (rows) => {
        let s = INITIAL_VXTH_STATE;
        let prev = Number.NaN;
        rows.forEach((r, i) => {
          const { state, decision } = stepVxth(V, s, { ...r, date: addDays(isoDate('2024-01-02'), i) });
          s = state;
          const roll = i === 0 || r.isMonthlyVixExpiry;
          expect(decision.rebalance).toEqual({ kind: 'rollOnly', rollToday: roll });
          if (roll) expect(decision.targetFraction).toBe(vxthWeight(V, r.nextExpiryFutureVixPts));
          else expect(decision.targetFraction, 'held between rolls').toBe(prev);
          prev = decision.targetFraction;
        });
      }),
    );
  });

  it('finds roll days in the expiry list', () => {
    expect(isRollDay(isoDate('2024-06-18'), [isoDate('2024-05-22'), isoDate('2024-06-18')])).toBe(true);
    expect(isRollDay(isoDate('2024-06-19'), [isoDate('2024-05-22'), isoDate('2024-06-18')])).toBe(false);
  });
});

describe('static10 and none', () => {
  it('static10 holds L1 at 10% with the rebalance band', () => {
    const dec = static10Decision(defaultPolicy('static10'), isoDate('2024-03-01'));
    expect(dec).toMatchObject({ policy: 'static10', targetFraction: 0.1, basis: 'deltaNotional', rebalance: { kind: 'band', band: 0.25 } });
    expect(dec.layers).toEqual([{ layer: 'L1', instrument: 'vixCall', active: true, splitFrac: 1, targetFraction: 0.1 }]);
  });

  it('none holds nothing', () => {
    expect(noneDecision(defaultPolicy('none'), isoDate('2024-03-01'))).toMatchObject({ policy: 'none', targetFraction: 0, layers: [], basis: null });
  });
});

describe('stepHedge: one entry point for every policy', () => {
  const x = (i: number): HedgeDayInputs => ({
    date: addDays(isoDate('2024-03-11'), i),
    vixClosePts: 18 + i,
    vixRsi14: 50 + i,
    spxMacdHist: -0.1,
    breadthDivergence01: 0,
    tradingDaysToNextEvent: 5,
    isMonthlyVixExpiry: false,
    nextExpiryFutureVixPts: 19 + i,
  });

  it('runs each default policy and returns the common decision shape', () => {
    for (const kind of POLICY_KINDS) {
      const p = defaultPolicy(kind);
      let s = initialHedgeState(p);
      for (let i = 0; i < 3; i++) {
        const r = stepHedge(p, s, x(i));
        s = r.state;
        expect(r.decision.policy, kind).toBe(kind);
        expect(r.decision.date).toBe(x(i).date);
        const sum = r.decision.layers.reduce((a, l) => a + l.targetFraction, 0);
        expect(sum, `${kind}: layers sum to the target`).toBeCloseTo(r.decision.targetFraction, 12);
        expect(r.decision.rationale.length, `${kind}: explains itself`).toBeGreaterThan(0);
      }
    }
  });

  it('rejects a state of another policy', () => {
    expect(() => stepHedge(parsePolicy({ kind: 'alvh' }), initialHedgeState(defaultPolicy('vxth')), x(0))).toThrow('state.kind: a vxth state was given to the alvh policy');
  });
});
