import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { isoDate, type IsoDate } from '../core/time.js';
import { DataError } from '../core/errors.js';
import { DEFAULT_COST_MODEL } from '../portfolio/costs.js';
import { etp, varianceSwap, vixOption } from '../portfolio/instruments.js';
import { bookAfterFills, type AppliedFill } from './fills.js';
import { buildTicket, instrumentSymbol, ticketCsv, ticketText, ticketView, type AltQuotes, type BookPosition, type HedgeInstrument } from './ticket.js';
import { recordedBook, storedHolding, type LiveHolding } from './today.js';

const DATE = isoDate('2025-04-08');
const MAY5 = isoDate('2025-05-05');
const MAY8 = isoDate('2025-05-08');
const MAY21 = isoDate('2025-05-21');
const JUN18 = isoDate('2025-06-18');
const ETF = etp('VIX30D');
const swapAt = (volPts: number, maturity: IsoDate, trade = isoDate('2025-04-03')): HedgeInstrument => varianceSwap((volPts / 100) ** 2, trade, maturity);

/** Hand-set modelled quotes: ETP level 88.98, SPX implied vol 40 to every maturity, VIX 52.33. */
const ALT: AltQuotes = { etpLevelPts: 88.98, varianceVolPts: () => 40, vixClosePts: 52.33 };
const optionQuote = (): { midPts: number; spreadVolFrac: number } => ({ midPts: 1, spreadVolFrac: 1 });
const hold = (p: BookPosition, entry: number | null = null): LiveHolding => storedHolding(p.layer, p.instrument, p.qty, entry, isoDate('2025-04-07'));

describe('ticket: the alternative instruments', () => {
  const live: BookPosition[] = [
    { layer: 'L2', instrument: ETF, qty: 100 },
    { layer: 'L3', instrument: swapAt(30.17, MAY5), qty: 4 },
  ];

  it('adds ETP shares and variance-swap units at the modelled limits (hand-computed)', () => {
    const t = buildTicket({ date: DATE, condor: null, live, target: [{ layer: 'L2', instrument: ETF, qty: 128 }, { layer: 'L3', instrument: swapAt(30.17, MAY5), qty: 6 }] }, optionQuote, DEFAULT_COST_MODEL, ALT);
    expect(t.orders, 'no option order').toEqual([]);
    // ETP half-spread: max(0.005, 0.0005 × 88.98) = 0.04449 (VIX 52.33 is under the 0.8 reference vol);
    // buy limit 88.98 + 0.5 × 0.04449 = 89.0022 → 89.00 on the cent; 28 × 89.00 = 2,492.00 USD.
    // Swap half-spread: max(0.25, 0.01 × 40) × (1 + (0.5233 − 0.3)) = 0.48932 vol pts; buy limit
    // 40.24466 → 40.24; vega notional 2 × 40.24 × 2 = 160.96 USD per vol point.
    expect(t.altOrders).toEqual([
      { kind: 'etp', action: 'BUY_TO_OPEN', symbol: 'VIX30D', qty: 28, midPts: 88.98, limitPts: 89, tickPts: 0.01, maturity: null, vegaNotionalUsd: null, amountUsd: 2492, layer: 'L2', purpose: 'add' },
      { kind: 'varianceSwap', action: 'BUY_TO_OPEN', symbol: 'SPX VARSWAP 2025-05-05', qty: 2, midPts: 40, limitPts: 40.24, tickPts: 0.01, maturity: MAY5, vegaNotionalUsd: 160.96, amountUsd: null, layer: 'L3', purpose: 'add' },
    ]);
    const csv = ticketCsv(ticketView(t)).trimEnd().split('\n').slice(1);
    expect(csv).toEqual(['BUY_TO_OPEN,VIX30D,VIX,,,,28,89.00,L2,2025-04-08,1,etp,,,,,model', 'BUY_TO_OPEN,SPX VARSWAP 2025-05-05,SPX,2025-05-05,,,2,,L3,2025-04-08,2,varianceSwap,40.24,160.96,,,model']);
    const text = ticketText(ticketView(t));
    expect(text, 'the ETP is labelled a modelled index and its listed trackers named').toMatch(/VIX30D: a MODELLED index level .* not a listed product's price\. VXX and VIXY track the same index/);
    expect(text).toMatch(/SPX variance swaps: OTC, not an exchange order/);
    expect(text).toMatch(/1 {2}BUY TO OPEN {6}28 {2}VIX30D {2}89\.00 {2}88\.98 {4}2,492\.00 {2}L2 {5}add to position/);
    expect(text).toMatch(/2 {2}BUY TO OPEN {13}2 {9}160\.96 {2}2025-05-05 {9}40\.24 {4}40\.00 {2}L3 {5}add to position/);
  });

  it('closes the ETP and rolls the swap to a new maturity; the roll sells the old at the bid strike', () => {
    const t = buildTicket({ date: DATE, condor: null, live, target: [{ layer: 'L3', instrument: swapAt(40.24, MAY8, DATE), qty: 6 }] }, optionQuote, DEFAULT_COST_MODEL, ALT);
    expect(t.altOrders.map((o) => [o.action, o.symbol, o.qty, o.limitPts, o.purpose])).toEqual([
      ['SELL_TO_CLOSE', 'VIX30D', 100, 88.96, 'close'], // 88.98 − 0.0222 = 88.9578 → 88.96
      ['SELL_TO_CLOSE', 'SPX VARSWAP 2025-05-05', 4, 39.76, 'roll-close'], // 40 − 0.24466
      ['BUY_TO_OPEN', 'SPX VARSWAP 2025-05-08', 6, 40.24, 'roll-open'],
    ]);
  });

  it('lists a matured swap as settled, and refuses alternative orders without modelled quotes', () => {
    const t = buildTicket({ date: MAY5, condor: null, live, target: [{ layer: 'L2', instrument: ETF, qty: 100 }] }, optionQuote, DEFAULT_COST_MODEL, ALT);
    expect(t.expired).toEqual([{ layer: 'L3', symbol: 'SPX VARSWAP 2025-05-05', qty: 4 }]);
    expect(t.altOrders).toEqual([]);
    expect(() => buildTicket({ date: DATE, condor: null, live: [], target: [{ layer: 'L2', instrument: ETF, qty: 1 }] }, optionQuote, DEFAULT_COST_MODEL)).toThrow(/altQuotes: VIX30D: the ticket has no modelled quotes/);
  });
});

describe('the live book from recorded fills', () => {
  const base = [
    hold({ layer: 'L1', instrument: vixOption('call', 25, MAY21), qty: 6 }, 5.6),
    hold({ layer: 'L2', instrument: ETF, qty: 161 }, 78.3),
    hold({ layer: 'L3', instrument: swapAt(47.81, MAY5), qty: 4 }, 47.81),
  ];
  const f = (over: Partial<AppliedFill> & Pick<AppliedFill, 'layer' | 'instrument' | 'action' | 'filledQty'>): AppliedFill => ({ where: 't.csv:2', fillPrice: 1, ...over });

  it('adds what filled: averages entries on an add (a swap on the variance), keeps them on a reduce, skips unfilled lines', () => {
    const out = bookAfterFills(
      base,
      [
        f({ layer: 'L1', instrument: vixOption('call', 25, MAY21), action: 'BUY_TO_OPEN', filledQty: 2, fillPrice: 7.9 }),
        f({ layer: 'L1', instrument: vixOption('call', 26, JUN18), action: 'BUY_TO_OPEN', filledQty: 0, fillPrice: null }),
        f({ layer: 'L2', instrument: ETF, action: 'SELL_TO_CLOSE', filledQty: 33, fillPrice: 88.96 }),
        f({ layer: 'L3', instrument: swapAt(53.48, MAY5, DATE), action: 'BUY_TO_OPEN', filledQty: 4, fillPrice: 53.48 }),
      ],
      [],
      DATE,
    );
    expect(out.map((p) => [p.layer, p.instrumentKey, p.qty, p.entryPrice])).toEqual([
      ['L1', 'VIX 2025-05-21 25 C', 8, 6.175], // (6 × 5.60 + 2 × 7.90) / 8
      ['L2', 'VIX30D', 128, 78.3],
      ['L3', 'SPX VARSWAP 2025-05-05', 8, 50.7243], // √((4 × 47.81² + 4 × 53.48²) / 8) = 50.72429
    ]);
    const swap = out[2]?.instrument as { strikeVar: number; tradeDate: string };
    expect(swap.strikeVar, 'the merged swap pays N (σ² − K) with K the mean variance').toBeCloseTo((47.81 ** 2 + 53.48 ** 2) / 2 / 10_000, 6);
    expect((out[1]?.instrument as { asOf?: string }).asOf, 'ETP shares are as of the book date').toBe(DATE);
  });

  it('refuses a close larger than the holding, naming file:line', () => {
    const bad = [f({ layer: 'L2', instrument: ETF, action: 'SELL_TO_CLOSE', filledQty: 162, fillPrice: 80 })];
    expect(() => bookAfterFills(base, bad, [], DATE)).toThrow(DataError);
    expect(() => bookAfterFills(base, bad, [], DATE)).toThrow('t.csv:2: filledQty: closes 162 of VIX30D (L2) but the live book before 2025-04-08 holds 161');
  });

  it('applies hand-set positions last: a quantity, a removal, a new position', () => {
    const out = bookAfterFills(base, [], [
      { layer: 'L1', instrument: vixOption('call', 25, MAY21), qty: 5, entryPrice: null },
      { layer: 'L3', instrument: swapAt(47.81, MAY5), qty: 0, entryPrice: null },
      { layer: 'L2', instrument: vixOption('call', 21, MAY21), qty: -3, entryPrice: 2.5 },
    ], DATE);
    expect(out.map((p) => [p.layer, p.instrumentKey, p.qty, p.entryPrice])).toEqual([
      ['L1', 'VIX 2025-05-21 25 C', 5, 5.6],
      ['L2', 'VIX 2025-05-21 21 C', -3, 2.5],
      ['L2', 'VIX30D', 161, 78.3],
    ]);
  });

  it('round trip: the live book + every ticket order filled at its limit = the book the signal records', () => {
    const universe: readonly [string, HedgeInstrument][] = [
      ['L1', vixOption('call', 25, MAY21)],
      ['L1', vixOption('call', 27, JUN18)],
      ['L2', vixOption('call', 21, MAY21)],
      ['L2', ETF],
      ['L3', vixOption('call', 30, JUN18)],
      ['L3', swapAt(45, MAY5)],
      ['L3', swapAt(47, MAY8)],
    ];
    const book = fc.array(fc.tuple(fc.integer({ min: 0, max: universe.length - 1 }), fc.integer({ min: -4, max: 40 }), fc.integer({ min: 1, max: 500 })), { maxLength: 6 });
    fc.assert(
      fc.property(book, book, (liveSpec, targetSpec) => {
        const toBook = (spec: typeof liveSpec): Map<string, BookPosition & { entry: number }> => {
          const m = new Map<string, BookPosition & { entry: number }>();
          for (const [k, q, e] of spec) {
            const [layer, inst] = universe[k] as [string, HedgeInstrument];
            const qty = inst.kind === 'vixOption' ? q : Math.abs(q); // the alternatives are held long
            if (qty !== 0) m.set(`${layer} ${instrumentSymbol(inst)}`, { layer, instrument: inst, qty, entry: e / 10 });
          }
          return m;
        };
        const liveBook = [...toBook(liveSpec).values()].map((p) => hold(p, p.instrument.kind === 'varianceSwap' ? Math.sqrt(p.instrument.strikeVar) * 100 : p.entry));
        const target = [...toBook(targetSpec).values()];
        const t = buildTicket({ date: DATE, condor: null, live: liveBook.map((p) => ({ layer: p.layer, instrument: p.instrument as HedgeInstrument, qty: p.qty })), target }, optionQuote, DEFAULT_COST_MODEL, ALT);
        const fills: AppliedFill[] = [
          ...t.orders.map((o) => ({ where: 'x', layer: o.layer, instrument: o.instrument as HedgeInstrument, action: o.action, filledQty: o.qty, fillPrice: o.limitPts })),
          ...t.altOrders.map((o) => ({ where: 'x', layer: o.layer, instrument: o.kind === 'etp' ? ETF : swapAt(o.limitPts, o.maturity as IsoDate, DATE), action: o.action, filledQty: o.qty, fillPrice: o.limitPts })),
        ];
        const viaFills = bookAfterFills(liveBook, fills, [], DATE).map((p) => [p.layer, p.instrumentKey, p.qty, p.entryPrice]);
        const assumed = recordedBook(t, liveBook).map((p) => [p.layer, p.instrumentKey, p.qty, p.entryPrice]);
        expect(viaFills).toEqual(assumed);
      }),
      { numRuns: 300 },
    );
  });
});
