/**
 * One valuation: the daily ticket (signals/pricer.ts), the scenario grid at zero shock and
 * horizon today (engine/scenario.ts, also the dashboard's) and the kernel's marks
 * (engine/marketDay.ts, engine/hedgeLayers.ts) give the same value for the same instrument
 * on the same day, for every instrument kind: SPX option, VIX option, condor, variance swap
 * and the ETP.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, type IsoDate } from '../core/time.js';
import { MULTIPLIER } from '../core/units.js';
import { indexOfDate } from '../market/series.js';
import { DEFAULT_COST_MODEL } from '../portfolio/costs.js';
import { etp, spxOption, varianceSwap, vixOption, type OptionType, type SpxOption } from '../portfolio/instruments.js';
import type { CondorQuote } from '../strategy/condor.js';
import { config, embedded } from '../cli/testing/engine.js';
import { modelPricer } from '../signals/pricer.js';
import type { AltDay } from './execution.js';
import { altValue, holdingValue } from './hedgeLayers.js';
import { marketDay, runInputs, type MarketDay } from './marketDay.js';
import { spreadFormulaSlippage } from './reality.js';
import { runScenario, type ScenarioBook } from './scenario.js';
import { impliedVarianceTo, quote } from './valuation.js';

const data = embedded();
const d = data.daily;
const FIRST = indexOfDate(d, '2007-01-03' as IsoDate);
const LAST = d.n - 45;
const cfg = config();
const run = runInputs(data, { ...cfg, policies: [] });

function kernelDay(i: number): MarketDay {
  return marketDay(run, { prevModel: null, etpLevel: 100 }, 0, i, false);
}

/** Today's scenario baseline (no SPX move, VIX unchanged, horizon today) of a book, dollars. */
function scenarioBaseline(day: MarketDay, book: ScenarioBook): { condorUsd: number; hedgeUsd: number } {
  const vix = day.exec.vixPts;
  return runScenario(day.exec.model, vix, book, { spxMovesFrac: [0], vixLevelsPts: [vix] }, { kind: 'today' }).baseline;
}

function close(a: number, b: number, what: string): void {
  expect(Math.abs(a - b), `${what}: ${a} vs ${b}`).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(a)));
}

const dayIndex = fc.integer({ min: FIRST, max: LAST });
const runs = { numRuns: 40 };

describe('one valuation: ticket, scenario at zero shock and kernel agree', () => {
  it('VIX options', () => {
    fc.assert(
      fc.property(dayIndex, fc.integer({ min: 0, max: 2 }), fc.double({ min: 0.8, max: 2.5, noNaN: true }), (i, e, k) => {
        const day = kernelDay(i);
        const m = day.exec.model;
        const expiry = m.vixExpiries(3)[e] as IsoDate;
        const o = vixOption('call', Math.round(m.vxFuture(expiry).price * k * 2) / 2, expiry);
        const kernelUsd = holdingValue({ units: 1, legs: [{ instrument: o, perUnit: 1 }] }, day.exec.vixLeg);
        const ticketPts = modelPricer(m, day.exec.vixPts)(o).midPts;
        const scenarioUsd = scenarioBaseline(day, { condor: null, hedge: [{ layer: 'L1', instrument: o, qty: 1 }] }).hedgeUsd;
        expect(kernelUsd).toBeGreaterThan(0);
        close(kernelUsd, ticketPts * MULTIPLIER.vixOption, 'kernel vs ticket');
        close(kernelUsd, scenarioUsd, 'kernel vs scenario');
      }),
      runs,
    );
  });

  const spxLeg = (i: number, days: number, type: OptionType, moneyness: number): SpxOption => {
    const expiry = d.dates[i + days] as IsoDate;
    return spxOption(type, Math.max(5, Math.round(((d.spxClose[i] as number) * moneyness) / 5) * 5), expiry);
  };

  it('SPX options (PM-settled)', () => {
    fc.assert(
      fc.property(dayIndex, fc.integer({ min: 1, max: 40 }), fc.constantFrom<OptionType>('call', 'put'), fc.double({ min: 0.8, max: 1.2, noNaN: true }), (i, days, type, mny) => {
        const day = kernelDay(i);
        const o = spxLeg(i, days, type, mny);
        const kernelPts = quote({ kind: 'settledSpxOption', option: o, settlement: 'pm' }, { model: day.exec.model, vixPts: day.exec.vixPts, slippage: spreadFormulaSlippage(DEFAULT_COST_MODEL) }).mid;
        const ticketPts = modelPricer(day.exec.model, day.exec.vixPts)(o).midPts;
        const scenarioUsd = scenarioBaseline(day, { condor: { expiry: o.expiry, legs: [{ type, strike: o.strike, qty: 1 }] }, hedge: [] }).condorUsd;
        close(kernelPts, ticketPts, 'kernel vs ticket');
        close(kernelPts * MULTIPLIER.spxOption, scenarioUsd, 'kernel vs scenario');
      }),
      runs,
    );
  });

  it('condors: the kernel mark of an open condor, the ticket legs and the scenario', () => {
    fc.assert(
      fc.property(dayIndex, fc.integer({ min: 1, max: 30 }), fc.double({ min: 0.01, max: 0.08, noNaN: true }), fc.double({ min: 0.005, max: 0.04, noNaN: true }), (i, days, otm, wing) => {
        const day = kernelDay(i);
        const legs = [spxLeg(i, days, 'put', 1 - otm - wing), spxLeg(i, days, 'put', 1 - otm), spxLeg(i, days, 'call', 1 + otm), spxLeg(i, days, 'call', 1 + otm + wing)];
        // A condor opened on an earlier day (the kernel marks today's own condor at its quote's mids).
        const opened = { date: d.dates[i - 1], expiry: legs[0]?.expiry } as unknown as CondorQuote;
        const kernelUsd = day.condorUnitMark({ quote: opened, contracts: 1, legs, settlement: 'pm' });
        const pricer = modelPricer(day.exec.model, day.exec.vixPts);
        const sign = [1, -1, -1, 1];
        const ticketUsd = legs.reduce((a, o, k) => a + (sign[k] as number) * pricer(o).midPts * MULTIPLIER.spxOption, 0);
        const scenarioUsd = scenarioBaseline(day, { condor: { expiry: legs[0]?.expiry as IsoDate, legs: legs.map((o, k) => ({ type: o.type, strike: o.strike, qty: sign[k] as number })) }, hedge: [] }).condorUsd;
        expect(kernelUsd, 'a short condor is a liability').toBeLessThan(0);
        close(kernelUsd, ticketUsd, 'kernel vs ticket');
        close(kernelUsd, scenarioUsd, 'kernel vs scenario');
      }),
      runs,
    );
  });

  it('variance swaps: accrued ones alike in the kernel and the scenario; one struck at the ticket fair strike is worth 0', () => {
    fc.assert(
      fc.property(dayIndex, fc.integer({ min: 10, max: 90 }), fc.double({ min: 0.01, max: 0.5, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), (i, tenor, strikeVol, share) => {
        const day = kernelDay(i);
        const m = day.exec.model;
        const date = d.dates[i] as IsoDate;
        const expiry = addDays(date, tenor);
        const returns = Math.ceil((tenor * 252) / 365);
        const observed = Math.floor(share * returns);
        const sumSqLogReturns = observed * (strikeVol * strikeVol) / 252;
        const alt: AltDay = { etpLevel: 50, etpSplit: 1, etpInstrument: etp('VIX30D'), spxLogReturn: 0, vixFrac: day.exec.vixPts / 100 };
        const accrued = { returns, observed, sumSqLogReturns };
        const kernelUsd = altValue({ kind: 'varianceSwap', units: 1, instrument: varianceSwap(strikeVol * strikeVol, addDays(date, -1), expiry), ...accrued }, m, alt);
        const scenarioUsd = scenarioBaseline(day, { condor: null, hedge: [{ layer: 'L3', instrument: { kind: 'varianceSwap', strikeVar: strikeVol * strikeVol, expiry, ...accrued }, qty: 1 }] }).hedgeUsd;
        close(kernelUsd, scenarioUsd, 'kernel vs scenario');
        // The ticket's fair strike (signals/today.ts): a fresh swap struck there is worth 0.
        const fairVolPts = Math.sqrt(impliedVarianceTo(m, expiry)) * 100;
        const fresh = { kind: 'varianceSwap' as const, units: 1, instrument: varianceSwap((fairVolPts / 100) ** 2, date, expiry), returns, observed: 0, sumSqLogReturns: 0 };
        expect(Math.abs(altValue(fresh, m, alt)), 'a swap at the fair strike').toBeLessThan(1e-6);
      }),
      runs,
    );
  });

  it('ETP shares: the modelled level in the kernel, the ticket and the scenario', () => {
    fc.assert(
      fc.property(dayIndex, fc.double({ min: 1, max: 500, noNaN: true }), fc.integer({ min: 1, max: 1000 }), (i, level, shares) => {
        const day = kernelDay(i);
        const alt: AltDay = { etpLevel: level, etpSplit: 1, etpInstrument: etp('VIX30D'), spxLogReturn: 0, vixFrac: day.exec.vixPts / 100 };
        const kernelUsd = altValue({ kind: 'etp', units: shares, instrument: alt.etpInstrument }, day.exec.model, alt);
        const valued = quote({ kind: 'etp', instrument: alt.etpInstrument, levelUsd: level }, { model: day.exec.model, vixPts: day.exec.vixPts, slippage: spreadFormulaSlippage(DEFAULT_COST_MODEL) });
        const scenarioUsd = scenarioBaseline(day, { condor: null, hedge: [{ layer: 'L2', instrument: { kind: 'etp', symbol: 'VIX30D', expiry: null, levelUsd: level }, qty: shares }] }).hedgeUsd;
        close(kernelUsd, shares * valued.mid, 'kernel vs valuation');
        close(kernelUsd, scenarioUsd, 'kernel vs scenario');
      }),
      runs,
    );
  });
});

describe('quote', () => {
  it('refuses an expired option, naming the expiry', () => {
    const day = kernelDay(FIRST);
    const date = d.dates[FIRST] as IsoDate;
    expect(() => quote(vixOption('call', 20, date), { model: day.exec.model, vixPts: 20, slippage: spreadFormulaSlippage(DEFAULT_COST_MODEL) })).toThrow(/expiry.*has expired/);
  });

  it('a condor unit: mid = the kernel mark, delta = Σ signed leg deltas × 100, half-spread = Σ leg half-spreads × 100', () => {
    const i = FIRST + 100;
    const day = kernelDay(i);
    const s = d.spxClose[i] as number;
    const expiry = d.dates[i + 5] as IsoDate;
    const k = (x: number): number => Math.round((s * x) / 5) * 5;
    const legs = [spxOption('put', k(0.93), expiry), spxOption('put', k(0.96), expiry), spxOption('call', k(1.03), expiry), spxOption('call', k(1.06), expiry)];
    const ctx = { model: day.exec.model, vixPts: day.exec.vixPts, slippage: spreadFormulaSlippage(DEFAULT_COST_MODEL) };
    const c = quote({ kind: 'condor', legs, settlement: 'pm' }, ctx);
    const each = legs.map((o) => quote(o, ctx));
    const sign = [1, -1, -1, 1];
    close(c.delta, each.reduce((a, q, j) => a + (sign[j] as number) * q.delta * 100, 0), 'delta');
    close(c.halfSpread, each.reduce((a, q) => a + q.halfSpread * 100, 0), 'half-spread');
    expect(c.mid).toBeLessThan(0);
    expect(c.halfSpread).toBeGreaterThan(0);
  });
});
