/**
 * Condor construction (DESIGN §1.1): a short SPX iron condor with its short strikes at a
 * target |delta| on the model smile, long wings by width or by delta, strikes on the
 * listed grid, filled at mid ∓ a fraction of the modelled half-spread (of a real chain's
 * half-spread where the market lists the contract: `CondorMarket.listedQuote`), with commissions
 * and fees, and sized by a risk budget. Pure: the market comes in as a `CondorMarket`
 * (the model's day view) and a `CondorContext` (dates, time to expiry, filters' inputs).
 *
 * Conventions
 * - Delta is the BSM delta with the smile vol at that strike (`spxVol(K, years)`), the
 *   T-bill rate and the dividend yield: a 0.10 short put has put delta −0.10.
 * - A strike is chosen on the grid: the grid strike whose |delta| is nearest the target
 *   (ties go to the strike farther from the money).
 * - `creditPerContract` is after costs: Σ fills × 100 − commissions − exchange fees of the
 *   four legs; `maxLossPerContract` = wider wing × 100 − creditPerContract (the defined
 *   risk, fees included); P&L at expiry is always in [−maxLossPerContract, creditPerContract].
 * - Size: units = riskBudgetFrac × notionalUsd / rungs / maxLossPerContract, fractional by default
 *   (`sizing: 'fractional'`, as Cboe's benchmark indices size, so every policy sells the same
 *   condor every day at any notional), rounded to the nearest whole contract with `sizing: 'whole'`.
 *   rungs = max(dte, 1): an N-DTE ladder holds N condors at once, so each rung takes 1/N of
 *   the budget and the program's open max loss stays at the budget (5% of notional by
 *   default) instead of N × 5%, which a 20-DTE ladder would turn into ruin.
 * - Wings: by a fraction of spot (default 1%: the classic 50-point wing at SPX 5,000, where
 *   one condor risks about 5% of $100,000; docs/decisions.md), by fixed index points, or by
 *   wing delta.
 * - Settlement: PM (the expiry-day close) for dailies and weeklies; the standard monthly
 *   (third-Friday) contract is AM-settled at the expiry-day open (SET proxy). `auto` applies
 *   AM to an N-DTE ladder's third-Friday expiries and PM to the rest.
 */
import { z } from 'zod';
import { InputError } from '../core/errors.js';
import type { IsoDate } from '../core/time.js';
import { isSpxMonthlyExpiration } from '../core/calendar.js';
import { MULTIPLIER } from '../core/units.js';
import { bsmDelta, bsmPrice } from '../pricing/bsm.js';
import { makeIronCondor, condorMaxLossPerContract, condorBreakevens, type IronCondor } from '../portfolio/condor.js';
import { feesCents, legFill, type CostModel, type ListedQuote, type Side } from '../portfolio/costs.js';

const EVENT_KINDS = ['fomc', 'cpi', 'ppi'] as const;

export const WingsSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('width'),
    /** Put wing width in index points (short put − long put). */
    putPts: z.number().gt(0).max(1000),
    /** Call wing width in index points (long call − short call). */
    callPts: z.number().gt(0).max(1000),
  }),
  z.strictObject({
    kind: z.literal('spotFrac'),
    /** Put wing width as a fraction of spot at the trade (0.01 = 1% of SPX), snapped to the grid. */
    putFrac: z.number().gt(0).max(0.5),
    callFrac: z.number().gt(0).max(0.5),
  }),
  z.strictObject({
    kind: z.literal('delta'),
    /** |delta| of the long put wing and of the long call wing (below the short delta). */
    putDelta: z.number().gt(0).lt(0.5),
    callDelta: z.number().gt(0).lt(0.5),
  }),
]);
export type Wings = z.infer<typeof WingsSchema>;

export const CondorConfigSchema = z
  .strictObject({
    /**
     * Tenor in trading days. 1 (default): opened at the close of t, PM-settled at the close
     * of the next trading day. 0: opened at the open, settled at the close of the same day.
     * N > 1: a ladder, a new condor every day, each held to the close N trading days later.
     */
    dte: z.int().min(0).max(60).default(1),
    /** Target |delta| of both short strikes. */
    shortDelta: z.number().gt(0).lt(0.5).default(0.1),
    wings: WingsSchema.default({ kind: 'spotFrac', putFrac: 0.01, callFrac: 0.01 }),
    /** Listed strike grid (index points). */
    strikeStepPts: z.number().gt(0).max(100).default(5),
    /** Risk budget as a fraction of the condor notional (max loss of the position). */
    riskBudgetFrac: z.number().gt(0).max(1).default(0.05),
    /** `equity`: notional = account equity (sizes compound); `fixed`: the starting notional. */
    notionalMode: z.enum(['equity', 'fixed']).default('equity'),
    /** `fractional`: units = budget / max loss, unrounded (backtests); `whole`: floored to whole contracts (the trader's path). */
    sizing: z.enum(['fractional', 'whole']).default('fractional'),
    /**
     * Settlement of the condor's SPX options. `auto`: an N-DTE (≥ 2) condor expiring on the
     * monthly third Friday is the AM-settled standard contract (settled at the expiry-day
     * open, the SET proxy); everything else PM at the expiry-day close. `am` / `pm`: always.
     */
    settlement: z.enum(['auto', 'am', 'pm']).default('auto'),
    /**
     * Optional management of N-DTE condors at the daily close (default off): buy back when
     * the profit reaches `profitTakeFrac` of the credit, or when the loss reaches
     * `stopLossMult` × the credit.
     */
    profitTakeFrac: z.number().gt(0).max(1).nullable().default(null),
    stopLossMult: z.number().gt(0).max(100).nullable().default(null),
    /** Skip a condor whose life contains an FOMC/CPI/PPI release. */
    skipEventDays: z.boolean().default(false),
    /** Skip when VIX (points, at the time of the trade) is above this; null = no ceiling. */
    vixCeilingPts: z.number().gt(0).max(1000).nullable().default(null),
  })
  .superRefine((c, ctx) => {
    if (c.wings.kind === 'delta' && (c.wings.putDelta >= c.shortDelta || c.wings.callDelta >= c.shortDelta)) {
      ctx.addIssue({ code: 'custom', path: ['wings'], message: `wing deltas must be < shortDelta (${c.shortDelta})` });
    }
    if (c.settlement === 'am' && c.dte === 0) ctx.addIssue({ code: 'custom', path: ['settlement'], message: 'a 0DTE condor opens at the open: it cannot be AM-settled (use pm or auto)' });
    for (const k of ['profitTakeFrac', 'stopLossMult'] as const) {
      if (c[k] !== null && c.dte < 2) ctx.addIssue({ code: 'custom', path: [k], message: `trade management applies to N-DTE ladders (dte >= 2), got dte ${c.dte}` });
    }
  });
export type CondorConfig = z.infer<typeof CondorConfigSchema>;

/** Validates a (partial) condor configuration, filling defaults; throws InputError naming the field. */
export function parseCondorConfig(input: unknown = {}): CondorConfig {
  const r = CondorConfigSchema.safeParse(input);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  const path = ['condor', ...(issue?.path.map(String) ?? [])].join('.');
  throw new InputError(path, issue?.message ?? 'invalid condor configuration');
}

export const DEFAULT_CONDOR_CONFIG: CondorConfig = parseCondorConfig({});

/** The model's view of SPX at the time of the trade (a DayModel satisfies it). */
export interface CondorMarket {
  readonly spot: number;
  readonly rateFrac: number;
  readonly divFrac: number;
  spxVol(strike: number, years: number): number;
  /** A real chain's quote of a listed contract (absent on the model): the leg fills on its bid/ask. */
  listedQuote?(root: 'SPX', type: 'call' | 'put', expiry: IsoDate, strike: number): ListedQuote | null;
}

/** When and under which conditions the condor is traded. */
export interface CondorContext {
  /** Trade date and expiry date (settled at the expiry's close). */
  readonly date: IsoDate;
  readonly expiry: IsoDate;
  /** ACT/365 years from the trade to the expiry's close. */
  readonly years: number;
  /** VIX in points at the time of the trade (the ceiling filter; SPX quote width). */
  readonly vixPts: number;
  /** Release kinds (fomc/cpi/ppi) falling within the condor's life. */
  readonly eventsInLife: readonly string[];
}

export type SkipReason = 'event_day' | 'vix_above_ceiling' | 'no_credit' | 'too_small' | 'no_strikes';

export interface CondorLeg {
  readonly type: 'call' | 'put';
  readonly strike: number;
  /** Signed per condor: + long, − short. */
  readonly qty: number;
}

/** Per-contract economics of one condor, independent of its size. */
export interface CondorQuote {
  readonly date: IsoDate;
  readonly expiry: IsoDate;
  /** The condor with qty 1 (strikes and expiry). */
  readonly unit: IronCondor;
  /** Fill prices (points) of putWing, shortPut, shortCall, callWing, and their mids. */
  readonly fills: readonly [number, number, number, number];
  readonly mids: readonly [number, number, number, number];
  /** |delta| of the short put and short call actually chosen. */
  readonly shortPutDelta: number;
  readonly shortCallDelta: number;
  /** Premium net of the spread, in points (before commissions and fees). */
  readonly creditPts: number;
  /** Commissions + exchange fees of one condor (four legs), dollars. */
  readonly feesPerContract: number;
  readonly creditPerContract: number;
  readonly maxLossPerContract: number;
  readonly breakevens: { readonly lower: number; readonly upper: number };
  readonly legs: readonly CondorLeg[];
  /** Where the market lists real quotes: which legs filled on a chain's bid/ask (in the order of `fills`). */
  readonly sources?: readonly [LegSource, LegSource, LegSource, LegSource];
}

/** Where a leg's fill came from: a real chain's bid/ask or the model's mid and half-spread. */
export type LegSource = 'chain' | 'model';

export type CondorQuoteResult = ({ readonly status: 'quoted' } & CondorQuote) | { readonly status: 'skipped'; readonly reason: SkipReason };

export type CondorResult =
  | ({
      readonly status: 'opened';
      readonly condor: IronCondor;
      readonly contracts: number;
    } & Omit<CondorQuote, 'unit'>)
  | { readonly status: 'skipped'; readonly reason: SkipReason };

/**
 * The grid strike of an option type whose |delta| is nearest `target`. |delta| falls as a
 * put's strike falls and as a call's strike rises, so a binary search over grid indices
 * finds the bracket; ties go to the strike farther out of the money.
 */
export function strikeForDelta(m: CondorMarket, type: 'call' | 'put', target: number, years: number, stepPts: number): { strike: number; absDelta: number } {
  const absDelta = (k: number): number => Math.abs(bsmDelta(type, m.spot, k, years, m.rateFrac, m.divFrac, m.spxVol(k, years)));
  const atm = Math.round(m.spot / stepPts);
  // Out-of-the-money side: puts below spot, calls above. Search n grid steps from ATM.
  const dir = type === 'put' ? -1 : 1;
  // Search out to 10 ATM standard deviations (a 0.10-delta strike is ~1.3 away).
  const atmSd = m.spxVol(m.spot, years) * Math.sqrt(years);
  const reachPts = type === 'put' ? m.spot * (1 - Math.exp(-10 * atmSd)) : m.spot * (Math.exp(10 * atmSd) - 1);
  const maxSteps = Math.max(2, Math.ceil(reachPts / stepPts));
  let lo = 0; // |delta| at lo ≥ target (or lo = 0)
  let hi = maxSteps;
  if (absDelta((atm + dir * hi) * stepPts) > target) return { strike: (atm + dir * hi) * stepPts, absDelta: absDelta((atm + dir * hi) * stepPts) };
  while (hi - lo > 1) {
    const mid = (lo + hi) >>> 1;
    if (absDelta((atm + dir * mid) * stepPts) > target) lo = mid;
    else hi = mid;
  }
  const kLo = (atm + dir * lo) * stepPts;
  const kHi = (atm + dir * hi) * stepPts;
  const dLo = absDelta(kLo);
  const dHi = absDelta(kHi);
  return Math.abs(dLo - target) < Math.abs(dHi - target) ? { strike: kLo, absDelta: dLo } : { strike: kHi, absDelta: dHi };
}

function snap(x: number, step: number): number {
  return Math.round(x / step) * step;
}

/** One leg of the condor to fill: the option, its time to settlement, its mid, the vol that sets its quote width, the side and a chain's quote. */
export interface CondorLegOrder {
  readonly type: 'call' | 'put';
  readonly strike: number;
  readonly spot: number;
  readonly years: number;
  readonly midPts: number;
  readonly volFrac: number;
  readonly side: Side;
  readonly listed: ListedQuote | null;
}

/** How the condor's legs fill and what each leg's contract pays in fees (the engine passes its reality models). */
export interface CondorExecution {
  fillLeg(leg: CondorLegOrder): number;
  /** Commissions + exchange fees of one SPX option contract, integer cents. */
  legFeesCents(): number;
}

/** The cost model's own execution: its spread formula and fill fraction (or the chain's bid/ask), its fees. */
export function costModelExecution(costs: CostModel): CondorExecution {
  return {
    fillLeg: (l) => legFill(costs.spread.spxOption, costs.fillFraction, l.midPts, l.volFrac, l.side, l.listed),
    legFeesCents: () => {
      const f = feesCents(costs.fees.spxOption, 1);
      return f.commissionCents + f.exchangeFeeCents;
    },
  };
}

/** Per-contract quote of today's condor, or the reason it is not traded. */
export function quoteCondor(m: CondorMarket, ctx: CondorContext, cfg: CondorConfig, costs: CostModel, execution: CondorExecution = costModelExecution(costs)): CondorQuoteResult {
  if (cfg.skipEventDays && ctx.eventsInLife.some((k) => (EVENT_KINDS as readonly string[]).includes(k))) return { status: 'skipped', reason: 'event_day' };
  if (cfg.vixCeilingPts !== null && ctx.vixPts > cfg.vixCeilingPts) return { status: 'skipped', reason: 'vix_above_ceiling' };
  if (!(ctx.years > 0) || !(m.spot > 0)) throw new InputError('years', `the condor needs a positive time to expiry and spot, got ${ctx.years} and ${m.spot}`);
  const t = ctx.years;
  const step = cfg.strikeStepPts;
  const sp = strikeForDelta(m, 'put', cfg.shortDelta, t, step);
  const sc = strikeForDelta(m, 'call', cfg.shortDelta, t, step);
  let pw: number;
  let cw: number;
  if (cfg.wings.kind === 'width') {
    pw = snap(sp.strike - cfg.wings.putPts, step);
    cw = snap(sc.strike + cfg.wings.callPts, step);
  } else if (cfg.wings.kind === 'spotFrac') {
    pw = snap(sp.strike - cfg.wings.putFrac * m.spot, step);
    cw = snap(sc.strike + cfg.wings.callFrac * m.spot, step);
  } else {
    pw = strikeForDelta(m, 'put', cfg.wings.putDelta, t, step).strike;
    cw = strikeForDelta(m, 'call', cfg.wings.callDelta, t, step).strike;
  }
  pw = Math.min(pw, sp.strike - step);
  cw = Math.max(cw, sc.strike + step);
  if (!(pw > 0 && sp.strike < sc.strike)) return { status: 'skipped', reason: 'no_strikes' };
  const unit = makeIronCondor({ putWing: pw, shortPut: sp.strike, shortCall: sc.strike, callWing: cw, expiry: ctx.expiry, qty: 1 });

  const volFrac = ctx.vixPts / 100;
  const legSpec = [['put', pw, 'buy'], ['put', sp.strike, 'sell'], ['call', sc.strike, 'sell'], ['call', cw, 'buy']] as const;
  const listed = legSpec.map(([type, k]) => m.listedQuote?.('SPX', type, ctx.expiry, k) ?? null);
  const legMid = (j: number): number => {
    const [type, k] = legSpec[j] as (typeof legSpec)[number];
    return listed[j]?.mid ?? bsmPrice(type, m.spot, k, t, m.rateFrac, m.divFrac, m.spxVol(k, t));
  };
  const mids: [number, number, number, number] = [legMid(0), legMid(1), legMid(2), legMid(3)];
  const fill = (j: number): number => {
    const [type, strike, side] = legSpec[j] as (typeof legSpec)[number];
    return execution.fillLeg({ type, strike, spot: m.spot, years: t, midPts: mids[j] as number, volFrac, side, listed: listed[j] ?? null });
  };
  const fills: [number, number, number, number] = [fill(0), fill(1), fill(2), fill(3)];
  const source = (j: number): LegSource => (listed[j] === null ? 'model' : 'chain');
  const creditPts = fills[1] + fills[2] - fills[0] - fills[3];
  const feesPerContract = (4 * execution.legFeesCents()) / 100;
  const creditPerContract = creditPts * MULTIPLIER.spxOption - feesPerContract;
  if (!(creditPerContract > 0)) return { status: 'skipped', reason: 'no_credit' };
  const maxLossPerContract = condorMaxLossPerContract(unit, creditPerContract);
  if (!(maxLossPerContract > 0)) return { status: 'skipped', reason: 'no_strikes' };
  return {
    status: 'quoted',
    date: ctx.date,
    expiry: ctx.expiry,
    unit,
    fills,
    mids,
    shortPutDelta: sp.absDelta,
    shortCallDelta: sc.absDelta,
    creditPts,
    feesPerContract,
    creditPerContract,
    maxLossPerContract,
    breakevens: condorBreakevens(unit, creditPerContract),
    legs: [
      { type: 'put', strike: pw, qty: 1 },
      { type: 'put', strike: sp.strike, qty: -1 },
      { type: 'call', strike: sc.strike, qty: -1 },
      { type: 'call', strike: cw, qty: 1 },
    ],
    ...(m.listedQuote === undefined ? {} : { sources: [source(0), source(1), source(2), source(3)] }),
  };
}

/**
 * Condors for the risk budget: riskBudgetFrac × notional / rungs / max loss (rungs = the
 * ladder's max(dte, 1) condors open at once), rounded to the nearest whole contract when
 * `sizing` is `whole` (the risk is then up to half a contract off the budget, and the signal
 * says by how much); the default `fractional` keeps the fraction.
 */
export function condorContracts(maxLossPerContract: number, cfg: Pick<CondorConfig, 'riskBudgetFrac'> & Partial<Pick<CondorConfig, 'sizing' | 'dte'>>, notionalUsd: number): number {
  if (!(notionalUsd > 0) || !(maxLossPerContract > 0)) return 0;
  const rungs = Math.max(cfg.dte ?? 1, 1);
  const units = (cfg.riskBudgetFrac * notionalUsd) / rungs / maxLossPerContract;
  return cfg.sizing === 'fractional' ? units : Math.round(units);
}

export type SettlementStyle = 'am' | 'pm';

/** The settlement style of a condor of tenor `dte` expiring on `expiry` under the rule `rule`. */
export function condorSettlement(rule: CondorConfig['settlement'], dte: number, expiry: IsoDate): SettlementStyle {
  if (rule !== 'auto') return rule;
  if (dte < 2) return 'pm';
  return isSpxMonthlyExpiration(expiry) ? 'am' : 'pm';
}

/** Today's condor as an order, sized for `notionalUsd` in whole contracts: opened, or skipped with a reason. */
export function buildCondor(m: CondorMarket, ctx: CondorContext, cfg: CondorConfig, notionalUsd: number, costs: CostModel): CondorResult {
  const q = quoteCondor(m, ctx, cfg, costs);
  if (q.status === 'skipped') return q;
  const n = condorContracts(q.maxLossPerContract, { riskBudgetFrac: cfg.riskBudgetFrac, sizing: 'whole', dte: cfg.dte }, notionalUsd);
  if (n < 1) return { status: 'skipped', reason: 'too_small' };
  const { unit, status: _s, ...rest } = q;
  return { ...rest, status: 'opened', condor: makeIronCondor({ ...unit, qty: n }), contracts: n, legs: q.legs.map((l) => ({ ...l, qty: l.qty * n })) };
}
