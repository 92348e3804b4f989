import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isoDate } from '../../core/time.js';
import { defaultPolicy } from '../../hedge/policy.js';
import { expandGrid, gridFingerprint, parseGrid, type Grid } from '../../research/grid.js';
import { enqueueExecutor, queueConnection } from './queue.js';
import { ResultsTable, type StoredRow } from './resultsTable.js';
import { inProcess, runSweep, type SweepRun } from './sweepRun.js';
import { DATA_DIR, transpileCli, type TranspiledCli } from './testing/transpiledCli.js';
import { testRedis, type TestRedis } from './testing/redis.js';

const FROM = isoDate('2018-01-02');
const TO = isoDate('2019-12-31');
const dirs: string[] = [];
const children: ChildProcessWithoutNullStreams[] = [];
let redis: TestRedis;
let cli: TranspiledCli;
let reference: StoredRow[] = [];

const tmp = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'alvh-queue-'));
  dirs.push(d);
  return d;
};
const grid = (): Grid => parseGrid({ base: 'alvh', vary: { 'regime.lowBelowVixPts': [14, 15, 16], 'bands.moderate.hi': [0.16, 0.2] } }, (n) => defaultPolicy(n as 'alvh'));
const sweepRun = (outDir: string): SweepRun => ({ grid: grid(), variants: expandGrid(grid()), outDir, from: FROM, to: TO, notional: 100_000, dataDir: DATA_DIR, batchSize: 2 });
function rows(dir: string): StoredRow[] {
  const t = new ResultsTable(dir, gridFingerprint(grid()), grid().axes.map((a) => a.key));
  try {
    return t.rows();
  } finally {
    t.close();
  }
}

let queueNo = 0;
const queueName = (): string => `alvh-test-${process.pid}-${++queueNo}`;

/** Starts `alvh research worker` in a child process; resolves once it says it is ready. */
async function startWorker(name: string): Promise<ChildProcessWithoutNullStreams> {
  const child = cli.start(['research', 'worker', '--queue', redis.url, '--queue-name', name, '--lock-seconds', '3']);
  children.push(child);
  let out = '';
  let err = '';
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('worker ready')) resolve();
    });
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('close', (code) => reject(new Error(`worker exited (${code}) before it was ready: ${err}`)));
  });
  return child;
}

async function stop(child: ChildProcessWithoutNullStreams): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const closed = new Promise<void>((r) => child.on('close', () => r()));
  child.kill('SIGTERM');
  await closed;
}

async function obliterate(name: string): Promise<void> {
  const q = new Queue(name, { connection: queueConnection(redis.url) });
  await q.obliterate({ force: true });
  await q.close();
}

beforeAll(async () => {
  redis = await testRedis();
  cli = transpileCli();
  dirs.push(cli.root);
  const out = tmp();
  await runSweep(sweepRun(out), inProcess);
  reference = rows(out);
}, 180_000);

afterAll(async () => {
  await Promise.all(children.map(stop));
  redis.stop();
  dirs.forEach((d) => rmSync(d, { recursive: true, force: true }));
});

describe('sweeps on a Redis queue (BullMQ)', () => {
  it('a sweep through the queue with two workers gives exactly the local results', async () => {
    const name = queueName();
    const workers = await Promise.all([startWorker(name), startWorker(name)]);
    const out = tmp();
    const outcome = await runSweep(sweepRun(out), enqueueExecutor(redis.url, gridFingerprint(grid()), { queueName: name, pollMs: 50 }));
    expect(outcome.computed).toBe(6);
    expect(rows(out)).toEqual(reference);
    await Promise.all(workers.map(stop));
    await obliterate(name);
  });

  it('a worker killed mid-job loses no result: the job goes back to the queue and another worker runs it', async () => {
    const name = queueName();
    const first = await startWorker(name);
    const out = tmp();
    const q = new Queue(name, { connection: queueConnection(redis.url) });
    const sweep = runSweep(sweepRun(out), enqueueExecutor(redis.url, gridFingerprint(grid()), { queueName: name, pollMs: 50 }));
    // Kill the only worker while it holds a job.
    let active = 0;
    for (let k = 0; k < 2000 && active === 0; k++) {
      active = await q.getActiveCount();
      if (active === 0) await new Promise((r) => setTimeout(r, 10));
    }
    expect(active, 'the worker took a job').toBeGreaterThan(0);
    const [held] = await q.getActive();
    first.kill('SIGKILL');
    await new Promise((r) => setTimeout(r, 200));
    const second = await startWorker(name);
    const outcome = await sweep;
    expect(outcome.computed).toBe(6);
    expect(rows(out)).toEqual(reference);
    const retried = held?.id === undefined ? undefined : await q.getJob(held.id);
    expect(retried?.attemptsStarted ?? 0, 'the killed job was started again').toBeGreaterThanOrEqual(2);
    await stop(second);
    await q.close();
    await obliterate(name);
  });

  it('a bad queue URL is a one-line error naming --queue', () => {
    expect(() => queueConnection('http://x:1')).toThrow(/--queue.*redis:\/\//);
    expect(() => queueConnection('not a url')).toThrow(/--queue/);
    expect(queueConnection('redis://sweeps.example:7000/2')).toMatchObject({ host: 'sweeps.example', port: 7000, db: 2 });
  });
});
