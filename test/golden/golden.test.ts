/**
 * Golden backtests (Lean's ExpectedStatistics + OrderListHash): each scenario pins the
 * metrics of every policy and the SHA-256 of its canonical trade list. Any change fails
 * here; after a deliberate change, regenerate with `npm run golden:update` and review the
 * diff of test/golden/*.json.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runBacktest } from '../../src/backtest/engine.js';
import { computeMetrics, tradeListHash } from '../../src/backtest/metrics.js';
import { config, embedded } from '../../src/cli/testing/engine.js';

const DIR = dirname(fileURLToPath(import.meta.url));
const UPDATE = process.env.ALVH_GOLDEN_UPDATE === '1';

/** 10 significant digits: stable across platforms, still catches any real change. */
function sig(x: unknown): unknown {
  if (typeof x === 'number') return Number.isFinite(x) ? Number(x.toPrecision(10)) : String(x);
  if (x === null || typeof x !== 'object') return x;
  if (Array.isArray(x)) return x.map(sig);
  return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, sig(v)]));
}

const SCENARIOS = [
  { name: 'short-2020h1', from: '2020-01-02', to: '2020-06-30' },
  { name: 'full-history', from: undefined, to: undefined },
] as const;

describe('golden backtests', () => {
  for (const sc of SCENARIOS) {
    it(`${sc.name}: metrics and trade-list hash match test/golden/${sc.name}.json`, () => {
      const r = runBacktest(embedded(), config(sc.from, sc.to));
      const policies: Record<string, unknown> = {};
      for (const [name, run] of Object.entries(r.policies)) {
        policies[name] = { metrics: sig(computeMetrics(r.dates, run, r.market)), trades: run.trades.length, tradeListHash: tradeListHash(run.trades) };
      }
      const actual = { scenario: sc.name, from: r.from, to: r.to, days: r.dates.length, notional: r.notional, policies };
      const file = join(DIR, `${sc.name}.json`);
      if (UPDATE) writeFileSync(file, `${JSON.stringify(actual, null, 2)}\n`);
      expect(existsSync(file), `${file} exists (create it with npm run golden:update)`).toBe(true);
      const expected: unknown = JSON.parse(readFileSync(file, 'utf8'));
      expect(actual, 'golden backtest changed: review, then npm run golden:update').toEqual(expected);
    });
  }
});
