import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runBacktest } from '../backtest/engine.js';
import { parsePolicy, trailingSum, type HedgePolicy } from '../hedge/index.js';
import { parseCondorConfig } from '../strategy/condor.js';
import { config, embedded } from '../cli/testing/engine.js';

const FROM = '2020-01-02';
const TO = '2020-04-30';

function run(policies: Record<string, HedgePolicy>, mode: 'equity' | 'fixed' = 'fixed') {
  return runBacktest(embedded(), { ...config(FROM, TO), condor: parseCondorConfig({ notionalMode: mode }), policies: Object.entries(policies).map(([name, policy]) => ({ name, policy })) });
}

const static10 = (basis: string, targetFraction: number): HedgePolicy => parsePolicy({ kind: 'static10', basis, targetFraction });

describe('budget bases in the kernel (2020-01-02..2020-04-30, fixed notional, fractional units)', () => {
  const r = run({ credit: static10('creditShare', 0.1), year: static10('premiumPerYear', 0.1), ratio: static10('ratio', 0.5) });
  const days = r.dates.length;
  const get = (name: string) => {
    const x = r.policies[name];
    if (x === undefined) throw new Error(`no run ${name}`);
    return x;
  };

  it('holds L1 premium within the rebalance band of 10% of the trailing 21-day condor credit', () => {
    const c = get('credit');
    expect(c.hedgeValue.filter((x) => x > 0).length, 'premium held on every day').toBe(days);
    for (let t = 0; t < days; t++) {
      const target = 0.1 * trailingSum(c.condorCredit, t, 21);
      const held = c.hedgeValue[t] ?? 0;
      expect(Math.abs(held - target), `${r.dates[t]}: premium ${held.toFixed(2)} vs target ${target.toFixed(2)}`).toBeLessThanOrEqual(0.25 * target + 1e-6);
      expect(Math.abs((c.exposure.L1[t] ?? 0) * trailingSum(c.condorCredit, t, 21) - held), 'exposure = held premium / trailing credit').toBeLessThan(1e-6);
    }
  });

  it('holds 10% a year × $100,000 × 90/365 = $2,465.75 of L1 premium (± the 25% band)', () => {
    const y = get('year');
    const target = (0.1 * 100_000 * 90) / 365;
    expect(target).toBeCloseTo(2465.75, 2);
    for (let t = 0; t < days; t++) expect(Math.abs((y.hedgeValue[t] ?? 0) - target), `${r.dates[t]}`).toBeLessThanOrEqual(0.25 * target + 1e-6);
  });

  it('holds 0.5 VIX calls per condor contract open (± the band)', () => {
    const q = get('ratio');
    for (let t = 0; t < days; t++) {
      const contracts = q.condorContracts[t] ?? 0;
      if (!(contracts > 0)) continue;
      expect(Math.abs((q.exposure.L1[t] ?? 0) - 0.5), `${r.dates[t]}: calls per condor`).toBeLessThanOrEqual(0.25 * 0.5 + 1e-9);
    }
    const calls = q.trades.filter((x) => x.tag === 'L1' && x.action === 'open').reduce((a, x) => a + x.qty, 0);
    expect(calls, 'VIX calls were bought').toBeGreaterThan(0);
  });

  it('states the basis on every run', () => {
    expect([get('credit').basis, get('year').basis, get('ratio').basis]).toEqual(['creditShare', 'premiumPerYear', 'ratio']);
  });
});

describe('budget properties (fast-check)', () => {
  const basisArb = fc.constantFrom('creditShare', 'premiumPerYear', 'ratio');
  it('a zero budget buys nothing; doubling a budget never lowers the premium held', () => {
    fc.assert(
      fc.property(basisArb, fc.double({ min: 0.01, max: 0.6, noNaN: true }), (basis, f) => {
        const r = run({ zero: static10(basis, 0), one: static10(basis, f), two: static10(basis, 2 * f) });
        const zero = r.policies.zero;
        const one = r.policies.one;
        const two = r.policies.two;
        if (zero === undefined || one === undefined || two === undefined) throw new Error('missing run');
        expect(zero.hedgeSpend.every((x) => x === 0), 'zero budget: no purchase').toBe(true);
        expect(zero.hedgeValue.every((x) => x === 0), 'zero budget: nothing held').toBe(true);
        for (let t = 0; t < r.dates.length; t++) expect(two.hedgeValue[t] ?? 0, `${basis} ${f}: ${r.dates[t]}`).toBeGreaterThanOrEqual(one.hedgeValue[t] ?? 0);
      }),
      { numRuns: 6, seed: 12 },
    );
  });
});
