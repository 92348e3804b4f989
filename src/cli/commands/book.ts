/**
 * `alvh book`: the live hedge book in the store, and what actually filled.
 *   show  the live book by layer (of the latest date, or on or before --date)
 *   fill  records the fills of a published ticket from its CSV (filledQty, fillPrice)
 *   set   sets one position by hand (a trading day not after the data's last day, a layer of the live policy)
 *   undo  reverses the last position set by hand
 * The live book of a date after fills = the book before that date's ticket + every fill
 * recorded for that date (by ticket line: re-recording a line replaces it, so the same file
 * twice counts once) + the positions set by hand that date, written in one transaction
 * with the fills themselves. Every set and undo appends an audit line (`book.set`,
 * `book.undo`) holding what the position was before, so an undo restores it exactly.
 */
import type { Command } from 'commander';
import { DataError, InputError } from '../../core/errors.js';
import { systemClock, type Clock, type IsoDate } from '../../core/time.js';
import { isoDate } from '../../core/time.js';
import { tradingDay } from '../../core/calendar.js';
import { defaultPolicy, parsePolicy } from '../../hedge/policy.js';
import { DEFAULT_CALIBRATION } from '../../portfolio/marketModel.js';
import { etp, spxOption, varianceSwap, vixOption } from '../../portfolio/instruments.js';
import { etpLevels, MODELLED_ETP_SYMBOL, splitFactorSince } from '../../engine/etpLevel.js';
import { layerDefs } from '../../engine/types.js';
import { bookAfterFills, ticketLineItems, type AppliedFill, type PositionSet, type TicketLine } from '../../signals/fills.js';
import { bookPositionFromStored, instrumentSymbol, type HedgeInstrument, type TicketView } from '../../signals/ticket.js';
import { needsSplitCheck, splitAdjusted, type LiveHolding } from '../../signals/today.js';
import {
  addAdjustment,
  appendAudit,
  deleteAdjustment,
  deleteHedgeBook,
  governanceStatus,
  lastAdjustment,
  listAudit,
  getHedgeBook,
  getHedgeBookBefore,
  getSignal,
  hedgeBookSource,
  listAdjustments,
  listFills,
  saveFills,
  saveHedgeBook,
  transaction,
  type FillRecord,
  type HedgeBook,
  type HedgeBookSource,
  type Store,
} from '../../store/index.js';
import { columnIndex, readCsvTable, type CsvTable } from '../csvTable.js';
import { addHomeOption, withStore } from '../home.js';
import { printJson } from '../io.js';
import { date as dateFlag, num } from '../options.js';
import { homeMarketData } from '../market.js';

interface HomeFlags {
  home?: string;
  json?: boolean;
}

/** The store's ticket of `date`, or null. */
function storedTicket(store: Store, date: IsoDate): TicketView | null {
  const s = getSignal(store, date);
  const t = (s?.payload as { ticket?: TicketView } | undefined)?.ticket;
  return t ?? null;
}

/** Split factor of the modelled ETP since a date, from the data (loaded only when a held ETP needs it). */
function splitFactors(home: string | undefined, clock: Clock, date: IsoDate): (asOf: IsoDate, levelAsOf: number | null) => number {
  return (asOf, levelAsOf) => {
    const data = homeMarketData(home, clock);
    return splitFactorSince(levelAsOf === null ? etpLevels(data, date, DEFAULT_CALIBRATION) : etpLevels(data, date, DEFAULT_CALIBRATION, asOf, levelAsOf), asOf);
  };
}

/** Refuses a change to `date` when the book already has a later snapshot (the next signal was computed from it). */
function refuseIfLater(store: Store, date: IsoDate, where: string): void {
  const latest = getHedgeBook(store);
  if (latest !== null && latest.date > date) {
    throw new DataError(where, `date: the live book already has a snapshot of ${latest.date}, after ${date}: record fills before publishing the next signal, or set positions of ${latest.date} with alvh book set`);
  }
}

/**
 * The book of `date` from what the store records: with fills, the book before the ticket
 * + the fills + the hand-set positions; without, the current book + the hand-set positions.
 */
function recomputeBook(store: Store, date: IsoDate, factorSince: (asOf: IsoDate, levelAsOf: number | null) => number, notes: string[], fresh: ReadonlyMap<number, string> = new Map()): LiveHolding[] {
  const fills = listFills(store, date);
  const base = (fills.length > 0 ? getHedgeBookBefore(store, date) : getHedgeBook(store, date))?.positions ?? [];
  const adjusted = needsSplitCheck(base, date) ? splitAdjusted(base, date, factorSince, notes) : base;
  const applied: AppliedFill[] = fills
    .filter((f) => f.layer !== 'condor')
    .map((f) => ({
      where: fresh.get(f.line) ?? `the fill of ${date} line ${f.line} in the store`,
      layer: f.layer,
      instrument: bookPositionFromStored({ layer: f.layer, instrument: f.instrument, qty: 0 }, `fill ${f.line}`).instrument,
      action: f.action,
      filledQty: f.filledQty,
      fillPrice: f.fillPrice,
    }));
  const sets: PositionSet[] = listAdjustments(store, date).map((a) => ({ layer: a.layer, instrument: bookPositionFromStored({ layer: a.layer, instrument: a.instrument, qty: a.qty }, `set ${a.seq}`).instrument, qty: a.qty, entryPrice: a.entryPrice }));
  return bookAfterFills(adjusted, applied, sets, date, storedEtpLevel(store, date));
}

/** The modelled ETP level at the close of `date`, from that day's stored signal (an ETP layer's `alt`), when it has one. */
function storedEtpLevel(store: Store, date: IsoDate): number | undefined {
  const layers = (getSignal(store, date)?.payload as { hedge?: { layers?: readonly { alt?: { kind?: string; levelUsd?: unknown } }[] } } | undefined)?.hedge?.layers ?? [];
  for (const l of layers) if (l.alt?.kind === 'etp' && typeof l.alt.levelUsd === 'number' && l.alt.levelUsd > 0) return l.alt.levelUsd;
  return undefined;
}

function cellOf(table: CsvTable, row: CsvTable['rows'][number], col: number): string {
  return (row.cells[col] ?? '').trim();
}

interface ParsedFill {
  readonly where: string;
  readonly item: TicketLine;
  readonly filledQty: number;
  readonly fillPrice: number | null;
}

/** Reads and checks a fill file against the stored ticket; every error names file:line: field. */
function parseFillFile(table: CsvTable, store: Store): { date: IsoDate; fills: ParsedFill[]; blank: number } {
  const col = (name: string): number => columnIndex(table, name);
  const c = { date: col('date'), line: col('line'), action: col('action'), symbol: col('symbol'), layer: col('layer'), qty: col('qty'), filledQty: col('filledQty'), fillPrice: col('fillPrice') };
  if (table.rows.length === 0) throw new DataError(table.file, 'no order lines (expected the ticket CSV of `alvh signal --ticket`)');
  let date: IsoDate | null = null;
  let items: TicketLine[] = [];
  const seen = new Map<number, number>();
  const fills: ParsedFill[] = [];
  let blank = 0;
  for (const row of table.rows) {
    const where = `${table.file}:${row.line}`;
    const bad = (field: string, msg: string): DataError => new DataError(where, `${field}: ${msg}`);
    const rawDate = cellOf(table, row, c.date);
    let d: IsoDate;
    try {
      d = isoDate(rawDate, 'date');
    } catch {
      throw bad('date', `not a date (YYYY-MM-DD): "${rawDate}"`);
    }
    if (date === null) {
      date = d;
      refuseIfLater(store, d, where);
      const t = storedTicket(store, d);
      if (t === null) throw bad('date', `no published signal with a ticket for ${d} in ${store.path} (the file must be the ticket CSV of that day)`);
      items = ticketLineItems(t);
    } else if (d !== date) throw bad('date', `${d} differs from ${date} on the first line: one ticket per file`);
    const rawLine = cellOf(table, row, c.line);
    const n = Number(rawLine);
    const item = /^\d+$/.test(rawLine) ? items[n - 1] : undefined;
    if (item === undefined) throw bad('line', `no order "${rawLine}" on the ticket of ${date} (it has ${items.length})`);
    const prev = seen.get(n);
    if (prev !== undefined) throw bad('line', `order ${n} appears twice (first on line ${prev})`);
    seen.set(n, row.line);
    for (const [field, want] of [['action', item.action], ['symbol', item.symbol], ['layer', item.layer], ['qty', String(item.qty)]] as const) {
      const got = cellOf(table, row, c[field]);
      if (got !== want) throw bad(field, `"${got}" differs from order ${n} of the ticket of ${date} ("${want}")`);
    }
    const rawQty = cellOf(table, row, c.filledQty);
    const rawPx = cellOf(table, row, c.fillPrice);
    if (rawQty === '') {
      if (rawPx !== '') throw bad('filledQty', 'empty but fillPrice is given (0 records an unfilled order)');
      blank++;
      continue;
    }
    if (!/^\d+$/.test(rawQty) || Number(rawQty) > item.qty) throw bad('filledQty', `must be a whole number from 0 to ${item.qty}, got "${rawQty}"`);
    const filledQty = Number(rawQty);
    let fillPrice: number | null = null;
    if (rawPx !== '') {
      fillPrice = Number(rawPx);
      if (!Number.isFinite(fillPrice) || !(fillPrice > 0)) throw bad('fillPrice', `must be a number > 0, got "${rawPx}"`);
    } else if (filledQty > 0) throw bad('fillPrice', `is required when filledQty is ${filledQty} (${item.kind === 'varianceSwap' ? 'the agreed strike in vol points' : item.kind === 'etp' ? 'dollars per share' : 'points per contract'})`);
    fills.push({ where, item, filledQty, fillPrice });
  }
  return { date: date as IsoDate, fills, blank };
}

interface BookRow {
  layer: string;
  symbol: string;
  qty: number;
  entryPrice: number | null;
  instrument: unknown;
}

function bookRows(positions: readonly { layer: string; instrumentKey: string; instrument: unknown; qty: number; entryPrice: number | null }[]): BookRow[] {
  return positions.map((p) => ({ layer: p.layer, symbol: p.instrumentKey, qty: p.qty, entryPrice: p.entryPrice, instrument: p.instrument }));
}

function unitOf(symbol: string): string {
  if (symbol === MODELLED_ETP_SYMBOL) return 'shares (modelled index)';
  if (symbol.startsWith('SPX VARSWAP')) return 'units of $1/variance pt; entry = strike, vol pts';
  return 'contracts';
}

function bookText(b: HedgeBook | null, source: string, where: string): string {
  if (b === null) return `No live hedge book in ${where} yet (alvh signal --home DIR publishes one).\n`;
  const out = [`Live hedge book of ${b.date} (${source}); store ${where}`];
  if (b.positions.length === 0) out.push('  flat: no positions');
  else {
    const rows = [['Layer', 'Position', 'Qty', 'Entry', 'Unit']];
    for (const p of b.positions) rows.push([p.layer, p.instrumentKey, `${p.qty > 0 ? '+' : ''}${p.qty}`, p.entryPrice === null ? '-' : Number.isInteger(Math.round(p.entryPrice * 1e6) / 1e4) ? p.entryPrice.toFixed(2) : String(p.entryPrice), unitOf(p.instrumentKey)]);
    const w = rows[0]?.map((_, j) => Math.max(...rows.map((r) => (r[j] ?? '').length))) ?? [];
    for (const r of rows) out.push(`  ${r.map((x, j) => (j === 2 || j === 3 ? x.padStart(w[j] ?? 0) : x.padEnd(w[j] ?? 0))).join('  ')}`.trimEnd());
  }
  return `${out.join('\n')}\n`;
}

/** Where the book of its date comes from, in words. */
function sourceOf(store: Store, b: HedgeBook | null): { code: HedgeBookSource; text: string; fills: number; sets: number } {
  const src = hedgeBookSource(store, b);
  const { fills, sets } = src;
  const extra = sets > 0 ? `, ${sets} position${sets === 1 ? '' : 's'} set by hand` : '';
  switch (src.code) {
    case 'none':
      return { ...src, text: 'none' };
    case 'fills':
      return { ...src, text: `recorded fills of ${fills} ticket line${fills === 1 ? '' : 's'}${extra}` };
    case 'signal':
      return { ...src, text: `as if the ticket of ${b?.date ?? ''} filled at its limits: no fills recorded${extra}; record them with alvh book fill` };
    case 'manual':
      return { ...src, text: `set by hand${extra}` };
  }
}

function show(flags: HomeFlags & { date?: string }, clock: Clock): void {
  const d = flags.date === undefined ? undefined : dateFlag('--date', flags.date);
  withStore(flags.home, clock, (store) => {
    const b = getHedgeBook(store, d);
    const src = sourceOf(store, b);
    if (flags.json === true) {
      printJson({ date: b?.date ?? null, source: src.code, positions: bookRows(b?.positions ?? []), fills: b === null ? [] : listFills(store, b.date), adjustments: b === null ? [] : listAdjustments(store, b.date) });
      return;
    }
    process.stdout.write(bookText(b, src.text, store.path));
  });
}

function fill(file: string, flags: HomeFlags, clock: Clock): void {
  const table = readCsvTable(file, 'FILE');
  const result = withStore(flags.home, clock, (store) => {
    const { date, fills, blank } = parseFillFile(table, store);
    const before = new Map(listFills(store, date).map((f) => [f.line, f]));
    const records: FillRecord[] = fills.map((f) => {
      const inst = f.item.instrument(f.fillPrice);
      return { line: f.item.line, layer: f.item.layer, instrumentKey: instrumentSymbol(inst), instrument: inst, action: f.item.action, orderedQty: f.item.qty, filledQty: f.filledQty, fillPrice: f.fillPrice, source: file };
    });
    const unchanged = records.filter((r) => {
      const b = before.get(r.line);
      return b !== undefined && b.filledQty === r.filledQty && b.fillPrice === r.fillPrice;
    }).length;
    const replaced = records.filter((r) => before.has(r.line)).length - unchanged;
    const notes: string[] = [];
    const factorsOn = splitFactors(flags.home, clock, date);
    const book = transaction(store, () => {
      saveFills(store, date, records);
      const positions = recomputeBook(store, date, factorsOn, notes, new Map(fills.map((f) => [f.item.line, f.where])));
      return saveHedgeBook(store, date, positions);
    });
    return { date, records, blank, unchanged, replaced, notes, book, source: sourceOf(store, book).text, path: store.path };
  });
  const full = result.records.filter((r) => r.filledQty === r.orderedQty).length;
  const none = result.records.filter((r) => r.filledQty === 0).length;
  const summary = `Recorded the fills of the ticket of ${result.date} from ${file}: ${result.records.length} line${result.records.length === 1 ? '' : 's'} (${full} filled in full, ${result.records.length - full - none} in part, ${none} not filled), ${result.unchanged} unchanged, ${result.replaced} replacing an earlier record; ${result.blank} left blank (not recorded).`;
  if (flags.json === true) {
    printJson({ date: result.date, recorded: result.records.length, unchanged: result.unchanged, replaced: result.replaced, blank: result.blank, notes: result.notes, book: { date: result.book.date, positions: bookRows(result.book.positions) } });
    return;
  }
  process.stdout.write(`${summary}\n${result.notes.map((n) => `${n}\n`).join('')}${bookText(result.book, result.source, result.path)}`);
}

/** The instrument of a book symbol (as the ticket prints it). */
function instrumentOfSymbol(symbol: string, date: IsoDate, priceVolPts: number | undefined): HedgeInstrument {
  const opt = /^(SPXW|VIX) (\d{4}-\d{2}-\d{2}) (\d+(?:\.\d+)?) ([CP])$/.exec(symbol);
  if (opt !== null) {
    const expiry = isoDate(opt[2] ?? '', '--symbol');
    const type = opt[4] === 'C' ? 'call' : 'put';
    return opt[1] === 'SPXW' ? spxOption(type, Number(opt[3]), expiry) : vixOption(type, Number(opt[3]), expiry);
  }
  if (symbol === MODELLED_ETP_SYMBOL) return etp(symbol);
  const swap = /^SPX VARSWAP (\d{4}-\d{2}-\d{2})$/.exec(symbol);
  if (swap !== null) {
    const maturity = isoDate(swap[1] ?? '', '--symbol');
    if (!(maturity > date)) throw new InputError('--symbol', `the swap matures on ${maturity}, not after ${date}`);
    return varianceSwap(((priceVolPts ?? 1) / 100) ** 2, date, maturity);
  }
  throw new InputError('--symbol', `"${symbol}" is not a book symbol (e.g. "VIX 2026-11-18 29 C", "SPXW 2026-08-24 7600 P", "${MODELLED_ETP_SYMBOL}", "SPX VARSWAP 2026-09-21")`);
}

/**
 * The layers of the live policy: the governed policy once one is applied (`alvh policy
 * apply`), else the default ALVH policy (the signal's default).
 */
function livePolicyLayers(store: Store): { kind: string; layers: string[]; source: string } {
  const status = governanceStatus(store);
  const governed = status !== null && status.version > 0;
  const policy = governed ? parsePolicy(status.policy) : defaultPolicy('alvh');
  const layers = Object.keys(layerDefs(policy));
  return { kind: policy.kind, layers, source: governed ? `the live policy (version ${status.version})` : 'the default ALVH policy (no policy applied with alvh policy apply)' };
}

/** A book date: a trading day, not after the last day of the data the signal sees. */
function bookDate(raw: string | undefined, home: string | undefined, clock: Clock): IsoDate {
  const d = tradingDay(dateFlag('--date', raw), '--date');
  const last = homeMarketData(home, clock).daily.dates.at(-1);
  if (last !== undefined && d > last) throw new InputError('--date', `${d} is after the last day of the data (${last}); run alvh data update first`);
  return d;
}

/** The audit payload of `alvh book set`: the edit and the position it replaced (null: none). */
interface BookSetAudit {
  date: IsoDate;
  seq: number;
  layer: string;
  instrumentKey: string;
  qty: number;
  entryPrice: number | null;
  before: { instrument: unknown; qty: number; entryPrice: number | null } | null;
  /** Whether the book had a snapshot of `date` before this edit (undo deletes one the edit created). */
  snapshotExisted: boolean;
}

export const ACTION_BOOK_SET = 'book.set';
export const ACTION_BOOK_UNDO = 'book.undo';

function set(flags: HomeFlags & { date?: string; layer?: string; symbol?: string; qty?: string; price?: string }, clock: Clock): void {
  const d = bookDate(flags.date, flags.home, clock);
  if (flags.layer === undefined || flags.layer.trim() === '') throw new InputError('--layer', 'is required (L1, L2, L3)');
  if (flags.layer === 'condor') throw new InputError('--layer', 'the condor is not part of the hedge book');
  if (flags.symbol === undefined) throw new InputError('--symbol', 'is required');
  const qty = Number(flags.qty);
  if (flags.qty === undefined || !/^-?\d+$/.test(flags.qty.trim()) || !Number.isSafeInteger(qty)) throw new InputError('--qty', `must be a whole number (signed: + long, − short; 0 removes the position), got ${String(flags.qty)}`);
  const price = flags.price === undefined ? undefined : num('--price', flags.price);
  if (price !== undefined && !(price > 0)) throw new InputError('--price', `must be > 0, got ${price}`);
  const instrument = instrumentOfSymbol(flags.symbol.trim(), d, price);
  const layer = flags.layer.trim();
  const notes: string[] = [];
  const out = withStore(flags.home, clock, (store) => {
    const live = livePolicyLayers(store);
    if (!live.layers.includes(layer)) {
      throw new InputError('--layer', `${layer} is not a layer of ${live.source}: ${live.kind} has ${live.layers.length === 0 ? 'no layers' : live.layers.join(', ')}`);
    }
    refuseIfLater(store, d, '--date');
    const key = instrumentSymbol(instrument);
    const current = getHedgeBook(store, d);
    if (instrument.kind === 'varianceSwap' && price === undefined && qty !== 0) {
      const held = current?.positions.find((p) => p.layer === layer && p.instrumentKey === key);
      if (held === undefined) throw new InputError('--price', 'a new variance swap needs its strike in vol points');
    }
    const was = current?.positions.find((p) => p.layer === layer && p.instrumentKey === key);
    const book = transaction(store, () => {
      const added = addAdjustment(store, d, { layer, instrumentKey: key, instrument, qty, entryPrice: price ?? null });
      const audit: BookSetAudit = {
        date: d,
        seq: added.seq,
        layer,
        instrumentKey: key,
        qty,
        entryPrice: price ?? null,
        before: was === undefined ? null : { instrument: was.instrument, qty: was.qty, entryPrice: was.entryPrice },
        snapshotExisted: current?.date === d,
      };
      appendAudit(store, ACTION_BOOK_SET, audit);
      return saveHedgeBook(store, d, recomputeBook(store, d, splitFactors(flags.home, clock, d), notes));
    });
    return { book, source: sourceOf(store, book).text, path: store.path };
  });
  if (flags.json === true) {
    printJson({ date: out.book.date, notes, positions: bookRows(out.book.positions) });
    return;
  }
  process.stdout.write(`Set ${layer} ${instrumentSymbol(instrument)} to ${qty} on ${d}.\n${notes.map((n) => `${n}\n`).join('')}${bookText(out.book, out.source, out.path)}`);
}

/** The audit line of the last `book set` of (date, seq), or null (a set recorded before sets were audited). */
function setAuditOf(store: Store, date: IsoDate, seq: number): BookSetAudit | null {
  const entries = listAudit(store);
  for (let i = entries.length - 1; i >= 0; i--) {
    const e = entries[i];
    if (e?.action !== ACTION_BOOK_SET) continue;
    const p = JSON.parse(e.payload) as BookSetAudit;
    if (p.date === date && p.seq === seq) return p;
  }
  return null;
}

function undo(flags: HomeFlags, clock: Clock): void {
  const out = withStore(flags.home, clock, (store) => {
    const last = lastAdjustment(store);
    if (last === null) throw new InputError('book', `no position set by hand in ${store.path}: nothing to undo`);
    refuseIfLater(store, last.date, 'book undo');
    const audit = setAuditOf(store, last.date, last.seq);
    const hasFills = listFills(store, last.date).length > 0;
    // Without fills the book of the date is rebuilt from its own snapshot, which holds the
    // edit: the position it replaced comes from the audit line.
    if (audit === null && !hasFills) {
      throw new DataError(store.path, `the position set on ${last.date} (${last.layer} ${last.instrumentKey}) predates audited edits and cannot be undone; set it back with alvh book set`);
    }
    const book = transaction(store, () => {
      deleteAdjustment(store, last.date, last.seq);
      appendAudit(store, ACTION_BOOK_UNDO, { date: last.date, seq: last.seq, layer: last.layer, instrumentKey: last.instrumentKey, undoneQty: last.qty, restored: audit?.before ?? null });
      const orphan = audit !== null && !audit.snapshotExisted && !hasFills && listAdjustments(store, last.date).length === 0 && getSignal(store, last.date) === null;
      if (orphan) {
        deleteHedgeBook(store, last.date);
        return getHedgeBook(store);
      }
      if (hasFills) return saveHedgeBook(store, last.date, recomputeBook(store, last.date, splitFactors(flags.home, clock, last.date), []));
      const positions = (getHedgeBook(store, last.date)?.positions ?? []).filter((p) => !(p.layer === last.layer && p.instrumentKey === last.instrumentKey));
      const before = audit?.before ?? null;
      if (before !== null) positions.push({ layer: last.layer, instrumentKey: last.instrumentKey, instrument: before.instrument, qty: before.qty, entryPrice: before.entryPrice });
      const order = (p: { layer: string; instrumentKey: string }): string => `${p.layer}\u0000${p.instrumentKey}`;
      return saveHedgeBook(store, last.date, positions.filter((p) => p.qty !== 0).sort((x, y) => (order(x) < order(y) ? -1 : 1)));
    });
    return { last, restored: audit?.before ?? null, book, source: sourceOf(store, book).text, path: store.path };
  });
  const { last, restored } = out;
  const was = restored === null ? 'no position' : `${restored.qty}${restored.entryPrice === null ? '' : ` at ${restored.entryPrice}`}`;
  if (flags.json === true) {
    printJson({ undone: { date: last.date, seq: last.seq, layer: last.layer, symbol: last.instrumentKey, qty: last.qty, entryPrice: last.entryPrice }, restored, book: out.book === null ? null : { date: out.book.date, positions: bookRows(out.book.positions) } });
    return;
  }
  process.stdout.write(`Undid the position set on ${last.date}: ${last.layer} ${last.instrumentKey} to ${last.qty}; back to ${was} (audit line book.undo).\n${bookText(out.book, out.source, out.path)}`);
}

export function register(program: Command): void {
  const book = program.command('book').description('The live hedge book in the store: show it, record what actually filled, set a position by hand.');
  addHomeOption(
    book
      .command('show')
      .description('The live hedge book by layer (the latest, or the one on or before --date), and where it comes from (the signal as if filled, recorded fills, hand-set positions).')
      .option('--date <YYYY-MM-DD>', 'the book on or before this date (default: the latest)')
      .option('--json', 'print only JSON'),
  )
    .addHelpText('after', '\nExamples:\n  alvh book show --home ~/.alvh\n  alvh book show --home ~/.alvh --date 2026-08-21 --json\n')
    .action((flags: HomeFlags & { date?: string }) => show(flags, systemClock));
  addHomeOption(
    book
      .command('fill')
      .description("Records what filled: the ticket CSV of `alvh signal --ticket` with its filledQty and fillPrice columns filled in. The live book of the ticket's date becomes the book before the ticket plus the fills.")
      .argument('<FILE.csv>', 'the ticket CSV with filledQty (0..qty; empty: not recorded) and fillPrice filled in')
      .option('--json', 'print only JSON'),
  )
    .addHelpText(
      'after',
      `
Examples:
  alvh signal --home ~/.alvh --ticket today.csv     # then fill in filledQty, fillPrice
  alvh book fill today.csv --home ~/.alvh

fillPrice: points per contract (options), dollars per share of the modelled VIX30D (ETP),
the agreed strike in vol points (variance swap). A line is identified by the ticket's date
and line number: recording the same file again changes nothing, and a corrected line
replaces the earlier record. Condor lines are recorded but are not part of the hedge book.
Any bad line stops the command (exit 2) with file:line: field, and the store is unchanged.`,
    )
    .action((file: string, flags: HomeFlags) => fill(file, flags, systemClock));
  addHomeOption(
    book
      .command('set')
      .description('Sets one position of the live book of --date by hand (the final word on that position for that date; undo it with alvh book undo).')
      .option('--date <YYYY-MM-DD>', 'the date of the book to change (required): a trading day, not after the last day of the data')
      .option('--layer <L>', 'a layer of the live policy (L1, L2, L3 for ALVH)')
      .option('--symbol <SYM>', `the position as the ticket prints it: "VIX 2026-11-18 29 C", "${MODELLED_ETP_SYMBOL}", "SPX VARSWAP 2026-09-21"`)
      .option('--qty <n>', 'signed quantity: contracts, shares or swap units (0 removes the position)')
      .option('--price <p>', 'entry price (a new variance swap: its strike in vol points)')
      .option('--json', 'print only JSON'),
  )
    .addHelpText('after', '\nExamples:\n  alvh book set --home ~/.alvh --date 2026-08-21 --layer L1 --symbol "VIX 2026-11-18 29 C" --qty 10 --price 1.85\n  alvh book set --home ~/.alvh --date 2026-08-21 --layer L2 --symbol "VIX 2026-09-16 21 C" --qty 0\n')
    .action((flags: HomeFlags & { date?: string; layer?: string; symbol?: string; qty?: string; price?: string }) => set(flags, systemClock));
  addHomeOption(
    book
      .command('undo')
      .description('Reverses the last position set by hand (alvh book set): the position goes back to what it was, with an audit line (book.undo). Refused once a later signal was published from that book.')
      .option('--json', 'print only JSON'),
  )
    .addHelpText('after', '\nExample:\n  alvh book undo --home ~/.alvh\n')
    .action((flags: HomeFlags) => undo(flags, systemClock));
}
