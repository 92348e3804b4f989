// `alvh signal` end to end (load, compute, store, print) in fresh processes, and where the
// time goes inside one process: module imports, the data load (CSV or the parsed cache),
// the resume point (checkpoint lookup and data fingerprint), the history replay (one day
// from a checkpoint, or every day since 1990), the ticket and the store transaction.
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
  await import('../dist/cli/commands/signal.js');
  const imports = ms(t);
  const { CsvMarketDataSource } = await import('../dist/adapters/csvMarketData.js');
  const { loadWithCache } = await import('../dist/cli/engineInputs.js');
  const { dailySignal } = await import('../dist/signals/daily.js');
  const { todaySignal } = await import('../dist/signals/today.js');
  const { DEFAULT_CALIBRATION } = await import('../dist/portfolio/marketModel.js');
  const { DEFAULT_COST_MODEL } = await import('../dist/portfolio/costs.js');
  const { openStore, closeStore, storePath } = await import('../dist/store/index.js');
  const { publishSignal, defaultSignalSettings, signalResumePoint, storedCheckpoint, signalSettingsKey } = await import('../dist/cli/publishSignal.js');
  const source = new CsvMarketDataSource();
  t = performance.now();
  const data = source.load();
  const loadCsv = ms(t);
  loadWithCache(source.dir, join(home, 'cache'), () => data);
  t = performance.now();
  loadWithCache(source.dir, join(home, 'cache'), () => source.load());
  const loadCache = ms(t);
  const date = data.daily.dates[data.daily.n - 1];
  const s = defaultSignalSettings();
  const opts = { notional: s.notional, costs: DEFAULT_COST_MODEL };
  t = performance.now();
  const resume = signalResumePoint(null, data, date, s);
  const resumeLookup = ms(t);
  if (resume === null) throw new Error('the shipped checkpoint does not fit the embedded data');
  t = performance.now();
  dailySignal(data, date, s.policy, s.condor, DEFAULT_CALIBRATION, { ...opts, resume });
  const replayOne = ms(t);
  t = performance.now();
  dailySignal(data, date, s.policy, s.condor, DEFAULT_CALIBRATION, opts);
  const replayAll = ms(t);
  const today = todaySignal({ data, date, policy: s.policy, condor: s.condor, calib: DEFAULT_CALIBRATION, notional: s.notional, costs: DEFAULT_COST_MODEL, resume }, []);
  const store = openStore(storePath(home), { nowMs: () => Date.now() });
  t = performance.now();
  const cp = storedCheckpoint(data, date, signalSettingsKey(data, s), today.checkpoint);
  publishSignal(store, date, () => ({ payload: today.signal, book: today.book, checkpoint: cp }));
  const publish = ms(t);
  closeStore(store);
  console.log(JSON.stringify({ imports, loadCsv, loadCache, resumeLookup, replayOne, replayAll, publish, days: data.daily.n, date }));
}

export default async function run() {
  const self = fileURLToPath(import.meta.url);
  const fresh = [];
  const cached = [];
  const stored = [];
  const full = [];
  const parts = [];
  for (let i = 0; i < RUNS; i++) {
    const home = mkdtempSync(join(tmpdir(), 'alvh-bench-signal-'));
    const other = mkdtempSync(join(tmpdir(), 'alvh-bench-signal-'));
    try {
      fresh.push(cliMs(['signal', '--home', home, '--json']));
      stored.push(cliMs(['signal', '--home', home, '--json']));
      rmSync(join(home, 'alvh.sqlite'), { force: true });
      rmSync(join(home, 'alvh.sqlite-wal'), { force: true });
      rmSync(join(home, 'alvh.sqlite-shm'), { force: true });
      cached.push(cliMs(['signal', '--home', home, '--json']));
      full.push(cliMs(['signal', '--home', other, '--json', '--notional', '250000']));
      parts.push(JSON.parse(execFileSync(process.execPath, [self, '--child', join(home, 'inproc')], { encoding: 'utf8' })));
    } finally {
      rmSync(home, { recursive: true, force: true });
      rmSync(other, { recursive: true, force: true });
    }
  }
  const p = (k) => median(parts.map((x) => x[k]));
  const note = `${parts[0].days} trading days, signal of ${parts[0].date}; median of ${RUNS} processes`;
  return [
    { name: 'alvh signal, fresh home (no store, no data cache): wall', value: median(fresh), unit: 'ms', note },
    { name: 'alvh signal, new store, data cache present: wall', value: median(cached), unit: 'ms', note: 'a day\'s first run' },
    { name: 'alvh signal, already published: wall', value: median(stored), unit: 'ms' },
    { name: 'alvh signal --notional 250000, fresh home: wall', value: median(full), unit: 'ms', note: 'no checkpoint fits: replays every day' },
    { name: '  module imports (signal command)', value: p('imports'), unit: 'ms' },
    { name: '  data load, CSV', value: p('loadCsv'), unit: 'ms' },
    { name: '  data load, parsed cache', value: p('loadCache'), unit: 'ms' },
    { name: '  resume point (checkpoint + data fingerprint)', value: p('resumeLookup'), unit: 'ms' },
    { name: '  replay from the checkpoint (one day)', value: p('replayOne'), unit: 'ms' },
    { name: '  replay of every day since the first', value: p('replayAll'), unit: 'ms' },
    { name: '  store transaction (signal, book, checkpoint)', value: p('publish'), unit: 'ms' },
  ];
}

if (process.argv[2] === '--child') await child(process.argv[3]);
