// Dashboard on localhost, end to end, with the real engine (no synthetic --backtest): each
// server is `node bin/alvh.js serve --port 0` in its own process (after `npm run build`), on
// a home whose store holds 250 signals; pages load in headless Chromium, a fresh browser
// context (empty cache) per load. Measures:
//  (b) launch → ready: from spawning `alvh serve` to its "listening on" line (the data set,
//      today's model and the default 4-policy backtest are prepared before that line):
//      once with an empty cache (the backtest is computed) and, median of 3, with the cache;
//  (c) the first view of each freshly started server: navigation to every panel drawn;
//  (a) first loads with a fresh context on a started server (median of 7): DOMContentLoaded,
//      load, ready (every panel drawn: the page's own performance mark), bytes;
//  and POST /api/signal on a fresh server with an empty store. Wall-clock: it moves with
//  the machine's load (printed with the results). With ALVH_BENCH_BASE=DIR (another built
//  checkout, e.g. `git archive main`), the same measures of that checkout, interleaved.
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { closeStore, openStore, saveSignalOnce, storePath } from '../dist/store/index.js';
import { addDays, isoDate, systemClock, weekday } from '../dist/core/time.js';

const RUNS = 7;
const STARTS = 3;
const TOKEN = 'bench-token-0123456789';
const BIN = join(dirname(fileURLToPath(import.meta.url)), '..', 'bin', 'alvh.js');
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

/** 250 trading days of signals ending on 2026-01-30 (the book is priced on that close). */
export function seed(home) {
  const store = openStore(storePath(home), systemClock);
  const days = [];
  for (let x = isoDate('2026-01-30'); days.length < 250; x = addDays(x, -1)) if (weekday(x) !== 0 && weekday(x) !== 6) days.push(x);
  days.reverse().forEach((day, i) => saveSignalOnce(store, day, signal(day, i)));
  closeStore(store);
}

/** Spawns `alvh serve` (of the checkout whose bin is `bin`) and resolves when it prints "listening on URL". */
function serve(bin, home) {
  const t0 = performance.now();
  const child = spawn(process.execPath, [bin, 'serve', '--port', '0', '--home', home], { env: { ...process.env, ALVH_TOKEN: TOKEN }, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines = [];
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stderr.on('data', (b) => { err += b; });
    child.stdout.on('data', (b) => {
      out += b;
      let k;
      while ((k = out.indexOf('\n')) >= 0) {
        const line = out.slice(0, k);
        out = out.slice(k + 1);
        lines.push(line);
        const m = /^listening on (http:\S+)$/.exec(line);
        if (m) resolve({ url: m[1], readyMs: performance.now() - t0, lines, stop: () => new Promise((done) => { child.once('exit', done); child.kill('SIGTERM'); }) });
      }
    });
    child.once('exit', (code) => reject(new Error(`alvh serve exited (${code}): ${err}`)));
  });
}

/** One load in a fresh context: navigation timing, the ready mark, wall-clock to ready, bytes. */
async function load(browser, url) {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  try {
    const page = await ctx.newPage();
    // wall: from the goto call to the page's ready mark, both on this machine's clock (the
    // page's timeOrigin + the mark), without Playwright's time to notice it
    const t0 = Date.now();
    await page.goto(`${url}/`, { waitUntil: 'commit' });
    await page.waitForSelector('html[data-ready="1"]', { timeout: 60_000 });
    const t = await page.evaluate(() => {
      const n = performance.getEntriesByType('navigation')[0];
      const m = performance.getEntriesByName('alvh-ready')[0];
      const res = performance.getEntriesByType('resource');
      return {
        dcl: n.domContentLoadedEventEnd,
        load: n.loadEventEnd,
        ready: m ? m.startTime : NaN,
        readyAtMs: m ? performance.timeOrigin + m.startTime : NaN,
        body: [n, ...res].reduce((a, e) => a + (e.decodedBodySize || 0), 0),
        wire: [n, ...res].reduce((a, e) => a + (e.transferSize || 0), 0),
        requests: res.length + 1,
      };
    });
    const errorText = await page.textContent('#headline');
    if (/^error/.test(errorText ?? '')) throw new Error(`the page shows ${errorText}`);
    return { ...t, wall: t.readyAtMs - t0 };
  } finally {
    await ctx.close();
  }
}

/** The browser's floor on this machine: a blank page from a bare HTTP server, fresh context each (median DOMContentLoaded). */
async function blankLoads(browser) {
  const srv = createServer((req, res) => { res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }); res.end('<!doctype html><title>x</title><p>x</p>'); });
  await new Promise((r) => srv.listen(0, '127.0.0.1', r));
  const xs = [];
  try {
    for (let r = 0; r < RUNS; r++) {
      const ctx = await browser.newContext();
      const page = await ctx.newPage();
      await page.goto(`http://127.0.0.1:${srv.address().port}/`);
      xs.push(await page.evaluate(() => performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd));
      await ctx.close();
    }
  } finally {
    srv.close();
  }
  return median(xs);
}

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };

/**
 * The measures of one checkout: a start on an empty cache and its first view, then STARTS
 * starts (with the cache, when the checkout has one) and their first views; `loads(url)` is
 * called on the last server before it stops.
 */
async function measure(bin, dir, browser, loads) {
  const home = join(dir, 'home');
  seed(home);
  let s = await serve(bin, home);
  const coldStart = s.readyMs;
  const coldView = await load(browser, s.url);
  const computed = s.lines.some((l) => /^backtest comparison: computed/.test(l));
  await s.stop();
  const starts = [];
  const views = [];
  for (let k = 0; k < STARTS; k++) {
    s = await serve(bin, home);
    if (computed && !s.lines.some((l) => /^backtest comparison: read from/.test(l))) throw new Error(`expected the cached backtest: ${s.lines.join(' | ')}`);
    starts.push(s.readyMs);
    views.push(await load(browser, s.url));
    if (k === STARTS - 1) await loads(s.url);
    await s.stop();
  }
  return { coldStart, coldView, starts, views };
}

export default async function run() {
  const dir = mkdtempSync(join(tmpdir(), 'alvh-bench-web-'));
  // ALVH_BENCH_BASE=DIR: the same measures of another built checkout (e.g. main before a
  // change), its loads interleaved with this one's, under the same machine load
  const base = process.env.ALVH_BENCH_BASE;
  const load0 = loadavg()[0];
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
  const loads = [];
  const baseLoads = [];
  let cur, old, post, floor;
  try {
    // the browser's own first context is not the server's cost
    await (await browser.newContext()).close();
    floor = await blankLoads(browser);
    if (base === undefined) {
      cur = await measure(BIN, join(dir, 'cur'), browser, async (url) => { for (let r = 0; r < RUNS; r++) loads.push(await load(browser, url)); });
    } else {
      // both servers up for the loads, alternating
      old = await measure(join(base, 'bin', 'alvh.js'), join(dir, 'base'), browser, async (baseUrl) => {
        cur = await measure(BIN, join(dir, 'cur'), browser, async (url) => {
          for (let r = 0; r < RUNS; r++) {
            loads.push(await load(browser, url));
            baseLoads.push(await load(browser, baseUrl));
          }
        });
      });
    }
    // POST /api/signal on a fresh server with an empty store
    const s = await serve(BIN, join(dir, 'home2'));
    const t0 = performance.now();
    const res = await fetch(`${s.url}/api/signal`, { method: 'POST', headers: { Authorization: `Bearer ${TOKEN}` } });
    post = performance.now() - t0;
    await s.stop();
    if (res.status !== 201) throw new Error(`POST /api/signal: ${res.status}`);
  } finally {
    await browser.close();
    rmSync(dir, { recursive: true, force: true });
  }
  const load1 = loadavg()[0];
  const la = `load average ${load0.toFixed(2)} → ${load1.toFixed(2)}`;
  const pick = (xs, f) => median(xs.map(f));
  const rows = (m, ls, tag) => [
    { name: `${tag}serve launch → ready, empty cache`, value: m.coldStart, unit: 'ms', note: 'node start to "listening": data, day model, default backtest computed and cached' },
    { name: `${tag}serve launch → ready, cached`, value: median(m.starts), unit: 'ms', note: `median of ${STARTS} starts; backtest read from HOME/cache` },
    { name: `${tag}first view after start, empty cache`, value: m.coldView.ready, unit: 'ms', note: `navigation to every panel drawn; wall from the page.goto call ${m.coldView.wall.toFixed(0)} ms` },
    { name: `${tag}first view after start, cached`, value: pick(m.views, (t) => t.ready), unit: 'ms', note: `median of ${STARTS}; wall ${pick(m.views, (t) => t.wall).toFixed(0)} ms` },
    { name: `${tag}dashboard DOMContentLoaded`, value: pick(ls, (t) => t.dcl), unit: 'ms', note: `median of ${RUNS} loads, fresh context each` },
    { name: `${tag}dashboard load event`, value: pick(ls, (t) => t.load), unit: 'ms', note: 'HTML, CSS, app.js and uPlot' },
    { name: `${tag}dashboard ready (all panels)`, value: pick(ls, (t) => t.ready), unit: 'ms', note: `signal, book, payoff + heat map, history, backtest; wall ${pick(ls, (t) => t.wall).toFixed(0)} ms` },
    { name: `${tag}dashboard bytes (decoded)`, value: pick(ls, (t) => t.body) / 1024, unit: 'KiB', note: `${ls[0]?.requests ?? '?'} requests: page, assets and API answers` },
    { name: `${tag}dashboard bytes on the wire`, value: pick(ls, (t) => t.wire) / 1024, unit: 'KiB', note: 'with gzip' },
  ];
  return [
    { name: 'browser floor: blank page DOMContentLoaded', value: floor, unit: 'ms', note: `median of ${RUNS}, fresh context each: Chromium's own cost on this machine now` },
    ...rows(cur, loads, ''),
    ...(old === undefined ? [] : rows(old, baseLoads, 'base: ')),
    { name: 'POST /api/signal (fresh server)', value: post, unit: 'ms', note: `today's signal on an empty store; ${la}` },
  ];
}
