import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalJson } from '../core/canonical.js';
import { seededRng, type Clock } from '../core/time.js';
import { listAudit, verifyAudit } from './audit.js';
import { sha256Hex } from './crypto.js';
import { closeStore, integrityCheck, openStore } from './db.js';
import { readSeries } from './market.js';
import { listSignals } from './signals.js';
import { CRASH_FIELDS, crashDay, crashPayload } from './testing/crashSteps.js';
import { transpileFolders } from './testing/transpile.js';

const projectRoot = fileURLToPath(new URL('../..', import.meta.url));
const clock: Clock = { nowMs: () => 0 };
const dirs: string[] = [];
let writer = '';
beforeAll(() => {
  const js = transpileFolders(projectRoot, ['core', 'store']);
  dirs.push(js);
  writer = join(js, 'store', 'testing', 'crashWriter.js');
});
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** Runs the writer; kills it with SIGKILL after `killAfter` committed steps (or lets it finish). */
function runWriter(path: string, opts: { killAfter?: number; end?: number }): Promise<{ committed: number; code: number | null; signal: string | null }> {
  return new Promise((resolve, reject) => {
    const args = [writer, path, ...(opts.end === undefined ? [] : [String(opts.end)])];
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let committed = 0;
    let buffer = '';
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      buffer += d.toString();
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      committed += lines.length;
      if (opts.killAfter !== undefined && committed >= opts.killAfter && child.exitCode === null) child.kill('SIGKILL');
    });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (code !== 0 && signal !== 'SIGKILL') reject(new Error(`writer failed (${code}): ${stderr}`));
      else resolve({ committed, code, signal });
    });
  });
}

/** Opens the store after a crash and checks that every step is all there or not there at all. */
function checkStore(path: string): number {
  const store = openStore(path, clock);
  try {
    expect(integrityCheck(store), 'PRAGMA integrity_check after SIGKILL').toEqual(['ok']);
    const verdict = verifyAudit(store);
    expect(verdict.ok, `audit chain verifies: ${verdict.ok ? '' : verdict.message}`).toBe(true);
    const signals = listSignals(store);
    const audit = listAudit(store);
    const market = readSeries(store, 'TEST');
    const n = signals.length;
    expect(audit.length, 'one audit entry per committed step, no partial step').toBe(n);
    expect(market.length, 'five market rows per committed step, no partial step').toBe(n * CRASH_FIELDS.length);
    signals.forEach((s, i) => {
      expect(s.date, 'steps are committed in order, none skipped').toBe(crashDay(i));
      expect(s.payload, `signal ${i} is complete`).toEqual(crashPayload(i));
      expect(JSON.parse(audit[i]?.payload ?? 'null'), `audit entry ${i + 1} matches its signal`).toEqual({
        date: crashDay(i),
        payloadHash: sha256Hex(canonicalJson(crashPayload(i))),
      });
    });
    return n;
  } finally {
    closeStore(store);
  }
}

describe('crash safety (SIGKILL during writes)', () => {
  it('leaves a sound store after every kill, and a re-run completes the work', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'alvh-crash-'));
    dirs.push(dir);
    const path = join(dir, 'alvh.sqlite');
    const rng = seededRng(20261123);
    let before = 0;
    for (let round = 0; round < 5; round++) {
      const killAfter = 1 + Math.floor(rng.next() * 40);
      const run = await runWriter(path, { killAfter });
      expect(run.signal, `round ${round}: the writer was killed mid-loop`).toBe('SIGKILL');
      const n = checkStore(path);
      expect(n, `round ${round}: at least the ${run.committed} reported steps survived`).toBeGreaterThanOrEqual(before + run.committed);
      before = n;
    }
    const end = before + 25;
    const final = await runWriter(path, { end });
    expect(final.code, 're-running the writer completes').toBe(0);
    expect(checkStore(path), 're-run fills every missing step exactly once').toBe(end);
  });
});
