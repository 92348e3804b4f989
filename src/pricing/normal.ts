/**
 * Standard normal density and distribution with full double precision in the tails.
 *
 * The distribution is built on W. J. Cody's rational Chebyshev approximations of erfc
 * ("Rational Chebyshev approximations for the error function", Math. Comp. 23 (1969),
 * 631-637), whose coefficients give erfc(y)·exp(y²) to near machine precision. The
 * Gaussian factor exp(-x²/2) is evaluated from x itself with an exact split of x², so
 * that the tails stay accurate to a few ulp (relative) down to underflow, instead of
 * losing ~x²·ε through the rounding of x/√2.
 */

const SQRT1_2 = Math.SQRT1_2;
const INV_SQRT_2PI = 0.3989422804014327;
const INV_SQRT_PI = 0.5641895835477563;

// Cody's coefficients (erf on |y| <= 0.46875).
const A0 = 3.1611237438705655, A1 = 113.86415415105016, A2 = 377.485237685302, A3 = 3209.3775891384694, A4 = 0.18577770618460315;
const B0 = 23.601290952344122, B1 = 244.02463793444417, B2 = 1282.6165260773723, B3 = 2844.236833439171;
// erfc(y)·exp(y²) on 0.46875 < y <= 4.
const C0 = 0.5641884969886701, C1 = 8.883149794388375, C2 = 66.11919063714163, C3 = 298.6351381974001,
  C4 = 881.952221241769, C5 = 1712.0476126340707, C6 = 2051.0783778260716, C7 = 1230.3393547979972, C8 = 2.1531153547440383e-8;
const D0 = 15.744926110709835, D1 = 117.6939508913125, D2 = 537.1811018620099, D3 = 1621.3895745666903,
  D4 = 3290.7992357334597, D5 = 4362.619090143247, D6 = 3439.3676741437216, D7 = 1230.3393548037495;
// erfc(y)·exp(y²)·y on y > 4 (in 1/y²).
const P0 = 0.30532663496123236, P1 = 0.36034489994980445, P2 = 0.12578172611122926, P3 = 0.016083785148742275,
  P4 = 0.0006587491615298367, P5 = 0.016315387137302097;
const Q0 = 2.5685201922898684, Q1 = 1.8729528499234604, Q2 = 0.5279051029514283, Q3 = 0.06051834131244132, Q4 = 0.0023352049762686918;

/** erf(y) for |y| <= 0.46875. */
function erfSmall(y: number): number {
  const z = y * y;
  const num = (((A4 * z + A0) * z + A1) * z + A2) * z + A3;
  const den = (((z + B0) * z + B1) * z + B2) * z + B3;
  return (y * num) / den;
}

/** erfcx(y) = exp(y²)·erfc(y) for y > 0.46875 (Cody's two outer ranges). */
function erfcxLarge(y: number): number {
  if (y <= 4) {
    const num = (((((((C8 * y + C0) * y + C1) * y + C2) * y + C3) * y + C4) * y + C5) * y + C6) * y + C7;
    const den = (((((((y + D0) * y + D1) * y + D2) * y + D3) * y + D4) * y + D5) * y + D6) * y + D7;
    return num / den;
  }
  const z = 1 / (y * y);
  const num = ((((P5 * z + P0) * z + P1) * z + P2) * z + P3) * z + P4;
  const den = ((((z + Q0) * z + Q1) * z + Q2) * z + Q3) * z + Q4;
  return (INV_SQRT_PI - (z * num) / den) / y;
}

/**
 * exp(-x²/2) to a few ulp for every x: x = xh + xl with xh a multiple of 1/16, so that
 * xh²/2 is exact; the rounding error of the exponent is carried (Fast2Sum) and applied as a
 * first-order correction, which costs one exponential instead of two.
 */
export function gaussExp(x: number): number {
  const ax = Math.abs(x);
  if (ax < 1) return Math.exp(-0.5 * ax * ax);
  if (ax > 39) return 0;
  const xh = Math.trunc(ax * 16) / 16;
  const hi = 0.5 * xh * xh;
  const lo = 0.5 * (ax - xh) * (ax + xh);
  const e = hi + lo;
  const err = hi - e + lo;
  return Math.exp(-e) * (1 - err);
}

/** Standard normal density. */
export function normPdf(x: number): number {
  return INV_SQRT_2PI * gaussExp(x);
}

/** erfc(y) for any real y, full relative precision for y > 0. */
export function erfc(y: number): number {
  const ay = Math.abs(y);
  if (ay <= 0.46875) return 1 - erfSmall(y);
  if (ay > 26.55) return y > 0 ? 0 : 2;
  const ysq = Math.trunc(ay * 16) / 16;
  const del = (ay - ysq) * (ay + ysq);
  const r = Math.exp(-ysq * ysq) * Math.exp(-del) * erfcxLarge(ay);
  return y > 0 ? r : 2 - r;
}

/**
 * Standard normal distribution N(x). For x < -0.66 the result is
 * ½·erfcx(-x/√2)·exp(-x²/2), both factors accurate to a few ulp.
 */
export function normCdf(x: number): number {
  const y = x * SQRT1_2;
  const ay = Math.abs(y);
  if (ay <= 0.46875) return 0.5 + 0.5 * erfSmall(y);
  if (x < -38.5) return 0;
  if (x > 8.3) return 1; // 1 - N(8.3) < 2^-54
  const tail = 0.5 * erfcxLarge(ay) * gaussExp(x);
  return x < 0 ? tail : 1 - tail;
}

/**
 * N(x) given g = exp(-x²/2) (e.g. from gaussExp, or from a related argument through an
 * exact identity such as n(d2) = n(d1)·F/K). Saves the exponentials in pricing kernels.
 */
export function normCdfFromGauss(x: number, g: number): number {
  const y = x * SQRT1_2;
  const ay = Math.abs(y);
  if (ay <= 0.46875) return 0.5 + 0.5 * erfSmall(y);
  if (x > 8.3) return 1;
  if (x < -38.5) return 0;
  const tail = 0.5 * erfcxLarge(ay) * g;
  return x < 0 ? tail : 1 - tail;
}
