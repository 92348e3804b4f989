/**
 * Model-free implied variance: the Cboe VIX methodology for any tenor.
 *
 * Source: "Cboe Volatility Index® (VIX®) White Paper", Cboe Exchange (2019 edition, the
 * edition with the 13.69 worked example): "The VIX Index Calculation: Step-by-Step",
 * Steps 1-3, and Appendix 1. Per expiry ("term"):
 *
 *   T      = minutes from the as-of instant to the settlement instant / 525,600
 *   F      = K* + e^{RT} (C(K*) − P(K*)), K* the strike with the smallest |call mid − put mid|
 *   K0     = the largest listed strike ≤ F
 *   strip  = puts below K0 walking down, calls above K0 walking up; a zero bid is skipped;
 *            after two consecutive zero bids nothing further out is used; at K0 the
 *            average of the put and call mids
 *   ΔK     = half the distance between the neighbouring *selected* strikes; at the two
 *            ends of the strip, the distance to the single neighbour
 *   σ²     = (2/T) Σ ΔK/K² e^{RT} Q(K) − (1/T) (F/K0 − 1)²
 *
 * and across terms: the two expiries bracketing the target tenor N (near: T ≤ N, next:
 * T > N), their total variances T·σ² interpolated linearly in minutes, annualised over N:
 *
 *   index = 100 · sqrt( (T1σ1² (N2 − N)/(N2 − N1) + T2σ2² (N − N1)/(N2 − N1)) · 525,600 / N )
 *
 * Term choice, generalised from the white paper's "more than 23 days and less than 37 days"
 * for the 30-day VIX (with weekly expiries, the bracketing pair always lies in that window):
 * - the near term is the latest expiry with T ≤ target, the next term the earliest with
 *   T > target; an expiry exactly at the target is used alone;
 * - a term is usable only when T > 0 and its strip is non-empty (a forward and at least one
 *   OTM option each side); unusable expiries are skipped;
 * - when no usable expiry lies on one side of the target (for example `days: 1` at a close
 *   whose next expiry is a Monday three days out, or a target beyond the last listed
 *   expiry), the single usable expiry nearest to the target is used and its σ² is taken as
 *   flat over the target (a "nearest term" rule); we never extrapolate total variance, which
 *   from two far expiries can give absurd short-tenor values. The same rule serves VIX9D- and
 *   VIX1D-style tenors.
 *
 * Hot path: one sort of the quotes per call, then per-term loops over typed arrays.
 */
import { InputError, PricingError } from '../core/errors.js';
import { MINUTES_PER_YEAR } from '../core/time.js';
import type { OptionType } from './types.js';

export interface OptionQuote {
  readonly expirationMs: number;
  readonly strike: number;
  readonly type: OptionType;
  readonly bid: number;
  readonly ask: number;
}

export interface VarianceChain {
  readonly quotes: readonly OptionQuote[];
  /** Continuously compounded risk-free rate to each expiry (fraction), keyed by expirationMs. */
  readonly rateFracByExpiry: ReadonlyMap<number, number>;
}

export interface VarianceTerm {
  readonly expirationMs: number;
  /** Minutes / 525,600 from the as-of instant to settlement. */
  readonly years: number;
  readonly forward: number;
  readonly k0: number;
  /** Annualised variance of the term (fraction², 0.04 = 20% vol). */
  readonly sigma2: number;
  /** Strikes in the strip, K0 counted once. */
  readonly strikesUsed: number;
}

export interface ModelFreeVarianceResult {
  /** The index in VIX points (13.69), i.e. 100 × the interpolated volatility. */
  readonly vix: number;
  /** The term(s) used, nearest first. */
  readonly terms: readonly VarianceTerm[];
}

export interface ModelFreeVarianceOptions {
  /** Target tenor in calendar days (30 = VIX, 9 = VIX9D, 1 = VIX1D). Default 30. */
  readonly days?: number;
}

const MS_PER_MINUTE = 60_000;

/** The Cboe VIX-style index of a chain at `asOfMs` for the target tenor. */
export function modelFreeVariance(
  chain: VarianceChain,
  asOfMs: number,
  options: ModelFreeVarianceOptions = {},
): ModelFreeVarianceResult {
  const days = options.days ?? 30;
  if (!Number.isFinite(days) || days <= 0) throw new InputError('days', `must be > 0, got ${days}`);
  if (!Number.isFinite(asOfMs)) throw new InputError('asOf', 'must be a finite instant');
  const targetMinutes = days * 1440;

  const groups = new ExpiryGroups(chain, asOfMs);
  // First expiry strictly beyond the target; the near term is looked for before it.
  let split = 0;
  while (split < groups.count && groups.minutes(split) <= targetMinutes) split++;
  let near: VarianceTerm | null = null;
  for (let g = split - 1; g >= 0 && !near; g--) near = groups.term(g);
  let next: VarianceTerm | null = null;
  for (let g = split; g < groups.count && !next; g++) next = groups.term(g);

  let used: VarianceTerm[];
  if (near && next && Math.abs(near.years * MINUTES_PER_YEAR - targetMinutes) >= 1e-9) used = [near, next];
  else if (near) used = [near]; // exactly at the target, or beyond the last usable expiry
  else if (next) used = [next]; // before the first usable expiry
  else {
    throw new PricingError('not_enough_data', 'no expiry after the as-of instant has a usable strip (forward, K0 and out-of-the-money quotes)');
  }

  let totalVariance: number; // variance × years at the target, before annualising
  if (used.length === 1) {
    const t = used[0] as VarianceTerm;
    totalVariance = t.sigma2 * (targetMinutes / MINUTES_PER_YEAR);
  } else {
    const [a, b] = used as [VarianceTerm, VarianceTerm];
    const n1 = a.years * MINUTES_PER_YEAR;
    const n2 = b.years * MINUTES_PER_YEAR;
    const w1 = (n2 - targetMinutes) / (n2 - n1);
    const w2 = (targetMinutes - n1) / (n2 - n1);
    totalVariance = a.years * a.sigma2 * w1 + b.years * b.sigma2 * w2;
  }
  const annual = (totalVariance * MINUTES_PER_YEAR) / targetMinutes;
  if (!(annual >= 0)) {
    throw new PricingError('not_enough_data', `interpolated variance is negative (${annual}): the terms' quotes are inconsistent`);
  }
  return { vix: 100 * Math.sqrt(annual), terms: used };
}

/** Every usable term of the chain (T > 0, non-empty strip), sorted by expiry. */
export function computeTerms(chain: VarianceChain, asOfMs: number): VarianceTerm[] {
  const groups = new ExpiryGroups(chain, asOfMs);
  const out: VarianceTerm[] = [];
  for (let g = 0; g < groups.count; g++) {
    const t = groups.term(g);
    if (t) out.push(t);
  }
  return out;
}

/** The chain's quotes sorted and grouped by expiry (future expiries only); terms on demand. */
class ExpiryGroups {
  private readonly quotes: OptionQuote[];
  private readonly starts: number[] = [];
  private readonly ends: number[] = [];
  private cap = 0;
  private strikes = new Float64Array(0);
  private cBid = new Float64Array(0);
  private cAsk = new Float64Array(0);
  private pBid = new Float64Array(0);
  private pAsk = new Float64Array(0);

  constructor(
    private readonly chain: VarianceChain,
    private readonly asOfMs: number,
  ) {
    this.quotes = chain.quotes.filter((q) => q.expirationMs > asOfMs).sort((a, b) => a.expirationMs - b.expirationMs || a.strike - b.strike);
    const qs = this.quotes;
    let i = 0;
    while (i < qs.length) {
      const exp = (qs[i] as OptionQuote).expirationMs;
      let j = i;
      while (j < qs.length && (qs[j] as OptionQuote).expirationMs === exp) j++;
      this.starts.push(i);
      this.ends.push(j);
      i = j;
    }
  }

  get count(): number {
    return this.starts.length;
  }

  expirationMs(g: number): number {
    return (this.quotes[this.starts[g] as number] as OptionQuote).expirationMs;
  }

  minutes(g: number): number {
    return (this.expirationMs(g) - this.asOfMs) / MS_PER_MINUTE;
  }

  /** σ² and friends of group g, or null when its strip is unusable. */
  term(g: number): VarianceTerm | null {
    const i = this.starts[g] as number;
    const j = this.ends[g] as number;
    if (j - i > this.cap) {
      this.cap = 2 * (j - i);
      this.strikes = new Float64Array(this.cap);
      this.cBid = new Float64Array(this.cap);
      this.cAsk = new Float64Array(this.cap);
      this.pBid = new Float64Array(this.cap);
      this.pAsk = new Float64Array(this.cap);
    }
    const { strikes, cBid, cAsk, pBid, pAsk } = this;
    // Merge calls and puts per strike; NaN marks a missing side.
    let n = 0;
    for (let q = i; q < j; q++) {
      const quote = this.quotes[q] as OptionQuote;
      if (n === 0 || strikes[n - 1] !== quote.strike) {
        strikes[n] = quote.strike;
        cBid[n] = NaN;
        cAsk[n] = NaN;
        pBid[n] = NaN;
        pAsk[n] = NaN;
        n++;
      }
      if (quote.type === 'call') {
        cBid[n - 1] = quote.bid;
        cAsk[n - 1] = quote.ask;
      } else {
        pBid[n - 1] = quote.bid;
        pAsk[n - 1] = quote.ask;
      }
    }
    const exp = this.expirationMs(g);
    const rate = this.chain.rateFracByExpiry.get(exp);
    if (rate === undefined || !Number.isFinite(rate)) {
      throw new InputError('rate', `no rate for the expiry ${new Date(exp).toISOString()}`);
    }
    const years = this.minutes(g) / MINUTES_PER_YEAR;
    const t = termVariance(strikes, cBid, cAsk, pBid, pAsk, n, years, rate);
    return t ? { expirationMs: exp, years, ...t } : null;
  }
}

export interface TermVarianceResult {
  readonly forward: number;
  readonly k0: number;
  readonly sigma2: number;
  readonly strikesUsed: number;
}

/**
 * σ² of one term from strike-sorted, de-duplicated quote arrays (NaN = no quote for that
 * side). Returns null when the term has no usable strip. Allocation-free.
 */
export function termVariance(
  strikes: Float64Array,
  callBid: Float64Array,
  callAsk: Float64Array,
  putBid: Float64Array,
  putAsk: Float64Array,
  n: number,
  years: number,
  rateFrac: number,
): TermVarianceResult | null {
  if (!(years > 0) || n < 2) return null;
  const growth = Math.exp(rateFrac * years);

  // Forward from the strike with the smallest |call mid − put mid| (both sides quoted).
  let best = -1;
  let bestDiff = Infinity;
  for (let k = 0; k < n; k++) {
    const cb = callBid[k] as number;
    const ca = callAsk[k] as number;
    const pb = putBid[k] as number;
    const pa = putAsk[k] as number;
    if (!(ca > 0 && pa > 0 && cb >= 0 && pb >= 0)) continue;
    const diff = Math.abs((cb + ca) / 2 - (pb + pa) / 2);
    if (diff < bestDiff) {
      bestDiff = diff;
      best = k;
    }
  }
  if (best < 0) return null;
  const kStar = strikes[best] as number;
  const forward = kStar + growth * (((callBid[best] as number) + (callAsk[best] as number)) / 2 - ((putBid[best] as number) + (putAsk[best] as number)) / 2);

  // K0: the largest strike ≤ F.
  let i0 = -1;
  for (let k = 0; k < n; k++) {
    if ((strikes[k] as number) <= forward) i0 = k;
    else break;
  }
  if (i0 < 0) return null;
  const k0 = strikes[i0] as number;

  // Strip bounds: walk out from K0 with the two-consecutive-zero-bid stop.
  let lo = i0;
  let zeros = 0;
  for (let k = i0 - 1; k >= 0; k--) {
    if (!((putBid[k] as number) > 0)) {
      if (++zeros === 2) break;
      continue;
    }
    zeros = 0;
    lo = k;
  }
  let hi = i0;
  zeros = 0;
  for (let k = i0 + 1; k < n; k++) {
    if (!((callBid[k] as number) > 0)) {
      if (++zeros === 2) break;
      continue;
    }
    zeros = 0;
    hi = k;
  }

  // Sum over selected strikes: ΔK from the neighbouring selected strikes.
  let sum = 0;
  let used = 0;
  let prevK = NaN;
  let curK = NaN;
  let curQ = NaN;
  for (let k = lo; k <= hi; k++) {
    let q: number;
    if (k === i0) {
      const cMid = ((callBid[k] as number) + (callAsk[k] as number)) / 2;
      const pMid = ((putBid[k] as number) + (putAsk[k] as number)) / 2;
      q = Number.isFinite(cMid) && Number.isFinite(pMid) ? (cMid + pMid) / 2 : Number.isFinite(cMid) ? cMid : pMid;
      if (!Number.isFinite(q)) continue;
    } else if (k < i0) {
      if (!((putBid[k] as number) > 0)) continue;
      q = ((putBid[k] as number) + (putAsk[k] as number)) / 2;
    } else {
      if (!((callBid[k] as number) > 0)) continue;
      q = ((callBid[k] as number) + (callAsk[k] as number)) / 2;
    }
    const kk = strikes[k] as number;
    if (used > 0) {
      // The previous selected strike now has both neighbours known.
      const dK = used === 1 ? kk - curK : (kk - prevK) / 2;
      sum += (dK / (curK * curK)) * curQ;
    }
    prevK = curK;
    curK = kk;
    curQ = q;
    used++;
  }
  if (used < 2) return null;
  sum += ((curK - prevK) / (curK * curK)) * curQ; // last strike: one-sided ΔK
  const d = forward / k0 - 1;
  const sigma2 = (2 / years) * growth * sum - (d * d) / years;
  return { forward, k0, sigma2, strikesUsed: used };
}
