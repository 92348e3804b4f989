/**
 * The short (credit) iron condor: long put wing < short put < short call < long call wing,
 * all on one expiry, `qty` condors. Built only through `makeIronCondor`, which validates.
 * Unequal wings are legal: the defined risk is the wider wing minus the credit.
 */
import { InputError } from '../core/errors.js';
import { MULTIPLIER } from '../core/units.js';
import type { IsoDate } from '../core/time.js';
import { intrinsicValue, spxOption, type Position } from './instruments.js';

export interface IronCondor {
  readonly putWing: number;
  readonly shortPut: number;
  readonly shortCall: number;
  readonly callWing: number;
  readonly expiry: IsoDate;
  /** Number of condors sold (>= 1). Each leg's signed quantity is ±qty. */
  readonly qty: number;
  readonly multiplier: number;
}

export interface IronCondorSpec {
  putWing: number;
  shortPut: number;
  shortCall: number;
  callWing: number;
  expiry: IsoDate;
  qty: number;
}

export function makeIronCondor(spec: IronCondorSpec): IronCondor {
  const { putWing, shortPut, shortCall, callWing, expiry, qty } = spec;
  for (const [field, v] of [['putWing', putWing], ['shortPut', shortPut], ['shortCall', shortCall], ['callWing', callWing]] as const) {
    if (!Number.isFinite(v) || v <= 0) throw new InputError(field, `must be a positive strike, got ${String(v)}`);
  }
  if (!(putWing < shortPut && shortPut < shortCall && shortCall < callWing)) {
    throw new InputError(
      'strikes',
      `expected putWing < shortPut < shortCall < callWing, got ${putWing} / ${shortPut} / ${shortCall} / ${callWing}`,
    );
  }
  if (!Number.isSafeInteger(qty) || qty < 1) throw new InputError('qty', `must be a whole number of condors >= 1, got ${String(qty)}`);
  return { putWing, shortPut, shortCall, callWing, expiry, qty, multiplier: MULTIPLIER.spxOption };
}

/** The four legs as signed positions (+ long wings, − short strikes). */
export function condorLegs(c: IronCondor): Position[] {
  return [
    { instrument: spxOption('put', c.putWing, c.expiry), qty: c.qty },
    { instrument: spxOption('put', c.shortPut, c.expiry), qty: -c.qty },
    { instrument: spxOption('call', c.shortCall, c.expiry), qty: -c.qty },
    { instrument: spxOption('call', c.callWing, c.expiry), qty: c.qty },
  ];
}

/** Width of the wider wing in index points. */
export function condorMaxWidth(c: IronCondor): number {
  return Math.max(c.shortPut - c.putWing, c.callWing - c.shortCall);
}

/**
 * Max loss per condor in dollars: wider wing × multiplier − credit (credit in dollars per
 * condor, e.g. 1.20 points × 100 = 120). Only one side can finish in the money, so the
 * wider wing bounds the loss.
 */
export function condorMaxLossPerContract(c: IronCondor, creditPerContract: number): number {
  if (!Number.isFinite(creditPerContract) || creditPerContract < 0) {
    throw new InputError('creditPerContract', `must be a finite number >= 0, got ${String(creditPerContract)}`);
  }
  return condorMaxWidth(c) * c.multiplier - creditPerContract;
}

/** Defined-risk margin of the whole position in dollars (qty × max loss per condor). */
export function condorMargin(c: IronCondor, creditPerContract: number): number {
  return c.qty * Math.max(0, condorMaxLossPerContract(c, creditPerContract));
}

/** Break-even settlement levels: short put − credit points, short call + credit points. */
export function condorBreakevens(c: IronCondor, creditPerContract: number): { lower: number; upper: number } {
  const creditPts = creditPerContract / c.multiplier;
  return { lower: c.shortPut - creditPts, upper: c.shortCall + creditPts };
}

/**
 * Settlement cash flow of the whole position at expiry in dollars (<= 0 for the seller):
 * −qty × multiplier × (short-leg intrinsic − long-wing intrinsic). Add the credit received
 * at the open for the P&L.
 */
export function condorPayoffAtExpiry(c: IronCondor, settle: number): number {
  if (!Number.isFinite(settle) || settle < 0) throw new InputError('settle', `must be a finite number >= 0, got ${String(settle)}`);
  const perUnit =
    intrinsicValue('put', c.shortPut, settle) -
    intrinsicValue('put', c.putWing, settle) +
    intrinsicValue('call', c.shortCall, settle) -
    intrinsicValue('call', c.callWing, settle);
  return -c.qty * c.multiplier * perUnit + 0;
}
