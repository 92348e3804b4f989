/**
 * Today's run against a live book (DESIGN §6, `alvh signal` without --date): the engine's
 * signal of the day, the order ticket from the account's live hedge book to the signal's
 * book, and the book to record once the ticket fills. Pure: the store is the CLI's.
 */
import { InputError } from '../core/errors.js';
import { isoDate, type IsoDate } from '../core/time.js';
import type { MarketData } from '../market/types.js';
import { indexOfDate } from '../market/series.js';
import type { CostModel } from '../portfolio/costs.js';
import { dayModel, type ModelCalibration } from '../portfolio/marketModel.js';
import { etp, varianceSwap, vixOption } from '../portfolio/instruments.js';
import type { HedgePolicy } from '../hedge/index.js';
import type { CondorConfig } from '../strategy/condor.js';
import { layerAction, rationaleOf, runDailySignal, type DailySignal, type DecisionRecord, type SignalOptions } from './daily.js';
import { staleInputs, staleLine } from './freshness.js';
import type { EngineCheckpoint } from '../engine/checkpoint.js';
import { modelPricer } from './pricer.js';
import { defaultReality } from '../engine/reality.js';
import { impliedVarianceTo } from '../engine/valuation.js';
import type { AltHolding, NamedPolicy } from '../engine/types.js';
import { etpLevels, MODELLED_ETP_SYMBOL, splitFactorSince } from '../engine/etpLevel.js';
import { bookPositionFromStored, buildTicket, instrumentSymbol, PURPOSE_WORDS, ticketView, type AltQuotes, type BookPosition, type HedgeInstrument, type Ticket, type TicketInput, type TicketView } from './ticket.js';

/** A holding as the store keeps it (the store's HedgePosition, structurally). */
export interface LiveHolding {
  readonly layer: string;
  readonly instrumentKey: string;
  readonly instrument: unknown;
  readonly qty: number;
  readonly entryPrice: number | null;
}

/** The published signal: the engine's daily signal plus the ticket that gets the account there. */
export type PublishedSignal = DailySignal & { readonly ticket: TicketView };

export interface TodayRequest {
  readonly data: MarketData;
  readonly date: IsoDate;
  readonly policy: HedgePolicy | NamedPolicy;
  readonly condor: CondorConfig;
  readonly calib: ModelCalibration;
  readonly notional: number;
  readonly costs: CostModel;
  readonly userSeries?: Readonly<Record<string, Float64Array>>;
  /** The history run's state at an earlier close of the same settings and data (SignalOptions.resume). */
  readonly resume?: EngineCheckpoint;
  /** The day the inputs' ages are measured to (default: the signal's date): today's date for today's signal. */
  readonly reference?: IsoDate;
  /** The market's day view (real chains behind the model) and where prices come from, in words (SignalOptions). */
  readonly dayModel?: SignalOptions['dayModel'];
  readonly pricesFrom?: readonly string[];
}

/**
 * The decision record with the account's orders: each layer's ticket lines (options and
 * alternative instruments), so that the rationale and the layer actions say what the ticket does.
 */
export function withAccountOrders(r: DecisionRecord, t: Ticket): DecisionRecord {
  const lines = [...t.orders, ...t.altOrders].map((o) => ({ layer: o.layer, action: o.action, qty: o.qty, symbol: o.symbol, purpose: PURPOSE_WORDS[o.purpose] }));
  return { ...r, layers: r.layers.map((l) => ({ ...l, account: { orders: lines.filter((o) => o.layer === l.layer).map(({ layer: _l, ...o }) => o) } })) };
}

/** The signal's words and layer actions rewritten from `record` (the engine's trade kept as `engineAction`). */
export function signalFromRecord(s: DailySignal, record: DecisionRecord): DailySignal {
  const byLayer = new Map(record.layers.map((l) => [l.layer as string, l]));
  return {
    ...s,
    hedge: {
      ...s.hedge,
      layers: s.hedge.layers.map((l) => {
        const d = byLayer.get(l.name);
        return d === undefined ? l : { ...l, action: layerAction(d), engineAction: d.engine === null ? 'none' : d.engine.action };
      }),
      rationale: rationaleOf(record),
    },
  };
}

/** `long SPX variance swap to 2025-05-05 struck at 30.17 vol` (engine/types.ts describeAlt). */
const SWAP_TEXT = /variance swap to (\d{4}-\d{2}-\d{2}) struck at (\d+(?:\.\d+)?) vol/;

/**
 * The hedge book the signal holds after today's trades: every option leg; the ETP in
 * shares of the modelled VIX30D; a variance swap in units of $1 per variance point, its
 * maturity and strike those of the engine's holding (`alt`: the checkpoint's), else read
 * from the layer's position text.
 */
export function signalTargetBook(s: DailySignal, alt?: Readonly<Partial<Record<string, AltHolding | null>>>): BookPosition[] {
  const out: BookPosition[] = [];
  for (const l of s.hedge.layers) {
    for (const leg of l.legs) out.push({ layer: l.name, instrument: vixOption(leg.type, leg.strike, leg.expiration), qty: leg.qty });
    if (l.legs.length > 0 || !(l.contracts > 0)) continue;
    if (l.instrument === 'vixFuturesEtp') out.push({ layer: l.name, instrument: etp(MODELLED_ETP_SYMBOL), qty: l.contracts });
    else if (l.instrument === 'spxVarianceSwap') {
      const held = alt?.[l.name];
      if (held?.kind === 'varianceSwap') {
        out.push({ layer: l.name, instrument: held.instrument, qty: held.units });
        continue;
      }
      const m = SWAP_TEXT.exec(l.position ?? '');
      if (m === null) throw new InputError(`hedge.layers.${l.name}.position`, `cannot read the variance swap's maturity and strike from "${l.position ?? ''}"`);
      const maturity = isoDate(m[1] ?? '', `hedge.layers.${l.name}.position`);
      const volPts = Number(m[2]);
      out.push({ layer: l.name, instrument: varianceSwap((volPts / 100) ** 2, s.date < maturity ? s.date : maturity, maturity), qty: l.contracts });
    }
  }
  return out;
}

/** Today's condor as ticket input, or null when the signal skips it. */
export function signalCondor(s: DailySignal): TicketInput['condor'] {
  const c = s.condor;
  if (c.status !== 'opened' || c.expiration === null) return null;
  return { expiration: c.expiration, contracts: c.contracts, legs: c.legs };
}

/**
 * The entry price of a holding after `addQty` more at `addPrice` (same side): the
 * quantity-weighted mean; for a variance swap (prices: strikes in vol points) the mean of
 * the variances, so that the merged swap pays the same (see ticket.ts mergeSwap).
 */
export function averageEntry(kind: HedgeInstrument['kind'], heldQty: number, heldPrice: number, addQty: number, addPrice: number): number {
  const a = Math.abs(heldQty);
  const b = Math.abs(addQty);
  const mean = kind === 'varianceSwap' ? Math.sqrt((a * heldPrice * heldPrice + b * addPrice * addPrice) / (a + b)) : (a * heldPrice + b * addPrice) / (a + b);
  return Math.round(mean * 10_000) / 10_000;
}

/** A holding as stored: the instrument as plain data; the ETP's share count is as of `asOf` (the modelled index splits). */
export function storedHolding(layer: string, instrument: HedgeInstrument, qty: number, entryPrice: number | null, asOf: IsoDate, etpLevelAsOf?: number): LiveHolding {
  let stored: unknown = instrument;
  let inst = instrument;
  if (instrument.kind === 'varianceSwap' && entryPrice !== null) inst = varianceSwap((entryPrice / 100) ** 2, instrument.tradeDate, instrument.expiry);
  if (inst.kind === 'etp') stored = etpLevelAsOf === undefined || !Number.isFinite(etpLevelAsOf) ? { ...inst, asOf } : { ...inst, asOf, levelAsOf: etpLevelAsOf };
  else stored = inst;
  return { layer, instrumentKey: instrumentSymbol(inst), instrument: stored, qty, entryPrice };
}

/** Entry prices of the book after the fills: carried from the live book, the ticket's limit for what it opens. */
function entryPrices(t: Ticket, live: readonly LiveHolding[]): Map<string, number | null> {
  const out = new Map<string, number | null>();
  const key = (layer: string, symbol: string): string => `${layer} ${symbol}`;
  const liveBy = new Map(live.map((p) => [key(p.layer, p.instrumentKey), p]));
  const opens = [...t.orders, ...t.altOrders].filter((o) => o.action.endsWith('OPEN'));
  for (const p of t.bookAfter) {
    const sym = instrumentSymbol(p.instrument);
    const k = key(p.layer, sym);
    const held = liveBy.get(k);
    const opened = opens.find((o) => o.layer === p.layer && o.symbol === sym);
    const heldQty = held !== undefined && Math.sign(held.qty) === Math.sign(p.qty) ? held.qty : 0;
    if (opened === undefined) out.set(k, held?.entryPrice ?? null);
    else if (heldQty === 0 || held?.entryPrice == null) out.set(k, opened.limitPts);
    else out.set(k, averageEntry(p.instrument.kind, heldQty, held.entryPrice, opened.qty, opened.limitPts));
  }
  return out;
}

/** The live book to record once every order of `t` fills, keyed by the ticket symbol. */
export function recordedBook(t: Ticket, live: readonly LiveHolding[], etpLevelToday?: number): LiveHolding[] {
  const entries = entryPrices(t, live);
  const liveBy = new Map(live.map((p) => [`${p.layer} ${p.instrumentKey}`, p]));
  return t.bookAfter.map((p) => {
    const k = `${p.layer} ${instrumentSymbol(p.instrument)}`;
    let instrument = p.instrument;
    // A swap kept from the live book keeps its trade date.
    const held = liveBy.get(k);
    if (instrument.kind === 'varianceSwap' && held !== undefined) {
      const h = bookPositionFromStored(held, k).instrument;
      if (h.kind === 'varianceSwap') instrument = varianceSwap(instrument.strikeVar, h.tradeDate, instrument.expiry);
    }
    return storedHolding(p.layer, instrument, p.qty, entries.get(k) ?? null, t.date, etpLevelToday);
  });
}

/**
 * The live book with ETP shares held since before a reverse split of the modelled index
 * counted as the shares after it (the odd shares were paid out in cash, as the backtest
 * does); `factorSince(asOf, levelAsOf)` is the split factor since the holding's date
 * (`levelAsOf`: the modelled level recorded with it, when there is one). Adds a note per change.
 */
export function splitAdjusted(live: readonly LiveHolding[], date: IsoDate, factorSince: (asOf: IsoDate, levelAsOf: number | null) => number, notes: string[]): LiveHolding[] {
  return live.map((p) => {
    const asOf = etpAsOf(p);
    if (asOf === null || asOf >= date) return p;
    const lv = (p.instrument as { levelAsOf?: unknown }).levelAsOf;
    const f = factorSince(asOf, typeof lv === 'number' && lv > 0 ? lv : null);
    if (f === 1) return p;
    const qty = Math.trunc(p.qty / f);
    notes.push(`${p.instrumentKey} (${p.layer}): the modelled index reverse-split 1-for-${f} since ${asOf}: the ${p.qty} shares held count as ${qty}.`);
    return { ...p, qty, entryPrice: p.entryPrice === null ? null : Math.round(p.entryPrice * f * 10_000) / 10_000 };
  });
}

/** True when a stored ETP holding's share count predates `date` (a split may apply). */
export function needsSplitCheck(live: readonly LiveHolding[], date: IsoDate): boolean {
  return live.some((p) => {
    const a = etpAsOf(p);
    return a !== null && a < date;
  });
}

/** The `asOf` date of a stored ETP holding (null: none recorded). */
function etpAsOf(p: LiveHolding): IsoDate | null {
  const o = p.instrument as { kind?: unknown; asOf?: unknown } | null;
  return o !== null && typeof o === 'object' && o.kind === 'etp' && typeof o.asOf === 'string' ? (o.asOf as IsoDate) : null;
}

/**
 * The signal of `req.date`, its ticket against `live`, and the book to record after the
 * fills (entry prices: the modelled limits of what the ticket opens). ETP shares held
 * before a reverse split of the modelled index count as the shares after it (the odd
 * shares were paid out in cash, as the backtest does).
 */
export function todaySignal(req: TodayRequest, live: readonly LiveHolding[]): { signal: PublishedSignal; book: LiveHolding[]; ticket: Ticket; checkpoint: EngineCheckpoint } {
  const { signal: s0, checkpoint, record } = runDailySignal(req.data, req.date, req.policy, req.condor, req.calib, {
    notional: req.notional,
    costs: req.costs,
    ...(req.userSeries === undefined ? {} : { userSeries: req.userSeries }),
    ...(req.resume === undefined ? {} : { resume: req.resume }),
    ...(req.dayModel === undefined ? {} : { dayModel: req.dayModel }),
    ...(req.pricesFrom === undefined ? {} : { pricesFrom: req.pricesFrom }),
  });
  const i = indexOfDate(req.data.daily, req.date);
  if (i < 0) throw new InputError('date', `${req.date} is not a trading day in the data`);
  const reference = req.reference === undefined || req.reference < req.date ? req.date : req.reference;
  const s: DailySignal = reference === req.date ? s0 : { ...s0, stale: staleInputs(s0.inputsAsOf, reference), staleReference: reference };
  const model = (req.dayModel ?? dayModel)(req.data, i, req.calib);
  const pricer = modelPricer(model, s.inputs.vixClose, defaultReality(req.costs).slippage);
  const target = signalTargetBook(s, checkpoint.books[0]?.alt);
  const notes: string[] = [];
  // Splits since a holding's date: a short replay from its recorded level, else from the first day.
  const liveAdj = splitAdjusted(live, req.date, (asOf, levelAsOf) => splitFactorSince(levelAsOf === null ? etpLevels(req.data, req.date, req.calib) : etpLevels(req.data, req.date, req.calib, asOf, levelAsOf), asOf), notes);
  const held = liveAdj.map((p, k) => bookPositionFromStored(p, `hedge book[${k}]`));
  const usesAlt = [...target, ...held].some((p) => p.instrument.kind === 'etp' || p.instrument.kind === 'varianceSwap');
  let alt: AltQuotes | undefined;
  if (usesAlt) {
    alt = {
      etpLevelPts: checkpoint.etpLevel,
      vixClosePts: s.inputs.vixClose,
      varianceVolPts: (maturity) => Math.sqrt(impliedVarianceTo(model, maturity)) * 100,
    };
  }
  const t0 = buildTicket({ date: req.date, condor: signalCondor(s), target, live: held }, pricer, req.costs, alt);
  const ticket: Ticket = notes.length === 0 ? t0 : { ...t0, notes: [...t0.notes, ...notes] };
  const warning = staleLine({ stale: s.stale, reference }, req.date);
  const view = ticketView(ticket);
  const published = signalFromRecord(s, withAccountOrders(record, ticket));
  return { signal: { ...published, ticket: warning === null ? view : { ...view, staleWarning: warning } }, book: recordedBook(ticket, liveAdj, checkpoint.etpLevel), ticket, checkpoint };
}
