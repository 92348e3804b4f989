import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../testing/run.js';
import { bsmGreeks } from '../../pricing/bsm.js';

const BSM = ['price', '--model', 'bsm', '--type', 'call', '--spot', '100', '--strike', '100', '--years', '1', '--rate', '0.05', '--div', '0', '--vol', '0.2'];

describe('alvh price', () => {
  it('--json prints exactly {price, delta, gamma, vegaPerVolPt, thetaPerDay, rhoPerPct}', async () => {
    const r = await runCli([...BSM, '--json']);
    expect(r.code).toBe(0);
    const obj = JSON.parse(r.out) as Record<string, number>;
    expect(Object.keys(obj)).toEqual(['price', 'delta', 'gamma', 'vegaPerVolPt', 'thetaPerDay', 'rhoPerPct']);
    expect(obj, 'same numbers as the library').toEqual(bsmGreeks('call', 100, 100, 1, 0.05, 0, 0.2));
    // Hull's textbook value for this case: 10.4506
    expect(obj.price).toBeCloseTo(10.4506, 4);
  });
  it('prints a table without --json, labelled as modelled', async () => {
    const r = await runCli(['price', '--model', 'black76', '--type', 'put', '--forward', '19', '--strike', '19', '--years', '0.75', '--rate', '0.1', '--vol', '0.28']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/modelled/);
    expect(r.out).toMatch(/price\s+1\.70105/); // Haug's Black-76 example, 1.7011
  });
  it.each([
    [['--strike', 'abc'], '--strike'],
    [['--strike', '-5'], '--strike'],
    [['--years', '-1'], '--years'],
    [['--vol', 'x'], '--vol'],
    [['--vol', '20'], '--vol'],
    [['--rate', '1000'], '--rate'],
    [['--div', '-800'], '--div'],
    [['--rate', 'Infinity'], '--rate'],
    [['--type', 'straddle'], '--type'],
    [['--model', 'heston'], '--model'],
    [['--forward', '100'], '--forward'],
  ])('a bad flag %j exits 2 naming %s', async (override, flag) => {
    const args = [...BSM];
    for (let i = 0; i < override.length; i += 2) {
      const at = args.indexOf(override[i] as string);
      if (at >= 0) args[at + 1] = override[i + 1] as string;
      else args.push(override[i] as string, override[i + 1] as string);
    }
    const r = await runCli(args);
    expect(r.code, r.err).toBe(2);
    expect(r.err, 'one line naming the flag').toMatch(new RegExp(`^alvh: ${flag}`));
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.out).toBe('');
  });
  it('accepts any finite carry: optlib\'s b = -1 case (q = 1.05) and a negative rate, noting a rate or yield above 100%', async () => {
    // dbrojas/optlib tests/test_gbs.py, "valuation works at minimum/maximum values for b" and "for r"
    // (generalized Black-Scholes, Haug's notation: _gbs('p', 100, 100, 1, 0.05, -1, 0.15) = 60.1291675389721).
    const base = ['price', '--model', 'bsm', '--spot', '100', '--strike', '100', '--years', '1', '--vol', '0.15', '--json'];
    const put = await runCli([...base, '--type', 'put', '--rate', '0.05', '--div', '1.05']);
    expect(put.code, put.err).toBe(0);
    expect(put.err).toBe('alvh: note: --div 1.05 is read as a fraction, 105% a year (0.05 = 5%)\n');
    expect(Math.abs((JSON.parse(put.out) as { price: number }).price - 60.1291675389721)).toBeLessThan(1e-12);
    const call = await runCli([...base, '--type', 'call', '--rate', '0.05', '--div', '1.05']);
    expect(Math.abs((JSON.parse(call.out) as { price: number }).price / 1.62505648981223e-11 - 1)).toBeLessThan(1e-12);
    const neg = await runCli([...base, '--type', 'call', '--rate', '-0.01', '--div', '-0.02']);
    expect(neg.code, neg.err).toBe(0);
    expect(neg.err, 'no note for ordinary fractions').toBe('');
    expect(JSON.parse(neg.out), 'same numbers as the library').toEqual(bsmGreeks('call', 100, 100, 1, -0.01, -0.02, 0.15));
  });
  it('an unknown flag (--price belongs to alvh iv) exits 2 naming it', async () => {
    const r = await runCli([...BSM, '--price', '3']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/unknown option '--price'/);
  });
  it('a missing required flag exits 2 naming it', async () => {
    const r = await runCli(['price', '--type', 'call', '--strike', '100', '--years', '1', '--vol', '0.2']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--spot/);
  });
  it('--input: one JSON line per input line, in order; a bad line in the middle gets an error object naming the field', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'alvh-price-'));
    const file = join(dir, 'in.jsonl');
    writeFileSync(file, [
      '{"model":"bsm","type":"call","spot":100,"strike":100,"years":1,"rate":0.05,"div":0,"vol":0.2}',
      '{"model":"bsm","type":"call","spot":100,"strike":100,"years":1,"rate":0.05,"div":0,"vol":"high"}',
      'not json',
      '{"model":"black76","type":"put","forward":19,"strike":19,"years":0.75,"rate":0.1,"vol":0.28}',
      '',
    ].join('\n'));
    const r = await runCli(['price', '--input', file]);
    expect(r.code).toBe(0);
    const lines = r.out.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(4);
    expect(lines[0]?.price).toBeCloseTo(10.4506, 4);
    expect(lines[1]).toEqual({ error: { code: 'invalid_input', message: expect.stringMatching(/^vol: /) as unknown } });
    expect(lines[2]).toEqual({ error: { code: 'invalid_input', message: 'line 3: is not valid JSON' } });
    expect(lines[3]?.price).toBeCloseTo(1.7011, 4);
  });
  it('--input ignores fields it does not need (an id, a market price next to the vol)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'alvh-price-'));
    const file = join(dir, 'extra.jsonl');
    writeFileSync(file, '{"id":"SPX 4500C","model":"bsm","type":"call","spot":100,"strike":100,"years":1,"rate":0.05,"vol":0.2,"price":10.45}\n');
    const r = await runCli(['price', '--input', file]);
    expect(r.code).toBe(0);
    expect((JSON.parse(r.out) as { price: number }).price).toBeCloseTo(10.4506, 4);
  });
  it('--input with another option flag, or an unreadable file, exits 2', async () => {
    expect((await runCli(['price', '--input', '/nonexistent/file.jsonl'])).code).toBe(2);
    const r = await runCli(['price', '--input', 'examples/chain.jsonl', '--strike', '100']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--strike/);
  });
});
