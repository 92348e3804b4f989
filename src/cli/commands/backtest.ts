/** `alvh backtest`: every policy over real history on the same condor trades (modelled option prices). */
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { SingleBar } from 'cli-progress';
import { InputError } from '../../core/errors.js';
import { DEFAULT_COST_MODEL } from '../../portfolio/costs.js';
import { runBacktest, type EngineBacktestResult } from '../../backtest/engine.js';
import { computeMetrics, type Metrics } from '../../backtest/metrics.js';
import { crisisScorecards, type CrisisScorecard } from '../../backtest/crises.js';
import { capitalGuard, type CapitalGuard } from '../../backtest/capital.js';
import type { IsoDate } from '../../core/time.js';
import { renderReport } from '../../report/html.js';
import { answerParagraph, basesSentence } from '../../report/narrative.js';
import { attributeRuns, attributionTables } from '../../research/attribution.js';
import { isAdaptive, PRESET_NAMES, type HedgePolicy } from '../../hedge/index.js';
import type { MarketData } from '../../market/types.js';
import { equalCost, type EqualCostEntry } from '../../research/equalCost.js';
import { methodologyPresets } from '../../research/promoter.js';
import type { ResearchSettings } from '../../research/engine.js';
import { loadChartAssets } from '../report-assets.js';
import { writeFileAtomic } from '../io.js';
import { calibrationFromFlag, calibrationNote, CALIBRATION_FLAG_HELP } from '../calibrationFlag.js';
import { chainsFromFlag, chainsSummary, chainsText, tradesCsv } from '../chainsRun.js';
import { date, num } from '../options.js';
import { CONDOR_FLAG_HELP, condorFromFlags, fixed, loadEmbeddedDataCached, notionalFromFlag, pct, policiesFromFlags, textTable, usd0, userSeriesFromFlags, type CondorFlags } from '../engineInputs.js';

interface BacktestFlags extends CondorFlags {
  from?: string;
  to?: string;
  policies?: string;
  policyFile: string[];
  userSeries: string[];
  notional?: string;
  json?: string;
  csv?: string;
  report?: string;
  quiet?: boolean;
  chains?: string;
  calibration?: string;
  equalCost?: boolean;
  promoterLimit: string;
}

const REGIME_NAMES = ['low', 'moderate', 'high'];

/** Per-policy CSV: the equity and the daily P&L by tag, regime, exposure and flows. */
export function policyCsv(r: EngineBacktestResult, name: string): string {
  const run = r.policies[name];
  if (run === undefined) throw new InputError('policy', `no run named ${name}`);
  const head = 'date,equity,pnl_condor,pnl_L1,pnl_L2,pnl_L3,pnl_cash,pnl_fees,regime,target_fraction,exposure_L1,exposure_L2,exposure_L3,hedge_spend,hedge_net_flow,condor_credit,condor_contracts';
  const lines = [head];
  const c = (x: number | undefined, dp: number): string => (x === undefined || !Number.isFinite(x) ? '' : String(Number(x.toFixed(dp))));
  for (let t = 0; t < r.dates.length; t++) {
    lines.push(
      [
        r.dates[t],
        c(run.equity[t], 2),
        c(run.pnl.condor[t], 2),
        c(run.pnl.L1[t], 2),
        c(run.pnl.L2[t], 2),
        c(run.pnl.L3[t], 2),
        c(run.pnl.cash[t], 2),
        c(run.pnl.fees[t], 2),
        REGIME_NAMES[run.regime[t] ?? 255] ?? '',
        c(run.targetFraction[t], 6),
        c(run.exposure.L1[t], 6),
        c(run.exposure.L2[t], 6),
        c(run.exposure.L3[t], 6),
        c(run.hedgeSpend[t], 2),
        c(run.hedgeCashFlow[t], 2),
        c(run.condorCredit[t], 2),
        c(run.condorContracts[t], 4),
      ].join(','),
    );
  }
  return `${lines.join('\n')}\n`;
}

/**
 * A policy's metrics in the JSON: the engine's, and the capital guards measured
 * (backtest/capital.ts, the numbers of the HTML report's capital table): the IRR of the
 * program's cash flows with and without the hedge, the hedge's contribution (their
 * difference), the hedge's MIRR, its beta and the CAPM return required of it. The guards
 * are there only where the JSON or the report is written (their IRRs are most of a
 * summary's time).
 */
export type BacktestMetrics = Metrics & { capitalGuard?: CapitalGuard };

export interface BacktestJson {
  from: IsoDate;
  to: IsoDate;
  notional: number;
  basis: string;
  policies: Record<string, { basis: string | null; metrics: BacktestMetrics; crises: CrisisScorecard[]; equity: [IsoDate, number][] }>;
  /** With --equal-cost: each ALVH policy's cost-matched static hedge (the `alvh research equalcost` entries). */
  equalCost?: { tolerance: number; policies: EqualCostEntry[] };
}

/** The DESIGN §6 JSON (`{from, to, notional, policies: {NAME: {metrics, crises, equity}}}`), equity to the cent. */
export function backtestJson(r: EngineBacktestResult, opts: { readonly capitalGuards?: boolean } = {}): BacktestJson {
  const policies: BacktestJson['policies'] = {};
  for (const [name, run] of Object.entries(r.policies)) {
    const equity: [IsoDate, number][] = r.dates.map((d, t) => [d, Math.round((run.equity[t] ?? 0) * 100) / 100]);
    const metrics = computeMetrics(r.dates, run, r.market);
    policies[name] = { basis: run.basis, metrics: opts.capitalGuards === false ? metrics : { ...metrics, capitalGuard: capitalGuard(r.dates, run, r.market) }, crises: crisisScorecards(r.dates, run), equity };
  }
  return { from: r.from, to: r.to, notional: r.notional, basis: r.basis, policies };
}

/**
 * The metrics table. `CAGR` is compounded on equity, or (fixed notional) the simple annual
 * return on the fixed capital (`ret/yr`); hedge cost is shown gross (purchases + fees) and
 * net (purchases + fees − sales − settlements), each per year and as a share of the credit.
 */
export function summaryTable(j: BacktestJson): string {
  const fixedCapital = Object.values(j.policies).some(({ metrics: m }) => m.returnBasis === 'fixedCapital');
  const rows = Object.entries(j.policies).map(([name, { metrics: m }]) => [
    name,
    usd0(m.finalEquity),
    pct(m.cagr),
    pct(m.volatility),
    fixed(m.sharpe),
    fixed(m.sortino),
    pct(m.maxDrawdown),
    fixed(m.calmar),
    pct(m.cvar95),
    pct(m.worstDay),
    `${m.condorDaysOpened}/${m.condorDaysEligible}`,
    usd0(m.hedgeCostPerYear),
    usd0(m.hedgeNetCostPerYear),
    pct(m.hedgeNetCostOfCredit, 1),
  ]);
  const ruined = Object.entries(j.policies).filter(([, { metrics: m }]) => m.ruinedOn !== null);
  const head = ['policy', 'final equity', fixedCapital ? 'ret/yr' : 'CAGR', 'vol', 'Sharpe', 'Sortino', 'max DD', 'Calmar', 'CVaR95', 'worst day', 'condor days', 'hedge gross $/yr', 'hedge net $/yr', 'net/credit'];
  const notes = [
    'hedge gross = purchases + fees; hedge net = purchases + fees − sales − settlements; net/credit = net hedge cost / condor credit; condor days = opened/eligible.',
    basesSentence(Object.fromEntries(Object.entries(j.policies).map(([name, p]) => [name, p.basis])), j.basis),
    ...(fixedCapital ? ['Fixed notional: returns, volatility and drawdowns are measured on the fixed capital (ret/yr is the simple annual return on it).'] : []),
    ...ruined.map(([name, { metrics: m }]) => `${name}: RUINED on ${m.ruinedOn ?? ''} (losses exceeded the capital; the program stopped, metrics cover the days up to it).`),
  ];
  return textTable(head, rows) + notes.join('\n') + '\n';
}

/** The equal-cost entries of the run's adaptive policies (alvh and vxth kinds; an error when it has none). */
function equalCostOf(data: MarketData, settings: ResearchSettings, policies: readonly { name: string; policy: HedgePolicy }[]): { tolerance: number; policies: EqualCostEntry[] } {
  const adaptive = policies.filter((p) => isAdaptive(p.policy));
  if (adaptive.length === 0) throw new InputError('--equal-cost', 'needs an adaptive policy (alvh, steward, alvh-*, vxth or an alvh/vxth policy file) in --policies (the static hedge is matched to an adaptive policy)');
  const tolerance = 0.01;
  return { tolerance, policies: adaptive.map((p) => equalCost(data, settings, p.name, p.policy, { tolerance })) };
}

export function register(program: Command): void {
  const cmd = program
    .command('backtest')
    .description('Backtest the hedge policies over real market history on the same daily SPX iron condors (option prices are modelled).')
    .option('--from <date>', 'first trading day (default: the first day of the data, 1990-01-02)')
    .option('--to <date>', 'last trading day (default: the last day of the data)')
    .option('--policies <list>', `comma-separated policies: alvh,static10,vxth,none (default: the four kinds), the preset steward (ALVH under the spend cap) or budget presets: ${PRESET_NAMES.join(',')}`)
    .option('--policy-file <NAME=FILE>', 'add a policy from a JSON/YAML file under NAME (repeatable)', (v: string, acc: string[]) => [...acc, v], [] as string[])
    .option('--user-series <NAME=FILE>', 'a CSV (date,value) for the signal.userSeries rules of a policy (repeatable)', (v: string, acc: string[]) => [...acc, v], [] as string[])
    .option('--notional <usd>', 'starting capital = condor notional in dollars (default 100000)')
    .option('--fixed-notional', 'size condors and hedges on the starting notional instead of equity (returns on that capital; the run stops, ruined, if losses exceed it)')
    .option('--json <file>', 'write {from, to, notional, policies: {NAME: {metrics (with capitalGuard), crises, equity}}} to FILE (- for stdout, then nothing else is printed)')
    .option('--csv <dir>', 'write DIR/NAME.csv per policy: equity and daily P&L by tag')
    .option('--report <file.html>', 'write the self-contained HTML report')
    .option('--chains <dir>', 'price options from your end-of-day chains in DIR (Cboe DataShop or generic CSV) where they list them, the model elsewhere')
    .option('--calibration <file>', CALIBRATION_FLAG_HELP)
    .option('--promoter-limit <frac>', 'the worst crisis drawdown the report\'s promoter preset must stay under (the report compares the steward and the promoter)', '0.3')
    .option('--equal-cost', 'also find, for each adaptive policy (alvh, steward, alvh-*, vxth), the static L1 hedge of the same net hedge cost a year (about ten more backtests each): in the JSON (equalCost), the report\'s equal-cost table and frontier chart')
    .option('--quiet', 'no progress bar');
  for (const [flag, help] of CONDOR_FLAG_HELP) cmd.option(flag, help);
  cmd
    .addHelpText(
      'after',
      `
Examples:
  alvh backtest
  alvh backtest --from 2020-01-02 --to 2020-06-30 --policies alvh,static10 --json out.json --report out.html
  alvh backtest --policy-file tight=./my-alvh.yaml --policies alvh --csv ./csv
  alvh backtest --from 2020-01-02 --to 2020-06-30 --policies static10,static10-credit,alvh-credit
  alvh backtest --notional 1000000 --fixed-notional --whole-contracts --wing-width 50
  alvh backtest --dte 20 --settlement auto --profit-take 0.5 --stop-loss 2
  alvh backtest --policy-file skew=examples/policies/alvh-skew.yaml --policies skew,alvh --user-series skew=data/skew_daily.csv
  alvh backtest --from 2024-01-02 --to 2024-12-31 --chains ./my-chains --csv ./csv
  alvh backtest --from 2024-01-02 --to 2024-12-31 --calibration my-calibration.json

Option prices are modelled (SPX: BSM on the model smile; VIX options: Black-76 on the
same-expiry VIX future). Daily SPX expiries before 2022 and VIX options before 2006 are
hypothetical instruments priced by the same models. Sizes are fractional units by default
(as Cboe's benchmark indices), so every policy sells the same condor every day at any
notional; --whole-contracts gives the integer path. Settlement: PM dailies and weeklies at
the SPX close, AM monthlies at the SPX open (SET proxy), VIX options at the VIX open (SOQ
proxy).

--chains DIR: where your end-of-day chains list a contract, the option vols are the implied
vols of its mids and fills are on its own bid/ask (the fill fraction of its half-spread in
place of the modelled one); the model prices the rest, and the report gives the share of real
fills per policy and year. --calibration FILE prices with a calibration written by
alvh calibrate --fit --out (or calibrate --chains --fit --out); the report names it.

Exposure basis (a policy's \`basis\`, stated in every report): deltaNotional (default),
faceNotional, premium (fractions of condor notional), or a budget: creditShare (premium
held = share × the condor credit of the trailing creditWindowDays, default 21, trading days),
premiumPerYear (a yearly premium budget as a fraction of notional: premium held = budget ×
notional × the layer's targetDte / 365) and ratio (VIX calls held per condor contract open).
The presets <kind>-credit, <kind>-peryear, <kind>-ratio (kind static10 or alvh) read the
default policy's numbers on that basis: static10-credit holds 10% of the month's credit.`,
    )
    .action((flags: BacktestFlags) => {
      const from = flags.from === undefined ? undefined : date('--from', flags.from);
      const to = flags.to === undefined ? undefined : date('--to', flags.to);
      if (from !== undefined && to !== undefined && to < from) throw new InputError('--to', `must not be before --from (${from}), got ${to}`);
      const policies = policiesFromFlags(flags.policies, flags.policyFile);
      const condor = condorFromFlags(flags);
      const notional = notionalFromFlag(flags.notional);
      const promoterLimit = num('--promoter-limit', flags.promoterLimit);
      if (!(promoterLimit > 0 && promoterLimit < 1)) throw new InputError('--promoter-limit', `must be a fraction between 0 and 1, got ${flags.promoterLimit}`);
      const jsonToStdout = flags.json === '-';
      const data = loadEmbeddedDataCached();
      const userSeries = userSeriesFromFlags(flags.userSeries, data);
      const chains = chainsFromFlag(flags.chains);
      const calibration = calibrationFromFlag(flags.calibration);
      const showBar = flags.quiet !== true && process.stderr.isTTY === true && !jsonToStdout;
      const bar = showBar ? new SingleBar({ format: 'backtest [{bar}] {percentage}% | ETA {eta}s', stream: process.stderr, hideCursor: true, clearOnComplete: true }) : null;
      bar?.start(100, 0);
      // The trade lists feed the capital guards (JSON, report), attribution and the trade-list hash (report),
      // the trade CSVs and the chains' real/modelled labels; the printed table reads the daily arrays only.
      const recordTrades = flags.json !== undefined || flags.report !== undefined || flags.csv !== undefined || chains !== null;
      const result = runBacktest(
        data,
        { ...(from === undefined ? {} : { from }), ...(to === undefined ? {} : { to }), policies, condor, notional, costs: DEFAULT_COST_MODEL, calib: calibration.calib, userSeries, recordTrades, ...(chains === null ? {} : { dayModel: chains.dayModel }) },
        bar === null ? undefined : (done) => bar.update(Math.round(done * 100)),
      );
      bar?.stop();
      const equal = flags.equalCost === true ? equalCostOf(data, { ...(from === undefined ? {} : { from }), ...(to === undefined ? {} : { to }), condor, notional, costs: DEFAULT_COST_MODEL, calib: calibration.calib }, policies) : undefined;
      const summary = { ...backtestJson(result, { capitalGuards: flags.json !== undefined || flags.report !== undefined }), ...(equal === undefined ? {} : { equalCost: equal }) };
      const chainsInfo = chains === null ? null : chainsSummary(chains, Object.values(result.policies), result.from, result.to);
      if (flags.json !== undefined) {
        const text = `${JSON.stringify({ ...summary, ...(chainsInfo === null ? {} : { chains: chainsInfo.json }), ...(calibration.file === null ? {} : { calibration: calibration.file }) })}\n`;
        if (jsonToStdout) process.stdout.write(text);
        else writeFileAtomic(flags.json, text);
      }
      if (flags.csv !== undefined) for (const name of Object.keys(result.policies)) writeFileAtomic(join(flags.csv, `${name}.csv`), policyCsv(result, name));
      if (flags.csv !== undefined && chainsInfo !== null) {
        for (const [name, run] of Object.entries(result.policies)) writeFileAtomic(join(flags.csv, `${name}-trades.csv`), tradesCsv(run.trades, chainsInfo.labels.labels[name] ?? []));
      }
      if (flags.report !== undefined) {
        const attribution = attributionTables(attributeRuns(data.daily, result.dates, result.policies));
        const capitalGuards = Object.fromEntries(Object.entries(summary.policies).flatMap(([name, p]) => (p.metrics.capitalGuard === undefined ? [] : [[name, p.metrics.capitalGuard]])));
        const presets = methodologyPresets(data, { ...(from === undefined ? {} : { from }), ...(to === undefined ? {} : { to }), condor, notional, costs: DEFAULT_COST_MODEL, calib: calibration.calib }, promoterLimit);
        writeFileAtomic(flags.report, renderReport(result, { assets: loadChartAssets(), attribution, capitalGuards, presets, ...(equal === undefined ? {} : { equalCost: equal }), ...(chainsInfo === null ? {} : { priceSources: chainsInfo.json }) }));
      }
      if (!jsonToStdout) {
        process.stdout.write(`Backtest ${result.from}..${result.to}, ${result.dates.length} trading days, starting notional ${usd0(notional)} USD (${chainsInfo === null ? 'modelled option prices' : 'option prices from your chains where listed, modelled elsewhere'}).\n`);
        process.stdout.write(summaryTable(summary));
        process.stdout.write(`\n${answerParagraph(chainsInfo === null ? summary : { ...summary, optionPrices: 'chains' })}\n`);
        if (chainsInfo !== null) process.stdout.write(chainsText(chainsInfo.json));
        const calibLine = calibrationNote(calibration);
        if (calibLine !== null) process.stdout.write(`${calibLine}\n`);
        const wrote: string[] = [];
        if (flags.report !== undefined) wrote.push(`  ${resolve(flags.report)}  (HTML report: open it in any browser, offline)`);
        if (flags.json !== undefined) wrote.push(`  ${resolve(flags.json)}  (JSON: metrics, crises and equity per policy)`);
        if (flags.csv !== undefined) for (const name of Object.keys(result.policies)) wrote.push(`  ${resolve(flags.csv, `${name}.csv`)}  (${name}: equity and daily P&L by tag)`);
        if (wrote.length > 0) process.stdout.write(`\nWrote:\n${wrote.join('\n')}\n`);
      }
    });
}
