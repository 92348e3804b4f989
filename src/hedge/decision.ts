/**
 * The daily hedge decision: the same shape for every policy, so the backtest and the
 * daily signal consume one type. Fractions are of condor notional (DESIGN §1.1: account
 * equity by default; VXTH's "account value").
 */
import type { IsoDate } from '../core/time.js';
import type { ExposureBasis, InstrumentKind, LayerName, PolicyKind, Regime } from './policy.js';

export interface LayerTarget {
  readonly layer: LayerName;
  readonly instrument: InstrumentKind;
  /** False when the layer holds nothing today (its target is 0: close what is held). */
  readonly active: boolean;
  /** Share of the total target given to this layer (the split), 0..1. */
  readonly splitFrac: number;
  /** Target exposure of this layer as a fraction of condor notional. */
  readonly targetFraction: number;
}

/**
 * When positions are traded toward the targets:
 * - `band`: any day a layer is off its target by more than `band` (relative), see
 *   `needsRebalance`; a layer whose held expiry reaches its roll DTE is rolled.
 * - `rollOnly`: only on roll days (`rollToday`), positions are otherwise held (VXTH).
 */
export type RebalanceRule =
  | { readonly kind: 'band'; readonly band: number }
  | { readonly kind: 'rollOnly'; readonly rollToday: boolean };

export interface HedgeDecision {
  readonly policy: PolicyKind;
  readonly date: IsoDate;
  /** null for `none`. */
  readonly basis: ExposureBasis | null;
  /** ALVH only. */
  readonly regime: Regime | null;
  /** ALVH only: the position inside the band, 0..1. */
  readonly signalScore01: number | null;
  /** Total target exposure as a fraction of condor notional (Σ layers). */
  readonly targetFraction: number;
  /** Every layer the policy defines, in order; inactive layers have target 0. */
  readonly layers: readonly LayerTarget[];
  readonly rebalance: RebalanceRule;
  /** Plain-language sentences explaining the decision (empty when explain = false). */
  readonly rationale: readonly string[];
}

export interface StepOptions {
  /** Build the rationale sentences (default true; a parameter sweep can skip them). */
  readonly explain?: boolean;
}

/** 0.1234 → "12.34%" (2 decimals) for rationale text. */
export function fmtPct(frac: number, decimals = 2): string {
  return `${(frac * 100).toFixed(decimals)}%`;
}

const TARGET_UNIT: Readonly<Record<ExposureBasis, string>> = {
  deltaNotional: 'of condor notional',
  faceNotional: 'of condor notional',
  premium: 'of condor notional',
  creditShare: 'of the trailing condor credit (premium held)',
  premiumPerYear: 'of notional a year (premium budget)',
  ratio: 'VIX calls per condor contract',
};

/** A target number in its basis' words: "12.00%" or, for `ratio`, "0.12" (for rationale text). */
export function fmtTarget(basis: ExposureBasis, x: number): string {
  return basis === 'ratio' ? fmtNum(x, 3) : fmtPct(x);
}

/** What a target number is a share of, in words ("of condor notional", …). */
export function targetUnit(basis: ExposureBasis): string {
  return TARGET_UNIT[basis];
}

/** Plain-number formatting for rationale text: at most `decimals` decimals, no trailing zeros. */
export function fmtNum(x: number, decimals = 2): string {
  if (!Number.isFinite(x)) return String(x);
  return String(Number(x.toFixed(decimals)));
}
