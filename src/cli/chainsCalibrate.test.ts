import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chainFileName, chainFileText } from '../adapters/chains/layouts.js';
import { embeddedChainSnapshots } from '../adapters/chains/snapshots.js';
import { parseCalibration, DEFAULT_CALIBRATION } from '../pricing/calibration.js';
import { evaluateSpxChain, spxBuckets } from '../pricing/modelFit.js';
import { prepareModel } from '../pricing/modelSeries.js';
import type { ChainsCalibrationReport } from './chainsCalibrate.js';
import { loadCalibrationData } from './commands/calibrate.js';
import { runCli } from './testing/run.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'alvh-chains-cal-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
const dir = path.join(tmp, 'chains');

beforeAll(() => {
  fs.mkdirSync(dir);
  // The embedded 2026-01-30 SPX chain, rewritten in the DataShop layout and gzipped.
  const s = embeddedChainSnapshots()[0];
  if (s === undefined) throw new Error('no snapshot');
  fs.writeFileSync(path.join(dir, chainFileName('spx', s.date, false)), chainFileText('datashop', s.rows));
});

describe('alvh calibrate --chains DIR', () => {
  it('reports the same errors on the embedded chain read through the chain source as the built-in report', async () => {
    const r = await runCli(['calibrate', '--chains', dir, '--json']);
    expect(r.code, r.err).toBe(0);
    const got = (JSON.parse(r.out) as { chains: ChainsCalibrationReport }).chains;
    expect(got.days).toEqual(['2026-01-30']);
    const data = loadCalibrationData();
    const snap = data.spxChains.find((c) => c.label === 'SPX chain 2026-01-30');
    if (snap === undefined) throw new Error('no built-in snapshot');
    const builtIn = { buckets: spxBuckets(evaluateSpxChain(data, prepareModel(data, DEFAULT_CALIBRATION), DEFAULT_CALIBRATION, snap).points) };
    const pick = (rows: readonly { tenor: string; delta: string; rmseVolPts: number; count: number }[]) => rows.find((b) => b.tenor === '1-60d' && b.delta === '0.05-0.50');
    expect(pick(got.buckets)?.count).toBe(pick(builtIn.buckets)?.count);
    expect(pick(got.buckets)?.rmseVolPts).toBeCloseTo(pick(builtIn.buckets)?.rmseVolPts ?? Number.NaN, 10);
    const oneDteWing = got.oneDte.find((b) => b.delta === 'wing <0.05');
    expect(oneDteWing?.count, '2026-02-02 is the next expiry (3 calendar days)').toBeGreaterThan(20);
  });

  it('--fit writes a calibration file of the committed shape that fits these chains at least as well', async () => {
    const out = path.join(tmp, 'fitted.json');
    const r = await runCli(['calibrate', '--chains', dir, '--fit', '--out', out, '--json']);
    expect(r.code, r.err).toBe(0);
    const j = JSON.parse(r.out) as { chains: ChainsCalibrationReport; fitted: ChainsCalibrationReport; written: string };
    expect(j.written).toBe(out);
    const file = parseCalibration(JSON.parse(fs.readFileSync(out, 'utf8')), 'fitted.json');
    expect(file.termStructure, 'only the smile shape is refitted').toEqual(DEFAULT_CALIBRATION.termStructure);
    expect(String(file.fit.smile)).toMatch(/fitted on the chains under/);
    const all = (x: ChainsCalibrationReport) => x.buckets.find((b) => b.tenor === '1-60d' && b.delta === '0.05-0.50')?.rmseVolPts ?? Number.NaN;
    expect(all(j.fitted)).toBeLessThanOrEqual(all(j.chains) + 1e-9);
    // The other commands read the file with --calibration.
    const again = await runCli(['calibrate', '--chains', dir, '--calibration', out, '--json']);
    expect(again.code, again.err).toBe(0);
    expect(all((JSON.parse(again.out) as { chains: ChainsCalibrationReport }).chains)).toBeCloseTo(all(j.fitted), 10);
  });

  it('refuses --fit without --out, an empty range and a missing directory (exit 2)', async () => {
    expect((await runCli(['calibrate', '--chains', dir, '--fit'])).err).toMatch(/--out: with --chains --fit/);
    const empty = await runCli(['calibrate', '--chains', dir, '--from', '2025-01-02', '--to', '2025-01-31']);
    expect(empty.code).toBe(2);
    expect(empty.err).toMatch(/--chains: no SPX quotes usable/);
    expect((await runCli(['calibrate', '--chains', path.join(tmp, 'nope')])).code).toBe(2);
  });
});
