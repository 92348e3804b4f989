import { describe, expect, it } from 'vitest';
import { isoDate } from '../core/time.js';
import { DEFAULT_COST_MODEL } from '../portfolio/costs.js';
import { vixOption } from '../portfolio/instruments.js';
import type { DailySignal } from './daily.js';
import { buildTicket, instrumentSymbol } from './ticket.js';
import { recordedBook, signalCondor, signalTargetBook, type LiveHolding } from './today.js';

const AUG = isoDate('2026-08-19');
const SEP = isoDate('2026-09-16');
const NOV = isoDate('2026-11-18');

/** Only the fields the ticket reads; the rest of the DESIGN §6 shape is irrelevant here. */
function signal(over: { layers: unknown[]; condor: unknown }): DailySignal {
  return { date: isoDate('2026-07-23'), hedge: { layers: over.layers }, condor: over.condor } as unknown as DailySignal;
}

describe('today: the signal as ticket input, and the book recorded after the fills', () => {
  it('lists every leg of every layer, a calendar’s short leg negative', () => {
    const s = signal({
      condor: { status: 'skipped', reason: 'event_day', expiration: null, legs: [], contracts: 0 },
      layers: [
        { name: 'L1', legs: [{ type: 'call', expiration: NOV, strike: 29, qty: 12 }] },
        { name: 'L2', legs: [] },
        { name: 'L3', legs: [{ type: 'call', expiration: NOV, strike: 26, qty: 6 }, { type: 'call', expiration: SEP, strike: 26, qty: -6 }] },
      ],
    });
    expect(signalTargetBook(s).map((p) => [p.layer, instrumentSymbol(p.instrument), p.qty])).toEqual([
      ['L1', 'VIX 2026-11-18 29 C', 12],
      ['L3', 'VIX 2026-11-18 26 C', 6],
      ['L3', 'VIX 2026-09-16 26 C', -6],
    ]);
    expect(signalCondor(s), 'a skipped condor gives no condor orders').toBeNull();
  });

  it('records the target book: entry prices carried, averaged on an add, the limit for a new position', () => {
    const live: LiveHolding[] = [
      { layer: 'L1', instrumentKey: 'VIX 2026-09-16 28 C', instrument: vixOption('call', 28, SEP), qty: 10, entryPrice: 1.5 },
      { layer: 'L2', instrumentKey: 'VIX 2026-08-19 21 C', instrument: vixOption('call', 21, AUG), qty: 4, entryPrice: 0.8 },
    ];
    const target = [
      { layer: 'L1', instrument: vixOption('call', 28, SEP), qty: 10 },
      { layer: 'L2', instrument: vixOption('call', 21, AUG), qty: 6 },
      { layer: 'L3', instrument: vixOption('call', 26, NOV), qty: 2 },
    ];
    const t = buildTicket({ date: isoDate('2026-07-23'), condor: null, target, live: live.map(({ layer, instrument, qty }) => ({ layer, instrument: instrument as ReturnType<typeof vixOption>, qty })) }, () => ({ midPts: 1, spreadVolFrac: 1 }), DEFAULT_COST_MODEL);
    // Mid 1.00, vol 1 → half-spread 0.053, buy limit 1.0265 → 1.03 on the 0.01 tick.
    expect(t.orders.map((o) => [o.layer, o.action, o.qty, o.limitPts])).toEqual([
      ['L2', 'BUY_TO_OPEN', 2, 1.03],
      ['L3', 'BUY_TO_OPEN', 2, 1.03],
    ]);
    expect(recordedBook(t, live).map((p) => [p.layer, p.instrumentKey, p.qty, p.entryPrice])).toEqual([
      ['L1', 'VIX 2026-09-16 28 C', 10, 1.5],
      ['L2', 'VIX 2026-08-19 21 C', 6, 0.8767], // (4 × 0.80 + 2 × 1.03) / 6
      ['L3', 'VIX 2026-11-18 26 C', 2, 1.03],
    ]);
  });
});
