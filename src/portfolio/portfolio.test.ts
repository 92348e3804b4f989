import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { isoDate, type IsoDate } from '../core/time.js';
import { InputError, InvariantError } from '../core/errors.js';
import {
  condorBreakevens,
  condorLegs,
  condorMargin,
  condorMaxLossPerContract,
  condorPayoffAtExpiry,
  makeIronCondor,
} from './condor.js';
import { DEFAULT_COST_MODEL, feesCents, fillOnQuote, fillPrice, halfSpread, legFill, quoteFill, roundToTick, validateCostModel } from './costs.js';
import { Ledger, premiumCents } from './ledger.js';
import { etp, settlementStyle, settlementValuePerUnit, spxOption, vixFuture, vixOption } from './instruments.js';

const EXP = isoDate('2024-06-21');

describe('iron condor', () => {
  it('rejects strikes out of order, naming the field', () => {
    expect(() => makeIronCondor({ putWing: 5000, shortPut: 4950, shortCall: 5100, callWing: 5150, expiry: EXP, qty: 1 })).toThrow(/strikes: expected putWing < shortPut/);
    expect(() => makeIronCondor({ putWing: 4900, shortPut: 4950, shortCall: 4950, callWing: 5000, expiry: EXP, qty: 1 })).toThrow(InputError);
    expect(() => makeIronCondor({ putWing: 4900, shortPut: 4950, shortCall: 5100, callWing: 5150, expiry: EXP, qty: 0 })).toThrow(/qty/);
  });

  it('computes max loss from the wider wing (unequal wings)', () => {
    // put wing 50 wide, call wing 75 wide; credit 1.80 points = $180 per condor
    const c = makeIronCondor({ putWing: 4900, shortPut: 4950, shortCall: 5100, callWing: 5175, expiry: EXP, qty: 3 });
    expect(condorMaxLossPerContract(c, 180), '75 × 100 − 180').toBe(7320);
    expect(condorMargin(c, 180), '3 condors').toBe(21960);
    expect(condorBreakevens(c, 180)).toEqual({ lower: 4948.2, upper: 5101.8 });
    expect(condorLegs(c).map((l) => l.qty)).toEqual([3, -3, -3, 3]);
  });

  it('settles at expiry: zero between the shorts, capped beyond the wings', () => {
    const c = makeIronCondor({ putWing: 4900, shortPut: 4950, shortCall: 5100, callWing: 5175, expiry: EXP, qty: 2 });
    expect(condorPayoffAtExpiry(c, 5000)).toBe(0);
    expect(condorPayoffAtExpiry(c, 4930), '20 points in on the put side × 100 × 2').toBe(-4000);
    expect(condorPayoffAtExpiry(c, 4000), 'put wing 50 wide').toBe(-10000);
    expect(condorPayoffAtExpiry(c, 9000), 'call wing 75 wide').toBe(-15000);
    expect(condorPayoffAtExpiry(c, 5120)).toBe(-4000);
  });

  it('P&L at expiry lies in [credit − max width, credit] (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 300, max: 6000 }),
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 0, max: 500 }),
        fc.double({ min: 0, max: 20_000, noNaN: true }),
        (sp, gap, pw, cw, creditCents, settle) => {
          const c = makeIronCondor({ putWing: sp - 5 * pw, shortPut: sp, shortCall: sp + 5 * gap, callWing: sp + 5 * gap + 5 * cw, expiry: EXP, qty: 1 });
          const credit = creditCents / 100;
          const pnl = credit + condorPayoffAtExpiry(c, settle);
          return pnl <= credit + 1e-9 && pnl >= credit - Math.max(5 * pw, 5 * cw) * 100 - 1e-9;
        },
      ),
    );
  });
});

describe('fills and costs', () => {
  it('fills at mid ∓ a fraction of the half-spread', () => {
    expect(fillPrice(1.0, 0.1, 'buy', 0.5)).toBeCloseTo(1.05, 12);
    expect(fillPrice(1.0, 0.1, 'sell', 0.5)).toBeCloseTo(0.95, 12);
    expect(fillPrice(1.0, 0.1, 'sell', 0)).toBe(1.0);
    expect(fillPrice(0.03, 0.05, 'sell', 1), 'never below zero').toBe(0);
    expect(() => fillPrice(1, 0.1, 'buy', 1.5)).toThrow(/fraction/);
  });

  it('models SPX half-spreads: floor, √price growth, widening with vol, tick floor', () => {
    const p = DEFAULT_COST_MODEL.spread.spxOption;
    expect(halfSpread(p, 0.2, 0.15), 'cheap wing: floor 0.05').toBe(0.05);
    expect(halfSpread(p, 4, 0.15), '0.08 × √4').toBeCloseTo(0.16, 12);
    expect(halfSpread(p, 4, 0.4), 'VIX 40: × (1 + 2 × 0.2)').toBeCloseTo(0.224, 12);
    expect(roundToTick(p, 2.97)).toBeCloseTo(2.95, 12);
    expect(roundToTick(p, 3.07)).toBeCloseTo(3.1, 12);
    const v = DEFAULT_COST_MODEL.spread.vixOption;
    expect(halfSpread(v, 0.9, 0.9), 'VXTH median roll call: ≈ 0.05').toBeCloseTo(0.0503, 3);
    fc.assert(fc.property(fc.double({ min: 0, max: 500, noNaN: true }), fc.double({ min: 0, max: 3, noNaN: true }), (price, vol) => halfSpread(p, price, vol) >= 0.025));
  });

  it('quotes a fill: spread, side and costs together', () => {
    // a 10-delta SPX put at mid 1.00 with VIX 20: half = 0.08 × √1 = 0.08; sell at 1.00 − 0.5 × 0.08
    const q = quoteFill(DEFAULT_COST_MODEL, 'spxOption', 1.0, 0.2, 'sell', -3);
    expect(q.halfSpread).toBeCloseTo(0.08, 12);
    expect(q.price).toBeCloseTo(0.96, 12);
    expect(q.commissionCents).toBe(195);
    expect(q.exchangeFeeCents).toBe(180);
    const b = quoteFill(DEFAULT_COST_MODEL, 'vixOption', 2.25, 1.2, 'buy', 10);
    expect(b.halfSpread, '0.053 × 1.5 × (1 + 0.5 × 0.2)').toBeCloseTo(0.08745, 12);
    expect(b.price).toBeCloseTo(2.25 + 0.5 * 0.08745, 12);
  });

  it('fills on a listed quote: its own half-spread in place of the model, within [bid, ask]', () => {
    const q = { bid: 1.2, ask: 1.6, mid: 1.4 };
    expect(fillOnQuote(q, 'buy', 1), 'fraction 1: the ask').toBe(1.6);
    expect(fillOnQuote(q, 'sell', 1), 'fraction 1: the bid').toBe(1.2);
    expect(fillOnQuote(q, 'buy', 0.5), '1.40 + 0.5 × 0.20').toBeCloseTo(1.5, 12);
    expect(fillOnQuote(q, 'sell', 0), 'fraction 0: the mid').toBe(1.4);
    expect(fillOnQuote({ bid: 1.2, ask: 1.6, mid: 1.55 }, 'buy', 1), "a vendor's mark near the ask: never above the ask").toBe(1.6);
    // The model's own chain writes a quote whose bid would be negative as [0, 2h] around the model mid: the modelled fill survives.
    const h = halfSpread(DEFAULT_COST_MODEL.spread.spxOption, 0.03, 0.2);
    expect(fillOnQuote({ bid: 0, ask: 2 * h, mid: 0.03 }, 'buy', 0.5)).toBeCloseTo(fillPrice(0.03, h, 'buy', 0.5), 15);
    expect(fillOnQuote({ bid: 0, ask: 2 * h, mid: 0.03 }, 'sell', 0.5)).toBe(fillPrice(0.03, h, 'sell', 0.5));
    expect(legFill(DEFAULT_COST_MODEL.spread.spxOption, 0.5, 1, 0.2, 'sell', null), 'unlisted: the modelled fill').toBeCloseTo(0.96, 12);
    expect(legFill(DEFAULT_COST_MODEL.spread.spxOption, 0.5, 1, 0.2, 'sell', { bid: 0.7, ask: 1.3, mid: 1 }), 'listed: the real half-spread 0.30').toBeCloseTo(0.85, 12);
    expect(() => fillOnQuote({ bid: 1.6, ask: 1.2, mid: 1.4 }, 'buy', 0.5), 'crossed').toThrow(/quote/);
    expect(() => fillOnQuote({ bid: -0.1, ask: 1.2, mid: 0.5 }, 'buy', 0.5), 'negative').toThrow(/quote/);
    fc.assert(
      fc.property(fc.double({ min: 0, max: 100, noNaN: true }), fc.double({ min: 0, max: 10, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), (bid, width, at, f) => {
        const quote = { bid, ask: bid + width, mid: bid + at * width };
        const buy = fillOnQuote(quote, 'buy', f);
        const sell = fillOnQuote(quote, 'sell', f);
        return buy >= sell && sell >= quote.bid && buy <= quote.ask;
      }),
    );
  });

  it('charges commissions and exchange fees per contract in cents', () => {
    expect(feesCents(DEFAULT_COST_MODEL.fees.spxOption, -4)).toEqual({ commissionCents: 260, exchangeFeeCents: 240 });
    expect(feesCents(DEFAULT_COST_MODEL.fees.vixOption, 10)).toEqual({ commissionCents: 650, exchangeFeeCents: 450 });
    expect(() => validateCostModel({ ...DEFAULT_COST_MODEL, fillFraction: 2 })).toThrow(/fillFraction/);
    expect(validateCostModel(DEFAULT_COST_MODEL)).toBe(DEFAULT_COST_MODEL);
  });
});

describe('instruments', () => {
  it('settle by style with explicit multipliers', () => {
    expect(settlementStyle(spxOption('put', 5000, EXP))).toBe('pmClose');
    expect(settlementStyle(vixOption('call', 20, EXP))).toBe('amSoq');
    expect(settlementStyle(etp('VXX'))).toBe('none');
    expect(settlementValuePerUnit(vixOption('call', 20, EXP), 27.5)).toBe(7.5);
    expect(settlementValuePerUnit(vixFuture(EXP), 27.5)).toBe(27.5);
    expect(vixFuture(EXP).multiplier).toBe(1000);
    expect(() => settlementValuePerUnit(etp('VXX'), 10)).toThrow(/ETP/);
  });
});

describe('ledger', () => {
  const dates = ['2024-06-03', '2024-06-04', '2024-06-05', '2024-06-06', '2024-06-07', '2024-06-10'].map((d) => isoDate(d));

  it('books a condor round trip and a hedge to the cent, and reconciles', () => {
    const L = new Ledger(dates, 10_000_000);
    const fees = DEFAULT_COST_MODEL.fees;
    // sell 2 condors for 1.35 points: +270.00 premium, 8 legs × (0.65 + 0.60)
    const c = makeIronCondor({ putWing: 5200, shortPut: 5250, shortCall: 5350, callWing: 5400, expiry: dates[1] as IsoDate, qty: 2 });
    L.post(0, 'premium', 'condor', premiumCents(-2, 1.35, 100));
    for (const leg of condorLegs(c)) {
      const f = feesCents(fees.spxOption, leg.qty);
      L.post(0, 'commission', 'condor', -f.commissionCents);
      L.post(0, 'fee', 'condor', -f.exchangeFeeCents);
    }
    expect(L.cashCents, '10,000,000 + 27,000 − 8 × 125').toBe(10_026_000);
    // settles at 5370: the short call is 20 points in: −2 × 20 × 100 dollars = −400,000 cents
    for (const leg of condorLegs(c)) L.settle(1, 'condor', leg.instrument, leg.qty, 5370);
    expect(L.cashCents).toBe(9_626_000);
    // buy 5 VIX calls at 1.23 on day 2 (L1)
    expect(L.fill(2, 'L1', 5, 1.23, 100, fees.vixOption)).toBe(-615 * 100 - 325 - 225);
    // interest over the weekend gap (3 calendar days) at 5%
    const i = L.accrueInterest(5, 0.05, 3);
    expect(i, 'cash × (exp(r·3/365) − 1)').toBe(Math.round((9_626_000 - 62_050) * Math.expm1((0.05 * 3) / 365)));
    expect(i, "9,563,950 × 0.000411 by hand").toBe(3931);
    expect(() => L.reconcile()).not.toThrow();
    expect(L.flowCents.condor[0]).toBe(27_000);
    expect(L.costCents.condor[0]).toBe(-1_000);
    expect(L.flowCents.cash[5]).toBe(i);
    const e = L.entries();
    expect(e.filter((x) => x.kind === 'settlement')).toEqual([
      { date: '2024-06-04', kind: 'settlement', tag: 'condor', cents: -400_000 },
    ]);
  });

  it('Σ entries == Δcash for random flows (property), with and without the entry list', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ day: fc.integer({ min: 0, max: 5 }), qty: fc.integer({ min: -50, max: 50 }), price: fc.double({ min: 0, max: 80, noNaN: true }), rate: fc.double({ min: -0.01, max: 0.2, noNaN: true }) }), { maxLength: 60 }),
        fc.boolean(),
        (ops, keep) => {
          const L = new Ledger(dates, 5_000_000, { keepEntries: keep });
          for (const o of ops) {
            L.fill(o.day, 'L2', o.qty, o.price, 100, DEFAULT_COST_MODEL.fees.vixOption);
            L.accrueInterest(o.day, o.rate, 1);
          }
          L.reconcile();
          const sum = L.entries().reduce((s, x) => s + x.cents, 0);
          return keep ? sum === L.cashCents - 5_000_000 : L.entryCount === 0;
        },
      ),
    );
  });

  it('refuses fractional cents and detects a broken invariant', () => {
    const L = new Ledger(dates, 0);
    expect(() => L.post(0, 'premium', 'condor', 1.5)).toThrow(/whole cents/);
    expect(() => L.post(9, 'premium', 'condor', 1)).toThrow(/day/);
    L.post(0, 'premium', 'condor', 100);
    (L.flowCents.condor as Float64Array)[0] = 99;
    expect(() => L.reconcile()).toThrow(InvariantError);
  });
});
