/**
 * Which prices of a run were real (issue 8, mixed mode): every option fill of the trade
 * lists is labelled `chain` when the engine filled it on a chain's bid/ask (the trade's
 * `source`), else `model`; settlements come from the index data (`index`); the alternative
 * instruments (ETP, variance swap) are always modelled. The share of real fills per policy and year is
 * what every report states, so that a run never mixes sources silently.
 */
import type { SimTrade } from '../engine/types.js';

export type PriceSource = 'chain' | 'model' | 'index';

export interface RealShare {
  /** Option fills priced from the chain, and all option fills. */
  readonly chainFills: number;
  readonly fills: number;
  /** chainFills / fills (null without fills). */
  readonly share: number | null;
}

export interface ChainLabels {
  /** Per policy (by run name), the label of each trade, in the order of its trade list. */
  readonly labels: Readonly<Record<string, readonly PriceSource[]>>;
  /** Per policy, per year (YYYY) and over the whole run ('all'). */
  readonly shares: Readonly<Record<string, Readonly<Record<string, RealShare>>>>;
  /** Per policy, its trades of the ETP and variance-swap layers (no listed chain: always modelled). */
  readonly modelledAlternatives: Readonly<Record<string, number>>;
}

/** Labels every trade of the runs by where its price came from. */
export function labelTrades(runs: readonly { readonly name: string; readonly trades: readonly SimTrade[] }[]): ChainLabels {
  const all: { run: number; k: number; t: SimTrade }[] = [];
  runs.forEach((r, run) => r.trades.forEach((t, k) => all.push({ run, k, t })));
  const labels: PriceSource[][] = runs.map((r) => new Array<PriceSource>(r.trades.length).fill('model'));
  const counts: Map<string, { chainFills: number; fills: number }>[] = runs.map(() => new Map());
  const bump = (run: number, key: string, real: boolean): void => {
    const m = counts[run] as Map<string, { chainFills: number; fills: number }>;
    const c = m.get(key) ?? { chainFills: 0, fills: 0 };
    c.fills++;
    if (real) c.chainFills++;
    m.set(key, c);
  };
  for (const { run, k, t } of all) {
    let label: PriceSource = 'model';
    if (t.action === 'settle') label = 'index';
    else if (t.instrument.kind === 'spxOption' || t.instrument.kind === 'vixOption') {
      label = t.source === 'chain' ? 'chain' : 'model';
      bump(run, t.date.slice(0, 4), label === 'chain');
      bump(run, 'all', label === 'chain');
    }
    (labels[run] as PriceSource[])[k] = label;
  }
  const shares: Record<string, Record<string, RealShare>> = {};
  runs.forEach((r, run) => {
    const out: Record<string, RealShare> = {};
    for (const [key, c] of [...(counts[run] as Map<string, { chainFills: number; fills: number }>)].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
      out[key] = { chainFills: c.chainFills, fills: c.fills, share: c.fills === 0 ? null : c.chainFills / c.fills };
    }
    shares[r.name] = out;
  });
  const byName: Record<string, PriceSource[]> = {};
  runs.forEach((r, run) => (byName[r.name] = labels[run] as PriceSource[]));
  const modelledAlternatives: Record<string, number> = {};
  for (const r of runs) modelledAlternatives[r.name] = r.trades.filter((t) => t.instrument.kind === 'etp' || t.instrument.kind === 'varianceSwap').length;
  return { labels: byName, shares, modelledAlternatives };
}
