import { describe, expect, it } from 'vitest';
import { CsvMarketDataSource } from '../adapters/csvMarketData.js';
import { isoDate, type IsoDate } from '../core/time.js';
import { indexOfDate } from '../market/series.js';
import { DEFAULT_CALIBRATION, dayModel } from '../portfolio/marketModel.js';
import { spxOption, vixOption } from '../portfolio/instruments.js';
import { modelPricer } from './pricer.js';

const data = new CsvMarketDataSource().load();

describe('modelled quotes for the ticket', () => {
  const day = '2024-08-05' as IsoDate;
  const m = dayModel(data, indexOfDate(data.daily, day), DEFAULT_CALIBRATION);
  const price = modelPricer(m, 38.57);

  it('SPX options: put-call parity on the model forward, the quote width from VIX', () => {
    const exp = isoDate('2024-08-16');
    const years = 11 / 365;
    const k = 5200;
    const c = price(spxOption('call', k, exp));
    const p = price(spxOption('put', k, exp));
    // C − P = e^{−rT}(F − K) for European options on one forward.
    expect(c.midPts - p.midPts).toBeCloseTo(Math.exp(-m.rateFrac * years) * (m.spxForward(years) - k), 6);
    expect(c.spreadVolFrac, 'VIX 38.57 → 0.3857').toBeCloseTo(0.3857, 12);
    expect(p.midPts).toBeGreaterThan(0);
  });

  it('VIX calls: a higher strike is cheaper; the width follows the option vol', () => {
    const exp = m.vixExpiries(2)[1] as IsoDate;
    const a = price(vixOption('call', 25, exp));
    const b = price(vixOption('call', 30, exp));
    expect(a.midPts).toBeGreaterThan(b.midPts);
    expect(a.spreadVolFrac).toBeCloseTo(m.vixOptionVol(exp, 25), 12);
  });

  it('refuses an option that has expired', () => {
    expect(() => price(vixOption('call', 20, day))).toThrow(/expiry: 2024-08-05 is not after 2024-08-05/);
  });
});
