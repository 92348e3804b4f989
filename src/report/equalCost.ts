/**
 * The equal-cost table (research/equalCost.ts): each adaptive policy, then the static hedge
 * of the same net hedge cost a year (or why there is none), on the same measures. One table
 * for every place that shows it: `alvh research equalcost`, the HTML report of
 * `alvh backtest --equal-cost` and the dashboard serving that backtest's JSON. Pure.
 */
import { isObj, numOr } from './frontier.js';

/** The measures of one row (research/equalCost.ts CostRow; dollars unless a fraction is named). */
export interface EqualCostMeasures {
  readonly netHedgeCostPerYear: number | null;
  readonly crisisHedgePnl: number | null;
  readonly crisisHedgeReturn: number | null;
  readonly crisisPayoffPerCostUsd: number | null;
  readonly cagr: number | null;
  readonly sharpe: number | null;
  readonly maxDrawdown: number | null;
  readonly worstCrisisDrawdown: number | null;
  readonly finalEquity: number | null;
}

/** One adaptive policy beside its cost-matched static (research/equalCost.ts EqualCostEntry). */
export interface EqualCostTableEntry {
  readonly name: string;
  readonly basis: string;
  readonly adaptive: EqualCostMeasures;
  readonly matched: (EqualCostMeasures & { readonly targetFraction: number }) | null;
  readonly note: string | null;
}

/** How the cells are written (the CLI's plain numbers or the report's). */
export interface EqualCostFormat {
  readonly usd: (x: number | null) => string;
  readonly pct: (x: number | null, digits: number) => string;
  readonly num: (x: number | null, digits: number) => string;
}

export const EQUAL_COST_HEAD: readonly string[] = ['policy', 'basis', 'net hedge $/yr', 'crisis hedge $', 'crisis hedge Σ%', 'crisis $ per net $', 'CAGR', 'Sharpe', 'max DD', 'worst crisis DD', 'final equity'];

export const EQUAL_COST_NOTE =
  'net hedge = purchases + fees − sales − settlements, a year; crisis hedge = hedge P&L summed over the crisis windows; crisis hedge Σ% = the hedge’s daily P&L over the prior equity summed over the crisis days (each window weighs the same); crisis $ per net $ = crisis hedge / net hedge cost over the run.';

function cells(label: string, basis: string, r: EqualCostMeasures, f: EqualCostFormat): string[] {
  return [label, basis, f.usd(r.netHedgeCostPerYear), f.usd(r.crisisHedgePnl), f.pct(r.crisisHedgeReturn, 1), f.num(r.crisisPayoffPerCostUsd, 2), f.pct(r.cagr, 2), f.num(r.sharpe, 2), f.pct(r.maxDrawdown, 2), f.pct(r.worstCrisisDrawdown, 2), f.usd(r.finalEquity)];
}

/** Two rows per entry: the adaptive policy, then `  static L1 at X` (or `  static: why not`). */
export function equalCostRows(entries: readonly EqualCostTableEntry[], f: EqualCostFormat): string[][] {
  return entries.flatMap((e) => [
    cells(e.name, e.basis, e.adaptive, f),
    e.matched === null ? [`  static: ${e.note ?? 'none'}`, ...EQUAL_COST_HEAD.slice(1).map(() => '')] : cells(`  static L1 at ${f.num(e.matched.targetFraction, 4)}`, e.basis, e.matched, f),
  ]);
}

function measuresOf(x: unknown): EqualCostMeasures | null {
  if (!isObj(x)) return null;
  const n = (k: string): number | null => numOr(x[k], null);
  return { netHedgeCostPerYear: n('netHedgeCostPerYear'), crisisHedgePnl: n('crisisHedgePnl'), crisisHedgeReturn: n('crisisHedgeReturn'), crisisPayoffPerCostUsd: n('crisisPayoffPerCostUsd'), cagr: n('cagr'), sharpe: n('sharpe'), maxDrawdown: n('maxDrawdown'), worstCrisisDrawdown: n('worstCrisisDrawdown'), finalEquity: n('finalEquity') };
}

/**
 * The entries of a backtest JSON's `equalCost` block read back (a file given to
 * `alvh serve --backtest`): an entry without a name, basis or adaptive row is left out, a
 * measure that is not a number is shown as missing, never guessed.
 */
export function equalCostEntriesOf(json: unknown): EqualCostTableEntry[] {
  const eq = isObj(json) && isObj(json['equalCost']) && Array.isArray(json['equalCost']['policies']) ? json['equalCost']['policies'] : [];
  return eq.flatMap((e): EqualCostTableEntry[] => {
    if (!isObj(e) || typeof e['name'] !== 'string' || typeof e['basis'] !== 'string') return [];
    const adaptive = measuresOf(e['adaptive']);
    if (adaptive === null) return [];
    const m = measuresOf(e['matched']);
    const x = isObj(e['matched']) ? numOr(e['matched']['targetFraction'], null) : null;
    return [{ name: e['name'], basis: e['basis'], adaptive, matched: m === null || x === null ? null : { ...m, targetFraction: x }, note: typeof e['note'] === 'string' ? e['note'] : null }];
  });
}
