import { describe, expect, it } from 'vitest';
import { isoDate } from '../core/time.js';
import { DEFAULT_COST_MODEL } from '../portfolio/costs.js';
import { DEFAULT_CALIBRATION, dayModel } from '../portfolio/marketModel.js';
import { indexOfDate } from '../market/series.js';
import { parseCondorConfig } from '../strategy/condor.js';
import { parsePolicy } from '../hedge/index.js';
import { embedded } from '../cli/testing/engine.js';
import { etpLevels, splitFactorSince } from '../engine/etpLevel.js';
import { instrumentSymbol } from './ticket.js';
import { signalTargetBook, todaySignal, type LiveHolding } from './today.js';
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';

/** examples/policies/alvh-alternatives.yaml: L2 holds the modelled VIX30D ETP, L3 a 30-day SPX variance swap. */
const policy = parsePolicy(parseYaml(readFileSync(new URL('../../examples/policies/alvh-alternatives.yaml', import.meta.url), 'utf8')));
const request = (date: string): Parameters<typeof todaySignal>[0] => ({
  data: embedded(),
  date: isoDate(date),
  policy: { name: 'alvh', policy },
  condor: parseCondorConfig({ notionalMode: 'fixed' }),
  calib: DEFAULT_CALIBRATION,
  notional: 100_000,
  costs: DEFAULT_COST_MODEL,
});

describe('today with the alternative instruments (embedded data, examples/policies/alvh-alternatives.yaml)', () => {
  it('2025-04-08 from a flat book: buys 140 VIX30D at 81.55 and 4 units of the 2025-05-05 variance swap at 53.48 vol', () => {
    const r = todaySignal(request('2025-04-08'), []);
    const s = r.signal;
    expect(signalTargetBook(s).map((p) => [p.layer, instrumentSymbol(p.instrument), p.qty])).toEqual([
      ['L1', 'VIX 2025-05-21 29 C', 7],
      ['L2', 'VIX30D', 140],
      ['L3', 'SPX VARSWAP 2025-05-05', 4],
    ]);
    // The ticket's ETP mid is the backtest's own share price: its L2 value / shares.
    const l2 = s.hedge.layers.find((l) => l.name === 'L2');
    const level = etpLevels(embedded(), isoDate('2025-04-08'), DEFAULT_CALIBRATION).level.at(-1) as number;
    expect(level, 'the replayed level is the backtest’s (its L2 value / 140 shares, value rounded to the cent)').toBeCloseTo((l2?.cost ?? 0) / 140, 4);
    expect(r.ticket.altOrders).toEqual([
      // 81.53 + 0.5 × 0.0005 × 81.53 = 81.550 → 81.55; 140 × 81.55.
      { kind: 'etp', action: 'BUY_TO_OPEN', symbol: 'VIX30D', qty: 140, midPts: 81.53, limitPts: 81.55, tickPts: 0.01, maturity: null, vegaNotionalUsd: null, amountUsd: 11417, layer: 'L2', purpose: 'open' },
      // The model's SPX vol to 2025-05-05 (27 days), 53.16, + 0.5 × max(0.25, 0.5316) × (1 + 0.5233 − 0.3) = 53.48; vega 2 × 53.48 × 4.
      { kind: 'varianceSwap', action: 'BUY_TO_OPEN', symbol: 'SPX VARSWAP 2025-05-05', qty: 4, midPts: 53.16, limitPts: 53.48, tickPts: 0.01, maturity: '2025-05-05', vegaNotionalUsd: 427.84, amountUsd: null, layer: 'L3', purpose: 'open' },
    ]);
    const m = dayModel(embedded(), indexOfDate(embedded().daily, isoDate('2025-04-08')), DEFAULT_CALIBRATION);
    expect(Math.sqrt(m.spxVariance(30 / 365)) * 100, 'a 30-day swap is struck at the VIX close (52.33): the model is consistent with the index').toBeCloseTo(52.33, 6);
    expect(r.book.map((p) => [p.layer, p.instrumentKey, p.qty, p.entryPrice])).toEqual([
      ['L1', 'VIX 2025-05-21 29 C', 7, 7.65],
      ['L2', 'VIX30D', 140, 81.55],
      ['L3', 'SPX VARSWAP 2025-05-05', 4, 53.48],
    ]);
  });

  it('counts ETP shares held before the modelled index’s 1-for-4 reverse split of 2026-01-09 as the shares after it', () => {
    const live: LiveHolding[] = [{ layer: 'L2', instrumentKey: 'VIX30D', instrument: { kind: 'etp', symbol: 'VIX30D', expiry: null, multiplier: 1, asOf: '2026-01-08' }, qty: 401, entryPrice: 26 }];
    const r = todaySignal(request('2026-01-09'), live);
    expect(r.ticket.notes).toContain('VIX30D (L2): the modelled index reverse-split 1-for-4 since 2026-01-08: the 401 shares held count as 100.');
    const want = signalTargetBook(r.signal).find((p) => p.layer === 'L2')?.qty ?? 0;
    const etpOrder = r.ticket.altOrders.find((o) => o.kind === 'etp');
    expect(etpOrder === undefined ? 0 : (etpOrder.action.startsWith('BUY') ? 1 : -1) * etpOrder.qty, 'the order goes from 100 shares, not 401').toBe(want - 100);
    // The short replay from a recorded level (what the signal stores with the shares) finds the same split.
    const short = etpLevels(embedded(), isoDate('2026-01-09'), DEFAULT_CALIBRATION, isoDate('2026-01-08'), 25.34823304997171);
    expect(splitFactorSince(short, isoDate('2026-01-08'))).toBe(4);
    expect(short.level[1], 'and the same level as the replay from 1990 (99.6225)').toBeCloseTo(99.62249716942326, 9);
    expect(r.book.find((p) => p.layer === 'L2')?.instrument, 'the recorded ETP holding carries its level for the next day').toMatchObject({ kind: 'etp', asOf: '2026-01-09', levelAsOf: short.level[1] });
  });
});
