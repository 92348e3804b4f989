/**
 * Black-Scholes-Merton for European options on a spot paying a continuous dividend
 * yield. Plain numbers, units in the names; years = 0 or vol = 0 give the intrinsic value
 * of the discounted forward, never NaN. Any finite rate and yield is accepted (the
 * generalized cost of carry b = rateFrac - divFrac of Haug's formulas: negative rates, a
 * futures-style b = 0, a yield above 100%), as long as the discount factors are doubles.
 */
import { gaussExp, normCdf, normCdfFromGauss, normPdf } from './normal.js';
import type { Greeks, OptionType } from './types.js';
import { checkArgs } from './validate.js';

/** Black-Scholes-Merton price. */
export function bsmPrice(type: OptionType, spot: number, strike: number, years: number, rateFrac: number, divFrac: number, volFrac: number): number {
  checkArgs('spot', spot, strike, years, rateFrac, divFrac, volFrac);
  return bsmPriceUnchecked(type === 'call' ? 1 : -1, spot, strike, years, rateFrac, divFrac, volFrac);
}

/** Kernel without argument checks; theta is +1 for a call, -1 for a put. */
export function bsmPriceUnchecked(theta: number, spot: number, strike: number, years: number, rateFrac: number, divFrac: number, volFrac: number): number {
  const fwdDisc = spot * Math.exp(-divFrac * years);
  const strikeDisc = strike * Math.exp(-rateFrac * years);
  const sd = volFrac * Math.sqrt(years);
  if (!(sd > 0)) return Math.max(theta * (fwdDisc - strikeDisc), 0);
  const d1 = (Math.log(spot / strike) + (rateFrac - divFrac) * years) / sd + 0.5 * sd;
  const d2 = d1 - sd;
  // One Gaussian for both terms: n(d2) = n(d1)·F/K exactly.
  const g1 = gaussExp(d1);
  const g2 = g1 > 0 ? (g1 * fwdDisc) / strikeDisc : gaussExp(d2);
  const v = theta * (fwdDisc * normCdfFromGauss(theta * d1, g1) - strikeDisc * normCdfFromGauss(theta * d2, g2));
  return v > 0 ? v : 0;
}

/** dPrice/dSpot. */
export function bsmDelta(type: OptionType, spot: number, strike: number, years: number, rateFrac: number, divFrac: number, volFrac: number): number {
  checkArgs('spot', spot, strike, years, rateFrac, divFrac, volFrac);
  return bsmDeltaUnchecked(type === 'call' ? 1 : -1, spot, strike, years, rateFrac, divFrac, volFrac);
}

/** Delta without argument checks; theta is +1 for a call, -1 for a put. */
export function bsmDeltaUnchecked(theta: number, spot: number, strike: number, years: number, rateFrac: number, divFrac: number, volFrac: number): number {
  const dfq = Math.exp(-divFrac * years);
  const sd = volFrac * Math.sqrt(years);
  if (!(sd > 0)) return theta * (spot * dfq - strike * Math.exp(-rateFrac * years)) > 0 ? theta * dfq : 0;
  const d1 = (Math.log(spot / strike) + (rateFrac - divFrac) * years) / sd + 0.5 * sd;
  return theta * dfq * normCdf(theta * d1);
}

/** Price and Greeks in the units of `Greeks`. */
export function bsmGreeks(type: OptionType, spot: number, strike: number, years: number, rateFrac: number, divFrac: number, volFrac: number): Greeks {
  checkArgs('spot', spot, strike, years, rateFrac, divFrac, volFrac);
  const theta = type === 'call' ? 1 : -1;
  const dfq = Math.exp(-divFrac * years);
  const dfr = Math.exp(-rateFrac * years);
  const fwdDisc = spot * dfq;
  const strikeDisc = strike * dfr;
  const sqrtT = Math.sqrt(years);
  const sd = volFrac * sqrtT;
  if (!(sd > 0)) {
    const itm = theta * (fwdDisc - strikeDisc) > 0 ? theta : 0;
    const price = itm * (fwdDisc - strikeDisc);
    return {
      price,
      delta: itm * dfq,
      gamma: 0,
      vegaPerVolPt: 0,
      thetaPerDay: (itm * (divFrac * fwdDisc - rateFrac * strikeDisc)) / 365,
      rhoPerPct: (itm * strikeDisc * years) / 100,
    };
  }
  const d1 = (Math.log(spot / strike) + (rateFrac - divFrac) * years) / sd + 0.5 * sd;
  const d2 = d1 - sd;
  const nd1 = normCdf(theta * d1);
  const nd2 = normCdf(theta * d2);
  const pdf = normPdf(d1);
  const price = Math.max(theta * (fwdDisc * nd1 - strikeDisc * nd2), 0);
  const minusDvDt = -(fwdDisc * pdf * volFrac) / (2 * sqrtT) - theta * rateFrac * strikeDisc * nd2 + theta * divFrac * fwdDisc * nd1;
  return {
    price,
    delta: theta * dfq * nd1,
    gamma: (dfq * pdf) / (spot * sd),
    vegaPerVolPt: (fwdDisc * pdf * sqrtT) / 100,
    thetaPerDay: minusDvDt / 365,
    rhoPerPct: (theta * strikeDisc * years * nd2) / 100,
  };
}
