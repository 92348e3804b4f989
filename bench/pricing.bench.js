// Pricing throughput: BSM prices and implied vols, alvh (scalar and batch) next to a naive
// implementation (Abramowitz-Stegun 26.2.17 normCdf, Newton-Raphson IV) on the same
// inputs, QuantLib's Python bindings when they are installed (Debian: quantlib-python), and
// the batch price + delta kernel against a scalar C++ reference (bench/c/bsm_price_delta.cc)
// compiled here with g++ -O3 and timed in the same run.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bsmDelta, bsmPrice, bsmPriceBatch, bsmPriceDeltaBatch, impliedVolBsm, impliedVolBsmBatch, normCdf } from '../dist/pricing/index.js';
import { lcg, throughput } from './lib.js';

const here = dirname(fileURLToPath(import.meta.url));

const N_PRICE = 1_000_000;
const N_IV = 200_000;
const N_QL = 50_000;

/** An SPX-like book: 1 day to 1 year, strikes ±3 standard deviations, vol 8%-80%. */
function makeInputs(n) {
  const rnd = lcg(7);
  const type = new Int8Array(n), spot = new Float64Array(n), strike = new Float64Array(n), years = new Float64Array(n), vol = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    type[i] = rnd() < 0.5 ? 1 : -1;
    spot[i] = 4500;
    years[i] = 1 / 365 + rnd() * (1 - 1 / 365);
    vol[i] = 0.08 + rnd() * 0.72;
    strike[i] = 4500 * Math.exp((rnd() * 6 - 3) * vol[i] * Math.sqrt(years[i]));
  }
  return { type, spot, strike, years, vol, rate: 0.045, div: 0.015 };
}

// ---- naive reference implementation (what many codebases ship) ----
function asCdf(x) {
  const t = 1 / (1 + 0.2316419 * Math.abs(x));
  const d = 0.3989422804014327 * Math.exp(-0.5 * x * x);
  const p = d * t * (0.31938153 + t * (-0.356563782 + t * (1.781477937 + t * (-1.821255978 + t * 1.330274429))));
  return x > 0 ? 1 - p : p;
}
function naivePrice(th, s, k, t, r, q, v) {
  const sd = v * Math.sqrt(t);
  const d1 = (Math.log(s / k) + (r - q + 0.5 * v * v) * t) / sd;
  const d2 = d1 - sd;
  return th * (s * Math.exp(-q * t) * asCdf(th * d1) - k * Math.exp(-r * t) * asCdf(th * d2));
}
function naiveIv(th, p, s, k, t, r, q) {
  let v = 0.2;
  for (let i = 0; i < 100; i++) {
    const sd = v * Math.sqrt(t);
    const d1 = (Math.log(s / k) + (r - q + 0.5 * v * v) * t) / sd;
    const diff = naivePrice(th, s, k, t, r, q, v) - p;
    if (Math.abs(diff) < 1e-10) return v;
    const vega = s * Math.exp(-q * t) * 0.3989422804014327 * Math.exp(-0.5 * d1 * d1) * Math.sqrt(t);
    if (!(vega > 1e-14)) return NaN;
    v -= diff / vega;
    if (!(v > 0)) return NaN;
  }
  return NaN;
}

function quantlib(inp, prices) {
  const rows = [];
  const n = N_QL;
  const data = { type: Array.from(inp.type.subarray(0, n)), strike: Array.from(inp.strike.subarray(0, n)), years: Array.from(inp.years.subarray(0, n)), vol: Array.from(inp.vol.subarray(0, n)), price: Array.from(prices.subarray(0, n)), spot: 4500, rate: inp.rate, div: inp.div };
  const script = `
import json, sys, time, math
import QuantLib as ql
d = json.load(sys.stdin)
C, P = ql.Option.Call, ql.Option.Put
S, r, q = d['spot'], d['rate'], d['div']
rows = list(zip(d['type'], d['strike'], d['years'], d['vol'], d['price']))
def best(f, reps=3):
    b = 1e9
    for _ in range(reps):
        t0 = time.perf_counter(); f(); b = min(b, time.perf_counter() - t0)
    return b
def prices():
    for ty, k, t, v, p in rows:
        df = math.exp(-r*t); fwd = S*math.exp((r-q)*t)
        ql.blackFormula(C if ty > 0 else P, k, fwd, v*math.sqrt(t), df)
def ivs():
    err = 0.0; fails = 0
    for ty, k, t, v, p in rows:
        df = math.exp(-r*t); fwd = S*math.exp((r-q)*t)
        try:
            sd = ql.blackFormulaImpliedStdDevLiRS(C if ty > 0 else P, k, fwd, p, df, 0.0, 0.3*math.sqrt(t), 1.0, 1e-12, 100)
            err = max(err, abs(sd/math.sqrt(t) - v))
        except Exception:
            fails += 1
    return err, fails
def loop_only():
    for ty, k, t, v, p in rows:
        df = math.exp(-r*t); fwd = S*math.exp((r-q)*t)
tp = best(prices); ti = best(ivs, 1); tl = best(loop_only)
err, fails = ivs()
print(json.dumps({'version': ql.__version__, 'price_s': tp, 'iv_s': ti, 'loop_s': tl, 'n': len(rows), 'iv_err': err, 'iv_fails': fails}))
`;
  const candidates = [process.env.ALVH_PYTHON, 'python3', '/usr/bin/python3'].filter(Boolean);
  for (const py of candidates) {
    const probe = spawnSync(py, ['-c', 'import QuantLib'], { encoding: 'utf8' });
    if (probe.status !== 0) continue;
    const res = spawnSync(py, ['-c', script], { input: JSON.stringify(data), encoding: 'utf8', maxBuffer: 1 << 26 });
    if (res.status !== 0) return [{ name: 'QuantLib (Python)', value: NaN, unit: '', note: `failed: ${res.stderr.trim().split('\n').pop()}` }];
    const o = JSON.parse(res.stdout);
    const note = `QuantLib ${o.version} via Python SWIG (${py}); includes Python call overhead, loop alone ${(o.loop_s / o.n * 1e9).toFixed(0)} ns/item`;
    rows.push({ name: 'BSM price, QuantLib blackFormula', value: o.n / o.price_s / 1e6, unit: 'M/s', note });
    rows.push({ name: 'IV, QuantLib blackFormulaImpliedStdDevLiRS', value: o.n / o.iv_s / 1e6, unit: 'M/s', note: `max |vol err| ${o.iv_err.toExponential(1)}, ${o.iv_fails} failures of ${o.n} (tolerance 1e-12)` });
    return rows;
  }
  return [{ name: 'QuantLib (Python)', value: NaN, unit: '', note: 'skipped: QuantLib Python bindings not installed (apt-get install quantlib-python)' }];
}

/**
 * Batch price + delta: alvh's WebAssembly SIMD kernel and the C++ reference on identical
 * columns (rate and div as full columns too), timed alternately (C, alvh, C, alvh) so that
 * both see the same machine load; each figure is the best pass in process CPU time.
 */
function priceDelta(inp) {
  const n = inp.type.length;
  const cols = [Float64Array.from(inp.type), inp.spot, inp.strike, inp.years, new Float64Array(n).fill(inp.rate), new Float64Array(n).fill(inp.div), inp.vol];
  const [th, S, K, T, R, Q, V] = cols;
  const P = new Float64Array(n), D = new Float64Array(n);
  const alvh = () => throughput(() => { bsmPriceDeltaBatch(P, D, inp.type, S, K, T, R, Q, V); return P[0] + D[0]; }, n);
  const rows = [];
  const dir = mkdtempSync(join(tmpdir(), 'alvh-bench-'));
  try {
    const bin = join(dir, 'bsm_price_delta');
    const cc = spawnSync('g++', ['-O3', '-o', bin, join(here, 'c', 'bsm_price_delta.cc')], { encoding: 'utf8' });
    if (cc.error !== undefined || cc.status !== 0) {
      rows.push({ name: 'BSM price+delta, alvh bsmPriceDeltaBatch', value: alvh() / 1e6, unit: 'M/s' });
      rows.push({ name: 'BSM price+delta, C++ reference', value: NaN, unit: '', note: `skipped: g++ -O3 failed (${cc.error?.message ?? cc.stderr.trim().split('\n').pop()})` });
      return rows;
    }
    const inFile = join(dir, 'in.bin'), outFile = join(dir, 'out.bin');
    const header = new Uint32Array([n]);
    writeFileSync(inFile, Buffer.concat([Buffer.from(header.buffer), ...cols.map((c) => Buffer.from(c.buffer, c.byteOffset, c.byteLength))]));
    const c = () => {
      const res = spawnSync(bin, [inFile, outFile, '5'], { encoding: 'utf8' });
      if (res.status !== 0) throw new Error(`C++ reference failed: ${res.stderr}`);
      return n / JSON.parse(res.stdout).best_s;
    };
    let cRate = 0, jsRate = 0;
    for (let round = 0; round < 2; round++) {
      cRate = Math.max(cRate, c());
      jsRate = Math.max(jsRate, alvh());
    }
    const out = readFileSync(outFile);
    const cP = new Float64Array(out.buffer, out.byteOffset, n), cD = new Float64Array(out.buffer, out.byteOffset + 8 * n, n);
    // differences, in ulp of the larger of the two terms e^{-qT}S·N(d1), e^{-rT}K·N(d2) for prices
    let vsC = 0, vsCDelta = 0, vsScalar = 0, vsScalarDelta = 0;
    for (let i = 0; i < n; i++) {
      const ty = th[i] > 0 ? 'call' : 'put';
      const scale = Math.abs(D[i] * S[i]) + Math.abs(P[i]);
      vsC = Math.max(vsC, Math.abs(P[i] - cP[i]) / scale / Number.EPSILON);
      vsCDelta = Math.max(vsCDelta, Math.abs(D[i] - cD[i]) / Number.EPSILON);
      if (i % 10 === 0) {
        vsScalar = Math.max(vsScalar, Math.abs(P[i] - bsmPrice(ty, S[i], K[i], T[i], R[i], Q[i], V[i])) / scale / Number.EPSILON);
        vsScalarDelta = Math.max(vsScalarDelta, Math.abs(D[i] - bsmDelta(ty, S[i], K[i], T[i], R[i], Q[i], V[i])) / Number.EPSILON);
      }
    }
    rows.push({ name: 'BSM price+delta, C++ g++ -O3 scalar (libm erfc)', value: cRate / 1e6, unit: 'M/s', note: `${spawnSync('g++', ['-dumpfullversion'], { encoding: 'utf8' }).stdout.trim() || 'g++'}; bench/c/bsm_price_delta.cc` });
    rows.push({ name: 'BSM price+delta, alvh bsmPriceDeltaBatch', value: jsRate / 1e6, unit: 'M/s', note: 'WebAssembly SIMD, src/pricing/wasm/bsmPriceDelta.wat' });
    rows.push({ name: 'price+delta: alvh batch / C++ -O3 scalar', value: jsRate / cRate, unit: '×', note: 'same run, same inputs, C and alvh timed alternately' });
    rows.push({ name: 'price+delta vs C++ (libm erfc), max difference', value: vsC, unit: 'ulp', note: `of e^{-qT}S·|Δ| + price for prices; deltas ${vsCDelta.toFixed(1)} ulp (absolute, in units of 2^-52)` });
    rows.push({ name: 'price+delta vs alvh scalar bsmPrice/bsmDelta, max difference', value: vsScalar, unit: 'ulp', note: `same scale, every 10th option; deltas ${vsScalarDelta.toFixed(1)} ulp` });
    rows.push({ name: 'BSM price+delta, alvh scalar bsmPrice + bsmDelta', value: throughput(() => { let a = 0; for (let i = 0; i < n; i++) { const ty = th[i] > 0 ? 'call' : 'put'; a += bsmPrice(ty, S[i], K[i], T[i], R[i], Q[i], V[i]) + bsmDelta(ty, S[i], K[i], T[i], R[i], Q[i], V[i]); } return a; }, n) / 1e6, unit: 'M/s' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}

export default async function run() {
  const inp = makeInputs(N_PRICE);
  const { type, spot, strike, years, vol, rate, div } = inp;
  const out = new Float64Array(N_PRICE);
  const rows = [];

  // normal CDF alone
  const xs = new Float64Array(N_PRICE);
  const rnd = lcg(3);
  for (let i = 0; i < N_PRICE; i++) xs[i] = rnd() * 16 - 12;
  rows.push({ name: 'normCdf, alvh (Cody, few-ulp tails)', value: throughput(() => { let a = 0; for (let i = 0; i < N_PRICE; i++) a += normCdf(xs[i]); return a; }, N_PRICE) / 1e6, unit: 'M/s' });
  rows.push({ name: 'normCdf, naive A&S 26.2.17 (7.5e-8 abs)', value: throughput(() => { let a = 0; for (let i = 0; i < N_PRICE; i++) a += asCdf(xs[i]); return a; }, N_PRICE) / 1e6, unit: 'M/s' });

  // prices
  rows.push({ name: 'BSM price, alvh scalar bsmPrice', value: throughput(() => { let a = 0; for (let i = 0; i < N_PRICE; i++) a += bsmPrice(type[i] > 0 ? 'call' : 'put', spot[i], strike[i], years[i], rate, div, vol[i]); return a; }, N_PRICE) / 1e6, unit: 'M/s' });
  rows.push({ name: 'BSM price, alvh bsmPriceBatch', value: throughput(() => { bsmPriceBatch(out, type, spot, strike, years, rate, div, vol); return out[0]; }, N_PRICE) / 1e6, unit: 'M/s' });
  const naiveOut = new Float64Array(N_PRICE);
  rows.push({ name: 'BSM price, naive (A&S normCdf)', value: throughput(() => { for (let i = 0; i < N_PRICE; i++) naiveOut[i] = naivePrice(type[i], spot[i], strike[i], years[i], rate, div, vol[i]); return naiveOut[0]; }, N_PRICE) / 1e6, unit: 'M/s' });
  let worstRel = 0, worstAbs = 0;
  for (let i = 0; i < N_PRICE; i++) {
    const e = Math.abs(naiveOut[i] - out[i]);
    worstAbs = Math.max(worstAbs, e);
    if (out[i] > 1e-3) worstRel = Math.max(worstRel, e / out[i]);
  }
  rows.push({ name: 'naive price error vs alvh, max abs', value: worstAbs, unit: 'points', note: `max relative ${worstRel.toExponential(1)} on prices > 0.001 (SPX at 4500)` });

  // implied vols
  const n = N_IV;
  const t = type.subarray(0, n), s = spot.subarray(0, n), k = strike.subarray(0, n), y = years.subarray(0, n), v = vol.subarray(0, n);
  const prices = bsmPriceBatch(new Float64Array(n), t, s, k, y, rate, div, v);
  const ivOut = new Float64Array(n), status = new Uint8Array(n);
  rows.push({ name: 'IV, alvh scalar impliedVolBsm', value: throughput(() => { let a = 0; for (let i = 0; i < n; i++) { try { a += impliedVolBsm(t[i] > 0 ? 'call' : 'put', prices[i], s[i], k[i], y[i], rate, div); } catch { a += 1; } } return a; }, n, { reps: 3, warmup: 1 }) / 1e6, unit: 'M/s' });
  rows.push({ name: 'IV, alvh impliedVolBsmBatch', value: throughput(() => impliedVolBsmBatch(ivOut, t, prices, s, k, y, rate, div, status) + ivOut[0], n, { reps: 3, warmup: 1 }) / 1e6, unit: 'M/s' });
  let ivErr = 0, ivFail = 0, wellPosed = 0;
  for (let i = 0; i < n; i++) {
    if (status[i] !== 0) { ivFail++; continue; }
    const e = Math.abs(ivOut[i] - v[i]);
    // error that rounding of the price alone can cause: ε·price/vega
    const sd = v[i] * Math.sqrt(y[i]);
    const d1 = (Math.log(s[i] / k[i]) + (rate - div + 0.5 * v[i] * v[i]) * y[i]) / sd;
    const vega = s[i] * Math.exp(-div * y[i]) * 0.3989422804014327 * Math.exp(-0.5 * d1 * d1) * Math.sqrt(y[i]);
    if (prices[i] * 4.4e-16 / vega < 1e-12) { wellPosed++; ivErr = Math.max(ivErr, e); }
  }
  rows.push({ name: 'alvh IV round trip, max |vol err|', value: ivErr, unit: 'vol', note: `on ${wellPosed} of ${n} well-posed inputs; ${ivFail} without a vol (price rounded to intrinsic)` });
  const naiveIvOut = new Float64Array(n);
  const naivePrices = new Float64Array(n);
  for (let i = 0; i < n; i++) naivePrices[i] = naivePrice(t[i], s[i], k[i], y[i], rate, div, v[i]);
  rows.push({ name: 'IV, naive Newton-Raphson (A&S, start 0.2)', value: throughput(() => { for (let i = 0; i < n; i++) naiveIvOut[i] = naiveIv(t[i], naivePrices[i], s[i], k[i], y[i], rate, div); return naiveIvOut[0]; }, n, { reps: 3, warmup: 1 }) / 1e6, unit: 'M/s', note: 'on its own prices, so that it can converge' });
  let nFail = 0, nErr = 0;
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(naiveIvOut[i])) nFail++;
    else nErr = Math.max(nErr, Math.abs(naiveIvOut[i] - v[i]));
  }
  rows.push({ name: 'naive IV, failures', value: nFail, unit: 'count', note: `of ${n}; max |vol err| where it converged ${nErr.toExponential(1)}` });

  rows.push(...priceDelta(inp));
  rows.push(...quantlib(inp, prices));
  return rows;
}
