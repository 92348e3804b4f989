/**
 * The model's own end-of-day chain of one day (issue 8: `alvh chains export`), priced with
 * the engine's one valuation (engine/valuation.ts), as the backtest and the ticket are:
 *
 * - SPX (root SPXW, PM-settled): BSM on the model smile, ACT/365 from the close; the quote
 *   is mid ∓ the modelled half-spread of an SPX option (the width driven by VIX/100, as the
 *   condor's fills are). Expiries: the next trading days of the condor ladder and the
 *   monthly expiries (third Fridays) within `spxMonthlyDays`. Strikes on the listed grid
 *   (`spxStepPts`) over F·exp(±`sdReach`·σ√T), wider by `padPts` for wings set in points.
 * - VIX (root VIX): Black-76 on the same-expiry VIX future (real settle where listed) with
 *   the model's VIX-option vol, years to the expiry morning's open; the quote is mid ∓ the
 *   modelled VIX-option half-spread (driven by the option's vol). Expiries: the next
 *   `vixExpiries` monthly expiries; strikes on the policy strike grid from 0.5·F to 4·F.
 *
 * A modelled quote whose bid would fall below 0 is written [0, 2·half-spread] so that its
 * width stays the model's; the model's mid goes into `mid` (the generic layout's mark).
 * Pure: no I/O.
 */
import { InputError } from '../core/errors.js';
import { spxMonthlyExpiration } from '../core/calendar.js';
import { daysBetween, type IsoDate } from '../core/time.js';
import type { ChainRow, OptionType } from '../market/chainQuotes.js';
import type { CostModel } from '../portfolio/costs.js';
import type { DayModel } from '../portfolio/marketModel.js';
import { spxOption, vixOption } from '../portfolio/instruments.js';
import { strikesOnGrid, type StrikeGrid } from '../hedge/index.js';
import { defaultReality } from '../engine/reality.js';
import { quote, type ValuationDay } from '../engine/valuation.js';

export interface ModelChainOptions {
  /** SPX daily expiries listed: these trading days (ascending, after the day). */
  readonly spxDailyExpiries: readonly IsoDate[];
  /** Monthly SPX expiries (third Fridays) within this many calendar days are added. */
  readonly spxMonthlyDays: number;
  readonly spxStepPts: number;
  /** Strikes out to this many ATM standard deviations of each expiry, each side. */
  readonly sdReach: number;
  /** And this many index points beyond (wings set in points). */
  readonly padPts: number;
  /** Monthly VIX expiries listed. */
  readonly vixExpiries: number;
  readonly vixGrid: StrikeGrid;
  /** VIX close (points): drives the SPX quote width. */
  readonly vixClosePts: number;
  readonly costs: CostModel;
}

/** A modelled row with the model's mid (the mark) besides its quote. */
export interface ModelChainRow extends ChainRow {
  readonly mid: number;
}

const TYPES: readonly OptionType[] = ['call', 'put'];

function quoteOf(mid: number, half: number): { bid: number; ask: number } {
  const bid = mid - half;
  return bid >= 0 ? { bid, ask: mid + half } : { bid: 0, ask: 2 * half };
}

/** The monthly SPX expiries in (date, date + days]. */
function spxMonthlies(date: IsoDate, days: number): IsoDate[] {
  const out: IsoDate[] = [];
  let y = Number(date.slice(0, 4));
  let m = Number(date.slice(5, 7));
  for (;;) {
    const e = spxMonthlyExpiration(y, m);
    if (daysBetween(date, e) > days) return out;
    if (e > date) out.push(e);
    m++;
    if (m > 12) {
      m = 1;
      y++;
    }
  }
}

/** SPX rows of the day (root SPXW). */
export function modelSpxChain(model: DayModel, opt: ModelChainOptions): ModelChainRow[] {
  if (!(model.spot > 0)) throw new InputError('spot', `the model of ${model.date} has no SPX close`);
  const expiries = [...new Set([...opt.spxDailyExpiries.filter((e) => e > model.date), ...spxMonthlies(model.date, opt.spxMonthlyDays)])].sort();
  const rows: ModelChainRow[] = [];
  const day: ValuationDay = { model, vixPts: opt.vixClosePts, slippage: defaultReality(opt.costs).slippage };
  for (const expiration of expiries) {
    const years = daysBetween(model.date, expiration) / 365;
    const fwd = model.spxForward(years);
    const sd = model.spxVol(fwd, years) * Math.sqrt(years);
    const lo = Math.max(opt.spxStepPts, Math.floor((fwd * Math.exp(-opt.sdReach * sd) - opt.padPts) / opt.spxStepPts) * opt.spxStepPts);
    const hi = Math.ceil((fwd * Math.exp(opt.sdReach * sd) + opt.padPts) / opt.spxStepPts) * opt.spxStepPts;
    for (let k = lo; k <= hi + 1e-9; k += opt.spxStepPts) {
      const strike = Number(k.toFixed(8));
      for (const type of TYPES) {
        const v = quote(spxOption(type, strike, expiration), day);
        rows.push({ date: model.date, root: 'SPXW', expiration, strike, type, ...quoteOf(v.mid, v.halfSpread), mid: v.mid, underlying: model.spot, iv: v.iv, delta: v.delta });
      }
    }
  }
  return rows;
}

/** VIX rows of the day (root VIX, monthly expiries). */
export function modelVixChain(model: DayModel, opt: ModelChainOptions): ModelChainRow[] {
  const rows: ModelChainRow[] = [];
  const day: ValuationDay = { model, vixPts: opt.vixClosePts, slippage: defaultReality(opt.costs).slippage };
  for (const expiration of model.vixExpiries(opt.vixExpiries)) {
    const f = model.vxFuture(expiration).price;
    if (!(f > 0)) continue;
    for (const strike of strikesOnGrid(opt.vixGrid, 0.5 * f, 4 * f)) {
      for (const type of TYPES) {
        const v = quote(vixOption(type, strike, expiration), day);
        rows.push({ date: model.date, root: 'VIX', expiration, strike, type, ...quoteOf(v.mid, v.halfSpread), mid: v.mid, underlying: f, iv: v.iv, delta: v.delta });
      }
    }
  }
  return rows;
}
