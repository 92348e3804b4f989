/**
 * `alvh research attribution`: the condor's losses by breach side and by overnight gap
 * against intraday move, with each hedge layer's P&L on the loss days (research/attribution.ts).
 */
import type { Command } from 'commander';
import type { IsoDate } from '../../core/time.js';
import type { MarketData } from '../../market/types.js';
import { attributeRuns, attributionTables, ATTRIBUTION_NOTE, type Attribution } from '../../research/attribution.js';
import { runPolicies, type ResearchSettings } from '../../research/engine.js';
import { policiesFromFlags, textTable } from '../engineInputs.js';

export interface AttributionJson {
  from: IsoDate;
  to: IsoDate;
  notional: number;
  policies: Record<string, Omit<Attribution, 'losses'> & { losses?: Attribution['losses'] }>;
}

/** Attribution of every listed policy, all in one engine pass. */
export function attributionOnData(data: MarketData, settings: ResearchSettings, policyList: string | undefined, withLosses: boolean): AttributionJson {
  const r = runPolicies(data, settings, policiesFromFlags(policyList, []), { trades: true });
  const policies: AttributionJson['policies'] = {};
  for (const [name, a] of Object.entries(attributeRuns(data.daily, r.dates, r.runs))) {
    policies[name] = withLosses ? a : { condors: a.condors, condorPnlUsd: a.condorPnlUsd, total: a.total, bySide: a.bySide };
  }
  return { from: r.dates[0] as IsoDate, to: r.dates[r.dates.length - 1] as IsoDate, notional: settings.notional, policies };
}

export function attributionText(j: AttributionJson): string {
  const t = attributionTables(j.policies);
  return [`Attribution of the condor's losses, ${j.from}..${j.to}, starting from ${j.notional.toLocaleString('en-US')} USD.`, ...t.tables.map((x) => `\n${x.caption}.\n${textTable(x.header, x.rows)}`), `\n${t.note}\n`].join('');
}

export interface AttributionFlags {
  policies?: string;
  losses?: boolean;
  json?: boolean;
}

export function attributionCommand(research: Command): Command {
  return research
    .command('attribution')
    .description("The condor's losses by breach side (put/call) and by overnight gap against intraday move, and each hedge layer's P&L on those days.")
    .option('--policies <list>', 'comma-separated policies: alvh,static10,vxth,none,steward (default: the four kinds)')
    .option('--losses', 'with --json: list every losing condor too')
    .option('--json', 'print {from, to, notional, policies: {NAME: {condors, condorPnlUsd, total, bySide: {put|call|none: {count, pnlUsd, beforeUsd, dayUsd, measured, gapUsd, intradayUsd, hedgeUsd, hedgeDays, returns}}}}}')
    .addHelpText(
      'after',
      `
${ATTRIBUTION_NOTE}

Examples:
  alvh research attribution
  alvh research attribution --from 2008-01-02 --to 2008-12-31 --policies alvh,static10 --json`,
    );
}
