/**
 * Input parsing shared by `alvh price` and `alvh iv`: flags for one option, or JSON lines
 * (`--input FILE`) with the same fields. Every bad value becomes an InputError naming the
 * flag (`--strike`) or the JSON field (`strike`). Other JSON fields (an id, a market price
 * next to a vol) are ignored, so that one file can feed both commands.
 */
import { readUserFile } from './io.js';
import type { Command } from 'commander';
import { InputError } from '../core/errors.js';
import type { OptionType } from '../pricing/types.js';
import { printJson } from './io.js';
import { num, oneOf } from './options.js';

export type Model = 'bsm' | 'black76';
export const MODELS: readonly Model[] = ['bsm', 'black76'];
export const TYPES: readonly OptionType[] = ['call', 'put'];

/** One request: `value` is the vol (for price) or the option price (for iv). */
export interface PricingRequest {
  model: Model;
  type: OptionType;
  /** spot for bsm, forward for black76 */
  underlying: number;
  strike: number;
  years: number;
  rate: number;
  div: number;
  value: number;
}

/** `vol` for `alvh price`, `price` for `alvh iv`. */
export type ValueField = 'vol' | 'price';

export interface PricingFlags {
  model?: string;
  type?: string;
  spot?: string;
  forward?: string;
  strike?: string;
  years?: string;
  rate?: string;
  div?: string;
  vol?: string;
  price?: string;
  input?: string;
  json?: boolean;
}

type Namer = (field: string) => string;

function check(name: string, x: number, rule: 'positive' | 'nonNegative' | 'vol'): number {
  if (rule === 'positive' && !(x > 0)) throw new InputError(name, `must be > 0, got ${x}`);
  if (rule === 'nonNegative' && !(x >= 0)) throw new InputError(name, `must be >= 0, got ${x}`);
  // A vol of 1000% is a percent typed where a fraction belongs (20 for 0.20), not a market.
  if (rule === 'vol' && !(x >= 0 && x <= 10)) throw new InputError(name, `must be a fraction between 0 and 10 (0.2 = 20%), got ${x}`);
  return x;
}

/** Beyond this |x·years| the discount factor e^{-x·years} leaves the double range (e^709 ≈ 8e307). */
const MAX_CARRY_YEARS = 700;

function carry(name: string, x: number, years: number): number {
  if (!(Math.abs(x * years) <= MAX_CARRY_YEARS)) {
    throw new InputError(name, `times years must be within ±${MAX_CARRY_YEARS} (beyond, its discount factor overflows a double), got ${x} × ${years}`);
  }
  return x;
}

/** Builds a request from raw values (flags or JSON fields); `name` maps a field to what the user typed. */
function build(raw: Record<string, unknown>, valueField: ValueField, name: Namer, numOf: (field: string, required: boolean) => number | undefined): PricingRequest {
  const model = raw.model === undefined ? 'bsm' : oneOf(name('model'), typeof raw.model === 'string' ? raw.model : String(raw.model), MODELS);
  const type = oneOf(name('type'), typeof raw.type === 'string' ? raw.type : raw.type === undefined ? undefined : String(raw.type), TYPES);
  let underlying: number;
  if (model === 'bsm') {
    if (raw.forward !== undefined) throw new InputError(name('forward'), 'is for --model black76; bsm takes spot');
    underlying = check(name('spot'), numOf('spot', true) as number, 'positive');
  } else {
    if (raw.spot !== undefined) throw new InputError(name('spot'), 'is for --model bsm; black76 takes forward');
    if (raw.div !== undefined) throw new InputError(name('div'), 'is for --model bsm; black76 has no dividend yield');
    underlying = check(name('forward'), numOf('forward', true) as number, 'positive');
  }
  const strike = check(name('strike'), numOf('strike', true) as number, 'positive');
  const years = check(name('years'), numOf('years', true) as number, 'nonNegative');
  // Any finite rate and dividend yield (generalized cost of carry b = rate - div, negative
  // rates and carries included), as long as e^{-rate·years} and e^{-div·years} are doubles.
  const rate = carry(name('rate'), numOf('rate', false) ?? 0, years);
  const div = carry(name('div'), numOf('div', false) ?? 0, years);
  const value = check(name(valueField), numOf(valueField, true) as number, valueField === 'vol' ? 'vol' : 'nonNegative');
  return { model, type, underlying, strike, years, rate, div, value };
}

/** One request from command-line flags. */
export function requestFromFlags(flags: PricingFlags, valueField: ValueField): PricingRequest {
  const raw = flags as Record<string, unknown>;
  const req = build(raw, valueField, (f) => `--${f}`, (field, required) => {
    const v = raw[field];
    if (v === undefined && !required) return undefined;
    return num(`--${field}`, v as string | undefined);
  });
  // Accepted (a carry of -100% is a real input), but a percent typed for a fraction is the likelier reading.
  for (const [flag, x] of [['--rate', req.rate], ['--div', req.div]] as const) {
    if (Math.abs(x) > 1) process.stderr.write(`alvh: note: ${flag} ${x} is read as a fraction, ${Number((x * 100).toPrecision(12))}% a year (0.05 = 5%)\n`);
  }
  return req;
}

/** One request from a parsed JSON value (one line of --input). */
export function requestFromJson(value: unknown, valueField: ValueField): PricingRequest {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new InputError('line', 'must be a JSON object');
  const raw = value as Record<string, unknown>;
  return build(raw, valueField, (f) => f, (field, required) => {
    const v = raw[field];
    if (v === undefined || v === null) {
      if (required) throw new InputError(field, 'is required');
      return undefined;
    }
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new InputError(field, `must be a finite number, got ${JSON.stringify(v)}`);
    return v;
  });
}

/** Flags that make no sense together with --input. */
const SINGLE_FLAGS = ['model', 'type', 'spot', 'forward', 'strike', 'years', 'rate', 'div', 'vol', 'price'] as const;

export function assertNoSingleFlags(flags: PricingFlags): void {
  for (const f of SINGLE_FLAGS) if (flags[f] !== undefined) throw new InputError(`--${f}`, 'cannot be combined with --input (put it in each JSON line)');
}

/** Reads --input (a file, or - for stdin) into its lines; a trailing newline adds no line. */
export function readInputLines(path: string): string[] {
  const text = readUserFile('--input', path);
  const lines = text.split(/\r?\n/);
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** Runs `fn` on every line; a bad line becomes `{"error":{code,message}}` on its own line. */
export function processLines(lines: readonly string[], valueField: ValueField, fn: (req: PricingRequest) => unknown): string {
  const out: string[] = new Array<string>(lines.length);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    try {
      if (line.trim() === '') throw new InputError(`line ${i + 1}`, 'is empty');
      let parsed: unknown;
      try {
        parsed = JSON.parse(line);
      } catch {
        throw new InputError(`line ${i + 1}`, 'is not valid JSON');
      }
      out[i] = JSON.stringify(fn(requestFromJson(parsed, valueField)));
    } catch (err) {
      if (err instanceof InputError || (err instanceof Error && 'code' in err && typeof err.code === 'string')) {
        out[i] = JSON.stringify({ error: { code: (err as Error & { code: string }).code, message: err.message } });
      } else {
        throw err;
      }
    }
  }
  return out.length === 0 ? '' : `${out.join('\n')}\n`;
}

/** Adds the option flags of `price` and `iv`; `valueOption` (the vol or the price) goes after --div. */
export function addPricingOptions(cmd: Command, valueOption: readonly [flags: string, description: string]): Command {
  return cmd
    .option('--model <model>', 'bsm | black76 (default bsm)')
    .option('--type <type>', 'call | put')
    .option('--spot <S>', 'spot (bsm)')
    .option('--forward <F>', 'forward or future price (black76)')
    .option('--strike <K>', 'strike')
    .option('--years <T>', 'time to expiry in years (ACT/365)')
    .option('--rate <r>', 'continuously compounded rate as a fraction, negative allowed (default 0)')
    .option('--div <q>', 'continuous dividend yield as a fraction, any sign; cost of carry b = rate - div (bsm, default 0)')
    .option(valueOption[0], valueOption[1])
    .option('--input <file>', 'JSON lines, one option per line (- for stdin); writes one JSON line per input line')
    .option('--json', 'print only JSON');
}

/**
 * The action of `price` and `iv`: with --input, one JSON line per input line; otherwise one
 * request from the flags, printed as JSON (--json) or as `text`.
 */
export function runPricing<T>(flags: PricingFlags, valueField: ValueField, compute: (req: PricingRequest) => T, text: (req: PricingRequest, out: T) => string): void {
  if (flags.input !== undefined) {
    assertNoSingleFlags(flags);
    process.stdout.write(processLines(readInputLines(flags.input), valueField, compute));
    return;
  }
  const req = requestFromFlags(flags, valueField);
  const out = compute(req);
  if (flags.json === true) printJson(out);
  else process.stdout.write(text(req, out));
}
