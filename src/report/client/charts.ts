/**
 * The report's in-page script: a classic script (no modules) compiled from this file by
 * `tsc -p tsconfig.client.json` at build time (see src/cli/clientScripts.ts) and inlined in
 * the page by html.ts; it draws the uPlot charts from the embedded JSON. The page sets
 * `data-charts-ready` on <html> when every chart is drawn (the browser test waits for it).
 */
/// <reference types="uplot" />
(function () {
  'use strict';
  /** The data block html.ts embeds (`<script type="application/json" id="alvh-data">`). */
  interface ReportData {
    x: number[];
    policies: Array<{ name: string; color: string; equity: number[]; dd: number[]; cumSpend: number[] }>;
    exposure: Record<string, { L1: number[]; L2: number[]; L3: number[]; regime: number[] } | undefined>;
  }
  type ChartOptions = Omit<uPlot.Options, 'width' | 'height'> & { height?: number };
  function byId(id: string): HTMLElement {
    const e = document.getElementById(id);
    if (e === null) throw new Error('the report has no #' + id);
    return e;
  }
  const D = JSON.parse(byId('alvh-data').textContent || '{}') as ReportData;
  const charts: Record<string, uPlot> = {};
  const LAYER_COLORS = ['#0072B2', '#E69F00', '#CC79A7'] as const;
  const REGIME_FILL = ['rgba(0,158,115,0.10)', 'rgba(230,159,0,0.16)', 'rgba(213,94,0,0.18)'];
  function widthOf(el: HTMLElement): number { return Math.max(300, Math.floor(el.getBoundingClientRect().width)); }
  function usd(v: number | null | undefined): string { return v == null || !isFinite(v) ? '—' : (v < 0 ? '−$' : '$') + Math.round(Math.abs(v)).toLocaleString('en-US'); }
  function usdShort(v: number): string {
    const a = Math.abs(v), s = v < 0 ? '−' : '';
    if (a >= 1e9) return s + '$' + (a / 1e9).toFixed(1) + 'B';
    if (a >= 1e6) return s + '$' + (a / 1e6).toFixed(1) + 'M';
    if (a >= 1e3) return s + '$' + (a / 1e3).toFixed(0) + 'k';
    return s + '$' + a.toFixed(0);
  }
  function pct(v: number | null | undefined, d?: number): string { return v == null || !isFinite(v) ? '—' : (v * 100).toFixed(d == null ? 1 : d) + '%'; }
  function make(id: string, opts: ChartOptions, data: uPlot.AlignedData): uPlot {
    const el = byId(id);
    const old = charts[id];
    if (old) { old.destroy(); }
    el.textContent = '';
    const scales = opts.scales || {};
    scales['x'] = { time: true };
    const made = new uPlot({ ...opts, scales: scales, width: widthOf(el), height: opts.height || 300 }, data, el);
    charts[id] = made;
    return made;
  }
  function policySeries(fmt: (v: number | null) => string): uPlot.Series[] {
    return D.policies.map(function (p) { return { label: p.name, stroke: p.color, width: 1.5, value: function (u: uPlot, v: number | null) { return fmt(v); } }; });
  }
  function drawEquity(): void {
    const log = (byId('equity-log') as HTMLInputElement).checked;
    const ys = D.policies.map(function (p) { return log ? p.equity.map(function (v) { return v > 0 ? v : null; }) : p.equity; });
    const yAxis: uPlot.Axis = {
      size: 70,
      values: function (u, vals) { return vals.map(function (v) { return v == null ? '' : usdShort(v); }); },
    };
    if (log) {
      yAxis.splits = function (u) {
        const lo = u.scales['y']?.min ?? 1, hi = u.scales['y']?.max ?? 1, out = [];
        for (let k = 0; k <= 5; k++) out.push(lo * Math.pow(hi / lo, k / 5));
        return out;
      };
    }
    make('chart-equity', {
      series: [{} as uPlot.Series].concat(policySeries(usd)),
      scales: { y: log ? { distr: 3, log: 10, range: function (u, lo, hi) { return [lo * 0.95, hi * 1.05]; } } : {} },
      axes: [{}, yAxis],
    }, [D.x, ...ys]);
  }
  function drawDrawdown(): void {
    make('chart-drawdown', {
      series: [{} as uPlot.Series].concat(policySeries(function (v) { return v == null ? '—' : pct(-v); })),
      axes: [{}, { size: 60, values: function (u, vals) { return vals.map(function (v) { return pct(v, 0); }); } }],
    }, [D.x, ...D.policies.map(function (p) { return p.dd.map(function (v) { return -v; }); })]);
  }
  function regimeBands(regime: number[]): uPlot.Plugin {
    return { hooks: { drawClear: [function (u: uPlot) {
      const ctx = u.ctx, x = u.data[0], n = x.length;
      let i = 0;
      ctx.save();
      while (i < n) {
        const g = regime[i] as number;
        let j = i;
        while (j + 1 < n && regime[j + 1] === g) j++;
        if (g >= 0 && g < 3) {
          const x0 = u.valToPos(x[i] as number, 'x', true), x1 = u.valToPos(x[Math.min(j + 1, n - 1)] as number, 'x', true);
          ctx.fillStyle = REGIME_FILL[g] as string;
          ctx.fillRect(x0, u.bbox.top, Math.max(1, x1 - x0), u.bbox.height);
        }
        i = j + 1;
      }
      ctx.restore();
    }] } };
  }
  function drawExposure(): void {
    const sel = byId('exposure-policy') as HTMLSelectElement;
    const p = D.exposure[sel.value];
    if (!p) return;
    const layers = p;
    const n = D.x.length, s1: number[] = new Array(n), s2: number[] = new Array(n), s3: number[] = new Array(n);
    for (let i = 0; i < n; i++) { s1[i] = layers.L1[i] as number; s2[i] = (s1[i] as number) + (layers.L2[i] as number); s3[i] = (s2[i] as number) + (layers.L3[i] as number); }
    function raw(layer: 'L1' | 'L2' | 'L3'): uPlot.Series.Value { return function (u, v, si, idx) { return idx == null ? '—' : pct(layers[layer][idx]); }; }
    make('chart-exposure', {
      series: [{},
        { label: 'L3 gamma damper', stroke: LAYER_COLORS[2], fill: LAYER_COLORS[2] + 'cc', width: 1, value: raw('L3') },
        { label: 'L2 second engine', stroke: LAYER_COLORS[1], fill: LAYER_COLORS[1] + 'cc', width: 1, value: raw('L2') },
        { label: 'L1 core convexity', stroke: LAYER_COLORS[0], fill: LAYER_COLORS[0] + 'cc', width: 1, value: raw('L1') }],
      scales: { y: { range: function (u, lo, hi) { return [0, Math.max(0.01, hi * 1.08)]; } } },
      axes: [{}, { size: 60, values: function (u, vals) { return vals.map(function (v) { return pct(v, 0); }); } }],
      plugins: [regimeBands(layers.regime)],
    }, [D.x, s3, s2, s1]);
  }
  function drawSpend(): void {
    make('chart-spend', {
      series: [{} as uPlot.Series].concat(policySeries(usd)),
      axes: [{}, { size: 70, values: function (u, vals) { return vals.map(usdShort); } }],
    }, [D.x, ...D.policies.map(function (p) { return p.cumSpend; })]);
  }
  drawEquity();
  drawDrawdown();
  const exposurePolicy = document.getElementById('exposure-policy');
  if (exposurePolicy) {
    drawExposure();
    exposurePolicy.addEventListener('change', drawExposure);
  }
  drawSpend();
  byId('equity-log').addEventListener('change', drawEquity);
  let pending: ReturnType<typeof setTimeout> | null = null;
  window.addEventListener('resize', function () {
    if (pending) clearTimeout(pending);
    pending = setTimeout(function () {
      Object.keys(charts).forEach(function (id) { const c = charts[id]; if (c) c.setSize({ width: widthOf(byId(id)), height: c.height }); });
    }, 100);
  });
  document.documentElement.setAttribute('data-charts-ready', String(Object.keys(charts).length));
})();
