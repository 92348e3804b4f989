#!/usr/bin/env node
// Measures the quoted half-spreads behind the default cost model (docs/guide/book.md):
// short-dated SPXW quotes in data/spx_chain_2026-01-30.csv (expiries up to 2026-02-06) by
// price bucket, the out-of-the-money quotes of the next two expiries (1DTE and 2DTE) by
// price bucket beside the cost model's formula (the short-dated wing rule of
// src/engine/reality.ts, docs/decisions.md), and the one-month VIX calls quoted at the VXTH
// rolls 2006-2011.
// Usage: npm run build && node scripts/spread-stats.mjs
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const data = join(dirname(fileURLToPath(import.meta.url)), '..', 'data');
const rows = (file) => {
  const [head, ...lines] = readFileSync(join(data, file), 'utf8').trim().split(/\r?\n/);
  const cols = head.split(',');
  return lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [cols[i], v])));
};
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s[Math.floor(s.length / 2)];
};

const spx = rows('spx_chain_2026-01-30.csv')
  .map((r) => ({ bid: Number(r.bid), ask: Number(r.ask), exp: r.expiration }))
  .filter((r) => r.bid > 0 && r.ask > r.bid && r.exp <= '2026-02-06');
console.log('SPXW 2026-01-30, expiries <= 2026-02-06: median half-spread by mid');
for (const [lo, hi] of [[0, 1], [1, 3], [3, 10], [10, 30], [30, 100]]) {
  const q = spx.filter((r) => (r.bid + r.ask) / 2 >= lo && (r.bid + r.ask) / 2 < hi);
  console.log(`  $${lo}-${hi}: n=${q.length} half=${median(q.map((r) => (r.ask - r.bid) / 2)).toFixed(3)}`);
}
// The formula the model uses (the cost model's default SPX parameters), at that day's VIX close.
const { DEFAULT_COST_MODEL, halfSpread } = await import('../dist/portfolio/costs.js');
const spot = 6939.03; // SPX close of 2026-01-30 (data/spx_daily.csv)
const vixClose = 17.44; // VIX close of 2026-01-30 (data/vix_daily.csv)
const otm = rows('spx_chain_2026-01-30.csv')
  .map((r) => ({ bid: Number(r.bid), ask: Number(r.ask), exp: r.expiration, otm: r.type === 'put' ? Number(r.strike) < spot * 0.995 : Number(r.strike) > spot * 1.005 }))
  .filter((r) => r.otm && r.bid >= 0 && r.ask > r.bid);
for (const [exp, label] of [['2026-02-02', '1DTE'], ['2026-02-03', '2DTE']]) {
  console.log(`SPXW 2026-01-30, ${label} (${exp}) out of the money (bid 0 included): median half-spread by mid, and the formula's`);
  for (const [lo, hi] of [[0, 0.25], [0.25, 0.5], [0.5, 1], [1, 2], [2, 5]]) {
    const q = otm.filter((r) => r.exp === exp && (r.bid + r.ask) / 2 >= lo && (r.bid + r.ask) / 2 < hi);
    const model = median(q.map((r) => halfSpread(DEFAULT_COST_MODEL.spread.spxOption, (r.bid + r.ask) / 2, vixClose / 100)));
    console.log(`  $${lo}-${hi}: n=${q.length} half=${median(q.map((r) => (r.ask - r.bid) / 2)).toFixed(3)} formula=${model.toFixed(3)}`);
  }
}
const vix = rows('vxth_vix_calls_2006_2011.csv')
  .map((r) => ({ bid: Number(r.call_bid), ask: Number(r.call_ask) }))
  .filter((r) => r.bid > 0 && r.ask > r.bid);
console.log(`VXTH VIX calls at the rolls: n=${vix.length} half=${median(vix.map((r) => (r.ask - r.bid) / 2)).toFixed(3)} mid=${median(vix.map((r) => (r.ask + r.bid) / 2)).toFixed(3)}`);
