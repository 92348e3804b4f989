// `alvh signal` end to end (load, compute, store, print) in fresh processes, and where the
// time goes inside one process: module imports, the data load, the history replay of the
// daily signal (the backtest kernel from the first day of the data to today), the ticket
// and the store transaction.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const RUNS = 5;
const here = fileURLToPath(new URL('.', import.meta.url));
const bin = join(here, '..', 'bin', 'alvh.js');
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function cliMs(args) {
  const t0 = performance.now();
  execFileSync(process.execPath, [bin, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  return performance.now() - t0;
}

async function child(home) {
  const ms = (t0) => performance.now() - t0;
  let t = performance.now();
  const { CsvMarketDataSource } = await import('../dist/adapters/csvMarketData.js');
  const { dailySignal } = await import('../dist/signals/daily.js');
  const { todaySignal, signalCondor, signalTargetBook } = await import('../dist/signals/today.js');
  const { buildTicket } = await import('../dist/signals/ticket.js');
  const { modelPricer } = await import('../dist/signals/pricer.js');
  const { dayModel } = await import('../dist/portfolio/marketModel.js');
  const { defaultPolicy } = await import('../dist/hedge/index.js');
  const { DEFAULT_CALIBRATION } = await import('../dist/portfolio/marketModel.js');
  const { DEFAULT_COST_MODEL } = await import('../dist/portfolio/costs.js');
  const { parseCondorConfig } = await import('../dist/strategy/condor.js');
  const { openStore, closeStore, storePath } = await import('../dist/store/index.js');
  const { publishSignal } = await import('../dist/cli/publishSignal.js');
  const imports = ms(t);
  t = performance.now();
  const data = new CsvMarketDataSource().load();
  const load = ms(t);
  const date = data.daily.dates[data.daily.n - 1];
  const req = { data, date, policy: { name: 'alvh', policy: defaultPolicy('alvh') }, condor: parseCondorConfig({ notionalMode: 'fixed' }), calib: DEFAULT_CALIBRATION, notional: 100_000, costs: DEFAULT_COST_MODEL };
  t = performance.now();
  dailySignal(data, date, req.policy, req.condor, req.calib, { notional: req.notional, costs: req.costs });
  const replay = ms(t);
  t = performance.now();
  dailySignal(data, date, req.policy, req.condor, req.calib, { notional: req.notional, costs: req.costs });
  const replayWarm = ms(t);
  const sig = dailySignal(data, date, req.policy, req.condor, req.calib, { notional: req.notional, costs: req.costs });
  t = performance.now();
  const i = data.daily.dates.indexOf(date);
  buildTicket({ date, condor: signalCondor(sig), target: signalTargetBook(sig), live: [] }, modelPricer(dayModel(data, i, req.calib), sig.inputs.vixClose), req.costs);
  const ticket = ms(t);
  const today = todaySignal(req, []);
  const store = openStore(storePath(home), { nowMs: () => Date.now() });
  t = performance.now();
  publishSignal(store, date, () => ({ payload: today.signal, book: today.book }));
  const publish = ms(t);
  closeStore(store);
  console.log(JSON.stringify({ imports, load, replay, replayWarm, ticket, publish, days: data.daily.n, date }));
}

export default async function run() {
  const self = fileURLToPath(import.meta.url);
  const fresh = [];
  const stored = [];
  const parts = [];
  for (let i = 0; i < RUNS; i++) {
    const home = mkdtempSync(join(tmpdir(), 'alvh-bench-signal-'));
    try {
      fresh.push(cliMs(['signal', '--home', home, '--json']));
      stored.push(cliMs(['signal', '--home', home, '--json']));
      parts.push(JSON.parse(execFileSync(process.execPath, [self, '--child', join(home, 'inproc')], { encoding: 'utf8' })));
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  }
  const p = (k) => median(parts.map((x) => x[k]));
  const note = `${parts[0].days} trading days, signal of ${parts[0].date}; median of ${RUNS} processes`;
  return [
    { name: 'alvh signal, first run (compute + store): wall', value: median(fresh), unit: 'ms', note },
    { name: 'alvh signal, second run (stored): wall', value: median(stored), unit: 'ms' },
    { name: '  module imports', value: p('imports'), unit: 'ms' },
    { name: '  data load', value: p('load'), unit: 'ms' },
    { name: '  history replay (dailySignal)', value: p('replay'), unit: 'ms', note: 'the backtest kernel, first day of the data to today' },
    { name: '  history replay, again in the same process', value: p('replayWarm'), unit: 'ms', note: 'JIT-warm' },
    { name: '  ticket (model quotes, orders)', value: p('ticket'), unit: 'ms' },
    { name: '  store transaction', value: p('publish'), unit: 'ms' },
  ];
}

if (process.argv[2] === '--child') await child(process.argv[3]);
