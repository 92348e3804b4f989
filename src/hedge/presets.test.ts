import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { defaultPolicy, parsePolicy } from './policy.js';
import { BUILT_IN_POLICIES, builtInPolicy, scaleAlvhBands, stewardPolicy } from './presets.js';

describe('policy presets', () => {
  it('steward is the default ALVH policy with the spend cap on: 12 months of purchases <= the condor credit of those months', () => {
    const s = stewardPolicy();
    expect(s).toEqual({ ...defaultPolicy('alvh'), spendCap: { shareOfCondorCredit: 1, windowDays: 365 } });
    expect(defaultPolicy('alvh').spendCap, 'the kind default stays uncapped').toBeNull();
    // a valid policy: its own file would read back the same
    expect(parsePolicy(JSON.parse(JSON.stringify(s)))).toEqual(s);
  });

  it('answers to the kinds and the presets, and to nothing else', () => {
    expect(BUILT_IN_POLICIES).toEqual(['none', 'static10', 'alvh', 'vxth', 'steward', 'static10-credit', 'static10-peryear', 'static10-ratio', 'alvh-credit', 'alvh-peryear', 'alvh-ratio']);
    expect(builtInPolicy('static10')).toEqual(defaultPolicy('static10'));
    expect(builtInPolicy('steward')).toEqual(stewardPolicy());
    expect(builtInPolicy('promoter'), 'promoter is a search (alvh research promoter), not a fixed policy').toBeNull();
    expect(builtInPolicy('Steward')).toBeNull();
  });

  it('scales every band, caps at 1 and stays a valid policy', () => {
    const p = defaultPolicy('alvh');
    expect(scaleAlvhBands(p, 2).bands).toEqual({ low: { lo: 0.12, hi: 0.16 }, moderate: { lo: 0.24, hi: 0.36 }, high: { lo: 0.5, hi: 0.7 } });
    expect(scaleAlvhBands(p, 4).bands.high).toEqual({ lo: 1, hi: 1 });
    expect(scaleAlvhBands(p, 0).bands.moderate).toEqual({ lo: 0, hi: 0 });
    fc.assert(
      fc.property(fc.double({ min: 0, max: 20, noNaN: true }), (k) => {
        const q = scaleAlvhBands(p, k);
        expect(parsePolicy(JSON.parse(JSON.stringify(q)))).toEqual(q);
        expect({ ...q, bands: p.bands }).toEqual(p);
      }),
    );
  });

  it('refuses a negative or non-finite scale', () => {
    for (const k of [-0.1, Number.NaN, Number.POSITIVE_INFINITY]) expect(() => scaleAlvhBands(defaultPolicy('alvh'), k)).toThrow(/scale: must be a finite number >= 0/);
  });
});
