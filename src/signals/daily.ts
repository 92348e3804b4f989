/**
 * The daily signal (DESIGN §1, §6): today's condor and today's hedge book for one policy.
 * It runs the same kernel as the backtest over the history up to `date`, so the regime
 * (with its hysteresis), the RSI triggers and the layer holdings are exactly what the
 * backtest holds at that close; it then reports the last day with a rationale in words.
 */
import { InputError, invariant } from '../core/errors.js';
import type { IsoDate } from '../core/time.js';
import type { MarketData } from '../market/types.js';
import { tradingDayIndex } from '../market/series.js';
import type { ModelCalibration } from '../portfolio/marketModel.js';
import { DEFAULT_COST_MODEL, type CostModel } from '../portfolio/costs.js';
import { fmtTarget, targetUnit, type ExposureBasis, type HedgePolicy, type LayerName } from '../hedge/index.js';
import type { AlvhDecision } from '../hedge/alvh.js';
import type { CondorConfig, LegSource } from '../strategy/condor.js';
import { signalInputSeries } from '../engine/inputs.js';
import { simulate } from '../engine/dayLoop.js';
import { describeAlt, describeHolding, isOptionTrade, type AltHolding, type LayerHolding, type NamedPolicy, type SimulationConfig, type SimulationResult } from '../engine/types.js';
import type { EngineCheckpoint } from '../engine/checkpoint.js';
import { freshness, type StaleInput } from './freshness.js';

export interface SignalOptions {
  /** Starting capital of the history run (default 100,000). */
  readonly notional?: number;
  /** First day of the history run (default: the first day of the data). */
  readonly from?: IsoDate;
  readonly costs?: CostModel;
  /** User series for the ALVH signal score (see SimulationConfig.userSeries). */
  readonly userSeries?: Readonly<Record<string, Float64Array>>;
  /**
   * The state of the same history run at an earlier close (engine/checkpoint.ts): only
   * the days after it are replayed. The caller vouches that it fits these settings and data.
   */
  readonly resume?: EngineCheckpoint;
  /** The day view of the market (SimulationConfig.dayModel): real chains behind the model. */
  readonly dayModel?: SimulationConfig['dayModel'];
  /**
   * Where the prices come from, in words (the chain directory, the calibration file): the
   * signal then carries `prices` (which of the day's option prices were real).
   */
  readonly pricesFrom?: readonly string[];
}

/** Which of the day's option prices were a real chain's and which the model's (a signal on --chains or --calibration). */
export interface SignalPrices {
  /** Where the prices come from, in words. */
  readonly from: readonly string[];
  /** The condor's legs (put wing, short put, short call, call wing): filled on a chain's bid/ask or modelled; null without a condor quote. */
  readonly condorLegs: readonly LegSource[] | null;
  /** The day's option fills of the book (condor and hedge layers): on a chain's quotes, and all. */
  readonly optionFills: { readonly chain: number; readonly all: number };
}

export interface SignalLayer {
  readonly name: LayerName;
  /** Instrument kind of the layer and the position held, in words. */
  readonly instrument: string;
  readonly position: string | null;
  /** Expiration of the (long) leg held, null when flat. */
  readonly expiration: IsoDate | null;
  readonly strike: number | null;
  /** Every option held after today's trades, signed contracts (+ long, − short): the book to hold. */
  readonly legs: readonly { readonly type: 'call' | 'put'; readonly expiration: IsoDate; readonly strike: number; readonly qty: number }[];
  /** Units held after today's trades (calendars count one per long + short pair). */
  readonly contracts: number;
  /** Exposure at the close, fraction of condor notional, in the policy's basis. */
  readonly exposure: number;
  /** Target exposure, fraction of condor notional. */
  readonly targetFraction: number;
  /** Market value of the holding at the close (modelled), dollars. */
  readonly cost: number;
  readonly action: string;
  /** A published signal's layer: the engine book's own trade of the day (`action` is then the account's orders). */
  readonly engineAction?: string;
  /** A holding of an alternative instrument, with what a scenario needs to reprice it (absent for VIX option layers). */
  readonly alt?: SignalAltHolding;
}

/** An ETP or variance-swap holding after today's trades (modelled). */
export type SignalAltHolding =
  | { readonly kind: 'etp'; readonly symbol: string; readonly shares: number; readonly levelUsd: number }
  | {
      readonly kind: 'varianceSwap';
      readonly units: number;
      readonly strikeVolPts: number;
      readonly strikeVar: number;
      readonly tradeDate: IsoDate;
      readonly expiry: IsoDate;
      /** Daily returns in the swap's life, those observed so far, and their Σ ln² (accrued realized variance). */
      readonly returns: number;
      readonly observed: number;
      readonly sumSqLogReturns: number;
    };

function signalAlt(h: AltHolding, etpLevelUsd: number): SignalAltHolding {
  if (h.kind === 'etp') return { kind: 'etp', symbol: h.instrument.symbol, shares: h.units, levelUsd: etpLevelUsd };
  const i = h.instrument;
  return { kind: 'varianceSwap', units: h.units, strikeVolPts: round(Math.sqrt(i.strikeVar) * 100, 4), strikeVar: i.strikeVar, tradeDate: i.tradeDate, expiry: i.expiry, returns: h.returns, observed: h.observed, sumSqLogReturns: h.sumSqLogReturns };
}

export interface DailySignal {
  readonly date: IsoDate;
  readonly regime: string | null;
  readonly inputs: {
    readonly spxClose: number;
    readonly vixClose: number;
    readonly vixRsi14: number | null;
    readonly spxMacdHist: number | null;
    readonly breadthDivergence: number | null;
    readonly tradingDaysToNextEvent: number | null;
  };
  readonly condor: {
    readonly status: 'opened' | 'skipped';
    readonly reason: string | null;
    readonly expiration: IsoDate | null;
    readonly legs: readonly { type: 'call' | 'put'; strike: number; qty: number }[];
    readonly contracts: number;
    readonly creditPerContract: number | null;
    readonly maxLossPerContract: number | null;
    readonly breakevens: { lower: number; upper: number } | null;
    readonly shortDeltas: { put: number; call: number } | null;
  };
  readonly hedge: {
    readonly policy: string;
    readonly basis: string | null;
    readonly targetFraction: number;
    readonly signalScore: number | null;
    /** ALVH: the band of the day (decayed in a high regime), fractions of condor notional; null for other policies. */
    readonly band?: { readonly lo: number; readonly hi: number } | null;
    readonly notionalUsd: number;
    readonly layers: readonly SignalLayer[];
    readonly rationale: readonly string[];
  };
  readonly equityUsd: number;
  readonly notes: readonly string[];
  /** The date each input was last observed (signals/freshness.ts): every input, null when never. */
  readonly inputsAsOf: Readonly<Record<string, IsoDate | null>>;
  /** The inputs older than their limit on the signal's reference day; empty when all are fresh. */
  readonly stale: readonly StaleInput[];
  /** The day `stale` measures ages to when it is not the signal's date (today's signal computed after it). */
  readonly staleReference?: IsoDate;
  /** Present when the signal was priced on real chains or another calibration (SignalOptions.pricesFrom). */
  readonly prices?: SignalPrices;
}

/** What one layer does today: the engine book's trade and, for a published signal, the account's orders. */
export interface LayerDecision {
  readonly layer: LayerName;
  /** The engine's (backtest book's) trade of the day, null when it has none for the layer. */
  readonly engine: { readonly action: string; readonly reason: string } | null;
  readonly exposure: number;
  readonly targetFraction: number;
  /** The account's orders (the ticket's lines of this layer; `purpose` in the ticket's words), null for a signal without a ticket. */
  readonly account: { readonly orders: readonly { readonly action: string; readonly qty: number; readonly symbol: string; readonly purpose: string }[] } | null;
}

/**
 * The decision record of a signal: the rationale in words and each layer's action are both
 * written from it, so that the words never contradict the orders.
 */
export interface DecisionRecord {
  /** The hedge decision's own lines (regime, band, score components, target, split). */
  readonly decision: readonly string[];
  readonly condor: string;
  readonly layers: readonly LayerDecision[];
  /** The policy's exposure basis: the unit of every exposure and target in the words (null: a policy without one). */
  readonly basis: ExposureBasis | null;
}

/** A layer's action in a word or an order list: the account's orders when there is a ticket, else the engine's trade. */
export function layerAction(l: LayerDecision): string {
  if (l.account !== null) return l.account.orders.length === 0 ? 'no order' : l.account.orders.map((o) => `${o.action.replace(/_/g, ' ')} ${o.qty} ${o.symbol}`).join(', ');
  return l.engine === null ? 'none' : l.engine.action;
}

/** The rationale line of one layer (null: nothing to say). */
function layerLine(l: LayerDecision, basis: ExposureBasis | null): string | null {
  const b = basis ?? 'deltaNotional';
  const exposure = `exposure ${fmtTarget(b, l.exposure)} vs target ${fmtTarget(b, l.targetFraction)} ${targetUnit(b)}`;
  if (l.account !== null) {
    if (l.account.orders.length === 0) return `${l.layer} today: no order (the account already holds the signal's book for ${l.layer}); ${exposure}.`;
    const orders = l.account.orders.map((o) => `${o.action.replace(/_/g, ' ')} ${o.qty} ${o.symbol} (${o.purpose})`).join(', ');
    return `${l.layer} today: ${orders}, to take the account's book to the signal's; ${exposure}.`;
  }
  if (l.engine === null) return null;
  return `${l.layer} today: ${l.engine.action} (${l.engine.reason}); ${exposure}.`;
}

/** The rationale of a signal from its decision record. */
export function rationaleOf(r: DecisionRecord): string[] {
  const out = [...r.decision, r.condor];
  for (const l of r.layers) {
    const line = layerLine(l, r.basis);
    if (line !== null) out.push(line);
  }
  return out;
}

function finiteOrNull(x: number | undefined): number | null {
  return x !== undefined && Number.isFinite(x) ? x : null;
}

function round(x: number, dp: number): number {
  const f = 10 ** dp;
  return Math.round(x * f) / f;
}

/**
 * The signal of `date` (a trading day in the data) for one policy. `options` sets the
 * history run: its start and capital (the book state it implies is the backtest's).
 */
export function dailySignal(data: MarketData, date: IsoDate, policy: HedgePolicy | NamedPolicy, condorCfg: CondorConfig, calib: ModelCalibration, options: SignalOptions = {}): DailySignal {
  return runDailySignal(data, date, policy, condorCfg, calib, options).signal;
}

/** `dailySignal` and the history run's state after `date` (to resume tomorrow's run from). */
export function runDailySignal(
  data: MarketData,
  date: IsoDate,
  policy: HedgePolicy | NamedPolicy,
  condorCfg: CondorConfig,
  calib: ModelCalibration,
  options: SignalOptions = {},
): { signal: DailySignal; checkpoint: EngineCheckpoint; record: DecisionRecord } {
  const np: NamedPolicy = 'policy' in policy ? policy : { name: policy.kind, policy };
  tradingDayIndex(data.daily, date, 'date');
  const sim = simulate(
    data,
    {
      ...(options.from === undefined || options.resume !== undefined ? {} : { from: options.from }),
      ...(options.resume === undefined ? {} : { resume: options.resume }),
      to: date,
      policies: [np],
      // The signal is the trader's book: whole contracts (the backtest's default is fractional).
      condor: { ...condorCfg, sizing: 'whole' },
      notional: options.notional ?? 100_000,
      costs: options.costs ?? DEFAULT_COST_MODEL,
      calib,
      ...(options.userSeries === undefined ? {} : { userSeries: options.userSeries }),
      ...(options.dayModel === undefined ? {} : { dayModel: options.dayModel }),
    },
    { explainLastDay: true, checkpoint: true },
  );
  const checkpoint = sim.checkpoint;
  invariant(checkpoint !== undefined, 'the simulation returns its checkpoint when asked');
  const r = signalOf(data, date, np, condorCfg, sim, options.userSeries);
  const signal = options.pricesFrom === undefined ? r.signal : { ...r.signal, prices: signalPrices(sim, date, options.pricesFrom) };
  return { signal, checkpoint, record: r.record };
}

/** Which of the day's option prices of the signal's run were real. */
function signalPrices(sim: SimulationResult, date: IsoDate, from: readonly string[]): SignalPrices {
  const quote = sim.condors[sim.condors.length - 1];
  const fills = (sim.runs[0]?.trades ?? []).filter((t) => t.date === date && t.action !== 'settle' && isOptionTrade(t));
  return {
    from,
    condorLegs: quote === undefined || quote.status !== 'quoted' ? null : (quote.sources ?? ['model', 'model', 'model', 'model']),
    optionFills: { chain: fills.filter((t) => t.source === 'chain').length, all: fills.length },
  };
}

/** What rounding the fractional size to whole contracts did to the condor's risk, in one sentence. */
export function roundingNote(exact: number, whole: number, maxLossPerContract: number, notionalUsd: number, budgetFrac: number): string {
  const riskFrac = notionalUsd > 0 ? (whole * maxLossPerContract) / notionalUsd : Number.NaN;
  const what = whole === 0 ? 'no condor: the risk budget buys less than half a contract' : `${whole} condor${whole === 1 ? '' : 's'} risking ${(whole * maxLossPerContract).toFixed(0)} USD, ${(riskFrac * 100).toFixed(2)}% of notional`;
  return `Rounding: the risk budget (${(budgetFrac * 100).toFixed(1)}% of ${notionalUsd.toFixed(0)} USD) buys ${exact.toFixed(2)} condors at ${maxLossPerContract.toFixed(2)} USD max loss each; whole contracts give ${what}.`;
}

function signalOf(data: MarketData, date: IsoDate, np: NamedPolicy, condorCfg: CondorConfig, sim: SimulationResult, userSeries?: Readonly<Record<string, Float64Array>>): { signal: DailySignal; record: DecisionRecord } {
  const snap = sim.snapshots[0];
  const run = sim.runs[0];
  const quote = sim.condors[sim.condors.length - 1];
  if (snap === undefined || run === undefined || quote === undefined) throw new InputError('date', 'no day simulated');
  const t = sim.dates.length - 1;
  const inputs = signalInputSeries(data);
  const dec = snap.decision;
  let condorLine: string;

  const opened = snap.openCondors.find((c) => c.quote.date === date);
  // The book holds whole contracts (the nearest to the budget); the signal says what the rounding
  // did to the risk against the fractional size the backtest would hold.
  const wholeContracts = opened?.contracts ?? 0;
  const exact = quote.status === 'quoted' ? (condorCfg.riskBudgetFrac * snap.notionalUsd) / quote.maxLossPerContract : 0;
  let condor: DailySignal['condor'];
  if (quote.status === 'quoted' && opened !== undefined) {
    condor = {
      status: 'opened',
      reason: null,
      expiration: quote.expiry,
      legs: quote.legs.map((l) => ({ type: l.type, strike: l.strike, qty: l.qty * wholeContracts })),
      contracts: wholeContracts,
      creditPerContract: round(quote.creditPerContract, 2),
      maxLossPerContract: round(quote.maxLossPerContract, 2),
      breakevens: { lower: round(quote.breakevens.lower, 2), upper: round(quote.breakevens.upper, 2) },
      shortDeltas: { put: round(quote.shortPutDelta, 4), call: round(quote.shortCallDelta, 4) },
    };
    condorLine = (
      `Condor: sell ${wholeContracts} × ${quote.unit.putWing}/${quote.unit.shortPut} put spread and ${quote.unit.shortCall}/${quote.unit.callWing} call spread expiring ${quote.expiry}, ` +
        `short deltas ${quote.shortPutDelta.toFixed(3)}/${quote.shortCallDelta.toFixed(3)}, credit ${quote.creditPerContract.toFixed(2)} USD and max loss ${quote.maxLossPerContract.toFixed(2)} USD per condor after costs ` +
        `(risk budget ${(condorCfg.riskBudgetFrac * 100).toFixed(1)}% of ${snap.notionalUsd.toFixed(0)} USD notional).`
    );
    if (Math.abs(wholeContracts - exact) > 1e-9) condorLine += ` ${roundingNote(exact, wholeContracts, quote.maxLossPerContract, snap.notionalUsd, condorCfg.riskBudgetFrac)}`;
  } else {
    const reason = quote.status === 'skipped' ? quote.reason : 'too_small';
    condor = { status: 'skipped', reason, expiration: null, legs: [], contracts: 0, creditPerContract: null, maxLossPerContract: null, breakevens: null, shortDeltas: null };
    condorLine = `Condor: no trade today (${reason.replace(/_/g, ' ')}).`;
    if (quote.status === 'quoted' && exact > 0) condorLine += ` ${roundingNote(exact, 0, quote.maxLossPerContract, snap.notionalUsd, condorCfg.riskBudgetFrac)}`;
  }

  const basis = 'basis' in np.policy ? np.policy.basis : null;
  const layers: SignalLayer[] = [];
  const decisions: LayerDecision[] = [];
  const defs = 'layers' in np.policy ? np.policy.layers : 'layer' in np.policy ? { L1: np.policy.layer } : {};
  for (const [name, def] of Object.entries(defs) as [LayerName, { instrument: string }][]) {
    const h: LayerHolding | null = snap.holdings[name];
    const alt = snap.altHoldings[name];
    const act = snap.layerActions.find((a) => a.layer === name);
    const target = dec.layers.find((l) => l.layer === name)?.targetFraction ?? 0;
    const long = h?.legs.find((l) => l.perUnit > 0) ?? h?.legs[0];
    const cost = snap.marksUsd[name];
    const decision: LayerDecision = { layer: name, engine: act === undefined ? null : { action: act.action, reason: act.reason }, exposure: run.exposure[name][t] ?? 0, targetFraction: target, account: null };
    decisions.push(decision);
    layers.push({
      name,
      instrument: def.instrument,
      position: h !== null ? describeHolding(h) : alt !== null ? describeAlt(alt) : null,
      expiration: long?.instrument.expiry ?? null,
      strike: long?.instrument.strike ?? null,
      legs: h === null || h.units === 0 ? [] : h.legs.map((l) => ({ type: l.instrument.type, expiration: l.instrument.expiry, strike: l.instrument.strike, qty: h.units * l.perUnit })),
      contracts: h?.units ?? alt?.units ?? 0,
      exposure: round(run.exposure[name][t] ?? 0, 6),
      targetFraction: round(target, 6),
      cost: round(cost, 2),
      action: layerAction(decision),
      ...(alt === null ? {} : { alt: signalAlt(alt, sim.checkpoint?.etpLevel ?? Number.NaN) }),
    });
  }
  const record: DecisionRecord = { decision: dec.rationale, condor: condorLine, layers: decisions, basis };

  const i = sim.startIndex + t;
  const fresh = freshness(data, i, date, userSeries);
  const signal: DailySignal = {
    date,
    regime: dec.regime,
    inputs: {
      spxClose: data.daily.spxClose[i] as number,
      vixClose: inputs.vixClosePts[i] as number,
      vixRsi14: finiteOrNull(inputs.vixRsi14[i]),
      spxMacdHist: finiteOrNull(inputs.spxMacdHist[i]),
      breadthDivergence: finiteOrNull(inputs.breadthDivergence01[i]),
      tradingDaysToNextEvent: finiteOrNull(inputs.tradingDaysToNextEvent[i]),
    },
    condor,
    hedge: {
      policy: np.name,
      basis,
      targetFraction: round(dec.targetFraction, 6),
      signalScore: dec.signalScore01 === null ? null : round(dec.signalScore01, 6),
      band: dec.policy === 'alvh' ? { lo: round((dec as AlvhDecision).band.lo, 6), hi: round((dec as AlvhDecision).band.hi, 6) } : null,
      notionalUsd: round(snap.notionalUsd, 2),
      layers,
      rationale: rationaleOf(record),
    },
    equityUsd: round(snap.equityUsd, 2),
    notes: Number.isFinite(data.daily.vixClose[i] as number) ? sim.notes : [`No VIX close on ${date} in the data: the last close (${(inputs.vixClosePts[i] as number).toFixed(2)}) is carried forward.`, ...sim.notes],
    inputsAsOf: fresh.inputsAsOf,
    stale: fresh.stale,
  };
  return { signal, record };
}
