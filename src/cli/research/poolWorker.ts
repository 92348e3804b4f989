/** The worker-thread entry of the sweep pool (tinypool): runs one batch. */
import { runBatch, type BatchJob } from './runBatch.js';
import type { VariantResult } from '../../research/sweep.js';

export default function run(job: BatchJob): VariantResult[] {
  return runBatch(job);
}
