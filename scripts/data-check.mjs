#!/usr/bin/env node
// Checks that the committed data/ is exactly what the build makes from the raw files:
// rebuilds into a temporary folder and compares every file the build writes, byte for byte.
//
//   npm run data:check                 (builds dist/ first)
//   node scripts/data-check.mjs [--from DIR]
//
// Exit 0: identical; 1: some file differs or is missing (listed); 2: the build failed or
// the raw folder is absent (a fresh clone without ../shared/data: nothing to compare).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const data = path.join(repoRoot, 'data');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'alvh-data-check-'));
try {
  const build = spawnSync(process.execPath, [path.join(repoRoot, 'scripts', 'build-data.mjs'), '--out', tmp, ...process.argv.slice(2)], { encoding: 'utf8' });
  if (build.status !== 0) {
    process.stderr.write(build.stderr || `data:check: the build exited ${build.status}\n`);
    process.exit(2);
  }
  const differ = [];
  const built = fs.readdirSync(tmp).sort();
  for (const name of built) {
    const committed = path.join(data, name);
    if (!fs.existsSync(committed)) differ.push(`${name}: built, not in data/`);
    else if (!fs.readFileSync(committed).equals(fs.readFileSync(path.join(tmp, name)))) differ.push(`${name}: differs from data/${name}`);
  }
  // Files in data/ that the build does not write (data/engine/ is the signal checkpoint, built by build-checkpoint.mjs).
  for (const name of fs.readdirSync(data).sort()) if (name !== 'engine' && !built.includes(name)) differ.push(`${name}: in data/, not written by the build`);
  if (differ.length > 0) {
    process.stderr.write(`data:check: data/ is not what the build makes (${differ.length}):\n${differ.map((d) => `  ${d}\n`).join('')}rebuild with npm run data:build and review the diff\n`);
    process.exit(1);
  }
  console.log(`data:check: ${built.length} files of data/ equal a fresh build, byte for byte`);
} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
}
