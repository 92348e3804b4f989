/** `alvh scenario`: the modelled P&L of a book on a grid of SPX moves × VIX levels at a horizon. */
import type { Command } from 'commander';
import { InputError } from '../../core/errors.js';
import type { IsoDate } from '../../core/time.js';
import { ALTERNATIVES_MODELLED } from '../../market/chainQuotes.js';
import { defaultSignal } from '../engineWiring.js';
import type { MarketData } from '../../market/types.js';
import { tradingDayIndex } from '../../market/series.js';
import { DEFAULT_CALIBRATION, dayModel, type DayModel } from '../../portfolio/marketModel.js';
import { calibrationFromFlag, calibrationNote, CALIBRATION_FLAG_HELP, type CalibrationChoice } from '../calibrationFlag.js';
import { chainsFromFlag, type ChainsRun } from '../chainsRun.js';
import { defaultSignalSettings, unstoredSignal } from '../publishSignal.js';
import { DEFAULT_SPX_MOVES_FRAC, DEFAULT_VIX_LEVELS_PTS, runScenario, type ScenarioBook, type ScenarioHorizon, type ScenarioOptions, type ScenarioResult } from '../../engine/scenario.js';
import { parseHorizon, parseSpxMovesPct, parseVixLevels } from '../../web/params.js';
import { printJson } from '../io.js';
import { date as dateFlag, optNum } from '../options.js';
import { bookFromJson, readBookFile, storedSignalBook, type ParsedBook } from '../scenarioBook.js';
import { homeMarketData } from '../market.js';
import { addHomeOption, withStore } from '../home.js';
import { systemClock } from '../../core/time.js';
import { getSignal, latestSignal } from '../../store/index.js';

interface ScenarioFlags {
  home?: string;
  date?: string;
  book?: string;
  spxMoves?: string;
  vix?: string;
  horizon?: string;
  futuresBeta?: string;
  json?: boolean;
  chains?: string;
  calibration?: string;
}

/** --chains and --calibration of a scenario: the day view it prices with. */
export interface ScenarioPricing {
  readonly calibration?: CalibrationChoice;
  readonly chains?: ChainsRun | null;
}

/** A scenario priced on real chains or another calibration says so: where its prices come from, and how many of today's option positions a chain quoted. */
export type PricedScenario = ScenarioResult & { readonly prices?: { readonly from: readonly string[]; readonly listedPositions: number; readonly optionPositions: number } };

/** The option positions of a book (condor legs and VIX options) and how many of them the day view's chain lists. */
function listedCount(m: DayModel, book: ScenarioBook): { listed: number; all: number } {
  const quotes: boolean[] = [];
  const c = book.condor;
  if (c !== null) for (const l of c.legs) quotes.push((m.listedQuote?.('SPX', l.type, c.expiry, l.strike) ?? null) !== null);
  for (const h of book.hedge) {
    const i = h.instrument;
    if (i.kind === 'vixOption') quotes.push((m.listedQuote?.('VIX', i.type, i.expiry as IsoDate, i.strike) ?? null) !== null);
  }
  return { listed: quotes.filter((x) => x).length, all: quotes.length };
}


/** The scenario of `book` on the close of `date`, priced by the market model of that day. */
export function scenarioOnDay(
  data: MarketData,
  date: IsoDate,
  book: ScenarioBook,
  grid: { spxMovesFrac: readonly number[] | null; vixLevelsPts: readonly number[] | null },
  horizon: ScenarioHorizon,
  options: ScenarioOptions = {},
  pricing: ScenarioPricing = {},
): PricedScenario {
  const i = tradingDayIndex(data.daily, date, 'date');
  const v = lastVixClose(data, i);
  if (v === null) throw new InputError('date', `no VIX close on or before ${date}`);
  const calib = pricing.calibration?.calib ?? DEFAULT_CALIBRATION;
  const chains = pricing.chains ?? null;
  const m = chains === null ? dayModel(data, i, calib) : chains.dayModel(data, i, calib);
  const r0 = runScenario(m, v.value, book, { spxMovesFrac: grid.spxMovesFrac ?? DEFAULT_SPX_MOVES_FRAC, vixLevelsPts: grid.vixLevelsPts ?? DEFAULT_VIX_LEVELS_PTS }, horizon, options);
  const r = v.date === date ? r0 : { ...r0, notes: [...r0.notes, `The data has no VIX close on ${date}: today's VIX is the last close, of ${v.date} (as the signal's inputs).`] };
  const from = [...(chains === null ? [] : [`Option marks: real end-of-day quotes from ${chains.dir} where listed (their mids), the model elsewhere. ${ALTERNATIVES_MODELLED}`]), ...(pricing.calibration === undefined ? [] : [calibrationNote(pricing.calibration)].filter((x): x is string => x !== null))];
  if (from.length === 0) return r;
  const n = listedCount(m, book);
  const real = chains === null ? [] : [`Today's marks: ${n.listed} of ${n.all} option positions on ${date}'s real quotes (the implied vols of their mids, which the scenarios shift), the rest modelled${chains.src.hasDay(date) ? '' : `; the chains have no quotes of ${date}`}.`];
  return { ...r, notes: [...from, ...real, ...r.notes], prices: { from, listedPositions: n.listed, optionPositions: n.all } };
}

/** The VIX close of row i, else the last one before it (the VIX series may end before SPX's). */
export function lastVixClose(data: MarketData, i: number): { value: number; date: IsoDate } | null {
  for (let j = i; j >= 0; j--) {
    const v = data.daily.vixClose[j];
    const d = data.daily.dates[j];
    if (v !== undefined && Number.isFinite(v) && v > 0 && d !== undefined) return { value: v, date: d };
  }
  return null;
}

const k = (v: number): string => `${v < 0 ? '-' : ''}${(Math.abs(v) / 1000).toFixed(1)}k`;

export function formatScenario(r: PricedScenario): string {
  const out: string[] = [];
  out.push(`Scenario of ${r.date} (SPX ${r.spot.toFixed(2)}, VIX ${r.vixPts.toFixed(2)}), horizon ${r.horizon.kind} = ${r.horizon.date} (+${r.horizon.days} days)`);
  const real = r.prices?.listedPositions ?? 0;
  out.push(`Today's ${real === 0 ? 'modelled mark' : `mark (${real} of ${r.prices?.optionPositions ?? 0} option positions on real quotes)`}: condor ${r.baseline.condorUsd.toFixed(0)} USD, hedge ${r.baseline.hedgeUsd.toFixed(0)} USD. P&L in thousands of USD against that mark.`);
  const head = ['VIX \\ SPX', ...r.spxMovesFrac.map((m) => `${(m * 100).toFixed(Number.isInteger(Math.round(m * 1e6) / 1e4) ? 0 : 2)}%`)];
  const width = 8;
  const line = (cells: string[]): string => cells.map((c, j) => (j === 0 ? c.padEnd(10) : c.padStart(width))).join('');
  for (const [title, m] of [['Total', r.totalPnlUsd], ['Condor', r.condorPnlUsd], ['Hedge', r.hedgePnlUsd]] as const) {
    out.push('', `${title} P&L (modelled):`, line(head));
    for (let i = r.vixLevelsPts.length - 1; i >= 0; i--) out.push(line([`VIX ${r.vixLevelsPts[i]}`, ...(m[i] ?? []).map(k)]));
  }
  out.push('', ...r.notes.map((n) => `Note: ${n}`));
  return `${out.join('\n')}\n`;
}

/**
 * Without --book: the stored signal of `date` (default: the latest stored signal), with the
 * live book of that date when fills were recorded for it, else the signal the engine
 * computes for `date` (default: the last day of the data) with the defaults of `alvh signal`.
 */
function signalBook(home: string | undefined, data: MarketData, date: IsoDate | undefined, lastDay: IsoDate, pricing: ScenarioPricing): ParsedBook & { note: string | null } {
  const stored = withStore(home, systemClock, (store) => {
    const s = date === undefined ? latestSignal(store) : getSignal(store, date);
    return s === null ? null : { date: s.date, ...storedSignalBook(store, s, data) };
  });
  if (stored !== null) return stored;
  const day = date ?? lastDay;
  tradingDayIndex(data.daily, day, '--date');
  const plain = pricing.calibration === undefined && (pricing.chains ?? null) === null;
  const signal = plain ? defaultSignal(data, day) : unstoredSignal(data, day, { ...defaultSignalSettings(), ...pricing });
  return { date: day, book: bookFromJson(signal, `signal ${day}`).book, note: null };
}

export function register(program: Command): void {
  const cmd = program
    .command('scenario')
    .description('Modelled P&L of the condor and the hedge book on a grid of SPX moves × VIX levels, today, at the condor expiry or N days ahead.')
    .option('--date <YYYY-MM-DD>', 'trading day whose close prices the book (default: the book file\'s date, else the last day of the data)')
    .option('--book <file>', 'the book as JSON: an explicit book or the output of alvh signal --json (default: the stored signal of --date or the latest, else the signal of --date or the last data day)')
    .option('--spx-moves <from:to:step>', 'SPX moves in percent, FROM:TO:STEP or a comma list (default -10:5:1)')
    .option('--vix <levels>', 'VIX levels in points, comma-separated (default 12,15,20,25,30,40,60,80)')
    .option('--horizon <h>', 'today | expiry | Nd (N calendar days)', 'today')
    .option('--futures-beta <b>', "elasticity of VIX futures to spot VIX in F' = w·F·(VIX'/VIX)^b + (1 − w)·VIX' (default 1; below 1 damps long tenors)")
    .option('--chains <dir>', "today's marks (and, without --book, the signal's strikes) on your end-of-day chains in DIR where they list the contracts, the model elsewhere")
    .option('--calibration <file>', CALIBRATION_FLAG_HELP)
    .option('--json', 'print only JSON');
  addHomeOption(cmd)
    .addHelpText(
      'after',
      `
Examples:
  alvh scenario --horizon expiry
  alvh scenario --book examples/book.json --horizon expiry
  alvh scenario --book examples/book.json --spx-moves -20:5:2.5 --vix 15,30,45,60 --horizon 10d --json
  alvh scenario --date 2024-01-05 --chains ./my-chains --horizon expiry

A book file is either explicit:
  {"date": "2026-01-30",
   "condor": {"expiration": "2026-02-02", "legs": [{"type": "put", "strike": 6750, "qty": 5}, …]},
   "hedge": [{"layer": "L1", "kind": "vixCall", "expiration": "2026-04-15", "strike": 22, "qty": 10},
             {"layer": "L3", "kind": "vixFuture", "expiration": "2026-02-18", "qty": 1}]}
or a signal printed by alvh signal --json. Quantities are signed contracts (+ long, − short).
P&L is against today's modelled mark of the same positions; prices are modelled.
With --chains DIR, today's marks are the chain's mids where it lists the contracts (the
scenarios shift the smile of their implied vols) and, without --book, the signal's strikes are
chosen on them; the output says how many positions were priced on real quotes.
--calibration FILE prices with a calibration written by alvh calibrate --fit --out.`,
    )
    .action((flags: ScenarioFlags) => {
      const horizon = parseHorizon('--horizon', flags.horizon ?? 'today');
      const spxMovesFrac = flags.spxMoves === undefined ? null : parseSpxMovesPct('--spx-moves', flags.spxMoves);
      const vixLevelsPts = flags.vix === undefined ? null : parseVixLevels('--vix', flags.vix);
      // the embedded data with the store's `alvh data update` rows (a stored signal of a new day)
      const data = homeMarketData(flags.home, systemClock);
      const last = data.daily.dates[data.daily.n - 1];
      if (last === undefined) throw new InputError('data', 'the data set is empty');
      const pricing: ScenarioPricing = { ...(flags.calibration === undefined ? {} : { calibration: calibrationFromFlag(flags.calibration) }), chains: chainsFromFlag(flags.chains, flags.home) };
      const parsed = flags.book !== undefined ? { ...readBookFile('--book', flags.book), note: null } : signalBook(flags.home, data, flags.date === undefined ? undefined : dateFlag('--date', flags.date), last, pricing);
      const day = flags.date !== undefined ? dateFlag('--date', flags.date) : (parsed.date ?? last);
      tradingDayIndex(data.daily, day, '--date');
      const beta = optNum('--futures-beta', flags.futuresBeta);
      if (beta !== undefined && !(beta >= 0 && beta <= 2)) throw new InputError('--futures-beta', `must be in [0, 2], got ${beta}`);
      const run = scenarioOnDay(data, day, parsed.book, { spxMovesFrac, vixLevelsPts }, horizon, beta === undefined ? {} : { futuresElasticity: beta }, pricing);
      const r = parsed.note === null ? run : { ...run, notes: [parsed.note, ...run.notes] };
      if (flags.json === true) printJson(r);
      else process.stdout.write(formatScenario(r));
    });
}
