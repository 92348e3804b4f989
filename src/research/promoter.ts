/**
 * The `promoter` preset: the least hedge spend that keeps the worst crisis drawdown under a
 * stated limit. A scale search over the ALVH bands (hedge/presets.ts `scaleAlvhBands`: the
 * same timing and signals at another size): every scale of a grid runs in one engine pass,
 * then bisection between the largest failing scale below the choice and the choice narrows
 * it. Spend is the net hedge cost over the condor credit (purchases + costs − sales −
 * settlements, over the credit collected), which does not depend on how far equity has
 * compounded; the worst crisis drawdown is the largest drawdown inside any crisis window
 * (backtest/crises.ts). When no scale keeps under the limit, there is no promoter policy
 * and the scale with the smallest worst crisis drawdown is reported.
 */
import { InputError } from '../core/errors.js';
import type { IsoDate } from '../core/time.js';
import type { MarketData } from '../market/types.js';
import { CRISIS_WINDOWS, crisisScorecards, type CrisisWindow } from '../backtest/crises.js';
import { computeMetrics } from '../backtest/metrics.js';
import { defaultPolicy, scaleAlvhBands, stewardPolicy, type AlvhPolicy } from '../hedge/index.js';
import { runPolicies, type ResearchSettings } from './engine.js';

export interface PromoterCandidate {
  readonly scale: number;
  /** Largest drawdown inside any crisis window (positive fraction), and that window; 0 and null when no window is in range. */
  readonly worstCrisisDrawdown: number;
  readonly worstCrisis: string | null;
  /** Net hedge cost over condor credit (the spend that is minimised). */
  readonly hedgeNetCostOfCredit: number | null;
  readonly hedgeCostPerYear: number | null;
  readonly hedgeNetCostPerYear: number | null;
  readonly cagr: number | null;
  readonly maxDrawdown: number;
  readonly feasible: boolean;
}

export interface PromoterResult {
  readonly from: IsoDate;
  readonly to: IsoDate;
  readonly maxCrisisDrawdown: number;
  /** Every scale evaluated, ascending. */
  readonly candidates: readonly PromoterCandidate[];
  /** The least-spend scale under the limit, or null when none is. */
  readonly chosen: PromoterCandidate | null;
  /** The scale with the smallest worst crisis drawdown (the answer's nearest miss when nothing is under the limit). */
  readonly safest: PromoterCandidate;
}

const spendOf = (c: PromoterCandidate): number => c.hedgeNetCostOfCredit ?? 0;

/** The least-spend candidate under the limit (ties: the smaller scale), and the one with the smallest worst crisis drawdown. Pure. */
export function choosePromoter(candidates: readonly PromoterCandidate[]): { chosen: PromoterCandidate | null; safest: PromoterCandidate } {
  const first = candidates[0];
  if (first === undefined) throw new InputError('scales', 'no scale to choose from');
  let chosen: PromoterCandidate | null = null;
  let safest = first;
  for (const c of candidates) {
    if (c.worstCrisisDrawdown < safest.worstCrisisDrawdown) safest = c;
    if (!c.feasible) continue;
    if (chosen === null || spendOf(c) < spendOf(chosen) || (spendOf(c) === spendOf(chosen) && c.scale < chosen.scale)) chosen = c;
  }
  return { chosen, safest };
}

export interface PromoterOptions {
  readonly maxCrisisDrawdown: number;
  /** Band scales of the first pass (each > = 0). */
  readonly scales: readonly number[];
  /** Bisection steps after the grid (0: none). */
  readonly refineSteps: number;
  readonly windows?: readonly CrisisWindow[];
}

function evaluate(data: MarketData, settings: ResearchSettings, base: AlvhPolicy, scales: readonly number[], limit: number, windows: readonly CrisisWindow[]): { dates: readonly IsoDate[]; candidates: PromoterCandidate[] } {
  const r = runPolicies(data, settings, scales.map((k, i) => ({ name: `s${i}`, policy: scaleAlvhBands(base, k) })));
  const candidates = scales.map((scale, i) => {
    const run = r.runs[`s${i}`];
    if (run === undefined) throw new InputError('promoter', 'the engine returned no run');
    const m = computeMetrics(r.dates, run, r.market);
    let worst = 0;
    let worstCrisis: string | null = null;
    for (const c of crisisScorecards(r.dates, run, windows)) {
      if (worstCrisis === null || c.maxDrawdown > worst) {
        worst = c.maxDrawdown;
        worstCrisis = c.name;
      }
    }
    return { scale, worstCrisisDrawdown: worst, worstCrisis, hedgeNetCostOfCredit: m.hedgeNetCostOfCredit, hedgeCostPerYear: m.hedgeCostPerYear, hedgeNetCostPerYear: m.hedgeNetCostPerYear, cagr: m.cagr, maxDrawdown: m.maxDrawdown, feasible: worst <= limit };
  });
  return { dates: r.dates, candidates };
}

/** Runs the search on `base` (an ALVH policy) over the settings' range. */
export function promoterSearch(data: MarketData, settings: ResearchSettings, base: AlvhPolicy, opts: PromoterOptions): PromoterResult {
  const limit = opts.maxCrisisDrawdown;
  if (!(limit > 0 && limit < 1)) throw new InputError('--max-crisis-dd', `must be between 0 and 1, got ${limit}`);
  if (opts.scales.length === 0) throw new InputError('--scales', 'needs at least one scale');
  for (const k of opts.scales) if (!(k >= 0) || !Number.isFinite(k)) throw new InputError('--scales', `each scale must be a finite number >= 0, got ${k}`);
  const windows = opts.windows ?? CRISIS_WINDOWS;
  const scales = [...new Set(opts.scales)].sort((a, b) => a - b);
  const first = evaluate(data, settings, base, scales, limit, windows);
  const all = [...first.candidates];
  let pick = choosePromoter(all).chosen;
  for (let step = 0; step < opts.refineSteps && pick !== null; step++) {
    // Narrow the limit's boundary below the pick: between the largest failing scale under it
    // and the smallest feasible scale above that one (a scale already tried ends the search).
    const below = all.filter((c) => !c.feasible && c.scale < (pick as PromoterCandidate).scale).reduce<PromoterCandidate | null>((a, c) => (a === null || c.scale > a.scale ? c : a), null);
    if (below === null) break;
    const above = all.filter((c) => c.feasible && c.scale > below.scale).reduce((a, c) => (c.scale < a.scale ? c : a), pick);
    const mid = (below.scale + above.scale) / 2;
    if (all.some((c) => c.scale === mid)) break;
    all.push(...evaluate(data, settings, base, [mid], limit, windows).candidates);
    pick = choosePromoter(all).chosen;
  }
  all.sort((a, b) => a.scale - b.scale);
  const { chosen, safest } = choosePromoter(all);
  return { from: first.dates[0] as IsoDate, to: first.dates[first.dates.length - 1] as IsoDate, maxCrisisDrawdown: limit, candidates: all, chosen, safest };
}

/** Band scales of the promoter's first pass unless others are given (one engine pass). */
export const PROMOTER_SCALES: readonly number[] = [0, 0.25, 0.5, 0.75, 1, 1.5, 2, 3];

/** The methodology's two presets side by side: the steward as it is, and the promoter at a crisis-drawdown limit. */
export interface MethodologyPresets {
  /** The steward (ALVH bands held to the hurdle-rate guard), measured as a promoter candidate at scale 1. */
  readonly steward: PromoterCandidate;
  readonly promoter: PromoterResult;
}

/** Both presets over the settings' range (the backtest report compares them with the run's policies). */
export function methodologyPresets(data: MarketData, settings: ResearchSettings, maxCrisisDrawdown: number, windows: readonly CrisisWindow[] = CRISIS_WINDOWS): MethodologyPresets {
  const promoter = promoterSearch(data, settings, defaultPolicy('alvh') as AlvhPolicy, { maxCrisisDrawdown, scales: PROMOTER_SCALES, refineSteps: 3, windows });
  const steward = evaluate(data, settings, stewardPolicy(), [1], maxCrisisDrawdown, windows).candidates[0] as PromoterCandidate;
  return { steward, promoter };
}
