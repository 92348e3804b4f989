#!/usr/bin/env node
// Writes data/engine/signal-checkpoint.json: the default signal's engine state at the
// second-to-last day of the embedded data (see src/cli/shippedCheckpoint.ts).
//
//   npm run checkpoint:update          (builds dist/ first; data:build runs it too)
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { shippedCheckpointText } = await import(path.join(repoRoot, 'dist', 'cli', 'publishSignal.js'));
const { CsvMarketDataSource } = await import(path.join(repoRoot, 'dist', 'adapters', 'csvMarketData.js'));
const { writeFileAtomic } = await import(path.join(repoRoot, 'dist', 'cli', 'io.js'));
const { SHIPPED_CHECKPOINT_FILE } = await import(path.join(repoRoot, 'dist', 'cli', 'shippedCheckpoint.js'));

const out = path.join(repoRoot, 'data', SHIPPED_CHECKPOINT_FILE);
fs.mkdirSync(path.dirname(out), { recursive: true });
writeFileAtomic(out, shippedCheckpointText(new CsvMarketDataSource().load()));
console.log(`build-checkpoint: wrote ${path.relative(repoRoot, out)}`);
