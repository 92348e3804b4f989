import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isoDate } from '../core/time.js';
import { vixOption } from '../portfolio/instruments.js';
import { capitalGuard, irr, mirr, npv } from './capital.js';
import { syntheticResult } from './fixture.js';
import { allocatePolicyRun, type MarketSeries } from './types.js';

describe('irr', () => {
  it('matches hand-computed rates', () => {
    expect(irr([{ years: 0, usd: -100 }, { years: 1, usd: 110 }]), '−100 then +110 a year later').toBeCloseTo(0.1, 10);
    // 60x² + 50x − 100 = 0 with x = 1/(1+r): x = (−50 + √26500)/120, r = 1/x − 1 = 6.3941%
    expect(irr([{ years: 0, usd: -100 }, { years: 1, usd: 50 }, { years: 2, usd: 60 }])).toBeCloseTo(120 / (Math.sqrt(26_500) - 50) - 1, 10);
    expect(irr([{ years: 0, usd: -100 }, { years: 0.5, usd: 0 }, { years: 2, usd: 25 }]), 'a 75% loss over two years: 0.25^(1/2) − 1').toBeCloseTo(-0.5, 10);
  });

  it('is null when the flows never change sign, and refuses broken flows', () => {
    expect(irr([{ years: 0, usd: 100 }, { years: 1, usd: 5 }])).toBeNull();
    expect(irr([])).toBeNull();
    expect(() => irr([{ years: -1, usd: 1 }])).toThrow('flows');
    expect(() => irr([{ years: 0, usd: Number.NaN }])).toThrow('flows');
  });

  it('prices the flows at zero (fast-check)', () => {
    fc.assert(
      fc.property(fc.double({ min: 1, max: 1e6, noNaN: true }), fc.array(fc.double({ min: 0, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 12 }), (out, ins) => {
        // rates inside the search range: back at least half, at most ten times what went in
        const back = ins.reduce((x, y) => x + y, 0);
        fc.pre(back >= 0.5 * out && back <= 10 * out);
        const flows = [{ years: 0, usd: -out }, ...ins.map((usd, k) => ({ years: (k + 1) / 4, usd }))];
        const r = irr(flows);
        expect(r).not.toBeNull();
        expect(Math.abs(npv(flows, r ?? Number.NaN)) / out).toBeLessThan(1e-6);
      }),
      { numRuns: 200 },
    );
  });
});

describe('capitalGuard', () => {
  const dates = [isoDate('2021-01-04'), isoDate('2022-01-04')];
  const market: MarketSeries = { spx: Float64Array.of(4000, 4400), vix: Float64Array.of(20, 18), tbillRateFrac: Float64Array.of(0.01, 0.03) };

  it('takes the hedge out of a hand-built year: condor +10, hedge −3 and $1 of fees on $100', () => {
    const run = allocatePolicyRun('p', 2);
    run.pnl.condor[1] = 10;
    run.pnl.L1[1] = -3;
    run.pnl.fees[1] = -1;
    run.equity.set([100, 106]);
    run.hedgeCashFlow[0] = -50;
    run.hedgeValue.set([50, 46]);
    run.trades.push({ date: dates[1] as typeof dates[number], tag: 'L1', action: 'close', instrument: vixOption('call', 20, isoDate('2022-02-16')), qty: -1, price: 0.46, feesCents: 100 });
    const g = capitalGuard(dates, run, market);
    expect(g.irrWithHedge, '−100, +6 and +100 a year later').toBeCloseTo(0.06, 10);
    expect(g.irrWithoutHedge, 'the hedge’s −3 and fee of 1 added back').toBeCloseTo(0.1, 10);
    expect(g.hedgeIrrContribution).toBeCloseTo(-0.04, 10);
    expect(g.hedgeMirr, '−50 in, 46 held a year later: 46/50 − 1 whatever the T-bill').toBeCloseTo(-0.08, 10);
    expect(g.riskFreeFrac).toBeCloseTo(0.02, 12);
    expect(g.hedgeBeta, 'one daily return: no slope').toBeNull();
    expect(g.passes).toBeNull();
  });

  it('refuses a run that bought hedges without its trade list (the fees would be missing)', () => {
    const run = allocatePolicyRun('p', 2);
    run.equity.set([100, 106]);
    run.hedgeSpend[0] = 50;
    expect(() => capitalGuard(dates, run, market)).toThrow(/no trade list/);
  });

  it('scales a compounding run to a constant capital: +10% of equity twice is +10% of the capital twice', () => {
    const d3 = [isoDate('2021-01-04'), isoDate('2022-01-04'), isoDate('2023-01-04')];
    const run = allocatePolicyRun('p', 3);
    run.pnl.condor.set([0, 10, 11]);
    run.equity.set([100, 110, 121]);
    const m: MarketSeries = { spx: Float64Array.of(1, 1, 1), vix: Float64Array.of(1, 1, 1), tbillRateFrac: Float64Array.of(0, 0, 0) };
    expect(capitalGuard(d3, run, m).irrWithHedge, '−100, +10, +10 and +100: 10%').toBeCloseTo(0.1, 10);
    expect(capitalGuard(d3, { ...run, fixedCapitalUsd: 100 }, m).irrWithHedge, 'on a fixed capital the P&L is as is: −100, +10, +11 +100').toBeGreaterThan(0.1);
  });

  it('stops measuring a compounding run once its equity is under 1% of the start (not a fixed-capital one)', () => {
    const d4 = [isoDate('2021-01-04'), isoDate('2021-01-05'), isoDate('2021-01-06'), isoDate('2021-01-07')];
    const run = allocatePolicyRun('p', 4);
    run.pnl.condor.set([0, -99.5, 0.1, 0.1]);
    run.equity.set([100, 0.5, 0.6, 0.7]);
    const m: MarketSeries = { spx: Float64Array.of(1, 1, 1, 1), vix: Float64Array.of(1, 1, 1, 1), tbillRateFrac: Float64Array.of(0, 0, 0, 0) };
    expect(capitalGuard(d4, run, m).measuredTo, 'the last day whose previous close held ≥ $1').toBe('2021-01-05');
    expect(capitalGuard(d4, { ...run, fixedCapitalUsd: 100 }, m).measuredTo).toBe('2021-01-07');
  });

  it('on the fixture: no hedge contributes nothing; a hedge’s CAPM rate is T-bill + β × 5%', () => {
    const r = syntheticResult();
    const none = r.policies.none;
    const alvh = r.policies.alvh;
    if (none === undefined || alvh === undefined) throw new Error('fixture');
    const g0 = capitalGuard(r.dates, none, r.market);
    expect(g0.hedgeIrrContribution).toBe(0);
    expect(g0.hedgeMirr).toBeNull();
    const g = capitalGuard(r.dates, alvh, r.market);
    expect(g.hedgeBeta).not.toBeNull();
    expect(g.capmRequiredFrac).toBeCloseTo(g.riskFreeFrac + (g.hedgeBeta ?? Number.NaN) * 0.05, 12);
    expect(g.passes).toBe((g.hedgeMirr ?? Number.NaN) >= (g.capmRequiredFrac ?? Number.NaN));
    expect(capitalGuard(r.dates, alvh, r.market, 0.08).capmRequiredFrac).toBeCloseTo(g.riskFreeFrac + (g.hedgeBeta ?? Number.NaN) * 0.08, 12);
  });
});

describe('irr with several sign changes', () => {
  it('returns the root nearest 0: −100, +230, −132 has roots 10% and 20%', () => {
    // (1+r)² · (−100) + 230 (1+r) − 132 = 0 → 1+r ∈ {1.1, 1.2}
    const flows = [{ years: 0, usd: -100 }, { years: 1, usd: 230 }, { years: 2, usd: -132 }];
    expect(npv(flows, 0.1)).toBeCloseTo(0, 9);
    expect(npv(flows, 0.2)).toBeCloseTo(0, 9);
    expect(irr(flows)).toBeCloseTo(0.1, 10);
  });

  it('finds the rate of flows spanning 60 years (beyond the one-pass scan\'s double range)', () => {
    // −100 now and +100·1.05^60 in 60 years: 5%, with a flow of 0 in year 55.
    const flows = [{ years: 0, usd: -100 }, { years: 55, usd: 0 }, { years: 60, usd: 100 * Math.pow(1.05, 60) }];
    expect(irr(flows)).toBeCloseTo(0.05, 10);
  });
});

describe('mirr', () => {
  it('carries inflows at the reinvestment rate and discounts outflows at the finance rate', () => {
    // −100 now, +60 in a year, +60 in two: FV of inflows at 5% = 60 × 1.05 + 60 = 123; (123/100)^(1/2) − 1
    expect(mirr([{ years: 0, usd: -100 }, { years: 1, usd: 60 }, { years: 2, usd: 60 }], 0.03, 0.05)).toBeCloseTo(Math.sqrt(1.23) - 1, 12);
    // an outflow in a year is discounted at the finance rate
    expect(mirr([{ years: 0, usd: -50 }, { years: 1, usd: -52 }, { years: 2, usd: 110 }], 0.04, 0)).toBeCloseTo(Math.sqrt(110 / 100) - 1, 12);
    expect(mirr([{ years: 0, usd: -100 }], 0, 0), 'nothing back').toBeNull();
    expect(mirr([{ years: 0, usd: -100 }, { years: 0, usd: 100 }], 0, 0), 'no time').toBeNull();
  });

  it('equals the IRR of a single outflow and a single inflow (fast-check)', () => {
    fc.assert(
      fc.property(fc.double({ min: 1, max: 1e6, noNaN: true }), fc.double({ min: 0.5, max: 10, noNaN: true }), fc.double({ min: 0.25, max: 5, noNaN: true }), (out, multiple, years) => {
        const flows = [{ years: 0, usd: -out }, { years, usd: out * multiple }];
        const m = mirr(flows, 0.02, 0.07) ?? Number.NaN;
        const r = irr(flows) ?? Number.NaN;
        expect(Math.abs(m - r) / Math.max(1, Math.abs(r))).toBeLessThan(1e-9);
      }),
    );
  });
});
