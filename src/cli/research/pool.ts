/**
 * The local worker-thread pool of `alvh research sweep` (tinypool, docs/decisions.md): each
 * batch runs in one of `workers` threads; `onBatch` sees each batch's results as soon as it
 * finishes (the caller stores them), in completion order.
 */
import Tinypool from 'tinypool';
import type { VariantResult } from '../../research/sweep.js';
import type { BatchJob } from './runBatch.js';

/** The compiled worker entry beside this module (dist/cli/research/poolWorker.js). */
export const POOL_WORKER_FILE = new URL('./poolWorker.js', import.meta.url);

export async function runPool(jobs: readonly BatchJob[], workers: number, onBatch: (job: BatchJob, results: VariantResult[]) => void, workerFile: string | URL = POOL_WORKER_FILE): Promise<void> {
  if (jobs.length === 0) return;
  const pool = new Tinypool({ filename: workerFile instanceof URL ? workerFile.href : workerFile, minThreads: 1, maxThreads: Math.max(1, Math.min(workers, jobs.length)), isolateWorkers: false, idleTimeout: 1000 });
  try {
    await Promise.all(
      jobs.map(async (job) => {
        const results = (await pool.run(job)) as VariantResult[];
        onBatch(job, results);
      }),
    );
  } finally {
    await pool.destroy();
  }
}
