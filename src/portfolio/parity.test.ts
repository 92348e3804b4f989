import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scanParity, type ParityExpiry, type ParityQuote, type TradableForward } from './parity.js';

const T0 = Date.UTC(2026, 1, 18, 20, 59, 30);
/** Quotes around parity-consistent mids: C_mid − P_mid = DF·(F − K), each side `half` wide, all quoted at T0. */
function fairQuotes(forward: number, df: number, strikes: number[], half: number, extrinsic = 2): ParityQuote[] {
  return strikes.map((k) => {
    const put = extrinsic + Math.max(0, df * (k - forward));
    const call = put + df * (forward - k);
    return { strike: k, callBid: call - half, callAsk: call + half, putBid: put - half, putAsk: put + half, callTimeMs: T0, putTimeMs: T0 };
  });
}

const fut: TradableForward = { price: 100, halfSpread: 0, feePerContract: 0, multiplier: 100, label: 'test forward' };
const costs = { optionMultiplier: 100, optionFeePerContract: 1.25 };

describe('scanParity', () => {
  it('finds nothing in a parity-consistent chain with a spread (conversions, reversals and boxes)', () => {
    const quotes = fairQuotes(100, 1, [90, 95, 100, 105, 110], 0.1);
    const [withFwd] = scanParity([{ expiration: '2026-03-20', years: 0.5, rateFrac: 0, quotes, forward: fut }], costs);
    expect(withFwd?.opportunities, 'every conversion/reversal loses the two half-spreads: −0.2 pts').toEqual([]);
    expect(withFwd?.impliedForward).toBeCloseTo(100, 12);
    const [boxes] = scanParity([{ expiration: '2026-03-20', years: 0.5, rateFrac: 0, quotes, forward: null }], costs);
    expect(boxes?.refStrike, 'reference strike nearest the implied forward').toBe(100);
    expect(boxes?.opportunities).toEqual([]);
  });

  it('finds a planted conversion with its dollar edge after fees, discounted at the rate', () => {
    const r = 0.05;
    const t = 0.5;
    const df = Math.exp(-r * t);
    const quotes = fairQuotes(100, df, [90, 100, 110], 0.1);
    // Strike 100: the call bid is 2.00 points too rich.
    const q100 = quotes[1] as ParityQuote;
    quotes[1] = { ...q100, callBid: q100.callBid + 2, callAsk: q100.callAsk + 2 };
    const [res] = scanParity([{ expiration: '2026-03-20', years: t, rateFrac: r, quotes, forward: { ...fut, halfSpread: 0.05, feePerContract: 2.5, multiplier: 1000 } }], costs);
    const opp = res?.opportunities;
    expect(opp?.length, 'only the planted one').toBe(1);
    // conversion: C_bid − P_ask + DF·(K − F_ask) = (2 + 0.1 − 0.1 ... ) → 2 − 0.2 − DF·0.05 points.
    const pts = 2 - 0.2 - df * 0.05;
    expect(opp?.[0]?.kind).toBe('conversion');
    expect(opp?.[0]?.strike).toBe(100);
    expect(opp?.[0]?.edgePts).toBeCloseTo(pts, 12);
    // $: × 100, minus two option fees of $1.25 and a tenth of a $2.50 future fee.
    expect(opp?.[0]?.edgeUsd).toBeCloseTo(pts * 100 - 2.5 - 0.25, 10);
  });

  it('finds a planted box without a tradable forward, and honours the minimum edge', () => {
    const quotes = fairQuotes(100, 1, [90, 95, 100, 105, 110], 0.1);
    const q = quotes[4] as ParityQuote; // 110: put too cheap by 1.5
    quotes[4] = { ...q, putBid: q.putBid - 1.5, putAsk: q.putAsk - 1.5 };
    const e: ParityExpiry = { expiration: '2026-03-20', years: 0.25, rateFrac: 0, quotes, forward: null };
    const [res] = scanParity([e], costs);
    // Reversal at 100 (ref), conversion at 110: 1.5 − 4 half-spreads of 0.1 = 1.1 points; 4 fees of $1.25.
    expect(res?.opportunities).toEqual([
      {
        kind: 'box',
        strike: 110,
        refStrike: 100,
        legAtStrike: 'conversion',
        edgePts: expect.closeTo(1.1, 12),
        edgeUsd: expect.closeTo(105, 9),
        legs: [
          { side: 'sell', instrument: 'call', strike: 110, pricePts: expect.closeTo(1.9, 12), timeMs: T0 },
          { side: 'buy', instrument: 'put', strike: 110, pricePts: expect.closeTo(10.6, 12), timeMs: T0 },
          { side: 'buy', instrument: 'call', strike: 100, pricePts: expect.closeTo(2.1, 12), timeMs: T0 },
          { side: 'sell', instrument: 'put', strike: 100, pricePts: expect.closeTo(1.9, 12), timeMs: T0 },
        ],
        quoteTimes: { firstMs: T0, lastMs: T0 },
      },
    ]);
    expect(scanParity([e], { ...costs, minEdgeUsd: 200 })[0]?.opportunities).toEqual([]);
  });

  it('leaves out a stale strike (an ask below the lower bound at the implied forward) unless asked to keep it', () => {
    const quotes = fairQuotes(100, 1, [60, 90, 95, 100, 105, 110], 0.1);
    // A deep ITM call quoted at 30 (intrinsic vs F = 100 is 40): an old quote, not an offer.
    quotes[0] = { ...(quotes[0] as ParityQuote), callBid: 29.9, callAsk: 30.1 };
    const e: ParityExpiry = { expiration: 'e', years: 0.25, rateFrac: 0, quotes, forward: fut };
    const [res] = scanParity([e], costs);
    expect(res?.staleStrikes).toEqual([60]);
    expect(res?.opportunities).toEqual([]);
    const [kept] = scanParity([e], { ...costs, keepStale: true });
    // Reversal at 60: P_bid − C_ask + (F − K) = 1.9 − 30.1 + 40 = 11.8 points.
    expect(kept?.opportunities.map((o) => [o.kind, o.strike, Number(o.edgePts.toFixed(10))])).toEqual([['reversal', 60, 11.8]]);
  });

  it('lists only trades whose legs were quoted within maxQuoteSkewMs; unknown or distant times are counted, or listed labelled when assumed simultaneous', () => {
    const quotes = fairQuotes(100, 1, [90, 95, 100, 105, 110], 0.1);
    const q = quotes[4] as ParityQuote; // the planted box of the test above
    const e = (at: ParityQuote): ParityExpiry => ({ expiration: 'e', years: 0.25, rateFrac: 0, quotes: [...quotes.slice(0, 4), at], forward: null });
    const cheap = { ...q, putBid: q.putBid - 1.5, putAsk: q.putAsk - 1.5 };
    const late = scanParity([e({ ...cheap, putTimeMs: T0 + 5 * 60_000 })], costs)[0];
    expect([late?.opportunities.length, late?.unsynchronized], 'the cheap put quoted five minutes later: left out').toEqual([0, 1]);
    const within = scanParity([e({ ...cheap, putTimeMs: T0 + 800 })], costs)[0];
    expect(within?.opportunities[0]?.quoteTimes, '0.8 s apart: within the default 1 s').toEqual({ firstMs: T0, lastMs: T0 + 800 });
    expect(scanParity([e({ ...cheap, putTimeMs: T0 + 800 })], { ...costs, maxQuoteSkewMs: 500 })[0]?.unsynchronized).toBe(1);
    const { putTimeMs: _drop, ...unknown } = cheap;
    const snapshot = scanParity([e(unknown)], costs)[0];
    expect([snapshot?.opportunities.length, snapshot?.unsynchronized], 'an end-of-day snapshot: no quote time').toEqual([0, 1]);
    const assumed = scanParity([e(unknown)], { ...costs, assumeSimultaneous: true })[0];
    expect(assumed?.opportunities[0]).toMatchObject({ kind: 'box', strike: 110, quoteTimes: null });
    expect(assumed?.opportunities[0]?.legs.find((l) => l.instrument === 'put' && l.strike === 110)?.timeMs, 'the leg of unknown time says so').toBeNull();
  });

  it('leaves out a strike quoted wider than max(widthFloorPts, maxWidthFrac × mid)', () => {
    const quotes = fairQuotes(100, 1, [90, 95, 100, 105, 110], 0.1);
    const q = quotes[4] as ParityQuote; // 110 put mid 12: 10% is 1.2 points
    const wide = { ...q, putBid: q.putBid - 1.5 - 0.6, putAsk: q.putAsk - 1.5 + 0.6 };
    const e: ParityExpiry = { expiration: 'e', years: 0.25, rateFrac: 0, quotes: [...quotes.slice(0, 4), wide], forward: null };
    const [res] = scanParity([e], costs);
    expect([res?.wideStrikes, res?.opportunities.length], '1.4 points wide on a 10.5 mid').toEqual([[110], 0]);
    expect(scanParity([e], { ...costs, maxWidthFrac: 0.2 })[0]?.wideStrikes, '20% of the mid lets it in').toEqual([]);
    expect(scanParity([e], { ...costs, widthFloorPts: 1.5 })[0]?.wideStrikes, 'so does a 1.5-point floor').toEqual([]);
  });

  it('skips one-sided and crossed strikes, and refuses a non-positive tenor', () => {
    const quotes: ParityQuote[] = [
      { strike: 100, callBid: 5, callAsk: NaN, putBid: 3, putAsk: 3.2 },
      { strike: 105, callBid: 5, callAsk: 4, putBid: 3, putAsk: 3.2 },
    ];
    const [res] = scanParity([{ expiration: 'x', years: 0.1, rateFrac: 0, quotes, forward: fut }], costs);
    expect(res?.strikesScanned).toBe(0);
    expect(res?.impliedForward).toBeNull();
    expect(() => scanParity([{ expiration: 'x', years: 0, rateFrac: 0, quotes, forward: fut }], costs)).toThrow(/x\.years: must be > 0/);
  });

  it('property: a parity-consistent chain with any non-negative spread never shows a profit', () => {
    fc.assert(
      fc.property(fc.double({ min: 50, max: 5000, noNaN: true }), fc.double({ min: 0, max: 0.1, noNaN: true }), fc.double({ min: 0.01, max: 2, noNaN: true }), fc.double({ min: 0, max: 2, noNaN: true }), (f, r, t, half) => {
        const df = Math.exp(-r * t);
        const strikes = [0.9, 0.95, 1, 1.05, 1.1].map((x) => Math.round(f * x));
        const quotes = fairQuotes(f, df, strikes, half, 5 + half);
        const fwd = { ...fut, price: f };
        const res = scanParity([{ expiration: 'p', years: t, rateFrac: r, quotes, forward: fwd }, { expiration: 'q', years: t, rateFrac: r, quotes, forward: null }], costs);
        return res.every((x) => x.opportunities.length === 0);
      }),
    );
  });
});
