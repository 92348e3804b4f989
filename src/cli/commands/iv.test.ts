import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../testing/run.js';
import { bsmPrice } from '../../pricing/bsm.js';

const base = ['iv', '--model', 'bsm', '--type', 'call', '--spot', '100', '--strike', '100', '--years', '1', '--rate', '0.05', '--div', '0'];

describe('alvh iv', () => {
  it('--json prints {vol}, recovering the vol of a model price', async () => {
    const price = bsmPrice('call', 100, 100, 1, 0.05, 0, 0.2);
    const r = await runCli([...base, '--price', String(price), '--json']);
    expect(r.code).toBe(0);
    const obj = JSON.parse(r.out) as { vol: number };
    expect(Object.keys(obj)).toEqual(['vol']);
    expect(Math.abs(obj.vol - 0.2)).toBeLessThan(1e-12);
  });
  it.each([
    ['5', 'price_below_intrinsic', ['--strike', '90']],
    ['100', 'price_above_bound', []],
    ['5', 'zero_time', ['--years', '0']],
  ])('price %s → exit 2 with a one-line %s message', async (price, code, over) => {
    const args = [...base, '--price', price];
    for (let i = 0; i < over.length; i += 2) args[args.indexOf(over[i] as string) + 1] = over[i + 1] as string;
    const r = await runCli(args);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(new RegExp(`^alvh: ${code}: `));
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.out).toBe('');
  });
  it('accepts negative rates and any dividend yield (cost of carry b = r - q = -1)', async () => {
    // optlib's 1.62505648981223e-11; the put (60.1291675389721) is all intrinsic value, its vol ill-posed
    const price = bsmPrice('call', 100, 100, 1, 0.05, 1.05, 0.15);
    const r = await runCli(['iv', '--type', 'call', '--spot', '100', '--strike', '100', '--years', '1', '--rate', '0.05', '--div', '1.05', '--price', String(price), '--json']);
    expect(r.code, r.err).toBe(0);
    expect(Math.abs((JSON.parse(r.out) as { vol: number }).vol - 0.15)).toBeLessThan(1e-12);
    const neg = bsmPrice('call', 100, 95, 0.5, -0.005, -0.01, 0.3);
    const r2 = await runCli(['iv', '--type', 'call', '--spot', '100', '--strike', '95', '--years', '0.5', '--rate', '-0.005', '--div', '-0.01', '--price', String(neg), '--json']);
    expect(r2.code, r2.err).toBe(0);
    expect(Math.abs((JSON.parse(r2.out) as { vol: number }).vol - 0.3)).toBeLessThan(1e-12);
    const bad = await runCli(['iv', '--type', 'call', '--spot', '100', '--strike', '95', '--years', '2', '--rate', '-400', '--price', '1']);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/^alvh: --rate: times years must be within ±700/);
  });
  it('a bad flag exits 2 naming it', async () => {
    const r = await runCli([...base, '--price', 'cheap']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^alvh: --price/);
    const r2 = await runCli([...base, '--price', '3', '--vol', '0.2']);
    expect(r2.code, '--vol is not an option of alvh iv').toBe(2);
    expect(r2.err).toMatch(/--vol/);
  });
  it('--input: unattainable prices and bad fields get their own error code on their line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'alvh-iv-'));
    const file = join(dir, 'q.jsonl');
    writeFileSync(file, [
      '{"model":"black76","type":"put","forward":19,"strike":19,"years":0.75,"rate":0.1,"price":1.7010507252362680}',
      '{"model":"bsm","type":"call","spot":100,"strike":90,"years":1,"price":5}',
      '{"model":"black76","type":"call","forward":19,"strike":-1,"years":0.75,"price":1}',
      '{"model":"black76","type":"call","forward":19,"strike":19,"years":0,"price":1}',
      '{"model":"bsm","type":"put","spot":100,"strike":100,"years":1,"price":200}',
      '{"model":"bsm","type":"put","spot":100,"strike":100,"years":1,"rate":0.05,"price":5.573526022256971}',
    ].join('\n'));
    const r = await runCli(['iv', '--input', file]);
    expect(r.code).toBe(0);
    const lines = r.out.trim().split('\n').map((l) => JSON.parse(l) as { vol?: number; error?: { code: string; message: string } });
    expect(lines).toHaveLength(6);
    expect(Math.abs((lines[0]?.vol ?? 0) - 0.28)).toBeLessThan(1e-12);
    expect(lines[1]?.error?.code).toBe('price_below_intrinsic');
    expect(lines[2]?.error).toEqual({ code: 'invalid_input', message: 'strike: must be > 0, got -1' });
    expect(lines[3]?.error?.code).toBe('zero_time');
    expect(lines[4]?.error?.code).toBe('price_above_bound');
    expect(Math.abs((lines[5]?.vol ?? 0) - 0.2)).toBeLessThan(1e-9);
  });
});
