// Speed of the market model as the backtest uses it (run after `npm run build`):
//   node bench/model.mjs
// Per policy: dayModel for every trading day since 1990, a 1DTE strike search (40 spxVol
// calls), three VIX expiries with their future and an option vol.
import { CsvMarketDataSource } from '../dist/adapters/csvMarketData.js';
import { buildMfvTable } from '../dist/pricing/spxSmile.js';
import { dayModel, DEFAULT_CALIBRATION } from '../dist/portfolio/marketModel.js';

const data = new CsvMarketDataSource().load();
let t = performance.now();
buildMfvTable(DEFAULT_CALIBRATION.smile);
console.log(`smile scaling table: ${(performance.now() - t).toFixed(0)} ms (once per calibration)`);
t = performance.now();
dayModel(data, 0);
console.log(`first dayModel (precomputation over ${data.daily.n} days): ${(performance.now() - t).toFixed(0)} ms`);
let acc = 0;
t = performance.now();
for (let policy = 0; policy < 4; policy++) {
  for (let i = 0; i < data.daily.n; i++) {
    const m = dayModel(data, i);
    const years = 1 / 365;
    const f = m.spxForward(years);
    for (let k = 0; k < 40; k++) acc += m.spxVol(f * (0.97 + k * 0.0015), years);
    for (const e of m.vixExpiries(3)) {
      const fut = m.vxFuture(e).price;
      acc += m.vixOptionVol(e, 1.2 * fut);
    }
  }
}
const ms = performance.now() - t;
console.log(`4 policies x ${data.daily.n} days (40 SPX vols + 3 VIX futures and option vols per day): ${ms.toFixed(0)} ms (${((ms / 4 / data.daily.n) * 1000).toFixed(1)} µs/day) [${acc.toFixed(0)}]`);
