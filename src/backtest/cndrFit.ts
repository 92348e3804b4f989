/**
 * The smile's skew elasticity fitted to Cboe's real CNDR history (a monthly 20Δ/5Δ SPX
 * condor, the one real condor track record before daily options): the shape fitted to a
 * 2026 chain (SKEW ≈ 144) is steeper than the 1990s market priced (SKEW ≈ 116), and with
 * the same VIX a steeper skew moves variance from the money into the put wing, so the
 * replica's short call sits closer and collects less. The elasticity is chosen on
 * 1990-1997 and scored on 1998-2005, which it never saw. The fit's loss is the annual
 * return gap² + the tracking error² (both in fractions a year): a bias of one point a year
 * weighs as much as one point a year of month-to-month noise.
 */
import type { IsoDate } from '../core/time.js';
import type { MarketData } from '../market/types.js';
import type { ModelCalibration } from '../pricing/calibration.js';
import { compareReplication, replicate, type ReplicationComparison } from './replicate.js';

export interface CndrWindow {
  readonly sample: 'in-sample' | 'held-out' | 'all';
  readonly from: IsoDate;
  readonly to: IsoDate;
}

export const CNDR_WINDOWS: readonly CndrWindow[] = [
  { sample: 'in-sample', from: '1990-01-02' as IsoDate, to: '1997-12-31' as IsoDate },
  { sample: 'held-out', from: '1998-01-02' as IsoDate, to: '2005-12-30' as IsoDate },
  { sample: 'all', from: '1990-01-02' as IsoDate, to: '2005-12-30' as IsoDate },
];

/** The elasticities tried by the fit: 0 (one shape on every day) to 1 in steps of 0.05. */
export const SKEW_ELASTICITY_GRID: readonly number[] = Array.from({ length: 21 }, (_, k) => k * 0.05);

export type RealLevels = readonly (readonly [IsoDate, number])[];

export interface CndrRow extends ReplicationComparison {
  readonly sample: CndrWindow['sample'];
}

function withElasticity(calib: ModelCalibration, skewElasticity: number): ModelCalibration {
  return { ...calib, smile: { ...calib.smile, skewElasticity } };
}

/** The replica of each window against the real index. */
export function cndrRows(data: MarketData, calib: ModelCalibration, real: RealLevels): CndrRow[] {
  return CNDR_WINDOWS.map((w) => ({ sample: w.sample, ...compareReplication(replicate(data, 'cndr', w.from, w.to, calib).levels, real) }));
}

/** The fit's loss of one replica: return gap² + tracking error². */
export function cndrLoss(c: ReplicationComparison): number {
  const gap = c.annualReturnModel - c.annualReturnReal;
  const te = c.trackingError ?? Number.POSITIVE_INFINITY;
  return gap * gap + te * te;
}

/** The grid elasticity with the least in-sample loss (ties: the smaller elasticity). */
export function fitSkewElasticity(data: MarketData, calib: ModelCalibration, real: RealLevels): { skewElasticity: number; loss: number } {
  const w = CNDR_WINDOWS[0] as CndrWindow;
  let best = { skewElasticity: 0, loss: Number.POSITIVE_INFINITY };
  for (const e of SKEW_ELASTICITY_GRID) {
    const loss = cndrLoss(compareReplication(replicate(data, 'cndr', w.from, w.to, withElasticity(calib, e)).levels, real));
    if (loss < best.loss - 1e-12) best = { skewElasticity: e, loss };
  }
  return best;
}
