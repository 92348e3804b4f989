/** `alvh signal --date`: the condor and the hedge book of one day, as the backtest holds them. */
import type { Command } from 'commander';
import { InputError } from '../../core/errors.js';
import type { IsoDate } from '../../core/time.js';
import { DEFAULT_COST_MODEL } from '../../portfolio/costs.js';
import { DEFAULT_CALIBRATION } from '../../portfolio/marketModel.js';
import { defaultPolicy } from '../../hedge/index.js';
import { dailySignal, type DailySignal } from '../../signals/daily.js';
import { printJson } from '../io.js';
import { date } from '../options.js';
import { condorFromFlags, loadEmbeddedData, notionalFromFlag, pct, readPolicyFile, usd0, type CondorFlags } from '../engineInputs.js';

interface SignalFlags extends CondorFlags {
  date?: string;
  policy?: string;
  notional?: string;
  compound?: boolean;
  json?: boolean;
}

export function humanSignal(s: DailySignal, note: string | null): string {
  const out: string[] = [];
  if (note !== null) out.push(note);
  out.push(`Signal for ${s.date} (policy ${s.hedge.policy}, modelled prices)`);
  out.push(`  SPX ${s.inputs.spxClose.toFixed(2)}  VIX ${s.inputs.vixClose.toFixed(2)}  regime ${s.regime ?? '-'}`);
  const c = s.condor;
  if (c.status === 'opened') {
    const legs = c.legs.map((l) => `${l.qty > 0 ? '+' : ''}${l.qty} ${l.type} ${l.strike}`).join(', ');
    out.push(`Condor: ${c.contracts} × expiring ${c.expiration ?? '-'}: ${legs}`);
    out.push(`  credit ${c.creditPerContract?.toFixed(2) ?? '-'} USD, max loss ${c.maxLossPerContract?.toFixed(2) ?? '-'} USD per condor; break-evens ${c.breakevens?.lower.toFixed(2) ?? '-'} / ${c.breakevens?.upper.toFixed(2) ?? '-'}`);
  } else out.push(`Condor: none today (${c.reason ?? ''})`);
  out.push(`Hedge: target ${pct(s.hedge.targetFraction)} of ${usd0(s.hedge.notionalUsd)} USD notional (${s.hedge.basis ?? 'no'} basis), signal score ${s.hedge.signalScore === null ? '-' : s.hedge.signalScore.toFixed(3)}`);
  for (const l of s.hedge.layers) {
    out.push(`  ${l.name}: ${l.position === null ? 'flat' : `${l.contracts} × ${l.position}`}; exposure ${pct(l.exposure)} (target ${pct(l.targetFraction)}), value ${usd0(l.cost)} USD, today ${l.action}`);
  }
  out.push('Why:');
  for (const r of s.hedge.rationale) out.push(`  - ${r}`);
  return `${out.join('\n')}\n`;
}

export function register(program: Command): void {
  program
    .command('signal')
    .description("A day's condor and hedge book (strikes, contracts, layers and the reasons), exactly as the backtest holds them on that day.")
    .option('--date <YYYY-MM-DD>', 'trading day (default: the last day of the embedded data)')
    .option('--policy <file>', 'policy file (JSON/YAML; default: the default ALVH policy)')
    .option('--notional <usd>', 'your condor notional in dollars: sizes condors and hedges (default 100000)')
    .option('--compound', 'size on the equity of the history run since 1990 instead of a fixed notional')
    .option('--dte <n>', 'condor tenor in trading days (default 1)')
    .option('--short-delta <d>', 'short strike |delta| (default 0.10)')
    .option('--wing-width <pts>', 'wing width in SPX points (default 50)')
    .option('--risk-budget <frac>', 'risk budget as a fraction of notional (default 0.05)')
    .option('--json', 'print only JSON')
    .addHelpText(
      'after',
      `
Examples:
  alvh signal --date 2020-03-16
  alvh signal --date 2024-08-05 --policy ./my-alvh.json --json

The book (regime hysteresis, RSI triggers, layer holdings) comes from running the backtest
from the first day of the data to --date. Sizes use a fixed --notional (your account) unless
--compound sizes them on that run's equity.`,
    )
    .action((flags: SignalFlags) => {
      const data = loadEmbeddedData();
      const last = data.daily.dates[data.daily.n - 1];
      if (last === undefined) throw new InputError('data', 'the embedded data set is empty');
      const day: IsoDate = flags.date === undefined ? last : date('--date', flags.date);
      const note = flags.date === undefined ? `No --date: using the last day of the embedded data, ${last} (the store-backed "today" signal is not available yet).` : null;
      const policy = flags.policy === undefined ? defaultPolicy('alvh') : readPolicyFile('--policy', flags.policy);
      const condor = condorFromFlags({ ...flags, fixedNotional: flags.compound !== true });
      let sig: DailySignal;
      try {
        sig = dailySignal(data, day, { name: flags.policy === undefined ? 'alvh' : policy.kind, policy }, condor, DEFAULT_CALIBRATION, { notional: notionalFromFlag(flags.notional), costs: DEFAULT_COST_MODEL });
      } catch (e) {
        if (e instanceof InputError && e.field === 'date') throw new InputError('--date', e.message.slice(e.field.length + 2));
        throw e;
      }
      if (flags.json === true) printJson(note === null ? sig : { ...sig, notes: [note, ...sig.notes] });
      else process.stdout.write(humanSignal(sig, note));
    });
}
