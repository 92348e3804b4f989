/**
 * The dashboard's script (plain ES2017, no modules, no build step), served as
 * /assets/app.js. It reads the JSON API and draws with uPlot (served from the allow-list).
 * The first view's API answers come embedded in the page (see page.ts); whatever is not
 * there is fetched, all requests at once, and each panel is drawn as its answer arrives. When every panel has loaded (or failed), it sets `data-ready="1"` on <html>; the
 * browser test waits for that. Formatting rules the test relies on:
 * contracts `String(n)`, credit `n.toFixed(2) + ' USD'`, target `(f·100).toFixed(2) + '%'`,
 * and each of those cells carries the raw number in `data-value`.
 */
export const CLIENT_JS = String.raw`(function () {
  'use strict';
  var COLORS = { alvh: '#D55E00', static10: '#0072B2', vxth: '#009E73', none: '#555555' };
  var EXTRA = ['#CC79A7', '#E69F00', '#56B4E9', '#000000'];
  var charts = {};
  var pending = 0;
  var latest = null;
  function $(id) { return document.getElementById(id); }
  function fmtNum(v, d) { return v == null || !isFinite(v) ? '—' : v.toFixed(d); }
  function usd(v) { return v == null || !isFinite(v) ? '—' : (v < 0 ? '−$' : '$') + Math.round(Math.abs(v)).toLocaleString('en-US'); }
  function usdShort(v) {
    if (v == null || !isFinite(v)) return '—';
    var a = Math.abs(v), s = v < 0 ? '−' : '';
    if (a >= 1e6) return s + '$' + (a / 1e6).toFixed(1) + 'M';
    if (a >= 1e3) return s + '$' + (a / 1e3).toFixed(a >= 1e5 ? 0 : 1) + 'k';
    return s + '$' + a.toFixed(0);
  }
  function pct(v, d) { return v == null || !isFinite(v) ? '—' : (v * 100).toFixed(d == null ? 2 : d) + '%'; }
  function setText(id, s, raw) {
    var el = $(id);
    el.textContent = s;
    if (raw !== undefined && raw !== null) el.setAttribute('data-value', String(raw));
  }
  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text != null) e.textContent = text;
    if (cls) e.className = cls;
    return e;
  }
  function row(cells, tag) {
    var tr = document.createElement('tr');
    cells.forEach(function (c) { tr.appendChild(el(tag || 'td', c)); });
    return tr;
  }
  // the first view's answers embedded in the page (a JSON data block): each is used once,
  // later requests (a reload after computing a signal, another horizon) go to the API
  var firstView = {};
  try { firstView = JSON.parse($('first-view').textContent) || {}; } catch (e) { firstView = {}; }
  function getJson(url) {
    var pre = Object.prototype.hasOwnProperty.call(firstView, url) ? firstView[url] : null;
    if (pre) {
      delete firstView[url];
      return Promise.resolve({ ok: pre.status >= 200 && pre.status < 300, status: pre.status, body: pre.body });
    }
    return fetch(url, { headers: { Accept: 'application/json' } }).then(function (r) {
      return r.json().then(function (b) { return { ok: r.ok, status: r.status, body: b }; });
    });
  }
  function track(p) {
    pending++;
    return p.then(done, function (e) { showError(e); done(); });
  }
  function done() {
    pending--;
    if (pending === 0) {
      if (window.performance && performance.mark) performance.mark('alvh-ready');
      document.documentElement.setAttribute('data-ready', '1');
    }
  }
  function showError(e) { setText('headline', 'error: ' + (e && e.message ? e.message : String(e))); }
  // every chart spans the content column: its width is read once (one layout, done while
  // the first view's requests are in flight), not after each panel is drawn
  var chartWidth = 0;
  function widthOf(id) { if (!chartWidth) chartWidth = Math.max(320, Math.floor($(id).getBoundingClientRect().width)); return chartWidth; }
  function chart(id, opts, data) {
    if (charts[id]) charts[id].destroy();
    var host = $(id);
    host.textContent = '';
    opts.width = widthOf(id);
    opts.height = opts.height || 300;
    // the legend shows the last day's values without hovering (and again when the cursor leaves)
    var last = data[0].length - 1;
    opts.hooks = opts.hooks || {};
    opts.hooks.setCursor = (opts.hooks.setCursor || []).concat([function (u) { if (u.cursor.idx == null && last >= 0) u.setLegend({ idx: last }); }]);
    charts[id] = new uPlot(opts, data, host);
    if (last >= 0) charts[id].setLegend({ idx: last });
    return charts[id];
  }
  function epoch(d) { return Date.parse(d + 'T00:00:00Z') / 1000; }
  function isoOf(t) { return new Date(t * 1000).toISOString().slice(0, 10); }
  // one label per day: ticks inside a day repeat the date and are left blank
  var DATE_AXIS = { values: function (u, ts) { var prev = ''; return ts.map(function (t) { var d = isoOf(t); var out = d === prev ? '' : d; prev = d; return out; }); }, space: 90 };
  function axisUsd(u, vs) { return vs.map(function (v) { return v == null ? '' : usdShort(v); }); }
  var DATE_SERIES = { label: 'date', value: function (u, t) { return t == null ? '—' : isoOf(t); } };

  // ---- today's signal -------------------------------------------------------------
  // a stale signal says so first; a republished one says it was revised and why
  function renderFreshness(sig, rev) {
    var st = (sig && sig.stale) || [];
    var stale = $('signal-stale');
    stale.hidden = st.length === 0;
    stale.textContent = st.length === 0 ? '' : 'STALE INPUTS' + (sig.staleReference ? ' on ' + sig.staleReference : '') + ': ' +
      st.map(function (x) { return x.input + ' as of ' + (x.asOf || 'never') + (x.ageTradingDays == null ? '' : ' (' + x.ageTradingDays + ' trading days old; limit ' + x.limitTradingDays + ')'); }).join('; ') +
      '. Values are carried forward; run alvh data update, then alvh signal --republish.';
    var r = $('signal-revision');
    r.hidden = !(rev && rev.revision > 1);
    r.textContent = rev && rev.revision > 1 ? 'Revised: revision ' + rev.revision + (rev.reason ? ' (' + rev.reason + ')' : '') + '; the earlier version is kept in the store.' : '';
  }
  function renderSignal(sig, rev) {
    latest = sig;
    renderFreshness(sig, rev);
    if (!sig) {
      $('signal-empty').hidden = false;
      setText('headline', 'no signal stored yet');
      return;
    }
    $('signal-empty').hidden = true;
    var c = sig.condor || {}, h = sig.hedge || {}, inp = sig.inputs || {};
    setText('signal-date', sig.date);
    setText('headline', (sig.stale && sig.stale.length > 0 ? 'STALE INPUTS — ' : '') + sig.date + ': regime ' + (sig.regime || '—') + ', hedge target ' + pct(h.targetFraction) + ' of notional');
    setText('regime', sig.regime || '—');
    setText('expiration', c.expiration || (c.status === 'skipped' ? 'no condor today (' + (c.reason || '') + ')' : '—'));
    setText('legs', (c.legs || []).map(function (l) { return (l.qty > 0 ? '+' : '') + l.qty + ' ' + l.type + ' ' + l.strike; }).join(', ') || '—');
    setText('contracts', c.contracts == null ? '—' : String(c.contracts), c.contracts);
    setText('credit', c.creditPerContract == null ? '—' : c.creditPerContract.toFixed(2) + ' USD', c.creditPerContract);
    setText('max-loss', c.maxLossPerContract == null ? '—' : c.maxLossPerContract.toFixed(2) + ' USD', c.maxLossPerContract);
    setText('breakevens', c.breakevens ? fmtNum(c.breakevens.lower, 2) + ' / ' + fmtNum(c.breakevens.upper, 2) : '—');
    setText('policy', h.policy || '—');
    setText('basis', h.basis || '—');
    setText('target-fraction', pct(h.targetFraction), h.targetFraction);
    setText('signal-score', fmtNum(h.signalScore, 3), h.signalScore);
    setText('inputs', fmtNum(inp.spxClose, 2) + ' / ' + fmtNum(inp.vixClose, 2));
    var ul = $('rationale');
    ul.textContent = '';
    (h.rationale || []).forEach(function (r) { ul.appendChild(el('li', r)); });
    var notes = $('signal-notes');
    notes.textContent = '';
    (sig.notes || []).forEach(function (n) { notes.appendChild(el('li', n)); });
  }

  function renderBook(b) {
    var tb = document.querySelector('#book-table tbody');
    tb.textContent = '';
    (b.layers || []).forEach(function (l) {
      tb.appendChild(row([l.name, l.instrument, l.position || 'flat', l.expiration || '—', l.strike == null ? '—' : String(l.strike),
        String(l.contracts), pct(l.exposure), pct(l.targetFraction), usd(l.cost), l.action || '—']));
    });
    if (!b.layers || b.layers.length === 0) tb.appendChild(row(['no hedge layers', '', '', '', '', '', '', '', '', '']));
    // the account's live book: the signal's book as if its ticket filled, or what alvh book fill recorded
    var live = b.stored, lb = document.querySelector('#live-book-table tbody');
    lb.textContent = '';
    var SOURCE = { signal: 'as if the ticket filled at its limits (no fills recorded: alvh book fill)', fills: 'from recorded fills', manual: 'set by hand', none: '' };
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
  function hasCondor(sig) { return sig && sig.condor && sig.condor.status !== 'skipped' && sig.condor.expiration; }

  // the payoff: the condor at its expiry, with the hedge at today's VIX, ×1.5 and ×2.5
  var PAYOFF_URL = '/api/scenario?horizon=expiry&spxMoves=-10:5:0.25&vixScale=1,1.5,2.5';

  function renderPayoff(x) {
    var sig = x[0].ok ? x[0].body.signal : null, r = x[1];
    if (!sig) return;
    if (!hasCondor(sig)) { $('chart-payoff').textContent = 'No condor in today\'s book.'; return; }
    if (!r.ok) { $('chart-payoff').textContent = r.body.error ? r.body.error.message : 'scenario unavailable'; return; }
    var s = r.body;
    var xs = s.spxMovesFrac.map(function (m) { return Math.round(s.spot * (1 + m) * 100) / 100; });
    var series = [{ label: 'SPX at expiry', value: function (u, v) { return v == null ? '—' : v.toFixed(0); } },
      { label: 'condor', stroke: '#333', width: 2, points: { show: false }, value: function (u, v) { return usd(v); } }];
    var data = [xs, s.condorPnlUsd[0]];
    s.vixLevelsPts.forEach(function (v, i) {
      series.push({ label: 'condor + hedge, VIX ' + v, stroke: EXTRA[i % EXTRA.length], width: 1.5, dash: i === 0 ? undefined : [6, 3], points: { show: false }, value: function (u, y) { return usd(y); } });
      data.push(s.totalPnlUsd[i]);
    });
    chart('chart-payoff', {
      series: series,
      scales: { x: { time: false } },
      axes: [{ label: 'SPX level at the condor expiry (' + s.horizon.date + ')' }, { label: 'P&L, USD', size: 70, values: axisUsd }],
    }, data);
  }

  function colour(v, maxAbs) {
    var t = maxAbs > 0 ? Math.max(-1, Math.min(1, v / maxAbs)) : 0;
    var a = Math.abs(t);
    // white → green for gains, white → red for losses
    var r = t < 0 ? 255 : Math.round(255 - a * 200), g = t < 0 ? Math.round(255 - a * 190) : Math.round(255 - a * 90), b = Math.round(255 - a * 200);
    return 'rgb(' + r + ',' + g + ',' + b + ')';
  }

  var scenario = null;
  function drawHeatmap() {
    var s = scenario;
    var part = $('scenario-part').value;
    var m = s[part];
    var thead = document.querySelector('#heatmap thead'), tbody = document.querySelector('#heatmap tbody');
    thead.textContent = '';
    tbody.textContent = '';
    thead.appendChild(row(['VIX \\ SPX'].concat(s.spxMovesFrac.map(function (x) { var p = Math.round(x * 1e4) / 100; return p.toFixed(p % 1 === 0 ? 0 : 2) + '%'; })), 'th'));
    var maxAbs = 0;
    m.forEach(function (r) { r.forEach(function (v) { maxAbs = Math.max(maxAbs, Math.abs(v)); }); });
    var baseRow = 0;
    s.vixLevelsPts.forEach(function (v, i) { if (Math.abs(v - s.vixPts) < Math.abs(s.vixLevelsPts[baseRow] - s.vixPts)) baseRow = i; });
    for (var i = s.vixLevelsPts.length - 1; i >= 0; i--) {
      var tr = document.createElement('tr');
      tr.appendChild(el('th', 'VIX ' + s.vixLevelsPts[i]));
      for (var j = 0; j < s.spxMovesFrac.length; j++) {
        var v = m[i][j];
        var td = el('td', usdShort(v), i === baseRow && s.spxMovesFrac[j] === 0 ? 'base' : '');
        td.style.backgroundColor = colour(v, maxAbs);
        td.title = 'SPX ' + (s.spxMovesFrac[j] * 100).toFixed(2) + '%, VIX ' + s.vixLevelsPts[i] + ': ' + usd(v);
        td.setAttribute('data-value', String(v));
        tr.appendChild(td);
      }
      tbody.appendChild(tr);
    }
  }

  function scenarioUrl() { return '/api/scenario?horizon=' + encodeURIComponent($('scenario-horizon').value); }
  function renderScenario(r) {
    if (!r.ok) { $('scenario-readout').textContent = r.body.error ? r.body.error.message : 'scenario unavailable'; return; }
    scenario = r.body;
    $('scenario-readout').textContent = 'horizon ' + scenario.horizon.date + ' (' + scenario.horizon.days + ' days); SPX ' + scenario.spot.toFixed(2) + ', VIX ' + scenario.vixPts.toFixed(2) + ' today';
    drawHeatmap();
  }
  function loadScenario() {
    if (!latest) { $('scenario-readout').textContent = 'no signal stored yet'; return Promise.resolve(); }
    if ($('scenario-horizon').value === 'expiry' && !hasCondor(latest)) { $('scenario-readout').textContent = 'no condor today: pick another horizon'; return Promise.resolve(); }
    return getJson(scenarioUrl()).then(renderScenario);
  }

  // ---- history --------------------------------------------------------------------
  var REGIME = { low: 0, moderate: 1, high: 2 };
  // the table lists the latest HISTORY_ROWS signals (the chart above it shows them all); the
  // button below it lists every one
  var HISTORY_ROWS = 30;
  var historyRows = [];
  function fillHistoryTable(n) {
    var tb = document.querySelector('#history-table tbody');
    tb.textContent = '';
    historyRows.slice(Math.max(0, historyRows.length - n)).reverse().forEach(function (r) {
      tb.appendChild(row([r.date, r.regime || '—', fmtNum(r.spxClose, 2), fmtNum(r.vixClose, 2), r.contracts == null ? '—' : String(r.contracts),
        r.creditPerContract == null ? '—' : r.creditPerContract.toFixed(2), pct(r.targetFraction), fmtNum(r.signalScore, 3)]));
    });
    var more = $('history-all');
    more.hidden = historyRows.length <= n;
    more.textContent = 'Show all ' + historyRows.length + ' signals';
  }
  // with fewer stored signals than this, the chart draws the backtest's book day by day instead
  var FEW_SIGNALS = 20;
  function renderHistory(rows) {
    historyRows = rows;
    fillHistoryTable(HISTORY_ROWS);
    $('history-note').hidden = true;
    if (rows.length < FEW_SIGNALS) {
      track(getJson('/api/history/engine').then(function (r) {
        if (r.ok && r.body.dates && r.body.dates.length > 0) drawEngineHistory(r.body, rows.length);
        else if (rows.length === 0) $('chart-score').textContent = 'No signals stored yet.';
        else drawSignalHistory(rows);
      }));
      return;
    }
    drawSignalHistory(rows);
  }
  function drawEngineHistory(h, stored) {
    var note = $('history-note');
    note.hidden = false;
    note.textContent = (stored === 0 ? 'No signals stored yet' : 'Only ' + stored + ' signal' + (stored === 1 ? '' : 's') + ' stored') + ': the chart draws the backtest\'s ' + h.policy +
      ' book over its last ' + h.dates.length + ' trading days (the same run as alvh signal): its regime and the hedge exposure it held, as a fraction of notional (modelled prices).';
    var xs = h.dates.map(epoch);
    chart('chart-score', {
      height: 220,
      series: [DATE_SERIES, { label: 'hedge exposure held (fraction of notional)', stroke: '#D55E00', width: 1.5, value: function (u, v) { return pct(v); } },
        { label: 'regime (0 low, 1 moderate, 2 high)', stroke: '#777', width: 1, scale: 'regime', paths: uPlot.paths.stepped({ align: 1 }) }],
      scales: { x: { time: true }, regime: { range: [-0.2, 2.2] } },
      axes: [DATE_AXIS, { label: 'exposure' }, { side: 1, scale: 'regime', label: 'regime', grid: { show: false } }],
    }, [xs, h.exposure, h.regime.map(function (g) { return g in REGIME ? REGIME[g] : null; })]);
  }
  function drawSignalHistory(rows) {
    var xs = rows.map(function (r) { return epoch(r.date); });
    chart('chart-score', {
      height: 220,
      series: [DATE_SERIES, { label: 'signal score', stroke: '#0072B2', width: 1.5, points: { show: rows.length < 60 } },
        { label: 'target (fraction of notional)', stroke: '#D55E00', width: 1.5, points: { show: rows.length < 60 }, value: function (u, v) { return pct(v); } },
        { label: 'regime (0 low, 1 moderate, 2 high)', stroke: '#777', width: 1, scale: 'regime', paths: uPlot.paths.stepped({ align: 1 }), points: { show: rows.length < 60 } }],
      scales: { x: rows.length > 1 ? { time: true } : { time: true, range: [xs[0] - 5 * 86400, xs[0] + 5 * 86400] }, regime: { range: [-0.2, 2.2] } },
      axes: [DATE_AXIS, { label: 'score / target' }, { side: 1, scale: 'regime', label: 'regime', grid: { show: false } }],
    }, [xs, rows.map(function (r) { return r.signalScore; }), rows.map(function (r) { return r.targetFraction; }),
      rows.map(function (r) { return r.regime in REGIME ? REGIME[r.regime] : null; })]);
  }

  // ---- backtest -------------------------------------------------------------------
  // the view of /api/backtest/view: the equity curves sampled for the chart, crises as they are
  function renderBacktest(r) {
    if (!r.ok) { setText('backtest-status', r.body.error ? r.body.error.message : 'backtest unavailable'); return; }
    var b = r.body;
    var names = Object.keys(b.policies);
    var sm = b.sampled;
    setText('backtest-status', b.from + ' to ' + b.to + ', starting capital ' + usd(b.notional) + (b.basis ? ', exposure basis ' + b.basis : '') + '. Option prices are modelled. ' +
      (sm.points < sm.days ? 'The chart draws ' + sm.points.toLocaleString('en-US') + ' of the ' + sm.days.toLocaleString('en-US') + ' trading days (in every ' + sm.windowDays + '-day window: its first and last day and each policy\'s low and high); the full daily series is at ' + sm.full + '.' : ''), sm.points);
    var xs = b.dates.map(epoch);
    var data = [xs];
    var series = [DATE_SERIES];
    names.forEach(function (n, i) {
      data.push(b.policies[n].equity.map(function (v) { return v > 0 ? v : null; }));
      series.push({ label: n, stroke: COLORS[n] || EXTRA[i % EXTRA.length], width: 1.5, value: function (u, v) { return usd(v); } });
    });
    chart('chart-equity', { series: series, scales: { x: { time: true }, y: { distr: 3 } }, axes: [DATE_AXIS, { label: 'equity, USD (log)', size: 70, values: axisUsd }] }, data);
    var thead = document.querySelector('#crisis-table thead'), tbody = document.querySelector('#crisis-table tbody');
    thead.textContent = '';
    tbody.textContent = '';
    thead.appendChild(row(['Crisis', 'Window'].concat(names.map(function (n) { return n + ' net P&L'; })).concat(names.map(function (n) { return n + ' hedge P&L'; })), 'th'));
    var crises = b.policies[names[0]].crises || [];
    crises.forEach(function (c, k) {
      var tr = row([c.name, c.from + ' – ' + c.to]);
      ['netPnl', 'hedgePnl'].forEach(function (f) {
        names.forEach(function (n) {
          var x = (b.policies[n].crises || [])[k];
          var td = el('td', x ? usd(x[f]) : '—');
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
  var uplotReady = window.uPlot ? Promise.resolve() : new Promise(function (r) { document.addEventListener('DOMContentLoaded', function () { r(); }); });
  // each panel's drawing is a performance measure "alvh-draw-NAME" (the bench reads them)
  function timed(name, fn) {
    return function (x) {
      var t0 = window.performance ? performance.now() : 0;
      try { return fn(x); } finally { if (window.performance && performance.measure) performance.measure('alvh-draw-' + name, { start: t0 }); }
    };
  }
  function whenReady(p) { return Promise.all([p, uplotReady]).then(function (x) { return x[0]; }); }
  function loadAll() {
    var sig = getJson('/api/signal/latest');
    var payoff = getJson(PAYOFF_URL);
    var scen = getJson(scenarioUrl());
    var book = getJson('/api/book');
    var hist = getJson('/api/signals');
    var bt = getJson('/api/backtest/view');
    widthOf('chart-payoff');
    track(whenReady(sig).then(timed('signal', function (r) { renderSignal(r.ok ? r.body.signal : null, r.ok ? r.body : null); })));
    track(whenReady(Promise.all([sig, payoff])).then(timed('payoff', renderPayoff)));
    track(whenReady(scen).then(timed('scenario', renderScenario)));
    track(whenReady(book).then(timed('book', function (r) { if (r.ok) renderBook(r.body); })));
    track(whenReady(hist).then(timed('history', function (r) { if (r.ok) renderHistory(r.body.signals); })));
    track(whenReady(bt).then(timed('backtest', renderBacktest)));
  }

  $('history-all').addEventListener('click', function () { fillHistoryTable(historyRows.length); });
  $('scenario-horizon').addEventListener('change', function () { loadScenario(); });
  $('scenario-part').addEventListener('change', function () { if (scenario) drawHeatmap(); });
  $('heatmap').addEventListener('mouseover', function (e) {
    var t = e.target;
    if (t && t.tagName === 'TD' && t.title) $('scenario-readout').textContent = t.title;
  });
  $('compute-form').addEventListener('submit', function (e) {
    e.preventDefault();
    var token = $('token').value.trim();
    setText('compute-status', 'computing…');
    fetch('/api/signal', { method: 'POST', headers: { Authorization: 'Bearer ' + token, Accept: 'application/json' } }).then(function (r) {
      return r.json().then(function (b) {
        if (!r.ok) { setText('compute-status', b.error ? b.error.message : 'failed (' + r.status + ')'); return; }
        setText('compute-status', (b.status === 'inserted' ? 'stored the signal of ' : 'already stored: the signal of ') + b.date);
        document.documentElement.removeAttribute('data-ready');
        loadAll();
      });
    }, function (err) { setText('compute-status', String(err)); });
  });
  loadAll();
})();
`;
