import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { black76PriceBatch, bsmPriceBatch, bsmPriceDeltaBatch, impliedVolBlack76Batch, impliedVolBsmBatch, IV_STATUS } from './batch.js';
import { bsmDelta, bsmPrice } from './bsm.js';
import { normCdf } from './normal.js';
import { black76Price } from './black76.js';
import { impliedVolBlack76, impliedVolBsm } from './impliedVol.js';

const row = fc.record({
  call: fc.boolean(),
  s: fc.double({ min: 1, max: 5000, noNaN: true }),
  m: fc.double({ min: -1, max: 1, noNaN: true }),
  t: fc.double({ min: 0, max: 5, noNaN: true }),
  r: fc.double({ min: -0.01, max: 0.1, noNaN: true }),
  q: fc.double({ min: 0, max: 0.05, noNaN: true }),
  v: fc.double({ min: 0, max: 2, noNaN: true }),
});

describe('batch == scalar', () => {
  it('bsmPriceBatch and black76PriceBatch equal the scalar functions bit for bit', () => {
    fc.assert(fc.property(fc.array(row, { minLength: 1, maxLength: 40 }), (rows) => {
      const n = rows.length;
      const ty = Int8Array.from(rows, (x) => (x.call ? 1 : -1));
      const S = Float64Array.from(rows, (x) => x.s), K = Float64Array.from(rows, (x) => x.s * Math.exp(x.m));
      const T = Float64Array.from(rows, (x) => x.t), R = Float64Array.from(rows, (x) => x.r);
      const Q = Float64Array.from(rows, (x) => x.q), V = Float64Array.from(rows, (x) => x.v);
      const out = bsmPriceBatch(new Float64Array(n), ty, S, K, T, R, Q, V);
      const out76 = black76PriceBatch(new Float64Array(n), ty, S, K, T, R, V);
      rows.forEach((x, i) => {
        const type = x.call ? 'call' : 'put';
        expect(out[i], `bsm row ${i}`).toBe(bsmPrice(type, S[i] as number, K[i] as number, x.t, x.r, x.q, x.v));
        expect(out76[i], `black76 row ${i}`).toBe(black76Price(type, S[i] as number, K[i] as number, x.t, x.r, x.v));
      });
    }));
  });
  it('implied vol batches equal the scalar functions, with NaN and a status where none exists', () => {
    fc.assert(fc.property(fc.array(row, { minLength: 1, maxLength: 40 }), fc.double({ min: 0, max: 1.2, noNaN: true }), (rows, scale) => {
      const n = rows.length;
      const ty = Int8Array.from(rows, (x) => (x.call ? 1 : -1));
      const S = Float64Array.from(rows, (x) => x.s), K = Float64Array.from(rows, (x) => x.s * Math.exp(x.m));
      const T = Float64Array.from(rows, (x) => x.t), R = Float64Array.from(rows, (x) => x.r), Q = Float64Array.from(rows, (x) => x.q);
      // prices from the model, some scaled off so that a few are below intrinsic or above the bound
      const P = Float64Array.from(rows, (x, i) => bsmPrice(x.call ? 'call' : 'put', x.s, K[i] as number, x.t, x.r, x.q, x.v) * (i % 3 === 0 ? scale : 1));
      const out = new Float64Array(n), status = new Uint8Array(n);
      const fails = impliedVolBsmBatch(out, ty, P, S, K, T, R, Q, status);
      const out76 = new Float64Array(n), status76 = new Uint8Array(n);
      impliedVolBlack76Batch(out76, ty, P, S, K, T, R, status76);
      let count = 0;
      rows.forEach((x, i) => {
        const type = x.call ? 'call' : 'put';
        const args = [P[i] as number, x.s, K[i] as number, x.t, x.r] as const;
        try {
          expect(out[i], `bsm row ${i}`).toBe(impliedVolBsm(type, ...args, x.q));
          expect(status[i]).toBe(IV_STATUS.ok);
        } catch (e) {
          if (!(e instanceof Error && 'code' in e)) throw e;
          count++;
          expect(out[i], 'NaN on failure').toBeNaN();
          expect(status[i], `status for ${String(e.code)}`).toBe(IV_STATUS[e.code as keyof typeof IV_STATUS]);
        }
        try {
          expect(out76[i], `black76 row ${i}`).toBe(impliedVolBlack76(type, ...args));
        } catch (e) {
          if (!(e instanceof Error && 'code' in e)) throw e;
          expect(status76[i]).toBe(IV_STATUS[e.code as keyof typeof IV_STATUS]);
        }
      });
      expect(fails, 'returned failure count').toBe(count);
    }));
  });
  it('broadcasts scalars and rejects a column of the wrong length', () => {
    const out = bsmPriceBatch(new Float64Array(3), 'call', 100, Float64Array.of(90, 100, 110), 0.5, 0.05, 0.01, 0.2);
    expect(Array.from(out)).toEqual([90, 100, 110].map((k) => bsmPrice('call', 100, k, 0.5, 0.05, 0.01, 0.2)));
    expect(() => bsmPriceBatch(new Float64Array(3), 'call', 100, Float64Array.of(90, 100), 0.5, 0.05, 0.01, 0.2)).toThrow(/strike/);
  });
  it('out-of-domain elements give NaN, not a made-up number', () => {
    const out = bsmPriceBatch(new Float64Array(3), 'put', Float64Array.of(100, -1, 100), 100, 0.5, 0.05, 0, Float64Array.of(0.2, 0.2, -0.1));
    expect(out[0]).toBeGreaterThan(0);
    expect(out[1]).toBeNaN();
    expect(out[2]).toBeNaN();
  });
});

/**
 * Price and delta of each row in mpmath 1.3 at 50 digits (the textbook formulas, the double
 * inputs as written), rounded to the nearest double: [type, S, K, T, r, q, σ, price, delta].
 */
const MPMATH_PRICE_DELTA: ReadonlyArray<readonly [1 | -1, number, number, number, number, number, number, number, number]> = [
  [1, 4500, 4500, 0.0821917808219178, 0.045, 0.015, 0.18, 98.04367905787225, 0.5286771213745921], // d1 = 0.074
  [-1, 4500, 4200, 0.019178082191780823, 0.045, 0.015, 0.25, 1.2452366099727874, -0.02133942814229016], // d1 = 2.027
  [1, 4500, 4800, 0.0027397260273972603, 0.045, 0.015, 0.12, 1.459951680575509e-24, 5.400158638213076e-25], // d1 = -10.259
  [-1, 4500, 3600, 0.5, 0.045, 0.015, 0.35, 87.38544987034642, -0.13770526966173008], // d1 = 1.086
  [1, 4500, 3000, 1, 0.045, 0.015, 0.2, 1568.7128656910859, 0.973898019868904], // d1 = 2.277
  [-1, 4500, 6000, 1, 0.045, 0.015, 0.2, 1349.8780699783372, -0.8695229554347372], // d1 = -1.188
  [1, 4999.971461268661, 5100, 0.00011415525114155251, 0.05, 0, 0.15, 1.4588240734713277e-35, 2.2785271574410102e-35], // d1 = -12.355
  [1, 100, 100, 1, 0.05, 1.05, 0.15, 1.625056489811713e-11, 7.609680013384868e-12], // d1 = -6.592, carry b = -1
  [-1, 100, 100, 1, 0.05, 1.05, 0.15, 60.12916753897212, -0.34993774910354564], // d1 = -6.592
  [1, 100, 110, 2, -0.01, -0.02, 0.3, 14.379572386200314, 0.534779309787981], // d1 = 0.035, negative rate
  [-1, 19, 19, 0.75, 0.1, 0.1, 0.28, 1.7010507252362672, -0.419107250394901], // d1 = 0.121
  [1, 4500, 5400, 0.25, 0.045, 0.015, 0.1, 0.014506818770846796, 0.0002578771922125954], // d1 = -3.471
];

/**
 * What a price or delta can be trusted to, in ulp, from its inputs alone: ln(S/K) carries an
 * absolute error of ~1 ulp, so d1 one of ~1/σ√T ulp, and N(d1) a relative one of |d1|
 * times that (plus |d1|² from the rounding of d1 itself). Deep out of the money with
 * σ√T small this is thousands of ulp, for the scalar kernel and mpmath's rounded inputs alike.
 */
function conditioning(S: number, K: number, T: number, r: number, q: number, v: number): number {
  const sd = v * Math.sqrt(T);
  const d1 = Math.abs((Math.log(S / K) + (r - q) * T) / sd + 0.5 * sd);
  return 4 + d1 * (d1 + 1 / sd);
}

/** The size of the two terms e^{-qT}S·N(θd1) and e^{-rT}K·N(θd2) whose difference is the price. */
function termScale(th: number, S: number, K: number, T: number, r: number, q: number, v: number): number {
  const sd = v * Math.sqrt(T);
  const d1 = (Math.log(S / K) + (r - q) * T) / sd + 0.5 * sd;
  return S * Math.exp(-q * T) * normCdf(th * d1) + K * Math.exp(-r * T) * normCdf(th * (d1 - sd));
}

describe('bsmPriceDeltaBatch (WebAssembly SIMD kernel)', () => {
  it('matches 50-digit prices and deltas to a few ulp of the terms, deep out of the money included', () => {
    const n = MPMATH_PRICE_DELTA.length;
    const c = (j: number): Float64Array => Float64Array.from(MPMATH_PRICE_DELTA, (row) => row[j] as number);
    const price = new Float64Array(n), delta = new Float64Array(n);
    bsmPriceDeltaBatch(price, delta, Int8Array.from(MPMATH_PRICE_DELTA, (row) => row[0]), c(1), c(2), c(3), c(4), c(5), c(6));
    MPMATH_PRICE_DELTA.forEach(([, S, K, T, r, q, v, p, d], i) => {
      const tol = 4 * Number.EPSILON * conditioning(S, K, T, r, q, v);
      expect(Math.abs((price[i] as number) / p - 1), `row ${i}: price ${price[i]} vs ${p}`).toBeLessThanOrEqual(tol);
      expect(Math.abs((delta[i] as number) / d - 1), `row ${i}: delta ${delta[i]} vs ${d}`).toBeLessThanOrEqual(tol);
    });
    // the 1-hour call 2% out of the money keeps its relative precision, as the scalar kernel does
    expect(Math.abs((price[6] as number) / 1.4588240734713277e-35 - 1)).toBeLessThan(1e-12);
  });
  it('agrees with bsmPrice and bsmDelta to a few ulp of the terms on random chains (any carry, fallback elements included)', () => {
    const wide = fc.record({
      call: fc.boolean(),
      s: fc.double({ min: 1, max: 5000, noNaN: true }),
      m: fc.double({ min: -1.5, max: 1.5, noNaN: true }),
      t: fc.oneof(fc.constant(0), fc.double({ min: 1 / 8760, max: 5, noNaN: true })),
      r: fc.double({ min: -1, max: 2, noNaN: true }),
      q: fc.double({ min: -1, max: 2, noNaN: true }),
      v: fc.oneof(fc.constant(0), fc.double({ min: 0.01, max: 2, noNaN: true })),
    });
    fc.assert(fc.property(fc.array(wide, { minLength: 1, maxLength: 41 }), (rows) => {
      const n = rows.length;
      const ty = Int8Array.from(rows, (x) => (x.call ? 1 : -1));
      const S = Float64Array.from(rows, (x) => x.s), K = Float64Array.from(rows, (x) => x.s * Math.exp(x.m));
      const T = Float64Array.from(rows, (x) => x.t), R = Float64Array.from(rows, (x) => x.r);
      const Q = Float64Array.from(rows, (x) => x.q), V = Float64Array.from(rows, (x) => x.v);
      const price = new Float64Array(n), delta = new Float64Array(n);
      bsmPriceDeltaBatch(price, delta, ty, S, K, T, R, Q, V);
      rows.forEach((x, i) => {
        const type = x.call ? 'call' : 'put';
        const k = K[i] as number;
        const p = bsmPrice(type, x.s, k, x.t, x.r, x.q, x.v), d = bsmDelta(type, x.s, k, x.t, x.r, x.q, x.v);
        // years or vol 0: the scalar kernel itself, bit for bit
        const tol = x.t > 0 && x.v > 0 ? 4 * Number.EPSILON * conditioning(x.s, k, x.t, x.r, x.q, x.v) : 0;
        const scale = x.t > 0 && x.v > 0 ? termScale(x.call ? 1 : -1, x.s, k, x.t, x.r, x.q, x.v) : 0;
        expect(Math.abs((price[i] as number) - p), `row ${i}: ${price[i]} vs scalar ${p}`).toBeLessThanOrEqual(tol * scale);
        expect(Math.abs((delta[i] as number) - d), `row ${i}: delta ${delta[i]} vs scalar ${d}`).toBeLessThanOrEqual(tol * Math.abs(d));
      });
    }));
  });
  it('crosses chunk boundaries, broadcasts scalars, and gives NaN for invalid elements', () => {
    const n = 5000; // two full chunks of 2048 and a partial one
    const K = Float64Array.from({ length: n }, (_, i) => 3000 + i * 0.5);
    const price = new Float64Array(n), delta = new Float64Array(n);
    bsmPriceDeltaBatch(price, delta, 'put', 4500, K, 0.1, 0.04, 0.01, 0.2);
    for (const i of [0, 2047, 2048, 4095, 4096, 4999]) {
      const k = K[i] as number;
      expect(Math.abs((price[i] as number) - bsmPrice('put', 4500, k, 0.1, 0.04, 0.01, 0.2)), `price ${i}`).toBeLessThan(1e-11);
      expect(Math.abs((delta[i] as number) - bsmDelta('put', 4500, k, 0.1, 0.04, 0.01, 0.2)), `delta ${i}`).toBeLessThan(1e-15);
    }
    const p3 = new Float64Array(3), d3 = new Float64Array(3);
    bsmPriceDeltaBatch(p3, d3, Int8Array.of(1, 0, 1), Float64Array.of(100, 100, -5), 100, 1, 0.05, 0, 0.2);
    expect(p3[0]).toBeCloseTo(10.450583572185565, 12); // Hull's 10.4506
    expect([p3[1], d3[1], p3[2], d3[2]], 'type 0 and spot -5 are invalid').toEqual([NaN, NaN, NaN, NaN]);
    expect(() => bsmPriceDeltaBatch(new Float64Array(3), new Float64Array(2), 'call', 100, 100, 1, 0, 0, 0.2)).toThrow(/outDelta/);
  });
});
