/**
 * Canonical JSON: one byte string per value, so that hashes and signatures over JSON are
 * reproducible on any machine. Rules (close to RFC 8785 / JCS):
 * - object keys sorted by UTF-16 code units (JavaScript's default sort), no whitespace;
 * - numbers in the shortest round-trip form (ECMAScript Number::toString, as JSON.stringify
 *   writes them; -0 is written 0); NaN and ±Infinity are rejected;
 * - strings escaped as JSON.stringify escapes them;
 * - object properties whose value is `undefined` are omitted (as in JSON); `undefined` in an
 *   array, functions, symbols, bigints and non-plain objects (Date, Map, class instances)
 *   are rejected, because JSON cannot carry them unambiguously.
 */
import { InputError } from './errors.js';

export function canonicalJson(value: unknown, field = 'json'): string {
  return write(value, field);
}

function write(value: unknown, path: string): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) throw new InputError(path, `numbers must be finite, got ${String(value)}`);
      return JSON.stringify(value);
    case 'string':
      return JSON.stringify(value);
    case 'object': {
      if (Array.isArray(value)) {
        const parts: string[] = [];
        for (let i = 0; i < value.length; i++) {
          const item: unknown = value[i];
          if (item === undefined) throw new InputError(`${path}[${i}]`, 'undefined is not a JSON value');
          parts.push(write(item, `${path}[${i}]`));
        }
        return `[${parts.join(',')}]`;
      }
      const proto: unknown = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null) {
        throw new InputError(path, 'only plain objects, arrays, strings, finite numbers, booleans and null are JSON values');
      }
      const record = value as Record<string, unknown>;
      const keys = Object.keys(record).sort();
      const parts: string[] = [];
      for (const key of keys) {
        const item = record[key];
        if (item === undefined) continue;
        parts.push(`${JSON.stringify(key)}:${write(item, `${path}.${key}`)}`);
      }
      return `{${parts.join(',')}}`;
    }
    default:
      throw new InputError(path, `${typeof value} is not a JSON value`);
  }
}

/** Parses JSON text and returns its canonical form; a syntax error names `field`. */
export function parseCanonical(text: string, field = 'json'): { value: unknown; canonical: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new InputError(field, `not valid JSON: ${err instanceof Error ? err.message : String(err)}`);
  }
  return { value, canonical: canonicalJson(value, field) };
}
