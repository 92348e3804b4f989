/**
 * Attribution of the condor's losses, post hoc from a run's trade list and daily P&L by tag.
 *
 * Each condor is rebuilt from its four `open` fills and the `settle`/`close` trades of the
 * same legs (matched leg by leg, first in first out). Its gross P&L (fees excluded) is the
 * cash of its fills and its exit. A losing condor is split:
 * - by **side**: `put` when it exited with SPX below the short put (a settled put leg paid),
 *   `call` when above the short call, `none` when neither (a loss without a breach, such as
 *   an early buy-back);
 * - by **move** on its exit day e, with payoff(S) = Σ legs qty × max(0, ±(S − K)) × 100 the
 *   value of the position settled at S, C the previous close (or, for a condor sold at the
 *   open of its exit day, that open) and O the exit day's open:
 *     before   = credit + payoff(C)            (the credit, less any breach by the previous close)
 *     gap      = payoff(O) − payoff(C)         (the overnight move, previous close → open)
 *     intraday = exit cash − payoff(O)         (open → settlement or buy-back)
 *   so P&L = before + gap + intraday exactly. The gap is measured only where the open print
 *   differs from the previous close: in the embedded SPX history the open repeats the
 *   previous close on most days before 2007, and there the split is left out (null) and only
 *   day = gap + intraday is given.
 * Each hedge layer's P&L (L1, L2, L3) is summed over the days a losing condor was held
 * (its entry close to its exit: for a 1-DTE condor, the exit day); totals count a day once.
 * Sizes compound on equity, so dollars of different years do not add up to a fair total:
 * each group is also given as summed returns, every amount over the equity it was sized on
 * (a condor's: the equity at its entry close; a hedge day's: the previous close's).
 * Pure: no I/O.
 */
import { InputError, invariant } from '../core/errors.js';
import type { IsoDate } from '../core/time.js';
import { LAYERS, type Layer, type PnlTag, type Trade } from '../backtest/types.js';
import type { DailyFrame } from '../market/types.js';

export const SIDES = ['put', 'call', 'none'] as const;
export type Side = (typeof SIDES)[number];

/** SPX levels on the run's calendar (index i = dates[i]); open NaN or <= 0 where there is no print. */
export interface SpxDaily {
  readonly open: ArrayLike<number>;
  readonly close: ArrayLike<number>;
}

export interface CondorLoss {
  readonly entryDate: IsoDate;
  readonly exitDate: IsoDate;
  readonly expiry: IsoDate;
  readonly side: Side;
  /** Condors (contracts, possibly fractional). */
  readonly contracts: number;
  readonly creditUsd: number;
  /** Equity at the entry close (what the condor was sized on). */
  readonly equityUsd: number;
  /** Gross P&L (< 0) = beforeUsd + dayUsd. */
  readonly pnlUsd: number;
  readonly beforeUsd: number;
  /** Previous close → exit (gap + intraday). */
  readonly dayUsd: number;
  /** Null where the open print repeats the previous close (no gap measurable). */
  readonly gapUsd: number | null;
  readonly intradayUsd: number | null;
  /** SPX: the previous close, the exit day's open (null when unmeasured) and the exit level. */
  readonly spxPrevClose: number;
  readonly spxOpen: number | null;
  readonly spxExit: number;
  /** Hedge P&L over the days the condor was held, dollars. */
  readonly hedgeUsd: Readonly<Record<Layer, number>>;
}

export interface LossGroup {
  readonly count: number;
  readonly pnlUsd: number;
  readonly beforeUsd: number;
  readonly dayUsd: number;
  /** Losses whose gap is measured, and the sums over them. */
  readonly measured: number;
  readonly gapUsd: number;
  readonly intradayUsd: number;
  /** Hedge P&L per layer over the union of the group's holding days, and the number of those days. */
  readonly hedgeUsd: Readonly<Record<Layer, number>>;
  readonly hedgeDays: number;
  /** The same sums as returns: each amount over the equity it was sized on. */
  readonly returns: GroupReturns;
}

export interface GroupReturns {
  readonly pnl: number;
  readonly before: number;
  readonly day: number;
  readonly gap: number;
  readonly intraday: number;
  readonly hedge: Readonly<Record<Layer, number>>;
}

export interface Attribution {
  /** Condors rebuilt (closed by the end of the run) and their total gross P&L. */
  readonly condors: number;
  readonly condorPnlUsd: number;
  readonly losses: readonly CondorLoss[];
  readonly total: LossGroup;
  readonly bySide: Readonly<Record<Side, LossGroup>>;
}

export interface AttributionRun {
  readonly trades: readonly Trade[];
  readonly equity: ArrayLike<number>;
  readonly pnl: Readonly<Record<PnlTag, ArrayLike<number>>>;
}

interface Leg {
  readonly type: 'call' | 'put';
  readonly strike: number;
  readonly multiplier: number;
  readonly qty: number;
}

interface Building {
  readonly entry: number;
  readonly expiry: IsoDate;
  readonly legs: Leg[];
  openCash: number;
  exitCash: number;
  /** Open quantity per leg still to be matched by an exit. */
  readonly remaining: number[];
  exit: number;
  settled: boolean;
  /** A settled put (call) leg paid something. */
  putPaid: boolean;
  callPaid: boolean;
  /** SPX at settlement, from a settled leg that paid (K ± its value); NaN when none paid. */
  settleSpx: number;
}

function legKey(t: Trade): string {
  const i = t.instrument;
  if (i.kind !== 'spxOption') throw new InputError(`trades.${t.date}`, `a condor trade must be an SPX option, got ${i.kind}`);
  return `${i.type}|${i.strike}|${i.expiry}`;
}

/** payoff(S): the position's value settled at S, dollars. */
export function payoffUsd(legs: readonly Leg[], spx: number): number {
  let v = 0;
  for (const l of legs) v += l.qty * Math.max(0, l.type === 'call' ? spx - l.strike : l.strike - spx) * l.multiplier;
  return v;
}

function indexer(dates: readonly IsoDate[]): (d: IsoDate) => number {
  const at = new Map(dates.map((d, i) => [d, i] as const));
  return (d) => {
    const i = at.get(d);
    if (i === undefined) throw new InputError('trades', `trade date ${d} is not in the run's calendar`);
    return i;
  };
}

/** The condors of a trade list with their cash flows, in entry order (open condors at the end of the run are left out). */
function rebuildCondors(dates: readonly IsoDate[], trades: readonly Trade[]): Building[] {
  const idx = indexer(dates);
  const all: Building[] = [];
  const fifo = new Map<string, { c: Building; leg: number }[]>();
  let pending: Trade[] = [];
  const flush = (): void => {
    if (pending.length === 0) return;
    const first = pending[0] as Trade;
    const entry = idx(first.date);
    const legs = pending.map((t) => {
      const i = t.instrument as Extract<Trade['instrument'], { kind: 'spxOption' }>;
      return { type: i.type, strike: i.strike, multiplier: i.multiplier, qty: t.qty };
    });
    const c: Building = { entry, expiry: (first.instrument as { expiry: IsoDate }).expiry, legs, openCash: 0, exitCash: 0, remaining: legs.map((l) => l.qty), exit: -1, settled: false, putPaid: false, callPaid: false, settleSpx: Number.NaN };
    pending.forEach((t, k) => {
      c.openCash -= t.qty * t.price * (legs[k] as Leg).multiplier;
      const key = legKey(t);
      const queue = fifo.get(key);
      if (queue === undefined) fifo.set(key, [{ c, leg: k }]);
      else queue.push({ c, leg: k });
    });
    all.push(c);
    pending = [];
  };
  for (const t of trades) {
    if (t.tag !== 'condor') continue;
    if (t.action === 'open') {
      // a condor is four consecutive open fills of one day
      if (pending.length > 0 && (pending[0] as Trade).date !== t.date) flush();
      pending.push(t);
      if (pending.length === 4) flush();
      continue;
    }
    flush();
    exitLeg(t, idx(t.date), fifo.get(legKey(t)) ?? []);
  }
  flush();
  return all.filter((c) => c.remaining.every((q, k) => closed(q, (c.legs[k] as Leg).qty)));
}

/** Sizes compound down to tiny fractions of a contract: a quantity is nil relative to its own scale. */
const closed = (qty: number, scale: number): boolean => Math.abs(qty) <= 1e-9 * Math.abs(scale);

/** Books an exit trade of one leg against the condors holding it, first in first out. */
function exitLeg(t: Trade, i: number, queue: { c: Building; leg: number }[]): void {
  // a settlement's qty is the position settled (cash + qty × price); a buy-back's qty is traded (cash − qty × price)
  const held = t.action === 'settle' ? t.qty : -t.qty;
  let left = held;
  for (const h of queue) {
    const rem = h.c.remaining[h.leg] as number;
    const leg = h.c.legs[h.leg] as Leg;
    if (closed(left, held)) break;
    if (closed(rem, leg.qty) || Math.sign(rem) !== Math.sign(left)) continue;
    const part = Math.sign(left) * Math.min(Math.abs(rem), Math.abs(left));
    h.c.remaining[h.leg] = rem - part;
    h.c.exitCash += part * t.price * leg.multiplier;
    h.c.exit = Math.max(h.c.exit, i);
    if (t.action === 'settle') {
      h.c.settled = true;
      if (t.price > 0 && leg.type === 'put') h.c.putPaid = true;
      if (t.price > 0 && leg.type === 'call') h.c.callPaid = true;
      if (t.price > 0) h.c.settleSpx = leg.type === 'call' ? leg.strike + t.price : leg.strike - t.price;
    }
    left -= part;
  }
  if (Math.abs(left) > 1e-6 * Math.abs(held)) throw new InputError(`trades.${t.date}`, `a condor ${t.action} of ${t.qty} matches no open condor leg`);
}

function shortStrike(legs: readonly Leg[], type: 'call' | 'put'): number {
  const s = legs.find((l) => l.type === type && l.qty < 0);
  return s === undefined ? Number.NaN : s.strike;
}

function sideOf(c: Building, spxExit: number): Side {
  if (c.settled) return c.putPaid ? 'put' : c.callPaid ? 'call' : 'none';
  if (spxExit < shortStrike(c.legs, 'put')) return 'put';
  if (spxExit > shortStrike(c.legs, 'call')) return 'call';
  return 'none';
}

/** The exit level: a settled leg that paid gives it exactly; otherwise the exit day's close. */
function exitLevel(c: Building, spx: SpxDaily): number {
  return Number.isNaN(c.settleSpx) ? (spx.close[c.exit] as number) : c.settleSpx;
}

function lossOf(dates: readonly IsoDate[], c: Building, spx: SpxDaily, run: AttributionRun): CondorLoss {
  const e = c.exit;
  const openRaw = spx.open[e] as number;
  const hasOpen = openRaw > 0;
  const sameDay = e === c.entry;
  const ref = sameDay ? openRaw : (spx.close[e - 1] as number);
  const measured = sameDay || (hasOpen && openRaw !== ref);
  const pnlUsd = c.openCash + c.exitCash;
  const beforeUsd = c.openCash + payoffUsd(c.legs, ref);
  const atOpen = measured ? payoffUsd(c.legs, openRaw) : Number.NaN;
  const hedgeUsd = { L1: 0, L2: 0, L3: 0 };
  for (const t of holdingDays(c)) for (const l of LAYERS) hedgeUsd[l] += run.pnl[l][t] ?? 0;
  const spxExit = exitLevel(c, spx);
  return {
    entryDate: dates[c.entry] as IsoDate,
    exitDate: dates[e] as IsoDate,
    expiry: c.expiry,
    side: sideOf(c, spxExit),
    contracts: Math.abs(c.legs[0]?.qty ?? 0),
    creditUsd: c.openCash,
    equityUsd: run.equity[c.entry] as number,
    pnlUsd,
    beforeUsd,
    dayUsd: pnlUsd - beforeUsd,
    gapUsd: measured ? atOpen - payoffUsd(c.legs, ref) : null,
    intradayUsd: measured ? c.exitCash - atOpen : null,
    spxPrevClose: sameDay ? (spx.close[e - 1] ?? Number.NaN) : ref,
    spxOpen: measured ? openRaw : null,
    spxExit,
    hedgeUsd,
  };
}

/** Days whose P&L belongs to a condor's holding: entry+1 .. exit (the exit day for a same-day condor). */
function holdingDays(c: Building): number[] {
  const out: number[] = [];
  for (let t = Math.min(c.entry + 1, c.exit); t <= c.exit; t++) out.push(t);
  return out;
}

/** A return: the amount over a positive equity (0 once the book is ruined). */
const over = (usd: number, equityUsd: number): number => (equityUsd > 0 ? usd / equityUsd : 0);

function group(losses: readonly { loss: CondorLoss; days: number[] }[], run: AttributionRun): LossGroup {
  const days = new Set<number>();
  const usd = { pnl: 0, before: 0, day: 0, gap: 0, intraday: 0 };
  const ret = { pnl: 0, before: 0, day: 0, gap: 0, intraday: 0 };
  let measured = 0;
  for (const { loss, days: d } of losses) {
    const parts = { pnl: loss.pnlUsd, before: loss.beforeUsd, day: loss.dayUsd, gap: loss.gapUsd ?? 0, intraday: loss.intradayUsd ?? 0 };
    for (const k of Object.keys(parts) as (keyof typeof parts)[]) {
      usd[k] += parts[k];
      ret[k] += over(parts[k], loss.equityUsd);
    }
    if (loss.gapUsd !== null) measured++;
    for (const t of d) days.add(t);
  }
  const hedgeUsd = { L1: 0, L2: 0, L3: 0 };
  const hedgeRet = { L1: 0, L2: 0, L3: 0 };
  for (const t of days) {
    for (const l of LAYERS) {
      const v = run.pnl[l][t] ?? 0;
      hedgeUsd[l] += v;
      hedgeRet[l] += over(v, (run.equity[t - 1] ?? run.equity[t]) as number);
    }
  }
  return { count: losses.length, pnlUsd: usd.pnl, beforeUsd: usd.before, dayUsd: usd.day, measured, gapUsd: usd.gap, intradayUsd: usd.intraday, hedgeUsd, hedgeDays: days.size, returns: { ...ret, hedge: hedgeRet } };
}

/** Attribution of a run's condor losses (see the module comment). `spx` is aligned with `dates`. */
export function attributeCondorLosses(dates: readonly IsoDate[], run: AttributionRun, spx: SpxDaily): Attribution {
  if (spx.open.length !== dates.length || spx.close.length !== dates.length) throw new InputError('spx', `open/close must have one value per date (${dates.length}), got ${spx.open.length}/${spx.close.length}`);
  invariant(run.trades.length > 0 || !Array.prototype.some.call(run.pnl.condor, (v: number) => v !== 0), 'the run has condor P&L but no trade list: run it with its trades recorded (runPolicies(..., { trades: true }))');
  const condors = rebuildCondors(dates, run.trades);
  if (run.equity.length !== dates.length) throw new InputError('equity', `must have one value per date (${dates.length}), got ${run.equity.length}`);
  const losing = condors.filter((c) => c.openCash + c.exitCash < 0).map((c) => ({ loss: lossOf(dates, c, spx, run), days: holdingDays(c) }));
  const bySide = Object.fromEntries(SIDES.map((s) => [s, group(losing.filter((l) => l.loss.side === s), run)])) as Record<Side, LossGroup>;
  return {
    condors: condors.length,
    condorPnlUsd: condors.reduce((a, c) => a + c.openCash + c.exitCash, 0),
    losses: losing.map((l) => l.loss),
    total: group(losing, run),
    bySide,
  };
}

/** The SPX open and close of the data frame on a run's calendar. */
export function spxOnDates(daily: Pick<DailyFrame, 'dates' | 'spxOpen' | 'spxClose'>, dates: readonly IsoDate[]): SpxDaily {
  const at = new Map(daily.dates.map((d, i) => [d, i] as const));
  const open = new Float64Array(dates.length);
  const close = new Float64Array(dates.length);
  dates.forEach((d, k) => {
    const i = at.get(d);
    if (i === undefined) throw new InputError('dates', `${d} is not a trading day of the data`);
    open[k] = daily.spxOpen[i] as number;
    close[k] = daily.spxClose[i] as number;
  });
  return { open, close };
}

const pctOf = (x: number): string => `${(x * 100).toFixed(1)}%`;

/**
 * One row per side and a total: losses, then the summed returns of the losses (split into
 * before / gap / intraday, the gap over the losses where it is measured) and of each hedge
 * layer on the loss days. The text and HTML tables of the CLI and the report.
 */
export function attributionTable(a: Pick<Attribution, 'total' | 'bySide'>): { header: string[]; rows: string[][] } {
  const header = ['side', 'losses', 'Σ loss', 'before', 'exit day', 'gap measured', 'gap', 'intraday', 'L1', 'L2', 'L3', 'hedge'];
  const row = (label: string, g: LossGroup): string[] => {
    const r = g.returns;
    return [label, String(g.count), pctOf(r.pnl), pctOf(r.before), pctOf(r.day), `${g.measured}/${g.count}`, pctOf(r.gap), pctOf(r.intraday), pctOf(r.hedge.L1), pctOf(r.hedge.L2), pctOf(r.hedge.L3), pctOf(r.hedge.L1 + r.hedge.L2 + r.hedge.L3)];
  };
  return { header, rows: [...SIDES.filter((s) => a.bySide[s].count > 0).map((s) => row(`${s} breach`.replace('none breach', 'no breach'), a.bySide[s])), row('all losses', a.total)] };
}

/** The plain-language reading of a table's columns (under every copy of it). */
export const ATTRIBUTION_NOTE =
  'Condor losses gross of fees, each as a return on the equity it was sized on, summed: Σ loss = before + exit day; before = the credit less any breach by the previous close; exit day = previous close → settlement, split into gap (previous close → open) and intraday (open → settlement) over the losses where the gap is measured (the open print differs from the previous close: most days before 2007 in the embedded SPX history repeat it); L1-L3 = each hedge layer’s P&L on the loss days, summed the same way. Option prices are modelled.';

/** Attribution of every run of a result, on the data frame's SPX opens and closes. */
export function attributeRuns(daily: Pick<DailyFrame, 'dates' | 'spxOpen' | 'spxClose'>, dates: readonly IsoDate[], runs: Readonly<Record<string, AttributionRun>>): Record<string, Attribution> {
  const spx = spxOnDates(daily, dates);
  return Object.fromEntries(Object.entries(runs).map(([name, run]) => [name, attributeCondorLosses(dates, run, spx)]));
}

/** One table per policy with its caption, and the note: the attribution section of the HTML report and the CLI text. */
export function attributionTables(byPolicy: Readonly<Record<string, Pick<Attribution, 'condors' | 'total' | 'bySide'>>>): { note: string; tables: { policy: string; caption: string; header: string[]; rows: string[][] }[] } {
  return {
    note: ATTRIBUTION_NOTE,
    tables: Object.entries(byPolicy).map(([policy, a]) => ({ policy, caption: `${policy}: ${a.total.count.toLocaleString('en-US')} of ${a.condors.toLocaleString('en-US')} condors lost`, ...attributionTable(a) })),
  };
}
