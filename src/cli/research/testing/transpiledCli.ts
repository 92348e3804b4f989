/**
 * Test-only: the whole CLI transpiled to plain JavaScript in a temp directory (Node 20 runs
 * no TypeScript), so tests can start `alvh` child processes and worker threads without a
 * build. The transpiled code cannot find the embedded data beside itself: pass `--data`.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { copyFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { transpileFolders } from '../../../store/testing/transpile.js';

export const PROJECT_ROOT = fileURLToPath(new URL('../../../..', import.meta.url));
export const DATA_DIR = join(PROJECT_ROOT, 'data');

export interface TranspiledCli {
  readonly root: string;
  /** The sweep pool's worker entry. */
  readonly poolWorker: string;
  start(args: readonly string[]): ChildProcessWithoutNullStreams;
}

export function transpileCli(): TranspiledCli {
  const folders = readdirSync(join(PROJECT_ROOT, 'src'), { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name);
  const root = transpileFolders(PROJECT_ROOT, folders);
  // Data files imported by the code (e.g. pricing/calibration.json) go along.
  const walk = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]));
  for (const f of walk(join(PROJECT_ROOT, 'src'))) if (f.endsWith('.json')) copyFileSync(f, join(root, relative(join(PROJECT_ROOT, 'src'), f)));
  const bin = join(root, 'alvh.js');
  writeFileSync(bin, "import { main } from './cli/main.js';\nprocess.exitCode = await main(process.argv);\n");
  return {
    root,
    poolWorker: join(root, 'cli', 'research', 'poolWorker.js'),
    start: (args) => spawn(process.execPath, [bin, ...args], { stdio: ['pipe', 'pipe', 'pipe'] }),
  };
}
