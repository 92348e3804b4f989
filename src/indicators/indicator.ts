/**
 * Streaming indicator contract (after bennycode/trading-signals): feed one value at a time;
 * `update` returns the output for that input, NaN while warming up; `isStable` says whether
 * the outputs are no longer warm-up NaN. The batch functions over Float64Array give the
 * same numbers (a property test checks it).
 */
import { InputError } from '../core/errors.js';

export interface Indicator {
  update(x: number): number;
  readonly isStable: boolean;
}

/** A whole-number period >= min, else an InputError naming the field. */
export function checkPeriod(field: string, n: number, min = 1): number {
  if (!Number.isInteger(n) || n < min) throw new InputError(field, `must be a whole number >= ${min}, got ${n}`);
  return n;
}
