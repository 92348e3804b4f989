import { describe, expect, it } from 'vitest';
import { CsvMarketDataSource } from './csvMarketData.js';
import { decodeMarketData, encodeMarketData } from './dataCache.js';

describe('the parsed-data cache', () => {
  const csv = new CsvMarketDataSource().load();

  it('gives back exactly the data the CSV loader gives (NaN holes, events, VX rows included)', () => {
    const back = decodeMarketData(encodeMarketData(csv, 'k'), 'k');
    expect(back).toEqual(csv);
    expect(back?.daily.vixOpen.findIndex((x) => Number.isNaN(x)), 'the first missing VIX open stays missing').toBe(csv.daily.vixOpen.findIndex((x) => Number.isNaN(x)));
    expect(decodeMarketData(encodeMarketData(csv, 'k'), 'other key'), 'another key: a miss').toBeNull();
  });

  it('rejects a truncated, padded or foreign file', () => {
    const buf = encodeMarketData(csv, 'k');
    expect(decodeMarketData(buf.subarray(0, buf.length - 8), 'k')).toBeNull();
    expect(decodeMarketData(Buffer.concat([buf, Buffer.alloc(8)]), 'k')).toBeNull();
    expect(decodeMarketData(Buffer.from('date,close\n2020-01-02,1\n'), 'k')).toBeNull();
    expect(decodeMarketData(Buffer.alloc(3), 'k')).toBeNull();
  });
});
