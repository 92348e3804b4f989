import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { IsoDate } from '../core/time.js';
import { defaultNamedPolicies } from '../backtest/engine.js';
import { builtInPolicy, defaultPolicy } from '../hedge/index.js';
import { readPolicyFile } from '../cli/engineInputs.js';
import { config, embedded } from '../cli/testing/engine.js';
import { parseCondorConfig } from '../strategy/condor.js';
import { CHECKPOINT_FORMAT, dataFingerprint, decodeCheckpoint, encodeCheckpoint, settingsKey, type EngineCheckpoint } from './checkpoint.js';
import { simulate } from './dayLoop.js';
import type { EngineRun, NamedPolicy, SimulationConfig, SimulationResult } from './types.js';

const FROM = '2007-06-01' as IsoDate;
const TO = '2009-03-31' as IsoDate;

const ARRAYS = ['equity', 'regime', 'hedgeSpend', 'condorCredit', 'hedgeValue', 'targetFraction', 'bandLo', 'bandHi', 'signalScore', 'condorContracts', 'notionalUsd'] as const;

/** The days of `full` from index `offset` on, next to the resumed run: identical, value for value. */
function expectSameTail(full: EngineRun, resumed: EngineRun, offset: number, split: IsoDate, why: string): void {
  const n = resumed.equity.length;
  for (const k of ARRAYS) expect(Array.from(resumed[k]), `${why}: ${full.name}.${k}`).toEqual(Array.from(full[k].subarray(offset, offset + n)));
  for (const tag of ['condor', 'L1', 'L2', 'L3', 'cash', 'fees'] as const) expect(Array.from(resumed.pnl[tag]), `${why}: ${full.name}.pnl.${tag}`).toEqual(Array.from(full.pnl[tag].subarray(offset, offset + n)));
  for (const l of ['L1', 'L2', 'L3'] as const) expect(Array.from(resumed.exposure[l]), `${why}: ${full.name}.exposure.${l}`).toEqual(Array.from(full.exposure[l].subarray(offset, offset + n)));
  expect(resumed.trades, `${why}: ${full.name} trades`).toEqual(full.trades.filter((x) => x.date > split));
}

/** Runs FROM..split with a checkpoint, round-trips it through its JSON form, resumes to TO; compares with FROM..TO in one go. */
function checkResume(cfg: SimulationConfig, full: SimulationResult, splitIndex: number): void {
  const split = full.dates[splitIndex] as IsoDate;
  const first = simulate(embedded(), { ...cfg, to: split }, { checkpoint: true });
  const cp = first.checkpoint as EngineCheckpoint;
  expect(cp.date).toBe(split);
  const text = encodeCheckpoint({ settingsKey: 'k', dataFingerprint: 'f', checkpoint: cp });
  const back = decodeCheckpoint(text, 'test').checkpoint;
  const { from: _from, ...rest } = cfg;
  const resumed = simulate(embedded(), { ...rest, resume: back }, { checkpoint: true });
  expect(resumed.dates[0], 'resumes the day after the checkpoint').toBe(full.dates[splitIndex + 1]);
  full.runs.forEach((run, k) => expectSameTail(run, resumed.runs[k] as EngineRun, splitIndex + 1, split, `split ${split}`));
  expect(resumed.snapshots, `split ${split}: books after the last day`).toEqual(full.snapshots);
  expect(resumed.condors, `split ${split}: condor quotes`).toEqual(full.condors.slice(splitIndex + 1));
  expect(resumed.checkpoint, `split ${split}: state after the last day`).toEqual(full.checkpoint);
  expect(resumed.notes, `split ${split}: notes of the whole run`).toEqual(full.notes);
}

function policyFile(name: string): NamedPolicy {
  return { name, policy: readPolicyFile('--policy', `examples/policies/${name}`) };
}

describe('engine checkpoints: a resumed run is the run that never stopped', () => {
  const scenarios: { name: string; cfg: () => SimulationConfig }[] = [
    { name: 'the four default policies, 1DTE, compounding', cfg: () => ({ ...config(FROM, TO), policies: defaultNamedPolicies() }) },
    {
      name: 'spend cap, ETP and variance-swap layers, fixed notional',
      cfg: () => ({
        ...config(FROM, TO),
        policies: [policyFile('alvh-aggressive.yaml'), policyFile('alvh-alternatives.yaml')],
        condor: parseCondorConfig({ notionalMode: 'fixed' }),
        notional: 1_000_000,
        // The aggressive example scores a yield-curve series; a made-up one that crosses its threshold.
        userSeries: { t10y2y: Float64Array.from({ length: embedded().daily.n }, (_, i) => Math.sin(i / 40)) },
      }),
    },
    {
      name: 'budget bases (creditShare reads 21 days of credit across the split, ratio, premiumPerYear)',
      cfg: () => ({ ...config(FROM, TO), policies: ['static10-credit', 'alvh-ratio', 'alvh-peryear'].map((name) => ({ name, policy: builtInPolicy(name) ?? defaultPolicy('none') })) }),
    },
    { name: '0DTE condors sized on the previous close, vxth', cfg: () => ({ ...config(FROM, TO), policies: defaultNamedPolicies(['vxth', 'alvh']), condor: parseCondorConfig({ dte: 0 }), notional: 1_000_000 }) },
  ];
  for (const sc of scenarios) {
    it(`${sc.name}: any split day gives identical days, trades, books and state`, () => {
      const cfg = sc.cfg();
      const full = simulate(embedded(), cfg, { checkpoint: true });
      expect(full.runs.some((r) => r.trades.some((t) => t.tag !== 'condor')), 'the hedges trade').toBe(true);
      fc.assert(
        fc.property(fc.integer({ min: 0, max: full.dates.length - 2 }), (splitIndex) => {
          checkResume(cfg, full, splitIndex);
        }),
        { numRuns: 6, seed: 20261124 },
      );
      // The first and last possible splits, always.
      checkResume(cfg, full, 0);
      checkResume(cfg, full, full.dates.length - 2);
    });
  }

  it('keeps NaN and infinities through its JSON form, and rejects other formats', () => {
    const cp = { format: CHECKPOINT_FORMAT, firstDate: '2020-01-02', date: '2020-01-02' as IsoDate, etpLevel: Number.NaN, books: [{ x: Number.POSITIVE_INFINITY }] } as unknown as EngineCheckpoint;
    const back = decodeCheckpoint(encodeCheckpoint({ settingsKey: 'a', dataFingerprint: 'b', checkpoint: cp }), 'f');
    expect(back.checkpoint.etpLevel).toBeNaN();
    expect((back.checkpoint.books[0] as unknown as { x: number }).x).toBe(Number.POSITIVE_INFINITY);
    expect(() => decodeCheckpoint('{"settingsKey":"a","dataFingerprint":"b","checkpoint":{"format":99,"date":"2020-01-02","books":[]}}', 'cp.json')).toThrow(/cp\.json.*format 99/);
    expect(() => decodeCheckpoint('{"nope":1}', 'cp.json')).toThrow(/cp\.json: not a checkpoint/);
    expect(() => decodeCheckpoint('{', 'cp.json')).toThrow(/cp\.json: not a checkpoint/);
  });

  it('refuses a checkpoint that does not fit the run', () => {
    const cfg: SimulationConfig = { ...config(FROM, '2007-06-29'), policies: defaultNamedPolicies() };
    const cp = simulate(embedded(), cfg, { checkpoint: true }).checkpoint as EngineCheckpoint;
    const { from: _f, ...rest } = cfg;
    expect(() => simulate(embedded(), { ...cfg, resume: cp }), 'from and resume together').toThrow(/from/);
    expect(() => simulate(embedded(), { ...rest, to: '2007-06-29' as IsoDate, resume: cp }), 'nothing after it').toThrow(/nothing to simulate/);
    expect(() => simulate(embedded(), { ...rest, to: '2007-07-31' as IsoDate, resume: { ...cp, date: '2007-06-30' as IsoDate } }), 'a Saturday').toThrow(/not a trading day/);
    expect(() => simulate(embedded(), { ...rest, to: '2007-07-31' as IsoDate, policies: [{ name: 'other', policy: defaultPolicy('alvh') }], resume: cp }), 'unknown book').toThrow(/no book for policy "other"/);
    expect(() => simulate(embedded(), { ...rest, to: '2007-07-31' as IsoDate, policies: [{ name: 'alvh', policy: defaultPolicy('vxth') }], resume: cp }), 'book of another kind').toThrow(/alvh book, the policy is vxth/);
  });
});

describe('checkpoint keys', () => {
  it('changes the data fingerprint with any value up to the day, and only those', () => {
    const data = embedded();
    const i = 4000;
    const base = dataFingerprint(data, i);
    expect(base).toMatch(/^[0-9a-f]{16}$/);
    expect(dataFingerprint(data, i), 'deterministic').toBe(base);
    expect(dataFingerprint(data, i + 1), 'one more day').not.toBe(base);
    const tweak = (col: 'spxClose' | 'advances', at: number): string => {
      const old = data.daily[col][at] as number;
      data.daily[col][at] = old + 0.01;
      try {
        return dataFingerprint(data, i);
      } finally {
        data.daily[col][at] = old;
      }
    };
    expect(tweak('spxClose', 17), 'an old close revised').not.toBe(base);
    expect(tweak('advances', i), 'breadth on the day').not.toBe(base);
    expect(tweak('spxClose', i + 1), 'a later day does not count').toBe(base);
    expect(dataFingerprint(data, i, { mine: new Float64Array(data.daily.n) }), 'a user series counts').not.toBe(base);
  });

  it('keys settings by value, NaN included, and by engine version', () => {
    const a = settingsKey({ notional: 100_000, x: Number.NaN, s: new Float64Array([1, 2]) }, '0.1.0');
    expect(settingsKey({ s: new Float64Array([1, 2]), x: Number.NaN, notional: 100_000 }, '0.1.0'), 'key order does not matter').toBe(a);
    expect(settingsKey({ notional: 100_001, x: Number.NaN, s: new Float64Array([1, 2]) }, '0.1.0')).not.toBe(a);
    expect(settingsKey({ notional: 100_000, x: Number.NaN, s: new Float64Array([1, 2]) }, '0.2.0')).not.toBe(a);
  });
});
