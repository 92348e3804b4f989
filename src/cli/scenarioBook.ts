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
import type { ScenarioBook, ScenarioHedgePosition } from '../portfolio/scenario.js';

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
