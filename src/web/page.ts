/**
 * The dashboard page: HTML with no inline script or style (the CSP forbids both); the
 * script and the styles are files served from the app's allow-list. `firstView` is the JSON
 * of the first view's API answers, embedded as a data block (`type="application/json"`,
 * which browsers never execute) so that the page draws without a second round of requests;
 * every `<` in it is escaped, so it cannot close the element.
 */

export function dashboardHtml(firstView = '{}'): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>alvh dashboard</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/assets/uPlot.min.css">
<link rel="stylesheet" href="/assets/app.css">
<script src="/assets/app.js" defer></script>
<script src="/assets/uPlot.iife.min.js" defer></script>
</head>
<body>
<header>
  <h1>alvh</h1>
  <span id="headline" class="muted">loading…</span>
  <span class="modelled">Prices are modelled (BSM on the model smile, Black-76 on modelled VIX futures), not quotes.</span>
</header>
<main>
<section id="answer-section">
  <h2>Is ALVH better than 10% of notional? <span class="muted">(the backtest's answer, modelled prices)</span></h2>
  <p id="answer" class="answer">loading…</p>
</section>
<section id="signal-section">
  <h2>Today's signal <span id="signal-date" class="muted"></span></h2>
  <p id="signal-stale" class="stale" hidden></p>
  <p id="signal-revision" class="muted" hidden></p>
  <p id="signal-empty" class="muted" hidden>No signal stored yet. Compute one with the token printed by <code>alvh serve</code>.</p>
  <div class="cards">
    <div class="card">
      <h3>Condor</h3>
      <dl>
        <dt>Regime</dt><dd id="regime">—</dd>
        <dt>Expiration</dt><dd id="expiration">—</dd>
        <dt>Legs</dt><dd id="legs">—</dd>
        <dt>Contracts</dt><dd id="contracts">—</dd>
        <dt>Credit per condor (modelled)</dt><dd id="credit">—</dd>
        <dt>Max loss per condor</dt><dd id="max-loss">—</dd>
        <dt>Break-evens</dt><dd id="breakevens">—</dd>
      </dl>
    </div>
    <div class="card">
      <h3>Hedge</h3>
      <dl>
        <dt>Policy</dt><dd id="policy">—</dd>
        <dt>Exposure basis</dt><dd id="basis">—</dd>
        <dt>Target (in the exposure basis)</dt><dd id="target-fraction">—</dd>
        <dt>Signal score</dt><dd id="signal-score">—</dd>
        <dt>SPX / VIX close</dt><dd id="inputs">—</dd>
      </dl>
    </div>
    <div class="card">
      <h3>Compute today's signal</h3>
      <form id="compute-form">
        <label for="token">Token</label>
        <input id="token" type="password" autocomplete="off" spellcheck="false">
        <button id="compute" type="submit">Compute and store</button>
      </form>
      <p id="compute-status" class="muted"></p>
    </div>
  </div>
  <h3>Why</h3>
  <ul id="rationale"></ul>
  <ul id="signal-notes" class="muted"></ul>
</section>
<section>
  <h2>Hedge book by layer</h2>
  <table id="book-table"><thead><tr><th>Layer</th><th>Instrument</th><th>Position</th><th>Expiration</th><th>Strike</th><th>Contracts</th><th>Exposure</th><th>Target</th><th>Value (modelled)</th><th>Today</th></tr></thead><tbody></tbody></table>
  <h3>Live book in the store <span class="muted" id="live-book-source"></span></h3>
  <table id="live-book-table"><thead><tr><th>Layer</th><th>Position</th><th>Quantity</th><th>Entry price</th></tr></thead><tbody></tbody></table>
</section>
<section>
  <h2>Payoff at the condor's expiry <span class="muted">(modelled; hedge repriced at that date for each VIX level)</span></h2>
  <div id="chart-payoff" class="chart"></div>
</section>
<section>
  <h2>Scenarios: P&amp;L by SPX move × VIX level <span class="muted">(modelled, dollars, against today's mark)</span></h2>
  <div class="controls">
    <label>Horizon <select id="scenario-horizon"><option value="today">today</option><option value="expiry">condor expiry</option><option value="5d">+5 days</option><option value="30d">+30 days</option></select></label>
    <label>Show <select id="scenario-part"><option value="totalPnlUsd">total</option><option value="condorPnlUsd">condor</option><option value="hedgePnlUsd">hedge</option></select></label>
    <span id="scenario-readout" class="readout">hover a cell</span>
  </div>
  <table id="heatmap" class="heatmap"><thead></thead><tbody></tbody></table>
</section>
<section>
  <h2>Regime and signal score history</h2>
  <p id="history-note" class="muted" hidden></p>
  <div id="chart-score" class="chart"></div>
</section>
<section>
  <h2>Signal history <span class="muted">(latest first)</span></h2>
  <table id="history-table"><thead><tr><th>Date</th><th>Regime</th><th>SPX</th><th>VIX</th><th>Contracts</th><th>Credit</th><th>Target</th><th>Score</th></tr></thead><tbody></tbody></table>
  <button id="history-all" type="button" hidden>Show all</button>
</section>
<section>
  <h2>Backtest: hedge policies compared <span class="muted">(modelled prices)</span></h2>
  <p id="backtest-status" class="muted">loading…</p>
  <div id="chart-equity" class="chart"></div>
  <h3>Efficient frontier: what each dollar of hedge buys</h3>
  <div id="frontier" class="frontier"></div>
  <p id="frontier-caption" class="muted"></p>
  <table id="equal-cost-table" hidden><caption>Equal net hedge cost: each adaptive policy, then the static L1 hedge of the same net cost a year (no signals or regimes)</caption><thead></thead><tbody></tbody></table>
  <p id="equal-cost-note" class="muted"></p>
  <table id="crisis-table"><thead></thead><tbody></tbody></table>
</section>
</main>
<script type="application/json" id="first-view">${firstView.replace(/</g, '\\u003c')}</script>
</body>
</html>
`;
}

export function dashboardCss(): string {
  return `
:root { --fg: #1b1f24; --muted: #5b6570; --line: #d8dde3; --bg: #fbfcfd; --accent: #D55E00; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg); background: var(--bg); }
header { display: flex; flex-wrap: wrap; gap: 1rem; align-items: baseline; padding: .8rem 1.5rem; border-bottom: 1px solid var(--line); background: #fff; }
header h1 { margin: 0; font-size: 1.3rem; }
main { padding: 0 1.5rem 2rem; max-width: 1300px; }
section { margin-top: 1.6rem; }
h2 { font-size: 1.1rem; margin: 0 0 .6rem; }
h3 { font-size: .95rem; margin: .2rem 0 .4rem; }
.muted { color: var(--muted); font-weight: normal; }
.stale { color: #a40000; font-weight: bold; }
.answer { max-width: 75rem; font-size: 1rem; margin: 0; }
.modelled { margin-left: auto; font-size: .85rem; color: #8a4b00; background: #fff3e0; padding: .15rem .5rem; border-radius: 4px; }
.cards { display: flex; flex-wrap: wrap; gap: 1rem; }
.card { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: .6rem .9rem; min-width: 280px; flex: 1; }
dl { display: grid; grid-template-columns: auto 1fr; gap: .15rem .8rem; margin: 0; }
dt { color: var(--muted); }
dd { margin: 0; font-variant-numeric: tabular-nums; }
table { border-collapse: collapse; background: #fff; font-variant-numeric: tabular-nums; }
th, td { border: 1px solid var(--line); padding: .2rem .5rem; text-align: right; }
th:first-child, td:first-child { text-align: left; }
.heatmap td { min-width: 3.6rem; text-align: center; cursor: default; font-size: .8rem; }
.heatmap td.base { outline: 2px solid #000; outline-offset: -2px; }
.controls { display: flex; gap: 1rem; align-items: center; margin-bottom: .5rem; }
.readout { font-variant-numeric: tabular-nums; }
.chart { min-height: 200px; }
.frontier svg { max-width: 100%; height: auto; margin: 0 12px 8px 0; vertical-align: top; }
form { display: flex; flex-direction: column; gap: .3rem; }
input, select, button { font: inherit; }
ul { margin: .2rem 0; padding-left: 1.2rem; }
`;
}
