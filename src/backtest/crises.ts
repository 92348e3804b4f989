/**
 * Crisis windows and per-policy scorecards. Each window runs from the S&P 500 peak before
 * the stress (or the first day of it) to the trough or the end of the volatility spike;
 * the basis of each is in `why` and in docs/guide/book.md.
 */
import { InputError } from '../core/errors.js';
import { isoDate, type IsoDate } from '../core/time.js';
import { drawdown } from './metrics.js';
import type { BacktestResult, PolicyRun } from './types.js';

export interface CrisisWindow {
  readonly name: string;
  readonly from: IsoDate;
  readonly to: IsoDate;
  readonly why: string;
}

const w = (name: string, from: string, to: string, why: string): CrisisWindow => ({ name, from: isoDate(from), to: isoDate(to), why });

export const CRISIS_WINDOWS: readonly CrisisWindow[] = [
  w('1990 Gulf War', '1990-07-16', '1990-10-11', 'SPX peak 1990-07-16 to the trough of 1990-10-11 (Iraq invades Kuwait)'),
  w('1998 LTCM', '1998-07-17', '1998-10-08', 'SPX peak 1998-07-17 to the trough of 1998-10-08 (Russia default, LTCM)'),
  w('1999-2000 IPO wave', '1999-10-15', '2000-03-23', 'the dot-com IPO wave: from the 1999-10-15 low to the eve of the SPX peak of 2000-03-24 (Nasdaq topped 03-10); a fast rise with VIX in the 20s, where call-side breaches dominate'),
  w('2000-01 dot-com bust', '2000-03-24', '2001-04-04', 'SPX peak 1527.46 on 2000-03-24 to the 2001-04-04 trough (1103.25) as the IPO-wave stocks collapsed'),
  w('2001-09 attacks', '2001-09-10', '2001-10-11', 'the last close before 9/11, the reopening sell-off to the 09-21 low and the rebound to 10-11'),
  w('2007-02 subprime lenders', '2007-02-20', '2007-03-05', 'SPX 2007-02-20 to the 03-05 trough: subprime lenders fail (New Century), the 02-27 Shanghai sell-off'),
  w('2007-07 REIT and subprime', '2007-07-19', '2007-08-15', 'SPX peak 2007-07-19 to the 08-15 trough: Bear Stearns mortgage funds, mortgage REITs fail (American Home, 08-06), the quant unwind'),
  w('2008 Sep-Nov', '2008-09-01', '2008-11-28', 'Lehman (09-15) through the 11-20 trough; VIX peak close 80.86 on 11-20'),
  w('2010 flash crash', '2010-04-23', '2010-07-02', 'SPX peak 2010-04-23, flash crash 05-06, trough 2010-07-02'),
  w('2011-08 downgrade', '2011-07-22', '2011-10-03', 'SPX peak 2011-07-22 to the 2011-10-03 trough (US downgrade, euro crisis)'),
  w('2015-08 yuan', '2015-08-17', '2015-09-30', 'SPX 2015-08-17 before the devaluation sell-off, 08-24 crash, retest 09-29'),
  w('2018-02 Volmageddon', '2018-01-26', '2018-02-28', 'SPX peak 2018-01-26, XIV collapse 02-05, trough 02-08'),
  w('2018-Q4', '2018-10-01', '2018-12-31', 'from the 09/10-2018 top to the 12-24 trough and the year end'),
  w('2020 Covid', '2020-02-19', '2020-03-31', 'SPX peak 2020-02-19 to the 03-23 trough; VIX peak close 82.69 on 03-16'),
  w('2022 bear market', '2022-01-03', '2022-12-30', 'SPX peak 2022-01-03 through the 10-12 trough to the year end'),
  w('2024-08 carry unwind', '2024-07-16', '2024-08-16', 'SPX peak 2024-07-16, yen-carry unwind and VIX spike 08-05, recovery by mid-August'),
  w('2025 tariffs', '2025-02-19', '2025-04-30', 'SPX peak 2025-02-19, tariff shock 04-02, trough 04-08, rebound to month end'),
];

export interface CrisisScorecard {
  name: string;
  from: IsoDate;
  to: IsoDate;
  /** True when the window was cut to the data range. */
  clipped: boolean;
  condorPnl: number;
  hedgePnl: number;
  hedgePnlByLayer: { L1: number; L2: number; L3: number };
  /** Equity change over the window: condor + hedges + interest − fees. */
  netPnl: number;
  /** Largest drawdown inside the window, measured from the equity at its start (positive fraction). */
  maxDrawdown: number;
}

/** First index with dates[i] >= d (dates.length if none). */
function lowerBound(dates: readonly IsoDate[], d: IsoDate): number {
  let lo = 0, hi = dates.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((dates[mid] ?? '') < d) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Scorecard of one policy over one window. P&L runs from the close of the last trading day
 * before `from` (the base) to the close of the last day <= `to`: the sum of the daily P&L of
 * the days in [from, to]. Returns null when the window lies outside the data.
 */
export function crisisScorecard(dates: readonly IsoDate[], run: PolicyRun, win: CrisisWindow): CrisisScorecard | null {
  if (win.to < win.from) throw new InputError('crisis', `${win.name}: to (${win.to}) is before from (${win.from})`);
  const i0 = lowerBound(dates, win.from);
  const i1 = lowerBound(dates, win.to) - (dates[lowerBound(dates, win.to)] === win.to ? 0 : 1);
  if (i0 >= dates.length || i1 < i0 || i1 < 0) return null;
  const first = dates[0];
  const last = dates[dates.length - 1];
  const clipped = (first !== undefined && win.from < first) || (last !== undefined && win.to > last);
  const base = i0 > 0 ? i0 - 1 : 0;
  const start = i0 > 0 ? i0 : 1;
  let condor = 0, l1 = 0, l2 = 0, l3 = 0;
  for (let i = start; i <= i1; i++) {
    condor += run.pnl.condor[i] ?? 0;
    l1 += run.pnl.L1[i] ?? 0;
    l2 += run.pnl.L2[i] ?? 0;
    l3 += run.pnl.L3[i] ?? 0;
  }
  const from = dates[i0] ?? win.from;
  const to = dates[i1] ?? win.to;
  return {
    name: win.name,
    from,
    to,
    clipped,
    condorPnl: condor,
    hedgePnl: l1 + l2 + l3,
    hedgePnlByLayer: { L1: l1, L2: l2, L3: l3 },
    netPnl: (run.equity[i1] ?? 0) - (run.equity[base] ?? 0),
    maxDrawdown: drawdown(run.equity, base, i1).maxDrawdown,
  };
}

/** Scorecards of one policy over every window that overlaps the data (others skipped). */
export function crisisScorecards(dates: readonly IsoDate[], run: PolicyRun, windows: readonly CrisisWindow[] = CRISIS_WINDOWS): CrisisScorecard[] {
  const out: CrisisScorecard[] = [];
  for (const win of windows) {
    const s = crisisScorecard(dates, run, win);
    if (s !== null) out.push(s);
  }
  return out;
}

/** Scorecards of every policy of a result. */
export function allCrisisScorecards(r: BacktestResult, windows: readonly CrisisWindow[] = CRISIS_WINDOWS): Record<string, CrisisScorecard[]> {
  const out: Record<string, CrisisScorecard[]> = {};
  for (const [name, run] of Object.entries(r.policies)) out[name] = crisisScorecards(r.dates, run, windows);
  return out;
}
