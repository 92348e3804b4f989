import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../core/time.js';
import { closeStore, openStore, storePath } from '../../store/index.js';
import { TICKET_CSV_COLUMNS } from '../../signals/ticket.js';
import { runCli } from '../testing/run.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'alvh-book-'));
  dirs.push(d);
  return d;
}
const POLICY = 'examples/policies/alvh-alternatives.yaml';

/** Every row the fill commands may write (the store must be byte-for-byte the same after a refusal). */
function dump(home: string): string {
  const store = openStore(storePath(home), systemClock);
  try {
    return JSON.stringify(['hedge_book_snapshots', 'hedge_book', 'hedge_fills', 'hedge_adjustments'].map((t) => store.db.prepare(`SELECT * FROM ${t} ORDER BY 1, 2`).all()));
  } finally {
    closeStore(store);
  }
}

/** The ticket CSV with filledQty / fillPrice set per ticket line (undefined: left blank). */
function filled(csv: string, fills: Record<number, [string, string]>): string {
  const rows = csv.trimEnd().split('\n');
  const col = (n: string): number => TICKET_CSV_COLUMNS.indexOf(n);
  return `${rows
    .map((r, i) => {
      if (i === 0) return r;
      const cells = r.split(',');
      const f = fills[Number(cells[col('line')])];
      if (f !== undefined) [cells[col('filledQty')], cells[col('fillPrice')]] = f;
      return cells.join(',');
    })
    .join('\n')}\n`;
}

describe('alvh book: record fills, show and set the live hedge book', () => {
  it('records a partly filled ticket (options, ETP, variance swap), idempotently; refuses bad lines exactly; the next ticket starts from the fills', async () => {
    const dir = tempDir();
    const home = join(dir, 'home');
    const ticket = join(dir, '2025-04-07.csv');
    const pub = await runCli(['signal', '--home', home, '--date', '2025-04-07', '--policy', POLICY, '--ticket', ticket]);
    expect(pub.code, pub.err).toBe(0);
    expect(pub.out, 'the status line says how to record the real fills').toContain(`as if the ticket filled at its limits: record the real fills with \`alvh book fill TICKET.csv --home ${home}\``);
    const csv = readFileSync(ticket, 'utf8');
    const [l1Line, etpLine, swapLine] = csv.split('\n').slice(5, 8);
    expect(l1Line).toBe('BUY_TO_OPEN,VIX 2025-05-21 29 C,VIX,2025-05-21,29,call,7,5.35,L1,2025-04-07,5,option,,,,,model');
    // The ETP's share count and limit follow the modelled VIX30D level (pricing model): read them off the ticket.
    const etpMatch = /^BUY_TO_OPEN,VIX30D,VIX,,,,(\d+),(\d+\.\d\d),L2,2025-04-07,6,etp,,,,,model$/.exec(etpLine ?? '');
    expect(etpMatch, etpLine).not.toBeNull();
    const etpQty = Number(etpMatch?.[1]);
    expect(etpQty, 'about $12,600 of the modelled index').toBeGreaterThan(150);
    expect(swapLine).toBe('BUY_TO_OPEN,SPX VARSWAP 2025-05-05,SPX,2025-05-05,,,4,,L3,2025-04-07,7,varianceSwap,47.81,382.48,,,model');

    // Condor filled at its limits, L1 4 of 7 at 5.55, the ETP in full at 78.30, the swap not done, no line left blank.
    const good = { 1: ['1', '6.80'], 2: ['1', '9.80'], 3: ['1', '6.50'], 4: ['1', '3.20'], 5: ['4', '5.55'], 6: [String(etpQty), '78.30'], 7: ['0', ''] } as Record<number, [string, string]>;
    const before = dump(home);
    const bad: [Record<number, [string, string]>, string, string][] = [
      [{ ...good, 5: ['8', '5.55'] }, 'bad-qty.csv', 'bad-qty.csv:6: filledQty: must be a whole number from 0 to 7, got "8"'],
      [{ ...good, 6: [String(etpQty), ''] }, 'no-price.csv', `no-price.csv:7: fillPrice: is required when filledQty is ${etpQty} (dollars per share)`],
      [{ ...good, 5: ['4', '-1'] }, 'neg-price.csv', 'neg-price.csv:6: fillPrice: must be a number > 0, got "-1"'],
      [{ ...good, 7: ['2.5', '48'] }, 'frac.csv', 'frac.csv:8: filledQty: must be a whole number from 0 to 4, got "2.5"'],
    ];
    for (const [fills, name, message] of bad) {
      const f = join(dir, name);
      writeFileSync(f, filled(csv, fills));
      const r = await runCli(['book', 'fill', f, '--home', home]);
      expect([r.code, r.err], name).toEqual([2, `alvh: ${join(dir, message)}\n`]);
    }
    const edits: [string, string, string][] = [
      ['symbol.csv', 'VIX 2025-05-21 29 C', 'symbol.csv:6: symbol: "VIX 2025-05-21 26 C" differs from order 5 of the ticket of 2025-04-07 ("VIX 2025-05-21 29 C")'],
      ['line.csv', ',2025-04-07,7,varianceSwap', 'line.csv:8: line: no order "9" on the ticket of 2025-04-07 (it has 7)'],
      ['date.csv', ',2025-04-07,1,option', 'date.csv:2: date: not a date (YYYY-MM-DD): "2025-04-31"'],
    ];
    const replacement: Record<string, string> = { 'symbol.csv': 'VIX 2025-05-21 26 C', 'line.csv': ',2025-04-07,9,varianceSwap', 'date.csv': ',2025-04-31,1,option' };
    for (const [name, from, message] of edits) {
      const f = join(dir, name);
      writeFileSync(f, filled(csv, good).replace(from, replacement[name] as string));
      const r = await runCli(['book', 'fill', f, '--home', home]);
      expect([r.code, r.err], name).toEqual([2, `alvh: ${join(dir, message)}\n`]);
    }
    expect(dump(home), 'every refusal leaves the store unchanged').toBe(before);

    const fillFile = join(dir, 'filled.csv');
    writeFileSync(fillFile, filled(csv, good));
    const ok = await runCli(['book', 'fill', fillFile, '--home', home]);
    expect(ok.code, ok.err).toBe(0);
    expect(ok.out).toContain('7 lines (5 filled in full, 1 in part, 1 not filled), 0 unchanged, 0 replacing an earlier record; 0 left blank');
    const show = await runCli(['book', 'show', '--home', home, '--json']);
    const book = JSON.parse(show.out) as { date: string; source: string; positions: { layer: string; symbol: string; qty: number; entryPrice: number }[]; fills: unknown[] };
    expect([book.date, book.source, book.fills.length]).toEqual(['2025-04-07', 'fills', 7]);
    expect(book.positions.map((p) => [p.layer, p.symbol, p.qty, p.entryPrice]), 'before + fills: the swap did not trade, L1 4 of 7').toEqual([
      ['L1', 'VIX 2025-05-21 29 C', 4, 5.55],
      ['L2', 'VIX30D', etpQty, 78.3],
    ]);
    const etp = (book.positions as unknown as { symbol: string; instrument: { levelAsOf?: number } }[]).find((p) => p.symbol === 'VIX30D');
    const published = JSON.parse((await runCli(['signal', '--home', home, '--date', '2025-04-07', '--json'])).out) as { hedge: { layers: { name: string; alt?: { levelUsd: number } }[] } };
    const level = published.hedge.layers.find((l) => l.name === 'L2')?.alt?.levelUsd;
    expect(level, 'the signal carries the modelled ETP level').toBeGreaterThan(25);
    expect(etp?.instrument.levelAsOf, "the filled ETP records its day's level (a later split check starts there, not in 1990)").toBe(level);
    const scen = await runCli(['scenario', '--home', home, '--json', '--vix', '30,60', '--spx-moves', '-5:0:5']);
    expect(scen.code, scen.err).toBe(0);
    const sr = JSON.parse(scen.out) as { notes: string[]; hedgePnlByLayerUsd: Record<string, number[][]> };
    expect(sr.notes[0], 'the scenario values the recorded book').toBe("Hedge: the live book of 2025-04-07 (recorded fills of 7 ticket lines), not the signal's book; the condor is the signal's.");
    expect(Object.keys(sr.hedgePnlByLayerUsd).sort(), 'L1 and the ETP: the swap did not trade').toEqual(['L1', 'L2']);
    const again = await runCli(['book', 'fill', fillFile, '--home', home]);
    expect(again.out, 'the same file again').toContain('7 unchanged, 0 replacing');
    expect((JSON.parse((await runCli(['book', 'show', '--home', home, '--json'])).out) as typeof book).positions, 'the same book: the fills are not counted twice').toEqual(book.positions);

    // A corrected line replaces its earlier record (the book is recomputed from the book before the ticket).
    const fixFile = join(dir, 'fixed.csv');
    writeFileSync(fixFile, filled(csv, { 5: ['6', '5.58'] }));
    const fixed = await runCli(['book', 'fill', fixFile, '--home', home, '--json']);
    expect(JSON.parse(fixed.out)).toMatchObject({ recorded: 1, unchanged: 0, replaced: 1, blank: 6 });
    expect((JSON.parse(fixed.out) as { book: typeof book }).book.positions.map((p) => [p.symbol, p.qty, p.entryPrice])).toEqual([
      ['VIX 2025-05-21 29 C', 6, 5.58],
      ['VIX30D', etpQty, 78.3],
    ]);
    await runCli(['book', 'fill', fillFile, '--home', home]);

    // The next ticket starts from the recorded fills: L1 buys the 3 missing calls, L3 opens the swap.
    const next = await runCli(['signal', '--home', home, '--date', '2025-04-08', '--policy', POLICY, '--json']);
    expect(next.code, next.err).toBe(0);
    const t = (JSON.parse(next.out) as { ticket: { orders: { layer: string; action: string; qty: number; symbol: string }[]; altOrders: { layer: string; action: string; qty: number; symbol: string }[] } }).ticket;
    expect(t.orders.filter((o) => o.layer !== 'condor').map((o) => [o.layer, o.action, o.qty, o.symbol])).toEqual([['L1', 'BUY_TO_OPEN', 3, 'VIX 2025-05-21 29 C']]);
    const sold = t.altOrders.find((o) => o.layer === 'L2')?.qty ?? 0;
    expect(sold, 'the ETP trims some shares the next day').toBeGreaterThan(0);
    expect(t.altOrders.map((o) => [o.layer, o.action, o.qty, o.symbol])).toEqual([
      ['L2', 'SELL_TO_CLOSE', sold, 'VIX30D'],
      ['L3', 'BUY_TO_OPEN', 4, 'SPX VARSWAP 2025-05-05'],
    ]);
    const late = await runCli(['book', 'fill', fillFile, '--home', home]);
    expect([late.code, late.err]).toEqual([2, `alvh: ${fillFile}:2: date: the live book already has a snapshot of 2025-04-08, after 2025-04-07: record fills before publishing the next signal, or set positions of 2025-04-08 with alvh book set\n`]);

    // A position set by hand on the assumed book of 2025-04-08 keeps the rest of that book.
    const set = await runCli(['book', 'set', '--home', home, '--date', '2025-04-08', '--layer', 'L1', '--symbol', 'VIX 2025-05-21 29 C', '--qty', '5', '--price', '7.5']);
    expect(set.code, set.err).toBe(0);
    const shown = await runCli(['book', 'show', '--home', home]);
    expect(shown.out).toMatch(/^Live hedge book of 2025-04-08 \(as if the ticket of 2025-04-08 filled at its limits: no fills recorded, 1 position set by hand; record them with alvh book fill\)/);
    expect(shown.out).toMatch(/\n {2}L1 +VIX 2025-05-21 29 C +\+5 +7\.50 {2}contracts\n/);
    expect(shown.out, 'the ETP sold some of its shares at the assumed fill; its entry price stays').toMatch(new RegExp(`\\n {2}L2 +VIX30D +\\+${etpQty - sold} +78\\.30 {2}shares \\(modelled index\\)\\n`));
    expect(shown.out).toMatch(/\n {2}L3 +SPX VARSWAP 2025-05-05 +\+4 +53\.48 {2}units of \$1\/variance pt; entry = strike, vol pts\n/);
    const bogus = await runCli(['book', 'set', '--home', home, '--date', '2025-04-08', '--layer', 'L3', '--symbol', 'SPX VARSWAP 2025-05-09', '--qty', '2']);
    expect([bogus.code, bogus.err]).toEqual([2, 'alvh: --price: a new variance swap needs its strike in vol points\n']);
    const undone = await runCli(['book', 'undo', '--home', home, '--json']);
    expect(undone.code, undone.err).toBe(0);
    const u = JSON.parse(undone.out) as { undone: { qty: number }; restored: { qty: number } | null; book: { date: string; positions: { symbol: string; qty: number }[] } };
    expect([u.undone.qty, u.restored?.qty, u.book.date], 'the assumed fill of 2025-04-08 (4 filled + 3 bought) comes back').toEqual([5, 7, '2025-04-08']);
    expect(u.book.positions.map((p) => [p.symbol, p.qty])).toEqual([
      ['VIX 2025-05-21 29 C', 7],
      ['VIX30D', etpQty - sold],
      ['SPX VARSWAP 2025-05-05', 4],
    ]);
  }, 60_000);

  it('shows an empty store plainly, and refuses a fill file for a day with no published ticket', async () => {
    const dir = tempDir();
    const home = join(dir, 'home');
    const empty = await runCli(['book', 'show', '--home', home, '--json']);
    expect(JSON.parse(empty.out)).toEqual({ date: null, source: 'none', positions: [], fills: [], adjustments: [] });
    const f = join(dir, 't.csv');
    writeFileSync(f, `${TICKET_CSV_COLUMNS.join(',')}\nBUY_TO_OPEN,VIX30D,VIX,,,,10,80.00,L2,2025-04-07,1,etp,,,10,80,model\n`);
    const r = await runCli(['book', 'fill', f, '--home', home]);
    expect([r.code, r.err]).toEqual([2, `alvh: ${f}:2: date: no published signal with a ticket for 2025-04-07 in ${storePath(home)} (the file must be the ticket CSV of that day)\n`]);
    writeFileSync(f, 'action,symbol,qty\nBUY_TO_OPEN,VIX30D,10\n');
    const noCol = await runCli(['book', 'fill', f, '--home', home]);
    expect([noCol.code, noCol.err]).toEqual([2, `alvh: ${f}: no column "date" (columns: action, symbol, qty)\n`]);
  });

  it('book set refuses a non-trading day, a day after the data and a layer the live policy lacks; book undo reverses the last edit with an audit line', async () => {
    const dir = tempDir();
    const home = join(dir, 'home');
    const setArgs = (date: string, layer: string, qty: string, price: string): string[] => ['book', 'set', '--home', home, '--date', date, '--layer', layer, '--symbol', 'VIX 2025-05-21 25 C', '--qty', qty, '--price', price];
    const refused: [string[], string][] = [
      [setArgs('2025-04-05', 'L1', '5', '5'), 'alvh: --date: 2025-04-05 is not an NYSE trading day\n'],
      [setArgs('2025-12-25', 'L1', '5', '5'), 'alvh: --date: 2025-12-25 is not an NYSE trading day\n'],
      [setArgs('2031-01-02', 'L1', '5', '5'), expect.stringMatching(/^alvh: --date: 2031-01-02 is after the last day of the data \(20\d\d-\d\d-\d\d\); run alvh data update first\n$/)],
      [setArgs('2025-04-07', 'L9', '5', '5'), 'alvh: --layer: L9 is not a layer of the default ALVH policy (no policy applied with alvh policy apply): alvh has L1, L2, L3\n'],
    ];
    for (const [args, err] of refused) expect(await runCli(args), args.join(' ')).toMatchObject({ code: 2, err });

    expect((await runCli(setArgs('2025-04-07', 'L1', '5', '5'))).code).toBe(0);
    expect((await runCli(setArgs('2025-04-07', 'L1', '8', '6'))).code).toBe(0);
    const first = await runCli(['book', 'undo', '--home', home]);
    expect(first.code, first.err).toBe(0);
    expect(first.out).toMatch(/^Undid the position set on 2025-04-07: L1 VIX 2025-05-21 25 C to 8; back to 5 at 5 \(audit line book\.undo\)\.\n/);
    expect(first.out).toMatch(/\n {2}L1 +VIX 2025-05-21 25 C +\+5 +5\.00 {2}contracts\n/);
    const second = await runCli(['book', 'undo', '--home', home, '--json']);
    expect(JSON.parse(second.out), 'the snapshot that only the first edit created is gone').toMatchObject({ restored: null, book: null });
    expect(JSON.parse((await runCli(['book', 'show', '--home', home, '--json'])).out)).toMatchObject({ date: null, positions: [] });
    expect(await runCli(['book', 'undo', '--home', home])).toMatchObject({ code: 2, err: `alvh: book: no position set by hand in ${storePath(home)}: nothing to undo\n` });
    const store = openStore(storePath(home), systemClock);
    try {
      expect(store.db.prepare('SELECT action FROM audit_log ORDER BY seq').all().map((r) => (r as { action: string }).action)).toEqual(['book.set', 'book.set', 'book.undo', 'book.undo']);
    } finally {
      closeStore(store);
    }
    expect((await runCli(['policy', 'log', '--home', home, '--verify'])).code, 'book lines keep the audit chain valid').toBe(0);

    // Under a governed static10 policy only L1 exists.
    const keyFile = join(dir, 'k.pem');
    const pub = (await runCli(['policy', 'keygen', '--out', keyFile])).out.trim();
    await runCli(['policy', 'init', '--home', home, '--approvers', pub, '--threshold', '1']);
    writeFileSync(join(dir, 'p.json'), '{"kind":"static10"}');
    const id = (await runCli(['policy', 'propose', '--home', home, '--file', join(dir, 'p.json')])).out.trim();
    await runCli(['policy', 'sign', '--home', home, '--proposal', id, '--key', keyFile]);
    expect((await runCli(['policy', 'apply', '--home', home, '--proposal', id])).code).toBe(0);
    expect(await runCli(setArgs('2025-04-07', 'L2', '5', '5'))).toMatchObject({ code: 2, err: 'alvh: --layer: L2 is not a layer of the live policy (version 1): static10 has L1\n' });
  }, 60_000);
});
