/**
 * The cash ledger: integer cents, every cash flow tagged by kind and by account (the condor,
 * a hedge layer, or cash). Allocation-light for the backtest's hot loop: per-day flows are
 * aggregated into Float64Arrays (one per tag, cash flows and costs apart), and the entry
 * list is kept only when asked for (compact typed arrays, materialised on demand).
 *
 * Conventions
 * - Cash flows are signed from the account's point of view: + received, − paid.
 * - A premium of `qty` contracts (signed: + bought, − sold) at `price` (points) is
 *   −qty × price × multiplier dollars, rounded to the cent once per fill.
 * - Settlement (SPX PM at the expiry-day close, VIX at the expiry-day open SOQ proxy) is
 *   qty × settlement value per unit × multiplier; the settlement value is an input.
 * - Interest: the whole cash balance (margin included: a broker pays interest on it, or the
 *   account holds T-bills) accrues the continuously compounded T-bill rate over the
 *   calendar-day gap since the previous trading day (ACT/365): cash × (exp(r·days/365) − 1),
 *   rounded to the cent each day. A negative balance (an account that lost more than its
 *   cash) is charged nothing: the backtest stops such a program instead of financing it.
 */
import { InputError, invariant } from '../core/errors.js';
import type { UsdCents } from '../core/units.js';
import type { IsoDate } from '../core/time.js';
import { settlementValuePerUnit, type Instrument } from './instruments.js';
import type { FeeParams } from './costs.js';
import { feesCents } from './costs.js';

export const LEDGER_TAGS = ['condor', 'L1', 'L2', 'L3', 'cash'] as const;
export type LedgerTag = (typeof LEDGER_TAGS)[number];
export const ENTRY_KINDS = ['premium', 'fee', 'commission', 'settlement', 'interest'] as const;
export type EntryKind = (typeof ENTRY_KINDS)[number];

export interface LedgerEntry {
  readonly date: IsoDate;
  readonly kind: EntryKind;
  readonly tag: LedgerTag;
  readonly cents: UsdCents;
}

const TAG_INDEX: Readonly<Record<LedgerTag, number>> = { condor: 0, L1: 1, L2: 2, L3: 3, cash: 4 };
const KIND_INDEX: Readonly<Record<EntryKind, number>> = { premium: 0, fee: 1, commission: 2, settlement: 3, interest: 4 };

export interface LedgerOptions {
  /** Keep every entry (for audits, tests and the trade hash); off in sweeps. Default true. */
  keepEntries?: boolean;
}

/** Premium cash flow in cents of a fill: −qty × price × multiplier (qty signed). */
export function premiumCents(qty: number, price: number, multiplier: number): number {
  if (!Number.isFinite(price) || price < 0) throw new InputError('price', `must be a finite price >= 0, got ${String(price)}`);
  return Math.round(-qty * price * multiplier * 100) + 0;
}

export class Ledger {
  readonly dates: readonly IsoDate[];
  readonly openingCents: number;
  private cash: number;
  /** Per-day premium + settlement + interest flows, cents, by tag. */
  readonly flowCents: Readonly<Record<LedgerTag, Float64Array>>;
  /** Per-day commissions + exchange fees (<= 0), cents, by tag. */
  readonly costCents: Readonly<Record<LedgerTag, Float64Array>>;
  private readonly keep: boolean;
  private n = 0;
  private eDay = new Int32Array(0);
  private eKind = new Uint8Array(0);
  private eTag = new Uint8Array(0);
  private eCents = new Float64Array(0);

  constructor(dates: readonly IsoDate[], openingCents: number, options: LedgerOptions = {}) {
    if (!Number.isSafeInteger(openingCents)) throw new InputError('openingCents', `must be whole cents, got ${String(openingCents)}`);
    this.dates = dates;
    this.openingCents = openingCents;
    this.cash = openingCents;
    const len = dates.length;
    this.flowCents = { condor: new Float64Array(len), L1: new Float64Array(len), L2: new Float64Array(len), L3: new Float64Array(len), cash: new Float64Array(len) };
    this.costCents = { condor: new Float64Array(len), L1: new Float64Array(len), L2: new Float64Array(len), L3: new Float64Array(len), cash: new Float64Array(len) };
    this.keep = options.keepEntries ?? true;
    if (this.keep) this.grow(256);
  }

  get cashCents(): UsdCents {
    return this.cash as UsdCents;
  }

  /** Number of entries recorded (0 when entries are not kept). */
  get entryCount(): number {
    return this.n;
  }

  /** Posts one cash flow. `cents` must be a whole number (positive = received). */
  post(day: number, kind: EntryKind, tag: LedgerTag, cents: number): void {
    if (!Number.isSafeInteger(cents)) throw new InputError('cents', `must be whole cents, got ${String(cents)}`);
    if (!(day >= 0 && day < this.dates.length) || !Number.isInteger(day)) throw new InputError('day', `out of range: ${String(day)}`);
    if (cents === 0) return;
    this.cash += cents;
    if (kind === 'fee' || kind === 'commission') this.costCents[tag][day] = (this.costCents[tag][day] ?? 0) + cents;
    else this.flowCents[tag][day] = (this.flowCents[tag][day] ?? 0) + cents;
    if (this.keep) {
      if (this.n === this.eDay.length) this.grow(this.n * 2);
      this.eDay[this.n] = day;
      this.eKind[this.n] = KIND_INDEX[kind];
      this.eTag[this.n] = TAG_INDEX[tag];
      this.eCents[this.n] = cents;
      this.n++;
    }
  }

  /** Records a fill's premium and its costs; returns the total cash flow in cents. */
  fill(day: number, tag: LedgerTag, qty: number, price: number, multiplier: number, fees: FeeParams): number {
    const p = premiumCents(qty, price, multiplier);
    const f = feesCents(fees, qty);
    this.post(day, 'premium', tag, p);
    this.post(day, 'commission', tag, -f.commissionCents);
    this.post(day, 'fee', tag, -f.exchangeFeeCents);
    return p - f.commissionCents - f.exchangeFeeCents;
  }

  /** Cash settlement of an expiring position at `settle` (SPX close or the VIX SOQ proxy). */
  settle(day: number, tag: LedgerTag, instrument: Instrument, qty: number, settle: number): number {
    const cents = Math.round(qty * settlementValuePerUnit(instrument, settle) * instrument.multiplier * 100) + 0;
    this.post(day, 'settlement', tag, cents);
    return cents;
  }

  /**
   * Accrues interest on the cash balance for `calendarDays` at the continuously compounded
   * `rateFrac` (ACT/365); nothing on a balance of 0 or below. Call once per trading day with the gap since the previous one.
   */
  accrueInterest(day: number, rateFrac: number, calendarDays: number): number {
    if (!Number.isFinite(rateFrac)) throw new InputError('rateFrac', `must be finite, got ${String(rateFrac)}`);
    if (!(calendarDays >= 0)) throw new InputError('calendarDays', `must be >= 0, got ${String(calendarDays)}`);
    const cents = this.cash <= 0 ? 0 : Math.round(this.cash * Math.expm1((rateFrac * calendarDays) / 365)) + 0;
    this.post(day, 'interest', 'cash', cents);
    return cents;
  }

  /** Net cash flow of a day over all tags and kinds, cents. */
  dayTotalCents(day: number): number {
    let s = 0;
    for (const t of LEDGER_TAGS) s += (this.flowCents[t][day] ?? 0) + (this.costCents[t][day] ?? 0);
    return s;
  }

  entries(): LedgerEntry[] {
    const out: LedgerEntry[] = [];
    for (let i = 0; i < this.n; i++) {
      const date = this.dates[this.eDay[i] ?? 0];
      const kind = ENTRY_KINDS[this.eKind[i] ?? 0];
      const tag = LEDGER_TAGS[this.eTag[i] ?? 0];
      invariant(date !== undefined && kind !== undefined && tag !== undefined, 'ledger entry out of range');
      out.push({ date, kind, tag, cents: (this.eCents[i] ?? 0) as UsdCents });
    }
    return out;
  }

  /**
   * Reconciliation: the per-day arrays and (when kept) the entry list each sum to the cash
   * change, to the cent. Throws InvariantError otherwise.
   */
  reconcile(): void {
    const change = this.cash - this.openingCents;
    let byDay = 0;
    for (let d = 0; d < this.dates.length; d++) byDay += this.dayTotalCents(d);
    invariant(byDay === change, `ledger: per-day flows sum to ${byDay} cents, cash changed by ${change}`);
    if (this.keep) {
      let s = 0;
      for (let i = 0; i < this.n; i++) s += this.eCents[i] ?? 0;
      invariant(s === change, `ledger: entries sum to ${s} cents, cash changed by ${change}`);
    }
  }

  private grow(size: number): void {
    const d = new Int32Array(size);
    d.set(this.eDay);
    const k = new Uint8Array(size);
    k.set(this.eKind);
    const t = new Uint8Array(size);
    t.set(this.eTag);
    const c = new Float64Array(size);
    c.set(this.eCents);
    this.eDay = d;
    this.eKind = k;
    this.eTag = t;
    this.eCents = c;
  }
}
