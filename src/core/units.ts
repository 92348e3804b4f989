/**
 * Branded units. Names and types carry the unit (STYLE.md): a VolPts (18.5) can never be
 * passed where a VolFrac (0.185) is expected. Constructors validate and throw InputError.
 */
import { InputError } from './errors.js';

export type Brand<T, B extends string> = T & { readonly __brand: B };

/** ACT/365F year fraction. */
export type YearFrac = Brand<number, 'YearFrac'>;
/** Annualized volatility as a fraction: 0.20 = 20%. */
export type VolFrac = Brand<number, 'VolFrac'>;
/** Continuously compounded rate as a fraction. */
export type RateFrac = Brand<number, 'RateFrac'>;
/** An index level (SPX points). */
export type IndexPts = Brand<number, 'IndexPts'>;
/** A VIX-style volatility quote in points (18.5). */
export type VolPts = Brand<number, 'VolPts'>;
export type Usd = Brand<number, 'Usd'>;
/** Integer cents: the ledger's money. */
export type UsdCents = Brand<number, 'UsdCents'>;
/** Signed contract count: + long, − short. */
export type Contracts = Brand<number, 'Contracts'>;

function finite(field: string, x: number): number {
  if (typeof x !== 'number' || !Number.isFinite(x)) throw new InputError(field, `must be a finite number, got ${String(x)}`);
  return x;
}

export function yearFrac(x: number, field = 'years'): YearFrac {
  if (finite(field, x) < 0) throw new InputError(field, `must be >= 0, got ${x}`);
  return x as YearFrac;
}
export function volFrac(x: number, field = 'vol'): VolFrac {
  if (finite(field, x) < 0) throw new InputError(field, `must be >= 0, got ${x}`);
  return x as VolFrac;
}
export function rateFrac(x: number, field = 'rate'): RateFrac {
  finite(field, x);
  if (Math.abs(x) > 1) throw new InputError(field, `must be a fraction (0.05 = 5%), got ${x}`);
  return x as RateFrac;
}
export function indexPts(x: number, field = 'spot'): IndexPts {
  if (finite(field, x) <= 0) throw new InputError(field, `must be > 0, got ${x}`);
  return x as IndexPts;
}
export function volPts(x: number, field = 'vix'): VolPts {
  if (finite(field, x) < 0) throw new InputError(field, `must be >= 0, got ${x}`);
  return x as VolPts;
}
export function usd(x: number, field = 'usd'): Usd {
  return finite(field, x) as Usd;
}
export function usdCents(x: number, field = 'cents'): UsdCents {
  if (!Number.isSafeInteger(x)) throw new InputError(field, `must be a whole number of cents, got ${x}`);
  return x as UsdCents;
}
export function contracts(x: number, field = 'contracts'): Contracts {
  if (!Number.isSafeInteger(x)) throw new InputError(field, `must be a whole number of contracts, got ${x}`);
  return x as Contracts;
}

/** VIX-style points to a vol fraction: 18.5 → 0.185. The only place the /100 lives. */
export function vixToVolFrac(vix: VolPts | number): VolFrac {
  return (vix / 100) as VolFrac;
}
export function volFracToVix(vol: VolFrac | number): VolPts {
  return (vol * 100) as VolPts;
}
export function toCents(x: Usd | number): UsdCents {
  return Math.round(x * 100) as UsdCents;
}
export function fromCents(c: UsdCents | number): Usd {
  return (c / 100) as Usd;
}

/** Option and futures multipliers: explicit, never implied. */
export const MULTIPLIER = { spxOption: 100, vixOption: 100, vixFuture: 1000 } as const;
