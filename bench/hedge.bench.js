// Hedge rules over the embedded history: the cost of the daily ALVH step and the regime
// statistics of the default policy (the figures in docs/guide/hedge.md).
// Only the VIX close and the macro event calendar enter here (RSI, MACD and breadth are
// NaN, so the score falls back to the remaining components).
import { loadDailyFrame, loadEventCalendar } from '../dist/adapters/csvMarketData.js';
import { defaultPolicy, runAlvh, tradingDaysToNextEvent, classifyRegimes } from '../dist/hedge/index.js';
import { bestMs } from './lib.js';

export default async function run() {
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
  const closes = Float64Array.from(days.map((d) => d.vixClosePts));
  const explained = bestMs(() => runAlvh(policy, days));
  const quiet = bestMs(() => runAlvh(policy, days, { explain: false }));
  const last = bestMs(() => runAlvh(policy, days, { explain: 'last' }));
  const regimes = bestMs(() => classifyRegimes(closes, policy.regime));

  const { decisions } = explained.out;
  const count = { low: 0, moderate: 0, high: 0 };
  let switches = 0;
  let rawSwitches = 0;
  const raw = (v) => (v < policy.regime.lowBelowVixPts ? 0 : v > policy.regime.highAboveVixPts ? 2 : 1);
  for (let k = 0; k < decisions.length; k++) {
    count[decisions[k].regime]++;
    if (k > 0 && decisions[k].regime !== decisions[k - 1].regime) switches++;
    if (k > 0 && raw(closes[k]) !== raw(closes[k - 1])) rawSwitches++;
  }
  const pct = (x) => (100 * x) / decisions.length;
  const span = `${dates[0]}..${dates.at(-1)}, ${days.length} days`;
  return [
    { name: 'runAlvh, rationale every day', value: explained.ms, unit: 'ms', note: span },
    { name: 'runAlvh, no rationale', value: quiet.ms, unit: 'ms' },
    { name: "runAlvh, explain 'last' (daily signal)", value: last.ms, unit: 'ms' },
    { name: 'classifyRegimes (array form)', value: regimes.ms, unit: 'ms' },
    { name: 'days in low regime', value: pct(count.low), unit: '%' },
    { name: 'days in moderate regime', value: pct(count.moderate), unit: '%' },
    { name: 'days in high regime', value: pct(count.high), unit: '%' },
    { name: 'regime switches (with hysteresis)', value: switches, unit: 'count' },
    { name: 'regime switches (raw thresholds)', value: rawSwitches, unit: 'count' },
  ];
}
