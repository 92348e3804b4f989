/**
 * `alvh signal`: the condor and the hedge book of one day, as the backtest holds them.
 * Without --date (or with --home): today's signal, published once per date in the store,
 * with the order ticket from the store's live hedge book to the signal's book.
 */
import { EXPOSURE_BASES, fmtTarget, isBudgetBasis, targetUnit, type ExposureBasis } from '../../hedge/index.js';
import type { Command } from 'commander';
import { InputError } from '../../core/errors.js';
import { systemClock, type Clock, type IsoDate } from '../../core/time.js';
import type { MarketData } from '../../market/types.js';
import { defaultPolicy } from '../../hedge/index.js';
import type { DailySignal, SignalPrices } from '../../signals/daily.js';
import type { PublishedSignal } from '../../signals/today.js';
import { ticketCsv, ticketText } from '../../signals/ticket.js';
import { staleLine, type StaleInput } from '../../signals/freshness.js';
import { getSignal, readSeries, storePath, type StoredSignal, type Store } from '../../store/index.js';
import { DATA_FILES, embeddedDataDir } from '../../adapters/csvMarketData.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { addHomeOption, homeDir, withStore } from '../home.js';
import { printJson, writeFileAtomic } from '../io.js';
import { date } from '../options.js';
import { EXIT_STALE, publishDailySignal, republishDailySignal, StaleSignalError, unstoredSignal, type PublishResult, type SignalSettings } from '../publishSignal.js';
import { homeMarketData } from '../market.js';
import { calibrationFromFlag, CALIBRATION_FLAG_HELP } from '../calibrationFlag.js';
import { chainsFromFlag } from '../chainsRun.js';
import { condorFromFlags, loadEmbeddedData, notionalFromFlag, pct, readPolicyFile, usd0, userSeriesFromFlags, type CondorFlags } from '../engineInputs.js';

interface SignalFlags extends CondorFlags {
  date?: string;
  policy?: string;
  notional?: string;
  compound?: boolean;
  json?: boolean;
  home?: string;
  ticket?: string;
  strict?: boolean;
  republish?: boolean;
  reason?: string;
  userSeries: string[];
  chains?: string;
  calibration?: string;
}

/** The store series behind each signal input (the rows `alvh data update` writes). */
const INPUT_SERIES: Readonly<Record<string, string>> = { spx: 'SPX', vix: 'VIX', vix9d: 'VIX9D', vix3m: 'VIX3M', vix6m: 'VIX6M', vix1d: 'VIX1D', vvix: 'VVIX', vx: 'VX', breadth: 'BREADTH', rate: 'TBILL' };

/** The stale-inputs line of a signal (null when fresh or stored before freshness was recorded). */
export function signalStaleLine(s: Partial<Pick<DailySignal, 'stale' | 'staleReference'>> & { date: string }): string | null {
  if (s.stale === undefined) return null;
  return staleLine({ stale: s.stale, ...(s.staleReference === undefined ? {} : { reference: s.staleReference }) }, s.date);
}

/** The signal's prices in a few words: how many of the day's option fills and condor legs were real. */
function pricesWords(p: SignalPrices): string {
  const legs = p.condorLegs === null ? '' : `, condor legs ${p.condorLegs.map((l) => (l === 'chain' ? 'real' : 'modelled')).join('/')}`;
  return `${p.optionFills.chain} of ${p.optionFills.all} option fills of the day on real quotes${legs}`;
}

export function humanSignal(s: DailySignal, note: string | null): string {
  const out: string[] = [];
  const stale = signalStaleLine(s);
  if (stale !== null) out.push(stale);
  if (note !== null) out.push(note);
  out.push(`Signal for ${s.date} (policy ${s.hedge.policy}, ${s.prices === undefined ? 'modelled prices' : pricesWords(s.prices)})`);
  for (const line of s.prices?.from ?? []) out.push(`  ${line}`);
  out.push(`  SPX ${s.inputs.spxClose.toFixed(2)}  VIX ${s.inputs.vixClose.toFixed(2)}  regime ${s.regime ?? '-'}`);
  const c = s.condor;
  if (c.status === 'opened') {
    const legs = c.legs.map((l) => `${l.qty > 0 ? '+' : ''}${l.qty} ${l.type} ${l.strike}`).join(', ');
    out.push(`Condor: ${c.contracts} × expiring ${c.expiration ?? '-'}: ${legs}`);
    out.push(`  credit ${c.creditPerContract?.toFixed(2) ?? '-'} USD, max loss ${c.maxLossPerContract?.toFixed(2) ?? '-'} USD per condor; break-evens ${c.breakevens?.lower.toFixed(2) ?? '-'} / ${c.breakevens?.upper.toFixed(2) ?? '-'}`);
  } else out.push(`Condor: none today (${c.reason ?? ''})`);
  const basis = s.hedge.basis !== null && (EXPOSURE_BASES as readonly string[]).includes(s.hedge.basis) ? (s.hedge.basis as ExposureBasis) : null;
  const target = basis !== null && isBudgetBasis(basis) ? `${fmtTarget(basis, s.hedge.targetFraction)} ${targetUnit(basis)}, notional ${usd0(s.hedge.notionalUsd)} USD` : `${pct(s.hedge.targetFraction)} of ${usd0(s.hedge.notionalUsd)} USD notional`;
  out.push(`Hedge: target ${target} (${s.hedge.basis ?? 'no'} basis), signal score ${s.hedge.signalScore === null ? '-' : s.hedge.signalScore.toFixed(3)}`);
  for (const l of s.hedge.layers) {
    const amount = (x: number): string => (basis === null ? pct(x) : fmtTarget(basis, x));
    out.push(`  ${l.name}: ${l.position === null ? 'flat' : `${l.contracts} × ${l.position}`}; exposure ${amount(l.exposure)} (target ${amount(l.targetFraction)}), value ${usd0(l.cost)} USD, today ${l.action}`);
  }
  out.push('Why:');
  for (const r of s.hedge.rationale) out.push(`  - ${r}`);
  return `${out.join('\n')}\n`;
}


function lastDay(data: MarketData): IsoDate {
  const last = data.daily.dates[data.daily.n - 1];
  if (last === undefined) throw new InputError('data', 'the market data set is empty');
  return last;
}

function signalInputs(flags: SignalFlags, data: MarketData): SignalSettings {
  const policy = flags.policy === undefined ? defaultPolicy('alvh') : readPolicyFile('--policy', flags.policy);
  return {
    policy: { name: flags.policy === undefined ? 'alvh' : policy.kind, policy },
    condor: condorFromFlags({ ...flags, fixedNotional: flags.compound !== true }),
    notional: notionalFromFlag(flags.notional),
    userSeries: userSeriesFromFlags(flags.userSeries, data),
    ...(flags.calibration === undefined ? {} : { calibration: calibrationFromFlag(flags.calibration) }),
    chains: chainsFromFlag(flags.chains, flags.home),
  };
}

function renameDateField<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof InputError && e.field === 'date') throw new InputError('--date', e.message.slice(e.field.length + 2));
    throw e;
  }
}

/** A past day from the data alone: nothing stored (the engine's historical signal). */
function historicalSignal(flags: SignalFlags & { date: string }): void {
  const data = loadEmbeddedData();
  const settings = signalInputs(flags, data);
  const day = date('--date', flags.date);
  const sig: DailySignal = renameDateField(() => unstoredSignal(data, day, settings));
  if (flags.strict === true && sig.stale.length > 0) throw new StaleSignalError(sig);
  if (flags.json === true) printJson(sig);
  else process.stdout.write(humanSignal(sig, null));
}

/**
 * The last trading day without parsing the data set: the embedded SPX file's last row, or a
 * later SPX close stored by `alvh data update` (the days the overlay adds). Null if unsure.
 */
function lastDayQuick(store: Store): IsoDate | null {
  let embedded: string;
  try {
    embedded = readFileSync(join(embeddedDataDir(), DATA_FILES.spx), 'utf8');
  } catch {
    return null;
  }
  const lastLine = embedded.trimEnd().slice(embedded.trimEnd().lastIndexOf('\n') + 1);
  let last = lastLine.slice(0, 10);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(last)) return null;
  for (const r of readSeries(store, 'SPX', { from: last })) if (r.field === 'close' && r.date > last) last = r.date;
  return last as IsoDate;
}

function printPublished(r: PublishResult & { newer?: string }, day: string, flags: SignalFlags): void {
  const sig = r.signal.payload as PublishedSignal | (DailySignal & { ticket?: undefined });
  const where = storePath(homeDir(flags.home));
  const fill = `record the real fills with \`alvh book fill TICKET.csv${flags.home === undefined ? '' : ` --home ${flags.home}`}\` (the --ticket CSV with filledQty and fillPrice filled in)`;
  const revised = r.signal.revision > 1 ? ` (revision ${r.signal.revision}: ${r.signal.reason ?? 'republished'})` : '';
  const status =
    r.status === 'inserted'
      ? `Published the signal of ${day} to ${where}; the live hedge book now records the signal's book as if the ticket filled at its limits: ${fill}.`
      : r.status === 'revised'
        ? `Republished the signal of ${day} to ${where} as revision ${r.signal.revision} (${r.signal.reason ?? ''}); the earlier version is kept. The live book of ${day} is the new signal's book as if its ticket filled: ${fill}.`
        : `The signal of ${day} was already published (${new Date(r.signal.createdAtMs).toISOString()})${revised}: showing the stored signal unchanged.`;
  const notes: string[] = [status];
  if (r.newer !== undefined) notes.push(r.newer);
  if (sig.ticket === undefined) notes.push(`The stored signal of ${day} has no order ticket (it was stored by an earlier version of alvh).`);
  if (flags.ticket !== undefined) {
    if (sig.ticket === undefined) throw new InputError('--ticket', `the stored signal of ${day} has no order ticket to write`);
    writeFileAtomic(flags.ticket, ticketCsv(sig.ticket));
    notes.push(`Ticket CSV written to ${flags.ticket}.`);
  }
  if (flags.json === true) {
    printJson(sig);
    process.stderr.write(`${notes.join('\n')}\n`);
    return;
  }
  process.stdout.write(`${humanSignal(sig, r.newer === undefined ? status : `${status}\n${r.newer}`)}\n${sig.ticket === undefined ? '' : ticketText(sig.ticket)}`);
  const rest = notes.slice(r.newer === undefined ? 1 : 2);
  if (rest.length > 0) process.stdout.write(`${rest.join('\n')}\n`);
}

/**
 * Today's signal (the last day of the data, or --date) published once in the store under
 * --home, with the ticket from the live hedge book. A second run prints the stored signal
 * (without --date it finds the last day without loading the data set).
 */
export function storedSignal(flags: SignalFlags, clock: Clock): void {
  // One connection for the whole run: the quick check, the updated rows and the publication.
  const r = withStore(flags.home, clock, (store) => {
    if (flags.date === undefined && flags.republish !== true) {
      const quick = lastDayQuick(store);
      const stored = quick === null ? null : getSignal(store, quick);
      if (stored !== null) return { r: { status: 'existing', signal: stored, ...newerData(store, stored) } as PublishResult & { newer?: string }, day: quick as string };
    }
    const data = homeMarketData(flags.home, clock, { writesHome: true, store });
    const day: IsoDate = flags.date === undefined ? lastDay(data) : date('--date', flags.date);
    const settings = signalInputs(flags, data);
    const opts = { today: flags.date === undefined, strict: flags.strict === true };
    if (flags.republish === true) {
      const reason = flags.reason ?? `republished after the data changed (${describeNewer(store, getSignal(store, day)) ?? 'no newer input rows found'})`;
      return { r: renameDateField(() => republishDailySignal(store, data, day, settings, reason, opts)), day: day as string };
    }
    const out: PublishResult & { newer?: string } = renameDateField(() => publishDailySignal(store, data, day, settings, undefined, opts));
    return { r: out.status === 'existing' ? { ...out, ...newerData(store, out.signal) } : out, day: day as string };
  });
  const payload = r.r.signal.payload as Partial<DailySignal> & { date: string };
  if (flags.strict === true && payload.stale !== undefined && payload.stale.length > 0) throw new StaleSignalError({ date: payload.date as IsoDate, stale: payload.stale, ...(payload.staleReference === undefined ? {} : { staleReference: payload.staleReference }) });
  printPublished(r.r, r.day, flags);
}

/** The stale inputs of a stored signal for which the store now holds rows after their as-of date, in words (null: none). */
function describeNewer(store: Store, s: StoredSignal | null): string | null {
  if (s === null) return null;
  const stale = ((s.payload as { stale?: readonly StaleInput[] }).stale ?? []).filter((x) => INPUT_SERIES[x.input] !== undefined);
  const parts: string[] = [];
  for (const x of stale) {
    const rows = readSeries(store, INPUT_SERIES[x.input] as string, { ...(x.asOf === null ? {} : { from: x.asOf }), to: s.date }).filter((row) => x.asOf === null || row.date > x.asOf);
    const last = rows[rows.length - 1]?.date;
    if (last !== undefined) parts.push(`${x.input} now to ${last} (was ${x.asOf ?? 'none'})`);
  }
  return parts.length === 0 ? null : parts.join(', ');
}

/** The hint that a stored signal's stale inputs have newer data now: `alvh signal --republish`. */
function newerData(store: Store, s: StoredSignal): { newer?: string } {
  const newer = describeNewer(store, s);
  return newer === null ? {} : { newer: `Newer data since this signal was published: ${newer}. \`alvh signal --republish\` recomputes the signal of ${s.date} on it (the published version is kept).` };
}

/** The command on a given clock (tests pass a fixed one: the day today's signal measures its inputs' ages to). */
export function makeRegister(deps: { clock: Clock }): (program: Command) => void {
  return (program) => registerOn(program, deps.clock);
}

export const register = makeRegister({ clock: systemClock });

function registerOn(program: Command, clock: Clock): void {
  const cmd = program
    .command('signal')
    .description("A day's condor and hedge book (strikes, contracts, layers and the reasons), exactly as the backtest holds them on that day; without --date, today's signal published once in the store with its order ticket.")
    .option('--date <YYYY-MM-DD>', "trading day (default: the last day of the data, with the store's `alvh data update` rows)")
    .option('--policy <file>', 'policy file (JSON/YAML; default: the default ALVH policy)')
    .option('--notional <usd>', 'your condor notional in dollars: sizes condors and hedges (default 100000)')
    .option('--compound', 'size on the equity of the history run since 1990 instead of a fixed notional')
    .option('--dte <n>', 'condor tenor in trading days (default 1)')
    .option('--short-delta <d>', 'short strike |delta| (default 0.10)')
    .option('--wing-width <pts>', 'wing width in SPX points (default: 1% of SPX, --wing-pct)')
    .option('--wing-pct <pct>', 'wing width in % of SPX (default 1)')
    .option('--risk-budget <frac>', 'risk budget as a fraction of notional (default 0.05)')
    .option('--user-series <NAME=FILE>', 'a CSV (date,value) for the signal.userSeries rules of the policy (repeatable)', (v: string, acc: string[]) => [...acc, v], [] as string[])
    .option('--ticket <file.csv>', 'also write the order ticket as CSV (store-backed runs)')
    .option('--strict', `refuse a signal built on a stale input (exit ${EXIT_STALE}, nothing stored)`)
    .option('--republish', 'recompute the stored signal of the day (the latest, or --date) on the data as it is now; the earlier version is kept')
    .option('--reason <text>', 'why the signal is republished (default: the inputs that have newer data)')
    .option('--chains <dir>', 'strikes and prices from your end-of-day chains in DIR where they list the contracts (fills and ticket limits on their bid/ask), the model elsewhere; the run replays from the first day')
    .option('--calibration <file>', CALIBRATION_FLAG_HELP)
    .option('--json', 'print only JSON');
  addHomeOption(cmd)
    .addHelpText(
      'after',
      `
Examples:
  alvh signal --home ~/.alvh --ticket today.csv
  alvh signal --home ~/.alvh --strict              # exit 3 if an input is older than its limit
  alvh data update --home ~/.alvh && alvh signal --home ~/.alvh --republish --reason "VIX closes added"
  alvh signal --date 2020-03-16
  alvh signal --date 2024-08-05 --policy ./my-alvh.json --json
  alvh signal --date 2024-01-05 --chains ./my-chains --calibration my-calibration.json

Without --date, alvh signal takes the last trading day of the data, computes the signal,
and publishes it in the store (--home, default $ALVH_HOME, else ~/.alvh) once per date: a
second run prints the stored signal unchanged. It prints the order ticket that takes the
store's live hedge book to the signal's book (modelled limit prices), and records that book
as the new live book in the same transaction as the signal. With --date and --home it does
the same for that day; with --date alone nothing is stored (a historical signal).

The book (regime hysteresis, RSI triggers, layer holdings) comes from running the backtest
from the first day of the data to the day. Sizes use a fixed --notional (your account) unless
--compound sizes them on that run's equity.

Every input carries its as-of date (JSON: inputsAsOf); an input older than its limit in
trading days (SPX, VIX, VIX9D, VIX3M, VIX6M, VIX1D, VVIX, VIX futures, NYSE breadth: 1; T-bill:
5; dividend yield: 130) is listed in "stale" and announced on the first line of the text and
the ticket; today's signal measures ages to today's date in New York. --strict refuses it.
--republish replaces the stored signal of the day with one computed on the current data (only
the latest day, before fills are recorded for it), keeping the earlier version and the reason.

--chains DIR: where your end-of-day chains list a contract, strikes are chosen on their mids and
fills and ticket limits are set on their bid/ask; the model prices the rest. The text, the JSON
("prices") and the ticket ("chain" per order) say which prices were real. --calibration FILE
prices with a calibration written by alvh calibrate --fit --out (the output names it).`,
    )
    .action((flags: SignalFlags) => {
      if (flags.reason !== undefined && flags.republish !== true) throw new InputError('--reason', 'goes with --republish');
      if (flags.republish === true && flags.date !== undefined && flags.home === undefined) throw new InputError('--republish', 'republishes a stored signal: add --home DIR');
      if (flags.date !== undefined && flags.home === undefined) {
        if (flags.ticket !== undefined) throw new InputError('--ticket', 'a ticket needs the live book: add --home DIR (or drop --date for today)');
        historicalSignal({ ...flags, date: flags.date });
      } else storedSignal(flags, clock);
    });
}
