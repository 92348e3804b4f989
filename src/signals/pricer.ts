/**
 * The ticket's modelled quotes from the market model of the signal's day (DESIGN §2):
 * SPX options by Black-Scholes-Merton on the model smile (ACT/365 from the close), VIX
 * options by Black-76 on the same-expiry VIX future with the model's VIX-option vol and
 * the settlement at the expiry morning's open. The same conventions as the backtest. Where
 * the day view has real chains (`DayModel.listedQuote`), the chain's quote comes along and
 * the ticket's limit is set on it.
 */
import { InputError } from '../core/errors.js';
import { daysBetween } from '../core/time.js';
import { black76Price } from '../pricing/black76.js';
import { bsmPrice } from '../pricing/bsm.js';
import { vixOptionYears, type DayModel } from '../portfolio/marketModel.js';
import type { OptionInstrument } from '../portfolio/instruments.js';
import type { ModelQuote, OptionPricer } from './ticket.js';

/** A pricer for options alive after the close of `m.date`; `vixClosePts` sets the SPX quote width. */
export function modelPricer(m: DayModel, vixClosePts: number): OptionPricer {
  if (!(vixClosePts > 0)) throw new InputError('vixClosePts', `must be > 0, got ${String(vixClosePts)}`);
  const cache = new Map<string, ModelQuote>();
  return (o: OptionInstrument): ModelQuote => {
    const key = `${o.kind}|${o.type}|${o.strike}|${o.expiry}`;
    const hit = cache.get(key);
    if (hit !== undefined) return hit;
    const days = daysBetween(m.date, o.expiry);
    if (days <= 0) throw new InputError('expiry', `${o.expiry} is not after ${m.date}: the option has expired`);
    let q: ModelQuote;
    if (o.kind === 'spxOption') {
      const years = days / 365;
      q = { midPts: bsmPrice(o.type, m.spot, o.strike, years, m.rateFrac, m.divFrac, m.spxVol(o.strike, years)), spreadVolFrac: vixClosePts / 100, listed: m.listedQuote?.('SPX', o.type, o.expiry, o.strike) ?? null };
    } else {
      const forward = m.vxFuture(o.expiry).price;
      const vol = m.vixOptionVol(o.expiry, o.strike);
      q = { midPts: black76Price(o.type, forward, o.strike, vixOptionYears(days), m.rateFrac, vol), spreadVolFrac: vol, listed: m.listedQuote?.('VIX', o.type, o.expiry, o.strike) ?? null };
    }
    cache.set(key, q);
    return q;
  };
}
