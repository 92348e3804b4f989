import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runBacktest } from '../backtest/engine.js';
import { loadPolicyFile } from '../cli/policyFile.js';
import { config, embedded, scrambledAfter } from '../cli/testing/engine.js';

const policy = loadPolicyFile(readFileSync(new URL('../../examples/policies/alvh-alternatives.yaml', import.meta.url), 'utf8'), 'yaml');

describe('ALVH with the alternative instruments (L2 VIX-futures ETP, L3 variance swap)', () => {
  const r = runBacktest(embedded(), { ...config('2020-01-02', '2020-06-30'), policies: [{ name: 'alts', policy }] }, undefined, true);
  const run = r.policies.alts;
  if (run === undefined) throw new Error('no run');

  it('reconciles the ledger to the cent and keeps Σ P&L tags = equity change', () => {
    expect(() => r.simulation.ledgers[0]?.reconcile(), 'ledger reconciles').not.toThrow();
    const last = run.equity[run.equity.length - 1] ?? 0;
    let s = 0;
    for (const tag of ['condor', 'L1', 'L2', 'L3', 'cash', 'fees'] as const) for (const x of run.pnl[tag]) s += x;
    expect(Math.abs(100_000 + s - last), 'Σ daily P&L = final − starting equity').toBeLessThan(0.01);
  });

  it('trades both alternatives and earns on the ETP in the Feb–Mar 2020 crash', () => {
    const kinds = new Set(run.trades.map((t) => `${t.tag}:${t.instrument.kind}`));
    expect(kinds.has('L2:etp'), 'L2 trades the ETP').toBe(true);
    expect(kinds.has('L3:varianceSwap'), 'L3 trades variance swaps').toBe(true);
    let l2 = 0;
    r.dates.forEach((d, t) => {
      if (d >= '2020-02-01' && d <= '2020-03-31') l2 += run.pnl.L2[t] ?? 0;
    });
    expect(l2, 'L2 P&L Feb–Mar 2020').toBeGreaterThan(0);
    const maxL2 = Math.max(...run.exposure.L2);
    expect(maxL2, 'L2 carries exposure').toBeGreaterThan(0);
    expect(r.simulation.notes.some((n) => n.includes('VX1/VX2 blend')), 'the result says the alternatives are modelled').toBe(true);
    // Every swap opens at VIX + half the modelled half-spread (at least 0.125 vol points above the VIX close).
    for (const x of run.trades.filter((y) => y.instrument.kind === 'varianceSwap' && y.action === 'open')) {
      const vix = embedded().daily.vixClose[embedded().daily.dates.indexOf(x.date)] ?? Number.NaN;
      expect(x.price - vix, `${x.date}: strike above VIX by the fill`).toBeGreaterThanOrEqual(0.125 - 1e-9);
      expect(x.price - vix).toBeLessThan(1);
    }
  });

  it('has no lookahead: scrambling every value after 2020-03-02 changes nothing up to it', () => {
    const t = r.dates.indexOf('2020-03-02' as (typeof r.dates)[number]);
    const scr = runBacktest(scrambledAfter(embedded(), r.simulation.startIndex + t, 11), { ...config('2020-01-02', '2020-06-30'), policies: [{ name: 'alts', policy }] });
    const other = scr.policies.alts;
    if (other === undefined) throw new Error('no run');
    expect([...other.equity.slice(0, t + 1)], 'equity up to t').toEqual([...run.equity.slice(0, t + 1)]);
    expect([...other.exposure.L2.slice(0, t + 1)], 'ETP exposure up to t').toEqual([...run.exposure.L2.slice(0, t + 1)]);
    expect(other.trades.filter((x) => x.date <= '2020-03-02'), 'trades up to t').toEqual(run.trades.filter((x) => x.date <= '2020-03-02'));
  });
});
