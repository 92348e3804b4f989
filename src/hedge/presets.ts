/**
 * Named policies, built from a kind's defaults (a preset is a name, its policy is of a kind):
 * - `steward`, capital preservation: the ALVH bands held to the cost-of-capital guard, the
 *   trailing spend cap switched on. Hedge purchases (premium and costs) over the trailing 365
 *   days may not exceed the condor credit collected over them: the hedge is paid from the
 *   income it protects and never from capital. Change the share in a policy file
 *   (`kind: alvh`, `spendCap: {shareOfCondorCredit: 0.5}`).
 * - `promoter` (the least hedge spend that keeps the worst crisis drawdown under a limit) is
 *   a search, not a fixed policy: `alvh research promoter` scales the ALVH bands with
 *   `scaleAlvhBands` and writes the policy it finds.
 * - Budget presets: `static10` and `alvh` with their numbers read on a budget basis
 *   (DESIGN §1.2), so the practitioner's unit is one name away:
 *   - `static10-credit`: L1 premium held = 10% of the condor credit of the trailing 21 trading
 *     days; `alvh-credit`: the ALVH bands (6–35%) as shares of that credit;
 *   - `static10-peryear`: a premium budget of 10% of notional a year (held: 10% × notional ×
 *     the layer's tenor / 365); `alvh-peryear`: the bands as yearly budgets;
 *   - `static10-ratio`: 0.10 VIX calls per condor contract open; `alvh-ratio`: the bands as
 *     calls per condor contract.
 *   Each is the default policy with `basis` replaced: every other number is the default.
 */
import { InputError } from '../core/errors.js';
import { defaultPolicy, POLICY_KINDS, type AlvhPolicy, type BudgetBasis, type HedgePolicy, type PolicyKind, type VxthPolicy } from './policy.js';

const SUFFIX: Readonly<Record<string, BudgetBasis>> = { credit: 'creditShare', peryear: 'premiumPerYear', ratio: 'ratio' };
const BUDGET_KINDS = ['static10', 'alvh'] as const;

/** The budget presets' names. */
export const PRESET_NAMES: readonly string[] = BUDGET_KINDS.flatMap((k) => Object.keys(SUFFIX).map((s) => `${k}-${s}`));

/** Every preset: the steward, then the budget presets. */
export const POLICY_PRESETS: readonly string[] = ['steward', ...PRESET_NAMES];

/** Every name a built-in policy answers to: the kinds, then the presets. */
export const BUILT_IN_POLICIES: readonly string[] = [...POLICY_KINDS, ...POLICY_PRESETS];

/**
 * A policy whose hedge follows signals or regimes: `alvh` (regime bands, the signal score,
 * RSI layer triggers) with its presets, and `vxth` (weights by tiers of the VIX future).
 * `static10` and `none` hold a constant target.
 */
export type AdaptivePolicy = AlvhPolicy | VxthPolicy;

export function isAdaptive(p: HedgePolicy): p is AdaptivePolicy {
  return p.kind === 'alvh' || p.kind === 'vxth';
}

/** The steward's cap: trailing-365-day hedge purchases <= 1 × the condor credit of those days. */
export const STEWARD_SPEND_CAP = { shareOfCondorCredit: 1, windowDays: 365 } as const;

export function stewardPolicy(): AlvhPolicy {
  return { ...defaultPolicy('alvh'), spendCap: { ...STEWARD_SPEND_CAP } };
}

/** The budget preset policy of a name in PRESET_NAMES, or null. */
export function presetPolicy(name: string): HedgePolicy | null {
  const dash = name.indexOf('-');
  const kind = name.slice(0, dash);
  const basis = SUFFIX[name.slice(dash + 1)];
  if (dash < 0 || basis === undefined || !(BUDGET_KINDS as readonly string[]).includes(kind)) return null;
  return kind === 'alvh' ? { ...defaultPolicy('alvh'), basis } : { ...defaultPolicy('static10'), basis };
}

/** The policy of a built-in name (a kind's default or a preset), or null for any other name. */
export function builtInPolicy(name: string): HedgePolicy | null {
  if ((POLICY_KINDS as readonly string[]).includes(name)) return defaultPolicy(name as PolicyKind);
  if (name === 'steward') return stewardPolicy();
  return presetPolicy(name);
}

/**
 * ALVH with every band's lo and hi multiplied by `scale` (capped at 1, a band is a fraction
 * of notional): the same timing and signals at another size. Scale 0 holds no hedge.
 */
export function scaleAlvhBands(p: AlvhPolicy, scale: number): AlvhPolicy {
  if (!(scale >= 0) || !Number.isFinite(scale)) throw new InputError('scale', `must be a finite number >= 0, got ${scale}`);
  const s = (b: { lo: number; hi: number }): { lo: number; hi: number } => ({ lo: Math.min(1, b.lo * scale), hi: Math.min(1, b.hi * scale) });
  return { ...p, bands: { low: s(p.bands.low), moderate: s(p.bands.moderate), high: s(p.bands.high) } };
}

/** The built-in policies that are adaptive (see isAdaptive), in BUILT_IN_POLICIES order. */
export const ADAPTIVE_BUILT_INS: readonly string[] = BUILT_IN_POLICIES.filter((n) => {
  const p = builtInPolicy(n);
  return p !== null && isAdaptive(p);
});
