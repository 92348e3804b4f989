import { describe, expect, it } from 'vitest';
import { ADAPTIVE_BUILT_INS, builtInPolicy, defaultPolicy, isAdaptive, parsePolicy } from '../hedge/index.js';
import { parseCondorConfig } from '../strategy/condor.js';
import { DEFAULT_COST_MODEL } from '../portfolio/costs.js';
import { DEFAULT_CALIBRATION } from '../portfolio/marketModel.js';
import { embedded } from '../cli/testing/engine.js';
import type { IsoDate } from '../core/time.js';
import { costRow, equalCost, staticCounterpart } from './equalCost.js';
import { runPolicies, type ResearchSettings } from './engine.js';

const settings: ResearchSettings = {
  from: '2011-01-03' as IsoDate,
  to: '2012-06-29' as IsoDate,
  condor: parseCondorConfig({}),
  notional: 100_000,
  costs: DEFAULT_COST_MODEL,
  calib: DEFAULT_CALIBRATION,
};

describe('equal-cost comparison (2011-01-03..2012-06-29)', () => {
  const alvh = defaultPolicy('alvh');
  const r = equalCost(embedded(), settings, 'alvh', alvh);

  it('finds a static L1 hedge whose net hedge cost per year is within 1% of ALVH’s', () => {
    const target = r.adaptive.netHedgeCostPerYear ?? Number.NaN;
    expect(target, 'ALVH pays for its hedge').toBeGreaterThan(0);
    expect(r.matched, r.note ?? '').not.toBeNull();
    const m = r.matched;
    if (m === null) return;
    expect(Math.abs((m.netHedgeCostPerYear ?? Number.NaN) - target) / target, `static at ${m.targetFraction}`).toBeLessThanOrEqual(0.01);
    expect(m.costGapFrac).toBeCloseTo(((m.netHedgeCostPerYear ?? 0) - target) / target, 12);
    expect(r.note).toBeNull();
  });

  it('the match is a plain static run: rerunning its fraction gives the same cost', () => {
    const m = r.matched;
    if (m === null) throw new Error(r.note ?? 'no match');
    const again = runPolicies(embedded(), settings, [{ name: 's', policy: staticCounterpart(alvh, m.targetFraction) }]);
    const run = again.runs.s;
    expect((run === undefined ? null : costRow(again.dates, run, again.market))?.netHedgeCostPerYear, 'same cost').toBe(m.netHedgeCostPerYear);
    expect(run?.basis, 'the static sits on ALVH’s basis').toBe('deltaNotional');
    expect(run?.trades.every((t) => t.tag === 'condor' || t.tag === 'L1'), 'L1 only').toBe(true);
  });

  it('brackets the cost on the static grid, which rises with the fraction at its ends', () => {
    const costs = r.statics.map((s) => s.netHedgeCostPerYear ?? Number.NaN);
    expect(r.statics.map((s) => s.targetFraction)).toEqual([0, 0.05, 0.1, 0.15, 0.2, 0.3]);
    expect(costs[0], 'no hedge, no cost').toBe(0);
    expect(costs[5] ?? 0).toBeGreaterThan(costs[1] ?? 0);
    expect(r.statics[0]?.crisisPayoffPerCostUsd, 'no cost: no payoff per dollar').toBeNull();
    expect(r.statics[0]?.crisisHedgeReturn, 'no hedge: no crisis return').toBe(0);
    expect(r.adaptive.crisisHedgeReturn, 'the 2011 downgrade window moves the hedge').not.toBe(0);
  });

  it('states the payoff per dollar as crisis hedge P&L / net cost', () => {
    const a = r.adaptive;
    expect(a.crisisPayoffPerCostUsd).toBeCloseTo(a.crisisHedgePnl / (a.netHedgeCost ?? Number.NaN), 12);
  });
});

describe('every built-in adaptive policy has its cost-matched static (2011-01-03..2012-06-29)', () => {
  it('the adaptive built-ins are the ALVH family and vxth', () => {
    expect(ADAPTIVE_BUILT_INS).toEqual(['alvh', 'vxth', 'steward', 'alvh-credit', 'alvh-peryear', 'alvh-ratio']);
  });
  for (const name of ADAPTIVE_BUILT_INS) {
    it(`${name}: a static of the same basis whose net hedge cost a year is within 1%, without signals or regimes`, () => {
      const policy = builtInPolicy(name);
      if (policy === null || !isAdaptive(policy)) throw new Error(`${name} is not adaptive`);
      const r = equalCost(embedded(), settings, name, policy);
      const target = r.adaptive.netHedgeCostPerYear ?? Number.NaN;
      expect(target, `${name} pays for its hedge`).toBeGreaterThan(0);
      const m = r.matched;
      if (m === null) throw new Error(r.note ?? 'no match');
      expect(Math.abs((m.netHedgeCostPerYear ?? Number.NaN) - target) / target, `static at ${m.targetFraction}`).toBeLessThanOrEqual(0.01);
      expect(r.basis).toBe(policy.basis);
      const s = staticCounterpart(policy, m.targetFraction);
      if (s.kind === 'vxth') expect([s.tiers, s.aboveWeight], 'one weight whatever the VIX future').toEqual([[{ maxVixPts: 1000, weight: m.targetFraction }], m.targetFraction]);
      else expect([s.kind, s.basis, s.layer], 'a static10 on the policy’s L1 layer').toEqual(['static10', policy.basis, policy.kind === 'alvh' ? policy.layers.L1 : null]);
    });
  }
  it('the steward’s static keeps its spend cap; vxth’s static keeps its front-month layer', () => {
    const steward = builtInPolicy('steward');
    const vxth = defaultPolicy('vxth');
    if (steward === null || !isAdaptive(steward)) throw new Error('steward');
    expect(staticCounterpart(steward, 0.1).spendCap).toEqual({ shareOfCondorCredit: 1, windowDays: 365 });
    const v = staticCounterpart(vxth, 0.01);
    expect(v.kind === 'vxth' ? v.layer : null).toEqual(vxth.layer);
  });
});

describe('equal-cost edge cases', () => {
  it('refuses a policy that is not adaptive, widens a grid that costs too little, and reports an unreachable cost', () => {
    expect(() => equalCost(embedded(), settings, 'none', defaultPolicy('none'))).toThrow('"none" is a none policy: the equal-cost comparison matches an adaptive (alvh or vxth) policy');
    expect(() => equalCost(embedded(), settings, 'static10', defaultPolicy('static10'))).toThrow('adaptive (alvh or vxth)');
    const big = parsePolicy({ kind: 'alvh', bands: { low: { lo: 0.9, hi: 0.9 }, moderate: { lo: 0.9, hi: 0.9 }, high: { lo: 0.9, hi: 0.9 } } });
    const none = equalCost(embedded(), settings, 'big', big, { grid: [0, 0.05], maxExtensions: 0 });
    expect(none.matched).toBeNull();
    expect(none.note).toMatch(/no static fraction in 0\.\.0\.05 costs/);
    const widened = equalCost(embedded(), settings, 'big', big, { grid: [0, 0.05] });
    expect(widened.statics.map((x) => x.targetFraction).slice(0, 4), 'the top doubled').toEqual([0, 0.05, 0.1, 0.2]);
    const m = widened.matched;
    if (m === null) throw new Error(widened.note ?? 'no match');
    expect(Math.abs((m.netHedgeCostPerYear ?? 0) / (widened.adaptive.netHedgeCostPerYear ?? 1) - 1)).toBeLessThanOrEqual(0.01);
  });
});
