/**
 * Backtest metrics: pure functions over the typed arrays of a PolicyRun. Fractions
 * (0.12 = 12%); `maxDrawdown` and `cvar95` are positive losses; `null` where a metric is
 * undefined (no variance, no drawdown to divide by, no credit). Definitions are in
 * docs/guide/book.md; annualisation uses 252 trading days, per-year figures use
 * calendar years (ACT/365.25 between the first and last date).
 *
 * Return basis. When sizes follow equity (the default), returns are equity over equity
 * and `cagr` compounds. A fixed-notional run (`run.fixedCapitalUsd`) measures every return
 * on that fixed capital: daily P&L / capital, `cagr` is the simple annual return on it
 * (total P&L / capital / years), drawdowns are dollar drawdowns / capital.
 * Ruin: a run whose equity reached 0 or below (`run.ruinedOn`) stopped that day; its
 * metrics cover the days up to the ruin, and no ratio is computed on negative equity.
 */
import { daysBetween, epochDay, type IsoDate } from '../core/time.js';
import { sha256Hex } from '../core/sha256.js';
import type { MarketSeries, PolicyRun, Trade } from './types.js';

export const TRADING_DAYS_PER_YEAR = 252;

export interface Metrics {
  /** `compounded`: returns on equity; `fixedCapital`: returns on the fixed notional of a fixed-notional run. */
  returnBasis: 'compounded' | 'fixedCapital';
  /** The day the program was ruined (equity 0 or below; nothing traded after it), or null. */
  ruinedOn: IsoDate | null;
  /** Calendar years between the first and the last date (ACT/365.25); to the ruin day when ruined. */
  years: number;
  finalEquity: number;
  totalReturn: number | null;
  cagr: number | null;
  volatility: number | null;
  sharpe: number | null;
  sortino: number | null;
  maxDrawdown: number;
  calmar: number | null;
  cvar95: number | null;
  worstDay: number | null;
  worstMonth: number | null;
  /** `YYYY-MM` of the worst month. */
  worstMonthLabel: string | null;
  /** Trading days from the max-drawdown trough back to the previous peak; null if not recovered. */
  recoveryDays: number | null;
  /** Share of days with positive net P&L among days with non-zero net P&L. */
  winRateDays: number | null;
  /** Share of days with positive condor P&L among days with non-zero condor P&L (one 1DTE condor a day). */
  condorWinRate: number | null;
  /** Gross hedge purchases: premium paid to increase hedges plus all hedge fees, per calendar year, dollars. */
  hedgeCostPerYear: number | null;
  /**
   * Net hedge cost per calendar year, dollars: purchases + hedge fees − sales − settlements
   * received (hedges still open at the end are not credited).
   */
  hedgeNetCostPerYear: number | null;
  /** Net hedge P&L (L1+L2+L3, gross of fees) per calendar year, dollars. */
  hedgePnlPerYear: number | null;
  /**
   * Opportunity cost of the capital tied up in hedges at the hurdle rate (T-bill +
   * `hurdleSpreadFrac`, DESIGN's costOfCapital) per calendar year, dollars: Σ hedgeValue[i−1] ×
   * (exp((tbill + spread) × gap/365) − 1) / years. Reported, not charged to equity.
   */
  hedgeCapitalCostPerYear: number | null;
  /** Gross hedge purchases / total condor credit. */
  hedgeSpendOfCredit: number | null;
  /** Net hedge cost / total condor credit. */
  hedgeNetCostOfCredit: number | null;
  /** Days a condor was sold, and days the condor rules allowed one (quoted, not filtered out). */
  condorDaysOpened: number;
  condorDaysEligible: number;
  /** OLS slope of (hedge P&L / prior equity) on the SPX daily return. */
  hedgeBetaSpx: number | null;
  /** OLS slope of (hedge P&L / prior equity) on the VIX daily change in points. */
  hedgeBetaVixPerPt: number | null;
}

/** Simple daily returns E[i]/E[i−1] − 1 (length n−1); NaN where the prior equity is <= 0. */
export function dailyReturns(equity: Float64Array): Float64Array {
  const n = Math.max(0, equity.length - 1);
  const r = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const prev = equity[i] ?? 0;
    r[i] = prev > 0 ? (equity[i + 1] ?? 0) / prev - 1 : Number.NaN;
  }
  return r;
}

interface Calendar {
  /** Calendar days from dates[i] to dates[i+1] (length n−1). */
  gapDays: Int32Array;
  /** year × 12 + month − 1 of each date. */
  monthKey: Int32Array;
}
const CALENDARS = new WeakMap<readonly IsoDate[], Calendar>();

/** Date arithmetic done once per calendar (memoised on the dates array; it is never mutated). */
function calendarOf(dates: readonly IsoDate[]): Calendar {
  const hit = CALENDARS.get(dates);
  if (hit) return hit;
  const n = dates.length;
  const gapDays = new Int32Array(Math.max(0, n - 1));
  const monthKey = new Int32Array(n);
  let prev = 0;
  for (let i = 0; i < n; i++) {
    const d = dates[i] ?? ('1970-01-01' as IsoDate);
    const e = epochDay(d);
    if (i > 0) gapDays[i - 1] = e - prev;
    prev = e;
    monthKey[i] = Number(d.slice(0, 4)) * 12 + Number(d.slice(5, 7)) - 1;
  }
  const cal = { gapDays, monthKey };
  CALENDARS.set(dates, cal);
  return cal;
}

/** T-bill return over each gap: exp(rate[i−1] × calendar days / 365) − 1 (length n−1). */
export function riskFreeReturns(dates: readonly IsoDate[], tbillRateFrac: Float64Array): Float64Array {
  const gaps = calendarOf(dates).gapDays;
  const r = new Float64Array(gaps.length);
  for (let i = 0; i < gaps.length; i++) r[i] = Math.expm1(((tbillRateFrac[i] ?? 0) * (gaps[i] ?? 0)) / 365);
  return r;
}

function mean(xs: ArrayLike<number>): number | null {
  let s = 0;
  let k = 0;
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i] ?? Number.NaN;
    if (Number.isFinite(x)) {
      s += x;
      k++;
    }
  }
  return k === 0 ? null : s / k;
}

/** Sample standard deviation (n − 1) of the finite values; null with fewer than 2. */
export function sampleStd(xs: ArrayLike<number>): number | null {
  const m = mean(xs);
  if (m === null) return null;
  let s = 0;
  let k = 0;
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i] ?? Number.NaN;
    if (Number.isFinite(x)) {
      s += (x - m) * (x - m);
      k++;
    }
  }
  return k < 2 ? null : Math.sqrt(s / (k - 1));
}

export interface Drawdown {
  /** Largest peak-to-trough loss as a positive fraction in [0, 1] (1 = everything lost). */
  maxDrawdown: number;
  peakIndex: number;
  troughIndex: number;
  /** First index at or after the trough where equity is back at the peak; null if never. */
  recoveryIndex: number | null;
}

/** Max drawdown of an equity curve over [from, to] (inclusive indices). */
export function drawdown(equity: Float64Array, from = 0, to = equity.length - 1): Drawdown {
  let peak = equity[from] ?? 0;
  let peakI = from;
  let best: Drawdown = { maxDrawdown: 0, peakIndex: from, troughIndex: from, recoveryIndex: from };
  for (let i = from; i <= to; i++) {
    const e = equity[i] ?? 0;
    if (e > peak) {
      peak = e;
      peakI = i;
    } else if (peak > 0) {
      const dd = Math.min(1, 1 - e / peak);
      if (dd > best.maxDrawdown) best = { maxDrawdown: dd, peakIndex: peakI, troughIndex: i, recoveryIndex: null };
    }
  }
  if (best.maxDrawdown > 0) {
    const peakValue = equity[best.peakIndex] ?? 0;
    for (let i = best.troughIndex + 1; i <= to; i++) {
      if ((equity[i] ?? 0) >= peakValue) {
        best.recoveryIndex = i;
        break;
      }
    }
  }
  return best;
}

/** Drawdown series (positive fractions) of an equity curve. */
export function drawdownSeries(equity: Float64Array): Float64Array {
  const out = new Float64Array(equity.length);
  let peak = -Infinity;
  for (let i = 0; i < equity.length; i++) {
    const e = equity[i] ?? 0;
    if (e > peak) peak = e;
    out[i] = peak > 0 ? Math.min(1, Math.max(0, 1 - e / peak)) : 0;
  }
  return out;
}

/** Mean of the worst ceil(5%) of the finite returns, as a positive loss. */
export function cvar(returns: ArrayLike<number>, level = 0.95): number | null {
  const all = new Float64Array(returns.length);
  let m = 0;
  for (let i = 0; i < returns.length; i++) {
    const x = returns[i] ?? Number.NaN;
    if (Number.isFinite(x)) all[m++] = x;
  }
  if (m === 0) return null;
  // A typed array sorts numerically without a comparator call per comparison.
  const xs = all.subarray(0, m).sort();
  const k = Math.max(1, Math.ceil((1 - level) * xs.length));
  let s = 0;
  for (let i = 0; i < k; i++) s += xs[i] ?? 0;
  return -s / k;
}

/** OLS slope cov(x, y)/var(x) over pairs where both are finite; null if var(x) = 0. */
export function olsSlope(x: ArrayLike<number>, y: ArrayLike<number>): number | null {
  let sx = 0, sy = 0, k = 0;
  const n = Math.min(x.length, y.length);
  for (let i = 0; i < n; i++) {
    const a = x[i] ?? Number.NaN;
    const b = y[i] ?? Number.NaN;
    if (Number.isFinite(a) && Number.isFinite(b)) {
      sx += a;
      sy += b;
      k++;
    }
  }
  if (k < 2) return null;
  const mx = sx / k;
  const my = sy / k;
  let cxy = 0, vx = 0;
  for (let i = 0; i < n; i++) {
    const a = x[i] ?? Number.NaN;
    const b = y[i] ?? Number.NaN;
    if (Number.isFinite(a) && Number.isFinite(b)) {
      cxy += (a - mx) * (b - my);
      vx += (a - mx) * (a - mx);
    }
  }
  return vx === 0 ? null : cxy / vx;
}

/** Worst calendar-month return: month-end equity over the previous month-end (the first month over day 0). */
export function worstMonth(dates: readonly IsoDate[], equity: Float64Array): { label: string; ret: number } | null {
  const keys = calendarOf(dates).monthKey;
  let worstI = -1;
  let worstRet = 0;
  let base = equity[0] ?? 0;
  for (let i = 0; i < dates.length; i++) {
    if (i === dates.length - 1 || keys[i] !== keys[i + 1]) {
      const e = equity[i] ?? 0;
      if (base > 0 && i > 0) {
        const ret = e / base - 1;
        if (worstI < 0 || ret < worstRet) {
          worstI = i;
          worstRet = ret;
        }
      }
      base = e;
    }
  }
  return worstI < 0 ? null : { label: (dates[worstI] ?? '').slice(0, 7), ret: worstRet };
}

function shareAbove(xs: Float64Array): number | null {
  let pos = 0, nz = 0;
  for (let i = 1; i < xs.length; i++) {
    const x = xs[i] ?? 0;
    if (x !== 0) {
      nz++;
      if (x > 0) pos++;
    }
  }
  return nz === 0 ? null : pos / nz;
}

function sum(xs: Float64Array): number {
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += xs[i] ?? 0;
  return s;
}

export interface MetricsOptions {
  /** Hurdle rate over the T-bill for the hedge capital cost (default 0.05). */
  hurdleSpreadFrac?: number;
}

/** The days up to `ruinedOn` (all days when null): the period the metrics speak of. */
export function upToRuin(dates: readonly IsoDate[], ruinedOn: IsoDate | null | undefined): number {
  if (ruinedOn === null || ruinedOn === undefined) return dates.length;
  const k = dates.indexOf(ruinedOn);
  return k < 0 ? dates.length : k + 1;
}

/** Daily P&L over a fixed capital, (E[i+1] − E[i]) / capital (length n−1). */
function returnsOnCapital(equity: Float64Array, capitalUsd: number): Float64Array {
  const n = Math.max(0, equity.length - 1);
  const r = new Float64Array(n);
  for (let i = 0; i < n; i++) r[i] = ((equity[i + 1] ?? 0) - (equity[i] ?? 0)) / capitalUsd;
  return r;
}

/** The equity curve of a fixed-capital run as a capital index: 1 + cumulative P&L / capital (drawdowns in dollars / capital). */
function capitalIndex(equity: Float64Array, capitalUsd: number): Float64Array {
  const out = new Float64Array(equity.length);
  for (let i = 0; i < equity.length; i++) out[i] = 1 + ((equity[i] ?? 0) - capitalUsd) / capitalUsd;
  return out;
}

function count(xs: ArrayLike<number>, pred: (x: number) => boolean): number {
  let k = 0;
  for (let i = 0; i < xs.length; i++) if (pred(xs[i] ?? 0)) k++;
  return k;
}

export function computeMetrics(dates: readonly IsoDate[], fullRun: PolicyRun, market: MarketSeries, options: MetricsOptions = {}): Metrics {
  const ruinedOn = fullRun.ruinedOn ?? null;
  const nAll = dates.length;
  const n = upToRuin(dates, ruinedOn);
  const cut = <T extends Float64Array | Uint8Array>(a: T): T => (n === nAll ? a : (a.subarray(0, n) as T));
  if (n !== nAll) dates = dates.slice(0, n);
  const run: PolicyRun = {
    ...fullRun,
    equity: cut(fullRun.equity),
    pnl: { condor: cut(fullRun.pnl.condor), L1: cut(fullRun.pnl.L1), L2: cut(fullRun.pnl.L2), L3: cut(fullRun.pnl.L3), cash: cut(fullRun.pnl.cash), fees: cut(fullRun.pnl.fees) },
    hedgeSpend: cut(fullRun.hedgeSpend),
    condorCredit: cut(fullRun.condorCredit),
    hedgeValue: cut(fullRun.hedgeValue),
    hedgeCashFlow: cut(fullRun.hedgeCashFlow),
    condorContracts: cut(fullRun.condorContracts),
    condorEligible: cut(fullRun.condorEligible),
  };
  if (n !== nAll) market = { spx: cut(market.spx), vix: cut(market.vix), tbillRateFrac: cut(market.tbillRateFrac) };
  const capital = fullRun.fixedCapitalUsd ?? null;
  const fixedBasis = capital !== null && capital > 0;
  const eq = run.equity;
  const first = dates[0];
  const last = dates[n - 1];
  const years = first !== undefined && last !== undefined ? daysBetween(first, last) / 365.25 : 0;
  const e0 = eq[0] ?? 0;
  const eN = eq[n - 1] ?? 0;
  let totalReturn: number | null;
  let cagr: number | null;
  if (fixedBasis) {
    totalReturn = (eN - e0) / capital;
    cagr = years > 0 ? totalReturn / years : null;
  } else {
    totalReturn = e0 > 0 ? eN / e0 - 1 : null;
    cagr = e0 > 0 && years > 0 ? (eN > 0 ? Math.pow(eN / e0, 1 / years) - 1 : -1) : null;
  }
  // The curve drawdowns and worst months are read on: equity, or the capital index of a fixed-capital run.
  const curve = fixedBasis ? capitalIndex(eq, capital) : eq;

  const r = fixedBasis ? returnsOnCapital(eq, capital) : dailyReturns(eq);
  const rf = riskFreeReturns(dates, market.tbillRateFrac);
  const ex = new Float64Array(r.length);
  let downSq = 0, downN = 0;
  for (let i = 0; i < r.length; i++) {
    const x = (r[i] ?? Number.NaN) - (rf[i] ?? 0);
    ex[i] = x;
    if (Number.isFinite(x)) {
      downN++;
      if (x < 0) downSq += x * x;
    }
  }
  const ann = Math.sqrt(TRADING_DAYS_PER_YEAR);
  const sd = sampleStd(r);
  const volatility = sd === null ? null : sd * ann;
  const exMean = mean(ex);
  const exSd = sampleStd(ex);
  const sharpe = exMean !== null && exSd !== null && exSd > 0 ? (exMean / exSd) * ann : null;
  const downDev = downN > 0 ? Math.sqrt(downSq / downN) : 0;
  const sortino = exMean !== null && downDev > 0 ? (exMean / downDev) * ann : null;

  const dd = drawdown(curve);
  const calmar = cagr !== null && dd.maxDrawdown > 0 ? cagr / dd.maxDrawdown : null;
  let worstDay: number | null = null;
  for (let i = 0; i < r.length; i++) {
    const x = r[i] ?? Number.NaN;
    if (Number.isFinite(x) && (worstDay === null || x < worstDay)) worstDay = x;
  }
  const wm = worstMonth(dates, curve);

  const netPnl = new Float64Array(n);
  const hedgeRet = new Float64Array(Math.max(0, n - 1));
  const spxRet = new Float64Array(Math.max(0, n - 1));
  const vixChg = new Float64Array(Math.max(0, n - 1));
  for (let i = 0; i < n; i++) {
    netPnl[i] = (eq[i] ?? 0) - (i > 0 ? (eq[i - 1] ?? 0) : (eq[0] ?? 0));
    if (i > 0) {
      const prevEq = fixedBasis ? capital : (eq[i - 1] ?? 0);
      const h = (run.pnl.L1[i] ?? 0) + (run.pnl.L2[i] ?? 0) + (run.pnl.L3[i] ?? 0);
      hedgeRet[i - 1] = prevEq > 0 ? h / prevEq : Number.NaN;
      const s0 = market.spx[i - 1] ?? 0;
      spxRet[i - 1] = s0 > 0 ? (market.spx[i] ?? 0) / s0 - 1 : Number.NaN;
      vixChg[i - 1] = (market.vix[i] ?? Number.NaN) - (market.vix[i - 1] ?? Number.NaN);
    }
  }
  const spend = sum(run.hedgeSpend);
  const hurdle = options.hurdleSpreadFrac ?? 0.05;
  const gaps = calendarOf(dates).gapDays;
  let capitalCost = 0;
  for (let i = 1; i < n; i++) capitalCost += (run.hedgeValue[i - 1] ?? 0) * Math.expm1((((market.tbillRateFrac[i - 1] ?? 0) + hurdle) * (gaps[i - 1] ?? 0)) / 365);
  const credit = sum(run.condorCredit);
  const hedgePnl = sum(run.pnl.L1) + sum(run.pnl.L2) + sum(run.pnl.L3);
  const netHedgeCost = 0 - sum(run.hedgeCashFlow);

  return {
    returnBasis: fixedBasis ? 'fixedCapital' : 'compounded',
    ruinedOn,
    years,
    finalEquity: eN,
    totalReturn,
    cagr,
    volatility,
    sharpe,
    sortino,
    maxDrawdown: dd.maxDrawdown,
    calmar,
    cvar95: cvar(r, 0.95),
    worstDay,
    worstMonth: wm === null ? null : wm.ret,
    worstMonthLabel: wm === null ? null : wm.label,
    recoveryDays: dd.maxDrawdown === 0 ? 0 : dd.recoveryIndex === null ? null : dd.recoveryIndex - dd.troughIndex,
    winRateDays: shareAbove(netPnl),
    condorWinRate: shareAbove(run.pnl.condor),
    hedgeCostPerYear: years > 0 ? spend / years : null,
    hedgeNetCostPerYear: years > 0 ? netHedgeCost / years : null,
    hedgePnlPerYear: years > 0 ? hedgePnl / years : null,
    hedgeCapitalCostPerYear: years > 0 ? capitalCost / years : null,
    hedgeSpendOfCredit: credit > 0 ? spend / credit : null,
    hedgeNetCostOfCredit: credit > 0 ? netHedgeCost / credit : null,
    condorDaysOpened: count(run.condorContracts, (x) => x > 0),
    condorDaysEligible: count(run.condorEligible, (x) => x === 1),
    hedgeBetaSpx: olsSlope(spxRet, hedgeRet),
    hedgeBetaVixPerPt: olsSlope(vixChg, hedgeRet),
  };
}

/**
 * Canonical serialisation of a trade list: one line per trade, fields in a fixed order,
 * prices to 6 decimals (so that last-bit float differences across platforms do not change
 * the hash), fees in whole cents.
 */
export function canonicalTrades(trades: readonly Trade[]): string {
  const lines: string[] = [];
  for (const t of trades) {
    const ins = t.instrument;
    const type = ins.kind === 'spxOption' || ins.kind === 'vixOption' ? ins.type : '';
    const strike = ins.kind === 'spxOption' || ins.kind === 'vixOption' ? ins.strike.toFixed(2) : '';
    const sym = ins.kind === 'etp' ? ins.symbol : '';
    lines.push([t.date, t.tag, t.action, ins.kind, type, strike, ins.expiry ?? '', sym, String(t.qty), t.price.toFixed(6), String(Math.round(t.feesCents))].join('|'));
  }
  return lines.join('\n');
}

/** SHA-256 (hex) of the canonical trade list: the golden-backtest fingerprint. */
export function tradeListHash(trades: readonly Trade[]): string {
  return sha256Hex(canonicalTrades(trades));
}
