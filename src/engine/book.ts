/**
 * A policy's book in the kernel: its plain-data terms, its positions and cash (the
 * ledger), its daily arrays, and the steps that read or write the whole book: the
 * layer bases a target multiplies, the close's marks (step 8) and the checkpoint a later
 * run resumes from.
 */
import { InputError, invariant } from '../core/errors.js';
import { daysBetween, type IsoDate } from '../core/time.js';
import { indexOfDate, rangeIndices } from '../market/series.js';
import type { MarketData } from '../market/types.js';
import { Ledger, type LedgerTag } from '../portfolio/ledger.js';
import {
  basisBase,
  creditWindowDays,
  initialHedgeState,
  isBudgetBasis,
  trailingSum,
  spendCapHeadroomUsdAt,
  type ExposureBasis,
  type HedgeDecision,
  type HedgePolicy,
  type HedgeState,
  type LayerDef,
  type LayerName,
  type SpendCap,
  type StrikeGrid,
} from '../hedge/index.js';
import { CHECKPOINT_FORMAT, type BookCheckpoint, type EngineCheckpoint } from './checkpoint.js';
import { allocateRunArrays } from './runArrays.js';
import { LAYER_NAMES, layerDefs, type AltHolding, type BookSnapshot, type EngineRun, type LayerAction, type LayerHolding, type NamedPolicy, type OpenCondor, type SimulationConfig } from './types.js';

/** What the kernel reads of a policy, as plain data (no probing of the policy's shape). */
export interface PolicyTerms {
  /** The exposure basis of the targets (deltaNotional for `none`, which has no targets). */
  readonly basis: ExposureBasis;
  /** The basis reported in the run (null for `none`). */
  readonly reportedBasis: ExposureBasis | null;
  readonly spendCap: SpendCap;
  readonly strikeGrid: StrikeGrid;
  /** `creditShare`: trading days of condor credit the budget is a share of. */
  readonly creditWindowDays: number;
  readonly layers: Partial<Record<LayerName, LayerDef>>;
}

/** The default grid of a policy without one (`none`): every whole VIX point. */
const UNIT_GRID: StrikeGrid = [{ fromVixPts: 0, stepVixPts: 1 }];

export function policyTerms(policy: HedgePolicy): PolicyTerms {
  const layers = layerDefs(policy);
  if (policy.kind === 'none') return { basis: 'deltaNotional', reportedBasis: null, spendCap: null, strikeGrid: UNIT_GRID, creditWindowDays: creditWindowDays(policy), layers };
  return { basis: policy.basis, reportedBasis: policy.basis, spendCap: policy.spendCap, strikeGrid: policy.strikeGrid, creditWindowDays: creditWindowDays(policy), layers };
}

export interface PolicyBook {
  readonly named: NamedPolicy;
  readonly terms: PolicyTerms;
  readonly run: EngineRun;
  readonly ledger: Ledger;
  hedgeState: HedgeState;
  decision: HedgeDecision | null;
  condors: OpenCondor[];
  holdings: Record<LayerName, LayerHolding | null>;
  alt: Record<LayerName, AltHolding | null>;
  marks: Record<LedgerTag, number>;
  actions: LayerAction[];
  /** The last instrument selected per layer (a cheap pre-check before a fresh selection). */
  lastSelection: Record<LayerName, LayerHolding | null>;
  /** Equity at the previous close (a 0DTE condor is sized on it); NaN before the first day. */
  prevEquityUsd: number;
  /**
   * Hedge spend and condor credit by day for the spend cap's trailing window: the days of a
   * resumed run's checkpoint, then the run's own days (run.hedgeSpend and run.condorCredit
   * are views into these).
   */
  readonly capDates: readonly IsoDate[];
  readonly capSpendUsd: Float64Array;
  readonly capCreditUsd: Float64Array;
  readonly capOffset: number;
  /** Hedges in whole contracts (`sizing: 'whole'`) or in fractional units. */
  readonly whole: boolean;
  /** The condor tenor in trading days (0DTE condors are settled before the hedge step). */
  readonly condorDte: number;
  /** Fills and settlements are recorded in `run.trades` (SimulationOptions.recordTrades). */
  readonly recordTrades: boolean;
  /** Each layer's daily arrays, in LAYER_NAMES order (the marks read them by index, not by name). */
  readonly layerRows: readonly LayerRow[];
}

/** One layer's daily arrays in the run and the ledger. */
interface LayerRow {
  readonly layer: LayerName;
  readonly exposure: Float64Array;
  readonly pnl: Float64Array;
  readonly flowCents: Float64Array;
  readonly costCents: Float64Array;
}

function layerRowsOf(run: EngineRun, ledger: Ledger): LayerRow[] {
  return LAYER_NAMES.map((layer) => ({ layer, exposure: run.exposure[layer], pnl: run.pnl[layer], flowCents: ledger.flowCents[layer], costCents: ledger.costCents[layer] }));
}

/** What every book of a run shares at its creation. */
export interface BookSetup {
  readonly dates: readonly IsoDate[];
  readonly openingCents: number;
  readonly condorEligible: Uint8Array;
  readonly fixedCapitalUsd: number | null;
  readonly whole: boolean;
  readonly condorDte: number;
  readonly keepLedgerEntries: boolean;
  readonly recordTrades: boolean;
  readonly resume: EngineCheckpoint | undefined;
}

/** The arrays a book's run shares with others: views into its spend-cap window, the run's eligible days, the fixed capital. */
interface SharedArrays {
  readonly hedgeSpend: Float64Array;
  readonly condorCredit: Float64Array;
  readonly condorEligible: Uint8Array;
  readonly fixedCapitalUsd: number | null;
}

function allocateRun(named: NamedPolicy, terms: PolicyTerms, n: number, shared: SharedArrays): EngineRun {
  const f = (): Float64Array => new Float64Array(n);
  const nan = (): Float64Array => new Float64Array(n).fill(Number.NaN);
  const p = named.policy;
  return {
    policy: named.name,
    name: named.name,
    kind: p.kind,
    basis: terms.reportedBasis,
    ...allocateRunArrays(n),
    hedgeSpend: shared.hedgeSpend,
    condorCredit: shared.condorCredit,
    condorEligible: shared.condorEligible,
    trades: [],
    targetFraction: nan(),
    bandLo: nan(),
    bandHi: nan(),
    signalScore: nan(),
    notionalUsd: f(),
    ruinedOn: null,
    fixedCapitalUsd: shared.fixedCapitalUsd,
  };
}


/** A book at the start of the run: flat, or as the resumed checkpoint left it. */
export function createBook(named: NamedPolicy, s: BookSetup): PolicyBook {
  const n = s.dates.length;
  const terms = policyTerms(named.policy);
  const from = s.resume === undefined ? null : bookCheckpointOf(s.resume, named);
  const window = from?.spendWindow ?? { dates: [], hedgeSpendUsd: [], condorCreditUsd: [] };
  const p = window.dates.length;
  const capSpendUsd = new Float64Array(p + n);
  const capCreditUsd = new Float64Array(p + n);
  capSpendUsd.set(window.hedgeSpendUsd);
  capCreditUsd.set(window.condorCreditUsd);
  const state = from === null ? null : (structuredClone(from) as BookCheckpoint);
  const run = { ...allocateRun(named, terms, n, { hedgeSpend: capSpendUsd.subarray(p), condorCredit: capCreditUsd.subarray(p), condorEligible: s.condorEligible, fixedCapitalUsd: s.fixedCapitalUsd }), ruinedOn: state?.ruinedOn ?? null };
  const ledger = new Ledger(s.dates, state === null ? s.openingCents : state.cashCents, { keepEntries: s.keepLedgerEntries });
  return {
    named,
    terms,
    run,
    ledger,
    hedgeState: state?.hedgeState ?? initialHedgeState(named.policy),
    decision: null,
    condors: state?.condors ?? [],
    holdings: state?.holdings ?? { L1: null, L2: null, L3: null },
    alt: state?.alt ?? { L1: null, L2: null, L3: null },
    marks: state?.marks ?? { condor: 0, L1: 0, L2: 0, L3: 0, cash: 0 },
    actions: [],
    lastSelection: state?.lastSelection ?? { L1: null, L2: null, L3: null },
    prevEquityUsd: state?.equityUsd ?? Number.NaN,
    capDates: p === 0 ? s.dates : [...window.dates, ...s.dates],
    capSpendUsd,
    capCreditUsd,
    capOffset: p,
    whole: s.whole,
    condorDte: s.condorDte,
    recordTrades: s.recordTrades,
    layerRows: layerRowsOf(run, ledger),
  };
}

/** The hedge spend the policy's cap still allows today (after today's spend so far), dollars; +∞ without a cap. */
export function spendHeadroomUsd(b: PolicyBook, t: number): number {
  const cap = b.terms.spendCap;
  return cap !== null ? spendCapHeadroomUsdAt(b.capOffset + t, b.capDates, b.capSpendUsd, b.capCreditUsd, cap) - (b.run.hedgeSpend[t] ?? 0) : Number.POSITIVE_INFINITY;
}

/** The day's marks, by what they value (dollars). */
export interface BookMarks {
  /** One unit of an open condor. */
  readonly condorUnit: (c: OpenCondor) => number;
  /** A layer's holding, and its exposure in the book's basis. */
  readonly layerValue: (b: PolicyBook, layer: LayerName) => number;
  readonly layerExposure: (b: PolicyBook, layer: LayerName) => number;
}

/**
 * Step 8: marks every position at the close, writes the day's equity, P&L by tag, exposure
 * by layer and net hedge cash flow, and marks the book ruined when its equity is 0 or below.
 */
export function markBook(b: PolicyBook, t: number, date: IsoDate, notional: number, marks: BookMarks): void {
  const run = b.run;
  const led = b.ledger;
  let condorMark = 0;
  for (const c of b.condors) condorMark += c.contracts * marks.condorUnit(c);
  // Today's marks and P&L by tag, written in place (this runs every day for every book).
  const prev = b.marks;
  let hedgeFlowCents = 0;
  for (let k = 0; k < b.layerRows.length; k++) {
    const row = b.layerRows[k] as LayerRow;
    const layer = row.layer;
    const value = marks.layerValue(b, layer);
    const exposure = marks.layerExposure(b, layer);
    const base = layerBase(b, t, layer, notional);
    const flowCents = row.flowCents[t] as number;
    row.exposure[t] = !(base > 0) ? 0 : exposure / base;
    hedgeFlowCents += flowCents + (row.costCents[t] as number);
    row.pnl[t] = flowCents / 100 + value - prev[layer];
    prev[layer] = value;
  }
  run.pnl.condor[t] = (led.flowCents.condor[t] ?? 0) / 100 + condorMark - prev.condor;
  prev.condor = condorMark;
  run.pnl.cash[t] = (led.flowCents.cash[t] ?? 0) / 100;
  prev.cash = 0;
  run.pnl.fees[t] = (led.costCents.condor[t] ?? 0) / 100 + (led.costCents.L1[t] ?? 0) / 100 + (led.costCents.L2[t] ?? 0) / 100 + (led.costCents.L3[t] ?? 0) / 100 + (led.costCents.cash[t] ?? 0) / 100;
  run.hedgeCashFlow[t] = hedgeFlowCents / 100;
  run.hedgeValue[t] = prev.L1 + prev.L2 + prev.L3;
  const equity = led.cashCents / 100 + condorMark + prev.L1 + prev.L2 + prev.L3;
  run.equity[t] = equity;
  b.prevEquityUsd = equity;
  if (run.ruinedOn === null && !(equity > 0)) run.ruinedOn = date;
}

/**
 * What the policy's target numbers multiply for a layer today (hedge/exposure.ts
 * `basisBase`): the notional, the trailing condor credit, notional × the layer's tenor, or
 * the condor contracts open. Reads days up to t only.
 */
export function layerBase(b: PolicyBook, t: number, layer: LayerName, notional: number): number {
  const basis = b.terms.basis;
  if (b.terms.reportedBasis === null || !isBudgetBasis(basis)) return Math.max(0, notional);
  let open = 0;
  if (basis === 'ratio') {
    if (b.condorDte === 0) open = b.run.condorContracts[t] ?? 0;
    else for (const c of b.condors) open += c.contracts;
  }
  return basisBase(basis, {
    notionalUsd: notional,
    trailingCreditUsd: basis === 'creditShare' ? trailingSum(b.capCreditUsd, b.capOffset + t, b.terms.creditWindowDays) : 0,
    condorContractsOpen: open,
    layerTenorYears: (b.terms.layers[layer]?.targetDte ?? 0) / 365,
  });
}

/** The rows a resumed run walks: the day after the checkpoint's to `cfg.to`. */
export function resumeRange(data: MarketData, cfg: SimulationConfig, cp: EngineCheckpoint): { start: number; end: number } {
  if (cfg.from !== undefined) throw new InputError('from', 'a resumed run starts the day after its checkpoint: leave `from` unset');
  if (cp.format !== CHECKPOINT_FORMAT) throw new InputError('resume', `checkpoint format ${String(cp.format)} is not ${CHECKPOINT_FORMAT}`);
  const at = indexOfDate(data.daily, cp.date);
  if (at < 0) throw new InputError('resume', `the checkpoint's day ${cp.date} is not a trading day of the data`);
  const { end } = rangeIndices(data.daily, undefined, cfg.to);
  if (!(end > at)) throw new InputError('resume', `nothing to simulate after the checkpoint's day ${cp.date} (to ${cfg.to ?? 'the end of the data'})`);
  return { start: at + 1, end };
}

function bookCheckpointOf(cp: EngineCheckpoint, named: NamedPolicy): BookCheckpoint {
  const b = cp.books.find((x) => x.name === named.name);
  if (b === undefined) throw new InputError('resume', `the checkpoint has no book for policy "${named.name}"`);
  if (b.hedgeState.kind !== named.policy.kind) throw new InputError('resume', `the checkpoint's book "${named.name}" is a ${b.hedgeState.kind} book, the policy is ${named.policy.kind}`);
  return b;
}

/**
 * A book's state after its last day, deep-copied. The spend cap's window keeps the days
 * whose calendar distance to the last day is under the cap's window (what the next
 * days' headroom can still see).
 */
export function bookCheckpoint(b: PolicyBook): BookCheckpoint {
  const { spendCap, basis } = b.terms;
  const last = b.capDates.length - 1;
  let first = last + 1;
  if (spendCap !== null && last >= 0) {
    const lastDay = b.capDates[last] as IsoDate;
    first = last;
    while (first > 0 && daysBetween(b.capDates[first - 1] as IsoDate, lastDay) < spendCap.windowDays) first--;
  }
  // A creditShare budget reads the credit of its trailing window.
  if (basis === 'creditShare') first = Math.max(0, Math.min(first, last + 1 - b.terms.creditWindowDays));
  return structuredClone({
    name: b.named.name,
    cashCents: b.ledger.cashCents as number,
    equityUsd: b.prevEquityUsd,
    hedgeState: b.hedgeState,
    condors: b.condors,
    holdings: b.holdings,
    alt: b.alt,
    marks: b.marks,
    lastSelection: b.lastSelection,
    ruinedOn: b.run.ruinedOn,
    spendWindow: { dates: b.capDates.slice(first), hedgeSpendUsd: Array.from(b.capSpendUsd.subarray(first)), condorCreditUsd: Array.from(b.capCreditUsd.subarray(first)) },
  });
}


/** Equity before the close's trades: cash + the condors still open + the layers, marked (the condor notional in equity mode). */
export function equityBeforeTrades(b: PolicyBook, date: IsoDate, marks: BookMarks): number {
  let eq = b.ledger.cashCents / 100;
  for (const k of b.condors) if (k.quote.expiry > date) eq += k.contracts * marks.condorUnit(k);
  for (const layer of LAYER_NAMES) eq += marks.layerValue(b, layer);
  return eq;
}

/** The book after its last day (what the signal reports). */
export function snapshotOf(b: PolicyBook, date: IsoDate, last: number): BookSnapshot {
  invariant(b.decision !== null, 'simulation ran no day');
  return {
    date,
    decision: b.decision,
    hedgeState: b.hedgeState,
    holdings: { ...b.holdings },
    altHoldings: { ...b.alt },
    layerActions: b.actions,
    openCondors: b.condors,
    equityUsd: b.run.equity[last] ?? 0,
    notionalUsd: b.run.notionalUsd[last] ?? 0,
    marksUsd: { ...b.marks },
  };
}
