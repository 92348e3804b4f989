/**
 * Fitting and evaluation of the market model against the real data (DESIGN §2, §3).
 * Pure: the CLI loads the files and passes plain data in.
 *
 * Fits (in order, each using the previous ones):
 * 1. VIX-family ratios (VIX9D, VIX1D, VIX3M, VIX6M to VIX) and VVIX from VIX: OLS in logs
 *    on every day where both indices exist.
 * 2. SPX smile shape on the 2026-01-30 chain (1-60 days): Nelder-Mead on the IV/ATM
 *    ratio in standardized moneyness, errors in vol points.
 * 3. VIX futures convexity: OLS of ln(settle/√FV) on (1, τ, ν²τ), 2007-04..2016-12.
 * 4. VIX option vol: OLS of ln IV on (1, ln ν, −ln(T/30d), clipped ln K/F) over the VXTH
 *    marks 2007-2011 and the 2024-06-03 chain.
 */
import { daysBetween, epochDay, type IsoDate } from '../core/time.js';
import { black76PriceUnchecked } from './black76.js';
import type { ModelCalibration } from './calibration.js';
import { atmVolOf, chainImpliedVols, type ChainPoint, type ChainQuote } from './chainIv.js';
import { nelderMead, ols } from './fitting.js';
import { impliedVolKernel } from './impliedVol.js';
import {
  DAYS_PER_YEAR,
  EFF_LEN,
  modelSpxVol,
  prepareModel,
  realizedVol,
  rowOf,
  VIX_TERM_YEARS,
  varianceEventDays,
  type ModelDailyInput,
  type ModelEvent,
  type ModelInput,
  type PreparedModel,
  realCurve,
  vixFutureOfDay,
} from './modelSeries.js';
import { shapeAt, shapeTenorYears, smileRatio, type SmileShapeParams } from './spxSmile.js';
import { applyLogRatio, calendarFromVix1dFit, forwardVariance, logRatioFeatures, PILLAR_COUNT, targetTotalVariance, type LogRatioFit } from './volTermStructure.js';
import { anchoredFuture, vixFutureFeatures, vixFutureModel, vvolFromVix, type VixFuturesParams, type VvolFromVixParams } from './vixFutures.js';
import { vixOptionMid, vixOptionVolModel, vixOptionYears, type VixOptionParams } from './vixOptionVol.js';

export interface CalibrationDaily extends ModelDailyInput {
  rateFrac: Float64Array;
  divYieldFrac: Float64Array;
}

export interface SpxChainSnapshot {
  label: string;
  /** Candidate market dates of the quotes; the one whose model forward is nearest the quotes' forward is used. */
  candidateDates: readonly IsoDate[];
  quotes: readonly ChainQuote[];
}

export interface VxthMark {
  date: IsoDate;
  callExpiration: IsoDate;
  callStrike: number;
  callMid: number;
}

export interface VixChainBar {
  expiration: IsoDate;
  strike: number;
  type: 'call' | 'put';
  close: number;
}

/** One ATM implied vol of a close snapshot (spx_atm_iv_term_2026.csv: Yahoo IVs). */
export interface AtmSnapshot {
  date: IsoDate;
  expiration: IsoDate;
  days: number;
  atmIv: number;
}

export interface CalibrationData {
  daily: CalibrationDaily;
  /** FOMC and CPI dates (the variance calendar's event sessions). */
  events?: readonly ModelEvent[];
  atmSnapshots: readonly AtmSnapshot[];
  vx: ModelInput['vx'];
  spxChains: readonly SpxChainSnapshot[];
  vxth: readonly VxthMark[];
  vixChain: { asOf: IsoDate; bars: readonly VixChainBar[] };
}

export const FUTURES_IN_SAMPLE = { from: '2007-01-01' as IsoDate, to: '2016-12-31' as IsoDate };
export const SPX_MAX_DAYS = 60;
const NAN = Number.NaN;

// ---------------------------------------------------------------- term structure

function fitLogRatio(
  n: number,
  get: (i: number) => { y: number; base: number; rv: number; slope: number; gap: number; event?: number } | undefined,
  use: { level: boolean; rv: boolean; slope: boolean; gap: boolean; event?: boolean },
): LogRatioFit {
  const rows: number[][] = [];
  const ys: number[] = [];
  for (let i = 0; i < n; i++) {
    const o = get(i);
    if (!o || !Number.isFinite(o.y)) continue;
    const x = logRatioFeatures(o.base, o.rv, o.slope, o.gap, o.event ?? 0);
    const row = [1];
    if (use.level) row.push(x[1]);
    if (use.rv) row.push(x[2]);
    if (use.slope) row.push(x[3]);
    if (use.gap) row.push(x[4]);
    if (use.event === true) row.push(x[5]);
    if (row.every(Number.isFinite)) {
      rows.push(row);
      ys.push(o.y);
    }
  }
  const c = ols(rows, ys);
  let j = 1;
  const take = (on: boolean): number => (on ? (c[j++] ?? 0) : 0);
  const c0 = c[0] ?? 0;
  const cLogLevel = take(use.level);
  const cLogRv = take(use.rv);
  const cLogSlope = take(use.slope);
  const cLogGap = take(use.gap);
  const cEvent = take(use.event === true);
  return { c0, cLogLevel, cLogRv, cLogSlope, cLogGap, cEvent };
}

/** 1 when the session after day i has an FOMC decision or a CPI release. */
export function eventNextOf(daily: ModelDailyInput, events: readonly ModelEvent[] | undefined): (i: number) => number {
  const days = varianceEventDays(events);
  const n = daily.dates.length;
  return (i) => (i + 1 < n && days.has(epochDay(daily.dates[i + 1] as IsoDate)) ? 1 : 0);
}

export function fitTermStructure(
  daily: ModelDailyInput,
  base: ModelCalibration['termStructure'],
  events?: readonly ModelEvent[],
  /** Days used for the VIX1D mapping (default all): the held-out evaluation fits on a part. */
  vix1dDays: (i: number) => boolean = () => true,
): { termStructure: ModelCalibration['termStructure']; vvol: VvolFromVixParams; counts: Record<string, number> } {
  const n = daily.dates.length;
  const rv = realizedVol(daily.spxClose, base.rvDays);
  const gapAt = (i: number): number => (i + 1 < n ? daysBetween(daily.dates[i] as IsoDate, daily.dates[i + 1] as IsoDate) : 1);
  const eventNext = eventNextOf(daily, events);
  const f = (a: Float64Array, i: number): number => (a[i] ?? NAN) / 100;
  const counts: Record<string, number> = {};
  const count = (name: string, a: Float64Array, b: Float64Array): void => {
    let c = 0;
    for (let i = 0; i < n; i++) if ((a[i] ?? NAN) > 0 && (b[i] ?? NAN) > 0) c++;
    counts[name] = c;
  };
  count('vix9d', daily.vix9d, daily.vixClose);
  count('vix1d', daily.vix1d, daily.vix9d);
  count('vix3m', daily.vix3m, daily.vixClose);
  count('vix6m', daily.vix6m, daily.vixClose);
  count('vvix', daily.vvix, daily.vixClose);
  const std = { level: true, rv: true, slope: false, gap: false };
  const ratio = (num: Float64Array, den: Float64Array) => (i: number) => {
    const a = f(num, i);
    const b = f(den, i);
    if (!(a > 0 && b > 0)) return undefined;
    return { y: Math.log(a / b), base: b, rv: rv[i] ?? 0, slope: 0, gap: gapAt(i) };
  };
  const vix9d = fitLogRatio(n, ratio(daily.vix9d, daily.vixClose), std);
  const vix3m = fitLogRatio(n, ratio(daily.vix3m, daily.vixClose), std);
  const vix6m = fitLogRatio(n, ratio(daily.vix6m, daily.vixClose), std);
  const vix1d = fitLogRatio(
    n,
    (i) => {
      const a = f(daily.vix1d, i);
      const b = f(daily.vix9d, i);
      const v = f(daily.vixClose, i);
      if (!(a > 0 && b > 0 && v > 0) || !vix1dDays(i)) return undefined;
      return { y: Math.log(a / b), base: b, rv: rv[i] ?? 0, slope: Math.log(b / v), gap: gapAt(i), event: eventNext(i) };
    },
    { level: true, rv: true, slope: true, gap: true, event: true },
  );
  const vv = fitLogRatio(
    n,
    (i) => {
      const a = f(daily.vvix, i);
      const v = f(daily.vixClose, i);
      if (!(a > 0 && v > 0)) return undefined;
      return { y: Math.log(a), base: v, rv: 0, slope: 0, gap: 1 };
    },
    { level: true, rv: false, slope: false, gap: false },
  );
  // The variance calendar VIX1D's own regression implies (weekend days, event sessions); the
  // full fit (fitCalibration) replaces it with the one fitted on the chains (fitCalendar).
  return { termStructure: { ...base, vix9d, vix1d, vix3m, vix6m, ...calendarFromVix1dFit(vix1d) }, vvol: { c0: vv.c0, cLogVix: vv.cLogLevel }, counts };
}

// ---------------------------------------------------------------- SPX smile

export interface SpxChainEval {
  label: string;
  marketDate: IsoDate;
  spot: number;
  /** shapeYears: the tenor the model's shape is read at for the quote (shapeTenorYears). */
  points: (ChainPoint & { modelIv: number; shapeYears: number })[];
}

/** Chain IVs of a snapshot on the candidate date whose model forward is nearest the quotes. */
export function chainPointsFor(data: CalibrationData, snap: SpxChainSnapshot): { marketDate: IsoDate; spot: number; points: ChainPoint[] } {
  let best: { marketDate: IsoDate; spot: number; points: ChainPoint[]; err: number } | undefined;
  for (const d of snap.candidateDates) {
    const i = rowOf(data.daily.dates, d);
    if (i < 0) continue;
    const spot = data.daily.spxClose[i] ?? NAN;
    const r = data.daily.rateFrac[i] ?? 0;
    const q = data.daily.divYieldFrac[i] ?? 0;
    const points = chainImpliedVols(snap.quotes, d, { spotHint: spot, rateFrac: r, divFrac: q, maxDays: SPX_MAX_DAYS });
    if (points.length === 0) continue;
    let err = 0;
    for (const p of points) err += Math.abs(Math.log(p.forward / (spot * Math.exp((r - q) * p.years))));
    err /= points.length;
    if (!best || err < best.err) best = { marketDate: d, spot, points, err };
  }
  return best ?? { marketDate: snap.candidateDates[0] ?? ('' as IsoDate), spot: NAN, points: [] };
}

/** Quotes grouped by expiry (and tenor: pooled chains of different days share expiry dates). */
function byExpiry<P extends ChainPoint>(points: readonly P[]): P[][] {
  const m = new Map<string, P[]>();
  for (const p of points) {
    const key = `${p.expiration}|${p.years}`;
    const l = m.get(key) ?? [];
    l.push(p);
    m.set(key, l);
  }
  return [...m.values()];
}

/** Quotes of a shape fit: standardized moneyness, IV/ATM, the shape's tenor, ATM vol and weight. */
interface ShapeSamples {
  zs: number[];
  ratios: number[];
  years: number[];
  atms: number[];
  weights: number[];
  weightSum: number;
}

function shapeSamples(points: readonly (ChainPoint & { shapeYears?: number })[]): ShapeSamples {
  const out: ShapeSamples = { zs: [], ratios: [], years: [], atms: [], weights: [], weightSum: 0 };
  for (const group of byExpiry(points)) {
    const atm = atmVolOf(group);
    if (!(atm > 0)) continue;
    for (const p of group) {
      const z = Math.log(p.strike / p.forward) / (atm * Math.sqrt(p.years));
      if (z < -25 || z > 4) continue;
      const w = p.absDelta >= 0.02 ? 1 : 0.3;
      out.zs.push(z);
      out.ratios.push(p.iv / atm);
      out.years.push(p.shapeYears ?? p.years);
      out.atms.push(atm);
      out.weights.push(w);
      out.weightSum += w;
    }
  }
  return out;
}

/** Weighted sum of squared errors, vol points, of the shape's IV/ATM against the quotes'. */
function shapeLoss(x: ShapeSamples, p: SmileShapeParams): number {
  let sum = 0;
  for (let k = 0; k < x.zs.length; k++) {
    const e = (smileRatio(x.zs[k] ?? 0, shapeAt(p, x.years[k] ?? 0), p) - (x.ratios[k] ?? 0)) * (x.atms[k] ?? 0) * 100;
    sum += (x.weights[k] ?? 1) * e * e;
  }
  return sum;
}

/**
 * Fits the smile shape (b0, b1, ρ0, ρ1, m, ψ, zc) to IV/ATM ratios in standardized
 * moneyness; the call wing κ, fMin and the skew scale are kept from `start`.
 */
export function fitSmileShape(points: readonly (ChainPoint & { shapeYears?: number })[], start: SmileShapeParams): { smile: SmileShapeParams; rmseVolPts: number; count: number } {
  const x = shapeSamples(points);
  const unpack = (v: readonly number[]): SmileShapeParams => ({
    ...start,
    b0: v[0] ?? 0,
    b1: v[1] ?? 0,
    rho0: v[2] ?? 0,
    rho1: v[3] ?? 0,
    m: v[4] ?? 0,
    psi: Math.abs(v[5] ?? 0.3) + 1e-3,
    zc: Math.abs(v[6] ?? 50) + 0.5,
  });
  const objective = (v: readonly number[]): number => shapeLoss(x, unpack(v));
  const x0 = [start.b0, start.b1, start.rho0, start.rho1, start.m, start.psi, start.zc];
  let best = nelderMead(objective, x0, [0.05, 0.02, 0.1, 0.05, 0.2, 0.1, 10], 3000);
  best = nelderMead(objective, best.x, [0.02, 0.01, 0.05, 0.02, 0.1, 0.05, 5], 3000);
  return { smile: unpack(best.x), rmseVolPts: Math.sqrt(best.value / Math.max(x.weightSum, 1)), count: x.zs.length };
}

/**
 * The call wings κ tried: 0 to 1 in steps of 0.05, then ±0.05 around the best in steps of
 * 0.005, never above 1 (a call wing steeper than the SVI curve's lets the call price rise
 * with the strike at long tenors: the property test's counterexample, VIX 41, 180 days, κ 1.5).
 */
export const CALL_WING_GRID: readonly number[] = Array.from({ length: 21 }, (_, k) => k / 20);

/**
 * Fits the call wing κ of `smile` (its other parameters kept) to the quotes: the grid
 * value with the least loss, refined on a finer grid around it (ties: the smaller κ).
 * Returns the loss (RMSE, vol points) at κ and at the neutral κ = 1 for the report.
 */
export function fitCallWing(points: readonly (ChainPoint & { shapeYears?: number })[], smile: SmileShapeParams): { callWing: number; rmseVolPts: number; rmseNeutralVolPts: number; count: number } {
  const x = shapeSamples(points);
  const loss = (k: number): number => shapeLoss(x, { ...smile, callWing: k });
  const argmin = (grid: readonly number[]): number => {
    let best = { k: 1, v: Number.POSITIVE_INFINITY };
    for (const k of grid) {
      const v = loss(k);
      if (v < best.v - 1e-12) best = { k, v };
    }
    return best.k;
  };
  const coarse = argmin(CALL_WING_GRID);
  const fine = argmin(Array.from({ length: 21 }, (_, j) => Math.min(1, Math.max(0, coarse - 0.05 + j * 0.005))));
  const rmse = (k: number): number => Math.sqrt(loss(k) / Math.max(x.weightSum, 1));
  return { callWing: Math.round(fine * 1000) / 1000, rmseVolPts: rmse(fine), rmseNeutralVolPts: rmse(1), count: x.zs.length };
}

export interface BucketRow {
  delta: string;
  tenor: string;
  count: number;
  rmseVolPts: number;
  biasVolPts: number;
}

export const DELTA_BUCKETS = [
  { name: 'wing <0.05', lo: 0, hi: 0.05 },
  { name: '0.05-0.10', lo: 0.05, hi: 0.1 },
  { name: '0.10-0.25', lo: 0.1, hi: 0.25 },
  { name: '0.25-0.50', lo: 0.25, hi: 0.5 + 1e-9 },
] as const;
export const TENOR_BUCKETS = [
  { name: '1-7d', lo: 1, hi: 7 },
  { name: '8-30d', lo: 8, hi: 30 },
  { name: '31-60d', lo: 31, hi: 60 },
] as const;

function rmseOf(errs: readonly number[]): number {
  let s = 0;
  for (const e of errs) s += e * e;
  return errs.length ? Math.sqrt(s / errs.length) : NAN;
}
function meanOf(xs: readonly number[]): number {
  let s = 0;
  for (const e of xs) s += e;
  return xs.length ? s / xs.length : NAN;
}
/** Upper median (NaN when empty). */
function medianOf(xs: readonly number[]): number {
  const a = [...xs].sort((x, y) => x - y);
  return a.length ? (a[a.length >> 1] ?? NAN) : NAN;
}

export function evaluateSpxChain(data: CalibrationData, prep: PreparedModel, calib: ModelCalibration, snap: SpxChainSnapshot): SpxChainEval {
  const { marketDate, spot, points } = chainPointsFor(data, snap);
  const i = rowOf(data.daily.dates, marketDate);
  const out: SpxChainEval['points'] = [];
  for (const p of points) {
    // Compared at equal ln(K/F): the model smile is centred on the quotes' forward.
    const modelIv = i >= 0 ? modelSpxVol(prep, i, calib, p.forward, p.strike, p.years) : NAN;
    out.push({ ...p, modelIv, shapeYears: shapeTenorYears(p.years, i >= 0 ? (prep.gapDays[i] ?? 1) : 1) });
  }
  return { label: snap.label, marketDate, spot, points: out };
}

/** Quotes the variance calendar is fitted on: 1-7 days, |delta| 0.05-0.50 (the condor's strikes). */
function shortDated(p: ChainPoint): boolean {
  return p.days <= 7 && p.absDelta >= 0.05 && p.absDelta <= 0.5;
}

/** The calendar weights tried: weekend/holiday day 0..1 step 0.05, event session boost 0..2 step 0.1. */
export const CALENDAR_GRID = {
  nonTradingDayWeight: Array.from({ length: 21 }, (_, k) => k / 20),
  eventDayBoost: Array.from({ length: 21 }, (_, k) => k / 10),
} as const;

export interface CalendarFit {
  nonTradingDayWeight: number;
  eventDayBoost: number;
  /** Mean over the chains of each chain's 1-7 day mean squared IV error (vol points²), at the fit and at `calib`'s weights. */
  loss: number;
  lossBefore: number;
  count: number;
}

/**
 * The variance calendar (a weekend/holiday day's weight, an FOMC/CPI session's boost)
 * fitted to the chains' 1-7 day quotes: the grid pair with the least mean over the chains
 * of each chain's mean squared model-minus-chain IV error (each chain weighs the same).
 * The weights set how the variance between VIX1D's session and VIX9D's 9 days is spread
 * over the sessions of the first week; with VIX1D real they do not move the 1-day level.
 */
export function fitCalendar(data: CalibrationData, calib: ModelCalibration): CalendarFit {
  const chains = data.spxChains.map((c) => {
    const r = chainPointsFor(data, c);
    return { i: rowOf(data.daily.dates, r.marketDate), points: r.points.filter(shortDated) };
  });
  const lossOf = (c: ModelCalibration): number => {
    const prep = prepareModel(data, c);
    let sum = 0;
    for (const { i, points } of chains) {
      if (i < 0 || points.length === 0) continue;
      let se = 0;
      for (const p of points) se += ((modelSpxVol(prep, i, c, p.forward, p.strike, p.years) - p.iv) * 100) ** 2;
      sum += se / points.length;
    }
    return sum / Math.max(chains.length, 1);
  };
  const withWeights = (w: number, e: number): ModelCalibration => ({ ...calib, termStructure: { ...calib.termStructure, nonTradingDayWeight: w, eventDayBoost: e } });
  let best = { w: calib.termStructure.nonTradingDayWeight, e: calib.termStructure.eventDayBoost, loss: Number.POSITIVE_INFINITY };
  for (const w of CALENDAR_GRID.nonTradingDayWeight) {
    for (const e of CALENDAR_GRID.eventDayBoost) {
      const loss = lossOf(withWeights(w, e));
      if (loss < best.loss - 1e-12) best = { w, e, loss };
    }
  }
  return { nonTradingDayWeight: best.w, eventDayBoost: best.e, loss: best.loss, lossBefore: lossOf(calib), count: chains.reduce((a, c) => a + c.points.length, 0) };
}

/**
 * Model-free total variance of one expiry's quotes (Cboe's strip sum 2·Σ ΔK/K²·Q(K) over the
 * out-of-the-money mids, ΔK half the distance between neighbours, the ends one-sided), on
 * the listed strikes only (as the index stops at the last bids); mids not undiscounted (under
 * 0.7% of the variance at 60 days). NaN unless the expiry has puts and calls.
 */
export function chainModelFreeTotalVariance(group: readonly ChainPoint[]): number {
  const g = [...group].sort((a, b) => a.strike - b.strike);
  if (!g.some((p) => p.type === 'put') || !g.some((p) => p.type === 'call')) return NAN;
  let w = 0;
  for (let k = 0; k < g.length; k++) {
    const lo = g[Math.max(k - 1, 0)] as ChainPoint;
    const hi = g[Math.min(k + 1, g.length - 1)] as ChainPoint;
    const p = g[k] as ChainPoint;
    const dk = (hi.strike - lo.strike) / (k === 0 || k === g.length - 1 ? 1 : 2);
    w += (2 * dk * p.mid) / (p.strike * p.strike);
  }
  return w;
}

export function spxBuckets(points: SpxChainEval['points']): BucketRow[] {
  const rows: BucketRow[] = [];
  const add = (delta: string, tenor: string, sel: (p: SpxChainEval['points'][number]) => boolean): void => {
    const errs = points.filter(sel).map((p) => (p.modelIv - p.iv) * 100);
    rows.push({ delta, tenor, count: errs.length, rmseVolPts: rmseOf(errs), biasVolPts: meanOf(errs) });
  };
  for (const t of TENOR_BUCKETS) {
    for (const d of DELTA_BUCKETS) add(d.name, t.name, (p) => p.days >= t.lo && p.days <= t.hi && p.absDelta >= d.lo && p.absDelta < d.hi);
  }
  for (const d of DELTA_BUCKETS) add(d.name, '1-60d', (p) => p.absDelta >= d.lo && p.absDelta < d.hi);
  add('0.05-0.50', '1-60d', (p) => p.absDelta >= 0.05 && p.absDelta <= 0.5);
  return rows;
}

export interface FillInRow {
  index: string;
  count: number;
  /** RMSE of the modelled fill-in against the real index, index points. */
  rmsePts: number;
  /** Standard deviation of ln(model/real). */
  logSd: number;
}

/** How well each modelled fill-in reproduces its index where the index exists. */
export function fillInTable(daily: ModelDailyInput, calib: ModelCalibration, events?: readonly ModelEvent[]): FillInRow[] {
  const eventNext = eventNextOf(daily, events);
  const n = daily.dates.length;
  const ts = calib.termStructure;
  const rv = realizedVol(daily.spxClose, ts.rvDays);
  const rows: FillInRow[] = [];
  const add = (index: string, real: Float64Array, model: (i: number) => number): void => {
    const e: number[] = [];
    const l: number[] = [];
    for (let i = 0; i < n; i++) {
      const r = real[i] ?? NAN;
      const v = daily.vixClose[i] ?? NAN;
      if (!(r > 0 && v > 0)) continue;
      const m = model(i);
      if (!(m > 0)) continue;
      e.push(m - r);
      l.push(Math.log(m / r));
    }
    const mean = meanOf(l);
    rows.push({ index, count: e.length, rmsePts: rmseOf(e), logSd: Math.sqrt(meanOf(l.map((x) => (x - mean) ** 2))) });
  };
  const gap = (i: number): number => (i + 1 < n ? daysBetween(daily.dates[i] as IsoDate, daily.dates[i + 1] as IsoDate) : 1);
  const vix = (i: number): number => (daily.vixClose[i] ?? NAN) / 100;
  const v9 = (i: number): number => applyLogRatio(ts.vix9d, vix(i), rv[i] ?? 0, 0);
  add('VIX9D from VIX', daily.vix9d, (i) => 100 * v9(i));
  add('VIX1D from real VIX9D', daily.vix1d, (i) => {
    const b = (daily.vix9d[i] ?? NAN) / 100;
    return 100 * applyLogRatio(ts.vix1d, b, rv[i] ?? 0, Math.log(b / vix(i)), gap(i), eventNext(i));
  });
  add('VIX1D from VIX alone', daily.vix1d, (i) => 100 * applyLogRatio(ts.vix1d, v9(i), rv[i] ?? 0, Math.log(v9(i) / vix(i)), gap(i), eventNext(i)));
  add('VIX3M from VIX', daily.vix3m, (i) => 100 * applyLogRatio(ts.vix3m, vix(i), rv[i] ?? 0, 0));
  add('VIX6M from VIX', daily.vix6m, (i) => 100 * applyLogRatio(ts.vix6m, vix(i), rv[i] ?? 0, 0));
  add('VVIX from VIX', daily.vvix, (i) => 100 * vvolFromVix(calib.vvol, vix(i)));
  return rows;
}

export interface ShortAtmRow {
  set: string;
  count: number;
  rmseVolPts: number;
  biasVolPts: number;
  /** The same with VIX1D and VIX9D hidden (their fill-ins from VIX, as before 2011). */
  rmseVolPtsVixOnly: number;
  biasVolPtsVixOnly: number;
}

/** The model's short-dated ATM vol against the close snapshots' ATM IVs. */
export function shortAtmTable(data: CalibrationData, prep: PreparedModel, prepVixOnly: PreparedModel, calib: ModelCalibration): ShortAtmRow[] {
  const sets: { set: string; sel: (s: AtmSnapshot, nextSession: boolean) => boolean }[] = [
    { set: 'next session, Mon-Thu (1 day)', sel: (s, next) => next && s.days === 1 },
    { set: 'next session over a weekend', sel: (s, next) => next && s.days > 1 },
    { set: '2-7 days, later sessions', sel: (s, next) => !next && s.days >= 2 && s.days <= 7 },
    { set: '8-30 days', sel: (s) => s.days >= 8 && s.days <= 30 },
  ];
  const rows: ShortAtmRow[] = [];
  for (const { set, sel } of sets) {
    const e: number[] = [];
    const e2: number[] = [];
    for (const s of data.atmSnapshots) {
      const i = rowOf(data.daily.dates, s.date);
      // Only where the day's VIX and VIX1D are real (the snapshots run past the index data).
      if (i < 0 || i + 1 >= data.daily.dates.length || !(s.atmIv > 0) || s.days < 1) continue;
      if (!((data.daily.vixClose[i] ?? NAN) > 0 && (data.daily.vix1d[i] ?? NAN) > 0)) continue;
      const next = data.daily.dates[i + 1] === s.expiration;
      if (!sel(s, next)) continue;
      const years = s.days / DAYS_PER_YEAR;
      const spot = data.daily.spxClose[i] ?? NAN;
      const f = spot * Math.exp(((data.daily.rateFrac[i] ?? 0) - (data.daily.divYieldFrac[i] ?? 0)) * years);
      e.push((modelSpxVol(prep, i, calib, f, f, years) - s.atmIv) * 100);
      e2.push((modelSpxVol(prepVixOnly, i, calib, f, f, years) - s.atmIv) * 100);
    }
    rows.push({ set, count: e.length, rmseVolPts: rmseOf(e), biasVolPts: meanOf(e), rmseVolPtsVixOnly: rmseOf(e2), biasVolPtsVixOnly: meanOf(e2) });
  }
  return rows;
}

// ---------------------------------------------------------------- 1-day variance vs VIX1D

export interface Vix1dRow {
  /** Calendar year of the closes scored, or 'all'. */
  year: string;
  days: 'Mon-Thu' | 'weekend';
  count: number;
  /** Mean of the model's 1-day ATM implied variance (total variance to the next close × 365) over VIX1D². */
  ratioVix1dReal: number;
  /** The same with VIX1D hidden: the fill-in from VIX9D, VIX and the calendar (as before 2024), mapping fitted on every year. */
  ratioVix1dHidden: number;
  /** The same with the VIX1D mapping fitted without that year (held out). */
  ratioVix1dHiddenHeldOut: number;
}

/**
 * The model's 1-day ATM implied variance against the real VIX1D² (the market's own 1-day
 * implied variance), Mon-Thu and over weekends, by year. With VIX1D real the ratio is the
 * smile's ATM share of its model-free variance at one session (the VIX1D mapping does not
 * enter); with VIX1D hidden the mapping sets the level: in-sample with `calib`'s mapping,
 * held out with the mapping re-fitted without the scored year.
 */
export function vix1dTable(data: CalibrationData, calib: ModelCalibration): Vix1dRow[] {
  const d = data.daily;
  const n = d.dates.length;
  const hidden = withEvents({ daily: { ...d, vix1d: new Float64Array(n).fill(NAN) }, vx: data.vx }, data.events);
  const yearOf = (i: number): string => (d.dates[i] as IsoDate).slice(0, 4);
  const years = [...new Set(Array.from({ length: n }, (_, i) => i).filter((i) => (d.vix1d[i] ?? NAN) > 0).map(yearOf))].sort();
  const ratios = (c: ModelCalibration, sel: (i: number) => boolean, days: Vix1dRow['days']): { real: number[]; hid: number[] } => {
    const prepReal = prepareModel(data, c);
    const prepHidden = prepareModel(hidden, c);
    const real: number[] = [];
    const hid: number[] = [];
    for (let i = 0; i + 1 < n; i++) {
      const v = (d.vix1d[i] ?? NAN) / 100;
      if (!(v > 0) || !((d.vixClose[i] ?? NAN) > 0) || !sel(i)) continue;
      const gap = daysBetween(d.dates[i] as IsoDate, d.dates[i + 1] as IsoDate);
      if ((gap === 1) !== (days === 'Mon-Thu')) continue;
      const years = gap / DAYS_PER_YEAR;
      const fwd = (d.spxClose[i] ?? NAN) * Math.exp(((d.rateFrac[i] ?? 0) - (d.divYieldFrac[i] ?? 0)) * years);
      const a = modelSpxVol(prepReal, i, c, fwd, fwd, years);
      const b = modelSpxVol(prepHidden, i, c, fwd, fwd, years);
      real.push((a * a * gap) / (v * v));
      hid.push((b * b * gap) / (v * v));
    }
    return { real, hid };
  };
  const rows: Vix1dRow[] = [];
  const pooled = { 'Mon-Thu': [] as number[], weekend: [] as number[] };
  for (const year of years) {
    const partTs = fitTermStructure(d, calib.termStructure, data.events, (i) => yearOf(i) !== year).termStructure;
    const partCalib: ModelCalibration = { ...calib, termStructure: { ...calib.termStructure, vix1d: partTs.vix1d } };
    for (const days of ['Mon-Thu', 'weekend'] as const) {
      const inSample = ratios(calib, (i) => yearOf(i) === year, days);
      const heldOut = ratios(partCalib, (i) => yearOf(i) === year, days).hid;
      pooled[days].push(...heldOut);
      rows.push({ year, days, count: inSample.real.length, ratioVix1dReal: meanOf(inSample.real), ratioVix1dHidden: meanOf(inSample.hid), ratioVix1dHiddenHeldOut: meanOf(heldOut) });
    }
  }
  for (const days of ['Mon-Thu', 'weekend'] as const) {
    const all = ratios(calib, () => true, days);
    rows.push({ year: 'all', days, count: all.real.length, ratioVix1dReal: meanOf(all.real), ratioVix1dHidden: meanOf(all.hid), ratioVix1dHiddenHeldOut: meanOf(pooled[days]) });
  }
  return rows;
}

// ---------------------------------------------------------------- VIX futures

export interface FuturesSample {
  date: IsoDate;
  row: number;
  position: number;
  days: number;
  settle: number;
  fwdVar: number;
  vvol: number;
}

export function futuresSamples(data: CalibrationData, prep: PreparedModel, calib: ModelCalibration): FuturesSample[] {
  const out: FuturesSample[] = [];
  const share = calib.termStructure.intradayVarShare;
  for (let i = 0; i < prep.n; i++) {
    let position = 0;
    for (let j = prep.vxStart[i] ?? 0; j < (prep.vxEnd[i] ?? 0); j++) {
      const days = (prep.vxExpiryDays[j] ?? 0) - (prep.epochDays[i] ?? 0);
      const settle = data.vx.settle[j] ?? NAN;
      if (days < 1 || !(settle > 0)) continue;
      position++;
      const years = days / DAYS_PER_YEAR;
      const eff = prep.eff.subarray(i * EFF_LEN, (i + 1) * EFF_LEN);
      const fwdVar = forwardVariance(prep.pillars, i * PILLAR_COUNT, eff, years, years + VIX_TERM_YEARS, share);
      out.push({ date: data.daily.dates[i] as IsoDate, row: i, position, days, settle, fwdVar, vvol: prep.vvol[i] ?? 1 });
    }
  }
  return out;
}

export function fitVixFutures(samples: readonly FuturesSample[], base: VixFuturesParams): VixFuturesParams {
  const rows: number[][] = [];
  const ys: number[] = [];
  for (const s of samples) {
    if (s.date < FUTURES_IN_SAMPLE.from || s.date > FUTURES_IN_SAMPLE.to || !(s.fwdVar > 0)) continue;
    rows.push(vixFutureFeatures(s.fwdVar, s.vvol, s.days / DAYS_PER_YEAR));
    ys.push(Math.log(s.settle / (100 * Math.sqrt(s.fwdVar))));
  }
  const c = ols(rows, ys);
  const fitted: VixFuturesParams = { alpha: c[0] ?? 0, alphaPerYear: c[1] ?? 0, convexity: -(c[2] ?? 0), anchorDecayDays: base.anchorDecayDays };
  // Fade of the last listed settle into the model: grid search in sample, VX3..VX8 from VX2.
  let best = { h: base.anchorDecayDays, sse: Number.POSITIVE_INFINITY };
  const inSample = samples.filter((s) => s.date >= FUTURES_IN_SAMPLE.from && s.date <= FUTURES_IN_SAMPLE.to);
  for (const h of [10, 15, 20, 30, 45, 60, 90, 120, 180]) {
    let sse = 0;
    for (const [two, target] of anchorPairs(inSample, [3, 4, 5, 6, 7, 8])) {
      const e = anchoredFuture({ ...fitted, anchorDecayDays: h }, two.settle, two.days, futureOf(fitted, target), target.days) - target.settle;
      sse += e * e;
    }
    if (sse < best.sse) best = { h, sse };
  }
  return { ...fitted, anchorDecayDays: best.h };
}

function futureOf(p: VixFuturesParams, s: FuturesSample): number {
  return vixFutureModel(p, s.fwdVar, s.vvol, s.days / DAYS_PER_YEAR);
}

/** (VX2, VXn) pairs of the same day, n in positions. */
function anchorPairs(samples: readonly FuturesSample[], positions: readonly number[]): [FuturesSample, FuturesSample][] {
  const byRow = new Map<number, FuturesSample[]>();
  for (const s of samples) {
    const l = byRow.get(s.row) ?? [];
    l.push(s);
    byRow.set(s.row, l);
  }
  const out: [FuturesSample, FuturesSample][] = [];
  for (const list of byRow.values()) {
    const two = list.find((x) => x.position === 2);
    if (!two) continue;
    for (const x of list) if (positions.includes(x.position)) out.push([two, x]);
  }
  return out;
}

export interface FuturesRow {
  tenor: string;
  sample: 'in-sample 2007-2016' | 'out-of-sample 2017-2026';
  count: number;
  rmsePts: number;
  biasPts: number;
  rmsePtsVixOnly: number;
}

export function futuresTable(samples: readonly FuturesSample[], vixOnly: readonly FuturesSample[], p: VixFuturesParams): FuturesRow[] {
  const err = (s: FuturesSample): number => vixFutureModel(p, s.fwdVar, s.vvol, s.days / DAYS_PER_YEAR) - s.settle;
  const rows: FuturesRow[] = [];
  const split = (s: FuturesSample): FuturesRow['sample'] => (s.date <= FUTURES_IN_SAMPLE.to ? 'in-sample 2007-2016' : 'out-of-sample 2017-2026');
  for (const sample of ['in-sample 2007-2016', 'out-of-sample 2017-2026'] as const) {
    for (let pos = 1; pos <= 9; pos++) {
      const sel = (s: FuturesSample): boolean => split(s) === sample && (pos <= 8 ? s.position === pos : true);
      const e = samples.filter(sel).map(err);
      const e2 = vixOnly.filter(sel).map(err);
      if (e.length === 0) continue;
      rows.push({ tenor: pos <= 8 ? `VX${pos}` : 'all', sample, count: e.length, rmsePts: rmseOf(e), biasPts: meanOf(e), rmsePtsVixOnly: rmseOf(e2) });
    }
  }
  return rows;
}

export interface AnchoredRow {
  tenor: string;
  sample: FuturesRow['sample'];
  count: number;
  /** The real VX2 settle fading into the model (what dayModel does beyond the listed contracts). */
  rmseAnchoredPts: number;
  rmseModelPts: number;
  /** VX2's settle carried flat. */
  rmseFlatPts: number;
}

/**
 * Beyond the listed contracts (2021-11 on the data hold only VX1-VX2), dayModel anchors
 * the last listed settle fading into the model. Checked where more was listed: VX3, VX4
 * and VX6 predicted from VX2 alone, against their real settles.
 */
export function anchoredTable(samples: readonly FuturesSample[], p: VixFuturesParams): AnchoredRow[] {
  const rows: AnchoredRow[] = [];
  for (const sample of ['in-sample 2007-2016', 'out-of-sample 2017-2026'] as const) {
    const sel = samples.filter((s) => (sample === 'in-sample 2007-2016') === (s.date <= FUTURES_IN_SAMPLE.to));
    for (const pos of [3, 4, 6]) {
      const a: number[] = [];
      const m: number[] = [];
      const fl: number[] = [];
      for (const [two, target] of anchorPairs(sel, [pos])) {
        const model = futureOf(p, target);
        a.push(anchoredFuture(p, two.settle, two.days, model, target.days) - target.settle);
        m.push(model - target.settle);
        fl.push(two.settle - target.settle);
      }
      if (a.length) rows.push({ tenor: `VX${pos}`, sample, count: a.length, rmseAnchoredPts: rmseOf(a), rmseModelPts: rmseOf(m), rmseFlatPts: rmseOf(fl) });
    }
  }
  return rows;
}

// ---------------------------------------------------------------- VIX options

export interface VixOptionSample {
  source: 'vxth' | 'chain';
  date: IsoDate;
  days: number;
  /** The same-expiry future: the real settle, or (before 2007-04, VXTH marks of 2006) the model's. */
  forward: number;
  forwardSource: 'real' | 'model';
  /** The front VIX future (nearest listed expiry), for the naive benchmark; NaN where none is listed. */
  frontForward: number;
  strike: number;
  type: 'call' | 'put';
  price: number;
  rateFrac: number;
  vvol: number;
  /** Implied vol of the mark on `forward` (NaN where the mark is below intrinsic on it). */
  iv: number;
}

export function vixOptionSamples(data: CalibrationData, prep: PreparedModel, calib: ModelCalibration): VixOptionSample[] {
  const out: VixOptionSample[] = [];
  const push = (source: VixOptionSample['source'], i: number, expiry: IsoDate, strike: number, type: 'call' | 'put', price: number): void => {
    const date = data.daily.dates[i] as IsoDate;
    const days = daysBetween(date, expiry);
    if (days < 1 || !(price > 0)) return;
    const curve = realCurve(data, prep, i);
    const fut = vixFutureOfDay(data, prep, i, calib, days, curve);
    if (!(fut.price > 0)) return;
    const r = data.daily.rateFrac[i] ?? 0;
    const years = vixOptionYears(days);
    const iv = impliedVolKernel(type === 'call' ? 1 : -1, price * Math.exp(r * years), fut.price, strike, years);
    out.push({
      source, date, days, forward: fut.price, forwardSource: fut.source, frontForward: curve[0]?.settle ?? NAN,
      strike, type, price, rateFrac: r, vvol: prep.vvol[i] ?? 1, iv: iv > 0 ? iv : NAN,
    });
  };
  for (const m of data.vxth) {
    const i = rowOf(data.daily.dates, m.date);
    if (i >= 0) push('vxth', i, m.callExpiration, m.callStrike, 'call', m.callMid);
  }
  const i = rowOf(data.daily.dates, data.vixChain.asOf);
  if (i >= 0) for (const b of data.vixChain.bars) push('chain', i, b.expiration, b.strike, b.type, b.close);
  return out;
}

/** Out-of-the-money or near-the-money quotes (deep in-the-money marks carry no vol information). */
function usable(s: VixOptionSample): boolean {
  return s.type === 'put' ? s.strike <= s.forward : s.strike >= 0.9 * s.forward;
}

/** Fit sample: usable, a vol on a real future exists, not in the last two days (hours from the SOQ). */
function fittable(s: VixOptionSample): boolean {
  return usable(s) && s.iv > 0 && s.forwardSource === 'real' && s.days > 2;
}

/** The model's mid of the sample's contract: Black-76 on the sample's future, no lower than the quoted floor. */
function vixModelPrice(p: VixOptionParams, s: VixOptionSample): number {
  const years = vixOptionYears(s.days);
  return vixOptionMid(black76PriceUnchecked(s.type === 'call' ? 1 : -1, s.forward, s.strike, years, s.rateFrac, vixOptionVolModel(p, s.vvol, years, s.forward, s.strike)));
}

/** Mean |model/mark − 1| (fraction) over the samples. */
function meanAbsRelErr(p: VixOptionParams, xs: readonly VixOptionSample[]): number {
  return meanOf(xs.map((s) => Math.abs(vixModelPrice(p, s) / s.price - 1)));
}

/**
 * The future at which the model reproduces the mark (bisection; a call's model price rises
 * with the future at a fixed strike), or NaN when no future within [F/2, 2F] does.
 */
export function impliedVixForward(p: VixOptionParams, s: VixOptionSample): number {
  const at = (f: number): number => vixModelPrice(p, { ...s, forward: f }) - s.price;
  let lo = s.forward / 2;
  let hi = s.forward * 2;
  if (s.type !== 'call' || !(at(lo) < 0 && at(hi) > 0)) return NAN;
  for (let it = 0; it < 60; it++) {
    const mid = (lo + hi) / 2;
    if (at(mid) < 0) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/** Marks that pin the future: at least 8 days out and worth more than 0.10 (far from the tick floor). */
function pinsForward(s: VixOptionSample): boolean {
  return s.days >= 8 && s.price > 0.1;
}

/** The fitted parameters as an unconstrained vector (ρ through atanh, η through ln) and back. */
function vixToVector(p: VixOptionParams): number[] {
  return [p.c0, p.cLogVvol, p.termBeta, Math.atanh(p.rho), Math.log(p.eta)];
}
function vixFromVector(base: VixOptionParams, x: readonly number[]): VixOptionParams {
  return { ...base, c0: x[0] ?? 0, cLogVvol: x[1] ?? 1, termBeta: x[2] ?? 0, rho: Math.tanh(x[3] ?? 0), eta: Math.exp(x[4] ?? 0) };
}

/**
 * Least absolute deviations in ln price (the model's quoted mid against the mark: the
 * report's relative error), Nelder-Mead from `base`; every mark weighs the same (the
 * 2024 chain is one day of another regime: weighed as a whole against six years of VXTH
 * marks it steepened the skew and the VXTH error held out rose from 26% to 28%). The
 * skew's term power λ and the T floor are settings, not fitted.
 */
export function fitVixOptions(samples: readonly VixOptionSample[], base: VixOptionParams): VixOptionParams {
  const fit = samples.filter(fittable);
  const objective = (x: readonly number[]): number => {
    const p = vixFromVector(base, x);
    let sum = 0;
    for (const s of fit) sum += Math.abs(Math.log(vixModelPrice(p, s) / s.price));
    return Number.isFinite(sum) ? sum / Math.max(fit.length, 1) : Number.POSITIVE_INFINITY;
  };
  let best = nelderMead(objective, vixToVector(base), [0.1, 0.1, 0.05, 0.2, 0.2], 2000);
  best = nelderMead(objective, best.x, [0.02, 0.02, 0.01, 0.05, 0.05], 2000);
  return vixFromVector(base, best.x);
}

export interface VixOptionRow {
  set: string;
  count: number;
  meanPriceErrPct: number;
  medianAbsPriceErrPct: number;
  meanAbsPriceErrPct: number;
  ivRmseVolPts: number;
  naiveMeanPriceErrPct: number;
}

function vixRow(set: string, xs: readonly VixOptionSample[], p: VixOptionParams): VixOptionRow {
  const errs: number[] = [];
  const naive: number[] = [];
  const ivErr: number[] = [];
  for (const s of xs) {
    const years = vixOptionYears(s.days);
    const theta = s.type === 'call' ? 1 : -1;
    const vol = vixOptionVolModel(p, s.vvol, years, s.forward, s.strike);
    errs.push((vixOptionMid(black76PriceUnchecked(theta, s.forward, s.strike, years, s.rateFrac, vol)) / s.price - 1) * 100);
    if (s.frontForward > 0) naive.push((black76PriceUnchecked(theta, s.frontForward, s.strike, years, s.rateFrac, s.vvol) / s.price - 1) * 100);
    if (s.iv > 0) ivErr.push((vol - s.iv) * 100);
  }
  const abs = errs.map(Math.abs);
  return {
    set,
    count: xs.length,
    meanPriceErrPct: meanOf(errs),
    medianAbsPriceErrPct: medianOf(abs),
    meanAbsPriceErrPct: meanOf(abs),
    ivRmseVolPts: rmseOf(ivErr),
    naiveMeanPriceErrPct: meanOf(naive),
  };
}

export function vixOptionTable(samples: readonly VixOptionSample[], p: VixOptionParams): VixOptionRow[] {
  const sets: { set: string; sel: (s: VixOptionSample) => boolean }[] = [
    { set: 'VXTH calls 2006-2011 (all marks)', sel: (s) => s.source === 'vxth' },
    { set: 'VXTH calls on the model future (2006-07)', sel: (s) => s.source === 'vxth' && s.forwardSource === 'model' },
    { set: 'VXTH calls, 15-35 days', sel: (s) => s.source === 'vxth' && s.forwardSource === 'real' && s.days >= 15 && s.days <= 35 },
    { set: 'VXTH calls, 3-14 days', sel: (s) => s.source === 'vxth' && s.forwardSource === 'real' && s.days >= 3 && s.days < 15 },
    { set: 'VXTH calls, last 2 days', sel: (s) => s.source === 'vxth' && s.forwardSource === 'real' && s.days < 3 },
    { set: 'chain 2024-06-03 calls', sel: (s) => s.source === 'chain' && s.type === 'call' },
    { set: 'chain 2024-06-03 puts', sel: (s) => s.source === 'chain' && s.type === 'put' },
  ];
  return sets.map(({ set, sel }) => vixRow(set, samples.filter((s) => sel(s) && usable(s)), p));
}

export interface VixHoldoutRow {
  /** The calendar year, or 0 for a total row. */
  year: number;
  /** 'YYYY', 'all', or 'real futures' (the marks on a real same-expiry settle, 2007-04 on). */
  label: string;
  count: number;
  /** Mean |model/mark − 1|, %, with every year in the fit. */
  inSampleMeanAbsErrPct: number;
  /** The same with this year left out of the fit. */
  heldOutMeanAbsErrPct: number;
  heldOutMeanErrPct: number;
  /**
   * Median of (implied future / the future priced on − 1), %, in-sample parameters, over
   * the marks that pin it (pinsForward): how far the future the marks imply sits from the
   * real settle (2007-04 on) or the model future (before).
   */
  impliedForwardPct: number;
}

function impliedForwardPct(p: VixOptionParams, xs: readonly VixOptionSample[]): number {
  return medianOf(xs.filter(pinsForward).map((s) => (impliedVixForward(p, s) / s.forward - 1) * 100).filter(Number.isFinite));
}

/** A total row over (mark, parameters fitted without its year) pairs. */
function holdoutTotal(label: string, all: readonly { s: VixOptionSample; p: VixOptionParams }[], p: VixOptionParams): VixHoldoutRow {
  const errs = all.map((x) => vixModelPrice(x.p, x.s) / x.s.price - 1);
  return {
    year: 0,
    label,
    count: all.length,
    inSampleMeanAbsErrPct: meanAbsRelErr(p, all.map((x) => x.s)) * 100,
    heldOutMeanAbsErrPct: meanOf(errs.map(Math.abs)) * 100,
    heldOutMeanErrPct: meanOf(errs) * 100,
    impliedForwardPct: impliedForwardPct(p, all.map((x) => x.s)),
  };
}

/** VXTH marks by year: in-sample and held out (the year left out of the fit, the chain kept). */
export function vixOptionHoldout(samples: readonly VixOptionSample[], p: VixOptionParams): VixHoldoutRow[] {
  const rows: VixHoldoutRow[] = [];
  const yearOf = (s: VixOptionSample): number => Number(s.date.slice(0, 4));
  const years = [...new Set(samples.filter((s) => s.source === 'vxth').map(yearOf))].sort();
  const all: { s: VixOptionSample; p: VixOptionParams }[] = [];
  for (const year of years) {
    const test = samples.filter((s) => s.source === 'vxth' && yearOf(s) === year && usable(s));
    const fitted = fitVixOptions(samples.filter((s) => !(s.source === 'vxth' && yearOf(s) === year)), p);
    const out = vixRow(String(year), test, fitted);
    for (const s of test) all.push({ s, p: fitted });
    rows.push({ year, label: String(year), count: test.length, inSampleMeanAbsErrPct: meanAbsRelErr(p, test) * 100, heldOutMeanAbsErrPct: out.meanAbsPriceErrPct, heldOutMeanErrPct: out.meanPriceErrPct, impliedForwardPct: impliedForwardPct(p, test) });
  }
  rows.push(holdoutTotal('all', all, p));
  rows.push(holdoutTotal('real futures', all.filter((x) => x.s.forwardSource === 'real'), p));
  return rows;
}

// ---------------------------------------------------------------- all together

export interface CalibrationReport {
  fillIns: FillInRow[];
  spx: { label: string; marketDate: IsoDate; spot: number; buckets: BucketRow[] }[];
  shortAtm: ShortAtmRow[];
  /**
   * By chain expiry: ATM vol and model-free vol (√(total variance / T), %) of the chain and
   * of the model (the model's is the VIX-family target it is levelled on); NaN for the
   * model-free vol where the chain has no puts.
   */
  spxAtm: { label: string; days: number; chainAtmPct: number; modelAtmPct: number; chainMfvPct: number; modelMfvPct: number }[];
  futures: FuturesRow[];
  futuresAnchored: AnchoredRow[];
  vixOptions: VixOptionRow[];
  vixOptionsByYear: VixHoldoutRow[];
  vix1d: Vix1dRow[];
  /** The fitted parameters the report's SPX tables turn on: the call wing κ (1 = neutral) and the variance calendar. */
  smileFit: { callWing: number; nonTradingDayWeight: number; eventDayBoost: number };
}

function withEvents(input: ModelInput, events: readonly ModelEvent[] | undefined): ModelInput {
  return events ? { ...input, events } : input;
}

/** Masks every VIX-family index but VIX (and VVIX), as before 2007. */
function vixOnlyInput(data: CalibrationData): ModelInput {
  const n = data.daily.dates.length;
  const nan = new Float64Array(n).fill(NAN);
  return withEvents({ daily: { ...data.daily, vix9d: nan, vix3m: nan, vix6m: nan, vix1d: nan, vvix: nan }, vx: data.vx }, data.events);
}

export function evaluateCalibration(data: CalibrationData, calib: ModelCalibration): CalibrationReport {
  const prep = prepareModel(data, calib);
  const vixSamples = vixOptionSamples(data, prep, calib);
  const spxEvals = data.spxChains.map((s) => evaluateSpxChain(data, prep, calib, s));
  const spxAtm: CalibrationReport['spxAtm'] = [];
  for (const e of spxEvals) {
    for (const group of byExpiry(e.points)) {
      const g0 = group[0];
      if (!g0) continue;
      const atm = atmVolOf(group);
      const i = rowOf(data.daily.dates, e.marketDate);
      const eff = prep.eff.subarray(i * EFF_LEN, (i + 1) * EFF_LEN);
      const target = targetTotalVariance(prep.pillars, i * PILLAR_COUNT, eff, g0.years, calib.termStructure.intradayVarShare);
      spxAtm.push({
        label: e.label,
        days: g0.days,
        chainAtmPct: atm * 100,
        modelAtmPct: modelSpxVol(prep, i, calib, g0.forward, g0.forward, g0.years) * 100,
        chainMfvPct: Math.sqrt(chainModelFreeTotalVariance(group) / g0.years) * 100,
        modelMfvPct: Math.sqrt(target / g0.years) * 100,
      });
    }
  }
  const samples = futuresSamples(data, prep, calib);
  const vixOnly = futuresSamples(data, prepareModel(vixOnlyInput(data), calib), calib);
  const prepShortVixOnly = prepareModel(
    withEvents({ daily: { ...data.daily, vix1d: new Float64Array(data.daily.dates.length).fill(NAN), vix9d: new Float64Array(data.daily.dates.length).fill(NAN) }, vx: data.vx }, data.events),
    calib,
  );
  return {
    smileFit: { callWing: calib.smile.callWing, nonTradingDayWeight: calib.termStructure.nonTradingDayWeight, eventDayBoost: calib.termStructure.eventDayBoost },
    fillIns: fillInTable(data.daily, calib, data.events),
    vix1d: vix1dTable(data, calib),
    shortAtm: shortAtmTable(data, prep, prepShortVixOnly, calib),
    spx: spxEvals.map((e) => ({ label: e.label, marketDate: e.marketDate, spot: e.spot, buckets: spxBuckets(e.points) })),
    spxAtm,
    futures: futuresTable(samples, vixOnly, calib.vixFutures),
    futuresAnchored: anchoredTable(samples, calib.vixFutures),
    vixOptions: vixOptionTable(vixSamples, calib.vixOptions),
    vixOptionsByYear: vixOptionHoldout(vixSamples, calib.vixOptions),
  };
}

/** Re-fits every parameter, starting from `base` (for the fixed settings and start points). */
export function fitCalibration(data: CalibrationData, base: ModelCalibration): ModelCalibration {
  const ts = fitTermStructure(data.daily, base.termStructure, data.events);
  const first = data.spxChains[0];
  const firstChain = first ? chainPointsFor(data, first) : undefined;
  // The shape is fitted on the first chain's day: its SKEW close is the reference of the skew scale.
  const skewRef = firstChain ? (data.daily.skew?.[rowOf(data.daily.dates, firstChain.marketDate)] ?? Number.NaN) : Number.NaN;
  // The shape on the first (two-sided) chain with the neutral call wing; then the call wing κ
  // on every chain's quotes (the calls-only chain informs it too).
  const prep0 = prepareModel(data, { ...base, termStructure: ts.termStructure });
  const chains = data.spxChains.map((c) => evaluateSpxChain(data, prep0, base, c).points);
  const smileFit = fitSmileShape(chains[0] ?? [], { ...base.smile, callWing: 1, skewRef: skewRef > 100 ? skewRef : base.smile.skewRef });
  const wing = fitCallWing(chains.flat(), smileFit.smile);
  const shaped: ModelCalibration = { ...base, termStructure: ts.termStructure, vvol: ts.vvol, smile: { ...smileFit.smile, callWing: wing.callWing } };
  const calendar = fitCalendar(data, shaped);
  const stage: ModelCalibration = { ...shaped, termStructure: { ...shaped.termStructure, nonTradingDayWeight: calendar.nonTradingDayWeight, eventDayBoost: calendar.eventDayBoost } };
  const prep = prepareModel(data, stage);
  const vixFutures = fitVixFutures(futuresSamples(data, prep, stage), base.vixFutures);
  const vixOptions = fitVixOptions(vixOptionSamples(data, prep, stage), base.vixOptions);
  return {
    ...stage,
    vixFutures,
    vixOptions,
    fit: {
      termStructure: `OLS in logs on every day where both indices exist (days: ${JSON.stringify(ts.counts)})`,
      smile: `shape fitted on ${first?.label ?? 'no chain'} (${smileFit.count} OTM quotes, 1-${SPX_MAX_DAYS} days), shape RMSE ${smileFit.rmseVolPts.toFixed(3)} vol pts`,
      calendar: `grid (weekend/holiday day 0..1 step 0.05, FOMC/CPI session boost 0..2 step 0.1), least mean over the chains of the 1-7 day |delta| 0.05-0.50 IV MSE (${calendar.count} quotes): ${calendar.loss.toFixed(3)} vol pts², ${calendar.lossBefore.toFixed(3)} at the weights VIX1D's own gap and event coefficients imply`,
      callWing: `grid 0..1 step 0.05 then 0.005, least squares of IV/ATM over ${data.spxChains.map((c) => c.label).join(' + ')} (${wing.count} quotes): RMSE ${wing.rmseVolPts.toFixed(3)} vol pts at ${wing.callWing}, ${wing.rmseNeutralVolPts.toFixed(3)} at the neutral 1`,
      vixFutures: `OLS of ln(settle/sqrt(FV)) on (1, T, vvol^2 T), ${FUTURES_IN_SAMPLE.from}..${FUTURES_IN_SAMPLE.to}; anchor fade by grid search on VX3-VX8 from VX2, same period`,
      vixOptions: 'least absolute deviations of ln price (model mid floored at 0.025) over (c0, c1 ln vvol, -beta ln(T/30d), SSVI rho, eta; lambda fixed): VXTH marks 2007-04..2011 + 2024-06-03 chain (on real same-expiry settles) (OTM and K >= 0.9F calls, more than 2 days to expiry), every mark weighing the same',
    },
  };
}
