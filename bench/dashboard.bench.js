// Dashboard first load on localhost: the real server (dist/) on port 0 with a store of 250
// signals and a full-history-sized backtest JSON (9,200 days × 4 policies, synthetic), loaded
// in headless Chromium with a fresh browser context (empty cache) per run. Reports the median
// of 7 runs: navigation timing (DOMContentLoaded, load) and "ready" (every panel drawn, the
// page's own performance mark). Wall-clock, so it moves with the machine's load.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { startDashboard } from '../dist/cli/commands/serve.js';
import { saveSignalOnce } from '../dist/store/index.js';
import { syntheticResult } from '../dist/backtest/fixture.js';
import { toBacktestJson } from '../dist/backtest/summary.js';
import { addDays, isoDate, weekday } from '../dist/core/time.js';

const RUNS = 7;
const CHROMIUM = process.env.ALVH_CHROMIUM ?? '/usr/bin/chromium';
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

function signal(date, i) {
  const contracts = 5 + (i % 4);
  return {
    date,
    regime: ['low', 'moderate', 'high'][Math.floor(i / 40) % 3],
    inputs: { spxClose: 6939.03, vixClose: 17.44 },
    condor: {
      status: 'opened', reason: null, expiration: '2026-02-02', contracts,
      legs: [{ type: 'put', strike: 6750, qty: contracts }, { type: 'put', strike: 6800, qty: -contracts }, { type: 'call', strike: 7040, qty: -contracts }, { type: 'call', strike: 7090, qty: contracts }],
      creditPerContract: 210.5, maxLossPerContract: 4789.5, breakevens: { lower: 6797.9, upper: 7042.1 },
    },
    hedge: {
      policy: 'alvh', basis: 'deltaNotional', targetFraction: 0.07 + (i % 10) / 100, signalScore: (i % 10) / 10,
      layers: [
        { name: 'L1', instrument: 'vixCall', position: 'long VIX 2026-04-15 22 call', expiration: '2026-04-15', strike: 22, contracts: 9, exposure: 0.086, targetFraction: 0.085, cost: 3105.5, action: 'hold' },
        { name: 'L2', instrument: 'vixCall', position: 'long VIX 2026-02-18 20 call', expiration: '2026-02-18', strike: 20, contracts: 11, exposure: 0.057, targetFraction: 0.057, cost: 1210, action: 'open' },
      ],
      rationale: ['bench signal'],
    },
  };
}

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };

export default async function run() {
  const dir = mkdtempSync(join(tmpdir(), 'alvh-bench-web-'));
  const bt = join(dir, 'backtest.json');
  writeFileSync(bt, JSON.stringify(toBacktestJson(syntheticResult({ days: 9200, from: isoDate('1990-01-02') }))));
  const d = await startDashboard({ port: '0', home: join(dir, 'home'), backtest: bt }, { ALVH_TOKEN: 'bench-token-0123456789' }, () => {});
  // 250 trading days of history ending on 2026-01-30 (the book is priced on that close)
  const days = [];
  for (let x = isoDate('2026-01-30'); days.length < 250; x = addDays(x, -1)) if (weekday(x) !== 0 && weekday(x) !== 6) days.push(x);
  days.reverse().forEach((day, i) => saveSignalOnce(d.store, day, signal(day, i)));
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
  const dcl = [], load = [], ready = [], bytes = [], wire = [];
  try {
    for (let r = 0; r < RUNS + 1; r++) {
      const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      const page = await ctx.newPage();
      await page.goto(`${d.server.url}/`);
      await page.waitForSelector('html[data-ready="1"]', { timeout: 60_000 });
      const t = await page.evaluate(() => {
        const n = performance.getEntriesByType('navigation')[0];
        const m = performance.getEntriesByName('alvh-ready')[0];
        const res = performance.getEntriesByType('resource');
        const body = [n, ...res].reduce((a, e) => a + (e.decodedBodySize || 0), 0);
        const wire = [n, ...res].reduce((a, e) => a + (e.transferSize || 0), 0);
        return { dcl: n.domContentLoadedEventEnd, load: n.loadEventEnd, ready: m ? m.startTime : NaN, body, wire };
      });
      await ctx.close();
      if (r === 0) continue; // the first run also warms the server (data load, model)
      dcl.push(t.dcl); load.push(t.load); ready.push(t.ready); bytes.push(t.body); wire.push(t.wire);
    }
  } finally {
    await browser.close();
    await d.close();
  }
  // Once more with the real engine: a fresh server without --backtest (the default backtest
  // runs on the first view), today's signal computed by POST /api/signal first.
  const d2 = await startDashboard({ port: '0', home: join(dir, 'home2') }, { ALVH_TOKEN: 'bench-token-0123456789' }, () => {});
  let post, real;
  const browser2 = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
  try {
    let t0 = performance.now();
    const res = await fetch(`${d2.server.url}/api/signal`, { method: 'POST', headers: { Authorization: 'Bearer bench-token-0123456789' } });
    if (res.status !== 201) throw new Error(`POST /api/signal: ${res.status}`);
    post = performance.now() - t0;
    const page = await (await browser2.newContext()).newPage();
    t0 = performance.now();
    await page.goto(`${d2.server.url}/`);
    await page.waitForSelector('html[data-ready="1"]', { timeout: 120_000 });
    real = performance.now() - t0;
  } finally {
    await browser2.close();
    await d2.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return [
    { name: 'POST /api/signal (engine, cold server)', value: post, unit: 'ms', note: "today's signal: loads the data, runs the history to the last day" },
    { name: 'dashboard first view, real engine', value: real, unit: 'ms', note: 'navigation to every panel drawn, incl. the default backtest run on first view' },
    { name: 'dashboard DOMContentLoaded', value: median(dcl), unit: 'ms', note: `median of ${RUNS} cold loads` },
    { name: 'dashboard load event', value: median(load), unit: 'ms', note: 'HTML, CSS, uPlot and app.js' },
    { name: 'dashboard ready (all panels)', value: median(ready), unit: 'ms', note: 'signal, book, payoff + heat map (model), history, backtest' },
    { name: 'dashboard bytes (decoded)', value: median(bytes) / 1024, unit: 'KiB', note: 'page, assets and API answers, incl. the 9,200-day backtest JSON' },
    { name: 'dashboard bytes on the wire', value: median(wire) / 1024, unit: 'KiB', note: 'with gzip' },
  ];
}
