// Hedge rules over the embedded history: regime statistics of the default ALVH policy
// and the cost of the daily step. Run: npm run build && node bench/hedge.mjs
// Only the VIX close and the macro event calendar enter here (the RSI, MACD and breadth
// inputs are NaN, so s falls back to the remaining components); the figures in
// docs/readme/hedge.md come from this script.
import { performance } from 'node:perf_hooks';
import { loadDailyFrame, loadEventCalendar } from '../dist/adapters/csvMarketData.js';
import { defaultPolicy, runAlvh, tradingDaysToNextEvent, classifyRegimes } from '../dist/hedge/index.js';

const frame = loadDailyFrame();
const events = loadEventCalendar().filter((e) => e.kind === 'fomc' || e.kind === 'cpi' || e.kind === 'ppi').map((e) => e.date);
const policy = defaultPolicy('alvh');
const idx = [];
for (let i = 0; i < frame.n; i++) if (Number.isFinite(frame.vixClose[i])) idx.push(i);
const dates = idx.map((i) => frame.dates[i]);
const toEvent = tradingDaysToNextEvent(dates, events);
const days = idx.map((i, k) => ({
  date: frame.dates[i],
  vixClosePts: frame.vixClose[i],
  vixRsi14: NaN,
  spxMacdHist: NaN,
  breadthDivergence01: NaN,
  tradingDaysToNextEvent: toEvent[k],
}));

function time(label, f, reps = 5) {
  let best = Infinity;
  let out;
  for (let r = 0; r < reps; r++) {
    const t0 = performance.now();
    out = f();
    best = Math.min(best, performance.now() - t0);
  }
  console.log(`${label}: ${best.toFixed(1)} ms (best of ${reps})`);
  return out;
}

console.log(`days: ${days.length} (${dates[0]} .. ${dates.at(-1)})`);
const { decisions } = time('runAlvh, rationale on', () => runAlvh(policy, days));
time('runAlvh, explain: false', () => runAlvh(policy, days, { explain: false }));
time("runAlvh, explain: 'last' (the daily signal)", () => runAlvh(policy, days, { explain: 'last' }));
const closes = Float64Array.from(days.map((d) => d.vixClosePts));
time('classifyRegimes (array form)', () => classifyRegimes(closes, policy.regime));

const count = { low: 0, moderate: 0, high: 0 };
let switches = 0;
let rawSwitches = 0;
let prevRaw = -1;
for (let k = 0; k < decisions.length; k++) {
  const d = decisions[k];
  count[d.regime]++;
  if (k > 0 && d.regime !== decisions[k - 1].regime) switches++;
  const v = days[k].vixClosePts;
  const raw = v < 15 ? 0 : v > 25 ? 2 : 1;
  if (prevRaw >= 0 && raw !== prevRaw) rawSwitches++;
  prevRaw = raw;
}
const pct = (x) => `${((100 * x) / decisions.length).toFixed(1)}%`;
console.log(`regime days: low ${count.low} (${pct(count.low)}), moderate ${count.moderate} (${pct(count.moderate)}), high ${count.high} (${pct(count.high)})`);
console.log(`regime switches: ${switches} with hysteresis, ${rawSwitches} without`);
const mean = decisions.reduce((a, d) => a + d.targetFraction, 0) / decisions.length;
console.log(`mean target: ${(100 * mean).toFixed(2)}% of condor notional (deltaNotional basis)`);
const last = decisions.at(-1);
console.log(`last day ${last.date}:`);
for (const line of last.rationale) console.log(`  ${line}`);
