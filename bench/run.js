#!/usr/bin/env node
// Runs every bench/*.bench.js and prints one table. Each bench module exports
// `default async function run(): Promise<Row[]>` with Row = {name, value, unit, note?}.
// Results also go to bench/out/results.json. Usage: node bench/run.js [filter]
import { readdirSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { cpus } from 'node:os';

const here = dirname(fileURLToPath(import.meta.url));
const filter = process.argv[2];
const files = readdirSync(here).filter((f) => f.endsWith('.bench.js') && (filter === undefined || f.includes(filter))).sort();

const machine = { cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, node: process.version, platform: `${process.platform}-${process.arch}` };
console.log(`machine: ${machine.cpu} (${machine.cores} cores), node ${machine.node}, ${machine.platform}\n`);

const all = [];
let failed = false;
for (const file of files) {
  const mod = await import(pathToFileURL(join(here, file)).href);
  if (typeof mod.default !== 'function') {
    console.error(`${file}: no default export function, skipped`);
    failed = true;
    continue;
  }
  let rows;
  try {
    rows = await mod.default();
  } catch (err) {
    console.error(`${file}: failed: ${err instanceof Error ? err.stack : String(err)}`);
    failed = true;
    continue;
  }
  all.push({ file, rows });
  const w = Math.max(9, ...rows.map((r) => r.name.length));
  console.log(`## ${file}`);
  console.log(`${'benchmark'.padEnd(w)}  ${'value'.padStart(12)}  unit      note`);
  for (const r of rows) {
    const v = typeof r.value === 'number' ? (Math.abs(r.value) >= 100 ? r.value.toFixed(0) : r.value.toPrecision(4)) : String(r.value);
    console.log(`${r.name.padEnd(w)}  ${v.padStart(12)}  ${(r.unit ?? '').padEnd(8)}  ${r.note ?? ''}`);
  }
  console.log('');
}
mkdirSync(join(here, 'out'), { recursive: true });
writeFileSync(join(here, 'out', 'results.json'), `${JSON.stringify({ machine, results: all }, null, 2)}\n`);
if (failed) process.exitCode = 1;
