/**
 * Publishing today's signal: the signal and the live hedge book it implies are written in
 * ONE transaction (both or neither), and only once per date. A second run finds the
 * stored signal and returns it unchanged without computing anything.
 */
import type { IsoDate } from '../core/time.js';
import type { MarketData } from '../market/types.js';
import { defaultPolicy } from '../hedge/index.js';
import { DEFAULT_COST_MODEL } from '../portfolio/costs.js';
import { DEFAULT_CALIBRATION } from '../portfolio/marketModel.js';
import type { NamedPolicy } from '../signals/simulate.js';
import { todaySignal } from '../signals/today.js';
import type { CondorConfig } from '../strategy/condor.js';
import { getHedgeBook, getSignal, saveHedgeBook, saveSignalOnce, transaction, type HedgeBook, type HedgePosition, type StoredSignal, type Store } from '../store/index.js';
import { condorFromFlags } from './engineInputs.js';

/** The two writes, injectable so that tests can make the second one fail. */
export interface PublishWrites {
  saveSignalOnce: typeof saveSignalOnce;
  saveHedgeBook: typeof saveHedgeBook;
}
export const STORE_WRITES: PublishWrites = { saveSignalOnce, saveHedgeBook };

export interface Publication {
  /** The signal payload to store. */
  readonly payload: unknown;
  /** The live hedge book after the day's orders fill. */
  readonly book: readonly HedgePosition[];
}

export type PublishResult = { readonly status: 'inserted' | 'existing'; readonly signal: StoredSignal };

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
    if (s.status === 'inserted') writes.saveHedgeBook(store, date, p.book);
    return s;
  });
}

/** What the signal is computed with (the flags of `alvh signal`). */
export interface SignalSettings {
  readonly policy: NamedPolicy;
  readonly condor: CondorConfig;
  readonly notional: number;
  readonly userSeries?: Readonly<Record<string, Float64Array>>;
}

/** The defaults of `alvh signal`: the default ALVH policy, the DESIGN §1.1 condor, a fixed 100,000 USD. */
export function defaultSignalSettings(): SignalSettings {
  return { policy: { name: 'alvh', policy: defaultPolicy('alvh') }, condor: condorFromFlags({ fixedNotional: true }), notional: 100_000 };
}

/**
 * The one publication path of a day's signal (`alvh signal` and the dashboard's
 * POST /api/signal): the stored signal if there is one, else the engine's signal of `day`
 * with the order ticket from the store's live hedge book, stored together with the new
 * live book in one transaction.
 */
export function publishDailySignal(store: Store, data: MarketData, day: IsoDate, settings: SignalSettings, writes: PublishWrites = STORE_WRITES): PublishResult {
  return publishSignal(
    store,
    day,
    (live) => {
      const t = todaySignal({ data, date: day, policy: settings.policy, condor: settings.condor, calib: DEFAULT_CALIBRATION, notional: settings.notional, costs: DEFAULT_COST_MODEL, ...(settings.userSeries === undefined ? {} : { userSeries: settings.userSeries }) }, live?.positions ?? []);
      return { payload: t.signal, book: t.book };
    },
    writes,
  );
}
