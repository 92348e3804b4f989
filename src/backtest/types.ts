/**
 * The result shape the backtest loop fills: one shared calendar and market series, and per
 * policy typed arrays aligned with it (index i = trading day `dates[i]`, end of day).
 * Everything in dollars unless the name says otherwise. Allocation-light: arrays are
 * allocated once per run (`allocatePolicyRun`) and written in place by the loop.
 */
import { InvariantError } from '../core/errors.js';
import type { IsoDate } from '../core/time.js';
import type { Instrument } from '../portfolio/instruments.js';
import { allocateRunArrays, NO_REGIME } from '../engine/runArrays.js';

export const POLICY_NAMES = ['none', 'static10', 'alvh', 'vxth'] as const;
export type PolicyName = (typeof POLICY_NAMES)[number];

export const LAYERS = ['L1', 'L2', 'L3'] as const;
export type Layer = (typeof LAYERS)[number];

/** Daily P&L tags. condor/L1/L2/L3 are gross of commissions and exchange fees (the spread
 * cost is in the fill prices, hence in these); `fees` holds all commissions and fees
 * (<= 0); `cash` is the interest on cash. Their sum is the day's equity change. */
export const PNL_TAGS = ['condor', 'L1', 'L2', 'L3', 'cash', 'fees'] as const;
export type PnlTag = (typeof PNL_TAGS)[number];

/** Regime codes stored per day (Uint8Array). */
export const REGIMES = ['low', 'moderate', 'high'] as const;
export type Regime = (typeof REGIMES)[number];

import type { ExposureBasis } from '../hedge/policy.js';
export type { ExposureBasis };

/** One fill or settlement, for the trade list and its golden hash. */
export interface Trade {
  readonly date: IsoDate;
  readonly tag: 'condor' | Layer;
  readonly action: 'open' | 'close' | 'settle';
  readonly instrument: Instrument;
  /** Signed contracts (+ bought, − sold); for a settlement, the position settled. */
  readonly qty: number;
  /** Fill price or settlement value per unit (points). */
  readonly price: number;
  /** Commissions + exchange fees paid, cents (>= 0). */
  readonly feesCents: number;
}

export interface PolicyRun {
  readonly policy: string;
  /** End-of-day account equity (cash + marked positions), dollars. */
  readonly equity: Float64Array;
  /** Daily P&L by tag, dollars (Σ tags = equity[i] − equity[i−1]; day 0 is 0). */
  readonly pnl: Readonly<Record<PnlTag, Float64Array>>;
  /** Regime code per day (index into REGIMES); 255 = no regime (e.g. `none`). */
  readonly regime: Uint8Array;
  /** Hedge exposure per layer at the close, as a fraction of condor notional (policy basis). */
  readonly exposure: Readonly<Record<Layer, Float64Array>>;
  /** Premium paid to buy hedges plus their commissions and fees, dollars (>= 0). */
  readonly hedgeSpend: Float64Array;
  /** Credit received for the condors opened that day, dollars (>= 0). */
  readonly condorCredit: Float64Array;
  /** Market value of the open hedge positions at the close, dollars (capital tied up in hedges). */
  readonly hedgeValue: Float64Array;
  /** Net hedge cash flow of the day, dollars (+ received): sales + settlements − purchases − hedge fees. */
  readonly hedgeCashFlow: Float64Array;
  /** Condors sold that day (fractional units by default; 0 when none). */
  readonly condorContracts: Float64Array;
  /** 1 on the days the condor rules allowed a trade (a quoted condor), else 0. */
  readonly condorEligible: Uint8Array;
  /** The first day equity was 0 or below (the program stopped); null or absent if never. */
  readonly ruinedOn?: IsoDate | null;
  /** Fixed condor capital of a fixed-notional run (returns are measured on it); null or absent when sizes follow equity. */
  readonly fixedCapitalUsd?: number | null;
  /** The policy's exposure basis (null or absent: no hedge). */
  readonly basis?: ExposureBasis | null;
  readonly trades: Trade[];
}

export interface MarketSeries {
  /** SPX close. */
  readonly spx: Float64Array;
  /** VIX close, points. */
  readonly vix: Float64Array;
  /** 13-week T-bill rate, continuously compounded fraction. */
  readonly tbillRateFrac: Float64Array;
}

export interface BacktestResult {
  readonly from: IsoDate;
  readonly to: IsoDate;
  /** Starting condor notional (capital), dollars. */
  readonly notional: number;
  readonly basis: ExposureBasis;
  readonly dates: readonly IsoDate[];
  readonly market: MarketSeries;
  readonly policies: Readonly<Record<string, PolicyRun>>;
  /** Extra notes for the report (what is modelled, data gaps), in plain language. */
  readonly notes: readonly string[];
}

export { NO_REGIME };

/** Allocates the arrays of one policy run for `n` days (zeros; regime = NO_REGIME). */
export function allocatePolicyRun(policy: string, n: number): PolicyRun {
  return { policy, ...allocateRunArrays(n), trades: [] };
}

/** Hedge P&L of a day: L1 + L2 + L3 (gross of fees). */
export function hedgePnlAt(run: PolicyRun, i: number): number {
  return (run.pnl.L1[i] ?? 0) + (run.pnl.L2[i] ?? 0) + (run.pnl.L3[i] ?? 0);
}

/**
 * Checks the shape and the accounting identity of a result: every array has the calendar's
 * length, dates strictly increase, and Σ tags == equity change each day within `tolUsd`.
 */
export function validateResult(r: BacktestResult, tolUsd = 0.005): void {
  const n = r.dates.length;
  if (n === 0) throw new InvariantError('backtest result: empty calendar');
  for (let i = 1; i < n; i++) {
    if ((r.dates[i] ?? '') <= (r.dates[i - 1] ?? '')) throw new InvariantError(`backtest result: dates not increasing at ${i}`);
  }
  for (const [k, a] of Object.entries(r.market)) if (a.length !== n) throw new InvariantError(`backtest result: market.${k} has ${a.length} values for ${n} dates`);
  for (const [name, run] of Object.entries(r.policies)) {
    const arrays: [string, ArrayLike<number>][] = [
      ['equity', run.equity],
      ['regime', run.regime],
      ['hedgeSpend', run.hedgeSpend],
      ['condorCredit', run.condorCredit],
      ['hedgeValue', run.hedgeValue],
      ...PNL_TAGS.map((t): [string, ArrayLike<number>] => [`pnl.${t}`, run.pnl[t]]),
      ...LAYERS.map((l): [string, ArrayLike<number>] => [`exposure.${l}`, run.exposure[l]]),
    ];
    for (const [k, a] of arrays) if (a.length !== n) throw new InvariantError(`backtest result: ${name}.${k} has ${a.length} values for ${n} dates`);
    for (let i = 1; i < n; i++) {
      let s = 0;
      for (const t of PNL_TAGS) s += run.pnl[t][i] ?? 0;
      const d = (run.equity[i] ?? 0) - (run.equity[i - 1] ?? 0);
      if (!(Math.abs(s - d) <= tolUsd)) throw new InvariantError(`backtest result: ${name} on ${r.dates[i] ?? ''}: P&L tags sum to ${s}, equity moved ${d}`);
    }
  }
}
