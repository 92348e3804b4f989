/** The event calendar (events.csv): CPI/PPI releases, FOMC decisions and the expirations. */
import { FIRST_DAY, type Row } from './corrections.js';
import { cal, cell, dateAt, check, type BuildContext, type BuildLog, type RawRow } from './context.js';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

// Dates of federal funds target changes 1990-1999 (Federal Reserve, "Open Market Operations:
// intended federal funds rate" history). Only used to select which unscheduled FOMC calls
// of fomc_activity were policy moves; a date must be in both to become an event.
const FED_FUNDS_TARGET_CHANGES_1990_1999 = new Set([
  '1990-07-13', '1990-10-29', '1990-11-13', '1990-12-07', '1990-12-18',
  '1991-01-09', '1991-02-01', '1991-03-08', '1991-04-30', '1991-08-06', '1991-09-13', '1991-10-31', '1991-11-06', '1991-12-06', '1991-12-20',
  '1992-04-09', '1992-07-02', '1992-09-04',
  '1994-02-04', '1994-03-22', '1994-04-18', '1994-05-17', '1994-08-16', '1994-11-15',
  '1995-02-01', '1995-07-06', '1995-12-19', '1996-01-31', '1997-03-25',
  '1998-09-29', '1998-10-15', '1998-11-17', '1999-06-30', '1999-08-24', '1999-11-16',
]);

/** Hillenbrand's FOMC dates known to be wrong, and the right ones. */
export const HILLENBRAND_FIXES: Readonly<Record<string, string>> = { '2015-06-18': '2015-06-17', '2015-07-28': '2015-07-29', '2015-09-29': '2015-09-17', '2015-10-27': '2015-10-28', '2024-10-30': '2024-11-07', '2024-12-11': '2024-12-18' };

/** An output event row: [date, kind, detail]. */
export type EventRow = [string, string, string];

/**
 * The true release date of a macro_events CPI/PPI row: the January rows 2000-2007 whose
 * reference period reads "December <same year>" are a year early (the release of December's
 * figures comes in the next January). Returns the date unchanged otherwise.
 */
export function cpiReleaseDate(d: string, refPeriod: string): string {
  if (d.slice(5, 7) === '01' && d < '2008-01-01' && refPeriod === `December ${d.slice(0, 4)}`) return `${Number(d.slice(0, 4)) + 1}${d.slice(4)}`;
  return d;
}

const KIND_ORDER = ['fomc', 'cpi', 'ppi', 'vix_expiry', 'spx_monthly_expiry'];
/** By date, then kind (FOMC, CPI, PPI, VIX expiry, SPX expiry), then detail. */
export function compareEvents(x: EventRow, y: EventRow): number {
  return x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : KIND_ORDER.indexOf(x[1]) - KIND_ORDER.indexOf(y[1]) || (x[2] < y[2] ? -1 : 1);
}

/** Weekend events (sorted input) moved in place to the next trading day, the detail keeping the announcement date; returns what moved. */
export function moveWeekendEvents(events: EventRow[]): string[] {
  const moved: string[] = [];
  for (const e of events) {
    if (cal.isTradingDay(e[0]) || ![0, 6].includes(new Date(e[0] + 'T00:00:00Z').getUTCDay())) continue;
    const nd = cal.nextTradingDay(e[0]);
    moved.push(`${e[0]} ${e[1]} -> ${nd}`);
    e[2] = `${e[2]} (announced ${e[0]})`;
    e[0] = nd;
  }
  return moved;
}

/** Same-day events of one kind (sorted input) merged into one row, details joined by "; ". */
export function mergeSameDay(events: readonly EventRow[]): { rows: EventRow[]; merged: string[] } {
  const rows: EventRow[] = [];
  const merged: string[] = [];
  for (const e of events) {
    const p = rows.at(-1);
    if (p && p[0] === e[0] && p[1] === e[1]) {
      merged.push(`${e[0]} ${e[1]}: "${p[2]}" / "${e[2]}"`);
      p[2] = `${p[2]}; ${e[2]}`;
      continue;
    }
    rows.push(e);
  }
  return { rows, merged };
}

/** Details as plain text (in place): commas become ";" and double quotes "'", so the file needs no CSV quoting. */
export function plainDetails(events: EventRow[]): string[] {
  const rewritten: string[] = [];
  for (const e of events) {
    if (!/[",]/.test(e[2])) continue;
    const t = e[2].replace(/"/g, "'").replace(/,/g, ';');
    rewritten.push(`${e[0]} ${e[1]}: "${e[2]}" -> "${t}"`);
    e[2] = t;
  }
  return rewritten;
}

/** CPI/PPI events from macro_events, with the year-shift fix, and the CPI cross-check against BLS. */
function cpiPpi(ctx: BuildContext, macro: readonly RawRow[]): EventRow[] {
  const events: EventRow[] = [];
  const shifted: string[] = [];
  const weekend: string[] = [];
  for (const r of macro) {
    const raw = dateAt(r, 'date');
    const event = String(cell(r, 'event'));
    if (event !== 'cpi' && event !== 'ppi') continue;
    const ref = String(cell(r, 'ref_period') ?? '');
    const d = cpiReleaseDate(raw, ref);
    if (d !== raw) shifted.push(`${raw} ${event} "${ref}" -> ${d}`);
    if (!cal.isTradingDay(d)) weekend.push(`${d} ${event}`);
    events.push([d, event, `${event === 'cpi' ? 'CPI' : 'PPI'} release (${ref})`]);
  }
  check(shifted.length === 16, 'macro_events_2000_2027.csv', `expected 16 year-shifted CPI/PPI rows, found ${shifted.length}`);
  ctx.log.correct('Events', 'January CPI/PPI rows 2000-2007 for "December <same year>" moved one year later (true release date)', shifted);
  ctx.log.crossCheck('Events', 'CPI/PPI release dates on a non-trading day (kept: releases happen on federal workdays)', weekend);
  const cpiMacro = new Set(events.filter((e) => e[1] === 'cpi').map((e) => e[0]));
  const cpiList = ctx.read('cpi_release_dates_2015_2026.csv', ['release_date']).map((r) => dateAt(r, 'release_date'));
  const first = cpiList[0] ?? '';
  const last = cpiList.at(-1) ?? '';
  ctx.log.crossCheck('Events', `CPI: cpi_release_dates dates (${cpiList.length}) missing from macro_events`, cpiList.filter((d) => !cpiMacro.has(d)));
  ctx.log.crossCheck('Events', 'CPI: macro_events dates in 2015-01..2026-07 absent from cpi_release_dates', [...cpiMacro].filter((d) => d >= first && d <= last && !cpiList.includes(d)).sort());
  return events;
}

/** FOMC events: Hillenbrand (fixed) before 2000 with the unscheduled target changes, macro_events from 2000; cross-checks between the three sources. */
function fomcEvents(ctx: BuildContext, macro: readonly RawRow[]): EventRow[] {
  const log = ctx.log;
  const hillRaw = ctx.read('fomc_announcement_dates_1989_2024_hillenbrand.csv', [], { columns: ['date'] }).map((r) => dateAt(r, 'date'));
  const hillFixed: string[] = [];
  const hill = hillRaw.map((d) => {
    const fixed = HILLENBRAND_FIXES[d];
    if (fixed === undefined) return d;
    hillFixed.push(`${d} -> ${fixed}`);
    return fixed;
  });
  log.correct('Events', 'Hillenbrand FOMC dates known to be wrong, corrected (used before 2000 and for the cross-check)', hillFixed);
  const act = ctx.read('fomc_activity_dates_1975_2023.csv', ['date', 'fed_meeting_date_indicator', 'fed_non_scheduled_meeting_indicator']);
  const meetings = (unscheduled: string): string[] => act.filter((r) => cell(r, 'fed_meeting_date_indicator') === '1' && cell(r, 'fed_non_scheduled_meeting_indicator') === unscheduled).map((r) => dateAt(r, 'date'));
  const actSched = meetings('0');
  const actUnsched = meetings('1');
  const fomc = new Map<string, string>();
  for (const d of hill) if (d >= FIRST_DAY && d < '2000-01-01') fomc.set(d, d < '1994-01-01' ? 'FOMC scheduled meeting: decision learned by markets (day after the meeting; no statement before 1994)' : 'FOMC scheduled meeting (announcement day)');
  // Unscheduled meetings/calls 1990-1999 count as events only when the federal funds target
  // changed that day (the market saw a move); calls without a move were not public.
  const calls: string[] = [];
  for (const d of actUnsched) {
    if (d < FIRST_DAY || d >= '2000-01-01' || fomc.has(d)) continue;
    if (FED_FUNDS_TARGET_CHANGES_1990_1999.has(d)) fomc.set(d, 'FOMC unscheduled move (intermeeting target change)');
    else calls.push(d);
  }
  log.correct('Events', 'fomc_activity unscheduled calls 1990-1999 without a target change that day, not used as events', calls);
  for (const r of macro) {
    const event = cell(r, 'event');
    if (event !== 'fomc_decision' && event !== 'fomc_intermeeting') continue;
    const d = dateAt(r, 'date');
    if (d < '2000-01-01') continue;
    fomc.set(d, event === 'fomc_decision' ? 'FOMC decision' : `FOMC intermeeting: ${cell(r, 'detail')}`);
  }
  fomcCrossChecks(log, macro, hill, hillRaw, actSched);
  log.crossCheck('Events', 'FOMC dates on a non-trading day (kept, e.g. the Sunday 2020-03-15 emergency cut)', [...fomc.keys()].filter((d) => !cal.isTradingDay(d)).sort());
  return [...fomc].map(([d, detail]): EventRow => [d, 'fomc', detail]);
}

function fomcCrossChecks(log: BuildLog, macro: readonly RawRow[], hill: string[], hillRaw: string[], actSched: string[]): void {
  const mSched = new Set(macro.filter((r) => cell(r, 'event') === 'fomc_decision').map((r) => dateAt(r, 'date')));
  const hillSet = new Set(hill);
  const inHill = (d: string): boolean => d >= '2000-01-01' && d <= '2024-12-31';
  log.crossCheck('Events', 'FOMC 2000-2024: macro_events decisions not in Hillenbrand (after its fixes)', [...mSched].filter((d) => inHill(d) && !hillSet.has(d)).sort());
  log.crossCheck('Events', 'FOMC 2000-2024: Hillenbrand dates (after its fixes) not in macro_events decisions', hill.filter((d) => inHill(d) && !mSched.has(d)));
  const hillRawSet = new Set(hillRaw);
  log.crossCheck('Events', 'FOMC 2000-2024: macro_events decisions not in the raw Hillenbrand file (what the fixes repair)', [...mSched].filter((d) => inHill(d) && !hillRawSet.has(d)).sort());
  const actSet = new Set(actSched);
  const actLast = actSched.filter((d) => d <= '2023-12-31').sort().at(-1) ?? '';
  log.crossCheck('Events', `FOMC 2000-${actLast.slice(0, 7)}: macro_events decisions not among fomc_activity scheduled meetings`, [...mSched].filter((d) => d >= '2000-01-01' && d <= actLast && !actSet.has(d)).sort());
  log.crossCheck('Events', `FOMC 2000-${actLast.slice(0, 7)}: fomc_activity scheduled meetings not among macro_events decisions (mostly 1 day late, see PROVENANCE)`, actSched.filter((d) => d >= '2000-01-01' && d <= actLast && !mSched.has(d)));
}

/** VIX and SPX monthly expirations 1990-2027 from the calendar, cross-checked against macro_events. */
function expirations(log: BuildLog, macro: readonly RawRow[]): EventRow[] {
  const events: EventRow[] = [];
  const datesOf = (kind: string): Set<string> => new Set(macro.filter((r) => cell(r, 'event') === kind).map((r) => dateAt(r, 'date')));
  const vixMacro = datesOf('vix_expiry');
  const opexMacro = datesOf('opex');
  const vixOurs = new Set<string>();
  const spxOurs = new Set<string>();
  for (let y = 1990; y <= 2027; y++) {
    for (let m = 1; m <= 12; m++) {
      const v = cal.vixExpiration(y, m);
      vixOurs.add(v);
      events.push([v, 'vix_expiry', `VIX futures/options ${MONTHS[m - 1]} ${y} expiration (SOQ at the open)${v < '2004-03-26' ? ' - rule date before VIX futures were listed' : ''}`]);
      const s = cal.spxMonthlyExpiration(y, m);
      spxOurs.add(s);
      events.push([s, 'spx_monthly_expiry', `SPX ${MONTHS[m - 1]} ${y} monthly options expiration`]);
    }
  }
  const mRange = (d: string): boolean => d >= '2000-01-01' && d <= '2027-12-31';
  log.crossCheck('Events', 'vix_expiry: macro_events dates not equal to the calendar rule (calendar kept)', [...vixMacro].filter((d) => mRange(d) && !vixOurs.has(d)).sort());
  log.crossCheck('Events', 'vix_expiry: calendar dates 2000-2027 missing from macro_events', [...vixOurs].filter((d) => mRange(d) && !vixMacro.has(d)).sort());
  log.crossCheck('Events', 'opex: macro_events dates not equal to the calendar rule (calendar kept)', [...opexMacro].filter((d) => mRange(d) && !spxOurs.has(d)).sort());
  log.crossCheck('Events', 'opex: calendar dates 2000-2027 missing from macro_events', [...spxOurs].filter((d) => mRange(d) && !opexMacro.has(d)).sort());
  return events;
}

export function buildEvents(ctx: BuildContext): Row[] {
  const macro = ctx.read('macro_events_2000_2027.csv', ['date', 'event', 'detail', 'ref_period']);
  const events = [...cpiPpi(ctx, macro), ...fomcEvents(ctx, macro), ...expirations(ctx.log, macro)];
  const out = events.sort(compareEvents).filter((e) => e[0] >= '1990-01-01' && e[0] <= '2027-12-31');
  // The only weekend event in the sources is the Sunday 2020-03-15 emergency cut: markets learned it
  // before the Monday open, so it is dated the next trading day (2020-03-16).
  ctx.log.correct('Events', 'weekend events moved to the next trading day (detail keeps the announcement date)', moveWeekendEvents(out));
  out.sort(compareEvents);
  const { rows, merged } = mergeSameDay(out);
  ctx.log.correct('Events', 'same-day events of the same kind merged into one row', merged);
  ctx.log.correct('Events', "commas and double quotes in event details replaced by ; and ' (no CSV quoting needed)", plainDetails(rows));
  ctx.log.table('events.csv', ['date', 'kind', 'detail'], rows);
  return rows;
}
