/**
 * Typed-array batch API for whole chains. Each input is a Float64Array of the output's
 * length or a scalar broadcast to every element; the type is an Int8Array (+1 call,
 * -1 put) or one OptionType for all. The inner loops allocate nothing: a scalar becomes a
 * one-element array read at index i & 0, an array at index i & -1.
 *
 * Elements outside the domain (spot, forward or strike <= 0, years or vol < 0, non-finite
 * values) give NaN; implied vols that do not exist give NaN and a status code.
 */
import { InputError } from '../core/errors.js';
import { bsmDeltaUnchecked, bsmPriceUnchecked } from './bsm.js';
import { black76PriceUnchecked } from './black76.js';
import { impliedVolKernel } from './impliedVol.js';
import type { OptionType } from './types.js';
import { CHUNK, priceDeltaKernel } from './wasm/kernel.js';

/** A column: one value per element, or one scalar for all. */
export type Column = Float64Array | number;
/** Option types: +1 call, -1 put per element, or one type for all. */
export type TypeColumn = Int8Array | OptionType;

/** Status codes written by the implied-vol batch functions. */
export const IV_STATUS = { ok: 0, price_below_intrinsic: 1, price_above_bound: 2, zero_time: 3, invalid_input: 4 } as const;

interface Col {
  a: Float64Array;
  m: number;
}

function col(name: string, v: Column, n: number): Col {
  if (typeof v === 'number') return { a: Float64Array.of(v), m: 0 };
  if (v.length !== n) throw new InputError(name, `has length ${v.length}, expected ${n} (the output length)`);
  return { a: v, m: -1 };
}

function typeCol(v: TypeColumn, n: number): { a: Int8Array; m: number } {
  if (v === 'call' || v === 'put') return { a: Int8Array.of(v === 'call' ? 1 : -1), m: 0 };
  if (!(v instanceof Int8Array)) throw new InputError('type', 'must be an Int8Array of +1/-1 or "call"/"put"');
  if (v.length !== n) throw new InputError('type', `has length ${v.length}, expected ${n} (the output length)`);
  return { a: v, m: -1 };
}

function at(c: Col, i: number): number {
  return c.a[i & c.m] as number;
}

/** The batch domain of one BSM element: anything else gives NaN. */
function bsmValid(th: number, S: number, K: number, T: number, R: number, Q: number, V: number): boolean {
  return S > 0 && K > 0 && T >= 0 && V >= 0 && S < Infinity && K < Infinity && T < Infinity && V < Infinity
    && Math.abs(R) < Infinity && Math.abs(Q) < Infinity && (th === 1 || th === -1);
}

/** Black-Scholes-Merton prices into `out`; returns `out`. */
export function bsmPriceBatch(
  out: Float64Array,
  type: TypeColumn,
  spot: Column,
  strike: Column,
  years: Column,
  rateFrac: Column,
  divFrac: Column,
  volFrac: Column,
): Float64Array {
  const n = out.length;
  const ty = typeCol(type, n);
  const s = col('spot', spot, n), k = col('strike', strike, n), t = col('years', years, n);
  const r = col('rate', rateFrac, n), q = col('div', divFrac, n), v = col('vol', volFrac, n);
  const tya = ty.a, tym = ty.m, sa = s.a, sm = s.m, ka = k.a, km = k.m, ta = t.a, tm = t.m, ra = r.a, rm = r.m, qa = q.a, qm = q.m, va = v.a, vm = v.m;
  for (let i = 0; i < n; i++) {
    const th = tya[i & tym] as number;
    const S = sa[i & sm] as number, K = ka[i & km] as number, T = ta[i & tm] as number;
    const R = ra[i & rm] as number, Q = qa[i & qm] as number, V = va[i & vm] as number;
    out[i] = bsmValid(th, S, K, T, R, Q, V) ? bsmPriceUnchecked(th, S, K, T, R, Q, V) : NaN;
  }
  return out;
}

/** Copies elements a .. b-1 of a column into a kernel column (a scalar fills it). */
function load(dst: Float64Array, c: Col, a: number, b: number): void {
  if (c.m === 0) dst.fill(c.a[0] as number, 0, b - a);
  else dst.set(c.a.subarray(a, b));
}

/**
 * Black-Scholes-Merton prices and deltas (dPrice/dSpot) into `outPrice` and `outDelta`, with
 * one d1 for both, two options at a time in a WebAssembly SIMD kernel (wasm/bsmPriceDelta.wat)
 * at about the C library's scalar speed or better (bench/RESULTS.md). Same domain and
 * formulas as bsmPrice and bsmDelta; the kernel's own exp, log and normal CDF (Cody's
 * rational approximations, as normal.ts) keep the results within a few ulp of the terms
 * e^{-qT}S·N(d1) and e^{-rT}K·N(d2) of the scalar functions, not bit for bit. Elements
 * outside the kernel's fast domain (years or vol 0, |d1| > 37, extreme carries, invalid
 * inputs) are priced by the scalar kernel; invalid ones give NaN.
 */
export function bsmPriceDeltaBatch(
  outPrice: Float64Array,
  outDelta: Float64Array,
  type: TypeColumn,
  spot: Column,
  strike: Column,
  years: Column,
  rateFrac: Column,
  divFrac: Column,
  volFrac: Column,
): void {
  const n = outPrice.length;
  if (outDelta.length !== n) throw new InputError('outDelta', `has length ${outDelta.length}, expected ${n} (the length of outPrice)`);
  const ty = typeCol(type, n);
  const s = col('spot', spot, n), k = col('strike', strike, n), t = col('years', years, n);
  const r = col('rate', rateFrac, n), q = col('div', divFrac, n), v = col('vol', volFrac, n);
  const w = priceDeltaKernel();
  for (let a = 0; a < n; a += CHUNK) {
    const b = Math.min(n, a + CHUNK), m = b - a;
    if (ty.m === 0) w.type.fill(ty.a[0] as number, 0, m);
    else w.type.set(ty.a.subarray(a, b));
    load(w.spot, s, a, b); load(w.strike, k, a, b); load(w.years, t, a, b);
    load(w.rate, r, a, b); load(w.div, q, a, b); load(w.vol, v, a, b);
    const left = w.run((m + 1) >> 1);
    outPrice.set(w.price.subarray(0, m), a);
    outDelta.set(w.delta.subarray(0, m), a);
    for (let j = 0; j < left; j++) {
      const i0 = 2 * (w.left[j] as number);
      for (let i = i0; i < i0 + 2 && i < m; i++) {
        const th = w.type[i] as number, S = w.spot[i] as number, K = w.strike[i] as number, T = w.years[i] as number;
        const R = w.rate[i] as number, Q = w.div[i] as number, V = w.vol[i] as number;
        const ok = bsmValid(th, S, K, T, R, Q, V);
        outPrice[a + i] = ok ? bsmPriceUnchecked(th, S, K, T, R, Q, V) : NaN;
        outDelta[a + i] = ok ? bsmDeltaUnchecked(th, S, K, T, R, Q, V) : NaN;
      }
    }
  }
}

/** Black-76 prices into `out`; returns `out`. */
export function black76PriceBatch(
  out: Float64Array,
  type: TypeColumn,
  forward: Column,
  strike: Column,
  years: Column,
  rateFrac: Column,
  volFrac: Column,
): Float64Array {
  const n = out.length;
  const ty = typeCol(type, n);
  const f = col('forward', forward, n), k = col('strike', strike, n), t = col('years', years, n);
  const r = col('rate', rateFrac, n), v = col('vol', volFrac, n);
  const tya = ty.a, tym = ty.m, fa = f.a, fm = f.m, ka = k.a, km = k.m, ta = t.a, tm = t.m, ra = r.a, rm = r.m, va = v.a, vm = v.m;
  for (let i = 0; i < n; i++) {
    const th = tya[i & tym] as number;
    const F = fa[i & fm] as number, K = ka[i & km] as number, T = ta[i & tm] as number, R = ra[i & rm] as number, V = va[i & vm] as number;
    if (!(F > 0 && K > 0 && T >= 0 && V >= 0 && F < Infinity && K < Infinity && T < Infinity && V < Infinity && Math.abs(R) < Infinity) || (th !== 1 && th !== -1)) {
      out[i] = NaN;
      continue;
    }
    out[i] = black76PriceUnchecked(th, F, K, T, R, V);
  }
  return out;
}

function ivLoop(out: Float64Array, ty: { a: Int8Array; m: number }, p: Col, f: Col, k: Col, t: Col, r: Col, q: Col | null, status: Uint8Array | undefined): number {
  const n = out.length;
  let failures = 0;
  for (let i = 0; i < n; i++) {
    const th = ty.a[i & ty.m] as number;
    const P = at(p, i), U = at(f, i), K = at(k, i), T = at(t, i), R = at(r, i), Q = q === null ? 0 : at(q, i);
    let v: number;
    if (!(P >= 0 && U > 0 && K > 0 && T >= 0 && P < Infinity && U < Infinity && K < Infinity && T < Infinity && Math.abs(R) < Infinity && Math.abs(Q) < Infinity) || (th !== 1 && th !== -1)) {
      v = -4;
    } else {
      const fwd = q === null ? U : U * Math.exp((R - Q) * T);
      v = impliedVolKernel(th, P * Math.exp(R * T), fwd, K, T);
    }
    if (v >= 0) {
      out[i] = v;
      if (status !== undefined) status[i] = 0;
    } else {
      out[i] = NaN;
      failures++;
      if (status !== undefined) status[i] = -v; // -(-1) = 1 below intrinsic, 2 above bound, 3 zero time, 4 invalid
    }
  }
  return failures;
}

/**
 * Black-Scholes-Merton implied vols into `out` (NaN where none exists). `status`, when
 * given, receives an IV_STATUS code per element. Returns the number of failures.
 */
export function impliedVolBsmBatch(
  out: Float64Array,
  type: TypeColumn,
  price: Column,
  spot: Column,
  strike: Column,
  years: Column,
  rateFrac: Column,
  divFrac: Column,
  status?: Uint8Array,
): number {
  const n = out.length;
  if (status !== undefined && status.length !== n) throw new InputError('status', `has length ${status.length}, expected ${n}`);
  return ivLoop(out, typeCol(type, n), col('price', price, n), col('spot', spot, n), col('strike', strike, n), col('years', years, n), col('rate', rateFrac, n), col('div', divFrac, n), status);
}

/** Black-76 implied vols into `out` (NaN where none exists); see impliedVolBsmBatch. */
export function impliedVolBlack76Batch(
  out: Float64Array,
  type: TypeColumn,
  price: Column,
  forward: Column,
  strike: Column,
  years: Column,
  rateFrac: Column,
  status?: Uint8Array,
): number {
  const n = out.length;
  if (status !== undefined && status.length !== n) throw new InputError('status', `has length ${status.length}, expected ${n}`);
  return ivLoop(out, typeCol(type, n), col('price', price, n), col('forward', forward, n), col('strike', strike, n), col('years', years, n), col('rate', rateFrac, n), null, status);
}
