/**
 * The round trip of issue 8: the model's own chains, exported and read back as a chain
 * source, reproduce the modelled backtest (one year, every policy); a day missing from the
 * directory falls back to the model and is labelled so.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IsoDate } from '../core/time.js';
import { ChainDirectory } from '../adapters/chains/directory.js';
import { runBacktest, defaultNamedPolicies, DEFAULT_POLICY_KINDS, type EngineBacktestResult } from '../backtest/engine.js';
import { DEFAULT_COST_MODEL } from '../portfolio/costs.js';
import { DEFAULT_CALIBRATION, dayModel } from '../portfolio/marketModel.js';
import { chainDayModel, type ChainLookupStats } from '../portfolio/chainDayModel.js';
import { parseCondorConfig } from '../strategy/condor.js';
import { labelTrades } from '../signals/chainLabels.js';
import { exportModelChains } from './commands/chains.js';
import { loadEmbeddedData } from './engineInputs.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'alvh-roundtrip-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
const FROM = '2024-01-02' as IsoDate;
const TO = '2024-12-31' as IsoDate;
const dir = path.join(tmp, 'chains');

function backtest(withChains: ChainDirectory | null, stats?: ChainLookupStats, kinds = DEFAULT_POLICY_KINDS): EngineBacktestResult {
  const data = loadEmbeddedData();
  return runBacktest(data, {
    from: FROM,
    to: TO,
    policies: defaultNamedPolicies(kinds),
    condor: parseCondorConfig({}),
    notional: 1_000_000,
    costs: DEFAULT_COST_MODEL,
    calib: DEFAULT_CALIBRATION,
    ...(withChains === null ? {} : { dayModel: (d, i, c) => chainDayModel(dayModel(d, i, c), withChains, stats) }),
  });
}

let modelled: EngineBacktestResult;
beforeAll(() => {
  const req = { from: FROM, to: TO, dir, format: 'generic' as const, per: 'day' as const, gzip: false, spxExpiries: 1, spxMonthlyDays: 0, sdReach: 6 };
  exportModelChains({ ...req, root: 'SPX' });
  exportModelChains({ ...req, root: 'VIX', per: 'month', gzip: true });
  modelled = backtest(null);
}, 120_000);

describe('round trip: a backtest on the exported chains reproduces the modelled backtest', () => {
  it('every policy, one year: the same trades at the same prices, the same equity to the cent', { timeout: 300_000 }, () => {
    const stats = { chain: 0, model: 0 };
    const src = new ChainDirectory(dir);
    const real = backtest(src, stats);
    expect(stats.chain, 'option vols answered by the chain').toBeGreaterThan(5_000);
    for (const name of DEFAULT_POLICY_KINDS) {
      const a = modelled.policies[name];
      const b = real.policies[name];
      if (a === undefined || b === undefined) throw new Error(`no run ${name}`);
      expect(b.trades.length, `${name}: trades`).toBe(a.trades.length);
      const off: string[] = [];
      a.trades.forEach((t, k) => {
        const u = b.trades[k];
        if (u === undefined || u.date !== t.date || u.action !== t.action || JSON.stringify(u.instrument) !== JSON.stringify(t.instrument) || Math.abs(u.qty - t.qty) > 1e-9 * Math.max(1, Math.abs(t.qty)) || Math.abs(u.price - t.price) > 1e-9) {
          off.push(`${t.date} ${t.action} ${JSON.stringify(t.instrument)} ${t.qty}@${t.price} vs ${JSON.stringify(u)}`);
        }
      });
      expect(off.slice(0, 3), `${name}: trades that differ`).toEqual([]);
      let worst = 0;
      a.equity.forEach((e, t) => (worst = Math.max(worst, Math.abs(e - (b.equity[t] ?? Number.NaN)))));
      expect(worst, `${name}: largest equity difference, dollars`).toBeLessThan(0.01);
    }
    const labels = labelTrades(Object.values(real.policies));
    for (const name of DEFAULT_POLICY_KINDS) {
      if (name === 'none') {
        expect(labels.shares[name]?.all?.share, 'none: the condor legs are all real').toBe(1);
        continue;
      }
      expect(labels.shares[name]?.['2024']?.share, `${name}: every option fill priced from the chain`).toBe(1);
    }
  });

  it('a missing day falls back to the model and is labelled modelled', { timeout: 300_000 }, () => {
    const gap = path.join(tmp, 'gap');
    fs.cpSync(dir, gap, { recursive: true });
    fs.rmSync(path.join(gap, 'spx_2024-03-15.csv'));
    const stats = { chain: 0, model: 0 };
    const src = new ChainDirectory(gap);
    const run = backtest(src, stats, ['none']);
    const none = run.policies.none;
    if (none === undefined) throw new Error('no run');
    const labels = labelTrades([none]);
    const lab = labels.labels.none ?? [];
    const opened = none.trades.map((t, k) => ({ t, l: lab[k] })).filter((x) => x.t.action === 'open');
    expect(opened.filter((x) => x.t.date === '2024-03-15').map((x) => x.l), 'the condor of the missing day: modelled').toEqual(['model', 'model', 'model', 'model']);
    expect(opened.filter((x) => x.t.date === '2024-03-14').map((x) => x.l)).toEqual(['chain', 'chain', 'chain', 'chain']);
    const share = labels.shares.none?.['2024'];
    expect(share?.fills).toBe(share === undefined ? 0 : share.chainFills + 4);
    // The model filled the gap with its own prices: the run still equals the modelled one.
    expect(Math.abs((none.equity[none.equity.length - 1] ?? 0) - (modelled.policies.none?.equity[none.equity.length - 1] ?? 0))).toBeLessThan(0.01);
  });
});
