/**
 * Fills at a chain's real bid/ask (issue 8): the exported model chains with their quotes
 * widened, so that the real spread differs from the model's; strikes (chosen on the mids)
 * stay the model's, and every fill moves by exactly the fill's share of the widening.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { daysBetween, type IsoDate } from '../core/time.js';
import { ChainDirectory } from '../adapters/chains/directory.js';
import { runBacktest, defaultNamedPolicies, type EngineBacktestResult } from '../backtest/engine.js';
import { DEFAULT_COST_MODEL, halfSpread, type CostModel } from '../portfolio/costs.js';
import { DEFAULT_CALIBRATION, dayModel } from '../portfolio/marketModel.js';
import { chainDayModel } from '../portfolio/chainDayModel.js';
import { parseCondorConfig } from '../strategy/condor.js';
import { labelTrades } from '../signals/chainLabels.js';
import type { SimTrade } from '../engine/types.js';
import { defaultReality } from '../engine/reality.js';
import { exportModelChains } from './commands/chains.js';
import { loadEmbeddedData } from './engineInputs.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'alvh-fills-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
const FROM = '2024-03-04' as IsoDate;
const TO = '2024-03-08' as IsoDate;
const model = path.join(tmp, 'model');
const wide = path.join(tmp, 'wide');
/** The widened quotes without the mark column: the mid is the midpoint (as in a DataShop file). */
const noMark = path.join(tmp, 'nomark');
/** The widening of each side of the quote, points: SPX and VIX. */
const WIDEN = { spx: 0.3, vix: 0.05 };

type Row = Record<string, string>;
function readCsv(file: string): Row[] {
  const [head, ...lines] = fs.readFileSync(file, 'utf8').trimEnd().split('\n');
  const cols = (head ?? '').split(',');
  return lines.map((l) => Object.fromEntries(l.split(',').map((c, j) => [cols[j] as string, c])));
}
function writeCsv(file: string, rows: readonly Row[]): void {
  const cols = Object.keys(rows[0] ?? {});
  fs.writeFileSync(file, `${[cols.join(','), ...rows.map((r) => cols.map((c) => r[c]).join(','))].join('\n')}\n`);
}
const key = (date: string, type: string, expiry: string, strike: number): string => `${date}|${type}|${expiry}|${strike}`;

/** The widened quotes by contract, and which of them had room to widen on both sides. */
const quotes = new Map<string, { bid: number; ask: number; mid: number; both: boolean }>();

function backtest(dir: string | null, costs: CostModel = DEFAULT_COST_MODEL): EngineBacktestResult {
  const src = dir === null ? null : new ChainDirectory(dir);
  return runBacktest(loadEmbeddedData(), {
    from: FROM,
    to: TO,
    policies: defaultNamedPolicies(['none', 'static10']),
    condor: parseCondorConfig({}),
    notional: 1_000_000,
    costs,
    calib: DEFAULT_CALIBRATION,
    ...(src === null ? {} : { dayModel: (d, i, c) => chainDayModel(dayModel(d, i, c), src) }),
  });
}

beforeAll(() => {
  const req = { from: FROM, to: TO, dir: model, format: 'generic' as const, per: 'day' as const, gzip: false, spxExpiries: 1, spxMonthlyDays: 0, sdReach: 6 };
  exportModelChains({ ...req, root: 'SPX' });
  exportModelChains({ ...req, root: 'VIX', per: 'month' });
  fs.mkdirSync(wide);
  fs.mkdirSync(noMark);
  for (const name of fs.readdirSync(model)) {
    const w = name.startsWith('vix') ? WIDEN.vix : WIDEN.spx;
    const rows = readCsv(path.join(model, name)).map((r) => {
      const bid = Number(r.bid);
      const out: Row = { ...r, bid: String(Math.max(0, bid - w)), ask: String(Number(r.ask) + w) };
      quotes.set(key(r.date as string, r.type as string, r.expiration as string, Number(r.strike)), { bid: Number(out.bid), ask: Number(out.ask), mid: Number(r.mid), both: bid >= w });
      return out;
    });
    writeCsv(path.join(wide, name), rows);
    writeCsv(path.join(noMark, name), rows.map(({ mid: _mid, ...r }) => r));
  }
}, 120_000);

const opens = (r: EngineBacktestResult, name: string): SimTrade[] => (r.policies[name]?.trades ?? []).filter((t) => t.action === 'open');
function quoteOf(t: SimTrade): { bid: number; ask: number; mid: number; both: boolean } {
  const i = t.instrument as { type: string; expiry: string; strike: number };
  const q = quotes.get(key(t.date, i.type, i.expiry, i.strike));
  if (q === undefined) throw new Error(`no quote for ${JSON.stringify(t)}`);
  return q;
}

describe('fills on the chain: a buy at the ask, a sell at the bid', () => {
  it("the export writes the model's own spread: bid/ask = the model mid ∓ the modelled half-spread", () => {
    const vix = loadEmbeddedData();
    const i = vix.daily.dates.indexOf(FROM);
    const volFrac = (vix.daily.vixClose[i] as number) / 100;
    const rows = readCsv(path.join(model, `spx_${FROM}.csv`));
    expect(rows.length).toBeGreaterThan(100);
    // The engine's default slippage: the cost model's formula, 1DTE wings priced $0.25-1 at least 0.075.
    const slippage = defaultReality(DEFAULT_COST_MODEL).slippage;
    let wings = 0;
    for (const r of rows) {
      const mid = Number(r.mid);
      const h = slippage.halfSpreadPts('spxOption', mid, volFrac, { years: daysBetween(FROM, r.expiration as IsoDate) / 365 });
      if (h > halfSpread(DEFAULT_COST_MODEL.spread.spxOption, mid, volFrac)) wings++;
      if (mid >= h) {
        expect(Number(r.bid)).toBeCloseTo(mid - h, 12);
        expect(Number(r.ask)).toBeCloseTo(mid + h, 12);
      } else expect([Number(r.bid), Number(r.ask)]).toEqual([0, expect.closeTo(2 * h, 12)]);
    }
    expect(wings, 'next-day wings quoted wider than the formula').toBeGreaterThan(0);
  });

  it('fill fraction 1: every condor and VIX call fill is the listed ask (buy) or bid (sell), labelled chain', { timeout: 120_000 }, () => {
    const run = backtest(noMark, { ...DEFAULT_COST_MODEL, fillFraction: 1 });
    const trades = [...opens(run, 'none'), ...opens(run, 'static10')];
    expect(trades.filter((t) => t.instrument.kind === 'spxOption').length).toBe(2 * 4 * 5);
    expect(trades.filter((t) => t.instrument.kind === 'vixOption').length).toBeGreaterThan(0);
    for (const t of trades) {
      const q = quoteOf(t);
      expect(t.price, JSON.stringify(t)).toBeCloseTo(t.qty > 0 ? q.ask : q.bid, 12);
      expect(t.source).toBe('chain');
    }
    expect(labelTrades([run.policies.none as { name: string; trades: SimTrade[] }]).shares.none?.all?.share).toBe(1);
  });

  it('the default fraction 0.5: the same strikes, each fill moved by half the widening against the trader', { timeout: 120_000 }, () => {
    const modelled = backtest(null);
    const real = backtest(wide);
    let checked = 0;
    for (const name of ['none', 'static10']) {
      const a = opens(modelled, name);
      const b = opens(real, name);
      expect(b.map((t) => JSON.stringify(t.instrument)), `${name}: the same contracts`).toEqual(a.map((t) => JSON.stringify(t.instrument)));
      a.forEach((t, k) => {
        const u = b[k] as SimTrade;
        if (!quoteOf(u).both) return;
        const w = t.instrument.kind === 'vixOption' ? WIDEN.vix : WIDEN.spx;
        expect(u.price - t.price, JSON.stringify(u)).toBeCloseTo(Math.sign(t.qty) * 0.5 * w, 9);
        expect(modelled.policies[name]?.trades.some((x) => x.source !== undefined), 'a modelled run has no chain fills').toBe(false);
        checked++;
      });
    }
    expect(checked).toBeGreaterThan(20);
    // Wider real quotes cost the seller of condors: the real run ends poorer.
    const last = (r: EngineBacktestResult): number => r.policies.none?.equity.at(-1) ?? Number.NaN;
    expect(last(real)).toBeLessThan(last(modelled));
  });
});
