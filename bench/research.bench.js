// Research-sweep benchmark: N full-history single-policy ALVH variants (1990..last date) through
// the same path as `alvh research sweep` (grid → batches → tinypool worker threads → results
// table), wall time on this machine, and the per-variant cost. N defaults to 200 (a 1,000-variant
// run takes minutes on a shared 2-core machine); ALVH_BENCH_VARIANTS=1000 runs the figure.
// ALVH_BENCH_WORKERS sets the threads (default: the CPU count).
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { defaultPolicy } from '../dist/hedge/policy.js';
import { expandGrid, parseGrid } from '../dist/research/grid.js';
import { runPool } from '../dist/cli/research/pool.js';
import { autoBatchSize, runSweep } from '../dist/cli/research/sweepRun.js';

export default async function run() {
  const n = Number(process.env.ALVH_BENCH_VARIANTS ?? 200);
  const workers = Number(process.env.ALVH_BENCH_WORKERS ?? availableParallelism());
  const grid = parseGrid(
    {
      base: 'alvh',
      vary: {
        'regime.lowBelowVixPts': { from: 12, to: 18, step: 0.5 },
        'regime.highAboveVixPts': { from: 22, to: 30, step: 1 },
        'bands.moderate.hi': { from: 0.14, to: 0.22, step: 0.01 },
        'bands.low.hi': { from: 0.06, to: 0.1, step: 0.01 },
      },
      sample: n,
      seed: 1,
    },
    (name) => defaultPolicy(name),
  );
  const variants = expandGrid(grid, { allowMore: true });
  const rows = [];
  {
    const out = mkdtempSync(join(tmpdir(), 'alvh-bench-sweep-'));
    try {
      const c0 = process.cpuUsage(); // covers every thread of the process, the workers included
      const t0 = performance.now();
      const outcome = await runSweep({ grid, variants, outDir: out, notional: 100_000, parallelism: workers }, (jobs, onBatch) => runPool(jobs, workers, onBatch));
      const wallS = (performance.now() - t0) / 1000;
      const c = process.cpuUsage(c0);
      const cpuMsPerVariant = (c.user + c.system) / 1000 / outcome.computed;
      rows.push({ name: `sweep ${outcome.computed} variants, ${workers} workers, default batch ${autoBatchSize(variants.length, workers)}`, value: wallS, unit: 's', note: `full history each; ${((wallS * 1000) / outcome.computed).toFixed(0)} ms wall per variant; 1,000 variants ≈ ${((wallS * 1000) / outcome.computed).toFixed(0)} s (target ≤ 60 s)` });
      rows.push({ name: 'per-variant CPU time (all threads)', value: cpuMsPerVariant, unit: 'ms', note: `includes each worker's data load; on ${workers} idle cores 1,000 variants ≈ ${((cpuMsPerVariant * 1000) / 1000 / workers).toFixed(0)} s` });
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }
  return rows;
}
