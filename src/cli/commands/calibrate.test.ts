import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CALIBRATION, parseCalibration } from '../../pricing/calibration.js';
import type { BucketRow, CalibrationReport } from '../../pricing/modelFit.js';
import { aimRows } from './calibrate.js';
import { runCli } from '../testing/run.js';

let out = '';
let err = '';
/** Runs the CLI; `out` and `err` hold what this run wrote. */
async function run(...args: string[]): Promise<number> {
  const r = await runCli(args);
  ({ out, err } = r);
  return r.code;
}

/*
 * Thresholds met by the committed calibration (src/pricing/calibration.json) on the
 * embedded data; the measured values are in docs/guide/model.md (`alvh calibrate`).
 * A change that makes the model fit the real data worse fails here.
 */
describe('alvh calibrate (committed calibration vs the real data)', () => {
  let report: CalibrationReport;
  let jsonOut = '';
  beforeAll(async () => {
    expect(await run('calibrate', '--json')).toBe(0);
    jsonOut = out;
    report = (JSON.parse(out) as { report: CalibrationReport }).report;
  });

  const bucket = (label: string, tenor: string, delta: string) => {
    const c = report.spx.find((x) => x.label === label);
    const b = c?.buckets.find((x) => x.tenor === tenor && x.delta === delta);
    if (!b) throw new Error(`no bucket ${label} ${tenor} ${delta}`);
    return b;
  };

  it('prices the 2026-01-30 SPX chain within 1 vol point RMSE for |delta| 0.05-0.50, 1-60 days', () => {
    const b = bucket('SPX chain 2026-01-30', '1-60d', '0.05-0.50');
    expect(b.count, 'quotes in the bucket').toBeGreaterThan(3000);
    expect(b.rmseVolPts, 'RMSE (measured 0.77)').toBeLessThan(0.85);
    expect(bucket('SPX chain 2026-01-30', '31-60d', '0.10-0.25').rmseVolPts, '31-60d 0.10-0.25 (measured 0.22)').toBeLessThan(0.4);
    expect(bucket('SPX chain 2026-01-30', '1-7d', '0.05-0.10').rmseVolPts, '1-7d 0.05-0.10 (measured 1.9)').toBeLessThan(2.3);
  });

  it('fills missing VIX-family indices close to the real ones', () => {
    const sd = (name: string) => report.fillIns.find((x) => x.index === name)?.logSd ?? 99;
    expect(sd('VIX3M from VIX'), 'sd of ln(model/real) (measured 0.057)').toBeLessThan(0.065);
    expect(sd('VIX9D from VIX'), 'measured 0.090').toBeLessThan(0.1);
    expect(sd('VIX1D from real VIX9D'), 'measured 0.152').toBeLessThan(0.17);
    const atm = report.shortAtm.find((x) => x.set === '8-30 days');
    expect(Math.abs(atm?.biasVolPts ?? 99), '8-30 day ATM vs the 2026 snapshots (measured +0.53)').toBeLessThan(1);
  });

  it('prices the 2026-03-13 SPX calls (quotes of 2026-03-16) within 1.3 vol points', () => {
    const c = report.spx.find((x) => x.label === 'SPX calls 2026-03-13');
    expect(c?.marketDate, 'the quotes match the 2026-03-16 close (PROVENANCE: captured on 03-16)').toBe('2026-03-16');
    expect(bucket('SPX calls 2026-03-13', '1-60d', '0.05-0.50').rmseVolPts, 'measured 1.20').toBeLessThan(1.3);
  });

  it('models VIX futures out of sample (2017-2026) within 1 point RMSE', () => {
    const row = (sample: string, tenor: string) => {
      const r = report.futures.find((x) => x.sample === sample && x.tenor === tenor);
      if (!r) throw new Error(`no futures row ${sample} ${tenor}`);
      return r;
    };
    expect(row('out-of-sample 2017-2026', 'all').rmsePts, 'measured 0.97').toBeLessThan(1.05);
    expect(row('out-of-sample 2017-2026', 'VX1').rmsePts, 'measured 0.78').toBeLessThan(0.85);
    expect(row('in-sample 2007-2016', 'all').rmsePts, 'measured 2.11').toBeLessThan(2.3);
    // Beyond the listed contracts (VX1-VX2 only from 2021-11): VX4 from VX2 fading into the model.
    const a = report.futuresAnchored.find((x) => x.sample === 'out-of-sample 2017-2026' && x.tenor === 'VX4');
    expect(a?.rmseAnchoredPts, 'VX4 anchored on VX2, out of sample (measured 0.83)').toBeLessThan(0.95);
    expect(a?.rmseAnchoredPts ?? 99, 'better than carrying VX2 flat').toBeLessThan(a?.rmseFlatPts ?? 0);
    // VIX-only (as before 2007) is worse but bounded.
    expect(row('out-of-sample 2017-2026', 'all').rmsePtsVixOnly, 'measured 2.57').toBeLessThan(2.8);
  });

  it('prices the one-month VXTH VIX calls without the naive model\'s bias', () => {
    const v = report.vixOptions.find((x) => x.set === 'VXTH calls, 15-35 days');
    expect(v?.count, 'marks').toBeGreaterThan(600);
    expect(Math.abs(v?.meanPriceErrPct ?? 99), 'mean price error % (measured 3.5)').toBeLessThan(5);
    expect(v?.medianAbsPriceErrPct, 'median |error| % (measured 7.7)').toBeLessThan(10);
    // DESIGN §2: sigma = VVIX on the front future prices them far too low.
    expect(v?.naiveMeanPriceErrPct, 'naive mean error % (measured -40)').toBeLessThan(-30);
  });

  it('reports the VXTH marks by year, in-sample and held out (2006 on the model future)', () => {
    const years = report.vixOptionsByYear.map((y) => y.year);
    expect(years, 'one row a year and the totals').toEqual([2006, 2007, 2008, 2009, 2010, 2011, 0, 0]);
    expect(report.vixOptionsByYear.map((y) => y.label).slice(-2)).toEqual(['all', 'real futures']);
    const all = report.vixOptionsByYear.at(-2);
    const real = report.vixOptionsByYear.at(-1);
    expect(all?.count, 'usable VXTH marks 2006-2011').toBeGreaterThan(1300);
    // Measured 25.5 in-sample, 26.4 held out; 18.2 held out on real futures (target < 10: not
    // reached; see docs/guide/model.md). Before the SSVI skew and the tick floor: 36.4 / 37.2.
    expect(all?.heldOutMeanAbsErrPct ?? 0, 'held out is not better than in-sample').toBeGreaterThanOrEqual((all?.inSampleMeanAbsErrPct ?? 0) - 0.5);
    expect(all?.heldOutMeanAbsErrPct, 'held-out mean |error| %').toBeLessThan(30);
    expect(real?.count, 'marks on a real future').toBeGreaterThan(1100);
    expect(real?.heldOutMeanAbsErrPct, 'held-out mean |error| % on real futures').toBeLessThan(21);
    const last2 = report.vixOptions.find((x) => x.set === 'VXTH calls, last 2 days');
    expect(Math.abs(last2?.meanPriceErrPct ?? 99), 'last 2 days: mean error % with the tick floor (measured -10.1; -75 before)').toBeLessThan(20);
    const y2006 = report.vixOptionsByYear[0];
    expect(y2006?.heldOutMeanErrPct, '2006, futures modelled: priced too high (measured +66%)').toBeGreaterThan(30);
    // The mechanism: the marks imply a future ~9% below the model's in 2006 (measured -9.1),
    // and within ~1% of the real settle where one exists (measured +0.2).
    expect(y2006?.impliedForwardPct, '2006: implied future below the model future, %').toBeLessThan(-5);
    expect(Math.abs(real?.impliedForwardPct ?? 99), 'real futures: implied future near the settle, %').toBeLessThan(2);
  });

  it('reports the 1-day ATM variance against VIX1D² by year, Mon-Thu and over weekends, in-sample and held out', () => {
    expect(report.vix1d.map((r) => `${r.year} ${r.days}`)).toEqual(['2024 Mon-Thu', '2024 weekend', '2025 Mon-Thu', '2025 weekend', '2026 Mon-Thu', '2026 weekend', 'all Mon-Thu', 'all weekend']);
    const all = (days: string) => report.vix1d.find((r) => r.year === 'all' && r.days === days);
    expect(all('Mon-Thu')?.count, 'VIX1D days 2024-09..2026, Mon-Thu').toBeGreaterThan(300);
    expect(all('weekend')?.count, 'over a weekend').toBeGreaterThan(90);
    for (const r of report.vix1d) {
      // With VIX1D real the ratio is the one-session smile's ATM share of its model-free
      // variance (measured 0.86 on both: the shape's clock skips the weekend; before, 0.91 Mon-Thu, 0.86 weekends).
      expect(r.ratioVix1dReal, `${r.year} ${r.days}, VIX1D real`).toBeGreaterThan(0.84);
      expect(r.ratioVix1dReal, `${r.year} ${r.days}, VIX1D real`).toBeLessThan(0.88);
    }
    const gap = Math.abs((all('weekend')?.ratioVix1dReal ?? 0) - (all('Mon-Thu')?.ratioVix1dReal ?? 9));
    expect(gap, 'weekends priced like weekdays (was 0.05 apart)').toBeLessThan(0.01);
    // VIX1D hidden, its mapping fitted without the year scored: measured 0.90 Mon-Thu and weekends.
    expect(all('Mon-Thu')?.ratioVix1dHiddenHeldOut).toBeGreaterThan(0.85);
    expect(all('weekend')?.ratioVix1dHiddenHeldOut).toBeGreaterThan(0.85);
  });

  it('reports the fitted call wing and calendar, and the 1-7 day smile of both chains', () => {
    expect(report.smileFit.callWing, 'fitted κ (neutral 1)').toBeCloseTo(0.99, 3);
    expect(report.smileFit.nonTradingDayWeight).toBeCloseTo(0.6, 12);
    expect(report.smileFit.eventDayBoost).toBeCloseTo(2, 12);
    // 1-7 days, |delta| 0.25-0.50: 0.71 and 1.08 vol points (1.22 and 1.44 before the calendar fit).
    expect(bucket('SPX chain 2026-01-30', '1-7d', '0.25-0.50').rmseVolPts).toBeLessThan(0.8);
    expect(bucket('SPX calls 2026-03-13', '1-7d', '0.25-0.50').rmseVolPts).toBeLessThan(1.2);
    // Held out (the Yahoo snapshots, May-July 2026, in no fit): 2-7 days 1.78 (was 2.18).
    expect(report.shortAtm.find((x) => x.set === '2-7 days, later sessions')?.rmseVolPts).toBeLessThan(1.9);
  });

  it('measures the short end against the chain\'s own model-free variance, expiry by expiry', () => {
    const row = (days: number) => report.spxAtm.find((a) => a.label === 'SPX chain 2026-01-30' && a.days === days);
    // The Friday chain's Monday expiry: model-free vol 11.24% on its listed strikes, its ATM share 0.88.
    expect(row(3)?.chainMfvPct).toBeCloseTo(11.24, 2);
    expect(((row(3)?.chainAtmPct ?? 0) / (row(3)?.chainMfvPct ?? 1)) ** 2).toBeCloseTo(0.881, 3);
    // The model's VIX-family target at 4-7 days within 8% of the chain's (measured 0.5-7.0%; it was 10-14% above before the calendar fit).
    for (const d of [4, 5, 6, 7]) expect(Math.abs((row(d)?.modelMfvPct ?? 0) / (row(d)?.chainMfvPct ?? 1) - 1), `${d} days`).toBeLessThan(0.08);
    expect(report.spxAtm.find((a) => a.label === 'SPX calls 2026-03-13')?.chainMfvPct, 'calls only: no model-free variance').toBeNull();
  });

  it('puts the Aim list in one table, in-sample and held out', () => {
    const aims = (JSON.parse(jsonOut) as { report: { aims: { aim: string; inSample: string; heldOut: string; reached: boolean }[] } }).report.aims;
    expect(aims.length).toBe(7);
    expect(aims.map((a) => a.aim.split(',')[0])).toEqual([
      'SPX smile RMSE',
      'SPX smile RMSE',
      '1-day ATM variance / VIX1D²',
      '1-day ATM variance / VIX1D²',
      'CNDR replica monthly-return correlation (1990-1997 / 1998-2005)',
      'CNDR replica annual return - real',
      'VXTH call marks 2006-2011',
    ]);
    const cndrReturn = aims[5];
    expect(cndrReturn?.heldOut, 'held-out return gap, pts').toBe('0.40');
    expect(cndrReturn?.reached).toBe(true);
  });

  it('prints the tables in text mode', async () => {
    expect(await run('calibrate')).toBe(0);
    expect(out).toContain('SPX smile vs real chains');
    expect(out).toContain('VIX futures model vs real settles');
    expect(out).toContain('VXTH calls, 15-35 days');
    expect(out).toContain('Issue 9 aims: in-sample and held out');
    expect(out).toContain('SPX smile: call wing κ 0.990');
  });
});

describe('alvh calibrate: files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'alvh-calibrate-'));

  it('--fit writes a valid calibration that the evaluation accepts back', async () => {
    const target = join(dir, 'calib.json');
    expect(await run('calibrate', '--fit', '--out', target, '--json')).toBe(0);
    const written = parseCalibration(JSON.parse(readFileSync(target, 'utf8')));
    // The fit is deterministic and starts from the committed values: regressions reproduce them.
    expect(written.vixFutures.convexity, 'futures convexity').toBeCloseTo(DEFAULT_CALIBRATION.vixFutures.convexity, 6);
    expect(written.termStructure.vix9d.c0, 'VIX9D ratio').toBeCloseTo(DEFAULT_CALIBRATION.termStructure.vix9d.c0, 9);
    expect(written.smile.callWing, 'call wing').toBe(DEFAULT_CALIBRATION.smile.callWing);
    expect(written.termStructure.nonTradingDayWeight, 'weekend day weight').toBe(DEFAULT_CALIBRATION.termStructure.nonTradingDayWeight);
    expect(written.termStructure.eventDayBoost, 'event session boost').toBe(DEFAULT_CALIBRATION.termStructure.eventDayBoost);
    expect(written.smile.b0, 'shape').toBeCloseTo(DEFAULT_CALIBRATION.smile.b0, 4);
    // The calendar's loss at the fit is below the loss at the weights VIX1D's regression implies (0.897 against 2.524 vol pts²).
    const losses = /: ([\d.]+) vol pts², ([\d.]+) at the weights/.exec(String(written.fit.calendar));
    expect(Number(losses?.[1]), 'fitted calendar loss').toBeLessThan(Number(losses?.[2]) / 2);
    out = '';
    expect(await run('calibrate', '--calibration', target, '--json')).toBe(0);
    expect((JSON.parse(out) as { report: CalibrationReport }).report.futures.length).toBeGreaterThan(10);
  });

  it('rejects a bad calibration file naming the field', async () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ ...DEFAULT_CALIBRATION, smile: { ...DEFAULT_CALIBRATION.smile, psi: -1 } }));
    expect(await run('calibrate', '--calibration', bad)).toBe(2);
    expect(err, "names the file and the field").toMatch(/--calibration \S*bad\.json: smile\.psi/);
    writeFileSync(bad, JSON.stringify({ ...DEFAULT_CALIBRATION, smile: { ...DEFAULT_CALIBRATION.smile, callWing: 1.5 } }));
    expect(await run('calibrate', '--calibration', bad)).toBe(2);
    expect(err, 'a call wing steeper than the SVI curve is refused').toMatch(/smile\.callWing/);
    expect(await run('calibrate', '--calibration', join(dir, 'missing.json'))).toBe(2);
    expect(err).toMatch(/--calibration: .* does not exist$/m);
  });
});

describe('aimRows', () => {
  const bucket = (tenor: string, delta: string, count: number, rmseVolPts: number): BucketRow => ({ tenor, delta, count, rmseVolPts, biasVolPts: 0 });
  const smileAim = (buckets: BucketRow[]) => {
    const report = { spx: [{ label: 'SPX chain X', marketDate: '2026-01-30', spot: 6900, buckets }], vix1d: [], vixOptionsByYear: [] } as unknown as CalibrationReport;
    return aimRows(report, [])[0];
  };

  it('the smile aim takes the worst 1-7d bucket with quotes; an empty bucket is no data and not reached', () => {
    const all = bucket('1-60d', '0.05-0.50', 120, 0.6);
    expect(smileAim([all, bucket('1-7d', '0.05-0.10', 10, 0.4), bucket('1-7d', '0.10-0.25', 12, 0.9), bucket('1-7d', '0.25-0.50', 0, Number.NaN)])).toMatchObject({ inSample: '0.60 / 0.90', reached: true });
    expect(smileAim([all, bucket('1-7d', '0.05-0.10', 10, 1.3)])).toMatchObject({ inSample: '0.60 / 1.30', reached: false });
    expect(smileAim([all, bucket('1-7d', '0.05-0.10', 0, Number.NaN)])).toMatchObject({ inSample: '0.60 / no data', reached: false });
    expect(smileAim([all])).toMatchObject({ inSample: '0.60 / no data', reached: false });
  });
});
