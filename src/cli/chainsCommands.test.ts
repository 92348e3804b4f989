/**
 * `--chains DIR` on `alvh signal` and `alvh scenario`, and `--calibration FILE` on the
 * commands that price with the model (issue 8): the model's own chains reproduce the
 * modelled signal and scenario and are labelled real; quotes that differ from the model move
 * the fills and the ticket's limits; a calibration file changes the prices and is named; a
 * bad calibration file exits 2 naming the file and the field.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IsoDate } from '../core/time.js';
import { DEFAULT_CALIBRATION, parseCalibration } from '../pricing/calibration.js';
import { quoteOption } from '../portfolio/quote.js';
import type { DailySignal } from '../signals/daily.js';
import type { PublishedSignal } from '../signals/today.js';
import { exportModelChains } from './commands/chains.js';
import { loadEmbeddedData } from './engineInputs.js';
import { runCli } from './testing/run.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'alvh-chains-cmd-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
const FROM = '2024-01-02' as IsoDate;
const DAY = '2024-01-05' as IsoDate;
const model = path.join(tmp, 'model');
const wide = path.join(tmp, 'wide');
const gap = path.join(tmp, 'gap');
const calFile = path.join(tmp, 'calibration.json');

/** Each quote of the model's chains widened by `w` points on both sides (mark kept). */
function widen(from: string, to: string, w: number): void {
  fs.mkdirSync(to);
  for (const name of fs.readdirSync(from)) {
    const [head, ...lines] = fs.readFileSync(path.join(from, name), 'utf8').trimEnd().split('\n');
    const cols = (head ?? '').split(',');
    const b = cols.indexOf('bid');
    const a = cols.indexOf('ask');
    const out = lines.map((l) => {
      const c = l.split(',');
      c[b] = String(Math.max(0, Number(c[b]) - w));
      c[a] = String(Number(c[a]) + w);
      return c.join(',');
    });
    fs.writeFileSync(path.join(to, name), `${[head, ...out].join('\n')}\n`);
  }
}

beforeAll(async () => {
  const req = { from: FROM, to: DAY, dir: model, format: 'generic' as const, per: 'day' as const, gzip: false, spxExpiries: 2, spxMonthlyDays: 0, sdReach: 6 };
  exportModelChains({ ...req, root: 'SPX' });
  exportModelChains({ ...req, root: 'VIX' });
  widen(model, wide, 0.2);
  fs.cpSync(model, gap, { recursive: true });
  fs.rmSync(path.join(gap, `spx_${DAY}.csv`));
  fs.rmSync(path.join(gap, `vix_${DAY}.csv`));
  const fit = await runCli(['calibrate', '--chains', wide, '--fit', '--out', calFile]);
  expect(fit.code, fit.err).toBe(0);
}, 180_000);

async function json<T>(args: string[]): Promise<T> {
  const r = await runCli(args);
  expect(r.code, r.err).toBe(0);
  return JSON.parse(r.out) as T;
}

describe('alvh signal --chains', () => {
  it("on the model's own chains: the modelled signal, every price of the day labelled real", async () => {
    const modelled = await json<DailySignal>(['signal', '--date', DAY, '--json']);
    const real = await json<DailySignal>(['signal', '--date', DAY, '--chains', model, '--json']);
    expect(modelled.prices, 'a modelled signal carries no price labels').toBeUndefined();
    expect(real.condor.legs).toEqual(modelled.condor.legs);
    expect(real.condor.creditPerContract).toBeCloseTo(modelled.condor.creditPerContract ?? Number.NaN, 6);
    expect(real.hedge.layers.map((l) => [l.position, l.contracts])).toEqual(modelled.hedge.layers.map((l) => [l.position, l.contracts]));
    expect(real.prices?.condorLegs).toEqual(['chain', 'chain', 'chain', 'chain']);
    expect(real.prices?.optionFills.chain).toBe(real.prices?.optionFills.all);
    expect(real.prices?.from[0]).toContain(model);
  });

  it('on wider real quotes: the same strikes, a smaller credit (sold at the real bids)', async () => {
    const modelled = await json<DailySignal>(['signal', '--date', DAY, '--json']);
    const real = await json<DailySignal>(['signal', '--date', DAY, '--chains', wide, '--json']);
    expect(real.condor.legs.map((l) => l.strike)).toEqual(modelled.condor.legs.map((l) => l.strike));
    // Four legs, each 0.5 × 0.2 points worse (a leg whose modelled bid is under 0.2 widens less): at most 40 USD less per condor.
    const less = (modelled.condor.creditPerContract ?? 0) - (real.condor.creditPerContract ?? 0);
    expect(less).toBeGreaterThan(20);
    expect(less).toBeLessThanOrEqual(40 + 1e-6);
  });

  it('a day the chains lack: the model prices it and the signal says none of its prices were real', async () => {
    const r = await runCli(['signal', '--date', DAY, '--chains', gap]);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/Signal for 2024-01-05 \(policy alvh, 0 of \d+ option fills of the day on real quotes, condor legs modelled\/modelled\/modelled\/modelled\)/);
  });

  it('the ticket: limits on the real bid/ask, each order labelled chain', async () => {
    const home = path.join(tmp, 'home');
    const modelled = await json<PublishedSignal>(['signal', '--home', path.join(tmp, 'home-model'), '--date', DAY, '--json']);
    const ticketFile = path.join(tmp, 'ticket.csv');
    const real = await json<PublishedSignal>(['signal', '--home', home, '--date', DAY, '--chains', wide, '--ticket', ticketFile, '--json']);
    const orders = real.ticket.orders;
    expect(orders.length).toBeGreaterThan(4);
    expect(orders.every((o) => o.priceSource === 'chain')).toBe(true);
    const [head, ...rows] = fs.readFileSync(ticketFile, 'utf8').trimEnd().split('\n');
    const col = (head ?? '').split(',').indexOf('priceSource');
    expect(rows.map((r) => r.split(',')[col]), 'the ticket CSV says chain on every option row').toEqual(orders.map(() => 'chain'));
    expect(modelled.ticket.orders.some((o) => o.priceSource !== undefined)).toBe(false);
    // The short put: sold 0.5 × 0.2 below the modelled limit, on the 0.05 tick.
    const put = (t: PublishedSignal) => t.ticket.orders.find((o) => o.action === 'SELL_TO_OPEN' && o.type === 'put');
    expect((put(modelled)?.limitPts ?? 0) - (put(real)?.limitPts ?? 0)).toBeCloseTo(0.1, 1);
    const text = await runCli(['signal', '--home', home, '--date', DAY]);
    expect(text.out).toContain(`REAL end-of-day quotes for ${orders.length} of ${orders.length} option orders`);
  });
});

describe('alvh backtest --chains', () => {
  it('the report gives the share of real fills per policy and year, and the day the chains lack', async () => {
    const report = path.join(tmp, 'gap.html');
    const j = await json<{ chains: { missingDays: string[]; realShare: Record<string, Record<string, { chainFills: number; fills: number; share: number }>> } }>(['backtest', '--from', FROM, '--to', DAY, '--policies', 'alvh,none', '--chains', gap, '--json', '-', '--report', report, '--quiet']);
    expect(j.chains.missingDays, 'the removed day').toEqual([DAY]);
    const alvh = j.chains.realShare.alvh?.['2024'];
    if (alvh === undefined) throw new Error('no 2024 share for alvh');
    expect(alvh.chainFills, 'some fills real').toBeGreaterThan(0);
    expect(alvh.chainFills, 'the missing day modelled').toBeLessThan(alvh.fills);
    const html = fs.readFileSync(report, 'utf8');
    expect(html).toContain('Option prices: real where your chains list them, modelled elsewhere');
    expect(html).not.toContain('<h2 id="modelled-h">Option prices are modelled</h2>');
    const table = html.slice(html.indexOf('id="price-sources-table"'), html.indexOf('</table>', html.indexOf('id="price-sources-table"')));
    for (const name of ['alvh', 'none']) {
      const s = j.chains.realShare[name]?.['2024'];
      expect(table, name).toMatch(new RegExp(`<tr data-policy="${name}"><th scope="row">${name}</th><td data-year="2024" data-value="${String(s?.share)}" title="${s?.chainFills} of ${s?.fills} option fills">`));
    }
    expect(html).toContain(`1 trading day(s) had no quotes in the directory and are priced by the model: ${DAY}.`);
  });
});

describe('alvh scenario --chains', () => {
  it("on the model's own chains: the modelled grid, today's marks labelled real", async () => {
    const args = ['scenario', '--home', path.join(tmp, 'home-scn'), '--date', DAY, '--horizon', 'expiry', '--spx-moves', '-2:2:2', '--vix', '13,20', '--json'];
    const modelled = await json<{ totalPnlUsd: number[][]; notes: string[]; prices?: unknown }>(args);
    const real = await json<{ totalPnlUsd: number[][]; notes: string[]; prices: { listedPositions: number; optionPositions: number } }>([...args, '--chains', model]);
    expect(modelled.prices).toBeUndefined();
    real.totalPnlUsd.forEach((row, i) => row.forEach((x, j) => expect(x).toBeCloseTo(modelled.totalPnlUsd[i]?.[j] ?? Number.NaN, 4)));
    expect(real.prices.optionPositions).toBeGreaterThanOrEqual(4);
    expect(real.prices.listedPositions).toBe(real.prices.optionPositions);
    const missing = await json<{ notes: string[]; prices: { listedPositions: number } }>([...args, '--chains', gap]);
    expect(missing.prices.listedPositions).toBe(0);
    expect(missing.notes.join(' ')).toContain('the chains have no quotes of 2024-01-05');
  });
});

describe('--calibration FILE', () => {
  const cal = (): ReturnType<typeof parseCalibration> => parseCalibration(JSON.parse(fs.readFileSync(calFile, 'utf8')), calFile);

  it('the file of calibrate --chains --fit --out differs from the committed smile', () => {
    expect(cal().smile).not.toEqual(DEFAULT_CALIBRATION.smile);
  });

  it('quote: the prices of that calibration, and the file named on stderr', async () => {
    const input = path.join(tmp, 'q.jsonl');
    const req = { date: '2024-01-05', root: 'SPX', type: 'put', expiration: '2024-01-19', strike: 4500 } as const;
    fs.writeFileSync(input, `${JSON.stringify(req)}\n`);
    const r = await runCli(['quote', '--input', input, '--calibration', calFile]);
    expect(r.code, r.err).toBe(0);
    const got = JSON.parse(r.out) as { mid: number };
    const data = loadEmbeddedData();
    const q = { ...req, date: req.date as IsoDate, expiration: req.expiration as IsoDate };
    expect(got.mid).toBeCloseTo(quoteOption(data, q, cal()).mid, 9);
    expect(Math.abs(got.mid - quoteOption(data, q).mid)).toBeGreaterThan(1e-6);
    expect(r.err).toContain(`Model calibration from ${calFile}`);
  });

  it('backtest, signal, scenario and replicate say which calibration they priced with', async () => {
    const bt = await runCli(['backtest', '--from', FROM, '--to', DAY, '--policies', 'none', '--calibration', calFile]);
    expect(bt.out).toContain(`Model calibration from ${calFile} (not the committed one).`);
    const btJson = await json<{ calibration: string; policies: { none: { equity: [string, number][] } } }>(['backtest', '--from', FROM, '--to', DAY, '--policies', 'none', '--calibration', calFile, '--json', '-']);
    const plain = await json<{ calibration?: string; policies: { none: { equity: [string, number][] } } }>(['backtest', '--from', FROM, '--to', DAY, '--policies', 'none', '--json', '-']);
    expect(btJson.calibration).toBe(calFile);
    expect(plain.calibration).toBeUndefined();
    expect(btJson.policies.none.equity.at(-1)?.[1]).not.toBe(plain.policies.none.equity.at(-1)?.[1]);
    const sig = await json<DailySignal>(['signal', '--date', DAY, '--calibration', calFile, '--json']);
    expect(sig.prices?.from).toEqual([`Model calibration from ${calFile} (not the committed one).`]);
    expect(sig.prices?.condorLegs).toEqual(['model', 'model', 'model', 'model']);
    const scn = await runCli(['scenario', '--home', path.join(tmp, 'home-scn2'), '--date', DAY, '--calibration', calFile]);
    expect(scn.out).toContain(`Note: Model calibration from ${calFile}`);
    const rep = await json<{ calibration: string }>(['replicate', 'put', '--from', '2004-01-02', '--to', '2004-03-31', '--calibration', calFile, '--json']);
    expect(rep.calibration).toBe(calFile);
  });

  it('a bad file: exit 2, one line naming the file and the field', async () => {
    const bad = path.join(tmp, 'bad.json');
    const c = JSON.parse(fs.readFileSync(calFile, 'utf8')) as { smile: Record<string, unknown> };
    c.smile.psi = -1;
    fs.writeFileSync(bad, JSON.stringify(c));
    const notJson = path.join(tmp, 'notjson.json');
    fs.writeFileSync(notJson, '{"version": 1,');
    for (const [args, message] of [
      [['backtest', '--from', FROM, '--to', DAY, '--calibration', bad], `--calibration ${bad}: smile.psi:`],
      [['signal', '--date', DAY, '--calibration', bad], `--calibration ${bad}: smile.psi:`],
      [['replicate', 'put', '--calibration', notJson], `--calibration: ${notJson}: not valid JSON`],
      [['scenario', '--home', path.join(tmp, 'home-bad'), '--calibration', path.join(tmp, 'missing.json')], '--calibration'],
    ] as const) {
      const r = await runCli([...args]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.err).toContain(message);
      expect(r.err.trimEnd().split('\n'), r.err).toHaveLength(1);
      expect(r.out).toBe('');
    }
  });
});
