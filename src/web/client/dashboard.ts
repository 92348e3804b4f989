/**
 * The dashboard's script, served as /assets/app.js: a classic script (no modules) compiled
 * from this file by `tsc -p tsconfig.client.json` at build time (see src/cli/clientScripts.ts).
 * It reads the JSON API and draws with uPlot (served from the allow-list). The first view's
 * API answers come embedded in the page (see page.ts); whatever is not there is fetched, all
 * requests at once, and each panel is drawn as its answer arrives. When every panel has loaded
 * (or failed), it sets `data-ready="1"` on <html>; the browser test waits for that. Formatting
 * rules the test relies on: contracts `String(n)`, credit `n.toFixed(2) + ' USD'`, target
 * `(f·100).toFixed(2) + '%'`, and each of those cells carries the raw number in `data-value`.
 */
/// <reference types="uplot" />
(function () {
  'use strict';
  /** A number as the API sends it: absent, null (undefined metric) or a value. */
  type Num = number | null | undefined;
  interface Answer<T> {
    ok: boolean;
    status: number;
    body: T;
  }
  interface ErrorBody {
    error?: { message?: string };
  }
  interface Condor {
    status?: string;
    reason?: string;
    expiration?: string;
    legs?: Array<{ type: string; strike: number; qty: number }>;
    contracts?: Num;
    creditPerContract?: Num;
    maxLossPerContract?: Num;
    breakevens?: { lower: Num; upper: Num } | null;
  }
  interface Signal {
    date: string;
    regime?: string;
    condor?: Condor | null;
    hedge?: { policy?: string; basis?: string; targetFraction?: Num; signalScore?: Num; rationale?: string[] };
    inputs?: { spxClose?: Num; vixClose?: Num };
    notes?: string[];
    stale?: StaleInput[];
    staleReference?: string;
  }
  interface StaleInput { input: string; asOf?: string | null; ageTradingDays?: Num; limitTradingDays?: Num }
  interface SignalAnswer extends ErrorBody {
    signal?: Signal | null;
    revision?: number;
    reason?: string | null;
  }
  interface EngineHistory { policy: string; basis?: string; dates: string[]; exposure: Num[]; regime: (string | null)[] }
  interface BookLayer {
    name: string;
    instrument: string;
    position?: string;
    expiration?: string;
    strike?: number | null;
    contracts: number;
    exposure: Num;
    targetFraction: Num;
    cost: Num;
    action?: string;
  }
  interface LiveBook {
    date: string;
    source: string;
    sets: number;
    positions?: Array<{ layer: string; instrumentKey: string; qty: number; entryPrice: number | null }>;
  }
  interface BookAnswer extends ErrorBody {
    layers?: BookLayer[];
    stored?: LiveBook | null;
  }
  interface Scenario extends ErrorBody {
    spot: number;
    vixPts: number;
    horizon: { date: string; days: number };
    spxMovesFrac: number[];
    vixLevelsPts: number[];
    condorPnlUsd: number[][];
    hedgePnlUsd: number[][];
    totalPnlUsd: number[][];
    [part: string]: unknown;
  }
  interface HistoryRow {
    date: string;
    regime?: string;
    spxClose: Num;
    vixClose: Num;
    contracts: Num;
    creditPerContract: Num;
    targetFraction: Num;
    signalScore: Num;
  }
  interface Crisis {
    name: string;
    from: string;
    to: string;
    netPnl: number;
    hedgePnl: number;
  }
  interface BacktestView extends ErrorBody {
    from: string;
    to: string;
    notional: number;
    basis?: string;
    dates: string[];
    sampled: { points: number; days: number; windowDays: number; full: string };
    policies: Record<string, { equity: number[]; crises?: Crisis[] }>;
    answer?: string | null;
    /** Inline SVG built and escaped by the server (report/frontier.ts). */
    frontier?: { svg: string; caption: string };
    /** The equal-cost table's cells, written by the server (report/equalCost.ts); null without one. */
    equalCost?: { head: string[]; rows: string[][]; note: string } | null;
  }
  /** uPlot options before `chart` sets the width (and the default height). */
  type ChartOptions = Omit<uPlot.Options, 'width' | 'height'> & { height?: number };

  const COLORS: Record<string, string> = { alvh: '#D55E00', static10: '#0072B2', vxth: '#009E73', none: '#555555' };
  const EXTRA = ['#CC79A7', '#E69F00', '#56B4E9', '#000000'];
  const charts: Record<string, uPlot> = {};
  let pending = 0;
  let latest: Signal | null = null;
  function $(id: string): HTMLElement {
    const e = document.getElementById(id);
    if (e === null) throw new Error('the page has no #' + id);
    return e;
  }
  /** A target in its basis: "12.50% of notional" on a notional basis, "0.125 (ratio basis)" or "12.50% (creditShare basis)" on a budget. */
  function targetWords(v: Num, basis: string | undefined): string {
    const notional = !basis || basis === 'deltaNotional' || basis === 'faceNotional' || basis === 'premium';
    return notional ? pct(v) + ' of notional' : basisValue(v, basis) + ' (' + basis + ' basis)';
  }
  /** A target or an exposure as a number of its basis: "0.125" (contracts) for `ratio`, else a percentage ("12.50%"). */
  function basisValue(v: Num, basis: string | undefined): string {
    return basis === 'ratio' ? fmtNum(v, 3) : pct(v);
  }
  /** What a target or an exposure is measured in, by basis (the chart labels). */
  function basisUnit(basis: string | undefined): string {
    if (basis === 'ratio') return 'VIX calls per condor contract';
    if (basis === 'creditShare') return 'share of the trailing condor credit';
    if (basis === 'premiumPerYear') return 'fraction of notional a year';
    return 'fraction of notional';
  }
  /** The basis of the signal on display (the stored signals' history is drawn in it). */
  let signalBasis: string | undefined;
  function fmtNum(v: Num, d: number): string { return v == null || !isFinite(v) ? '—' : v.toFixed(d); }
  function usd(v: Num): string { return v == null || !isFinite(v) ? '—' : (v < 0 ? '−$' : '$') + Math.round(Math.abs(v)).toLocaleString('en-US'); }
  function usdShort(v: Num): string {
    if (v == null || !isFinite(v)) return '—';
    const a = Math.abs(v), s = v < 0 ? '−' : '';
    if (a >= 1e6) return s + '$' + (a / 1e6).toFixed(1) + 'M';
    if (a >= 1e3) return s + '$' + (a / 1e3).toFixed(a >= 1e5 ? 0 : 1) + 'k';
    return s + '$' + a.toFixed(0);
  }
  function pct(v: Num, d?: number): string { return v == null || !isFinite(v) ? '—' : (v * 100).toFixed(d == null ? 2 : d) + '%'; }
  function setText(id: string, s: string, raw?: unknown): void {
    const e = $(id);
    e.textContent = s;
    if (raw !== undefined && raw !== null) e.setAttribute('data-value', String(raw));
  }
  function el(tag: string, text?: string | null, cls?: string): HTMLElement {
    const e = document.createElement(tag);
    if (text != null) e.textContent = text;
    if (cls) e.className = cls;
    return e;
  }
  function row(cells: string[], tag?: string): HTMLTableRowElement {
    const tr = document.createElement('tr');
    cells.forEach(function (c) { tr.appendChild(el(tag || 'td', c)); });
    return tr;
  }
  function tbodyOf(selector: string): HTMLElement {
    const e = document.querySelector<HTMLElement>(selector);
    if (e === null) throw new Error('the page has no ' + selector);
    return e;
  }
  function valueOf(id: string): string { return ($(id) as HTMLInputElement | HTMLSelectElement).value; }
  function errorText(body: ErrorBody, fallback: string): string { return body.error && body.error.message ? body.error.message : fallback; }
  // the first view's answers embedded in the page (a JSON data block): each is used once,
  // later requests (a reload after computing a signal, another horizon) go to the API
  let firstView: Record<string, { status: number; body: unknown } | undefined> = {};
  try { firstView = JSON.parse($('first-view').textContent || '{}') || {}; } catch { firstView = {}; }
  function getJson<T>(url: string): Promise<Answer<T>> {
    const pre = Object.prototype.hasOwnProperty.call(firstView, url) ? firstView[url] : null;
    if (pre) {
      delete firstView[url];
      return Promise.resolve({ ok: pre.status >= 200 && pre.status < 300, status: pre.status, body: pre.body as T });
    }
    return fetch(url, { headers: { Accept: 'application/json' } }).then(function (r) {
      return r.json().then(function (b: T) { return { ok: r.ok, status: r.status, body: b }; });
    });
  }
  function track(p: Promise<unknown>): Promise<void> {
    pending++;
    return p.then(done, function (e: unknown) { showError(e); done(); });
  }
  function done(): void {
    pending--;
    if (pending === 0) {
      if (window.performance && performance.mark) performance.mark('alvh-ready');
      document.documentElement.setAttribute('data-ready', '1');
    }
  }
  function showError(e: unknown): void { setText('headline', 'error: ' + (e instanceof Error && e.message ? e.message : String(e))); }
  // every chart spans the content column: its width is read once (one layout, done while
  // the first view's requests are in flight), not after each panel is drawn
  let chartWidth = 0;
  function widthOf(id: string): number { if (!chartWidth) chartWidth = Math.max(320, Math.floor($(id).getBoundingClientRect().width)); return chartWidth; }
  function chart(id: string, opts: ChartOptions, data: uPlot.AlignedData): uPlot {
    const old = charts[id];
    if (old) old.destroy();
    const host = $(id);
    host.textContent = '';
    // the legend shows the last day's values without hovering (and again when the cursor leaves)
    const last = (data[0]?.length ?? 0) - 1;
    const showLast = function (u: uPlot): void { if (u.cursor.idx == null && last >= 0) u.setLegend({ idx: last }); };
    const hooks = { ...opts.hooks, setCursor: [...(opts.hooks?.setCursor ?? []), showLast] };
    const made = new uPlot({ ...opts, hooks, width: widthOf(id), height: opts.height || 300 }, data, host);
    charts[id] = made;
    if (last >= 0) made.setLegend({ idx: last });
    return made;
  }
  function epoch(d: string): number { return Date.parse(d + 'T00:00:00Z') / 1000; }
  function isoOf(t: number): string { return new Date(t * 1000).toISOString().slice(0, 10); }
  // one label per day: ticks inside a day repeat the date and are left blank
  const DATE_AXIS: uPlot.Axis = { values: function (u, ts) { let prev = ''; return ts.map(function (t) { const d = isoOf(t); const out = d === prev ? '' : d; prev = d; return out; }); }, space: 90 };
  function axisUsd(u: uPlot, vs: number[]): string[] { return vs.map(function (v) { return v == null ? '' : usdShort(v); }); }
  const DATE_SERIES: uPlot.Series = { label: 'date', value: function (u, t) { return t == null ? '—' : isoOf(t); } };

  // ---- today's signal -------------------------------------------------------------
  // a stale signal says so first; a republished one says it was revised and why
  function renderFreshness(sig: Signal | null, rev: SignalAnswer | null): void {
    const st = (sig && sig.stale) || [];
    const stale = $('signal-stale');
    stale.hidden = st.length === 0;
    stale.textContent = st.length === 0 || !sig ? '' : 'STALE INPUTS' + (sig.staleReference ? ' on ' + sig.staleReference : '') + ': ' +
      st.map(function (x) { return x.input + ' as of ' + (x.asOf || 'never') + (x.ageTradingDays == null ? '' : ' (' + x.ageTradingDays + ' trading days old; limit ' + String(x.limitTradingDays) + ')'); }).join('; ') +
      '. Values are carried forward; run alvh data update, then alvh signal --republish.';
    const r = $('signal-revision');
    const revised = rev !== null && rev.revision !== undefined && rev.revision > 1;
    r.hidden = !revised;
    r.textContent = revised ? 'Revised: revision ' + String(rev.revision) + (rev.reason ? ' (' + rev.reason + ')' : '') + '; the earlier version is kept in the store.' : '';
  }
  function renderSignal(sig: Signal | null, rev: SignalAnswer | null = null): void {
    latest = sig;
    renderFreshness(sig, rev);
    if (!sig) {
      $('signal-empty').hidden = false;
      setText('headline', 'no signal stored yet');
      return;
    }
    $('signal-empty').hidden = true;
    const c: Condor = sig.condor || {}, h = sig.hedge || {}, inp = sig.inputs || {};
    signalBasis = h.basis;
    setText('signal-date', sig.date);
    setText('headline', (sig.stale && sig.stale.length > 0 ? 'STALE INPUTS — ' : '') + sig.date + ': regime ' + (sig.regime || '—') + ', hedge target ' + targetWords(h.targetFraction, h.basis));
    setText('regime', sig.regime || '—');
    setText('expiration', c.expiration || (c.status === 'skipped' ? 'no condor today (' + (c.reason || '') + ')' : '—'));
    setText('legs', (c.legs || []).map(function (l) { return (l.qty > 0 ? '+' : '') + l.qty + ' ' + l.type + ' ' + l.strike; }).join(', ') || '—');
    setText('contracts', c.contracts == null ? '—' : String(c.contracts), c.contracts);
    setText('credit', c.creditPerContract == null ? '—' : c.creditPerContract.toFixed(2) + ' USD', c.creditPerContract);
    setText('max-loss', c.maxLossPerContract == null ? '—' : c.maxLossPerContract.toFixed(2) + ' USD', c.maxLossPerContract);
    setText('breakevens', c.breakevens ? fmtNum(c.breakevens.lower, 2) + ' / ' + fmtNum(c.breakevens.upper, 2) : '—');
    setText('policy', h.policy || '—');
    setText('basis', h.basis || '—');
    setText('target-fraction', basisValue(h.targetFraction, h.basis), h.targetFraction);
    setText('signal-score', fmtNum(h.signalScore, 3), h.signalScore);
    setText('inputs', fmtNum(inp.spxClose, 2) + ' / ' + fmtNum(inp.vixClose, 2));
    const ul = $('rationale');
    ul.textContent = '';
    (h.rationale || []).forEach(function (r) { ul.appendChild(el('li', r)); });
    const notes = $('signal-notes');
    notes.textContent = '';
    (sig.notes || []).forEach(function (n) { notes.appendChild(el('li', n)); });
  }

  function renderBook(b: BookAnswer): void {
    const tb = tbodyOf('#book-table tbody');
    tb.textContent = '';
    (b.layers || []).forEach(function (l) {
      tb.appendChild(row([l.name, l.instrument, l.position || 'flat', l.expiration || '—', l.strike == null ? '—' : String(l.strike),
        String(l.contracts), pct(l.exposure), pct(l.targetFraction), usd(l.cost), l.action || '—']));
    });
    if (!b.layers || b.layers.length === 0) tb.appendChild(row(['no hedge layers', '', '', '', '', '', '', '', '', '']));
    // the account's live book: the signal's book as if its ticket filled, or what alvh book fill recorded
    const live = b.stored, lb = tbodyOf('#live-book-table tbody');
    lb.textContent = '';
    const SOURCE: Record<string, string> = { signal: 'as if the ticket filled at its limits (no fills recorded: alvh book fill)', fills: 'from recorded fills', manual: 'set by hand', none: '' };
    if (!live) {
      setText('live-book-source', '(empty: no signal published yet)');
      return;
    }
    setText('live-book-source', '(' + live.date + ', ' + (SOURCE[live.source] || live.source || '') + (live.sets > 0 ? ', ' + live.sets + ' set by hand' : '') + ')', live.source);
    (live.positions || []).forEach(function (p) {
      lb.appendChild(row([p.layer, p.instrumentKey, (p.qty > 0 ? '+' : '') + String(p.qty), p.entryPrice == null ? '—' : String(p.entryPrice)]));
    });
    if (!live.positions || live.positions.length === 0) lb.appendChild(row(['flat', '', '', '']));
  }

  // ---- scenarios ------------------------------------------------------------------
  function hasCondor(sig: Signal | null): boolean { return !!(sig && sig.condor && sig.condor.status !== 'skipped' && sig.condor.expiration); }

  // the payoff: the condor at its expiry, with the hedge at today's VIX, ×1.5 and ×2.5
  const PAYOFF_URL = '/api/scenario?horizon=expiry&spxMoves=-10:5:0.25&vixScale=1,1.5,2.5';

  function renderPayoff(x: [Answer<SignalAnswer>, Answer<Scenario>]): void {
    const sig = x[0].ok ? x[0].body.signal || null : null, r = x[1];
    if (!sig) return;
    if (!hasCondor(sig)) { $('chart-payoff').textContent = 'No condor in today\'s book.'; return; }
    if (!r.ok) { $('chart-payoff').textContent = errorText(r.body, 'scenario unavailable'); return; }
    const s = r.body;
    const xs = s.spxMovesFrac.map(function (m) { return Math.round(s.spot * (1 + m) * 100) / 100; });
    const series: uPlot.Series[] = [{ label: 'SPX at expiry', value: function (u, v) { return v == null ? '—' : v.toFixed(0); } },
      { label: 'condor', stroke: '#333', width: 2, points: { show: false }, value: function (u, v) { return usd(v); } }];
    const ys: number[][] = [s.condorPnlUsd[0] || []];
    s.vixLevelsPts.forEach(function (v, i) {
      const line: uPlot.Series = { label: 'condor + hedge, VIX ' + v, stroke: EXTRA[i % EXTRA.length] || '#000', width: 1.5, points: { show: false }, value: function (u, y) { return usd(y); } };
      if (i !== 0) line.dash = [6, 3];
      series.push(line);
      ys.push(s.totalPnlUsd[i] || []);
    });
    chart('chart-payoff', {
      series: series,
      scales: { x: { time: false } },
      axes: [{ label: 'SPX level at the condor expiry (' + s.horizon.date + ')' }, { label: 'P&L, USD', size: 70, values: axisUsd }],
    }, [xs, ...ys]);
  }

  function colour(v: number, maxAbs: number): string {
    const t = maxAbs > 0 ? Math.max(-1, Math.min(1, v / maxAbs)) : 0;
    const a = Math.abs(t);
    // white → green for gains, white → red for losses
    const r = t < 0 ? 255 : Math.round(255 - a * 200), g = t < 0 ? Math.round(255 - a * 190) : Math.round(255 - a * 90), b = Math.round(255 - a * 200);
    return 'rgb(' + r + ',' + g + ',' + b + ')';
  }

  let scenario: Scenario | null = null;
  function drawHeatmap(): void {
    const s = scenario;
    if (!s) return;
    const part = valueOf('scenario-part');
    const m = s[part] as number[][];
    const thead = tbodyOf('#heatmap thead'), tbody = tbodyOf('#heatmap tbody');
    thead.textContent = '';
    tbody.textContent = '';
    thead.appendChild(row(['VIX \\ SPX'].concat(s.spxMovesFrac.map(function (x) { const p = Math.round(x * 1e4) / 100; return p.toFixed(p % 1 === 0 ? 0 : 2) + '%'; })), 'th'));
    let maxAbs = 0;
    m.forEach(function (r) { r.forEach(function (v) { maxAbs = Math.max(maxAbs, Math.abs(v)); }); });
    const levels = s.vixLevelsPts, vixToday = s.vixPts;
    let baseRow = 0;
    levels.forEach(function (v, i) { if (Math.abs(v - vixToday) < Math.abs((levels[baseRow] as number) - vixToday)) baseRow = i; });
    for (let i = levels.length - 1; i >= 0; i--) {
      const tr = document.createElement('tr');
      tr.appendChild(el('th', 'VIX ' + levels[i]));
      for (let j = 0; j < s.spxMovesFrac.length; j++) {
        const v = (m[i] as number[])[j] as number;
        const move = s.spxMovesFrac[j] as number;
        const td = el('td', usdShort(v), i === baseRow && move === 0 ? 'base' : '');
        td.style.backgroundColor = colour(v, maxAbs);
        td.title = 'SPX ' + (move * 100).toFixed(2) + '%, VIX ' + levels[i] + ': ' + usd(v);
        td.setAttribute('data-value', String(v));
        tr.appendChild(td);
      }
      tbody.appendChild(tr);
    }
  }

  function scenarioUrl(): string { return '/api/scenario?horizon=' + encodeURIComponent(valueOf('scenario-horizon')); }
  function renderScenario(r: Answer<Scenario>): void {
    if (!r.ok) { $('scenario-readout').textContent = errorText(r.body, 'scenario unavailable'); return; }
    const s = r.body;
    scenario = s;
    $('scenario-readout').textContent = 'horizon ' + s.horizon.date + ' (' + s.horizon.days + ' days); SPX ' + s.spot.toFixed(2) + ', VIX ' + s.vixPts.toFixed(2) + ' today';
    drawHeatmap();
  }
  function loadScenario(): Promise<void> {
    if (!latest) { $('scenario-readout').textContent = 'no signal stored yet'; return Promise.resolve(); }
    if (valueOf('scenario-horizon') === 'expiry' && !hasCondor(latest)) { $('scenario-readout').textContent = 'no condor today: pick another horizon'; return Promise.resolve(); }
    return getJson<Scenario>(scenarioUrl()).then(renderScenario);
  }

  // ---- history --------------------------------------------------------------------
  const REGIME: Record<string, number> = { low: 0, moderate: 1, high: 2 };
  // the table lists the latest HISTORY_ROWS signals (the chart above it shows them all); the
  // button below it lists every one
  const HISTORY_ROWS = 30;
  let historyRows: HistoryRow[] = [];
  function fillHistoryTable(n: number): void {
    const tb = tbodyOf('#history-table tbody');
    tb.textContent = '';
    historyRows.slice(Math.max(0, historyRows.length - n)).reverse().forEach(function (r) {
      tb.appendChild(row([r.date, r.regime || '—', fmtNum(r.spxClose, 2), fmtNum(r.vixClose, 2), r.contracts == null ? '—' : String(r.contracts),
        r.creditPerContract == null ? '—' : r.creditPerContract.toFixed(2), pct(r.targetFraction), fmtNum(r.signalScore, 3)]));
    });
    const more = $('history-all');
    more.hidden = historyRows.length <= n;
    more.textContent = 'Show all ' + historyRows.length + ' signals';
  }
  // with fewer stored signals than this, the chart draws the backtest's book day by day instead
  const FEW_SIGNALS = 20;
  function renderHistory(rows: HistoryRow[]): void {
    historyRows = rows;
    fillHistoryTable(HISTORY_ROWS);
    $('history-note').hidden = true;
    if (rows.length < FEW_SIGNALS) {
      track(getJson<EngineHistory>('/api/history/engine').then(function (r) {
        if (r.ok && r.body.dates && r.body.dates.length > 0) drawEngineHistory(r.body, rows.length);
        else if (rows.length === 0) $('chart-score').textContent = 'No signals stored yet.';
        else drawSignalHistory(rows);
      }));
      return;
    }
    drawSignalHistory(rows);
  }
  function drawEngineHistory(h: EngineHistory, stored: number): void {
    const note = $('history-note');
    note.hidden = false;
    note.textContent = (stored === 0 ? 'No signals stored yet' : 'Only ' + stored + ' signal' + (stored === 1 ? '' : 's') + ' stored') + ': the chart draws the backtest\'s ' + h.policy +
      ' book over its last ' + h.dates.length + ' trading days (the same run as alvh signal): its regime and the hedge exposure it held, in ' + basisUnit(h.basis) + ' (modelled prices).';
    const stepped = uPlot.paths.stepped;
    const regimeLine: uPlot.Series = { label: 'regime (0 low, 1 moderate, 2 high)', stroke: '#777', width: 1, scale: 'regime' };
    if (stepped) regimeLine.paths = stepped({ align: 1 });
    chart('chart-score', {
      height: 220,
      series: [DATE_SERIES, { label: 'hedge exposure held (' + basisUnit(h.basis) + ')', stroke: '#D55E00', width: 1.5, value: function (u, v) { return basisValue(v, h.basis); } }, regimeLine],
      scales: { x: { time: true }, regime: { range: [-0.2, 2.2] } },
      axes: [DATE_AXIS, { label: 'exposure' }, { side: 1, scale: 'regime', label: 'regime', grid: { show: false } }],
    }, [h.dates.map(epoch), h.exposure.map(function (v) { return v == null ? null : v; }), h.regime.map(function (g) { return g !== null && g in REGIME ? (REGIME[g] as number) : null; })]);
  }
  function drawSignalHistory(rows: HistoryRow[]): void {
    const xs = rows.map(function (r) { return epoch(r.date); });
    const x0 = xs[0] as number;
    const stepped = uPlot.paths.stepped;
    const regimeLine: uPlot.Series = { label: 'regime (0 low, 1 moderate, 2 high)', stroke: '#777', width: 1, scale: 'regime', points: { show: rows.length < 60 } };
    if (stepped) regimeLine.paths = stepped({ align: 1 });
    chart('chart-score', {
      height: 220,
      series: [DATE_SERIES, { label: 'signal score', stroke: '#0072B2', width: 1.5, points: { show: rows.length < 60 } },
        { label: 'target (' + basisUnit(signalBasis) + ')', stroke: '#D55E00', width: 1.5, points: { show: rows.length < 60 }, value: function (u, v) { return basisValue(v, signalBasis); } },
        regimeLine],
      scales: { x: rows.length > 1 ? { time: true } : { time: true, range: [x0 - 5 * 86400, x0 + 5 * 86400] }, regime: { range: [-0.2, 2.2] } },
      axes: [DATE_AXIS, { label: 'score / target' }, { side: 1, scale: 'regime', label: 'regime', grid: { show: false } }],
    }, [xs, rows.map(function (r) { return r.signalScore == null ? null : r.signalScore; }), rows.map(function (r) { return r.targetFraction == null ? null : r.targetFraction; }),
      rows.map(function (r) { return r.regime !== undefined && r.regime in REGIME ? (REGIME[r.regime] as number) : null; })]);
  }

  // ---- backtest -------------------------------------------------------------------
  // the view of /api/backtest/view: the equity curves sampled for the chart, crises as they are
  function renderBacktest(r: Answer<BacktestView>): void {
    if (!r.ok) { setText('backtest-status', errorText(r.body, 'backtest unavailable')); setText('answer', 'No answer: ' + errorText(r.body, 'the backtest is unavailable')); return; }
    const b = r.body;
    setText('answer', b.answer || 'No answer: the backtest comparison lacks the metrics it is built from.');
    const names = Object.keys(b.policies);
    const sm = b.sampled;
    setText('backtest-status', b.from + ' to ' + b.to + ', starting capital ' + usd(b.notional) + (b.basis ? ', exposure basis ' + b.basis : '') + '. Option prices are modelled. ' +
      (sm.points < sm.days ? 'The chart draws ' + sm.points.toLocaleString('en-US') + ' of the ' + sm.days.toLocaleString('en-US') + ' trading days (in every ' + sm.windowDays + '-day window: its first and last day and each policy\'s low and high); the full daily series is at ' + sm.full + '.' : ''), sm.points);
    const xs = b.dates.map(epoch);
    const ys: Array<Array<number | null>> = [];
    const series: uPlot.Series[] = [DATE_SERIES];
    names.forEach(function (n, i) {
      ys.push((b.policies[n] as { equity: number[] }).equity.map(function (v) { return v > 0 ? v : null; }));
      series.push({ label: n, stroke: COLORS[n] || EXTRA[i % EXTRA.length] || '#000', width: 1.5, value: function (u, v) { return usd(v); } });
    });
    chart('chart-equity', { series: series, scales: { x: { time: true }, y: { distr: 3 } }, axes: [DATE_AXIS, { label: 'equity, USD (log)', size: 70, values: axisUsd }] }, [xs, ...ys]);
    const frontier = document.getElementById('frontier');
    if (frontier && b.frontier) { frontier.innerHTML = b.frontier.svg; setText('frontier-caption', b.frontier.caption); }
    const eq = b.equalCost, eqTable = $('equal-cost-table');
    eqTable.hidden = !eq;
    if (eq) {
      const eh = tbodyOf('#equal-cost-table thead'), eb = tbodyOf('#equal-cost-table tbody');
      eh.textContent = '';
      eb.textContent = '';
      eh.appendChild(row(eq.head, 'th'));
      eq.rows.forEach(function (r) { eb.appendChild(row(r)); });
      setText('equal-cost-note', eq.note);
    }
    const thead = tbodyOf('#crisis-table thead'), tbody = tbodyOf('#crisis-table tbody');
    thead.textContent = '';
    tbody.textContent = '';
    thead.appendChild(row(['Crisis', 'Window'].concat(names.map(function (n) { return n + ' net P&L'; })).concat(names.map(function (n) { return n + ' hedge P&L'; })), 'th'));
    function crisesOf(n: string | undefined): Crisis[] { const p = n === undefined ? undefined : b.policies[n]; return (p && p.crises) || []; }
    const crises = crisesOf(names[0]);
    crises.forEach(function (c, k) {
      const tr = row([c.name, c.from + ' – ' + c.to]);
      (['netPnl', 'hedgePnl'] as const).forEach(function (f) {
        names.forEach(function (n) {
          const x = crisesOf(n)[k];
          const td = el('td', x ? usd(x[f]) : '—');
          if (x) td.setAttribute('data-value', String(x[f]));
          tr.appendChild(td);
        });
      });
      tbody.appendChild(tr);
    });
  }

  // ---- wiring ---------------------------------------------------------------------
  // Every request of the first view starts at once;
  // each panel is drawn when its answer is in and uPlot has run (app.js runs before it).
  const uplotReady: Promise<void> = (window as { uPlot?: unknown }).uPlot ? Promise.resolve() : new Promise(function (r) { document.addEventListener('DOMContentLoaded', function () { r(); }); });
  // each panel's drawing is a performance measure "alvh-draw-NAME" (the bench reads them)
  function timed<T>(name: string, fn: (x: T) => void): (x: T) => void {
    return function (x) {
      const t0 = window.performance ? performance.now() : 0;
      try { return fn(x); } finally { if (window.performance && performance.measure) performance.measure('alvh-draw-' + name, { start: t0 }); }
    };
  }
  function whenReady<T>(p: Promise<T>): Promise<T> { return Promise.all([p, uplotReady]).then(function (x) { return x[0]; }); }
  function loadAll(): void {
    const sig = getJson<SignalAnswer>('/api/signal/latest');
    const payoff = getJson<Scenario>(PAYOFF_URL);
    const scen = getJson<Scenario>(scenarioUrl());
    const book = getJson<BookAnswer>('/api/book');
    const hist = getJson<{ signals: HistoryRow[] }>('/api/signals');
    const bt = getJson<BacktestView>('/api/backtest/view');
    widthOf('chart-payoff');
    track(whenReady(sig).then(timed('signal', function (r: Answer<SignalAnswer>) { renderSignal(r.ok ? r.body.signal || null : null, r.ok ? r.body : null); })));
    track(whenReady(Promise.all([sig, payoff])).then(timed('payoff', renderPayoff)));
    track(whenReady(scen).then(timed('scenario', renderScenario)));
    track(whenReady(book).then(timed('book', function (r: Answer<BookAnswer>) { if (r.ok) renderBook(r.body); })));
    track(whenReady(hist).then(timed('history', function (r: Answer<{ signals: HistoryRow[] }>) { if (r.ok) renderHistory(r.body.signals); })));
    track(whenReady(bt).then(timed('backtest', renderBacktest)));
  }

  $('history-all').addEventListener('click', function () { fillHistoryTable(historyRows.length); });
  $('scenario-horizon').addEventListener('change', function () { loadScenario(); });
  $('scenario-part').addEventListener('change', function () { if (scenario) drawHeatmap(); });
  $('heatmap').addEventListener('mouseover', function (e) {
    const t = e.target;
    if (t instanceof HTMLElement && t.tagName === 'TD' && t.title) $('scenario-readout').textContent = t.title;
  });
  $('compute-form').addEventListener('submit', function (e) {
    e.preventDefault();
    const token = valueOf('token').trim();
    setText('compute-status', 'computing…');
    fetch('/api/signal', { method: 'POST', headers: { Authorization: 'Bearer ' + token, Accept: 'application/json' } }).then(function (r) {
      return r.json().then(function (b: ErrorBody & { status?: string; date?: string }) {
        if (!r.ok) { setText('compute-status', errorText(b, 'failed (' + r.status + ')')); return; }
        setText('compute-status', (b.status === 'inserted' ? 'stored the signal of ' : 'already stored: the signal of ') + b.date);
        document.documentElement.removeAttribute('data-ready');
        loadAll();
      });
    }, function (err: unknown) { setText('compute-status', String(err)); });
  });
  loadAll();
})();
