/**
 * The plain-language answer at the top of the report, generated from the numbers only:
 * which policy won on each measure and at what hedge cost, and how big the ALVH hedge was
 * in each regime. No sentence here is true by construction; each compares figures.
 */
import type { PolicySummary } from '../backtest/summary.js';
import { LAYERS, NO_REGIME, REGIMES, type BacktestResult } from '../backtest/types.js';
import { ALTERNATIVES_MODELLED } from '../market/chainQuotes.js';

export const fmtPct = (x: number | null, digits = 1): string => (x === null || !Number.isFinite(x) ? 'n/a' : `${(x * 100).toFixed(digits)}%`);
export const fmtUsd = (x: number | null): string => {
  if (x === null || !Number.isFinite(x)) return 'n/a';
  const s = Math.round(Math.abs(x)).toLocaleString('en-US');
  return x < 0 ? `−$${s}` : `$${s}`;
};
export const fmtNum = (x: number | null, digits = 2): string => (x === null || !Number.isFinite(x) ? 'n/a' : x.toFixed(digits));

type Pick = { policy: string; value: number } | null;

function best(summaries: Record<string, PolicySummary>, get: (s: PolicySummary) => number | null, higherIsBetter: boolean): Pick {
  let out: Pick = null;
  for (const [policy, s] of Object.entries(summaries)) {
    const v = get(s);
    if (v === null || !Number.isFinite(v)) continue;
    if (out === null || (higherIsBetter ? v > out.value : v < out.value)) out = { policy, value: v };
  }
  return out;
}

/** Σ crisis net P&L over the windows every policy has (so that totals compare like with like). */
export function crisisNetTotals(summaries: Record<string, PolicySummary>): { windows: number; totals: Record<string, number> } {
  const lists = Object.values(summaries).map((s) => new Set(s.crises.map((c) => c.name)));
  const common = lists.length === 0 ? new Set<string>() : new Set([...(lists[0] ?? [])].filter((n) => lists.every((l) => l.has(n))));
  const totals: Record<string, number> = {};
  for (const [p, s] of Object.entries(summaries)) totals[p] = s.crises.filter((c) => common.has(c.name)).reduce((a, c) => a + c.netPnl, 0);
  return { windows: common.size, totals };
}

/** Mean total hedge exposure (fraction of notional) of a policy per regime and overall. */
export function exposureByRegime(r: BacktestResult, policy: string): { overall: number | null; byRegime: Record<string, number | null> } {
  const run = r.policies[policy];
  const byRegime: Record<string, number | null> = {};
  if (!run) return { overall: null, byRegime };
  const sums = new Float64Array(REGIMES.length);
  const counts = new Float64Array(REGIMES.length);
  let all = 0;
  const n = r.dates.length;
  for (let i = 0; i < n; i++) {
    let e = 0;
    for (const l of LAYERS) e += run.exposure[l][i] ?? 0;
    all += e;
    const g = run.regime[i] ?? NO_REGIME;
    if (g < REGIMES.length) {
      sums[g] = (sums[g] ?? 0) + e;
      counts[g] = (counts[g] ?? 0) + 1;
    }
  }
  REGIMES.forEach((name, g) => {
    byRegime[name] = (counts[g] ?? 0) > 0 ? (sums[g] ?? 0) / (counts[g] ?? 1) : null;
  });
  return { overall: n > 0 ? all / n : null, byRegime };
}

export interface Narrative {
  headline: string;
  paragraphs: string[];
}

export function buildNarrative(r: BacktestResult, summaries: Record<string, PolicySummary>): Narrative {
  const paragraphs: string[] = [];
  const names = Object.keys(summaries);
  const cost = (p: string): string => `${fmtUsd(summaries[p]?.metrics.hedgeNetCostPerYear ?? null)} net (${fmtUsd(summaries[p]?.metrics.hedgeCostPerYear ?? null)} gross)`;
  const cagr = best(summaries, (s) => s.metrics.cagr, true);
  const mdd = best(summaries, (s) => s.metrics.maxDrawdown, false);
  const sharpe = best(summaries, (s) => s.metrics.sharpe, true);
  const crisis = crisisNetTotals(summaries);
  let crisisBest: Pick = null;
  for (const [p, v] of Object.entries(crisis.totals)) if (crisisBest === null || v > crisisBest.value) crisisBest = { policy: p, value: v };

  const winners: string[] = [];
  if (cagr) winners.push(`highest CAGR: ${cagr.policy} (${fmtPct(cagr.value, 2)} a year, net hedge cost ${cost(cagr.policy)} a year)`);
  if (mdd) winners.push(`smallest maximum drawdown: ${mdd.policy} (${fmtPct(mdd.value)}, net hedge cost ${cost(mdd.policy)} a year)`);
  if (sharpe) winners.push(`best Sharpe ratio: ${sharpe.policy} (${fmtNum(sharpe.value)})`);
  if (crisisBest && crisis.windows > 0) {
    winners.push(`best total net P&L over the ${crisis.windows} crisis window${crisis.windows === 1 ? '' : 's'} in range: ${crisisBest.policy} (${fmtUsd(crisisBest.value)})`);
  }
  paragraphs.push(`From ${r.from} to ${r.to}, starting from ${fmtUsd(r.notional)} of condor notional: ${winners.join('; ')}.`);

  let headline = 'Results by policy';
  const a = summaries.alvh;
  const s10 = summaries.static10;
  if (a && s10) {
    const cmp: { what: string; better: boolean | null; text: string }[] = [
      { what: 'CAGR', better: a.metrics.cagr === null || s10.metrics.cagr === null ? null : a.metrics.cagr > s10.metrics.cagr, text: `${fmtPct(a.metrics.cagr, 2)} vs ${fmtPct(s10.metrics.cagr, 2)}` },
      { what: 'max drawdown', better: a.metrics.maxDrawdown < s10.metrics.maxDrawdown, text: `${fmtPct(a.metrics.maxDrawdown)} vs ${fmtPct(s10.metrics.maxDrawdown)}` },
      { what: 'Sharpe', better: a.metrics.sharpe === null || s10.metrics.sharpe === null ? null : a.metrics.sharpe > s10.metrics.sharpe, text: `${fmtNum(a.metrics.sharpe)} vs ${fmtNum(s10.metrics.sharpe)}` },
      {
        what: 'crisis net P&L',
        better: crisis.windows === 0 ? null : (crisis.totals.alvh ?? 0) > (crisis.totals.static10 ?? 0),
        text: crisis.windows === 0 ? 'no crisis window in range' : `${fmtUsd(crisis.totals.alvh ?? null)} vs ${fmtUsd(crisis.totals.static10 ?? null)}`,
      },
      {
        what: 'net hedge cost per year',
        better: a.metrics.hedgeNetCostPerYear === null || s10.metrics.hedgeNetCostPerYear === null ? null : a.metrics.hedgeNetCostPerYear < s10.metrics.hedgeNetCostPerYear,
        text: `${cost('alvh')} vs ${cost('static10')}`,
      },
    ];
    const decided = cmp.filter((c) => c.better !== null);
    const wins = decided.filter((c) => c.better === true);
    const verdict =
      decided.length === 0 ? 'cannot be compared on this run' : wins.length * 2 > decided.length ? 'better than' : wins.length * 2 === decided.length ? 'level with' : 'worse than';
    headline = `ALVH was ${verdict} the 10%-of-notional rule on this run (${wins.length} of ${decided.length} measures).`;
    paragraphs.push(
      `ALVH vs static10 (10% of notional): ${cmp.map((c) => `${c.what} ${c.text}${c.better === null ? '' : c.better ? ' (ALVH better)' : ' (static10 better)'}`).join('; ')}.`,
    );
  }
  if (summaries.alvh) {
    const ex = exposureByRegime(r, 'alvh');
    const parts = REGIMES.filter((g) => ex.byRegime[g] !== null).map((g) => `${fmtPct(ex.byRegime[g] ?? null)} in ${g}-volatility regimes`);
    paragraphs.push(
      `How big the hedge should be: ALVH held on average ${fmtPct(ex.overall)} of notional in VIX exposure (basis: ${r.basis})${parts.length > 0 ? `: ${parts.join(', ')}` : ''}, against a constant 10% for static10.`,
    );
  }
  const none = summaries.none;
  if (none) {
    const hedged = names.filter((p) => p !== 'none');
    const lines = hedged.map((p) => {
      const m = summaries[p]?.metrics;
      return m ? `${p} ${fmtPct(m.maxDrawdown)} for ${cost(p)} a year` : '';
    });
    if (lines.length > 0) paragraphs.push(`Unhedged, the condor's maximum drawdown was ${fmtPct(none.metrics.maxDrawdown)} (CAGR ${fmtPct(none.metrics.cagr, 2)}); hedged: ${lines.join(', ')}.`);
  }
  return { headline, paragraphs };
}

/** What the answer paragraph reads: the backtest's JSON summary (metrics per policy). */
export interface AnswerInput {
  readonly from: string;
  readonly to: string;
  readonly notional: number;
  readonly basis: string;
  readonly policies: Readonly<Record<string, { readonly metrics: PolicySummary['metrics']; readonly basis?: string | null }>>;
  /** Where option prices came from: the model (default), or a user's chains where they list the contracts (`--chains`). */
  readonly optionPrices?: 'model' | 'chains';
}

const BASIS_WORDS: Readonly<Record<string, string>> = {
  deltaNotional: 'delta notional, Σ contracts × 100 × |Δ| × the same-expiry VIX future',
  faceNotional: 'face notional, Σ contracts × 100 × the same-expiry VIX future',
  premium: 'premium, the market value of the hedge',
  creditShare: 'premium held as a share of the condor credit of the trailing 21 trading days',
  premiumPerYear: 'a yearly premium budget as a fraction of notional: premium held = budget × notional × the layer tenor in years',
  ratio: 'VIX calls held per condor contract open',
};

/**
 * The sentence that states the exposure basis of every policy: one basis for all, or the
 * policies grouped by basis (policies without a hedge are left out).
 */
export function basesSentence(bases: Readonly<Record<string, string | null | undefined>>, fallback: string): string {
  const groups = new Map<string, string[]>();
  for (const [name, b] of Object.entries(bases)) if (b !== null && b !== undefined) groups.set(b, [...(groups.get(b) ?? []), name]);
  const only = groups.size === 0 ? fallback : groups.size === 1 ? [...groups.keys()][0] : undefined;
  if (only !== undefined) {
    const unit = only === 'creditShare' || only === 'premiumPerYear' || only === 'ratio' ? 'budgets' : 'fractions of condor notional';
    return `Hedge sizes are ${unit} on the ${only} basis (${BASIS_WORDS[only] ?? only}).`;
  }
  return `Hedge sizes by basis: ${[...groups].map(([b, names]) => `${names.join(', ')} on ${b} (${BASIS_WORDS[b] ?? b})`).join('; ')}.`;
}

/**
 * The one-paragraph answer printed under the backtest's table: which policy won on final
 * equity and on drawdown, what each hedge cost, how ALVH compares with the 10% rule, the
 * exposure basis, and that option prices are modelled. Built from the numbers only.
 */
export function answerParagraph(s: AnswerInput): string {
  const summaries = s.policies as Record<string, PolicySummary>;
  const names = Object.keys(summaries);
  const equity = best(summaries, (p) => p.metrics.finalEquity, true);
  const mdd = best(summaries, (p) => p.metrics.maxDrawdown, false);
  const out: string[] = [];
  const cost = (p: string): string => {
    const m = summaries[p]?.metrics;
    if (m === undefined) return 'n/a';
    if (m.hedgeCostPerYear === null || m.hedgeCostPerYear === 0) return 'no hedge spend';
    const net = m.hedgeNetCostPerYear;
    const days = m.condorDaysOpened;
    return `hedge spend ${fmtUsd(m.hedgeCostPerYear)} a year (${fmtPct(m.hedgeSpendOfCredit)} of the condor credit${net === null ? '' : `; ${fmtUsd(net)} a year net of what the hedge paid back`}), condors on ${days.toLocaleString('en-US')} days`;
  };
  const label = (p: string): string => (p === 'none' ? 'no hedge (none)' : p);
  // Below 1% of the start, final equity is cents of rounding: it no longer ranks the policies.
  const allLost = names.length > 0 && names.every((p) => (summaries[p]?.metrics.finalEquity ?? 0) < 0.01 * s.notional);
  if (allLost) {
    const cagrs = names.map((p) => `${p} ${fmtPct(summaries[p]?.metrics.cagr ?? null, 2)}`).join(', ');
    out.push(
      `Answer: from ${s.from} to ${s.to}, starting from ${fmtUsd(s.notional)}, every policy lost more than 99% of its capital (CAGR ${cagrs}): ` +
        'the condor as modelled loses faster than any of the hedges pays back, so final equity does not separate the policies; read the crisis windows and shorter runs (--from, --to) instead.',
    );
  } else if (equity !== null) {
    const m = summaries[equity.policy]?.metrics;
    out.push(
      `Answer: from ${s.from} to ${s.to}, starting from ${fmtUsd(s.notional)}, ${label(equity.policy)} won on final equity (${fmtUsd(equity.value)}, CAGR ${fmtPct(m?.cagr ?? null, 2)}; ${cost(equity.policy)})` +
        (mdd === null ? '.' : mdd.policy === equity.policy ? ' and on maximum drawdown too.' : `, and ${label(mdd.policy)} had the smallest maximum drawdown (${fmtPct(mdd.value)}; ${cost(mdd.policy)}).`),
    );
  }
  const a = summaries.alvh?.metrics;
  const t = summaries.static10?.metrics;
  if (a !== undefined && t !== undefined) {
    const verdict = a.finalEquity > t.finalEquity ? 'ended above' : a.finalEquity < t.finalEquity ? 'ended below' : 'ended level with';
    const against = allLost ? `CAGR ${fmtPct(a.cagr, 2)} against ${fmtPct(t.cagr, 2)}` : `${verdict} the classic 10%-of-notional rule (static10): ${fmtUsd(a.finalEquity)} against ${fmtUsd(t.finalEquity)}`;
    out.push(
      `ALVH ${allLost ? 'against the classic 10%-of-notional rule (static10): ' : ''}${against}, maximum drawdown ${fmtPct(a.maxDrawdown)} against ${fmtPct(t.maxDrawdown)}; ALVH's ${cost('alvh')}, static10's ${cost('static10')}.`,
    );
  }
  const none = summaries.none?.metrics;
  if (none !== undefined && names.length > 1) out.push(`Unhedged, the same condors ended at ${fmtUsd(none.finalEquity)} (maximum drawdown ${fmtPct(none.maxDrawdown)}).`);
  out.push(basesSentence(Object.fromEntries(names.map((p) => [p, s.policies[p]?.basis])), s.basis));
  if (s.optionPrices === 'chains') out.push(`Option prices are the real end-of-day quotes of your chains where they list the contracts, filled on their bid/ask, and modelled elsewhere (the share of real fills per policy and year follows). ${ALTERNATIVES_MODELLED}`);
  else out.push('Option prices are modelled (SPX options on the model smile, VIX options by Black-76 on the same-expiry VIX future), not traded quotes.');
  return out.join(' ');
}
