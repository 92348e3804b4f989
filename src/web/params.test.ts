import { describe, expect, it } from 'vitest';
import { InputError } from '../core/errors.js';
import { parseHorizon, parseSpxMovesPct, parseVixLevels, parseVixScale, vixLevelsFromScale } from './params.js';

describe('scenario grid parsing', () => {
  it("VIX levels as multiples of today's VIX, rounded to cents, within bounds", () => {
    expect(parseVixScale('vixScale', '1, 1.5,2.5')).toEqual([1, 1.5, 2.5]);
    expect(vixLevelsFromScale(17.44, [1, 1.5, 2.5]), '17.44 × 1.5 = 26.16, × 2.5 = 43.6').toEqual([17.44, 26.16, 43.6]);
    expect(vixLevelsFromScale(16.666, [1, 3])).toEqual([16.67, 50]);
    expect(() => parseVixScale('vixScale', '0')).toThrow(InputError);
    expect(() => parseVixScale('vixScale', '21')).toThrow(/\(0, 20\]/);
    expect(() => parseVixScale('vixScale', '1,x')).toThrow(/^vixScale: "x" is not a number/);
  });

  it('turns FROM:TO:STEP percent into fractions, inclusive, without float noise', () => {
    const m = parseSpxMovesPct('--spx-moves', '-10:5:1');
    expect(m.length).toBe(16);
    expect(m[0]).toBe(-0.1);
    expect(m[10]).toBe(0);
    expect(m[15]).toBe(0.05);
    expect(parseSpxMovesPct('x', '-1:1:0.1')[3], '0.1 steps stay exact').toBe(-0.007);
    expect(parseSpxMovesPct('x', '-3,0,2.5')).toEqual([-0.03, 0, 0.025]);
  });

  it('rejects bad ranges naming the flag', () => {
    for (const bad of ['', '1:2', '5:-5:1', '-10:5:0', 'a:b:c', '-150:0:10', '-10:5:1:2', '0:1000:1']) {
      expect(() => parseSpxMovesPct('--spx-moves', bad), bad).toThrow(InputError);
      expect(() => parseSpxMovesPct('--spx-moves', bad), bad).toThrow(/^--spx-moves:/);
    }
  });

  it('parses VIX levels and horizons', () => {
    expect(parseVixLevels('--vix', '12, 15,20')).toEqual([12, 15, 20]);
    expect(() => parseVixLevels('--vix', '12,,15')).toThrow(/^--vix:/);
    expect(() => parseVixLevels('--vix', '0')).toThrow(/^--vix:/);
    expect(parseHorizon('--horizon', 'today')).toEqual({ kind: 'today' });
    expect(parseHorizon('--horizon', 'expiry')).toEqual({ kind: 'expiry' });
    expect(parseHorizon('--horizon', '30d')).toEqual({ kind: 'days', days: 30 });
    for (const bad of ['tomorrow', '-1d', '1.5d', '9999d', 'd']) expect(() => parseHorizon('--horizon', bad), bad).toThrow(/^--horizon:/);
  });
});
