/**
 * The simulation kernel shared by the backtest and the daily signal (DESIGN §4: one code
 * path; only the clock, the data and the sink differ). It walks the trading days of a
 * range once; on each day it runs every policy's book through the same steps:
 *
 *   open   1. interest on the overnight cash balance (T-bill, ACT/365; none on a negative balance)
 *          2. VIX options expiring today settle at the SOQ proxy: today's VIX open
 *             (before 2004-06-14 Cboe published no VIX open: the close is used instead);
 *             AM-settled (monthly) condors expiring today settle at the SPX open (SET proxy)
 *          3. (0DTE only) the day's condor opens at the SPX open
 *   close  4. PM-settled condors expiring today settle at the SPX close
 *          4b. (optional) N-DTE condors hit by the profit-take or stop rule are bought back
 *          5. the hedge decision of the policy (hedge/stepHedge) from today's inputs
 *          6. the new condor opens (1DTE/N-DTE) sized on pre-trade equity
 *          7. each hedge layer rolls / rebalances toward its target (fractional units, or
 *             whole contracts with `sizing: 'whole'`)
 *          8. everything is marked to the model: equity, P&L by tag, exposure by layer;
 *             a book whose equity falls to 0 or below is ruined: from the next day it opens
 *             nothing and its open positions run off to expiry
 *
 * The condor schedule (strikes and per-contract credit) is computed once per day and
 * shared by all policies: each policy sells the same condor, its contract count scaled
 * by its own condor notional (its equity by default, so sizes compound per policy).
 *
 * Pure: no I/O, no clock. Every input at day i comes from data up to day i (indicators
 * are causal, the model of day i reads day i's closes; a 0DTE condor is priced from the
 * previous close's smile re-centred on today's open), so results up to day t do not
 * depend on data after t.
 */
import { InputError, invariant } from '../core/errors.js';
import { addTradingDays, vixExpirationOnOrAfter } from '../core/calendar.js';
import { daysBetween, type IsoDate } from '../core/time.js';
import { indexOfDate, rangeIndices } from '../market/series.js';
import { MULTIPLIER } from '../core/units.js';
import type { MarketData } from '../market/types.js';
import { modelledNotice } from '../market/modelledNotice.js';
import { black76Delta, black76Price } from '../pricing/black76.js';
import { bsmPrice } from '../pricing/bsm.js';
import { dayModel, type ModelCalibration, type DayModel } from '../portfolio/marketModel.js';
import { Ledger, type LedgerTag } from '../portfolio/ledger.js';
import { feesCents, fillPrice, halfSpread, legFill, type CostModel, type ListedQuote } from '../portfolio/costs.js';
import { etp, spxOption, varianceSwap, vixOption, type Etp, type SpxOption, type VarianceSwap, type VixOption } from '../portfolio/instruments.js';
import { ETP_START_LEVEL } from '../pricing/vixEtp.js';
import { etpClose } from './etpLevel.js';
import { VARIANCE_NOTIONAL_PER_UNIT, varianceStrikeOfVix, varianceSwapExposureUsd, varianceSwapTerms, varianceSwapValuePerVarNotional } from '../pricing/varianceSwap.js';
import {
  basisBase,
  creditWindowDays,
  isBudgetBasis,
  trailingSum,
  unitsForTarget,
  exposureUsd,
  initialHedgeState,
  needsRebalance,
  needsRoll,
  rebalanceLayer,
  selectCalendarExpiries,
  selectExpiry,
  selectStrikeByDelta,
  strikesOnGrid,
  spendCapHeadroomUsdAt,
  stepHedge,
  type ExposureBasis,
  type ExposureLeg,
  type HedgeDecision,
  type HedgePolicy,
  type HedgeState,
  type LayerDef,
  type LayerName,
} from '../hedge/index.js';
import { quoteCondor, condorContracts, condorSettlement, type CondorConfig, type CondorMarket, type CondorQuote, type CondorQuoteResult, type SettlementStyle } from '../strategy/condor.js';
import { eventsBetweenDates, signalInputSeries } from './inputs.js';
import { allocateRunArrays, NO_REGIME } from './runArrays.js';
import { CHECKPOINT_FORMAT, type BookCheckpoint, type EngineCheckpoint } from './checkpoint.js';

export const LAYER_NAMES: readonly LayerName[] = ['L1', 'L2', 'L3'];
const REGIME_CODES: Readonly<Record<string, number>> = { low: 0, moderate: 1, high: 2 };
/** Hours from the 16:00 ET close to the 09:30 ET open (VIX settles at the open). */
const CLOSE_TO_OPEN_DAYS = 17.5 / 24;
/** The regular session, 09:30-16:00 ET, in years (a 0DTE condor's life). */
const SESSION_YEARS = 6.5 / 24 / 365;
/** Expiries listed for layer selection (covers a 90-DTE target with room). */
const VIX_EXPIRIES_LISTED = 8;

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
}

export interface SimulationOptions {
  /** Called every few hundred days with the share of days done (0..1). */
  readonly onProgress?: (done: number) => void;
  /** Build the hedge rationale on the last day (the daily signal). */
  readonly explainLastDay?: boolean;
  /** Keep ledger entries (audits, reconciliation tests). Default false. */
  readonly keepLedgerEntries?: boolean;
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
export interface EngineRun {
  readonly policy: string;
  /** End-of-day equity: cash + positions marked to the model. */
  readonly equity: Float64Array;
  /** Daily P&L by tag; condor/L1/L2/L3 gross of fees, `fees` all commissions and fees, `cash` interest. Σ = equity change (day 0: from the starting capital). */
  readonly pnl: Readonly<Record<(typeof PNL_TAGS)[number], Float64Array>>;
  /** 0 low, 1 moderate, 2 high; 255 = no regime (policies other than ALVH). */
  readonly regime: Uint8Array;
  /** Exposure per layer at the close, fraction of condor notional, in the policy's basis. */
  readonly exposure: Readonly<Record<LayerName, Float64Array>>;
  /** Net debit paid to increase hedges plus all hedge commissions and fees (>= 0). */
  readonly hedgeSpend: Float64Array;
  /** Credit after costs of the condors opened that day (>= 0). */
  readonly condorCredit: Float64Array;
  /** Market value of the open hedge positions at the close (capital tied up in hedges). */
  readonly hedgeValue: Float64Array;
  /** Net hedge cash flow of the day (+ received): sales + settlements − purchases − hedge fees. */
  readonly hedgeCashFlow: Float64Array;
  /** Condors sold that day (fractional units by default; 0 when none). */
  readonly condorContracts: Float64Array;
  /** 1 on the days the condor rules allowed a trade (shared by every policy). */
  readonly condorEligible: Uint8Array;
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

interface LegQuote {
  mid: number;
  delta: number;
  forward: number;
  vol: number;
  /** A real chain's quote of the contract: fills go on its bid/ask. */
  listed: ListedQuote | null;
}

interface PolicyBook {
  readonly named: NamedPolicy;
  readonly defs: Partial<Record<LayerName, LayerDef>>;
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
}

/** The layers a policy defines (a plain lookup: `layers` for ALVH, `layer` as L1 otherwise). */
export function layerDefs(policy: HedgePolicy): Partial<Record<LayerName, LayerDef>> {
  if ('layers' in policy) return policy.layers;
  if ('layer' in policy) return { L1: policy.layer };
  return {};
}

function allocateRun(named: NamedPolicy, n: number, hedgeSpend: Float64Array, condorCredit: Float64Array, condorEligible: Uint8Array, fixedCapitalUsd: number | null): EngineRun {
  const f = (): Float64Array => new Float64Array(n);
  const nan = (): Float64Array => new Float64Array(n).fill(Number.NaN);
  const p = named.policy;
  return {
    policy: named.name,
    name: named.name,
    kind: p.kind,
    basis: 'basis' in p ? p.basis : null,
    ...allocateRunArrays(n),
    hedgeSpend,
    condorCredit,
    condorEligible,
    trades: [],
    targetFraction: nan(),
    bandLo: nan(),
    bandHi: nan(),
    signalScore: nan(),
    notionalUsd: f(),
    ruinedOn: null,
    fixedCapitalUsd,
  };
}

/** Walks the range once for every policy. */
export function simulate(data: MarketData, cfg: SimulationConfig, opts: SimulationOptions = {}): SimulationResult {
  if (!(cfg.notional > 0) || !Number.isFinite(cfg.notional)) throw new InputError('notional', `must be a finite number > 0, got ${cfg.notional}`);
  if (cfg.policies.length === 0) throw new InputError('policies', 'at least one policy is required');
  const seen = new Set<string>();
  for (const p of cfg.policies) {
    if (seen.has(p.name)) throw new InputError('policies', `duplicate policy name "${p.name}"`);
    seen.add(p.name);
  }
  const d = data.daily;
  const resume = cfg.resume;
  const { start, end } = resume === undefined ? rangeIndices(data.daily, cfg.from, cfg.to) : resumeRange(data, cfg, resume);
  const n = end - start + 1;
  const dates = d.dates.slice(start, end + 1);
  const inputs = signalInputSeries(data);
  const userSeries = cfg.userSeries ?? {};
  const userSeriesNames = Object.keys(userSeries);
  for (const name of userSeriesNames) {
    if (userSeries[name]?.length !== data.daily.n) throw new InputError(`userSeries.${name}`, `must have one value per trading day of the data (${data.daily.n})`);
  }
  for (const p of cfg.policies) {
    const rules = p.policy.kind === 'alvh' ? p.policy.signal.userSeries : [];
    for (const r of rules) {
      if (!(r.name in userSeries)) throw new InputError(`${p.name}.signal.userSeries`, `series "${r.name}" is used by the policy but was not given (--user-series ${r.name}=FILE.csv)`);
    }
  }
  const userSeriesOn = (i: number): Record<string, number> => {
    const out: Record<string, number> = {};
    for (const name of userSeriesNames) out[name] = userSeries[name]?.[i] ?? Number.NaN;
    return out;
  };
  const ccfg = cfg.condor;
  const costs = cfg.costs;
  const openingCents = Math.round(cfg.notional * 100);
  const whole = ccfg.sizing === 'whole';
  /** 1 on the days the condor rules allowed a trade (shared by every book). */
  const condorEligible = new Uint8Array(n);
  const fixedCapitalUsd = ccfg.notionalMode === 'fixed' ? cfg.notional : null;

  const books: PolicyBook[] = cfg.policies.map((named) => {
    const from = resume === undefined ? null : bookCheckpointOf(resume, named);
    const window = from?.spendWindow ?? { dates: [], hedgeSpendUsd: [], condorCreditUsd: [] };
    const p = window.dates.length;
    const capSpendUsd = new Float64Array(p + n);
    const capCreditUsd = new Float64Array(p + n);
    capSpendUsd.set(window.hedgeSpendUsd);
    capCreditUsd.set(window.condorCreditUsd);
    const state = from === null ? null : (structuredClone(from) as BookCheckpoint);
    return {
      named,
      defs: layerDefs(named.policy),
      run: { ...allocateRun(named, n, capSpendUsd.subarray(p), capCreditUsd.subarray(p), condorEligible, fixedCapitalUsd), ruinedOn: state?.ruinedOn ?? null },
      ledger: new Ledger(dates, state === null ? openingCents : state.cashCents, { keepEntries: opts.keepLedgerEntries ?? false }),
      hedgeState: state?.hedgeState ?? initialHedgeState(named.policy),
      decision: null,
      condors: state?.condors ?? [],
      holdings: state?.holdings ?? { L1: null, L2: null, L3: null },
      alt: state?.alt ?? { L1: null, L2: null, L3: null },
      marks: state?.marks ?? { condor: 0, L1: 0, L2: 0, L3: 0, cash: 0 },
      actions: [],
      lastSelection: state?.lastSelection ?? { L1: null, L2: null, L3: null },
      prevEquityUsd: state?.equityUsd ?? Number.NaN,
      capDates: p === 0 ? dates : [...window.dates, ...dates],
      capSpendUsd,
      capCreditUsd,
      capOffset: p,
      whole,
      condorDte: ccfg.dte,
    };
  });
  const condors: SimulationResult['condors'][number][] = [];
  const progressEvery = Math.max(1, Math.floor(n / 50));
  const hasVxth = cfg.policies.some((p) => p.policy.kind === 'vxth');
  const vixExpiryByMonth = new Map<string, IsoDate>();
  const modelOf = cfg.dayModel ?? dayModel;
  let prevModel: DayModel | null = start > 0 ? modelOf(data, start - 1, cfg.calib) : null;
  const usesAlt = cfg.policies.some((p) => Object.values(layerDefs(p.policy)).some((def) => def.instrument === 'vixFuturesEtp' || def.instrument === 'spxVarianceSwap'));
  const manage = ccfg.profitTakeFrac !== null || ccfg.stopLossMult !== null;
  const stopOnRuin = cfg.stopOnRuin === true;
  const etpInstrument = etp('VIX30D');
  let etpLevel = resume?.etpLevel ?? ETP_START_LEVEL;

  for (let t = 0; t < n; t++) {
    const i = start + t;
    const date = d.dates[i] as IsoDate;
    const model = modelOf(data, i, cfg.calib);
    const spxClose = d.spxClose[i] as number;
    const vixClose = inputs.vixClosePts[i] as number;
    const vixOpen = d.vixOpen[i] as number;
    const soq = Number.isFinite(vixOpen) ? vixOpen : vixClose;
    const soqRule: SettlementRule = Number.isFinite(vixOpen) ? 'vixSoqOpen' : 'vixSoqClose';
    const spxOpenToday = d.spxOpen[i] as number;
    // The SET proxy is the SPX open; a day without an open print settles at the close (and says so).
    const spxOpenOrClose = spxOpenToday > 0 ? spxOpenToday : spxClose;
    const spxOpenRule: SettlementRule = spxOpenToday > 0 ? 'spxOpenAM' : 'spxClosePM';
    const explain = opts.explainLastDay === true && t === n - 1;
    // A resumed run continues from the checkpoint's close: its first day has a previous day.
    const hasPrevDay = t > 0 || resume !== undefined;
    // Alternatives (shared): the modelled ETP level and the day's SPX log return.
    let alt: AltDay | null = null;
    if (usesAlt) {
      const close = etpClose(etpLevel, hasPrevDay ? prevModel : null, model, data, i);
      etpLevel = close.level;
      const etpSplit = close.split;
      const prevSpx = i > 0 ? (d.spxClose[i - 1] as number) : Number.NaN;
      const lr = prevSpx > 0 && spxClose > 0 ? Math.log(spxClose / prevSpx) : 0;
      alt = { etpLevel, etpSplit, etpInstrument, spxLogReturn: lr, vixFrac: vixClose / 100, model, rateFrac: Number.isFinite(d.rateFrac[i] as number) ? (d.rateFrac[i] as number) : 0 };
    }

    // The day's condor (shared): 0DTE at the open from yesterday's smile, else at the close.
    let quote: CondorQuoteResult;
    if (ccfg.dte === 0) {
      const spxOpen = d.spxOpen[i] as number;
      if (prevModel === null || !(spxOpen > 0)) quote = { status: 'skipped', reason: 'no_strikes' };
      else {
        const pm = prevModel;
        const shift = pm.spot / spxOpen;
        const m: CondorMarket = { spot: spxOpen, rateFrac: pm.rateFrac, divFrac: pm.divFrac, spxVol: (k, y) => pm.spxVol(k * shift, y) };
        const vixAtOpen = Number.isFinite(vixOpen) ? vixOpen : (inputs.vixClosePts[i - 1] as number);
        quote = quoteOrSkip(m, { date, expiry: date, years: SESSION_YEARS, vixPts: vixAtOpen, eventsInLife: eventsBetweenDates(inputs, date, date, true) }, ccfg, costs);
      }
    } else {
      // The data rows are the trading days; past the last row the calendar counts.
      const expiry = i + ccfg.dte < d.n ? (d.dates[i + ccfg.dte] as IsoDate) : addTradingDays(date, ccfg.dte);
      const years = condorYears(date, expiry, condorSettlement(ccfg.settlement, ccfg.dte, expiry));
      quote = quoteOrSkip(model, { date, expiry, years, vixPts: vixClose, eventsInLife: eventsBetweenDates(inputs, date, expiry, false) }, ccfg, costs);
    }
    condors.push(quote);
    const condorLegs = quote.status === 'quoted' ? unitLegs(quote) : null;
    const condorStyle = quote.status === 'quoted' ? condorSettlement(ccfg.settlement, ccfg.dte, quote.expiry) : 'pm';
    if (quote.status === 'quoted') condorEligible[t] = 1;

    const month = date.slice(0, 7);
    let vixExpiryOfMonth = vixExpiryByMonth.get(month);
    if (vixExpiryOfMonth === undefined) {
      vixExpiryOfMonth = vixExpirationOnOrAfter(`${month}-01` as IsoDate);
      vixExpiryByMonth.set(month, vixExpiryOfMonth);
    }
    const isVixExpiry = vixExpiryOfMonth === date;
    const hedgeInputs = {
      date,
      vixClosePts: vixClose,
      vixRsi14: inputs.vixRsi14[i] as number,
      spxMacdHist: inputs.spxMacdHist[i] as number,
      breadthDivergence01: inputs.breadthDivergence01[i] as number,
      tradingDaysToNextEvent: inputs.tradingDaysToNextEvent[i] as number,
      ...(userSeriesNames.length === 0 ? {} : { userSeries: userSeriesOn(i) }),
      isMonthlyVixExpiry: isVixExpiry,
      // Read by VXTH on roll days (and its first day) only.
      nextExpiryFutureVixPts: hasVxth && (isVixExpiry || t === 0) ? nextExpiryFuture(model, date) : Number.NaN,
    };

    // Per-day caches of leg quotes (shared across policies, small).
    // Keyed by expiry, then strike: no key string built per lookup (this runs for every
    // held leg of every policy, several times a day).
    const vixLegCache = new Map<IsoDate, Map<number, LegQuote>>();
    const vixLeg = (opt: VixOption): LegQuote => {
      let byStrike = vixLegCache.get(opt.expiry);
      if (byStrike === undefined) {
        byStrike = new Map();
        vixLegCache.set(opt.expiry, byStrike);
      }
      let q = byStrike.get(opt.strike);
      if (q === undefined) {
        q = priceVixCall(model, date, opt.expiry, opt.strike);
        byStrike.set(opt.strike, q);
      }
      return q;
    };
    let expiriesToday: readonly IsoDate[] | null = null;
    const listedExpiries = (): readonly IsoDate[] => (expiriesToday ??= model.vixExpiries(VIX_EXPIRIES_LISTED));
    const condorMarkCache = new Map<CondorQuote, number>();
    const condorMarkPerUnit = (q: CondorQuote): number => {
      let v = condorMarkCache.get(q);
      if (v === undefined) {
        v = q.date === date && ccfg.dte > 0 ? -(q.mids[1] + q.mids[2] - q.mids[0] - q.mids[3]) * MULTIPLIER.spxOption : markCondorUnit(model, date, q, condorSettlement(ccfg.settlement, ccfg.dte, q.expiry));
        condorMarkCache.set(q, v);
      }
      return v;
    };

    for (const b of books) {
      const run = b.run;
      const led = b.ledger;
      const policy = b.named.policy;
      b.actions = [];
      const ruined = stopOnRuin && run.ruinedOn !== null;
      // 1. Interest on the overnight balance.
      if (hasPrevDay) led.accrueInterest(t, d.rateFrac[i - 1] as number, daysBetween(d.dates[i - 1] as IsoDate, date));
      // 2. VIX settlements at the open.
      for (const layer of LAYER_NAMES) {
        const h = b.holdings[layer];
        if (h === null) continue;
        const keep: { instrument: VixOption; perUnit: number }[] = [];
        for (const leg of h.legs) {
          if (leg.instrument.expiry <= date) {
            const qty = h.units * leg.perUnit;
            led.settle(t, layer, leg.instrument, qty, soq);
            run.trades.push({ date, tag: layer, action: 'settle', instrument: leg.instrument, qty, price: Math.max(0, soq - leg.instrument.strike), feesCents: 0, settlement: soqRule });
          } else keep.push(leg);
        }
        if (keep.length !== h.legs.length) b.holdings[layer] = keep.length === 0 || h.units === 0 ? null : { units: h.units, legs: keep };
      }
      // 2a. AM-settled condors at the open (SET proxy).
      if (b.condors.length > 0) settleCondors(b, t, date, 'am', spxOpenOrClose, spxOpenRule);
      // 2b. Variance swaps accrue today's SPX return and settle at the close of their expiry.
      if (alt !== null) for (const layer of LAYER_NAMES) accrueAlt(b, t, date, layer, alt);
      // 4. Condors expiring today settle at the close (a 0DTE condor opens first, below).
      const notionalNow = (): number => {
        if (ccfg.notionalMode === 'fixed') return cfg.notional;
        let eq = led.cashCents / 100;
        for (const c of b.condors) if (c.quote.expiry > date) eq += c.contracts * condorMarkPerUnit(c.quote);
        for (const layer of LAYER_NAMES) eq += holdingValue(b.holdings[layer], vixLeg) + (alt === null ? 0 : altValue(b.alt[layer], date, alt));
        return eq;
      };
      if (ccfg.dte === 0 && quote.status === 'quoted' && condorLegs !== null && !ruined) {
        // Sized at the open on yesterday's closing equity (today's marks are not known yet).
        const atOpen = ccfg.notionalMode === 'fixed' || !hasPrevDay ? cfg.notional : b.prevEquityUsd;
        const nc = condorContracts(quote.maxLossPerContract, ccfg, atOpen);
        if (nc > 0) openCondor(b, t, date, quote, condorLegs, nc, costs, condorStyle);
      }
      // 4. PM-settled condors at the close.
      if (b.condors.length > 0) settleCondors(b, t, date, 'pm', spxClose, 'spxClosePM');
      // 4b. Optional management of the N-DTE condors still open.
      if (manage && b.condors.length > 0) manageCondors(b, t, date, model, vixClose, ccfg, costs);
      // 5. Hedge decision.
      const step = stepHedge(policy, b.hedgeState, hedgeInputs, { explain });
      b.hedgeState = step.state;
      const dec = step.decision;
      b.decision = dec;
      if (ruined) {
        // A ruined book trades no more: its positions run off to expiry.
        run.targetFraction[t] = Number.NaN;
        markBook(b, t, date, 0, vixLeg, alt, condorMarkPerUnit);
        continue;
      }
      run.targetFraction[t] = policy.kind === 'none' ? Number.NaN : dec.targetFraction;
      if (dec.regime !== null) run.regime[t] = REGIME_CODES[dec.regime] ?? NO_REGIME;
      if (dec.signalScore01 !== null) run.signalScore[t] = dec.signalScore01;
      if ('band' in dec) {
        const band = (dec as { band: { lo: number; hi: number } }).band;
        run.bandLo[t] = band.lo;
        run.bandHi[t] = band.hi;
      }
      // 6. The new condor (1DTE / N-DTE) on pre-trade equity.
      const notional = notionalNow();
      run.notionalUsd[t] = notional;
      if (ccfg.dte > 0 && quote.status === 'quoted' && condorLegs !== null) {
        const nc = condorContracts(quote.maxLossPerContract, ccfg, notional);
        if (nc > 0) openCondor(b, t, date, quote, condorLegs, nc, costs, condorStyle);
      }
      // 7. Hedge layers.
      const basis = 'basis' in policy ? policy.basis : 'deltaNotional';
      const headroomAt = (): number =>
        'spendCap' in policy && policy.spendCap !== null ? spendCapHeadroomUsdAt(b.capOffset + t, b.capDates, b.capSpendUsd, b.capCreditUsd, policy.spendCap) - (run.hedgeSpend[t] ?? 0) : Number.POSITIVE_INFINITY;
      for (const lt of dec.layers) {
        const def = b.defs[lt.layer];
        if (def === undefined) continue;
        const base = layerBase(b, t, lt.layer, notional);
        if (!(base > 0) && (basis === 'creditShare' || basis === 'ratio')) {
          b.actions.push({ layer: lt.layer, action: 'hold', reason: `the ${basis} budget has no base today (no condor credit or contracts): held` });
          continue;
        }
        const targetUsd = base * lt.targetFraction;
        if (def.instrument === 'vixFuturesEtp' || def.instrument === 'spxVarianceSwap') {
          invariant(alt !== null, 'alternative instruments need the shared alternative inputs');
          b.actions.push(manageAlt(b, t, date, lt.layer, def, targetUsd, dec, alt, costs, headroomAt));
          continue;
        }
        const act = manageLayer(b, t, date, model, lt.layer, def, targetUsd, dec, basis, vixLeg, costs, policy, headroomAt, listedExpiries);
        b.actions.push(act);
      }
      // 8. Marks, equity, P&L by tag.
      markBook(b, t, date, notional, vixLeg, alt, condorMarkPerUnit);
    }
    prevModel = model;
    if (opts.onProgress !== undefined && (t % progressEvery === 0 || t === n - 1)) opts.onProgress((t + 1) / n);
  }

  const snapshots: BookSnapshot[] = books.map((b) => {
    invariant(b.decision !== null, 'simulation ran no day');
    return {
      date: dates[n - 1] as IsoDate,
      decision: b.decision,
      hedgeState: b.hedgeState,
      holdings: { ...b.holdings },
      altHoldings: { ...b.alt },
      layerActions: b.actions,
      openCondors: b.condors,
      equityUsd: b.run.equity[n - 1] ?? 0,
      notionalUsd: b.run.notionalUsd[n - 1] ?? 0,
      marksUsd: { ...b.marks },
    };
  });
  // A resumed run is the tail of one run: its notes speak of that run's whole period.
  const firstDate = resume?.firstDate ?? (dates[0] as IsoDate);
  const lastDate = dates[n - 1] as IsoDate;
  const checkpoint = opts.checkpoint === true ? { format: CHECKPOINT_FORMAT, firstDate, date: lastDate, etpLevel, books: books.map(bookCheckpoint) } : undefined;
  return { dates, startIndex: start, runs: books.map((b) => b.run), condors, snapshots, ledgers: books.map((b) => b.ledger), notes: simulationNotes(firstDate, lastDate, ccfg, usesAlt), ...(checkpoint === undefined ? {} : { checkpoint }) };
}

/** The rows a resumed run walks: the day after the checkpoint's to `cfg.to`. */
function resumeRange(data: MarketData, cfg: SimulationConfig, cp: EngineCheckpoint): { start: number; end: number } {
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
function bookCheckpoint(b: PolicyBook): BookCheckpoint {
  const policy = b.named.policy;
  const last = b.capDates.length - 1;
  let first = last + 1;
  if ('spendCap' in policy && policy.spendCap !== null && last >= 0) {
    const lastDay = b.capDates[last] as IsoDate;
    first = last;
    while (first > 0 && daysBetween(b.capDates[first - 1] as IsoDate, lastDay) < policy.spendCap.windowDays) first--;
  }
  // A creditShare budget reads the credit of its trailing window.
  if ('basis' in policy && policy.basis === 'creditShare') first = Math.max(0, Math.min(first, last + 1 - creditWindowDays(policy)));
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

function quoteOrSkip(m: CondorMarket, ctx: Parameters<typeof quoteCondor>[1], cfg: CondorConfig, costs: CostModel): CondorQuoteResult {
  return quoteCondor(m, ctx, cfg, costs);
}

function unitLegs(q: CondorQuote): SpxOption[] {
  const u = q.unit;
  return [spxOption('put', u.putWing, u.expiry), spxOption('put', u.shortPut, u.expiry), spxOption('call', u.shortCall, u.expiry), spxOption('call', u.callWing, u.expiry)];
}

/** `x` floored to whole units when `whole`, else unchanged (fractional sizing). */
function wholeOr(whole: boolean, x: number): number {
  return whole ? Math.floor(x) : x;
}

/** Commissions + exchange fees of a fill of |qty| contracts, cents (portfolio/costs). */
function fillFeesCents(fee: CostModel['fees'][keyof CostModel['fees']], qty: number): number {
  const f = feesCents(fee, qty);
  return f.commissionCents + f.exchangeFeeCents;
}

function openCondor(b: PolicyBook, t: number, date: IsoDate, q: CondorQuote, legs: readonly SpxOption[], contracts: number, costs: CostModel, settlement: SettlementStyle): void {
  const fee = costs.fees.spxOption;
  let received = 0;
  legs.forEach((leg, k) => {
    const qty = contracts * (k === 0 || k === 3 ? 1 : -1);
    const price = q.fills[k] as number;
    received += b.ledger.fill(t, 'condor', qty, price, leg.multiplier, fee);
    b.run.trades.push({ date, tag: 'condor', action: 'open', instrument: leg, qty, price, feesCents: fillFeesCents(fee, qty), ...chainSource(q.sources?.[k] === 'chain') });
  });
  b.condors.push({ quote: q, contracts, legs, settlement });
  b.run.condorCredit[t] = (b.run.condorCredit[t] ?? 0) + Math.max(0, received / 100);
  b.run.condorContracts[t] = (b.run.condorContracts[t] ?? 0) + contracts;
}

/** The trade field of a fill on a real chain's quote (nothing for a modelled fill). */
function chainSource(real: boolean): { source?: 'chain' } {
  return real ? { source: 'chain' } : {};
}

/** Settles the book's condors of settlement style `style` expiring on or before `date` at `settle` (index points). */
function settleCondors(b: PolicyBook, t: number, date: IsoDate, style: SettlementStyle, settle: number, rule: SettlementRule): void {
  const still: OpenCondor[] = [];
  for (const c of b.condors) {
    if (c.quote.expiry > date || c.settlement !== style) {
      still.push(c);
      continue;
    }
    c.legs.forEach((leg, k) => {
      const qty = c.contracts * (k === 0 || k === 3 ? 1 : -1);
      b.ledger.settle(t, 'condor', leg, qty, settle);
      const price = leg.type === 'call' ? Math.max(0, settle - leg.strike) : Math.max(0, leg.strike - settle);
      b.run.trades.push({ date, tag: 'condor', action: 'settle', instrument: leg, qty, price, feesCents: 0, settlement: rule });
    });
  }
  b.condors = still;
}

/**
 * Trade management of N-DTE condors at the close (optional): a condor whose buy-back (mid ±
 * the fill's share of the half-spread, plus fees) leaves a profit of at least
 * profitTakeFrac × its credit, or a loss of at least stopLossMult × its credit, is bought back.
 */
function manageCondors(b: PolicyBook, t: number, date: IsoDate, m: DayModel, vixPts: number, cfg: CondorConfig, costs: CostModel): void {
  const fee = costs.fees.spxOption;
  const spread = costs.spread.spxOption;
  const still: OpenCondor[] = [];
  for (const c of b.condors) {
    if (c.quote.date === date || c.quote.expiry <= date) {
      still.push(c);
      continue;
    }
    const years = condorYears(date, c.quote.expiry, c.settlement);
    const sides = c.legs.map((leg, k) => (k === 0 || k === 3 ? -1 : 1));
    const listed = c.legs.map((leg) => m.listedQuote?.('SPX', leg.type, leg.expiry as IsoDate, leg.strike) ?? null);
    const px = c.legs.map((leg, k) => {
      const mid = listed[k]?.mid ?? bsmPrice(leg.type, m.spot, leg.strike, years, m.rateFrac, m.divFrac, m.spxVol(leg.strike, years));
      return legFill(spread, costs.fillFraction, mid, vixPts / 100, (sides[k] as number) > 0 ? 'buy' : 'sell', listed[k] ?? null);
    });
    let closeCostPerUnit = 0;
    px.forEach((p, k) => {
      closeCostPerUnit += (sides[k] as number) * p * MULTIPLIER.spxOption;
    });
    closeCostPerUnit += c.quote.feesPerContract;
    const pnlPerUnit = c.quote.creditPerContract - closeCostPerUnit;
    const credit = c.quote.creditPerContract;
    const take = cfg.profitTakeFrac !== null && pnlPerUnit >= cfg.profitTakeFrac * credit;
    const stop = cfg.stopLossMult !== null && -pnlPerUnit >= cfg.stopLossMult * credit;
    if (!take && !stop) {
      still.push(c);
      continue;
    }
    c.legs.forEach((leg, k) => {
      const qty = c.contracts * (sides[k] as number);
      const price = px[k] as number;
      b.ledger.fill(t, 'condor', qty, price, leg.multiplier, fee);
      b.run.trades.push({ date, tag: 'condor', action: 'close', instrument: leg, qty, price, feesCents: fillFeesCents(fee, qty), ...chainSource(listed[k] !== null) });
    });
  }
  b.condors = still;
}

/**
 * Step 8: marks every position at the close, writes the day's equity, P&L by tag, exposure
 * by layer and net hedge cash flow, and marks the book ruined when its equity is 0 or below.
 */
function markBook(b: PolicyBook, t: number, date: IsoDate, notional: number, vixLeg: (o: VixOption) => LegQuote, alt: AltDay | null, condorMarkPerUnit: (q: CondorQuote) => number): void {
  const run = b.run;
  const led = b.ledger;
  const policy = b.named.policy;
  const basis = 'basis' in policy ? policy.basis : 'deltaNotional';
  let condorMark = 0;
  for (const c of b.condors) condorMark += c.contracts * condorMarkPerUnit(c.quote);
  const newMarks: Record<LedgerTag, number> = { condor: condorMark, L1: 0, L2: 0, L3: 0, cash: 0 };
  let hedgeFlowCents = 0;
  for (const layer of LAYER_NAMES) {
    const h = b.holdings[layer];
    const ah = b.alt[layer];
    newMarks[layer] = holdingValue(h, vixLeg) + (alt === null ? 0 : altValue(ah, date, alt));
    const ex = (h === null ? 0 : holdingExposure(h, basis, vixLeg)) + (ah === null || alt === null ? 0 : ah.units * altExposurePerUnit(ah, alt));
    const base = layerBase(b, t, layer, notional);
    run.exposure[layer][t] = !(base > 0) ? 0 : ex / base;
    hedgeFlowCents += (led.flowCents[layer][t] ?? 0) + (led.costCents[layer][t] ?? 0);
  }
  let fees = 0;
  for (const tag of ['condor', 'L1', 'L2', 'L3', 'cash'] as const) {
    fees += (led.costCents[tag][t] ?? 0) / 100;
    if (tag === 'cash') run.pnl.cash[t] = (led.flowCents.cash[t] ?? 0) / 100;
    else run.pnl[tag][t] = (led.flowCents[tag][t] ?? 0) / 100 + newMarks[tag] - b.marks[tag];
  }
  run.pnl.fees[t] = fees;
  run.hedgeCashFlow[t] = hedgeFlowCents / 100;
  b.marks = newMarks;
  run.hedgeValue[t] = newMarks.L1 + newMarks.L2 + newMarks.L3;
  const equity = led.cashCents / 100 + condorMark + newMarks.L1 + newMarks.L2 + newMarks.L3;
  run.equity[t] = equity;
  b.prevEquityUsd = equity;
  if (run.ruinedOn === null && !(equity > 0)) run.ruinedOn = date;
}

/**
 * What the policy's target numbers multiply for a layer today (hedge/exposure.ts
 * `basisBase`): the notional, the trailing condor credit, notional × the layer's tenor, or
 * the condor contracts open. Reads days up to t only.
 */
function layerBase(b: PolicyBook, t: number, layer: LayerName, notional: number): number {
  const policy = b.named.policy;
  if (policy.kind === 'none' || !isBudgetBasis(policy.basis)) return Math.max(0, notional);
  let open = 0;
  if (policy.basis === 'ratio') {
    if (b.condorDte === 0) open = b.run.condorContracts[t] ?? 0;
    else for (const c of b.condors) open += c.contracts;
  }
  return basisBase(policy.basis, {
    notionalUsd: notional,
    trailingCreditUsd: policy.basis === 'creditShare' ? trailingSum(b.capCreditUsd, b.capOffset + t, creditWindowDays(policy)) : 0,
    condorContractsOpen: open,
    layerTenorYears: (b.defs[layer]?.targetDte ?? 0) / 365,
  });
}

/** ACT/365 years from a trade at the close of `date` to the settlement of an expiry (AM: its open; PM: its close). */
function condorYears(date: IsoDate, expiry: IsoDate, style: SettlementStyle): number {
  return Math.max(0, daysBetween(date, expiry) - (style === 'am' ? CLOSE_TO_OPEN_DAYS : 0)) / 365;
}

/** Mark of one condor (qty 1) at the close: Σ signed legs × BSM mid × 100 (≤ 0 for the seller). */
function markCondorUnit(m: DayModel, date: IsoDate, q: CondorQuote, style: SettlementStyle): number {
  const years = condorYears(date, q.expiry, style);
  const u = q.unit;
  const p = (type: 'call' | 'put', k: number): number => bsmPrice(type, m.spot, k, years, m.rateFrac, m.divFrac, m.spxVol(k, years));
  return -(p('put', u.shortPut) + p('call', u.shortCall) - p('put', u.putWing) - p('call', u.callWing)) * MULTIPLIER.spxOption;
}

/** Years from today's close to the expiry morning's open (VIX settlement). */
function vixYears(date: IsoDate, expiry: IsoDate): number {
  return Math.max(0, daysBetween(date, expiry) - CLOSE_TO_OPEN_DAYS) / 365;
}

function priceVixCall(m: DayModel, date: IsoDate, expiry: IsoDate, strike: number): LegQuote {
  const forward = m.vxFuture(expiry).price;
  const vol = m.vixOptionVol(expiry, strike);
  const years = vixYears(date, expiry);
  const listed = m.listedQuote?.('VIX', 'call', expiry, strike) ?? null;
  return { mid: black76Price('call', forward, strike, years, m.rateFrac, vol), delta: black76Delta('call', forward, strike, years, m.rateFrac, vol), forward, vol, listed };
}

function nextExpiryFuture(m: DayModel, date: IsoDate): number {
  const e = m.vixExpiries(2).find((x) => x > date);
  return e === undefined ? Number.NaN : m.vxFuture(e).price;
}

function holdingValue(h: LayerHolding | null, q: (o: VixOption) => LegQuote): number {
  if (h === null) return 0;
  let v = 0;
  for (const leg of h.legs) v += h.units * leg.perUnit * q(leg.instrument).mid * leg.instrument.multiplier;
  return v;
}

/**
 * The legs that carry a layer's exposure: all of them, except in a spread (a calendar),
 * where only the long leg counts. A calendar's net delta notional is a small difference of
 * two large numbers that changes sign with the curve's slope; sizing on it buys thousands
 * of calendars one day and sells them the next. The long leg is the convexity bought, and
 * the short leg only finances it (the `faceNotional` basis already counts long legs only).
 */
function exposureLegs(h: LayerHolding, units: number, q: (o: VixOption) => LegQuote): ExposureLeg[] {
  const longs = h.legs.some((l) => l.perUnit < 0) ? h.legs.filter((l) => l.perUnit > 0) : h.legs;
  return longs.map((leg) => {
    const lq = q(leg.instrument);
    return { qty: units * leg.perUnit, multiplier: leg.instrument.multiplier, delta: lq.delta, underlyingPts: lq.forward, markPts: lq.mid };
  });
}

function holdingExposure(h: LayerHolding, basis: ExposureBasis, q: (o: VixOption) => LegQuote): number {
  return exposureUsd(exposureLegs(h, h.units, q), basis);
}

/** The instrument a layer would buy today (structure with units 1), or why none. */
function selectLayerInstrument(m: DayModel, date: IsoDate, def: LayerDef, grid: Parameters<typeof selectStrikeByDelta>[0]['grid'], listedExpiries: () => readonly IsoDate[]): LayerHolding | string {
  const expiries = listedExpiries();
  // Strike search: Black-76 delta straight from the model (no leg objects, no cache entries).
  // Strike search on one expiry. The model's upward VIX call skew can make |delta| flat or
  // even rising far out of the money, and far enough out the modelled call price rises with
  // the strike (the smile is no longer arbitrage-free there). So we scan up from 0.8·F and
  // stop at the first listed strike whose |delta| falls to the target, or where the call
  // price stops falling; the hedge module's rule then picks the strike nearest the target
  // among those scanned (on a well-behaved smile: the crossing and the strike before it).
  const byDelta = (expiry: IsoDate, f: number): ReturnType<typeof selectStrikeByDelta> => {
    const years = vixYears(date, expiry);
    const deltaAtStrike = (_e: IsoDate, k: number): number => black76Delta('call', f, k, years, m.rateFrac, m.vixOptionVol(expiry, k));
    const base = { expiry, targetDelta: def.targetDelta, grid, deltaAtStrike, futureVixPts: f };
    const listed = strikesOnGrid(grid, 0.8 * f, 4 * f);
    const first = listed[0];
    if (first === undefined) return selectStrikeByDelta(base);
    let prevPrice = Number.POSITIVE_INFINITY;
    for (let j = 0; j < listed.length; j++) {
      const k = listed[j] as number;
      const price = black76Price('call', f, k, years, m.rateFrac, m.vixOptionVol(expiry, k));
      if (j > 0 && price > prevPrice) return selectStrikeByDelta({ ...base, minStrikePts: first, maxStrikePts: listed[j - 1] as number });
      if (Math.abs(deltaAtStrike(expiry, k)) <= def.targetDelta) {
        return selectStrikeByDelta({ ...base, minStrikePts: listed[Math.max(0, j - 1)] as number, maxStrikePts: k });
      }
      prevPrice = price;
    }
    return selectStrikeByDelta({ ...base, minStrikePts: first, maxStrikePts: listed[listed.length - 1] as number });
  };
  if (def.instrument === 'vixCall') {
    const e = selectExpiry(def, date, expiries);
    if (e.status === 'none') return e.reason;
    const s = byDelta(e.expiry, m.vxFuture(e.expiry).price);
    if (s.status === 'none') return s.reason;
    return { units: 1, legs: [{ instrument: vixOption('call', s.strikePts, e.expiry), perUnit: 1 }] };
  }
  const c = selectCalendarExpiries(def, date, expiries);
  if (c.status === 'none') return c.reason;
  const s = byDelta(c.shortExpiry, m.vxFuture(c.shortExpiry).price);
  if (s.status === 'none') return s.reason;
  return {
    units: 1,
    legs: [
      { instrument: vixOption('call', s.strikePts, c.longExpiry), perUnit: 1 },
      { instrument: vixOption('call', s.strikePts, c.shortExpiry), perUnit: -1 },
    ],
  };
}

/** Trades `du` units of a layer structure; returns the number of units actually traded. */
function tradeLayer(b: PolicyBook, t: number, date: IsoDate, layer: LayerName, h: LayerHolding, du: number, q: (o: VixOption) => LegQuote, costs: CostModel, headroomUsd: number): number {
  if (du === 0) return 0;
  const fee = costs.fees.vixOption;
  const f = costs.fillFraction;
  const px = h.legs.map((leg) => {
    const lq = q(leg.instrument);
    const side = du * leg.perUnit > 0 ? 'buy' : 'sell';
    return legFill(costs.spread.vixOption, f, lq.listed?.mid ?? lq.mid, lq.vol, side, lq.listed);
  });
  if (du > 0 && Number.isFinite(headroomUsd)) {
    // Spend cap: buy no more units than the trailing headroom pays for.
    let perUnit = 0;
    h.legs.forEach((leg, k) => {
      perUnit += leg.perUnit * (px[k] as number) * leg.instrument.multiplier + Math.abs(leg.perUnit) * (fee.commissionPerContract + fee.exchangeFeePerContract);
    });
    if (perUnit > 0) du = Math.min(du, Math.max(0, wholeOr(b.whole, headroomUsd / perUnit)));
    if (du === 0) return 0;
  }
  let premiumCents = 0;
  let feeCents = 0;
  h.legs.forEach((leg, k) => {
    const qty = du * leg.perUnit;
    const price = px[k] as number;
    const before = b.ledger.cashCents;
    const fc = fillFeesCents(fee, qty);
    b.ledger.fill(t, layer, qty, price, leg.instrument.multiplier, fee);
    premiumCents += b.ledger.cashCents - before + fc;
    feeCents += fc;
    b.run.trades.push({ date, tag: layer, action: du > 0 ? 'open' : 'close', instrument: leg.instrument, qty, price, feesCents: fc, ...chainSource(q(leg.instrument).listed !== null) });
  });
  // Hedge spend: the net debit of increasing trades plus all hedge fees.
  b.run.hedgeSpend[t] = (b.run.hedgeSpend[t] ?? 0) + (du > 0 ? Math.max(0, -premiumCents) / 100 : 0) + feeCents / 100;
  return du;
}

function manageLayer(
  b: PolicyBook,
  t: number,
  date: IsoDate,
  m: DayModel,
  layer: LayerName,
  def: LayerDef,
  targetUsd: number,
  dec: HedgeDecision,
  basis: ExposureBasis,
  q: (o: VixOption) => LegQuote,
  costs: CostModel,
  policy: HedgePolicy,
  headroom: () => number,
  listedExpiries: () => readonly IsoDate[],
): LayerAction {
  const grid = 'strikeGrid' in policy ? policy.strikeGrid : [{ fromVixPts: 0, stepVixPts: 1 }];
  const held = b.holdings[layer];
  const rule = dec.rebalance;
  const tradeAllowed = rule.kind === 'band' || rule.rollToday;
  const minExpiry = held === null ? null : held.legs.reduce<IsoDate | null>((a, l) => (a === null || l.instrument.expiry < a ? l.instrument.expiry : a), null);
  const rollDue = held !== null && minExpiry !== null && needsRoll(def, date, minExpiry);
  const band = rule.kind === 'band' ? rule.band : 0;

  const openNew = (verb: 'open' | 'roll'): LayerAction => {
    if (!(targetUsd > 0)) return { layer, action: verb === 'roll' ? 'close' : 'none', reason: verb === 'roll' ? 'rolled out, target is 0' : 'target is 0' };
    // Pre-check on the last selected instrument, repriced today: when the target is under
    // 30% of a contract of it, skip the strike search (a small account would redo it daily).
    // Budget bases size small fractions of a call (0.1 calls per condor) and skip it unless
    // sizing is whole (the notional bases keep it in both sizings, as their golden runs pin).
    const last = b.lastSelection[layer];
    if (last !== null && (b.whole || !isBudgetBasis(basis)) && last.legs.every((l) => l.instrument.expiry > date) && !needsRoll(def, date, last.legs.reduce((a, l) => (l.instrument.expiry < a ? l.instrument.expiry : a), last.legs[0]?.instrument.expiry ?? date))) {
      const perLast = exposureUsd(exposureLegs(last, 1, q), basis);
      if (perLast > 0 && targetUsd < 0.3 * perLast) return { layer, action: 'none', reason: `target ${targetUsd.toFixed(0)} USD is under half a contract (${perLast.toFixed(0)} USD each)` };
    }
    const sel = selectLayerInstrument(m, date, def, grid, listedExpiries);
    if (typeof sel !== 'string') b.lastSelection[layer] = sel;
    if (typeof sel === 'string') return { layer, action: 'none', reason: `no instrument: ${sel}` };
    const per = exposureUsd(exposureLegs(sel, 1, q), basis);
    if (!(per > 0)) return { layer, action: 'none', reason: `the selected structure has no positive ${basis} exposure` };
    const units = unitsForTarget(targetUsd, per, b.whole);
    if (units === 0) return { layer, action: 'none', reason: `target ${targetUsd.toFixed(0)} USD is under half a contract (${per.toFixed(0)} USD each)` };
    const done = tradeLayer(b, t, date, layer, sel, units, q, costs, headroom());
    if (done === 0) return { layer, action: 'none', reason: 'spend cap reached' };
    b.holdings[layer] = { units: done, legs: sel.legs };
    return { layer, action: verb, reason: `${verb === 'roll' ? 'rolled into' : 'bought'} ${done} × ${describeHolding(sel)}` };
  };

  if (!tradeAllowed) return { layer, action: 'hold', reason: 'between rolls: held, not rebalanced' };
  if (held !== null && (rollDue || rule.kind === 'rollOnly')) {
    tradeLayer(b, t, date, layer, held, -held.units, q, costs, Number.POSITIVE_INFINITY);
    b.holdings[layer] = null;
    return openNew('roll');
  }
  if (held === null) return openNew('open');
  const per = exposureUsd(exposureLegs(held, 1, q), basis);
  if (!(per > 0)) {
    tradeLayer(b, t, date, layer, held, -held.units, q, costs, Number.POSITIVE_INFINITY);
    b.holdings[layer] = null;
    return openNew('roll');
  }
  const r = rebalanceLayer(held.units, per, targetUsd, band, b.whole);
  if (r.action === 'hold') {
    const offBand = Math.abs(held.units * per - targetUsd) > band * targetUsd;
    const why = r.reason !== 'within_band' ? 'no target, no position' : offBand ? `${held.units} is already the whole number of contracts nearest the target` : `within the ${(band * 100).toFixed(0)}% band`;
    return { layer, action: 'hold', reason: why };
  }
  const done = tradeLayer(b, t, date, layer, held, r.deltaContracts, q, costs, headroom());
  const units = held.units + done;
  b.holdings[layer] = units === 0 ? null : { units, legs: held.legs };
  return { layer, action: units === 0 ? 'close' : 'rebalance', reason: `${done > 0 ? 'bought' : 'sold'} ${Math.abs(done)} to ${units} × ${describeHolding(held)}` };
}


/** The day's shared inputs of the alternative instruments. */
interface AltDay {
  /** Modelled ETP share price at the close (after any split today). */
  readonly etpLevel: number;
  /** Reverse-split factor applied today (1 = none). */
  readonly etpSplit: number;
  readonly etpInstrument: Etp;
  readonly spxLogReturn: number;
  readonly vixFrac: number;
  readonly model: DayModel;
  readonly rateFrac: number;
}

type SwapHolding = Extract<AltHolding, { kind: 'varianceSwap' }>;

function impliedRemainingVar(h: SwapHolding, date: IsoDate, a: AltDay): number {
  const days = daysBetween(date, h.instrument.expiry);
  return days > 0 ? a.model.spxVariance(days / 365) : 0;
}

/** Value of one swap unit (dollars) at today's close; `volShiftPts` moves the implied remaining vol (a fill). */
function swapValuePerUnit(h: SwapHolding, date: IsoDate, a: AltDay, volShiftPts = 0): number {
  const days = Math.max(0, daysBetween(date, h.instrument.expiry));
  const iv = Math.max(0, Math.sqrt(impliedRemainingVar(h, date, a)) + volShiftPts / 100);
  return (
    VARIANCE_NOTIONAL_PER_UNIT *
    varianceSwapValuePerVarNotional({
      strikeVar: h.instrument.strikeVar,
      returns: h.returns,
      observed: h.observed,
      sumSqLogReturns: h.sumSqLogReturns,
      impliedRemainingVar: iv * iv,
      discountFactor: Math.exp((-a.rateFrac * days) / 365),
    })
  );
}

function altValue(h: AltHolding | null, date: IsoDate, a: AltDay): number {
  if (h === null) return 0;
  return h.kind === 'etp' ? h.units * a.etpLevel : h.units * swapValuePerUnit(h, date, a);
}

/**
 * Exposure per unit in the policy basis. ETP: its market value (VIX-futures beta 1; the
 * same in every basis). Variance swap: its vega notional (per vol point, fixed at the
 * trade) × the strike in vol points, 2 · K_var · N_var (pricing/varianceSwap.ts), the same
 * in every basis (the swap costs nothing to enter). It is a contract term, not the
 * decaying remaining vega, so a swap is re-sized only when the target moves off its band.
 */
function altExposurePerUnit(h: AltHolding, a: AltDay): number {
  if (h.kind === 'etp') return a.etpLevel;
  return VARIANCE_NOTIONAL_PER_UNIT * varianceSwapExposureUsd(1, h.instrument.strikeVar, 1);
}

/** Daily bookkeeping of an alternative holding: an ETP reverse split; a swap's accrual and settlement. */
function accrueAlt(b: PolicyBook, t: number, date: IsoDate, layer: LayerName, a: AltDay): void {
  const h = b.alt[layer];
  if (h === null) return;
  if (h.kind === 'etp') {
    if (a.etpSplit === 1) return;
    // Whole new shares; the odd old shares are paid out at their value (cash in lieu).
    const keep = wholeOr(b.whole, h.units / a.etpSplit);
    const odd = h.units - keep * a.etpSplit;
    if (odd > 0) {
      const price = a.etpLevel / a.etpSplit;
      b.ledger.post(t, 'premium', layer, Math.round(odd * price * 100) + 0);
      b.run.trades.push({ date, tag: layer, action: 'close', instrument: h.instrument, qty: -odd, price, feesCents: 0 });
    }
    b.alt[layer] = keep === 0 ? null : { ...h, units: keep };
    return;
  }
  if (date <= h.instrument.tradeDate) return;
  h.observed = Math.min(h.returns, h.observed + 1);
  h.sumSqLogReturns += a.spxLogReturn * a.spxLogReturn;
  if (date >= h.instrument.expiry) {
    h.observed = h.returns;
    const per = swapValuePerUnit(h, date, a);
    b.ledger.post(t, 'settlement', layer, Math.round(h.units * per * 100) + 0);
    b.run.trades.push({ date, tag: layer, action: 'settle', instrument: h.instrument, qty: h.units, price: per, feesCents: 0 });
    b.alt[layer] = null;
  }
}

function tradeEtp(b: PolicyBook, t: number, date: IsoDate, layer: LayerName, du: number, a: AltDay, costs: CostModel, headroomUsd: number): number {
  if (du === 0) return 0;
  const fee = costs.fees.etp;
  const px = fillPrice(a.etpLevel, halfSpread(costs.spread.etp, a.etpLevel, a.vixFrac), du > 0 ? 'buy' : 'sell', costs.fillFraction);
  if (du > 0 && Number.isFinite(headroomUsd)) {
    du = Math.min(du, Math.max(0, wholeOr(b.whole, headroomUsd / (px + fee.commissionPerContract + fee.exchangeFeePerContract))));
    if (du === 0) return 0;
  }
  const before = b.ledger.cashCents;
  const fc = fillFeesCents(fee, du);
  b.ledger.fill(t, layer, du, px, 1, fee);
  const premiumCents = b.ledger.cashCents - before + fc;
  b.run.trades.push({ date, tag: layer, action: du > 0 ? 'open' : 'close', instrument: a.etpInstrument, qty: du, price: px, feesCents: fc });
  b.run.hedgeSpend[t] = (b.run.hedgeSpend[t] ?? 0) + (du > 0 ? Math.max(0, -premiumCents) / 100 : 0) + fc / 100;
  return du;
}

/** Unwinds a swap at its value with the remaining implied vol moved against us by the fill. */
function closeSwap(b: PolicyBook, t: number, date: IsoDate, layer: LayerName, h: SwapHolding, a: AltDay, costs: CostModel): void {
  const volPts = Math.sqrt(impliedRemainingVar(h, date, a)) * 100;
  const shift = costs.fillFraction * halfSpread(costs.spread.varianceSwap, volPts, a.vixFrac);
  const mid = swapValuePerUnit(h, date, a);
  const per = swapValuePerUnit(h, date, a, -shift);
  b.ledger.post(t, 'premium', layer, Math.round(h.units * per * 100) + 0);
  b.run.trades.push({ date, tag: layer, action: 'close', instrument: h.instrument, qty: -h.units, price: per, feesCents: 0 });
  b.run.hedgeSpend[t] = (b.run.hedgeSpend[t] ?? 0) + Math.max(0, h.units * (mid - per));
  b.alt[layer] = null;
}

/** Open / roll / rebalance of a layer holding an ETP or a variance swap (the counterpart of manageLayer). */
function manageAlt(b: PolicyBook, t: number, date: IsoDate, layer: LayerName, def: LayerDef, targetUsd: number, dec: HedgeDecision, a: AltDay, costs: CostModel, headroom: () => number): LayerAction {
  const rule = dec.rebalance;
  if (!(rule.kind === 'band' || rule.rollToday)) return { layer, action: 'hold', reason: 'between rolls: held, not rebalanced' };
  const band = rule.kind === 'band' ? rule.band : 0;
  const held = b.alt[layer];
  if (def.instrument === 'vixFuturesEtp') {
    const units = held?.units ?? 0;
    const r = rebalanceLayer(units, a.etpLevel, targetUsd, band, b.whole);
    if (r.action === 'hold') return held === null ? { layer, action: 'none', reason: 'target is 0' } : { layer, action: 'hold', reason: `within the ${(band * 100).toFixed(0)}% band` };
    const done = tradeEtp(b, t, date, layer, r.deltaContracts, a, costs, headroom());
    if (done === 0) return { layer, action: 'none', reason: 'spend cap reached' };
    const u = units + done;
    b.alt[layer] = u === 0 ? null : { kind: 'etp', units: u, instrument: a.etpInstrument };
    const action = held === null ? 'open' : u === 0 ? 'close' : 'rebalance';
    return { layer, action, reason: `${done > 0 ? 'bought' : 'sold'} ${Math.abs(done)} to ${u} × ${a.etpInstrument.symbol} (modelled 30-day VIX futures ETP at ${a.etpLevel.toFixed(2)})` };
  }
  let verb: 'open' | 'roll' = 'open';
  if (held !== null && held.kind === 'varianceSwap') {
    const per = altExposurePerUnit(held, a);
    const off = !(per > 0) || rule.kind === 'rollOnly' || needsRoll(def, date, held.instrument.expiry) || needsRebalance(held.units * per, targetUsd, band);
    if (!off) return { layer, action: 'hold', reason: `within the ${(band * 100).toFixed(0)}% band` };
    closeSwap(b, t, date, layer, held, a, costs);
    verb = 'roll';
  }
  if (!(targetUsd > 0)) return { layer, action: verb === 'roll' ? 'close' : 'none', reason: verb === 'roll' ? 'closed, target is 0' : 'target is 0' };
  const vixPts = a.vixFrac * 100;
  const kMid = varianceStrikeOfVix(vixPts);
  const units = unitsForTarget(targetUsd, VARIANCE_NOTIONAL_PER_UNIT * varianceSwapExposureUsd(1, kMid, 1), b.whole);
  if (units === 0) return { layer, action: 'none', reason: `target ${targetUsd.toFixed(0)} USD is under half a unit` };
  const terms = varianceSwapTerms(date, def.targetDte);
  const strikePts = vixPts + costs.fillFraction * halfSpread(costs.spread.varianceSwap, vixPts, a.vixFrac);
  const kFill = varianceStrikeOfVix(strikePts);
  const costPerUnit = VARIANCE_NOTIONAL_PER_UNIT * (kFill - kMid) * Math.exp((-a.rateFrac * daysBetween(date, terms.expiry)) / 365);
  const room = headroom();
  const n = costPerUnit > 0 && Number.isFinite(room) ? Math.min(units, Math.max(0, wholeOr(b.whole, room / costPerUnit))) : units;
  if (n === 0) return { layer, action: 'none', reason: 'spend cap reached' };
  const instrument = varianceSwap(kFill, date, terms.expiry);
  b.alt[layer] = { kind: 'varianceSwap', units: n, instrument, returns: terms.returns, observed: 0, sumSqLogReturns: 0 };
  b.run.trades.push({ date, tag: layer, action: 'open', instrument, qty: n, price: strikePts, feesCents: 0 });
  b.run.hedgeSpend[t] = (b.run.hedgeSpend[t] ?? 0) + n * costPerUnit;
  return { layer, action: verb, reason: `${verb === 'roll' ? 'rolled into' : 'bought'} ${n} × ${describeAlt(b.alt[layer])}` };
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

function simulationNotes(first: IsoDate, last: IsoDate, cfg: CondorConfig, usesAlt: boolean): string[] {
  const notes: string[] = [];
  if (first < '2004-06-14') notes.push('Before 2004-06-14 Cboe published no VIX open: VIX settlements (SOQ proxy) use the VIX close of the expiry day.');
  if (usesAlt) {
    notes.push('The VIX-futures ETP is modelled as the daily-rolled VX1/VX2 blend of the VXX methodology (real VX settles where listed, the model curve elsewhere; hypothetical before 2009); the SPX variance swap is marked on realized variance plus the model\'s VIX-family variance (OTC, hypothetical).');
  }
  notes.push('All policies sell the same condors; each policy sizes them on its own equity (notional mode: ' + cfg.notionalMode + ').');
  return modelledNotice(first, last, notes);
}
