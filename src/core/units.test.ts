import { describe, expect, expectTypeOf, it } from 'vitest';
import { volFrac, volPts, vixToVolFrac, rateFrac, contracts, toCents, type VolFrac, type VolPts } from './units.js';

describe('units', () => {
  it('rejects values that are not numbers or out of range, naming the field', () => {
    expect(() => volFrac(Number.NaN, '--vol')).toThrow('--vol: must be a finite number');
    expect(() => volFrac(-0.1)).toThrow(/vol: must be >= 0/);
    expect(() => rateFrac(5, '--rate')).toThrow(/--rate: must be a fraction/);
    expect(() => contracts(1.5)).toThrow(/whole number/);
  });

  it('converts VIX points to vol fractions only through the named helper', () => {
    expect(vixToVolFrac(volPts(18.5))).toBeCloseTo(0.185, 15);
    expectTypeOf(vixToVolFrac(volPts(20))).toEqualTypeOf<VolFrac>();
    const takesFrac = (v: VolFrac): number => v;
    // @ts-expect-error VolPts is not a VolFrac
    takesFrac(volPts(18.5) as VolPts);
    expect(toCents(12.345)).toBe(1235);
  });
});
