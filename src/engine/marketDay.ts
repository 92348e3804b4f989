/**
 * What one trading day is for every book alike: the day's market model, the settlement
 * prints (the SOQ and SET proxies), the alternative instruments' inputs, the condor of the
 * day (quoted once, sold by every policy), the hedge inputs, and the day's cached valuations.
 */
import { InputError } from '../core/errors.js';
import { SESSION_DAYS, addTradingDays, vixExpirationOnOrAfter } from '../core/calendar.js';
import type { IsoDate } from '../core/time.js';
import { MULTIPLIER } from '../core/units.js';
import type { MarketData } from '../market/types.js';
import { modelledNotice } from '../market/modelledNotice.js';
import { etp, spxOption, type Etp, type SpxOption, type VixOption } from '../portfolio/instruments.js';
import { dayModel, type DayModel, type ModelCalibration } from '../portfolio/marketModel.js';
import type { CostModel } from '../portfolio/costs.js';
import type { HedgeDayInputs } from '../hedge/index.js';
import { quoteCondor, condorSettlement, type CondorConfig, type CondorExecution, type CondorMarket, type CondorQuote, type CondorQuoteResult, type SettlementStyle } from '../strategy/condor.js';
import type { BookMarks } from './book.js';
import { etpClose } from './etpLevel.js';
import type { AltDay, ExecutionDay, SettlementPrint } from './execution.js';
import { altExposurePerUnit, altValue, holdingExposure, holdingValue } from './hedgeLayers.js';
import { eventsBetweenDates, signalInputSeries, type SignalInputSeries } from './inputs.js';
import { condorExecution, defaultReality, type RealityModels } from './reality.js';
import { layerDefs, type LayerHolding, type OpenCondor, type SimulationConfig } from './types.js';
import { condorMidUsd, spxYears, vixOptionValue, type VixOptionValue } from './valuation.js';

/** The regular session, 09:30-16:00 ET, in years (a 0DTE condor's life). */
const SESSION_YEARS = SESSION_DAYS / 365;
/** Expiries listed for layer selection (covers a 90-DTE target with room). */
const VIX_EXPIRIES_LISTED = 8;

/** What the whole run shares, fixed before the first day. */
export interface RunInputs {
  readonly data: MarketData;
  readonly inputs: SignalInputSeries;
  readonly condor: CondorConfig;
  readonly costs: CostModel;
  readonly calib: ModelCalibration;
  readonly reality: RealityModels;
  /** The condor's leg fills and fees through `reality`. */
  readonly condorExecution: CondorExecution;
  readonly modelOf: (data: MarketData, i: number, calib: ModelCalibration) => DayModel;
  /** The user series of day i for the signal score (undefined: none given). */
  readonly userSeriesOn: ((i: number) => Record<string, number>) | undefined;
  /** A VXTH policy runs (it reads the next expiry's future on roll days). */
  readonly hasVxth: boolean;
  /** Some policy trades an ETP or a variance swap. */
  readonly usesAlt: boolean;
  readonly etpInstrument: Etp;
  readonly vixExpiryByMonth: Map<string, IsoDate>;
}

/** What carries from one day to the next outside the books. */
export interface DayCarry {
  prevModel: DayModel | null;
  etpLevel: number;
}

/**
 * The facts of one day that depend only on the data, the run's configuration and its first
 * day: the same in every run over them, so a later run can reuse them (engine/dayTape.ts).
 */
export interface SharedDay {
  readonly i: number;
  /** Day index in the run, its date, model, VIX close and the alternative instruments' inputs. */
  readonly t: number;
  readonly date: IsoDate;
  readonly model: DayModel;
  readonly vixPts: number;
  readonly alt: AltDay | null;
  readonly spxClose: number;
  /** VIX settlement (SOQ proxy): the open, or the close before Cboe published opens. */
  readonly soq: SettlementPrint;
  /** SET proxy: the SPX open, or the close on a day without an open print. */
  readonly spxOpen: SettlementPrint;
  /** The day's condor (or why none), its unit legs and settlement. */
  readonly condor: CondorQuoteResult;
  readonly condorLegs: SpxOption[] | null;
  readonly condorStyle: SettlementStyle;
  readonly hedgeInputs: HedgeDayInputs;
  /** The VIX expiries listed today (computed on first use). */
  readonly listedExpiries: () => readonly IsoDate[];
  /** The modelled ETP level after this day (the carry a checkpoint keeps). */
  readonly etpLevelAfter: number;
  /** The day's valuation of a VIX option (cached across the books and the runs on a tape). */
  readonly vixLeg: (o: VixOption) => VixOptionValue;
  /** Mark of one unit of an open condor at the close, dollars (cached by its quote). */
  readonly condorUnitMark: (c: OpenCondor) => number;
  /** The day's layer instrument selections (engine/hedgeLayers.ts), by the layer rule's key. */
  readonly selections: Map<string, LayerHolding | string>;
}

/** A shared day with the run's own execution inputs. */
export interface MarketDay extends SharedDay {
  readonly exec: ExecutionDay;
}

function unitLegs(q: CondorQuote): SpxOption[] {
  const u = q.unit;
  return [spxOption('put', u.putWing, u.expiry), spxOption('put', u.shortPut, u.expiry), spxOption('call', u.shortCall, u.expiry), spxOption('call', u.callWing, u.expiry)];
}

/** The day's condor: 0DTE at the open from yesterday's smile, else at the close. */
function condorOfDay(r: RunInputs, model: DayModel, prevModel: DayModel | null, i: number): CondorQuoteResult {
  const d = r.data.daily;
  const ccfg = r.condor;
  const date = d.dates[i] as IsoDate;
  if (ccfg.dte === 0) {
    const spxOpen = d.spxOpen[i] as number;
    if (prevModel === null || !(spxOpen > 0)) return { status: 'skipped', reason: 'no_strikes' };
    const pm = prevModel;
    const shift = pm.spot / spxOpen;
    const m: CondorMarket = { spot: spxOpen, rateFrac: pm.rateFrac, divFrac: pm.divFrac, spxVol: (k, y) => pm.spxVol(k * shift, y) };
    const vixOpen = d.vixOpen[i] as number;
    const vixAtOpen = Number.isFinite(vixOpen) ? vixOpen : (r.inputs.vixClosePts[i - 1] as number);
    return quoteCondor(m, { date, expiry: date, years: SESSION_YEARS, vixPts: vixAtOpen, eventsInLife: eventsBetweenDates(r.inputs, date, date, true) }, ccfg, r.costs, r.condorExecution);
  }
  // The data rows are the trading days; past the last row the calendar counts.
  const expiry = i + ccfg.dte < d.n ? (d.dates[i + ccfg.dte] as IsoDate) : addTradingDays(date, ccfg.dte);
  const years = spxYears(date, expiry, condorSettlement(ccfg.settlement, ccfg.dte, expiry));
  return quoteCondor(model, { date, expiry, years, vixPts: r.inputs.vixClosePts[i] as number, eventsInLife: eventsBetweenDates(r.inputs, date, expiry, false) }, ccfg, r.costs, r.condorExecution);
}

function nextExpiryFuture(m: DayModel, date: IsoDate): number {
  const e = m.vixExpiries(2).find((x) => x > date);
  return e === undefined ? Number.NaN : m.vxFuture(e).price;
}

function hedgeInputsOf(r: RunInputs, model: DayModel, i: number, first: boolean): HedgeDayInputs {
  const inputs = r.inputs;
  const date = r.data.daily.dates[i] as IsoDate;
  const month = date.slice(0, 7);
  let vixExpiryOfMonth = r.vixExpiryByMonth.get(month);
  if (vixExpiryOfMonth === undefined) {
    vixExpiryOfMonth = vixExpirationOnOrAfter(`${month}-01` as IsoDate);
    r.vixExpiryByMonth.set(month, vixExpiryOfMonth);
  }
  const isVixExpiry = vixExpiryOfMonth === date;
  return {
    date,
    vixClosePts: inputs.vixClosePts[i] as number,
    vixRsi14: inputs.vixRsi14[i] as number,
    spxMacdHist: inputs.spxMacdHist[i] as number,
    breadthDivergence01: inputs.breadthDivergence01[i] as number,
    tradingDaysToNextEvent: inputs.tradingDaysToNextEvent[i] as number,
    ...(r.userSeriesOn === undefined ? {} : { userSeries: r.userSeriesOn(i) }),
    isMonthlyVixExpiry: isVixExpiry,
    // Read by VXTH on roll days (and its first day) only.
    nextExpiryFutureVixPts: r.hasVxth && (isVixExpiry || first) ? nextExpiryFuture(model, date) : Number.NaN,
  };
}

/** The ETP's close and the SPX log return of day i (advances the carried ETP level). */
function altDayOf(r: RunInputs, carry: DayCarry, model: DayModel, i: number, hasPrevDay: boolean): AltDay {
  const d = r.data.daily;
  const close = etpClose(carry.etpLevel, hasPrevDay ? carry.prevModel : null, model, r.data, i);
  carry.etpLevel = close.level;
  const spxClose = d.spxClose[i] as number;
  const prevSpx = i > 0 ? (d.spxClose[i - 1] as number) : Number.NaN;
  const lr = prevSpx > 0 && spxClose > 0 ? Math.log(spxClose / prevSpx) : 0;
  return { etpLevel: close.level, etpSplit: close.split, etpInstrument: r.etpInstrument, spxLogReturn: lr, vixFrac: (r.inputs.vixClosePts[i] as number) / 100 };
}

/**
 * Most valuations a day keeps: the books of a run and the runs on a tape ask for the same
 * few legs; a long sweep of variants could ask for many more, which are valued, not kept.
 */
const KEPT_VIX_LEGS_PER_DAY = 24;

/** The day's cached valuations of VIX options and open condors. */
function dayValuations(r: RunInputs, model: DayModel, date: IsoDate): Pick<SharedDay, 'vixLeg' | 'condorUnitMark'> {
  // A day values a handful of legs (the books hold a few each): a short list scanned in
  // order is cheaper than hashing a date and a strike on every lookup.
  const keptLegs: VixOption[] = [];
  const keptValues: VixOptionValue[] = [];
  const vixLeg = (o: VixOption): VixOptionValue => {
    for (let k = 0; k < keptLegs.length; k++) {
      const l = keptLegs[k] as VixOption;
      if (l === o || (l.strike === o.strike && l.expiry === o.expiry && l.type === o.type)) return keptValues[k] as VixOptionValue;
    }
    const q = vixOptionValue(model, o);
    if (keptLegs.length < KEPT_VIX_LEGS_PER_DAY) {
      keptLegs.push(o);
      keptValues.push(q);
    }
    return q;
  };
  const marks = new Map<CondorQuote, number>();
  const condorUnitMark = (c: OpenCondor): number => {
    let v = marks.get(c.quote);
    if (v === undefined) {
      const q = c.quote;
      // The day's own condor is marked at the mids it was quoted at.
      v = q.date === date && r.condor.dte > 0 ? -(q.mids[1] + q.mids[2] - q.mids[0] - q.mids[3]) * MULTIPLIER.spxOption : condorMidUsd(model, c);
      marks.set(q, v);
    }
    return v;
  };
  return { vixLeg, condorUnitMark };
}

/** The shared facts of day i (index t of the run); advances the carry. */
export function sharedDay(r: RunInputs, carry: DayCarry, t: number, i: number, hasPrevDay: boolean): SharedDay {
  const d = r.data.daily;
  const date = d.dates[i] as IsoDate;
  const model = r.modelOf(r.data, i, r.calib);
  const spxClose = d.spxClose[i] as number;
  const vixClose = r.inputs.vixClosePts[i] as number;
  const vixOpen = d.vixOpen[i] as number;
  const spxOpenToday = d.spxOpen[i] as number;
  const alt = r.usesAlt ? altDayOf(r, carry, model, i, hasPrevDay) : null;
  const condor = condorOfDay(r, model, carry.prevModel, i);
  carry.prevModel = model;
  let expiriesToday: readonly IsoDate[] | null = null;
  const { vixLeg, condorUnitMark } = dayValuations(r, model, date);
  return {
    i,
    t,
    date,
    model,
    vixPts: vixClose,
    alt,
    spxClose,
    soq: Number.isFinite(vixOpen) ? { value: vixOpen, rule: 'vixSoqOpen' } : { value: vixClose, rule: 'vixSoqClose' },
    // The SET proxy is the SPX open; a day without an open print settles at the close (and says so).
    spxOpen: spxOpenToday > 0 ? { value: spxOpenToday, rule: 'spxOpenAM' } : { value: spxClose, rule: 'spxClosePM' },
    condor,
    condorLegs: condor.status === 'quoted' ? unitLegs(condor) : null,
    condorStyle: condor.status === 'quoted' ? condorSettlement(r.condor.settlement, r.condor.dte, condor.expiry) : 'pm',
    hedgeInputs: hedgeInputsOf(r, model, i, t === 0),
    listedExpiries: () => (expiriesToday ??= model.vixExpiries(VIX_EXPIRIES_LISTED)),
    etpLevelAfter: carry.etpLevel,
    vixLeg,
    condorUnitMark,
    selections: new Map(),
  };
}

/** A shared day with this run's reality models (shared by the run's books). */
export function withValuations(r: RunInputs, s: SharedDay): MarketDay {
  const { model, date } = s;
  // Every field named (a spread of the shared day costs more than the rest of this function).
  return {
    i: s.i,
    t: s.t,
    date,
    model,
    vixPts: s.vixPts,
    alt: s.alt,
    spxClose: s.spxClose,
    soq: s.soq,
    spxOpen: s.spxOpen,
    condor: s.condor,
    condorLegs: s.condorLegs,
    condorStyle: s.condorStyle,
    hedgeInputs: s.hedgeInputs,
    listedExpiries: s.listedExpiries,
    etpLevelAfter: s.etpLevelAfter,
    vixLeg: s.vixLeg,
    condorUnitMark: s.condorUnitMark,
    selections: s.selections,
    exec: { t: s.t, date, model, vixPts: s.vixPts, reality: r.reality, vixLeg: s.vixLeg, alt: s.alt, selections: s.selections },
  };
}

/** The facts of day i (index t of the run) with this run's execution inputs; advances the carry. */
export function marketDay(r: RunInputs, carry: DayCarry, t: number, i: number, hasPrevDay: boolean): MarketDay {
  return withValuations(r, sharedDay(r, carry, t, i, hasPrevDay));
}

export function checkConfig(data: MarketData, cfg: SimulationConfig): void {
  if (!(cfg.notional > 0) || !Number.isFinite(cfg.notional)) throw new InputError('notional', `must be a finite number > 0, got ${cfg.notional}`);
  if (cfg.policies.length === 0) throw new InputError('policies', 'at least one policy is required');
  const seen = new Set<string>();
  for (const p of cfg.policies) {
    if (seen.has(p.name)) throw new InputError('policies', `duplicate policy name "${p.name}"`);
    seen.add(p.name);
  }
  const userSeries = cfg.userSeries ?? {};
  for (const name of Object.keys(userSeries)) {
    if (userSeries[name]?.length !== data.daily.n) throw new InputError(`userSeries.${name}`, `must have one value per trading day of the data (${data.daily.n})`);
  }
  for (const p of cfg.policies) {
    const rules = p.policy.kind === 'alvh' ? p.policy.signal.userSeries : [];
    for (const r of rules) {
      if (!(r.name in userSeries)) throw new InputError(`${p.name}.signal.userSeries`, `series "${r.name}" is used by the policy but was not given (--user-series ${r.name}=FILE.csv)`);
    }
  }
}

export function runInputs(data: MarketData, cfg: SimulationConfig): RunInputs {
  const userSeries = cfg.userSeries ?? {};
  const names = Object.keys(userSeries);
  const reality = cfg.reality ?? defaultReality(cfg.costs);
  const userSeriesOn = (i: number): Record<string, number> => {
    const out: Record<string, number> = {};
    for (const name of names) out[name] = userSeries[name]?.[i] ?? Number.NaN;
    return out;
  };
  return {
    data,
    inputs: signalInputSeries(data),
    condor: cfg.condor,
    costs: cfg.costs,
    calib: cfg.calib,
    reality,
    condorExecution: condorExecution(reality),
    modelOf: cfg.dayModel ?? dayModel,
    userSeriesOn: names.length === 0 ? undefined : userSeriesOn,
    hasVxth: cfg.policies.some((p) => p.policy.kind === 'vxth'),
    usesAlt: cfg.policies.some((p) => Object.values(layerDefs(p.policy)).some((def) => def.instrument === 'vixFuturesEtp' || def.instrument === 'spxVarianceSwap')),
    etpInstrument: etp('VIX30D'),
    vixExpiryByMonth: new Map(),
  };
}

/** The marks of step 8 on the day's valuations. */
export function bookMarks(day: MarketDay): BookMarks {
  const x = day.exec;
  const alt = x.alt;
  return {
    condorUnit: day.condorUnitMark,
    layerValue: (b, layer) => holdingValue(b.holdings[layer], x.vixLeg) + (alt === null ? 0 : altValue(b.alt[layer], x.model, alt)),
    layerExposure: (b, layer) => {
      const h = b.holdings[layer];
      const ah = b.alt[layer];
      return (h === null ? 0 : holdingExposure(h, b.terms.basis, x.vixLeg)) + (ah === null || alt === null ? 0 : ah.units * altExposurePerUnit(ah, alt));
    },
  };
}


/** The run's notes: the modelled-price notice and what the run assumed. */
export function simulationNotes(first: IsoDate, last: IsoDate, cfg: CondorConfig, usesAlt: boolean): string[] {
  const notes: string[] = [];
  if (first < '2004-06-14') notes.push('Before 2004-06-14 Cboe published no VIX open: VIX settlements (SOQ proxy) use the VIX close of the expiry day.');
  if (usesAlt) {
    notes.push("The VIX-futures ETP is modelled as the daily-rolled VX1/VX2 blend of the VXX methodology (real VX settles where listed, the model curve elsewhere; hypothetical before 2009); the SPX variance swap is marked on realized variance plus the model's VIX-family variance (OTC, hypothetical).");
  }
  notes.push('All policies sell the same condors; each policy sizes them on its own equity (notional mode: ' + cfg.notionalMode + ').');
  return modelledNotice(first, last, notes);
}
