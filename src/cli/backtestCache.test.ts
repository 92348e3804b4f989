import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BacktestJson } from './engineWiring.js';
import { cacheKey, dataFingerprint, readOrComputeBacktest } from './backtestCache.js';

const dir = mkdtempSync(join(tmpdir(), 'alvh-btcache-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const result = (finalEquity: number): BacktestJson => ({ from: '1990-01-02', to: '2026-01-30', notional: 100_000, basis: 'delta', policies: { none: { finalEquity } } }) as unknown as BacktestJson;

describe('backtest cache', () => {
  it('computes once per key, reads it back, recomputes on another key and removes the stale file', () => {
    const home = join(dir, 'h1');
    let runs = 0;
    const compute = (v: number) => () => {
      runs++;
      return result(v);
    };
    const a = readOrComputeBacktest(home, 'k1', compute(1));
    expect([a.source, runs]).toEqual(['computed', 1]);
    const b = readOrComputeBacktest(home, 'k1', compute(2));
    expect([b.source, runs], 'second read: from the file').toEqual(['cache', 1]);
    expect(b.json, 'what was written').toEqual(result(1));
    const c = readOrComputeBacktest(home, 'k2', compute(3));
    expect([c.source, runs, c.json]).toEqual(['computed', 2, result(3)]);
    expect(readdirSync(join(home, 'cache')), 'only the current key is kept').toEqual(['backtest-k2.json']);
  });

  it('treats a corrupt or foreign file as absent', () => {
    const home = join(dir, 'h2');
    readOrComputeBacktest(home, 'k', () => result(1));
    const path = join(home, 'cache', 'backtest-k.json');
    writeFileSync(path, '{"key": "k", "json": {"trunc');
    expect(readOrComputeBacktest(home, 'k', () => result(2)).source).toBe('computed');
    writeFileSync(path, JSON.stringify({ key: 'other', json: result(9) }));
    const r = readOrComputeBacktest(home, 'k', () => result(3));
    expect([r.source, r.json]).toEqual(['computed', result(3)]);
  });

  it('keys change with any input and with the bytes of any data file', () => {
    expect(cacheKey({ alvh: '0.1.0', settings: { notional: 1 } })).toBe(cacheKey({ alvh: '0.1.0', settings: { notional: 1 } }));
    expect(cacheKey({ alvh: '0.1.0', settings: { notional: 1 } })).not.toBe(cacheKey({ alvh: '0.1.1', settings: { notional: 1 } }));
    expect(cacheKey({ alvh: '0.1.0', settings: { notional: 1 } })).not.toBe(cacheKey({ alvh: '0.1.0', settings: { notional: 2 } }));
    const data = join(dir, 'data');
    rmSync(data, { recursive: true, force: true });
    readOrComputeBacktest(data, 'x', () => result(0)); // creates data/cache, a directory: not hashed
    writeFileSync(join(data, 'a.csv'), 'date,close\n2020-01-02,1\n');
    const f1 = dataFingerprint(data);
    writeFileSync(join(data, 'a.csv'), 'date,close\n2020-01-02,2\n');
    expect(dataFingerprint(data), 'one byte changed').not.toBe(f1);
    writeFileSync(join(data, 'a.csv'), 'date,close\n2020-01-02,1\n');
    expect(dataFingerprint(data), 'same bytes, same fingerprint').toBe(f1);
  });
});
