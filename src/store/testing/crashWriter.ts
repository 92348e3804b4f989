/**
 * Test-only writer for the crash test: each step writes, in ONE transaction, a signal, five
 * market rows and an audit entry for day i, then prints i. Killed with SIGKILL at random
 * points; re-run with an end index it completes the missing days and exits 0.
 *
 *   node crashWriter.js STORE_PATH [END]   (after transpileFolders, see crash.test.ts)
 */
import { canonicalJson } from '../../core/canonical.js';
import { systemClock } from '../../core/time.js';
import { appendAudit } from '../audit.js';
import { sha256Hex } from '../crypto.js';
import { closeStore, openStore, transaction } from '../db.js';
import { upsertSeries } from '../market.js';
import { saveSignalOnce } from '../signals.js';
import { CRASH_FIELDS, crashDay, crashPayload } from './crashSteps.js';

function main(): void {
  const [path, endRaw] = process.argv.slice(2);
  if (path === undefined) throw new Error('usage: crashWriter STORE_PATH [END]');
  const end = endRaw === undefined ? Number.POSITIVE_INFINITY : Number(endRaw);
  const store = openStore(path, systemClock);
  const done = store.db.prepare('SELECT count(*) AS n FROM signals').get() as { n: number };
  for (let i = done.n; i < end; i++) {
    const date = crashDay(i);
    transaction(store, () => {
      const payload = crashPayload(i);
      saveSignalOnce(store, date, payload);
      upsertSeries(store, 'TEST', CRASH_FIELDS.map((field, k) => ({ date, field, value: i * 10 + k })));
      appendAudit(store, 'test.write', { date, payloadHash: sha256Hex(canonicalJson(payload)) });
    });
    process.stdout.write(`${i}\n`);
  }
  closeStore(store);
}

main();
