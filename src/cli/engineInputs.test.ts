import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { IsoDate } from '../core/time.js';
import { indexOfDate } from '../market/series.js';
import { loadEmbeddedData, policiesFromFlags, userSeriesFromFlags } from './engineInputs.js';
import { stewardPolicy } from '../hedge/index.js';
import { runCli } from './testing/run.js';

const AGGRESSIVE = 'examples/policies/alvh-aggressive.yaml';

describe('policiesFromFlags', () => {
  it('runs the four default policies when nothing is given', () => {
    expect(policiesFromFlags(undefined, []).map((p) => p.name)).toEqual(['alvh', 'static10', 'vxth', 'none']);
  });

  it('runs the steward preset by name: an ALVH policy under the spend cap', () => {
    const [steward] = policiesFromFlags('steward', []);
    expect(steward?.name).toBe('steward');
    expect(steward?.policy).toEqual(stewardPolicy());
    expect(steward?.policy.kind).toBe('alvh');
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

describe('userSeriesFromFlags', () => {
  const dir = mkdtempSync(join(tmpdir(), 'alvh-user-series-'));
  const file = (name: string, text: string): string => {
    const p = join(dir, name);
    writeFileSync(p, text);
    return p;
  };
  const data = loadEmbeddedData();
  const at = (d: string): number => indexOfDate(data.daily, d as IsoDate);

  it('lays a series on the trading days as of each date, never ahead of it', () => {
    const p = file('spread.csv', 'date,value\n2020-03-13,0.5\n2020-03-15,-0.25\n2020-03-18,1\n');
    const s = userSeriesFromFlags([`spread=${p}`], data).spread;
    expect(s?.length).toBe(data.daily.n);
    expect(s?.[at('2020-03-12')], 'before the first row').toBeNaN();
    expect(s?.[at('2020-03-13')]).toBe(0.5);
    expect(s?.[at('2020-03-16')], 'Sunday value seen on Monday').toBe(-0.25);
    expect(s?.[at('2020-03-17')]).toBe(-0.25);
    expect(s?.[at('2020-03-18')]).toBe(1);
    expect(s?.[at('2020-06-01')], 'carried forward').toBe(1);
  });

  it('takes the only other column of a two-column file', () => {
    const s = userSeriesFromFlags(['skew=data/skew_daily.csv'], data).skew;
    expect(s?.[at('2025-02-18')], 'SKEW record close').toBeCloseTo(183.12, 2);
  });

  it('names the flag, file and line on bad input', () => {
    expect(() => userSeriesFromFlags(['spread'], data)).toThrow(/--user-series: expected NAME=FILE.csv/);
    expect(() => userSeriesFromFlags([`a=${file('no-value.csv', 'date,x,y\n2020-01-02,1,2\n')}`], data)).toThrow(/--user-series: .*no column "value"/);
    expect(() => userSeriesFromFlags([`a=${file('bad.csv', 'date,value\n2020-01-02,abc\n')}`], data)).toThrow(/bad\.csv:2: value: not a number/);
    expect(() => userSeriesFromFlags([`a=${file('order.csv', 'date,value\n2020-01-03,1\n2020-01-02,2\n')}`], data)).toThrow(/order\.csv:3: date: 2020-01-02 is not after/);
  });
});

describe('alvh signal --user-series', () => {
  it('explains the user series component in the rationale, and refuses a policy without its series', async () => {
    const ok = await runCli(['signal', '--date', '2020-03-16', '--policy', 'examples/policies/alvh-skew.yaml', '--user-series', 'skew=data/skew_daily.csv']);
    expect(ok.code, ok.err).toBe(0);
    expect(ok.out, 'SKEW close of 2020-03-16 against the rule').toMatch(/User series skew 114\.66, rule above 140 → 0, weight 1\./);
    const missing = await runCli(['signal', '--date', '2020-03-16', '--policy', 'examples/policies/alvh-skew.yaml']);
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/series "skew" is used by the policy but was not given/);
  });
});
