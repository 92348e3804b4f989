/**
 * The embedded real chain snapshots (data/) as chain rows, so that they can be rewritten in
 * either layout and read back through the chain source (tests, fixtures, docs examples).
 *
 * - SPX 2026-01-30 (SPX + SPXW, calls and puts): two-sided rows only; underlying = the
 *   SPX close of the day, 6939.03 (data/spx_daily.csv).
 * - SPX calls 2026-03-13: two-sided rows only; underlying 6632.19 (the file's spotPrice).
 * - VIX 2024-06-03: last-trade bars, no quotes: the close stands for both bid and ask (a
 *   zero-width quote); bars without a trade are left out. Root VIX.
 */
import type { IsoDate } from '../../core/time.js';
import type { ChainRow } from '../../market/chainQuotes.js';
import { loadSpxCalls, loadSpxChain, loadVixChain } from '../csvMarketData.js';

export interface ChainSnapshot {
  readonly name: string;
  readonly date: IsoDate;
  readonly rows: readonly ChainRow[];
}

const NAN = Number.NaN;

export function embeddedChainSnapshots(): ChainSnapshot[] {
  const spx: ChainRow[] = [];
  const d1 = '2026-01-30' as IsoDate;
  for (const r of loadSpxChain()) {
    if (!(r.bid >= 0 && r.ask >= 0)) continue;
    spx.push({ date: d1, root: r.root, expiration: r.expiration, strike: r.strike, type: r.type, bid: r.bid, ask: r.ask, underlying: 6939.03, iv: NAN, delta: NAN });
  }
  const calls: ChainRow[] = [];
  const d2 = '2026-03-13' as IsoDate;
  for (const r of loadSpxCalls()) {
    if (!(r.bid >= 0 && r.ask >= 0)) continue;
    calls.push({ date: d2, root: r.root, expiration: r.expiration, strike: r.strike, type: 'call', bid: r.bid, ask: r.ask, underlying: 6632.19, iv: NAN, delta: NAN });
  }
  const vix: ChainRow[] = [];
  const d3 = '2024-06-03' as IsoDate;
  for (const b of loadVixChain()) {
    if (!(b.close > 0)) continue;
    vix.push({ date: d3, root: 'VIX', expiration: b.expiration, strike: b.strike, type: b.type, bid: b.close, ask: b.close, underlying: NAN, iv: NAN, delta: NAN });
  }
  return [
    { name: 'spx_chain', date: d1, rows: spx },
    { name: 'spx_calls', date: d2, rows: calls },
    { name: 'vix_options', date: d3, rows: vix },
  ];
}
