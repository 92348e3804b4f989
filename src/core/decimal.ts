/**
 * Decimal text to a double without allocating, exactly as `Number()` reads it (the same
 * double, bit for bit), for the number shapes data files carry: [+-]digits[.digits][e[+-]digits].
 *
 * - Up to 15 significant digits and a power of ten within 10^±22 (prices, strikes): the
 *   integer mantissa and the power of ten are both exact doubles, so one multiplication or
 *   division is the correctly rounded result (Clinger's fast path).
 * - 16 to 19 significant digits (the shortest round-trip text of any double, as
 *   `String(x)` writes it): the mantissa is held exactly as a sum of two doubles, scaled by
 *   the power of ten with an error term from Dekker's exact product; the result is the
 *   rounding of quotient + error term, kept only when the rounding is the same at both ends
 *   of a margin thousands of times wider than the error term's own error (so it is the
 *   correctly rounded value); otherwise `undefined` (about one text in 2^40: a value next to
 *   a rounding boundary).
 *
 * Returns NaN when the text is not a number of that shape (no digits, a stray character; ''
 * included) and `undefined` when it is one but outside the fast shapes (more digits, a far
 * exponent): the caller then uses `Number()`.
 */

const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22];
/** Dekker's splitter, 2^27 + 1. */
const SPLIT = 134217729;
/** The rounding check's margin relative to the result (2^-90; the error term is below 2^-100 of it). */
const MARGIN = 2 ** -90;

/** The exact error of the product `hi = fl(a·b)`: a·b = hi + returned value (Dekker, no fused multiply-add). */
function productError(a: number, b: number, hi: number): number {
  let t = SPLIT * a;
  const ah = t - (t - a);
  const al = a - ah;
  t = SPLIT * b;
  const bh = t - (t - b);
  const bl = b - bh;
  return ah * bh - hi + ah * bl + al * bh + al * bl;
}

/** The correctly rounded q + c (c the small correction), or undefined when a margin around it straddles a rounding boundary. */
function roundedSum(q: number, c: number): number | undefined {
  const x = q + c;
  const d = Math.abs(q) * MARGIN;
  return q + (c + d) === x && q + (c - d) === x ? x : undefined;
}

/** The double nearest hi·10^nLo + lo (an integer below 10^19) times 10^-scale. */
function scaled(hi: number, nLo: number, lo: number, scale: number): number | undefined {
  if (scale > 22 || scale < -22) return undefined;
  if (nLo === 0) return scale >= 0 ? hi / (POW10[scale] as number) : hi * (POW10[-scale] as number);
  // M = hi·10^nLo + lo exactly, as sh + sl.
  const t = POW10[nLo] as number;
  const p = hi * t;
  const e = productError(hi, t, p) + lo;
  const sh = p + e;
  const sl = e - (sh - p);
  if (scale === 0) return sh;
  const pow = POW10[scale >= 0 ? scale : -scale] as number;
  if (scale < 0) {
    const q = sh * pow;
    return roundedSum(q, productError(sh, pow, q) + sl * pow);
  }
  const q = sh / pow;
  const ph = q * pow;
  const r = sh - ph - productError(q, pow, ph) + sl;
  return roundedSum(q, r / pow);
}

/** The number in s[from, to) (see the module comment): the double `Number()` gives, NaN, or undefined. */
export function parseDecimal(s: string, from: number, to: number): number | undefined {
  let i = from;
  let c = s.charCodeAt(i);
  const neg = c === 45;
  if (neg || c === 43) i++;
  // Digits go into hi while it stays below 10^15 (leading zeros add nothing), then up to
  // four into lo; `scale` counts the digits after the point.
  let hi = 0;
  let lo = 0;
  let nLo = 0;
  let scale = 0;
  const first = i;
  let point = -1;
  for (; i < to; i++) {
    c = s.charCodeAt(i);
    const d = c - 48;
    if (d >= 0 && d <= 9) {
      if (hi < 1e14) hi = hi * 10 + d;
      else if (nLo < 4) {
        lo = lo * 10 + d;
        nLo++;
      } else return undefined;
    } else if (c === 46 && point < 0) point = i + 1;
    else break;
  }
  if (point > 0) scale = i - point;
  const digits = i - first - (point > 0 ? 1 : 0);
  if (digits === 0) return NaN;
  if (i < to) {
    c = s.charCodeAt(i);
    if (c !== 101 && c !== 69) return NaN;
    c = s.charCodeAt(++i);
    const expNeg = c === 45;
    if (expNeg || c === 43) i++;
    const start = i;
    let e = 0;
    for (; i < to; i++) {
      const d = s.charCodeAt(i) - 48;
      if (d < 0 || d > 9) return NaN;
      if (e < 1000) e = e * 10 + d;
    }
    if (i === start) return NaN;
    scale += expNeg ? e : -e;
  }
  const v = hi === 0 ? 0 : scaled(hi, nLo, lo, scale);
  if (v === undefined) return undefined;
  return neg ? -v : v;
}
