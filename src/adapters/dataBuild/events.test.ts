import { describe, expect, it } from 'vitest';
import { buildEvents, compareEvents, cpiReleaseDate, mergeSameDay, moveWeekendEvents, plainDetails, type EventRow } from './events.js';
import { csv, rawContext } from './testing/raw.js';

/** The 16 January CPI/PPI rows 2000-2007 that macro_events dates a year early. */
const YEAR_EARLY = [2000, 2001, 2002, 2003, 2004, 2005, 2006, 2007].flatMap((y) => [`${y}-01-12,ppi,PPI,December ${y},08:30,bls`, `${y}-01-18,cpi,CPI,December ${y},08:30,bls`]);

function rawEvents(extraMacro: string[] = []) {
  return rawContext({
    'macro_events_2000_2027.csv': csv('date,event,detail,ref_period,time_et,source', ...YEAR_EARLY, '2015-01-16,cpi,CPI,December 2014,08:30,bls', '2001-09-17,fomc_intermeeting,"50bp cut, post-9/11 market reopen",,,fed', '2020-03-15,fomc_intermeeting,100bp emergency cut,,,fed', ...extraMacro),
    'cpi_release_dates_2015_2026.csv': csv('release_date,reference_month,source_url', '2015-01-16,December 2014,x'),
    'fomc_announcement_dates_1989_2024_hillenbrand.csv': csv('1990-02-08', '1994-02-04', '2015-06-18'),
    'fomc_activity_dates_1975_2023.csv': csv('date,fed_meeting_date_indicator,fed_non_scheduled_meeting_indicator', '1990-04-11,1,1', '1990-07-13,1,1', '1990-02-07,1,0'),
  });
}

describe('event calendar (events.csv)', () => {
  it('cpiReleaseDate moves the January 2000-2007 rows for "December <same year>" one year later, and nothing else', () => {
    // CORRECTIONS.md Events: "2000-01-17 cpi "December 2000" -> 2001-01-17" (16 rows).
    expect(cpiReleaseDate('2000-01-17', 'December 2000')).toBe('2001-01-17');
    expect(cpiReleaseDate('2000-01-17', 'December 1999')).toBe('2000-01-17');
    expect(cpiReleaseDate('2008-01-16', 'December 2008'), 'from 2008 the file is right').toBe('2008-01-16');
    expect(cpiReleaseDate('2003-02-15', 'December 2003')).toBe('2003-02-15');
  });

  it('moveWeekendEvents dates the Sunday 2020-03-15 emergency cut on Monday 2020-03-16, keeping the announcement date', () => {
    const ev: EventRow[] = [['2020-03-13', 'fomc', 'x'], ['2020-03-15', 'fomc', 'FOMC intermeeting: cut']];
    expect(moveWeekendEvents(ev)).toEqual(['2020-03-15 fomc -> 2020-03-16']);
    expect(ev[1]).toEqual(['2020-03-16', 'fomc', 'FOMC intermeeting: cut (announced 2020-03-15)']);
    expect(ev[0], 'a weekday event is left alone').toEqual(['2020-03-13', 'fomc', 'x']);
  });

  it('mergeSameDay joins same-day events of one kind; plainDetails removes commas and quotes', () => {
    const r = mergeSameDay([['2020-03-16', 'fomc', 'a'], ['2020-03-16', 'fomc', 'b'], ['2020-03-16', 'cpi', 'c']]);
    expect(r.rows).toEqual([['2020-03-16', 'fomc', 'a; b'], ['2020-03-16', 'cpi', 'c']]);
    expect(r.merged).toEqual(['2020-03-16 fomc: "a" / "b"']);
    // CORRECTIONS.md: "FOMC intermeeting: 50bp cut, post-9/11 market reopen" -> "...; post-9/11 market reopen".
    const ev: EventRow[] = [['2001-09-17', 'fomc', 'FOMC intermeeting: 50bp cut, post-9/11 "reopen"']];
    expect(plainDetails(ev)).toHaveLength(1);
    expect(ev[0]?.[2]).toBe("FOMC intermeeting: 50bp cut; post-9/11 'reopen'");
  });

  it('compareEvents orders by date, then FOMC, CPI, PPI, VIX expiry, SPX expiry', () => {
    const ev: EventRow[] = [['2020-01-17', 'spx_monthly_expiry', 's'], ['2020-01-17', 'cpi', 'c'], ['2020-01-16', 'ppi', 'p'], ['2020-01-17', 'fomc', 'f']];
    expect(ev.sort(compareEvents).map((e) => e[1])).toEqual(['ppi', 'fomc', 'cpi', 'spx_monthly_expiry']);
  });

  it('buildEvents: Hillenbrand fixed, unscheduled calls only with a target change, macro_events from 2000, expirations from the calendar', () => {
    const ctx = rawEvents();
    const rows = buildEvents(ctx);
    const fomc = rows.filter((r) => r[1] === 'fomc');
    expect(fomc).toEqual([
      ['1990-02-08', 'fomc', 'FOMC scheduled meeting: decision learned by markets (day after the meeting; no statement before 1994)'],
      ['1990-07-13', 'fomc', 'FOMC unscheduled move (intermeeting target change)'],
      ['1994-02-04', 'fomc', 'FOMC scheduled meeting (announcement day)'],
      ['2001-09-17', 'fomc', 'FOMC intermeeting: 50bp cut; post-9/11 market reopen'],
      ['2020-03-16', 'fomc', 'FOMC intermeeting: 100bp emergency cut (announced 2020-03-15)'],
    ]);
    expect(rows.filter((r) => r[1] === 'cpi').map((r) => r[0]).slice(0, 2)).toEqual(['2001-01-18', '2002-01-18']);
    expect(rows.filter((r) => r[1] === 'vix_expiry')).toHaveLength(38 * 12);
    expect(rows).toContainEqual(['2008-03-19', 'vix_expiry', 'VIX futures/options Mar 2008 expiration (SOQ at the open)']);
    expect(rows).toContainEqual(['1990-01-19', 'spx_monthly_expiry', 'SPX Jan 1990 monthly options expiration']);
    const corrected = new Map(ctx.log.corrections.map((c) => [c.what.slice(0, 30), c.examples]));
    expect(corrected.get('Hillenbrand FOMC dates known t')).toEqual(['2015-06-18 -> 2015-06-17']);
    expect(corrected.get('fomc_activity unscheduled call')).toEqual(['1990-04-11']);
  });

  it('buildEvents refuses a macro_events file without the 16 year-early rows, and a bad date naming file, line and column', () => {
    const ctx = rawEvents();
    expect(() => buildEvents(rawEvents(['2003-01-15,cpi,CPI,December 2003,08:30,bls']))).toThrow(/macro_events_2000_2027\.csv: expected 16 year-shifted CPI\/PPI rows, found 17/);
    expect(ctx.log.corrections).toEqual([]);
    expect(() => buildEvents(rawEvents(['2020-02-30,cpi,CPI,x,,']))).toThrow(/^macro_events_2000_2027\.csv:\d+: bad date "2020-02-30"$/);
  });
});
