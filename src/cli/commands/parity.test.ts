import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadVxSettles } from '../../adapters/csvMarketData.js';
import { runCli } from '../testing/run.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const run = (...args: string[]) => runCli(args);

function chainFile(rows: string[], header = 'expiration,strike,type,bid,ask,rate'): string {
  const d = mkdtempSync(join(tmpdir(), 'alvh-parity-'));
  dirs.push(d);
  const f = join(d, 'chain.csv');
  writeFileSync(f, [header, ...rows].join('\n') + '\n');
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
    const timed = (at: (r: string) => string) => chainFile(broken.map((r) => `${EXP},${r},0,${at(r)}`), 'expiration,strike,type,bid,ask,rate,quote_time');
    const b = await run('parity', '--chain', timed(() => '2026-02-18T15:59:59.500-05:00'), ...args);
    const out = JSON.parse(b.out) as Out;
    // Conversion at 100: C_bid − P_ask + (K − F) = 7.9 − 5.1 = 2.8 points = $280 − 2 × $1.25 fees.
    expect(out.expiries[0]?.opportunities.map((o) => [o.kind, o.strike, Number(o.edgeUsd.toFixed(6))])).toEqual([['conversion', 100, 277.5]]);
    const text = await run('parity', '--chain', timed(() => '2026-02-18T15:59:59.500-05:00'), ...args.filter((a) => a !== '--json'));
    expect(text.out, 'labelled with the quote times and what it takes').toContain(
      'conversion at 100: edge 2.8000 pts = $277.50; quoted 20:59:59.500–20:59:59.500 UTC; needs, all at once: sell 100 call @ 7.90, buy 100 put @ 5.10, buy the forward @ 100.00',
    );
    // The rich call quoted a minute before the put: never both live at once.
    const apart = await run('parity', '--chain', timed((r) => (r.startsWith('100,call') ? '2026-02-18T15:58:59-05:00' : '2026-02-18T15:59:59-05:00')), ...args);
    const a = JSON.parse(apart.out) as Out & { expiries: Array<{ unsynchronized: number }> };
    expect([a.expiries[0]?.opportunities.length, a.expiries[0]?.unsynchronized]).toEqual([0, 1]);
    const untimed = JSON.parse((await run('parity', '--chain', chainFile(broken.map((r) => `${EXP},${r},0`)), ...args)).out) as typeof a;
    expect([untimed.expiries[0]?.opportunities.length, untimed.expiries[0]?.unsynchronized], 'no quote times: not listed').toEqual([0, 1]);
  });

  it('the end-of-day SPX snapshot: its $7,944 box at 7320/6940 is not listed, only counted, and --assume-simultaneous labels it', async () => {
    const r = await run('parity', '--chain', 'data/spx_chain_2026-01-30.csv');
    expect(r.code, r.err).toBe(0);
    const lines = r.out.trimEnd().split('\n');
    expect(lines.at(-2)).toBe('0 profitable after costs');
    expect(lines.at(-1)).toMatch(/^\d+ more left out: their legs were not shown to be quoted within 1 s of each other \(the file has no quote_time column: an end-of-day snapshot/);
    const assumed = await run('parity', '--chain', 'data/spx_chain_2026-01-30.csv', '--assume-simultaneous');
    expect(assumed.out).toContain(
      '    box: reversal at 7320, conversion at 6940: edge 79.4946 pts = $7944.46; quote times unknown (assumed simultaneous); needs, all at once: buy 7320 call @ 1.00, sell 7320 put @ 454.20, sell 6940 call @ 94.50, buy 6940 put @ 89.00\n',
    );
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
    const r = await run('parity', '--chain', 'data/spx_chain_2026-01-30.csv', '--min-edge', '100', '--assume-simultaneous', '--json');
    expect(r.code, r.err).toBe(0);
    const feb = (JSON.parse(r.out) as Out).expiries.find((e) => e.expiration === '2026-02-20 SPX');
    // 4300 call bid 1409.2 / ask 1415.2 while the forward is ~6946: below intrinsic, an old quote.
    expect(feb?.staleStrikes).toContain(4300);
    expect(feb?.opportunities.length).toBeGreaterThan(0);
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
