/** `alvh quote --input FILE`: the model's quote of listed-style SPX and VIX options on historical days, JSON lines in and out. */
import type { Command } from 'commander';
import { InputError } from '../../core/errors.js';
import { isoDate, systemClock } from '../../core/time.js';
import type { MarketData } from '../../market/types.js';
import { quoteOption, type QuoteRequest } from '../../portfolio/quote.js';
import { addHomeOption } from '../home.js';
import { homeMarketData } from '../market.js';
import { processJsonLines, readInputLines } from '../pricingInput.js';
import { DEFAULT_CALIBRATION, type ModelCalibration } from '../../portfolio/marketModel.js';
import { calibrationFromFlag, calibrationNote, CALIBRATION_FLAG_HELP } from '../calibrationFlag.js';

const ROOTS = ['SPX', 'VIX'] as const;
const TYPES = ['call', 'put'] as const;

function field(raw: Record<string, unknown>, name: string): unknown {
  const v = raw[name];
  if (v === undefined || v === null) throw new InputError(name, 'is required');
  return v;
}

function choice<T extends string>(raw: Record<string, unknown>, name: string, allowed: readonly T[]): T {
  const v = field(raw, name);
  if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v)) throw new InputError(name, `must be one of ${allowed.join('|')}, got ${JSON.stringify(v)}`);
  return v as T;
}

/** One quote request from a parsed JSON line; every bad value names its field. */
export function quoteRequestFromJson(value: unknown): QuoteRequest {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new InputError('line', 'must be a JSON object');
  const raw = value as Record<string, unknown>;
  const day = (name: string) => {
    const v = field(raw, name);
    if (typeof v !== 'string') throw new InputError(name, `must be a date YYYY-MM-DD, got ${JSON.stringify(v)}`);
    return isoDate(v, name);
  };
  const strike = field(raw, 'strike');
  if (typeof strike !== 'number' || !Number.isFinite(strike) || !(strike > 0)) throw new InputError('strike', `must be a number > 0, got ${JSON.stringify(strike)}`);
  return { date: day('date'), root: choice(raw, 'root', ROOTS), type: choice(raw, 'type', TYPES), expiration: day('expiration'), strike };
}

/** The output of `alvh quote` for the lines of a file. */
export function quoteLines(data: MarketData, lines: readonly string[], calib: ModelCalibration = DEFAULT_CALIBRATION): string {
  return processJsonLines(lines, (parsed) => quoteOption(data, quoteRequestFromJson(parsed), calib));
}

export function register(program: Command): void {
  addHomeOption(
    program
      .command('quote')
      .description("The model's quote of SPX and VIX options on any historical day: JSON lines in, one JSON line out per line, in order.")
      .requiredOption('--input <file>', 'JSON lines {date, root: "SPX"|"VIX", type, expiration, strike} (- for stdin)')
      .option('--calibration <file>', CALIBRATION_FLAG_HELP),
  )
    .addHelpText(
      'after',
      `
Each line out is {mid, vol, underlying, delta, years, rate[, div]}: the model price (points per
unit), the vol it uses, SPX spot or the same-expiry VIX future, the delta, and what
\`alvh price\` needs to reproduce it. A bad line gets {"error":{"code","message"}} on its line
(the message names the field); a date outside the data or not a trading day is an error.

SPX: Black-Scholes-Merton on spot with the smile vol, T-bill rate and dividend yield; monthly
third-Friday expiries settle at the open (AM), others at the close. VIX: Black-76 on the
same-expiry future, settled at the opening SOQ. Time runs from the close of date.

Example:
  $ printf '%s\\n' '{"date":"2020-03-16","root":"SPX","type":"put","expiration":"2020-04-17","strike":2200}' \\
      '{"date":"2020-03-16","root":"VIX","type":"call","expiration":"2020-04-15","strike":60}' > q.jsonl
  $ alvh quote --input q.jsonl`,
    )
    .action((flags: { input: string; home?: string; calibration?: string }) => {
      const calibration = calibrationFromFlag(flags.calibration);
      const lines = readInputLines(flags.input);
      process.stdout.write(quoteLines(homeMarketData(flags.home, systemClock), lines, calibration.calib));
      // stdout stays one JSON line per input line: the calibration is named on stderr.
      const note = calibrationNote(calibration);
      if (note !== null) process.stderr.write(`${note}\n`);
    });
}
