/** Plain-number pricing types. Units live in the names (DESIGN §5). */
export type OptionType = 'call' | 'put';

/**
 * Price and sensitivities of one option.
 * - `delta`: per 1 point of the underlying (spot for BSM, forward for Black-76).
 * - `gamma`: per point².
 * - `vegaPerVolPt`: price change for +0.01 of vol.
 * - `thetaPerDay`: time decay per calendar day, -dV/dT / 365.
 * - `rhoPerPct`: price change for +0.01 of the rate.
 */
export interface Greeks {
  price: number;
  delta: number;
  gamma: number;
  vegaPerVolPt: number;
  thetaPerDay: number;
  rhoPerPct: number;
}

/** +1 for a call, -1 for a put. */
export function sign(type: OptionType): 1 | -1 {
  return type === 'call' ? 1 : -1;
}
