import { InputError } from '../core/errors.js';

/** Throws an InputError naming the first argument outside its domain. Cheap on the happy path. */
export function checkArgs(
  underlyingName: 'spot' | 'forward',
  underlying: number,
  strike: number,
  years: number,
  rateFrac: number,
  divFrac: number,
  volFrac: number,
): void {
  if (underlying > 0 && underlying < Infinity && strike > 0 && strike < Infinity && years >= 0 && years < Infinity
    && Math.abs(rateFrac) < Infinity && Math.abs(divFrac) < Infinity && volFrac >= 0 && volFrac < Infinity) return;
  if (!(underlying > 0 && underlying < Infinity)) throw new InputError(underlyingName, `must be a finite number > 0, got ${underlying}`);
  if (!(strike > 0 && strike < Infinity)) throw new InputError('strike', `must be a finite number > 0, got ${strike}`);
  if (!(years >= 0 && years < Infinity)) throw new InputError('years', `must be a finite number >= 0, got ${years}`);
  if (!(Math.abs(rateFrac) < Infinity)) throw new InputError('rate', `must be a finite number, got ${rateFrac}`);
  if (!(Math.abs(divFrac) < Infinity)) throw new InputError('div', `must be a finite number, got ${divFrac}`);
  throw new InputError('vol', `must be a finite number >= 0, got ${volFrac}`);
}
