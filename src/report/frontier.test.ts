import { describe, expect, it } from 'vitest';
import { syntheticResult } from '../backtest/fixture.js';
import { summarize } from '../backtest/summary.js';
import { loadChartAssets } from '../cli/report-assets.js';
import { frontierCaption, frontierPoints, frontierSvg, type FrontierInput } from './frontier.js';
import { renderReport } from './html.js';

const row = (cost: number | null, dd: number, crisis: number, targetFraction = 0) => ({ netHedgeCostPerYear: cost, maxDrawdown: dd, crisisHedgePnl: crisis, targetFraction });

const input: FrontierInput = {
  policies: {
    alvh: { basis: 'deltaNotional', metrics: { hedgeNetCostPerYear: 1000, maxDrawdown: 0.3 }, crises: [{ hedgePnl: 400 }, { hedgePnl: -100 }] },
    none: { basis: null, metrics: { hedgeNetCostPerYear: 0, maxDrawdown: 0.4 }, crises: [] },
    short: { basis: 'premium', metrics: { hedgeNetCostPerYear: null, maxDrawdown: 0.1 }, crises: [] },
  },
  equalCost: {
    policies: [
      { name: 'alvh', basis: 'deltaNotional', matched: row(1005, 0.32, 250, 0.12), statics: [row(0, 0.4, 0, 0), row(800, 0.33, 200, 0.1), row(1600, 0.3, 400, 0.2)] },
      { name: 'alvh-b', basis: 'deltaNotional', matched: null, statics: [row(0, 0.4, 0, 0)] },
    ],
  },
};

describe('efficient frontier', () => {
  const points = frontierPoints(input);

  it('has one point per policy with a cost, each matched static, and the static grid of each basis once', () => {
    expect(points.map((p) => [p.name, p.kind])).toEqual([
      ['alvh', 'policy'],
      ['none', 'policy'],
      ["static 0.12 (= alvh's cost)", 'matched'],
      ['static 0 deltaNotional', 'static'],
      ['static 0.1 deltaNotional', 'static'],
      ['static 0.2 deltaNotional', 'static'],
    ]);
    expect(points[0], 'crisis P&L is the sum over the windows').toMatchObject({ netHedgeCostPerYear: 1000, maxDrawdown: 0.3, crisisHedgePnl: 300, basis: 'deltaNotional' });
  });

  it('draws two panels: a mark per point, cost on x, the static line through the grid', () => {
    const svg = frontierSvg(points);
    expect(svg.match(/<svg /g)).toHaveLength(2);
    expect(svg.match(/class="frontier-point"/g), '6 points × 2 panels').toHaveLength(12);
    expect(svg).toContain('data-name="alvh" data-kind="policy" data-x="1000" data-y="0.3"');
    expect(svg).toContain('data-name="alvh" data-kind="policy" data-x="1000" data-y="300"');
    expect(svg.match(/<polyline data-basis="deltaNotional"/g), 'one line per panel').toHaveLength(2);
    // x grows with the cost: alvh (1000) is right of none (0).
    const cx = (name: string): number => Number(new RegExp(`data-name="${name}" data-kind="policy"[^>]*><title>[^<]*</title><circle cx="([\\d.]+)"`).exec(svg)?.[1]);
    expect(cx('alvh')).toBeGreaterThan(cx('none'));
    expect(frontierSvg([])).toContain('No policy in this run has a net hedge cost');
    expect(frontierCaption(points)).toContain('Blue squares');
    expect(frontierCaption(points.filter((p) => p.kind === 'policy'))).toContain('--equal-cost');
  });

  it('escapes names', () => {
    const svg = frontierSvg(frontierPoints({ policies: { '<b>': { metrics: { hedgeNetCostPerYear: 1, maxDrawdown: 0 }, crises: [] } } }));
    expect(svg).toContain('&lt;b&gt;');
    expect(svg).not.toContain('<b>');
  });

  it('is in the HTML report, one point per policy of the run', () => {
    const r = syntheticResult();
    const html = renderReport(r, { assets: loadChartAssets() });
    const s = summarize(r);
    expect(html).toContain('id="frontier"');
    for (const name of Object.keys(r.policies)) {
      const cost = s[name]?.metrics.hedgeNetCostPerYear;
      if (cost !== null && cost !== undefined) expect(html, name).toContain(`data-name="${name}" data-kind="policy" data-x="${cost}"`);
    }
  });
});
