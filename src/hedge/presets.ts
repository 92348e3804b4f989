/**
 * Built-in budget presets: `static10` and `alvh` with their numbers read on a budget basis
 * (DESIGN §1.2), so the practitioner's unit is one name away:
 * - `static10-credit`: L1 premium held = 10% of the condor credit of the trailing 21 trading days;
 *   `alvh-credit`: the ALVH bands (6–35%) as shares of that credit;
 * - `static10-peryear`: a premium budget of 10% of notional a year (held: 10% × notional ×
 *   the layer's tenor / 365); `alvh-peryear`: the bands as yearly budgets;
 * - `static10-ratio`: 0.10 VIX calls per condor contract open; `alvh-ratio`: the bands as
 *   calls per condor contract.
 * Each is the default policy with `basis` replaced: every other number is the default.
 */
import { defaultPolicy, POLICY_KINDS, type BudgetBasis, type HedgePolicy, type PolicyKind } from './policy.js';

const SUFFIX: Readonly<Record<string, BudgetBasis>> = { credit: 'creditShare', peryear: 'premiumPerYear', ratio: 'ratio' };
const KINDS = ['static10', 'alvh'] as const;

export const PRESET_NAMES: readonly string[] = KINDS.flatMap((k) => Object.keys(SUFFIX).map((s) => `${k}-${s}`));

/** The preset policy of a name in PRESET_NAMES, or null. */
export function presetPolicy(name: string): HedgePolicy | null {
  const dash = name.indexOf('-');
  const kind = name.slice(0, dash);
  const basis = SUFFIX[name.slice(dash + 1)];
  if (dash < 0 || basis === undefined || !(KINDS as readonly string[]).includes(kind)) return null;
  return kind === 'alvh' ? { ...defaultPolicy('alvh'), basis } : { ...defaultPolicy('static10'), basis };
}

/** Every built-in policy name: the kinds, then the budget presets. */
export const BUILT_IN_POLICY_NAMES: readonly string[] = [...POLICY_KINDS, ...PRESET_NAMES];

/** A built-in policy by name (a kind's default, or a preset), or null. */
export function builtInPolicy(name: string): HedgePolicy | null {
  if ((POLICY_KINDS as readonly string[]).includes(name)) return defaultPolicy(name as PolicyKind);
  return presetPolicy(name);
}
