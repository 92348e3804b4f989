/**
 * Black-76 for European options on a forward or future, discounted at rateFrac.
 * Delta and gamma are with respect to the forward; rho holds the forward fixed
 * (rho = -years·price). years = 0 or vol = 0 give the discounted intrinsic value.
 */
import { gaussExp, normCdf, normCdfFromGauss, normPdf } from './normal.js';
import type { Greeks, OptionType } from './types.js';
import { checkArgs } from './validate.js';

/** Black-76 price. */
export function black76Price(type: OptionType, forward: number, strike: number, years: number, rateFrac: number, volFrac: number): number {
  checkArgs('forward', forward, strike, years, rateFrac, 0, volFrac);
  return black76PriceUnchecked(type === 'call' ? 1 : -1, forward, strike, years, rateFrac, volFrac);
}

/** Kernel without argument checks; theta is +1 for a call, -1 for a put. */
export function black76PriceUnchecked(theta: number, forward: number, strike: number, years: number, rateFrac: number, volFrac: number): number {
  const df = Math.exp(-rateFrac * years);
  const sd = volFrac * Math.sqrt(years);
  if (!(sd > 0)) return df * Math.max(theta * (forward - strike), 0);
  const d1 = Math.log(forward / strike) / sd + 0.5 * sd;
  const d2 = d1 - sd;
  // One Gaussian for both terms: n(d2) = n(d1)·F/K exactly.
  const g1 = gaussExp(d1);
  const g2 = g1 > 0 ? (g1 * forward) / strike : gaussExp(d2);
  const v = theta * (forward * normCdfFromGauss(theta * d1, g1) - strike * normCdfFromGauss(theta * d2, g2));
  return v > 0 ? df * v : 0;
}

/** dPrice/dForward. */
export function black76Delta(type: OptionType, forward: number, strike: number, years: number, rateFrac: number, volFrac: number): number {
  checkArgs('forward', forward, strike, years, rateFrac, 0, volFrac);
  const theta = type === 'call' ? 1 : -1;
  const df = Math.exp(-rateFrac * years);
  const sd = volFrac * Math.sqrt(years);
  if (!(sd > 0)) return theta * (forward - strike) > 0 ? theta * df : 0;
  const d1 = Math.log(forward / strike) / sd + 0.5 * sd;
  return theta * df * normCdf(theta * d1);
}

/** Price and Greeks in the units of `Greeks`. */
export function black76Greeks(type: OptionType, forward: number, strike: number, years: number, rateFrac: number, volFrac: number): Greeks {
  checkArgs('forward', forward, strike, years, rateFrac, 0, volFrac);
  const theta = type === 'call' ? 1 : -1;
  const df = Math.exp(-rateFrac * years);
  const sqrtT = Math.sqrt(years);
  const sd = volFrac * sqrtT;
  if (!(sd > 0)) {
    const itm = theta * (forward - strike) > 0 ? theta : 0;
    const price = df * itm * (forward - strike);
    return { price, delta: itm * df, gamma: 0, vegaPerVolPt: 0, thetaPerDay: (rateFrac * price) / 365, rhoPerPct: (-years * price) / 100 };
  }
  const d1 = Math.log(forward / strike) / sd + 0.5 * sd;
  const d2 = d1 - sd;
  const nd1 = normCdf(theta * d1);
  const nd2 = normCdf(theta * d2);
  const pdf = normPdf(d1);
  const price = df * Math.max(theta * (forward * nd1 - strike * nd2), 0);
  return {
    price,
    delta: theta * df * nd1,
    gamma: (df * pdf) / (forward * sd),
    vegaPerVolPt: (df * forward * pdf * sqrtT) / 100,
    thetaPerDay: (rateFrac * price - (df * forward * pdf * volFrac) / (2 * sqrtT)) / 365,
    rhoPerPct: (-years * price) / 100,
  };
}
