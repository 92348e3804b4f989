/**
 * Volatility regime from the VIX close, with hysteresis (DESIGN §1.2).
 *
 * Raw classification: low when close < lowBelowVixPts; high when close > highAboveVixPts;
 * moderate otherwise (both boundaries belong to moderate).
 *
 * The regime moves across a boundary only on a close beyond it (raw side) that is
 * either at least `hysteresisPts` beyond it, or the `confirmDays`-th consecutive close
 * beyond it. Several boundaries can be crossed on one day (a low-regime close of 30
 * with the defaults goes straight to high). The first close of a series takes its raw
 * regime. A step reads only today's close and the state: it cannot look ahead.
 */
import { InputError } from '../core/errors.js';
import { REGIMES, type Regime, type RegimeParams } from './policy.js';

/** Regime as a level: 0 low, 1 moderate, 2 high. */
export type RegimeLevel = 0 | 1 | 2;

export type SwitchRule = 'hysteresis' | 'confirmDays';

export interface RegimeState {
  /** null before the first close. */
  readonly level: RegimeLevel | null;
  /** Consecutive closes above (raw side) the low/moderate and moderate/high boundaries. */
  readonly aboveLowDays: number;
  readonly aboveHighDays: number;
  /** Consecutive closes below (raw side) each boundary. */
  readonly belowLowDays: number;
  readonly belowHighDays: number;
  /** Trading days the current regime has lasted, counting today (1 on a switch day). */
  readonly daysInRegime: number;
  /** Set on the day of a switch only. */
  readonly switched: { readonly from: Regime; readonly rule: SwitchRule; readonly vixClosePts: number } | null;
}

export const INITIAL_REGIME_STATE: RegimeState = {
  level: null,
  aboveLowDays: 0,
  aboveHighDays: 0,
  belowLowDays: 0,
  belowHighDays: 0,
  daysInRegime: 0,
  switched: null,
};

export function regimeName(level: RegimeLevel): Regime {
  return REGIMES[level];
}

/** Raw (no hysteresis) regime of one close. */
export function rawRegimeLevel(vixClosePts: number, p: RegimeParams): RegimeLevel {
  if (vixClosePts < p.lowBelowVixPts) return 0;
  if (vixClosePts > p.highAboveVixPts) return 2;
  return 1;
}

/** One day: the state after today's VIX close. Pure. */
export function stepRegime(state: RegimeState, vixClosePts: number, p: RegimeParams): RegimeState {
  if (!Number.isFinite(vixClosePts) || vixClosePts < 0) throw new InputError('vixClosePts', `must be a finite number >= 0, got ${vixClosePts}`);
  const v = vixClosePts;
  const aboveLow = v >= p.lowBelowVixPts;
  const aboveHigh = v > p.highAboveVixPts;
  const aboveLowDays = aboveLow ? state.aboveLowDays + 1 : 0;
  const aboveHighDays = aboveHigh ? state.aboveHighDays + 1 : 0;
  const belowLowDays = aboveLow ? 0 : state.belowLowDays + 1;
  const belowHighDays = aboveHigh ? 0 : state.belowHighDays + 1;
  const counts = { aboveLowDays, aboveHighDays, belowLowDays, belowHighDays };

  if (state.level === null) {
    return { level: rawRegimeLevel(v, p), ...counts, daysInRegime: 1, switched: null };
  }
  const from = state.level;
  let level: RegimeLevel = from;
  let rule: SwitchRule = 'hysteresis';
  const h = p.hysteresisPts;
  const n = p.confirmDays;
  // Upward crossings.
  if (level === 0 && aboveLow) {
    if (v - p.lowBelowVixPts >= h) level = 1;
    else if (aboveLowDays >= n) { level = 1; rule = 'confirmDays'; }
  }
  if (level === 1 && aboveHigh) {
    if (v - p.highAboveVixPts >= h) level = 2;
    else if (aboveHighDays >= n) { level = 2; rule = 'confirmDays'; }
  }
  // Downward crossings (only if we did not move up).
  if (level === from) {
    if (level === 2 && !aboveHigh) {
      if (p.highAboveVixPts - v >= h) level = 1;
      else if (belowHighDays >= n) { level = 1; rule = 'confirmDays'; }
    }
    if (level === 1 && !aboveLow) {
      if (p.lowBelowVixPts - v >= h) level = 0;
      else if (belowLowDays >= n) { level = 0; rule = 'confirmDays'; }
    }
  }
  if (level === from) return { level, ...counts, daysInRegime: state.daysInRegime + 1, switched: null };
  return { level, ...counts, daysInRegime: 1, switched: { from: regimeName(from), rule, vixClosePts: v } };
}

/** Array form: the regime level (0 low, 1 moderate, 2 high) after each close. */
export function classifyRegimes(vixClosePts: Float64Array | readonly number[], p: RegimeParams): Uint8Array {
  const out = new Uint8Array(vixClosePts.length);
  let s = INITIAL_REGIME_STATE;
  for (let i = 0; i < vixClosePts.length; i++) {
    s = stepRegime(s, vixClosePts[i] ?? Number.NaN, p);
    out[i] = s.level ?? 0;
  }
  return out;
}
