import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_COST_MODEL, halfSpread } from '../portfolio/costs.js';
import { costModelExecution, type CondorLegOrder } from '../strategy/condor.js';
import { condorExecution, defaultReality, SHORT_DATED_SPX_WINGS, shortDatedWingSlippage, spreadFormulaSlippage } from './reality.js';

const SPX = DEFAULT_COST_MODEL.spread.spxOption;
const DAY = 1 / 365;

describe('short-dated SPX wings (the default slippage)', () => {
  const s = shortDatedWingSlippage(spreadFormulaSlippage(DEFAULT_COST_MODEL));

  it('raises a 1DTE wing priced $0.25-1 to 0.075, the median 1DTE quote of the 2026-01-30 chain', () => {
    expect(halfSpread(SPX, 0.3, 0.1744), 'the formula: its 0.05 floor').toBeCloseTo(0.05, 12);
    expect(s.halfSpreadPts('spxOption', 0.3, 0.1744, { years: DAY })).toBe(0.075);
    expect(s.halfSpreadPts('spxOption', 0.7, 0.1744, { years: 3 * DAY }), 'over a weekend').toBe(0.075);
    expect(s.halfSpreadPts('spxOption', 0.3, 0.1744, { years: 6.5 / 24 / 365 }), 'a 0DTE condor').toBe(0.075);
  });

  it('leaves the formula alone elsewhere: cheaper or dearer options, later expiries, other kinds, no timing', () => {
    expect(s.halfSpreadPts('spxOption', 0.2, 0.1744, { years: DAY }), 'under $0.25 the 1DTE quotes are at 0.05').toBe(halfSpread(SPX, 0.2, 0.1744));
    expect(s.halfSpreadPts('spxOption', 1.5, 0.1744, { years: DAY }), 'from $1 the formula tracks').toBe(halfSpread(SPX, 1.5, 0.1744));
    expect(s.halfSpreadPts('spxOption', 0.3, 0.1744, { years: 5 * DAY })).toBe(halfSpread(SPX, 0.3, 0.1744));
    expect(s.halfSpreadPts('vixOption', 0.3, 0.9, { years: DAY })).toBe(halfSpread(DEFAULT_COST_MODEL.spread.vixOption, 0.3, 0.9));
    expect(s.halfSpreadPts('spxOption', 0.3, 0.1744)).toBe(halfSpread(SPX, 0.3, 0.1744));
  });

  it('never narrows the formula (a floor), at any price, vol and tenor', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 50, noNaN: true }), fc.double({ min: 0, max: 1.5, noNaN: true }), fc.double({ min: 0, max: 0.1, noNaN: true }), (mid, vol, years) => {
        const h = s.halfSpreadPts('spxOption', mid, vol, { years });
        expect(h).toBeGreaterThanOrEqual(halfSpread(SPX, mid, vol));
        expect(h).toBeLessThanOrEqual(Math.max(halfSpread(SPX, mid, vol), SHORT_DATED_SPX_WINGS.minHalfPts));
      }),
    );
  });
});

describe('the condor execution through the reality models', () => {
  const leg = (years: number, midPts: number, side: 'buy' | 'sell'): CondorLegOrder => ({ type: 'put', strike: 6800, spot: 6939, years, midPts, volFrac: 0.1744, side, listed: null });
  const reality = condorExecution(defaultReality(DEFAULT_COST_MODEL));
  const costModel = costModelExecution(DEFAULT_COST_MODEL);

  it('fills like the cost model away from the short-dated wings, and pays the same fees', () => {
    for (const l of [leg(30 * DAY, 0.3, 'buy'), leg(DAY, 2.5, 'sell'), leg(DAY, 0.1, 'buy')]) expect(reality.fillLeg(l)).toBe(costModel.fillLeg(l));
    expect(reality.legFeesCents()).toBe(costModel.legFeesCents());
    expect(reality.legFeesCents(), '$0.65 commission + $0.60 exchange fee').toBe(125);
  });

  it('buys a 1DTE $0.30 wing at mid + 0.5 × 0.075 (the cost model: mid + 0.5 × 0.05)', () => {
    expect(reality.fillLeg(leg(DAY, 0.3, 'buy'))).toBeCloseTo(0.3375, 12);
    expect(costModel.fillLeg(leg(DAY, 0.3, 'buy'))).toBeCloseTo(0.325, 12);
    expect(reality.fillLeg(leg(DAY, 0.3, 'sell'))).toBeCloseTo(0.2625, 12);
  });
});
