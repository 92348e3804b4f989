import { describe, expect, it } from 'vitest';
import { CsvMarketDataSource } from '../adapters/csvMarketData.js';
import { crisisScorecards } from '../backtest/crises.js';
import { daysBetween, isoDate, type IsoDate } from '../core/time.js';
import { defaultPolicy, scaleAlvhBands, stewardPolicy, STEWARD_SPEND_CAP } from '../hedge/index.js';
import { DEFAULT_COST_MODEL } from '../portfolio/costs.js';
import { DEFAULT_CALIBRATION } from '../portfolio/marketModel.js';
import { DEFAULT_CONDOR_CONFIG } from '../strategy/condor.js';
import { runPolicies, type ResearchSettings } from './engine.js';
import { choosePromoter, promoterSearch, type PromoterCandidate } from './promoter.js';

const cand = (scale: number, dd: number, spend: number, limit = 0.3): PromoterCandidate => ({
  scale,
  worstCrisisDrawdown: dd,
  worstCrisis: 'w',
  hedgeNetCostOfCredit: spend,
  hedgeCostPerYear: spend,
  hedgeNetCostPerYear: spend,
  cagr: 0,
  maxDrawdown: dd,
  feasible: dd <= limit,
});

describe('choosePromoter', () => {
  it('takes the least spend under the limit, and names the safest scale', () => {
    const cs = [cand(0, 0.5, 0), cand(1, 0.29, 0.4), cand(2, 0.2, 0.8), cand(0.5, 0.3, 0.2)];
    const r = choosePromoter(cs);
    expect(r.chosen?.scale).toBe(0.5);
    expect(r.safest.scale).toBe(2);
  });

  it('has no choice when every scale is over the limit; ties go to the smaller scale', () => {
    expect(choosePromoter([cand(0, 0.5, 0), cand(1, 0.45, 0.4)])).toMatchObject({ chosen: null, safest: { scale: 1 } });
    expect(choosePromoter([cand(2, 0.1, 0.3), cand(1, 0.2, 0.3)]).chosen?.scale).toBe(1);
    expect(() => choosePromoter([])).toThrow(/no scale/);
  });
});

describe('promoterSearch on 2020 (modelled prices)', () => {
  const data = new CsvMarketDataSource().load();
  const settings: ResearchSettings = { from: isoDate('2020-01-02'), to: isoDate('2020-06-30'), condor: DEFAULT_CONDOR_CONFIG, notional: 100_000, costs: DEFAULT_COST_MODEL, calib: DEFAULT_CALIBRATION };
  const base = defaultPolicy('alvh');
  const probe = promoterSearch(data, settings, base, { maxCrisisDrawdown: 0.99, scales: [0, 1, 3], refineSteps: 0 });

  it("measures each scale's worst crisis drawdown as the crisis scorecards do", () => {
    const r = runPolicies(data, settings, [{ name: 'x', policy: scaleAlvhBands(base, 3) }]);
    const worst = Math.max(...crisisScorecards(r.dates, r.runs.x as NonNullable<(typeof r.runs)['x']>).map((c) => c.maxDrawdown));
    expect(probe.candidates.find((c) => c.scale === 3)?.worstCrisisDrawdown).toBe(worst);
    expect(probe.candidates.find((c) => c.scale === 0)?.hedgeNetCostOfCredit).toBe(0);
  });

  it('chooses the least spend under a limit between the scales, and bisection only adds scales between a failure and the choice', () => {
    const dds = probe.candidates.map((c) => c.worstCrisisDrawdown);
    const limit = (Math.min(...dds) + Math.max(...dds)) / 2;
    const r = promoterSearch(data, settings, base, { maxCrisisDrawdown: limit, scales: [0, 1, 3], refineSteps: 2 });
    const chosen = r.chosen;
    expect(chosen).not.toBeNull();
    if (chosen === null) return;
    expect(chosen.worstCrisisDrawdown).toBeLessThanOrEqual(limit);
    for (const c of r.candidates) {
      expect(c.feasible).toBe(c.worstCrisisDrawdown <= limit);
      if (c.feasible) expect(c.hedgeNetCostOfCredit ?? 0).toBeGreaterThanOrEqual(chosen.hedgeNetCostOfCredit ?? 0);
    }
    expect(r.candidates.map((c) => c.scale)).toEqual([...r.candidates.map((c) => c.scale)].sort((a, b) => a - b));
    const extra = r.candidates.filter((c) => ![0, 1, 3].includes(c.scale));
    expect(extra.length).toBeLessThanOrEqual(2);
    for (const c of extra) expect(c.scale).toBeLessThan(3);
    expect(new Set(r.candidates.map((c) => c.scale)).size, 'no scale is run twice').toBe(r.candidates.length);
  });

  it('narrows the boundary under the limit even when the cheapest feasible scale is not the smallest one', () => {
    // 2020H1: 0.75 of the bands is under 30% and 1.0 is cheaper (its hedge paid more than it cost);
    // the bisection goes between the last failing scale and the first feasible one, never repeating a scale.
    const r = promoterSearch(data, settings, base, { maxCrisisDrawdown: 0.3, scales: [0, 0.25, 0.5, 0.75, 1, 1.5, 2, 3], refineSteps: 3 });
    const scales = r.candidates.map((c) => c.scale);
    expect(new Set(scales).size, scales.join(',')).toBe(scales.length);
    const failing = r.candidates.filter((c) => !c.feasible).map((c) => c.scale);
    const feasible = r.candidates.filter((c) => c.feasible).map((c) => c.scale);
    expect(Math.min(...feasible) - Math.max(...failing.filter((k) => k < Math.min(...feasible))), 'three halvings of a 0.25 gap').toBeLessThanOrEqual(0.25 / 8 + 1e-12);
  });

  it('refuses a limit outside (0, 1) and a negative scale', () => {
    expect(() => promoterSearch(data, settings, base, { maxCrisisDrawdown: 1.2, scales: [1], refineSteps: 0 })).toThrow(/--max-crisis-dd: must be between 0 and 1/);
    expect(() => promoterSearch(data, settings, base, { maxCrisisDrawdown: 0.2, scales: [1, -1], refineSteps: 0 })).toThrow(/--scales: each scale must be a finite number >= 0/);
  });
});

describe('steward in the engine', () => {
  it('never buys hedges beyond the condor credit of the trailing 365 days', () => {
    const data = new CsvMarketDataSource().load();
    const settings: ResearchSettings = { from: isoDate('2019-01-02'), to: isoDate('2020-12-31'), condor: DEFAULT_CONDOR_CONFIG, notional: 100_000, costs: DEFAULT_COST_MODEL, calib: DEFAULT_CALIBRATION };
    const r = runPolicies(data, settings, [{ name: 'steward', policy: stewardPolicy() }, { name: 'alvh', policy: defaultPolicy('alvh') }]);
    const s = r.runs.steward as NonNullable<(typeof r.runs)['steward']>;
    const a = r.runs.alvh as NonNullable<(typeof r.runs)['alvh']>;
    for (let t = 0; t < r.dates.length; t++) {
      let spend = 0, credit = 0;
      for (let i = t; i >= 0 && daysBetween(r.dates[i] as IsoDate, r.dates[t] as IsoDate) < STEWARD_SPEND_CAP.windowDays; i--) {
        spend += s.hedgeSpend[i] ?? 0;
        credit += s.condorCredit[i] ?? 0;
      }
      // within a cent: fees are charged in whole cents after the cap sizes the purchase
      expect(spend, r.dates[t]).toBeLessThanOrEqual(credit * STEWARD_SPEND_CAP.shareOfCondorCredit + 0.011);
    }
    // the cap binds: the uncapped policy buys more
    const total = (x: Float64Array): number => x.reduce((p, v) => p + v, 0);
    expect(total(s.hedgeSpend)).toBeLessThan(total(a.hedgeSpend));
  });
});
