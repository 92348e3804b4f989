/**
 * Per-(data, calibration) precomputation of the market model, over plain typed arrays:
 * the VIX-family pillar vols with modelled fill-ins, realized vol, the VIX-of-VIX, the
 * effective-day tables of the short tenors, the per-day index range of the VX settle
 * table and the smile's model-free-variance table. Structural inputs (no market import):
 * the market DailyFrame and VxSettles satisfy them.
 */
import { isTradingDay } from '../core/calendar.js';
import { epochDay, fromEpochDay, type IsoDate } from '../core/time.js';
import type { ModelCalibration } from './calibration.js';
import { atmTotalSdForVariance, buildMfvFamily, mfvTableAt, shapeAt, shapeTenorYears, skewScaleOf, smileRatio, type MfvFamily, type TenorShape } from './spxSmile.js';
import { fillEffectiveDays, fillPillars, forwardVariance, PILLAR_COUNT, targetTotalVariance } from './volTermStructure.js';
import { anchoredFuture, interpolateCurve, vixFutureModel, vvolFromVix, type CurvePoint } from './vixFutures.js';

/** The daily series the model reads (NaN = missing), aligned on SPX trading days. */
export interface ModelDailyInput {
  dates: readonly IsoDate[];
  spxClose: Float64Array;
  vixClose: Float64Array;
  vix9d: Float64Array;
  vix3m: Float64Array;
  vix6m: Float64Array;
  vix1d: Float64Array;
  vvix: Float64Array;
  /** Cboe SKEW index closes (absent or NaN: the shape's own skew, scale 1). */
  skew?: Float64Array;
}

/** VIX futures settles, one row per (date, expiry), sorted by (date, expiry). */
export interface ModelVxInput {
  date: readonly IsoDate[];
  expiry: readonly IsoDate[];
  settle: Float64Array;
}

/** A dated market event; FOMC decisions and CPI releases enter the variance calendar. */
export interface ModelEvent {
  date: IsoDate;
  kind: string;
}

export interface ModelInput {
  daily: ModelDailyInput;
  vx: ModelVxInput;
  /** FOMC and CPI dates (other kinds are ignored); none: no event days in the calendar. */
  events?: readonly ModelEvent[];
}

/** Kinds of event whose session carries extra variance in the calendar. */
export const VARIANCE_EVENT_KINDS: readonly string[] = ['fomc', 'cpi'];

/** Epoch days of the variance events of the input. */
export function varianceEventDays(events: readonly ModelEvent[] | undefined): Set<number> {
  const out = new Set<number>();
  for (const e of events ?? []) if (VARIANCE_EVENT_KINDS.includes(e.kind)) out.add(epochDay(e.date));
  return out;
}

export const DAYS_PER_YEAR = 365;
export const VIX_TERM_YEARS = 30 / DAYS_PER_YEAR;
/** Calendar days the effective-day table covers: E(0..EFF_DAYS). */
const EFF_DAYS = 10;
/** Effective-day table length: E(0..10) calendar days, the first session's weight, E at the first session (fillEffectiveDays). */
export const EFF_LEN = EFF_DAYS + 3;

/** Bit mask of the pillars that are real on a day (see fillPillars). */
export const PILLAR_BITS = { vix1d: 1, vix9d: 2, vix: 4, vix3m: 8, vix6m: 16 } as const;

/** Per-(data, calibration) precomputation. */
export interface PreparedModel {
  n: number;
  epochDays: Int32Array;
  /** Pillar vols (fractions), PILLAR_COUNT per day: VIX1D, VIX9D, VIX, VIX3M, VIX6M. */
  pillars: Float64Array;
  realPillars: Uint8Array;
  /** 30-day VIX-of-VIX (fraction): VVIX/100 where it exists, else mapped from VIX. */
  vvol: Float64Array;
  vvolReal: Uint8Array;
  /** Realized vol (fraction) of the last rvDays SPX log returns. */
  rv: Float64Array;
  /** VIX close (points), forward-filled over the few missing days. */
  vix: Float64Array;
  /** Index range [vxStart, vxEnd) of the day's rows in data.vx. */
  vxStart: Int32Array;
  vxEnd: Int32Array;
  /** Epoch day of each data.vx expiry. */
  vxExpiryDays: Int32Array;
  /** Effective-day tables per day, EFF_LEN per day: E(0..10), the first session's weight, E at the first session (see fillEffectiveDays). */
  eff: Float64Array;
  /** The smile's model-free-variance tables by skew scale. */
  mfv: MfvFamily;
  /** The smile's skew scale of each day (SKEW forward-filled over missing days; see skewScaleOf). */
  skewScale: Float64Array;
  /** Calendar days from each close to the next session (1 on a weekday, 3 on a Friday; see shapeTenorYears). */
  gapDays: Uint8Array;
}

const cache = new WeakMap<object, WeakMap<ModelCalibration, PreparedModel>>();

/** Realized vol (fraction, 252-day annualized) of the `days` log returns ending at each index. */
export function realizedVol(close: Float64Array, days: number): Float64Array {
  const n = close.length;
  const out = new Float64Array(n);
  let sum = 0;
  const r2 = new Float64Array(n);
  for (let i = 1; i < n; i++) {
    const a = close[i - 1] ?? Number.NaN;
    const b = close[i] ?? Number.NaN;
    const r = a > 0 && b > 0 ? Math.log(b / a) : 0;
    r2[i] = r * r;
    sum += r2[i] ?? 0;
    if (i > days) sum -= r2[i - days] ?? 0;
    const cnt = Math.min(i, days);
    out[i] = Math.sqrt((252 * sum) / cnt);
  }
  out[0] = out[1] ?? 0;
  return out;
}

export function prepareModel(data: ModelInput, calib: ModelCalibration): PreparedModel {
  let byCalib = cache.get(data);
  if (byCalib === undefined) {
    byCalib = new WeakMap();
    cache.set(data, byCalib);
  }
  const hit = byCalib.get(calib);
  if (hit) return hit;
  const d = data.daily;
  const n = d.dates.length;
  const ts = calib.termStructure;
  const epochDays = new Int32Array(n);
  for (let i = 0; i < n; i++) epochDays[i] = epochDay(d.dates[i] as IsoDate);
  const vix = new Float64Array(n);
  let lastVix = Number.NaN;
  for (let i = 0; i < n; i++) {
    const v = d.vixClose[i] ?? Number.NaN;
    if (v > 0) lastVix = v;
    vix[i] = lastVix > 0 ? lastVix : 20;
  }
  const rv = realizedVol(d.spxClose, ts.rvDays);
  const pillars = new Float64Array(n * PILLAR_COUNT);
  const realPillars = new Uint8Array(n);
  const vvol = new Float64Array(n);
  const vvolReal = new Uint8Array(n);
  const eventDays = varianceEventDays(data.events);
  for (let i = 0; i < n; i++) {
    const gap = i + 1 < n ? (epochDays[i + 1] ?? 0) - (epochDays[i] ?? 0) : 1;
    const eventNext = eventDays.has((epochDays[i] ?? 0) + gap) ? 1 : 0;
    const v = (vix[i] ?? 20) / 100;
    realPillars[i] = fillPillars(
      ts,
      v,
      (d.vix1d[i] ?? Number.NaN) / 100,
      (d.vix9d[i] ?? Number.NaN) / 100,
      (d.vix3m[i] ?? Number.NaN) / 100,
      (d.vix6m[i] ?? Number.NaN) / 100,
      rv[i] ?? 0,
      gap,
      pillars,
      i * PILLAR_COUNT,
      eventNext,
    );
    const vv = d.vvix[i] ?? Number.NaN;
    if (vv > 0) {
      vvol[i] = vv / 100;
      vvolReal[i] = 1;
    } else vvol[i] = vvolFromVix(calib.vvol, v);
  }
  const vxStart = new Int32Array(n).fill(0);
  const vxEnd = new Int32Array(n).fill(0);
  const vx = data.vx;
  let j = 0;
  for (let i = 0; i < n; i++) {
    const day = d.dates[i] as IsoDate;
    while (j < vx.date.length && (vx.date[j] as IsoDate) < day) j++;
    vxStart[i] = j;
    while (j < vx.date.length && vx.date[j] === day) j++;
    vxEnd[i] = j;
  }
  const vxExpiryDays = new Int32Array(vx.expiry.length);
  for (let k = 0; k < vx.expiry.length; k++) vxExpiryDays[k] = epochDay(vx.expiry[k] as IsoDate);
  // Trading-day flags of the next 10 calendar days from the frame itself (its dates are
  // the SPX sessions); the calendar rules only past the end of the data.
  const eff = new Float64Array(n * EFF_LEN);
  const gapDays = new Uint8Array(n);
  const flags = new Uint8Array(EFF_DAYS);
  const row = new Float64Array(EFF_LEN);
  for (let i = 0; i < n; i++) {
    const today = epochDays[i] ?? 0;
    let q = i + 1;
    for (let k = 1; k <= EFF_DAYS; k++) {
      const day = today + k;
      while (q < n && (epochDays[q] ?? 0) < day) q++;
      const trades = q < n ? (epochDays[q] ?? 0) === day : isTradingDay(fromEpochDay(day));
      flags[k - 1] = trades ? (eventDays.has(day) ? 2 : 1) : 0;
    }
    fillEffectiveDays(flags, ts.nonTradingDayWeight, row, ts.eventDayBoost);
    eff.set(row, i * EFF_LEN);
    let g = 1;
    while (g < flags.length && flags[g - 1] === 0) g++;
    gapDays[i] = g;
  }
  const skewScale = skewScales(d.skew, n, calib);
  const prepared: PreparedModel = { n, epochDays, pillars, realPillars, vvol, vvolReal, rv, vix, vxStart, vxEnd, vxExpiryDays, eff, mfv: mfvTableFor(calib), skewScale, gapDays };
  byCalib.set(calib, prepared);
  return prepared;
}

function skewScales(skew: Float64Array | undefined, n: number, calib: ModelCalibration): Float64Array {
  const out = new Float64Array(n).fill(1);
  let last = Number.NaN;
  for (let i = 0; i < n; i++) {
    const v = skew?.[i] ?? Number.NaN;
    if (v > 0) last = v;
    out[i] = skewScaleOf(calib.smile, last);
  }
  return out;
}

/**
 * The MFV tables depend on the smile shape only: keyed on it, so that calibrations that share
 * one smile (fitCalendar's grid of calendar weights) share the tables and their filled cells.
 */
const mfvCache = new WeakMap<ModelCalibration['smile'], MfvFamily>();
function mfvTableFor(calib: ModelCalibration): MfvFamily {
  let t = mfvCache.get(calib.smile);
  if (!t) {
    t = buildMfvFamily(calib.smile);
    mfvCache.set(calib.smile, t);
  }
  return t;
}

/** Real curve points (days > 0) of day i. */
export function realCurve(data: ModelInput, prep: PreparedModel, i: number): CurvePoint[] {
  const out: CurvePoint[] = [];
  const today = prep.epochDays[i] ?? 0;
  for (let j = prep.vxStart[i] ?? 0; j < (prep.vxEnd[i] ?? 0); j++) {
    const days = (prep.vxExpiryDays[j] ?? 0) - today;
    const settle = data.vx.settle[j] ?? Number.NaN;
    if (days > 0 && settle > 0) out.push({ days, settle });
  }
  return out;
}

/**
 * The VIX future of day i for an expiry `days` (> 0) calendar days ahead: the real settle
 * where the data list it, F² interpolated in time between listed expiries, the last listed
 * settle fading into the model beyond them, the model alone where nothing is listed.
 */
export function vixFutureOfDay(
  data: ModelInput,
  prep: PreparedModel,
  i: number,
  calib: ModelCalibration,
  days: number,
  curve: readonly CurvePoint[] = realCurve(data, prep, i),
): { price: number; source: 'real' | 'model' } {
  const eff = prep.eff.subarray(i * EFF_LEN, (i + 1) * EFF_LEN);
  if (curve.length > 0) {
    for (const p of curve) if (p.days === days) return { price: p.settle, source: 'real' };
    const inside = interpolateCurve(curve, prep.vix[i] ?? Number.NaN, days);
    if (Number.isFinite(inside)) return { price: inside, source: 'model' };
    const last = curve[curve.length - 1] as CurvePoint;
    return { price: anchoredFuture(calib.vixFutures, last.settle, last.days, modelVixFuture(prep, i, eff, days, calib), days), source: 'model' };
  }
  return { price: modelVixFuture(prep, i, eff, days, calib), source: 'model' };
}

/** The model VIX future (points) of day i for an expiry `days` calendar days ahead. */
export function modelVixFuture(prep: PreparedModel, i: number, eff: Float64Array, days: number, calib: ModelCalibration): number {
  const years = days / DAYS_PER_YEAR;
  const fv = forwardVariance(prep.pillars, i * PILLAR_COUNT, eff, years, years + VIX_TERM_YEARS, calib.termStructure.intradayVarShare);
  return vixFutureModel(calib.vixFutures, fv, prep.vvol[i] ?? 1, years);
}


/**
 * Model smile vol of an SPX option on day i (same as DayModel.spxVol, without its
 * per-tenor cache): forward is the model forward of that tenor.
 */
export function modelSpxVol(prep: PreparedModel, i: number, calib: ModelCalibration, forward: number, strike: number, years: number): number {
  const { s, shape } = daySmileAt(prep, i, calib, years);
  return (s / Math.sqrt(years)) * smileRatio(Math.log(strike / forward) / s, shape, calib.smile);
}

/**
 * Day i's smile at one tenor: the ATM total sd s that levels the shape on the VIX-family
 * variance of that tenor, and the tenor's shape at the day's skew scale (σ(K) = s/√T ·
 * smileRatio(ln(K/F)/s, shape)).
 */
export function daySmileAt(prep: PreparedModel, i: number, calib: ModelCalibration, years: number): { s: number; shape: TenorShape } {
  const eff = prep.eff.subarray(i * EFF_LEN, (i + 1) * EFF_LEN);
  const w = targetTotalVariance(prep.pillars, i * PILLAR_COUNT, eff, years, calib.termStructure.intradayVarShare);
  const scale = prep.skewScale[i] ?? 1;
  const shapeYears = shapeTenorYears(years, prep.gapDays[i] ?? 1);
  return { s: atmTotalSdForVariance(mfvTableAt(prep.mfv, scale), w, shapeYears), shape: shapeAt(calib.smile, shapeYears, scale) };
}

/** Row of date d in the frame, or -1. */
export function rowOf(dates: readonly IsoDate[], d: IsoDate): number {
  let lo = 0;
  let hi = dates.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((dates[mid] as IsoDate) < d) lo = mid + 1;
    else hi = mid;
  }
  return dates[lo] === d ? lo : -1;
}
