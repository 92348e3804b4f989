#!/usr/bin/env node
// Measures the quoted half-spreads behind the default cost model (docs/guide/book.md):
// short-dated SPXW quotes in data/spx_chain_2026-01-30.csv (expiries up to 2026-02-06) by
// price bucket, and the one-month VIX calls quoted at the VXTH rolls 2006-2011.
// Usage: node scripts/spread-stats.mjs
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
const vix = rows('vxth_vix_calls_2006_2011.csv')
  .map((r) => ({ bid: Number(r.call_bid), ask: Number(r.call_ask) }))
  .filter((r) => r.bid > 0 && r.ask > r.bid);
console.log(`VXTH VIX calls at the rolls: n=${vix.length} half=${median(vix.map((r) => (r.ask - r.bid) / 2)).toFixed(3)} mid=${median(vix.map((r) => (r.ask + r.bid) / 2)).toFixed(3)}`);
