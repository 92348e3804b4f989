/**
 * The two fixed policies: `static10` (the classic rule: layer L1 only, held at 10% of
 * condor notional at all times, rebalanced when off by more than `rebalanceBand`) and
 * `none` (no hedge). Same decision shape as ALVH and VXTH.
 */
import type { IsoDate } from '../core/time.js';
import { fmtNum, fmtTarget, targetUnit, type HedgeDecision, type StepOptions } from './decision.js';
import type { NonePolicy, Static10Policy } from './policy.js';

/** static10: L1 only, always at `targetFraction` (default 0.10) of condor notional. */
export function static10Decision(policy: Static10Policy, date: IsoDate, opts: StepOptions = {}): HedgeDecision {
  const f = policy.targetFraction;
  return {
    policy: 'static10',
    date,
    basis: policy.basis,
    regime: null,
    signalScore01: null,
    targetFraction: f,
    layers: [{ layer: 'L1', instrument: policy.layer.instrument, active: f > 0, splitFrac: 1, targetFraction: f }],
    rebalance: { kind: 'band', band: policy.rebalanceBand },
    rationale:
      opts.explain === false
        ? []
        : [
            `Static rule: L1 (${policy.layer.instrument}, ~${policy.layer.targetDte} DTE at entry, ~${fmtNum(policy.layer.targetDelta * 100)}-delta) held at ${fmtTarget(policy.basis, f)} ${targetUnit(policy.basis)} at all times (${policy.basis} basis).`,
          ],
  };
}

/** none: no hedge. */
export function noneDecision(_policy: NonePolicy, date: IsoDate, opts: StepOptions = {}): HedgeDecision {
  return {
    policy: 'none',
    date,
    basis: null,
    regime: null,
    signalScore01: null,
    targetFraction: 0,
    layers: [],
    rebalance: { kind: 'band', band: 0 },
    rationale: opts.explain === false ? [] : ['No hedge: the condor runs unhedged.'],
  };
}
