/**
 * Named policies in the methodology's vocabulary, built from a kind's defaults (a preset
 * is a name, its policy is of a kind: `steward` is an ALVH policy):
 * - `steward`, capital preservation: the ALVH bands held to the cost-of-capital guard, the
 *   trailing spend cap switched on. Hedge purchases (premium and costs) over the trailing 365
 *   days may not exceed the condor credit collected over them: the hedge is paid from the
 *   income it protects and never from capital. Change the share in a policy file
 *   (`kind: alvh`, `spendCap: {shareOfCondorCredit: 0.5}`).
 * - `promoter` (the least hedge spend that keeps the worst crisis drawdown under a limit) is
 *   a search, not a fixed policy: `alvh research promoter` scales the ALVH bands with
 *   `scaleAlvhBands` and writes the policy it finds.
 */
import { InputError } from '../core/errors.js';
import { defaultPolicy, POLICY_KINDS, type AlvhPolicy, type HedgePolicy, type PolicyKind } from './policy.js';

export const POLICY_PRESETS = ['steward'] as const;
export type PolicyPreset = (typeof POLICY_PRESETS)[number];

/** Every name a built-in policy answers to: the kinds, then the presets. */
export const BUILT_IN_POLICIES: readonly string[] = [...POLICY_KINDS, ...POLICY_PRESETS];

/** The steward's cap: trailing-365-day hedge purchases <= 1 × the condor credit of those days. */
export const STEWARD_SPEND_CAP = { shareOfCondorCredit: 1, windowDays: 365 } as const;

export function stewardPolicy(): AlvhPolicy {
  return { ...defaultPolicy('alvh'), spendCap: { ...STEWARD_SPEND_CAP } };
}

/** The policy of a built-in name (a kind's default or a preset), or null for any other name. */
export function builtInPolicy(name: string): HedgePolicy | null {
  if ((POLICY_KINDS as readonly string[]).includes(name)) return defaultPolicy(name as PolicyKind);
  if (name === 'steward') return stewardPolicy();
  return null;
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
