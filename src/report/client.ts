/**
 * The report's in-page script (plain ES2017, no modules): draws the uPlot charts from the
 * embedded JSON. Kept as a string so that src/report stays pure; the page sets
 * `data-charts-ready` on <html> when every chart is drawn (the browser test waits for it).
 */
export const CLIENT_JS = String.raw`(function () {
  'use strict';
  var D = JSON.parse(document.getElementById('alvh-data').textContent);
  var charts = {};
  var LAYER_COLORS = ['#0072B2', '#E69F00', '#CC79A7'];
  var REGIME_FILL = ['rgba(0,158,115,0.10)', 'rgba(230,159,0,0.16)', 'rgba(213,94,0,0.18)'];
  function widthOf(el) { return Math.max(300, Math.floor(el.getBoundingClientRect().width)); }
  function usd(v) { return v == null || !isFinite(v) ? '—' : (v < 0 ? '−$' : '$') + Math.round(Math.abs(v)).toLocaleString('en-US'); }
  function usdShort(v) {
    var a = Math.abs(v), s = v < 0 ? '−' : '';
    if (a >= 1e9) return s + '$' + (a / 1e9).toFixed(1) + 'B';
    if (a >= 1e6) return s + '$' + (a / 1e6).toFixed(1) + 'M';
    if (a >= 1e3) return s + '$' + (a / 1e3).toFixed(0) + 'k';
    return s + '$' + a.toFixed(0);
  }
  function pct(v, d) { return v == null || !isFinite(v) ? '—' : (v * 100).toFixed(d == null ? 1 : d) + '%'; }
  function make(id, opts, data) {
    var el = document.getElementById(id);
    if (charts[id]) { charts[id].destroy(); }
    el.textContent = '';
    opts.width = widthOf(el);
    opts.height = opts.height || 300;
    opts.scales = opts.scales || {};
    opts.scales.x = { time: true };
    charts[id] = new uPlot(opts, data, el);
    return charts[id];
  }
  function policySeries(fmt) {
    return D.policies.map(function (p) { return { label: p.name, stroke: p.color, width: 1.5, value: function (u, v) { return fmt(v); } }; });
  }
  function drawEquity() {
    var log = document.getElementById('equity-log').checked;
    var ys = D.policies.map(function (p) { return log ? p.equity.map(function (v) { return v > 0 ? v : null; }) : p.equity; });
    make('chart-equity', {
      series: [{}].concat(policySeries(usd)),
      scales: { y: log ? { distr: 3, log: 10, range: function (u, lo, hi) { return [lo * 0.95, hi * 1.05]; } } : {} },
      axes: [{}, {
        size: 70,
        values: function (u, vals) { return vals.map(function (v) { return v == null ? '' : usdShort(v); }); },
        splits: log ? function (u) {
          var lo = u.scales.y.min, hi = u.scales.y.max, out = [];
          for (var k = 0; k <= 5; k++) out.push(lo * Math.pow(hi / lo, k / 5));
          return out;
        } : undefined,
      }],
    }, [D.x].concat(ys));
  }
  function drawDrawdown() {
    make('chart-drawdown', {
      series: [{}].concat(policySeries(function (v) { return v == null ? '—' : pct(-v); })),
      axes: [{}, { size: 60, values: function (u, vals) { return vals.map(function (v) { return pct(v, 0); }); } }],
    }, [D.x].concat(D.policies.map(function (p) { return p.dd.map(function (v) { return -v; }); })));
  }
  function regimeBands(regime) {
    return { hooks: { drawClear: [function (u) {
      var ctx = u.ctx, x = u.data[0], n = x.length, i = 0;
      ctx.save();
      while (i < n) {
        var g = regime[i], j = i;
        while (j + 1 < n && regime[j + 1] === g) j++;
        if (g >= 0 && g < 3) {
          var x0 = u.valToPos(x[i], 'x', true), x1 = u.valToPos(x[Math.min(j + 1, n - 1)], 'x', true);
          ctx.fillStyle = REGIME_FILL[g];
          ctx.fillRect(x0, u.bbox.top, Math.max(1, x1 - x0), u.bbox.height);
        }
        i = j + 1;
      }
      ctx.restore();
    }] } };
  }
  function drawExposure() {
    var sel = document.getElementById('exposure-policy');
    var p = D.exposure[sel.value];
    if (!p) return;
    var n = D.x.length, s1 = new Array(n), s2 = new Array(n), s3 = new Array(n);
    for (var i = 0; i < n; i++) { s1[i] = p.L1[i]; s2[i] = s1[i] + p.L2[i]; s3[i] = s2[i] + p.L3[i]; }
    function raw(layer) { return function (u, v, si, idx) { return idx == null ? '—' : pct(p[layer][idx]); }; }
    make('chart-exposure', {
      series: [{},
        { label: 'L3 gamma damper', stroke: LAYER_COLORS[2], fill: LAYER_COLORS[2] + 'cc', width: 1, value: raw('L3') },
        { label: 'L2 second engine', stroke: LAYER_COLORS[1], fill: LAYER_COLORS[1] + 'cc', width: 1, value: raw('L2') },
        { label: 'L1 core convexity', stroke: LAYER_COLORS[0], fill: LAYER_COLORS[0] + 'cc', width: 1, value: raw('L1') }],
      scales: { y: { range: function (u, lo, hi) { return [0, Math.max(0.01, hi * 1.08)]; } } },
      axes: [{}, { size: 60, values: function (u, vals) { return vals.map(function (v) { return pct(v, 0); }); } }],
      plugins: [regimeBands(p.regime)],
    }, [D.x, s3, s2, s1]);
  }
  function drawSpend() {
    make('chart-spend', {
      series: [{}].concat(policySeries(usd)),
      axes: [{}, { size: 70, values: function (u, vals) { return vals.map(usdShort); } }],
    }, [D.x].concat(D.policies.map(function (p) { return p.cumSpend; })));
  }
  drawEquity();
  drawDrawdown();
  if (document.getElementById('exposure-policy')) {
    drawExposure();
    document.getElementById('exposure-policy').addEventListener('change', drawExposure);
  }
  drawSpend();
  document.getElementById('equity-log').addEventListener('change', drawEquity);
  var pending = null;
  window.addEventListener('resize', function () {
    if (pending) clearTimeout(pending);
    pending = setTimeout(function () {
      Object.keys(charts).forEach(function (id) { var el = document.getElementById(id); charts[id].setSize({ width: widthOf(el), height: charts[id].height }); });
    }, 100);
  });
  document.documentElement.setAttribute('data-charts-ready', String(Object.keys(charts).length));
})();`;
