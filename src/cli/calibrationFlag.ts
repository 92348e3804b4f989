/**
 * `--calibration FILE` on the commands that price with the market model (backtest, signal,
 * scenario, quote, replicate, calibrate): a file written by `alvh calibrate --fit --out` or
 * `alvh calibrate --chains --fit --out`, used in place of the committed calibration, and
 * the line each command prints to say so. A bad file is an InputError naming the file and
 * the field (exit 2).
 */
import { readFileSync } from 'node:fs';
import { InputError } from '../core/errors.js';
import { DEFAULT_CALIBRATION, parseCalibration, type ModelCalibration } from '../pricing/calibration.js';

export interface CalibrationChoice {
  readonly calib: ModelCalibration;
  /** The file given with --calibration; null: the committed calibration. */
  readonly file: string | null;
}

export const CALIBRATION_FLAG_HELP = 'price with the model calibration in FILE (written by alvh calibrate --fit --out, or calibrate --chains --fit --out) instead of the committed one';

/** The calibration of `--calibration FILE` (the committed one without the flag). */
export function calibrationFromFlag(file: string | undefined): CalibrationChoice {
  if (file === undefined) return { calib: DEFAULT_CALIBRATION, file: null };
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new InputError('--calibration', `${file}: cannot read it (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new InputError('--calibration', `${file}: not valid JSON (${(err as Error).message.split('\n')[0] ?? ''})`);
  }
  return { calib: parseCalibration(raw, `--calibration ${file}`), file };
}

/** What a report says about the calibration it priced with (null: the committed one, said nowhere). */
export function calibrationNote(c: CalibrationChoice): string | null {
  return c.file === null ? null : `Model calibration from ${c.file} (not the committed one).`;
}
