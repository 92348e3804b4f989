import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { defaultPolicy, type AlvhPolicy } from '../hedge/index.js';
import { loadPolicyFile } from './policyFile.js';

const example = (name: string): string => readFileSync(new URL(`../../examples/policies/${name}`, import.meta.url), 'utf8');

describe('loadPolicyFile and the example files', () => {
  it('alvh.json, static10.json and vxth.json are the defaults', () => {
    expect(loadPolicyFile(example('alvh.json'), 'json')).toEqual(defaultPolicy('alvh'));
    expect(loadPolicyFile(example('static10.json'), 'json')).toEqual(defaultPolicy('static10'));
    expect(loadPolicyFile(example('vxth.json'), 'json')).toEqual(defaultPolicy('vxth'));
  });

  it('alvh-aggressive.yaml overrides some fields and keeps the other defaults', () => {
    const p = loadPolicyFile(example('alvh-aggressive.yaml'), 'yaml') as AlvhPolicy;
    expect(p.kind).toBe('alvh');
    expect(p.regime).toEqual({ lowBelowVixPts: 14, highAboveVixPts: 22, hysteresisPts: 0.5, confirmDays: 1 });
    expect(p.bands.high).toEqual({ lo: 0.3, hi: 0.4 });
    expect(p.signal.userSeries).toEqual([{ name: 't10y2y', weight: 1, rule: 'crossBelow', threshold: 0 }]);
    expect(p.signal.rsiZeroAt, 'default kept').toBe(30);
    expect(p.splits.moderate).toEqual({ L1: 0.5, L2: 0.5, L3: 0 });
    expect(p.spendCap).toEqual({ shareOfCondorCredit: 0.35, windowDays: 365 });
    expect(p.layers, 'layers untouched').toEqual(defaultPolicy('alvh').layers);
  });

  it('reports malformed text as an InputError on `policy`', () => {
    expect(() => loadPolicyFile('{"kind": "alvh",', 'json')).toThrow(/^policy: not valid JSON/);
    expect(() => loadPolicyFile('kind: [alvh', 'yaml')).toThrow(/^policy: not valid YAML/);
    expect(() => loadPolicyFile('kind: alvh\nbands:\n  high:\n    hi: 0.2\n', 'yaml')).toThrow('alvh.bands.high.hi: must be >= lo (0.25), got 0.2');
  });
});
