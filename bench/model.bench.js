// Speed of the market model as the backtest uses it: per policy, dayModel for every
// trading day since 1990, a 1DTE strike search (40 spxVol calls), three VIX expiries with
// their future and an option vol. Run through the harness: node bench/run.js model
import { CsvMarketDataSource } from '../dist/adapters/csvMarketData.js';
import { buildMfvTable } from '../dist/pricing/spxSmile.js';
import { dayModel, DEFAULT_CALIBRATION } from '../dist/portfolio/marketModel.js';

export default async function run() {
  const data = new CsvMarketDataSource().load();
  let t = performance.now();
  buildMfvTable(DEFAULT_CALIBRATION.smile);
  const tableMs = performance.now() - t;
  t = performance.now();
  dayModel(data, 0);
  const prepMs = performance.now() - t;
  let acc = 0;
  t = performance.now();
  for (let policy = 0; policy < 4; policy++) {
    for (let i = 0; i < data.daily.n; i++) {
      const m = dayModel(data, i);
      const years = 1 / 365;
      const f = m.spxForward(years);
      for (let k = 0; k < 40; k++) acc += m.spxVol(f * (0.97 + k * 0.0015), years);
      for (const e of m.vixExpiries(3)) acc += m.vixOptionVol(e, 1.2 * m.vxFuture(e).price);
    }
  }
  const loopMs = performance.now() - t;
  if (!Number.isFinite(acc)) throw new Error('non-finite model output');
  return [
    { name: 'model: smile scaling table (once per calibration)', value: Math.round(tableMs), unit: 'ms' },
    { name: 'model: first dayModel (precomputation, all days)', value: Math.round(prepMs), unit: 'ms' },
    { name: `model: 4 policies x ${data.daily.n} days`, value: Math.round(loopMs), unit: 'ms', note: '40 SPX vols + 3 VIX futures and option vols per day' },
  ];
}
