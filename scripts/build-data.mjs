#!/usr/bin/env node
// Builds the embedded, cleaned dataset in data/ from the raw files in ../shared/data.
//
//   npm run data:build                 (builds dist/ first, then runs this script)
//   node scripts/build-data.mjs --from DIR [--out DIR]
//
// Every correction is counted and listed in data/CORRECTIONS.md. Output is deterministic:
// running the script twice gives byte-identical files. The build itself is typed and tested
// code in src/adapters/dataBuild/ (build.ts runs the steps; compiled to dist/ by `npm run
// build`); this script only reads its arguments. A broken raw file exits 2 with one line
// naming the file, line and field, and nothing is written.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execFileSync } from 'node:child_process';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const buildJs = path.join(repoRoot, 'dist', 'adapters', 'dataBuild', 'build.js');
if (!fs.existsSync(buildJs)) {
  console.error('build-data: dist/adapters/dataBuild/build.js is missing; run `npm run build` first (npm run data:build does).');
  process.exit(2);
}
const { runDataBuild } = await import(buildJs);
const { writeFileAtomic } = await import(path.join(repoRoot, 'dist', 'cli', 'io.js'));
const argv = process.argv.slice(2);
const fromIdx = argv.indexOf('--from');
/** Default: ../shared/data next to the repository (for a git worktree: next to the main checkout). */
function defaultSource() {
  const direct = path.resolve(repoRoot, '..', 'shared', 'data');
  if (fs.existsSync(direct)) return direct;
  try {
    const common = execFileSync('git', ['rev-parse', '--path-format=absolute', '--git-common-dir'], { cwd: repoRoot, encoding: 'utf8' }).trim();
    return path.resolve(path.dirname(common), '..', 'shared', 'data');
  } catch {
    return direct;
  }
}
const SRC = fromIdx >= 0 && argv[fromIdx + 1] ? path.resolve(argv[fromIdx + 1]) : defaultSource();
const outIdx = argv.indexOf('--out');
/** Default: the embedded data/ of the repository; `--out DIR` writes elsewhere (npm run data:check). */
const OUT = outIdx >= 0 && argv[outIdx + 1] ? path.resolve(argv[outIdx + 1]) : path.join(repoRoot, 'data');
if (!fs.existsSync(path.join(SRC, 'spx_daily.csv'))) {
  console.error(`build-data: no raw data in ${SRC} (use --from DIR)`);
  process.exit(2);
}

process.exitCode = runDataBuild(SRC, OUT, writeFileAtomic, { out: (l) => console.log(l), err: (l) => console.error(l) });
