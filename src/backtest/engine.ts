/**
 * `runBacktest`: every policy over the same range, on the same condor trades, through the
 * shared simulation kernel (engine/dayLoop.ts, which the daily signal runs too), packed
 * into the book's `BacktestResult`. Pure: no I/O, no clock; the same inputs give the same
 * result, bit for bit.
 *
 * Choices (see docs/guide/engine.md):
 * - The condor schedule (strikes, fills, per-contract credit and max loss) is computed once
 *   per day and shared; each policy sizes it on its own condor notional (its equity by
 *   default, so a policy that hedges well also sells more condors afterwards).
 * - Day 0's P&L is measured from the starting capital (the first condor's spread and fees
 *   show on day 0).
 */
import type { IsoDate } from '../core/time.js';
import type { MarketData } from '../market/types.js';
import type { ModelCalibration } from '../portfolio/marketModel.js';
import type { CostModel } from '../portfolio/costs.js';
import { defaultPolicy, type HedgePolicy, type PolicyKind } from '../hedge/index.js';
import type { CondorConfig } from '../strategy/condor.js';
import { simulate } from '../engine/dayLoop.js';
import type { EngineRun, NamedPolicy, SimulationConfig, SimulationResult } from '../engine/types.js';
import type { BacktestResult, ExposureBasis, PolicyRun } from './types.js';

export type { NamedPolicy, EngineRun } from '../engine/types.js';

export interface BacktestConfig {
  readonly from?: IsoDate;
  readonly to?: IsoDate;
  /** Policies to compare; a bare policy is named by its kind. */
  readonly policies: readonly (NamedPolicy | HedgePolicy)[];
  readonly condor: CondorConfig;
  /** Starting capital (condor notional), dollars. */
  readonly notional: number;
  readonly costs: CostModel;
  readonly calib: ModelCalibration;
  /** User series for the ALVH signal score (see SimulationConfig.userSeries). */
  readonly userSeries?: Readonly<Record<string, Float64Array>>;
  /** The market model of day i (see SimulationConfig.dayModel): real chains wrap the model here (--chains). */
  readonly dayModel?: NonNullable<SimulationConfig['dayModel']>;
  /** A ruined book stops trading (default true); false replays the book as the daily signal does. */
  readonly stopOnRuin?: boolean;
  /** Record each policy's trade list (default true; see SimulationOptions.recordTrades). */
  readonly recordTrades?: boolean;
}

export interface EngineBacktestResult extends BacktestResult {
  readonly policies: Readonly<Record<string, EngineRun & PolicyRun>>;
  /** The kernel's full output (condor schedule, end-of-run books, ledgers). */
  readonly simulation: SimulationResult;
}

export const DEFAULT_POLICY_KINDS: readonly PolicyKind[] = ['alvh', 'static10', 'vxth', 'none'];

/** Default policies of the given kinds, named by kind. */
export function defaultNamedPolicies(kinds: readonly PolicyKind[] = DEFAULT_POLICY_KINDS): NamedPolicy[] {
  return kinds.map((k) => ({ name: k, policy: defaultPolicy(k) }));
}

function named(p: NamedPolicy | HedgePolicy): NamedPolicy {
  return 'policy' in p ? p : { name: p.kind, policy: p };
}

export function runBacktest(data: MarketData, cfg: BacktestConfig, onProgress?: (done: number) => void, keepLedgerEntries = false): EngineBacktestResult {
  const policies = cfg.policies.map(named);
  const sim = simulate(
    data,
    { ...(cfg.from === undefined ? {} : { from: cfg.from }), ...(cfg.to === undefined ? {} : { to: cfg.to }), policies, condor: cfg.condor, notional: cfg.notional, costs: cfg.costs, calib: cfg.calib, stopOnRuin: cfg.stopOnRuin ?? true, ...(cfg.userSeries === undefined ? {} : { userSeries: cfg.userSeries }), ...(cfg.dayModel === undefined ? {} : { dayModel: cfg.dayModel }) },
    { ...(onProgress === undefined ? {} : { onProgress }), keepLedgerEntries, recordTrades: cfg.recordTrades ?? true },
  );
  const n = sim.dates.length;
  const s = sim.startIndex;
  const d = data.daily;
  const vix = new Float64Array(n);
  let lastVix = Number.NaN;
  for (let t = 0; t < n; t++) {
    const v = d.vixClose[s + t] as number;
    if (Number.isFinite(v)) lastVix = v;
    vix[t] = lastVix;
  }
  const runs: Record<string, EngineRun & PolicyRun> = {};
  for (const r of sim.runs) runs[r.name] = r;
  const bases = sim.runs.filter((r) => r.basis !== null).map((r) => `${r.name}: ${r.basis ?? ''}`);
  const basis: ExposureBasis = sim.runs.find((r) => r.kind === 'alvh')?.basis ?? sim.runs.find((r) => r.basis !== null)?.basis ?? 'deltaNotional';
  return {
    from: sim.dates[0] as IsoDate,
    to: sim.dates[n - 1] as IsoDate,
    notional: cfg.notional,
    basis,
    dates: sim.dates,
    market: { spx: d.spxClose.slice(s, s + n), vix, tbillRateFrac: d.rateFrac.slice(s, s + n) },
    policies: runs,
    notes: [...sim.notes, ...(bases.length > 0 ? [`Exposure basis by policy: ${bases.join(', ')}.`] : [])],
    simulation: sim,
  };
}
