/**
 * The layers no chain lists (issue 8): a policy whose L2 holds the VIX-futures ETP and L3 an
 * SPX variance swap, run with `--chains` on the model's own chains, keeps those layers
 * modelled and every report of the run says so (text, JSON, trade CSV, the answer
 * paragraph); its VIX options and condor legs are the chains'. The run's parsed chain files
 * are kept under the home's cache: a second run reads them from there and gives the same
 * answer.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IsoDate } from '../core/time.js';
import { ALTERNATIVES_MODELLED } from '../market/chainQuotes.js';
import { coverageOfName } from '../adapters/chains/directory.js';
import { exportModelChains } from './commands/chains.js';
import { runCli } from './testing/run.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'alvh-chains-alt-'));
const home = path.join(tmp, 'home');
const savedHome = process.env.ALVH_HOME;
afterAll(() => {
  if (savedHome === undefined) delete process.env.ALVH_HOME;
  else process.env.ALVH_HOME = savedHome;
  fs.rmSync(tmp, { recursive: true, force: true });
});
// The VIX spike of August 2024: the alternative layers trade.
const FROM = '2024-08-01' as IsoDate;
const TO = '2024-08-09' as IsoDate;
const dir = path.join(tmp, 'chains');
const policy = path.join(process.cwd(), 'examples', 'policies', 'alvh-alternatives.yaml');
const args = ['backtest', '--from', FROM, '--to', TO, '--policy-file', `alt=${policy}`, '--policies', 'alt', '--quiet'];

beforeAll(() => {
  fs.mkdirSync(home);
  process.env.ALVH_HOME = home;
  const req = { from: FROM, to: TO, dir, format: 'generic' as const, per: 'day' as const, gzip: false, spxExpiries: 1, spxMonthlyDays: 0, sdReach: 6 };
  exportModelChains({ ...req, root: 'SPX' });
  exportModelChains({ ...req, root: 'VIX' });
}, 120_000);

interface Json {
  chains: { modelledAlternatives: Record<string, number>; realShare: Record<string, Record<string, { share: number | null }>> };
  policies: { alt: { equity: [string, number][] } };
}

describe('ETP and variance-swap layers on a run with --chains', () => {
  it('stay modelled, and the JSON, the text, the answer and the trade CSV say so', { timeout: 120_000 }, async () => {
    const j = await runCli([...args, '--chains', dir, '--json', '-']);
    expect(j.code, j.err).toBe(0);
    const run = JSON.parse(j.out) as Json;
    const alt = run.chains.modelledAlternatives.alt ?? 0;
    expect(alt, 'ETP and variance-swap trades of the run').toBeGreaterThan(0);
    expect(run.chains.realShare.alt?.all?.share, 'the option fills: all from the chains').toBe(1);
    const plain = JSON.parse((await runCli([...args, '--json', '-'])).out) as Json;
    expect(run.policies.alt.equity.at(-1)?.[1], "the model's own chains: the modelled result").toBeCloseTo(plain.policies.alt.equity.at(-1)?.[1] ?? Number.NaN, 2);

    const csv = path.join(tmp, 'csv');
    const t = await runCli([...args, '--chains', dir, '--csv', csv]);
    expect(t.code, t.err).toBe(0);
    expect(t.out).toContain(`the model elsewhere. ${ALTERNATIVES_MODELLED}`);
    expect(t.out).toContain(`ETP and variance-swap trades, modelled: alt ${alt}`);
    expect(t.out.match(/Answer:.*$/m)?.[0]).toContain(ALTERNATIVES_MODELLED);
    const [head, ...rows] = fs.readFileSync(path.join(csv, 'alt-trades.csv'), 'utf8').trimEnd().split('\n');
    const cols = (head ?? '').split(',');
    const source = (r: string): { instrument: string; action: string; src: string } => {
      const c = r.split(',');
      return { instrument: c[cols.indexOf('instrument')] ?? '', action: c[cols.indexOf('action')] ?? '', src: c[cols.indexOf('price_source')] ?? '' };
    };
    const alts = rows.map(source).filter((r) => r.instrument === 'etp' || r.instrument === 'varianceSwap');
    expect(alts.length).toBe(alt);
    expect(new Set(alts.map((r) => r.src)), 'ETP and variance-swap trades').toEqual(new Set(['model']));
    const opens = rows.map(source).filter((r) => (r.instrument === 'spxOption' || r.instrument === 'vixOption') && r.action !== 'settle');
    expect(new Set(opens.map((r) => r.src)), 'option trades').toEqual(new Set(['chain']));
  });

  it('a second run reads the parsed chain files from the home cache, with the same answer', { timeout: 120_000 }, async () => {
    const first = await runCli([...args, '--chains', dir, '--json', '-']);
    const cached = fs.readdirSync(path.join(home, 'cache', 'chains'));
    expect(cached.length, 'one parsed copy per day (its SPX and VIX files)').toBe(new Set(fs.readdirSync(dir).map(coverageOfName)).size);
    const second = await runCli([...args, '--chains', dir, '--json', '-']);
    expect(second.out).toBe(first.out);
  });
});
