/**
 * Sweep grids: a base policy and the parameters to vary (docs/guide/research.md).
 *
 * ```yaml
 * base: alvh                     # a built-in policy name or a policy file
 * vary:
 *   regime.lowBelowVixPts: {from: 13, to: 17, step: 1}
 *   bands.moderate.hi: [0.15, 0.18, 0.21]
 *   condor.shortDelta: [0.08, 0.10]
 * sample: 20                     # optional: 20 random variants of the product
 * seed: 1                        # the sample's seed (default 1)
 * ```
 * A key is a dotted path into the policy object, or into the condor configuration when it
 * starts with `condor.`. Every variant is validated by the policy's and the condor's own
 * schemas; errors name the grid key (`vary.bands.moderate.hi: …`). Pure: the caller
 * resolves the base name to a policy.
 */
import { z } from 'zod';
import { canonicalJson } from '../core/canonical.js';
import { InputError } from '../core/errors.js';
import { sha256Hex } from '../core/sha256.js';
import { seededRng } from '../core/time.js';
import { parsePolicy, type HedgePolicy } from '../hedge/policy.js';
import { DEFAULT_CONDOR_CONFIG, parseCondorConfig, type CondorConfig } from '../strategy/condor.js';

/** A grid with more variants than this needs an explicit confirmation (`--yes`). */
export const SWEEP_MAX_VARIANTS = 1000;

export type GridValue = number | string | boolean | null;

const valueSchema = z.union([z.number(), z.string(), z.boolean(), z.null()]);
const rangeSchema = z.strictObject({ from: z.number(), to: z.number(), step: z.number() });

const GridFileSchema = z.strictObject({
  base: z.string().min(1),
  vary: z.record(z.string(), z.union([z.array(valueSchema), rangeSchema])),
  sample: z.int().min(1).optional(),
  seed: z.int().optional(),
});

export interface GridAxis {
  readonly key: string;
  readonly values: readonly GridValue[];
}

export interface Grid {
  readonly baseName: string;
  readonly base: HedgePolicy;
  readonly condor: CondorConfig;
  readonly axes: readonly GridAxis[];
  readonly sample: number | null;
  readonly seed: number;
}

export interface Variant {
  /** Position in the grid's variant list (0-based). */
  readonly index: number;
  /** A stable id of the varied values (sha-256 of their canonical JSON, 16 hex). */
  readonly key: string;
  readonly values: Readonly<Record<string, GridValue>>;
  readonly policy: HedgePolicy;
  readonly condor: CondorConfig;
}

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** The values of a `{from, to, step}` range, rounded to 12 significant digits. */
export function rangeValues(key: string, r: { from: number; to: number; step: number }): number[] {
  if (!(r.step > 0)) throw new InputError(`vary.${key}`, `step must be > 0, got ${r.step}`);
  if (r.to < r.from) throw new InputError(`vary.${key}`, `empty range: to (${r.to}) is below from (${r.from})`);
  const count = Math.floor((r.to - r.from) / r.step + 1e-9) + 1;
  if (count > 1_000_000) throw new InputError(`vary.${key}`, `range has ${count} values`);
  return Array.from({ length: count }, (_, k) => Number((r.from + k * r.step).toPrecision(12)));
}

function hasPath(obj: unknown, parts: readonly string[]): boolean {
  let cur: unknown = obj;
  for (const p of parts) {
    if (!isObject(cur) || !Object.hasOwn(cur, p)) return false;
    cur = cur[p];
  }
  return !isObject(cur) && !Array.isArray(cur);
}

function setPath(obj: Record<string, unknown>, parts: readonly string[], value: GridValue): void {
  let cur = obj;
  for (const p of parts.slice(0, -1)) cur = cur[p] as Record<string, unknown>;
  cur[parts[parts.length - 1] as string] = value;
}

function clone<T>(x: T): T {
  return JSON.parse(JSON.stringify(x)) as T;
}

/** The key a schema error belongs to: the varied key whose path is a prefix of the field. */
function blame(keys: readonly string[], field: string, kind: string): string {
  const rel = field.startsWith('condor.') ? field : field.slice(kind.length + 1);
  return keys.find((k) => rel === k || rel.startsWith(`${k}.`)) ?? keys.find((k) => k.startsWith(`${rel}.`) || k.startsWith(rel)) ?? keys[0] ?? 'vary';
}

/** Builds one variant's policy and condor from the base and the values; errors name the grid key. */
export function applyValues(base: HedgePolicy, condor: CondorConfig, values: Readonly<Record<string, GridValue>>): { policy: HedgePolicy; condor: CondorConfig } {
  const policyJson = clone(base) as unknown as Record<string, unknown>;
  const condorJson = clone(condor) as unknown as Record<string, unknown>;
  const keys = Object.keys(values);
  for (const [key, v] of Object.entries(values)) {
    const isCondor = key.startsWith('condor.');
    const parts = (isCondor ? key.slice('condor.'.length) : key).split('.');
    setPath(isCondor ? condorJson : policyJson, parts, v);
  }
  try {
    return { policy: parsePolicy(policyJson), condor: parseCondorConfig(condorJson) };
  } catch (e) {
    if (e instanceof InputError) {
      const key = blame(keys, e.field, base.kind);
      throw new InputError(`vary.${key}`, `${e.field}: ${e.message.slice(e.field.length + 2)} (values ${JSON.stringify(values)})`);
    }
    throw e;
  }
}

/**
 * Parses and validates a grid (the parsed YAML/JSON). `resolveBase` turns the `base` name
 * into a policy (a built-in name or a file). Every single value is checked alone against
 * the base, so an out-of-bounds value is named before any combination is built.
 */
export function parseGrid(input: unknown, resolveBase: (name: string) => HedgePolicy, condor: CondorConfig = DEFAULT_CONDOR_CONFIG): Grid {
  if (!isObject(input)) throw new InputError('grid', 'must be a mapping with base and vary');
  const r = GridFileSchema.safeParse(input);
  if (!r.success) {
    const issue = r.error.issues[0];
    const path = issue?.path.map(String).join('.') ?? '';
    const extra = issue?.code === 'unrecognized_keys' ? `.${issue.keys[0] ?? ''}` : '';
    throw new InputError(path === '' && extra === '' ? 'grid' : `${path}${extra}`.replace(/^\./, ''), issue?.code === 'unrecognized_keys' ? 'unknown field (expected base, vary, sample, seed)' : (issue?.message ?? 'invalid grid'));
  }
  const g = r.data;
  const base = resolveBase(g.base);
  const keys = Object.keys(g.vary);
  if (keys.length === 0) throw new InputError('vary', 'names no parameter');
  const axes: GridAxis[] = [];
  for (const key of keys) {
    const spec = g.vary[key];
    const isCondor = key.startsWith('condor.');
    const parts = (isCondor ? key.slice('condor.'.length) : key).split('.');
    if (key === 'kind' || !hasPath(isCondor ? condor : base, parts)) {
      throw new InputError(`vary.${key}`, `unknown parameter (not a number, text or switch of the ${isCondor ? 'condor configuration' : `${base.kind} policy`})`);
    }
    const values = Array.isArray(spec) ? spec : rangeValues(key, spec as { from: number; to: number; step: number });
    if (values.length === 0) throw new InputError(`vary.${key}`, 'empty list of values');
    if (new Set(values.map((v) => JSON.stringify(v))).size !== values.length) throw new InputError(`vary.${key}`, 'lists a value twice');
    for (const v of values) applyValues(base, condor, { [key]: v });
    axes.push({ key, values });
  }
  return { baseName: g.base, base, condor, axes, sample: g.sample ?? null, seed: g.seed ?? 1 };
}

/** Number of variants of the full cartesian product. */
export function productSize(grid: Grid): number {
  return grid.axes.reduce((p, a) => p * a.values.length, 1);
}

/** Number of variants the grid runs (the sample size when sampling, capped at the product). */
export function variantCount(grid: Grid): number {
  const total = productSize(grid);
  return grid.sample === null ? total : Math.min(grid.sample, total);
}

/** The values of the product's `i`-th combination (mixed radix, the last key fastest). */
function combination(grid: Grid, i: number): Record<string, GridValue> {
  const out: Record<string, GridValue> = {};
  let rest = i;
  for (let a = grid.axes.length - 1; a >= 0; a--) {
    const axis = grid.axes[a] as GridAxis;
    out[axis.key] = axis.values[rest % axis.values.length] as GridValue;
    rest = Math.floor(rest / axis.values.length);
  }
  return Object.fromEntries(grid.axes.map((ax) => [ax.key, out[ax.key] as GridValue]));
}

export function variantKey(values: Readonly<Record<string, GridValue>>): string {
  return sha256Hex(canonicalJson(values)).slice(0, 16);
}

/**
 * Every variant of the grid, validated, in a fixed order: the cartesian product, or
 * `sample` distinct combinations drawn with the seed (then sorted by product position).
 * More than `max` variants throws unless `allowMore`.
 */
export function expandGrid(grid: Grid, opts: { max?: number; allowMore?: boolean } = {}): Variant[] {
  const max = opts.max ?? SWEEP_MAX_VARIANTS;
  const total = productSize(grid);
  const count = variantCount(grid);
  if (count > max && opts.allowMore !== true) {
    throw new InputError(grid.sample === null ? 'vary' : 'sample', `${count.toLocaleString('en-US')} variants exceed the maximum of ${max.toLocaleString('en-US')} without --yes (or set sample: N)`);
  }
  let positions: number[];
  if (grid.sample === null || grid.sample >= total) positions = Array.from({ length: total }, (_, i) => i);
  else {
    const rng = seededRng(grid.seed);
    const chosen = new Set<number>();
    while (chosen.size < grid.sample) chosen.add(Math.floor(rng.next() * total));
    positions = [...chosen].sort((a, b) => a - b);
  }
  return positions.map((pos, index) => {
    const values = combination(grid, pos);
    const { policy, condor } = applyValues(grid.base, grid.condor, values);
    return { index, key: variantKey(values), values, policy, condor };
  });
}

/** A fingerprint of the whole grid (base, condor, axes, sample): a results directory belongs to one grid. */
export function gridFingerprint(grid: Grid): string {
  return sha256Hex(canonicalJson({ base: grid.base, condor: grid.condor, axes: grid.axes, sample: grid.sample, seed: grid.seed })).slice(0, 16);
}
