/**
 * The methodology's capital guards, measured (DESIGN §1.2 cost-of-capital guard):
 * - the money-weighted return of the program with and without the hedge: the IRR of the
 *   cash flows of a program that commits its capital C on the first day, takes out (or puts
 *   in) each day's P&L as it occurs, so the capital stays C, and gets C back on the last day
 *   (the ruin day of a ruined run). A run whose sizes follow equity is scaled to that
 *   program: day t pays C × P&L_t / equity at the previous close (a fixed-notional run: its
 *   P&L as is), over the days before its equity fell under 1% of the start (below it the
 *   ledger's cents are noise, not returns). Without the hedge, each day's P&L is taken less the hedge layers' P&L and
 *   the hedge's fees: the hedge's contribution is the difference of the two IRRs;
 * - the hedge as an asset: the modified IRR of its own cash flows (purchases and fees out,
 *   sales and settlements in, what is still held at the end in; financed and reinvested at
 *   the mean T-bill: a monthly hedge's flows often have no IRR), against the CAPM return required of
 *   an asset with its beta: T-bill + β × equity premium, β the beta of the average dollar
 *   held in the hedge: the OLS slope of the hedge's daily P&L on the SPX daily return, over
 *   the mean value held at the previous close (days holding a hedge). Day-by-day returns
 *   would divide by the cents left in an expiring call and explode; dollars do not. A long
 *   volatility hedge has a negative β, so its required return is below the T-bill: the guard
 *   passes when the hedge's MIRR reaches it.
 * IRRs are annual effective rates on ACT/365 years from the first day. Pure.
 */
import { InputError, invariant } from '../core/errors.js';
import { daysBetween, type IsoDate } from '../core/time.js';
import { olsSlope, upToRuin } from './metrics.js';
import type { MarketSeries, PolicyRun } from './types.js';

/** The equity premium of the CAPM guard unless one is given (the DESIGN's hurdle spread over the T-bill). */
export const DEFAULT_EQUITY_PREMIUM_FRAC = 0.05;

export interface CashFlow {
  /** ACT/365 years from the first flow's day. */
  readonly years: number;
  /** + received, − paid, dollars. */
  readonly usd: number;
}

/** Present value at the annual effective rate r: Σ usd / (1 + r)^years (one exp per flow: (1 + r)^−y = e^(−y·ln(1 + r))). */
export function npv(flows: readonly CashFlow[], r: number): number {
  const lnGrowth = Math.log1p(r);
  let s = 0;
  for (const f of flows) s += f.usd * Math.exp(-lnGrowth * f.years);
  return s;
}

const IRR_LO = -0.999999;
const IRR_HI = 1e6;
/** Points of the sign scan, uniform in ln(1 + r) over [IRR_LO, IRR_HI]. */
const IRR_SCAN = 240;

/**
 * The root in a bracket [lo, hi] (npv changes sign) by the Illinois variant of regula falsi:
 * it stays bracketed like bisection and converges superlinearly (a handful of npv passes
 * instead of ~45 halvings; each pass is one exp per daily flow).
 */
function bisect(flows: readonly CashFlow[], lo: number, hi: number, fLo: number): number {
  let fHi = npv(flows, hi);
  let side = 0;
  for (let k = 0; k < 200 && hi - lo > 1e-13 * Math.max(1, Math.abs(lo)); k++) {
    let x = (lo * fHi - hi * fLo) / (fHi - fLo);
    // Halve instead where the secant step leaves the open bracket (rounding at a flat end).
    if (!(x > lo && x < hi)) x = (lo + hi) / 2;
    const f = npv(flows, x);
    if (f === 0) return x;
    if (Math.sign(f) === Math.sign(fLo)) {
      lo = x;
      fLo = f;
      if (side === -1) fHi /= 2;
      side = -1;
    } else {
      hi = x;
      fHi = f;
      if (side === 1) fLo /= 2;
      side = 1;
    }
  }
  return (lo + hi) / 2;
}

/**
 * npv at the scan's rates, ln(1 + r_k) = u0 + k·h for k = 0..IRR_SCAN, in one pass over the
 * flows: a flow's discount factor is e^(−u0·y)·(e^(−h·y))^k, two exps and a product per rate
 * (the scan only looks for sign changes; each bracket is then refined on npv itself).
 */
function scanNpv(flows: readonly CashFlow[], u0: number, h: number): Float64Array {
  const out = new Float64Array(IRR_SCAN + 1);
  for (const f of flows) {
    const step = Math.exp(-h * f.years);
    let v = f.usd * Math.exp(-u0 * f.years);
    for (let k = 0; k <= IRR_SCAN; k++) {
      out[k] = (out[k] as number) + v;
      v *= step;
    }
  }
  return out;
}

/**
 * The internal rate of return: an annual effective r in (−99.9999%, 10^8 %) with npv = 0.
 * Flows that change sign more than once may have several; the scan (uniform in ln(1 + r))
 * finds every bracket and the root nearest 0 is returned, refined by bisection. Null when
 * the value never changes sign over the range (all in or all out, or a rate beyond it).
 */
export function irr(flows: readonly CashFlow[]): number | null {
  for (const f of flows) if (!Number.isFinite(f.usd) || !Number.isFinite(f.years) || f.years < 0) throw new InputError('flows', `must be finite with years >= 0, got ${f.usd} at ${f.years}`);
  if (flows.length === 0) return null;
  const u0 = Math.log1p(IRR_LO);
  const u1 = Math.log1p(IRR_HI);
  // The one-pass scan multiplies e^(−u·y) terms: past ~50 years they leave the double range
  // (e^709), where each rate's npv is evaluated on its own instead.
  const maxYears = flows.reduce((a, f) => Math.max(a, f.years), 0);
  const scan = maxYears * Math.max(-u0, u1) < 700 ? scanNpv(flows, u0, (u1 - u0) / IRR_SCAN) : null;
  let best: number | null = null;
  let prevR = IRR_LO;
  let prevF = scan === null ? npv(flows, prevR) : (scan[0] as number);
  if (prevF === 0) best = prevR;
  for (let k = 1; k <= IRR_SCAN; k++) {
    const r = Math.expm1(u0 + ((u1 - u0) * k) / IRR_SCAN);
    const f = scan === null ? npv(flows, r) : (scan[k] as number);
    let root: number | null = null;
    if (f === 0) root = r;
    else if (Number.isFinite(prevF) && Number.isFinite(f) && prevF !== 0 && Math.sign(f) !== Math.sign(prevF)) root = bisect(flows, prevR, r, prevF);
    if (root !== null && (best === null || Math.abs(root) < Math.abs(best))) best = root;
    prevR = r;
    prevF = f;
  }
  return best;
}

/**
 * The modified IRR: outflows discounted to the start at `financeRate`, inflows carried to
 * the last flow at `reinvestRate`, MIRR = (FV of inflows / PV of outflows)^(1/years) − 1.
 * Unlike the IRR it always exists once money goes both ways (a monthly hedge's stream of
 * purchases with occasional payoffs often has no IRR). Null without an inflow and an
 * outflow, or over no time.
 */
export function mirr(flows: readonly CashFlow[], financeRate: number, reinvestRate: number): number | null {
  let pvOut = 0;
  let fvIn = 0;
  const end = flows.reduce((a, f) => Math.max(a, f.years), 0);
  for (const f of flows) {
    if (!Number.isFinite(f.usd) || !Number.isFinite(f.years) || f.years < 0) throw new InputError('flows', `must be finite with years >= 0, got ${f.usd} at ${f.years}`);
    if (f.usd < 0) pvOut += -f.usd / Math.pow(1 + financeRate, f.years);
    else fvIn += f.usd * Math.pow(1 + reinvestRate, end - f.years);
  }
  if (!(pvOut > 0) || !(fvIn > 0) || !(end > 0)) return null;
  return Math.pow(fvIn / pvOut, 1 / end) - 1;
}

export interface CapitalGuard {
  /** The last day measured (see measuredDays); null when fewer than two days are. */
  readonly measuredTo: IsoDate | null;
  /** Money-weighted return of the program (condor + hedge), annual. */
  readonly irrWithHedge: number | null;
  /** The same flows less the hedge's P&L and fees. */
  readonly irrWithoutHedge: number | null;
  /** irrWithHedge − irrWithoutHedge. */
  readonly hedgeIrrContribution: number | null;
  /** MIRR of the hedge's own cash flows (and its value at the end), financed and reinvested at the mean T-bill. */
  readonly hedgeMirr: number | null;
  /** Slope of the hedge's daily P&L on the SPX daily return, over the mean value held (days holding a hedge). */
  readonly hedgeBeta: number | null;
  /** Mean 13-week T-bill rate over the run. */
  readonly riskFreeFrac: number;
  readonly equityPremiumFrac: number;
  /** T-bill + β × equity premium. */
  readonly capmRequiredFrac: number | null;
  /** hedgeMirr ≥ capmRequiredFrac (null when either is unknown). */
  readonly passes: boolean | null;
}

/** a[i], 0 past the end. */
const at = (a: ArrayLike<number>, i: number): number => a[i] ?? 0;

/** Hedge fees per day, dollars (>= 0), from the trade list. */
function hedgeFeesByDay(dates: readonly IsoDate[], run: PolicyRun): Float64Array {
  const out = new Float64Array(dates.length);
  invariant(run.trades.length > 0 || !run.hedgeSpend.some((v) => v !== 0), 'the run bought hedges but has no trade list: the capital guards need its fees (run it with its trades recorded)');
  // Trades come in day order: one pointer walks the dates (ISO dates compare as strings).
  let i = 0;
  for (const t of run.trades) {
    if (t.tag === 'condor') continue;
    if (i < dates.length && (dates[i] as IsoDate) > t.date) i = 0; // out of order: search again from the start
    while (i < dates.length && (dates[i] as IsoDate) < t.date) i++;
    if (dates[i] === t.date) out[i] = (out[i] ?? 0) + t.feesCents / 100;
  }
  return out;
}

/** Below this share of its starting equity a compounding run's P&L is cents of ledger rounding, not returns. */
export const MIN_EQUITY_FRAC = 0.01;

/**
 * The days the guards measure: up to the ruin day, and for a run whose sizes follow equity,
 * up to the last day whose previous close held at least MIN_EQUITY_FRAC of the start.
 */
function measuredDays(dates: readonly IsoDate[], run: PolicyRun, start: number): number {
  const n = upToRuin(dates, run.ruinedOn);
  if (run.fixedCapitalUsd != null) return n;
  for (let i = 1; i < n; i++) if (!(at(run.equity, i - 1) >= MIN_EQUITY_FRAC * start)) return i;
  return n;
}

/** The measured capital guards of one run (see the module comment). */
export function capitalGuard(dates: readonly IsoDate[], run: PolicyRun, market: MarketSeries, equityPremiumFrac = DEFAULT_EQUITY_PREMIUM_FRAC): CapitalGuard {
  if (!Number.isFinite(equityPremiumFrac)) throw new InputError('equityPremiumFrac', `must be finite, got ${equityPremiumFrac}`);
  const pnl = run.pnl;
  const dayPnl = (i: number): number => at(pnl.condor, i) + at(pnl.L1, i) + at(pnl.L2, i) + at(pnl.L3, i) + at(pnl.cash, i) + at(pnl.fees, i);
  const hedgePnl = (i: number): number => at(pnl.L1, i) + at(pnl.L2, i) + at(pnl.L3, i);
  const start = (run.equity[0] ?? 0) - dayPnl(0);
  const capital = run.fixedCapitalUsd ?? start;
  const n = measuredDays(dates, run, start);
  const first = dates[0];
  const empty = { measuredTo: null, irrWithHedge: null, irrWithoutHedge: null, hedgeIrrContribution: null, hedgeMirr: null, hedgeBeta: null, riskFreeFrac: 0, equityPremiumFrac, capmRequiredFrac: null, passes: null };
  if (first === undefined || n < 2) return empty;
  const years = (i: number): number => daysBetween(first, dates[i] as IsoDate) / 365;
  const fees = hedgeFeesByDay(dates, run);
  // The day's P&L scaled to the constant capital: over the previous close's equity (or as is on a fixed capital).
  const scale = (i: number): number => (run.fixedCapitalUsd != null ? 1 : capital / (i === 0 ? start : at(run.equity, i - 1)));
  const withHedge: CashFlow[] = [{ years: 0, usd: -capital }];
  const without: CashFlow[] = [{ years: 0, usd: -capital }];
  const hedgeFlows: CashFlow[] = [];
  const hedgeUsd = new Float64Array(n).fill(Number.NaN);
  const spxRet = new Float64Array(n).fill(Number.NaN);
  let rf = 0;
  let held = 0;
  let heldDays = 0;
  for (let i = 0; i < n; i++) {
    const y = years(i);
    const k = scale(i);
    withHedge.push({ years: y, usd: k * dayPnl(i) });
    without.push({ years: y, usd: k * (dayPnl(i) - hedgePnl(i) + at(fees, i)) });
    if (run.hedgeCashFlow[i] !== 0) hedgeFlows.push({ years: y, usd: at(run.hedgeCashFlow, i) });
    rf += market.tbillRateFrac[i] ?? 0;
    if (i > 0 && at(run.hedgeValue, i - 1) > 0) {
      hedgeUsd[i] = hedgePnl(i);
      spxRet[i] = at(market.spx, i) / at(market.spx, i - 1) - 1;
      held += at(run.hedgeValue, i - 1);
      heldDays++;
    }
  }
  const end = years(n - 1);
  withHedge.push({ years: end, usd: capital });
  without.push({ years: end, usd: capital });
  if (at(run.hedgeValue, n - 1) > 0) hedgeFlows.push({ years: end, usd: at(run.hedgeValue, n - 1) });
  const irrWithHedge = irr(withHedge);
  const irrWithoutHedge = irr(without);
  const riskFreeFrac = rf / n;
  const hedgeMirr = mirr(hedgeFlows, riskFreeFrac, riskFreeFrac);
  const dollarBeta = olsSlope(spxRet, hedgeUsd);
  const hedgeBeta = dollarBeta === null || heldDays === 0 ? null : dollarBeta / (held / heldDays);
  const capmRequiredFrac = hedgeBeta === null ? null : riskFreeFrac + hedgeBeta * equityPremiumFrac;
  return {
    measuredTo: dates[n - 1] ?? null,
    irrWithHedge,
    irrWithoutHedge,
    hedgeIrrContribution: irrWithHedge === null || irrWithoutHedge === null ? null : irrWithHedge - irrWithoutHedge,
    hedgeMirr,
    hedgeBeta,
    riskFreeFrac,
    equityPremiumFrac,
    capmRequiredFrac,
    passes: hedgeMirr === null || capmRequiredFrac === null ? null : hedgeMirr >= capmRequiredFrac,
  };
}
