import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDecimal } from './decimal.js';

const parse = (s: string): number | undefined => parseDecimal(s, 0, s.length);

/** Agrees with Number() bit for bit wherever it answers. */
function agrees(s: string): boolean {
  const v = parse(s);
  return v === undefined || Object.is(v, Number(s));
}

describe('parseDecimal', () => {
  it('reads the shapes of data files exactly as Number() does', () => {
    for (const s of ['0', '-0', '-0.0', '5', '+5', '5.', '.5', '4742.83', '0.1', '0.3', '237.05818824738407', '-0.0000013610541449346772', '3.46115327832695e-7', '1e5', '1E-5', '2.5e+3', '9007199254740993', '9007199254740992.5', '0.30000000000000004', '123456789012345678', '1.7976931348623157', '000012.5000'])
      expect(Object.is(parse(s), Number(s)), s).toBe(true);
    expect(parse('9007199254740993'), '2^53 + 1, exactly between two doubles: ties to even').toBe(9007199254740992);
  });

  it('NaN for what is not a number, undefined for shapes it leaves to Number()', () => {
    for (const s of ['', '-', '.', 'e5', '1e', '1e+', '1.2.3', '--1', '1,5', 'abc', ' 1', 'Infinity', '0x10']) expect(parse(s), s).toBeNaN();
    expect(parse('12345678901234567890'), '20 significant digits').toBeUndefined();
    expect(parse('1e30'), 'a far exponent').toBeUndefined();
    expect(parse('1e-30')).toBeUndefined();
  });

  it('reads a cell inside a line without slicing it', () => {
    const line = '2024-01-02,SPXW,4505,237.05818824738407,x';
    expect(parseDecimal(line, 16, 20)).toBe(4505);
    expect(parseDecimal(line, 21, 39)).toBe(237.05818824738407);
  });

  it('property: the shortest text of any double reads back to that double (or is left to Number())', () => {
    fc.assert(fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => agrees(String(x))), { numRuns: 20_000 });
    fc.assert(
      fc.property(fc.double({ min: 1e-6, max: 1e7, noNaN: true }), fc.boolean(), (x, neg) => {
        const s = String(neg ? -x : x);
        return Object.is(parse(s), Number(s));
      }),
      { numRuns: 20_000 },
    );
  });

  it('property: random digit strings (up to 19 significant digits, any point, small exponents) read as Number() reads them', () => {
    const digit = fc.integer({ min: 0, max: 9 }).map(String);
    fc.assert(
      fc.property(fc.array(digit, { minLength: 1, maxLength: 21 }), fc.nat(), fc.option(fc.integer({ min: -25, max: 25 })), (ds, at, exp) => {
        const body = ds.join('');
        const p = at % (body.length + 1);
        const s = `${body.slice(0, p)}.${body.slice(p)}${exp === null ? '' : `e${exp}`}`;
        return agrees(s) && agrees(body);
      }),
      { numRuns: 50_000 },
    );
  });

  it('answers itself (no Number() fallback) for the round-trip texts of prices, vols and deltas down to 1e-6', () => {
    let left = 0;
    for (let k = 0; k < 100_000; k++) {
      const x = 0.1 + 0.9 * ((k * 0.6180339887498949) % 1);
      const s = String(x * 10 ** ((k % 12) - 5));
      if (parse(s) === undefined) left++;
    }
    expect(left, 'texts left to Number()').toBe(0);
    expect(parse('1.0000000000000001e-7'), '17 digits times 1e-23: beyond the exact powers of ten').toBeUndefined();
  });
});
