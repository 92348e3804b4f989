/**
 * Implied vols of a real option chain snapshot: forward per expiry from put-call parity,
 * IV of the out-of-the-money mid (Black-76 on that forward, which is BSM with the
 * dividend yield implied by parity), |delta| from the same vol.
 */
import { daysBetween, type IsoDate } from '../core/time.js';
import { normCdf } from './normal.js';
import { impliedVolKernel } from './impliedVol.js';

export interface ChainQuote {
  expiration: IsoDate;
  strike: number;
  type: 'call' | 'put';
  bid: number;
  ask: number;
}

export interface ChainPoint {
  expiration: IsoDate;
  days: number;
  years: number;
  forward: number;
  strike: number;
  type: 'call' | 'put';
  mid: number;
  iv: number;
  /** |Black-76 delta| (undiscounted) at the chain's own IV. */
  absDelta: number;
}

export interface ChainIvOptions {
  /** A spot level to locate the money (the forward itself comes from the quotes). */
  spotHint: number;
  rateFrac: number;
  /** Expiries with more calendar days are dropped. */
  maxDays: number;
  /** Dividend yield, used only to carry a calls-only snapshot's common spot to each expiry. */
  divFrac?: number;
  /** Mids below this are dropped (default 0.05, the minimum tick). */
  minMid?: number;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  if (n === 0) return Number.NaN;
  return n % 2 ? (s[(n - 1) >> 1] ?? Number.NaN) : 0.5 * ((s[n / 2 - 1] ?? 0) + (s[n / 2] ?? 0));
}

/**
 * Forward of one expiry. With both types: median of K + e^{rT}(C − P) over the six
 * two-sided strikes nearest the spot hint. Calls only: median of the three smallest
 * K + e^{rT}·C over deep in-the-money strikes (K ≤ 0.93·spot), where the put value in the
 * call is smallest.
 */
export function parityForward(quotes: readonly ChainQuote[], spotHint: number, years: number, rateFrac: number): number {
  const growth = Math.exp(rateFrac * years);
  const calls = new Map<number, number>();
  const puts = new Map<number, number>();
  for (const q of quotes) {
    if (!(q.bid > 0 && q.ask > 0)) continue;
    (q.type === 'call' ? calls : puts).set(q.strike, 0.5 * (q.bid + q.ask));
  }
  const both = [...calls.keys()].filter((k) => puts.has(k)).sort((a, b) => Math.abs(a - spotHint) - Math.abs(b - spotHint));
  if (both.length >= 3) return median(both.slice(0, 6).map((k) => k + growth * ((calls.get(k) ?? 0) - (puts.get(k) ?? 0))));
  const itm = [...calls.entries()].filter(([k]) => k <= 0.93 * spotHint && k >= 0.7 * spotHint).map(([k, c]) => k + growth * c);
  itm.sort((a, b) => a - b);
  return median(itm.slice(0, 3));
}

export function chainImpliedVols(quotes: readonly ChainQuote[], asOf: IsoDate, opt: ChainIvOptions): ChainPoint[] {
  const byExp = new Map<IsoDate, ChainQuote[]>();
  for (const q of quotes) {
    const days = daysBetween(asOf, q.expiration);
    if (days < 1 || days > opt.maxDays) continue;
    let list = byExp.get(q.expiration);
    if (!list) byExp.set(q.expiration, (list = []));
    list.push(q);
  }
  const out: ChainPoint[] = [];
  const minMid = opt.minMid ?? 0.05;
  const expiries = [...byExp.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1));
  const hasPuts = quotes.some((q) => q.type === 'put');
  // Calls only: one implied spot for the whole snapshot (median over expiries of the
  // deep-in-the-money estimate discounted back at the carry rate), then F(T) from it.
  let commonSpot = Number.NaN;
  if (!hasPuts) {
    const spots: number[] = [];
    for (const [expiration, list] of expiries) {
      const years = daysBetween(asOf, expiration) / 365;
      const f = parityForward(list, opt.spotHint, years, opt.rateFrac);
      if (f > 0) spots.push(f * Math.exp(-(opt.rateFrac - (opt.divFrac ?? 0)) * years));
    }
    commonSpot = median(spots);
  }
  for (const [expiration, list] of expiries) {
    const days = daysBetween(asOf, expiration);
    const years = days / 365;
    const forward = hasPuts ? parityForward(list, opt.spotHint, years, opt.rateFrac) : commonSpot * Math.exp((opt.rateFrac - (opt.divFrac ?? 0)) * years);
    if (!(forward > 0)) continue;
    const growth = Math.exp(opt.rateFrac * years);
    for (const q of list) {
      const otm = q.type === 'call' ? q.strike >= forward : q.strike < forward;
      if (!otm || !(q.bid > 0 && q.ask > 0)) continue;
      const mid = 0.5 * (q.bid + q.ask);
      if (mid < minMid) continue;
      const theta = q.type === 'call' ? 1 : -1;
      const iv = impliedVolKernel(theta, mid * growth, forward, q.strike, years);
      if (!(iv > 0)) continue;
      const sd = iv * Math.sqrt(years);
      const d1 = Math.log(forward / q.strike) / sd + 0.5 * sd;
      const absDelta = q.type === 'call' ? normCdf(d1) : 1 - normCdf(d1);
      out.push({ expiration, days, years, forward, strike: q.strike, type: q.type, mid, iv, absDelta });
    }
  }
  return out;
}

/** ATM vol of one expiry's points: linear interpolation of IV in ln(K/F) at 0. */
export function atmVolOf(points: readonly ChainPoint[]): number {
  let below: ChainPoint | undefined;
  let above: ChainPoint | undefined;
  for (const p of points) {
    if (p.strike <= p.forward && (!below || p.strike > below.strike)) below = p;
    if (p.strike >= p.forward && (!above || p.strike < above.strike)) above = p;
  }
  if (!below) return above ? above.iv : Number.NaN;
  if (!above || above.strike === below.strike) return below.iv;
  const kb = Math.log(below.strike / below.forward);
  const ka = Math.log(above.strike / above.forward);
  return below.iv + ((above.iv - below.iv) * (0 - kb)) / (ka - kb);
}
