/**
 * The efficient frontier of the hedge: net hedge cost a year (x) against the worst drawdown
 * and against the crisis hedge P&L (y), one point per policy, per cost-matched static (from
 * the equal-cost comparison, when the run has one) and a line through a few static
 * fractions. Drawn as inline SVG (no script): the HTML report and the dashboard show the
 * same picture. Pure: built from the backtest JSON's numbers only.
 */

export type FrontierKind = 'policy' | 'matched' | 'static';

export interface FrontierPoint {
  readonly name: string;
  /** The label drawn beside the mark (empty for the static line's points). */
  readonly label: string;
  readonly kind: FrontierKind;
  readonly basis: string | null;
  /** Net hedge cost a year, dollars (purchases + fees − sales − settlements). */
  readonly netHedgeCostPerYear: number;
  /** Largest drawdown of the run (positive fraction). */
  readonly maxDrawdown: number;
  /** Hedge P&L summed over the crisis windows, dollars. */
  readonly crisisHedgePnl: number;
}

interface CostOutcome {
  readonly netHedgeCostPerYear: number | null;
  readonly maxDrawdown: number;
  readonly crisisHedgePnl: number;
}

/** What the frontier reads: the backtest JSON's policies, and the equal-cost block when there is one. */
export interface FrontierInput {
  readonly policies: Readonly<Record<string, { readonly basis?: string | null; readonly metrics: { readonly hedgeNetCostPerYear: number | null; readonly maxDrawdown: number }; readonly crises: readonly { readonly hedgePnl: number }[] }>>;
  readonly equalCost?: {
    readonly policies: readonly {
      readonly name: string;
      readonly basis: string;
      readonly matched: (CostOutcome & { readonly targetFraction: number }) | null;
      readonly statics: readonly (CostOutcome & { readonly targetFraction: number })[];
    }[];
  };
}

const fmtFrac = (x: number): string => String(Number(x.toFixed(4)));

/** A plain JSON object (not an array). */
export const isObj = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
/** A finite number of a JSON value, else `d`. */
export const numOr = (x: unknown, d: number | null): number | null => (typeof x === 'number' && Number.isFinite(x) ? x : d);

function outcomeOf(x: unknown): (CostOutcome & { targetFraction: number }) | null {
  if (!isObj(x)) return null;
  return { netHedgeCostPerYear: numOr(x['netHedgeCostPerYear'], null), maxDrawdown: numOr(x['maxDrawdown'], 0) ?? 0, crisisHedgePnl: numOr(x['crisisHedgePnl'], 0) ?? 0, targetFraction: numOr(x['targetFraction'], 0) ?? 0 };
}

/**
 * The frontier's input read from a backtest JSON of unknown provenance (a file given to
 * `alvh serve --backtest`): malformed policies and entries are left out, never guessed.
 */
export function frontierInputOf(j: unknown): FrontierInput {
  const root = isObj(j) ? j : {};
  const policies: Record<string, FrontierInput['policies'][string]> = {};
  for (const [name, p] of Object.entries(isObj(root['policies']) ? root['policies'] : {})) {
    if (!isObj(p) || !isObj(p['metrics'])) continue;
    const m = p['metrics'];
    const crises = Array.isArray(p['crises']) ? p['crises'].flatMap((c) => (isObj(c) && typeof c['hedgePnl'] === 'number' ? [{ hedgePnl: c['hedgePnl'] }] : [])) : [];
    policies[name] = { basis: typeof p['basis'] === 'string' ? p['basis'] : null, metrics: { hedgeNetCostPerYear: numOr(m['hedgeNetCostPerYear'], null), maxDrawdown: numOr(m['maxDrawdown'], 0) ?? 0 }, crises };
  }
  const eq = isObj(root['equalCost']) && Array.isArray(root['equalCost']['policies']) ? root['equalCost']['policies'] : [];
  const entries = eq.flatMap((e) => {
    if (!isObj(e) || typeof e['name'] !== 'string' || typeof e['basis'] !== 'string') return [];
    const statics = Array.isArray(e['statics']) ? e['statics'].flatMap((s) => { const o = outcomeOf(s); return o === null ? [] : [o]; }) : [];
    return [{ name: e['name'], basis: e['basis'], matched: outcomeOf(e['matched']), statics }];
  });
  return entries.length === 0 ? { policies } : { policies, equalCost: { policies: entries } };
}

/** The points of the frontier: every policy with a cost, each cost-matched static, the static grid of each basis once. */
export function frontierPoints(j: FrontierInput): FrontierPoint[] {
  const out: FrontierPoint[] = [];
  const add = (name: string, kind: FrontierKind, basis: string | null, r: CostOutcome, label = ''): void => {
    if (r.netHedgeCostPerYear === null || !Number.isFinite(r.netHedgeCostPerYear)) return;
    out.push({ name, label, kind, basis, netHedgeCostPerYear: r.netHedgeCostPerYear, maxDrawdown: r.maxDrawdown, crisisHedgePnl: r.crisisHedgePnl });
  };
  for (const [name, p] of Object.entries(j.policies)) {
    add(name, 'policy', p.basis ?? null, { netHedgeCostPerYear: p.metrics.hedgeNetCostPerYear, maxDrawdown: p.metrics.maxDrawdown, crisisHedgePnl: p.crises.reduce((a, c) => a + c.hedgePnl, 0) }, name);
  }
  const gridDone = new Set<string>();
  for (const e of j.equalCost?.policies ?? []) {
    if (e.matched !== null) add(`static ${fmtFrac(e.matched.targetFraction)} (= ${e.name}'s cost)`, 'matched', e.basis, e.matched, `static = ${e.name}`);
    if (gridDone.has(e.basis)) continue;
    gridDone.add(e.basis);
    for (const s of e.statics) add(`static ${fmtFrac(s.targetFraction)} ${e.basis}`, 'static', e.basis, s);
  }
  return out;
}

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function usdShort(v: number): string {
  const a = Math.abs(v);
  const s = v < 0 ? '−' : '';
  if (a >= 1e6) return `${s}$${(a / 1e6).toFixed(1)}M`;
  if (a >= 1e3) return `${s}$${(a / 1e3).toFixed(a >= 1e4 ? 0 : 1)}k`;
  return `${s}$${a.toFixed(0)}`;
}

const pct1 = (v: number): string => `${(v * 100).toFixed(1)}%`;

/** A padded [lo, hi] that contains every value (and 0 for costs and P&L). */
function domain(values: readonly number[], withZero: boolean): [number, number] {
  const lo = Math.min(...values, ...(withZero ? [0] : []));
  const hi = Math.max(...values, ...(withZero ? [0] : []));
  const pad = (hi - lo) * 0.08 || Math.abs(hi) * 0.1 || 1;
  return [lo - pad, hi + pad];
}

const COLOURS: Readonly<Record<FrontierKind, string>> = { policy: '#D55E00', matched: '#0072B2', static: '#7a8793' };

interface Panel {
  readonly id: string;
  readonly title: string;
  readonly yOf: (p: FrontierPoint) => number;
  readonly yFmt: (v: number) => string;
  readonly better: string;
  /** Whether the y axis must show 0 (P&L: yes; drawdown: its own range). */
  readonly yZero: boolean;
}

function panelSvg(points: readonly FrontierPoint[], panel: Panel): string {
  const w = 500, h = 320, left = 70, right = 16, top = 30, bottom = 46;
  const [x0, x1] = domain(points.map((p) => p.netHedgeCostPerYear), true);
  const [y0, y1] = domain(points.map(panel.yOf), panel.yZero);
  const px = (x: number): number => left + ((x - x0) / (x1 - x0)) * (w - left - right);
  const py = (y: number): number => h - bottom - ((y - y0) / (y1 - y0)) * (h - top - bottom);
  const ticks = (lo: number, hi: number): number[] => Array.from({ length: 5 }, (_, k) => lo + ((hi - lo) * (k + 0.5)) / 5);
  const xTicks = ticks(x0, x1).map((v) => `<line x1="${px(v).toFixed(1)}" y1="${h - bottom}" x2="${px(v).toFixed(1)}" y2="${h - bottom + 4}" stroke="#59636e"/><text x="${px(v).toFixed(1)}" y="${h - bottom + 16}" text-anchor="middle">${esc(usdShort(v))}</text>`);
  const yTicks = ticks(y0, y1).map((v) => `<line x1="${left - 4}" y1="${py(v).toFixed(1)}" x2="${w - right}" y2="${py(v).toFixed(1)}" stroke="#eef1f4"/><text x="${left - 6}" y="${(py(v) + 4).toFixed(1)}" text-anchor="end">${esc(panel.yFmt(v))}</text>`);
  // One line of statics per basis.
  const bases = [...new Set(points.filter((p) => p.kind === 'static').map((p) => p.basis))];
  const path = bases
    .map((basis) => {
      const line = points.filter((p) => p.kind === 'static' && p.basis === basis).sort((a, b) => a.netHedgeCostPerYear - b.netHedgeCostPerYear);
      return line.length < 2 ? '' : `<polyline data-basis="${esc(basis ?? '')}" fill="none" stroke="${COLOURS.static}" stroke-width="1.5" points="${line.map((p) => `${px(p.netHedgeCostPerYear).toFixed(1)},${py(panel.yOf(p)).toFixed(1)}`).join(' ')}"/>`;
    })
    .join('');
  const dots = points.map((p) => {
    const cx = px(p.netHedgeCostPerYear).toFixed(1);
    const cy = py(panel.yOf(p)).toFixed(1);
    const shape = p.kind === 'matched' ? `<rect x="${(Number(cx) - 5).toFixed(1)}" y="${(Number(cy) - 5).toFixed(1)}" width="10" height="10" fill="none" stroke="${COLOURS.matched}" stroke-width="2"/>` : `<circle cx="${cx}" cy="${cy}" r="${p.kind === 'static' ? 3 : 5}" fill="${COLOURS[p.kind]}"/>`;
    const below = p.kind === 'matched';
    const label = p.label === '' ? '' : `<text x="${(Number(cx) + 8).toFixed(1)}" y="${(Number(cy) + (below ? 16 : -7)).toFixed(1)}" fill="${COLOURS[p.kind]}">${esc(p.label)}</text>`;
    return `<g class="frontier-point" data-name="${esc(p.name)}" data-kind="${p.kind}" data-x="${p.netHedgeCostPerYear}" data-y="${panel.yOf(p)}"><title>${esc(`${p.name}${p.basis === null ? '' : ` (${p.basis})`}: net hedge cost ${usdShort(p.netHedgeCostPerYear)} a year, ${panel.title.toLowerCase()} ${panel.yFmt(panel.yOf(p))}`)}</title>${shape}${label}</g>`;
  });
  return (
    `<svg id="${panel.id}" class="frontier" viewBox="0 0 ${w} ${h}" width="${w}" height="${h}" role="img" aria-label="${esc(`Net hedge cost a year against ${panel.title.toLowerCase()}`)}" font-family="system-ui,sans-serif" font-size="11" fill="#1f2328">` +
    `<text x="${left}" y="16" font-size="13" font-weight="600">${esc(panel.title)} (${esc(panel.better)})</text>` +
    yTicks.join('') +
    `<line x1="${left}" y1="${h - bottom}" x2="${w - right}" y2="${h - bottom}" stroke="#59636e"/><line x1="${left}" y1="${top}" x2="${left}" y2="${h - bottom}" stroke="#59636e"/>` +
    xTicks.join('') +
    `<text x="${((left + w - right) / 2).toFixed(0)}" y="${h - 8}" text-anchor="middle">net hedge cost a year (purchases + fees − sales − settlements)</text>` +
    path +
    dots.join('') +
    '</svg>'
  );
}

/** The two frontier panels as inline SVG; a sentence instead when no policy has a cost. */
export function frontierSvg(points: readonly FrontierPoint[]): string {
  if (points.length === 0) return '<p>No policy in this run has a net hedge cost to plot.</p>';
  return (
    panelSvg(points, { id: 'frontier-drawdown', title: 'Worst drawdown', yOf: (p) => p.maxDrawdown, yFmt: pct1, better: 'lower is better', yZero: false }) +
    panelSvg(points, { id: 'frontier-crisis', title: 'Crisis hedge P&L', yOf: (p) => p.crisisHedgePnl, yFmt: usdShort, better: 'higher is better', yZero: true })
  );
}

/** The caption under the panels: what each mark is. */
export function frontierCaption(points: readonly FrontierPoint[]): string {
  const hasStatics = points.some((p) => p.kind !== 'policy');
  return (
    'Orange dots: the policies of this run. ' +
    (hasStatics
      ? 'Blue squares: the static L1 hedge of the same net cost as each adaptive policy (no signals or regimes); grey lines: static L1 hedges at fractions 0–0.3, one line per basis. A policy above the line (crisis P&L) or below it (drawdown) gets more for its cost than a static hedge.'
      : 'Run `alvh backtest --equal-cost` to add the cost-matched static hedges and the static line.')
  );
}
