import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isoDate, type IsoDate } from '../core/time.js';
import { defaultPolicy, parsePolicy } from './policy.js';
import {
  basisBase,
  trailingSum,
  contractsForTarget,
  contractsWithinHeadroom,
  hedgeCostParams,
  costOfCapitalChargesUsd,
  exposureUsd,
  needsRebalance,
  rebalanceLayer,
  spendCapHeadroomUsd,
  spendCapHeadroomUsdAt,
  targetExposureUsd,
  type ExposureLeg,
} from './exposure.js';

const call: ExposureLeg = { qty: 10, multiplier: 100, delta: 0.3, underlyingPts: 20, markPts: 1.25 };

describe('exposureUsd', () => {
  it('measures a long call in each basis', () => {
    expect(exposureUsd([call], 'deltaNotional'), '10 × 100 × 0.3 × 20').toBe(6000);
    expect(exposureUsd([call], 'faceNotional'), '10 × 100 × 20').toBe(20000);
    expect(exposureUsd([call], 'premium'), '10 × 100 × 1.25').toBe(1250);
  });

  it('nets a calendar in delta and premium, and counts only its long leg as face', () => {
    const cal: ExposureLeg[] = [
      { qty: 10, multiplier: 100, delta: 0.45, underlyingPts: 21, markPts: 2.1 },
      { qty: -10, multiplier: 100, delta: 0.4, underlyingPts: 20, markPts: 1.5 },
    ];
    expect(exposureUsd(cal, 'deltaNotional'), '1000 × (0.45·21 − 0.40·20)').toBeCloseTo(1450, 9);
    expect(exposureUsd(cal, 'faceNotional'), '1000 × 21').toBe(21000);
    expect(exposureUsd(cal, 'premium'), '1000 × (2.1 − 1.5)').toBeCloseTo(600, 9);
  });

  it('uses |delta| and treats an ETP as delta 1 on its own price', () => {
    expect(exposureUsd([{ ...call, delta: -0.3 }], 'deltaNotional')).toBe(6000);
    const etp: ExposureLeg = { qty: 200, multiplier: 1, delta: 1, underlyingPts: 50, markPts: 50 };
    expect(['deltaNotional', 'faceNotional', 'premium'].map((b) => exposureUsd([etp], b as 'premium'))).toEqual([10000, 10000, 10000]);
  });

  it('rejects a broken leg naming it', () => {
    expect(() => exposureUsd([call, { ...call, underlyingPts: Number.NaN }], 'deltaNotional')).toThrow('legs[1].underlyingPts: must be a finite number');
    expect(() => exposureUsd([{ ...call, multiplier: 0 }], 'premium')).toThrow('legs[0].multiplier: must be > 0');
  });

  it('targets in dollars', () => {
    expect(targetExposureUsd(0.1675, 100_000)).toBeCloseTo(16_750, 9);
    expect(() => targetExposureUsd(-0.1, 100_000)).toThrow('targetFraction');
  });
});

describe('contractsForTarget', () => {
  it('rounds to the nearest whole contract', () => {
    expect(contractsForTarget(16_750, 6000 / 10), '16750 / 600 = 27.9').toBe(28);
    expect(contractsForTarget(0, 600)).toBe(0);
    expect(contractsForTarget(-5, 600)).toBe(0);
    expect(() => contractsForTarget(1000, 0)).toThrow('perContractExposureUsd: must be a finite number > 0');
  });

  it('is always within one contract of the target', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1e7, noNaN: true }), fc.double({ min: 1, max: 1e5, noNaN: true }), (target, per) => {
        const n = contractsForTarget(target, per);
        return Number.isInteger(n) && n >= 0 && Math.abs(n * per - target) <= per;
      }),
    );
  });
});

describe('rebalance band', () => {
  it('trades only when off target by more than the band (relative)', () => {
    expect(needsRebalance(7500, 10_000, 0.25), 'exactly 25% off: hold').toBe(false);
    expect(needsRebalance(7499, 10_000, 0.25)).toBe(true);
    expect(needsRebalance(12_501, 10_000, 0.25)).toBe(true);
    expect(needsRebalance(0, 0, 0.25)).toBe(false);
    expect(needsRebalance(100, 0, 0.25), 'a zero target closes any holding').toBe(true);
  });

  it('rebalanceLayer holds inside the band and otherwise trades to whole contracts', () => {
    expect(rebalanceLayer(25, 600, 16_750, 0.25), '25 × 600 = 15000, 10% off').toEqual({ action: 'hold', reason: 'within_band' });
    expect(rebalanceLayer(10, 600, 16_750, 0.25)).toEqual({ action: 'trade', targetContracts: 28, deltaContracts: 18 });
    expect(rebalanceLayer(28, 600, 0, 0.25)).toEqual({ action: 'trade', targetContracts: 0, deltaContracts: -28 });
    expect(rebalanceLayer(0, 600, 0, 0.25)).toEqual({ action: 'hold', reason: 'no_target_no_position' });
  });
});

describe('cost of capital', () => {
  it('charges the value held overnight at T-bill + spread over the calendar days', () => {
    const dates = [isoDate('2024-01-05'), isoDate('2024-01-08'), isoDate('2024-01-09')];
    const c = costOfCapitalChargesUsd(dates, Float64Array.from([10_000, 20_000, 0]), Float64Array.from([0.05, 0.05, 0.05]), 0.05);
    expect(c[0], 'first day').toBe(0);
    expect(c[1], 'Fri → Mon: 10000 × (exp(0.10 × 3/365) − 1)').toBeCloseTo(8.22256, 4);
    expect(c[2], '20000 × (exp(0.10 / 365) − 1)').toBeCloseTo(5.48021, 4);
    expect(() => costOfCapitalChargesUsd(dates, new Float64Array(2), new Float64Array(3), 0.05)).toThrow('hedgeValueUsd: must have one value per date (3), got 2');
    expect(() => costOfCapitalChargesUsd([dates[1] as IsoDate, dates[0] as IsoDate], new Float64Array(2), new Float64Array(2), 0.05)).toThrow('dates[1]');
  });
});

describe('spend cap', () => {
  const dates = ['2024-01-02', '2024-06-03', '2025-01-02', '2025-01-03'].map((d) => isoDate(d));
  const credit = Float64Array.from([100, 200, 300, 400]);
  const spend = Float64Array.from([50, 20, 10, 0]);
  const cap = { shareOfCondorCredit: 0.5, windowDays: 365 };

  it('limits trailing spend to a share of trailing credit (hand-computed)', () => {
    // t2 = 2025-01-02 is 366 days after 2024-01-02 (leap year): that day has left the window.
    expect(Array.from(spendCapHeadroomUsd(dates, spend, credit, cap))).toEqual([50, 100, 230, 420]);
    expect(spendCapHeadroomUsdAt(2, dates, spend, credit, cap)).toBe(230);
    expect(spendCapHeadroomUsdAt(2, dates, spend, credit, null)).toBe(Number.POSITIVE_INFINITY);
  });

  it('the array form equals the one-day form and never reads the future', () => {
    const days = fc.array(fc.tuple(fc.integer({ min: 1, max: 40 }), fc.double({ min: 0, max: 1000, noNaN: true }), fc.double({ min: 0, max: 500, noNaN: true })), { minLength: 1, maxLength: 120 });
    fc.assert(
      fc.property(days, fc.integer({ min: 1, max: 400 }), (rows, windowDays) => {
        let day = 19_000;
        const ds: IsoDate[] = [];
        for (const [gap] of rows) {
          day += gap;
          ds.push(new Date(day * 86_400_000).toISOString().slice(0, 10) as IsoDate);
        }
        const cr = Float64Array.from(rows.map((r) => r[1]));
        const sp = Float64Array.from(rows.map((r) => r[2]));
        const c = { shareOfCondorCredit: 0.4, windowDays };
        const all = spendCapHeadroomUsd(ds, sp, cr, c);
        for (let t = 0; t < ds.length; t++) {
          expect(all[t]).toBeCloseTo(spendCapHeadroomUsdAt(t, ds, sp, cr, c), 6);
          // Today's spend and later rows do not change today's headroom.
          const sp2 = sp.slice();
          for (let j = t; j < sp2.length; j++) sp2[j] = 1e9;
          expect(spendCapHeadroomUsdAt(t, ds, sp2, cr, c)).toBeCloseTo(all[t] ?? Number.NaN, 6);
        }
      }),
      { numRuns: 50 },
    );
  });
});

describe('spend cap on purchases', () => {
  it('buys only the whole contracts that fit in the headroom', () => {
    expect(contractsWithinHeadroom(28, 125, 2000), 'floor(2000 / 125) = 16').toBe(16);
    expect(contractsWithinHeadroom(10, 125, 2000)).toBe(10);
    expect(contractsWithinHeadroom(10, 125, 0)).toBe(0);
    expect(contractsWithinHeadroom(-5, 125, 0), 'sales are never capped').toBe(-5);
    expect(contractsWithinHeadroom(10, 125, Number.POSITIVE_INFINITY)).toBe(10);
    expect(() => contractsWithinHeadroom(10, 0, 100)).toThrow('premiumPerContractUsd');
  });

  it('reads the cost parameters of every policy kind', () => {
    expect(hedgeCostParams(defaultPolicy('none'))).toEqual({ spreadOverTbillFrac: 0, spendCap: null });
    expect(hedgeCostParams(parsePolicy({ kind: 'alvh', spendCap: { shareOfCondorCredit: 0.3 } }))).toEqual({ spreadOverTbillFrac: 0.05, spendCap: { shareOfCondorCredit: 0.3, windowDays: 365 } });
  });
});

describe('budget bases', () => {
  const call = { qty: 3, multiplier: 100, delta: 0.3, underlyingPts: 20, markPts: 1.5 };
  const shortCall = { qty: -2, multiplier: 100, delta: 0.5, underlyingPts: 18, markPts: 1.0 };
  it('hold premium (creditShare, premiumPerYear) or count long calls (ratio)', () => {
    expect(exposureUsd([call, shortCall], 'creditShare'), '3 × 100 × 1.5 − 2 × 100 × 1.0').toBeCloseTo(250, 10);
    expect(exposureUsd([call, shortCall], 'premiumPerYear')).toBeCloseTo(250, 10);
    expect(exposureUsd([call, shortCall], 'ratio'), 'the 3 long calls').toBe(3);
  });

  const x = { notionalUsd: 100_000, trailingCreditUsd: 4_200, condorContractsOpen: 1.25, layerTenorYears: 90 / 365 };
  it('multiply the target by notional, the trailing credit, notional × tenor or the condor contracts', () => {
    expect(basisBase('deltaNotional', x)).toBe(100_000);
    expect(basisBase('premium', x)).toBe(100_000);
    expect(basisBase('creditShare', x), '10% of it = 420 of premium held').toBe(4_200);
    expect(basisBase('premiumPerYear', x) * 0.1, '10% a year × 100,000 × 90/365').toBeCloseTo(2465.7534, 3);
    expect(basisBase('ratio', x) * 0.5, '0.5 calls per condor × 1.25 condors').toBe(0.625);
    expect(basisBase('creditShare', { ...x, trailingCreditUsd: -5 }), 'no negative base').toBe(0);
    expect(() => basisBase('ratio', { ...x, condorContractsOpen: Number.NaN })).toThrow('condorContractsOpen');
  });

  it('sums the trailing window ending at t', () => {
    const v = [1, 2, 3, 4, 5];
    expect(trailingSum(v, 4, 2)).toBe(9);
    expect(trailingSum(v, 1, 21), 'fewer days at the start').toBe(3);
    expect(trailingSum(v, 0, 1)).toBe(1);
  });

  it('a base is never negative and scales linearly (fast-check)', () => {
    fc.assert(
      fc.property(fc.constantFrom('deltaNotional', 'creditShare', 'premiumPerYear', 'ratio') as fc.Arbitrary<'deltaNotional' | 'creditShare' | 'premiumPerYear' | 'ratio'>, fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.double({ min: 0, max: 10, noNaN: true }), (basis, v, k) => {
        const y = { notionalUsd: v, trailingCreditUsd: v, condorContractsOpen: v, layerTenorYears: 0.25 };
        const b = basisBase(basis, y);
        expect(b).toBeGreaterThanOrEqual(0);
        if (v >= 0) expect(basisBase(basis, { notionalUsd: k * v, trailingCreditUsd: k * v, condorContractsOpen: k * v, layerTenorYears: 0.25 })).toBeCloseTo(k * b, 3);
      }),
      { numRuns: 100 },
    );
  });
});
