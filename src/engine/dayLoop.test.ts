import { describe, expect, it } from 'vitest';
import { runBacktest } from '../backtest/engine.js';
import { validateResult } from '../backtest/types.js';
import { toBacktestJson } from '../backtest/summary.js';
import { canonicalTrades } from '../backtest/metrics.js';
import { defaultPolicy } from '../hedge/index.js';
import { config, embedded, scrambledAfter } from '../cli/testing/engine.js';

describe('simulation kernel on the embedded data', () => {
  it('reconciles every ledger to the cent and keeps Σ P&L tags = equity change', () => {
    const r = runBacktest(embedded(), config('2020-02-03', '2020-04-30'), undefined, true);
    validateResult(r);
    r.simulation.ledgers.forEach((l, k) => {
      expect(() => l.reconcile(), `ledger of ${r.simulation.runs[k]?.name ?? ''}`).not.toThrow();
      expect(l.entryCount, 'entries kept').toBeGreaterThan(0);
    });
    for (const [name, run] of Object.entries(r.policies)) {
      const cash = r.simulation.ledgers[Object.keys(r.policies).indexOf(name)]?.cashCents ?? 0;
      const marks = r.simulation.snapshots[Object.keys(r.policies).indexOf(name)]?.marksUsd;
      const last = run.equity[run.equity.length - 1] ?? 0;
      expect(Math.abs(cash / 100 + (marks?.condor ?? 0) + (marks?.L1 ?? 0) + (marks?.L2 ?? 0) + (marks?.L3 ?? 0) - last), `${name}: equity = cash + marks`).toBeLessThan(1e-6);
      let s = 0;
      for (const tag of ['condor', 'L1', 'L2', 'L3', 'cash', 'fees'] as const) for (const x of run.pnl[tag]) s += x;
      expect(Math.abs(100_000 + s - last), `${name}: Σ daily P&L = final − starting equity`).toBeLessThan(0.01);
    }
    expect(r.policies.none?.hedgeSpend.every((x) => x === 0), 'no hedge, no spend').toBe(true);
    expect(r.notes.filter((n) => n.startsWith('SPX option prices are modelled')), 'the modelled-prices notice, once').toHaveLength(1);
    expect(new Set(r.notes).size, 'no note repeated').toBe(r.notes.length);
  });

  it('keeps the ALVH target inside its (decaying) regime band every day', () => {
    const r = runBacktest(embedded(), { ...config('2007-06-01', '2009-06-30'), policies: [defaultPolicy('alvh')] });
    const run = r.policies.alvh;
    if (run === undefined) throw new Error('no alvh run');
    const p = defaultPolicy('alvh');
    const seen = new Set<number>();
    for (let t = 0; t < r.dates.length; t++) {
      const x = run.targetFraction[t] ?? Number.NaN;
      const lo = run.bandLo[t] ?? Number.NaN;
      const hi = run.bandHi[t] ?? Number.NaN;
      const reg = run.regime[t] ?? 255;
      seen.add(reg);
      expect(x, `${r.dates[t] ?? ''}: target within its band`).toBeGreaterThanOrEqual(lo - 1e-12);
      expect(x).toBeLessThanOrEqual(hi + 1e-12);
      const band = reg === 0 ? p.bands.low : reg === 1 ? p.bands.moderate : { lo: p.bands.moderate.lo, hi: p.bands.high.hi };
      expect(lo, `${r.dates[t] ?? ''}: band of regime ${reg}`).toBeGreaterThanOrEqual(band.lo - 1e-12);
      expect(hi).toBeLessThanOrEqual(band.hi + 1e-12);
    }
    expect([...seen].sort(), 'the 2007-2009 window visits every regime').toEqual([0, 1, 2]);
  });

  it('has no lookahead: scrambling every value after day t changes nothing up to t', () => {
    const d = embedded();
    const from = '2019-10-01';
    const to = '2020-05-29';
    const base = runBacktest(d, config(from, to));
    const t = base.dates.indexOf('2020-03-02' as (typeof base.dates)[number]);
    expect(t).toBeGreaterThan(50);
    const scr = runBacktest(scrambledAfter(d, base.simulation.startIndex + t, 7), config(from, to));
    for (const [name, run] of Object.entries(base.policies)) {
      const other = scr.policies[name];
      if (other === undefined) throw new Error(name);
      expect(Array.from(other.equity.subarray(0, t + 1)), `${name}: equity up to t`).toEqual(Array.from(run.equity.subarray(0, t + 1)));
      expect(Array.from(other.targetFraction.subarray(0, t + 1)), `${name}: hedge targets up to t`).toEqual(Array.from(run.targetFraction.subarray(0, t + 1)));
      const upTo = (tr: typeof run.trades): typeof run.trades => tr.filter((x) => x.date <= (base.dates[t] as string) && x.action !== 'settle');
      expect(canonicalTrades(upTo(other.trades)), `${name}: trades up to t`).toBe(canonicalTrades(upTo(run.trades)));
      expect(Array.from(other.equity.subarray(t + 1)), `${name}: the scramble did change later days`).not.toEqual(Array.from(run.equity.subarray(t + 1)));
    }
  });

  it('is deterministic: the same inputs give byte-identical JSON', () => {
    const a = JSON.stringify(toBacktestJson(runBacktest(embedded(), config('2022-01-03', '2022-03-31'))));
    const b = JSON.stringify(toBacktestJson(runBacktest(embedded(), config('2022-01-03', '2022-03-31'))));
    expect(a.length).toBeGreaterThan(1000);
    expect(a === b, 'byte-identical').toBe(true);
  });

  it('sells the same condors under every policy, sized on each policy’s own equity', () => {
    const r = runBacktest(embedded(), { ...config('2020-02-03', '2020-03-31'), notional: 1_000_000 });
    const byDate = new Map(r.dates.map((d, t) => [d as string, r.simulation.condors[t]]));
    for (const [name, run] of Object.entries(r.policies)) {
      for (const x of run.trades) {
        if (x.tag !== 'condor' || x.action !== 'open' || x.instrument.kind !== 'spxOption') continue;
        const q = byDate.get(x.date);
        if (q?.status !== 'quoted') throw new Error(`${name} opened a condor on ${x.date} without a quote`);
        expect([q.unit.putWing, q.unit.shortPut, q.unit.shortCall, q.unit.callWing], `${name} ${x.date}: the shared strikes`).toContain(x.instrument.strike);
      }
      for (let t = 0; t < r.dates.length; t++) {
        const q = r.simulation.condors[t];
        if (q?.status !== 'quoted') continue;
        expect(run.condorContracts[t], `${name} ${r.dates[t] ?? ''}: 5% × own notional / max loss, fractional`).toBeCloseTo((0.05 * (run.notionalUsd[t] ?? 0)) / q.maxLossPerContract, 12);
      }
    }
    expect(r.policies.alvh?.notionalUsd[30], 'policies compound on their own equity').not.toBe(r.policies.none?.notionalUsd[30]);
  });

  it('runs 0DTE and ladder tenors with the same accounting identity', () => {
    for (const dte of [0, 5]) {
      const cfg = config('2021-01-04', '2021-03-31');
      const r = runBacktest(embedded(), { ...cfg, notional: 1_000_000, condor: { ...cfg.condor, dte } }, undefined, true);
      validateResult(r);
      for (const l of r.simulation.ledgers) l.reconcile();
      const opens = r.policies.none?.trades.filter((x) => x.tag === 'condor' && x.action === 'open').length ?? 0;
      expect(opens, `dte ${dte}: four legs a day`).toBeGreaterThan(4 * 50);
      if (dte === 0) expect(r.policies.none?.trades.filter((x) => x.action === 'settle').every((x) => x.instrument.expiry === x.date), '0DTE settles the same day').toBe(true);
    }
  });
});
