/**
 * The "option prices are modelled" notice: which parts of the run use real data and which
 * use models or hypothetical instruments, clipped to the run's date range (DESIGN §2).
 */
import type { IsoDate } from '../core/time.js';

interface Period {
  /** Applies to dates before `until` (exclusive) when set, from `since` (inclusive) when set. */
  since?: string;
  until?: string;
  text: string;
}

const PERIODS: readonly Period[] = [
  { text: 'SPX option prices are modelled throughout (Black-Scholes-Merton on a smile anchored on the VIX family); no historical SPX option chains are used.' },
  { text: 'VIX option prices are modelled throughout (Black-76 on the same-expiry VIX future, vol from VVIX or a calibrated function of VIX).' },
  { until: '2022-05-11', text: 'Daily SPX expiries did not exist before May 2022 (every-weekday SPXW expiries since 2022-05-11): condors before that trade hypothetical daily expiries.' },
  { until: '2007-01-01', text: 'VIX futures before 2007 are modelled (forward VIX from the SPX variance term structure minus a convexity adjustment); from 2007 the real settlement curve is used where the data has it.' },
  { until: '2004-03-26', text: 'VIX futures were listed on 2004-03-26: before that the VIX futures are hypothetical.' },
  { until: '2006-02-24', text: 'VIX options were listed on 2006-02-24: before that the VIX options are hypothetical.' },
  { until: '2009-01-30', text: 'The VIX-futures ETP before VXX (2009-01-30) is the daily-rolled VX1/VX2 blend of its published methodology.' },
  { until: '2007-01-03', text: 'VVIX is not available (or unusable) before 2007: VIX-option vol comes from a calibrated function of VIX.' },
];

/**
 * The notice lines that apply to [from, to], followed by `extra`. The backtest puts them in
 * its result's notes; the report and the signal show those notes as they are.
 */
export function modelledNotice(from: IsoDate, to: IsoDate, extra: readonly string[] = []): string[] {
  const out: string[] = [];
  for (const p of PERIODS) {
    if (p.until !== undefined && from >= p.until) continue;
    if (p.since !== undefined && to < p.since) continue;
    out.push(p.text);
  }
  return [...out, ...extra];
}
