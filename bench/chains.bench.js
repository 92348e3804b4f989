// Real chains as a price source (issue 8): (1) a one-year backtest of the four policies on
// exported SPX and VIX chains against the same modelled backtest (CPU time, same run), with
// every file parsed and with the parsed copies of a cache (adapters/chains/dayCache.ts);
// (2) peak RSS walking full-size SPX chains day by day (DataShop layout, 20,000 contracts a
// day, about the size of a Cboe DataShop SPX+SPXW day), as day files, as one gzipped month
// file, and as a year of gzipped month files, each measured in a fresh child process (and
// the streaming gunzip child a large gzip file is decompressed by, on its own).
// Run: npm run build && node bench/run.js chains
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { ChainDirectory, GUNZIP_CHILD_SCRIPT } from '../dist/adapters/chains/directory.js';
import { DATASHOP_COLUMNS } from '../dist/adapters/chains/layouts.js';
import { runBacktest, defaultNamedPolicies } from '../dist/backtest/engine.js';
import { exportModelChains } from '../dist/cli/commands/chains.js';
import { loadEmbeddedData } from '../dist/cli/engineInputs.js';
import { chainDayModel } from '../dist/portfolio/chainDayModel.js';
import { DEFAULT_COST_MODEL } from '../dist/portfolio/costs.js';
import { DEFAULT_CALIBRATION, dayModel } from '../dist/portfolio/marketModel.js';
import { parseCondorConfig } from '../dist/strategy/condor.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const cpuMs = (fn) => {
  const c0 = process.cpuUsage();
  const out = fn();
  const c = process.cpuUsage(c0);
  return { out, ms: (c.user + c.system) / 1000 };
};

/** A synthetic full SPX day in the DataShop layout: 40 expiries x 250 strikes x call/put. */
function fullDay(date) {
  const lines = [DATASHOP_COLUMNS.join(',')];
  const base = new Date(`${date}T00:00:00Z`).getTime();
  for (let e = 1; e <= 40; e++) {
    const exp = new Date(base + e * 3 * 86_400_000).toISOString().slice(0, 10);
    for (let s = 0; s < 250; s++) {
      const k = 4000 + 10 * s;
      for (const t of ['C', 'P']) {
        const bid = (Math.abs(5000 - k) / 100 + e * 0.5).toFixed(2);
        const ask = (Number(bid) + 0.2).toFixed(2);
        lines.push(`^SPX,${date},SPXW,${exp},${k},${t},1,1,1,1,10,10,${bid},10,${ask},4999.5,5000.5,5000,5000,0.18,${t === 'C' ? 0.4 : -0.4},0.001,-1.5,2.2,0.3,10,${bid},10,${ask},4999.5,5000.5,1,100,`);
      }
    }
  }
  return `${lines.join('\n')}\n`;
}

/**
 * The child's own peak RSS: VmHWM of /proc/self/status where there is one. (resourceUsage's
 * maxRSS keeps, across the exec of a spawned child, the RSS of the parent it was forked
 * from: every child then reported at least the bench process's own size.)
 */
const PEAK_RSS_JS = "(() => { try { const m = /VmHWM:\\s+(\\d+) kB/.exec(require('node:fs').readFileSync('/proc/self/status', 'utf8')); if (m) return Number(m[1]) * 1024; } catch {} return process.resourceUsage().maxRSS * 1024; })()";

function peakRss(dir, dates) {
  const script = `
    const { ChainDirectory } = await import(${JSON.stringify(path.join(here, '..', 'dist/adapters/chains/directory.js'))});
    const before = process.memoryUsage().rss;
    const src = new ChainDirectory(${JSON.stringify(dir)});
    let n = 0;
    for (const d of ${JSON.stringify(dates)}) if (src.quote(d, 'SPX', 'put', src.expirations(d, 'SPX')[0], 4500)) n++;
    const require = (await import('node:module')).createRequire(import.meta.url);
    console.log(JSON.stringify({ before, maxRss: ${PEAK_RSS_JS}, n, rows: src.stats.rowsRead }));`;
  return JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' }));
}

export default async function run() {
  const rows = [];
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'alvh-chains-bench-'));
  try {
    // (1) one year, every policy: modelled vs on the exported chains.
    const dir = path.join(tmp, 'export');
    const req = { from: '2024-01-02', to: '2024-12-31', dir, format: 'generic', per: 'day', gzip: false, spxExpiries: 1, spxMonthlyDays: 0, sdReach: 6 };
    const ex = cpuMs(() => [exportModelChains({ ...req, root: 'SPX' }), exportModelChains({ ...req, root: 'VIX', per: 'month', gzip: true })]);
    rows.push({ name: 'export 2024 SPX + VIX chains', value: ex.ms, unit: 'ms CPU', note: `${ex.out[0].rows + ex.out[1].rows} contracts, ${ex.out[0].files.length + ex.out[1].files.length} files` });
    const data = loadEmbeddedData();
    const cfg = { from: '2024-01-02', to: '2024-12-31', policies: defaultNamedPolicies(), condor: parseCondorConfig({}), notional: 1_000_000, costs: DEFAULT_COST_MODEL, calib: DEFAULT_CALIBRATION };
    // On the CSV files every time (no cache), and with the parsed copies in a cache
    // (HOME/cache/chains in the CLI): its first run writes them, the next ones read them.
    // The modelled run and the two chain runs alternate, best of 3 each, so that all three
    // see the same machine load.
    const onChains = (opts) => {
      const src = new ChainDirectory(dir, opts);
      const s = { chain: 0, model: 0 };
      const ms = cpuMs(() => runBacktest(data, { ...cfg, dayModel: (d, i, c) => chainDayModel(dayModel(d, i, c), src, s) })).ms;
      return { ms, stats: { ...src.stats, ...s } };
    };
    const cacheDir = path.join(tmp, 'cache');
    const cache = { dir: cacheDir, write: (file, bytes) => { fs.mkdirSync(path.dirname(file), { recursive: true }); fs.writeFileSync(file, bytes); } };
    runBacktest(data, cfg); // warm-up
    onChains({});
    const firstCached = onChains({ cache });
    let model = Infinity;
    let chains = Infinity;
    let warm = Infinity;
    let stats = null;
    let warmStats = null;
    for (let k = 0; k < 3; k++) {
      model = Math.min(model, cpuMs(() => runBacktest(data, cfg)).ms);
      const r = onChains({});
      chains = Math.min(chains, r.ms);
      stats = r.stats;
      const w = onChains({ cache });
      warm = Math.min(warm, w.ms);
      warmStats = w.stats;
    }
    const cacheBytes = fs.readdirSync(cacheDir).reduce((s, f) => s + fs.statSync(path.join(cacheDir, f)).size, 0);
    rows.push({ name: '2024 backtest, 4 policies, modelled', value: model, unit: 'ms CPU', note: 'best of 3' });
    rows.push({ name: '2024 backtest, 4 policies, on the exported chains', value: chains, unit: 'ms CPU', note: `best of 3, every file parsed; ${stats.rowsRead} rows read from ${stats.filesRead} files; ${stats.chain} vols from the chains, ${stats.model} from the model` });
    rows.push({ name: 'chains (every file parsed) / modelled', value: chains / model, unit: 'x', note: 'issue 8 target: within 5x' });
    rows.push({ name: 'the same, first run with a cache (parses, writes the copies)', value: firstCached.ms, unit: 'ms CPU', note: `${(cacheBytes / 2 ** 20).toFixed(1)} MB of parsed copies` });
    rows.push({ name: 'the same, next runs (parsed copies read)', value: warm, unit: 'ms CPU', note: `best of 3; ${warmStats.groupsFromCache} groups from the cache; ${warmStats.chain} vols from the chains, ${warmStats.model} from the model` });
    rows.push({ name: 'chains (parsed copies) / modelled', value: warm / model, unit: 'x', note: 'issue 8 target: within 5x' });

    // (2) memory: a month (20 weekdays of June 2024) of full-size SPX chains.
    const days = [];
    for (let d = new Date('2024-06-03T00:00:00Z'); d.getUTCMonth() === 5; d = new Date(d.getTime() + 86_400_000)) if (d.getUTCDay() !== 0 && d.getUTCDay() !== 6) days.push(d.toISOString().slice(0, 10));
    const dayDir = path.join(tmp, 'full-days');
    const monthDir = path.join(tmp, 'full-month');
    fs.mkdirSync(dayDir);
    fs.mkdirSync(monthDir);
    let bytes = 0;
    const month = [];
    for (const d of days) {
      const text = fullDay(d);
      bytes += text.length;
      fs.writeFileSync(path.join(dayDir, `UnderlyingOptionsEODCalcs_${d}.csv.gz`), zlib.gzipSync(text, { level: 1 }));
      month.push(month.length === 0 ? text : text.slice(text.indexOf('\n') + 1));
    }
    fs.writeFileSync(path.join(monthDir, 'UnderlyingOptionsEODCalcs_2024-06.csv.gz'), zlib.gzipSync(month.join(''), { level: 1 }));
    const a = peakRss(dayDir, days);
    rows.push({ name: 'peak RSS, a month (20 days) of full SPX chains as day files (.csv.gz)', value: a.maxRss / 2 ** 20, unit: 'MB', note: `${a.rows} contracts (${(bytes / 2 ** 20).toFixed(0)} MB of CSV); node alone ${(a.before / 2 ** 20).toFixed(0)} MB; the cache keeps 2 days, so a year peaks the same` });
    const b = peakRss(monthDir, days);
    const monthGz = path.join(monthDir, 'UnderlyingOptionsEODCalcs_2024-06.csv.gz');
    rows.push({ name: 'peak RSS, the same month as one month file (.csv.gz)', value: b.maxRss / 2 ** 20, unit: 'MB', note: `${(fs.statSync(monthGz).size / 2 ** 20).toFixed(0)} MB gzipped: streamed (a gunzip child to a temporary file), each day frozen as the file moves on` });
    const g = JSON.parse(execFileSync(process.execPath, ['-e', `${GUNZIP_CHILD_SCRIPT} process.on('exit', () => console.log(JSON.stringify({ maxRss: ${PEAK_RSS_JS} })));`, monthGz, path.join(tmp, 'month.csv')], { encoding: 'utf8' }));
    rows.push({ name: 'peak RSS, the streaming gunzip child of that month file', value: g.maxRss / 2 ** 20, unit: 'MB', note: 'a separate process, alive while the file is decompressed' });

    // A year: 2024's weekdays as twelve gzipped month files, walked day by day.
    const yearDir = path.join(tmp, 'full-year');
    fs.mkdirSync(yearDir);
    const yearDays = [];
    for (let m = 0; m < 12; m++) {
      const parts = [];
      for (let d = new Date(Date.UTC(2024, m, 1)); d.getUTCMonth() === m; d = new Date(d.getTime() + 86_400_000)) {
        if (d.getUTCDay() === 0 || d.getUTCDay() === 6) continue;
        const iso = d.toISOString().slice(0, 10);
        yearDays.push(iso);
        const text = fullDay(iso);
        parts.push(parts.length === 0 ? text : text.slice(text.indexOf('\n') + 1));
      }
      fs.writeFileSync(path.join(yearDir, `UnderlyingOptionsEODCalcs_2024-${String(m + 1).padStart(2, '0')}.csv.gz`), zlib.gzipSync(parts.join(''), { level: 1 }));
    }
    const y = peakRss(yearDir, yearDays);
    rows.push({ name: 'peak RSS, a year (2024) of full SPX chains as 12 month files (.csv.gz)', value: y.maxRss / 2 ** 20, unit: 'MB', note: `${y.rows} contracts over ${yearDays.length} days; the reader keeps 2 months of compact days` });
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  return rows;
}
