/**
 * Hedge policies (DESIGN §1.2) as typed, validated plain data. Every number of §1.2 is a
 * parameter with a default here, never a constant in the rules.
 *
 * A policy file may give only the fields it changes: `parsePolicy` deep-merges the input
 * onto `defaultPolicy(kind)` (objects merge, arrays and each `splits.<regime>` object
 * replace), then validates the result with a strict schema (unknown fields are errors).
 * Errors throw `InputError` whose message names the field path, e.g.
 * `alvh.bands.high.hi: must be >= lo (0.35), got 0.3`.
 */
import { z } from 'zod';
import { InputError } from '../core/errors.js';

export const POLICY_KINDS = ['none', 'static10', 'alvh', 'vxth'] as const;
export type PolicyKind = (typeof POLICY_KINDS)[number];

export const LAYER_NAMES = ['L1', 'L2', 'L3'] as const;
export type LayerName = (typeof LAYER_NAMES)[number];

export const REGIMES = ['low', 'moderate', 'high'] as const;
export type Regime = (typeof REGIMES)[number];

export const INSTRUMENT_KINDS = ['vixCall', 'vixCallCalendar', 'vixFuturesEtp', 'spxVarianceSwap'] as const;
export type InstrumentKind = (typeof INSTRUMENT_KINDS)[number];

/**
 * What a target number measures (DESIGN §1.2). Notional bases: a fraction of condor
 * notional in delta notional, face notional or premium. Budget bases: `creditShare` (the
 * premium held is a share of the condor credit collected over the trailing
 * `creditWindowDays` trading days), `premiumPerYear` (a yearly premium budget as a fraction
 * of notional, spent evenly: the premium held is budget × notional × the layer's tenor in
 * years) and `ratio` (VIX calls held per condor contract open). See hedge/exposure.ts.
 */
export const EXPOSURE_BASES = ['deltaNotional', 'faceNotional', 'premium', 'creditShare', 'premiumPerYear', 'ratio'] as const;
export type ExposureBasis = (typeof EXPOSURE_BASES)[number];
export const BUDGET_BASES = ['creditShare', 'premiumPerYear', 'ratio'] as const;
export type BudgetBasis = (typeof BUDGET_BASES)[number];

export function isBudgetBasis(basis: ExposureBasis): basis is BudgetBasis {
  return (BUDGET_BASES as readonly string[]).includes(basis);
}

/** Trading days of condor credit a `creditShare` budget is measured on (about a month). */
export const DEFAULT_CREDIT_WINDOW_DAYS = 21;
/** The largest target number a budget basis accepts (a ratio of 100 calls per condor, 100× the credit). */
export const MAX_BUDGET_TARGET = 100;

const SPLIT_SUM_TOLERANCE = 1e-9;

const fracSchema = z.number().min(0).max(1);
/** A target number: a fraction of notional (≤ 1, checked per basis by `checkTargetsForBasis`) or a budget. */
const targetSchema = z.number().min(0).max(MAX_BUDGET_TARGET);
const vixPtsSchema = z.number().min(0).max(1000);
const daysSchema = z.int().min(0).max(3650);

/** A layer: its instrument and the expiry/strike/roll rules (see layers.ts). */
export const LayerDefSchema = z
  .strictObject({
    /** What the layer trades. `vixFuturesEtp` ignores the DTE and delta fields. */
    instrument: z.enum(INSTRUMENT_KINDS),
    /** `closestToTarget`: the expiry nearest `targetDte` with DTE ≥ `minDte`; `front`: the first with DTE ≥ `minDte`. */
    expiryRule: z.enum(['closestToTarget', 'front']),
    /** Calendar days to expiry aimed at on entry (variance swap: its tenor). */
    targetDte: z.int().min(1).max(3650),
    /** No expiry with fewer calendar days is bought (calendar: the short front leg). */
    minDte: daysSchema,
    /** Roll ("time-shift") when the held expiry has fewer calendar days than this. */
    rollDte: daysSchema,
    /** |delta| aimed at by the strike rule (calendar: the short front leg). */
    targetDelta: z.number().gt(0).lt(1),
  })
  .superRefine((l, ctx) => {
    if (l.minDte > l.targetDte) ctx.addIssue({ code: 'custom', path: ['minDte'], message: `must be <= targetDte (${l.targetDte}), got ${l.minDte}` });
    if (l.rollDte > l.minDte) ctx.addIssue({ code: 'custom', path: ['rollDte'], message: `must be <= minDte (${l.minDte}), got ${l.rollDte}` });
  });
export type LayerDef = z.infer<typeof LayerDefSchema>;

/** VIX strike grid: from `fromVixPts` upward strikes are listed every `stepVixPts`. */
export const StrikeGridSchema = z
  .array(z.strictObject({ fromVixPts: vixPtsSchema, stepVixPts: z.number().gt(0).max(100) }))
  .min(1)
  .superRefine((g, ctx) => {
    if (g[0] !== undefined && g[0].fromVixPts !== 0) ctx.addIssue({ code: 'custom', path: [0, 'fromVixPts'], message: `the first segment must start at 0, got ${g[0].fromVixPts}` });
    for (let i = 1; i < g.length; i++) {
      const prev = g[i - 1];
      const cur = g[i];
      if (prev !== undefined && cur !== undefined && cur.fromVixPts <= prev.fromVixPts) {
        ctx.addIssue({ code: 'custom', path: [i, 'fromVixPts'], message: `must be > the previous segment's fromVixPts (${prev.fromVixPts}), got ${cur.fromVixPts}` });
      }
    }
  });
export type StrikeGrid = z.infer<typeof StrikeGridSchema>;

const BandSchema = z
  .strictObject({ lo: targetSchema, hi: targetSchema })
  .superRefine((b, ctx) => {
    if (b.hi < b.lo) ctx.addIssue({ code: 'custom', path: ['hi'], message: `must be >= lo (${b.lo}), got ${b.hi}` });
  });
export type Band = z.infer<typeof BandSchema>;

const SplitSchema = z
  .strictObject({ L1: fracSchema.default(0), L2: fracSchema.default(0), L3: fracSchema.default(0) })
  .superRefine((s, ctx) => {
    const sum = s.L1 + s.L2 + s.L3;
    if (Math.abs(sum - 1) > SPLIT_SUM_TOLERANCE) ctx.addIssue({ code: 'custom', path: [], message: `must sum to 1, got ${sum}` });
  });
export type Split = z.infer<typeof SplitSchema>;

const CostOfCapitalSchema = z.strictObject({
  /** Hurdle rate = 13-week T-bill + this spread (continuously compounded fraction). */
  spreadOverTbillFrac: z.number().min(-0.5).max(1),
});

const SpendCapSchema = z
  .strictObject({
    /** Trailing hedge spend may not exceed this share of trailing condor credit. */
    shareOfCondorCredit: z.number().min(0).max(100),
    /** Trailing window in calendar days (365 = twelve months). */
    windowDays: z.int().min(1).max(3650),
  })
  .nullable();
export type SpendCap = z.infer<typeof SpendCapSchema>;

export const UserSeriesRuleSchema = z.strictObject({
  name: z.string().regex(/^[A-Za-z][A-Za-z0-9_-]*$/, 'must start with a letter and use letters, digits, _ or -'),
  weight: z.number().min(0).max(1000),
  /** above/below: 1 while the value is strictly beyond `threshold`; crossAbove/crossBelow: 1 on the day it crosses. */
  rule: z.enum(['above', 'below', 'crossAbove', 'crossBelow']),
  threshold: z.number().refine(Number.isFinite, 'must be finite'),
});
export type UserSeriesRule = z.infer<typeof UserSeriesRuleSchema>;

const SignalSchema = z
  .strictObject({
    weights: z.strictObject({
      rsi: z.number().min(0).max(1000),
      macd: z.number().min(0).max(1000),
      breadth: z.number().min(0).max(1000),
      events: z.number().min(0).max(1000),
    }),
    /** RSI(14) of VIX maps linearly to the component: ≤ rsiZeroAt → 0, ≥ rsiOneAt → 1. */
    rsiZeroAt: z.number().min(0).max(100),
    rsiOneAt: z.number().min(0).max(100),
    /** Event component is 1 when an FOMC/CPI/PPI release is within this many trading days. */
    eventWindowDays: daysSchema,
    userSeries: z.array(UserSeriesRuleSchema).max(64),
  })
  .superRefine((s, ctx) => {
    if (s.rsiOneAt <= s.rsiZeroAt) ctx.addIssue({ code: 'custom', path: ['rsiOneAt'], message: `must be > rsiZeroAt (${s.rsiZeroAt}), got ${s.rsiOneAt}` });
    const seen = new Set<string>();
    s.userSeries.forEach((u, i) => {
      if (seen.has(u.name)) ctx.addIssue({ code: 'custom', path: ['userSeries', i, 'name'], message: `duplicate series name "${u.name}"` });
      seen.add(u.name);
    });
  });
export type SignalParams = z.infer<typeof SignalSchema>;

const RegimeParamsSchema = z
  .strictObject({
    /** low < lowBelowVixPts ≤ moderate ≤ highAboveVixPts < high (VIX close, points). */
    lowBelowVixPts: vixPtsSchema,
    highAboveVixPts: vixPtsSchema,
    /** A close this many points beyond a boundary switches at once. */
    hysteresisPts: z.number().min(0).max(100),
    /** Or this many consecutive closes beyond the boundary. */
    confirmDays: z.int().min(1).max(1000),
  })
  .superRefine((r, ctx) => {
    if (r.highAboveVixPts <= r.lowBelowVixPts) ctx.addIssue({ code: 'custom', path: ['highAboveVixPts'], message: `must be > lowBelowVixPts (${r.lowBelowVixPts}), got ${r.highAboveVixPts}` });
  });
export type RegimeParams = z.infer<typeof RegimeParamsSchema>;

const TriggerSchema = z
  .strictObject({
    /** RSI(14)-of-VIX cross above this adds the next layer ahead of the regime. */
    rsiCrossAbove: z.number().min(0).max(100),
    /** A cross below this removes the most recent optional layer. */
    rsiCrossBelow: z.number().min(0).max(100),
    /** Trading days a trigger lasts (a regime switch ends it earlier). */
    layerHoldDays: z.int().min(1).max(1000),
  })
  .superRefine((t, ctx) => {
    if (t.rsiCrossBelow >= t.rsiCrossAbove) ctx.addIssue({ code: 'custom', path: ['rsiCrossBelow'], message: `must be < rsiCrossAbove (${t.rsiCrossAbove}), got ${t.rsiCrossBelow}` });
  });
export type TriggerParams = z.infer<typeof TriggerSchema>;

const common = {
  basis: z.enum(EXPOSURE_BASES),
  /** `creditShare` basis: trading days of condor credit the budget is a share of (default 21). */
  creditWindowDays: z.int().min(1).max(756).optional(),
  /** Rebalance a layer only when off target by more than this share of its target. */
  rebalanceBand: z.number().min(0).max(10),
  strikeGrid: StrikeGridSchema,
  costOfCapital: CostOfCapitalSchema,
  spendCap: SpendCapSchema,
};

/**
 * On a notional basis a target is a fraction of notional (≤ 1); a budget basis takes up to
 * MAX_BUDGET_TARGET. Budgets are premium or call counts, so they size VIX calls and call
 * calendars only (an ETP or a variance swap has no premium-per-call unit).
 */
function checkTargetsForBasis(basis: ExposureBasis, targets: readonly [readonly string[], number][], instruments: readonly InstrumentKind[], ctx: z.RefinementCtx): void {
  if (!isBudgetBasis(basis)) {
    for (const [path, v] of targets) if (v > 1) ctx.addIssue({ code: 'custom', path: [...path], message: `must be <= 1 (a fraction of notional on the ${basis} basis), got ${v}` });
    return;
  }
  const bad = instruments.find((k) => k !== 'vixCall' && k !== 'vixCallCalendar');
  if (bad !== undefined) ctx.addIssue({ code: 'custom', path: ['basis'], message: `the ${basis} budget sizes VIX calls and calendars only, a layer trades ${bad}` });
}

export const NonePolicySchema = z.strictObject({ kind: z.literal('none') });

export const Static10PolicySchema = z.strictObject({
  kind: z.literal('static10'),
  ...common,
  /** Total hedge target in the basis' unit (a fraction of condor notional, or a budget), all in L1. */
  targetFraction: targetSchema,
  layer: LayerDefSchema,
}).superRefine((p, ctx) => {
  checkTargetsForBasis(p.basis, [[['targetFraction'], p.targetFraction]], [p.layer.instrument], ctx);
});

export const AlvhPolicySchema = z
  .strictObject({
    kind: z.literal('alvh'),
    ...common,
    regime: RegimeParamsSchema,
    bands: z.strictObject({ low: BandSchema, moderate: BandSchema, high: BandSchema }),
    /** Trading days over which the high band glides to the moderate band after the VIX peak (0 = no decay). */
    highDecayDays: daysSchema,
    signal: SignalSchema,
    triggers: TriggerSchema,
    layers: z.strictObject({ L1: LayerDefSchema, L2: LayerDefSchema, L3: LayerDefSchema }),
    splits: z.strictObject({ low: SplitSchema, moderate: SplitSchema, high: SplitSchema }),
  })
  .superRefine((p, ctx) => {
    const bands = REGIMES.flatMap((r): [string[], number][] => [[['bands', r, 'lo'], p.bands[r].lo], [['bands', r, 'hi'], p.bands[r].hi]]);
    checkTargetsForBasis(p.basis, bands, LAYER_NAMES.map((l) => p.layers[l].instrument), ctx);
    if (p.bands.high.lo < p.bands.moderate.lo) ctx.addIssue({ code: 'custom', path: ['bands', 'high', 'lo'], message: `must be >= bands.moderate.lo (${p.bands.moderate.lo}) so that the decaying high band stays ordered, got ${p.bands.high.lo}` });
    if (p.bands.high.hi < p.bands.moderate.hi) ctx.addIssue({ code: 'custom', path: ['bands', 'high', 'hi'], message: `must be >= bands.moderate.hi (${p.bands.moderate.hi}), got ${p.bands.high.hi}` });
  });

export const VxthPolicySchema = z
  .strictObject({
    kind: z.literal('vxth'),
    ...common,
    /** Weight (fraction of account value) by the same-expiry VIX future F: the first tier with F ≤ maxVixPts. */
    tiers: z.array(z.strictObject({ maxVixPts: vixPtsSchema, weight: targetSchema })).min(1).max(32),
    /** Weight when F is above every tier. */
    aboveWeight: targetSchema,
    layer: LayerDefSchema,
  })
  .superRefine((p, ctx) => {
    checkTargetsForBasis(p.basis, [...p.tiers.map((t, i): [string[], number] => [['tiers', String(i), 'weight'], t.weight]), [['aboveWeight'], p.aboveWeight]], [p.layer.instrument], ctx);
    for (let i = 1; i < p.tiers.length; i++) {
      const prev = p.tiers[i - 1];
      const cur = p.tiers[i];
      if (prev !== undefined && cur !== undefined && cur.maxVixPts <= prev.maxVixPts) {
        ctx.addIssue({ code: 'custom', path: ['tiers', i, 'maxVixPts'], message: `must be > the previous tier's maxVixPts (${prev.maxVixPts}), got ${cur.maxVixPts}` });
      }
    }
  });

export const HedgePolicySchema = z.discriminatedUnion('kind', [NonePolicySchema, Static10PolicySchema, AlvhPolicySchema, VxthPolicySchema]);

export type NonePolicy = z.infer<typeof NonePolicySchema>;
export type Static10Policy = z.infer<typeof Static10PolicySchema>;
export type AlvhPolicy = z.infer<typeof AlvhPolicySchema>;
export type VxthPolicy = z.infer<typeof VxthPolicySchema>;
export type HedgePolicy = z.infer<typeof HedgePolicySchema>;

/** Listed VIX strikes: 1-point steps below 30, 2.5-point steps from 30 (a parameter). */
export const DEFAULT_STRIKE_GRID: StrikeGrid = [
  { fromVixPts: 0, stepVixPts: 1 },
  { fromVixPts: 30, stepVixPts: 2.5 },
];

const DEFAULT_L1: LayerDef = { instrument: 'vixCall', expiryRule: 'closestToTarget', targetDte: 90, minDte: 60, rollDte: 30, targetDelta: 0.3 };

function defaults(kind: PolicyKind): HedgePolicy {
  const shared = {
    rebalanceBand: 0.25,
    strikeGrid: DEFAULT_STRIKE_GRID.map((s) => ({ ...s })),
    costOfCapital: { spreadOverTbillFrac: 0.05 },
    spendCap: null,
  };
  switch (kind) {
    case 'none':
      return { kind: 'none' };
    case 'static10':
      return { kind: 'static10', basis: 'deltaNotional', ...shared, targetFraction: 0.1, layer: { ...DEFAULT_L1 } };
    case 'vxth':
      return {
        kind: 'vxth',
        basis: 'premium',
        ...shared,
        tiers: [
          { maxVixPts: 15, weight: 0 },
          { maxVixPts: 30, weight: 0.01 },
          { maxVixPts: 50, weight: 0.005 },
        ],
        aboveWeight: 0,
        layer: { instrument: 'vixCall', expiryRule: 'front', targetDte: 30, minDte: 1, rollDte: 1, targetDelta: 0.3 },
      };
    case 'alvh':
      return {
        kind: 'alvh',
        basis: 'deltaNotional',
        ...shared,
        regime: { lowBelowVixPts: 15, highAboveVixPts: 25, hysteresisPts: 1, confirmDays: 2 },
        bands: { low: { lo: 0.06, hi: 0.08 }, moderate: { lo: 0.12, hi: 0.18 }, high: { lo: 0.25, hi: 0.35 } },
        highDecayDays: 10,
        signal: {
          weights: { rsi: 1, macd: 1, breadth: 1, events: 1 },
          rsiZeroAt: 30,
          rsiOneAt: 70,
          eventWindowDays: 3,
          userSeries: [],
        },
        triggers: { rsiCrossAbove: 70, rsiCrossBelow: 30, layerHoldDays: 10 },
        layers: {
          L1: { ...DEFAULT_L1 },
          L2: { instrument: 'vixCall', expiryRule: 'front', targetDte: 30, minDte: 14, rollDte: 14, targetDelta: 0.4 },
          L3: { instrument: 'vixCallCalendar', expiryRule: 'front', targetDte: 30, minDte: 14, rollDte: 14, targetDelta: 0.5 },
        },
        splits: {
          low: { L1: 1, L2: 0, L3: 0 },
          moderate: { L1: 0.6, L2: 0.4, L3: 0 },
          high: { L1: 0.4, L2: 0.35, L3: 0.25 },
        },
      };
  }
}

/** The default policy of a kind (a fresh object each call). */
export function defaultPolicy(kind: 'none'): NonePolicy;
export function defaultPolicy(kind: 'static10'): Static10Policy;
export function defaultPolicy(kind: 'alvh'): AlvhPolicy;
export function defaultPolicy(kind: 'vxth'): VxthPolicy;
export function defaultPolicy(kind: PolicyKind): HedgePolicy;
export function defaultPolicy(kind: PolicyKind): HedgePolicy {
  if (!(POLICY_KINDS as readonly string[]).includes(kind)) throw new InputError('policy.kind', `must be one of ${POLICY_KINDS.join('|')}, got "${String(kind)}"`);
  return defaults(kind);
}

type Json = unknown;

function isPlainObject(x: Json): x is Record<string, Json> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** Paths whose objects replace the default wholesale instead of merging. */
const ATOMIC_PATHS = new Set(['splits.low', 'splits.moderate', 'splits.high']);

/** Defaults under fields whose default is null (the feature is off until given). */
const NULLABLE_DEFAULTS: Readonly<Record<string, Json>> = { spendCap: { windowDays: 365 } };

function mergeOnto(base: Json, over: Json, path: string): Json {
  if (over === undefined) return base;
  if (base === null && isPlainObject(over)) base = NULLABLE_DEFAULTS[path] ?? null;
  if (!isPlainObject(base) || !isPlainObject(over) || ATOMIC_PATHS.has(path)) return over;
  const out: Record<string, Json> = { ...base };
  for (const [k, v] of Object.entries(over)) out[k] = mergeOnto(base[k], v, path === '' ? k : `${path}.${k}`);
  return out;
}

function describeIssue(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'too_small':
      return `must be ${issue.inclusive === false ? '>' : '>='} ${String(issue.minimum)}${issue.origin === 'array' ? ' items' : ''}`;
    case 'too_big':
      return `must be ${issue.inclusive === false ? '<' : '<='} ${String(issue.maximum)}${issue.origin === 'array' ? ' items' : ''}`;
    case 'invalid_type':
      if (issue.message.endsWith('received undefined')) return 'is required';
      return `must be ${issue.expected === 'int' ? 'a whole number' : `a ${issue.expected}`}`;
    case 'invalid_value':
      return `must be one of ${issue.values.map(String).join('|')}`;
    case 'unrecognized_keys':
      return 'unknown field';
    default:
      return issue.message;
  }
}

function issuePath(kind: string, issue: z.core.$ZodIssue): string {
  const parts = issue.path.map(String);
  if (issue.code === 'unrecognized_keys' && issue.keys[0] !== undefined) parts.push(issue.keys[0]);
  return [kind, ...parts].join('.');
}

/**
 * Validates a policy object (typically parsed JSON/YAML), filling defaults for missing
 * fields. Throws InputError naming the first bad field path; further problems are appended.
 */
export function parsePolicy(json: unknown): HedgePolicy {
  if (!isPlainObject(json)) throw new InputError('policy', 'must be an object with a "kind" field');
  const kind = json.kind;
  if (typeof kind !== 'string' || !(POLICY_KINDS as readonly string[]).includes(kind)) {
    throw new InputError('policy.kind', `must be one of ${POLICY_KINDS.join('|')}, got ${JSON.stringify(kind) ?? 'nothing'}`);
  }
  const merged = mergeOnto(defaults(kind as PolicyKind), json, '');
  const result = HedgePolicySchema.safeParse(merged);
  if (result.success) return result.data;
  const issues = result.error.issues;
  const first = issues[0];
  if (first === undefined) throw new InputError(kind, 'invalid policy');
  const rest = issues.slice(1).map((i) => `; ${issuePath(kind, i)}: ${describeIssue(i)}`).join('');
  throw new InputError(issuePath(kind, first), `${describeIssue(first)}${rest}`);
}

