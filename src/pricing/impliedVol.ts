/**
 * Implied volatility for Black-76 and Black-Scholes-Merton, to machine precision.
 *
 * The method follows the structure of P. Jäckel, "Let's Be Rational" (Wilmott, 2015),
 * written here from the mathematics:
 * 1. Reduce to the normalised Black function of an out-of-the-money call,
 *    b(x, s) = e^{x/2}·N(x/s + s/2) − e^{−x/2}·N(x/s − s/2), x = ln(F/K) ≤ 0, s = σ√T:
 *    an in-the-money option is swapped for the out-of-the-money one of the other type
 *    through put-call parity, and a put on x is a call on −x.
 * 2. Split at the inflection point s_c = √(2|x|), where b is convex below and concave above.
 *    Below, solve ln b(s) = ln β (b is exponentially flat as s → 0; its log is nearly
 *    −x²/2s²). Above, solve −ln(e^{x/2} − b(s)) = −ln(e^{x/2} − β), which stays well
 *    conditioned as β approaches its upper bound e^{x/2}; e^{x/2} − b is computed
 *    directly as a sum of two positive terms, without cancellation.
 * 3. Start from an asymptotic guess for each branch and iterate third-order Householder
 *    steps with the analytic derivatives of b (b' = e^{−(x²/s² + s²/4)/2}/√2π), inside a
 *    bracket that falls back to bisection if a step leaves it. About 3.4 iterations on
 *    average over an SPX-like book (bench/pricing.bench.js).
 * Prices with no volatility (below intrinsic, at or above the upper bound, zero time) are
 * rejected with a PricingError; the batch kernels report them as negative codes.
 */
import { PricingError } from '../core/errors.js';
import { InputError } from '../core/errors.js';
import { gaussExp, normCdfFromGauss } from './normal.js';
import type { OptionType } from './types.js';

const INV_SQRT_2PI = 0.3989422804014327;
const MAX_ITER = 40;

/** Negative results of the kernel (the vol itself is >= 0). */
export const IV_BELOW_INTRINSIC = -1;
export const IV_ABOVE_BOUND = -2;
export const IV_ZERO_TIME = -3;
export const IV_INVALID = -4;

/** Lower-tail inverse normal, Acklam's rational approximation (rel. error ~1e-9): a starting point only. */
function invNormCdf(p: number): number {
  if (p <= 0) return -Infinity;
  if (p >= 1) return Infinity;
  if (p < 0.02425) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((-0.007784894002430293 * q - 0.3223964580411365) * q - 2.400758277161838) * q - 2.549732539343734) * q + 4.374664141464968) * q + 2.938163982698783)
      / ((((0.007784695709041462 * q + 0.3224671290700398) * q + 2.445134137142996) * q + 3.754408661907416) * q + 1);
  }
  if (p > 1 - 0.02425) return -invNormCdf(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return ((((((-39.69683028665376 * r + 220.9460984245205) * r - 275.9285104469687) * r + 138.357751867269) * r - 30.66479806614716) * r + 2.506628277459239) * q)
    / (((((-54.47609879822406 * r + 161.5858368580409) * r - 155.6989798598866) * r + 66.80131188771972) * r - 13.28068155288572) * r + 1);
}

/**
 * Solves b(x, s) = beta for s, with x <= 0 and 0 < beta < e^{x/2}. Returns s >= 0.
 * ex = e^{x/2} and emx = e^{-x/2} are passed in to keep the kernel free of recomputation.
 */
function solveNormalised(beta: number, x: number): number {
  const ex = Math.exp(0.5 * x);
  const emx = Math.exp(-0.5 * x);
  const x2 = x * x;
  const exx = ex * ex;
  const sc = Math.sqrt(-2 * x);
  let bc = 0;
  if (sc > 0) {
    const gc = gaussExp(x / sc + 0.5 * sc);
    bc = Math.max(ex * normCdfFromGauss(x / sc + 0.5 * sc, gc) - emx * normCdfFromGauss(x / sc - 0.5 * sc, gc * exx), 0);
  }
  let lo: number;
  let hi: number;
  let s: number;
  const low = beta < bc;
  let target: number;
  if (low) {
    // ln b ≈ −x²/2s² + 3 ln s − ln x² − ½ ln 2π for s → 0 (Mills ratio); refine the guess twice.
    lo = 0;
    hi = sc;
    target = Math.log(beta);
    s = Math.abs(x) / Math.sqrt(-2 * target);
    for (let k = 0; k < 2; k++) {
      const rest = 3 * Math.log(s) - Math.log(x2) - 0.9189385332046728 - 0.125 * s * s;
      const den = 2 * (rest - target);
      if (!(den > 0)) break;
      s = Math.abs(x) / Math.sqrt(den);
    }
    if (!(s > 0 && s < sc)) s = 0.5 * sc;
    target = -target; // objective f = ln b − ln β, stored as f = ln b + target
  } else {
    lo = sc;
    hi = Infinity;
    const g = ex - beta;
    // For |x| small, e^{x/2} − b ≈ 2·cosh(x/2)·N(−s/2).
    s = -2 * invNormCdf(g / (ex + emx));
    if (!(s > sc) || !Number.isFinite(s)) s = sc > 0 ? sc : 1e-8;
    target = Math.log(g); // objective f = ln g − ln(e^{x/2} − b)
  }
  for (let i = 0; i < MAX_ITER; i++) {
    const h = x / s;
    const t = 0.5 * s;
    // One Gaussian per step: n(h−t) = n(h+t)·e^x and b'(s) = e^{x/2}·n(h+t).
    const g1 = gaussExp(h + t);
    const g2 = g1 > 0 ? g1 * exx : gaussExp(h - t);
    const bp = INV_SQRT_2PI * ex * g1;
    const a1 = x2 / (s * s * s) - 0.25 * s; // b''/b'
    const a1p = (-3 * x2) / (s * s * s * s) - 0.25; // (b''/b')'
    let f: number;
    let r: number;
    let h2: number;
    let h3: number;
    if (low) {
      const b = ex * normCdfFromGauss(h + t, g1) - emx * normCdfFromGauss(h - t, g2);
      if (!(b > 0)) {
        lo = s;
        s = 0.5 * (lo + hi);
        continue;
      }
      f = Math.log(b) + target;
      r = bp / b;
      h2 = a1 - r;
      h3 = a1 * a1 + a1p - 3 * r * a1 + 2 * r * r;
    } else {
      const g = ex * normCdfFromGauss(-h - t, g1) + emx * normCdfFromGauss(h - t, g2);
      if (!(g > 0)) {
        hi = s;
        s = 0.5 * (lo + hi);
        continue;
      }
      f = target - Math.log(g);
      r = bp / g;
      h2 = a1 + r;
      h3 = a1 * a1 + a1p + 3 * r * a1 + 2 * r * r;
    }
    if (f < 0) lo = s;
    else if (f > 0) hi = s;
    else return s;
    const nu = -f / r;
    let step = (nu * (1 + 0.5 * h2 * nu)) / (1 + nu * (h2 + (h3 * nu) / 6));
    if (!Number.isFinite(step)) step = nu;
    // The Householder step converges with order 4: once a step is below 1e-8·s, the error
    // after it is far below machine precision, so it is the last. (A tiny step is also
    // taken as it is because the bracket ends may sit on s itself.)
    if (Math.abs(step) <= 1e-8 * s) return s + step;
    let next = s + step;
    if (!(next > lo && next < hi)) next = hi < Infinity ? 0.5 * (lo + hi) : 2 * s;
    s = next;
  }
  return s;
}

/**
 * Implied vol from an undiscounted Black price. Returns the vol (>= 0) or a negative
 * IV_* code. theta is +1 for a call, -1 for a put. No argument checks.
 */
export function impliedVolKernel(theta: number, undiscountedPrice: number, forward: number, strike: number, years: number): number {
  if (!(years > 0)) return IV_ZERO_TIME;
  let p = undiscountedPrice;
  const intrinsic = theta * (forward - strike);
  if (intrinsic > 0) {
    if (p < intrinsic) return IV_BELOW_INTRINSIC;
    if (p >= (theta > 0 ? forward : strike)) return IV_ABOVE_BOUND;
    p -= intrinsic; // parity: the out-of-the-money option of the other type
    theta = -theta;
  } else {
    if (p < 0) return IV_BELOW_INTRINSIC;
    if (p >= (theta > 0 ? forward : strike)) return IV_ABOVE_BOUND;
  }
  const x = theta > 0 ? Math.log(forward / strike) : Math.log(strike / forward);
  const beta = p / Math.sqrt(forward * strike);
  if (!(beta > 0)) return 0;
  if (beta >= Math.exp(0.5 * x)) return IV_ABOVE_BOUND;
  return solveNormalised(beta, Math.min(x, 0)) / Math.sqrt(years);
}

function raise(code: number, price: number): never {
  if (code === IV_BELOW_INTRINSIC) throw new PricingError('price_below_intrinsic', `price_below_intrinsic: price ${price} is below the intrinsic value, no implied vol`);
  if (code === IV_ABOVE_BOUND) throw new PricingError('price_above_bound', `price_above_bound: price ${price} is at or above the no-arbitrage upper bound, no implied vol`);
  if (code === IV_ZERO_TIME) throw new PricingError('zero_time', 'zero_time: years is 0, an expired option has no implied vol');
  throw new InputError('price', `invalid input for implied vol (price ${price})`);
}

function checkIvArgs(underlyingName: 'spot' | 'forward', price: number, underlying: number, strike: number, years: number, rateFrac: number, divFrac: number): void {
  if (!(price >= 0 && price < Infinity)) throw new InputError('price', `must be a finite number >= 0, got ${price}`);
  if (!(underlying > 0 && underlying < Infinity)) throw new InputError(underlyingName, `must be a finite number > 0, got ${underlying}`);
  if (!(strike > 0 && strike < Infinity)) throw new InputError('strike', `must be a finite number > 0, got ${strike}`);
  if (!(years >= 0 && years < Infinity)) throw new InputError('years', `must be a finite number >= 0, got ${years}`);
  if (!(Math.abs(rateFrac) < Infinity)) throw new InputError('rate', `must be a finite number, got ${rateFrac}`);
  if (!(Math.abs(divFrac) < Infinity)) throw new InputError('div', `must be a finite number, got ${divFrac}`);
}

/** Black-76 implied vol of a discounted option price on a forward. */
export function impliedVolBlack76(type: OptionType, price: number, forward: number, strike: number, years: number, rateFrac: number): number {
  checkIvArgs('forward', price, forward, strike, years, rateFrac, 0);
  const v = impliedVolKernel(type === 'call' ? 1 : -1, price * Math.exp(rateFrac * years), forward, strike, years);
  if (v < 0) raise(v, price);
  return v;
}

/** Black-Scholes-Merton implied vol (continuous dividend yield). */
export function impliedVolBsm(type: OptionType, price: number, spot: number, strike: number, years: number, rateFrac: number, divFrac: number): number {
  checkIvArgs('spot', price, spot, strike, years, rateFrac, divFrac);
  const forward = spot * Math.exp((rateFrac - divFrac) * years);
  const v = impliedVolKernel(type === 'call' ? 1 : -1, price * Math.exp(rateFrac * years), forward, strike, years);
  if (v < 0) raise(v, price);
  return v;
}
