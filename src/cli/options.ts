/** Flag parsing helpers: every bad flag becomes an InputError naming the flag (exit 2). */
import { InputError } from '../core/errors.js';
import { isoDate, type IsoDate } from '../core/time.js';

export function num(flag: string, raw: string | undefined): number {
  if (raw === undefined) throw new InputError(flag, 'is required');
  const x = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(x)) throw new InputError(flag, `must be a number, got "${raw}"`);
  return x;
}

export function optNum(flag: string, raw: string | undefined): number | undefined {
  return raw === undefined ? undefined : num(flag, raw);
}

export function int(flag: string, raw: string | undefined, min = 1): number {
  const x = num(flag, raw);
  if (!Number.isInteger(x) || x < min) throw new InputError(flag, `must be a whole number >= ${min}, got "${raw}"`);
  return x;
}

export function date(flag: string, raw: string | undefined): IsoDate {
  if (raw === undefined) throw new InputError(flag, 'is required');
  return isoDate(raw, flag);
}

export function oneOf<T extends string>(flag: string, raw: string | undefined, allowed: readonly T[]): T {
  if (raw === undefined || !(allowed as readonly string[]).includes(raw)) {
    throw new InputError(flag, `must be one of ${allowed.join('|')}, got "${raw ?? ''}"`);
  }
  return raw as T;
}
