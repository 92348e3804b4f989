import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cutDailyTables, runDataBuild } from './build.js';
import { BuildLog } from './context.js';
import { commonLastDayLine, correctionsMarkdown, csvField, toCsv } from './report.js';

const work = mkdtempSync(join(tmpdir(), 'alvh-data-build-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Runs the build on a raw folder holding `files`; returns the exit code, the lines printed and the files written. */
function run(files: Record<string, string>) {
  const src = mkdtempSync(join(work, 'raw-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(src, name), text);
  const written: string[] = [];
  const out: string[] = [];
  const err: string[] = [];
  const code = runDataBuild(src, join(work, 'out'), (p) => written.push(p), { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out, err, written };
}

describe('the data build as a command', () => {
  it('a broken raw file exits 2 with one line naming file, line and field, and writes nothing', () => {
    const good = 'date,open,high,low,close\n1990-01-02,353.4,359.69,351.98,359.69\n';
    expect(run({ 'spx_daily.csv': good + '1990-01-03,359.69,x,357.89,358.76\n' })).toEqual({ code: 2, out: [], err: ['build-data: spx_daily.csv:3: bad high'], written: [] });
    expect(run({ 'spx_daily.csv': good + '1990-01-32,359.69,360.59,357.89,358.76\n' }).err).toEqual(['build-data: spx_daily.csv:3: bad date "1990-01-32"']);
    expect(run({ 'spx_daily.csv': 'date,open,high,close\n1990-01-02,1,2,1.5\n' }).err).toEqual(['build-data: spx_daily.csv:1: missing column "low"']);
    const quote = run({ 'spx_daily.csv': good + '"1990-01-03,"359.69,360.59,357.89,358.76\n' });
    expect(quote).toMatchObject({ code: 2, out: [], written: [] });
    expect(quote.err).toHaveLength(1);
    expect(quote.err[0]).toMatch(/^build-data: spx_daily\.csv:3: csv: /);
    const missing = run({ 'spx_daily.csv': good });
    expect(missing.code).toBe(2);
    expect(missing.err[0]).toMatch(/^build-data: vix_daily\.csv: cannot read .*vix_daily\.csv: ENOENT$/);
    expect(missing.written).toEqual([]);
  });
});

describe('CORRECTIONS.md and the CSV text', () => {
  it('csvField quotes only cells with a comma, a quote or a newline; toCsv ends with a newline', () => {
    expect(['a', 'a,b', 'say "x"', 'l1\nl2', ''].map(csvField)).toEqual(['a', '"a,b"', '"say ""x"""', '"l1\nl2"', '']);
    expect(toCsv(['date', 'close'], [['2020-01-02', '12.47'], ['2020-01-03', '']])).toBe('date,close\n2020-01-02,12.47\n2020-01-03,\n');
  });

  it('commonLastDayLine says what the cut removed, or that a series ends earlier', () => {
    const cut = '2026-07-22';
    expect(commonLastDayLine('SPX', 'spx_daily.csv', 'core', '2026-07-23', cut, [['2026-07-23']])).toBe('| SPX | `spx_daily.csv` | core | 2026-07-23 | 1 removed (2026-07-23) |');
    expect(commonLastDayLine('VX settles', 'vx_settles.csv', 'core', '2026-07-24', cut, [['2026-07-23', 'a'], ['2026-07-23', 'b'], ['2026-07-24', 'a']])).toBe('| VX settles | `vx_settles.csv` | core | 2026-07-24 | 3 rows on 2 days removed (2026-07-23 .. 2026-07-24) |');
    expect(commonLastDayLine('NYSE breadth', 'nyse_breadth.csv', 'other', '2026-05-22', cut, [])).toBe('| NYSE breadth | `nyse_breadth.csv` | other | 2026-05-22 | ends earlier: kept as is (a stale input) |');
    expect(commonLastDayLine('VIX', 'vix_daily.csv', 'core', cut, cut, [])).toBe('| VIX | `vix_daily.csv` | core | 2026-07-22 | none |');
  });

  it('cutDailyTables ends every daily table on the last day of the earliest core series and refuses a missing one', () => {
    const log = new BuildLog();
    const core = ['spx_daily.csv', 'vix_daily.csv', 'vix9d_daily.csv', 'vix3m_daily.csv', 'vvix_daily.csv', 'skew_daily.csv', 'tbill_13w.csv', 'vx_settles.csv'];
    for (const name of core) log.table(name, ['date'], [['2026-07-21'], ['2026-07-22'], ['2026-07-23']]);
    (log.tables.find((t) => t.name === 'vix3m_daily.csv') as { rows: string[][] }).rows.pop();
    for (const name of ['vix6m_daily.csv', 'vix1d_daily.csv', 'nyse_breadth.csv', 'sp500_dividend_yield_monthly.csv']) log.table(name, ['date'], [['2026-05-01']]);
    const common = cutDailyTables(log);
    expect(common.date).toBe('2026-07-22');
    expect(log.tables.find((t) => t.name === 'spx_daily.csv')?.rows).toEqual([['2026-07-21'], ['2026-07-22']]);
    expect(common.lines[0]).toBe('| SPX | `spx_daily.csv` | core | 2026-07-23 | 1 removed (2026-07-23) |');
    expect(common.lines[3]).toBe('| VIX3M | `vix3m_daily.csv` | core | 2026-07-22 | none |');
    expect(() => cutDailyTables(new BuildLog())).toThrow(/common last day: spx_daily\.csv was not built/);
  });

  it('correctionsMarkdown lists files, the cut, the corrections that changed something and every cross-check', () => {
    const log = new BuildLog();
    log.table('vix_daily.csv', ['date', 'close'], [['1990-01-02', '17.24'], ['1990-01-03', '18.19']]);
    log.correct('VIX', 'rows dated on a non-trading day (weekend or NYSE holiday) removed', ['2004-06-11', ...Array.from({ length: 9 }, (_, i) => `2022-0${i + 1}-01`)]);
    log.correct('VIX', 'nothing happened', []);
    log.crossCheck('VIX', 'SPX trading days absent from the Cboe VIX file (left missing, not filled)', [], 'kept');
    const md = correctionsMarkdown(log.tables, { date: '1990-01-03', lines: ['| VIX | `vix_daily.csv` | core | 1990-01-03 | none |'] }, log.corrections, log.crossChecks);
    expect(md).toContain('| `vix_daily.csv` | 2 | 1990-01-02 | 1990-01-03 |');
    expect(md).toContain('Every daily series ends on or before **1990-01-03**');
    expect(md).toContain('### VIX\n\n- **rows dated on a non-trading day (weekend or NYSE holiday) removed**: 10\n  - 2004-06-11\n');
    expect(md).toContain('  - … 2 more\n');
    expect(md).not.toContain('nothing happened');
    expect(md).toContain('- **SPX trading days absent from the Cboe VIX file (left missing, not filled)**: 0 (kept)');
    expect(md.endsWith('\n')).toBe(true);
  });
});
