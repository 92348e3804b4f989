/**
 * VXTH-style policy (Cboe VIX Tail Hedge methodology, DESIGN §1.2): on each monthly VIX
 * expiry, buy one-month ~30-delta VIX calls with a weight (fraction of account value,
 * premium basis) set by the level F of the same-expiry VIX future:
 * F ≤ 15 → 0, 15 < F ≤ 30 → 1%, 30 < F ≤ 50 → 0.5%, F > 50 → 0 (tiers are parameters).
 * Between rolls the calls are held, not rebalanced. On the first day of a run (no
 * position yet) the policy enters at once with the same rule.
 */
import { InputError } from '../core/errors.js';
import type { IsoDate } from '../core/time.js';
import { fmtNum, fmtPct, type HedgeDecision, type StepOptions } from './decision.js';
import type { VxthPolicy } from './policy.js';

export interface VxthDayInputs {
  readonly date: IsoDate;
  /** True on a monthly VIX expiry (the roll day). */
  readonly isMonthlyVixExpiry: boolean;
  /** F: the VIX future of the first monthly expiry after `date` (the calls' expiry), points. Needed on roll days only. */
  readonly nextExpiryFutureVixPts: number;
}

export interface VxthState {
  readonly lastDate: IsoDate | null;
  /** Weight set at the last roll (null before the first entry). */
  readonly weightFrac: number | null;
  readonly rollFutureVixPts: number;
  readonly rollDate: IsoDate | null;
}

export const INITIAL_VXTH_STATE: VxthState = { lastDate: null, weightFrac: null, rollFutureVixPts: Number.NaN, rollDate: null };

/** The tier weight for a same-expiry VIX future level. */
export function vxthWeight(policy: Pick<VxthPolicy, 'tiers' | 'aboveWeight'>, futureVixPts: number): number {
  if (!Number.isFinite(futureVixPts) || futureVixPts < 0) throw new InputError('nextExpiryFutureVixPts', `must be a finite number >= 0, got ${futureVixPts}`);
  for (const tier of policy.tiers) if (futureVixPts <= tier.maxVixPts) return tier.weight;
  return policy.aboveWeight;
}

/** True when `date` is one of the monthly VIX expiries. */
export function isRollDay(date: IsoDate, monthlyVixExpiries: readonly IsoDate[]): boolean {
  return monthlyVixExpiries.includes(date);
}

export interface VxthDecision extends HedgeDecision {
  readonly policy: 'vxth';
}

export function stepVxth(policy: VxthPolicy, state: VxthState, x: VxthDayInputs, opts: StepOptions = {}): { state: VxthState; decision: VxthDecision } {
  if (state.lastDate !== null && x.date <= state.lastDate) throw new InputError('date', `days must be strictly increasing: ${x.date} after ${state.lastDate}`);
  const initial = state.weightFrac === null;
  const roll = x.isMonthlyVixExpiry || initial;
  let next: VxthState;
  if (roll) {
    const w = vxthWeight(policy, x.nextExpiryFutureVixPts);
    next = { lastDate: x.date, weightFrac: w, rollFutureVixPts: x.nextExpiryFutureVixPts, rollDate: x.date };
  } else {
    next = { ...state, lastDate: x.date };
  }
  const w = next.weightFrac ?? 0;
  const rationale: string[] = [];
  if (opts.explain !== false) {
    const tierTxt = policy.tiers.map((t, i) => `${i === 0 ? '≤' : `${fmtNum(policy.tiers[i - 1]?.maxVixPts ?? 0)}–`}${fmtNum(t.maxVixPts)}: ${fmtPct(t.weight, 1)}`).join(', ');
    const scale = `${tierTxt}, above: ${fmtPct(policy.aboveWeight, 1)}`;
    if (roll) {
      rationale.push(
        `${initial && !x.isMonthlyVixExpiry ? 'Initial entry' : 'Monthly VIX expiry: roll'}: the next-expiry VIX future is ${fmtNum(next.rollFutureVixPts)}, so the weight is ${fmtPct(w)} of account value (${scale}).`,
      );
    } else {
      rationale.push(`Holding the calls bought on ${String(next.rollDate)} at ${fmtPct(w)} of account value until the next monthly VIX expiry (no rebalance in between).`);
    }
    rationale.push(`L1 (${policy.layer.instrument}): ~${fmtNum(policy.layer.targetDelta * 100)}-delta calls on the first expiry with DTE ≥ ${policy.layer.minDte}, ${policy.basis} basis.`);
  }
  return {
    state: next,
    decision: {
      policy: 'vxth',
      date: x.date,
      basis: policy.basis,
      regime: null,
      signalScore01: null,
      targetFraction: w,
      layers: [{ layer: 'L1', instrument: policy.layer.instrument, active: w > 0, splitFrac: 1, targetFraction: w }],
      rebalance: { kind: 'rollOnly', rollToday: roll },
      rationale,
    },
  };
}
