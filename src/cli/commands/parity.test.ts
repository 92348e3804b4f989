import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadVxSettles } from '../../adapters/csvMarketData.js';
import { runCli } from '../testing/run.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const run = (...args: string[]) => runCli(args);

function chainFile(rows: string[]): string {
  const d = mkdtempSync(join(tmpdir(), 'alvh-parity-'));
  dirs.push(d);
  const f = join(d, 'chain.csv');
  writeFileSync(f, ['expiration,strike,type,bid,ask,rate', ...rows].join('\n') + '\n');
  return f;
}

interface Out {
  expiries: Array<{ expiration: string; forward: number | null; forwardLabel: string | null; impliedForward: number; staleStrikes: number[]; opportunities: Array<{ kind: string; strike: number; edgePts: number; edgeUsd: number }> }>;
}

// Hand-made chain, r = 0, spot 100, no dividends: C − P = 100 − K at mid, 0.10-point half-spreads.
const EXP = '2026-03-20T16:00:00-04:00';
const fair = ['90,call,11.9,12.1', '90,put,1.9,2.1', '100,call,4.9,5.1', '100,put,4.9,5.1', '110,call,1.9,2.1', '110,put,11.9,12.1'];

describe('alvh parity', () => {
  it('finds nothing in a parity-consistent chain, and the planted conversion in a broken one', async () => {
    const args = ['--as-of', '2026-02-18T16:00:00-05:00', '--spot', '100', '--div', '0', '--json'];
    const clean = await run('parity', '--chain', chainFile(fair.map((r) => `${EXP},${r},0`)), ...args);
    expect(clean.code, clean.err).toBe(0);
    const c = JSON.parse(clean.out) as Out;
    expect(c.expiries[0]?.forward).toBe(100);
    expect(c.expiries[0]?.opportunities).toEqual([]);
    // Planted: the 100 call bid 7.9 / ask 8.1 (3 points rich).
    const broken = fair.map((r) => (r.startsWith('100,call') ? '100,call,7.9,8.1' : r));
    const b = await run('parity', '--chain', chainFile(broken.map((r) => `${EXP},${r},0`)), ...args);
    const out = JSON.parse(b.out) as Out;
    // Conversion at 100: C_bid − P_ask + (K − F) = 7.9 − 5.1 = 2.8 points = $280 − 2 × $1.25 fees.
    expect(out.expiries[0]?.opportunities.map((o) => [o.kind, o.strike, Number(o.edgeUsd.toFixed(6))])).toEqual([['conversion', 100, 277.5]]);
  });

  it('scans the embedded VIX options against the same-expiry VX future', async () => {
    const r = await run('parity', '--chain', 'data/vix_options_2024-06-03.csv', '--json');
    expect(r.code, r.err).toBe(0);
    const out = JSON.parse(r.out) as Out & { quotes: string };
    expect(out.quotes, 'the snapshot has closes only: quotes are modelled').toMatch(/^modelled: close ±/);
    const june = out.expiries.find((e) => e.expiration === '2024-06-18');
    const vx = loadVxSettles();
    const i = vx.date.findIndex((d, j) => d === '2024-06-03' && vx.expiry[j] === '2024-06-18');
    expect(june?.forward, 'the VX Jun-2024 settle on 2024-06-03').toBe(vx.settle[i]);
    expect(june?.forwardLabel).toMatch(/^VX 2024-06-18 settle/);
    expect(Math.abs((june?.impliedForward ?? 0) - (june?.forward ?? 0)), 'the options imply a forward within 0.2 of the future').toBeLessThan(0.2);
    expect(out.expiries.find((e) => e.expiration === '2024-06-05')?.forward, 'no weekly VX future in the data: boxes').toBeNull();
  });

  it('leaves stale deep in-the-money SPX quotes out of the scan', async () => {
    const r = await run('parity', '--chain', 'data/spx_chain_2026-01-30.csv', '--min-edge', '100', '--json');
    expect(r.code, r.err).toBe(0);
    const feb = (JSON.parse(r.out) as Out).expiries.find((e) => e.expiration === '2026-02-20 SPX');
    // 4300 call bid 1409.2 / ask 1415.2 while the forward is ~6946: below intrinsic, an old quote.
    expect(feb?.staleStrikes).toContain(4300);
    expect(feb?.opportunities.every((o) => o.edgeUsd > 100)).toBe(true);
  });

  it('exits 2 on an unknown chain format and on a generic chain without --as-of', async () => {
    const d = mkdtempSync(join(tmpdir(), 'alvh-parity-'));
    dirs.push(d);
    writeFileSync(join(d, 'x.csv'), 'a,b\n1,2\n');
    const bad = await run('parity', '--chain', join(d, 'x.csv'));
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/^alvh: .*x\.csv: unknown chain format \(columns: a, b\)/);
    const noAsOf = await run('parity', '--chain', chainFile([`${EXP},100,call,1,2,0`]));
    expect(noAsOf.code).toBe(2);
    expect(noAsOf.err).toMatch(/^alvh: --as-of: is required for the generic chain/);
  });
});
