/**
 * Instruments are plain data (STYLE.md): no methods, no pricing. A position is an
 * instrument plus a signed quantity (+ long, − short). Multipliers are always explicit.
 */
import { InputError } from '../core/errors.js';
import { MULTIPLIER } from '../core/units.js';
import type { IsoDate } from '../core/time.js';

export type OptionType = 'call' | 'put';

/** How an instrument settles at expiry. The settlement value is always an input. */
export type SettlementStyle =
  /** SPX PM-settled (SPXW): cash-settled at the official close of the expiry day. */
  | 'pmClose'
  /** VIX options and futures: the Special Opening Quotation of the expiry morning; we use that day's VIX open as its proxy. */
  | 'amSoq'
  /** No expiry (an ETP share). */
  | 'none';

export interface SpxOption {
  readonly kind: 'spxOption';
  readonly type: OptionType;
  readonly strike: number;
  readonly expiry: IsoDate;
  readonly multiplier: number;
}
export interface VixOption {
  readonly kind: 'vixOption';
  readonly type: OptionType;
  readonly strike: number;
  readonly expiry: IsoDate;
  readonly multiplier: number;
}
export interface VixFuture {
  readonly kind: 'vixFuture';
  readonly expiry: IsoDate;
  readonly multiplier: number;
}
/** An exchange-traded product (e.g. a long VIX-futures ETP); quantity in shares. */
export interface Etp {
  readonly kind: 'etp';
  readonly symbol: string;
  readonly expiry: null;
  readonly multiplier: 1;
}
/**
 * An SPX variance swap (an OTC contract): pays qty × (σ²_realized − strikeVar) ×
 * varNotionalPerUnit at expiry (pricing/varianceSwap.ts). `strikeVar` in annualized
 * variance (fraction², (VIX/100)²); qty in units of `varNotionalPerUnit` dollars per 1.0 of variance.
 */
export interface VarianceSwap {
  readonly kind: 'varianceSwap';
  readonly underlying: 'SPX';
  readonly strikeVar: number;
  readonly tradeDate: IsoDate;
  readonly expiry: IsoDate;
  readonly multiplier: 1;
}
export type Instrument = SpxOption | VixOption | VixFuture | Etp | VarianceSwap;
export type InstrumentKind = Instrument['kind'];
export type OptionInstrument = SpxOption | VixOption;

/** A holding: signed quantity in contracts (shares for an ETP). */
export interface Position {
  readonly instrument: Instrument;
  readonly qty: number;
}

function positiveFinite(x: number, field: string): number {
  if (!Number.isFinite(x) || x <= 0) throw new InputError(field, `must be a positive number, got ${String(x)}`);
  return x;
}

export function spxOption(type: OptionType, strike: number, expiry: IsoDate): SpxOption {
  return { kind: 'spxOption', type, strike: positiveFinite(strike, 'strike'), expiry, multiplier: MULTIPLIER.spxOption };
}
export function vixOption(type: OptionType, strike: number, expiry: IsoDate): VixOption {
  return { kind: 'vixOption', type, strike: positiveFinite(strike, 'strike'), expiry, multiplier: MULTIPLIER.vixOption };
}
export function vixFuture(expiry: IsoDate): VixFuture {
  return { kind: 'vixFuture', expiry, multiplier: MULTIPLIER.vixFuture };
}
export function etp(symbol: string): Etp {
  if (symbol.length === 0) throw new InputError('symbol', 'must not be empty');
  return { kind: 'etp', symbol, expiry: null, multiplier: 1 };
}

export function varianceSwap(strikeVar: number, tradeDate: IsoDate, expiry: IsoDate): VarianceSwap {
  if (!(expiry > tradeDate)) throw new InputError('expiry', `must be after the trade date ${tradeDate}, got ${expiry}`);
  return { kind: 'varianceSwap', underlying: 'SPX', strikeVar: positiveFinite(strikeVar, 'strikeVar'), tradeDate, expiry, multiplier: 1 };
}

export function settlementStyle(instrument: Instrument): SettlementStyle {
  switch (instrument.kind) {
    case 'spxOption':
    case 'varianceSwap':
      return 'pmClose';
    case 'vixOption':
    case 'vixFuture':
      return 'amSoq';
    case 'etp':
      return 'none';
  }
}

/** Intrinsic value per unit of underlying (index points) at a settlement value. */
export function intrinsicValue(type: OptionType, strike: number, settle: number): number {
  return type === 'call' ? Math.max(0, settle - strike) : Math.max(0, strike - settle);
}

/**
 * Settlement value per unit (points) of an expiring instrument: option intrinsic value, or
 * the settlement value itself for a future. An ETP never settles.
 */
export function settlementValuePerUnit(instrument: Instrument, settle: number): number {
  if (!Number.isFinite(settle) || settle < 0) throw new InputError('settle', `must be a finite number >= 0, got ${String(settle)}`);
  switch (instrument.kind) {
    case 'spxOption':
    case 'vixOption':
      return intrinsicValue(instrument.type, instrument.strike, settle);
    case 'vixFuture':
      return settle;
    case 'etp':
      throw new InputError('instrument', 'an ETP has no expiry and does not settle');
    case 'varianceSwap':
      throw new InputError('instrument', 'a variance swap settles on its realized variance (pricing/varianceSwap.ts), not on one settlement value');
  }
}
