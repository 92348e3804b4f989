import { describe, expect, expectTypeOf, it } from 'vitest';
import { InputError } from '../core/errors.js';
import { defaultPolicy, parsePolicy, POLICY_KINDS, type AlvhPolicy, type HedgePolicy, type VxthPolicy } from './policy.js';
import { builtInPolicy, PRESET_NAMES, presetPolicy } from './presets.js';

describe('defaultPolicy', () => {
  it('holds the DESIGN §1.2 numbers', () => {
    const p = defaultPolicy('alvh');
    expect(p.regime, 'regime thresholds 15/25, hysteresis 1.0, confirm 2').toEqual({ lowBelowVixPts: 15, highAboveVixPts: 25, hysteresisPts: 1, confirmDays: 2 });
    expect(p.bands, 'bands low .06-.08, moderate .12-.18, high .25-.35').toEqual({ low: { lo: 0.06, hi: 0.08 }, moderate: { lo: 0.12, hi: 0.18 }, high: { lo: 0.25, hi: 0.35 } });
    expect(p.splits.moderate, 'moderate split').toEqual({ L1: 0.6, L2: 0.4, L3: 0 });
    expect(p.splits.high, 'high split').toEqual({ L1: 0.4, L2: 0.35, L3: 0.25 });
    expect(p.layers.L1, 'L1 ~90 DTE, >= 60, roll < 30, ~30-delta').toMatchObject({ instrument: 'vixCall', targetDte: 90, minDte: 60, rollDte: 30, targetDelta: 0.3 });
    expect(p.layers.L2, 'L2 front month >= 14 DTE, ~40-delta').toMatchObject({ instrument: 'vixCall', expiryRule: 'front', minDte: 14, targetDelta: 0.4 });
    expect(p.layers.L3.instrument, 'L3 calendar').toBe('vixCallCalendar');
    expect([p.rebalanceBand, p.costOfCapital.spreadOverTbillFrac, p.spendCap], 'rebalance 25%, T-bill + 5%, no cap').toEqual([0.25, 0.05, null]);
    expect(p.triggers, 'RSI triggers 70/30').toMatchObject({ rsiCrossAbove: 70, rsiCrossBelow: 30 });
    const v = defaultPolicy('vxth');
    expect(v.tiers, 'VXTH weights').toEqual([
      { maxVixPts: 15, weight: 0 },
      { maxVixPts: 30, weight: 0.01 },
      { maxVixPts: 50, weight: 0.005 },
    ]);
    expect([v.aboveWeight, v.basis, v.layer.targetDelta], 'VXTH >50: 0, premium basis, 30-delta').toEqual([0, 'premium', 0.3]);
    expect(defaultPolicy('static10').targetFraction, 'static10 at 10%').toBe(0.1);
  });

  it('every default passes its own validation unchanged', () => {
    for (const k of POLICY_KINDS) expect(parsePolicy(defaultPolicy(k)), k).toEqual(defaultPolicy(k));
  });

  it('returns a fresh object each call', () => {
    const a = defaultPolicy('alvh');
    a.bands.low.lo = 0.5;
    expect(defaultPolicy('alvh').bands.low.lo).toBe(0.06);
  });
});

describe('parsePolicy', () => {
  it('fills missing fields from the defaults (deep merge; a split replaces the whole split)', () => {
    const p = parsePolicy({ kind: 'alvh', bands: { high: { hi: 0.4 } }, splits: { moderate: { L1: 0.5, L2: 0.5 } } }) as AlvhPolicy;
    expect(p.bands.high, 'merged band').toEqual({ lo: 0.25, hi: 0.4 });
    expect(p.bands.low, 'untouched band').toEqual({ lo: 0.06, hi: 0.08 });
    expect(p.splits.moderate, 'missing layer in a split is 0').toEqual({ L1: 0.5, L2: 0.5, L3: 0 });
    expect(p.layers.L1.targetDte).toBe(90);
  });

  it('fills windowDays once a spend cap is given', () => {
    const p = parsePolicy({ kind: 'static10', spendCap: { shareOfCondorCredit: 0.3 } });
    expect(p.kind === 'static10' && p.spendCap).toEqual({ shareOfCondorCredit: 0.3, windowDays: 365 });
  });

  // Each row breaks one field; the message must name its path.
  const broken: Array<[string, unknown, string]> = [
    ['band hi < lo', { kind: 'alvh', bands: { high: { lo: 0.35, hi: 0.3 } } }, 'alvh.bands.high.hi: must be >= lo (0.35), got 0.3'],
    ['band above 1', { kind: 'alvh', bands: { low: { hi: 1.5 } } }, 'alvh.bands.low.hi: must be <= 1'],
    ['high band below moderate', { kind: 'alvh', bands: { high: { lo: 0.1 } } }, 'alvh.bands.high.lo: must be >= bands.moderate.lo'],
    ['split not summing to 1', { kind: 'alvh', splits: { moderate: { L1: 0.5, L2: 0.4 } } }, 'alvh.splits.moderate: must sum to 1, got 0.9'],
    ['negative split', { kind: 'alvh', splits: { low: { L1: 1, L2: -0.2, L3: 0.2 } } }, 'alvh.splits.low.L2: must be >= 0'],
    ['thresholds out of order', { kind: 'alvh', regime: { lowBelowVixPts: 25, highAboveVixPts: 15 } }, 'alvh.regime.highAboveVixPts: must be > lowBelowVixPts (25), got 15'],
    ['fractional confirmDays', { kind: 'alvh', regime: { confirmDays: 1.5 } }, 'alvh.regime.confirmDays: must be a whole number'],
    ['zero confirmDays', { kind: 'alvh', regime: { confirmDays: 0 } }, 'alvh.regime.confirmDays: must be >= 1'],
    ['negative hysteresis', { kind: 'alvh', regime: { hysteresisPts: -1 } }, 'alvh.regime.hysteresisPts: must be >= 0'],
    ['unknown instrument', { kind: 'alvh', layers: { L1: { instrument: 'vixPut' } } }, 'alvh.layers.L1.instrument: must be one of vixCall|vixCallCalendar|vixFuturesEtp|spxVarianceSwap'],
    ['minDte above targetDte', { kind: 'alvh', layers: { L1: { minDte: 100 } } }, 'alvh.layers.L1.minDte: must be <= targetDte (90), got 100'],
    ['rollDte above minDte', { kind: 'alvh', layers: { L1: { rollDte: 70 } } }, 'alvh.layers.L1.rollDte: must be <= minDte (60), got 70'],
    ['delta >= 1', { kind: 'alvh', layers: { L2: { targetDelta: 1.2 } } }, 'alvh.layers.L2.targetDelta: must be < 1'],
    ['unknown basis', { kind: 'alvh', basis: 'gamma' }, 'alvh.basis: must be one of deltaNotional|faceNotional|premium'],
    ['negative rebalance band', { kind: 'alvh', rebalanceBand: -0.1 }, 'alvh.rebalanceBand: must be >= 0'],
    ['trigger levels crossed', { kind: 'alvh', triggers: { rsiCrossBelow: 80 } }, 'alvh.triggers.rsiCrossBelow: must be < rsiCrossAbove (70), got 80'],
    ['layerHoldDays 0', { kind: 'alvh', triggers: { layerHoldDays: 0 } }, 'alvh.triggers.layerHoldDays: must be >= 1'],
    ['rsi mapping reversed', { kind: 'alvh', signal: { rsiOneAt: 20 } }, 'alvh.signal.rsiOneAt: must be > rsiZeroAt (30), got 20'],
    ['negative weight', { kind: 'alvh', signal: { weights: { macd: -1 } } }, 'alvh.signal.weights.macd: must be >= 0'],
    ['negative event window', { kind: 'alvh', signal: { eventWindowDays: -2 } }, 'alvh.signal.eventWindowDays: must be >= 0'],
    [
      'duplicate user series',
      { kind: 'alvh', signal: { userSeries: [{ name: 'x', weight: 1, rule: 'above', threshold: 1 }, { name: 'x', weight: 1, rule: 'below', threshold: 0 }] } },
      'alvh.signal.userSeries.1.name: duplicate series name "x"',
    ],
    ['user series bad rule', { kind: 'alvh', signal: { userSeries: [{ name: 'x', weight: 1, rule: 'between', threshold: 1 }] } }, 'alvh.signal.userSeries.0.rule: must be one of above|below|crossAbove|crossBelow'],
    ['user series without threshold', { kind: 'alvh', signal: { userSeries: [{ name: 'x', weight: 1, rule: 'above' }] } }, 'alvh.signal.userSeries.0.threshold: is required'],
    ['unknown field (typo)', { kind: 'alvh', bandz: {} }, 'alvh.bandz: unknown field'],
    ['nested unknown field', { kind: 'alvh', bands: { high: { mid: 0.3 } } }, 'alvh.bands.high.mid: unknown field'],
    ['number as text', { kind: 'alvh', costOfCapital: { spreadOverTbillFrac: '5%' } }, 'alvh.costOfCapital.spreadOverTbillFrac: must be a number'],
    ['negative spend cap', { kind: 'alvh', spendCap: { shareOfCondorCredit: -1 } }, 'alvh.spendCap.shareOfCondorCredit: must be >= 0'],
    ['spend cap without share', { kind: 'alvh', spendCap: { windowDays: 365 } }, 'alvh.spendCap.shareOfCondorCredit: is required'],
    ['grid not from 0', { kind: 'alvh', strikeGrid: [{ fromVixPts: 5, stepVixPts: 1 }] }, 'alvh.strikeGrid.0.fromVixPts: the first segment must start at 0, got 5'],
    ['grid zero step', { kind: 'alvh', strikeGrid: [{ fromVixPts: 0, stepVixPts: 0 }] }, 'alvh.strikeGrid.0.stepVixPts: must be > 0'],
    ['fractional highDecayDays', { kind: 'alvh', highDecayDays: 2.5 }, 'alvh.highDecayDays: must be a whole number'],
    ['vxth tiers out of order', { kind: 'vxth', tiers: [{ maxVixPts: 30, weight: 0.01 }, { maxVixPts: 15, weight: 0 }] }, 'vxth.tiers.1.maxVixPts: must be > the previous tier'],
    ['vxth weight above 1', { kind: 'vxth', aboveWeight: 2 }, 'vxth.aboveWeight: must be <= 1'],
    ['static10 fraction above 1', { kind: 'static10', targetFraction: 1.5 }, 'static10.targetFraction: must be <= 1'],
    ['ratio above the budget maximum', { kind: 'static10', basis: 'ratio', targetFraction: 101 }, 'static10.targetFraction: must be <= 100'],
    ['a budget basis on an ETP layer', { kind: 'alvh', basis: 'creditShare', layers: { L2: { instrument: 'vixFuturesEtp' } } }, 'alvh.basis: the creditShare budget sizes VIX calls and calendars only, a layer trades vixFuturesEtp'],
    ['a band above 1 on a notional basis', { kind: 'alvh', basis: 'premium', bands: { high: { hi: 2 } } }, 'alvh.bands.high.hi: must be <= 1 (a fraction of notional on the premium basis), got 2'],
    ['a zero credit window', { kind: 'static10', basis: 'creditShare', creditWindowDays: 0 }, 'static10.creditWindowDays: must be >= 1'],
    ['none with a field', { kind: 'none', basis: 'premium' }, 'none.basis: unknown field'],
    ['unknown kind', { kind: 'alvh2' }, 'policy.kind: must be one of none|static10|alvh|vxth, got "alvh2"'],
    ['no kind', { bands: {} }, 'policy.kind: must be one of none|static10|alvh|vxth, got nothing'],
    ['not an object', [1, 2], 'policy: must be an object'],
  ];
  it.each(broken)('rejects %s naming the field', (_why, json, message) => {
    let err: unknown;
    try {
      parsePolicy(json);
    } catch (e) {
      err = e;
    }
    expect(err, 'throws an InputError').toBeInstanceOf(InputError);
    expect((err as InputError).message.startsWith(message), `message "${(err as InputError).message}"`).toBe(true);
  });

  it('lists every problem, the first one in the field', () => {
    try {
      parsePolicy({ kind: 'alvh', rebalanceBand: -1, basis: 'x' });
      expect.unreachable('must throw');
    } catch (e) {
      expect(e).toBeInstanceOf(InputError);
      expect((e as InputError).message).toContain('; alvh.');
    }
  });
});

describe('budget bases', () => {
  it('accept budgets above 1 (2 VIX calls per condor, 150% of the credit)', () => {
    expect(parsePolicy({ kind: 'static10', basis: 'ratio', targetFraction: 2 })).toMatchObject({ basis: 'ratio', targetFraction: 2 });
    expect(parsePolicy({ kind: 'alvh', basis: 'creditShare', bands: { high: { lo: 1, hi: 1.5 } }, creditWindowDays: 42 })).toMatchObject({ bands: { high: { lo: 1, hi: 1.5 } }, creditWindowDays: 42 });
  });

  it('presets are the defaults with the basis replaced', () => {
    expect(PRESET_NAMES).toEqual(['static10-credit', 'static10-peryear', 'static10-ratio', 'alvh-credit', 'alvh-peryear', 'alvh-ratio']);
    expect(presetPolicy('static10-credit')).toEqual({ ...defaultPolicy('static10'), basis: 'creditShare' });
    expect(presetPolicy('alvh-ratio')).toEqual({ ...defaultPolicy('alvh'), basis: 'ratio' });
    expect(builtInPolicy('vxth')).toEqual(defaultPolicy('vxth'));
    for (const name of ['static10-', 'vxth-credit', 'alvh-gamma', 'alvh']) expect(presetPolicy(name), name).toBeNull();
    for (const name of PRESET_NAMES) expect(parsePolicy(builtInPolicy(name)), `${name} passes validation`).toEqual(builtInPolicy(name));
  });
});

describe('types', () => {
  it('HedgePolicy is a union discriminated on kind', () => {
    expectTypeOf(defaultPolicy('vxth')).toEqualTypeOf<VxthPolicy>();
    expectTypeOf(parsePolicy({ kind: 'alvh' })).toEqualTypeOf<HedgePolicy>();
    const p = parsePolicy({ kind: 'vxth' });
    if (p.kind === 'vxth') expectTypeOf(p.tiers).toEqualTypeOf<{ maxVixPts: number; weight: number }[]>();
    // @ts-expect-error a static10 policy has no bands
    expect(defaultPolicy('static10').bands).toBeUndefined();
  });
});
