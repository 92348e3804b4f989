/**
 * The simulation kernel shared by the backtest and the daily signal (DESIGN §4: one code
 * path; only the clock, the data and the sink differ). It walks the trading days of a
 * range once; on each day it runs every policy's book through the same steps:
 *
 *   open   1. interest on the overnight cash balance (T-bill, ACT/365; none on a negative balance)
 *          2. VIX options expiring today settle at the SOQ proxy: today's VIX open
 *             (before 2004-06-14 Cboe published no VIX open: the close is used instead);
 *             AM-settled (monthly) condors expiring today settle at the SPX open (SET proxy)
 *          3. (0DTE only) the day's condor opens at the SPX open
 *   close  4. PM-settled condors expiring today settle at the SPX close
 *          4b. (optional) N-DTE condors hit by the profit-take or stop rule are bought back
 *          5. the hedge decision of the policy (hedge/stepHedge) from today's inputs
 *          6. the new condor opens (1DTE/N-DTE) sized on pre-trade equity
 *          7. each hedge layer rolls / rebalances toward its target (fractional units, or
 *             whole contracts with `sizing: 'whole'`)
 *          8. everything is marked to the model: equity, P&L by tag, exposure by layer;
 *             a book whose equity falls to 0 or below is ruined: from the next day it opens
 *             nothing and its open positions run off to expiry
 *
 * The day's shared facts are in engine/marketDay.ts, valuation in engine/valuation.ts, the
 * trades in engine/execution.ts (through the reality models of engine/reality.ts), the hedge
 * layers' targeting in engine/hedgeLayers.ts and the book in engine/book.ts.
 *
 * The condor schedule (strikes and per-contract credit) is computed once per day and
 * shared by all policies: each policy sells the same condor, its contract count scaled
 * by its own condor notional (its equity by default, so sizes compound per policy).
 *
 * Pure: no I/O, no clock. Every input at day i comes from data up to day i (indicators
 * are causal, the model of day i reads day i's closes; a 0DTE condor is priced from the
 * previous close's smile re-centred on today's open), so results up to day t do not
 * depend on data after t.
 */
import { invariant } from '../core/errors.js';
import { daysBetween, type IsoDate } from '../core/time.js';
import { rangeIndices } from '../market/series.js';
import type { MarketData } from '../market/types.js';
import { ETP_START_LEVEL } from '../pricing/vixEtp.js';
import { stepHedge, type AlvhDecision } from '../hedge/index.js';
import { condorContracts } from '../strategy/condor.js';
import { bookCheckpoint, createBook, snapshotOf, equityBeforeTrades, layerBase, markBook, resumeRange, type BookMarks, type PolicyBook } from './book.js';
import { CHECKPOINT_FORMAT } from './checkpoint.js';
import { accrueAlt, manageCondors, openCondor, settleCondors, settleVixLegs } from './execution.js';
import { manageAltLayer, manageOptionLayer } from './hedgeLayers.js';
import { dayTape, tapeDay } from './dayTape.js';
import { bookMarks, checkConfig, runInputs, simulationNotes, withValuations, type DayCarry, type MarketDay } from './marketDay.js';
import { NO_REGIME } from './runArrays.js';
import { LAYER_NAMES, type SimulationConfig, type SimulationOptions, type SimulationResult } from './types.js';

const REGIME_CODES: Readonly<Record<string, number>> = { low: 0, moderate: 1, high: 2 };

/** What a book's step on one day reads besides the day itself. */
interface BookDayContext {
  readonly cfg: SimulationConfig;
  readonly data: MarketData;
  readonly day: MarketDay;
  readonly hasPrevDay: boolean;
  readonly explain: boolean;
  readonly stopOnRuin: boolean;
  readonly marks: BookMarks;
}

/** Steps 1-4 of a book: interest, settlements at the open, a 0DTE condor, settlements at the close, management. */
function openToClose(b: PolicyBook, c: BookDayContext, ruined: boolean): void {
  const { day, cfg } = c;
  const x = day.exec;
  const d = c.data.daily;
  const i = day.i;
  // 1. Interest on the overnight balance.
  if (c.hasPrevDay) b.ledger.accrueInterest(x.t, d.rateFrac[i - 1] as number, daysBetween(d.dates[i - 1] as IsoDate, x.date));
  // 2. VIX settlements at the open; AM-settled condors at the open (SET proxy).
  for (const layer of LAYER_NAMES) settleVixLegs(b, x, layer, day.soq);
  if (b.condors.length > 0) settleCondors(b, x, 'am', day.spxOpen);
  // 2b. Variance swaps accrue today's SPX return and settle at the close of their expiry.
  if (x.alt !== null) for (const layer of LAYER_NAMES) accrueAlt(b, x, x.alt, layer);
  // 3. A 0DTE condor opens at the open, sized on yesterday's closing equity (today's marks are not known yet).
  if (cfg.condor.dte === 0 && day.condor.status === 'quoted' && day.condorLegs !== null && !ruined) {
    const atOpen = cfg.condor.notionalMode === 'fixed' || !c.hasPrevDay ? cfg.notional : b.prevEquityUsd;
    const nc = condorContracts(day.condor.maxLossPerContract, cfg.condor, atOpen);
    if (nc > 0) openCondor(b, x, day.condor, day.condorLegs, nc, day.condorStyle);
  }
  // 4. PM-settled condors at the close; 4b. optional management of the N-DTE condors still open.
  if (b.condors.length > 0) settleCondors(b, x, 'pm', { value: day.spxClose, rule: 'spxClosePM' });
  if ((cfg.condor.profitTakeFrac !== null || cfg.condor.stopLossMult !== null) && b.condors.length > 0) manageCondors(b, x, cfg.condor);
}

/** Steps 5-7 of a live book: the decision's record, the new condor (1DTE / N-DTE) on pre-trade equity, the hedge layers. Returns the notional. */
function tradeAtClose(b: PolicyBook, c: BookDayContext): number {
  const { day, cfg } = c;
  const x = day.exec;
  const t = x.t;
  const run = b.run;
  const dec = b.decision;
  invariant(dec !== null, 'the hedge decided before the close');
  run.targetFraction[t] = b.named.policy.kind === 'none' ? Number.NaN : dec.targetFraction;
  if (dec.regime !== null) run.regime[t] = REGIME_CODES[dec.regime] ?? NO_REGIME;
  if (dec.signalScore01 !== null) run.signalScore[t] = dec.signalScore01;
  if (dec.policy === 'alvh') {
    const band = (dec as AlvhDecision).band;
    run.bandLo[t] = band.lo;
    run.bandHi[t] = band.hi;
  }
  const notional = cfg.condor.notionalMode === 'fixed' ? cfg.notional : equityBeforeTrades(b, x.date, c.marks);
  run.notionalUsd[t] = notional;
  if (cfg.condor.dte > 0 && day.condor.status === 'quoted' && day.condorLegs !== null) {
    const nc = condorContracts(day.condor.maxLossPerContract, cfg.condor, notional);
    if (nc > 0) openCondor(b, x, day.condor, day.condorLegs, nc, day.condorStyle);
  }
  const basis = b.terms.basis;
  for (const lt of dec.layers) {
    const def = b.terms.layers[lt.layer];
    if (def === undefined) continue;
    const base = layerBase(b, t, lt.layer, notional);
    if (!(base > 0) && (basis === 'creditShare' || basis === 'ratio')) {
      b.actions.push({ layer: lt.layer, action: 'hold', reason: `the ${basis} budget has no base today (no condor credit or contracts): held` });
      continue;
    }
    const order = { layer: lt.layer, def, targetUsd: base * lt.targetFraction, rule: dec.rebalance, listedExpiries: day.listedExpiries };
    if (def.instrument === 'vixFuturesEtp' || def.instrument === 'spxVarianceSwap') {
      invariant(x.alt !== null, 'alternative instruments need the shared alternative inputs');
      b.actions.push(manageAltLayer(b, x, x.alt, order));
    } else b.actions.push(manageOptionLayer(b, x, order));
  }
  return notional;
}

/** One book's day: open to close, the hedge decision, the close's trades (none once ruined), the marks. */
function bookDay(b: PolicyBook, c: BookDayContext): void {
  const ruined = c.stopOnRuin && b.run.ruinedOn !== null;
  b.actions = [];
  openToClose(b, c, ruined);
  // 5. The hedge decision.
  const step = stepHedge(b.named.policy, b.hedgeState, c.day.hedgeInputs, { explain: c.explain });
  b.hedgeState = step.state;
  b.decision = step.decision;
  if (ruined) {
    // A ruined book trades no more: its positions run off to expiry.
    b.run.targetFraction[c.day.exec.t] = Number.NaN;
    markBook(b, c.day.exec.t, c.day.exec.date, 0, c.marks);
    return;
  }
  const notional = tradeAtClose(b, c);
  // 8. Marks, equity, P&L by tag.
  markBook(b, c.day.exec.t, c.day.exec.date, notional, c.marks);
}

/** Walks the range once for every policy. */
export function simulate(data: MarketData, cfg: SimulationConfig, opts: SimulationOptions = {}): SimulationResult {
  checkConfig(data, cfg);
  const resume = cfg.resume;
  const { start, end } = resume === undefined ? rangeIndices(data.daily, cfg.from, cfg.to) : resumeRange(data, cfg, resume);
  const n = end - start + 1;
  const dates = data.daily.dates.slice(start, end + 1);
  const r = runInputs(data, cfg);
  const condorEligible = new Uint8Array(n);
  const setup = {
    dates,
    openingCents: Math.round(cfg.notional * 100),
    condorEligible,
    fixedCapitalUsd: cfg.condor.notionalMode === 'fixed' ? cfg.notional : null,
    whole: cfg.condor.sizing === 'whole',
    condorDte: cfg.condor.dte,
    keepLedgerEntries: opts.keepLedgerEntries ?? false,
    recordTrades: opts.recordTrades ?? true,
    resume,
  };
  const books = cfg.policies.map((named) => createBook(named, setup));
  const condors: SimulationResult['condors'][number][] = [];
  const progressEvery = Math.max(1, Math.floor(n / 50));
  // Runs starting flat on the same day share their market days (engine/dayTape.ts).
  const initial = (): DayCarry => ({ prevModel: start > 0 ? r.modelOf(data, start - 1, cfg.calib) : null, etpLevel: resume?.etpLevel ?? ETP_START_LEVEL });
  const tape = dayTape(data, cfg, r, start, initial, resume === undefined && cfg.userSeries === undefined);
  let etpLevel = resume?.etpLevel ?? ETP_START_LEVEL;
  for (let t = 0; t < n; t++) {
    // A resumed run continues from the checkpoint's close: its first day has a previous day.
    const hasPrevDay = t > 0 || resume !== undefined;
    const day = withValuations(r, tapeDay(tape, r, t, start + t, hasPrevDay));
    etpLevel = day.etpLevelAfter;
    condors.push(day.condor);
    if (day.condor.status === 'quoted') condorEligible[t] = 1;
    const ctx: BookDayContext = { cfg, data, day, hasPrevDay, explain: opts.explainLastDay === true && t === n - 1, stopOnRuin: cfg.stopOnRuin === true, marks: bookMarks(day) };
    for (const b of books) bookDay(b, ctx);
    if (opts.onProgress !== undefined && (t % progressEvery === 0 || t === n - 1)) opts.onProgress((t + 1) / n);
  }
  // A resumed run is the tail of one run: its notes speak of that run's whole period.
  const firstDate = resume?.firstDate ?? (dates[0] as IsoDate);
  const lastDate = dates[n - 1] as IsoDate;
  const checkpoint = opts.checkpoint === true ? { format: CHECKPOINT_FORMAT, firstDate, date: lastDate, etpLevel, books: books.map(bookCheckpoint) } : undefined;
  return {
    dates,
    startIndex: start,
    runs: books.map((b) => b.run),
    condors,
    snapshots: books.map((b) => snapshotOf(b, lastDate, n - 1)),
    ledgers: books.map((b) => b.ledger),
    notes: simulationNotes(firstDate, lastDate, cfg.condor, r.usesAlt),
    ...(checkpoint === undefined ? {} : { checkpoint }),
  };
}
