/**
 * One entry point for every policy: `stepHedge(policy, state, inputs)` so the backtest
 * and the daily signal never branch on the policy kind. Inputs carry everything any
 * policy reads; each policy reads only its own fields.
 */
import { InputError } from '../core/errors.js';
import { INITIAL_ALVH_STATE, stepAlvh, type AlvhDayInputs, type AlvhState } from './alvh.js';
import type { HedgeDecision, StepOptions } from './decision.js';
import type { HedgePolicy } from './policy.js';
import { noneDecision, static10Decision } from './static10.js';
import { INITIAL_VXTH_STATE, stepVxth, type VxthDayInputs, type VxthState } from './vxth.js';

export type HedgeDayInputs = AlvhDayInputs & VxthDayInputs;

export type HedgeState =
  | { readonly kind: 'none' }
  | { readonly kind: 'static10' }
  | { readonly kind: 'alvh'; readonly alvh: AlvhState }
  | { readonly kind: 'vxth'; readonly vxth: VxthState };

export function initialHedgeState(policy: HedgePolicy): HedgeState {
  switch (policy.kind) {
    case 'none':
      return { kind: 'none' };
    case 'static10':
      return { kind: 'static10' };
    case 'alvh':
      return { kind: 'alvh', alvh: INITIAL_ALVH_STATE };
    case 'vxth':
      return { kind: 'vxth', vxth: INITIAL_VXTH_STATE };
  }
}

/** One trading day of any policy. Pure. */
export function stepHedge(policy: HedgePolicy, state: HedgeState, x: HedgeDayInputs, opts: StepOptions = {}): { state: HedgeState; decision: HedgeDecision } {
  if (state.kind !== policy.kind) throw new InputError('state.kind', `a ${state.kind} state was given to the ${policy.kind} policy`);
  switch (policy.kind) {
    case 'none':
      return { state, decision: noneDecision(policy, x.date, opts) };
    case 'static10':
      return { state, decision: static10Decision(policy, x.date, opts) };
    case 'alvh': {
      const r = stepAlvh(policy, state.kind === 'alvh' ? state.alvh : INITIAL_ALVH_STATE, x, opts);
      return { state: { kind: 'alvh', alvh: r.state }, decision: r.decision };
    }
    case 'vxth': {
      const r = stepVxth(policy, state.kind === 'vxth' ? state.vxth : INITIAL_VXTH_STATE, x, opts);
      return { state: { kind: 'vxth', vxth: r.state }, decision: r.decision };
    }
  }
}

export * from './alvh.js';
export * from './decision.js';
export * from './exposure.js';
export * from './layers.js';
export * from './policy.js';
export * from './presets.js';
export * from './regime.js';
export * from './signalScore.js';
export * from './static10.js';
export * from './vxth.js';
export * from './presets.js';
