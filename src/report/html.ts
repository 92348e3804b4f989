/**
 * `renderReport(result, options)`: ONE self-contained HTML file that opens offline. The
 * chart library (uPlot) and the chart script are passed in as text (`options.assets`, read by
 * the CLI edge), CSS is inline, the data are embedded as JSON. Pure: no I/O, no clock.
 */
import { InputError } from '../core/errors.js';
import { CRISIS_WINDOWS, type CrisisWindow } from '../backtest/crises.js';
import { drawdownSeries, type Metrics } from '../backtest/metrics.js';
import { summarize, type PolicySummary } from '../backtest/summary.js';
import { epochDay } from '../core/time.js';
import { LAYERS, NO_REGIME, type BacktestResult } from '../backtest/types.js';
import { buildNarrative, fmtNum, fmtPct, fmtUsd } from './narrative.js';
import { frontierCaption, frontierPoints, frontierSvg, type FrontierInput } from './frontier.js';
import { capitalGuard, DEFAULT_EQUITY_PREMIUM_FRAC, type CapitalGuard } from '../backtest/capital.js';
import { EQUAL_COST_HEAD, EQUAL_COST_NOTE, equalCostRows, type EqualCostTableEntry } from './equalCost.js';

export interface ChartAssets {
  /** uPlot's IIFE build (`uplot/dist/uPlot.iife.min.js`). */
  readonly js: string;
  /** uPlot's stylesheet (`uplot/dist/uPlot.min.css`). */
  readonly css: string;
  /** uPlot's licence text (MIT: the notice travels with the copy). */
  readonly license: string;
  /** The report's chart script, compiled from src/report/client/charts.ts (a classic script). */
  readonly charts: string;
}

export interface ReportOptions {
  readonly assets: ChartAssets;
  readonly title?: string;
  /** Shown in the footer when given (the report itself never reads the clock). */
  readonly generatedAt?: string;
  readonly windows?: readonly CrisisWindow[];
  /** The equal-cost comparison of the run (`alvh backtest --equal-cost`): its table, and the cost-matched statics on the frontier chart. */
  readonly equalCost?: { readonly tolerance?: number; readonly policies: readonly (NonNullable<FrontierInput['equalCost']>['policies'][number] & EqualCostTableEntry)[] };
  /** Attribution of each policy's condor losses as tables (research/attribution.ts `attributionTables`), computed by the caller from the run and the SPX opens. */
  readonly attribution?: AttributionTables;
  /** A run on real chains (`--chains DIR`): where its option prices came from, per policy and year (signals/chainLabels.ts shares). */
  readonly priceSources?: PriceSources;
  /** The capital guards of each policy when the caller has them (the backtest JSON's); computed here otherwise. */
  readonly capitalGuards?: Readonly<Record<string, CapitalGuard>>;
  /** The methodology's presets over the run's range (research/promoter.ts `methodologyPresets`). */
  readonly presets?: ReportPresets;
}

/** Where a run's option prices came from: the chain directory, the days it lacked, the share of real option fills by policy and year ('all': the run). */
export interface PriceSources {
  readonly dir: string;
  readonly missingDays: readonly string[];
  readonly realShare: Readonly<Record<string, Readonly<Record<string, { readonly chainFills: number; readonly fills: number; readonly share: number | null }>>>>;
}

/** Tables of the attribution section: one per policy, and the note that reads their columns. */
export interface AttributionTables {
  readonly note: string;
  readonly tables: readonly { readonly policy: string; readonly caption: string; readonly header: readonly string[]; readonly rows: readonly (readonly string[])[] }[];
}

export const POLICY_COLORS: Readonly<Record<string, string>> = { alvh: '#D55E00', static10: '#0072B2', vxth: '#009E73', none: '#555555' };
const EXTRA_COLORS = ['#56B4E9', '#F0E442', '#CC79A7', '#000000'];

export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** JSON safe inside a <script> element. */
function scriptJson(v: unknown): string {
  return JSON.stringify(v).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/** Script text safe inside <script>, with URL-bearing banner comments removed (the page names no external address). */
function inlineScript(js: string): string {
  return js.replace(/^\/\*![\s\S]*?\*\/\s*/, '').replace(/<\/script/gi, '<\\/script');
}

const round = (x: number, k: number): number => Math.round(x * k) / k;

interface MetricRow {
  key: keyof Metrics;
  label: string;
  fmt: (v: number | null) => string;
  title: string;
}
const METRIC_ROWS: readonly MetricRow[] = [
  { key: 'finalEquity', label: 'Final equity', fmt: fmtUsd, title: 'equity at the last date' },
  { key: 'cagr', label: 'CAGR', fmt: (v) => fmtPct(v, 2), title: 'compound annual growth, calendar years (ACT/365.25)' },
  { key: 'volatility', label: 'Volatility', fmt: (v) => fmtPct(v, 1), title: 'annualised standard deviation of daily returns (√252)' },
  { key: 'sharpe', label: 'Sharpe', fmt: (v) => fmtNum(v), title: 'mean daily excess return over the T-bill / its std × √252' },
  { key: 'sortino', label: 'Sortino', fmt: (v) => fmtNum(v), title: 'mean daily excess return / downside deviation × √252' },
  { key: 'maxDrawdown', label: 'Max drawdown', fmt: (v) => fmtPct(v, 1), title: 'largest peak-to-trough loss' },
  { key: 'calmar', label: 'Calmar', fmt: (v) => fmtNum(v), title: 'CAGR / max drawdown' },
  { key: 'cvar95', label: 'CVaR 95% (daily)', fmt: (v) => fmtPct(v, 2), title: 'mean of the worst 5% of daily returns, as a loss' },
  { key: 'worstDay', label: 'Worst day', fmt: (v) => fmtPct(v, 2), title: 'worst daily return' },
  { key: 'worstMonth', label: 'Worst month', fmt: (v) => fmtPct(v, 1), title: 'worst calendar-month return' },
  { key: 'recoveryDays', label: 'Recovery (trading days)', fmt: (v) => (v === null ? 'not recovered' : String(v)), title: 'from the max-drawdown trough back to the previous peak' },
  { key: 'winRateDays', label: 'Winning days', fmt: (v) => fmtPct(v, 1), title: 'share of days with positive net P&L' },
  { key: 'condorWinRate', label: 'Condor win rate', fmt: (v) => fmtPct(v, 1), title: 'share of days with positive condor P&L' },
  { key: 'condorDaysOpened', label: 'Condor days opened', fmt: (v) => (v === null ? '-' : String(v)), title: 'days a condor was sold' },
  { key: 'condorDaysEligible', label: 'Condor days eligible', fmt: (v) => (v === null ? '-' : String(v)), title: 'days the condor rules allowed a trade' },
  { key: 'hedgeCostPerYear', label: 'Hedge purchases (gross) / year', fmt: fmtUsd, title: 'gross: premium paid to increase hedges + all hedge costs per calendar year' },
  { key: 'hedgeNetCostPerYear', label: 'Hedge net cost / year', fmt: fmtUsd, title: 'net: purchases + costs − sales − settlements received, per calendar year' },
  { key: 'hedgePnlPerYear', label: 'Hedge P&L / year', fmt: fmtUsd, title: 'net P&L of the hedge layers per calendar year' },
  { key: 'hedgeCapitalCostPerYear', label: 'Hedge capital cost / year', fmt: fmtUsd, title: 'opportunity cost of the capital in hedges at T-bill + 5% (reported, not charged)' },
  { key: 'hedgeSpendOfCredit', label: 'Hedge purchases (gross) / condor credit', fmt: (v) => fmtPct(v, 1), title: 'gross hedge purchases over total condor credit' },
  { key: 'hedgeNetCostOfCredit', label: 'Hedge net cost / condor credit', fmt: (v) => fmtPct(v, 1), title: 'net hedge cost over total condor credit' },
  { key: 'hedgeBetaSpx', label: 'Hedge beta to SPX', fmt: (v) => fmtNum(v, 3), title: 'slope of daily hedge P&L / equity on the SPX return' },
  { key: 'hedgeBetaVixPerPt', label: 'Hedge beta to VIX (per pt)', fmt: (v) => fmtNum(v, 4), title: 'slope of daily hedge P&L / equity on the VIX change in points' },
];

function metricsTable(names: string[], s: Record<string, PolicySummary>): string {
  const head = names.map((n) => `<th scope="col">${escapeHtml(n)}</th>`).join('');
  const rows = METRIC_ROWS.map((row) => {
    const cells = names
      .map((n) => {
        const m = s[n]?.metrics;
        const v = m ? m[row.key] : null;
        const num = typeof v === 'number' ? v : null;
        const extra = row.key === 'worstMonth' && m?.worstMonthLabel ? ` <span class="muted">(${escapeHtml(m.worstMonthLabel)})</span>` : '';
        return `<td data-policy="${escapeHtml(n)}" data-metric="${row.key}" data-value="${num === null ? '' : String(num)}">${escapeHtml(row.fmt(num))}${extra}</td>`;
      })
      .join('');
    return `<tr><th scope="row" title="${escapeHtml(row.title)}">${escapeHtml(row.label)}</th>${cells}</tr>`;
  }).join('\n');
  return `<table id="metrics-table"><caption>Metrics by policy (hover a row name for its definition)</caption><thead><tr><th scope="col">Metric</th>${head}</tr></thead><tbody>\n${rows}\n</tbody></table>`;
}

function crisisTable(names: string[], s: Record<string, PolicySummary>): string {
  const order: string[] = [];
  for (const n of names) for (const c of s[n]?.crises ?? []) if (!order.includes(c.name)) order.push(c.name);
  if (order.length === 0) return '<p>No crisis window overlaps this run.</p>';
  const rows: string[] = [];
  for (const cname of order) {
    names.forEach((n, k) => {
      const c = s[n]?.crises.find((x) => x.name === cname);
      if (!c) return;
      const first = k === 0 ? `<th scope="rowgroup" rowspan="${names.filter((m) => s[m]?.crises.some((x) => x.name === cname)).length}">${escapeHtml(cname)}<br><span class="muted">${c.from} … ${c.to}${c.clipped ? ' (clipped)' : ''}</span></th>` : '';
      const cls = (v: number): string => (v < 0 ? ' class="neg"' : '');
      rows.push(
        `<tr data-crisis="${escapeHtml(cname)}" data-policy="${escapeHtml(n)}">${first}<td class="pol">${escapeHtml(n)}</td><td${cls(c.condorPnl)}>${fmtUsd(c.condorPnl)}</td><td${cls(c.hedgePnl)}>${fmtUsd(c.hedgePnl)}</td>` +
          `<td>${fmtUsd(c.hedgePnlByLayer.L1)}</td><td>${fmtUsd(c.hedgePnlByLayer.L2)}</td><td>${fmtUsd(c.hedgePnlByLayer.L3)}</td><td${cls(c.netPnl)}><strong>${fmtUsd(c.netPnl)}</strong></td><td>${fmtPct(c.maxDrawdown)}</td></tr>`,
      );
    });
  }
  return `<table id="crisis-table"><caption>Crisis windows: P&amp;L in dollars from the close before the window to its last day; drawdown inside the window</caption><thead><tr><th scope="col">Crisis</th><th scope="col" class="pol">Policy</th><th scope="col">Condor</th><th scope="col">Hedge</th><th scope="col">L1</th><th scope="col">L2</th><th scope="col">L3</th><th scope="col">Net</th><th scope="col">Max DD</th></tr></thead><tbody>\n${rows.join('\n')}\n</tbody></table>`;
}

function capitalTable(result: BacktestResult, names: readonly string[], given: Readonly<Record<string, CapitalGuard>> | undefined): string {
  const guards = names.map((n): [string, CapitalGuard | null] => {
    const run = result.policies[n];
    return [n, given?.[n] ?? (run === undefined ? null : capitalGuard(result.dates, run, result.market))];
  });
  const pass = (g: CapitalGuard): string => (g.passes === null ? '—' : g.passes ? 'yes' : 'no');
  const rows = guards.map(([n, g]) =>
    g === null
      ? ''
      : `<tr data-policy="${escapeHtml(n)}"><th scope="row">${escapeHtml(n)}</th><td>${escapeHtml(g.measuredTo ?? '—')}</td><td>${fmtPct(g.riskFreeFrac, 2)}</td><td data-value="${String(g.irrWithHedge)}">${fmtPct(g.irrWithHedge, 2)}</td><td>${fmtPct(g.irrWithoutHedge, 2)}</td><td data-value="${String(g.hedgeIrrContribution)}">${fmtPct(g.hedgeIrrContribution, 2)}</td>` +
        `<td data-value="${String(g.hedgeMirr)}">${fmtPct(g.hedgeMirr, 1)}</td><td>${fmtNum(g.hedgeBeta, 2)}</td><td data-value="${String(g.capmRequiredFrac)}">${fmtPct(g.capmRequiredFrac, 1)}</td><td>${pass(g)}</td></tr>`,
  );
  return (
    `<table id="capital-table"><caption>Capital guards, measured: money-weighted returns (IRR) and the hedge against a CAPM hurdle (equity premium ${fmtPct(DEFAULT_EQUITY_PREMIUM_FRAC, 1)})</caption>` +
    '<thead><tr><th scope="col">Policy</th><th scope="col">Measured to</th><th scope="col">Mean T-bill</th><th scope="col">IRR with hedge</th><th scope="col">IRR without hedge</th><th scope="col">Hedge contribution</th><th scope="col">Hedge MIRR</th><th scope="col">Hedge β to SPX</th><th scope="col">CAPM required</th><th scope="col">Hedge clears it</th></tr></thead>' +
    `<tbody>\n${rows.join('\n')}\n</tbody></table>` +
    '<p class="muted">IRR with hedge: the program commits its starting capital on the first day, takes out each day’s P&amp;L and gets the capital back on the last day measured (the ruin day of a ruined run, or the last day before a compounding run’s equity fell under 1% of its start, where the ledger’s cents are noise); a compounding run is scaled to that constant capital (each day’s P&amp;L over the previous close’s equity); without hedge: the same less the hedge layers’ P&amp;L and fees. Hedge MIRR: the modified IRR of the hedge’s own flows (purchases and fees out, sales and settlements in, its value at the end in), financed and reinvested at the mean T-bill (a monthly hedge’s flows often have no IRR). CAPM required = mean T-bill + β × equity premium, β the slope of the hedge’s daily P&amp;L on the SPX return over the mean value it held (the beta of a dollar in the hedge); a long-volatility hedge has β &lt; 0, so it may earn less than the T-bill (a required return below −100% asks nothing of it). Annual effective rates, ACT/365.</p>'
  );
}

const CSS = `
:root{--fg:#1f2328;--muted:#59636e;--bg:#fff;--line:#d1d9e0;--accent:#0072B2;--warn-bg:#fff8e6;--warn:#8a5a00}
*{box-sizing:border-box}
body{margin:0;font:15px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--fg);background:var(--bg)}
header,main,footer{max-width:1100px;margin:0 auto;padding:0 20px}
header{padding-top:24px}
h1{font-size:1.7rem;margin:0 0 4px}
h2{font-size:1.25rem;margin:32px 0 8px;border-bottom:1px solid var(--line);padding-bottom:4px}
.sub,.muted{color:var(--muted)}
.headline{font-size:1.15rem;font-weight:600}
.notice{background:var(--warn-bg);border-left:4px solid #e69f00;padding:4px 16px 8px;margin-top:16px}
.notice h2{border:0;margin-top:8px;color:var(--warn)}
.chart{width:100%;min-height:300px}
figure{margin:0}
figcaption{color:var(--muted);font-size:.9rem;margin-top:4px}
table{border-collapse:collapse;width:100%;font-variant-numeric:tabular-nums;font-size:.92rem;margin:8px 0}
caption{text-align:left;color:var(--muted);padding:4px 0}
th,td{padding:4px 8px;border-bottom:1px solid var(--line);text-align:right;vertical-align:top}
th[scope=row],th[scope=rowgroup],td.pol,thead th:first-child{text-align:left}
thead th{background:#f6f8fa}
td.neg,.neg{color:#b42318}
.controls{margin:6px 0}
.legend-regime span{display:inline-block;padding:0 8px;margin-right:6px;border-radius:3px}
footer{margin:40px auto 24px;color:var(--muted);font-size:.85rem}
:focus-visible{outline:2px solid var(--accent);outline-offset:2px}
svg.frontier{max-width:100%;height:auto;margin:0 12px 8px 0;vertical-align:top}
@media print{.controls{display:none}}
`;

/** The share of option fills priced from the user's chains, per policy (rows) and year (columns), and the days the chains lacked. */
function priceSourcesSection(p: PriceSources): string {
  const years = [...new Set(Object.values(p.realShare).flatMap((s) => Object.keys(s)))].filter((y) => y !== 'all').sort();
  const cols = [...years, 'all'];
  const cell = (x: { chainFills: number; fills: number; share: number | null } | undefined, key: string): string =>
    x === undefined || x.share === null ? `<td data-year="${key}">—</td>` : `<td data-year="${key}" data-value="${String(x.share)}" title="${x.chainFills} of ${x.fills} option fills">${fmtPct(x.share, 1)} <span class="muted">of ${x.fills}</span></td>`;
  const rows = Object.entries(p.realShare).map(([n, s]) => `<tr data-policy="${escapeHtml(n)}"><th scope="row">${escapeHtml(n)}</th>${cols.map((y) => cell(s[y], y)).join('')}</tr>`);
  const missing = p.missingDays.length === 0 ? 'Every trading day of the run had quotes in the directory.' : `${p.missingDays.length} trading day(s) had no quotes in the directory and are priced by the model: ${p.missingDays.slice(0, 5).join(', ')}${p.missingDays.length > 5 ? ', …' : ''}.`;
  return (
    `<table id="price-sources-table"><caption>Option fills priced from your chains (real end-of-day quotes), the rest modelled, by policy and year</caption><thead><tr><th scope="col">Policy</th>${cols.map((y) => `<th scope="col">${y === 'all' ? 'whole run' : escapeHtml(y)}</th>`).join('')}</tr></thead><tbody>\n${rows.join('\n')}\n</tbody></table>` +
    `<p class="muted">Chains: ${escapeHtml(p.dir)}. A fill is real when its contract was listed on the day (the fill is on its own bid/ask); settlements come from the index data. ${escapeHtml(missing)}</p>`
  );
}

/** The equal-cost table: each adaptive policy, then the static hedge of the same net cost a year. */
export function equalCostSection(entries: readonly EqualCostTableEntry[], tolerance: number | undefined): string {
  const head = EQUAL_COST_HEAD.map((h) => `<th scope="col">${escapeHtml(h)}</th>`).join('');
  const rows = equalCostRows(entries, { usd: fmtUsd, pct: fmtPct, num: fmtNum }).map((r, k) => {
    const e = entries[Math.floor(k / 2)];
    const kind = k % 2 === 0 ? 'adaptive' : 'matched';
    return `<tr data-policy="${escapeHtml(e?.name ?? '')}" data-kind="${kind}">${r.map((v, i) => (i === 0 ? `<th scope="row">${escapeHtml(v)}</th>` : `<td>${escapeHtml(v)}</td>`)).join('')}</tr>`;
  });
  const within = tolerance === undefined ? '' : ` whose net hedge cost a year is within ${fmtPct(tolerance, 1)} of it`;
  return (
    `<table id="equal-cost-table"><caption>Equal net hedge cost: each adaptive policy, then the static L1 hedge (no signals or regimes, same basis and layer)${escapeHtml(within)}</caption><thead><tr>${head}</tr></thead><tbody>\n${rows.join('\n')}\n</tbody></table>` +
    `<p class="muted">${escapeHtml(EQUAL_COST_NOTE)}</p>`
  );
}

/** One preset's figures (research/promoter.ts `PromoterCandidate` has this shape). */
export interface PresetFigures {
  readonly scale: number;
  readonly worstCrisisDrawdown: number;
  readonly worstCrisis: string | null;
  readonly hedgeNetCostOfCredit: number | null;
  readonly hedgeNetCostPerYear: number | null;
  readonly cagr: number | null;
  readonly maxDrawdown: number;
}

/** The methodology's presets of a run (research/promoter.ts `methodologyPresets`). */
export interface ReportPresets {
  readonly steward: PresetFigures;
  readonly promoter: { readonly maxCrisisDrawdown: number; readonly candidates: readonly PresetFigures[]; readonly chosen: PresetFigures | null; readonly safest: PresetFigures };
}

/** The steward and the promoter side by side: the methodology's two presets over the run's range. */
export function presetsSection(p: ReportPresets): string {
  if (p.promoter.candidates.every((c) => c.worstCrisis === null)) {
    return `<p id="presets-table" class="muted">The methodology's presets (the steward and the promoter at a ${escapeHtml(fmtPct(p.promoter.maxCrisisDrawdown))} worst crisis drawdown) are measured in the crisis windows, and none falls in this run's range: there is nothing to compare here.</p>`;
  }
  const row = (name: string, c: PresetFigures): string =>
    `<tr data-preset="${escapeHtml(name)}"><th scope="row">${escapeHtml(name)}</th>${[fmtNum(c.scale, 3), fmtPct(c.worstCrisisDrawdown), c.worstCrisis ?? 'n/a', fmtPct(c.hedgeNetCostOfCredit), fmtUsd(c.hedgeNetCostPerYear), fmtPct(c.cagr, 2), fmtPct(c.maxDrawdown)].map((v) => `<td>${escapeHtml(v)}</td>`).join('')}</tr>`;
  const r = p.promoter;
  const lim = fmtPct(r.maxCrisisDrawdown);
  const promoterRow = r.chosen !== null ? row('promoter', r.chosen) : row('promoter: none under the limit; the nearest scale', r.safest);
  const head = ['preset', 'ALVH band scale', 'worst crisis drawdown', 'in', 'net hedge cost / credit', 'net hedge cost / year', 'CAGR', 'max drawdown'].map((h) => `<th scope="col">${escapeHtml(h)}</th>`).join('');
  const note =
    r.chosen !== null
      ? `The promoter is the ALVH bands × ${fmtNum(r.chosen.scale, 3)}: the least net hedge cost over the condor credit among the scales tried whose worst drawdown inside any crisis window stays under ${lim}.`
      : `No scale of the ALVH bands keeps the worst drawdown inside every crisis window under ${lim} on this range: there is no promoter policy here; the row shows the scale with the smallest one.`;
  return (
    `<table id="presets-table"><caption>The methodology's presets: the steward (ALVH under the hurdle-rate spend cap) and the promoter (the least hedge spend that keeps the worst crisis drawdown under ${escapeHtml(lim)}; alvh backtest --promoter-limit)</caption><thead><tr>${head}</tr></thead><tbody>\n` +
    `${row('steward', p.steward)}\n${promoterRow}\n</tbody></table><p class="muted">${escapeHtml(note)} Option prices are modelled. Scales tried: ${escapeHtml(r.candidates.map((c) => fmtNum(c.scale, 3)).join(', '))} (alvh research promoter shows each).</p>`
  );
}

function attributionSection(a: AttributionTables): string {
  const tables = a.tables.map((t) => {
    const head = t.header.map((h) => `<th scope="col">${escapeHtml(h)}</th>`).join('');
    const rows = t.rows.map((r) => `<tr>${r.map((v, i) => (i === 0 ? `<th scope="row">${escapeHtml(v)}</th>` : `<td>${escapeHtml(v)}</td>`)).join('')}</tr>`).join('\n');
    return `<table class="attribution" data-policy="${escapeHtml(t.policy)}"><caption>${escapeHtml(t.caption)}</caption><thead><tr>${head}</tr></thead><tbody>\n${rows}\n</tbody></table>`;
  });
  return `${tables.join('\n')}\n<p class="muted">${escapeHtml(a.note)}</p>`;
}

export function renderReport(result: BacktestResult, options: ReportOptions): string {
  const names = Object.keys(result.policies);
  if (names.length === 0) throw new InputError('policies', 'the backtest result has no policy');
  if (options.assets.js.length === 0) throw new InputError('assets.js', 'the chart library script is empty');
  const summaries = summarize(result, options.windows ?? CRISIS_WINDOWS);
  const narrative = buildNarrative(result, summaries);
  const notes = result.notes;
  const title = options.title ?? 'ALVH backtest report';

  const x = result.dates.map((d) => epochDay(d) * 86_400);
  const colorOf = (n: string, k: number): string => POLICY_COLORS[n] ?? EXTRA_COLORS[k % EXTRA_COLORS.length] ?? '#000000';
  const policies = names.map((n, k) => {
    const run = result.policies[n];
    const equity = run ? Array.from(run.equity, (v) => round(v, 100)) : [];
    const dd = run ? Array.from(drawdownSeries(run.equity), (v) => round(v, 1e5)) : [];
    let acc = 0;
    const cumSpend = run ? Array.from(run.hedgeSpend, (v) => round((acc += v), 100)) : [];
    return { name: n, color: colorOf(n, k), equity, dd, cumSpend };
  });
  const exposure: Record<string, { L1: number[]; L2: number[]; L3: number[]; regime: number[] }> = {};
  for (const n of names) {
    const run = result.policies[n];
    if (!run) continue;
    let any = false;
    for (const l of LAYERS) for (const v of run.exposure[l]) if (v !== 0) any = true;
    if (!any) continue;
    exposure[n] = {
      L1: Array.from(run.exposure.L1, (v) => round(v, 1e5)),
      L2: Array.from(run.exposure.L2, (v) => round(v, 1e5)),
      L3: Array.from(run.exposure.L3, (v) => round(v, 1e5)),
      regime: Array.from(run.regime, (g) => (g === NO_REGIME ? -1 : g)),
    };
  }
  const frontier = frontierPoints({
    policies: Object.fromEntries(names.map((n) => [n, { basis: result.policies[n]?.basis ?? null, metrics: summaries[n]?.metrics ?? { hedgeNetCostPerYear: null, maxDrawdown: 0 }, crises: summaries[n]?.crises ?? [] }])),
    ...(options.equalCost === undefined ? {} : { equalCost: options.equalCost }),
  });
  const exposureNames = Object.keys(exposure);
  const bases = new Set(Object.values(result.policies).flatMap((r) => (r.basis == null ? [] : [r.basis])));
  const basisLabel = bases.size <= 1 ? result.basis : Object.entries(result.policies).flatMap(([n, r]) => (r.basis == null ? [] : [`${n} ${r.basis}`])).join(', ');
  const defaultExposure = exposureNames.includes('alvh') ? 'alvh' : exposureNames[0];
  const data = { x, policies, exposure };

  const exposureSection =
    defaultExposure === undefined
      ? '<p>No policy in this run holds a hedge.</p>'
      : `<div class="controls"><label for="exposure-policy">Policy </label><select id="exposure-policy">${exposureNames
          .map((n) => `<option value="${escapeHtml(n)}"${n === defaultExposure ? ' selected' : ''}>${escapeHtml(n)}</option>`)
          .join('')}</select>
  <span class="legend-regime" aria-label="regime colours"><span style="background:rgba(0,158,115,0.18)">low</span><span style="background:rgba(230,159,0,0.25)">moderate</span><span style="background:rgba(213,94,0,0.25)">high</span> regime (background)</span></div>
  <figure><div id="chart-exposure" class="chart" role="img" aria-label="Hedge exposure by layer, stacked, over the regime timeline"></div>
  <figcaption>Hedge exposure at the close as a fraction of condor notional, or of the budget's base on a budget basis (basis: ${escapeHtml(basisLabel)}), stacked L1 + L2 + L3; the background shows the regime.</figcaption></figure>`;

  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${options.assets.css.replace(/<\/style/gi, '<\\/style')}</style>
<style>${CSS}</style>
</head>
<body>
<header>
<h1>${escapeHtml(title)}</h1>
<p class="sub">${escapeHtml(result.from)} to ${escapeHtml(result.to)} · ${result.dates.length} trading days · starting notional ${escapeHtml(fmtUsd(result.notional))} · exposure basis ${escapeHtml(basisLabel)} · policies: ${names.map(escapeHtml).join(', ')}</p>
</header>
<main>
<section aria-labelledby="answer-h">
<h2 id="answer-h">How big should the VIX hedge be, and is ALVH better than 10% of notional?</h2>
<p class="headline" id="headline">${escapeHtml(narrative.headline)}</p>
${narrative.paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('\n')}
</section>
<section class="notice" role="note" aria-labelledby="modelled-h">
<h2 id="modelled-h">${options.priceSources === undefined ? 'Option prices are modelled' : 'Option prices: real where your chains list them, modelled elsewhere'}</h2>
<ul>${notes.map((t) => `<li>${escapeHtml(t)}</li>`).join('')}</ul>
${options.priceSources === undefined ? '' : priceSourcesSection(options.priceSources)}
</section>
<section aria-labelledby="equity-h">
<h2 id="equity-h">Equity</h2>
<div class="controls"><label><input type="checkbox" id="equity-log"> Log scale</label></div>
<figure><div id="chart-equity" class="chart" role="img" aria-label="Equity curves of all policies"></div>
<figcaption>End-of-day account equity of each policy (condor + hedges + cash, after costs).</figcaption></figure>
</section>
<section aria-labelledby="dd-h">
<h2 id="dd-h">Drawdowns</h2>
<figure><div id="chart-drawdown" class="chart" role="img" aria-label="Drawdowns of all policies"></div>
<figcaption>Loss from the running peak of equity.</figcaption></figure>
</section>
<section aria-labelledby="exp-h">
<h2 id="exp-h">Regime and hedge exposure by layer</h2>
${exposureSection}
</section>
<section aria-labelledby="spend-h">
<h2 id="spend-h">Hedge cost over time</h2>
<figure><div id="chart-spend" class="chart" role="img" aria-label="Cumulative hedge spend of all policies"></div>
<figcaption>Cumulative premium and costs paid for hedges, dollars.</figcaption></figure>
</section>
<section aria-labelledby="frontier-h">
<h2 id="frontier-h">Efficient frontier: what each dollar of hedge buys</h2>
<figure id="frontier">${frontierSvg(frontier)}
<figcaption>${escapeHtml(frontierCaption(frontier))}</figcaption></figure>
${options.equalCost === undefined ? '' : equalCostSection(options.equalCost.policies, options.equalCost.tolerance)}
</section>
<section aria-labelledby="capital-h">
<h2 id="capital-h">Capital guards: what the hedge adds to the money-weighted return</h2>
${capitalTable(result, names, options.capitalGuards)}
</section>
${options.presets === undefined ? '' : `<section aria-labelledby="presets-h">\n<h2 id="presets-h">The methodology's presets: steward and promoter</h2>\n${presetsSection(options.presets)}\n</section>`}
<section aria-labelledby="crisis-h">
<h2 id="crisis-h">Crises</h2>
${crisisTable(names, summaries)}
</section>
${
  options.attribution === undefined
    ? ''
    : `<section aria-labelledby="attribution-h">
<h2 id="attribution-h">Where the condor's losses come from, and what each hedge layer did on those days</h2>
${attributionSection(options.attribution)}
</section>
`
}<section aria-labelledby="metrics-h">
<h2 id="metrics-h">Metrics</h2>
${metricsTable(names, summaries)}
<p class="muted">Trade-list SHA-256: ${names.map((n) => `${escapeHtml(n)} <code>${(summaries[n]?.tradeListHash ?? '').slice(0, 16)}…</code>`).join(' · ')}</p>
</section>
<noscript><p>The charts need JavaScript; the tables above do not.</p></noscript>
</main>
<footer>Generated by alvh${options.generatedAt === undefined ? '' : ` on ${escapeHtml(options.generatedAt)}`}. Metrics: fractions of equity, daily returns annualised with 252 trading days; per-year figures over calendar years. Charts drawn with uPlot (MIT licence, included in this file).</footer>
<script type="application/json" id="alvh-data">${scriptJson(data)}</script>
<script>/* uPlot licence:\n${options.assets.license.replace(/\*\//g, '* /')}\n*/\n${inlineScript(options.assets.js)}</script>
<script>${inlineScript(options.assets.charts)}</script>
</body>
</html>
`;
}
