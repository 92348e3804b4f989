import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultPolicy } from './policy.js';
import { isoDate } from '../core/time.js';
import { eventComponent, tradingDaysToNextEvent, macdComponent, NEUTRAL_SCORE, rsiComponent, signalScore, userSeriesComponent, type SignalInputs } from './signalScore.js';

const S = defaultPolicy('alvh').signal;
const NONE: SignalInputs = { vixRsi14: Number.NaN, spxMacdHist: Number.NaN, spxMacdHistPrev: Number.NaN, breadthDivergence01: Number.NaN, tradingDaysToNextEvent: Number.NaN };

describe('components', () => {
  it('RSI maps linearly from 30 → 0 to 70 → 1, clamped', () => {
    expect([10, 30, 50, 65, 70, 90].map((r) => rsiComponent(r, S))).toEqual([0, 0, 0.5, 0.875, 1, 1]);
    expect(rsiComponent(Number.NaN, S)).toBeNaN();
  });

  it('MACD: 0.5 below zero + 0.5 falling', () => {
    expect(macdComponent(-0.2, 0.1), 'bearish cross').toBe(1);
    expect(macdComponent(-0.2, -0.3), 'below zero, rising').toBe(0.5);
    expect(macdComponent(0.1, 0.3), 'above zero, falling').toBe(0.5);
    expect(macdComponent(0.3, 0.1), 'above zero, rising').toBe(0);
    expect(macdComponent(-0.1, Number.NaN), 'no previous value: falling counts half').toBe(0.75);
    expect(macdComponent(Number.NaN, 0.1)).toBeNaN();
  });

  it('events: 1 within the window (0 = today), 0 beyond or when none is known', () => {
    expect([0, 1, 3, 4, Number.POSITIVE_INFINITY].map((d) => eventComponent(d, 3))).toEqual([1, 1, 1, 0, 0]);
    expect(eventComponent(Number.NaN, 3)).toBeNaN();
    expect(() => eventComponent(-1, 3)).toThrow('tradingDaysToNextEvent: must be >= 0');
  });

  it('user series rules', () => {
    const r = (rule: 'above' | 'below' | 'crossAbove' | 'crossBelow') => ({ name: 'x', weight: 1, rule, threshold: 0 });
    expect(userSeriesComponent(r('above'), { value: 0.1, prevValue: Number.NaN })).toBe(1);
    expect(userSeriesComponent(r('above'), { value: 0, prevValue: Number.NaN }), 'strictly above').toBe(0);
    expect(userSeriesComponent(r('below'), { value: -0.1, prevValue: 1 })).toBe(1);
    expect(userSeriesComponent(r('crossBelow'), { value: -0.1, prevValue: 0.2 })).toBe(1);
    expect(userSeriesComponent(r('crossBelow'), { value: -0.1, prevValue: -0.2 }), 'already below').toBe(0);
    expect(userSeriesComponent(r('crossAbove'), { value: 0.3, prevValue: 0 })).toBe(1);
    expect(userSeriesComponent(r('crossAbove'), { value: 0.3, prevValue: Number.NaN })).toBeNaN();
    expect(userSeriesComponent(r('above'), undefined)).toBeNaN();
  });

  it('rejects a breadth score outside [0, 1]', () => {
    expect(() => signalScore(S, { ...NONE, breadthDivergence01: 2 })).toThrow('breadthDivergence01: must be in [0, 1]');
  });
});

describe('signalScore', () => {
  it('is the weighted mean of the available components (NaN drops out, weights renormalise)', () => {
    // RSI 65 → 0.875, MACD above zero and falling → 0.5, breadth NaN, event in 2 days → 1.
    const x = { ...NONE, vixRsi14: 65, spxMacdHist: 0.1, spxMacdHistPrev: 0.3, tradingDaysToNextEvent: 2 };
    const r = signalScore(S, x);
    expect(r.score01, '(0.875 + 0.5 + 1) / 3').toBeCloseTo(2.375 / 3, 12);
    expect(r.components.map((c) => c.used)).toEqual([true, true, false, true]);
    const w = signalScore({ ...S, weights: { rsi: 2, macd: 1, breadth: 1, events: 1 } }, x);
    expect(w.score01, '(2·0.875 + 0.5 + 1) / 4').toBeCloseTo(3.25 / 4, 12);
  });

  it('falls back to 0.5 when no component is available or all weights are 0', () => {
    expect(signalScore(S, NONE)).toMatchObject({ score01: NEUTRAL_SCORE, neutralFallback: true });
    const zero = { ...S, weights: { rsi: 0, macd: 0, breadth: 0, events: 0 } };
    expect(signalScore(zero, { ...NONE, vixRsi14: 80 }).score01).toBe(0.5);
  });

  it('includes user series with their own weight', () => {
    const p = { ...S, userSeries: [{ name: 'spread', weight: 3, rule: 'below' as const, threshold: 0 }] };
    const r = signalScore(p, { ...NONE, vixRsi14: 30, userSeries: { spread: { value: -0.5, prevValue: 0.1 } } });
    expect(r.score01, '(1·0 + 3·1) / 4').toBeCloseTo(0.75, 12);
    expect(r.components.at(-1)).toEqual({ key: 'user:spread', value01: 1, weight: 3, used: true });
  });

  const maybe = (arb: fc.Arbitrary<number>) => fc.oneof(arb, fc.constant(Number.NaN));
  const inputs = fc.record({
    vixRsi14: maybe(fc.double({ min: 0, max: 100, noNaN: true })),
    spxMacdHist: maybe(fc.double({ min: -50, max: 50, noNaN: true })),
    spxMacdHistPrev: maybe(fc.double({ min: -50, max: 50, noNaN: true })),
    breadthDivergence01: maybe(fc.double({ min: 0, max: 1, noNaN: true })),
    tradingDaysToNextEvent: fc.oneof(fc.nat(30), fc.constant(Number.POSITIVE_INFINITY), fc.constant(Number.NaN)),
  });

  it('is always in [0, 1] and every component is in [0, 1] or NaN', () => {
    fc.assert(
      fc.property(inputs, (x) => {
        const r = signalScore(S, x);
        return r.score01 >= 0 && r.score01 <= 1 && r.components.every((c) => Number.isNaN(c.value01) || (c.value01 >= 0 && c.value01 <= 1));
      }),
    );
  });

  it('rising VIX RSI never lowers the score', () => {
    fc.assert(
      fc.property(inputs, fc.double({ min: 0, max: 100, noNaN: true }), fc.double({ min: 0, max: 100, noNaN: true }), (x, a, b) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        return signalScore(S, { ...x, vixRsi14: lo }).score01 <= signalScore(S, { ...x, vixRsi14: hi }).score01 + 1e-12;
      }),
    );
  });
});

describe('tradingDaysToNextEvent', () => {
  it('counts NYSE trading days to the first event strictly after each day', () => {
    // 2024-03-12 CPI, 2024-03-20 FOMC; 2024-03-29 is Good Friday (NYSE closed), so
    // 03-20 → 04-01 is 7 trading days (21, 22, 25, 26, 27, 28, 04-01).
    const dates = ['2024-03-08', '2024-03-11', '2024-03-12', '2024-03-13', '2024-03-20', '2024-03-28'].map((d) => isoDate(d));
    const events = ['2024-03-20', '2024-03-12', '2024-03-12', '2024-04-01'].map((d) => isoDate(d));
    expect(Array.from(tradingDaysToNextEvent(dates, events))).toEqual([2, 1, 6, 5, 7, 1]);
    expect(Array.from(tradingDaysToNextEvent([isoDate('2024-05-01')], events)), 'no later event').toEqual([Number.POSITIVE_INFINITY]);
  });
});
