/**
 * The order ticket: what a trader keys into a broker to go from the book the account
 * holds (the live hedge book) to the book the signal holds after today's trades, plus
 * today's condor. Pure: the modelled mids come from an injected pricer.
 *
 * Prices are MODELLED (DESIGN §2): each leg's limit is the modelled mid ∓ the cost
 * model's fill fraction of the modelled half-spread (a buy pays up, a sell gives up),
 * rounded to the instrument's tick and never below one tick. The condor also gets one
 * combo limit: the net credit of the four leg fills (before rounding), on the combo tick.
 *
 * Symbols follow the usual broker spelling: `SPXW 2026-07-24 6450 P` (PM-settled SPX
 * weeklys/dailys), `VIX 2026-09-16 25 C`.
 */
import { InputError } from '../core/errors.js';
import { isoDate, type IsoDate } from '../core/time.js';
import { fillPrice, halfSpread, legFill, roundToTick, tickSize, type CostModel, type HalfSpreadParams, type ListedQuote } from '../portfolio/costs.js';
import { etp, spxOption, varianceSwap, vixOption, type Etp, type OptionInstrument, type OptionType, type VarianceSwap } from '../portfolio/instruments.js';

/** A modelled quote of one option: its mid (points) and the vol that sets its quote width. */
export interface ModelQuote {
  readonly midPts: number;
  /** VIX/100 for SPX options, the option's implied vol for VIX options (see portfolio/costs). */
  readonly spreadVolFrac: number;
  /** A real chain's quote of the option (`--chains`): the limit is set on its bid/ask, and the mid is its mark. */
  readonly listed?: ListedQuote | null;
  /** The valuation's modelled half-spread (engine/valuation.ts quote); absent: the cost model's formula at `spreadVolFrac`. */
  readonly halfSpreadPts?: number;
}
export type OptionPricer = (option: OptionInstrument) => ModelQuote;

/**
 * What a hedge layer holds: VIX (or SPX) options, the modelled VIX-futures ETP (shares), or
 * an SPX variance swap (units of $1 per variance point; OTC).
 */
export type HedgeInstrument = OptionInstrument | Etp | VarianceSwap;

/** One holding of a book: a layer, an instrument, signed quantity (+ long, − short): contracts, ETP shares or swap units. */
export interface BookPosition {
  readonly layer: string;
  readonly instrument: HedgeInstrument;
  readonly qty: number;
}

/**
 * The modelled quotes of the alternative instruments on the ticket's day. The ETP level is
 * the MODELLED index (engine/etpLevel.ts), not a listed product's price.
 */
export interface AltQuotes {
  /** Modelled ETP share price at the close (index points = dollars per share). */
  readonly etpLevelPts: number;
  /** The model's SPX implied vol to `maturity` (vol points): the fair strike of a variance swap to that date. */
  readonly varianceVolPts: (maturity: IsoDate) => number;
  /** VIX close (points): sets the quote width. */
  readonly vixClosePts: number;
}

/**
 * An order in an alternative instrument. ETP: `qty` shares at `limitPts` dollars a share.
 * Variance swap (OTC, no exchange order): `qty` units of $1 per variance point (the
 * variance notional), `limitPts` the strike in vol points (a buyer's highest, a seller's
 * lowest), `vegaNotionalUsd` = 2 × strike × variance notional, dollars per vol point.
 */
export interface AltOrder {
  readonly kind: 'etp' | 'varianceSwap';
  readonly action: OrderAction;
  readonly symbol: string;
  readonly qty: number;
  readonly midPts: number;
  readonly limitPts: number;
  readonly tickPts: number;
  /** Swap: the maturity (last observation); ETP: null. */
  readonly maturity: IsoDate | null;
  /** Swap: dollars per vol point at the limit strike; ETP: null. */
  readonly vegaNotionalUsd: number | null;
  /** ETP: shares × limit, dollars (what to buy of a listed tracker); swap: null. */
  readonly amountUsd: number | null;
  readonly layer: string;
  readonly purpose: OrderPurpose;
}

/** A leg of a signal, in the signal's own terms (signed total contracts). */
export interface SignalLeg {
  readonly type: OptionType;
  readonly strike: number;
  readonly qty: number;
}

export interface TicketInput {
  readonly date: IsoDate;
  /** Today's condor (legs signed, total contracts), or null when the signal skips it. */
  readonly condor: { readonly expiration: IsoDate; readonly contracts: number; readonly legs: readonly SignalLeg[] } | null;
  /** The hedge book the signal holds after today's trades. */
  readonly target: readonly BookPosition[];
  /** The hedge book the account holds now. */
  readonly live: readonly BookPosition[];
}

export type OrderAction = 'BUY_TO_OPEN' | 'SELL_TO_OPEN' | 'BUY_TO_CLOSE' | 'SELL_TO_CLOSE';
/** Why an order is on the ticket. A roll is a layer that closes one contract and opens another. */
export type OrderPurpose = 'condor' | 'open' | 'add' | 'reduce' | 'close' | 'roll-close' | 'roll-open';

export interface TicketOrder {
  readonly action: OrderAction;
  readonly symbol: string;
  readonly underlying: 'SPX' | 'VIX';
  readonly expiry: IsoDate;
  readonly strike: number;
  readonly type: OptionType;
  /** Contracts, always > 0 (the side is in `action`). */
  readonly qty: number;
  /** Modelled mid, points. */
  readonly midPts: number;
  /** Limit price, points, on the tick. */
  readonly limitPts: number;
  readonly tickPts: number;
  /** 'condor' or the hedge layer (L1, L2, L3). */
  readonly layer: string;
  readonly purpose: OrderPurpose;
  readonly instrument: OptionInstrument;
  /** 'chain': mid and limit from a real chain's quote of the day (`--chains`); absent: modelled. */
  readonly priceSource?: 'chain';
}

export interface ComboOrder {
  readonly action: 'SELL_TO_OPEN';
  /** e.g. `SPXW 2026-07-24 6400/6450 P 6700/6750 C iron condor`. */
  readonly description: string;
  readonly qty: number;
  /** Modelled net credit at mid, points per condor. */
  readonly netMidPts: number;
  /** Net credit limit, points per condor, on the combo tick. */
  readonly netLimitPts: number;
  readonly tickPts: number;
}

export interface Ticket {
  readonly date: IsoDate;
  readonly pricesModelled: true;
  /** Fraction of the modelled half-spread given up on every limit. */
  readonly fillFraction: number;
  readonly condorCombo: ComboOrder | null;
  /** Condor legs first, then each layer (closes before opens): options only. */
  readonly orders: readonly TicketOrder[];
  /** Orders in the alternative instruments (ETP shares, variance swaps), per layer, closes before opens. */
  readonly altOrders: readonly AltOrder[];
  /** Live holdings that expired on or before the ticket's date (settled: no order). */
  readonly expired: readonly { readonly layer: string; readonly symbol: string; readonly qty: number }[];
  /** What the ticket leaves out and why, in words. */
  readonly notes: readonly string[];
  /** The hedge book once every order fills (what the store records as the live book). */
  readonly bookAfter: readonly BookPosition[];
}

/** A ticket as stored and printed: plain fields only (no instrument objects, no book). */
export type TicketOrderView = Omit<TicketOrder, 'instrument'>;
export interface TicketView {
  readonly date: string;
  readonly pricesModelled: true;
  readonly fillFraction: number;
  readonly condorCombo: ComboOrder | null;
  readonly orders: readonly TicketOrderView[];
  /** Absent in tickets stored before the alternative instruments were on the ticket. */
  readonly altOrders?: readonly AltOrder[];
  readonly expired: Ticket['expired'];
  readonly notes: readonly string[];
  /** The stale-inputs line of the signal (signals/freshness.ts), absent when every input is fresh. */
  readonly staleWarning?: string;
}

/** The ticket's plain view (what `--json` prints and the store keeps). */
export function ticketView(t: Ticket): TicketView {
  return {
    date: t.date,
    pricesModelled: true,
    fillFraction: t.fillFraction,
    condorCombo: t.condorCombo,
    orders: t.orders.map(({ instrument: _i, ...o }) => o),
    altOrders: t.altOrders,
    expired: t.expired,
    notes: t.notes,
  };
}

const round2 = (x: number): number => Math.round(x * 100) / 100;

function strikeText(k: number): string {
  return String(Math.round(k * 1000) / 1000);
}

/** The broker symbol of an option: `SPXW 2026-07-24 6450 P`, `VIX 2026-09-16 25 C`. */
export function optionSymbol(o: OptionInstrument): string {
  const root = o.kind === 'spxOption' ? 'SPXW' : 'VIX';
  return `${root} ${o.expiry} ${strikeText(o.strike)} ${o.type === 'call' ? 'C' : 'P'}`;
}

/** The book symbol of any hedge instrument: options as `optionSymbol`, the ETP by its symbol, a swap `SPX VARSWAP 2026-09-21` (by maturity). */
export function instrumentSymbol(i: HedgeInstrument): string {
  if (i.kind === 'etp') return i.symbol;
  if (i.kind === 'varianceSwap') return `SPX VARSWAP ${i.expiry}`;
  return optionSymbol(i);
}

/** Strike of a variance swap in vol points, 2 decimals. */
export function swapStrikeVolPts(i: VarianceSwap): number {
  return round2(Math.sqrt(i.strikeVar) * 100);
}

function spreadParams(costs: CostModel, o: OptionInstrument): HalfSpreadParams {
  return costs.spread[o.kind];
}

/** Limit of one leg: mid ∓ fillFraction × half-spread (a listed quote's own, else the model's), on the tick, at least one tick. */
export function legLimit(costs: CostModel, o: OptionInstrument, q: ModelQuote, side: 'buy' | 'sell'): { fillPts: number; limitPts: number; tickPts: number } {
  if (!Number.isFinite(q.midPts) || q.midPts < 0) throw new InputError('midPts', `${optionSymbol(o)}: the model gave no price (${String(q.midPts)})`);
  const p = spreadParams(costs, o);
  const listed = q.listed ?? null;
  const fill = listed === null && q.halfSpreadPts !== undefined ? fillPrice(q.midPts, q.halfSpreadPts, side, costs.fillFraction) : legFill(p, costs.fillFraction, listed?.mid ?? q.midPts, q.spreadVolFrac, side, listed);
  const tick = tickSize(p, fill);
  return { fillPts: fill, limitPts: round2(Math.max(tick, roundToTick(p, fill))), tickPts: tick };
}

function order(costs: CostModel, pricer: OptionPricer, o: OptionInstrument, signedQty: number, closing: boolean, layer: string, purpose: OrderPurpose): { order: TicketOrder; fillPts: number } {
  const side = signedQty > 0 ? 'buy' : 'sell';
  const q = pricer(o);
  const l = legLimit(costs, o, q, side);
  const action: OrderAction = side === 'buy' ? (closing ? 'BUY_TO_CLOSE' : 'BUY_TO_OPEN') : closing ? 'SELL_TO_CLOSE' : 'SELL_TO_OPEN';
  return {
    order: {
      action,
      symbol: optionSymbol(o),
      underlying: o.kind === 'spxOption' ? 'SPX' : 'VIX',
      expiry: o.expiry,
      strike: o.strike,
      type: o.type,
      qty: Math.abs(signedQty),
      midPts: round2(q.listed?.mid ?? q.midPts),
      limitPts: l.limitPts,
      tickPts: l.tickPts,
      layer,
      purpose,
      instrument: o,
      ...(q.listed == null ? {} : { priceSource: 'chain' as const }),
    },
    fillPts: l.fillPts,
  };
}

function checkQty(qty: number, field: string): void {
  if (!Number.isSafeInteger(qty)) throw new InputError(field, `must be a whole number of contracts, got ${String(qty)}`);
}

/**
 * Two swaps of one maturity as one: N1 (σ² − K1) + N2 (σ² − K2) = (N1 + N2)(σ² − K), K the
 * notional-weighted strike (variance); a reduction keeps the strike of what is left.
 */
function mergeSwap(a: VarianceSwap, qa: number, b: VarianceSwap, qb: number): VarianceSwap {
  const q = qa + qb;
  if (q === 0 || Math.sign(qa) !== Math.sign(qb)) return Math.abs(qa) >= Math.abs(qb) ? a : b;
  return varianceSwap((qa * a.strikeVar + qb * b.strikeVar) / q, a.tradeDate < b.tradeDate ? a.tradeDate : b.tradeDate, a.expiry);
}

/** Sums positions by (layer, symbol); drops zero quantities. */
function netBook(book: readonly BookPosition[], field: string): Map<string, BookPosition> {
  const out = new Map<string, BookPosition>();
  book.forEach((p, i) => {
    checkQty(p.qty, `${field}[${i}].qty`);
    const key = `${p.layer}\u0000${instrumentSymbol(p.instrument)}`;
    const prev = out.get(key);
    const instrument = prev !== undefined && prev.instrument.kind === 'varianceSwap' && p.instrument.kind === 'varianceSwap' ? mergeSwap(prev.instrument, prev.qty, p.instrument, p.qty) : p.instrument;
    out.set(key, { layer: p.layer, instrument, qty: (prev?.qty ?? 0) + p.qty });
  });
  for (const [k, p] of out) if (p.qty === 0) out.delete(k);
  return out;
}

/** An order in the ETP (shares at the modelled level ∓ the fill share of its half-spread) or a variance swap (strike in vol points). */
function altOrder(costs: CostModel, alt: AltQuotes | undefined, i: Etp | VarianceSwap, signedQty: number, closing: boolean, layer: string, purpose: OrderPurpose): AltOrder {
  if (alt === undefined) throw new InputError('altQuotes', `${instrumentSymbol(i)}: the ticket has no modelled quotes for the alternative instruments`);
  const side = signedQty > 0 ? 'buy' : 'sell';
  const action: OrderAction = side === 'buy' ? (closing ? 'BUY_TO_CLOSE' : 'BUY_TO_OPEN') : closing ? 'SELL_TO_CLOSE' : 'SELL_TO_OPEN';
  const qty = Math.abs(signedQty);
  const spreadVol = alt.vixClosePts / 100;
  if (i.kind === 'etp') {
    const mid = alt.etpLevelPts;
    if (!(mid > 0) || !Number.isFinite(mid)) throw new InputError('etpLevelPts', `${i.symbol}: the model gave no level (${String(mid)})`);
    const p = costs.spread.etp;
    const fill = fillPrice(mid, halfSpread(p, mid, spreadVol), side, costs.fillFraction);
    const tick = Math.max(p.tickAbove, tickSize(p, fill)); // shares trade on the cent
    const limit = round2(Math.max(tick, Math.round(fill / tick) * tick));
    return { kind: 'etp', action, symbol: i.symbol, qty, midPts: round2(mid), limitPts: limit, tickPts: tick, maturity: null, vegaNotionalUsd: null, amountUsd: round2(qty * limit), layer, purpose };
  }
  const mid = alt.varianceVolPts(i.expiry);
  if (!(mid > 0) || !Number.isFinite(mid)) throw new InputError('varianceVolPts', `${instrumentSymbol(i)}: the model gave no vol (${String(mid)})`);
  const p = costs.spread.varianceSwap;
  const fill = fillPrice(mid, halfSpread(p, mid, spreadVol), side, costs.fillFraction);
  const tick = p.tickAbove;
  const limit = round2(Math.max(tick, Math.round(fill / tick) * tick));
  return { kind: 'varianceSwap', action, symbol: instrumentSymbol(i), qty, midPts: round2(mid), limitPts: limit, tickPts: tick, maturity: i.expiry, vegaNotionalUsd: round2(2 * limit * qty), amountUsd: null, layer, purpose };
}

/** The orders that take `live` to `target`, layer by layer, in whole contracts (shares, swap units). */
function hedgeOrders(costs: CostModel, pricer: OptionPricer, alt: AltQuotes | undefined, target: readonly BookPosition[], live: readonly BookPosition[]): { orders: TicketOrder[]; altOrders: AltOrder[] } {
  const t = netBook(target, 'target');
  const l = netBook(live, 'live');
  const keys = [...new Set([...l.keys(), ...t.keys()])].sort();
  interface Step {
    layer: string;
    instrument: HedgeInstrument;
    qty: number;
    closing: boolean;
    kind: 'open' | 'add' | 'reduce' | 'close';
  }
  const steps: Step[] = [];
  for (const key of keys) {
    const have = l.get(key)?.qty ?? 0;
    const want = t.get(key)?.qty ?? 0;
    if (have === want) continue;
    const p = (t.get(key) ?? l.get(key)) as BookPosition;
    const base = { layer: p.layer, instrument: p.instrument };
    if (have !== 0 && (want === 0 || Math.sign(want) !== Math.sign(have))) {
      steps.push({ ...base, qty: -have, closing: true, kind: 'close' });
      if (want !== 0) steps.push({ ...base, qty: want, closing: false, kind: 'open' });
    } else if (have === 0) steps.push({ ...base, qty: want, closing: false, kind: 'open' });
    else if (Math.abs(want) > Math.abs(have)) steps.push({ ...base, qty: want - have, closing: false, kind: 'add' });
    else steps.push({ ...base, qty: want - have, closing: true, kind: 'reduce' });
  }
  const layers = [...new Set(steps.map((s) => s.layer))].sort();
  const orders: TicketOrder[] = [];
  const altOrders: AltOrder[] = [];
  for (const layer of layers) {
    const ls = steps.filter((s) => s.layer === layer);
    // A roll closes one contract and opens another in the same layer (a flip of one contract is not a roll).
    const closed = new Set(ls.filter((s) => s.kind === 'close').map((s) => instrumentSymbol(s.instrument)));
    const opened = new Set(ls.filter((s) => s.kind === 'open').map((s) => instrumentSymbol(s.instrument)));
    const roll = [...closed].some((x) => !opened.has(x)) && [...opened].some((x) => !closed.has(x));
    const purpose = (s: Step): OrderPurpose => {
      const sym = instrumentSymbol(s.instrument);
      if (roll && s.kind === 'close' && !opened.has(sym)) return 'roll-close';
      if (roll && s.kind === 'open' && !closed.has(sym)) return 'roll-open';
      return s.kind;
    };
    for (const s of [...ls.filter((x) => x.closing), ...ls.filter((x) => !x.closing)]) {
      const i = s.instrument;
      if (i.kind === 'etp' || i.kind === 'varianceSwap') altOrders.push(altOrder(costs, alt, i, s.qty, s.closing, layer, purpose(s)));
      else orders.push(order(costs, pricer, i, s.qty, s.closing, layer, purpose(s)).order);
    }
  }
  return { orders, altOrders };
}

function condorOrders(costs: CostModel, pricer: OptionPricer, c: NonNullable<TicketInput['condor']>): { orders: TicketOrder[]; combo: ComboOrder } {
  checkQty(c.contracts, 'condor.contracts');
  if (c.contracts < 1) throw new InputError('condor.contracts', `must be >= 1, got ${c.contracts}`);
  if (c.legs.length !== 4) throw new InputError('condor.legs', `an iron condor has 4 legs, got ${c.legs.length}`);
  const orders: TicketOrder[] = [];
  let netMid = 0;
  let netFill = 0;
  c.legs.forEach((leg, i) => {
    checkQty(leg.qty, `condor.legs[${i}].qty`);
    if (Math.abs(leg.qty) !== c.contracts) throw new InputError(`condor.legs[${i}].qty`, `must be ±${c.contracts} (one per condor), got ${leg.qty}`);
    const o = spxOption(leg.type, leg.strike, c.expiration);
    const r = order(costs, pricer, o, leg.qty, false, 'condor', 'condor');
    orders.push(r.order);
    const sign = leg.qty < 0 ? 1 : -1; // credit: + for sold legs
    netMid += sign * pricer(o).midPts;
    netFill += sign * r.fillPts;
  });
  const [pw, sp, sc, cw] = [...c.legs].sort((a, b) => (a.type === b.type ? a.strike - b.strike : a.type === 'put' ? -1 : 1));
  const puts = c.legs.filter((l) => l.type === 'put' && l.qty < 0).length;
  const calls = c.legs.filter((l) => l.type === 'call' && l.qty < 0).length;
  if (puts !== 1 || calls !== 1 || pw === undefined || sp === undefined || sc === undefined || cw === undefined || !(pw.qty > 0 && sp.qty < 0 && sc.qty < 0 && cw.qty > 0)) {
    throw new InputError('condor.legs', 'expected long put wing < short put < short call < long call wing');
  }
  // Complex orders in SPX trade on the minimum tick.
  const tick = costs.spread.spxOption.tickBelow;
  const combo: ComboOrder = {
    action: 'SELL_TO_OPEN',
    description: `SPXW ${c.expiration} ${strikeText(pw.strike)}/${strikeText(sp.strike)} P ${strikeText(sc.strike)}/${strikeText(cw.strike)} C iron condor`,
    qty: c.contracts,
    netMidPts: round2(netMid),
    netLimitPts: round2(Math.max(tick, Math.round(netFill / tick) * tick)),
    tickPts: tick,
  };
  return { orders, combo };
}

/** Book after every order fills: the target book, netted, in layer/symbol order. */
function bookAfter(target: readonly BookPosition[]): BookPosition[] {
  return sortBook([...netBook(target, 'target').values()]);
}

/** A book in layer, then symbol order. */
export function sortBook(book: readonly BookPosition[]): BookPosition[] {
  return [...book].sort((a, b) => (a.layer === b.layer ? instrumentSymbol(a.instrument).localeCompare(instrumentSymbol(b.instrument)) : a.layer < b.layer ? -1 : 1));
}

/** The expiry of a holding (null: an ETP never expires). */
export function holdingExpiry(i: HedgeInstrument): IsoDate | null {
  return i.kind === 'etp' ? null : i.expiry;
}

/**
 * The ticket of one day: condor legs and combo, then the hedge orders per layer. Live
 * holdings expiring on or before `date` have settled (VIX at the expiry morning's open,
 * SPXW at the expiry's close) and get no order; they are listed in `expired`.
 */
export function buildTicket(input: TicketInput, pricer: OptionPricer, costs: CostModel, alt?: AltQuotes): Ticket {
  const date = isoDate(input.date, 'date');
  const notes: string[] = [];
  let condor = input.condor;
  if (condor !== null && condor.expiration <= date) {
    notes.push(`The condor of ${date} expires on ${condor.expiration} (0DTE): it trades at the open, not on a ticket at the close.`);
    condor = null;
  }
  const c = condor === null ? null : condorOrders(costs, pricer, condor);
  const isAlive = (p: BookPosition): boolean => {
    const e = holdingExpiry(p.instrument);
    return e === null || e > date;
  };
  const alive = input.live.filter(isAlive);
  const expired = [...netBook(input.live.filter((p) => !isAlive(p)), 'live').values()].map((p) => ({ layer: p.layer, symbol: instrumentSymbol(p.instrument), qty: p.qty }));
  input.target.forEach((p, i) => {
    if (!isAlive(p)) throw new InputError(`target[${i}].instrument.expiry`, `${instrumentSymbol(p.instrument)} expires on or before ${date}`);
  });
  const hedge = hedgeOrders(costs, pricer, alt, input.target, alive);
  return {
    date,
    pricesModelled: true,
    fillFraction: costs.fillFraction,
    condorCombo: c?.combo ?? null,
    orders: [...(c?.orders ?? []), ...hedge.orders],
    altOrders: hedge.altOrders,
    expired,
    notes,
    bookAfter: bookAfter(input.target),
  };
}

const ACTION_WORDS: Readonly<Record<OrderAction, string>> = {
  BUY_TO_OPEN: 'BUY TO OPEN',
  SELL_TO_OPEN: 'SELL TO OPEN',
  BUY_TO_CLOSE: 'BUY TO CLOSE',
  SELL_TO_CLOSE: 'SELL TO CLOSE',
};
/** Why an order is on the ticket, in the ticket's words. */
export const PURPOSE_WORDS: Readonly<Record<OrderPurpose, string>> = {
  condor: 'condor leg',
  open: 'new position',
  add: 'add to position',
  reduce: 'reduce position',
  close: 'close position',
  'roll-close': 'roll: close old',
  'roll-open': 'roll: open new',
};

function table(rows: readonly (readonly string[])[], rightAligned: ReadonlySet<number>): string[] {
  const widths = rows[0]?.map((_, j) => Math.max(...rows.map((r) => (r[j] ?? '').length))) ?? [];
  return rows.map((r) => `  ${r.map((c, j) => (rightAligned.has(j) ? c.padStart(widths[j] ?? 0) : c.padEnd(widths[j] ?? 0))).join('  ')}`.trimEnd());
}

/** Every order of a ticket view with its line number (1-based: options first, then the alternatives). */
export function ticketLines(t: TicketView): { line: number; option: TicketOrderView | null; alt: AltOrder | null }[] {
  const out: { line: number; option: TicketOrderView | null; alt: AltOrder | null }[] = t.orders.map((o, i) => ({ line: i + 1, option: o, alt: null }));
  for (const a of t.altOrders ?? []) out.push({ line: out.length + 1, option: null, alt: a });
  return out;
}

const usd2 = (x: number): string => x.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** The ticket as aligned text a trader can read to a broker. */
export function ticketText(t: TicketView): string {
  const out: string[] = [];
  if (t.staleWarning !== undefined) out.push(t.staleWarning);
  const real = t.orders.filter((o) => o.priceSource === 'chain').length;
  if (real === 0) out.push(`Order ticket for the close of ${t.date} (MODELLED prices: limit = model mid ${t.fillFraction === 0 ? '' : `∓ ${t.fillFraction} × modelled half-spread `}on the tick; check the live quotes before sending)`);
  else {
    out.push(
      `Order ticket for the close of ${t.date} (REAL end-of-day quotes for ${real} of ${t.orders.length} option orders, marked "chain": limit = the chain's mark ∓ ${t.fillFraction} × its own half-spread; the others MODELLED: model mid ∓ ${t.fillFraction} × modelled half-spread; on the tick; check the live quotes before sending)`,
    );
  }
  if (t.condorCombo !== null) {
    const c = t.condorCombo;
    out.push(`Condor, one combo order: SELL ${c.qty} × ${c.description}, net credit limit ${c.netLimitPts.toFixed(2)} (${real === 0 ? 'modelled ' : ''}mid credit ${c.netMidPts.toFixed(2)})`);
  } else out.push('Condor: no trade today.');
  for (const n of t.notes ?? []) out.push(n);
  for (const e of t.expired) out.push(`Expired and settled (no order): ${e.qty > 0 ? '+' : ''}${e.qty} ${e.symbol} (${e.layer})`);
  const lines = ticketLines(t);
  if (lines.length === 0) {
    out.push('No orders.');
    return `${out.join('\n')}\n`;
  }
  if (t.orders.length > 0) {
    const rows: string[][] = [['#', 'Action', 'Qty', 'Symbol', 'Limit', 'Mid', 'Layer', 'Note', ...(real === 0 ? [] : ['Prices'])]];
    t.orders.forEach((o, i) => rows.push([String(i + 1), ACTION_WORDS[o.action], String(o.qty), o.symbol, o.limitPts.toFixed(2), o.midPts.toFixed(2), o.layer, PURPOSE_WORDS[o.purpose], ...(real === 0 ? [] : [o.priceSource ?? 'model'])]));
    out.push(...table(rows, new Set([0, 2, 4, 5])));
  }
  const etps = lines.filter((l) => l.alt?.kind === 'etp');
  if (etps.length > 0) {
    out.push(
      `VIX-futures ETP, in shares of VIX30D: a MODELLED index level (the S&P 500 VIX Short-Term Futures Index methodology, 100 in 1990, 1-for-4 reverse splits under 25), not a listed product's price. ${ETP_TRACKERS} track the same index: trade the dollar amount at their own price.`,
    );
    const rows: string[][] = [['#', 'Action', 'Shares', 'Symbol', 'Limit', 'Mid', 'Amount USD', 'Layer', 'Note']];
    for (const { line, alt: a } of etps) if (a !== null) rows.push([String(line), ACTION_WORDS[a.action], String(a.qty), a.symbol, a.limitPts.toFixed(2), a.midPts.toFixed(2), usd2(a.amountUsd ?? 0), a.layer, PURPOSE_WORDS[a.purpose]]);
    out.push(...table(rows, new Set([0, 2, 4, 5, 6])));
  }
  const swaps = lines.filter((l) => l.alt?.kind === 'varianceSwap');
  if (swaps.length > 0) {
    out.push('SPX variance swaps: OTC, not an exchange order (agree the trade with a dealer). Units: variance notional in USD per variance point; vega notional = 2 × strike × variance notional, USD per vol point; strike limit in vol points (MODELLED: the model\'s SPX implied vol to the maturity ∓ the modelled half-spread).');
    const rows: string[][] = [['#', 'Action', 'Var notional', 'Vega notional', 'Maturity', 'Strike limit', 'Mid vol', 'Layer', 'Note']];
    for (const { line, alt: a } of swaps) if (a !== null) rows.push([String(line), ACTION_WORDS[a.action], String(a.qty), usd2(a.vegaNotionalUsd ?? 0), a.maturity ?? '-', a.limitPts.toFixed(2), a.midPts.toFixed(2), a.layer, PURPOSE_WORDS[a.purpose]]);
    out.push(...table(rows, new Set([0, 2, 3, 5, 6])));
  }
  if (!lines.some((l) => (l.option?.layer ?? l.alt?.layer) !== 'condor')) out.push('Hedge book: no change.');
  return `${out.join('\n')}\n`;
}

/** Listed ETPs that track the index the modelled VIX30D follows (unlevered). */
export const ETP_TRACKERS = 'VXX and VIXY';

/**
 * The ticket CSV header. The first nine columns are those of every earlier version, with
 * the same meaning (option rows); the columns after them were added for the alternative
 * instruments, for recording fills (`alvh book fill`) and for the source of each limit price
 * (`priceSource`: `chain` when set on a real end-of-day quote of `--chains`, `model` when
 * set on the model's; the ETP and variance swap rows are always `model`).
 */
export const TICKET_CSV_HEADER = 'action,symbol,underlying,expiry,strike,type,qty,limitPrice,layer,date,line,instrument,strikeVolPts,vegaNotionalUsd,filledQty,fillPrice,priceSource';
export const TICKET_CSV_COLUMNS: readonly string[] = TICKET_CSV_HEADER.split(',');

/**
 * The ticket as CSV, one row per order (the combo limit is in the text and JSON). Option
 * rows fill the first nine columns as before; an ETP row has `qty` in shares and
 * `limitPrice` in dollars a share; a variance swap row has `qty` in units of $1 per
 * variance point, `expiry` its maturity, `strikeVolPts` the strike limit and no
 * `limitPrice`. `filledQty` and `fillPrice` are left empty for the trader to fill in;
 * `priceSource` says whether the limit was set on a real chain quote (`chain`) or the model.
 */
export function ticketCsv(t: TicketView): string {
  const rows = [TICKET_CSV_HEADER];
  for (const { line, option: o, alt: a } of ticketLines(t)) {
    if (o !== null) rows.push([o.action, o.symbol, o.underlying, o.expiry, strikeText(o.strike), o.type, String(o.qty), o.limitPts.toFixed(2), o.layer, t.date, String(line), 'option', '', '', '', '', o.priceSource ?? 'model'].join(','));
    else if (a !== null && a.kind === 'etp') rows.push([a.action, a.symbol, 'VIX', '', '', '', String(a.qty), a.limitPts.toFixed(2), a.layer, t.date, String(line), 'etp', '', '', '', '', 'model'].join(','));
    else if (a !== null) rows.push([a.action, a.symbol, 'SPX', a.maturity ?? '', '', '', String(a.qty), '', a.layer, t.date, String(line), 'varianceSwap', a.limitPts.toFixed(2), (a.vegaNotionalUsd ?? 0).toFixed(2), '', '', 'model'].join(','));
  }
  return `${rows.join('\n')}\n`;
}

/**
 * Reads a stored holding back into a book position (the store keeps the instrument as
 * opaque plain data). Throws naming the field when it is not an option, the ETP or a variance swap.
 */
export function bookPositionFromStored(p: { readonly layer: string; readonly instrument: unknown; readonly qty: number }, field: string): BookPosition {
  const o = p.instrument as Partial<Record<'kind' | 'type' | 'strike' | 'expiry' | 'symbol' | 'strikeVar' | 'tradeDate', unknown>> | null;
  if (o === null || typeof o !== 'object') throw new InputError(`${field}.instrument`, 'must be an instrument object');
  checkQty(p.qty, `${field}.qty`);
  if (o.kind === 'etp') {
    if (typeof o.symbol !== 'string') throw new InputError(`${field}.instrument.symbol`, 'must be a string');
    return { layer: p.layer, instrument: etp(o.symbol), qty: p.qty };
  }
  if (o.kind === 'varianceSwap') {
    if (typeof o.strikeVar !== 'number') throw new InputError(`${field}.instrument.strikeVar`, 'must be a number');
    const trade = isoDate(typeof o.tradeDate === 'string' ? o.tradeDate : '', `${field}.instrument.tradeDate`);
    const exp = isoDate(typeof o.expiry === 'string' ? o.expiry : '', `${field}.instrument.expiry`);
    return { layer: p.layer, instrument: varianceSwap(o.strikeVar, trade, exp), qty: p.qty };
  }
  if (o.type !== 'call' && o.type !== 'put') throw new InputError(`${field}.instrument.type`, `must be call or put, got ${String(o.type)}`);
  if (typeof o.strike !== 'number') throw new InputError(`${field}.instrument.strike`, 'must be a number');
  if (typeof o.expiry !== 'string') throw new InputError(`${field}.instrument.expiry`, 'must be an ISO date');
  const expiry = isoDate(o.expiry, `${field}.instrument.expiry`);
  if (o.kind === 'vixOption') return { layer: p.layer, instrument: vixOption(o.type, o.strike, expiry), qty: p.qty };
  if (o.kind === 'spxOption') return { layer: p.layer, instrument: spxOption(o.type, o.strike, expiry), qty: p.qty };
  throw new InputError(`${field}.instrument.kind`, `must be vixOption, spxOption, etp or varianceSwap, got ${String(o.kind)}`);
}
