import { describe, expect, it } from 'vitest';
import type { IsoDate } from '../core/time.js';
import { defaultNamedPolicies } from '../backtest/engine.js';
import { config, embedded } from '../cli/testing/engine.js';
import { readPolicyFile } from '../cli/engineInputs.js';
import { parseCondorConfig } from '../strategy/condor.js';
import { simulate } from './dayLoop.js';
import type { SimulationConfig, SimulationResult } from './types.js';

const FROM = '2008-06-02' as IsoDate;
const TO = '2009-03-31' as IsoDate;

/** Every daily array, trade and book of a result, as plain data. */
function plain(r: SimulationResult): unknown {
  return JSON.parse(JSON.stringify({ runs: r.runs.map((x) => ({ ...x, ...Object.fromEntries(Object.entries(x).map(([k, v]) => [k, ArrayBuffer.isView(v) ? Array.from(v as Float64Array) : v])) })), condors: r.condors, snapshots: r.snapshots, cash: r.ledgers.map((l) => l.cashCents) }));
}

/** The same configuration with a calibration object of its own: nothing kept matches it, so the run computes every day afresh. */
function fresh(cfg: SimulationConfig): SimulationConfig {
  return { ...cfg, calib: structuredClone(cfg.calib) };
}

describe('the day tape (shared market days reused by later runs in the process)', () => {
  // Each test has a calibration object of its own: no other test's runs (in any order) have seen its configuration.
  const ownConfig = (): SimulationConfig => {
    const own = config(FROM, TO);
    return { ...own, calib: structuredClone(own.calib), policies: defaultNamedPolicies(), notional: 1_000_000 };
  };

  it('gives a later run the same days, and the same results bit for bit as a run computed afresh', () => {
    const cfg = ownConfig();
    const first = simulate(embedded(), cfg, { checkpoint: true });
    const second = simulate(embedded(), cfg, { checkpoint: true });
    const third = simulate(embedded(), cfg, { checkpoint: true });
    expect(second.condors[10], 'a configuration’s first run keeps nothing').not.toBe(first.condors[10]);
    expect(third.condors[10], 'the third run reads the tape the second built').toBe(second.condors[10]);
    const reference = simulate(embedded(), fresh(cfg), { checkpoint: true });
    expect(reference.condors[10], 'another calibration object: computed afresh').not.toBe(first.condors[10]);
    expect(plain(third)).toEqual(plain(reference));
    expect(third.checkpoint).toEqual(reference.checkpoint);
  });

  it('serves a shorter run from the prefix of a longer one (its checkpoint carries that day’s ETP level)', () => {
    const cfg = ownConfig();
    // The alternatives example trades an ETP: its level is carried day to day.
    const alt: SimulationConfig = { ...cfg, policies: [{ name: 'alternatives', policy: readPolicyFile('--policy', 'examples/policies/alvh-alternatives.yaml') }] };
    const shorter: SimulationConfig = { ...alt, to: '2008-12-31' as IsoDate };
    simulate(embedded(), alt);
    simulate(embedded(), alt);
    const onTape = simulate(embedded(), shorter, { checkpoint: true });
    expect(plain(onTape)).toEqual(plain(simulate(embedded(), fresh(shorter), { checkpoint: true })));
    expect(onTape.checkpoint?.etpLevel, 'the ETP level of the shorter run’s last day').not.toBe(simulate(embedded(), alt, { checkpoint: true }).checkpoint?.etpLevel);
    expect(onTape.checkpoint).toEqual(simulate(embedded(), fresh(shorter), { checkpoint: true }).checkpoint);
  });

  it('keys the days by what they depend on: the condor rules, the calibration, the policies’ inputs and the first day', () => {
    const cfg = ownConfig();
    const base = simulate(embedded(), cfg);
    const wider = simulate(embedded(), { ...cfg, condor: parseCondorConfig({ shortDelta: 0.12 }) });
    expect(wider.condors[10]).not.toEqual(base.condors[10]);
    const calib = structuredClone(cfg.calib);
    const bent = { ...calib, smile: { ...calib.smile, b0: calib.smile.b0 * 1.5 } };
    const other = simulate(embedded(), { ...cfg, calib: bent });
    expect(other.condors[10], 'a changed smile re-quotes the condor').not.toEqual(base.condors[10]);
    const later = simulate(embedded(), { ...cfg, from: '2008-07-01' as IsoDate });
    expect(plain(later)).toEqual(plain(simulate(embedded(), fresh({ ...cfg, from: '2008-07-01' as IsoDate }))));
    const noVxth = { ...cfg, policies: defaultNamedPolicies(['alvh', 'static10']) };
    expect(plain(simulate(embedded(), noVxth))).toEqual(plain(simulate(embedded(), fresh(noVxth))));
    // After all of these, the first configuration still runs as before.
    expect(plain(simulate(embedded(), cfg))).toEqual(plain(base));
  });
});
