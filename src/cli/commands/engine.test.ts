import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../testing/run.js';

let out = '';
let err = '';
beforeEach(() => {
  process.exitCode = undefined;
});
/** Runs the CLI; `out` and `err` hold what this run wrote. */
async function run(...args: string[]): Promise<number> {
  const r = await runCli(args);
  ({ out, err } = r);
  return r.code;
}

describe('alvh backtest / signal / size', () => {
  it.each([
    [['backtest', '--from', '2020-13-01'], '--from'],
    [['backtest', '--from', '2020-06-01', '--to', '2020-01-01'], '--to'],
    [['backtest', '--policies', 'alvh,bogus'], '--policies'],
    [['backtest', '--policy-file', 'noequals'], '--policy-file'],
    [['backtest', '--policy-file', 'x=/no/such/file.json'], '--policy-file'],
    [['backtest', '--notional', '-5'], '--notional'],
    [['backtest', '--short-delta', '0.9'], '--short-delta'],
    [['backtest', '--dte', 'abc'], '--dte'],
    [['backtest', '--wing-width', '-5'], '--wing-width'],
    [['backtest', '--wing-pct', '0'], '--wing-pct'],
    [['backtest', '--wing-pct', '80'], '--wing-pct'],
    [['backtest', '--wing-delta', '0.5'], '--wing-delta'],
    [['backtest', '--wing-delta', '0'], '--wing-delta'],
    [['backtest', '--wing-delta', '0.2'], '--wing-delta'],
    [['backtest', '--wing-width', '50', '--wing-pct', '1'], '--wing-pct'],
    [['backtest', '--settlement', 'noon'], '--settlement'],
    [['backtest', '--settlement', 'am', '--dte', '0'], '--settlement'],
    [['backtest', '--dte', '20', '--profit-take', '0'], '--profit-take'],
    [['backtest', '--dte', '20', '--profit-take', '1.5'], '--profit-take'],
    [['backtest', '--profit-take', '0.5'], '--profit-take'],
    [['backtest', '--dte', '20', '--stop-loss', '-1'], '--stop-loss'],
    [['backtest', '--policies', 'static10,none', '--equal-cost'], '--equal-cost'],
    [['signal', '--date', '2020-03-15'], '--date'],
    [['signal', '--date', 'yesterday'], '--date'],
    [['size', '--notional', '100000'], '--vix'],
    [['size', '--vix', '20', '--rsi', '140'], '--rsi'],
    [['size', '--vix', '20', '--breadth-divergence', '2'], '--breadth-divergence'],
    [['size', '--today', '--vix', '20'], '--today'],
    [['size', '--notional', '1e308', '--vix', '20'], '--notional'],
    [['backtest', '--notional', '1e13'], '--notional'],
    [['size', '--vix', '1e6'], '--vix'],
    [['size', '--vix', '20', '--vx1', '1e300'], '--vx1'],
    [['size', '--vix', '20', '--macd-hist', '1e300'], '--macd-hist'],
  ])('%j exits 2 naming %s, nothing written', async (args, flag) => {
    const dir = mkdtempSync(join(tmpdir(), 'alvh-bad-'));
    const json = join(dir, 'out.json');
    expect(await run(...args, ...(args[0] === 'backtest' ? ['--json', json] : []))).toBe(2);
    expect(existsSync(json), 'nothing written').toBe(false);
    expect(err, 'one line naming the flag').toMatch(new RegExp(`^alvh: ${flag.replace(/-/g, '\\-')}`));
    expect(err.trim().split('\n')).toHaveLength(1);
  });

  it('backtest writes the DESIGN §6 JSON, the CSVs and the report', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'alvh-bt-'));
    const code = await run('backtest', '--from', '2020-02-03', '--to', '2020-03-31', '--policies', 'alvh,static10', '--json', join(dir, 'bt.json'), '--csv', join(dir, 'csv'), '--report', join(dir, 'r.html'), '--quiet');
    expect(code, err).toBe(0);
    const j = JSON.parse(readFileSync(join(dir, 'bt.json'), 'utf8')) as { from: string; to: string; notional: number; policies: Record<string, { metrics: Record<string, unknown>; crises: { name: string }[]; equity: [string, number][] }> };
    expect([j.from, j.to, j.notional]).toEqual(['2020-02-03', '2020-03-31', 100000]);
    expect(Object.keys(j.policies)).toEqual(['alvh', 'static10']);
    for (const p of Object.values(j.policies)) {
      expect(Object.keys(p.metrics)).toEqual(expect.arrayContaining(['cagr', 'volatility', 'sharpe', 'sortino', 'maxDrawdown', 'calmar', 'cvar95', 'worstDay', 'hedgeCostPerYear', 'hedgeSpendOfCredit']));
      expect(p.crises.map((c) => c.name)).toContain('2020 Covid');
      expect(p.equity[0]?.[0]).toBe('2020-02-03');
    }
    expect(readFileSync(join(dir, 'csv', 'alvh.csv'), 'utf8').split('\n')[0]).toMatch(/^date,equity,pnl_condor,pnl_L1,pnl_L2,pnl_L3,pnl_cash,pnl_fees/);
    expect(existsSync(join(dir, 'r.html'))).toBe(true);
    expect(out).toMatch(/alvh\s+[\d,]+/);
    // After the table: the answer in words, built from the same numbers, then the paths written.
    const m = (p: string): { finalEquity: number } => j.policies[p]?.metrics as { finalEquity: number };
    const [winner, loser] = m('alvh').finalEquity >= m('static10').finalEquity ? ['alvh', 'static10'] : ['static10', 'alvh'];
    const usd = (x: number): string => `$${Math.round(x).toLocaleString('en-US')}`;
    expect(out).toMatch(new RegExp(`\\nAnswer: from 2020-02-03 to 2020-03-31, starting from \\$100,000, ${winner} won on final equity \\(\\${usd(m(winner).finalEquity)}, `));
    expect(out).toContain(`ALVH ended ${winner === 'alvh' ? 'above' : 'below'} the classic 10%-of-notional rule (static10): ${usd(m('alvh').finalEquity)} against ${usd(m('static10').finalEquity)}`);
    expect(loser).not.toBe(winner);
    expect(out).toContain('on the deltaNotional basis');
    expect(out).toContain('Option prices are modelled');
    expect(out).toContain(`Wrote:\n  ${join(dir, 'r.html')}  (HTML report`);
    expect(out).toContain(`  ${join(dir, 'bt.json')}  (JSON`);
    expect(out).toContain(`  ${join(dir, 'csv', 'static10.csv')}  (static10`);
  });

  it('backtest --equal-cost adds each adaptive policy\'s cost-matched static to the JSON, the report\'s table and the frontier chart; budget presets state their basis', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'alvh-eq-'));
    const code = await run('backtest', '--from', '2011-01-03', '--to', '2012-06-29', '--policies', 'alvh,vxth,steward,static10-credit', '--equal-cost', '--json', join(dir, 'bt.json'), '--report', join(dir, 'r.html'), '--quiet');
    expect(code, err).toBe(0);
    const j = JSON.parse(readFileSync(join(dir, 'bt.json'), 'utf8')) as { policies: Record<string, { basis: string }>; equalCost: { tolerance: number; policies: { name: string; adaptive: { netHedgeCostPerYear: number }; matched: { netHedgeCostPerYear: number; targetFraction: number } | null }[] } };
    expect(j.policies['static10-credit']?.basis).toBe('creditShare');
    expect(j.equalCost.policies.map((e) => e.name), 'the adaptive policies, not the static one').toEqual(['alvh', 'vxth', 'steward']);
    const html = readFileSync(join(dir, 'r.html'), 'utf8');
    for (const e of j.equalCost.policies) {
      expect(Math.abs((e.matched?.netHedgeCostPerYear ?? 0) / e.adaptive.netHedgeCostPerYear - 1), e.name).toBeLessThanOrEqual(j.equalCost.tolerance);
      expect(html, `${e.name}: its row and its static's in the report's table`).toMatch(new RegExp(`<tr data-policy="${e.name}" data-kind="adaptive"><th scope="row">${e.name}</th>.*\\n<tr data-policy="${e.name}" data-kind="matched"><th scope="row">  static L1 at ${(e.matched?.targetFraction ?? 0).toFixed(4)}</th>`));
    }
    expect(html).toContain('data-kind="matched"');
    expect(out).toContain('Hedge sizes by basis: alvh, steward on deltaNotional');
    expect(out).toContain('static10-credit on creditShare');
  });

  it('backtest --json carries each policy\'s capital guards in its metrics, the numbers of the report\'s capital table (2020-01-02..2020-06-30)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'alvh-cap-'));
    const code = await run('backtest', '--from', '2020-01-02', '--to', '2020-06-30', '--policies', 'alvh,static10,none', '--json', join(dir, 'bt.json'), '--report', join(dir, 'r.html'), '--quiet');
    expect(code, err).toBe(0);
    type Guard = { measuredTo: string; irrWithHedge: number; irrWithoutHedge: number; hedgeIrrContribution: number; hedgeMirr: number | null; hedgeBeta: number | null; riskFreeFrac: number; capmRequiredFrac: number | null; passes: boolean | null };
    const j = JSON.parse(readFileSync(join(dir, 'bt.json'), 'utf8')) as { policies: Record<string, { metrics: { capitalGuard: Guard } }> };
    const g = (n: string): Guard => {
      const x = j.policies[n]?.metrics.capitalGuard;
      if (x === undefined) throw new Error(`no capital guard for ${n}`);
      return x;
    };
    // The 2020 crash: the condor program's money-weighted return is about −72% a year without a hedge;
    // ALVH's hedge adds 6.6 points to it, static10's 0.6; no hedge adds exactly nothing.
    expect(g('alvh').irrWithHedge).toBeCloseTo(-0.653579, 5);
    expect(g('alvh').irrWithoutHedge).toBeCloseTo(-0.719191, 5);
    expect(g('alvh').hedgeIrrContribution).toBeCloseTo(0.065612, 5);
    expect(g('static10').hedgeIrrContribution).toBeCloseTo(0.006365, 5);
    expect(g('none').hedgeIrrContribution).toBe(0);
    expect([g('none').hedgeBeta, g('none').capmRequiredFrac, g('none').passes], 'no hedge, no beta').toEqual([null, null, null]);
    for (const n of ['alvh', 'static10']) {
      const x = g(n);
      expect(x.measuredTo).toBe('2020-06-30');
      expect(x.hedgeIrrContribution, `${n}: with − without`).toBeCloseTo(x.irrWithHedge - x.irrWithoutHedge, 12);
      expect(x.hedgeBeta, `${n}: a long-volatility hedge falls as SPX rises`).toBeLessThan(0);
      expect(x.capmRequiredFrac, `${n}: CAPM = T-bill + β × 5%`).toBeCloseTo(x.riskFreeFrac + (x.hedgeBeta ?? Number.NaN) * 0.05, 12);
      expect(x.passes).toBe((x.hedgeMirr ?? Number.NaN) >= (x.capmRequiredFrac ?? Number.NaN));
    }
    expect(g('alvh').riskFreeFrac, 'the mean 13-week T-bill of 2020H1').toBeCloseTo(0.00595, 4);
    expect(g('alvh').hedgeBeta).toBeCloseTo(-7.9280, 3);
    expect(g('alvh').capmRequiredFrac).toBeCloseTo(-0.390452, 5);
    // The report's capital table shows the same numbers (one computation).
    const html = readFileSync(join(dir, 'r.html'), 'utf8');
    const row = /<tr data-policy="alvh"><th scope="row">alvh<\/th>.*?<\/tr>/.exec(html.slice(html.indexOf('id="capital-table"')))?.[0] ?? '';
    expect(row).toContain(`data-value="${String(g('alvh').hedgeIrrContribution)}"`);
    expect(row).toContain(`data-value="${String(g('alvh').capmRequiredFrac)}"`);
    // Every report compares the methodology's presets over its range: the steward and the promoter at --promoter-limit (0.3).
    const presets = html.slice(html.indexOf('id="presets-table"'));
    expect(presets).toContain('under 30.0%');
    expect(presets).toMatch(/<tr data-preset="steward"><th scope="row">steward<\/th><td>1\.000<\/td>/);
    expect(presets).toMatch(/<tr data-preset="promoter[^"]*">/);
  });

  it('backtest --promoter-limit outside (0, 1) exits 2 naming the flag, and writes no report', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'alvh-prom-'));
    expect(await run('backtest', '--from', '2020-01-02', '--to', '2020-03-31', '--promoter-limit', '1.5', '--report', join(dir, 'r.html'), '--quiet')).toBe(2);
    expect(err).toMatch(/--promoter-limit: must be a fraction between 0 and 1, got 1\.5/);
    expect(existsSync(join(dir, 'r.html'))).toBe(false);
  });

  it('signal --json prints only the signal JSON; size prints ALVH next to the 10% rule', async () => {
    expect(await run('signal', '--date', '2024-08-05', '--json')).toBe(0);
    const s = JSON.parse(out) as { date: string; hedge: { rationale: string[] } };
    expect(s.date).toBe('2024-08-05');
    expect(s.hedge.rationale.length).toBeGreaterThan(3);
    out = '';
    expect(await run('size', '--notional', '100000', '--vix', '30', '--vx1', '28', '--vx2', '27', '--rsi', '75', '--json')).toBe(0);
    const z = JSON.parse(out) as { regime: string; targetFraction: number; layers: { layer: string; alvhFraction: number; static10Fraction: number }[] };
    expect(z.regime, 'VIX 30 > 25').toBe('high');
    expect(z.targetFraction).toBeGreaterThanOrEqual(0.25);
    expect(z.targetFraction).toBeLessThanOrEqual(0.35);
    expect(z.layers.find((l) => l.layer === 'L1')?.static10Fraction).toBe(0.1);
  });
});
