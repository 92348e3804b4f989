import { describe, expect, it } from 'vitest';
import { isoDate, type IsoDate } from '../core/time.js';
import { CRISIS_WINDOWS, crisisScorecard, crisisScorecards, allCrisisScorecards } from './crises.js';
import { allocatePolicyRun, hedgePnlAt, PNL_TAGS } from './types.js';
import { syntheticResult } from './fixture.js';
import { toBacktestJson } from './summary.js';

const D = (xs: string[]): IsoDate[] => xs.map((x) => isoDate(x));

describe('crisis windows', () => {
  it('are ordered, valid and cover the named stress periods', () => {
    for (const w of CRISIS_WINDOWS) expect(w.from < w.to, w.name).toBe(true);
    const names = CRISIS_WINDOWS.map((w) => w.name);
    expect(names).toContain('2008 Sep-Nov');
    expect(names).toContain('2020 Covid');
    expect(CRISIS_WINDOWS.find((w) => w.name === '2018-02 Volmageddon')?.from).toBe('2018-01-26');
    // The market cycles the methodology names: the 1999-2000 IPO wave and its bust, the 2007 REIT and subprime stress.
    expect(names).toEqual(expect.arrayContaining(['1999-2000 IPO wave', '2000-01 dot-com bust', '2007-02 subprime lenders', '2007-07 REIT and subprime']));
    for (let i = 1; i < CRISIS_WINDOWS.length; i++) {
      const prev = CRISIS_WINDOWS[i - 1];
      const cur = CRISIS_WINDOWS[i];
      expect(prev !== undefined && cur !== undefined && prev.to < cur.from, `${cur?.name ?? '?'} starts after the previous window ends`).toBe(true);
    }
  });
});

describe('crisis scorecard', () => {
  const dates = D(['2020-02-14', '2020-02-18', '2020-02-19', '2020-02-20', '2020-02-21', '2020-02-24']);
  const run = allocatePolicyRun('t', dates.length);
  // equity 100, 101, 103, 99, 95, 97; day P&L split condor / L1 / L2 / cash
  const eq = [100, 101, 103, 99, 95, 97];
  run.equity.set(eq);
  run.pnl.condor.set([0, 1, 1, -6, -8, 1]);
  run.pnl.L1.set([0, 0, 1, 1, 3, 1]);
  run.pnl.L2.set([0, 0, 0, 1, 1, 0]);
  run.pnl.fees.set([0, 0, 0, 0, 0, 0]);
  for (let i = 1; i < eq.length; i++) {
    let s = 0;
    for (const t of PNL_TAGS) s += run.pnl[t][i] ?? 0;
    run.pnl.cash[i] = (eq[i] ?? 0) - (eq[i - 1] ?? 0) - s;
  }

  it('sums the days inside the window from the previous close (hand-computed)', () => {
    const s = crisisScorecard(dates, run, { name: 'w', from: isoDate('2020-02-19'), to: isoDate('2020-02-23'), why: '' });
    expect(s).not.toBeNull();
    expect(s?.from).toBe('2020-02-19');
    expect(s?.to, 'last trading day <= to').toBe('2020-02-21');
    expect(s?.clipped).toBe(false);
    expect(s?.condorPnl).toBe(1 - 6 - 8);
    expect(s?.hedgePnlByLayer).toEqual({ L1: 5, L2: 2, L3: 0 });
    expect(s?.hedgePnl).toBe(7);
    expect(s?.netPnl, '95 − 101 (base = close of 02-18)').toBe(-6);
    expect(s?.maxDrawdown, 'peak 103 → 95').toBeCloseTo(8 / 103, 14);
    expect(hedgePnlAt(run, 3)).toBe(2);
  });

  it('clips windows to the data and skips windows outside it', () => {
    const clipped = crisisScorecard(dates, run, { name: 'c', from: isoDate('2020-01-01'), to: isoDate('2020-02-18'), why: '' });
    expect(clipped?.clipped).toBe(true);
    expect(clipped?.from).toBe('2020-02-14');
    expect(clipped?.netPnl).toBe(1);
    expect(crisisScorecard(dates, run, { name: 'x', from: isoDate('2008-09-01'), to: isoDate('2008-11-28'), why: '' })).toBeNull();
    expect(crisisScorecard(dates, run, { name: 'y', from: isoDate('2021-01-01'), to: isoDate('2021-02-01'), why: '' })).toBeNull();
    expect(crisisScorecards(dates, run).map((s) => s.name), 'only 2020 overlaps').toEqual(['2020 Covid']);
    expect(() => crisisScorecard(dates, run, { name: 'bad', from: isoDate('2020-03-01'), to: isoDate('2020-02-01'), why: '' })).toThrow(/before/);
  });

  it('net P&L equals the sum of all tags on the synthetic fixture', () => {
    const r = syntheticResult();
    const all = allCrisisScorecards(r);
    for (const [name, cards] of Object.entries(all)) {
      expect(cards.length, name).toBe(1);
      const c = cards[0];
      const run = r.policies[name];
      if (!c || !run) continue;
      const i0 = r.dates.indexOf(c.from);
      const i1 = r.dates.indexOf(c.to);
      let tot = 0;
      for (let i = i0; i <= i1; i++) for (const t of PNL_TAGS) tot += run.pnl[t][i] ?? 0;
      expect(c.netPnl, name).toBeCloseTo(tot, 6);
    }
  });

  it('the public JSON has the DESIGN §6 shape', () => {
    const j = toBacktestJson(syntheticResult({ days: 260 }));
    expect(Object.keys(j).sort()).toEqual(['basis', 'from', 'notional', 'policies', 'to']);
    const p = j.policies.alvh;
    expect(p?.equity[0]).toEqual(['2019-08-01', 100000]);
    for (const k of ['cagr', 'volatility', 'sharpe', 'sortino', 'maxDrawdown', 'calmar', 'cvar95', 'worstDay', 'hedgeCostPerYear', 'hedgeSpendOfCredit']) {
      expect(p?.metrics, k).toHaveProperty(k);
    }
    expect(Object.keys(p?.crises[0] ?? {}).sort()).toEqual(['clipped', 'condorPnl', 'from', 'hedgePnl', 'hedgePnlByLayer', 'maxDrawdown', 'name', 'netPnl', 'to']);
    expect(JSON.parse(JSON.stringify(j))).toEqual(j);
  });
});
