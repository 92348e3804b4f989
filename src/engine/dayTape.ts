/**
 * The day tape: a run's shared market days (engine/marketDay.ts `sharedDay`: the day's
 * model, the condor quoted at its strikes, the settlement prints, the hedge inputs, and the
 * day's valuations of VIX legs, open condors and layer selections), kept for later runs in
 * the same process over the same data, configuration and first day.
 *
 * The equal-cost search, the promoter and research batches run the same condor schedule
 * many times over; each run quoted every condor again (about a third of a four-policy
 * full-history run). A shared day is a pure function of what the key names, so a run on a
 * kept tape gives the same results bit for bit (tested in dayTape.test.ts).
 *
 * Memory: a configuration's first run keeps nothing (holding 9,000 days it never reads
 * again would only make a single run, as the CLI's, slower); its second run builds the
 * tape; at most TAPES_PER_DATA tapes are kept per data set, and each day keeps a bounded
 * number of valuations, so a long sweep of variants does not grow it.
 */
import { invariant } from '../core/errors.js';
import type { MarketData } from '../market/types.js';
import type { DayCarry, RunInputs, SharedDay } from './marketDay.js';
import { sharedDay } from './marketDay.js';
import type { SimulationConfig } from './types.js';

/** Tapes kept per data set (the most recent first): a walk-forward's windows start on different days. */
const TAPES_PER_DATA = 2;

export interface DayTape {
  readonly key: string;
  /** The run's days from its first, computed so far. */
  readonly days: SharedDay[];
  /** The carry after the last day computed. */
  readonly carry: DayCarry;
}

const tapesByData = new WeakMap<MarketData, DayTape[]>();
const keysSeen = new WeakMap<MarketData, Set<string>>();
const objectIds = new WeakMap<object, number>();
let nextObjectId = 1;

/** A number naming one object for the life of the process (a tape is keyed by identity, not content). */
function idOf(o: object): number {
  let id = objectIds.get(o);
  if (id === undefined) {
    id = nextObjectId++;
    objectIds.set(o, id);
  }
  return id;
}

/**
 * What the shared days depend on besides the data: the condor rules (by content), the
 * calibration, costs, reality and day-model objects (by identity), the policies' need of
 * VXTH's roll inputs and of the alternative instruments, and the first day.
 */
function tapeKey(cfg: SimulationConfig, r: RunInputs, start: number): string {
  const reality = cfg.reality === undefined ? 0 : idOf(cfg.reality);
  return [JSON.stringify(cfg.condor), idOf(cfg.calib), idOf(cfg.costs), reality, idOf(r.modelOf), r.hasVxth ? 1 : 0, r.usesAlt ? 1 : 0, start].join('|');
}

/**
 * The tape for a run starting at data row `start`: a kept one when the key matches, else a
 * new one from the `initial` carry (kept when `keep`). A resumed run or one with user
 * series passes keep = false.
 */
export function dayTape(data: MarketData, cfg: SimulationConfig, r: RunInputs, start: number, initial: () => DayCarry, keep: boolean): DayTape {
  if (!keep) return { key: '', days: [], carry: initial() };
  const key = tapeKey(cfg, r, start);
  // A configuration's first run keeps nothing (a single run, as the CLI's, would only pay
  // for holding its days); the second builds the tape, and later runs read it.
  const seen = keysSeen.get(data) ?? new Set<string>();
  keysSeen.set(data, seen);
  if (!seen.has(key)) {
    seen.add(key);
    return { key: '', days: [], carry: initial() };
  }
  const kept = tapesByData.get(data) ?? [];
  const found = kept.find((x) => x.key === key);
  const tape = found ?? { key, days: [], carry: initial() };
  tapesByData.set(data, [tape, ...kept.filter((x) => x !== tape)].slice(0, TAPES_PER_DATA));
  return tape;
}

/** Day t of the run (data row start + t): from the tape, or computed, appended and returned. */
export function tapeDay(tape: DayTape, r: RunInputs, t: number, i: number, hasPrevDay: boolean): SharedDay {
  const kept = tape.days[t];
  if (kept !== undefined) return kept;
  const day = sharedDay(r, tape.carry, t, i, hasPrevDay);
  if (tape.key === '') return day; // not kept: nothing retained
  // A run walks its days in order, so day t is the next one the tape lacks.
  invariant(tape.days.length === t, `the day tape holds ${tape.days.length} days, day ${t} asked`);
  tape.days.push(day);
  return day;
}
