/** `alvh parity`: put-call parity scan of an option chain (conversions, reversals, boxes) after costs. */
import { basename } from 'node:path';
import type { Command } from 'commander';
import { loadDailyFrame, loadSpxChain, loadVixChain, loadVxSettles } from '../../adapters/csvMarketData.js';
import { DataError, InputError } from '../../core/errors.js';
import { daysBetween, isoDate, parseInstantMs, type IsoDate } from '../../core/time.js';
import { indexAtOrBefore, vxCurveOn } from '../../market/series.js';
import { DEFAULT_COST_MODEL, halfSpread, scanParity, type ParityExpiry, type ParityQuote, type TradableForward } from '../../portfolio/index.js';
import { PARITY_DEFAULTS, type ParityLeg, type ParityOpportunity } from '../../portfolio/parity.js';
import { columnIndex, readCsvTable } from '../csvTable.js';
import { printJson, readUserFile } from '../io.js';
import { num, optNum } from '../options.js';
import { readChainCsv } from './vix.js';

type ChainFormat = 'spx' | 'vix' | 'generic';

function detectFormat(file: string): ChainFormat {
  const head = readUserFile('--chain', file).slice(0, 500).split(/\r?\n/, 1)[0] ?? '';
  const cols = head.replace(/^\uFEFF/, '').split(',').map((c) => c.trim());
  if (cols.includes('root') && cols.includes('bid')) return 'spx';
  if (cols.includes('close') && !cols.includes('bid')) return 'vix';
  if (cols.includes('rate') && cols.includes('bid')) return 'generic';
  throw new DataError(file, `unknown chain format (columns: ${cols.join(', ')}); expected the SPX chain, the VIX options or the generic chain CSV`);
}

/** The as-of date from --as-of or from a file name ending in _YYYY-MM-DD.csv. */
function asOfDate(flag: string | undefined, file: string): IsoDate {
  if (flag !== undefined) return isoDate(flag.slice(0, 10), '--as-of');
  const m = /(\d{4}-\d{2}-\d{2})\.csv$/.exec(basename(file));
  if (m === null) throw new InputError('--as-of', 'is required (the file name carries no _YYYY-MM-DD date)');
  return isoDate(m[1] as string, '--as-of');
}

/** Adds one side's quote (and when it was taken, NaN: unknown) to the strike map of expiry `exp`. */
function put<K>(map: Map<K, Map<number, ParityQuote>>, exp: K, strike: number, type: 'call' | 'put', bid: number, ask: number, timeMs = NaN): void {
  let byStrike = map.get(exp);
  if (byStrike === undefined) map.set(exp, (byStrike = new Map()));
  const q = byStrike.get(strike) ?? { strike, callBid: NaN, callAsk: NaN, putBid: NaN, putAsk: NaN };
  if (type === 'call') byStrike.set(strike, { ...q, callBid: bid, callAsk: ask, callTimeMs: timeMs });
  else byStrike.set(strike, { ...q, putBid: bid, putAsk: ask, putTimeMs: timeMs });
}

/**
 * The optional `quote_time` column (an ISO instant per row: when that bid/ask was taken),
 * keyed by the row's expiration cell (plus root), strike and type; empty without the column.
 */
function quoteTimes(file: string): Map<string, number> {
  const table = readCsvTable(file, '--chain');
  const out = new Map<string, number>();
  if (!table.header.includes('quote_time')) return out;
  const [cExp, cStrike, cType, cTime] = ['expiration', 'strike', 'type', 'quote_time'].map((c) => columnIndex(table, c)) as [number, number, number, number];
  const cRoot = table.header.indexOf('root');
  for (const row of table.rows) {
    const raw = row.cells[cTime] ?? '';
    if (raw === '') continue;
    const ms = parseInstantMs(raw, 'quote_time');
    const exp = row.cells[cExp] ?? '';
    out.set(timeKey(cRoot < 0 ? exp : `${exp} ${row.cells[cRoot] ?? ''}`, Number(row.cells[cStrike]), (row.cells[cType] ?? '').toLowerCase()), ms);
  }
  return out;
}

const timeKey = (expiration: string, strike: number, type: string): string => `${expiration}|${strike}|${type}`;

const fmtTime = (ms: number): string => new Date(ms).toISOString().slice(11, 23);

/** The legs of one opportunity as an order: "sell 7320 put @ 454.20, buy 7320 call @ 1.00, …". */
function legsText(legs: readonly ParityLeg[]): string {
  return legs.map((l) => `${l.side} ${l.instrument === 'forward' ? 'the forward' : `${l.strike ?? ''} ${l.instrument}`} @ ${l.pricePts.toFixed(2)}`).join(', ');
}

function timesText(o: ParityOpportunity): string {
  return o.quoteTimes === null ? 'quote times unknown (assumed simultaneous)' : `quoted ${fmtTime(o.quoteTimes.firstMs)}–${fmtTime(o.quoteTimes.lastMs)} UTC`;
}

interface Opts {
  chain: string;
  asOf?: string;
  spot?: string;
  rate?: string;
  div?: string;
  feePerContract?: string;
  minEdge: string;
  keepStale?: boolean;
  maxWidth: string;
  widthFloor: string;
  maxQuoteSkew: string;
  assumeSimultaneous?: boolean;
  json?: boolean;
}

export function register(program: Command): void {
  program
    .command('parity')
    .description('Put-call parity scan: conversions and reversals (against a tradable forward) or boxes, profitable after buying at the ask, selling at the bid and fees.')
    .requiredOption('--chain <file>', 'the SPX chain (data/spx_chain_*.csv format), the VIX options (data/vix_options_*.csv, against the same-expiry VX future) or the generic chain CSV of `alvh vix`')
    .option('--as-of <date>', 'quote date YYYY-MM-DD (generic chain: an ISO instant); default from the file name')
    .option('--spot <S>', 'SPX: index level; the forward S·e^((r−q)T) is then traded (its own costs not included). Without it: boxes')
    .option('--rate <r>', 'continuously compounded rate (fraction); default the embedded 13-week T-bill on the as-of date')
    .option('--div <q>', 'dividend yield (continuous fraction); default the embedded S&P 500 yield on the as-of date')
    .option('--fee-per-contract <usd>', 'commission + exchange fees per option contract (default from the cost model: SPX 1.25, VIX 1.10)')
    .option('--min-edge <usd>', 'list only opportunities with a larger dollar edge', '0')
    .option('--keep-stale', 'also scan strikes whose ask is below the option\'s lower bound at the implied forward (stale snapshot quotes)')
    .option('--max-width <frac>', 'leave out a strike whose call or put is quoted wider than this fraction of its mid...', String(PARITY_DEFAULTS.maxWidthFrac))
    .option('--width-floor <pts>', '...unless at most this many points wide', String(PARITY_DEFAULTS.widthFloorPts))
    .option('--max-quote-skew <seconds>', 'the legs of one trade must be quoted within this many seconds of each other (the chain\'s quote_time column)', String(PARITY_DEFAULTS.maxQuoteSkewMs / 1000))
    .option('--assume-simultaneous', 'also list trades whose quote times are unknown (an end-of-day snapshot), labelled as such')
    .option('--json', 'print only JSON: {asOf, underlying, quotes, expiries: [{expiration, years, rateFrac, impliedForward, forward, wideStrikes, unsynchronized, opportunities: [{kind, strike, edgeUsd, legs, quoteTimes}]}]}')
    .addHelpText(
      'after',
      `
A trade is listed only when every leg is quoted narrowly enough (--max-width, --width-floor) and
all legs were quoted within --max-quote-skew of each other: give the chain a quote_time column
(an ISO instant per row). An end-of-day snapshot has no quote times; its "arbitrages" were never
shown to be executable at once (the 2026-01-30 SPX snapshot's $7,944 box at 7320/6940 rests on a
7320 put bid of 454.20 quoted at some other moment), so they are counted, not listed, unless
--assume-simultaneous lists them labelled "quote times unknown".

Examples:
  alvh parity --chain data/vix_options_2024-06-03.csv
  alvh parity --chain data/spx_chain_2026-01-30.csv --assume-simultaneous --min-edge 50 --json`,
    )
    .action((opts: Opts) => {
      const format = detectFormat(opts.chain);
      const minEdgeUsd = num('--min-edge', opts.minEdge);
      const maxWidthFrac = num('--max-width', opts.maxWidth);
      if (!(maxWidthFrac > 0)) throw new InputError('--max-width', `must be > 0, got ${maxWidthFrac}`);
      const widthFloorPts = num('--width-floor', opts.widthFloor);
      if (!(widthFloorPts >= 0)) throw new InputError('--width-floor', `must be >= 0, got ${widthFloorPts}`);
      const skewS = num('--max-quote-skew', opts.maxQuoteSkew);
      if (!(skewS >= 0)) throw new InputError('--max-quote-skew', `must be >= 0, got ${skewS}`);
      const times = format === 'vix' ? new Map<string, number>() : quoteTimes(opts.chain);
      const spot = optNum('--spot', opts.spot);
      if (spot !== undefined && !(spot > 0)) throw new InputError('--spot', `must be > 0, got ${spot}`);
      const kind = format === 'vix' ? 'vixOption' : 'spxOption';
      const fees = DEFAULT_COST_MODEL.fees[kind];
      const fee = optNum('--fee-per-contract', opts.feePerContract) ?? fees.commissionPerContract + fees.exchangeFeePerContract;
      if (!(fee >= 0)) throw new InputError('--fee-per-contract', `must be >= 0, got ${fee}`);
      let asOfLabel: string;
      let expiries: ParityExpiry[];
      let quotesNote: string;
      let underlying: string;
      const frameAt = (d: IsoDate): { rate: number; div: number; vvix: number } => {
        const frame = loadDailyFrame();
        const i = indexAtOrBefore(frame, d);
        if (i < 0) throw new InputError('--as-of', `${d} is before the embedded data`);
        return { rate: frame.rateFrac[i] as number, div: frame.divYieldFrac[i] as number, vvix: frame.vvix[i] as number };
      };
      const needMarket = opts.rate === undefined || (spot !== undefined && opts.div === undefined) || format === 'vix';
      if (format === 'generic') {
        if (opts.asOf === undefined) throw new InputError('--as-of', 'is required for the generic chain (an ISO instant with offset)');
        const asOfMs = parseInstantMs(opts.asOf, '--as-of');
        const chain = readChainCsv(opts.chain);
        const byExp = new Map<number, Map<number, ParityQuote>>();
        const expCells = new Map<number, string>();
        for (const [k] of times) {
          const cell = k.slice(0, k.indexOf('|'));
          expCells.set(parseInstantMs(cell, 'expiration'), cell);
        }
        for (const q of chain.quotes) put(byExp, q.expirationMs, q.strike, q.type, q.bid, q.ask, times.get(timeKey(expCells.get(q.expirationMs) ?? '', q.strike, q.type)));
        const r = optNum('--rate', opts.rate);
        const q = optNum('--div', opts.div) ?? 0;
        expiries = [...byExp.entries()].sort((a, b) => a[0] - b[0]).map(([ms, strikes]) => {
          const years = (ms - asOfMs) / (365 * 86_400_000);
          const rate = r ?? (chain.rateFracByExpiry.get(ms) as number);
          return { expiration: new Date(ms).toISOString(), years, rateFrac: rate, quotes: [...strikes.values()], forward: spotForward(spot, rate, q, years) };
        });
        asOfLabel = opts.asOf;
        quotesNote = times.size > 0 ? 'market bid/ask with quote times' : 'market bid/ask, no quote times';
        underlying = 'chain';
      } else {
        const asOf = asOfDate(opts.asOf, opts.chain);
        asOfLabel = asOf;
        const mkt = needMarket ? frameAt(asOf) : { rate: NaN, div: NaN, vvix: NaN };
        const rate = optNum('--rate', opts.rate) ?? mkt.rate;
        const div = optNum('--div', opts.div) ?? mkt.div;
        const map = new Map<string, Map<number, ParityQuote>>();
        if (format === 'spx') {
          underlying = 'SPX';
          quotesNote = times.size > 0 ? 'market bid/ask with quote times' : 'market bid/ask (end-of-day snapshot, no quote times)';
          for (const row of loadSpxChain(opts.chain)) {
            const label = `${row.expiration} ${row.root}`;
            put(map, label, row.strike, row.type, row.bid, row.ask, times.get(timeKey(label, row.strike, row.type)));
          }
        } else {
          underlying = 'VIX (same-expiry VX future)';
          const vol = Number.isFinite(mkt.vvix) ? mkt.vvix / 100 : 1;
          quotesNote = `modelled: close ± the cost model's VIX-option half-spread at VVIX ${(vol * 100).toFixed(2)} (the file has no bid/ask)`;
          for (const row of loadVixChain(opts.chain)) {
            if (Number.isNaN(row.close)) continue;
            const h = halfSpread(DEFAULT_COST_MODEL.spread.vixOption, row.close, vol);
            put(map, row.expiration, row.strike, row.type, Math.max(0, row.close - h), row.close + h);
          }
        }
        const curve = format === 'vix' ? vxCurveOn(loadVxSettles(), asOf) : [];
        const vol = Number.isFinite(mkt.vvix) ? mkt.vvix / 100 : 1;
        expiries = [...map.entries()]
          .sort((a, b) => (a[0] < b[0] ? -1 : 1))
          .flatMap(([label, strikes]): ParityExpiry[] => {
            const exp = label.slice(0, 10) as IsoDate;
            const years = daysBetween(asOf, exp) / 365;
            if (!(years > 0)) return [];
            let forward: TradableForward | null;
            if (format === 'vix') {
              const point = curve.find((p) => p.expiry === exp);
              const fut = DEFAULT_COST_MODEL.fees.vixFuture;
              forward =
                point === undefined
                  ? null
                  : {
                      price: point.settle,
                      halfSpread: halfSpread(DEFAULT_COST_MODEL.spread.vixFuture, point.settle, vol),
                      feePerContract: fut.commissionPerContract + fut.exchangeFeePerContract,
                      multiplier: 1000,
                      label: `VX ${exp} settle ${point.settle}`,
                    };
            } else forward = spotForward(spot, rate, div, years);
            return [{ expiration: label, years, rateFrac: rate, quotes: [...strikes.values()], forward }];
          });
      }
      const results = scanParity(expiries, {
        optionMultiplier: 100,
        optionFeePerContract: fee,
        minEdgeUsd,
        keepStale: opts.keepStale === true,
        maxWidthFrac,
        widthFloorPts,
        maxQuoteSkewMs: skewS * 1000,
        assumeSimultaneous: opts.assumeSimultaneous === true,
      });
      if (opts.json) {
        printJson({ asOf: asOfLabel, underlying, quotes: quotesNote, feePerContract: fee, expiries: results });
        return;
      }
      const lines = [`put-call parity scan, ${underlying}, as of ${asOfLabel}; quotes: ${quotesNote}; fees $${fee.toFixed(2)}/contract`];
      let total = 0;
      let unsynced = 0;
      for (const r of results) {
        total += r.opportunities.length;
        unsynced += r.unsynchronized;
        const fwd = r.forward === null ? `boxes vs K ${r.refStrike ?? '-'}` : `forward ${r.forward.toFixed(4)}`;
        const left = [r.staleStrikes.length > 0 ? `+${r.staleStrikes.length} stale` : '', r.wideStrikes.length > 0 ? `+${r.wideStrikes.length} wide` : ''].filter((x) => x !== '').join(', ');
        lines.push(
          `${r.expiration}  T=${r.years.toFixed(4)}y r=${(r.rateFrac * 100).toFixed(3)}%  implied F ${r.impliedForward === null ? '-' : r.impliedForward.toFixed(4)}  ${fwd}  strikes ${r.strikesScanned}${left === '' ? '' : ` (${left})`}  profitable ${r.opportunities.length}${r.unsynchronized > 0 ? ` (+${r.unsynchronized} not simultaneous)` : ''}`,
        );
        for (const o of r.opportunities.slice(0, 5)) {
          const what = o.kind === 'box' ? `box: ${o.legAtStrike} at ${o.strike}, ${o.legAtStrike === 'conversion' ? 'reversal' : 'conversion'} at ${o.refStrike}` : `${o.kind} at ${o.strike}`;
          lines.push(`    ${what}: edge ${o.edgePts.toFixed(4)} pts = $${o.edgeUsd.toFixed(2)}; ${timesText(o)}; needs, all at once: ${legsText(o.legs)}`);
        }
      }
      lines.push(`${total} profitable after costs`);
      if (unsynced > 0) {
        lines.push(
          `${unsynced} more left out: their legs were not shown to be quoted within ${skewS} s of each other (${times.size === 0 ? 'the file has no quote_time column: an end-of-day snapshot mixes quotes taken at different moments' : 'quote times too far apart or missing'}); --assume-simultaneous lists them, labelled`,
        );
      }
      process.stdout.write(`${lines.join('\n')}\n`);
    });
}

function spotForward(spot: number | undefined, rate: number, div: number, years: number): TradableForward | null {
  if (spot === undefined) return null;
  return { price: spot * Math.exp((rate - div) * years), halfSpread: 0, feePerContract: 0, multiplier: 100, label: 'spot × e^((r−q)T)' };
}
