import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../testing/run.js';

const dir = mkdtempSync(join(tmpdir(), 'alvh-quote-'));
const home = join(dir, 'home');

async function quote(lines: readonly unknown[]): Promise<{ code: number; rows: Record<string, unknown>[]; err: string }> {
  const file = join(dir, `q${Math.random().toString(36).slice(2)}.jsonl`);
  writeFileSync(file, `${lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n')}\n`);
  const r = await runCli(['quote', '--input', file, '--home', home]);
  return { code: r.code, rows: r.out.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>), err: r.err };
}

async function price(args: readonly string[]): Promise<{ price: number; delta: number }> {
  const r = await runCli(['price', ...args, '--json']);
  expect(r.code, r.err).toBe(0);
  return JSON.parse(r.out) as { price: number; delta: number };
}

describe('alvh quote', () => {
  const spxPut = { date: '2020-03-16', root: 'SPX', type: 'put', expiration: '2020-04-17', strike: 2200 };
  const spxCall = { date: '2024-08-05', root: 'SPX', type: 'call', expiration: '2024-08-06', strike: 5250 };
  const vixCall = { date: '2008-11-20', root: 'VIX', type: 'call', expiration: '2008-12-17', strike: 70 };

  it('quotes SPX and VIX options, one line out per line in order, equal to alvh price with the model vol', async () => {
    const r = await quote([spxPut, spxCall, vixCall]);
    expect(r.code).toBe(0);
    expect(r.rows).toHaveLength(3);
    const [a, b, c] = r.rows as [Record<string, number>, Record<string, number>, Record<string, number>];
    for (const [q, req] of [[a, spxPut], [b, spxCall]] as const) {
      expect(Object.keys(q).slice(0, 4)).toEqual(['mid', 'vol', 'underlying', 'delta']);
      const p = await price(['--model', 'bsm', '--type', req.type, '--spot', String(q.underlying), '--strike', String(req.strike), '--years', String(q.years), '--rate', String(q.rate), '--div', String(q.div), '--vol', String(q.vol)]);
      expect(q.mid, `${req.root} ${req.type} price`).toBeCloseTo(p.price, 10);
      expect(q.delta).toBeCloseTo(p.delta, 10);
    }
    // SPX closes: 2386.13 on 2020-03-16 (the Covid crash), 5186.33 on 2024-08-05.
    expect(a.underlying).toBeCloseTo(2386.13, 2);
    expect(b.underlying).toBeCloseTo(5186.33, 2);
    // 2020-04-17 is the April monthly: AM-settled, 32 calendar days less the 6.5 hours from the open to the close.
    expect(a.years).toBeCloseTo((32 - 6.5 / 24) / 365, 12);
    expect(b.years, 'a daily expiry: PM-settled').toBeCloseTo(1 / 365, 12);
    expect(a.vol, 'a 2200 put with SPX at 2386 and VIX at 82.7: above 60%').toBeGreaterThan(0.6);
    // VIX: Black-76 on the real same-expiry future (VX Dec 2008 settled 66.23 on 2008-11-20).
    expect(c.underlying).toBe(66.23);
    const p = await price(['--model', 'black76', '--type', 'call', '--forward', '66.23', '--strike', '70', '--years', String(c.years), '--rate', String(c.rate), '--vol', String(c.vol)]);
    expect(c.mid).toBeCloseTo(p.price, 10);
    expect(c.delta).toBeCloseTo(p.delta, 10);
  });

  it('answers a bad line with an error naming the field, on its own line, and keeps going', async () => {
    const r = await quote([
      { ...spxPut, date: '1989-12-29' },
      { ...spxPut, date: '2031-01-02' },
      { ...spxPut, date: '2020-03-14' },
      { ...spxPut, root: 'NDX' },
      { ...spxPut, strike: -5 },
      { ...spxPut, expiration: '2020-03-16' },
      { ...spxPut, type: undefined },
      'not json',
      spxPut,
    ]);
    expect(r.code).toBe(0);
    const msg = r.rows.map((x) => (x.error as { message?: string } | undefined)?.message ?? 'ok');
    expect(msg[0]).toMatch(/^date: 1989-12-29 is outside the data \(1990-01-02\.\./);
    expect(msg[1]).toMatch(/^date: 2031-01-02 is outside the data/);
    expect(msg[2]).toMatch(/^date: 2020-03-14 is not a trading day/);
    expect(msg[3]).toMatch(/^root: must be one of SPX\|VIX/);
    expect(msg[4]).toMatch(/^strike: /);
    expect(msg[5]).toMatch(/^expiration: must be after date/);
    expect(msg[6]).toMatch(/^type: is required/);
    expect(msg[7]).toMatch(/^line 8: is not valid JSON/);
    expect(msg[8], 'a good line after bad ones').toBe('ok');
    expect((r.rows[0]?.error as { code: string }).code).toBe('invalid_input');
  });

  it('exits 2 naming --input when the file is missing', async () => {
    const r = await runCli(['quote', '--input', join(dir, 'nope.jsonl'), '--home', home]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--input/);
  });
});
