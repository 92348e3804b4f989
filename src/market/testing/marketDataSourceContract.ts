/**
 * Shared contract suite for MarketDataSource implementations (STYLE.md "contract suites"):
 * every source (CSV files, SQLite store, HTTP) must return data with these invariants.
 *
 *   testMarketDataSourceContract('CsvMarketDataSource', () => new CsvMarketDataSource());
 */
import { describe, expect, it } from 'vitest';
import type { MarketDataSource } from '../port.js';
import { EVENT_KINDS, type DailyFrame, type MarketData } from '../types.js';

const SERIES: readonly (keyof DailyFrame)[] = [
  'spxOpen', 'spxHigh', 'spxLow', 'spxClose', 'vixOpen', 'vixHigh', 'vixLow', 'vixClose',
  'vix9d', 'vix3m', 'vix6m', 'vix1d', 'vvix', 'skew', 'rateFrac', 'divYieldFrac', 'advances', 'declines',
];

export function testMarketDataSourceContract(name: string, create: () => MarketDataSource): void {
  describe(`MarketDataSource contract: ${name}`, () => {
    let cached: MarketData | undefined;
    const data = (): MarketData => (cached ??= create().load());

    it('daily frame: n rows, strictly ascending weekday dates, every series of length n', () => {
      const { daily } = data();
      expect(daily.n, 'n').toBe(daily.dates.length);
      expect(daily.n, 'non-empty').toBeGreaterThan(0);
      for (let i = 0; i < daily.n; i++) {
        const d = daily.dates[i] as string;
        if (i > 0 && d <= (daily.dates[i - 1] as string)) throw new Error(`dates not strictly ascending at ${d}`);
        const wd = new Date(`${d}T00:00:00Z`).getUTCDay();
        if (wd === 0 || wd === 6) throw new Error(`weekend date ${d}`);
      }
      for (const k of SERIES) {
        const a = daily[k];
        expect(a instanceof Float64Array && a.length === daily.n, `${String(k)} is a Float64Array of length n`).toBe(true);
      }
    });

    it('daily frame: SPX OHLC present and ordered; rates and dividend yields finite fractions', () => {
      const { daily } = data();
      for (let i = 0; i < daily.n; i++) {
        const o = daily.spxOpen[i] as number;
        const h = daily.spxHigh[i] as number;
        const l = daily.spxLow[i] as number;
        const c = daily.spxClose[i] as number;
        if (!(l <= Math.min(o, c) && h >= Math.max(o, c) && l > 0)) {
          throw new Error(`SPX OHLC on ${daily.dates[i]}: ${o} ${h} ${l} ${c}`);
        }
        const r = daily.rateFrac[i] as number;
        const q = daily.divYieldFrac[i] as number;
        if (!(Number.isFinite(r) && Math.abs(r) < 0.25)) throw new Error(`rateFrac on ${daily.dates[i]}: ${r}`);
        if (!(Number.isFinite(q) && q >= 0 && q < 0.2)) throw new Error(`divYieldFrac on ${daily.dates[i]}: ${q}`);
        const vh = daily.vixHigh[i] as number;
        const vl = daily.vixLow[i] as number;
        if (vh < vl) throw new Error(`VIX high < low on ${daily.dates[i]}`);
      }
    });

    it('VX settles: parallel arrays sorted by (date, expiry), positive, never past expiry', () => {
      const { vx } = data();
      const n = vx.date.length;
      expect(vx.expiry.length, 'expiry length').toBe(n);
      expect(vx.settle.length, 'settle length').toBe(n);
      for (let i = 0; i < n; i++) {
        const d = vx.date[i] as string;
        const e = vx.expiry[i] as string;
        if (e < d) throw new Error(`expired contract ${e} on ${d}`);
        if (!((vx.settle[i] as number) > 0)) throw new Error(`settle ${vx.settle[i]} on ${d}`);
        if (i > 0) {
          const d0 = vx.date[i - 1] as string;
          const e0 = vx.expiry[i - 1] as string;
          if (d < d0 || (d === d0 && e <= e0)) throw new Error(`VX order at ${d} ${e}`);
        }
      }
    });

    it('events: ascending dates, known kinds, never on a weekend', () => {
      const { events } = data();
      for (let i = 0; i < events.length; i++) {
        const e = events[i];
        if (e === undefined) throw new Error('hole in events');
        if (!EVENT_KINDS.includes(e.kind)) throw new Error(`kind ${e.kind}`);
        if (i > 0 && e.date < (events[i - 1]?.date ?? '')) throw new Error(`event order at ${e.date}`);
        const wd = new Date(`${e.date}T00:00:00Z`).getUTCDay();
        if (wd === 0 || wd === 6) throw new Error(`weekend event ${e.date} ${e.kind}`);
      }
    });
  });
}
