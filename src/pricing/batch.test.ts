import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { black76PriceBatch, bsmPriceBatch, impliedVolBlack76Batch, impliedVolBsmBatch, IV_STATUS } from './batch.js';
import { bsmPrice } from './bsm.js';
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
