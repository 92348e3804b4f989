/**
 * `alvh research`: statistics over many backtests (docs/guide/research.md).
 *   compare A B   paired block-bootstrap intervals of A − B
 *   sweep         a grid of policy/condor variants into DIR/results.csv + results.sqlite
 *   worker        consume sweep jobs from a Redis queue (BullMQ)
 *   walkforward   choose parameters on each training window, score on the next
 *   ablation      ALVH with each signal component switched off in turn
 */
import { availableParallelism } from 'node:os';
import { dirname, extname, resolve } from 'node:path';
import type { Command } from 'commander';
import { SingleBar } from 'cli-progress';
import { InputError } from '../../core/errors.js';
import type { IsoDate } from '../../core/time.js';
import { seededRng } from '../../core/time.js';
import { defaultPolicy, POLICY_KINDS, type HedgePolicy, type PolicyKind } from '../../hedge/index.js';
import { CsvMarketDataSource } from '../../adapters/csvMarketData.js';
import type { MarketData } from '../../market/types.js';
import { DEFAULT_COST_MODEL } from '../../portfolio/costs.js';
import { DEFAULT_CALIBRATION } from '../../portfolio/marketModel.js';
import { bootstrapCompare, MEASURES, type MeasureInterval, type Measure } from '../../research/bootstrap.js';
import { runPolicies, type ResearchSettings } from '../../research/engine.js';
import { dailySeriesOf } from '../../research/series.js';
import { expandGrid, gridFingerprint, parseGrid, variantCount, type Grid } from '../../research/grid.js';
import { condorFromFlags, fixed, loadEmbeddedData, notionalFromFlag, readPolicyFile, textTable, type CondorFlags } from '../engineInputs.js';
import { readUserFile } from '../io.js';
import { date, int, num } from '../options.js';
import { parseYaml } from '../policyFile.js';
import { runPool } from '../research/pool.js';
import { DEFAULT_LOCK_MS, enqueueExecutor, startQueueWorker } from '../research/queue.js';
import { runSweep, type Executor } from '../research/sweepRun.js';

interface RangeFlags extends CondorFlags {
  from?: string;
  to?: string;
  notional?: string;
  data?: string;
}

interface Range {
  from?: IsoDate;
  to?: IsoDate;
}

function rangeOf(flags: RangeFlags): Range {
  const from = flags.from === undefined ? undefined : date('--from', flags.from);
  const to = flags.to === undefined ? undefined : date('--to', flags.to);
  if (from !== undefined && to !== undefined && to <= from) throw new InputError('--to', `must be after --from (${from}), got ${to}`);
  return { ...(from === undefined ? {} : { from }), ...(to === undefined ? {} : { to }) };
}

function dataOf(flags: RangeFlags): MarketData {
  return flags.data === undefined ? loadEmbeddedData() : new CsvMarketDataSource(resolve(flags.data)).load();
}

function settingsOf(flags: RangeFlags): ResearchSettings {
  return { ...rangeOf(flags), condor: condorFromFlags(flags), notional: notionalFromFlag(flags.notional), costs: DEFAULT_COST_MODEL, calib: DEFAULT_CALIBRATION };
}

/** A built-in policy kind, or a policy file (.json/.yaml) relative to `baseDir`. */
export function policyByName(flag: string, name: string, baseDir = '.'): HedgePolicy {
  if ((POLICY_KINDS as readonly string[]).includes(name)) return defaultPolicy(name as PolicyKind);
  const ext = extname(name).toLowerCase();
  if (ext !== '.json' && ext !== '.yaml' && ext !== '.yml') throw new InputError(flag, `"${name}" is neither a policy (${POLICY_KINDS.join(', ')}) nor a .json/.yaml policy file`);
  return readPolicyFile(flag, resolve(baseDir, name));
}

function rangeOptions(cmd: Command): Command {
  return cmd
    .option('--from <date>', 'first trading day (default: the first day of the data)')
    .option('--to <date>', 'last trading day (default: the last day of the data)')
    .option('--notional <usd>', 'starting capital = condor notional in dollars (default 100000)')
    .option('--dte <n>', 'condor tenor in trading days (default 1)')
    .option('--short-delta <d>', 'short strike |delta| (default 0.10)')
    .option('--wing-width <pts>', 'wing width in SPX points (default 50)')
    .option('--risk-budget <frac>', 'max loss of the day’s condors as a fraction of notional (default 0.05)')
    .option('--data <dir>', 'a data directory with the embedded layout (default: the embedded data)');
}

export interface CompareJson {
  a: string;
  b: string;
  basis: { a: string | null; b: string | null };
  level: number;
  bootstrap: number;
  blockDays: number;
  seed: number;
  from: IsoDate;
  to: IsoDate;
  measures: Record<Measure, MeasureInterval>;
}

/** `compare` on loaded data: both policies in one engine pass, then the paired bootstrap. */
export function compareOnData(data: MarketData, settings: ResearchSettings, a: { name: string; policy: HedgePolicy }, b: { name: string; policy: HedgePolicy }, opts: { replicates: number; blockDays: number; level: number; seed: number }): CompareJson {
  const nameA = 'A';
  const nameB = 'B';
  const r = runPolicies(data, settings, [{ name: nameA, policy: a.policy }, { name: nameB, policy: b.policy }]);
  const runA = r.runs[nameA];
  const runB = r.runs[nameB];
  if (runA === undefined || runB === undefined) throw new InputError('compare', 'the engine returned no run');
  const measures = bootstrapCompare(dailySeriesOf(r.dates, runA, r.market), dailySeriesOf(r.dates, runB, r.market), { replicates: opts.replicates, meanBlockDays: opts.blockDays, level: opts.level, rng: seededRng(opts.seed) });
  const basisOf = (p: HedgePolicy): string | null => (p.kind === 'none' ? null : p.basis);
  return {
    a: a.name,
    b: b.name,
    basis: { a: basisOf(a.policy), b: basisOf(b.policy) },
    level: opts.level,
    bootstrap: opts.replicates,
    blockDays: opts.blockDays,
    seed: opts.seed,
    from: r.dates[0] as IsoDate,
    to: r.dates[r.dates.length - 1] as IsoDate,
    measures,
  };
}

const MEASURE_LABEL: Record<Measure, string> = {
  cagr: 'CAGR',
  sharpe: 'Sharpe',
  maxDrawdown: 'max drawdown',
  netHedgeCostPerYear: 'net hedge cost/yr',
  crisisPnl: 'crisis P&L',
};

function compareTable(j: CompareJson): string {
  const f = (m: Measure, x: number): string => (m === 'sharpe' ? fixed(x, 3) : `${(x * 100).toFixed(2)}%`);
  const rows = MEASURES.map((m) => {
    const v = j.measures[m];
    return [MEASURE_LABEL[m], f(m, v.diff), f(m, v.lo), f(m, v.hi), v.pBetter.toFixed(3)];
  });
  const pct = Math.round(j.level * 100);
  return textTable([`${j.a} − ${j.b}`, 'diff', `${pct}% lo`, `${pct}% hi`, `P(${j.a} better)`], rows);
}

interface CompareFlags extends RangeFlags {
  bootstrap: string;
  block: string;
  level: string;
  seed: string;
  json?: boolean;
}

interface SweepFlags extends RangeFlags {
  grid: string;
  out: string;
  workers?: string;
  batch: string;
  queue?: string;
  queueName?: string;
  yes?: boolean;
  quiet?: boolean;
  json?: boolean;
}

interface WorkerFlags {
  queue: string;
  queueName?: string;
  lockSeconds: string;
  concurrency: string;
}

/** Reads and validates a grid file; `base` names a built-in policy or a file relative to the grid. */
export function readGridFile(file: string, condorFlags: CondorFlags): Grid {
  const text = readUserFile('--grid', file);
  let json: unknown;
  try {
    json = parseYaml(text);
  } catch (e) {
    throw new InputError('--grid', `${file}: not valid YAML: ${e instanceof Error ? (e.message.split('\n')[0] ?? '') : String(e)}`);
  }
  try {
    return parseGrid(json, (name) => policyByName('base', name, dirname(resolve(file))), condorFromFlags(condorFlags));
  } catch (e) {
    if (e instanceof InputError) throw new InputError(`${file}: ${e.field}`, e.message.slice(e.field.length + 2));
    throw e;
  }
}

function progressBar(label: string, show: boolean): SingleBar | null {
  return show ? new SingleBar({ format: `${label} [{bar}] {value}/{total} variants | {percentage}% | ETA {eta_formatted}`, stream: process.stderr, hideCursor: true, clearOnComplete: false, etaBuffer: 20 }) : null;
}

export function register(program: Command): void {
  const research = program.command('research').description('Research at scale: bootstrap comparisons, parameter sweeps, walk-forward tests, ablations.');

  rangeOptions(
    research
      .command('compare <a> <b>')
      .description('Paired stationary block-bootstrap confidence intervals of A − B (CAGR, Sharpe, max drawdown, net hedge cost, crisis P&L).')
      .option('--bootstrap <n>', 'resamples', '1000')
      .option('--block <days>', 'mean block length in trading days (Politis-Romano stationary bootstrap)', '20')
      .option('--level <frac>', 'confidence level of the intervals', '0.9')
      .option('--seed <n>', 'seed of the resampling', '1')
      .option('--json', 'print {a, b, basis, level, measures: {cagr|sharpe|maxDrawdown|netHedgeCostPerYear|crisisPnl: {diff, lo, hi, pBetter}}}'),
  )
    .addHelpText(
      'after',
      `
A and B are built-in policies (${POLICY_KINDS.join(', ')}) or policy files (.json/.yaml).
Both run in one engine pass on the same condor trades; resamples take the same days for both.
cagr and sharpe are annualised with 252 days; maxDrawdown is a positive fraction;
netHedgeCostPerYear is −(hedge P&L) a year as a fraction of equity; crisisPnl is the summed
daily return of the crisis-window days. pBetter: share of resamples in which A beats B.

Examples:
  alvh research compare alvh static10 --bootstrap 2000 --block 20
  alvh research compare ./tight.yaml alvh --from 2007-01-03 --level 0.95 --json`,
    )
    .action((a: string, b: string, flags: CompareFlags) => {
      const replicates = int('--bootstrap', flags.bootstrap, 1);
      const blockDays = num('--block', flags.block);
      if (!(blockDays >= 1)) throw new InputError('--block', `must be >= 1 day, got ${flags.block}`);
      const level = num('--level', flags.level);
      if (!(level > 0 && level < 1)) throw new InputError('--level', `must be between 0 and 1, got ${flags.level}`);
      const seed = int('--seed', flags.seed, 0);
      const pa = { name: a, policy: policyByName('<a>', a) };
      const pb = { name: b, policy: policyByName('<b>', b) };
      const out = compareOnData(dataOf(flags), settingsOf(flags), pa, pb, { replicates, blockDays, level, seed });
      if (flags.json === true) process.stdout.write(`${JSON.stringify(out)}\n`);
      else {
        process.stdout.write(`${a} vs ${b}, ${out.from}..${out.to}: ${replicates} stationary-bootstrap resamples, mean block ${blockDays} days, seed ${seed}.\n`);
        process.stdout.write(compareTable(out));
      }
    });

  rangeOptions(
    research
      .command('sweep')
      .description('Backtest every variant of a parameter grid; one row per variant in DIR/results.csv and DIR/results.sqlite (resumable).')
      .requiredOption('--grid <file.yaml>', 'the grid: base policy and the parameters to vary (see below)')
      .requiredOption('--out <dir>', 'results directory (a rerun resumes: finished variants are not recomputed)')
      .option('--workers <n>', 'worker threads (default: the CPU count)')
      .option('--batch <n>', 'variants per job (they share one engine pass)', '4')
      .option('--queue <redis-url>', 'enqueue the jobs on a Redis queue (BullMQ) for `alvh research worker` processes instead of running them here')
      .option('--queue-name <name>', 'queue name (default alvh-sweep)')
      .option('--yes', 'run a grid of more than 1,000 variants')
      .option('--quiet', 'no progress bar')
      .option('--json', 'print {total, resumed, computed, csv, sqlite} when done'),
  )
    .addHelpText(
      'after',
      `
Grid file (YAML or JSON):
  base: alvh                         # a built-in policy or a policy file (relative to the grid)
  vary:
    regime.lowBelowVixPts: {from: 13, to: 17, step: 1}
    bands.moderate.hi: [0.15, 0.18, 0.21]
    condor.shortDelta: [0.08, 0.10]  # condor. paths vary the condor configuration
  sample: 50                         # optional: 50 random variants of the product
  seed: 1                            # the sample's seed

Examples:
  alvh research sweep --grid examples/research/alvh-regime.yaml --out runs/regime
  alvh research sweep --grid grid.yaml --out runs/g --queue redis://127.0.0.1:6379   # then: alvh research worker --queue redis://127.0.0.1:6379`,
    )
    .action(async (flags: SweepFlags) => {
      const grid = readGridFile(flags.grid, flags);
      const count = variantCount(grid);
      const variants = expandGrid(grid, { allowMore: flags.yes === true });
      const range = rangeOf(flags);
      const notional = notionalFromFlag(flags.notional);
      const workers = flags.workers === undefined ? availableParallelism() : int('--workers', flags.workers, 1);
      const batchSize = int('--batch', flags.batch, 1);
      const outDir = resolve(flags.out);
      const bar = progressBar('sweep', flags.quiet !== true && flags.json !== true && process.stderr.isTTY === true);
      const executor: Executor =
        flags.queue === undefined
          ? (jobs, onBatch) => runPool(jobs, workers, onBatch)
          : enqueueExecutor(flags.queue, gridFingerprint(grid), flags.queueName === undefined ? {} : { queueName: flags.queueName });
      bar?.start(count, 0);
      const outcome = await runSweep(
        { grid, variants, outDir, ...range, notional, batchSize, ...(flags.data === undefined ? {} : { dataDir: resolve(flags.data) }), onProgress: (done) => bar?.update(done) },
        executor,
      );
      bar?.stop();
      const sqlite = resolve(outDir, 'results.sqlite');
      if (flags.json === true) process.stdout.write(`${JSON.stringify({ total: outcome.total, resumed: outcome.resumed, computed: outcome.computed, csv: outcome.csvPath, sqlite })}\n`);
      else process.stdout.write(`${outcome.total} variants (${outcome.resumed} from an earlier run, ${outcome.computed} computed now): ${outcome.csvPath}, ${sqlite}\n`);
    });

  research
    .command('worker')
    .description('Consume sweep jobs from a Redis queue (BullMQ) until stopped (Ctrl-C); run one per core on any machine.')
    .requiredOption('--queue <redis-url>', 'the Redis URL the sweep enqueued on, e.g. redis://127.0.0.1:6379')
    .option('--queue-name <name>', 'queue name (default alvh-sweep)')
    .option('--lock-seconds <s>', 'a job claimed by a worker that stops answering goes back to the queue after this long (must exceed one job’s run time)', String(DEFAULT_LOCK_MS / 1000))
    .option('--concurrency <n>', 'jobs at once in this process', '1')
    .addHelpText('after', '\nExample:\n  alvh research worker --queue redis://127.0.0.1:6379\n')
    .action(async (flags: WorkerFlags) => {
      const lockSeconds = num('--lock-seconds', flags.lockSeconds);
      if (!(lockSeconds >= 1)) throw new InputError('--lock-seconds', `must be >= 1, got ${flags.lockSeconds}`);
      const worker = startQueueWorker(flags.queue, {
        ...(flags.queueName === undefined ? {} : { queueName: flags.queueName }),
        lockMs: lockSeconds * 1000,
        concurrency: int('--concurrency', flags.concurrency, 1),
        onJob: (id, n) => process.stdout.write(`done ${id} (${n} variants)\n`),
      });
      await worker.waitUntilReady();
      process.stdout.write(`worker ready on ${flags.queue}\n`);
      await new Promise<void>((resolveStop) => {
        const stop = (): void => {
          void worker.close().then(() => resolveStop());
        };
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
    });
}
