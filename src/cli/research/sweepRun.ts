/**
 * Running a sweep into its results directory: skips the variants already stored (resume),
 * cuts the rest into batches, hands them to an executor (the local thread pool, the
 * process itself, or the Redis queue) and stores each batch's rows as it arrives.
 */
import type { IsoDate } from '../../core/time.js';
import { gridFingerprint, type Grid, type Variant } from '../../research/grid.js';
import type { VariantResult } from '../../research/sweep.js';
import { ResultsTable } from './resultsTable.js';
import { runBatch, type BatchJob } from './runBatch.js';

/** Runs the jobs somewhere and calls `onBatch` with each job's results as it finishes. */
export type Executor = (jobs: readonly BatchJob[], onBatch: (job: BatchJob, results: VariantResult[]) => void) => Promise<void>;

/** Runs every job in this process, one after another. */
export const inProcess: Executor = async (jobs, onBatch) => {
  for (const job of jobs) onBatch(job, runBatch(job));
};

export interface SweepRun {
  readonly grid: Grid;
  readonly variants: readonly Variant[];
  readonly outDir: string;
  readonly dataDir?: string;
  readonly from?: IsoDate;
  readonly to?: IsoDate;
  readonly notional: number;
  /** Variants per job (default: {@link autoBatchSize}): larger batches share more of the engine pass. */
  readonly batchSize?: number;
  /** The executors working in parallel (threads or queue workers), for the default batch size. */
  readonly parallelism?: number;
  readonly onProgress?: (done: number, total: number) => void;
}

export interface SweepOutcome {
  readonly total: number;
  /** Variants found in the directory from an earlier run. */
  readonly resumed: number;
  /** Variants computed now. */
  readonly computed: number;
  readonly csvPath: string;
}

/** The largest default batch: a kill loses at most this many variants per worker. */
export const MAX_AUTO_BATCH = 32;

/**
 * Variants per job when none is asked for: about four jobs per worker (so that the workers
 * finish together and the progress bar moves), at most {@link MAX_AUTO_BATCH}. An engine
 * pass costs a fixed part (the day models and the condor schedule, ~0.15 s of CPU over the
 * full history) shared by its variants, so small batches repeat it for few variants.
 */
export function autoBatchSize(pending: number, parallelism: number): number {
  return Math.max(1, Math.min(MAX_AUTO_BATCH, Math.ceil(pending / (4 * Math.max(1, parallelism)))));
}

/** The batches of the variants not yet stored, in grid order. */
export function pendingJobs(run: SweepRun, done: ReadonlySet<string>): BatchJob[] {
  const pending = run.variants.filter((v) => !done.has(v.key));
  const size = run.batchSize ?? autoBatchSize(pending.length, run.parallelism ?? 1);
  const jobs: BatchJob[] = [];
  for (let i = 0; i < pending.length; i += size) {
    jobs.push({
      ...(run.dataDir === undefined ? {} : { dataDir: run.dataDir }),
      ...(run.from === undefined ? {} : { from: run.from }),
      ...(run.to === undefined ? {} : { to: run.to }),
      notional: run.notional,
      tasks: pending.slice(i, i + size).map((v) => ({ key: v.key, values: v.values, policy: v.policy, condor: v.condor })),
    });
  }
  return jobs;
}

export async function runSweep(run: SweepRun, executor: Executor): Promise<SweepOutcome> {
  const table = new ResultsTable(run.outDir, gridFingerprint(run.grid), run.grid.axes.map((a) => a.key));
  try {
    const done = table.doneKeys();
    const indexOf = new Map(run.variants.map((v) => [v.key, v.index]));
    const resumed = run.variants.filter((v) => done.has(v.key)).length;
    const total = run.variants.length;
    let finished = resumed;
    let computed = 0;
    run.onProgress?.(finished, total);
    await executor(pendingJobs(run, done), (_job, results) => {
      table.add(results.map((result) => ({ variant: indexOf.get(result.key) ?? -1, result })));
      table.writeCsv();
      computed += results.length;
      finished += results.length;
      run.onProgress?.(finished, total);
    });
    table.writeCsv();
    return { total, resumed, computed, csvPath: table.csvPath };
  } finally {
    table.close();
  }
}
