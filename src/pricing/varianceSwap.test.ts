import { describe, expect, it } from 'vitest';
import type { IsoDate } from '../core/time.js';
import { varianceStrikeOfVix, varianceSwapExposureUsd, varianceSwapTerms, varianceSwapValuePerVarNotional } from './varianceSwap.js';

describe('30-day SPX variance swap struck at VIX²', () => {
  const K = varianceStrikeOfVix(20);

  it('is struck at (VIX/100)² and runs 30 calendar days to a trading day', () => {
    expect(K).toBeCloseTo(0.04, 15);
    // 2020-01-02 + 30 days = Saturday 2020-02-01 → Monday 2020-02-03; 21 returns (MLK day 2020-01-20 closed).
    expect(varianceSwapTerms('2020-01-02' as IsoDate)).toEqual({ tradeDate: '2020-01-02', expiry: '2020-02-03', returns: 21 });
  });

  it('is worth zero at inception when the implied 30-day variance equals the strike', () => {
    expect(varianceSwapValuePerVarNotional({ strikeVar: K, returns: 21, observed: 0, sumSqLogReturns: 0, impliedRemainingVar: K, discountFactor: 0.999 })).toBe(0);
  });

  it('a path realizing the strike with flat implied variance is worth ~0 mid-life and at expiry', () => {
    const r = Math.sqrt(K / 252); // each daily |log return| realizes exactly K annualized
    let sum = 0;
    for (let m = 1; m <= 21; m++) {
      sum += r * r;
      const v = varianceSwapValuePerVarNotional({ strikeVar: K, returns: 21, observed: m, sumSqLogReturns: sum, impliedRemainingVar: K, discountFactor: 1 });
      expect(Math.abs(v), `after ${m} returns`).toBeLessThan(1e-15);
    }
  });

  it('gains when realized variance runs above the strike and loses below it', () => {
    const up = varianceSwapValuePerVarNotional({ strikeVar: K, returns: 21, observed: 21, sumSqLogReturns: 21 * (0.03 * 0.03), impliedRemainingVar: 0, discountFactor: 1 });
    // Realized: 252 × 0.03² = 0.2268 (47.6 vol) vs strike 0.04.
    expect(up, 'payoff per unit of variance notional').toBeCloseTo(0.2268 - 0.04, 12);
    const down = varianceSwapValuePerVarNotional({ strikeVar: K, returns: 21, observed: 10, sumSqLogReturns: 10 * (0.005 * 0.005), impliedRemainingVar: 0.01, discountFactor: 1 });
    expect(down, 'low realized, low implied').toBeLessThan(0);
  });

  it('exposure is vega per vol point × VIX level = 2·K·N_var, decaying with the life left', () => {
    // N_var = $1e6 per 1.0 of annualized variance ($100 per variance point).
    const nVar = 1e6;
    const vegaPerVolPt = (nVar * 2 * Math.sqrt(K)) / 100;
    expect(varianceSwapExposureUsd(nVar, K, 1), 'at inception').toBeCloseTo(vegaPerVolPt * 100 * Math.sqrt(K), 6);
    expect(varianceSwapExposureUsd(nVar, K, 0.5)).toBeCloseTo(varianceSwapExposureUsd(nVar, K, 1) / 2, 6);
  });
});
