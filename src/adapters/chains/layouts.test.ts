/**
 * The fast row path (RowReader.scan) against the checked one (read): on any line, clean or
 * broken, scan either declines or gives exactly read's values; it never accepts a row read
 * rejects.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DATASHOP_COLUMNS, GENERIC_COLUMNS, newRowValues, rowReader, rowValuesOf, splitCsvLine, type RowValues } from './layouts.js';

/** read's verdict on a line: its values, or its error message. */
function viaRead(header: readonly string[], line: string): RowValues | string {
  try {
    return rowValuesOf(rowReader('f.csv', header).read(splitCsvLine(line), 'f.csv:2'), newRowValues());
  } catch (e) {
    return (e as Error).message;
  }
}

const same = (a: RowValues, b: RowValues): boolean => (Object.keys(a) as (keyof RowValues)[]).every((k) => Object.is(a[k], b[k]));

/** Rows scan took itself (so that the properties below are seen to test something). */
let taken = 0;

function agrees(header: readonly string[], line: string): boolean {
  const out = newRowValues();
  const fast = rowReader('f.csv', header).scan(line, 0, line.length, out);
  const slow = viaRead(header, line);
  if (!fast) return true;
  taken++;
  return typeof slow !== 'string' && same(out, slow);
}

// Cells that are mostly clean, sometimes near-clean or broken, so that both verdicts come up often.
const mostly = <T>(clean: fc.Arbitrary<T>, other: fc.Arbitrary<T>): fc.Arbitrary<T> => fc.oneof({ arbitrary: clean, weight: 12 }, { arbitrary: other, weight: 1 });
const dateCell = mostly(fc.constantFrom('2024-06-03', '2024-06-21'), fc.constantFrom('2024-02-30', '2024-6-3', ' 2024-06-03', '', '2023-12-29'));
const rootCell = mostly(fc.constantFrom('SPXW', 'SPX', 'VIX', 'VIXW', 'SPXPM'), fc.constantFrom('spxw', 'AAPL', ''));
const typeCell = mostly(fc.constantFrom('C', 'P', 'c', 'p', 'call', 'put'), fc.constantFrom('CALL', 'x', ''));
const numCell = mostly(
  fc.oneof(
    fc.double({ min: 0, max: 5000, noNaN: true }).map(String),
    fc.integer({ min: 0, max: 99999 }).map((k) => (k / 100).toFixed(2)),
  ),
  fc.constantFrom('', '0', '-0', '-1', '1e3', '1.5e-7', 'abc', ' 1.5', '+2', '.5', '5.', 'Infinity', '0x10', '1,5', '1e400', '12345678901234567890.5'),
);

describe('RowReader.scan agrees with read', () => {
  it('generic layout: random rows', () => {
    taken = 0;
    const header = [...GENERIC_COLUMNS];
    fc.assert(
      fc.property(dateCell, rootCell, dateCell, numCell, typeCell, numCell, numCell, numCell, numCell, numCell, numCell, (d, r, e, k, t, b, a, u, iv, de, m) => agrees(header, [d, r, e, k, t, b, a, u, iv, de, m].join(','))),
      { numRuns: 20_000 },
    );
    expect(taken, 'rows the fast path took').toBeGreaterThan(100);
  });

  it('DataShop layout: random rows (IV and delta of 0 read as none)', () => {
    taken = 0;
    const header = [...DATASHOP_COLUMNS];
    fc.assert(
      fc.property(dateCell, rootCell, dateCell, numCell, typeCell, numCell, numCell, numCell, numCell, numCell, numCell, (d, r, e, k, t, b, a, u, iv, de, act) => {
        const cells = DATASHOP_COLUMNS.map(() => '');
        const set = (name: (typeof DATASHOP_COLUMNS)[number], v: string): void => {
          cells[DATASHOP_COLUMNS.indexOf(name)] = v;
        };
        set('quote_date', d);
        set('root', r);
        set('expiration', e);
        set('strike', k);
        set('option_type', t);
        set('bid_eod', b);
        set('ask_eod', a);
        set('underlying_bid_eod', u);
        set('underlying_ask_eod', u);
        set('active_underlying_price_1545', act);
        set('implied_volatility_1545', iv);
        set('delta_1545', de);
        return agrees(header, cells.join(','));
      }),
      { numRuns: 20_000 },
    );
    expect(taken, 'rows the fast path took').toBeGreaterThan(100);
  });

  it('takes the clean rows itself: the shapes vendors and the export write', () => {
    const out = newRowValues();
    const generic = rowReader('f.csv', [...GENERIC_COLUMNS]);
    const line = '2024-01-02,SPXW,2024-01-03,4505,put,0,0.1,4742.83,0.21020966929900856,-0.0000013610541449346772,0.000014032961757340194';
    expect(generic.scan(line, 0, line.length, out)).toBe(true);
    expect(same(out, viaRead([...GENERIC_COLUMNS], line) as RowValues)).toBe(true);
    expect(out).toMatchObject({ isPut: 1, strike: 4505, bid: 0, ask: 0.1, delta: -0.0000013610541449346772 });
    const short = '2024-01-02,SPXW,2024-01-03,4505,C,12.35,12.55';
    expect(rowReader('f.csv', [...GENERIC_COLUMNS.slice(0, 7)]).scan(short, 0, short.length, out), 'optional columns absent').toBe(true);
    expect(out.iv).toBeNaN();
    for (const broken of ['2024-01-02,SPXW,2024-01-03,4505,put,0.2,0.1,,,,', '2024-01-02,SPXW,2024-01-01,4505,put,0,0.1,,,,', '"2024-01-02",SPXW,2024-01-03,4505,put,0,0.1,,,,'])
      expect(generic.scan(broken, 0, broken.length, out), broken).toBe(false);
  });
});
