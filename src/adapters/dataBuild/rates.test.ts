import { describe, expect, it } from 'vitest';
import { buildDividends, buildRates, irxVsDtb3, rateOn, shillerMonth } from './rates.js';
import { csv, rawContext } from './testing/raw.js';

describe('T-bill rate and dividend yield', () => {
  it('rateOn takes ^IRX first, then DTB3, then DGS3MO, and nothing when no source has the day', () => {
    const irx = new Map([['2020-01-02', 1.518]]);
    const dtb3 = new Map([['2020-01-02', 1.52], ['2020-01-03', 1.5]]);
    const dgs = new Map([['2020-01-02', 1.54], ['2020-01-03', 1.52], ['2020-01-06', 1.56]]);
    expect(rateOn('2020-01-02', irx, dtb3, dgs)).toEqual(['2020-01-02', '1.518', 'irx']);
    expect(rateOn('2020-01-03', irx, dtb3, dgs)).toEqual(['2020-01-03', '1.5', 'dtb3']);
    expect(rateOn('2020-01-06', irx, dtb3, dgs)).toEqual(['2020-01-06', '1.56', 'dgs3mo']);
    expect(rateOn('2020-01-07', irx, dtb3, dgs)).toBeUndefined();
  });

  it('buildRates: one row per trading day from 1990-01-02, ^IRX float32 artefacts rounded to 3 decimals, gaps filled and listed', () => {
    // CORRECTIONS.md T-bill: 12,525 ^IRX values rounded; days without ^IRX filled from DTB3, then DGS3MO; 45 days with no rate.
    const ctx = rawContext({
      'irx_13w_tbill_daily.csv': csv('Date,Close', '1990-01-02,7.639999866485596', '1990-01-06,7.6', '1990-01-08,7.619999885559082'),
      'dtb3_daily_2000_2026.csv': csv('observation_date,DTB3', '1990-01-03,7.62', '1990-01-08,.'),
      'dgs3mo_daily.csv': csv('Date,DGS3MO', '1990-01-04,7.9'),
    });
    expect(buildRates(ctx, '1990-01-05')).toEqual([
      ['1990-01-02', '7.64', 'irx'],
      ['1990-01-03', '7.62', 'dtb3'],
      ['1990-01-04', '7.9', 'dgs3mo'],
      ['1990-01-08', '7.62', 'irx'],
    ]);
    expect(ctx.log.corrections.map((c) => [c.what.slice(0, 20), c.examples])).toEqual([
      ['^IRX rows on non-tra', ['1990-01-06']],
      ['^IRX float32 artefac', ['3 values']],
      ['trading days without', ['1990-01-03']],
      ['trading days without', ['1990-01-04']],
    ]);
    expect(ctx.log.crossChecks[0]).toMatchObject({ what: 'trading days with no rate in any source (loader forward-fills)', examples: ['1990-01-05'] });
  });

  it('irxVsDtb3 reports the largest gap and the days more than 0.25 pct-pts apart', () => {
    const r = irxVsDtb3(new Map([['2008-09-17', 0.03], ['2008-09-18', 0.25], ['2020-01-02', 1.518]]), new Map([['2008-09-17', 0.54], ['2008-09-18', 0.5], ['2020-01-02', 1.52], ['2020-01-03', 1.5]]));
    expect(r.maxDiff).toBeCloseTo(0.51, 12);
    expect(r.diffs).toEqual(['2008-09-17 irx 0.03 dtb3 0.54']);
  });

  it("shillerMonth reads ie_data's YYYY.MM as a decimal number: 2025.1 is October, 2025.01 January", () => {
    expect(shillerMonth('2025.1')).toBe('2025-10');
    expect(shillerMonth('2025.01')).toBe('2025-01');
    expect(shillerMonth('2025.12')).toBe('2025-12');
    expect(shillerMonth('')).toBeUndefined();
  });

  it('buildDividends: datahub months from 1989, then ie_data months after datahub ends (its later columns are 0)', () => {
    // CORRECTIONS.md Dividend yield: "datahub ends 2023-06 (later columns are 0); months after it taken from Shiller ie_data".
    const ctx = rawContext({
      'sp500_monthly_shiller_datahub.csv': csv('Date,SP500,Dividend', '1988-12-01,276.51,9.73', '2023-05-01,4146.17,68.2', '2023-06-01,4345.37,68.49', '2023-07-01,4508.08,0'),
      'sp500_monthly_shiller_ie_data_2025.csv': csv('Date;Price;Dividend', '2023.06;4345.37;68.49', '2023.07;4508.08;68.76', '2023.1;4269.4;69.37', 'bad;1;1'),
    });
    expect(buildDividends(ctx)).toEqual([
      ['2023-05-01', '68.2', '4146.17', '0.016449', 'shiller_datahub'],
      ['2023-06-01', '68.49', '4345.37', '0.015762', 'shiller_datahub'],
      ['2023-07-01', '68.76', '4508.08', '0.015253', 'shiller_ie_data'],
      ['2023-10-01', '69.37', '4269.4', '0.016248', 'shiller_ie_data'],
    ]);
    expect(ctx.log.corrections[0]).toMatchObject({ what: 'datahub ends 2023-06 (later columns are 0); months after it taken from Shiller ie_data', examples: ['2023-07', '2023-10'] });
    expect(ctx.log.crossChecks[0]?.count, 'the overlapping month agrees').toBe(0);
  });
});
