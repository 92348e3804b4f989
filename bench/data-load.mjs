// Measures the whole-dataset load (CsvMarketDataSource over the embedded data/) in fresh
// processes: wall time and CPU time of the first (cold) load, then warm loads.
//   npm run build && node bench/data-load.mjs [runs]
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const runs = Number(process.argv[2] ?? 5);
if (process.argv[2] === '--child') {
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
} else {
  const self = fileURLToPath(import.meta.url);
  const cold = [];
  const warm = [];
  let info = null;
  for (let i = 0; i < runs; i++) {
    const r = JSON.parse(execFileSync(process.execPath, [self, '--child'], { encoding: 'utf8' }));
    cold.push(r[0]);
    warm.push(...r.slice(1));
    info = r[0];
  }
  const med = (a, k) => a.map((x) => x[k]).sort((x, y) => x - y)[Math.floor(a.length / 2)].toFixed(0);
  console.log(`dataset: ${info.days} trading days, ${info.vxRows} VX settles, ${info.events} events`);
  console.log(`cold load (first in process): median wall ${med(cold, 'wallMs')} ms, cpu ${med(cold, 'cpuMs')} ms over ${runs} processes`);
  console.log(`warm load: median wall ${med(warm, 'wallMs')} ms, cpu ${med(warm, 'cpuMs')} ms`);
}
