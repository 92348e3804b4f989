import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson, parseCanonical } from './canonical.js';
import { InputError } from './errors.js';

describe('canonicalJson', () => {
  it('sorts keys at every depth and writes no whitespace', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: null, y: true }], c: 'x' } })).toBe('{"a":{"c":"x","d":[3,{"y":true,"z":null}]},"b":1}');
    expect(canonicalJson({ B: 1, a: 2, _: 3, '10': 4, '9': 5 }), 'UTF-16 code unit order, as RFC 8785').toBe('{"10":4,"9":5,"B":1,"_":3,"a":2}');
  });

  it('writes numbers in the shortest round-trip form (RFC 8785 appendix B examples)', () => {
    // RFC 8785 §3.2.2.3 / appendix B: ES6 Number.prototype.toString serialization.
    expect(canonicalJson([0.1, 1e21, 1e-7, 333333333.3333333, 5e-324, -0, 100, 1.5e300, 0.000001])).toBe(
      '[0.1,1e+21,1e-7,333333333.3333333,5e-324,0,100,1.5e+300,0.000001]',
    );
  });

  it('rejects what JSON cannot carry, naming where', () => {
    expect(() => canonicalJson({ a: [1, Number.NaN] })).toThrow(/json\.a\[1\]: numbers must be finite/);
    expect(() => canonicalJson({ a: Number.POSITIVE_INFINITY })).toThrow(InputError);
    expect(() => canonicalJson([undefined])).toThrow(/undefined is not a JSON value/);
    expect(() => canonicalJson({ d: new Date(0) })).toThrow(/only plain objects/);
    expect(() => canonicalJson(10n)).toThrow(/bigint is not a JSON value/);
    expect(canonicalJson({ a: undefined, b: 1 }), 'undefined properties are omitted, as in JSON').toBe('{"b":1}');
    expect(() => parseCanonical('{"a":', '--file')).toThrow(/--file: not valid JSON/);
    expect(() => parseCanonical('[1e999]', '--file'), '1e999 parses to Infinity').toThrow(/--file\[0\]: numbers must be finite/);
  });

  it('is a fixed point of parse∘canonical and ignores key order (property)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const c = canonicalJson(v);
        expect(canonicalJson(JSON.parse(c))).toBe(c);
        expect(JSON.parse(c)).toEqual(JSON.parse(JSON.stringify(v)));
      }),
    );
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.integer()), (d) => {
        const reversed = Object.fromEntries(Object.entries(d).reverse());
        expect(canonicalJson(reversed)).toBe(canonicalJson(d));
      }),
    );
  });
});
