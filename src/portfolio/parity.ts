/**
 * Put-call parity scan (European options): per expiry, the forward implied by the chain and
 * the conversions, reversals and boxes that are profitable after crossing the spread (buy at
 * the ask, sell at the bid) and per-contract fees.
 *
 * With a tradable forward F (a same-expiry future, or spot carried at r − q) and the discount
 * factor DF = e^(−rT), per strike K (present value, points per option):
 *   conversion (long F, short call, long put):  C_bid − P_ask + DF·(K − F_ask)
 *   reversal   (short F, long call, short put): P_bid − C_ask + DF·(F_bid − K)
 * Without one, a strike's synthetic is traded against the synthetic at the reference strike
 * Kr (two-sided quotes, nearest the implied forward): a box, which needs no underlying:
 *   box at K (conversion at K, reversal at Kr): C_bid(K) − P_ask(K) + P_bid(Kr) − C_ask(Kr) + DF·(K − Kr)
 *   box at K (reversal at K, conversion at Kr): P_bid(K) − C_ask(K) + C_bid(Kr) − P_ask(Kr) + DF·(Kr − K)
 * The dollar edge is points × multiplier minus the fees of every contract traded.
 *
 * Stale quotes: an end-of-day snapshot mixes quotes taken at different times. A strike where an
 * option's ask is below its own lower bound at the chain's implied forward (call ask < DF·(F − K),
 * put ask < DF·(K − F)) cannot be a live quote (anyone could lift it and exercise the bound); such
 * strikes are left out of the scan and counted in `staleStrikes` (`keepStale` keeps them).
 *
 * Executable quotes only. A strike whose call or put is quoted wider than
 * max(widthFloorPts, maxWidthFrac × mid) is left out (`wideStrikes`): a wide quote is a
 * placeholder, not a price one can deal at. Each opportunity lists its legs (side, option,
 * price, quote time) and needs every leg quoted within `maxQuoteSkewMs` of the others: a
 * candidate with a leg of unknown time (an end-of-day snapshot carries none) or legs quoted
 * further apart is left out and counted (`unsynchronized`), unless `assumeSimultaneous`
 * lists it, labelled with `quoteTimes: null`. (The 2026-01-30 SPX snapshot shows why: a
 * "box" of $7,944 at 7320/6940 from a 7320 put bid of 454.20 that was never live at the
 * same moment as the other legs.)
 */
import { InputError } from '../core/errors.js';

/** One strike's quotes in points; NaN where a side has no quote (a 0 bid is a valid bid). */
export interface ParityQuote {
  strike: number;
  callBid: number;
  callAsk: number;
  putBid: number;
  putAsk: number;
  /** When the call's and the put's quotes were taken (ms since the epoch); absent or NaN: unknown. */
  callTimeMs?: number;
  putTimeMs?: number;
}

/** A tradable forward for conversions and reversals. */
export interface TradableForward {
  /** Mid price in points. */
  price: number;
  /** Half-spread paid when trading it, points. */
  halfSpread: number;
  /** Fees of one forward contract, dollars. */
  feePerContract: number;
  /** Multiplier of one forward contract (VIX future 1000); the scan trades multiplier/optionMultiplier of one per option pair. */
  multiplier: number;
  /** What it is, for the report ("VX 2024-06-18 settle", "spot × e^((r−q)T)"). */
  label: string;
}

export interface ParityExpiry {
  /** Label of the expiry (its date, plus the root when several settle that day). */
  expiration: string;
  years: number;
  rateFrac: number;
  quotes: readonly ParityQuote[];
  forward: TradableForward | null;
}

export interface ParityCosts {
  optionMultiplier: number;
  /** Commission + exchange fees per option contract, dollars. */
  optionFeePerContract: number;
  /** Only opportunities with at least this dollar edge are listed (default 0: any profit). */
  minEdgeUsd?: number;
  /** Scan strikes whose quotes break the single-option bounds too (default false). */
  keepStale?: boolean;
  /** Widest accepted quote as a fraction of its mid (default 0.10)... */
  maxWidthFrac?: number;
  /** ...but a quote at most this wide in points always passes (default 0.5). */
  widthFloorPts?: number;
  /** Legs of one trade must be quoted within this many ms of each other (default 1000). */
  maxQuoteSkewMs?: number;
  /** List candidates whose quote times are unknown, labelled (default false: leave them out). */
  assumeSimultaneous?: boolean;
}

export const PARITY_DEFAULTS = { maxWidthFrac: 0.1, widthFloorPts: 0.5, maxQuoteSkewMs: 1000 } as const;

/** One leg of a parity trade at the price the scan assumed (bid when selling, ask when buying). */
export interface ParityLeg {
  side: 'buy' | 'sell';
  instrument: 'call' | 'put' | 'forward';
  /** The option's strike (null for the forward). */
  strike: number | null;
  pricePts: number;
  /** When that quote was taken; null: unknown. */
  timeMs: number | null;
}

export type ParityKind = 'conversion' | 'reversal' | 'box';

export interface ParityOpportunity {
  kind: ParityKind;
  strike: number;
  /** The other strike of a box (its reversal leg for a box long at `strike`). */
  refStrike: number | null;
  /** For a box: 'conversion' or 'reversal' at `strike` (the other at refStrike). */
  legAtStrike: 'conversion' | 'reversal';
  edgePts: number;
  /** After fees, per option pair (conversion/reversal) or per box of four options. */
  edgeUsd: number;
  /** What it takes to execute: every leg at its price, at once. */
  legs: ParityLeg[];
  /** First and last quote time of the option legs; null when any is unknown. */
  quoteTimes: { firstMs: number; lastMs: number } | null;
}

export interface ParityExpiryResult {
  expiration: string;
  years: number;
  rateFrac: number;
  /** Median over strikes with two-sided quotes of K + (C_mid − P_mid)/DF; null without any. */
  impliedForward: number | null;
  /** The tradable forward used (null: boxes against the reference strike). */
  forward: number | null;
  forwardLabel: string | null;
  refStrike: number | null;
  strikesScanned: number;
  /** Strikes left out: an ask below the option's lower bound at the implied forward. */
  staleStrikes: number[];
  /** Strikes left out: a call or put quoted wider than the width filter allows. */
  wideStrikes: number[];
  /** Profitable candidates left out: legs not shown to be quoted at the same moment. */
  unsynchronized: number;
  opportunities: ParityOpportunity[];
}

const knownTime = (t: number | undefined): number | null => (t !== undefined && Number.isFinite(t) ? t : null);

function narrowEnough(bid: number, ask: number, frac: number, floor: number): boolean {
  return ask - bid <= Math.max(floor, frac * ((bid + ask) / 2)) + 1e-12;
}

/** The legs of a conversion (sell call, buy put, buy forward) or reversal at one strike's quotes. */
function pairLegs(q: ParityQuote, leg: 'conversion' | 'reversal', forwardPts: number | null): ParityLeg[] {
  const [call, put] = [knownTime(q.callTimeMs), knownTime(q.putTimeMs)];
  const legs: ParityLeg[] =
    leg === 'conversion'
      ? [
          { side: 'sell', instrument: 'call', strike: q.strike, pricePts: q.callBid, timeMs: call },
          { side: 'buy', instrument: 'put', strike: q.strike, pricePts: q.putAsk, timeMs: put },
        ]
      : [
          { side: 'buy', instrument: 'call', strike: q.strike, pricePts: q.callAsk, timeMs: call },
          { side: 'sell', instrument: 'put', strike: q.strike, pricePts: q.putBid, timeMs: put },
        ];
  if (forwardPts !== null) legs.push({ side: leg === 'conversion' ? 'buy' : 'sell', instrument: 'forward', strike: null, pricePts: forwardPts, timeMs: null });
  return legs;
}

/** First and last time of the option legs, or null when one is unknown. */
function legTimes(legs: readonly ParityLeg[]): { firstMs: number; lastMs: number } | null {
  const times = legs.filter((l) => l.instrument !== 'forward').map((l) => l.timeMs);
  if (times.some((t) => t === null)) return null;
  const ts = times as number[];
  return { firstMs: Math.min(...ts), lastMs: Math.max(...ts) };
}

function twoSided(q: ParityQuote): boolean {
  return [q.callBid, q.callAsk, q.putBid, q.putAsk].every((x) => Number.isFinite(x) && x >= 0) && q.callAsk >= q.callBid && q.putAsk >= q.putBid;
}

function median(xs: number[]): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

/** Pure: scans every expiry; opportunities sorted by dollar edge, largest first. */
export function scanParity(expiries: readonly ParityExpiry[], costs: ParityCosts): ParityExpiryResult[] {
  if (!(costs.optionMultiplier > 0)) throw new InputError('optionMultiplier', `must be > 0, got ${costs.optionMultiplier}`);
  if (!(costs.optionFeePerContract >= 0)) throw new InputError('optionFeePerContract', `must be >= 0, got ${costs.optionFeePerContract}`);
  const minEdge = costs.minEdgeUsd ?? 0;
  return expiries.map((e) => {
    if (!(e.years > 0)) throw new InputError(`${e.expiration}.years`, `must be > 0, got ${e.years}`);
    if (!Number.isFinite(e.rateFrac)) throw new InputError(`${e.expiration}.rateFrac`, 'must be finite');
    const df = Math.exp(-e.rateFrac * e.years);
    const sided = e.quotes.filter(twoSided).sort((a, b) => a.strike - b.strike);
    const implied = median(sided.map((q) => q.strike + ((q.callBid + q.callAsk) / 2 - (q.putBid + q.putAsk) / 2) / df));
    const staleStrikes: number[] = [];
    const wideStrikes: number[] = [];
    const frac = costs.maxWidthFrac ?? PARITY_DEFAULTS.maxWidthFrac;
    const floor = costs.widthFloorPts ?? PARITY_DEFAULTS.widthFloorPts;
    const quotes = sided.filter((q) => {
      if (implied !== null && costs.keepStale !== true && (q.callAsk < df * (implied - q.strike) - 1e-9 || q.putAsk < df * (q.strike - implied) - 1e-9)) {
        staleStrikes.push(q.strike);
        return false;
      }
      if (!narrowEnough(q.callBid, q.callAsk, frac, floor) || !narrowEnough(q.putBid, q.putAsk, frac, floor)) {
        wideStrikes.push(q.strike);
        return false;
      }
      return true;
    });
    const m = costs.optionMultiplier;
    const out: ParityOpportunity[] = [];
    let refStrike: number | null = null;
    let unsynchronized = 0;
    const skewMs = costs.maxQuoteSkewMs ?? PARITY_DEFAULTS.maxQuoteSkewMs;
    const push = (o: Omit<ParityOpportunity, 'quoteTimes'>): void => {
      if (!(o.edgeUsd > minEdge)) return;
      const quoteTimes = legTimes(o.legs);
      const simultaneous = quoteTimes === null ? costs.assumeSimultaneous === true : quoteTimes.lastMs - quoteTimes.firstMs <= skewMs;
      if (simultaneous) out.push({ ...o, quoteTimes });
      else unsynchronized++;
    };
    if (e.forward !== null) {
      const f = e.forward;
      const share = m / f.multiplier;
      const fwdFee = f.feePerContract * share;
      for (const q of quotes) {
        const conv = q.callBid - q.putAsk + df * (q.strike - (f.price + f.halfSpread));
        const rev = q.putBid - q.callAsk + df * (f.price - f.halfSpread - q.strike);
        const [fAsk, fBid] = [f.price + f.halfSpread, f.price - f.halfSpread];
        push({ kind: 'conversion', strike: q.strike, refStrike: null, legAtStrike: 'conversion', edgePts: conv, edgeUsd: conv * m - 2 * costs.optionFeePerContract - fwdFee, legs: pairLegs(q, 'conversion', fAsk) });
        push({ kind: 'reversal', strike: q.strike, refStrike: null, legAtStrike: 'reversal', edgePts: rev, edgeUsd: rev * m - 2 * costs.optionFeePerContract - fwdFee, legs: pairLegs(q, 'reversal', fBid) });
      }
    } else if (implied !== null && quotes.length > 0) {
      const ref = quotes.reduce((best, q) => (Math.abs(q.strike - implied) < Math.abs(best.strike - implied) ? q : best), quotes[0] as ParityQuote);
      refStrike = ref.strike;
      for (const q of quotes) {
        if (q.strike === ref.strike) continue;
        const a = q.callBid - q.putAsk + ref.putBid - ref.callAsk + df * (q.strike - ref.strike);
        const b = q.putBid - q.callAsk + ref.callBid - ref.putAsk + df * (ref.strike - q.strike);
        const boxA = [...pairLegs(q, 'conversion', null), ...pairLegs(ref, 'reversal', null)];
        const boxB = [...pairLegs(q, 'reversal', null), ...pairLegs(ref, 'conversion', null)];
        push({ kind: 'box', strike: q.strike, refStrike: ref.strike, legAtStrike: 'conversion', edgePts: a, edgeUsd: a * m - 4 * costs.optionFeePerContract, legs: boxA });
        push({ kind: 'box', strike: q.strike, refStrike: ref.strike, legAtStrike: 'reversal', edgePts: b, edgeUsd: b * m - 4 * costs.optionFeePerContract, legs: boxB });
      }
    }
    out.sort((x, y) => y.edgeUsd - x.edgeUsd || x.strike - y.strike);
    return {
      expiration: e.expiration,
      years: e.years,
      rateFrac: e.rateFrac,
      impliedForward: implied,
      forward: e.forward?.price ?? null,
      forwardLabel: e.forward?.label ?? null,
      refStrike,
      strikesScanned: quotes.length,
      staleStrikes,
      wideStrikes,
      unsynchronized,
      opportunities: out,
    };
  });
}
