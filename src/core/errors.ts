/**
 * Two error channels (STYLE.md): bad input and broken invariants throw a DomainError
 * subclass with a `code`; expected outcomes are typed unions returned by the engine.
 */
export type ErrorCode =
  | 'invalid_input'
  | 'bad_data'
  | 'not_enough_data'
  | 'no_quote'
  | 'price_below_intrinsic'
  | 'price_above_bound'
  | 'zero_time'
  | 'no_convergence'
  | 'invariant';

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Bad user input (a flag, a field of a JSON line). `field` names what to fix. */
export class InputError extends DomainError {
  constructor(
    readonly field: string,
    message: string,
    code: ErrorCode = 'invalid_input',
  ) {
    super(code, `${field}: ${message}`);
  }
}

/** A valid request the command refuses by a rule the user asked for (e.g. --strict on a stale signal); it exits with `exitCode`. */
export class RefusedError extends DomainError {
  constructor(
    readonly exitCode: number,
    message: string,
  ) {
    super('invalid_input', message);
  }
}

/** A bad row or file in market data. `where` is `file:line` (or `file` alone). */
export class DataError extends DomainError {
  constructor(
    readonly where: string,
    message: string,
  ) {
    super('bad_data', `${where}: ${message}`);
  }
}

/** A pricing request with no valid answer (e.g. an option price below intrinsic). */
export class PricingError extends DomainError {}

/** A broken internal invariant: a bug, never a user's fault. */
export class InvariantError extends DomainError {
  constructor(message: string) {
    super('invariant', message);
  }
}

export function invariant(condition: unknown, message: string): asserts condition {
  if (!condition) throw new InvariantError(message);
}
