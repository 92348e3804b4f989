/**
 * The engine checkpoint shipped with the embedded data: the default signal's history run
 * (DESIGN defaults, the default ALVH policy) at the second-to-last day of `data/`, so that
 * the first `alvh signal` on a fresh clone replays one day instead of every day since 1990.
 * Written by `npm run checkpoint:update` (scripts/build-checkpoint.mjs); a test checks it is
 * exactly what a full replay gives. It is used only when its settings key and data
 * fingerprint match the run (engine/checkpoint.ts pickResumePoint).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { embeddedDataDir } from '../adapters/csvMarketData.js';
import { decodeCheckpoint, type CheckpointCandidate } from '../engine/checkpoint.js';

export const SHIPPED_CHECKPOINT_FILE = join('engine', 'signal-checkpoint.json');

let cached: CheckpointCandidate | null | undefined;

/** The shipped checkpoint as a resume candidate; null when the file is absent. */
export function shippedCheckpoint(): CheckpointCandidate | null {
  if (cached !== undefined) return cached;
  const file = join(embeddedDataDir(), SHIPPED_CHECKPOINT_FILE);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    cached = null;
    return cached;
  }
  try {
    const k = decodeCheckpoint(text, file);
    cached = { settingsKey: k.settingsKey, date: k.checkpoint.date, dataFingerprint: k.dataFingerprint, state: k.checkpoint, source: file };
  } catch {
    cached = null; // unreadable: the signal replays from the first day (the test suite keeps the file valid)
  }
  return cached;
}
