/**
 * Today's run against a live book (DESIGN §6, `alvh signal` without --date): the engine's
 * signal of the day, the order ticket from the account's live hedge book to the signal's
 * book, and the book to record once the ticket fills. Pure: the store is the CLI's.
 */
import { InputError } from '../core/errors.js';
import type { IsoDate } from '../core/time.js';
import type { MarketData } from '../market/types.js';
import { indexOfDate } from '../market/series.js';
import type { CostModel } from '../portfolio/costs.js';
import { dayModel, type ModelCalibration } from '../portfolio/marketModel.js';
import { vixOption } from '../portfolio/instruments.js';
import type { HedgePolicy } from '../hedge/index.js';
import type { CondorConfig } from '../strategy/condor.js';
import { runDailySignal, type DailySignal } from './daily.js';
import type { EngineCheckpoint } from './checkpoint.js';
import { modelPricer } from './pricer.js';
import type { NamedPolicy } from './simulate.js';
import { bookPositionFromStored, buildTicket, optionSymbol, ticketView, type BookPosition, type Ticket, type TicketInput, type TicketView } from './ticket.js';

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
}

/** The hedge book the signal holds after today's trades, leg by leg. */
export function signalTargetBook(s: DailySignal): BookPosition[] {
  const out: BookPosition[] = [];
  for (const l of s.hedge.layers) for (const leg of l.legs) out.push({ layer: l.name, instrument: vixOption(leg.type, leg.strike, leg.expiration), qty: leg.qty });
  return out;
}

/** Today's condor as ticket input, or null when the signal skips it. */
export function signalCondor(s: DailySignal): TicketInput['condor'] {
  const c = s.condor;
  if (c.status !== 'opened' || c.expiration === null) return null;
  return { expiration: c.expiration, contracts: c.contracts, legs: c.legs };
}

/** Entry prices of the book after the fills: carried from the live book, the ticket's limit for what it opens. */
function entryPrices(t: Ticket, live: readonly LiveHolding[]): Map<string, number | null> {
  const out = new Map<string, number | null>();
  const key = (layer: string, symbol: string): string => `${layer} ${symbol}`;
  const liveBy = new Map(live.map((p) => [key(p.layer, p.instrumentKey), p]));
  for (const p of t.bookAfter) {
    const k = key(p.layer, optionSymbol(p.instrument));
    const held = liveBy.get(k);
    const opened = t.orders.find((o) => o.layer === p.layer && o.symbol === optionSymbol(p.instrument) && o.action.endsWith('OPEN'));
    const heldQty = held !== undefined && Math.sign(held.qty) === Math.sign(p.qty) ? held.qty : 0;
    if (opened === undefined) out.set(k, held?.entryPrice ?? null);
    else if (heldQty === 0 || held?.entryPrice == null) out.set(k, opened.limitPts);
    else out.set(k, Math.round(((Math.abs(heldQty) * held.entryPrice + opened.qty * opened.limitPts) / (Math.abs(heldQty) + opened.qty)) * 10_000) / 10_000);
  }
  return out;
}

/** The live book to record once every order of `t` fills, keyed by the ticket symbol. */
export function recordedBook(t: Ticket, live: readonly LiveHolding[]): LiveHolding[] {
  const entries = entryPrices(t, live);
  return t.bookAfter.map((p) => {
    const symbol = optionSymbol(p.instrument);
    return { layer: p.layer, instrumentKey: symbol, instrument: p.instrument, qty: p.qty, entryPrice: entries.get(`${p.layer} ${symbol}`) ?? null };
  });
}

/**
 * The signal of `req.date`, its ticket against `live`, and the book to record after the
 * fills (entry prices: the modelled limits of what the ticket opens).
 */
export function todaySignal(req: TodayRequest, live: readonly LiveHolding[]): { signal: PublishedSignal; book: LiveHolding[]; ticket: Ticket; checkpoint: EngineCheckpoint } {
  const { signal: s, checkpoint } = runDailySignal(req.data, req.date, req.policy, req.condor, req.calib, {
    notional: req.notional,
    costs: req.costs,
    ...(req.userSeries === undefined ? {} : { userSeries: req.userSeries }),
    ...(req.resume === undefined ? {} : { resume: req.resume }),
  });
  const i = indexOfDate(req.data.daily, req.date);
  if (i < 0) throw new InputError('date', `${req.date} is not a trading day in the data`);
  const pricer = modelPricer(dayModel(req.data, i, req.calib), s.inputs.vixClose);
  const held = live.map((p, k) => bookPositionFromStored(p, `hedge book[${k}]`));
  const ticket = buildTicket({ date: req.date, condor: signalCondor(s), target: signalTargetBook(s), live: held }, pricer, req.costs);
  return { signal: { ...s, ticket: ticketView(ticket) }, book: recordedBook(ticket, live), ticket, checkpoint };
}
