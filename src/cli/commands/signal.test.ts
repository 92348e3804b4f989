import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { systemClock, type IsoDate } from '../../core/time.js';
import { closeStore, getHedgeBook, listSignals, openStore, storePath } from '../../store/index.js';
import type { PublishedSignal } from '../../signals/today.js';
import { TICKET_CSV_HEADER } from '../../signals/ticket.js';
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
    // 2026-08-18: the engine rolls L1 from the 2026-09-16 50 call to the 2026-11-18 47.5 call.
    const d1 = ['signal', '--date', '2026-08-17', '--home', home, '--json'];
    const first = await runCli(d1);
    expect(first.code, first.err).toBe(0);
    expect(first.err).toMatch(/Published the signal of 2026-08-17/);
    const again = await runCli(d1);
    expect(again.code).toBe(0);
    expect(again.out, 'byte-identical JSON on a second run').toBe(first.out);
    expect(again.err).toMatch(/already published .*showing the stored signal unchanged/);
    expect(stored(home).dates, 'one row for the date').toEqual(['2026-08-17']);
    const s1 = JSON.parse(first.out) as PublishedSignal;
    expect(Object.keys(s1)).toEqual(expect.arrayContaining(['date', 'regime', 'inputs', 'condor', 'hedge', 'ticket']));
    expect(s1.ticket.pricesModelled).toBe(true);
    expect(fill([], s1.ticket.orders), 'from an empty account, the ticket opens the whole book').toEqual(stored(home).book('2026-08-17'));
    const heldOnD1 = stored(home).book('2026-08-17');
    expect(heldOnD1.some(([l, s]) => l === 'L1' && s === 'VIX 2026-09-16 50 C'), JSON.stringify(heldOnD1)).toBe(true);

    const csv = join(home, 'tickets', 'd2.csv');
    const second = await runCli(['signal', '--date', '2026-08-18', '--home', home, '--ticket', csv]);
    expect(second.code, second.err).toBe(0);
    expect(second.out).toMatch(/Published the signal of 2026-08-18/);
    expect(second.out).toMatch(/Order ticket for the close of 2026-08-18 \(MODELLED prices/);
    expect(second.out).toMatch(/SELL TO CLOSE\s+\d+\s+VIX 2026-09-16 50 C\s+\d+\.\d\d\s+\d+\.\d\d\s+L1\s+roll: close old/);
    expect(second.out).toMatch(/BUY TO OPEN\s+14\s+VIX 2026-11-18 47\.5 C\s+\d+\.\d\d\s+\d+\.\d\d\s+L1\s+roll: open new/);
    const rows = readFileSync(csv, 'utf8').trimEnd().split('\n');
    expect(rows[0]).toBe(TICKET_CSV_HEADER);
    expect(rows.filter((r) => r.endsWith(',condor')), 'four condor legs').toHaveLength(4);
    expect(rows.some((r) => /^SELL_TO_CLOSE,VIX 2026-09-16 50 C,VIX,2026-09-16,50,call,\d+,\d+\.\d\d,L1$/.test(r)), rows.join('\n')).toBe(true);
    expect(readdirSync(join(home, 'tickets')), 'no temp file left').toEqual(['d2.csv']);
    const s2Again = await runCli(['signal', '--date', '2026-08-18', '--home', home, '--json']);
    const s2 = JSON.parse(s2Again.out) as PublishedSignal;
    expect(fill(heldOnD1, s2.ticket.orders), 'the ticket takes the 08-17 book to the 08-18 book').toEqual(stored(home).book('2026-08-18'));
    // The combo limit is the engine's own condor credit (leg fills net of the spread) on the 0.05 tick:
    // creditPerContract = creditPts × 100 − 4 legs × (0.65 + 0.60) USD of fees (DEFAULT_COST_MODEL).
    expect(s2.condor.status).toBe('opened');
    expect(Math.abs((s2.ticket.condorCombo?.netLimitPts ?? 0) * 100 - ((s2.condor.creditPerContract ?? 0) + 5)), 'within half a tick').toBeLessThanOrEqual(2.5 + 1e-6);
    expect(s2.ticket.condorCombo?.qty).toBe(s2.condor.contracts);
    const l1 = s2.hedge.layers.find((l) => l.name === 'L1');
    expect(stored(home).book('2026-08-18').filter(([l]) => l === 'L1'), 'the live book is the signal’s book').toEqual([['L1', 'VIX 2026-11-18 47.5 C', l1?.contracts ?? -1]]);

    // No --date: the last day of the data; the 08-18 book carries into it.
    const data = loadEmbeddedData();
    const last = data.daily.dates[data.daily.n - 1] as IsoDate;
    const today = await runCli(['signal', '--home', home]);
    expect(today.code, today.err).toBe(0);
    expect(today.out).toMatch(new RegExp(`Published the signal of ${last}`));
    expect(stored(home).dates).toEqual(['2026-08-17', '2026-08-18', last]);
    const todayAgain = await runCli(['signal', '--home', home]);
    expect(todayAgain.out.split('\n').slice(1).join('\n'), 'the same signal and ticket on a second run').toBe(today.out.split('\n').slice(1).join('\n'));
    expect(todayAgain.out.split('\n')[0]).toMatch(/already published/);
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
