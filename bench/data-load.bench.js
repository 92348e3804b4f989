// The whole embedded dataset (CsvMarketDataSource over data/) loaded in fresh processes:
// wall and CPU time of the first (cold) load in a process, then of warm loads.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const RUNS = 5;

async function child() {
  const { CsvMarketDataSource } = await import('../dist/adapters/csvMarketData.js');
  const out = [];
  for (let k = 0; k < 3; k++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const m = new CsvMarketDataSource().load();
    const c = process.cpuUsage(c0);
    out.push({ wallMs: performance.now() - t0, cpuMs: (c.user + c.system) / 1000, days: m.daily.n, vxRows: m.vx.date.length, events: m.events.length });
  }
  console.log(JSON.stringify(out));
}

const median = (xs) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export default async function run() {
  const self = fileURLToPath(import.meta.url);
  const cold = [];
  const warm = [];
  let info;
  for (let i = 0; i < RUNS; i++) {
    const r = JSON.parse(execFileSync(process.execPath, [self, '--child'], { encoding: 'utf8' }));
    cold.push(r[0]);
    warm.push(...r.slice(1));
    info = r[0];
  }
  const note = `${info.days} trading days, ${info.vxRows} VX settles, ${info.events} events; median of ${RUNS} processes`;
  return [
    { name: 'data load, cold: wall', value: median(cold.map((x) => x.wallMs)), unit: 'ms', note },
    { name: 'data load, cold: cpu', value: median(cold.map((x) => x.cpuMs)), unit: 'ms' },
    { name: 'data load, warm: wall', value: median(warm.map((x) => x.wallMs)), unit: 'ms' },
    { name: 'data load, warm: cpu', value: median(warm.map((x) => x.cpuMs)), unit: 'ms' },
  ];
}

if (process.argv[2] === '--child') await child();
