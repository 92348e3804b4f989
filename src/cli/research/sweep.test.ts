import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultPolicy } from '../../hedge/policy.js';
import { expandGrid, gridFingerprint, parseGrid, type Grid } from '../../research/grid.js';
import { evaluateVariants, METRIC_COLUMNS } from '../../research/sweep.js';
import { CsvMarketDataSource } from '../../adapters/csvMarketData.js';
import { DEFAULT_COST_MODEL } from '../../portfolio/costs.js';
import { DEFAULT_CALIBRATION } from '../../portfolio/marketModel.js';
import { isoDate } from '../../core/time.js';
import { runCli } from '../testing/run.js';
import { runPool } from './pool.js';
import { ResultsTable, type StoredRow } from './resultsTable.js';
import { autoBatchSize, inProcess, MAX_AUTO_BATCH, pendingJobs, runSweep, type Executor, type SweepRun } from './sweepRun.js';
import { DATA_DIR, transpileCli, type TranspiledCli } from './testing/transpiledCli.js';

const FROM = isoDate('2019-07-01');
const TO = isoDate('2019-12-31');
const GRID_YAML = `base: static10
vary:
  targetFraction: [0.05, 0.1, 0.15]
  condor.shortDelta: [0.08, 0.1]
`;
const resolveBase = (name: string) => defaultPolicy(name as 'static10' | 'alvh');

const dirs: string[] = [];
let cli: TranspiledCli;
let gridFile = '';
let reference: StoredRow[] = [];

function tmp(): string {
  const d = mkdtempSync(join(tmpdir(), 'alvh-sweep-'));
  dirs.push(d);
  return d;
}

function grid(): Grid {
  return parseGrid({ base: 'static10', vary: { targetFraction: [0.05, 0.1, 0.15], 'condor.shortDelta': [0.08, 0.1] } }, resolveBase);
}

function sweepRun(outDir: string, batchSize = 2, from = FROM): SweepRun {
  const g = grid();
  return { grid: g, variants: expandGrid(g), outDir, from, to: TO, notional: 100_000, dataDir: DATA_DIR, batchSize };
}

/**
 * The killed sweep runs from 1990: a variant then takes long enough (about half a second)
 * that the kill, 50 ms after the second stored row is seen, lands before the sixth (on the
 * six-month window all six could finish between two polls).
 */
const KILL_FROM = isoDate('1990-01-02');

function storedRows(dir: string): StoredRow[] {
  const g = grid();
  const t = new ResultsTable(dir, gridFingerprint(g), g.axes.map((a) => a.key));
  try {
    return t.rows();
  } finally {
    t.close();
  }
}

beforeAll(async () => {
  cli = transpileCli();
  dirs.push(cli.root);
  const d = tmp();
  gridFile = join(d, 'grid.yaml');
  writeFileSync(gridFile, GRID_YAML);
  const out = tmp();
  await runSweep(sweepRun(out), inProcess);
  reference = storedRows(out);
}, 180_000);
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('research sweep', () => {
  it('writes one row per variant: the varied values, then every metric (CSV and SQLite agree)', () => {
    expect(reference.length).toBe(6);
    expect(reference.map((r) => r.variant)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(reference[0]?.values).toEqual({ targetFraction: 0.05, 'condor.shortDelta': 0.08 });
    for (const r of reference) for (const m of ['cagr', 'sharpe', 'maxDrawdown', 'hedgeCostPerYear'] as const) expect(Number.isFinite(r.metrics[m] as number), `${r.key} ${m}`).toBe(true);
    // A larger static hedge spends more.
    const spend = reference.filter((r) => r.values['condor.shortDelta'] === 0.1).map((r) => r.metrics.hedgeCostPerYear as number);
    expect(spend[0]).toBeLessThan(spend[1] as number);
    expect(spend[1]).toBeLessThan(spend[2] as number);
  });

  it('a variant’s row does not depend on the other variants of its engine pass', () => {
    const data = new CsvMarketDataSource(DATA_DIR).load();
    const v = expandGrid(grid()).filter((x) => x.condor.shortDelta === 0.1);
    const settings = { from: FROM, to: TO, notional: 100_000, costs: DEFAULT_COST_MODEL, calib: DEFAULT_CALIBRATION };
    const together = evaluateVariants(data, settings, v);
    const alone = evaluateVariants(data, settings, [v[1] as (typeof v)[number]]);
    expect(alone[0]?.metrics).toEqual(together[1]?.metrics);
  });

  it('the worker-thread pool gives exactly the in-process results', async () => {
    const out = tmp();
    const pool: Executor = (jobs, onBatch) => runPool(jobs, 2, onBatch, cli.poolWorker);
    const outcome = await runSweep(sweepRun(out, 1), pool);
    expect(outcome.computed).toBe(6);
    expect(storedRows(out)).toEqual(reference);
  });

  it('a sweep killed mid-run resumes without recomputing finished variants', async () => {
    const out = tmp();
    const refOut = tmp();
    await runSweep(sweepRun(refOut, 2, KILL_FROM), inProcess);
    const killReference = storedRows(refOut);
    const child = cli.start(['research', 'sweep', '--grid', gridFile, '--out', out, '--workers', '1', '--batch', '1', '--from', KILL_FROM, '--to', TO, '--data', DATA_DIR, '--quiet']);
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<void>((r) => child.on('close', () => r()));
    // Wait for two finished variants in the table, then kill the process without warning.
    const db = () => new Database(join(out, 'results.sqlite'), { readonly: true, fileMustExist: true });
    let stored = 0;
    for (let k = 0; k < 1200 && stored < 2; k++) {
      await new Promise((r) => setTimeout(r, 50));
      try {
        const h = db();
        try {
          stored = (h.prepare('SELECT count(*) AS n FROM results').get() as { n: number }).n;
        } finally {
          h.close();
        }
      } catch {
        // not created yet
      }
      if (child.exitCode !== null) break;
    }
    child.kill('SIGKILL');
    await exited;
    expect(stored, `rows before the kill (child stderr: ${stderr})`).toBeGreaterThanOrEqual(2);
    const before = storedRows(out).length;
    expect(before, 'the kill came before the end').toBeLessThan(6);
    const computedKeys: string[] = [];
    const counting: Executor = async (jobs, onBatch) => {
      for (const j of jobs) computedKeys.push(...j.tasks.map((t) => t.key));
      await inProcess(jobs, onBatch);
    };
    const outcome = await runSweep(sweepRun(out, 2, KILL_FROM), counting);
    expect(outcome.resumed).toBe(before);
    expect(outcome.computed).toBe(6 - before);
    expect(computedKeys.length, 'only the unfinished variants are computed').toBe(6 - before);
    expect(storedRows(out)).toEqual(killReference);
    const csv = readFileSync(join(out, 'results.csv'), 'utf8').trim().split('\n');
    expect(csv[0]).toBe(['variant', 'key', 'targetFraction', 'condor.shortDelta', ...METRIC_COLUMNS].join(','));
    expect(csv.length).toBe(7);
  });

  it('refuses a directory that holds another grid’s results (exit 2 naming --out)', async () => {
    const out = tmp();
    await runSweep({ ...sweepRun(out), variants: expandGrid(grid()).slice(0, 1) }, inProcess);
    const other = join(tmp(), 'other.yaml');
    writeFileSync(other, 'base: static10\nvary:\n  targetFraction: [0.2]\n');
    const r = await runCli(['research', 'sweep', '--grid', other, '--out', out, '--data', DATA_DIR, '--quiet']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--out: .*another grid/);
  });

  it.each([
    ['base: alvh\nvary:\n  regime.nope: [1]\n', /vary\.regime\.nope: unknown parameter/],
    ['base: alvh\nvary:\n  bands.moderate.hi: [0.15, 2]\n', /vary\.bands\.moderate\.hi: .*<= 1/],
    ['base: alvh\nvary:\n  regime.lowBelowVixPts: {from: 17, to: 13, step: 1}\n', /vary\.regime\.lowBelowVixPts: empty range/],
    ['base: alvh\nvary:\n  regime.lowBelowVixPts: {from: 0, to: 24, step: 0.01}\n', /vary: 2,401 variants exceed the maximum of 1,000 without --yes/],
    ['base: nosuch.yaml\nvary:\n  regime.lowBelowVixPts: [14]\n', /base: cannot read/],
    ['base: [\n', /--grid: .*not valid YAML/],
  ])('a bad grid file exits 2 naming the key: %s', async (text, message) => {
    const f = join(tmp(), 'g.yaml');
    writeFileSync(f, text);
    const r = await runCli(['research', 'sweep', '--grid', f, '--out', join(tmp(), 'o'), '--quiet']);
    expect(r.code, r.err).toBe(2);
    expect(r.err.trim().split('\n').length, 'one line').toBe(1);
    expect(r.err).toMatch(message);
  });
});

describe('the default batch size', () => {
  it('gives each worker about four jobs, at most 32 variants each and never none', () => {
    expect(autoBatchSize(1000, 2), '1,000 variants on 2 threads: the cap').toBe(MAX_AUTO_BATCH);
    expect(autoBatchSize(100, 2)).toBe(13);
    expect(autoBatchSize(100, 8)).toBe(4);
    expect(autoBatchSize(3, 2)).toBe(1);
    expect(autoBatchSize(0, 2)).toBe(1);
  });

  it('cuts the pending variants into such batches when no size is asked for', () => {
    const run: SweepRun = { grid: grid(), variants: expandGrid(grid()), outDir: '/nowhere', notional: 100_000, parallelism: 1 };
    // 6 variants, 1 worker: ceil(6 / 4) = 2 per job.
    expect(pendingJobs(run, new Set()).map((j) => j.tasks.length)).toEqual([2, 2, 2]);
    expect(pendingJobs({ ...run, batchSize: 4 }, new Set()).map((j) => j.tasks.length)).toEqual([4, 2]);
  });
});
