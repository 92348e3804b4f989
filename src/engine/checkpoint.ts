/**
 * Engine checkpoints: the books' state after a day's close, so that tomorrow's signal
 * replays one day instead of every day since 1990 (the book is path-dependent: regime
 * hysteresis, RSI triggers, the rebalance band and the roll dates all carry over).
 *
 * A checkpoint is only valid for the exact inputs that produced it, so it travels with
 * two keys: `settingsKey` (policy, condor, notional, costs, calibration, user series and
 * the engine's format) and `dataFingerprint` (every market-data value up to its day).
 * `simulate` resumed from a checkpoint gives bit-for-bit the run that never stopped
 * (tested in checkpoint.test.ts).
 */
import { canonicalJson } from '../core/canonical.js';
import { InputError } from '../core/errors.js';
import { sha256Hex } from '../core/sha256.js';
import { epochDay, type IsoDate } from '../core/time.js';
import { DAILY_FRAME_COLUMNS, type MarketData } from '../market/types.js';
import { indexOfDate } from '../market/series.js';
import type { HedgeState, LayerName } from '../hedge/index.js';
import type { LedgerTag } from '../portfolio/ledger.js';
import type { AltHolding, LayerHolding, OpenCondor } from './types.js';

/** Bumped whenever the engine's state or its day-by-day results change shape or meaning. */
export const CHECKPOINT_FORMAT = 2;

export interface BookCheckpoint {
  readonly name: string;
  readonly cashCents: number;
  /** Equity at the checkpoint's close, dollars. */
  readonly equityUsd: number;
  readonly hedgeState: HedgeState;
  readonly condors: OpenCondor[];
  readonly holdings: Record<LayerName, LayerHolding | null>;
  readonly alt: Record<LayerName, AltHolding | null>;
  readonly marks: Record<LedgerTag, number>;
  readonly lastSelection: Record<LayerName, LayerHolding | null>;
  /** The day the book was ruined (equity 0 or below), or null. */
  readonly ruinedOn: IsoDate | null;
  /** The spend cap's trailing window (days the next days' headroom still sees). */
  readonly spendWindow: { readonly dates: readonly IsoDate[]; readonly hedgeSpendUsd: readonly number[]; readonly condorCreditUsd: readonly number[] };
}

export interface EngineCheckpoint {
  readonly format: number;
  /** The first day of the run the state comes from (a resumed run reports that run's period). */
  readonly firstDate: IsoDate;
  /** The close the state is taken at. */
  readonly date: IsoDate;
  /** The modelled VIX-futures ETP level (shared by the books). */
  readonly etpLevel: number;
  readonly books: readonly BookCheckpoint[];
}

/** A checkpoint with the keys it is valid for (what the store and the shipped file hold). */
export interface KeyedCheckpoint {
  readonly settingsKey: string;
  readonly dataFingerprint: string;
  readonly checkpoint: EngineCheckpoint;
}

const NON_FINITE = '$nonFinite';

/** JSON with NaN and ±Infinity kept (plain JSON would turn them into null). */
export function encodeCheckpoint(k: KeyedCheckpoint): string {
  return JSON.stringify(k, (_key, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? { [NON_FINITE]: String(v) } : v));
}

/** The inverse of `encodeCheckpoint`; `where` names the source in errors. */
export function decodeCheckpoint(text: string, where: string): KeyedCheckpoint {
  let v: unknown;
  try {
    v = JSON.parse(text, (_key, x: unknown) => {
      if (x !== null && typeof x === 'object' && NON_FINITE in x) return Number((x as Record<string, string>)[NON_FINITE]);
      return x;
    });
  } catch (e) {
    throw new InputError(where, `not a checkpoint: ${(e as Error).message}`);
  }
  const k = v as Partial<KeyedCheckpoint> | null;
  const cp = k?.checkpoint;
  if (typeof k?.settingsKey !== 'string' || typeof k.dataFingerprint !== 'string' || cp === undefined || typeof cp.date !== 'string' || !Array.isArray(cp.books)) {
    throw new InputError(where, 'not a checkpoint: settingsKey, dataFingerprint and checkpoint {date, books} are required');
  }
  if (cp.format !== CHECKPOINT_FORMAT) throw new InputError(where, `checkpoint format ${String(cp.format)}, this version reads ${CHECKPOINT_FORMAT}`);
  return k as KeyedCheckpoint;
}

/** A value as canonical JSON can carry it: non-finite numbers as strings, typed arrays as arrays. */
function jsonSafe(v: unknown): unknown {
  if (typeof v === 'number') return Number.isFinite(v) ? v : String(v);
  if (ArrayBuffer.isView(v)) return Array.from(v as Float64Array, jsonSafe);
  if (Array.isArray(v)) return v.map(jsonSafe);
  if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([key, x]) => [key, jsonSafe(x)]));
  return v;
}

/**
 * The key of everything besides the market data that a run's state depends on (pass the
 * policies, condor config, notional, costs, calibration, user series and the first day).
 * `engineVersion` should change with every release (stored checkpoints of an older engine
 * are then ignored, not trusted).
 */
export function settingsKey(settings: unknown, engineVersion: string): string {
  return sha256Hex(canonicalJson(jsonSafe({ format: CHECKPOINT_FORMAT, engineVersion, settings }), 'settings'));
}

/**
 * A 64-bit fingerprint (hex) of the market data up to row `lastIndex`: every daily column,
 * the VIX futures settlements dated up to that day and the event calendar (scheduled
 * events ahead of the day feed the signal). Not cryptographic: it detects revised or
 * different data, not an adversary.
 */
export function dataFingerprint(data: MarketData, lastIndex: number, userSeries: Readonly<Record<string, Float64Array>> = {}): string {
  const d = data.daily;
  const day = d.dates[lastIndex];
  if (day === undefined) throw new InputError('lastIndex', `must index a trading day (0..${d.n - 1}), got ${lastIndex}`);
  const h = new Hash64();
  h.dates(d.dates, lastIndex + 1);
  for (const c of DAILY_FRAME_COLUMNS) h.floats(d[c], lastIndex + 1);
  let vxRows = 0;
  while (vxRows < data.vx.date.length && (data.vx.date[vxRows] as string) <= day) vxRows++;
  h.dates(data.vx.date, vxRows);
  h.dates(data.vx.expiry, vxRows);
  h.floats(data.vx.settle, vxRows);
  h.text(data.events.map((e) => `${e.date} ${e.kind} ${e.detail}`).join('\n'));
  for (const name of Object.keys(userSeries).sort()) {
    h.text(name);
    h.floats(userSeries[name] as Float64Array, lastIndex + 1);
  }
  return h.hex();
}

/** Two independent 32-bit multiply-xorshift lanes over the input's 32-bit words. */
class Hash64 {
  private a = 0x9e3779b9;
  private b = 0x85ebca6b;
  private readonly scratch = new Float64Array(1);
  private readonly words = new Uint32Array(this.scratch.buffer);

  private word(w: number): void {
    this.a = Math.imul(this.a ^ w, 0x2c1b3c6d);
    this.a ^= this.a >>> 15;
    this.b = Math.imul(this.b ^ w, 0x297a2d39);
    this.b ^= this.b >>> 13;
  }

  floats(xs: Float64Array, n: number): void {
    const words = new Uint32Array(xs.buffer, xs.byteOffset, n * 2);
    for (let i = 0; i < words.length; i++) this.word(words[i] as number);
    this.scratch[0] = n;
    this.word(this.words[0] as number);
    this.word(this.words[1] as number);
  }

  /** ISO dates, one word each (their day number). */
  dates(xs: readonly string[], n: number): void {
    for (let i = 0; i < n; i++) this.word(epochDay(xs[i] as string));
    this.word(n);
  }

  text(s: string): void {
    for (let i = 0; i < s.length; i++) this.word(s.charCodeAt(i));
    this.word(s.length);
  }

  hex(): string {
    const a = Math.imul(this.a ^ (this.b >>> 16), 0x85ebca6b) >>> 0;
    const b = Math.imul(this.b ^ (this.a >>> 16), 0xc2b2ae35) >>> 0;
    return a.toString(16).padStart(8, '0') + b.toString(16).padStart(8, '0');
  }
}

/** A stored checkpoint before it is trusted: its keys, and its state encoded or decoded. */
export interface CheckpointCandidate {
  readonly settingsKey: string;
  readonly date: IsoDate;
  readonly dataFingerprint: string;
  /** encodeCheckpoint's text (decoded only if chosen), or the checkpoint itself. */
  readonly state: string | EngineCheckpoint;
  /** Where it comes from, for error messages. */
  readonly source: string;
}

/** How many candidates' data fingerprints are computed at most (each costs a pass over the data). */
const MAX_FINGERPRINTS = 3;

/**
 * The latest checkpoint to resume the run of `settingsKey` from for the signal of `day`:
 * dated before `day`, on a trading day of `data`, with the data up to its day unchanged
 * since it was taken. Null when none fits (the run then starts from the first day).
 */
export function pickResumePoint(
  data: MarketData,
  day: IsoDate,
  key: string,
  candidates: readonly CheckpointCandidate[],
  userSeries: Readonly<Record<string, Float64Array>> = {},
): EngineCheckpoint | null {
  const fitting = candidates.filter((c) => c.settingsKey === key && c.date < day).sort((a, b) => (a.date < b.date ? 1 : a.date > b.date ? -1 : 0));
  let tried = 0;
  for (const c of fitting) {
    const i = indexOfDate(data.daily, c.date);
    if (i < 0) continue;
    if (++tried > MAX_FINGERPRINTS) break;
    if (dataFingerprint(data, i, userSeries) !== c.dataFingerprint) continue;
    let cp: EngineCheckpoint;
    try {
      cp = typeof c.state === 'string' ? decodeCheckpoint(c.state, c.source).checkpoint : c.state;
    } catch {
      continue; // an unreadable cache entry costs a longer replay, nothing else
    }
    if (cp.date === c.date) return cp;
  }
  return null;
}
