import { describe, expect, it } from 'vitest';
import { defaultPolicy, type AlvhPolicy } from '../hedge/policy.js';
import { expandGrid, gridFingerprint, parseGrid, rangeValues, variantCount } from './grid.js';

const resolveBase = (name: string) => {
  if (name === 'alvh' || name === 'static10') return defaultPolicy(name);
  throw new Error(`unexpected base ${name}`);
};

describe('sweep grids', () => {
  it('expands the cartesian product of lists and ranges, last key fastest, each variant validated', () => {
    const g = parseGrid({ base: 'alvh', vary: { 'regime.lowBelowVixPts': { from: 13, to: 17, step: 1 }, 'bands.moderate.hi': [0.15, 0.18, 0.21] } }, resolveBase);
    const v = expandGrid(g);
    expect(v.length).toBe(15);
    expect(v[0]?.values).toEqual({ 'regime.lowBelowVixPts': 13, 'bands.moderate.hi': 0.15 });
    expect(v[1]?.values).toEqual({ 'regime.lowBelowVixPts': 13, 'bands.moderate.hi': 0.18 });
    expect(v[14]?.values).toEqual({ 'regime.lowBelowVixPts': 17, 'bands.moderate.hi': 0.21 });
    const p = v[14]?.policy as AlvhPolicy;
    expect(p.regime.lowBelowVixPts).toBe(17);
    expect(p.bands.moderate.hi).toBe(0.21);
    expect(p.bands.moderate.lo, 'untouched fields keep the base value').toBe(0.12);
    expect(new Set(v.map((x) => x.key)).size, 'distinct keys').toBe(15);
  });

  it('varies condor. paths in the condor configuration', () => {
    const v = expandGrid(parseGrid({ base: 'static10', vary: { 'condor.shortDelta': [0.08, 0.12], targetFraction: [0.05] } }, resolveBase));
    expect(v.map((x) => x.condor.shortDelta)).toEqual([0.08, 0.12]);
    expect(v.every((x) => x.policy.kind === 'static10' && x.policy.targetFraction === 0.05)).toBe(true);
  });

  it('ranges avoid floating-point drift', () => {
    expect(rangeValues('k', { from: 0.1, to: 0.3, step: 0.05 })).toEqual([0.1, 0.15, 0.2, 0.25, 0.3]);
  });

  it('sample: N draws N distinct combinations reproducibly from the seed', () => {
    const grid = { base: 'alvh', vary: { 'regime.lowBelowVixPts': { from: 10, to: 19, step: 1 }, 'bands.low.hi': { from: 0.08, to: 0.12, step: 0.01 } }, sample: 7, seed: 42 };
    const a = expandGrid(parseGrid(grid, resolveBase));
    const b = expandGrid(parseGrid(grid, resolveBase));
    expect(a.length).toBe(7);
    expect(a.map((x) => x.key)).toEqual(b.map((x) => x.key));
    expect(new Set(a.map((x) => x.key)).size).toBe(7);
    const c = expandGrid(parseGrid({ ...grid, seed: 43 }, resolveBase));
    expect(c.map((x) => x.key)).not.toEqual(a.map((x) => x.key));
    expect(gridFingerprint(parseGrid(grid, resolveBase))).not.toBe(gridFingerprint(parseGrid({ ...grid, seed: 43 }, resolveBase)));
  });

  it.each([
    [{ base: 'alvh', vary: { 'regime.nope': [1] } }, /vary\.regime\.nope.*unknown parameter/],
    [{ base: 'alvh', vary: { 'condor.wingz': [1] } }, /vary\.condor\.wingz.*unknown parameter/],
    [{ base: 'alvh', vary: { bands: [1] } }, /vary\.bands.*unknown parameter/],
    [{ base: 'alvh', vary: { 'regime.lowBelowVixPts': { from: 17, to: 13, step: 1 } } }, /vary\.regime\.lowBelowVixPts.*empty range/],
    [{ base: 'alvh', vary: { 'regime.lowBelowVixPts': [] } }, /vary\.regime\.lowBelowVixPts.*empty list/],
    [{ base: 'alvh', vary: { 'bands.moderate.hi': [0.15, 1.5] } }, /vary\.bands\.moderate\.hi.*<= 1/],
    [{ base: 'alvh', vary: { 'condor.shortDelta': [0.7] } }, /vary\.condor\.shortDelta/],
    [{ base: 'alvh', vary: { 'regime.lowBelowVixPts': [30] } }, /vary\.regime\.lowBelowVixPts.*highAboveVixPts/],
    [{ base: 'alvh', vary: {} }, /vary.*no parameter/],
    [{ base: 'alvh', vary: { x: [1] }, extra: 1 }, /extra.*unknown field/],
  ])('rejects a bad grid naming the key: %j', (grid, message) => {
    expect(() => expandGrid(parseGrid(grid, resolveBase))).toThrow(message);
  });

  it('refuses more than the maximum without confirmation, naming vary (or sample)', () => {
    const grid = parseGrid({ base: 'alvh', vary: { 'regime.lowBelowVixPts': { from: 10, to: 14.9, step: 0.1 }, 'bands.low.hi': { from: 0.08, to: 0.2, step: 0.005 } } }, resolveBase);
    expect(variantCount(grid)).toBe(50 * 25);
    expect(() => expandGrid(grid)).toThrow(/vary: 1,250 variants exceed the maximum of 1,000 without --yes/);
    expect(expandGrid(grid, { allowMore: true }).length).toBe(1250);
  });
});
