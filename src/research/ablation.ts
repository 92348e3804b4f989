/**
 * Signal ablation of an ALVH policy: the same policy with each signal component switched
 * off in turn (its weight set to 0, the others renormalise), without the RSI layer
 * triggers, and with the regime bands only (every weight 0, so the score sits at the middle
 * of the band, and no triggers). Run against the full policy on the same condor trades, it
 * shows what each part adds.
 */
import type { AlvhPolicy } from '../hedge/policy.js';

export interface AblationVariant {
  readonly name: string;
  /** What is switched off, in words. */
  readonly off: string;
  readonly policy: AlvhPolicy;
}

const WEIGHTS = ['rsi', 'macd', 'breadth', 'events'] as const;

/** No RSI cross can add or remove a layer: above 100 and below 0 never happen. */
function withoutTriggers(p: AlvhPolicy): AlvhPolicy {
  return { ...p, triggers: { ...p.triggers, rsiCrossAbove: 100, rsiCrossBelow: 0 } };
}

export function ablationVariants(full: AlvhPolicy): AblationVariant[] {
  const zero = (keys: readonly (typeof WEIGHTS)[number][]): AlvhPolicy => ({
    ...full,
    signal: { ...full.signal, weights: { ...full.signal.weights, ...Object.fromEntries(keys.map((k) => [k, 0])) }, userSeries: keys.length === WEIGHTS.length ? [] : full.signal.userSeries },
  });
  return [
    { name: 'full', off: 'nothing', policy: full },
    ...WEIGHTS.map((k) => ({ name: `no-${k}`, off: `the ${k} component`, policy: zero([k]) })),
    { name: 'no-triggers', off: 'the RSI layer triggers', policy: withoutTriggers(full) },
    { name: 'bands-only', off: 'every signal component and the triggers (score fixed at mid-band)', policy: withoutTriggers(zero(WEIGHTS)) },
  ];
}
