/**
 * Publishing today's signal: the signal and the live hedge book it implies are written in
 * ONE transaction (both or neither), and only once per date. A second run finds the
 * stored signal and returns it unchanged without computing anything.
 */
import { newYorkDate, type IsoDate } from '../core/time.js';
import type { MarketData } from '../market/types.js';
import { defaultPolicy } from '../hedge/index.js';
import { DEFAULT_COST_MODEL } from '../portfolio/costs.js';
import { DEFAULT_CALIBRATION, type ModelCalibration } from '../portfolio/marketModel.js';
import type { NamedPolicy } from '../engine/types.js';
import { todaySignal } from '../signals/today.js';
import { staleLine } from '../signals/freshness.js';
import { dailySignal, runDailySignal, type DailySignal, type SignalOptions } from '../signals/daily.js';
import { InputError, RefusedError } from '../core/errors.js';
import type { CondorConfig } from '../strategy/condor.js';
import { checkpointsBefore, getHedgeBook, getHedgeBookBefore, getSignal, latestSignal, listAdjustments, listFills, reviseSignal, saveCheckpoint, saveHedgeBook, saveSignalOnce, transaction, type HedgeBook, type HedgePosition, type StoredCheckpoint, type StoredSignal, type Store } from '../store/index.js';
import { dataFingerprint, encodeCheckpoint, pickResumePoint, settingsKey, type CheckpointCandidate, type EngineCheckpoint } from '../engine/checkpoint.js';
import { indexOfDate } from '../market/series.js';
import { ALVH_VERSION } from '../core/version.js';
import { condorFromFlags } from './engineInputs.js';
import { shippedCheckpoint } from './shippedCheckpoint.js';
import { calibrationNote, type CalibrationChoice } from './calibrationFlag.js';
import { chainsSourceLine, type ChainsRun } from './chainsRun.js';

/** The writes, injectable so that tests can make a later one fail. */
export interface PublishWrites {
  saveSignalOnce: typeof saveSignalOnce;
  saveHedgeBook: typeof saveHedgeBook;
  saveCheckpoint: typeof saveCheckpoint;
}
export const STORE_WRITES: PublishWrites = { saveSignalOnce, saveHedgeBook, saveCheckpoint };

export interface Publication {
  /** The signal payload to store. */
  readonly payload: unknown;
  /** The live hedge book after the day's orders fill. */
  readonly book: readonly HedgePosition[];
  /** The engine's state after the day, for the next day's run to resume from. */
  readonly checkpoint?: StoredCheckpoint;
}

export type PublishResult = { readonly status: 'inserted' | 'existing' | 'revised'; readonly signal: StoredSignal };

/**
 * Returns the stored signal of `date` if there is one; otherwise calls `compute` with the
 * live book (the latest snapshot on or before `date`, or null) and stores its payload and
 * book together. If another process published `date` in the meantime, its signal wins and
 * the book is left untouched.
 */
export function publishSignal(store: Store, date: string, compute: (live: HedgeBook | null) => Publication, writes: PublishWrites = STORE_WRITES): PublishResult {
  const stored = getSignal(store, date);
  if (stored !== null) return { status: 'existing', signal: stored };
  const p = compute(getHedgeBook(store, date));
  return transaction(store, () => {
    const s = writes.saveSignalOnce(store, date, p.payload);
    if (s.status === 'inserted') {
      writes.saveHedgeBook(store, date, p.book);
      if (p.checkpoint !== undefined) writes.saveCheckpoint(store, p.checkpoint);
    }
    return s;
  });
}

/** What the signal is computed with (the flags of `alvh signal`). */
export interface SignalSettings {
  readonly policy: NamedPolicy;
  readonly condor: CondorConfig;
  readonly notional: number;
  readonly userSeries?: Readonly<Record<string, Float64Array>>;
  /** `--calibration FILE` (default: the committed calibration). */
  readonly calibration?: CalibrationChoice;
  /** `--chains DIR`: real end-of-day quotes behind the model. */
  readonly chains?: ChainsRun | null;
}

/** The calibration a signal prices with. */
function calibOf(settings: SignalSettings): ModelCalibration {
  return settings.calibration?.calib ?? DEFAULT_CALIBRATION;
}

/** The engine options that come from --calibration and --chains: the day view and what the signal says about its prices. */
function pricingOptions(settings: SignalSettings): Pick<SignalOptions, 'dayModel' | 'pricesFrom'> {
  const chains = settings.chains ?? null;
  const from = [...(chains === null ? [] : [chainsSourceLine(chains.dir)]), ...(settings.calibration === undefined ? [] : [calibrationNote(settings.calibration)].filter((x): x is string => x !== null))];
  return { ...(chains === null ? {} : { dayModel: chains.dayModel }), ...(from.length === 0 ? {} : { pricesFrom: from }) };
}

/** The defaults of `alvh signal`: the default ALVH policy, the DESIGN §1.1 condor, a fixed 100,000 USD. */
export function defaultSignalSettings(): SignalSettings {
  return { policy: { name: 'alvh', policy: defaultPolicy('alvh') }, condor: condorFromFlags({ fixedNotional: true }), notional: 100_000 };
}

/** The key of the history run a signal comes from: everything it depends on but the market data. */
export function signalSettingsKey(data: MarketData, settings: SignalSettings): string {
  const userSeries = Object.keys(settings.userSeries ?? {}).sort();
  const chains = settings.chains ?? null;
  return settingsKey({ firstDate: data.daily.dates[0], policy: settings.policy, condor: settings.condor, notional: settings.notional, costs: DEFAULT_COST_MODEL, calib: calibOf(settings), userSeries, ...(chains === null ? {} : { chains: chains.dir }) }, ALVH_VERSION);
}

/**
 * Where the history run of the signal of `day` can resume: the latest checkpoint of the
 * same settings before `day` whose data is unchanged, from the store (if any) or the one
 * shipped with the embedded data; null to replay from the first day.
 */
export function signalResumePoint(store: Store | null, data: MarketData, day: IsoDate, settings: SignalSettings, key = signalSettingsKey(data, settings)): EngineCheckpoint | null {
  // A chain directory's files may change between runs: a run on chains replays from the first day.
  if ((settings.chains ?? null) !== null) return null;
  const candidates: CheckpointCandidate[] = store === null ? [] : checkpointsBefore(store, key, day).map((c) => ({ ...c, source: `checkpoint ${c.date} in the store` }));
  const shipped = shippedCheckpoint();
  if (shipped !== null) candidates.push(shipped);
  return pickResumePoint(data, day, key, candidates, settings.userSeries);
}

/**
 * The signal of `day` with nothing stored (a historical `alvh signal --date`, a scenario's
 * default book): the history run resumed from the shipped checkpoint when it fits.
 */
export function unstoredSignal(data: MarketData, day: IsoDate, settings: SignalSettings): DailySignal {
  const resume = signalResumePoint(null, data, day, settings);
  return dailySignal(data, day, settings.policy, settings.condor, calibOf(settings), {
    notional: settings.notional,
    costs: DEFAULT_COST_MODEL,
    ...pricingOptions(settings),
    ...(settings.userSeries === undefined ? {} : { userSeries: settings.userSeries }),
    ...(resume === null ? {} : { resume }),
  });
}

/** The stored form of the run's state after `day`. */
export function storedCheckpoint(data: MarketData, day: IsoDate, key: string, checkpoint: EngineCheckpoint, userSeries?: Readonly<Record<string, Float64Array>>): StoredCheckpoint {
  const dataFingerprintAtDay = dataFingerprint(data, indexOfDate(data.daily, day), userSeries);
  return { settingsKey: key, date: day, dataFingerprint: dataFingerprintAtDay, state: encodeCheckpoint({ settingsKey: key, dataFingerprint: dataFingerprintAtDay, checkpoint }) };
}

export interface PublishOptions {
  /** Today's signal: the inputs' ages are measured to the clock's New York date (else to the signal's day). */
  readonly today?: boolean;
  /** Refuse a signal with a stale input: nothing is stored (StaleSignalError). */
  readonly strict?: boolean;
}

/** Exit code of a signal refused under --strict because an input is stale. */
export const EXIT_STALE = 3;

/** A stale signal refused under --strict (exit 3): the message is its stale line. */
export class StaleSignalError extends RefusedError {
  constructor(signal: Pick<DailySignal, 'date' | 'stale' | 'staleReference'>) {
    const line = staleLine({ stale: signal.stale, ...(signal.staleReference === undefined ? {} : { reference: signal.staleReference }) }, signal.date) ?? 'stale signal';
    super(EXIT_STALE, `--strict: refused (exit ${EXIT_STALE}, nothing stored): ${line}`);
  }
}

/**
 * The one publication path of a day's signal (`alvh signal` and the dashboard's
 * POST /api/signal): the stored signal if there is one, else the engine's signal of `day`
 * with the order ticket from the store's live hedge book, stored together with the new
 * live book in one transaction.
 */
export function publishDailySignal(store: Store, data: MarketData, day: IsoDate, settings: SignalSettings, writes: PublishWrites = STORE_WRITES, opts: PublishOptions = {}): PublishResult {
  return publishSignal(store, day, (live) => computePublication(store, data, day, settings, live, opts), writes);
}

/** The signal of `day` with its ticket from `live` (the book before it), the book after it and the run's checkpoint. */
function computePublication(store: Store, data: MarketData, day: IsoDate, settings: SignalSettings, live: HedgeBook | null, opts: PublishOptions): Publication {
  const key = signalSettingsKey(data, settings);
  const resume = signalResumePoint(store, data, day, settings, key);
  const t = todaySignal(
    {
      data,
      date: day,
      policy: settings.policy,
      condor: settings.condor,
      calib: calibOf(settings),
      notional: settings.notional,
      costs: DEFAULT_COST_MODEL,
      ...pricingOptions(settings),
      ...(settings.userSeries === undefined ? {} : { userSeries: settings.userSeries }),
      ...(resume === null ? {} : { resume }),
      ...(opts.today === true ? { reference: newYorkDate(store.clock.nowMs()) } : {}),
    },
    live?.positions ?? [],
  );
  if (opts.strict === true && t.signal.stale.length > 0) throw new StaleSignalError(t.signal);
  return { payload: t.signal, book: t.book, checkpoint: storedCheckpoint(data, day, key, t.checkpoint, settings.userSeries) };
}

/**
 * `alvh signal --republish`: recomputes the stored signal of `day` on the data as it is now
 * (after `alvh data update` brought missing days or revised closes), from the live book
 * before `day` (the book its first ticket started from), and stores it as the next revision
 * with the new live book of `day`, in one transaction; the earlier version is kept with
 * `reason`. Refused (nothing written) when the day has no stored signal, when a later signal
 * or live book exists (it was computed from this day's book), or when fills or hand-set
 * positions were recorded against the day's ticket.
 */
export function republishDailySignal(store: Store, data: MarketData, day: IsoDate, settings: SignalSettings, reason: string, opts: PublishOptions = {}): PublishResult {
  const stored = getSignal(store, day);
  if (stored === null) throw new InputError('--republish', `no signal of ${day} is stored: run alvh signal without --republish to publish it`);
  const later = latestSignal(store);
  if (later !== null && later.date > day) throw new InputError('--republish', `the signal of ${later.date} was published after ${day} from its book: only the latest signal can be republished`);
  const book = getHedgeBook(store);
  if (book !== null && book.date > day) throw new InputError('--republish', `the live book has a snapshot of ${book.date}, after ${day}: only the latest day can be republished`);
  if (listFills(store, day).length > 0 || listAdjustments(store, day).length > 0) {
    throw new InputError('--republish', `fills or hand-set positions are recorded for the ticket of ${day}: a new ticket would not match them (correct the book with alvh book set)`);
  }
  const p = computePublication(store, data, day, settings, getHedgeBookBefore(store, day), opts);
  return transaction(store, () => {
    const signal = reviseSignal(store, day, p.payload, reason);
    saveHedgeBook(store, day, p.book);
    if (p.checkpoint !== undefined) saveCheckpoint(store, p.checkpoint);
    return { status: 'revised', signal };
  });
}

/**
 * The text of the shipped checkpoint (cli/shippedCheckpoint.ts): the default signal's run
 * at the second-to-last day of `data`, replayed from the first day.
 */
export function shippedCheckpointText(data: MarketData): string {
  const day = data.daily.dates[data.daily.n - 2];
  if (day === undefined) throw new InputError('data', 'needs at least two trading days');
  const settings = defaultSignalSettings();
  const key = signalSettingsKey(data, settings);
  const run = runDailySignal(data, day, settings.policy, settings.condor, DEFAULT_CALIBRATION, { notional: settings.notional, costs: DEFAULT_COST_MODEL });
  return `${storedCheckpoint(data, day, key, run.checkpoint).state}\n`;
}
