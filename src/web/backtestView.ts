/**
 * The backtest comparison as the dashboard's first view needs it: the header, each policy's
 * metrics and crisis scorecards as they are, and the equity curves sampled for a chart a
 * screen wide. Sampling keeps exact values of the full series (no averaging, no rounding):
 * in every window of consecutive trading days it keeps the first and the last day and, for
 * each policy, the day of its lowest and of its highest equity, so every drawdown trough and
 * every peak of the full series is drawn. The full daily series stays at `GET /api/backtest`.
 * The view also carries the answer in words, the same paragraph `alvh backtest` prints
 * (report/narrative.ts `answerParagraph`), built from the same JSON.
 */
import { answerParagraph, type AnswerInput } from '../report/narrative.js';

import { frontierCaption, frontierInputOf, frontierPoints, frontierSvg } from '../report/frontier.js';
import { EQUAL_COST_HEAD, EQUAL_COST_NOTE, equalCostEntriesOf, equalCostRows } from '../report/equalCost.js';
import { fmtNum, fmtPct, fmtUsd } from '../report/narrative.js';

/** One policy's equity series as `alvh backtest --json` writes it. */
interface FullPolicy {
  basis?: unknown;
  metrics?: unknown;
  crises?: unknown;
  equity: [string, number][];
}

export interface BacktestView {
  from: unknown;
  to: unknown;
  notional: unknown;
  basis: unknown;
  /** How the curves were sampled: `points` of `days` trading days, windows of `windowDays`. */
  sampled: { points: number; days: number; windowDays: number; full: '/api/backtest' };
  /** The kept trading days, ascending (the first policy's calendar). */
  dates: string[];
  /** Per policy: its metrics and crises as in the full JSON; equity on `dates` (null: no value that day). */
  policies: Record<string, { basis: unknown; metrics: unknown; crises: unknown; equity: (number | null)[] }>;
  /** The efficient frontier (net hedge cost a year against worst drawdown and crisis hedge P&L) as inline SVG, and its caption. */
  frontier: { svg: string; caption: string };
  /** The answer paragraph of `alvh backtest`; null when the JSON lacks what it reads (dates, notional, basis, metrics). */
  answer: string | null;
  /** The equal-cost table of a JSON written with `--equal-cost` (report/equalCost.ts, the report's cells), null without one. */
  equalCost: { head: readonly string[]; rows: string[][]; note: string } | null;
}

/** The JSON as the answer paragraph's input, when it has every field the paragraph reads. */
function answerInput(j: Record<string, unknown>, policies: Record<string, unknown>): AnswerInput | null {
  const ok = typeof j['from'] === 'string' && typeof j['to'] === 'string' && typeof j['notional'] === 'number' && typeof j['basis'] === 'string';
  const withMetrics = Object.values(policies).every((p) => typeof (p as { metrics?: unknown }).metrics === 'object' && (p as { metrics?: unknown }).metrics !== null);
  return ok && withMetrics ? (j as unknown as AnswerInput) : null;
}

/** Default number of windows: about three pixels each on a 1,300-pixel chart. */
export const VIEW_WINDOWS = 400;

function isFullPolicy(p: unknown): p is FullPolicy {
  return typeof p === 'object' && p !== null && Array.isArray((p as { equity?: unknown }).equity);
}

/**
 * The display view of a backtest JSON (`{from, to, notional, basis, policies: {NAME: {metrics,
 * crises, equity: [[date, usd], ...]}}}`). Throws on a JSON without that shape.
 */
function frontierOf(full: unknown): BacktestView['frontier'] {
  const points = frontierPoints(frontierInputOf(full));
  return { svg: frontierSvg(points), caption: frontierCaption(points) };
}

export function backtestView(full: unknown, windows: number = VIEW_WINDOWS): BacktestView {
  if (!Number.isInteger(windows) || windows < 1) throw new RangeError(`windows must be a positive integer, got ${windows}`);
  const j = (typeof full === 'object' && full !== null ? full : {}) as Record<string, unknown>;
  const policies = (typeof j['policies'] === 'object' && j['policies'] !== null ? j['policies'] : null) as Record<string, unknown> | null;
  if (policies === null) throw new TypeError('backtest JSON without "policies"');
  const names = Object.keys(policies);
  const runs: FullPolicy[] = names.map((n) => {
    const p = policies[n];
    if (!isFullPolicy(p)) throw new TypeError(`backtest JSON: policy "${n}" has no equity series`);
    return p;
  });
  const calendar = runs[0]?.equity.map((e) => e[0]) ?? [];
  const n = calendar.length;
  // every policy's values on the first policy's calendar (they share it when the engine wrote them)
  const aligned: (number | null)[][] = runs.map((r, k) => {
    if (k === 0) return r.equity.map((e) => e[1]);
    const byDate = new Map(r.equity.map((e) => [e[0], e[1]] as const));
    return calendar.map((d) => byDate.get(d) ?? null);
  });
  const windowDays = Math.max(1, Math.ceil(n / windows));
  const keep = new Set<number>();
  for (let s = 0; s < n; s += windowDays) {
    const e = Math.min(n, s + windowDays);
    keep.add(s);
    keep.add(e - 1);
    for (const ys of aligned) {
      let lo = -1;
      let hi = -1;
      for (let t = s; t < e; t++) {
        const y = ys[t];
        if (y === null || y === undefined || !Number.isFinite(y)) continue;
        if (lo < 0 || y < (ys[lo] as number)) lo = t;
        if (hi < 0 || y > (ys[hi] as number)) hi = t;
      }
      if (lo >= 0) keep.add(lo);
      if (hi >= 0) keep.add(hi);
    }
  }
  const idx = [...keep].sort((a, b) => a - b);
  const out: BacktestView['policies'] = {};
  names.forEach((name, k) => {
    const r = runs[k] as FullPolicy;
    const ys = aligned[k] as (number | null)[];
    out[name] = { basis: r.basis ?? null, metrics: r.metrics ?? null, crises: r.crises ?? [], equity: idx.map((t) => ys[t] ?? null) };
  });
  return {
    from: j['from'] ?? null,
    to: j['to'] ?? null,
    notional: j['notional'] ?? null,
    basis: j['basis'] ?? null,
    sampled: { points: idx.length, days: n, windowDays, full: '/api/backtest' },
    dates: idx.map((t) => calendar[t] as string),
    policies: out,
    answer: ((input) => (input === null ? null : answerParagraph(input)))(answerInput(j, policies)),
    frontier: frontierOf(full),
    equalCost: ((entries) => (entries.length === 0 ? null : { head: EQUAL_COST_HEAD, rows: equalCostRows(entries, { usd: fmtUsd, pct: fmtPct, num: fmtNum }), note: EQUAL_COST_NOTE }))(equalCostEntriesOf(full)),
  };
}
