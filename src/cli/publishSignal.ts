/**
 * Publishing today's signal: the signal and the live hedge book it implies are written in
 * ONE transaction (both or neither), and only once per date. A second run finds the
 * stored signal and returns it unchanged without computing anything.
 */
import { getHedgeBook, getSignal, saveHedgeBook, saveSignalOnce, transaction, type HedgeBook, type HedgePosition, type StoredSignal, type Store } from '../store/index.js';

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
