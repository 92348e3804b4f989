/** `alvh scenario`: the modelled P&L of a book on a grid of SPX moves × VIX levels at a horizon. */
import type { Command } from 'commander';
import { InputError } from '../../core/errors.js';
import type { IsoDate } from '../../core/time.js';
import { defaultSignal } from '../engineWiring.js';
import type { MarketData } from '../../market/types.js';
import { tradingDayIndex } from '../../market/series.js';
import { DEFAULT_CALIBRATION, dayModel } from '../../portfolio/marketModel.js';
import { DEFAULT_SPX_MOVES_FRAC, DEFAULT_VIX_LEVELS_PTS, runScenario, type ScenarioBook, type ScenarioHorizon, type ScenarioOptions, type ScenarioResult } from '../../portfolio/scenario.js';
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
}


/** The scenario of `book` on the close of `date`, priced by the market model of that day. */
export function scenarioOnDay(
  data: MarketData,
  date: IsoDate,
  book: ScenarioBook,
  grid: { spxMovesFrac: readonly number[] | null; vixLevelsPts: readonly number[] | null },
  horizon: ScenarioHorizon,
  options: ScenarioOptions = {},
): ScenarioResult {
  const i = tradingDayIndex(data.daily, date, 'date');
  const v = lastVixClose(data, i);
  if (v === null) throw new InputError('date', `no VIX close on or before ${date}`);
  const r = runScenario(dayModel(data, i, DEFAULT_CALIBRATION), v.value, book, { spxMovesFrac: grid.spxMovesFrac ?? DEFAULT_SPX_MOVES_FRAC, vixLevelsPts: grid.vixLevelsPts ?? DEFAULT_VIX_LEVELS_PTS }, horizon, options);
  return v.date === date ? r : { ...r, notes: [...r.notes, `The data has no VIX close on ${date}: today's VIX is the last close, of ${v.date} (as the signal's inputs).`] };
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

export function formatScenario(r: ScenarioResult): string {
  const out: string[] = [];
  out.push(`Scenario of ${r.date} (SPX ${r.spot.toFixed(2)}, VIX ${r.vixPts.toFixed(2)}), horizon ${r.horizon.kind} = ${r.horizon.date} (+${r.horizon.days} days)`);
  out.push(`Today's modelled mark: condor ${r.baseline.condorUsd.toFixed(0)} USD, hedge ${r.baseline.hedgeUsd.toFixed(0)} USD. P&L in thousands of USD against that mark.`);
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
function signalBook(home: string | undefined, data: MarketData, date: IsoDate | undefined, lastDay: IsoDate): ParsedBook & { note: string | null } {
  const stored = withStore(home, systemClock, (store) => {
    const s = date === undefined ? latestSignal(store) : getSignal(store, date);
    return s === null ? null : { date: s.date, ...storedSignalBook(store, s, data) };
  });
  if (stored !== null) return stored;
  const day = date ?? lastDay;
  tradingDayIndex(data.daily, day, '--date');
  return { date: day, book: bookFromJson(defaultSignal(data, day), `signal ${day}`).book, note: null };
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
    .option('--json', 'print only JSON');
  addHomeOption(cmd)
    .addHelpText(
      'after',
      `
Examples:
  alvh scenario --horizon expiry
  alvh scenario --book examples/book.json --horizon expiry
  alvh scenario --book examples/book.json --spx-moves -20:5:2.5 --vix 15,30,45,60 --horizon 10d --json

A book file is either explicit:
  {"date": "2026-01-30",
   "condor": {"expiration": "2026-02-02", "legs": [{"type": "put", "strike": 6750, "qty": 5}, …]},
   "hedge": [{"layer": "L1", "kind": "vixCall", "expiration": "2026-04-15", "strike": 22, "qty": 10},
             {"layer": "L3", "kind": "vixFuture", "expiration": "2026-02-18", "qty": 1}]}
or a signal printed by alvh signal --json. Quantities are signed contracts (+ long, − short).
P&L is against today's modelled mark of the same positions; prices are modelled.`,
    )
    .action((flags: ScenarioFlags) => {
      const horizon = parseHorizon('--horizon', flags.horizon ?? 'today');
      const spxMovesFrac = flags.spxMoves === undefined ? null : parseSpxMovesPct('--spx-moves', flags.spxMoves);
      const vixLevelsPts = flags.vix === undefined ? null : parseVixLevels('--vix', flags.vix);
      // the embedded data with the store's `alvh data update` rows (a stored signal of a new day)
      const data = homeMarketData(flags.home, systemClock);
      const last = data.daily.dates[data.daily.n - 1];
      if (last === undefined) throw new InputError('data', 'the data set is empty');
      const parsed = flags.book !== undefined ? { ...readBookFile('--book', flags.book), note: null } : signalBook(flags.home, data, flags.date === undefined ? undefined : dateFlag('--date', flags.date), last);
      const day = flags.date !== undefined ? dateFlag('--date', flags.date) : (parsed.date ?? last);
      tradingDayIndex(data.daily, day, '--date');
      const beta = optNum('--futures-beta', flags.futuresBeta);
      if (beta !== undefined && !(beta >= 0 && beta <= 2)) throw new InputError('--futures-beta', `must be in [0, 2], got ${beta}`);
      const run = scenarioOnDay(data, day, parsed.book, { spxMovesFrac, vixLevelsPts }, horizon, beta === undefined ? {} : { futuresElasticity: beta });
      const r = parsed.note === null ? run : { ...run, notes: [parsed.note, ...run.notes] };
      if (flags.json === true) printJson(r);
      else process.stdout.write(formatScenario(r));
    });
}
