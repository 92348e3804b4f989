/** Test fixtures of the engine tests (not built): the embedded data (loaded once), a default configuration, a scrambler. */
import { CsvMarketDataSource } from '../../adapters/csvMarketData.js';
import type { MarketData } from '../../market/types.js';
import { DEFAULT_COST_MODEL } from '../../portfolio/costs.js';
import { DEFAULT_CALIBRATION } from '../../portfolio/marketModel.js';
import { parseCondorConfig } from '../../strategy/condor.js';
import { defaultNamedPolicies, type BacktestConfig } from '../../backtest/engine.js';
import type { IsoDate } from '../../core/time.js';

let data: MarketData | null = null;

export function embedded(): MarketData {
  data ??= new CsvMarketDataSource().load();
  return data;
}

export function config(from?: string, to?: string): BacktestConfig {
  return {
    ...(from === undefined ? {} : { from: from as IsoDate }),
    ...(to === undefined ? {} : { to: to as IsoDate }),
    policies: defaultNamedPolicies(),
    condor: parseCondorConfig({}),
    notional: 100_000,
    costs: DEFAULT_COST_MODEL,
    calib: DEFAULT_CALIBRATION,
  };
}

/** A deep copy of the data whose every market value after index t is scrambled (dates and events kept). */
export function scrambledAfter(d: MarketData, t: number, seed: number): MarketData {
  let s = seed >>> 0;
  const rnd = (): number => {
    s = (s + 0x6d2b79f5) >>> 0;
    let x = s;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
  const f = d.daily;
  const copy = (a: Float64Array, scale: (v: number) => number): Float64Array => {
    const out = a.slice();
    for (let i = t + 1; i < out.length; i++) if (Number.isFinite(out[i] as number)) out[i] = scale(out[i] as number);
    return out;
  };
  const jiggle = (lo: number, hi: number) => (v: number): number => v * (lo + (hi - lo) * rnd());
  const vxDates = d.vx.date;
  const lastDate = f.dates[t] as string;
  const settle = d.vx.settle.slice();
  for (let k = 0; k < settle.length; k++) if ((vxDates[k] as string) > lastDate) settle[k] = (settle[k] as number) * (0.7 + 0.9 * rnd());
  return {
    daily: {
      ...f,
      spxOpen: copy(f.spxOpen, jiggle(0.95, 1.05)),
      spxHigh: copy(f.spxHigh, jiggle(0.95, 1.05)),
      spxLow: copy(f.spxLow, jiggle(0.95, 1.05)),
      spxClose: copy(f.spxClose, jiggle(0.93, 1.07)),
      vixOpen: copy(f.vixOpen, jiggle(0.7, 1.6)),
      vixHigh: copy(f.vixHigh, jiggle(0.7, 1.6)),
      vixLow: copy(f.vixLow, jiggle(0.7, 1.6)),
      vixClose: copy(f.vixClose, jiggle(0.7, 1.6)),
      vix9d: copy(f.vix9d, jiggle(0.7, 1.6)),
      vix3m: copy(f.vix3m, jiggle(0.7, 1.6)),
      vix6m: copy(f.vix6m, jiggle(0.7, 1.6)),
      vix1d: copy(f.vix1d, jiggle(0.7, 1.6)),
      vvix: copy(f.vvix, jiggle(0.7, 1.5)),
      skew: copy(f.skew, jiggle(0.9, 1.1)),
      rateFrac: copy(f.rateFrac, jiggle(0.5, 1.5)),
      divYieldFrac: copy(f.divYieldFrac, jiggle(0.7, 1.5)),
      advances: copy(f.advances, jiggle(0.5, 2)),
      declines: copy(f.declines, jiggle(0.5, 2)),
    },
    vx: { ...d.vx, settle },
    events: d.events,
  };
}
