import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { isoDate, type IsoDate } from '../core/time.js';
import { InputError } from '../core/errors.js';
import { DEFAULT_COST_MODEL, type CostModel } from '../portfolio/costs.js';
import { spxOption, vixOption } from '../portfolio/instruments.js';
import { bookPositionFromStored, buildTicket, instrumentSymbol, optionSymbol, ticketCsv, ticketText, ticketView, TICKET_CSV_HEADER, type BookPosition, type HedgeInstrument, type TicketView, type ModelQuote, type OptionPricer, type TicketInput } from './ticket.js';

const DATE = isoDate('2026-07-23');
const SPX_EXP = isoDate('2026-07-24');
const AUG = isoDate('2026-08-19');
const OCT = isoDate('2026-10-21');

/** Hand-made modelled quotes (mid in points, the vol that sets the quote width). */
const QUOTES: Readonly<Record<string, ModelQuote>> = {
  'SPXW 2026-07-24 6400 P': { midPts: 0.9, spreadVolFrac: 0.16 },
  'SPXW 2026-07-24 6450 P': { midPts: 2.0, spreadVolFrac: 0.16 },
  'SPXW 2026-07-24 6700 C': { midPts: 1.5, spreadVolFrac: 0.16 },
  'SPXW 2026-07-24 6750 C': { midPts: 0.4, spreadVolFrac: 0.16 },
  'VIX 2026-08-19 25 C': { midPts: 0.95, spreadVolFrac: 1.2 },
  'VIX 2026-10-21 27 C': { midPts: 1.8, spreadVolFrac: 1.1 },
  'VIX 2026-08-19 22 C': { midPts: 1.6, spreadVolFrac: 1.0 },
};
const pricer: OptionPricer = (o) => {
  const q = QUOTES[optionSymbol(o)];
  if (q === undefined) throw new Error(`no quote for ${optionSymbol(o)}`);
  return q;
};

const CONDOR: TicketInput['condor'] = {
  expiration: SPX_EXP,
  contracts: 3,
  legs: [
    { type: 'put', strike: 6400, qty: 3 },
    { type: 'put', strike: 6450, qty: -3 },
    { type: 'call', strike: 6700, qty: -3 },
    { type: 'call', strike: 6750, qty: 3 },
  ],
};

const live: BookPosition[] = [{ layer: 'L1', instrument: vixOption('call', 25, AUG), qty: 10 }];
const target: BookPosition[] = [
  { layer: 'L1', instrument: vixOption('call', 27, OCT), qty: 11 },
  { layer: 'L2', instrument: vixOption('call', 22, AUG), qty: 4 },
];

describe('order ticket', () => {
  const t = buildTicket({ date: DATE, condor: CONDOR, target, live }, pricer, DEFAULT_COST_MODEL);

  it('opens the condor: 4 legs with the right sides, then rolls L1 and opens L2', () => {
    expect(t.orders.map((o) => [o.action, o.qty, o.symbol, o.layer, o.purpose])).toEqual([
      ['BUY_TO_OPEN', 3, 'SPXW 2026-07-24 6400 P', 'condor', 'condor'],
      ['SELL_TO_OPEN', 3, 'SPXW 2026-07-24 6450 P', 'condor', 'condor'],
      ['SELL_TO_OPEN', 3, 'SPXW 2026-07-24 6700 C', 'condor', 'condor'],
      ['BUY_TO_OPEN', 3, 'SPXW 2026-07-24 6750 C', 'condor', 'condor'],
      ['SELL_TO_CLOSE', 10, 'VIX 2026-08-19 25 C', 'L1', 'roll-close'],
      ['BUY_TO_OPEN', 11, 'VIX 2026-10-21 27 C', 'L1', 'roll-open'],
      ['BUY_TO_OPEN', 4, 'VIX 2026-08-19 22 C', 'L2', 'open'],
    ]);
  });

  it('prices each leg at mid ∓ 0.5 × the modelled half-spread, on the tick', () => {
    // DEFAULT_COST_MODEL (portfolio/costs.ts), worked by hand:
    // SPX: half = max(0.05, 0.08·√mid) × (1 + 2·max(0, 0.16 − 0.20)); tick 0.05 under 3.
    //   6400 P buy:  0.9 + 0.5·0.08·√0.9 = 0.9379 → 0.95;   6450 P sell: 2.0 − 0.5·0.08·√2 = 1.9434 → 1.95
    //   6700 C sell: 1.5 − 0.5·0.08·√1.5 = 1.4510 → 1.45;   6750 C buy: 0.4 + 0.5·max(0.05, 0.0506) = 0.4253 → 0.45
    // VIX: half = max(0.02, 0.053·√mid) × (1 + 0.5·max(0, vol − 1)); tick 0.01 under 3.
    //   25 C sell: 0.95 − 0.5·0.053·√0.95·1.1 = 0.9216 → 0.92;  27 C buy: 1.8 + 0.5·0.053·√1.8·1.05 = 1.8373 → 1.84
    //   22 C buy:  1.6 + 0.5·0.053·√1.6 = 1.6335 → 1.63
    expect(t.orders.map((o) => o.limitPts)).toEqual([0.95, 1.95, 1.45, 0.45, 0.92, 1.84, 1.63]);
    expect(t.orders.map((o) => o.tickPts)).toEqual([0.05, 0.05, 0.05, 0.05, 0.01, 0.01, 0.01]);
    for (const o of t.orders) {
      const ticks = o.limitPts / o.tickPts;
      expect(Math.abs(ticks - Math.round(ticks)), `${o.symbol} limit on the tick grid`).toBeLessThan(1e-9);
    }
    for (const o of t.orders) {
      if (o.action.startsWith('BUY')) expect(o.limitPts, `${o.symbol}: a buy pays at least the mid (to the tick)`).toBeGreaterThanOrEqual(o.midPts - o.tickPts / 2);
      else expect(o.limitPts, `${o.symbol}: a sell gives up at most the mid (to the tick)`).toBeLessThanOrEqual(o.midPts + o.tickPts / 2);
    }
  });

  it('gives one combo net-credit limit for the condor', () => {
    // mid credit 2.0 + 1.5 − 0.9 − 0.4 = 2.20; the leg fills net 1.9434 + 1.4510 − 0.9379 − 0.4253 = 2.0312 → 2.05 on 0.05
    expect(t.condorCombo).toEqual({
      action: 'SELL_TO_OPEN',
      description: 'SPXW 2026-07-24 6400/6450 P 6700/6750 C iron condor',
      qty: 3,
      netMidPts: 2.2,
      netLimitPts: 2.05,
      tickPts: 0.05,
    });
  });

  it('says on every CSV row whether its limit came from a real chain quote or the model (mixed mode)', () => {
    const listed: Readonly<Record<string, ModelQuote['listed']>> = {
      'SPXW 2026-07-24 6450 P': { bid: 1.9, ask: 2.3, mid: 2.1 },
      'VIX 2026-10-21 27 C': { bid: 1.7, ask: 1.9, mid: 1.8 },
    };
    const mixed = buildTicket({ date: DATE, condor: CONDOR, target, live }, (o) => ({ ...pricer(o), listed: listed[optionSymbol(o)] ?? null }), DEFAULT_COST_MODEL);
    const rows = ticketCsv(mixed).trimEnd().split('\n');
    const col = TICKET_CSV_HEADER.split(',').indexOf('priceSource');
    expect(col, 'the last column').toBe(16);
    expect(rows.slice(1).map((r) => [r.split(',')[1], r.split(',')[col]])).toEqual([
      ['SPXW 2026-07-24 6400 P', 'model'],
      ['SPXW 2026-07-24 6450 P', 'chain'],
      ['SPXW 2026-07-24 6700 C', 'model'],
      ['SPXW 2026-07-24 6750 C', 'model'],
      ['VIX 2026-08-19 25 C', 'model'],
      ['VIX 2026-10-21 27 C', 'chain'],
      ['VIX 2026-08-19 22 C', 'model'],
    ]);
    // The real quote sets the limit: sell 6450 P at mid 2.10 − 0.5 × its half-spread 0.20 = 2.00 (on the 0.05 tick); buy 27 C at 1.80 + 0.5 × 0.10 = 1.85.
    expect(rows[2]?.split(',')[7]).toBe('2.00');
    expect(rows[6]?.split(',')[7]).toBe('1.85');
    expect(ticketText(mixed)).toMatch(/REAL end-of-day quotes for 2 of 7 option orders/);
    expect(ticketCsv(t).trimEnd().split('\n').slice(1).every((r) => r.endsWith(',model')), 'a modelled ticket says model on every row').toBe(true);
  });

  it('records the book after the fills: the target, netted', () => {
    expect(t.bookAfter.map((p) => [p.layer, instrumentSymbol(p.instrument), p.qty])).toEqual([
      ['L1', 'VIX 2026-10-21 27 C', 11],
      ['L2', 'VIX 2026-08-19 22 C', 4],
    ]);
  });

  it('renders aligned text labelled as modelled, and CSV with the documented columns', () => {
    const text = ticketText(t);
    expect(text).toMatch(/MODELLED prices/);
    expect(text).toMatch(/SELL 3 × SPXW 2026-07-24 6400\/6450 P 6700\/6750 C iron condor, net credit limit 2\.05 \(modelled mid credit 2\.20\)/);
    const rows = text.split('\n').filter((l) => /^\s+\d+\s/.test(l));
    expect(rows).toHaveLength(7);
    const symbolCol = rows.map((r) => r.indexOf(r.includes('SPXW') ? 'SPXW' : 'VIX '));
    expect(new Set(symbolCol).size, 'the symbol column starts at the same offset on every row').toBe(1);
    expect(rows[4]).toMatch(/SELL TO CLOSE\s+10\s+VIX 2026-08-19 25 C\s+0\.92\s+0\.95\s+L1\s+roll: close old/);

    const csv = ticketCsv(t).trimEnd().split('\n');
    expect(csv[0]).toBe(TICKET_CSV_HEADER);
    expect(TICKET_CSV_HEADER.startsWith('action,symbol,underlying,expiry,strike,type,qty,limitPrice,layer,'), 'the first nine columns of earlier versions keep their place and meaning').toBe(true);
    expect(TICKET_CSV_HEADER).toBe('action,symbol,underlying,expiry,strike,type,qty,limitPrice,layer,date,line,instrument,strikeVolPts,vegaNotionalUsd,filledQty,fillPrice,priceSource');
    expect(csv.slice(1)).toEqual([
      'BUY_TO_OPEN,SPXW 2026-07-24 6400 P,SPX,2026-07-24,6400,put,3,0.95,condor,2026-07-23,1,option,,,,,model',
      'SELL_TO_OPEN,SPXW 2026-07-24 6450 P,SPX,2026-07-24,6450,put,3,1.95,condor,2026-07-23,2,option,,,,,model',
      'SELL_TO_OPEN,SPXW 2026-07-24 6700 C,SPX,2026-07-24,6700,call,3,1.45,condor,2026-07-23,3,option,,,,,model',
      'BUY_TO_OPEN,SPXW 2026-07-24 6750 C,SPX,2026-07-24,6750,call,3,0.45,condor,2026-07-23,4,option,,,,,model',
      'SELL_TO_CLOSE,VIX 2026-08-19 25 C,VIX,2026-08-19,25,call,10,0.92,L1,2026-07-23,5,option,,,,,model',
      'BUY_TO_OPEN,VIX 2026-10-21 27 C,VIX,2026-10-21,27,call,11,1.84,L1,2026-07-23,6,option,,,,,model',
      'BUY_TO_OPEN,VIX 2026-08-19 22 C,VIX,2026-08-19,22,call,4,1.63,L2,2026-07-23,7,option,,,,,model',
    ]);
  });

  it('adds, reduces, closes and flips a short calendar leg in whole contracts', () => {
    const short = vixOption('call', 22, AUG);
    const long = vixOption('call', 22, OCT);
    const r = buildTicket(
      {
        date: DATE,
        condor: null,
        live: [
          { layer: 'L3', instrument: long, qty: 5 },
          { layer: 'L3', instrument: short, qty: -5 },
          { layer: 'L1', instrument: vixOption('call', 27, OCT), qty: 8 },
        ],
        target: [
          { layer: 'L3', instrument: long, qty: 3 },
          { layer: 'L3', instrument: short, qty: 2 },
          { layer: 'L1', instrument: vixOption('call', 27, OCT), qty: 9 },
        ],
      },
      () => ({ midPts: 1, spreadVolFrac: 1 }),
      DEFAULT_COST_MODEL,
    );
    expect(r.condorCombo).toBeNull();
    expect(r.orders.map((o) => [o.layer, o.action, o.qty, o.symbol, o.purpose])).toEqual([
      ['L1', 'BUY_TO_OPEN', 1, 'VIX 2026-10-21 27 C', 'add'],
      ['L3', 'BUY_TO_CLOSE', 5, 'VIX 2026-08-19 22 C', 'close'],
      ['L3', 'SELL_TO_CLOSE', 2, 'VIX 2026-10-21 22 C', 'reduce'],
      ['L3', 'BUY_TO_OPEN', 2, 'VIX 2026-08-19 22 C', 'open'],
    ]);
    expect(ticketText(r)).toMatch(/Condor: no trade today/);
  });

  it('lists holdings that expired as settled, with no order, and refuses an expired target', () => {
    const jul = isoDate('2026-07-22');
    const r = buildTicket({ date: DATE, condor: null, live: [{ layer: 'L2', instrument: vixOption('call', 20, jul), qty: 4 }, ...target], target }, pricer, DEFAULT_COST_MODEL);
    expect(r.orders, 'the settled July call is not closed').toEqual([]);
    expect(r.expired).toEqual([{ layer: 'L2', symbol: 'VIX 2026-07-22 20 C', qty: 4 }]);
    expect(ticketText(r)).toMatch(/Expired and settled \(no order\): \+4 VIX 2026-07-22 20 C \(L2\)/);
    expect(() => buildTicket({ date: DATE, condor: null, live: [], target: [{ layer: 'L1', instrument: vixOption('call', 20, DATE), qty: 1 }] }, pricer, DEFAULT_COST_MODEL)).toThrow(/target\[0\]\.instrument\.expiry/);
  });

  it('the plain view renders the same text and CSV as the ticket, and survives JSON', () => {
    const v = JSON.parse(JSON.stringify(ticketView(t))) as TicketView;
    expect(v.orders[0]).not.toHaveProperty('instrument');
    expect(ticketText(v)).toBe(ticketText(t));
    expect(ticketCsv(v)).toBe(ticketCsv(t));
  });

  it('leaves a same-day (0DTE) condor off a close ticket, saying why', () => {
    const r = buildTicket({ date: DATE, condor: { ...(CONDOR as NonNullable<TicketInput['condor']>), expiration: DATE }, live: [], target }, pricer, DEFAULT_COST_MODEL);
    expect(r.condorCombo).toBeNull();
    expect(r.orders.every((o) => o.layer !== 'condor')).toBe(true);
    expect(ticketText(r)).toMatch(/expires on 2026-07-23 \(0DTE\): it trades at the open/);
  });

  it('an unchanged book gives no hedge orders', () => {
    const r = buildTicket({ date: DATE, condor: null, live: target, target }, pricer, DEFAULT_COST_MODEL);
    expect(r.orders).toEqual([]);
    expect(ticketText(r)).toMatch(/No orders/);
    expect(ticketCsv(r)).toBe(`${TICKET_CSV_HEADER}\n`);
  });

  it('refuses fractional contracts and a malformed condor, naming the field', () => {
    expect(() => buildTicket({ date: DATE, condor: null, live: [], target: [{ layer: 'L1', instrument: vixOption('call', 20, AUG), qty: 1.5 }] }, pricer, DEFAULT_COST_MODEL)).toThrow(/target\[0\]\.qty/);
    const bad = { ...CONDOR, legs: CONDOR?.legs.slice(0, 3) ?? [] } as TicketInput['condor'];
    expect(() => buildTicket({ date: DATE, condor: bad, live: [], target: [] }, pricer, DEFAULT_COST_MODEL)).toThrow(/condor\.legs: an iron condor has 4 legs/);
    const inverted = { ...CONDOR, legs: (CONDOR?.legs ?? []).map((l) => ({ ...l, qty: -l.qty })) } as TicketInput['condor'];
    expect(() => buildTicket({ date: DATE, condor: inverted, live: [], target: [] }, pricer, DEFAULT_COST_MODEL)).toThrow(InputError);
    expect(() => buildTicket({ date: DATE, condor: CONDOR, live: [], target: [] }, () => ({ midPts: Number.NaN, spreadVolFrac: 0.2 }), DEFAULT_COST_MODEL)).toThrow(/model gave no price/);
  });

  it('reads stored holdings back, refusing what is not an option', () => {
    const p = bookPositionFromStored({ layer: 'L1', instrument: JSON.parse(JSON.stringify(vixOption('call', 22.5, AUG))) as unknown, qty: 3 }, 'book[0]');
    expect(instrumentSymbol(p.instrument)).toBe('VIX 2026-08-19 22.5 C');
    expect(() => bookPositionFromStored({ layer: 'L1', instrument: { kind: 'vixFuture', expiry: AUG }, qty: 1 }, 'book[0]')).toThrow(/book\[0\]\.instrument\.type/);
    expect(() => bookPositionFromStored({ layer: 'L1', instrument: { kind: 'etp', type: 'call', strike: 1, expiry: AUG }, qty: 1 }, 'book[0]')).toThrow(/book\[0\]\.instrument\.symbol/);
    expect(() => bookPositionFromStored({ layer: 'L1', instrument: { kind: 'future', type: 'call', strike: 1, expiry: AUG }, qty: 1 }, 'book[0]')).toThrow(/book\[0\]\.instrument\.kind/);
    expect(() => bookPositionFromStored({ layer: 'L1', instrument: { kind: 'vixOption', type: 'call', strike: 20, expiry: '2026-13-01' }, qty: 1 }, 'book[0]')).toThrow(/book\[0\]\.instrument\.expiry/);
  });
});

describe('order ticket properties', () => {
  const EXPIRIES: IsoDate[] = [AUG, isoDate('2026-09-16'), OCT];
  const option = fc.record({ strike: fc.integer({ min: 10, max: 60 }), e: fc.integer({ min: 0, max: 2 }) }).map(({ strike, e }) => vixOption('call', strike, EXPIRIES[e] as IsoDate));
  const position = fc.record({ layer: fc.constantFrom('L1', 'L2', 'L3'), instrument: option, qty: fc.integer({ min: -30, max: 30 }) });
  const book = fc.array(position, { maxLength: 6 });
  const quote = fc.record({ mid: fc.double({ min: 0.01, max: 30, noNaN: true }), vol: fc.double({ min: 0, max: 3, noNaN: true }) });
  const model: CostModel = DEFAULT_COST_MODEL;

  it('filling every order takes the live book to the target book', () => {
    fc.assert(
      fc.property(book, book, quote, (liveBook, targetBook, q) => {
        const t = buildTicket({ date: DATE, condor: null, live: liveBook, target: targetBook }, () => ({ midPts: q.mid, spreadVolFrac: q.vol }), model);
        const held = new Map<string, number>();
        const key = (layer: string, o: HedgeInstrument): string => `${layer} ${instrumentSymbol(o)}`;
        for (const p of liveBook) held.set(key(p.layer, p.instrument), (held.get(key(p.layer, p.instrument)) ?? 0) + p.qty);
        for (const o of t.orders) {
          expect(o.qty, 'whole positive contracts').toBeGreaterThan(0);
          expect(Number.isInteger(o.qty)).toBe(true);
          const k = key(o.layer, o.instrument);
          const before = held.get(k) ?? 0;
          if (o.action.endsWith('CLOSE')) expect(Math.abs(before), `${k}: a close never exceeds the position`).toBeGreaterThanOrEqual(o.qty);
          held.set(k, before + (o.action.startsWith('BUY') ? o.qty : -o.qty));
          const ticks = o.limitPts / o.tickPts;
          expect(Math.abs(ticks - Math.round(ticks)), 'limit on the tick').toBeLessThan(1e-6);
          expect(o.limitPts).toBeGreaterThanOrEqual(o.tickPts - 1e-12);
        }
        const want = new Map<string, number>();
        for (const p of targetBook) want.set(key(p.layer, p.instrument), (want.get(key(p.layer, p.instrument)) ?? 0) + p.qty);
        for (const k of new Set([...held.keys(), ...want.keys()])) expect(held.get(k) ?? 0, k).toBe(want.get(k) ?? 0);
        for (const p of t.bookAfter) expect(p.qty, 'bookAfter is the netted target').toBe(want.get(key(p.layer, p.instrument)));
      }),
    );
  });

  it('a buy limit is never below, a sell limit never above the mid (to half a tick)', () => {
    fc.assert(
      fc.property(quote, fc.boolean(), (q, buy) => {
        const o = spxOption('put', 6000, SPX_EXP);
        const t = buildTicket({ date: DATE, condor: null, live: buy ? [] : [{ layer: 'L1', instrument: o, qty: 1 }], target: buy ? [{ layer: 'L1', instrument: o, qty: 1 }] : [] }, () => ({ midPts: q.mid, spreadVolFrac: q.vol }), model);
        const x = t.orders[0];
        expect(x).toBeDefined();
        if (x === undefined) return;
        if (buy) expect(x.limitPts).toBeGreaterThanOrEqual(q.mid - x.tickPts / 2 - 1e-9);
        else expect(x.limitPts).toBeLessThanOrEqual(Math.max(x.tickPts, q.mid + x.tickPts / 2) + 1e-9);
      }),
    );
  });
});
