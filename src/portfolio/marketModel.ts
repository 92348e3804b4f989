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
 * - VIX options settle at the open of the expiry day: vixOptionVol is calibrated with
 *   years = vixOptionYears(days) = max(days − 17.5 h, 0)/365 (price with the same years).
 * - vixExpiries(count) lists monthly VIX expiries strictly after `date` (on an expiry day
 *   the expiring contract settles at the open and can no longer be traded at the close).
 */
import { InputError } from '../core/errors.js';
import { epochDay, type IsoDate } from '../core/time.js';
import { vixExpiration } from '../core/calendar.js';
import type { MarketData } from '../market/types.js';
import type { ChainRoot, OptionType } from '../market/chainQuotes.js';
import type { ListedQuote } from './costs.js';
import { DEFAULT_CALIBRATION, type ModelCalibration } from '../pricing/calibration.js';
import { daySmileAt, EFF_LEN, prepareModel, realCurve, vixFutureOfDay, type PreparedModel } from '../pricing/modelSeries.js';
import { smileRatio, type TenorShape } from '../pricing/spxSmile.js';
import { PILLAR_COUNT, targetTotalVariance } from '../pricing/volTermStructure.js';
import type { CurvePoint } from '../pricing/vixFutures.js';
import { vixOptionVolModel, vixOptionYears } from '../pricing/vixOptionVol.js';

export { vixOptionYears };

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
  /** Annualized SPX variance (fraction²) to `years`: the VIX-family term structure's model-free variance, which the smile reproduces. */
  spxVariance(years: number): number;
  /** VIX future settle (points): the real settle where the data lists that expiry on this date, else the model. */
  vxFuture(expiry: IsoDate): { price: number; source: 'real' | 'model' };
  /** Black-76 vol (fraction) of a VIX option on the SAME-expiry VIX future, for years = vixOptionYears(days to expiry). */
  vixOptionVol(expiry: IsoDate, strike: number): number;
  /** The next `count` monthly VIX expiries strictly after date. */
  vixExpiries(count: number): IsoDate[];
  /**
   * The listed end-of-day quote of a contract where a real chain lists it (absent on the
   * model's own day view): the engine fills on it instead of the modelled half-spread.
   */
  listedQuote?(root: ChainRoot, type: OptionType, expiry: IsoDate, strike: number): ListedQuote | null;
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
  private lastShape: TenorShape = { b: 0, rho: 0, uTrough: 0, gTrough: 0 };
  private lastFwd = 0;
  private lastFutureExpiry: IsoDate | null = null;
  private lastFuture: { price: number; source: 'real' | 'model' } | null = null;

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

  spxVariance(years: number): number {
    if (!(years > 0)) throw new InputError('years', `must be > 0, got ${years}`);
    return targetTotalVariance(this.prep.pillars, this.off, this.eff, years, this.calib.termStructure.intradayVarShare) / years;
  }

  spxVol(strike: number, years: number): number {
    if (!(strike > 0)) throw new InputError('strike', `must be > 0, got ${strike}`);
    if (!(years > 0)) throw new InputError('years', `must be > 0, got ${years}`);
    if (years !== this.lastYears) {
      const smile = daySmileAt(this.prep, this.i, this.calib, years);
      this.lastS = smile.s;
      this.lastShape = smile.shape;
      this.lastFwd = this.spxForward(years);
      this.lastYears = years;
    }
    const s = this.lastS;
    const z = Math.log(strike / this.lastFwd) / s;
    return (s / Math.sqrt(years)) * smileRatio(z, this.lastShape, this.calib.smile);
  }

  vxFuture(expiry: IsoDate): { price: number; source: 'real' | 'model' } {
    // The hedge asks for the same expiry's future at every strike it looks at: keep the last.
    if (expiry === this.lastFutureExpiry && this.lastFuture !== null) return this.lastFuture;
    const f = this.vxFutureUncached(expiry);
    this.lastFutureExpiry = expiry;
    this.lastFuture = f;
    return f;
  }

  private vxFutureUncached(expiry: IsoDate): { price: number; source: 'real' | 'model' } {
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
    return vixFutureOfDay(this.data, this.prep, this.i, this.calib, days, (this.curve ??= realCurve(this.data, this.prep, this.i)));
  }

  vixOptionVol(expiry: IsoDate, strike: number): number {
    if (!(strike > 0)) throw new InputError('strike', `must be > 0, got ${strike}`);
    const days = epochDay(expiry) - this.today;
    const f = this.vxFuture(expiry).price;
    return vixOptionVolModel(this.calib.vixOptions, this.prep.vvol[this.i] ?? 1, vixOptionYears(days), f, strike);
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
