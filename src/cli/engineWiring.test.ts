import { describe, expect, it } from 'vitest';
import type { IsoDate } from '../core/time.js';
import { defaultSignal, engineHistory } from './engineWiring.js';
import { embedded } from './testing/engine.js';

describe("the backtest's history the dashboard draws when few signals are stored", () => {
  it("is the default signal's book day by day: the last day's regime and exposure are the signal's", () => {
    const data = embedded();
    const h = engineHistory(data, 300);
    expect(h.policy).toBe('alvh');
    expect(h.basis, 'the chart labels its exposure in this basis').toBe('deltaNotional');
    expect(h.dates).toEqual(data.daily.dates.slice(data.daily.n - 300));
    expect(h.regime.every((g) => g === 'low' || g === 'moderate' || g === 'high'), 'every day has a regime').toBe(true);
    expect(h.exposure.every((x) => x >= 0 && x < 1)).toBe(true);
    const last = data.daily.dates[data.daily.n - 1] as IsoDate;
    const s = defaultSignal(data, last);
    expect(h.regime[h.regime.length - 1]).toBe(s.regime);
    expect(h.exposure[h.exposure.length - 1]).toBeCloseTo(s.hedge.layers.reduce((a, l) => a + l.exposure, 0), 5);
  });
});
