/**
 * The ALVH signal score s ∈ [0, 1]: where today's hedge sits inside its regime band.
 * Every component is computed from precomputed inputs for day t (indicators are
 * computed elsewhere and passed in); each component is in [0, 1] or NaN (unavailable).
 *
 * Components (higher = more hedge):
 * - `rsi`: RSI(14) of the VIX close, linear: ≤ rsiZeroAt → 0, ≥ rsiOneAt → 1 (defaults
 *   30 and 70, so 50 → 0.5 and 65 → 0.875). Monotone non-decreasing in RSI.
 * - `macd`: SPX MACD(12,26,9) histogram h_t against yesterday's h_{t-1}:
 *   0.5·[h_t < 0] + 0.5·[h_t < h_{t-1}]. A bearish cross (h_{t-1} ≥ 0 > h_t) gives 1,
 *   a falling histogram above zero 0.5, a rising one above zero 0. When h_{t-1} is
 *   unknown the falling term counts 0.25 (half of its weight).
 * - `breadth`: an NYSE A/D-versus-SPX bearish divergence score in [0, 1] (1 = divergence),
 *   computed by the indicators module; passed through.
 * - `events`: 1 when the next FOMC/CPI/PPI release is within `eventWindowDays` trading
 *   days (0 = today), else 0. `Infinity` = no event known; NaN = no calendar.
 * - user series: per rule, 1 when the rule holds today (`above`/`below` the threshold,
 *   or `crossAbove`/`crossBelow` it between yesterday and today), else 0.
 *
 * s = Σ w_i·c_i / Σ w_i over the components that are not NaN and have w_i > 0
 * (NaN components drop out and the weights renormalise). With no component available
 * s = 0.5: the middle of the band, a neutral position that neither skimps nor overpays.
 */
import { tradingDaysBetween } from '../core/calendar.js';
import { InputError } from '../core/errors.js';
import type { IsoDate } from '../core/time.js';
import type { SignalParams, UserSeriesRule } from './policy.js';

export const NEUTRAL_SCORE = 0.5;

/** One user series on day t: today's value and yesterday's (NaN when unknown). */
export interface UserSeriesPoint {
  readonly value: number;
  readonly prevValue: number;
}

/** The precomputed inputs of day t. Use NaN for anything unavailable. */
export interface SignalInputs {
  /** RSI(14) of the VIX close on day t, 0..100. */
  readonly vixRsi14: number;
  /** SPX MACD(12,26,9) histogram on day t and on day t−1. */
  readonly spxMacdHist: number;
  readonly spxMacdHistPrev: number;
  /** A/D-line vs SPX bearish divergence, 0..1 (a flag is 0 or 1). */
  readonly breadthDivergence01: number;
  /** Trading days until the next FOMC/CPI/PPI release (0 = today; Infinity = none known). */
  readonly tradingDaysToNextEvent: number;
  /** User series keyed by the rule's name. */
  readonly userSeries?: Readonly<Record<string, UserSeriesPoint>>;
}

export type ComponentKey = 'rsi' | 'macd' | 'breadth' | 'events' | `user:${string}`;

export interface SignalComponent {
  readonly key: ComponentKey;
  /** In [0, 1], or NaN when unavailable (then it does not count). */
  readonly value01: number;
  readonly weight: number;
  /** True when it entered the weighted mean. */
  readonly used: boolean;
}

export interface SignalScore {
  /** s ∈ [0, 1]. */
  readonly score01: number;
  /** True when no component was available and s fell back to NEUTRAL_SCORE. */
  readonly neutralFallback: boolean;
  readonly components: readonly SignalComponent[];
}

function clamp01(x: number): number {
  return x < 0 ? 0 : x > 1 ? 1 : x;
}

export function rsiComponent(vixRsi14: number, p: Pick<SignalParams, 'rsiZeroAt' | 'rsiOneAt'>): number {
  if (!Number.isFinite(vixRsi14)) return Number.NaN;
  return clamp01((vixRsi14 - p.rsiZeroAt) / (p.rsiOneAt - p.rsiZeroAt));
}

export function macdComponent(hist: number, histPrev: number): number {
  if (!Number.isFinite(hist)) return Number.NaN;
  const below = hist < 0 ? 0.5 : 0;
  const falling = Number.isFinite(histPrev) ? (hist < histPrev ? 0.5 : 0) : 0.25;
  return below + falling;
}

export function breadthComponent(divergence01: number): number {
  if (Number.isNaN(divergence01)) return Number.NaN;
  if (!(divergence01 >= 0 && divergence01 <= 1)) throw new InputError('breadthDivergence01', `must be in [0, 1] or NaN, got ${divergence01}`);
  return divergence01;
}

export function eventComponent(tradingDaysToNextEvent: number, eventWindowDays: number): number {
  if (Number.isNaN(tradingDaysToNextEvent)) return Number.NaN;
  if (tradingDaysToNextEvent < 0) throw new InputError('tradingDaysToNextEvent', `must be >= 0, got ${tradingDaysToNextEvent}`);
  return tradingDaysToNextEvent <= eventWindowDays ? 1 : 0;
}

export function userSeriesComponent(rule: UserSeriesRule, point: UserSeriesPoint | undefined): number {
  if (point === undefined || !Number.isFinite(point.value)) return Number.NaN;
  const { value, prevValue } = point;
  const k = rule.threshold;
  switch (rule.rule) {
    case 'above':
      return value > k ? 1 : 0;
    case 'below':
      return value < k ? 1 : 0;
    case 'crossAbove':
      if (!Number.isFinite(prevValue)) return Number.NaN;
      return prevValue <= k && value > k ? 1 : 0;
    case 'crossBelow':
      if (!Number.isFinite(prevValue)) return Number.NaN;
      return prevValue >= k && value < k ? 1 : 0;
  }
}

/** The score of day t and its components (in a fixed order: rsi, macd, breadth, events, user series). */
export function signalScore(p: SignalParams, x: SignalInputs): SignalScore {
  const comps: SignalComponent[] = [];
  let num = 0;
  let den = 0;
  const add = (key: ComponentKey, value01: number, weight: number): void => {
    const used = !Number.isNaN(value01) && weight > 0;
    if (used) {
      num += weight * value01;
      den += weight;
    }
    comps.push({ key, value01, weight, used });
  };
  add('rsi', rsiComponent(x.vixRsi14, p), p.weights.rsi);
  add('macd', macdComponent(x.spxMacdHist, x.spxMacdHistPrev), p.weights.macd);
  add('breadth', breadthComponent(x.breadthDivergence01), p.weights.breadth);
  add('events', eventComponent(x.tradingDaysToNextEvent, p.eventWindowDays), p.weights.events);
  for (const u of p.userSeries) add(`user:${u.name}`, userSeriesComponent(u, x.userSeries?.[u.name]), u.weight);
  if (den === 0) return { score01: NEUTRAL_SCORE, neutralFallback: true, components: comps };
  return { score01: clamp01(num / den), neutralFallback: false, components: comps };
}

/**
 * The `tradingDaysToNextEvent` input for each trading day: NYSE trading days from the day
 * to the first event strictly after it (1 = the next trading day; an event dated on a
 * holiday counts on the next trading day), Infinity when no later event is listed.
 * Pass the dates of the events that count (FOMC, CPI, PPI); any order, duplicates allowed.
 */
export function tradingDaysToNextEvent(dates: readonly IsoDate[], eventDates: readonly IsoDate[]): Float64Array {
  const events = [...new Set(eventDates)].sort();
  const out = new Float64Array(dates.length);
  let j = 0;
  for (let i = 0; i < dates.length; i++) {
    const d = dates[i] as IsoDate;
    if (i > 0 && d <= (dates[i - 1] as IsoDate)) throw new InputError(`dates[${i}]`, `must be after ${String(dates[i - 1])}, got ${d}`);
    while (j < events.length && (events[j] as IsoDate) <= d) j++;
    const next = events[j];
    out[i] = next === undefined ? Number.POSITIVE_INFINITY : Math.max(1, tradingDaysBetween(d, next));
  }
  return out;
}
