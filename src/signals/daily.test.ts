import { describe, expect, it } from 'vitest';
import type { IsoDate } from '../core/time.js';
import { defaultPolicy, parsePolicy } from '../hedge/index.js';
import { runBacktest } from '../backtest/engine.js';
import { dailySignal, rationaleOf, runDailySignal } from './daily.js';
import { config, embedded } from '../cli/testing/engine.js';

describe('daily signal', () => {
  it('has the DESIGN §6 shape, a rationale in words, and the backtest’s book on that day', () => {
    const cfg = config();
    const date = '2020-03-16' as IsoDate;
    const s = dailySignal(embedded(), date, defaultPolicy('alvh'), cfg.condor, cfg.calib, { from: '2019-01-02' as IsoDate });
    expect(Object.keys(s)).toEqual(expect.arrayContaining(['date', 'regime', 'inputs', 'condor', 'hedge']));
    expect(s.date).toBe(date);
    expect(s.regime, 'VIX closed at 82.69 on 2020-03-16').toBe('high');
    expect(Object.keys(s.condor)).toEqual(expect.arrayContaining(['expiration', 'legs', 'contracts', 'creditPerContract', 'maxLossPerContract', 'breakevens']));
    expect(Object.keys(s.hedge)).toEqual(expect.arrayContaining(['policy', 'basis', 'targetFraction', 'signalScore', 'layers', 'rationale']));
    expect(s.hedge.layers.map((l) => l.name)).toEqual(['L1', 'L2', 'L3']);
    for (const l of s.hedge.layers) expect(Object.keys(l)).toEqual(expect.arrayContaining(['name', 'instrument', 'expiration', 'strike', 'contracts', 'exposure', 'cost']));
    expect(s.hedge.rationale.length, 'regime, components, layers, condor').toBeGreaterThan(8);
    expect(s.hedge.rationale.join(' ')).toMatch(/Regime high/);
    expect(s.hedge.rationale.join(' ')).toMatch(/RSI\(14\) of VIX/);
    expect(s.hedge.rationale.join(' ')).toMatch(/Condor/);
    expect(s.hedge.targetFraction).toBeGreaterThanOrEqual(0.12);
    expect(s.hedge.targetFraction).toBeLessThanOrEqual(0.35);

    // Same book as the backtest over the same history.
    const bt = runBacktest(embedded(), { ...cfg, condor: { ...cfg.condor, sizing: 'whole' }, from: '2019-01-02' as IsoDate, to: date, policies: [defaultPolicy('alvh')] });
    const run = bt.policies.alvh;
    const t = bt.dates.length - 1;
    expect(s.equityUsd).toBeCloseTo(run?.equity[t] ?? Number.NaN, 2);
    expect(s.hedge.targetFraction).toBeCloseTo(run?.targetFraction[t] ?? Number.NaN, 6);
    expect(s.hedge.layers[0]?.exposure).toBeCloseTo(run?.exposure.L1[t] ?? Number.NaN, 6);
    if (s.condor.status === 'opened') {
      expect(s.condor.legs).toHaveLength(4);
      expect(s.condor.contracts, 'the whole-contract backtest’s size').toBe(run?.condorContracts[t]);
      expect(s.condor.expiration, 'a 1DTE condor expires the next trading day').toBe('2020-03-17');
    }
  });

  it('refuses a day that is not in the data, naming the field', () => {
    const cfg = config();
    expect(() => dailySignal(embedded(), '2020-03-15' as IsoDate, defaultPolicy('static10'), cfg.condor, cfg.calib)).toThrow(/date: 2020-03-15 is not a trading day/);
    expect(() => dailySignal(embedded(), '1980-01-02' as IsoDate, defaultPolicy('static10'), cfg.condor, cfg.calib)).toThrow(/date:/);
  });
});

describe('the signal states the basis it sizes on (every layer line, the ticket’s lines too)', () => {
  const cfg = config();
  const date = '2020-03-16' as IsoDate;
  const unit: Record<string, string> = {
    deltaNotional: 'of condor notional',
    creditShare: 'of the trailing condor credit (premium held)',
    premiumPerYear: 'of notional a year (premium budget)',
    ratio: 'VIX calls per condor contract',
  };
  for (const basis of ['deltaNotional', 'creditShare', 'premiumPerYear', 'ratio'] as const) {
    it(`${basis}: each layer's exposure and target are in the basis' unit, never "of notional" alone`, () => {
      const { signal, record } = runDailySignal(embedded(), date, parsePolicy({ kind: 'alvh', basis }), cfg.condor, cfg.calib, { from: '2019-06-03' as IsoDate });
      expect(record.basis).toBe(basis);
      const lines = signal.hedge.rationale.filter((l) => /^L\d today:/.test(l));
      expect(lines.map((l) => l.slice(0, 2)), 'a line per active layer').toEqual(['L1', 'L2', 'L3']);
      const l1 = signal.hedge.layers[0];
      if (l1 === undefined) throw new Error('no L1');
      const amount = basis === 'ratio' ? String(Number(l1.exposure.toFixed(3))) : `${(l1.exposure * 100).toFixed(2)}%`;
      expect(lines[0]).toContain(`exposure ${amount} vs target `);
      for (const l of lines) expect(l.endsWith(` ${unit[basis]}.`), l).toBe(true);
      // The published signal's lines carry the ticket's orders: the same unit.
      const ticketLines = rationaleOf({ ...record, layers: record.layers.map((x) => ({ ...x, account: { orders: [{ action: 'BUY_TO_OPEN', qty: 1, symbol: 'VIX 2020-05-20 27 C', purpose: 'new position' }] } })) }).filter((l) => /^L\d today:/.test(l));
      for (const l of ticketLines) expect(l).toMatch(new RegExp(`BUY TO OPEN 1 VIX 2020-05-20 27 C \\(new position\\), to take the account's book to the signal's; exposure .* ${unit[basis]?.replace(/[()]/g, '\\$&') ?? ''}\\.$`));
    });
  }
});
