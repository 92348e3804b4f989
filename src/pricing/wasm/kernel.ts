/**
 * The WebAssembly SIMD kernel of bsmPriceDeltaBatch (bsmPriceDelta.wat): instantiated once,
 * on first use, from the bytes in bsmPriceDelta.wasm.ts. Its memory holds one chunk of
 * CHUNK options, column after column; the views below are the columns, so that the caller
 * copies its inputs in and the results out with TypedArray.set (a memcpy) and allocates
 * nothing per option.
 */
import { WASM_BASE64 } from './bsmPriceDelta.wasm.js';

/** Options per call of the kernel; the byte offsets below are the .wat's. */
export const CHUNK = 2048;

// The few WebAssembly types this file needs (the project's lib has no DOM types).
declare const WebAssembly: {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: { memory: { buffer: ArrayBuffer }; priceDelta: (pairs: number) => number } };
};

export interface PriceDeltaKernel {
  /** Prices options 0 .. 2·pairs-1 of the chunk; returns how many pairs it left in `left`. */
  run: (pairs: number) => number;
  type: Int8Array;
  spot: Float64Array;
  strike: Float64Array;
  years: Float64Array;
  rate: Float64Array;
  div: Float64Array;
  vol: Float64Array;
  price: Float64Array;
  delta: Float64Array;
  /** Indices of the pairs left to the scalar kernel (an element outside the fast domain). */
  left: Int32Array;
}

let kernel: PriceDeltaKernel | undefined;

/** The kernel, instantiated on first use (throws where WebAssembly SIMD is missing: Node < 16.4). */
export function priceDeltaKernel(): PriceDeltaKernel {
  if (kernel !== undefined) return kernel;
  const bytes = Uint8Array.from(atob(WASM_BASE64), (c) => c.charCodeAt(0));
  const { exports } = new WebAssembly.Instance(new WebAssembly.Module(bytes), {});
  const buf = exports.memory.buffer;
  const f64 = (k: number): Float64Array => new Float64Array(buf, CHUNK + k * CHUNK * 8, CHUNK);
  kernel = {
    run: exports.priceDelta,
    type: new Int8Array(buf, 0, CHUNK),
    spot: f64(0),
    strike: f64(1),
    years: f64(2),
    rate: f64(3),
    div: f64(4),
    vol: f64(5),
    price: f64(6),
    delta: f64(7),
    left: new Int32Array(buf, CHUNK + 8 * CHUNK * 8, CHUNK / 2),
  };
  return kernel;
}
