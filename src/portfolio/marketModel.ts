/**
 * The market model port consumed by the backtest and the daily signal: for one trading
 * day, SPX smile vols, the SPX forward, VIX futures (real settle or model) and VIX option
 * vols (Black-76 on the same-expiry future). DESIGN §2.
 *
 * Everything that depends only on (data, calibration) is precomputed once into typed
 * arrays (pillar vols of the VIX family with modelled fill-ins, realized vol, VIX-of-VIX,
 * the per-day index range of the VX settle table, the smile's model-free-variance table);
 * dayModel(...) then costs a few array reads, and spxVol allocates nothing per call.
 *
 * Conventions:
 * - `years` for SPX options is ACT/365 calendar time from the close of `date`; below 9
 *   days the model spends variance in trading sessions (see volTermStructure.ts), so a
 *   Friday-to-Monday option carries about one session of variance, not three days.
 * - VIX option and future tenors are whole calendar days: years = (expiry − date)/365.
 * - vixExpiries(count) lists monthly VIX expiries strictly after `date` (on an expiry day
 *   the expiring contract settles at the open and can no longer be traded at the close).
 */
import { InputError } from '../core/errors.js';
import { epochDay, fromEpochDay, type IsoDate } from '../core/time.js';
import { isTradingDay, vixExpiration } from '../core/calendar.js';
import type { MarketData } from '../market/types.js';
import { DEFAULT_CALIBRATION, type ModelCalibration } from '../pricing/calibration.js';
import { atmTotalSdForVariance, buildMfvTable, shapeAt, smileRatio, type MfvTable } from '../pricing/spxSmile.js';
import { fillEffectiveDays, fillPillars, forwardVariance, PILLAR_COUNT, targetTotalVariance } from '../pricing/volTermStructure.js';
import { interpolateCurve, vixFutureModel, vvolFromVix, type CurvePoint } from '../pricing/vixFutures.js';
import { vixOptionVolModel } from '../pricing/vixOptionVol.js';

export { DEFAULT_CALIBRATION };
export type { ModelCalibration };

export interface DayModel {
  date: IsoDate;
  spot: number;
  rateFrac: number;
  divFrac: number;
  /** Model smile vol (fraction) of an SPX option of this strike and tenor. */
  spxVol(strike: number, years: number): number;
  spxForward(years: number): number;
  /** VIX future settle (points): the real settle where the data lists that expiry on this date, else the model. */
  vxFuture(expiry: IsoDate): { price: number; source: 'real' | 'model' };
  /** Black-76 vol (fraction) of a VIX option on the SAME-expiry VIX future. */
  vixOptionVol(expiry: IsoDate, strike: number): number;
  /** The next `count` monthly VIX expiries strictly after date. */
  vixExpiries(count: number): IsoDate[];
}

const DAYS_PER_YEAR = 365;
const VIX_TERM_YEARS = 30 / DAYS_PER_YEAR;
/** Effective-day table length: E(0..10) calendar days. */
const EFF_LEN = 11;

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
  /** Effective-day tables E(0..10) per day, EFF_LEN per day (see volTermStructure.ts). */
  eff: Float64Array;
  mfv: MfvTable;
}

const cache = new WeakMap<MarketData, WeakMap<ModelCalibration, PreparedModel>>();

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

export function prepareModel(data: MarketData, calib: ModelCalibration): PreparedModel {
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
  for (let i = 0; i < n; i++) {
    const gap = i + 1 < n ? (epochDays[i + 1] ?? 0) - (epochDays[i] ?? 0) : 1;
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
  const flags = new Uint8Array(EFF_LEN - 1);
  const row = new Float64Array(EFF_LEN);
  for (let i = 0; i < n; i++) {
    const today = epochDays[i] ?? 0;
    let q = i + 1;
    for (let k = 1; k < EFF_LEN; k++) {
      const day = today + k;
      while (q < n && (epochDays[q] ?? 0) < day) q++;
      flags[k - 1] = q < n ? ((epochDays[q] ?? 0) === day ? 1 : 0) : isTradingDay(fromEpochDay(day)) ? 1 : 0;
    }
    fillEffectiveDays(flags, ts.nonTradingDayWeight, row);
    eff.set(row, i * EFF_LEN);
  }
  const prepared: PreparedModel = { n, epochDays, pillars, realPillars, vvol, vvolReal, rv, vix, vxStart, vxEnd, vxExpiryDays, eff, mfv: mfvTableFor(calib) };
  byCalib.set(calib, prepared);
  return prepared;
}

const mfvCache = new WeakMap<ModelCalibration, MfvTable>();
function mfvTableFor(calib: ModelCalibration): MfvTable {
  let t = mfvCache.get(calib);
  if (!t) {
    t = buildMfvTable(calib.smile);
    mfvCache.set(calib, t);
  }
  return t;
}

/** E(0..10): variance time of the next calendar days after the close of epoch day `day`. */
export function effectiveDaysAfter(day: number, nonTradingWeight: number): Float64Array {
  const flags = new Uint8Array(EFF_LEN - 1);
  for (let k = 1; k < EFF_LEN; k++) flags[k - 1] = isTradingDay(fromEpochDay(day + k)) ? 1 : 0;
  const eff = new Float64Array(EFF_LEN);
  fillEffectiveDays(flags, nonTradingWeight, eff);
  return eff;
}

/** Real curve points (days > 0) of day i. */
export function realCurve(data: MarketData, prep: PreparedModel, i: number): CurvePoint[] {
  const out: CurvePoint[] = [];
  const today = prep.epochDays[i] ?? 0;
  for (let j = prep.vxStart[i] ?? 0; j < (prep.vxEnd[i] ?? 0); j++) {
    const days = (prep.vxExpiryDays[j] ?? 0) - today;
    const settle = data.vx.settle[j] ?? Number.NaN;
    if (days > 0 && settle > 0) out.push({ days, settle });
  }
  return out;
}

/** The model VIX future (points) of day i for an expiry `days` calendar days ahead. */
export function modelVixFuture(prep: PreparedModel, i: number, eff: Float64Array, days: number, calib: ModelCalibration): number {
  const years = days / DAYS_PER_YEAR;
  const fv = forwardVariance(prep.pillars, i * PILLAR_COUNT, eff, years, years + VIX_TERM_YEARS, calib.termStructure.intradayVarShare);
  return vixFutureModel(calib.vixFutures, fv, prep.vvol[i] ?? 1, years);
}

class DayModelImpl implements DayModel {
  readonly date: IsoDate;
  readonly spot: number;
  readonly rateFrac: number;
  readonly divFrac: number;
  private readonly off: number;
  private readonly eff: Float64Array;
  private readonly today: number;
  private curve: CurvePoint[] | undefined;
  private lastYears = Number.NaN;
  private lastS = 0;
  private lastB = 0;
  private lastRho = 0;
  private lastFwd = 0;

  constructor(
    private readonly data: MarketData,
    private readonly prep: PreparedModel,
    private readonly i: number,
    private readonly calib: ModelCalibration,
  ) {
    const d = data.daily;
    this.date = d.dates[i] as IsoDate;
    this.spot = d.spxClose[i] ?? Number.NaN;
    this.rateFrac = finiteOr(d.rateFrac[i], 0);
    this.divFrac = finiteOr(d.divYieldFrac[i], 0);
    this.off = i * PILLAR_COUNT;
    this.today = prep.epochDays[i] ?? 0;
    this.eff = prep.eff.subarray(i * EFF_LEN, (i + 1) * EFF_LEN);
  }

  spxForward(years: number): number {
    return this.spot * Math.exp((this.rateFrac - this.divFrac) * years);
  }

  spxVol(strike: number, years: number): number {
    if (!(strike > 0)) throw new InputError('strike', `must be > 0, got ${strike}`);
    if (!(years > 0)) throw new InputError('years', `must be > 0, got ${years}`);
    if (years !== this.lastYears) {
      const w = targetTotalVariance(this.prep.pillars, this.off, this.eff, years, this.calib.termStructure.intradayVarShare);
      this.lastS = atmTotalSdForVariance(this.prep.mfv, w, years);
      const sh = shapeAt(this.calib.smile, years);
      this.lastB = sh.b;
      this.lastRho = sh.rho;
      this.lastFwd = this.spxForward(years);
      this.lastYears = years;
    }
    const s = this.lastS;
    const p = this.calib.smile;
    const z = Math.log(strike / this.lastFwd) / s;
    return (s / Math.sqrt(years)) * smileRatio(z, this.lastB, this.lastRho, p.m, p.psi, p.zc, p.fMin);
  }

  vxFuture(expiry: IsoDate): { price: number; source: 'real' | 'model' } {
    const days = epochDay(expiry) - this.today;
    if (days < 0) throw new InputError('expiry', `${expiry} is before ${this.date}`);
    if (days === 0) {
      // Expiry day: the final settlement (SOQ ≈ the VIX open) where the data has it.
      for (let j = this.prep.vxStart[this.i] ?? 0; j < (this.prep.vxEnd[this.i] ?? 0); j++) {
        if (this.data.vx.expiry[j] === expiry) return { price: this.data.vx.settle[j] ?? Number.NaN, source: 'real' };
      }
      const open = this.data.daily.vixOpen[this.i] ?? Number.NaN;
      return { price: open > 0 ? open : (this.prep.vix[this.i] ?? Number.NaN), source: 'model' };
    }
    const curve = (this.curve ??= realCurve(this.data, this.prep, this.i));
    if (curve.length > 0) {
      for (const p of curve) if (p.days === days) return { price: p.settle, source: 'real' };
      const inside = interpolateCurve(curve, this.prep.vix[this.i] ?? Number.NaN, days);
      if (Number.isFinite(inside)) return { price: inside, source: 'model' };
      // Beyond the last listed contract: the model's term shape anchored on the last settle.
      const last = curve[curve.length - 1] as CurvePoint;
      const ratio = modelVixFuture(this.prep, this.i, this.eff, days, this.calib) / modelVixFuture(this.prep, this.i, this.eff, last.days, this.calib);
      return { price: last.settle * ratio, source: 'model' };
    }
    return { price: modelVixFuture(this.prep, this.i, this.eff, days, this.calib), source: 'model' };
  }

  vixOptionVol(expiry: IsoDate, strike: number): number {
    if (!(strike > 0)) throw new InputError('strike', `must be > 0, got ${strike}`);
    const days = epochDay(expiry) - this.today;
    const f = this.vxFuture(expiry).price;
    return vixOptionVolModel(this.calib.vixOptions, this.prep.vvol[this.i] ?? 1, days / DAYS_PER_YEAR, f, strike);
  }

  vixExpiries(count: number): IsoDate[] {
    const out: IsoDate[] = [];
    let y = Number(this.date.slice(0, 4));
    let m = Number(this.date.slice(5, 7));
    while (out.length < count) {
      const e = vixExpirationCached(y, m);
      if (e > this.date) out.push(e);
      m++;
      if (m > 12) {
        m = 1;
        y++;
      }
    }
    return out;
  }
}

const expirationCache = new Map<number, IsoDate>();
function vixExpirationCached(year: number, month1: number): IsoDate {
  const key = year * 12 + month1;
  let e = expirationCache.get(key);
  if (e === undefined) {
    e = vixExpiration(year, month1);
    expirationCache.set(key, e);
  }
  return e;
}

function finiteOr(x: number | undefined, dflt: number): number {
  return x !== undefined && Number.isFinite(x) ? x : dflt;
}

/** The market model of trading day `dayIndex` of data.daily. */
export function dayModel(data: MarketData, dayIndex: number, calib: ModelCalibration = DEFAULT_CALIBRATION): DayModel {
  if (!Number.isInteger(dayIndex) || dayIndex < 0 || dayIndex >= data.daily.dates.length) {
    throw new InputError('dayIndex', `must be a row of the daily frame (0..${data.daily.dates.length - 1}), got ${dayIndex}`);
  }
  return new DayModelImpl(data, prepareModel(data, calib), dayIndex, calib);
}
