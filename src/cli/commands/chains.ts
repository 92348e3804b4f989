/**
 * `alvh chains export --root SPX|VIX --from DATE --to DATE --dir DIR [--format datashop|generic]`:
 * the model's own end-of-day chains (signals/modelChain.ts) written in a vendor layout, one
 * file per day (or per month with --per month), gzipped with --gzip. Every file is written
 * atomically; on a failure the files this run wrote are removed again.
 *
 * A backtest with `--chains DIR` on an exported directory reads back the model's own prices:
 * the round trip that proves a chain source is wired like the model.
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import type { Command } from 'commander';
import { SingleBar } from 'cli-progress';
import { InputError } from '../../core/errors.js';
import { addTradingDays } from '../../core/calendar.js';
import type { IsoDate } from '../../core/time.js';
import { rangeIndices } from '../../market/series.js';
import type { ChainRoot } from '../../market/chainQuotes.js';
import { CHAIN_LAYOUTS, chainFileName, chainFileText, type ChainLayout } from '../../adapters/chains/layouts.js';
import { DEFAULT_COST_MODEL } from '../../portfolio/costs.js';
import { DEFAULT_CALIBRATION, dayModel } from '../../portfolio/marketModel.js';
import { DEFAULT_STRIKE_GRID } from '../../hedge/index.js';
import { modelSpxChain, modelVixChain, type ModelChainOptions, type ModelChainRow } from '../../signals/modelChain.js';
import { loadEmbeddedData } from '../engineInputs.js';
import { printJson, writeFileAtomic } from '../io.js';
import { date, int, num, oneOf } from '../options.js';

interface ExportFlags {
  root?: string;
  from?: string;
  to?: string;
  dir?: string;
  format?: string;
  per?: string;
  gzip?: boolean;
  spxExpiries?: string;
  spxMonthlyDays?: string;
  sdReach?: string;
  quiet?: boolean;
  json?: boolean;
}

export interface ExportSummary {
  root: ChainRoot;
  format: ChainLayout;
  from: IsoDate;
  to: IsoDate;
  days: number;
  files: string[];
  rows: number;
}

export interface ExportRequest {
  readonly root: ChainRoot;
  readonly from: IsoDate;
  readonly to: IsoDate;
  readonly dir: string;
  readonly format: ChainLayout;
  readonly per: 'day' | 'month';
  readonly gzip: boolean;
  /** SPX daily expiries listed: the next N trading days. */
  readonly spxExpiries: number;
  readonly spxMonthlyDays: number;
  readonly sdReach: number;
}

/** Writes the model's chains of [from, to]; `onProgress` gets the share of days done. */
export function exportModelChains(req: ExportRequest, onProgress?: (done: number) => void): ExportSummary {
  const data = loadEmbeddedData();
  const d = data.daily;
  const { start, end } = rangeIndices(d, req.from, req.to);
  const opt = (i: number): ModelChainOptions => {
    const day = d.dates[i] as IsoDate;
    const daily: IsoDate[] = [];
    for (let k = 1; k <= req.spxExpiries; k++) daily.push(i + k < d.n ? (d.dates[i + k] as IsoDate) : addTradingDays(day, k));
    return {
      spxDailyExpiries: daily,
      spxMonthlyDays: req.spxMonthlyDays,
      spxStepPts: 5,
      sdReach: req.sdReach,
      padPts: 100,
      vixExpiries: 8,
      vixGrid: DEFAULT_STRIKE_GRID,
      vixClosePts: d.vixClose[i] as number,
      costs: DEFAULT_COST_MODEL,
    };
  };
  const written: string[] = [];
  let rows = 0;
  let pending: ModelChainRow[] = [];
  let pendingKey: string | null = null;
  const flush = (): void => {
    if (pendingKey === null) return;
    const file = path.join(req.dir, chainFileName(req.root, pendingKey, req.gzip));
    const text = chainFileText(req.format, pending);
    writeFileAtomic(file, req.gzip ? zlib.gzipSync(text) : text);
    written.push(file);
    rows += pending.length;
    pending = [];
    pendingKey = null;
  };
  try {
    for (let i = start; i <= end; i++) {
      const day = d.dates[i] as IsoDate;
      const key = req.per === 'day' ? day : day.slice(0, 7);
      if (key !== pendingKey) flush();
      pendingKey = key;
      const m = dayModel(data, i, DEFAULT_CALIBRATION);
      const dayRows = req.root === 'SPX' ? modelSpxChain(m, opt(i)) : modelVixChain(m, opt(i));
      for (const r of dayRows) pending.push(r);
      onProgress?.((i - start + 1) / (end - start + 1));
    }
    flush();
  } catch (err) {
    for (const f of written) fs.rmSync(f, { force: true });
    throw err;
  }
  return { root: req.root, format: req.format, from: d.dates[start] as IsoDate, to: d.dates[end] as IsoDate, days: end - start + 1, files: written, rows };
}

export function register(program: Command): void {
  const chains = program.command('chains').description('End-of-day option chains: write the model’s own chains in a vendor layout (read them back with --chains DIR).');
  chains
    .command('export')
    .description('Write the model’s end-of-day chains (listed strike grid and expiries of each day) in the Cboe DataShop or the generic CSV layout.')
    .option('--root <root>', 'SPX or VIX (required)')
    .option('--from <date>', 'first trading day (required)')
    .option('--to <date>', 'last trading day (required)')
    .option('--dir <dir>', 'directory to write into, created if missing (required)')
    .option('--format <layout>', 'datashop (Cboe DataShop Option EOD Summary) or generic (default)')
    .option('--per <unit>', 'one file per day (default) or per month')
    .option('--gzip', 'write .csv.gz files')
    .option('--spx-expiries <n>', 'SPX daily expiries listed each day: the next N trading days (default 5)')
    .option('--spx-monthly-days <days>', 'and the monthly (third-Friday) expiries within this many calendar days (default 60)')
    .option('--sd-reach <n>', 'SPX strikes out to N standard deviations each side, plus 100 points (default 6)')
    .option('--quiet', 'no progress bar')
    .option('--json', 'print {root, format, from, to, days, files, rows} as JSON only')
    .addHelpText(
      'after',
      `
Examples:
  alvh chains export --root SPX --from 2024-01-02 --to 2024-12-31 --dir ./chains
  alvh chains export --root VIX --from 2024-01-02 --to 2024-12-31 --dir ./chains --format datashop --per month --gzip
  alvh backtest --from 2024-01-02 --to 2024-12-31 --chains ./chains

Files are named <root>_<day>.csv (or <root>_<YYYY-MM>.csv with --per month). SPX rows are
root SPXW (PM-settled), VIX rows root VIX (monthly expiries, strikes on the policy grid).
Quotes are the model's mid -/+ its modelled half-spread; the generic layout also carries
the model's mid, the DataShop layout has no such column.`,
    )
    .action((flags: ExportFlags) => {
      const root = oneOf('--root', flags.root?.toUpperCase(), ['SPX', 'VIX'] as const);
      const from = date('--from', flags.from);
      const to = date('--to', flags.to);
      if (to < from) throw new InputError('--to', `must not be before --from (${from}), got ${to}`);
      if (flags.dir === undefined || flags.dir.trim() === '') throw new InputError('--dir', 'is required');
      if (fs.existsSync(flags.dir) && !fs.statSync(flags.dir).isDirectory()) throw new InputError('--dir', `not a directory: ${flags.dir}`);
      const format = oneOf('--format', flags.format ?? 'generic', CHAIN_LAYOUTS);
      const per = oneOf('--per', flags.per ?? 'day', ['day', 'month'] as const);
      const spxExpiries = flags.spxExpiries === undefined ? 5 : int('--spx-expiries', flags.spxExpiries, 1);
      const spxMonthlyDays = flags.spxMonthlyDays === undefined ? 60 : int('--spx-monthly-days', flags.spxMonthlyDays, 0);
      const sdReach = flags.sdReach === undefined ? 6 : num('--sd-reach', flags.sdReach);
      if (!(sdReach > 0 && sdReach <= 20)) throw new InputError('--sd-reach', `must be in (0, 20], got ${sdReach}`);
      const showBar = flags.quiet !== true && flags.json !== true && process.stderr.isTTY === true;
      const bar = showBar ? new SingleBar({ format: `chains export ${root} [{bar}] {percentage}% | ETA {eta}s`, stream: process.stderr, hideCursor: true, clearOnComplete: true }) : null;
      bar?.start(100, 0);
      let summary: ExportSummary;
      try {
        summary = exportModelChains({ root, from, to, dir: flags.dir, format, per, gzip: flags.gzip === true, spxExpiries, spxMonthlyDays, sdReach }, bar === null ? undefined : (done) => bar.update(Math.round(done * 100)));
      } finally {
        bar?.stop();
      }
      if (flags.json === true) {
        printJson(summary);
        return;
      }
      process.stdout.write(`Wrote ${summary.files.length} ${format} file(s), ${summary.rows} ${root} contracts over ${summary.days} trading days ${summary.from}..${summary.to} (modelled prices) into ${flags.dir}\n`);
    });
}
