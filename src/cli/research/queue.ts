/**
 * Sweeps beyond one machine on BullMQ over Redis (docs/decisions.md). The sweep process
 * enqueues one job per batch (`enqueueExecutor`) and stores each job's result in its results
 * table as the job completes; `alvh research worker` processes (`startQueueWorker`) on any
 * machine take jobs and return the rows. A worker that dies mid-job stops renewing its lock;
 * after `lockMs` another worker's stalled-job check puts the job back on the queue, so no
 * result is lost (up to `MAX_STALLS` times, then the job fails and the sweep reports it).
 *
 * Job ids are the grid fingerprint plus a hash of the batch's variant keys: enqueueing the same
 * batch twice (a restarted sweep) adds nothing, and a result that finished while no sweep was
 * listening is still collected.
 */
import { Job, Queue, Worker, type ConnectionOptions } from 'bullmq';
import { InputError } from '../../core/errors.js';
import { sha256Hex } from '../../core/sha256.js';
import type { VariantResult } from '../../research/sweep.js';
import { runBatch, type BatchJob } from './runBatch.js';
import type { Executor } from './sweepRun.js';

export const DEFAULT_QUEUE_NAME = 'alvh-sweep';
/** A job may be put back after a dead worker this many times before it fails. */
export const MAX_STALLS = 5;
export const DEFAULT_LOCK_MS = 30_000;

/** `redis://HOST:PORT[/DB]` as BullMQ connection options; anything else is an InputError naming `--queue`. */
export function queueConnection(url: string): ConnectionOptions {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new InputError('--queue', `must be a URL like redis://127.0.0.1:6379, got "${url}"`);
  }
  if (u.protocol !== 'redis:') throw new InputError('--queue', `must start with redis://, got "${url}"`);
  const port = u.port === '' ? 6379 : Number(u.port);
  const db = u.pathname.length > 1 ? Number(u.pathname.slice(1)) : 0;
  if (!Number.isInteger(db) || db < 0) throw new InputError('--queue', `database must be a whole number, got "${u.pathname.slice(1)}"`);
  return {
    host: u.hostname === '' ? '127.0.0.1' : u.hostname,
    port,
    db,
    ...(u.password === '' ? {} : { password: decodeURIComponent(u.password) }),
    ...(u.username === '' ? {} : { username: decodeURIComponent(u.username) }),
    maxRetriesPerRequest: null,
  };
}

export function jobIdOf(fingerprint: string, job: BatchJob): string {
  return `${fingerprint}-${sha256Hex(job.tasks.map((t) => t.key).join(',')).slice(0, 16)}`;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** An executor that enqueues the jobs on `url` and waits for their results (polling every `pollMs`). */
export function enqueueExecutor(url: string, fingerprint: string, opts: { queueName?: string; pollMs?: number; onQueued?: (count: number) => void } = {}): Executor {
  return async (jobs, onBatch) => {
    if (jobs.length === 0) return;
    const queue = new Queue(opts.queueName ?? DEFAULT_QUEUE_NAME, { connection: queueConnection(url) });
    try {
      const ids = jobs.map((j) => jobIdOf(fingerprint, j));
      await queue.addBulk(jobs.map((data, i) => ({ name: 'batch', data, opts: { jobId: ids[i] as string, attempts: 3, removeOnFail: false, removeOnComplete: { age: 7 * 24 * 3600 } } })));
      opts.onQueued?.(jobs.length);
      const pending = new Map(ids.map((id, i) => [id, jobs[i] as BatchJob]));
      while (pending.size > 0) {
        for (const [id, data] of [...pending]) {
          // The state first, then the job: a job read before it completes carries no return
          // value even when the state read just after it says completed (BullMQ writes both
          // in one step, so a job read after a completed state has its result).
          const state = await queue.getJobState(id);
          if (state !== 'completed' && state !== 'failed') {
            if (state === 'unknown') throw new InputError('--queue', `job ${id} vanished from the queue`);
            continue;
          }
          const job = await Job.fromId<BatchJob, VariantResult[]>(queue, id);
          if (job === undefined) throw new InputError('--queue', `job ${id} vanished from the queue`);
          if (state === 'failed') throw new InputError('--queue', `job ${id} failed after ${job.attemptsMade} attempts: ${job.failedReason}`);
          pending.delete(id);
          onBatch(data, job.returnvalue);
        }
        if (pending.size > 0) await sleep(opts.pollMs ?? 250);
      }
    } finally {
      await queue.close();
    }
  };
}

export interface QueueWorkerOptions {
  readonly queueName?: string;
  /** How long a job stays claimed by a worker that stopped answering (ms). */
  readonly lockMs?: number;
  /** Jobs run at once in this process (default 1: the engine is single-threaded). */
  readonly concurrency?: number;
  readonly onJob?: (id: string, variants: number) => void;
}

/** Starts a worker consuming sweep jobs until `close()`. */
export function startQueueWorker(url: string, opts: QueueWorkerOptions = {}): Worker<BatchJob, VariantResult[]> {
  const lockMs = opts.lockMs ?? DEFAULT_LOCK_MS;
  const worker = new Worker<BatchJob, VariantResult[]>(
    opts.queueName ?? DEFAULT_QUEUE_NAME,
    async (job) => {
      const out = runBatch(job.data);
      opts.onJob?.(job.id ?? '', out.length);
      return out;
    },
    { connection: queueConnection(url), concurrency: opts.concurrency ?? 1, lockDuration: lockMs, stalledInterval: lockMs, maxStalledCount: MAX_STALLS },
  );
  return worker;
}
