/**
 * The book a scenario values, read from JSON: either an explicit book
 *   {"date"?, "condor"?: {"expiration", "legs": [{"type", "strike", "qty"}]} | null,
 *    "hedge": [{"layer", "kind": "vixCall"|"vixPut"|"vixFuture", "expiration", "strike"?, "qty"}]}
 * or a signal as `alvh signal --json` prints it (its condor legs and, per hedge layer,
 * the legs written in `position`, e.g. "long VIX 2026-03-18 25 call / short VIX 2026-02-18 25 call",
 * or, for a layer held in an alternative instrument, its `alt` terms: ETP shares and share
 * price, or a variance swap's strike, life and accrued variance).
 * Quantities are signed contracts of the whole position (+ long, − short).
 */
import { readUserFile } from './io.js';
import { z } from 'zod';
import { InputError } from '../core/errors.js';
import { isoDate, type IsoDate } from '../core/time.js';
import { vixFuture, vixOption } from '../portfolio/instruments.js';
import { tradingDaysBetween } from '../core/calendar.js';
import type { MarketData } from '../market/types.js';
import { bookPositionFromStored } from '../signals/ticket.js';
import { getHedgeBook, hedgeBookSource, type StoredSignal, type Store } from '../store/index.js';
import type { ScenarioBook, ScenarioHedgePosition } from '../engine/scenario.js';

const dateStr = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD');
const leg = z.object({ type: z.enum(['call', 'put']), strike: z.number().positive(), qty: z.number().int() });
const condorSchema = z.object({ expiration: dateStr.nullable(), legs: z.array(leg) }).nullable().optional();
const positionSchema = z.object({
  layer: z.string().min(1),
  kind: z.enum(['vixCall', 'vixPut', 'vixFuture']),
  expiration: dateStr,
  strike: z.number().positive().optional(),
  qty: z.number().int(),
});
const signalAlt = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('etp'), symbol: z.string().min(1), shares: z.number().int(), levelUsd: z.number().positive() }),
  z.object({
    kind: z.literal('varianceSwap'),
    units: z.number().int(),
    strikeVar: z.number().positive(),
    expiry: dateStr,
    returns: z.number().int().positive(),
    observed: z.number().int().nonnegative(),
    sumSqLogReturns: z.number().nonnegative(),
  }),
]);
const signalLayer = z.object({ name: z.string(), position: z.string().nullable(), contracts: z.number().int().nonnegative(), alt: signalAlt.optional() });
const bookSchema = z.object({
  date: dateStr.optional(),
  condor: condorSchema,
  hedge: z.union([z.array(positionSchema), z.object({ layers: z.array(signalLayer) })]).optional(),
});

export interface ParsedBook {
  /** The date the book belongs to, when the file says. */
  date: IsoDate | null;
  book: ScenarioBook;
}

const LEG_TEXT = /^(long|short) VIX (\d{4}-\d{2}-\d{2}) (\d+(?:\.\d+)?) (call|put)$/;

/** The legs of one signal layer from its `position` text; each leg is ±contracts. */
export function layerLegs(layer: string, position: string, contracts: number): ScenarioHedgePosition[] {
  return position.split(' / ').map((part, k) => {
    const m = LEG_TEXT.exec(part.trim());
    if (m === null) throw new InputError(`hedge.layers.${layer}.position`, `cannot read leg ${k + 1} "${part}" (expected e.g. "long VIX 2026-03-18 25 call")`);
    const sign = m[1] === 'long' ? 1 : -1;
    return { layer, instrument: vixOption(m[4] as 'call' | 'put', Number(m[3]), isoDate(m[2] as string, `hedge.layers.${layer}.position`)), qty: sign * contracts };
  });
}

/** A scenario book from parsed JSON (an explicit book or a signal). */
export function bookFromJson(value: unknown, where: string): ParsedBook {
  const r = bookSchema.safeParse(value);
  if (!r.success) {
    const issue = r.error.issues[0];
    const path = issue === undefined ? '' : issue.path.join('.');
    throw new InputError(where, `${path === '' ? '' : `${path}: `}${issue?.message ?? 'not a book'}`);
  }
  const b = r.data;
  const c = b.condor;
  const condor =
    c === undefined || c === null || c.expiration === null || c.legs.length === 0
      ? null
      : { expiry: isoDate(c.expiration, `${where}: condor.expiration`), legs: c.legs.map((l) => ({ type: l.type, strike: l.strike, qty: l.qty })) };
  const hedge: ScenarioHedgePosition[] = [];
  if (Array.isArray(b.hedge)) {
    for (const [i, p] of b.hedge.entries()) {
      const expiry = isoDate(p.expiration, `${where}: hedge[${i}].expiration`);
      if (p.kind === 'vixFuture') hedge.push({ layer: p.layer, instrument: vixFuture(expiry), qty: p.qty });
      else {
        if (p.strike === undefined) throw new InputError(`${where}: hedge[${i}].strike`, 'an option needs a strike');
        hedge.push({ layer: p.layer, instrument: vixOption(p.kind === 'vixCall' ? 'call' : 'put', p.strike, expiry), qty: p.qty });
      }
    }
  } else if (b.hedge !== undefined) {
    for (const l of b.hedge.layers) {
      const a = l.alt;
      if (a?.kind === 'etp') {
        if (a.shares !== 0) hedge.push({ layer: l.name, instrument: { kind: 'etp', symbol: a.symbol, expiry: null, levelUsd: a.levelUsd }, qty: a.shares });
      } else if (a?.kind === 'varianceSwap') {
        if (a.observed > a.returns) throw new InputError(`${where}: hedge.layers.${l.name}.alt.observed`, `must be at most returns (${a.returns}), got ${a.observed}`);
        const expiry = isoDate(a.expiry, `${where}: hedge.layers.${l.name}.alt.expiry`);
        if (a.units !== 0) hedge.push({ layer: l.name, instrument: { kind: 'varianceSwap', strikeVar: a.strikeVar, expiry, returns: a.returns, observed: a.observed, sumSqLogReturns: a.sumSqLogReturns }, qty: a.units });
      } else if (l.position !== null && l.contracts > 0) hedge.push(...layerLegs(l.name, l.position, l.contracts));
    }
  }
  return { date: b.date === undefined ? null : isoDate(b.date, `${where}: date`), book: { condor, hedge } };
}

export function readBookFile(flag: string, file: string): ParsedBook {
  const text = readUserFile(flag, file);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new InputError(flag, `${file} is not JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
  return bookFromJson(value, `${flag} ${file}`);
}

/** A position of the store's live hedge book (the store's HedgePosition, structurally). */
export interface LivePosition {
  readonly layer: string;
  readonly instrument: unknown;
  readonly qty: number;
}

/**
 * The hedge of a scenario from the account's live book of `date` (what `alvh book fill` or
 * `alvh book set` recorded), for when it differs from the signal's book. ETP shares take the
 * modelled level recorded with them on `date`, else the signal's; a variance swap takes its
 * accrual from the signal when the signal holds the same swap, else from the SPX closes
 * after its trade date (as the engine accrues it).
 */
export function hedgeFromLiveBook(positions: readonly LivePosition[], signalHedge: readonly ScenarioHedgePosition[], data: MarketData, date: IsoDate): ScenarioHedgePosition[] {
  const out: ScenarioHedgePosition[] = [];
  for (const [k, p] of positions.entries()) {
    const where = `live book ${date}[${k}]`;
    const b = bookPositionFromStored(p, where);
    const ins = b.instrument;
    // An option or swap that expired before the date has settled: nothing left to value.
    if (ins.expiry !== null && ins.expiry < date) continue;
    if (ins.kind === 'vixOption') out.push({ layer: b.layer, instrument: ins, qty: b.qty });
    else if (ins.kind === 'etp') {
      const raw = p.instrument as { asOf?: unknown; levelAsOf?: unknown };
      const recorded = raw.asOf === date && typeof raw.levelAsOf === 'number' && raw.levelAsOf > 0 ? raw.levelAsOf : null;
      const fromSignal = signalHedge.find((h) => h.instrument.kind === 'etp')?.instrument;
      const levelUsd = recorded ?? (fromSignal?.kind === 'etp' ? fromSignal.levelUsd : null);
      if (levelUsd === null) throw new InputError(where, `the modelled ${ins.symbol} level of ${date} is unknown (neither recorded with the position nor in the signal of ${date})`);
      out.push({ layer: b.layer, instrument: { kind: 'etp', symbol: ins.symbol, expiry: null, levelUsd }, qty: b.qty });
    } else if (ins.kind === 'varianceSwap') {
      const same = signalHedge.find((h) => h.instrument.kind === 'varianceSwap' && h.instrument.expiry === ins.expiry && h.instrument.strikeVar === ins.strikeVar)?.instrument;
      const accrual = same?.kind === 'varianceSwap' ? same : swapAccrual(data, ins.tradeDate, ins.expiry, date);
      out.push({ layer: b.layer, instrument: { kind: 'varianceSwap', strikeVar: ins.strikeVar, expiry: ins.expiry, returns: accrual.returns, observed: accrual.observed, sumSqLogReturns: accrual.sumSqLogReturns }, qty: b.qty });
    } else throw new InputError(`${where}.instrument.kind`, `a hedge layer cannot hold ${ins.kind}`);
  }
  return out;
}

/** A swap's daily returns, those observed by the close of `date`, and their Σ ln²: the SPX closes after the trade date. */
export function swapAccrual(data: MarketData, tradeDate: IsoDate, expiry: IsoDate, date: IsoDate): { returns: number; observed: number; sumSqLogReturns: number } {
  const returns = tradingDaysBetween(tradeDate, expiry);
  const d = data.daily;
  let observed = 0;
  let sumSqLogReturns = 0;
  for (let i = 1; i < d.n; i++) {
    const day = d.dates[i] as IsoDate;
    if (day <= tradeDate) continue;
    if (day > date || observed >= returns) break;
    const a = d.spxClose[i - 1] as number;
    const b = d.spxClose[i] as number;
    const r = a > 0 && b > 0 ? Math.log(b / a) : 0;
    sumSqLogReturns += r * r;
    observed++;
  }
  return { returns, observed, sumSqLogReturns };
}

/**
 * The book a scenario of a stored signal values: the signal's condor and hedge, except that
 * the hedge is the live book of that date when fills or hand-set positions were recorded
 * for it (then it can differ from the signal's book). `note` says which it is.
 */
export function storedSignalBook(store: Store, s: StoredSignal, data: MarketData): { book: ScenarioBook; note: string | null } {
  const { book } = bookFromJson(s.payload, `stored signal ${s.date}`);
  const live = getHedgeBook(store, s.date);
  if (live === null || live.date !== s.date) return { book, note: null };
  const src = hedgeBookSource(store, live);
  if (src.code !== 'fills' && src.code !== 'manual') return { book, note: null };
  const how = src.code === 'fills' ? `recorded fills of ${src.fills} ticket line${src.fills === 1 ? '' : 's'}` : 'positions set by hand';
  return {
    book: { condor: book.condor, hedge: hedgeFromLiveBook(live.positions, book.hedge, data, s.date) },
    note: `Hedge: the live book of ${s.date} (${how}), not the signal's book; the condor is the signal's.`,
  };
}
