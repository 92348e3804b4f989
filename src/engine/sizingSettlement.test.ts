/**
 * Sizing that trades, ruin, settlement rules and trade management of the kernel, on the
 * embedded data (issue 11 items 2-4).
 */
import { describe, expect, it } from 'vitest';
import { spxMonthlyExpiration } from '../core/calendar.js';
import type { IsoDate } from '../core/time.js';
import { indexOfDate } from '../market/series.js';
import { runBacktest } from '../backtest/engine.js';
import { computeMetrics } from '../backtest/metrics.js';
import { validateResult } from '../backtest/types.js';
import { defaultPolicy } from '../hedge/index.js';
import { parseCondorConfig } from '../strategy/condor.js';
import { config, embedded } from '../cli/testing/engine.js';

const isMonthly = (d: string): boolean => spxMonthlyExpiration(Number(d.slice(0, 4)), Number(d.slice(5, 7))) === d;

describe('sizing that trades', () => {
  it('an N-DTE ladder gives each rung 1/N of the budget: the open max loss never exceeds 5% of the notional', () => {
    const cfg = config('2020-01-02', '2020-06-30');
    const r = runBacktest(embedded(), { ...cfg, condor: parseCondorConfig({ dte: 5 }) });
    const run = r.policies.none ?? r.policies.static10;
    if (run === undefined) throw new Error('no run');
    let checked = 0;
    for (let t = 0; t < r.dates.length; t++) {
      const q = r.simulation.condors[t];
      if (q?.status !== 'quoted' || !((run.condorContracts[t] ?? 0) > 0)) continue;
      expect((run.condorContracts[t] ?? 0) * q.maxLossPerContract, `${r.dates[t] ?? ''}: a rung risks 5% / 5 of the day's notional`).toBeCloseTo((0.05 / 5) * (run.notionalUsd[t] ?? 0), 6);
      checked++;
    }
    expect(checked).toBeGreaterThan(100);
    // through the 2020 crash the program never loses more than its open max loss in a day
    for (let t = 1; t < r.dates.length; t++) expect(((run.equity[t] ?? 0) - (run.equity[t - 1] ?? 0)) / (run.equity[t - 1] ?? 1), r.dates[t]).toBeGreaterThan(-0.08);
  });

  it('a default $100,000 run opens a condor on at least 95% of eligible days under every policy', () => {
    const r = runBacktest(embedded(), config());
    for (const [name, run] of Object.entries(r.policies)) {
      const m = computeMetrics(r.dates, run, r.market);
      expect(m.condorDaysEligible, `${name}: eligible days are most trading days`).toBeGreaterThan(0.85 * r.dates.length);
      expect(m.condorDaysOpened / m.condorDaysEligible, `${name}: ${m.condorDaysOpened} of ${m.condorDaysEligible} eligible days opened`).toBeGreaterThanOrEqual(0.95);
    }
  });

  it('whole contracts trade whole numbers; fractional units keep the risk budget exactly', () => {
    const cfg = config('2020-02-03', '2020-04-30');
    const whole = runBacktest(embedded(), { ...cfg, condor: { ...cfg.condor, sizing: 'whole' } });
    for (const [name, run] of Object.entries(whole.policies)) {
      for (const x of run.trades) expect(Number.isInteger(x.qty), `${name} ${x.date} ${x.tag} ${x.action}: whole contracts`).toBe(true);
    }
    const frac = runBacktest(embedded(), cfg);
    const run = frac.policies.static10;
    if (run === undefined) throw new Error('no static10 run');
    expect(run.trades.some((x) => !Number.isInteger(x.qty)), 'fractional units').toBe(true);
    for (let t = 0; t < frac.dates.length; t++) {
      const q = frac.simulation.condors[t];
      if (q?.status !== 'quoted') continue;
      expect((run.condorContracts[t] ?? 0) * q.maxLossPerContract, `${frac.dates[t] ?? ''}: max loss = 5% of the day's notional`).toBeCloseTo(0.05 * (run.notionalUsd[t] ?? 0), 6);
    }
  });

  it('scales the default wings with the index: 1% of spot on the 5-point grid', () => {
    const r = runBacktest(embedded(), { ...config(), policies: [defaultPolicy('none')] });
    const firstQuoted = (from: string): number => r.dates.findIndex((x, t) => x >= from && r.simulation.condors[t]?.status === 'quoted');
    for (const [t, day] of [[firstQuoted('1990-06-01'), '1990'], [firstQuoted('2024-06-03'), '2024']] as const) {
      const q = r.simulation.condors[t];
      if (q?.status !== 'quoted') throw new Error(`no condor in ${day}`);
      const spot = embedded().daily.spxClose[t] as number;
      const width = q.unit.shortPut - q.unit.putWing;
      expect(Math.abs(width - Math.max(5, 0.01 * spot)), `${day}: put wing ${width} points at SPX ${spot}`).toBeLessThanOrEqual(2.5);
    }
  });
});

describe('fixed-notional runs and ruin', () => {
  it('a fixed $100,000 program that loses its capital stops on a dated ruin; its metrics stay finite and are measured on the capital', () => {
    const cfg = config('1990-01-02', '1997-12-31');
    const r = runBacktest(embedded(), { ...cfg, condor: parseCondorConfig({ notionalMode: 'fixed' }) });
    validateResult(r);
    const ruined = Object.entries(r.policies).filter(([, run]) => run.ruinedOn !== null);
    expect(ruined.length, 'the modelled condor ruins a fixed $100,000 program in the 1990s').toBeGreaterThan(0);
    for (const [name, run] of ruined) {
      const day = run.ruinedOn as IsoDate;
      const k = r.dates.indexOf(day);
      expect(run.equity[k] ?? 1, `${name}: equity at the ruin is 0 or below`).toBeLessThanOrEqual(0);
      expect(run.equity[k - 1] ?? 0, `${name}: and positive the day before`).toBeGreaterThan(0);
      expect(run.trades.filter((x) => x.date > day && x.action !== 'settle'), `${name}: no trade after the ruin, positions only run off`).toEqual([]);
      for (let t = k + 1; t < r.dates.length; t++) {
        if ((run.equity[t - 1] ?? 0) <= 0 && (run.hedgeValue[t - 1] ?? 0) === 0) expect(run.pnl.cash[t], `${name} ${r.dates[t] ?? ''}: no interest charged on a negative balance`).toBe(0);
      }
      const m = computeMetrics(r.dates, run, r.market);
      expect(m.ruinedOn).toBe(day);
      expect(m.returnBasis).toBe('fixedCapital');
      for (const key of ['cagr', 'volatility', 'sharpe', 'sortino', 'maxDrawdown', 'cvar95', 'worstDay', 'totalReturn'] as const) {
        expect(Number.isFinite(m[key]), `${name}: ${key} = ${String(m[key])} is finite`).toBe(true);
      }
      expect(m.volatility ?? 0, `${name}: a daily P&L volatility on the capital, not on a vanishing equity`).toBeLessThan(0.5);
      expect(m.maxDrawdown, `${name}: the drawdown is the whole capital`).toBe(1);
      expect(m.years, `${name}: the metrics end at the ruin`).toBeCloseTo((Date.parse(day) - Date.parse(r.dates[0] ?? '')) / 86_400_000 / 365.25, 9);
      expect(m.totalReturn ?? 0, `${name}: total return on the capital ≤ −100%`).toBeLessThanOrEqual(-0.99);
    }
  });
});

describe('settlement rules', () => {
  const d = embedded().daily;
  const at = (date: string): number => indexOfDate(d, date as IsoDate);

  it('1DTE dailies settle PM at the SPX close; VIX options at the VIX open (SOQ proxy), the close where the data has no open', () => {
    const r = runBacktest(embedded(), { ...config('2003-12-01', '2004-09-30'), policies: [defaultPolicy('vxth')] });
    const run = r.policies.vxth;
    if (run === undefined) throw new Error('no run');
    const settles = run.trades.filter((x) => x.action === 'settle');
    const spx = settles.filter((x) => x.instrument.kind === 'spxOption');
    const vix = settles.filter((x) => x.instrument.kind === 'vixOption');
    expect(spx.length).toBeGreaterThan(100);
    expect(vix.length, 'VIX calls expire in the window').toBeGreaterThan(0);
    for (const x of spx) {
      expect(x.settlement, `${x.date}: a daily settles PM`).toBe('spxClosePM');
      const s = d.spxClose[at(x.date)] as number;
      const k = x.instrument.kind === 'spxOption' ? x.instrument.strike : 0;
      expect(x.price).toBeCloseTo(x.instrument.kind === 'spxOption' && x.instrument.type === 'call' ? Math.max(0, s - k) : Math.max(0, k - s), 9);
    }
    for (const x of vix) {
      const hasOpen = Number.isFinite(d.vixOpen[at(x.date)] as number);
      expect(x.settlement, `${x.date}: VIX SOQ proxy`).toBe(hasOpen ? 'vixSoqOpen' : 'vixSoqClose');
      const soq = (hasOpen ? d.vixOpen : d.vixClose)[at(x.date)] as number;
      expect(x.price).toBeCloseTo(Math.max(0, soq - (x.instrument.kind === 'vixOption' ? x.instrument.strike : 0)), 9);
    }
  });

  it('an N-DTE ladder settles third-Friday (monthly) expiries AM at the SPX open and the rest PM at the close; pm and am force one rule', () => {
    const base = config('2021-01-04', '2021-06-30');
    const auto = runBacktest(embedded(), { ...base, policies: [defaultPolicy('none')], condor: parseCondorConfig({ dte: 10 }) });
    const settles = (auto.policies.none?.trades ?? []).filter((x) => x.action === 'settle');
    const monthly = settles.filter((x) => isMonthly(x.date));
    expect(monthly.length, 'third Fridays in the window').toBeGreaterThan(0);
    expect(settles.length - monthly.length, 'other expiries too').toBeGreaterThan(0);
    for (const x of settles) {
      const am = isMonthly(x.date);
      expect(x.settlement, `${x.date}`).toBe(am ? 'spxOpenAM' : 'spxClosePM');
      const s = (am ? d.spxOpen : d.spxClose)[at(x.date)] as number;
      const k = x.instrument.kind === 'spxOption' ? x.instrument.strike : 0;
      expect(x.price).toBeCloseTo(x.instrument.kind === 'spxOption' && x.instrument.type === 'call' ? Math.max(0, s - k) : Math.max(0, k - s), 9);
    }
    validateResult(auto);
    for (const rule of ['pm', 'am'] as const) {
      const r = runBacktest(embedded(), { ...base, policies: [defaultPolicy('none')], condor: parseCondorConfig({ dte: 10, settlement: rule }) });
      const all = (r.policies.none?.trades ?? []).filter((x) => x.action === 'settle');
      expect(all.every((x) => x.settlement === (rule === 'am' ? 'spxOpenAM' : 'spxClosePM')), `settlement ${rule}`).toBe(true);
    }
  });

  it('optional management buys N-DTE condors back before expiry at the profit-take or stop; off by default', () => {
    const base = config('2021-01-04', '2021-06-30');
    const off = runBacktest(embedded(), { ...base, policies: [defaultPolicy('none')], condor: parseCondorConfig({ dte: 10 }) });
    expect((off.policies.none?.trades ?? []).some((x) => x.action === 'close'), 'no management by default').toBe(false);
    const on = runBacktest(embedded(), { ...base, policies: [defaultPolicy('none')], condor: parseCondorConfig({ dte: 10, profitTakeFrac: 0.5, stopLossMult: 1 }) });
    validateResult(on);
    const closes = (on.policies.none?.trades ?? []).filter((x) => x.tag === 'condor' && x.action === 'close');
    expect(closes.length, 'some condors are bought back').toBeGreaterThan(0);
    for (const x of closes) expect(x.date < (x.instrument.expiry ?? ''), `${x.date}: bought back before its expiry`).toBe(true);
    expect(closes.length % 4, 'four legs each').toBe(0);
  });
});
