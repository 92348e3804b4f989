import { describe, expect, it } from 'vitest';
import { policiesFromFlags } from './engineInputs.js';

const AGGRESSIVE = 'examples/policies/alvh-aggressive.yaml';

describe('policiesFromFlags', () => {
  it('runs the four default policies when nothing is given', () => {
    expect(policiesFromFlags(undefined, []).map((p) => p.name)).toEqual(['alvh', 'static10', 'vxth', 'none']);
  });

  it('accepts a --policy-file NAME inside --policies, in that position', () => {
    const run = policiesFromFlags('tight,static10', [`tight=${AGGRESSIVE}`]);
    expect(run.map((p) => p.name)).toEqual(['tight', 'static10']);
    expect(run[0]?.policy.kind, 'the file is an ALVH policy').toBe('alvh');
  });

  it('runs file policies that --policies does not list after the listed ones', () => {
    expect(policiesFromFlags('alvh', [`tight=${AGGRESSIVE}`]).map((p) => p.name)).toEqual(['alvh', 'tight']);
  });

  it('lets a file replace a built-in policy of the same name', () => {
    const run = policiesFromFlags('alvh,none', [`alvh=${AGGRESSIVE}`]);
    expect(run.map((p) => p.name)).toEqual(['alvh', 'none']);
    expect(JSON.stringify(run[0]?.policy), 'the file, not the default').not.toEqual(JSON.stringify(policiesFromFlags('alvh', [])[0]?.policy));
  });

  it('names the flag on bad input', () => {
    expect(() => policiesFromFlags('bogus', [])).toThrow(/--policies: unknown policy "bogus"/);
    expect(() => policiesFromFlags('alvh,alvh', [])).toThrow(/--policies: "alvh" is listed twice/);
    expect(() => policiesFromFlags(undefined, ['tight'])).toThrow(/--policy-file: expected NAME=FILE/);
    expect(() => policiesFromFlags(undefined, [`a=${AGGRESSIVE}`, `a=${AGGRESSIVE}`])).toThrow(/--policy-file: policy name "a" is already used/);
  });
});
