import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { systemClock, type IsoDate } from '../../core/time.js';
import { closeStore, getHedgeBook, listSignals, openStore, storePath, upsertSeries } from '../../store/index.js';
import type { PublishedSignal } from '../../signals/today.js';
import { optionSymbol, TICKET_CSV_HEADER } from '../../signals/ticket.js';
import { simulate } from '../../engine/dayLoop.js';
import { isOptionTrade } from '../../engine/types.js';
import { defaultPolicy } from '../../hedge/index.js';
import { parseCondorConfig } from '../../strategy/condor.js';
import { DEFAULT_COST_MODEL } from '../../portfolio/costs.js';
import { DEFAULT_CALIBRATION } from '../../portfolio/marketModel.js';
import { loadEmbeddedData } from '../engineInputs.js';
import { runCli } from '../testing/run.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
function tempHome(): string {
  const d = mkdtempSync(join(tmpdir(), 'alvh-signal-'));
  dirs.push(d);
  return join(d, 'home');
}

function stored(home: string): { dates: string[]; book: (d?: string) => [string, string, number][] } {
  const store = openStore(storePath(home), systemClock);
  try {
    const dates = listSignals(store).map((s) => s.date);
    const snapshots = new Map<string, [string, string, number][]>();
    for (const d of dates) snapshots.set(d, (getHedgeBook(store, d)?.positions ?? []).map((p) => [p.layer, p.instrumentKey, p.qty]));
    return { dates, book: (d) => snapshots.get(d ?? dates[dates.length - 1] ?? '') ?? [] };
  } finally {
    closeStore(store);
  }
}

/** Applies the ticket's orders to a book given as [layer, symbol, qty] rows. */
function fill(book: readonly [string, string, number][], orders: PublishedSignal['ticket']['orders']): [string, string, number][] {
  const m = new Map(book.map(([l, s, q]) => [`${l}|${s}`, q]));
  for (const o of orders) {
    if (o.layer === 'condor') continue;
    const k = `${o.layer}|${o.symbol}`;
    m.set(k, (m.get(k) ?? 0) + (o.action.startsWith('BUY') ? o.qty : -o.qty));
  }
  return [...m].filter(([, q]) => q !== 0).map(([k, q]) => [...(k.split('|') as [string, string]), q] as [string, string, number]).sort();
}

describe('alvh signal with the store (--home)', () => {
  it('publishes once per date, prints the same JSON again, rolls L1 against the live book, and defaults to the last day', async () => {
    const home = tempHome();
    // The last L1 roll of the engine's book in the data (the same history run as the command).
    const data = loadEmbeddedData();
    const sim = simulate(data, { policies: [{ name: 'alvh', policy: defaultPolicy('alvh') }], condor: parseCondorConfig({ notionalMode: 'fixed', sizing: 'whole' }), notional: 100_000, costs: DEFAULT_COST_MODEL, calib: DEFAULT_CALIBRATION });
    const l1 = (sim.runs[0]?.trades ?? []).filter(isOptionTrade).filter((t) => t.tag === 'L1');
    const rollDay = [...new Set(l1.map((t) => t.date))].reverse().find((d) => l1.some((t) => t.date === d && t.action === 'close') && l1.some((t) => t.date === d && t.action === 'open')) as IsoDate;
    const closed = l1.find((t) => t.date === rollDay && t.action === 'close');
    const opened = l1.find((t) => t.date === rollDay && t.action === 'open');
    expect(closed !== undefined && opened !== undefined, 'the engine rolls L1 at least once').toBe(true);
    if (closed === undefined || opened === undefined) return;
    const dayBefore = data.daily.dates[data.daily.dates.indexOf(rollDay) - 1] as IsoDate;
    const oldSym = optionSymbol(closed.instrument);
    const newSym = optionSymbol(opened.instrument);
    const d1 = ['signal', '--date', dayBefore, '--home', home, '--json'];
    const first = await runCli(d1);
    expect(first.code, first.err).toBe(0);
    expect(first.err).toMatch(new RegExp(`Published the signal of ${dayBefore}`));
    const again = await runCli(d1);
    expect(again.code).toBe(0);
    expect(again.out, 'byte-identical JSON on a second run').toBe(first.out);
    expect(again.err).toMatch(/already published .*showing the stored signal unchanged/);
    expect(stored(home).dates, 'one row for the date').toEqual([dayBefore]);
    const s1 = JSON.parse(first.out) as PublishedSignal;
    expect(Object.keys(s1)).toEqual(expect.arrayContaining(['date', 'regime', 'inputs', 'condor', 'hedge', 'ticket']));
    expect(s1.ticket.pricesModelled).toBe(true);
    expect(fill([], s1.ticket.orders), 'from an empty account, the ticket opens the whole book').toEqual(stored(home).book(dayBefore));
    const heldOnD1 = stored(home).book(dayBefore);
    expect(heldOnD1, 'the account holds the L1 call the engine rolls').toContainEqual(['L1', oldSym, -closed.qty]);

    const csv = join(home, 'tickets', 'd2.csv');
    const second = await runCli(['signal', '--date', rollDay, '--home', home, '--ticket', csv]);
    expect(second.code, second.err).toBe(0);
    expect(second.out).toMatch(new RegExp(`Published the signal of ${rollDay}`));
    expect(second.out).toMatch(new RegExp(`Order ticket for the close of ${rollDay} \\(MODELLED prices`));
    expect(second.out).toMatch(new RegExp(`SELL TO CLOSE\\s+${-closed.qty}\\s+${oldSym}\\s+\\d+\\.\\d\\d\\s+\\d+\\.\\d\\d\\s+L1\\s+roll: close old`));
    expect(second.out).toMatch(new RegExp(`BUY TO OPEN\\s+${opened.qty}\\s+${newSym}\\s+\\d+\\.\\d\\d\\s+\\d+\\.\\d\\d\\s+L1\\s+roll: open new`));
    const rows = readFileSync(csv, 'utf8').trimEnd().split('\n');
    expect(rows[0]).toBe(TICKET_CSV_HEADER);
    expect(rows.filter((r) => r.split(',')[8] === 'condor'), 'four condor legs').toHaveLength(4);
    expect(rows.some((r) => r.startsWith(`SELL_TO_CLOSE,${oldSym},VIX,${closed.instrument.expiry},${closed.instrument.strike},call,${-closed.qty},`) && r.split(',')[8] === 'L1'), rows.join('\n')).toBe(true);
    expect(readdirSync(join(home, 'tickets')), 'no temp file left').toEqual(['d2.csv']);
    const s2Again = await runCli(['signal', '--date', rollDay, '--home', home, '--json']);
    const s2 = JSON.parse(s2Again.out) as PublishedSignal;
    expect(fill(heldOnD1, s2.ticket.orders), 'the ticket takes the 08-17 book to the 08-18 book').toEqual(stored(home).book(rollDay));
    // The combo limit is the engine's own condor credit (leg fills net of the spread) on the 0.05 tick:
    // creditPerContract = creditPts × 100 − 4 legs × (0.65 + 0.60) USD of fees (DEFAULT_COST_MODEL).
    expect(s2.condor.status).toBe('opened');
    expect(Math.abs((s2.ticket.condorCombo?.netLimitPts ?? 0) * 100 - ((s2.condor.creditPerContract ?? 0) + 5)), 'within half a tick').toBeLessThanOrEqual(2.5 + 1e-6);
    expect(s2.ticket.condorCombo?.qty).toBe(s2.condor.contracts);
    const layer1 = s2.hedge.layers.find((l) => l.name === 'L1');
    expect(stored(home).book(rollDay).filter(([l]) => l === 'L1'), 'the live book is the signal’s book').toEqual([['L1', newSym, layer1?.contracts ?? -1]]);

    // No --date: the last day of the data; the 08-18 book carries into it.
    const last = data.daily.dates[data.daily.n - 1] as IsoDate;
    const today = await runCli(['signal', '--home', home]);
    expect(today.code, today.err).toBe(0);
    expect(today.out).toMatch(new RegExp(`Published the signal of ${last}`));
    expect(stored(home).dates).toEqual([dayBefore, rollDay, last]);
    const todayAgain = await runCli(['signal', '--home', home]);
    const body = (out: string): string => out.split('\n').filter((l) => !/^(Published the signal|The signal of .* already published)/.test(l)).join('\n');
    expect(body(todayAgain.out), 'the same signal and ticket on a second run').toBe(body(today.out));
    expect(todayAgain.out, 'a status line says it').toMatch(/^The signal of \S+ was already published/m);
  });

  it('takes the last day of the store’s updated data when there is one', async () => {
    const home = tempHome();
    const store = openStore(storePath(home), systemClock);
    // Two invented SPX days after the embedded data (as `alvh data update` writes them).
    upsertSeries(store, 'SPX', [
      { date: '2026-08-24', field: 'open', value: 7680.12 },
      { date: '2026-08-24', field: 'high', value: 7712.55 },
      { date: '2026-08-24', field: 'low', value: 7671.3 },
      { date: '2026-08-24', field: 'close', value: 7705.42 },
      { date: '2026-08-25', field: 'open', value: 7701.9 },
      { date: '2026-08-25', field: 'high', value: 7730.18 },
      { date: '2026-08-25', field: 'low', value: 7688.44 },
      { date: '2026-08-25', field: 'close', value: 7721.09 },
    ]);
    upsertSeries(store, 'VIX', ['2026-08-24', '2026-08-25'].flatMap((date) => ['open', 'high', 'low', 'close'].map((field) => ({ date, field, value: 17 }))));
    closeStore(store);
    const r = await runCli(['signal', '--home', home, '--json']);
    expect(r.code, r.err).toBe(0);
    const s = JSON.parse(r.out) as PublishedSignal;
    expect(s.date).toBe('2026-08-25');
    expect(s.inputs.spxClose).toBe(7721.09);
    expect(s.ticket.date).toBe('2026-08-25');
    expect(stored(home).dates).toEqual(['2026-08-25']);
    const again = await runCli(['signal', '--home', home, '--json']);
    expect(again.out, 'the re-run finds the updated last day and prints the stored signal').toBe(r.out);
    expect(again.err).toMatch(/The signal of 2026-08-25 was already published/);
  });

  it('keeps --date without --home historical (nothing stored), and refuses --ticket there', async () => {
    const home = tempHome();
    const r = await runCli(['signal', '--date', '2026-08-18', '--ticket', join(home, 't.csv')]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^alvh: --ticket: a ticket needs the live book/);
    expect(existsSync(home), 'nothing created').toBe(false);
    const bad = await runCli(['signal', '--date', '2026-08-16', '--home', home]);
    expect(bad.code, 'a Sunday').toBe(2);
    expect(bad.err).toMatch(/^alvh: --date: 2026-08-16 is not a trading day/);
    expect(stored(home).dates, 'a refused date stores nothing').toEqual([]);
  });
});
