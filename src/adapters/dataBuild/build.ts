/**
 * The embedded data build (`npm run data:build`, scripts/build-data.mjs): every step in order,
 * the common last day, then the text of every output file. `buildDataSet` is pure (raw file
 * text in, file text out); `buildDataDir` is the I/O edge (reads a folder, writes through the
 * writer it is given, only once everything is built, so a bad raw file writes nothing).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataError, DomainError } from '../../core/errors.js';
import { cutAtCommonLastDay } from './corrections.js';
import { BuildLog, contextOf, type BuildContext, type RawSource } from './context.js';
import { buildCloseIndex, buildOhlcIndex, buildSpx, buildVix1d } from './dailySeries.js';
import { buildBreadth } from './breadth.js';
import { buildDividends, buildRates } from './rates.js';
import { buildVx, buildVxCurveSnapshot } from './vixFutures.js';
import { buildEvents } from './events.js';
import { buildAtmIv, buildCndr, buildSpxCalls, buildSpxChain, buildVixOptions, buildVxth } from './snapshots.js';
import { commonLastDayLine, correctionsMarkdown, provenanceMarkdown, toCsv, type CommonLastDay } from './report.js';

// The embedded daily series end on one common last day: the last day on which every core
// series has a value. Core: what the daily signal and the backtest read for every day.
// Series that end earlier (breadth, VIX6M, the monthly dividend yield) are not core: they are
// left as they are and reported stale by the signal; rows after the common day are removed
// from every daily series, so that no file knows a later day than the others.
const CORE_SERIES: Readonly<Record<string, string>> = { 'spx_daily.csv': 'SPX', 'vix_daily.csv': 'VIX', 'vix9d_daily.csv': 'VIX9D', 'vix3m_daily.csv': 'VIX3M', 'vvix_daily.csv': 'VVIX', 'skew_daily.csv': 'SKEW', 'tbill_13w.csv': 'T-bill', 'vx_settles.csv': 'VX settles' };
const OTHER_DAILY: Readonly<Record<string, string>> = { 'vix6m_daily.csv': 'VIX6M', 'vix1d_daily.csv': 'VIX1D', 'nyse_breadth.csv': 'NYSE breadth', 'sp500_dividend_yield_monthly.csv': 'Dividend yield' };

/** Cuts every daily table of the log at the common last day (corrections.cutAtCommonLastDay) and describes the cut. */
export function cutDailyTables(log: BuildLog): CommonLastDay {
  const daily = [...Object.entries(CORE_SERIES), ...Object.entries(OTHER_DAILY)];
  const tables = daily.map(([name]) => {
    const t = log.tables.find((x) => x.name === name);
    if (t === undefined) throw new DataError('build-data', `common last day: ${name} was not built`);
    return t;
  });
  const lastBefore = new Map(tables.map((t) => [t.name, t.rows.at(-1)?.[0] ?? '']));
  const { day, removed } = cutAtCommonLastDay(Object.keys(CORE_SERIES), tables);
  const lines = daily.map(([name, label]) => commonLastDayLine(label, name, name in CORE_SERIES ? 'core' : 'other', lastBefore.get(name) ?? '', day, removed.get(name) ?? []));
  return { date: day, lines };
}

/** Runs every step in the order of CORRECTIONS.md. */
function runSteps(ctx: BuildContext): void {
  const spx = buildSpx(ctx);
  const vix = buildOhlcIndex(ctx, 'VIX', 'vix_daily.csv', 'vix_daily.csv', { blankBefore: '2004-06-14' });
  const have = new Set(vix.map((r) => r[0]));
  const last = vix[vix.length - 1]?.[0] ?? '';
  ctx.log.crossCheck('VIX', 'SPX trading days absent from the Cboe VIX file (left missing, not filled)', spx.map((r) => r[0] as string).filter((d) => d <= last && !have.has(d)));
  buildOhlcIndex(ctx, 'VIX9D', 'vix9d_daily.csv', 'vix9d_daily.csv');
  buildOhlcIndex(ctx, 'VIX3M', 'vix3m_daily.csv', 'vix3m_daily.csv');
  buildOhlcIndex(ctx, 'VIX6M', 'vix6m_daily.csv', 'vix6m_daily.csv');
  buildVix1d(ctx);
  buildCloseIndex(ctx, 'VVIX', 'vvix_daily.csv', 'vvix_daily.csv', 'VVIX', { from: '2007-01-03', dropNote: '2006 rows dropped (sparse, implausible values such as 15.71 on 2006-03-15)' });
  buildCloseIndex(ctx, 'SKEW', 'skew_daily.csv', 'skew_daily.csv', 'SKEW');
  buildRates(ctx, spx[spx.length - 1]?.[0] ?? '');
  buildDividends(ctx);
  buildBreadth(ctx);
  buildVx(ctx);
  buildVxCurveSnapshot(ctx);
  buildEvents(ctx);
  buildSpxChain(ctx);
  buildSpxCalls(ctx);
  buildVixOptions(ctx);
  buildVxth(ctx);
  buildCndr(ctx);
  buildAtmIv(ctx);
}

/** The built data set: file name -> text (in writing order) and a one-line summary per table. */
export interface DataSet {
  files: Map<string, string>;
  summary: string[];
}

/** Builds every output file from the raw files' text (PROVENANCE.md included). */
export function buildDataSet(source: RawSource): DataSet {
  const log = new BuildLog();
  runSteps(contextOf(source, log));
  const common = cutDailyTables(log);
  const files = new Map<string, string>();
  for (const t of log.tables) files.set(t.name, toCsv(t.header, t.rows));
  files.set('CORRECTIONS.md', correctionsMarkdown(log.tables, common, log.corrections, log.crossChecks));
  files.set('PROVENANCE.md', provenanceMarkdown(source('PROVENANCE.md')));
  const summary = log.tables.map((t) => `${t.name.padEnd(36)} ${String(t.rows.length).padStart(6)}  ${t.from} .. ${t.rows.at(-1)?.[0] ?? ''}`);
  summary.push(`corrections: ${log.corrections.filter((c) => c.count > 0).length} kinds; cross-checks: ${log.crossChecks.length}`);
  return { files, summary };
}

/** Reads the raw files of `srcDir` (a missing one is a DataError naming it). */
export function dirSource(srcDir: string): RawSource {
  return (file) => {
    try {
      return readFileSync(join(srcDir, file), 'utf8');
    } catch (err) {
      throw new DataError(file, `cannot read ${join(srcDir, file)}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
    }
  };
}

/** Builds the data set of `srcDir` into `outDir` through `write` (atomic, by the caller); returns the summary lines. */
export function buildDataDir(srcDir: string, outDir: string, write: (path: string, text: string) => void): string[] {
  const { files, summary } = buildDataSet(dirSource(srcDir));
  for (const [name, text] of files) write(join(outDir, name), text);
  return summary;
}

/**
 * The build as a command: prints the summary and returns 0, or prints one line naming the
 * broken raw file, line and field and returns 2 (nothing written: files are written only once
 * all are built).
 */
export function runDataBuild(srcDir: string, outDir: string, write: (path: string, text: string) => void, print: { out: (line: string) => void; err: (line: string) => void }): 0 | 2 {
  try {
    for (const line of buildDataDir(srcDir, outDir, write)) print.out(line);
    return 0;
  } catch (err) {
    if (!(err instanceof DomainError)) throw err;
    print.err(`build-data: ${err.message}`);
    return 2;
  }
}
