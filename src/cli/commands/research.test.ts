import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MEASURES } from '../../research/bootstrap.js';
import { defaultPolicy, scaleAlvhBands } from '../../hedge/index.js';
import { loadPolicyFile } from '../policyFile.js';
import { runCli } from '../testing/run.js';

const dir = mkdtempSync(join(tmpdir(), 'alvh-research-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('alvh research compare', () => {
  it('prints the contract JSON; a policy compared with itself gives diff 0 on every measure', async () => {
    const r = await runCli(['research', 'compare', 'alvh', 'alvh', '--from', '2020-01-02', '--to', '2020-06-30', '--bootstrap', '50', '--block', '10', '--json']);
    expect(r.code, r.err).toBe(0);
    const j = JSON.parse(r.out) as { a: string; b: string; basis: unknown; level: number; measures: Record<string, { diff: number; lo: number; hi: number; pBetter: number }> };
    expect(j.a).toBe('alvh');
    expect(j.basis).toEqual({ a: 'deltaNotional', b: 'deltaNotional' });
    expect(j.level).toBe(0.9);
    expect(Object.keys(j.measures).sort()).toEqual([...MEASURES].sort());
    for (const m of MEASURES) expect(j.measures[m], m).toEqual({ diff: 0, lo: 0, hi: 0, pBetter: 0.5 });
  });

  it('alvh against no hedge: ordered intervals, and the run is reproducible from the seed', async () => {
    const args = ['research', 'compare', 'alvh', 'none', '--from', '2020-01-02', '--to', '2020-06-30', '--bootstrap', '100', '--seed', '7', '--json'];
    const a = await runCli(args);
    const b = await runCli(args);
    expect(a.out).toBe(b.out);
    const j = JSON.parse(a.out) as { measures: Record<string, { diff: number; lo: number; hi: number; pBetter: number }> };
    // No hedge has no hedge P&L: the difference of net hedge costs is alvh's own, a real number.
    expect(Number.isFinite(j.measures.netHedgeCostPerYear?.diff)).toBe(true);
    expect(j.measures.netHedgeCostPerYear?.diff).not.toBe(0);
    for (const m of MEASURES) {
      const v = j.measures[m];
      expect(v !== undefined && v.lo <= v.hi && v.pBetter >= 0 && v.pBetter <= 1, m).toBe(true);
    }
  });

  it.each([
    [['research', 'compare', 'alvh', 'nope'], /<b>: "nope" is neither a policy/],
    [['research', 'compare', 'alvh', 'none', '--level', '1.5'], /--level: must be between 0 and 1/],
    [['research', 'compare', 'alvh', 'none', '--block', '0'], /--block: must be >= 1/],
    [['research', 'compare', 'alvh', 'none', '--bootstrap', '0'], /--bootstrap: must be a whole number >= 1/],
    [['research', 'walkforward', '--grid', 'x.yaml', '--train', '1', '--test', '1', '--objective', 'luck'], /--grid: (cannot read|x.yaml does not exist)|--objective/],
    [['research', 'ablation', '--policy', 'static10'], /--policy: must be an alvh policy/],
    [['research', 'attribution', '--policies', 'alvh,nope'], /--policies: unknown policy "nope"/],
    [['research', 'promoter', '--max-crisis-dd', '2'], /--max-crisis-dd: must be between 0 and 1/],
    [['research', 'promoter', '--max-crisis-dd', '0.2', '--out', 'p.txt'], /--out: must end in .json, .yaml or .yml/],
    [['research', 'promoter', '--max-crisis-dd', '0.2', '--policy', 'static10'], /--policy: must be an alvh policy/],
    [['research', 'promoter', '--max-crisis-dd', '0.2', '--scales', '1,x'], /--scales/],
    [['research', 'equalcost', '--policy', 'alvh,static10'], /--policy: "static10" is a static10 policy: the equal-cost comparison matches adaptive \(alvh or vxth\) policies/],
    [['research', 'equalcost', '--tolerance', '0'], /--tolerance: must be between 0 and 1/],
  ])('bad input exits 2 with one line naming the flag: %j', async (args, message) => {
    const r = await runCli(args);
    expect(r.code, r.err).toBe(2);
    expect(r.err).toMatch(message);
    expect(r.err.trim().split('\n').length).toBe(1);
  });
});

describe('alvh research equalcost', () => {
  it('prints every built-in adaptive policy beside a static hedge of the same net cost (JSON and table)', async () => {
    const args = ['research', 'equalcost', '--from', '2011-01-03', '--to', '2012-06-29'];
    const r = await runCli([...args, '--json']);
    expect(r.code, r.err).toBe(0);
    const j = JSON.parse(r.out) as { from: string; tolerance: number; policies: { name: string; basis: string; adaptive: { netHedgeCostPerYear: number }; matched: { netHedgeCostPerYear: number; targetFraction: number } | null }[] };
    expect(j.from).toBe('2011-01-03');
    expect(j.policies.map((p) => [p.name, p.basis])).toEqual([
      ['alvh', 'deltaNotional'],
      ['vxth', 'premium'],
      ['steward', 'deltaNotional'],
      ['alvh-credit', 'creditShare'],
      ['alvh-peryear', 'premiumPerYear'],
      ['alvh-ratio', 'ratio'],
    ]);
    for (const p of j.policies) {
      expect(p.matched, p.name).not.toBeNull();
      expect(Math.abs((p.matched?.netHedgeCostPerYear ?? 0) / p.adaptive.netHedgeCostPerYear - 1), p.name).toBeLessThanOrEqual(j.tolerance);
    }
    const t = await runCli(args);
    expect(t.code, t.err).toBe(0);
    expect(t.out).toMatch(/static L1 at 0\.\d{4}/);
    expect(t.out).toContain('crisis $ per net $');
  });
});

describe('alvh research walkforward and ablation', () => {
  it('walkforward prints folds chosen on training windows, the stitched result and static10, and writes a report with heat maps', async () => {
    const grid = join(dir, 'g.yaml');
    writeFileSync(grid, 'base: static10\nvary:\n  targetFraction: [0.05, 0.15]\n  layer.targetDelta: [0.2, 0.3]\n');
    const report = join(dir, 'wf.html');
    const r = await runCli(['research', 'walkforward', '--grid', grid, '--from', '2016-01-04', '--to', '2019-12-31', '--train', '2', '--test', '1', '--report', report, '--json']);
    expect(r.code, r.err).toBe(0);
    const j = JSON.parse(r.out) as { folds: { values: Record<string, number>; testFrom: string; trainTo: string }[]; outOfSample: Record<string, number>; reference: Record<string, number> };
    expect(j.folds.length).toBe(2);
    for (const f of j.folds) {
      expect(f.trainTo < f.testFrom).toBe(true);
      expect(Object.keys(f.values)).toEqual(['targetFraction', 'layer.targetDelta']);
    }
    const html = readFileSync(report, 'utf8');
    expect(html).toContain('<svg');
    expect(html).toContain('layer.targetDelta against targetFraction');
  });

  it('ablation runs the full policy and every variant with intervals of full − variant', async () => {
    const r = await runCli(['research', 'ablation', '--from', '2020-01-02', '--to', '2020-06-30', '--bootstrap', '50', '--json']);
    expect(r.code, r.err).toBe(0);
    const j = JSON.parse(r.out) as { variants: { name: string; fullMinusThis: unknown }[] };
    expect(j.variants.map((v) => v.name)).toEqual(['full', 'no-rsi', 'no-macd', 'no-breadth', 'no-events', 'no-triggers', 'bands-only']);
    expect(j.variants[0]?.fullMinusThis).toBeNull();
    expect(j.variants[6]?.fullMinusThis).toHaveProperty('crisisPnl');
  });
});

describe('alvh research promoter', () => {
  it('writes the chosen policy as a policy file that reads back as the scaled ALVH bands', async () => {
    const out = join(dir, 'promoter.yaml');
    const r = await runCli(['research', 'promoter', '--from', '2020-01-02', '--to', '2020-06-30', '--max-crisis-dd', '0.95', '--scales', '0,1', '--refine', '0', '--out', out, '--json']);
    expect(r.code, r.err).toBe(0);
    const j = JSON.parse(r.out) as { maxCrisisDrawdown: number; candidates: { scale: number; feasible: boolean }[]; chosen: { scale: number } | null };
    expect(j.maxCrisisDrawdown).toBe(0.95);
    expect(j.candidates.map((c) => c.scale)).toEqual([0, 1]);
    expect(j.chosen).not.toBeNull();
    const p = loadPolicyFile(readFileSync(out, 'utf8'), 'yaml');
    expect(p).toEqual(scaleAlvhBands(defaultPolicy('alvh'), j.chosen?.scale ?? -1));
  });

  it('says so when no scale is under the limit, and writes no policy file', async () => {
    const out = join(dir, 'none.json');
    const r = await runCli(['research', 'promoter', '--from', '2020-01-02', '--to', '2020-06-30', '--max-crisis-dd', '0.001', '--scales', '0,1', '--out', out]);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/No band scale keeps the worst crisis drawdown under 0\.1%/);
    expect(r.out).toContain(`no promoter policy: ${out} not written`);
    expect(existsSync(out)).toBe(false);
  });
});

describe('alvh research attribution', () => {
  it('splits the condor losses by side on the same condors for every policy; no hedge has no hedge P&L', async () => {
    const r = await runCli(['research', 'attribution', '--from', '2020-01-02', '--to', '2020-06-30', '--policies', 'alvh,none', '--json']);
    expect(r.code, r.err).toBe(0);
    type Group = { count: number; pnlUsd: number; measured: number; hedgeUsd: Record<string, number>; returns: { pnl: number; before: number; day: number } };
    const j = JSON.parse(r.out) as { from: string; to: string; policies: Record<string, { condors: number; total: Group; bySide: Record<'put' | 'call' | 'none', Group>; losses?: unknown }> };
    expect(Object.keys(j.policies)).toEqual(['alvh', 'none']);
    const a = j.policies.alvh;
    const n = j.policies.none;
    if (a === undefined || n === undefined) throw new Error('missing policy');
    expect(a.losses, 'the loss list only with --losses').toBeUndefined();
    expect(a.bySide.put.count + a.bySide.call.count + a.bySide.none.count).toBe(a.total.count);
    expect(a.total.count).toBeGreaterThan(0);
    // fractional sizes: the same condors lose under both policies
    expect(n.condors).toBe(a.condors);
    expect(n.total.count).toBe(a.total.count);
    expect(n.total.hedgeUsd).toEqual({ L1: 0, L2: 0, L3: 0 });
    expect(a.total.returns.before + a.total.returns.day).toBeCloseTo(a.total.returns.pnl, 9);
    // 2020 has real SPX open prints: every gap is measured
    expect(a.total.measured).toBe(a.total.count);
  });

  it('prints one table per policy and the reading of the columns', async () => {
    const r = await runCli(['research', 'attribution', '--from', '2020-01-02', '--to', '2020-03-31', '--policies', 'static10']);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/^Attribution of the condor's losses, 2020-01-02\.\.2020-03-31/);
    expect(r.out).toMatch(/static10: \d+ of \d+ condors lost\./);
    expect(r.out).toContain('all losses');
    expect(r.out).toContain('gap (previous close → open)');
  });
});
