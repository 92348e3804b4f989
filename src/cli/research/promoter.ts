/**
 * `alvh research promoter`: the least hedge spend that keeps the worst crisis drawdown under
 * a limit (research/promoter.ts), written as a policy file and compared in a backtest report
 * with alvh, steward, static10 and no hedge.
 */
import { extname } from 'node:path';
import type { Command } from 'commander';
import { InputError } from '../../core/errors.js';
import { runBacktest } from '../../backtest/engine.js';
import { builtInPolicy, scaleAlvhBands, type AlvhPolicy, type HedgePolicy } from '../../hedge/index.js';
import type { MarketData } from '../../market/types.js';
import { attributeRuns, attributionTables } from '../../research/attribution.js';
import type { ResearchSettings } from '../../research/engine.js';
import { PROMOTER_SCALES, promoterSearch, type PromoterCandidate, type PromoterResult } from '../../research/promoter.js';
import { renderReport } from '../../report/html.js';
import { fixed, pct, textTable, usd0 } from '../engineInputs.js';
import { writeFileAtomic } from '../io.js';
import { int, num } from '../options.js';
import { policyFileText } from '../policyFile.js';
import { loadChartAssets } from '../report-assets.js';
import { writeFileAtomicReport } from './format.js';

export interface PromoterFlags {
  maxCrisisDd: string;
  scales: string;
  refine: string;
  out?: string;
  report?: string;
  json?: boolean;
}

export const DEFAULT_SCALES = PROMOTER_SCALES.join(',');

export function promoterSettings(flags: PromoterFlags): { maxCrisisDrawdown: number; scales: number[]; refineSteps: number } {
  const scales = flags.scales.split(',').map((s) => num('--scales', s.trim()));
  return { maxCrisisDrawdown: num('--max-crisis-dd', flags.maxCrisisDd), scales, refineSteps: int('--refine', flags.refine, 0) };
}

function outFormat(file: string): 'json' | 'yaml' {
  const ext = extname(file).toLowerCase();
  if (ext === '.json') return 'json';
  if (ext === '.yaml' || ext === '.yml') return 'yaml';
  throw new InputError('--out', `must end in .json, .yaml or .yml, got "${file}"`);
}

export function promoterText(r: PromoterResult): string {
  const row = (c: PromoterCandidate): string[] => [
    `${fixed(c.scale, 3)}${c === r.chosen ? ' *' : ''}`,
    pct(c.worstCrisisDrawdown, 1),
    c.worstCrisis ?? '-',
    pct(c.hedgeNetCostOfCredit, 1),
    usd0(c.hedgeCostPerYear),
    usd0(c.hedgeNetCostPerYear),
    pct(c.cagr),
    c.feasible ? 'yes' : 'no',
  ];
  const table = textTable(['band scale', 'worst crisis DD', 'in', 'net hedge/credit', 'hedge gross $/yr', 'hedge net $/yr', 'CAGR', 'under limit'], r.candidates.map(row));
  const lim = pct(r.maxCrisisDrawdown, 1);
  const answer =
    r.chosen === null
      ? `No band scale keeps the worst crisis drawdown under ${lim}: the smallest is ${pct(r.safest.worstCrisisDrawdown, 1)} (${r.safest.worstCrisis ?? '-'}) at scale ${fixed(r.safest.scale, 3)}. There is no promoter policy at this limit on this range (option prices are modelled).`
      : `Promoter: the ALVH bands × ${fixed(r.chosen.scale, 3)} keep the worst crisis drawdown at ${pct(r.chosen.worstCrisisDrawdown, 1)} (${r.chosen.worstCrisis ?? '-'}), under ${lim}, for a net hedge cost of ${pct(r.chosen.hedgeNetCostOfCredit, 1)} of the condor credit: the least of the scales tried (* in the table; option prices are modelled).`;
  return `Promoter search, ${r.from}..${r.to}: worst crisis drawdown at most ${lim}, least net hedge cost over condor credit.\n${table}${answer}\n`;
}

/** The chosen policy, its file and the comparison report (each when asked for and when there is a choice). */
export function writePromoterOutputs(data: MarketData, settings: ResearchSettings, base: AlvhPolicy, r: PromoterResult, flags: PromoterFlags): string[] {
  const wrote: string[] = [];
  const promoter: HedgePolicy | null = r.chosen === null ? null : scaleAlvhBands(base, r.chosen.scale);
  if (flags.out !== undefined) {
    if (promoter === null) wrote.push(`no promoter policy: ${flags.out} not written`);
    else {
      writeFileAtomic(flags.out, policyFileText(promoter, outFormat(flags.out)));
      wrote.push(`${flags.out} (the promoter policy: alvh backtest --policy-file promoter=${flags.out})`);
    }
  }
  if (flags.report !== undefined) {
    const named = ['alvh', 'steward', 'static10', 'none'].map((name) => ({ name, policy: builtInPolicy(name) as HedgePolicy }));
    if (promoter !== null) named.splice(2, 0, { name: 'promoter', policy: promoter });
    const result = runBacktest(data, { ...(settings.from === undefined ? {} : { from: settings.from }), ...(settings.to === undefined ? {} : { to: settings.to }), policies: named, condor: settings.condor, notional: settings.notional, costs: settings.costs, calib: settings.calib });
    writeFileAtomicReport(flags.report, renderReport(result, { assets: loadChartAssets(), title: 'ALVH presets compared: alvh, steward, promoter, static10, none', attribution: attributionTables(attributeRuns(data.daily, result.dates, result.policies)) }));
    wrote.push(`${flags.report} (HTML report: ${named.map((n) => n.name).join(', ')})`);
  }
  return wrote;
}

export function promoterCommand(research: Command): Command {
  return research
    .command('promoter')
    .description('The promoter preset: the least hedge spend (net hedge cost over condor credit) that keeps the worst crisis drawdown under a limit, by scaling the ALVH bands.')
    .requiredOption('--max-crisis-dd <frac>', 'the limit on the largest drawdown inside any crisis window, e.g. 0.2')
    .option('--policy <policy>', 'the ALVH policy whose bands are scaled: alvh, steward or an alvh policy file (.json/.yaml)', 'alvh')
    .option('--scales <list>', 'band scales of the first pass (one engine pass)', DEFAULT_SCALES)
    .option('--refine <n>', 'bisection steps between the choice and the largest failing scale below it', '3')
    .option('--out <file>', 'write the promoter policy (.json or .yaml) for --policy-file')
    .option('--report <file.html>', 'write a backtest report comparing alvh, steward, promoter, static10 and none')
    .option('--json', 'print {from, to, maxCrisisDrawdown, candidates, chosen, safest}')
    .addHelpText(
      'after',
      `
Spend is the net hedge cost over the condor credit (it does not depend on how far equity has
compounded). The worst crisis drawdown is the largest drawdown inside any crisis window. When
no scale is under the limit, the answer says so and names the scale with the smallest one.

Examples:
  alvh research promoter --max-crisis-dd 0.2
  alvh research promoter --max-crisis-dd 0.35 --from 2007-01-03 --out promoter.yaml --report presets.html`,
    );
}

export function runPromoter(data: MarketData, settings: ResearchSettings, base: HedgePolicy, flags: PromoterFlags): { result: PromoterResult; wrote: string[] } {
  if (base.kind !== 'alvh') throw new InputError('--policy', `must be an alvh policy, got ${base.kind}`);
  if (flags.out !== undefined) outFormat(flags.out);
  const result = promoterSearch(data, settings, base, promoterSettings(flags));
  return { result, wrote: writePromoterOutputs(data, settings, base, result, flags) };
}
