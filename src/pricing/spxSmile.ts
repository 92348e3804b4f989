/**
 * SPX smile model: a skew shape in standardized moneyness, levelled on the VIX family.
 *
 * - Standardized moneyness z = ln(K/F) / s, with s = σ_atm·√T the ATM total standard deviation.
 * - Shape: σ(z)/σ_atm = f(z) = 1 + b·(g(u) − g(0)), g(u) = ρ·(u − m) + √((u − m)² + ψ²),
 *   u = z/√(1 + |z|/zc): an SVI curve in vol (not variance) of a compressed moneyness, so
 *   the wings are linear in z near the money and grow like √|z| far out (total variance
 *   then grows linearly in |k|, as Lee's moment formula requires, and the model-free
 *   variance integral converges). A rounded trough sits at u ≈ m on the call side; b and
 *   ρ are linear in ln(T / 30 days); f is floored at `fMin`.
 * - Skew scale: b is multiplied by a daily factor from the Cboe SKEW index (skewScaleOf), so
 *   the steepness follows the market's own risk-neutral skewness instead of staying at the
 *   2026 chain's.
 * - Level: σ_atm is chosen so that the model-free variance of the model's own prices (the
 *   integral form of the Cboe VIX formula, ∫ 2·Q(K)/K² dK over undiscounted forward prices)
 *   equals the target VIX-family variance of that tenor. The ratio
 *   M(s, T) = modelFreeVariance·T / s² depends on the shape only, so it is tabulated once per
 *   shape and σ_atm follows from a short fixed-point iteration.
 *
 * Pure, allocation-free per call once the table exists.
 */
import { SESSION_DAYS } from '../core/calendar.js';
import { normCdf } from './normal.js';

export interface SmileShapeParams {
  /** Wing scale b at T = 30 days and its slope per unit of ln(T/30d). */
  b0: number;
  b1: number;
  /** Asymmetry ρ at 30 days and its slope per unit of ln(T/30d). */
  rho0: number;
  rho1: number;
  /** Centre of the trough in z. */
  m: number;
  /** Roundness of the trough in z. */
  psi: number;
  /** Wing compression scale in z (large = wings stay linear in z further out). */
  zc: number;
  /** Floor of f(z). */
  fMin: number;
  /**
   * The day's skew scale multiplies b: ((SKEW − 100) / (skewRef − 100))^skewElasticity, with
   * SKEW the Cboe SKEW index of the day (100 − 10 × the risk-neutral skewness of 30-day SPX
   * returns) and skewRef its value on the chain the shape was fitted to. Elasticity 0: one
   * shape on every day.
   */
  skewRef: number;
  skewElasticity: number;
  /**
   * Call wing κ: beyond the call-side trough (u > u*, where g is least) the rise of f is
   * κ·b·(g(u) − g(u*)) instead of b·(g(u) − g(u*)), so the call wing's steepness is free of
   * the put wing's (b and ρ set both). f and its slope are continuous at u* (the slope is 0
   * there on both sides). 1: the plain SVI curve; at most 1 (steeper, the call price can
   * rise with the strike at long tenors), fitted by `alvh calibrate --fit`.
   */
  callWing: number;
}

/** The shape's coefficients at one tenor. */
export interface TenorShape {
  b: number;
  rho: number;
  /** The call-side trough u* (in compressed moneyness) and g(u*) − g(0) there. */
  uTrough: number;
  gTrough: number;
}

const DAYS_PER_YEAR = 365;
const T30 = 30 / DAYS_PER_YEAR;

function clamp(x: number, lo: number, hi: number): number {
  return x < lo ? lo : x > hi ? hi : x;
}

/** The shape's tenor-dependent coefficients b(T)·scale and ρ(T); `skewScale` from {@link skewScaleOf}. */
export function shapeAt(p: SmileShapeParams, years: number, skewScale = 1): TenorShape {
  const l = Math.log(Math.max(years, 1 / (DAYS_PER_YEAR * 24)) / T30);
  const rho = clamp(p.rho0 + p.rho1 * l, -0.98, 0.98);
  // g'(u) = ρ + (u − m)/√((u − m)² + ψ²) = 0 at u* − m = −ρψ/√(1 − ρ²).
  const d = (-rho * p.psi) / Math.sqrt(1 - rho * rho);
  const gTrough = rho * d + Math.sqrt(d * d + p.psi * p.psi) - g0Of(rho, p);
  return { b: clamp(p.b0 + p.b1 * l, 0, 3) * skewScale, rho, uTrough: p.m + d, gTrough };
}

/** g(0) of the curve with asymmetry ρ. */
function g0Of(rho: number, p: SmileShapeParams): number {
  return -rho * p.m + Math.sqrt(p.m * p.m + p.psi * p.psi);
}

/**
 * Bounds and step of the skew scale (a step keeps the number of model-free-variance tables
 * small). The scale never steepens the fitted shape: steeper than the chain it was fitted
 * to, the call side past the trough rises fast enough at long tenors and low vol for the
 * call price to rise with strike (the property test's counterexample: VIX 9, 180 days,
 * scale 1.35), so days with a SKEW above the reference keep the reference shape.
 */
const SKEW_SCALE_MIN = 0.2;
const SKEW_SCALE_MAX = 1;
const SKEW_SCALE_STEP = 0.02;

/** The skew scale of a day with this SKEW index close (NaN or ≤ 100: 1, no information). */
export function skewScaleOf(p: SmileShapeParams, skewIndex: number): number {
  if (p.skewElasticity === 0 || !(skewIndex > 100) || !(p.skewRef > 100)) return 1;
  const raw = Math.pow((skewIndex - 100) / (p.skewRef - 100), p.skewElasticity);
  return Math.round(clamp(raw, SKEW_SCALE_MIN, SKEW_SCALE_MAX) / SKEW_SCALE_STEP) * SKEW_SCALE_STEP;
}

/** Calendar days by which the leading non-trading days have faded out of the shape's tenor. */
export const SHAPE_GAP_FADE_DAYS = 30;

/**
 * The tenor (years) at which the shape is read for an expiry `years` after a close whose
 * next session is `gapDays` calendar days later (1 on a weekday, 3 on a Friday). Variance
 * accrues in sessions: an expiry at the first session after a weekend is a one-session
 * distribution, not a three-day one (2026-01-30, a Friday: the Monday expiry's ATM variance
 * is 0.88 of its model-free variance in the chain, the model's one-day shape gives 0.91 and
 * its three-day shape 0.85). A tenor up to SESSION_DAYS is the first session itself (a 0DTE
 * option priced at its open, the weekend behind it): read as it is. From the first
 * session's open (gapDays − SESSION_DAYS) up to its close the shape's clock runs at
 * 1/gapDays (joined linearly to the session's length below that open, where no option
 * expires), and the gapDays − 1 skipped days fade out linearly by SHAPE_GAP_FADE_DAYS
 * (continuous and increasing in `years`; a weekday close is unchanged).
 */
export function shapeTenorYears(years: number, gapDays: number): number {
  const skipped = gapDays - 1;
  const n = years * DAYS_PER_YEAR;
  if (!(skipped > 0) || n >= SHAPE_GAP_FADE_DAYS || n <= SESSION_DAYS) return years;
  // From the session's own length back onto the 1/gapDays clock by the first session's open
  // (gapDays − SESSION_DAYS, an AM expiry there is the shortest option past the gap): a
  // lift that vanishes there, so every listed tenor past the gap reads as before.
  const open = gapDays - SESSION_DAYS;
  if (n < open) return years / gapDays + ((SESSION_DAYS - SESSION_DAYS / gapDays) * (open - n)) / (open - SESSION_DAYS) / DAYS_PER_YEAR;
  if (n <= gapDays) return years / gapDays;
  return (n - (skipped * (SHAPE_GAP_FADE_DAYS - n)) / (SHAPE_GAP_FADE_DAYS - gapDays)) / DAYS_PER_YEAR;
}

/** f(z) = σ(z)/σ_atm for the coefficients `t` of one tenor. */
export function smileRatio(z: number, t: TenorShape, p: SmileShapeParams): number {
  const { m, psi } = p;
  const uz = z / Math.sqrt(1 + Math.abs(z) / p.zc);
  const u = uz - m;
  const g = t.rho * u + Math.sqrt(u * u + psi * psi) - g0Of(t.rho, p);
  const f = uz > t.uTrough ? 1 + t.b * (t.gTrough + p.callWing * (g - t.gTrough)) : 1 + t.b * g;
  return f > p.fMin ? f : p.fMin;
}

/** Undiscounted Black price of a unit-forward option at log-moneyness k with total sd v. */
function blackUnit(isCall: boolean, k: number, v: number): number {
  const kk = Math.exp(k);
  if (!(v > 0)) return Math.max(isCall ? 1 - kk : kk - 1, 0);
  const d1 = -k / v + 0.5 * v;
  const d2 = d1 - v;
  const p = isCall ? normCdf(d1) - kk * normCdf(d2) : kk * normCdf(-d2) - normCdf(-d1);
  return p > 0 ? p : 0;
}

/**
 * The model's strip stops at ±Z_STRIP ATM standard deviations, about where real SPX chains
 * stop quoting (the last put bids of the 2026-01-30 chain sit at z = −11 to −18 for 3 to
 * 35 days), as the Cboe formula stops at the last bid: the far tail of the parametric wing
 * never enters the index.
 */
export const Z_STRIP = 20;

/**
 * Model-free variance × T (total variance) of the smile with ATM total sd s at tenor T:
 * 2·∫ Q(K)/K² dK over z ∈ [−Z_STRIP, Z_STRIP], with Q the out-of-the-money undiscounted
 * price on a unit forward; trapezoid rule in z (z = 0 is a node: the kink of Q).
 */
export function smileModelFreeTotalVariance(p: SmileShapeParams, s: number, years: number, steps = 800, skewScale = 1): number {
  const t = shapeAt(p, years, skewScale);
  const h = (2 * Z_STRIP) / steps;
  let sum = 0;
  for (let i = 0; i <= steps; i++) {
    const z = -Z_STRIP + i * h;
    const k = z * s;
    const v = s * smileRatio(z, t, p);
    // ∫ Q(K)/K² dK with K = e^k (F = 1): Q(e^k)·e^{−k} dk, dk = s·dz.
    const q = blackUnit(k >= 0, k, v) * Math.exp(-k);
    sum += i === 0 || i === steps ? 0.5 * q : q;
  }
  return 2 * sum * h * s;
}

/**
 * Tabulated M(s, T) = total model-free variance / s² for one shape. Each cell is computed on
 * first use: a day's model needs a few tenors and, at each, the few ATM sds its VIX levels
 * give (a 1-day tenor never reaches s = 0.5), so a run fills a small part of each table and
 * a short run, such as a signal resumed from yesterday, almost none of it.
 */
export interface MfvTable {
  lnT: Float64Array;
  s: Float64Array;
  /** Row-major [iT * s.length + iS]; a cell is valid once `ready` is 1 at its index. */
  ratio: Float64Array;
  ready: Uint8Array;
  shape: SmileShapeParams;
  skewScale: number;
}

const TABLE_DAYS = [0.05, 0.2, 0.6, 1, 2, 4, 7, 12, 20, 30, 45, 70, 110, 183, 365, 730];
const TABLE_S = (() => {
  const out: number[] = [];
  for (let i = 0; i < 40; i++) out.push(0.001 * Math.pow(1.2, i)); // 0.001 .. ~1.2
  return out;
})();

export function buildMfvTable(p: SmileShapeParams, skewScale = 1): MfvTable {
  const lnT = Float64Array.from(TABLE_DAYS, (d) => Math.log(d / DAYS_PER_YEAR));
  const s = Float64Array.from(TABLE_S);
  const cells = lnT.length * s.length;
  return { lnT, s, ratio: new Float64Array(cells), ready: new Uint8Array(cells), shape: p, skewScale };
}

/** The tables of one shape by skew scale, each built on first use. */
export interface MfvFamily {
  shape: SmileShapeParams;
  byScale: Map<number, MfvTable>;
}

export function buildMfvFamily(p: SmileShapeParams): MfvFamily {
  return { shape: p, byScale: new Map() };
}

export function mfvTableAt(f: MfvFamily, skewScale: number): MfvTable {
  let t = f.byScale.get(skewScale);
  if (t === undefined) {
    t = buildMfvTable(f.shape, skewScale);
    f.byScale.set(skewScale, t);
  }
  return t;
}

/** M at the table's node (tenor iT, ATM sd iS), computed on first use. */
function cell(t: MfvTable, iT: number, iS: number): number {
  const at = iT * t.s.length + iS;
  if (t.ready[at] === 0) {
    const years = Math.exp(t.lnT[iT] ?? 0);
    const s = t.s[iS] ?? 0;
    t.ratio[at] = smileModelFreeTotalVariance(t.shape, s, years, 400, t.skewScale) / (s * s);
    t.ready[at] = 1;
  }
  return t.ratio[at] ?? 1;
}

function bracket(xs: Float64Array, x: number): { i: number; w: number } {
  const n = xs.length;
  if (x <= (xs[0] ?? 0)) return { i: 0, w: 0 };
  if (x >= (xs[n - 1] ?? 0)) return { i: n - 2, w: 1 };
  let lo = 0;
  let hi = n - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if ((xs[mid] ?? 0) <= x) lo = mid;
    else hi = mid;
  }
  const a = xs[lo] ?? 0;
  const c = xs[lo + 1] ?? 0;
  return { i: lo, w: (x - a) / (c - a) };
}

/** Bilinear lookup of M(s, T). */
export function mfvRatio(t: MfvTable, s: number, years: number): number {
  const bt = bracket(t.lnT, Math.log(years));
  const bs = bracket(t.s, s);
  const r00 = cell(t, bt.i, bs.i);
  const r01 = cell(t, bt.i, bs.i + 1);
  const r10 = cell(t, bt.i + 1, bs.i);
  const r11 = cell(t, bt.i + 1, bs.i + 1);
  const r0 = r00 + (r01 - r00) * bs.w;
  const r1 = r10 + (r11 - r10) * bs.w;
  return r0 + (r1 - r0) * bt.w;
}

/**
 * The ATM total sd s such that the smile's model-free total variance equals `totalVar`
 * (= σ²_index·T): s²·M(s, T) = totalVar; `years` is the tenor the shape is read at
 * (shapeTenorYears).
 */
export function atmTotalSdForVariance(t: MfvTable, totalVar: number, years: number): number {
  if (!(totalVar > 0)) return 0;
  let s = Math.sqrt(totalVar);
  for (let it = 0; it < 4; it++) s = Math.sqrt(totalVar / mfvRatio(t, s, years));
  return s;
}

/** Smile vol at log-moneyness k given the ATM total sd s and tenor. */
export function smileVolAt(p: SmileShapeParams, k: number, s: number, years: number, skewScale = 1): number {
  if (!(s > 0) || !(years > 0)) return 0;
  return (s / Math.sqrt(years)) * smileRatio(k / s, shapeAt(p, years, skewScale), p);
}
