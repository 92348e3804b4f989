/**
 * The ticket's modelled quotes from the market model of the signal's day (DESIGN §2),
 * through the engine's one valuation (engine/valuation.ts): SPX options by
 * Black-Scholes-Merton on the model smile (ACT/365 from the close, PM), VIX options by
 * Black-76 on the same-expiry VIX future with the model's VIX-option vol and the settlement
 * at the expiry morning's open. Where the day view has real chains (`DayModel.listedQuote`),
 * the chain's quote comes along and the ticket's limit is set on it.
 */
import { InputError } from '../core/errors.js';
import type { DayModel } from '../portfolio/marketModel.js';
import { DEFAULT_COST_MODEL } from '../portfolio/costs.js';
import type { OptionInstrument } from '../portfolio/instruments.js';
import { defaultReality, type SlippageModel } from '../engine/reality.js';
import { quote } from '../engine/valuation.js';
import type { ModelQuote, OptionPricer } from './ticket.js';

/** A pricer for options alive after the close of `m.date`; `vixClosePts` sets the SPX quote width, `slippage` its half-spread (the engine's default). */
export function modelPricer(m: DayModel, vixClosePts: number, slippage: SlippageModel = defaultReality(DEFAULT_COST_MODEL).slippage): OptionPricer {
  if (!(vixClosePts > 0)) throw new InputError('vixClosePts', `must be > 0, got ${String(vixClosePts)}`);
  const cache = new Map<string, ModelQuote>();
  const day = { model: m, vixPts: vixClosePts, slippage };
  return (o: OptionInstrument): ModelQuote => {
    const key = `${o.kind}|${o.type}|${o.strike}|${o.expiry}`;
    const hit = cache.get(key);
    if (hit !== undefined) return hit;
    const v = quote(o, day);
    const q: ModelQuote = { midPts: v.mid, spreadVolFrac: v.volFrac, listed: v.listed, halfSpreadPts: v.halfSpread };
    cache.set(key, q);
    return q;
  };
}
