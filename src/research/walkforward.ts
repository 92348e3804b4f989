/**
 * Walk-forward test of a parameter grid (docs/guide/research.md). The history is cut into
 * folds: a training window of `trainYears` followed by a test window of `testYears`, rolled
 * forward by `testYears`. On each fold the variant with the best objective over the
 * training days only is chosen; it is then scored on the test days only. The test windows
 * do not overlap, so their days stitch into one out-of-sample record, compared with
 * - the in-sample optimum: the one variant best over all the stitched days (hindsight), and
 * - the reference policy (static10) over the same days.
 *
 * `chooseOnTraining` sees only the series cut to the training days (`sliceDays`); with a
 * causal engine the training series do not depend on later data (tested by scrambling every
 * market series after the training window: the choice stays the same).
 */
import { InputError } from '../core/errors.js';
import { isoDate, type IsoDate } from '../core/time.js';
import { MEASURE_DIRECTION, measureOf, MEASURES, type DailySeries, type Measure } from './bootstrap.js';

export interface Fold {
  readonly trainFrom: IsoDate;
  readonly trainTo: IsoDate;
  readonly testFrom: IsoDate;
  readonly testTo: IsoDate;
  /** Indices into the daily series (day t = close t to close t+1 of the calendar). */
  readonly train: Int32Array;
  readonly test: Int32Array;
}

function plusYears(d: IsoDate, years: number): IsoDate {
  const y = Number(d.slice(0, 4)) + years;
  return isoDate(`${String(y).padStart(4, '0')}${d.slice(4, 7)}-${d.slice(8) === '29' && d.slice(5, 7) === '02' ? '28' : d.slice(8)}`);
}

/** Day indices t with from <= dates[t+1] < to (the day ending on dates[t+1]). */
function daysIn(dates: readonly IsoDate[], from: IsoDate, to: IsoDate): Int32Array {
  const out: number[] = [];
  for (let t = 0; t + 1 < dates.length; t++) {
    const d = dates[t + 1] as IsoDate;
    if (d >= from && d < to) out.push(t);
  }
  return Int32Array.from(out);
}

/** The folds over the calendar; the last test window may be shorter (cut at the data's end). */
export function walkForwardFolds(dates: readonly IsoDate[], trainYears: number, testYears: number): Fold[] {
  if (!Number.isInteger(trainYears) || trainYears < 1) throw new InputError('--train', `must be a whole number of years >= 1, got ${trainYears}`);
  if (!Number.isInteger(testYears) || testYears < 1) throw new InputError('--test', `must be a whole number of years >= 1, got ${testYears}`);
  const first = dates[0];
  const last = dates[dates.length - 1];
  if (first === undefined || last === undefined) throw new InputError('walkforward', 'no trading days');
  const folds: Fold[] = [];
  for (let k = 0; ; k++) {
    const trainFrom = plusYears(first, k * testYears);
    const testFrom = plusYears(trainFrom, trainYears);
    if (testFrom > last) break;
    const testEnd = plusYears(testFrom, testYears);
    const train = daysIn(dates, trainFrom, testFrom);
    const test = daysIn(dates, testFrom, testEnd);
    if (test.length < 20) break;
    const lastTest = dates[(test[test.length - 1] as number) + 1] as IsoDate;
    const lastTrain = dates[(train[train.length - 1] as number) + 1] as IsoDate;
    folds.push({ trainFrom, trainTo: lastTrain, testFrom, testTo: lastTest, train, test });
  }
  if (folds.length === 0) throw new InputError('--train', `${trainYears} training + ${testYears} test years do not fit in ${first}..${last}`);
  return folds;
}

/** The series restricted to the given days (a copy: nothing else is reachable from it). */
export function sliceDays(s: DailySeries, idx: Int32Array): DailySeries {
  const pick = <A extends Float64Array | Uint8Array>(a: A, make: (n: number) => A): A => {
    const out = make(idx.length);
    idx.forEach((t, k) => (out[k] = a[t] as number));
    return out;
  };
  return { ret: pick(s.ret, (n) => new Float64Array(n)), rf: pick(s.rf, (n) => new Float64Array(n)), hedgeRet: pick(s.hedgeRet, (n) => new Float64Array(n)), crisis: pick(s.crisis, (n) => new Uint8Array(n)) };
}

/** The index of the best variant by `objective` over the given (already sliced) series; ties keep the first. */
export function chooseBest(series: readonly DailySeries[], objective: Measure): { index: number; value: number } {
  let best = -1;
  let bestValue = Number.NaN;
  const dir = MEASURE_DIRECTION[objective];
  series.forEach((s, i) => {
    const v = measureOf(objective, s, null);
    if (!Number.isFinite(v)) return;
    if (best < 0 || dir * v > dir * bestValue) {
      best = i;
      bestValue = v;
    }
  });
  if (best < 0) throw new InputError('walkforward', `no variant has a finite ${objective} on the training days`);
  return { index: best, value: bestValue };
}

/** The fold's choice from the training days only. */
export function chooseOnTraining(variants: readonly DailySeries[], fold: Fold, objective: Measure): { index: number; value: number } {
  return chooseBest(variants.map((s) => sliceDays(s, fold.train)), objective);
}

export type Scores = Record<Measure, number>;

function scores(s: DailySeries): Scores {
  return Object.fromEntries(MEASURES.map((m) => [m, measureOf(m, s, null)])) as Scores;
}

export interface FoldResult {
  readonly trainFrom: IsoDate;
  readonly trainTo: IsoDate;
  readonly testFrom: IsoDate;
  readonly testTo: IsoDate;
  /** Index of the chosen variant. */
  readonly chosen: number;
  readonly trainObjective: number;
  readonly testObjective: number;
}

export interface WalkForwardResult {
  readonly objective: Measure;
  readonly trainYears: number;
  readonly testYears: number;
  readonly folds: FoldResult[];
  /** The stitched test days of the chosen variants. */
  readonly outOfSample: Scores;
  /** The single variant best over all stitched days (chosen with hindsight) and its scores there. */
  readonly inSampleOptimum: { readonly index: number; readonly scores: Scores };
  /** The reference policy over the stitched days. */
  readonly reference: Scores;
}

/**
 * Runs the walk-forward over the variants' daily series (all on `dates`) and a reference.
 * Measures are those of bootstrap.ts, computed on the stitched days.
 */
export function walkForward(dates: readonly IsoDate[], variants: readonly DailySeries[], reference: DailySeries, opts: { trainYears: number; testYears: number; objective: Measure }): WalkForwardResult {
  if (variants.length === 0) throw new InputError('--grid', 'no variant to choose from');
  const folds = walkForwardFolds(dates, opts.trainYears, opts.testYears);
  const results: FoldResult[] = [];
  const stitched: DailySeries[] = [];
  for (const f of folds) {
    const { index, value } = chooseOnTraining(variants, f, opts.objective);
    const test = sliceDays(variants[index] as DailySeries, f.test);
    stitched.push(test);
    results.push({ trainFrom: f.trainFrom, trainTo: f.trainTo, testFrom: f.testFrom, testTo: f.testTo, chosen: index, trainObjective: value, testObjective: measureOf(opts.objective, test, null) });
  }
  const concat = (parts: readonly DailySeries[]): DailySeries => {
    const n = parts.reduce((k, p) => k + p.ret.length, 0);
    const out: DailySeries = { ret: new Float64Array(n), rf: new Float64Array(n), hedgeRet: new Float64Array(n), crisis: new Uint8Array(n) };
    let at = 0;
    for (const p of parts) {
      out.ret.set(p.ret, at);
      out.rf.set(p.rf, at);
      out.hedgeRet.set(p.hedgeRet, at);
      out.crisis.set(p.crisis, at);
      at += p.ret.length;
    }
    return out;
  };
  const allTest = Int32Array.from(folds.flatMap((f) => Array.from(f.test)));
  const hindsight = chooseBest(variants.map((s) => sliceDays(s, allTest)), opts.objective);
  return {
    objective: opts.objective,
    trainYears: opts.trainYears,
    testYears: opts.testYears,
    folds: results,
    outOfSample: scores(concat(stitched)),
    inSampleOptimum: { index: hindsight.index, scores: scores(sliceDays(variants[hindsight.index] as DailySeries, allTest)) },
    reference: scores(sliceDays(reference, allTest)),
  };
}
