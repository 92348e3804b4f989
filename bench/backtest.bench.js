// Backtest benchmark: all four default policies over the whole embedded history
// (1990..last date) at a $1M notional, wall and CPU time, peak RSS, and where the time goes.
// Run with `npm run bench` (all benches) or `npm run build && node bench/backtest.bench.js`.
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { CsvMarketDataSource } from '../dist/adapters/csvMarketData.js';
import { runBacktest, defaultNamedPolicies } from '../dist/backtest/engine.js';
import { tradeListHash } from '../dist/backtest/metrics.js';
import { backtestJson } from '../dist/cli/commands/backtest.js';
import { dayModel, DEFAULT_CALIBRATION } from '../dist/portfolio/marketModel.js';
import { DEFAULT_COST_MODEL } from '../dist/portfolio/costs.js';
import { parseCondorConfig } from '../dist/strategy/condor.js';
import { signalInputSeries } from '../dist/engine/inputs.js';

function timeIt(fn) {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const out = fn();
  return { out, wallMs: performance.now() - t0, cpuMs: (() => { const c = process.cpuUsage(c0); return (c.user + c.system) / 1000; })() };
}

export default async function run() {
  const rows = [];
  const load = timeIt(() => new CsvMarketDataSource().load());
  const data = load.out;
  rows.push({ name: 'load embedded data', value: load.wallMs, unit: 'ms', note: `${data.daily.n} days, CSV parse + validation (not part of the backtest)` });
  const inputs = timeIt(() => signalInputSeries(data));
  rows.push({ name: 'indicators precompute', value: inputs.wallMs, unit: 'ms', note: 'RSI, MACD, A/D divergence, days to events (cached per data set)' });
  const cfg = { policies: defaultNamedPolicies(), condor: parseCondorConfig({}), notional: 1_000_000, costs: DEFAULT_COST_MODEL, calib: DEFAULT_CALIBRATION }; // $1M: ~10 condors a day, every day traded
  const first = timeIt(() => runBacktest(data, cfg));
  rows.push({ name: 'full backtest, 4 policies, first run', value: first.wallMs, unit: 'ms', note: `cold: the code is not compiled yet; CPU ${first.cpuMs.toFixed(0)} ms` });
  // Each run starts on a day no run before it started on: nothing kept (engine/dayTape.ts) applies.
  const fresh = [];
  for (let k = 0; k < 7; k++) {
    const from = data.daily.dates[1 + k];
    fresh.push(timeIt(() => runBacktest(data, { ...cfg, from, recordTrades: false })));
  }
  const fw = fresh.slice(2).map((r) => r.wallMs).sort((a, b) => a - b);
  rows.push({ name: 'full backtest, 4 policies, warm, no tape (median)', value: fw[2], unit: 'ms', note: `a new first day each run (no kept days); without trade lists; min ${fw[0].toFixed(0)}, max ${fw[4].toFixed(0)}` });
  runBacktest(data, cfg); // the configuration's second run builds its day tape
  const runs = [];
  for (let k = 0; k < 5; k++) runs.push(timeIt(() => runBacktest(data, cfg)));
  const wall = runs.map((r) => r.wallMs).sort((a, b) => a - b);
  const cpu = runs.map((r) => r.cpuMs).sort((a, b) => a - b);
  rows.push({ name: 'full backtest, 4 policies (median)', value: wall[2], unit: 'ms', note: `warm, on the day tape, trade lists recorded; wall; min ${wall[0].toFixed(0)}, max ${wall[4].toFixed(0)}; CPU median ${cpu[2].toFixed(0)} ms` });
  const bare = [];
  for (let k = 0; k < 5; k++) bare.push(timeIt(() => runBacktest(data, { ...cfg, recordTrades: false })));
  const bw = bare.map((r) => r.wallMs).sort((a, b) => a - b);
  rows.push({ name: 'full backtest, 4 policies, no trade lists (median)', value: bw[2], unit: 'ms', note: `warm, on the day tape (as research passes and the plain CLI table run); min ${bw[0].toFixed(0)}, max ${bw[4].toFixed(0)}` });
  const one = timeIt(() => runBacktest(data, { ...cfg, policies: defaultNamedPolicies(['none']) }));
  rows.push({ name: 'full backtest, none only', value: one.wallMs, unit: 'ms', note: 'shared work: day models, condor schedule, condor book' });
  const models = timeIt(() => {
    let s = 0;
    for (let i = 0; i < data.daily.n; i++) s += dayModel(data, i, DEFAULT_CALIBRATION).spot;
    return s;
  });
  rows.push({ name: 'dayModel × every day', value: models.wallMs, unit: 'ms', note: 'building the model view of each day alone' });
  const json = timeIt(() => JSON.stringify(backtestJson(runs[0].out)));
  rows.push({ name: 'metrics + crises + JSON (CLI)', value: json.wallMs, unit: 'ms', note: `${(json.out.length / 1e6).toFixed(1)} MB of JSON` });
  const hash = timeIt(() => Object.values(runs[0].out.policies).map((r) => tradeListHash(r.trades)));
  rows.push({ name: 'trade-list SHA-256 (4 policies)', value: hash.wallMs, unit: 'ms', note: 'golden tests only; pure-JS SHA-256 of the canonical list' });
  const trades = Object.values(runs[0].out.policies).reduce((a, r) => a + r.trades.length, 0);
  rows.push({ name: 'trades recorded (4 policies)', value: trades, unit: 'count' });
  rows.push({ name: 'peak RSS', value: process.resourceUsage().maxRSS / 1024, unit: 'MB', note: 'whole process: data, 6 backtests kept alive' });
  return rows;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const r of await run()) console.log(`${r.name.padEnd(38)} ${typeof r.value === 'number' ? r.value.toFixed(1).padStart(10) : r.value} ${r.unit ?? ''}  ${r.note ?? ''}`);
}
