/**
 * The kernel's plain-data shapes: the configuration of a run, the trade list, the
 * per-policy daily arrays, the holdings and the end-of-run snapshots (engine/dayLoop.ts
 * fills them).
 */
import type { IsoDate } from '../core/time.js';
import type { MarketData } from '../market/types.js';
import type { DayModel, ModelCalibration } from '../portfolio/marketModel.js';
import type { Ledger, LedgerTag } from '../portfolio/ledger.js';
import type { CostModel } from '../portfolio/costs.js';
import type { Etp, SpxOption, VarianceSwap, VixOption } from '../portfolio/instruments.js';
import { VARIANCE_NOTIONAL_PER_UNIT } from '../pricing/varianceSwap.js';
import type { ExposureBasis, HedgeDecision, HedgePolicy, HedgeState, LayerDef, LayerName } from '../hedge/index.js';
import type { CondorConfig, CondorQuote, CondorQuoteResult, SettlementStyle } from '../strategy/condor.js';
import type { EngineCheckpoint } from './checkpoint.js';
import type { RealityModels } from './reality.js';
import type { RunArrays } from './runArrays.js';

export const LAYER_NAMES: readonly LayerName[] = ['L1', 'L2', 'L3'];

export interface NamedPolicy {
  readonly name: string;
  readonly policy: HedgePolicy;
}

export interface SimulationConfig {
  /** First and last trading day (inclusive); default: the whole data set. */
  readonly from?: IsoDate;
  readonly to?: IsoDate;
  readonly policies: readonly NamedPolicy[];
  readonly condor: CondorConfig;
  /** Starting capital (condor notional), dollars. */
  readonly notional: number;
  readonly costs: CostModel;
  readonly calib: ModelCalibration;
  /**
   * User series for the ALVH signal score, by the name the policy's `signal.userSeries`
   * rules use, aligned on the data's trading days (causal; NaN where unknown).
   */
  readonly userSeries?: Readonly<Record<string, Float64Array>>;
  /** The market model of day i (default: the model module's `dayModel`); tests pass doubles. */
  readonly dayModel?: (data: MarketData, i: number, calib: ModelCalibration) => DayModel;
  /**
   * Continue a run from its state after the close of `resume.date` (from `checkpoint`
   * below) instead of starting flat: the days after it are simulated exactly as the one
   * uninterrupted run would (same config and data required; `from` must be unset).
   */
  readonly resume?: EngineCheckpoint;
  /**
   * Stop a book whose equity falls to 0 or below (a ruined program: it trades no more, its
   * positions run off). The backtest sets it; the daily signal, which sizes today's book on
   * the trader's notional, does not. Default false.
   */
  readonly stopOnRuin?: boolean;
  /** Fill, slippage and fee models (engine/reality.ts); default: the cost model's (`defaultReality(costs)`). */
  readonly reality?: RealityModels;
}

export interface SimulationOptions {
  /** Called every few hundred days with the share of days done (0..1). */
  readonly onProgress?: (done: number) => void;
  /** Build the hedge rationale on the last day (the daily signal). */
  readonly explainLastDay?: boolean;
  /** Keep ledger entries (audits, reconciliation tests). Default false. */
  readonly keepLedgerEntries?: boolean;
  /**
   * Record every fill and settlement in each run's `trades` (the trade list, its hash, the
   * capital guards, attribution). Default true; sweeps turn it off, as their metrics read
   * the daily arrays only and ~10 trade objects a day per policy are most of the garbage.
   */
  readonly recordTrades?: boolean;
  /** Return the books' state after the last day (`SimulationResult.checkpoint`), to resume from later. */
  readonly checkpoint?: boolean;
}

/**
 * The settlement rule applied to a settled position: SPX at the expiry-day open (AM, SET
 * proxy) or close (PM); VIX options at the SOQ proxy, the expiry-day VIX open (or its close
 * before 2004-06-14); a variance swap at the expiry-day close.
 */
export type SettlementRule = 'spxOpenAM' | 'spxClosePM' | 'vixSoqOpen' | 'vixSoqClose' | 'swapClose';

/** One fill or settlement (the shape of the backtest's trade list). */
export interface SimTrade {
  readonly date: IsoDate;
  readonly tag: 'condor' | LayerName;
  readonly action: 'open' | 'close' | 'settle';
  readonly instrument: SpxOption | VixOption | Etp | VarianceSwap;
  /** Signed contracts (ETP: shares; variance swap: units of $1 per variance point) (+ bought, − sold); for a settlement, the position settled. */
  readonly qty: number;
  /** Fill price or settlement value per unit (points). */
  readonly price: number;
  /** Commissions + exchange fees, cents (>= 0). */
  readonly feesCents: number;
  /** For a settlement: the rule that fixed its price. */
  readonly settlement?: SettlementRule;
  /** An option fill on a real chain's bid/ask ('chain'); absent: the model priced it (or the index settled it). */
  readonly source?: 'chain';
}

/** A fill or settlement of an option (the condor and the VIX option layers), not of an alternative instrument. */
export function isOptionTrade(t: SimTrade): t is SimTrade & { readonly instrument: SpxOption | VixOption } {
  return t.instrument.kind === 'spxOption' || t.instrument.kind === 'vixOption';
}

export const PNL_TAGS = ['condor', 'L1', 'L2', 'L3', 'cash', 'fees'] as const;

/**
 * Per-policy daily arrays, index t = dates[t] at the close (the backtest's PolicyRun
 * shape, plus what the hedge decided). Dollars unless named otherwise.
 */
export interface EngineRun extends Readonly<RunArrays> {
  readonly policy: string;
  readonly trades: SimTrade[];
  readonly name: string;
  readonly kind: HedgePolicy['kind'];
  readonly basis: ExposureBasis | null;
  /** Total target exposure as a fraction of condor notional (NaN for `none`). */
  readonly targetFraction: Float64Array;
  /** ALVH band of the day (NaN otherwise). */
  readonly bandLo: Float64Array;
  readonly bandHi: Float64Array;
  readonly signalScore: Float64Array;
  /** Condor notional used that day for sizing (equity before the close's trades, or fixed). */
  readonly notionalUsd: Float64Array;
  /** The first day the book's equity was 0 or below (it then opens nothing more); null if never. */
  ruinedOn: IsoDate | null;
  /** The fixed condor capital of a fixed-notional run (returns are measured on it); null when sizes follow equity. */
  readonly fixedCapitalUsd: number | null;
}

export interface LayerAction {
  readonly layer: LayerName;
  readonly action: 'hold' | 'open' | 'rebalance' | 'roll' | 'close' | 'none';
  readonly reason: string;
}

/**
 * A layer holding of an alternative instrument: ETP shares (of the modelled 30-day VIX
 * futures index, pricing/vixEtp.ts), or a variance swap with its accrued realized variance.
 */
export type AltHolding =
  | { readonly kind: 'etp'; readonly units: number; readonly instrument: Etp }
  | { readonly kind: 'varianceSwap'; readonly units: number; readonly instrument: VarianceSwap; readonly returns: number; observed: number; sumSqLogReturns: number };

/** One hedge layer's holding: `units` positions of a fixed leg structure. */
export interface LayerHolding {
  readonly units: number;
  readonly legs: readonly { readonly instrument: VixOption; readonly perUnit: number }[];
}

export interface OpenCondor {
  readonly quote: CondorQuote;
  readonly contracts: number;
  readonly legs: readonly SpxOption[];
  /** AM: settled at the expiry-day open (SET proxy); PM: at its close. */
  readonly settlement: SettlementStyle;
}

/** The state of a policy's book after the last simulated day (what the signal reports). */
export interface BookSnapshot {
  readonly date: IsoDate;
  readonly decision: HedgeDecision;
  readonly hedgeState: HedgeState;
  readonly holdings: Readonly<Record<LayerName, LayerHolding | null>>;
  /** Layers holding an alternative instrument (ETP, variance swap). */
  readonly altHoldings: Readonly<Record<LayerName, AltHolding | null>>;
  readonly layerActions: readonly LayerAction[];
  readonly openCondors: readonly OpenCondor[];
  readonly equityUsd: number;
  readonly notionalUsd: number;
  /** Market value at the close (modelled), dollars: the condors (≤ 0) and each layer. */
  readonly marksUsd: Readonly<Record<LedgerTag, number>>;
}

export interface SimulationResult {
  readonly dates: readonly IsoDate[];
  readonly startIndex: number;
  readonly runs: readonly EngineRun[];
  /** The condor of each day (or why there was none), shared by all policies. */
  readonly condors: readonly CondorQuoteResult[];
  readonly snapshots: readonly BookSnapshot[];
  readonly ledgers: readonly Ledger[];
  readonly notes: readonly string[];
  /** The state after the last day, when asked for (SimulationOptions.checkpoint). */
  readonly checkpoint?: EngineCheckpoint;
}

/** The layers a policy defines (a plain lookup: `layers` for ALVH, `layer` as L1 otherwise). */
export function layerDefs(policy: HedgePolicy): Partial<Record<LayerName, LayerDef>> {
  switch (policy.kind) {
    case 'none':
      return {};
    case 'alvh':
      return policy.layers;
    case 'static10':
    case 'vxth':
      return { L1: policy.layer };
  }
}

/** One line for an alternative holding (null: flat). */
export function describeAlt(h: AltHolding | null): string {
  if (h === null) return 'flat';
  if (h.kind === 'etp') return `long ${h.instrument.symbol} (modelled 30-day VIX futures ETP)`;
  return `long SPX variance swap to ${h.instrument.expiry} struck at ${(Math.sqrt(h.instrument.strikeVar) * 100).toFixed(2)} vol ($${VARIANCE_NOTIONAL_PER_UNIT / 10_000} per variance point per unit)`;
}

export function describeHolding(h: LayerHolding): string {
  return h.legs.map((l) => `${l.perUnit > 0 ? 'long' : 'short'} VIX ${l.instrument.expiry} ${l.instrument.strike} call`).join(' / ');
}

