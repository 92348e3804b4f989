/**
 * `--chains DIR` on the commands that price options (issue 8): the chain directory behind
 * the market model's day view (portfolio/chainDayModel.ts), and what every report then says
 * about it: the days the directory lacked, and the share of option fills priced from the
 * chains per policy and year (signals/chainLabels.ts).
 */
import { join } from 'node:path';
import type { IsoDate } from '../core/time.js';
import { ALTERNATIVES_MODELLED } from '../market/chainQuotes.js';
import type { MarketData } from '../market/types.js';
import { ChainDirectory } from '../adapters/chains/directory.js';
import { chainDayModel, type ChainLookupStats } from '../portfolio/chainDayModel.js';
import { dayModel, type DayModel, type ModelCalibration } from '../portfolio/marketModel.js';
import { labelTrades, type ChainLabels, type RealShare } from '../signals/chainLabels.js';
import type { SimTrade } from '../engine/types.js';
import { homeCacheDir } from './homePath.js';
import { writeFileAtomic } from './io.js';

export interface ChainsRun {
  readonly dir: string;
  readonly src: ChainDirectory;
  readonly stats: ChainLookupStats & { missingDays: IsoDate[] };
  readonly dayModel: (data: MarketData, i: number, calib: ModelCalibration) => DayModel;
}

/**
 * The chain source of `--chains DIR` (null without the flag); a bad directory is an
 * InputError naming the flag. Where the home (`--home`, else the default) exists, each
 * group of files parsed is kept in HOME/cache/chains and read from there while the files
 * are unchanged (adapters/chains/dayCache.ts); a command never creates a home for it, and
 * runs without the cache where there is none (homeCacheDir).
 */
export function chainsFromFlag(dir: string | undefined, homeFlag?: string): ChainsRun | null {
  if (dir === undefined) return null;
  const cache = homeCacheDir(homeFlag);
  const src = new ChainDirectory(dir, cache !== null ? { cache: { dir: join(cache, 'chains'), write: writeFileAtomic } } : {});
  const stats = { chain: 0, model: 0, missingDays: [] as IsoDate[] };
  return { dir, src, stats, dayModel: (data, i, calib) => chainDayModel(dayModel(data, i, calib), src, stats) };
}

export interface ChainsJson {
  dir: string;
  layouts: string[];
  filesRead: number;
  /** Trading days of the run without quotes in the directory: priced by the model. */
  missingDays: IsoDate[];
  /** Option vols the engine asked for, answered by the chains and by the model. */
  lookups: { chain: number; model: number };
  /** Per policy, per year and 'all': option fills priced from the chains. */
  realShare: Record<string, Record<string, RealShare>>;
  /** Per policy, trades of its ETP and variance-swap layers: no listed chain, always modelled. */
  modelledAlternatives: Record<string, number>;
}

/** `from`..`to`: the run's days (the engine also reads the day before the first). */
export function chainsSummary(run: ChainsRun, runs: readonly { readonly name: string; readonly trades: readonly SimTrade[] }[], from: IsoDate, to: IsoDate): { json: ChainsJson; labels: ChainLabels } {
  const labels = labelTrades(runs);
  return {
    labels,
    json: {
      dir: run.dir,
      layouts: [...run.src.stats.layouts],
      filesRead: run.src.stats.filesRead,
      missingDays: run.stats.missingDays.filter((d) => d >= from && d <= to).sort(),
      lookups: { chain: run.stats.chain, model: run.stats.model },
      realShare: labels.shares as Record<string, Record<string, RealShare>>,
      modelledAlternatives: { ...labels.modelledAlternatives },
    },
  };
}

/** Where a run on `--chains DIR` takes its option prices, in one line. */
export function chainsSourceLine(dir: string, layouts?: readonly string[]): string {
  return `Option prices: real end-of-day quotes from ${dir} where listed${layouts === undefined ? '' : ` (${layouts.join(', ') || 'no files read'})`}, filled on their bid/ask; the model elsewhere. ${ALTERNATIVES_MODELLED}`;
}

/** The text a report prints: where the prices came from, per policy and year. */
export function chainsText(j: ChainsJson): string {
  const lines = [chainsSourceLine(j.dir, j.layouts)];
  if (j.missingDays.length > 0) lines.push(`  ${j.missingDays.length} trading day(s) without quotes, modelled: ${j.missingDays.slice(0, 5).join(', ')}${j.missingDays.length > 5 ? ', …' : ''}`);
  const years = [...new Set(Object.values(j.realShare).flatMap((s) => Object.keys(s)))].sort();
  lines.push(`  option fills priced from the chains, by policy and year: ${['policy', ...years].join(' ')}`);
  for (const [name, s] of Object.entries(j.realShare)) {
    lines.push(`    ${name.padEnd(10)} ${years.map((y) => { const x = s[y]; return x === undefined || x.share === null ? '-' : `${(x.share * 100).toFixed(1)}% of ${x.fills}`; }).join('  ')}`);
  }
  const alt = Object.entries(j.modelledAlternatives).filter(([, n]) => n > 0);
  if (alt.length > 0) lines.push(`  ETP and variance-swap trades, modelled: ${alt.map(([name, n]) => `${name} ${n}`).join(', ')}`);
  return `${lines.join('\n')}\n`;
}

/** One policy's trades as CSV with the source of each price (chain, model, index). */
export function tradesCsv(trades: readonly SimTrade[], labels: readonly string[]): string {
  const out = ['date,tag,action,instrument,type,strike,expiry,qty,price,fees_cents,price_source'];
  trades.forEach((t, k) => {
    const i = t.instrument;
    const type = 'type' in i ? i.type : '';
    const strike = 'strike' in i ? String(i.strike) : '';
    const expiry = i.expiry ?? '';
    out.push([t.date, t.tag, t.action, i.kind, type, strike, expiry, String(t.qty), String(t.price), String(t.feesCents), labels[k] ?? 'model'].join(','));
  });
  return `${out.join('\n')}\n`;
}
