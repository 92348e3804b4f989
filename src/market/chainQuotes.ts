/**
 * The contract-quote port (issue 8): "quote this contract on this day". The engine asks it
 * and does not know which source answers: a directory of end-of-day chains a user owns
 * (adapters/chains), the market model (portfolio/modelChain), or both with the model
 * filling the gaps (`source` says which answered).
 *
 * Conventions:
 * - `root` is the option family: 'SPX' (roots SPX and SPXW; where both list a contract the
 *   PM-settled SPXW is the one quoted) or 'VIX' (roots VIX and VIXW; the monthly VIX first).
 * - Prices in index points per option; `iv` an annualized fraction; `delta` per 1 index
 *   point of the underlying (a put's is negative); `underlying` the index (SPX) or the
 *   same-expiry VIX future where the source has it.
 * - A quote is two-sided or absent: `bid <= ask`, both finite and >= 0.
 */
import type { IsoDate } from '../core/time.js';

export type ChainRoot = 'SPX' | 'VIX';
export const CHAIN_ROOTS: readonly ChainRoot[] = ['SPX', 'VIX'];
export type OptionType = 'call' | 'put';

export interface ContractQuote {
  readonly bid: number;
  readonly ask: number;
  readonly mid: number;
  readonly iv?: number;
  readonly delta?: number;
  readonly underlying?: number;
  readonly source: 'chain' | 'model';
}

export interface ContractQuoteSource {
  /** The end-of-day quote of one contract on `date`, or null when this source has none. */
  quote(date: IsoDate, root: ChainRoot, type: OptionType, expiration: IsoDate, strike: number): ContractQuote | null;
}

/** What every report of a run on chains says of the layers no chain lists. */
export const ALTERNATIVES_MODELLED = 'ETP and variance-swap layers have no listed chain: they are always modelled.';

/** One listed contract of a day's chain (what readers produce and exporters write). */
export interface ChainRow {
  readonly date: IsoDate;
  /** The listed root as the vendor names it: SPX, SPXW, VIX, VIXW. */
  readonly root: string;
  readonly expiration: IsoDate;
  readonly strike: number;
  readonly type: OptionType;
  readonly bid: number;
  readonly ask: number;
  /** NaN where the file has none. */
  readonly underlying: number;
  readonly iv: number;
  readonly delta: number;
  /** The vendor's mark where the file has one (generic layout `mid`); else the quote's midpoint. */
  readonly mid?: number;
}

/** A chain source also lists what it has: the expiries and strikes a strategy may pick from. */
export interface ChainSource extends ContractQuoteSource {
  /** Whether the source holds quotes for `date` at all (a missing day falls back to the model). */
  hasDay(date: IsoDate): boolean;
  /** Expirations listed on `date` for `root`, ascending ([] when the day is missing). */
  expirations(date: IsoDate, root: ChainRoot): readonly IsoDate[];
  /** Strikes listed on `date` for one expiration and type, ascending. */
  strikes(date: IsoDate, root: ChainRoot, type: OptionType, expiration: IsoDate): readonly number[];
}

/** The option family of a vendor root (null: not an underlying alvh trades). */
export function rootFamily(root: string): ChainRoot | null {
  const r = root.toUpperCase();
  if (r === 'SPX' || r === 'SPXW' || r === 'SPXPM') return 'SPX';
  if (r === 'VIX' || r === 'VIXW') return 'VIX';
  return null;
}

/**
 * Which of two roots of one family answers for a contract listed under both: SPXW
 * (PM-settled, like every condor alvh sells) before SPX; the monthly VIX before VIXW.
 */
export function preferredRoot(a: string, b: string): string {
  const rank = (r: string): number => ({ SPXW: 0, SPXPM: 1, SPX: 2, VIX: 0, VIXW: 1 })[r.toUpperCase()] ?? 9;
  return rank(b) < rank(a) ? b : a;
}
