import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { isoDate } from '../core/time.js';
import { syntheticResult } from '../backtest/fixture.js';
import { toBacktestJson } from '../backtest/summary.js';
import { backtestView } from './backtestView.js';
import { answerParagraph, type AnswerInput } from '../report/narrative.js';

type Full = { policies: Record<string, { crises: unknown; metrics: unknown; equity: [string, number][] }> };

describe('backtestView', () => {
  const full = toBacktestJson(syntheticResult({ days: 9200, from: isoDate('1990-01-02') })) as unknown as Full & Record<string, unknown>;
  const v = backtestView(full, 400);

  it('keeps exact values of the full series on the kept days, in date order', () => {
    expect(v.sampled.days).toBe(9200);
    expect(v.sampled.points, 'a chart-sized series').toBeLessThan(9200 / 4);
    expect(v.dates.length).toBe(v.sampled.points);
    expect([...v.dates].sort(), 'ascending, no duplicate').toEqual([...new Set(v.dates)]);
    for (const [name, p] of Object.entries(full.policies)) {
      const byDate = new Map(p.equity);
      const shown = v.policies[name]?.equity ?? [];
      expect(shown.length).toBe(v.dates.length);
      v.dates.forEach((d, i) => expect(shown[i], `${name} ${d}`).toBe(byDate.get(d)));
      expect(v.policies[name]?.crises, 'crises as they are').toEqual(p.crises);
      expect(v.policies[name]?.metrics).toEqual(p.metrics);
    }
    expect([v.from, v.to, v.notional, v.basis]).toEqual([full['from'], full['to'], full['notional'], full['basis']]);
  });

  it('carries the answer paragraph alvh backtest prints, from the same JSON, and null without metrics', () => {
    expect(v.answer).toBe(answerParagraph(full as unknown as AnswerInput));
    expect(v.answer).toContain('Option prices are modelled');
    const bare = { ...full, policies: Object.fromEntries(Object.entries(full.policies).map(([n, p]) => [n, { equity: p.equity }])) };
    expect(backtestView(bare, 400).answer).toBeNull();
    expect(backtestView({ ...full, notional: 'lots' }, 400).answer).toBeNull();
  });

  it("keeps the first and last day and every policy's low and high of the whole history", () => {
    expect(v.dates[0]).toBe(full.policies['alvh']?.equity[0]?.[0]);
    expect(v.dates.at(-1)).toBe(full.policies['alvh']?.equity.at(-1)?.[0]);
    for (const [name, p] of Object.entries(full.policies)) {
      const ys = p.equity.map((e) => e[1]);
      const shown = (v.policies[name]?.equity ?? []) as number[];
      expect(Math.min(...shown), `${name} low`).toBe(Math.min(...ys));
      expect(Math.max(...shown), `${name} high`).toBe(Math.max(...ys));
    }
  });

  it('keeps every point of a short series, and the extremes of every window of any series', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 1, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 300 }), fc.integer({ min: 1, max: 50 }), (ys, windows) => {
        const dates = ys.map((_, i) => `d${String(i).padStart(4, '0')}`);
        const f = { policies: { a: { equity: dates.map((d, i) => [d, ys[i]] as [string, number]) } } };
        const w = backtestView(f, windows);
        const k = w.sampled.windowDays;
        for (let s = 0; s < ys.length; s += k) {
          const win = ys.slice(s, s + k);
          const kept = w.dates.map((d, i) => [Number(d.slice(1)), w.policies['a']?.equity[i]] as const).filter(([t]) => t >= s && t < s + k);
          expect(kept.map(([, y]) => y)).toContain(Math.min(...win));
          expect(kept.map(([, y]) => y)).toContain(Math.max(...win));
        }
        if (ys.length <= windows) expect(w.dates).toEqual(dates);
      }),
    );
  });

  it('aligns a policy with missing days on the first calendar and refuses a JSON without equity', () => {
    const f = { policies: { a: { equity: [['x', 1], ['y', 2]] }, b: { equity: [['y', 3]] } } };
    expect(backtestView(f).policies['b']?.equity).toEqual([null, 3]);
    expect(() => backtestView({ x: 1 })).toThrow(/policies/);
    expect(() => backtestView({ policies: { a: {} } })).toThrow(/"a" has no equity/);
  });

  it('carries the efficient frontier of the run: a point per policy with a cost, the statics of an equal-cost block', () => {
    for (const [name, p] of Object.entries(full.policies)) {
      const cost = (p.metrics as { hedgeNetCostPerYear: number | null }).hedgeNetCostPerYear;
      if (cost !== null) expect(v.frontier.svg, name).toContain(`data-name="${name}" data-kind="policy" data-x="${cost}"`);
    }
    const matched = { netHedgeCostPerYear: 900, maxDrawdown: 0.2, crisisHedgePnl: 50, targetFraction: 0.11 };
    const withEq = backtestView({ ...full, equalCost: { tolerance: 0.01, policies: [{ name: 'alvh', basis: 'deltaNotional', matched, statics: [{ ...matched, targetFraction: 0.1 }, { ...matched, netHedgeCostPerYear: 2000, targetFraction: 0.2 }] }] } });
    expect(withEq.frontier.svg).toContain('data-kind="matched" data-x="900"');
    expect(withEq.frontier.svg.match(/data-kind="static"/g), '2 statics × 2 panels').toHaveLength(4);
    expect(withEq.frontier.caption).toContain('Blue squares');
    // a malformed block is left out, not guessed
    expect(backtestView({ ...full, equalCost: { policies: [{ name: 1 }] } }).frontier.svg).not.toContain('data-kind="matched"');
  });

  it('carries the equal-cost table of a JSON written with --equal-cost: the adaptive row, then its static', () => {
    expect(v.equalCost, 'no block, no table').toBeNull();
    const row = { netHedgeCostPerYear: 1282.4, crisisHedgePnl: 8661, crisisHedgeReturn: 0.006, crisisPayoffPerCostUsd: 0.18, cagr: -0.36, sharpe: -1.2, maxDrawdown: 0.99, worstCrisisDrawdown: 0.3, finalEquity: 3.5 };
    const eq = backtestView({ ...full, equalCost: { tolerance: 0.01, policies: [{ name: 'vxth', basis: 'premium', adaptive: row, matched: { ...row, netHedgeCostPerYear: 1272, targetFraction: 0.00734 }, statics: [], note: null }, { name: 'odd', basis: 'ratio', adaptive: { ...row, sharpe: 'x' }, matched: null, statics: [], note: 'no static fraction in 0..0.3 costs 9 USD a year net' }, { name: 'broken' }] } }).equalCost;
    expect(eq?.head[0]).toBe('policy');
    expect(eq?.rows).toEqual([
      ['vxth', 'premium', '$1,282', '$8,661', '0.6%', '0.18', '-36.00%', '-1.20', '99.00%', '30.00%', '$4'],
      ['  static L1 at 0.0073', 'premium', '$1,272', '$8,661', '0.6%', '0.18', '-36.00%', '-1.20', '99.00%', '30.00%', '$4'],
      ['odd', 'ratio', '$1,282', '$8,661', '0.6%', '0.18', '-36.00%', 'n/a', '99.00%', '30.00%', '$4'],
      ['  static: no static fraction in 0..0.3 costs 9 USD a year net', '', '', '', '', '', '', '', '', '', ''],
    ]);
  });
});
