// Shared helpers for bench/*.bench.js files.

/** Deterministic uniform numbers in [0, 1) (Park-Miller), so every run measures the same inputs. */
export function lcg(seed = 42) {
  let s = seed;
  return () => {
    s = (s * 16807) % 2147483647;
    return (s - 1) / 2147483646;
  };
}

/**
 * Items per second of `fn`, which processes `items` items per call and returns a number
 * (kept so the work cannot be optimised away). Warms up, then takes the best of `reps` runs.
 * Time is the process's CPU time (user + system), not wall time, so that other load on a
 * shared machine inflates the figures as little as possible.
 */
export function throughput(fn, items, { reps = 5, warmup = 2 } = {}) {
  let sink = 0;
  for (let i = 0; i < warmup; i++) sink += fn();
  let best = Infinity;
  for (let i = 0; i < reps; i++) {
    const c0 = process.cpuUsage();
    sink += fn();
    const c = process.cpuUsage(c0);
    const dt = (c.user + c.system) / 1e6;
    if (dt < best) best = dt;
  }
  if (Number.isNaN(sink)) globalThis.__benchSink = sink;
  return items / best;
}

/** Best wall time in milliseconds of `fn` over `reps` runs after `warmup` runs; returns {ms, out}. */
export function bestMs(fn, { reps = 5, warmup = 1 } = {}) {
  let out;
  for (let i = 0; i < warmup; i++) out = fn();
  let ms = Infinity;
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    out = fn();
    ms = Math.min(ms, performance.now() - t0);
  }
  return { ms, out };
}
