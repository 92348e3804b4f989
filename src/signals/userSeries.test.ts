import { describe, expect, it } from 'vitest';
import { runBacktest } from '../backtest/engine.js';
import { parsePolicy } from '../hedge/index.js';
import { config, embedded } from '../cli/testing/engine.js';

// An ALVH policy whose signal score is the user series alone: above 0 → s = 1 (top of
// the band), otherwise s = 0 (bottom of the band).
const onlyUserSeries = parsePolicy({
  kind: 'alvh',
  signal: { weights: { rsi: 0, macd: 0, breadth: 0, events: 0 }, userSeries: [{ name: 'flag', weight: 1, rule: 'above', threshold: 0 }] },
});

describe('user series in the backtest', () => {
  const data = embedded();
  const from = '2019-01-02';
  const to = '2019-03-29';
  const run = (values: (i: number) => number) => {
    const flag = new Float64Array(data.daily.n).map((_, i) => values(i));
    const r = runBacktest(data, { ...config(from, to), policies: [{ name: 'u', policy: onlyUserSeries }], userSeries: { flag } });
    const u = r.policies.u;
    if (u === undefined) throw new Error('no run');
    return u;
  };

  it('moves the ALVH target to the top of its band when the rule fires and to the bottom when not', () => {
    const on = run(() => 1);
    const off = run(() => -1);
    for (let t = 0; t < on.targetFraction.length; t++) {
      expect(on.targetFraction[t], `day ${t}: top of the band`).toBeCloseTo(on.bandHi[t] ?? Number.NaN, 12);
      expect(off.targetFraction[t], `day ${t}: bottom of the band`).toBeCloseTo(off.bandLo[t] ?? Number.NaN, 12);
    }
  });

  it('refuses a policy whose user series was not given, naming it', () => {
    expect(() => runBacktest(data, { ...config(from, to), policies: [{ name: 'u', policy: onlyUserSeries }] })).toThrow(/u\.signal\.userSeries: series "flag" is used by the policy but was not given/);
  });
});
