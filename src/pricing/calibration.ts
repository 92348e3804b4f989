/**
 * Every fitted parameter of the market model, as plain JSON. The committed values live in
 * calibration.json (written by `alvh calibrate --fit`); parseCalibration validates any
 * other file of the same shape.
 */
import { z } from 'zod';
import { InputError } from '../core/errors.js';
import committed from './calibration.json' with { type: 'json' };
import type { SmileShapeParams } from './spxSmile.js';
import type { TermStructureParams } from './volTermStructure.js';
import type { VixFuturesParams, VvolFromVixParams } from './vixFutures.js';
import type { VixOptionParams } from './vixOptionVol.js';

export interface ModelCalibration {
  version: 1;
  termStructure: TermStructureParams;
  smile: SmileShapeParams;
  vvol: VvolFromVixParams;
  vixFutures: VixFuturesParams;
  vixOptions: VixOptionParams;
  /** Free-form description of what the parameters were fitted on. */
  fit: Record<string, unknown>;
}

const num = z.number().finite();
const logRatio = z.object({ c0: num, cLogLevel: num, cLogRv: num, cLogSlope: num, cLogGap: num, cEvent: num.default(0) }).strict();
const schema = z
  .object({
    version: z.literal(1),
    termStructure: z
      .object({
        vix9d: logRatio,
        vix1d: logRatio,
        vix3m: logRatio,
        vix6m: logRatio,
        rvDays: z.number().int().min(2).max(250),
        nonTradingDayWeight: z.number().min(0).max(1),
        eventDayBoost: z.number().min(0).max(3).default(0),
        intradayVarShare: z.number().gt(0).max(1),
      })
      .strict(),
    smile: z.object({ b0: num, b1: num, rho0: num, rho1: num, m: num, psi: z.number().gt(0), zc: z.number().gt(0), fMin: z.number().gt(0).max(1), skewRef: num.default(0), skewElasticity: num.default(0), callWing: z.number().min(0).max(1).default(1) }).strict(),
    vvol: z.object({ c0: num, cLogVix: num }).strict(),
    vixFutures: z.object({ alpha: num, alphaPerYear: num, convexity: num, anchorDecayDays: z.number().gt(0) }).strict(),
    vixOptions: z
      .object({ c0: num, cLogVvol: num, termBeta: num, rho: z.number().gt(-1).lt(1), eta: z.number().gt(0), skewTermPower: z.number().min(0).max(1), minDays: z.number().gt(0) })
      .strict(),
    fit: z.record(z.string(), z.unknown()),
  })
  .strict();

/** Validates a calibration object (e.g. parsed from a file); throws InputError naming the bad path. */
export function parseCalibration(raw: unknown, field = 'calibration'): ModelCalibration {
  const r = schema.safeParse(raw);
  if (!r.success) {
    const issue = r.error.issues[0];
    throw new InputError(field, `${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`);
  }
  return r.data as ModelCalibration;
}

/** The committed fitted values. */
export const DEFAULT_CALIBRATION: ModelCalibration = parseCalibration(committed, 'calibration.json');
