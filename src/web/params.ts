/**
 * Parsing of the scenario grid at the edges (CLI flags and dashboard query strings):
 * SPX moves are given in percent (`-10:5:1`), VIX levels in points (`12,15,20`), the
 * horizon as `today`, `expiry` or `Nd`. Percent becomes a fraction here.
 */
import { InputError } from '../core/errors.js';

export type HorizonSpec = { kind: 'today' } | { kind: 'expiry' } | { kind: 'days'; days: number };

export const MAX_GRID_MOVES = 401;
export const MAX_GRID_VIX = 40;

/** `FROM:TO:STEP` in percent (or a comma list of percents) → fractions. */
export function parseSpxMovesPct(field: string, text: string): number[] {
  const t = text.trim();
  let pcts: number[];
  if (t.includes(':')) {
    const parts = t.split(':').map((p) => p.trim());
    if (parts.length !== 3) throw new InputError(field, `expected FROM:TO:STEP in percent (e.g. -10:5:1), got "${text}"`);
    const [from, to, step] = parts.map((p) => (p === '' ? Number.NaN : Number(p))) as [number, number, number];
    if (![from, to, step].every(Number.isFinite)) throw new InputError(field, `expected numbers in FROM:TO:STEP, got "${text}"`);
    if (!(step > 0)) throw new InputError(field, `STEP must be > 0, got ${step}`);
    if (to < from) throw new InputError(field, `TO must be >= FROM, got ${from}:${to}`);
    const n = Math.floor((to - from) / step + 1e-9) + 1;
    if (n > MAX_GRID_MOVES) throw new InputError(field, `at most ${MAX_GRID_MOVES} moves, got ${n}`);
    pcts = Array.from({ length: n }, (_, i) => from + i * step);
  } else {
    pcts = splitNumbers(field, t);
    if (pcts.length > MAX_GRID_MOVES) throw new InputError(field, `at most ${MAX_GRID_MOVES} moves, got ${pcts.length}`);
  }
  for (const p of pcts) if (!(p > -100) || p > 1000) throw new InputError(field, `each move must be in (−100, 1000] percent, got ${p}`);
  // round away binary noise of the step arithmetic (0.1% resolution of 1e-9 is plenty)
  return pcts.map((p) => Math.round(p * 1e7) / 1e9);
}

/** Comma-separated VIX levels in points. */
export function parseVixLevels(field: string, text: string): number[] {
  const levels = splitNumbers(field, text.trim());
  if (levels.length > MAX_GRID_VIX) throw new InputError(field, `at most ${MAX_GRID_VIX} levels, got ${levels.length}`);
  for (const v of levels) if (!(v > 0) || v > 500) throw new InputError(field, `each VIX level must be in (0, 500] points, got ${v}`);
  return levels;
}

/** Comma-separated multiples of today's VIX (e.g. `1,1.5,2.5`), each in (0, 20]. */
export function parseVixScale(field: string, text: string): number[] {
  const xs = splitNumbers(field, text.trim());
  if (xs.length > MAX_GRID_VIX) throw new InputError(field, `at most ${MAX_GRID_VIX} multiples, got ${xs.length}`);
  for (const x of xs) if (!(x > 0) || x > 20) throw new InputError(field, `each multiple of today's VIX must be in (0, 20], got ${x}`);
  return xs;
}

/** VIX levels in points for multiples of today's VIX, rounded to cents. */
export function vixLevelsFromScale(todayVixPts: number, scale: readonly number[]): number[] {
  return scale.map((m) => Math.round(todayVixPts * m * 100) / 100);
}

/** `today`, `expiry` or `Nd` (N calendar days, 0..3650). */
export function parseHorizon(field: string, text: string): HorizonSpec {
  const t = text.trim();
  if (t === 'today') return { kind: 'today' };
  if (t === 'expiry') return { kind: 'expiry' };
  const m = /^(\d{1,4})d$/.exec(t);
  if (m === null) throw new InputError(field, `must be today, expiry or Nd (e.g. 5d), got "${text}"`);
  const days = Number(m[1]);
  if (days > 3650) throw new InputError(field, `at most 3650d, got ${days}d`);
  return { kind: 'days', days };
}

function splitNumbers(field: string, t: string): number[] {
  if (t === '') throw new InputError(field, 'must not be empty');
  return t.split(',').map((s) => {
    const x = s.trim() === '' ? Number.NaN : Number(s);
    if (!Number.isFinite(x)) throw new InputError(field, `"${s}" is not a number`);
    return x;
  });
}
