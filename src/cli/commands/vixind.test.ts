import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from '../testing/run.js';

const WHITE_PAPER = fileURLToPath(new URL('../../pricing/fixtures/vix_white_paper_example.csv', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'alvh-vixind-'));
let n = 0;
function file(text: string): string {
  const p = join(dir, `f${n++}.csv`);
  writeFileSync(p, text);
  return p;
}

let out = '';
let err = '';
/** Runs the CLI; `out` and `err` hold what this run wrote. */
async function run(...args: string[]): Promise<number> {
  const r = await runCli(args);
  ({ out, err } = r);
  return r.code;
}

describe('alvh vix', () => {
  it('reproduces the white-paper VIX as JSON', async () => {
    expect(await run('vix', '--chain', WHITE_PAPER, '--as-of', '2014-05-05T09:46:00-05:00', '--json')).toBe(0);
    const r = JSON.parse(out) as { vix: number; terms: Array<{ expiration: string; years: number; forward: number; k0: number; sigma2: number; strikesUsed: number }> };
    expect(r.vix).toBeCloseTo(13.685821, 5);
    expect(r.terms.map((t) => t.expiration)).toEqual(['2014-05-30T13:30:00.000Z', '2014-06-06T20:00:00.000Z']);
    expect(Object.keys(r.terms[0] ?? {}).sort()).toEqual(['expiration', 'forward', 'k0', 'sigma2', 'strikesUsed', 'years']);
    expect(r.terms[0]?.forward).toBeCloseTo(1962.89996, 5);
    expect(err).toBe('');
  });

  it('prints a readable summary without --json', async () => {
    expect(await run('vix', '--chain', WHITE_PAPER, '--as-of', '2014-05-05T09:46:00-05:00')).toBe(0);
    expect(out).toContain('13.69');
    expect(out).toContain('K0=1960');
  });

  it('--help exits 0 and shows an example', async () => {
    expect(await run('vix', '--help')).toBe(0);
    expect(out).toContain('Example:');
  });

  const HEADER = 'expiration,strike,type,bid,ask,rate\n';
  const OK = '2026-03-01T16:00:00-05:00,100,call,1,1.2,0.03\n';
  it.each([
    ['a bad expiration', `${HEADER}${OK}2026-03-01,100,put,1,1.2,0.03\n`, ':3: expiration'],
    ['a non-number bid', `${HEADER}${OK}2026-03-01T16:00:00-05:00,100,put,abc,1.2,0.03\n`, ':3: bid: not a number'],
    ['a bad type', `${HEADER}${OK}2026-03-01T16:00:00-05:00,100,straddle,1,1.2,0.03\n`, ':3: type'],
    ['ask below bid', `${HEADER}${OK}2026-03-01T16:00:00-05:00,100,put,2,1.2,0.03\n`, ':3: ask'],
    ['two rates for one expiry', `${HEADER}${OK}2026-03-01T16:00:00-05:00,100,put,1,1.2,0.04\n`, ':3: rate'],
    ['a rate in percent', `${HEADER}2026-03-01T16:00:00-05:00,100,put,1,1.2,3.5\n`, ':2: rate'],
    ['a missing column', 'expiration,strike,type,bid,ask\n2026-03-01T16:00:00-05:00,100,put,1,1.2\n', 'no column "rate"'],
    ['a duplicate quote', `${HEADER}${OK}${OK}`, ':3: strike: duplicate call 100'],
    ['a short row', `${HEADER}${OK}2026-03-01T16:00:00-05:00,100\n`, ':3'],
  ])('exits 2 with one line naming file:line and field on %s', async (_why, text, needle) => {
    const f = file(text);
    expect(await run('vix', '--chain', f, '--as-of', '2026-01-30T16:00:00-05:00', '--json')).toBe(2);
    expect(out, 'nothing on stdout').toBe('');
    expect(err.trim().split('\n').length, 'one line').toBe(1);
    expect(err).toContain(f);
    expect(err).toContain(needle);
  });

  it('exits 2 on a missing file, a bad --as-of and a bad --days', async () => {
    expect(await run('vix', '--chain', join(dir, 'nope.csv'), '--as-of', '2026-01-30T16:00:00-05:00')).toBe(2);
    expect(err).toContain('--chain');
    expect(await run('vix', '--chain', WHITE_PAPER, '--as-of', '2014-05-05')).toBe(2);
    expect(err).toContain('--as-of');
    expect(await run('vix', '--chain', WHITE_PAPER, '--as-of', '2014-05-05T09:46:00-05:00', '--days', '0')).toBe(2);
    expect(err).toContain('--days');
  });

  it('exits 2 when no expiry is usable', async () => {
    const f = file(`${HEADER}2026-03-01T16:00:00-05:00,100,call,1,1.2,0.03\n`);
    expect(await run('vix', '--chain', f, '--as-of', '2026-01-30T16:00:00-05:00', '--json')).toBe(2);
    expect(err).toContain('no expiry');
  });
});

describe('alvh indicators', () => {
  const closes = [44.34, 44.09, 44.15, 43.61, 44.33, 44.83, 45.1, 45.42, 45.84, 46.08, 45.89, 46.03, 45.61, 46.28, 46.28];
  const csv = () => file(`DATE,CLOSE\n${closes.map((c, i) => `2026-01-${String(i + 1).padStart(2, '0')},${c}`).join('\n')}\n`);

  it('prints a JSON array, one object per row, null during warm-up', async () => {
    const f = csv();
    expect(await run('indicators', '--csv', f, '--column', 'CLOSE', '--date-column', 'DATE', '--rsi', '14', '--ema', '3', '--macd', '2,3,2', '--json')).toBe(0);
    const rows = JSON.parse(out) as Array<Record<string, unknown>>;
    expect(rows.length).toBe(15);
    expect(Object.keys(rows[0] ?? {})).toEqual(['date', 'value', 'rsi', 'ema', 'macd', 'macdSignal', 'macdHist']);
    expect(rows[0]).toMatchObject({ date: '2026-01-01', value: 44.34, rsi: null, ema: null, macd: null });
    expect(rows[13]?.rsi).toBeNull();
    expect(rows[14]?.rsi as number, 'Wilder/StockCharts example, exact 70.4641').toBeCloseTo(70.4641, 4);
    expect(rows[2]?.ema as number, 'SMA seed of the first three').toBeCloseTo((44.34 + 44.09 + 44.15) / 3, 12);
    expect(rows[2]?.macd, 'MACD(2,3,2) first output at 3+2−2 = 3').toBeNull();
    expect(typeof rows[3]?.macd).toBe('number');
  });

  it('runs on real VIX closes (2025-10-01..2026-01-30): RSI(14) of the last day = 55.3992', async () => {
    // Checked against an independent Wilder RSI written separately (plain loops, TA-Lib seeding).
    const f = fileURLToPath(new URL('../../indicators/fixtures/vix_daily_2025-10_2026-01.csv', import.meta.url));
    expect(await run('indicators', '--csv', f, '--column', 'CLOSE', '--date-column', 'DATE', '--rsi', '14', '--macd', '12,26,9', '--json')).toBe(0);
    const rows = JSON.parse(out) as Array<Record<string, number | string | null>>;
    expect(rows.length).toBe(86);
    expect(rows[85]?.date).toBe('2026-01-30');
    expect(rows[85]?.rsi as number).toBeCloseTo(55.399182, 5);
    expect(rows[32]?.macd, 'MACD(12,26,9) warm-up ends at index 33').toBeNull();
    expect(typeof rows[33]?.macd).toBe('number');
  });

  it('omits date and unrequested outputs', async () => {
    expect(await run('indicators', '--csv', csv(), '--column', 'CLOSE', '--ema', '2', '--json')).toBe(0);
    const rows = JSON.parse(out) as Array<Record<string, unknown>>;
    expect(Object.keys(rows[5] ?? {})).toEqual(['value', 'ema']);
  });

  it('prints a readable table without --json', async () => {
    expect(await run('indicators', '--csv', csv(), '--column', 'CLOSE', '--rsi', '14')).toBe(0);
    const lines = out.trim().split('\n');
    expect(lines.length).toBe(16);
    expect(lines[0]).toMatch(/value\s+rsi/);
    expect(lines[15]).toContain('70.4641');
  });

  it.each([
    ['a missing column', ['--column', 'PRICE'], '--column'],
    ['a bad RSI period', ['--column', 'CLOSE', '--rsi', '0'], '--rsi'],
    ['a bad EMA period', ['--column', 'CLOSE', '--ema', 'x'], '--ema'],
    ['a malformed MACD', ['--column', 'CLOSE', '--macd', '12,26'], '--macd'],
    ['equal MACD periods', ['--column', 'CLOSE', '--macd', '12,12,9'], '--macd'],
  ])('exits 2 with one line on %s', async (_why, args, needle) => {
    expect(await run('indicators', '--csv', csv(), ...args, '--json')).toBe(2);
    expect(out).toBe('');
    expect(err.trim().split('\n').length).toBe(1);
    expect(err).toContain(needle);
  });

  it('exits 2 naming file:line on a non-number cell, and on a missing file', async () => {
    const f = file('DATE,CLOSE\n2026-01-01,10\n2026-01-02,n/a\n');
    expect(await run('indicators', '--csv', f, '--column', 'CLOSE', '--rsi', '2', '--json')).toBe(2);
    expect(err).toContain(`${f}:3: CLOSE: not a number: "n/a"`);
    expect(await run('indicators', '--csv', join(dir, 'missing.csv'), '--column', 'CLOSE')).toBe(2);
    expect(err).toContain('--csv');
  });
});
