/**
 * The live hedge book from what actually filled (`alvh book fill`, `alvh book set`): the
 * book the ticket started from, plus every recorded fill of the ticket's lines, then the
 * positions set by hand. Pure: the store is the CLI's.
 */
import { DataError } from '../core/errors.js';
import type { IsoDate } from '../core/time.js';
import { etp, spxOption, varianceSwap, vixOption } from '../portfolio/instruments.js';
import { averageEntry, storedHolding, type LiveHolding } from './today.js';
import { bookPositionFromStored, instrumentSymbol, ticketLines, type HedgeInstrument, type OrderAction, type TicketView } from './ticket.js';

/** One recorded fill: `where` names it in errors (file:line). */
export interface AppliedFill {
  readonly where: string;
  readonly layer: string;
  readonly instrument: HedgeInstrument;
  readonly action: OrderAction;
  readonly filledQty: number;
  /** Per contract in points (options), per share (ETP), the strike in vol points (variance swap); null when nothing filled. */
  readonly fillPrice: number | null;
}

export interface PositionSet {
  readonly layer: string;
  readonly instrument: HedgeInstrument;
  readonly qty: number;
  /** Null: keep the held entry price (none for a new position). */
  readonly entryPrice: number | null;
}

/** A line of a stored ticket, with the instrument it trades (a swap struck at `fillPrice` when given). */
export interface TicketLine {
  readonly line: number;
  readonly action: OrderAction;
  readonly symbol: string;
  readonly layer: string;
  readonly qty: number;
  readonly kind: 'option' | 'etp' | 'varianceSwap';
  readonly instrument: (fillPrice: number | null) => HedgeInstrument;
}

/** The lines of a ticket view, numbered as in its CSV. */
export function ticketLineItems(t: TicketView): TicketLine[] {
  const date = t.date as IsoDate;
  return ticketLines(t).map(({ line, option: o, alt: a }) => {
    if (o !== null) {
      const inst = o.underlying === 'SPX' ? spxOption(o.type, o.strike, o.expiry) : vixOption(o.type, o.strike, o.expiry);
      return { line, action: o.action, symbol: o.symbol, layer: o.layer, qty: o.qty, kind: 'option' as const, instrument: () => inst };
    }
    const alt = a as NonNullable<typeof a>;
    if (alt.kind === 'etp') {
      const inst = etp(alt.symbol);
      return { line, action: alt.action, symbol: alt.symbol, layer: alt.layer, qty: alt.qty, kind: 'etp' as const, instrument: () => inst };
    }
    const maturity = alt.maturity as IsoDate;
    return { line, action: alt.action, symbol: alt.symbol, layer: alt.layer, qty: alt.qty, kind: 'varianceSwap' as const, instrument: (px: number | null) => varianceSwap(((px ?? alt.limitPts) / 100) ** 2, date, maturity) };
  });
}

interface Held {
  layer: string;
  instrument: HedgeInstrument;
  qty: number;
  entryPrice: number | null;
}

/**
 * `base` (the book before the ticket) + `fills` (condor lines are left out by the caller)
 * + `sets`, as the book to store for `date`. A close that exceeds what `base` holds is
 * refused (DataError at the fill's `where`). `etpLevelOfDate`: the modelled ETP level at
 * the close of `date`, recorded with ETP holdings (a later split check then starts there).
 */
export function bookAfterFills(base: readonly LiveHolding[], fills: readonly AppliedFill[], sets: readonly PositionSet[], date: IsoDate, etpLevelOfDate?: number): LiveHolding[] {
  const book = new Map<string, Held>();
  base.forEach((p, i) => {
    const b = bookPositionFromStored(p, `hedge book[${i}]`);
    book.set(`${p.layer} ${p.instrumentKey}`, { layer: p.layer, instrument: b.instrument, qty: p.qty, entryPrice: p.entryPrice });
  });
  for (const f of fills) {
    if (f.filledQty === 0) continue;
    const sym = instrumentSymbol(f.instrument);
    const key = `${f.layer} ${sym}`;
    const signed = f.action.startsWith('BUY') ? f.filledQty : -f.filledQty;
    const held = book.get(key);
    const have = held?.qty ?? 0;
    if (f.action.endsWith('CLOSE') && !(Math.sign(have) === -Math.sign(signed) && Math.abs(have) >= f.filledQty)) {
      throw new DataError(f.where, `filledQty: closes ${f.filledQty} of ${sym} (${f.layer}) but the live book before ${date} holds ${have}`);
    }
    const qty = have + signed;
    let entry = held?.entryPrice ?? null;
    let instrument = held?.instrument ?? f.instrument;
    if (have === 0 || Math.sign(qty) !== Math.sign(have)) {
      entry = f.fillPrice;
      instrument = f.instrument;
    } else if (Math.abs(qty) > Math.abs(have) && f.fillPrice !== null) {
      entry = entry === null ? f.fillPrice : averageEntry(f.instrument.kind, have, entry, signed, f.fillPrice);
    }
    if (qty === 0) book.delete(key);
    else book.set(key, { layer: f.layer, instrument, qty, entryPrice: entry });
  }
  for (const s of sets) {
    const key = `${s.layer} ${instrumentSymbol(s.instrument)}`;
    const held = book.get(key);
    if (s.qty === 0) book.delete(key);
    else book.set(key, { layer: s.layer, instrument: held?.instrument ?? s.instrument, qty: s.qty, entryPrice: s.entryPrice ?? held?.entryPrice ?? null });
  }
  return [...book.values()]
    .sort((a, b) => (a.layer === b.layer ? instrumentSymbol(a.instrument).localeCompare(instrumentSymbol(b.instrument)) : a.layer < b.layer ? -1 : 1))
    .map((h) => storedHolding(h.layer, h.instrument, h.qty, h.entryPrice, date, etpLevelOfDate));
}
