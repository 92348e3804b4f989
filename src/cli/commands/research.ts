/**
 * `alvh research`: statistics over many backtests (docs/guide/research.md).
 *   compare A B   paired block-bootstrap intervals of A − B
 *   sweep         a grid of policy/condor variants into DIR/results.csv + results.sqlite
 *   worker        consume sweep jobs from a Redis queue (BullMQ)
 *   walkforward   choose parameters on each training window, score on the next
 *   ablation      ALVH with each signal component switched off in turn
 *   attribution   condor losses by breach side and gap/intraday, hedge layers on those days
 *   promoter      the least hedge spend under a worst-crisis-drawdown limit (ALVH bands scaled)
 *   equalcost     each adaptive policy beside the static hedge of the same net cost
 */
import { availableParallelism } from 'node:os';
import { dirname, extname, resolve } from 'node:path';
import type { Command } from 'commander';
import { SingleBar } from 'cli-progress';
import { InputError } from '../../core/errors.js';
import type { IsoDate } from '../../core/time.js';
import { seededRng } from '../../core/time.js';
import { ADAPTIVE_BUILT_INS, BUILT_IN_POLICIES, builtInPolicy, defaultPolicy, isAdaptive, type HedgePolicy } from '../../hedge/index.js';
import { CsvMarketDataSource } from '../../adapters/csvMarketData.js';
import type { MarketData } from '../../market/types.js';
import { DEFAULT_COST_MODEL } from '../../portfolio/costs.js';
import { DEFAULT_CALIBRATION } from '../../portfolio/marketModel.js';
import { bootstrapCompare, MEASURES, type MeasureInterval, type Measure } from '../../research/bootstrap.js';
import { runPolicies, type ResearchSettings } from '../../research/engine.js';
import { dailySeriesOf } from '../../research/series.js';
import { expandGrid, gridFingerprint, parseGrid, variantCount, type Grid } from '../../research/grid.js';
import { CONDOR_FLAG_HELP, condorFromFlags, fixed, loadEmbeddedDataCached, notionalFromFlag, pct, readPolicyFile, textTable, usd0, type CondorFlags } from '../engineInputs.js';
import { readUserFile } from '../io.js';
import { date, int, num } from '../options.js';
import { parseYaml } from '../policyFile.js';
import { runPool } from '../research/pool.js';
import { DEFAULT_LOCK_MS, enqueueExecutor, startQueueWorker } from '../research/queue.js';
import { runSweep, type Executor } from '../research/sweepRun.js';
import { ResultsTable } from '../research/resultsTable.js';
import { ablationVariants } from '../../research/ablation.js';
import { equalCost, type EqualCostEntry } from '../../research/equalCost.js';
import { EQUAL_COST_HEAD, EQUAL_COST_NOTE, equalCostRows, type EqualCostFormat } from '../../report/equalCost.js';
import { heatmapSvg, htmlTable, researchPage } from '../../research/heatmap.js';
import { mapVariantRuns, metricRow, type MetricColumn, type MetricRow } from '../../research/sweep.js';
import { walkForward, type WalkForwardResult } from '../../research/walkforward.js';
import { writeFileAtomicReport } from '../research/format.js';
import { promoterCommand, promoterText, runPromoter, type PromoterFlags } from '../research/promoter.js';
import { attributionCommand, attributionOnData, attributionText, type AttributionFlags } from '../research/attribution.js';

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
  return flags.data === undefined ? loadEmbeddedDataCached() : new CsvMarketDataSource(resolve(flags.data)).load();
}

function settingsOf(flags: RangeFlags): ResearchSettings {
  return { ...rangeOf(flags), condor: condorFromFlags(flags), notional: notionalFromFlag(flags.notional), costs: DEFAULT_COST_MODEL, calib: DEFAULT_CALIBRATION };
}

/** A built-in policy kind, or a policy file (.json/.yaml) relative to `baseDir`. */
export function policyByName(flag: string, name: string, baseDir = '.'): HedgePolicy {
  const builtIn = builtInPolicy(name);
  if (builtIn !== null) return builtIn;
  const ext = extname(name).toLowerCase();
  if (ext !== '.json' && ext !== '.yaml' && ext !== '.yml') throw new InputError(flag, `"${name}" is neither a policy (${BUILT_IN_POLICIES.join(', ')}) nor a .json/.yaml policy file`);
  return readPolicyFile(flag, resolve(baseDir, name));
}

interface BootstrapFlags {
  bootstrap: string;
  block: string;
  level: string;
  seed: string;
}

/** The resampling flags shared by compare and ablation (--bootstrap has a per-command default). */
function bootstrapOptions(cmd: Command): Command {
  return cmd
    .option('--block <days>', 'mean block length in trading days (Politis-Romano stationary bootstrap)', '20')
    .option('--level <frac>', 'confidence level of the intervals', '0.9')
    .option('--seed <n>', 'seed of the resampling', '1');
}

function bootstrapSettings(flags: BootstrapFlags): { replicates: number; blockDays: number; level: number; seed: number } {
  const replicates = int('--bootstrap', flags.bootstrap, 1);
  const blockDays = num('--block', flags.block);
  if (!(blockDays >= 1)) throw new InputError('--block', `must be >= 1 day, got ${flags.block}`);
  const level = num('--level', flags.level);
  if (!(level > 0 && level < 1)) throw new InputError('--level', `must be between 0 and 1, got ${flags.level}`);
  return { replicates, blockDays, level, seed: int('--seed', flags.seed, 0) };
}

function rangeOptions(cmd: Command): Command {
  cmd
    .option('--from <date>', 'first trading day (default: the first day of the data)')
    .option('--to <date>', 'last trading day (default: the last day of the data)')
    .option('--notional <usd>', 'starting capital = condor notional in dollars (default 100000)');
  // The backtest's condor flags, with the same defaults and help.
  for (const [flag, help] of CONDOR_FLAG_HELP) cmd.option(flag, help);
  return cmd.option('--data <dir>', 'a data directory with the embedded layout (default: the embedded data)');
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

interface CompareFlags extends RangeFlags, BootstrapFlags {
  json?: boolean;
}

interface SweepFlags extends RangeFlags {
  grid: string;
  out: string;
  workers?: string;
  batch?: string;
  queue?: string;
  queueName?: string;
  yes?: boolean;
  report?: string;
  quiet?: boolean;
  json?: boolean;
}

interface WalkForwardFlags extends RangeFlags {
  grid: string;
  train: string;
  test: string;
  objective: string;
  yes?: boolean;
  report?: string;
  json?: boolean;
}

interface AblationFlags extends RangeFlags, BootstrapFlags {
  policy: string;
  json?: boolean;
}

function oneOfMeasure(raw: string): Measure {
  if (!(MEASURES as readonly string[]).includes(raw)) throw new InputError('--objective', `must be one of ${MEASURES.join('|')}, got "${raw}"`);
  return raw as Measure;
}

type Values = Readonly<Record<string, string | number | boolean | null>>;

export interface WalkForwardJson {
  objective: Measure;
  trainYears: number;
  testYears: number;
  folds: (WalkForwardResult['folds'][number] & { values: Values })[];
  outOfSample: WalkForwardResult['outOfSample'];
  inSampleOptimum: { values: Values; scores: WalkForwardResult['outOfSample'] };
  reference: WalkForwardResult['reference'];
}

function walkForwardJson(r: WalkForwardResult, values: readonly Values[]): WalkForwardJson {
  return {
    objective: r.objective,
    trainYears: r.trainYears,
    testYears: r.testYears,
    folds: r.folds.map((f) => ({ ...f, values: values[f.chosen] ?? {} })),
    outOfSample: r.outOfSample,
    inSampleOptimum: { values: values[r.inSampleOptimum.index] ?? {}, scores: r.inSampleOptimum.scores },
    reference: r.reference,
  };
}

function scoreRow(label: string, s: WalkForwardResult['outOfSample']): string[] {
  return [label, pct(s.cagr), fixed(s.sharpe, 3), pct(s.maxDrawdown), pct(s.netHedgeCostPerYear), pct(s.crisisPnl)];
}

const SCORE_HEAD = ['', 'CAGR', 'Sharpe', 'max DD', 'net hedge cost/yr', 'crisis P&L'];

function walkForwardText(j: WalkForwardJson): string {
  const folds = textTable(
    ['train', 'test', 'chosen', `train ${j.objective}`, `test ${j.objective}`],
    j.folds.map((f) => [`${f.trainFrom}..${f.trainTo}`, `${f.testFrom}..${f.testTo}`, JSON.stringify(f.values), fixed(f.trainObjective, 4), fixed(f.testObjective, 4)]),
  );
  const cmp = textTable(SCORE_HEAD, [scoreRow('out of sample (stitched)', j.outOfSample), scoreRow(`in-sample optimum ${JSON.stringify(j.inSampleOptimum.values)}`, j.inSampleOptimum.scores), scoreRow('static10', j.reference)]);
  return `Walk-forward: ${j.trainYears}y train, ${j.testYears}y test, objective ${j.objective}.\n${folds}\n${cmp}`;
}

const HEAT_METRICS: readonly { key: MetricColumn; label: string; direction: 1 | -1; format: (v: number) => string }[] = [
  { key: 'sharpe', label: 'Sharpe', direction: 1, format: (v) => v.toFixed(2) },
  { key: 'cagr', label: 'CAGR', direction: 1, format: (v) => `${(v * 100).toFixed(1)}%` },
  { key: 'maxDrawdown', label: 'max drawdown', direction: -1, format: (v) => `${(v * 100).toFixed(1)}%` },
  { key: 'netHedgeCostPerYear', label: 'net hedge cost $/yr', direction: -1, format: (v) => `${Math.round(v / 1000)}k` },
  { key: 'crisisHedgePnl', label: 'crisis hedge P&L $', direction: 1, format: (v) => `${Math.round(v / 1000)}k` },
];

function heatSections(grid: Grid, rows: readonly { values: Values; metrics: MetricRow }[]): { heading: string; text: string; html: string }[] {
  const keys = grid.axes.map((a) => a.key);
  const pairs: [string, string | null][] = keys.length === 1 ? [[keys[0] as string, null]] : keys.flatMap((x, i) => keys.slice(i + 1).map((y): [string, string | null] => [x, y])).slice(0, 3);
  return pairs.map(([x, y]) => ({
    heading: y === null ? x : `${y} against ${x}`,
    text: keys.length > 2 ? 'Each cell is the mean over the other varied parameters.' : 'One cell per variant.',
    html: HEAT_METRICS.map((m) =>
      heatmapSvg({ title: m.label, xLabel: x, yLabel: y ?? '', direction: m.direction, format: m.format, cells: rows.map((r) => ({ x: String(r.values[x]), y: y === null ? '' : String(r.values[y]), value: r.metrics[m.key] })) }),
    ).join(' '),
  }));
}

function sweepReport(grid: Grid, rows: readonly { values: Values; metrics: MetricRow }[]): string {
  return researchPage(`Sweep of ${grid.baseName}: parameter stability`, [
    { heading: 'Grid', text: `${rows.length} variants of ${grid.baseName}.`, html: htmlTable(['parameter', 'values'], grid.axes.map((a) => [a.key, a.values.map(String).join(', ')])) },
    ...heatSections(grid, rows),
  ]);
}

function walkForwardReport(grid: Grid, j: WalkForwardJson, rows: readonly { values: Values; metrics: MetricRow }[]): string {
  return researchPage(`Walk-forward of ${grid.baseName}`, [
    {
      heading: 'Folds',
      text: `Chosen on ${j.trainYears}-year training windows by ${j.objective}, scored on the next ${j.testYears}-year window only.`,
      html: htmlTable(['train', 'test', 'chosen', `train ${j.objective}`, `test ${j.objective}`], j.folds.map((f) => [`${f.trainFrom}..${f.trainTo}`, `${f.testFrom}..${f.testTo}`, JSON.stringify(f.values), fixed(f.trainObjective, 4), fixed(f.testObjective, 4)])),
    },
    {
      heading: 'Out of sample against hindsight and static10 (same days)',
      text: 'Measures on the stitched test days (annualised with 252 days; crisis P&L is the summed daily return of crisis-window days).',
      html: htmlTable(SCORE_HEAD, [scoreRow('out of sample (stitched)', j.outOfSample), scoreRow(`in-sample optimum ${JSON.stringify(j.inSampleOptimum.values)}`, j.inSampleOptimum.scores), scoreRow('static10', j.reference)]),
    },
    ...heatSections(grid, rows).map((s) => ({ ...s, text: `${s.text} Outcomes of every variant over the whole range.` })),
  ]);
}

interface EqualCostFlags extends RangeFlags {
  policy: string;
  tolerance: string;
  json?: boolean;
}

export interface EqualCostJson {
  from: IsoDate;
  to: IsoDate;
  notional: number;
  tolerance: number;
  policies: EqualCostEntry[];
}

/** The CLI's cells: plain numbers (usd0, pct, fixed). */
const TEXT_FORMAT: EqualCostFormat = { usd: usd0, pct, num: fixed };

/** The equal-cost table: each policy, then its cost-matched static (or why there is none). */
export function equalCostText(j: EqualCostJson): string {
  const notes = j.policies.flatMap((e) => (e.matched !== null && e.note !== null ? [`${e.name}: ${e.note}`] : []));
  return (
    `Equal net hedge cost, ${j.from}..${j.to}, starting notional ${usd0(j.notional)} USD (modelled option prices): each adaptive policy beside the static L1 hedge (no signals or regimes, same basis and layer) whose net hedge cost a year is within ${fixed(j.tolerance * 100, 1)}% of it.\n` +
    textTable(EQUAL_COST_HEAD, equalCostRows(j.policies, TEXT_FORMAT)) +
    `${EQUAL_COST_NOTE}\n` +
    notes.map((n) => `${n}\n`).join('')
  );
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
    bootstrapOptions(research
      .command('compare <a> <b>'))
      .description('Paired stationary block-bootstrap confidence intervals of A − B (CAGR, Sharpe, max drawdown, net hedge cost, crisis P&L).')
      .option('--bootstrap <n>', 'resamples', '1000')
      .option('--json', 'print {a, b, basis, level, measures: {cagr|sharpe|maxDrawdown|netHedgeCostPerYear|crisisPnl: {diff, lo, hi, pBetter}}}'),
  )
    .addHelpText(
      'after',
      `
A and B are built-in policies (${BUILT_IN_POLICIES.join(', ')}) or policy files (.json/.yaml).
Both run in one engine pass on the same condor trades; resamples take the same days for both.
cagr and sharpe are annualised with 252 days; maxDrawdown is a positive fraction;
netHedgeCostPerYear is −(hedge P&L) a year as a fraction of equity; crisisPnl is the summed
daily return of the crisis-window days. pBetter: share of resamples in which A beats B.

Examples:
  alvh research compare alvh static10 --bootstrap 2000 --block 20
  alvh research compare ./tight.yaml alvh --from 2007-01-03 --level 0.95 --json`,
    )
    .action((a: string, b: string, flags: CompareFlags) => {
      const { replicates, blockDays, level, seed } = bootstrapSettings(flags);
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
      .option('--batch <n>', 'variants per job (they share one engine pass; default: about four jobs per worker, at most 32)')
      .option('--queue <redis-url>', 'enqueue the jobs on a Redis queue (BullMQ) for `alvh research worker` processes instead of running them here')
      .option('--queue-name <name>', 'queue name (default alvh-sweep)')
      .option('--yes', 'run a grid of more than 1,000 variants')
      .option('--report <file.html>', 'write parameter-stability heat maps (two parameters against each outcome)')
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
      const batchSize = flags.batch === undefined ? undefined : int('--batch', flags.batch, 1);
      // Queue workers are counted nowhere here: the default batch assumes eight of them.
      const parallelism = flags.queue === undefined ? workers : 8;
      const outDir = resolve(flags.out);
      const bar = progressBar('sweep', flags.quiet !== true && flags.json !== true && process.stderr.isTTY === true);
      const executor: Executor =
        flags.queue === undefined
          ? (jobs, onBatch) => runPool(jobs, workers, onBatch)
          : enqueueExecutor(flags.queue, gridFingerprint(grid), flags.queueName === undefined ? {} : { queueName: flags.queueName });
      bar?.start(count, 0);
      const outcome = await runSweep(
        { grid, variants, outDir, ...range, notional, ...(batchSize === undefined ? {} : { batchSize }), parallelism, ...(flags.data === undefined ? {} : { dataDir: resolve(flags.data) }), onProgress: (done) => bar?.update(done) },
        executor,
      );
      bar?.stop();
      const sqlite = resolve(outDir, 'results.sqlite');
      if (flags.report !== undefined) {
        const table = new ResultsTable(outDir, gridFingerprint(grid), grid.axes.map((a) => a.key));
        try {
          writeFileAtomicReport(flags.report, sweepReport(grid, table.rows()));
        } finally {
          table.close();
        }
      }
      if (flags.json === true) process.stdout.write(`${JSON.stringify({ total: outcome.total, resumed: outcome.resumed, computed: outcome.computed, csv: outcome.csvPath, sqlite })}\n`);
      else process.stdout.write(`${outcome.total} variants (${outcome.resumed} from an earlier run, ${outcome.computed} computed now): ${outcome.csvPath}, ${sqlite}\n`);
    });

  rangeOptions(
    research
      .command('walkforward')
      .description('Walk-forward test of a grid: choose the variant with the best objective on each training window, score it on the next test window only.')
      .requiredOption('--grid <file.yaml>', 'the variants to choose from (the sweep grid format)')
      .requiredOption('--train <years>', 'training window, whole years')
      .requiredOption('--test <years>', 'test window, whole years (windows roll forward by this)')
      .option('--objective <measure>', `what is maximised on the training days: ${MEASURES.join('|')} (drawdown and cost are minimised)`, 'sharpe')
      .option('--yes', 'run a grid of more than 1,000 variants')
      .option('--report <file.html>', 'write the folds, the stitched comparison and heat maps of the training objective')
      .option('--json', 'print {objective, trainYears, testYears, folds, outOfSample, inSampleOptimum, reference} with the chosen values'),
  )
    .addHelpText(
      'after',
      `
The stitched out-of-sample record (the chosen variant of each fold on its test window) is
compared with the in-sample optimum (the one variant best on all those days, chosen with
hindsight) and with static10 on the same days. Measures as in \`research compare\`.

Example:
  alvh research walkforward --grid examples/research/alvh-regime.yaml --train 5 --test 1`,
    )
    .action((flags: WalkForwardFlags) => {
      const grid = readGridFile(flags.grid, flags);
      const variants = expandGrid(grid, { allowMore: flags.yes === true });
      const objective = oneOfMeasure(flags.objective);
      const trainYears = int('--train', flags.train, 1);
      const testYears = int('--test', flags.test, 1);
      const data = dataOf(flags);
      const settings = settingsOf(flags);
      const tasks = [...variants.map((v) => ({ key: v.key, values: v.values, policy: v.policy, condor: v.condor })), { key: '__reference', values: {}, policy: defaultPolicy('static10'), condor: grid.condor }];
      let dates: readonly IsoDate[] = [];
      const runs = mapVariantRuns(data, settings, tasks, (d, run, market) => {
        dates = d;
        return { series: dailySeriesOf(d, run, market), metrics: metricRow(d, run, market) };
      });
      const reference = runs[runs.length - 1];
      if (reference === undefined) throw new InputError('--grid', 'no variant');
      const result = walkForward(dates, runs.slice(0, -1).map((r) => r.series), reference.series, { trainYears, testYears, objective });
      const json = walkForwardJson(result, variants.map((v) => v.values));
      if (flags.report !== undefined) writeFileAtomicReport(flags.report, walkForwardReport(grid, json, variants.map((v, i) => ({ values: v.values, metrics: (runs[i] as { metrics: MetricRow }).metrics }))));
      if (flags.json === true) process.stdout.write(`${JSON.stringify(json)}\n`);
      else process.stdout.write(walkForwardText(json));
    });

  rangeOptions(
    bootstrapOptions(research
      .command('ablation'))
      .description('ALVH with each signal component switched off in turn, without the RSI triggers, and with the regime bands only, against the full policy.')
      .option('--policy <policy>', 'the ALVH policy to ablate: alvh or an alvh policy file (.json/.yaml)', 'alvh')
      .option('--bootstrap <n>', 'resamples for the intervals of full − ablated', '500')
      .option('--json', 'print {from, to, variants: [{name, off, metrics, fullMinusThis}]}'),
  )
    .addHelpText('after', '\nExample:\n  alvh research ablation --from 2007-01-03 --bootstrap 1000\n')
    .action((flags: AblationFlags) => {
      const full = policyByName('--policy', flags.policy);
      if (full.kind !== 'alvh') throw new InputError('--policy', `must be an alvh policy, got ${full.kind}`);
      const { replicates, blockDays, level, seed } = bootstrapSettings(flags);
      const variants = ablationVariants(full);
      const r = runPolicies(dataOf(flags), settingsOf(flags), variants.map((v) => ({ name: v.name, policy: v.policy })));
      const seriesOf = (name: string) => dailySeriesOf(r.dates, r.runs[name] as NonNullable<(typeof r.runs)[string]>, r.market);
      const fullSeries = seriesOf('full');
      const out = {
        from: r.dates[0] as IsoDate,
        to: r.dates[r.dates.length - 1] as IsoDate,
        level,
        variants: variants.map((v) => ({
          name: v.name,
          off: v.off,
          metrics: metricRow(r.dates, r.runs[v.name] as NonNullable<(typeof r.runs)[string]>, r.market),
          fullMinusThis: v.name === 'full' ? null : bootstrapCompare(fullSeries, seriesOf(v.name), { replicates, meanBlockDays: blockDays, level, rng: seededRng(seed) }),
        })),
      };
      if (flags.json === true) {
        process.stdout.write(`${JSON.stringify(out)}\n`);
        return;
      }
      process.stdout.write(`Signal ablation of ${flags.policy}, ${out.from}..${out.to}; intervals of full − variant at ${Math.round(level * 100)}% (${replicates} resamples, block ${blockDays} days).\n`);
      const iv = (x: MeasureInterval | undefined, f: (v: number) => string): string => (x === undefined ? '' : `${f(x.diff)} [${f(x.lo)}, ${f(x.hi)}]`);
      const p2 = (v: number): string => `${(v * 100).toFixed(2)}%`;
      process.stdout.write(
        textTable(
          ['variant', 'CAGR', 'Sharpe', 'max DD', 'hedge $/yr', 'net hedge $/yr', 'crisis hedge $', 'full − this: Sharpe', 'full − this: crisis P&L'],
          out.variants.map((v) => [v.name, pct(v.metrics.cagr), fixed(v.metrics.sharpe), pct(v.metrics.maxDrawdown), usd0(v.metrics.hedgeCostPerYear), usd0(v.metrics.netHedgeCostPerYear), usd0(v.metrics.crisisHedgePnl), iv(v.fullMinusThis?.sharpe, (x) => x.toFixed(3)), iv(v.fullMinusThis?.crisisPnl, p2)]),
        ),
      );
    });

  rangeOptions(attributionCommand(research)).action((flags: RangeFlags & AttributionFlags) => {
    const out = attributionOnData(dataOf(flags), settingsOf(flags), flags.policies, flags.losses === true);
    process.stdout.write(flags.json === true ? `${JSON.stringify(out)}\n` : attributionText(out));
  });

  rangeOptions(promoterCommand(research)).action((flags: RangeFlags & PromoterFlags & { policy: string }) => {
    const { result, wrote } = runPromoter(dataOf(flags), settingsOf(flags), policyByName('--policy', flags.policy), flags);
    if (flags.json === true) process.stdout.write(`${JSON.stringify(result)}\n`);
    else process.stdout.write(`${promoterText(result)}${wrote.length > 0 ? `\nWrote:\n${wrote.map((w) => `  ${w}`).join('\n')}\n` : ''}`);
  });
  rangeOptions(
    research
      .command('equalcost')
      .description('Each adaptive policy beside the static L1 hedge of the same net hedge cost a year: crisis payoff, full-history result, crisis payoff per dollar.')
      .option('--policy <list>', 'comma-separated adaptive policies to match (alvh or vxth kind): built-in names or .json/.yaml policy files (default: every built-in adaptive policy)', ADAPTIVE_BUILT_INS.join(','))
      .option('--tolerance <frac>', 'relative tolerance on the net hedge cost a year', '0.01')
      .option('--json', 'print {from, to, notional, tolerance, policies: [{name, basis, adaptive, matched: {targetFraction, …} | null, statics, note}]}'),
  )
    .addHelpText(
      'after',
      `
The adaptive policies are those whose hedge follows signals or regimes: alvh and its presets
(steward, alvh-credit, alvh-peryear, alvh-ratio) and vxth. The static counterpart holds one
layer only (ALVH's L1 layer, vxth's layer; the policy's basis, rebalance band and cost rules)
at a constant target; its fraction is found by bracketing on the grid
0, 0.05, 0.1, 0.15, 0.2, 0.3 (doubled past 0.3 while every static costs less) and regula
falsi over full backtests until its net hedge cost a year (the engine's hedgeNetCostPerYear)
is within the tolerance of the policy's.

Examples:
  alvh research equalcost
  alvh research equalcost --policy alvh,alvh-credit --from 2007-01-03 --json`,
    )
    .action((flags: EqualCostFlags) => {
      const tolerance = num('--tolerance', flags.tolerance);
      if (!(tolerance > 0 && tolerance < 1)) throw new InputError('--tolerance', `must be between 0 and 1, got ${flags.tolerance}`);
      const names = flags.policy.split(',').map((x) => x.trim());
      const policies = names.map((n) => ({ name: n, policy: policyByName('--policy', n) }));
      const other = policies.find((p) => !isAdaptive(p.policy));
      if (other !== undefined) throw new InputError('--policy', `"${other.name}" is a ${other.policy.kind} policy: the equal-cost comparison matches adaptive (alvh or vxth) policies`);
      const data = dataOf(flags);
      const settings = settingsOf(flags);
      const entries = policies.map((p) => equalCost(data, settings, p.name, p.policy, { tolerance }));
      const first = entries[0];
      if (first === undefined) throw new InputError('--policy', 'no policy given');
      const out: EqualCostJson = { from: first.from, to: first.to, notional: settings.notional, tolerance, policies: entries };
      process.stdout.write(flags.json === true ? `${JSON.stringify(out)}\n` : equalCostText(out));
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
