/**
 * Real chains behind the market model's day view (issue 8, mixed mode). Until the engine's
 * single valuation `quote(instrument, dayModel)` exists, a chain answers through the seam
 * the simulation already has (`SimulationConfig.dayModel`): the day model's option vols
 * become the implied vols of the chain's mids, so every price the engine computes from
 * them (strike choice by delta, fills' mids, marks) is the chain's own mid.
 *
 * - SPX: the vol of (strike, years) is the Black-Scholes-Merton IV of the listed contract's
 *   mid (out-of-the-money side, root SPX family, expiry = the day + round(years·365)) with
 *   the day's spot, T-bill rate and dividend yield, as the model prices it. A strike between
 *   two listed ones takes the linear interpolation of their IVs. Where the chain has no
 *   usable quote (day missing, expiry or strike not listed, a mid outside the no-arbitrage
 *   bounds) the file's own IV is used when it has one, else the model's vol: the model fills
 *   the gaps, and every trade says which source priced it (chainTradeLabels).
 * - VIX: the Black-76 IV of the mid on the same-expiry VIX future the model uses (real settle
 *   where listed), years to the expiry morning's open.
 * - Fills: `listedQuote` hands the engine the chain's own bid/ask of a listed contract, and
 *   the engine fills on it (portfolio/costs.ts fillOnQuote) instead of the modelled half-spread.
 * - Everything else (spot, rates, VIX futures, the variance term structure) is the model's.
 *
 * Pure given the ChainSource port: the I/O is the adapter's.
 */
import { addDays, daysBetween, type IsoDate } from '../core/time.js';
import type { ChainRoot, ChainSource, ContractQuote, OptionType } from '../market/chainQuotes.js';
import { impliedVolKernel } from '../pricing/impliedVol.js';
import { vixOptionYears, type DayModel } from './marketModel.js';

/** How many option vols of a run came from the chain and how many from the model. */
export interface ChainLookupStats {
  chain: number;
  model: number;
  /** Days the run asked for that the source has no quotes of (the model priced them). */
  missingDays?: IsoDate[];
}

function ivOfQuote(q: ContractQuote | null, type: OptionType, forward: number, strike: number, years: number, growth: number): number {
  if (q === null) return Number.NaN;
  const iv = impliedVolKernel(type === 'call' ? 1 : -1, q.mid * growth, forward, strike, years);
  if (iv > 0) return iv;
  return q.iv !== undefined && q.iv > 0 ? q.iv : Number.NaN;
}

class ChainDayModel implements DayModel {
  readonly date: IsoDate;
  readonly spot: number;
  readonly rateFrac: number;
  readonly divFrac: number;

  constructor(
    private readonly base: DayModel,
    private readonly src: ChainSource,
    private readonly stats: ChainLookupStats,
  ) {
    this.date = base.date;
    this.spot = base.spot;
    this.rateFrac = base.rateFrac;
    this.divFrac = base.divFrac;
    if (stats.missingDays !== undefined && !src.hasDay(this.date) && !stats.missingDays.includes(this.date)) stats.missingDays.push(this.date);
  }

  spxForward(years: number): number {
    return this.base.spxForward(years);
  }

  spxVariance(years: number): number {
    return this.base.spxVariance(years);
  }

  vxFuture(expiry: IsoDate): { price: number; source: 'real' | 'model' } {
    return this.base.vxFuture(expiry);
  }

  vixExpiries(count: number): IsoDate[] {
    return this.base.vixExpiries(count);
  }

  private listedIv(root: ChainRoot, expiry: IsoDate, strike: number, forward: number, years: number, growth: number): number {
    const type: OptionType = strike >= forward ? 'call' : 'put';
    const iv = ivOfQuote(this.src.quote(this.date, root, type, expiry, strike), type, forward, strike, years, growth);
    if (iv > 0) return iv;
    // The other side where the out-of-the-money one has no usable quote.
    const other: OptionType = type === 'call' ? 'put' : 'call';
    return ivOfQuote(this.src.quote(this.date, root, other, expiry, strike), other, forward, strike, years, growth);
  }

  spxVol(strike: number, years: number): number {
    const modelVol = this.base.spxVol(strike, years);
    const days = Math.round(years * 365);
    if (days >= 1 && this.src.hasDay(this.date)) {
      const expiry = addDays(this.date, days);
      const forward = this.base.spxForward(years);
      const growth = Math.exp(this.rateFrac * years);
      let iv = this.listedIv('SPX', expiry, strike, forward, years, growth);
      if (!(iv > 0)) {
        // Between two listed strikes: interpolate their IVs.
        const type: OptionType = strike >= forward ? 'call' : 'put';
        const ks = this.src.strikes(this.date, 'SPX', type, expiry);
        let j = 0;
        while (j < ks.length && (ks[j] as number) < strike) j++;
        const lo = ks[j - 1];
        const hi = ks[j];
        if (lo !== undefined && hi !== undefined && hi > strike) {
          const a = this.listedIv('SPX', expiry, lo, forward, years, growth);
          const b = this.listedIv('SPX', expiry, hi, forward, years, growth);
          if (a > 0 && b > 0) iv = a + ((b - a) * (strike - lo)) / (hi - lo);
        }
      }
      if (iv > 0) {
        this.stats.chain++;
        return iv;
      }
    }
    this.stats.model++;
    return modelVol;
  }

  listedQuote(root: ChainRoot, type: OptionType, expiry: IsoDate, strike: number): ContractQuote | null {
    if (!this.src.hasDay(this.date)) return null;
    const q = this.src.quote(this.date, root, type, expiry, strike);
    return q !== null && q.source === 'chain' ? q : null;
  }

  vixOptionVol(expiry: IsoDate, strike: number): number {
    const days = daysBetween(this.date, expiry);
    const years = vixOptionYears(days);
    if (years > 0 && this.src.hasDay(this.date)) {
      const f = this.base.vxFuture(expiry).price;
      const iv = this.listedIv('VIX', expiry, strike, f, years, Math.exp(this.rateFrac * years));
      if (iv > 0) {
        this.stats.chain++;
        return iv;
      }
    }
    this.stats.model++;
    return this.base.vixOptionVol(expiry, strike);
  }
}

/** The day model of `base`'s day with the chain's quotes in place of the model's option vols. */
export function chainDayModel(base: DayModel, src: ChainSource, stats: ChainLookupStats = { chain: 0, model: 0 }): DayModel {
  return new ChainDayModel(base, src, stats);
}
