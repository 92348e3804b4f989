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
import type { HedgePolicy, LayerName } from '../hedge/index.js';
import type { CondorConfig } from '../strategy/condor.js';
import { signalInputSeries } from './inputs.js';
import { describeAlt, describeHolding, simulate, type AltHolding, type LayerHolding, type NamedPolicy, type SimulationResult } from './simulate.js';
import type { EngineCheckpoint } from './checkpoint.js';

export interface SignalOptions {
  /** Starting capital of the history run (default 100,000). */
  readonly notional?: number;
  /** First day of the history run (default: the first day of the data). */
  readonly from?: IsoDate;
  readonly costs?: CostModel;
  /** User series for the ALVH signal score (see SimulationConfig.userSeries). */
  readonly userSeries?: Readonly<Record<string, Float64Array>>;
  /**
   * The state of the same history run at an earlier close (signals/checkpoint.ts): only
   * the days after it are replayed. The caller vouches that it fits these settings and data.
   */
  readonly resume?: EngineCheckpoint;
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
    readonly notionalUsd: number;
    readonly layers: readonly SignalLayer[];
    readonly rationale: readonly string[];
  };
  readonly equityUsd: number;
  readonly notes: readonly string[];
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
): { signal: DailySignal; checkpoint: EngineCheckpoint } {
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
    },
    { explainLastDay: true, checkpoint: true },
  );
  const checkpoint = sim.checkpoint;
  invariant(checkpoint !== undefined, 'the simulation returns its checkpoint when asked');
  return { signal: signalOf(data, date, np, condorCfg, sim), checkpoint };
}

/** What rounding the fractional size to whole contracts did to the condor's risk, in one sentence. */
export function roundingNote(exact: number, whole: number, maxLossPerContract: number, notionalUsd: number, budgetFrac: number): string {
  const riskFrac = notionalUsd > 0 ? (whole * maxLossPerContract) / notionalUsd : Number.NaN;
  const what = whole === 0 ? 'no condor: the risk budget buys less than half a contract' : `${whole} condor${whole === 1 ? '' : 's'} risking ${(whole * maxLossPerContract).toFixed(0)} USD, ${(riskFrac * 100).toFixed(2)}% of notional`;
  return `Rounding: the risk budget (${(budgetFrac * 100).toFixed(1)}% of ${notionalUsd.toFixed(0)} USD) buys ${exact.toFixed(2)} condors at ${maxLossPerContract.toFixed(2)} USD max loss each; whole contracts give ${what}.`;
}

function signalOf(data: MarketData, date: IsoDate, np: NamedPolicy, condorCfg: CondorConfig, sim: SimulationResult): DailySignal {
  const snap = sim.snapshots[0];
  const run = sim.runs[0];
  const quote = sim.condors[sim.condors.length - 1];
  if (snap === undefined || run === undefined || quote === undefined) throw new InputError('date', 'no day simulated');
  const t = sim.dates.length - 1;
  const inputs = signalInputSeries(data);
  const dec = snap.decision;
  const rationale: string[] = [...dec.rationale];

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
    rationale.push(
      `Condor: sell ${wholeContracts} × ${quote.unit.putWing}/${quote.unit.shortPut} put spread and ${quote.unit.shortCall}/${quote.unit.callWing} call spread expiring ${quote.expiry}, ` +
        `short deltas ${quote.shortPutDelta.toFixed(3)}/${quote.shortCallDelta.toFixed(3)}, credit ${quote.creditPerContract.toFixed(2)} USD and max loss ${quote.maxLossPerContract.toFixed(2)} USD per condor after costs ` +
        `(risk budget ${(condorCfg.riskBudgetFrac * 100).toFixed(1)}% of ${snap.notionalUsd.toFixed(0)} USD notional).`,
    );
    if (Math.abs(wholeContracts - exact) > 1e-9) rationale.push(roundingNote(exact, wholeContracts, quote.maxLossPerContract, snap.notionalUsd, condorCfg.riskBudgetFrac));
  } else {
    const reason = quote.status === 'skipped' ? quote.reason : 'too_small';
    condor = { status: 'skipped', reason, expiration: null, legs: [], contracts: 0, creditPerContract: null, maxLossPerContract: null, breakevens: null, shortDeltas: null };
    rationale.push(`Condor: no trade today (${reason.replace(/_/g, ' ')}).`);
    if (quote.status === 'quoted' && exact > 0) rationale.push(roundingNote(exact, 0, quote.maxLossPerContract, snap.notionalUsd, condorCfg.riskBudgetFrac));
  }

  const basis = 'basis' in np.policy ? np.policy.basis : null;
  const layers: SignalLayer[] = [];
  const defs = 'layers' in np.policy ? np.policy.layers : 'layer' in np.policy ? { L1: np.policy.layer } : {};
  for (const [name, def] of Object.entries(defs) as [LayerName, { instrument: string }][]) {
    const h: LayerHolding | null = snap.holdings[name];
    const alt = snap.altHoldings[name];
    const act = snap.layerActions.find((a) => a.layer === name);
    const target = dec.layers.find((l) => l.layer === name)?.targetFraction ?? 0;
    const long = h?.legs.find((l) => l.perUnit > 0) ?? h?.legs[0];
    const cost = snap.marksUsd[name];
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
      action: act === undefined ? 'none' : act.action,
      ...(alt === null ? {} : { alt: signalAlt(alt, sim.checkpoint?.etpLevel ?? Number.NaN) }),
    });
    if (act !== undefined) rationale.push(`${name} today: ${act.action} (${act.reason}); exposure ${((run.exposure[name][t] ?? 0) * 100).toFixed(2)}% vs target ${(target * 100).toFixed(2)}% of notional.`);
  }

  const i = sim.startIndex + t;
  return {
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
      notionalUsd: round(snap.notionalUsd, 2),
      layers,
      rationale,
    },
    equityUsd: round(snap.equityUsd, 2),
    notes: Number.isFinite(data.daily.vixClose[i] as number) ? sim.notes : [`No VIX close on ${date} in the data: the last close (${(inputs.vixClosePts[i] as number).toFixed(2)}) is carried forward.`, ...sim.notes],
  };
}
