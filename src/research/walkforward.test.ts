import { beforeAll, describe, expect, it } from 'vitest';
import { CsvMarketDataSource } from '../adapters/csvMarketData.js';
import { DAILY_FRAME_COLUMNS, type MarketData } from '../market/types.js';
import { DEFAULT_COST_MODEL } from '../portfolio/costs.js';
import { DEFAULT_CALIBRATION } from '../portfolio/marketModel.js';
import { DEFAULT_CONDOR_CONFIG } from '../strategy/condor.js';
import { defaultPolicy, type AlvhPolicy } from '../hedge/policy.js';
import { isoDate, type IsoDate } from '../core/time.js';
import type { DailySeries } from './bootstrap.js';
import { runPolicies, type ResearchSettings } from './engine.js';
import { dailySeriesOf } from './series.js';
import { chooseOnTraining, walkForward, walkForwardFolds } from './walkforward.js';

const settings: ResearchSettings = { from: isoDate('2012-01-03'), to: isoDate('2016-12-30'), condor: DEFAULT_CONDOR_CONFIG, notional: 100_000, costs: DEFAULT_COST_MODEL, calib: DEFAULT_CALIBRATION };

function variant(low: number): AlvhPolicy {
  const p = defaultPolicy('alvh');
  return { ...p, regime: { ...p.regime, lowBelowVixPts: low } };
}
const VARIANTS = [variant(13), variant(15), variant(17), { ...defaultPolicy('alvh'), bands: { ...defaultPolicy('alvh').bands, low: { lo: 0.01, hi: 0.02 } } }];

function seriesOn(data: MarketData): { dates: readonly IsoDate[]; variants: DailySeries[]; reference: DailySeries } {
  const r = runPolicies(data, settings, [...VARIANTS.map((policy, i) => ({ name: `v${i}`, policy })), { name: 'static10', policy: defaultPolicy('static10') }]);
  const s = (name: string): DailySeries => dailySeriesOf(r.dates, r.runs[name] as NonNullable<(typeof r.runs)[string]>, r.market);
  return { dates: r.dates, variants: VARIANTS.map((_, i) => s(`v${i}`)), reference: s('static10') };
}

/** Every market series after `cutoff` reversed in time (VIX futures settlements too): the future becomes nonsense. */
function scrambleAfter(data: MarketData, cutoff: string): MarketData {
  const i0 = data.daily.dates.findIndex((d) => d > cutoff);
  const daily = { ...data.daily };
  for (const c of DAILY_FRAME_COLUMNS) {
    const a = Float64Array.from(data.daily[c]);
    a.subarray(i0).reverse();
    daily[c] = a;
  }
  const j0 = data.vx.date.findIndex((d) => d > cutoff);
  const settle = Float64Array.from(data.vx.settle);
  settle.subarray(j0).reverse();
  return { ...data, daily, vx: { ...data.vx, settle } };
}

let data: MarketData;
let base: ReturnType<typeof seriesOn>;
beforeAll(() => {
  data = new CsvMarketDataSource().load();
  base = seriesOn(data);
}, 120_000);

describe('walk-forward', () => {
  it('cuts the history into rolling train/test folds whose test windows do not overlap', () => {
    const folds = walkForwardFolds(base.dates, 2, 1);
    expect(folds.map((f) => [f.trainFrom, f.testFrom])).toEqual([
      ['2012-01-03', '2014-01-03'],
      ['2013-01-03', '2015-01-03'],
      ['2014-01-03', '2016-01-03'],
    ]);
    for (const f of folds) expect((f.train[f.train.length - 1] as number) < (f.test[0] as number), 'training ends before testing starts').toBe(true);
    for (let k = 1; k < folds.length; k++) expect((folds[k - 1]?.test.at(-1) as number) < (folds[k]?.test[0] as number)).toBe(true);
  });

  it('never reads test-window data while choosing: scrambling everything after the training window leaves the choice unchanged', () => {
    const folds = walkForwardFolds(base.dates, 2, 1);
    for (const fold of folds.slice(0, 2)) {
      const before = chooseOnTraining(base.variants, fold, 'sharpe');
      const scrambled = seriesOn(scrambleAfter(data, fold.trainTo));
      const after = chooseOnTraining(scrambled.variants, fold, 'sharpe');
      expect(after, `fold ${fold.trainFrom}: same choice and same training score`).toEqual(before);
      // The scramble did change the test window (so the check above could fail).
      const t0 = fold.test[0] as number;
      const changed = base.variants.some((s, i) => fold.test.some((t) => s.ret[t] !== scrambled.variants[i]?.ret[t]));
      expect(changed, `test days from ${t0} differ after the scramble`).toBe(true);
    }
  });

  it('a variant that is best only in the test window is not chosen (pure check)', () => {
    const fold = walkForwardFolds(base.dates, 2, 1)[0];
    if (fold === undefined) throw new Error('no fold');
    const pick = chooseOnTraining(base.variants, fold, 'cagr');
    const doped = base.variants.map((s, i) => (i === pick.index ? s : { ...s, ret: s.ret.map((r, t) => (fold.test.includes(t) ? r + 0.05 : r)) }));
    expect(chooseOnTraining(doped, fold, 'cagr')).toEqual(pick);
  });

  it('stitches the out-of-sample days; the in-sample optimum is at least as good there by construction', () => {
    const r = walkForward(base.dates, base.variants, base.reference, { trainYears: 2, testYears: 1, objective: 'sharpe' });
    expect(r.folds.length).toBe(3);
    expect(r.inSampleOptimum.scores.sharpe).toBeGreaterThanOrEqual(r.outOfSample.sharpe - 1e-12);
    for (const v of [r.outOfSample, r.reference, r.inSampleOptimum.scores]) for (const x of Object.values(v)) expect(Number.isFinite(x)).toBe(true);
  });

  it('rejects windows that do not fit, naming the flag', () => {
    expect(() => walkForwardFolds(base.dates, 9, 1)).toThrow(/--train/);
    expect(() => walkForwardFolds(base.dates, 2, 0)).toThrow(/--test/);
  });
});
