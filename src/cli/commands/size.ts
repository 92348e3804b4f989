/** `alvh size`: today's ALVH hedge target by layer next to the classic 10% rule, from a few market inputs. */
import type { Command } from 'commander';
import { InputError } from '../../core/errors.js';
import type { IsoDate } from '../../core/time.js';
import { dayModel, DEFAULT_CALIBRATION } from '../../portfolio/marketModel.js';
import { defaultPolicy, INITIAL_ALVH_STATE, stepAlvh, type AlvhPolicy, type LayerName } from '../../hedge/index.js';
import type { DailySignal } from '../../signals/daily.js';
import { staleInputs, staleLine } from '../../signals/freshness.js';
import type { MarketData } from '../../market/types.js';
import { newYorkDate, systemClock, type Clock } from '../../core/time.js';
import { unstoredSignal } from '../publishSignal.js';
import { homeMarketData } from '../market.js';
import { addHomeOption } from '../home.js';
import { printJson } from '../io.js';
import { num, optNum } from '../options.js';
import { condorFromFlags, notionalFromFlag, pct, readPolicyFile, textTable, usd0 } from '../engineInputs.js';

interface SizeFlags {
  notional?: string;
  condorMaxLoss?: string;
  vix?: string;
  vx1?: string;
  vx2?: string;
  rsi?: string;
  macdHist?: string;
  breadthDivergence?: string;
  daysToEvent?: string;
  today?: boolean;
  home?: string;
  policy?: string;
  json?: boolean;
}

export interface SizeInputs {
  readonly date: IsoDate;
  readonly vix: number;
  readonly vx1: number | null;
  readonly vx2: number | null;
  readonly rsi: number;
  readonly macdHist: number;
  readonly breadthDivergence: number;
  readonly daysToEvent: number;
}

export interface SizeRow {
  readonly layer: LayerName;
  readonly alvhFraction: number;
  readonly alvhUsd: number;
  readonly alvhContracts: number | null;
  readonly static10Fraction: number;
  readonly static10Usd: number;
  readonly static10Contracts: number | null;
  /** Per-contract delta-notional exposure used for the counts: 100 × target |Δ| × F. */
  readonly perContractUsd: number | null;
}

/** Per-contract delta notional of a layer at its target delta on the given futures. */
function perContractUsd(policy: AlvhPolicy, layer: LayerName, x: SizeInputs): number | null {
  const def = policy.layers[layer];
  const f1 = x.vx1 ?? x.vix;
  const f2 = x.vx2 ?? f1;
  if (def.instrument === 'vixCallCalendar') {
    const per = 100 * def.targetDelta * (f2 - f1);
    return per > 0 ? per : null;
  }
  const f = def.expiryRule === 'closestToTarget' ? f2 : f1;
  return 100 * def.targetDelta * f;
}

export interface SizeResult {
  regime: string;
  signalScore: number;
  targetFraction: number;
  band: { lo: number; hi: number };
  rows: SizeRow[];
  rationale: readonly string[];
}

/** One layer's row: the ALVH target (contracts: `held` when given, else target / per-contract exposure) next to the 10% rule. */
function sizeRow(policy: AlvhPolicy, layer: LayerName, targetFraction: number, notional: number, x: SizeInputs, held?: number): SizeRow {
  const s10 = defaultPolicy('static10');
  const per = perContractUsd(policy, layer, x);
  const s10Frac = layer === 'L1' ? s10.targetFraction : 0;
  const s10Per = layer === 'L1' ? 100 * s10.layer.targetDelta * (x.vx2 ?? x.vx1 ?? x.vix) : null;
  return {
    layer,
    alvhFraction: targetFraction,
    alvhUsd: targetFraction * notional,
    alvhContracts: held ?? (per === null ? null : Math.round((targetFraction * notional) / per)),
    static10Fraction: s10Frac,
    static10Usd: s10Frac * notional,
    static10Contracts: s10Per === null ? null : Math.round((s10Frac * notional) / s10Per),
    perContractUsd: per,
  };
}

export function sizeTable(policy: AlvhPolicy, notional: number, x: SizeInputs): SizeResult {
  const step = stepAlvh(policy, INITIAL_ALVH_STATE, {
    date: x.date,
    vixClosePts: x.vix,
    vixRsi14: x.rsi,
    spxMacdHist: x.macdHist,
    breadthDivergence01: x.breadthDivergence,
    tradingDaysToNextEvent: x.daysToEvent,
  });
  const dec = step.decision;
  const rows: SizeRow[] = dec.layers.map((l) => sizeRow(policy, l.layer, l.targetFraction, notional, x));
  return { regime: dec.regime, signalScore: dec.signalScore01, targetFraction: dec.targetFraction, band: dec.band, rows, rationale: dec.rationale };
}

/** The VX1/VX2 futures of a day (the model's curve, the real settlements where the data has them). */
function futuresOn(data: MarketData, i: number, date: IsoDate): { vx1: number | null; vx2: number | null } {
  const m = dayModel(data, i, DEFAULT_CALIBRATION);
  const exp = m.vixExpiries(3).filter((e) => e > date);
  const fut = (k: number): number | null => {
    const e = exp[k];
    return e === undefined ? null : m.vxFuture(e).price;
  };
  return { vx1: fut(0), vx2: fut(1) };
}

/**
 * Today's size from today's signal: the same data (the embedded history with the home's
 * updates), the same code and the same run since the first day as \`alvh signal\` (regime
 * hysteresis, RSI triggers, the MACD's previous value), so that both give one target and one book.
 */
function todaySize(flags: SizeFlags, policy: AlvhPolicy, notional: number, clock: Clock): { x: SizeInputs; table: SizeResult; signal: DailySignal; staleText: string | null } {
  const data = homeMarketData(flags.home, clock);
  const i = data.daily.n - 1;
  const date = data.daily.dates[i];
  if (date === undefined) throw new InputError('data', 'the data set is empty');
  const sig = unstoredSignal(data, date, { policy: { name: 'alvh', policy }, condor: condorFromFlags({ fixedNotional: true }), notional });
  const x: SizeInputs = {
    date,
    vix: sig.inputs.vixClose,
    ...futuresOn(data, i, date),
    rsi: sig.inputs.vixRsi14 ?? Number.NaN,
    macdHist: sig.inputs.spxMacdHist ?? Number.NaN,
    breadthDivergence: sig.inputs.breadthDivergence ?? Number.NaN,
    daysToEvent: sig.inputs.tradingDaysToNextEvent ?? Number.NaN,
  };
  const reference = newYorkDate(clock.nowMs());
  const stale = staleInputs(sig.inputsAsOf, reference < date ? date : reference);
  const rows = sig.hedge.layers.map((l) => sizeRow(policy, l.name, l.targetFraction, notional, x, l.contracts));
  const band = sig.hedge.band ?? { lo: Number.NaN, hi: Number.NaN };
  return {
    x,
    signal: { ...sig, stale },
    staleText: staleLine({ stale, reference }, date),
    table: { regime: sig.regime ?? '-', signalScore: sig.hedge.signalScore ?? Number.NaN, targetFraction: sig.hedge.targetFraction, band, rows, rationale: sig.hedge.rationale },
  };
}

function flagInputs(f: SizeFlags): SizeInputs {
  const vix = num('--vix', f.vix);
  if (vix < 0) throw new InputError('--vix', `must be >= 0, got ${f.vix}`);
  const rsi = optNum('--rsi', f.rsi);
  if (rsi !== undefined && !(rsi >= 0 && rsi <= 100)) throw new InputError('--rsi', `must be in [0, 100], got ${f.rsi}`);
  const bd = optNum('--breadth-divergence', f.breadthDivergence);
  if (bd !== undefined && bd !== 0 && bd !== 1) throw new InputError('--breadth-divergence', `must be 0 or 1, got ${f.breadthDivergence}`);
  const dte = optNum('--days-to-event', f.daysToEvent);
  if (dte !== undefined && !(Number.isInteger(dte) && dte >= 0)) throw new InputError('--days-to-event', `must be a whole number >= 0, got ${f.daysToEvent}`);
  const pos = (flag: string, raw: string | undefined): number | null => {
    const x = optNum(flag, raw);
    if (x !== undefined && !(x > 0)) throw new InputError(flag, `must be > 0, got ${raw}`);
    return x ?? null;
  };
  return {
    date: '2000-01-03' as IsoDate,
    vix,
    vx1: pos('--vx1', f.vx1),
    vx2: pos('--vx2', f.vx2),
    rsi: rsi ?? Number.NaN,
    macdHist: optNum('--macd-hist', f.macdHist) ?? Number.NaN,
    breadthDivergence: bd ?? Number.NaN,
    daysToEvent: dte ?? Number.NaN,
  };
}

export function register(program: Command): void {
  const cmd = program
    .command('size')
    .description('The ALVH hedge target by layer (fraction, dollars, contracts) next to the classic 10% rule.')
    .option('--notional <usd>', 'condor notional in dollars (default 100000)')
    .option('--condor-max-loss <usd>', 'max loss of one condor, dollars: also prints the condor count of the 5% risk budget')
    .option('--vix <pts>', 'VIX close (points)')
    .option('--vx1 <pts>', 'front-month VIX future (default: VIX)')
    .option('--vx2 <pts>', 'second-month VIX future (default: VX1)')
    .option('--rsi <0-100>', 'RSI(14) of the VIX close (omitted: left out of the score)')
    .option('--macd-hist <h>', 'SPX MACD(12,26,9) histogram')
    .option('--breadth-divergence <0|1>', '1 when the NYSE A/D line diverges bearishly from SPX')
    .option('--days-to-event <n>', 'trading days to the next FOMC/CPI/PPI release')
    .option('--today', "today's signal (the last day of the data with the home's updates), exactly as `alvh signal` computes it")
    .option('--policy <file>', 'ALVH policy file (default: the default policy)')
    .option('--json', 'print only JSON');
  addHomeOption(cmd)
    .addHelpText(
      'after',
      `
Examples:
  alvh size --notional 250000 --vix 22.5 --vx1 23.1 --vx2 23.8 --rsi 64 --macd-hist -3.2 --breadth-divergence 1 --days-to-event 2
  alvh size --notional 100000 --today --json

With your own numbers, one day on its own: the regime is the raw one (no hysteresis history)
and RSI triggers are not applied. With --today the numbers are today's signal's, from the
same run since the first day as \`alvh signal\` (hysteresis, triggers, the MACD's previous
value): the same regime, score, target and book. Contracts use 100 × target |delta| × F per
call (delta-notional basis): L1 on VX2, L2 on VX1, the L3 calendar on VX2 − VX1.`,
    )
    .action((flags: SizeFlags) => {
      if (flags.today === true) {
        for (const k of ['vix', 'vx1', 'vx2', 'rsi', 'macdHist', 'breadthDivergence', 'daysToEvent'] as const) {
          if (flags[k] !== undefined) throw new InputError('--today', `cannot be combined with --${k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`);
        }
      } else if (flags.vix === undefined) throw new InputError('--vix', 'is required (or use --today)');
      const notional = notionalFromFlag(flags.notional);
      const maxLoss = optNum('--condor-max-loss', flags.condorMaxLoss);
      if (maxLoss !== undefined && !(maxLoss > 0)) throw new InputError('--condor-max-loss', `must be > 0, got ${flags.condorMaxLoss}`);
      const policy = flags.policy === undefined ? defaultPolicy('alvh') : readPolicyFile('--policy', flags.policy);
      if (policy.kind !== 'alvh') throw new InputError('--policy', `must be an alvh policy, got kind ${policy.kind}`);
      const today = flags.today === true ? todaySize(flags, policy, notional, systemClock) : null;
      const x = today?.x ?? flagInputs(flags);
      const r = today?.table ?? sizeTable(policy, notional, x);
      const condorContracts = maxLoss === undefined ? null : Math.floor((0.05 * notional) / maxLoss);
      if (flags.json === true) {
        const fresh = today === null ? {} : { inputsAsOf: today.signal.inputsAsOf, stale: today.signal.stale };
        printJson({ ...(today !== null ? { date: x.date } : {}), notional, inputs: { ...x, date: undefined }, ...fresh, regime: r.regime, band: r.band, signalScore: r.signalScore, targetFraction: r.targetFraction, static10Fraction: 0.1, condorContracts, layers: r.rows, rationale: r.rationale });
        return;
      }
      const out: string[] = [];
      if (today !== null) {
        if (today.staleText !== null) out.push(today.staleText);
        out.push(`Today's signal of ${x.date} (the same run as \`alvh signal\`: history since the first day, the home's data updates): VIX ${x.vix.toFixed(2)}, VX1 ${x.vx1?.toFixed(2) ?? '-'}, VX2 ${x.vx2?.toFixed(2) ?? '-'}; ALVH calls are the signal's book.`);
      }
      out.push(`ALVH: regime ${r.regime}, band ${pct(r.band.lo)}–${pct(r.band.hi)}, signal score ${r.signalScore.toFixed(3)} → target ${pct(r.targetFraction)} of ${usd0(notional)} USD (delta-notional basis).`);
      if (condorContracts !== null) out.push(`Condor: ${condorContracts} condors within the 5% risk budget at ${maxLoss?.toFixed(2) ?? '-'} USD max loss each.`);
      process.stdout.write(`${out.join('\n')}\n`);
      const rows = r.rows.map((row) => [row.layer, pct(row.alvhFraction), usd0(row.alvhUsd), row.alvhContracts === null ? '-' : String(row.alvhContracts), pct(row.static10Fraction), usd0(row.static10Usd), row.static10Contracts === null ? '-' : String(row.static10Contracts)]);
      let aF = 0, aU = 0, sF = 0, sU = 0;
      for (const row of r.rows) {
        aF += row.alvhFraction;
        aU += row.alvhUsd;
        sF += row.static10Fraction;
        sU += row.static10Usd;
      }
      rows.push(['total', pct(aF), usd0(aU), '', pct(sF), usd0(sU), '']);
      process.stdout.write(textTable(['layer', 'ALVH', 'ALVH USD', 'ALVH calls', '10% rule', '10% USD', '10% calls'], rows));
    });
}
