// Speed of the model-free variance kernel (alvh vix) and of the indicators.
import { readFileSync } from 'node:fs';
import { modelFreeVariance } from '../dist/pricing/modelFreeVariance.js';
import { rsi } from '../dist/indicators/rsi.js';
import { macd } from '../dist/indicators/macd.js';

function chain(file) {
  const quotes = [];
  const rates = new Map();
  for (const line of readFileSync(new URL(file, import.meta.url), 'utf8').trim().split('\n').slice(1)) {
    const [e, k, t, b, a, r] = line.split(',');
    const ms = Date.parse(e);
    quotes.push({ expirationMs: ms, strike: +k, type: t, bid: +b, ask: +a });
    rates.set(ms, +r);
  }
  return { quotes, rateFracByExpiry: rates };
}

function microsPerCall(fn, n) {
  for (let i = 0; i < Math.min(n, 50); i++) fn();
  const t = performance.now();
  for (let i = 0; i < n; i++) fn();
  return ((performance.now() - t) / n) * 1000;
}

export default async function run() {
  const wp = chain('../src/pricing/fixtures/vix_white_paper_example.csv');
  const spx = chain('../src/pricing/fixtures/spx_2026-01-30_feb27_mar02.csv');
  const xs = Float64Array.from({ length: 9000 }, (_, i) => 100 + Math.sin(i / 10) * 5 + i * 0.01);
  return [
    { name: `vix, white-paper chain (${wp.quotes.length} quotes)`, value: microsPerCall(() => modelFreeVariance(wp, Date.parse('2014-05-05T09:46:00-05:00')), 2000), unit: 'µs' },
    { name: `vix, SPX 2026-01-30 two expiries (${spx.quotes.length} quotes)`, value: microsPerCall(() => modelFreeVariance(spx, Date.parse('2026-01-30T16:00:00-05:00')), 2000), unit: 'µs' },
    { name: 'rsi(14), 9000 bars', value: microsPerCall(() => rsi(xs, 14), 2000), unit: 'µs' },
    { name: 'macd(12,26,9), 9000 bars', value: microsPerCall(() => macd(xs), 2000), unit: 'µs' },
  ];
}
