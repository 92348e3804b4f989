import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Clock } from '../core/time.js';
import { appendAudit } from './audit.js';
import { appliedMigrations, closeStore, integrityCheck, openStore, schemaVersion } from './db.js';
import { resolveHome, storePath } from './home.js';
import { getHedgeBook, saveHedgeBook } from './hedgeBook.js';
import { listFills, saveFills } from './fills.js';
import { listSeries, readSeries, upsertSeries } from './market.js';
import { MIGRATIONS } from './migrations.js';
import { getSignal, latestSignal, reviseSignal, saveSignalOnce, signalRevisions } from './signals.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
function tempPath(): string {
  const d = mkdtempSync(join(tmpdir(), 'alvh-store-'));
  dirs.push(d);
  return join(d, 'home', 'alvh.sqlite');
}
function steppingClock(startMs = 1_700_000_000_000): Clock {
  let t = startMs;
  return { nowMs: () => (t += 1000) };
}

describe('store: schema and migrations', () => {
  it('migrates an empty file to the latest schema with WAL, synchronous=FULL and foreign keys', () => {
    const path = tempPath();
    const store = openStore(path, steppingClock());
    expect(schemaVersion(store)).toBe(MIGRATIONS.length);
    expect(appliedMigrations(store).map((m) => m.version)).toEqual(MIGRATIONS.map((m) => m.version));
    expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(store.db.pragma('synchronous', { simple: true }), '2 = FULL').toBe(2);
    expect(store.db.pragma('foreign_keys', { simple: true })).toBe(1);
    const tables = (store.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as Array<{ name: string }>).map((r) => r.name);
    expect(tables).toEqual(
      ['approvers', 'audit_log', 'engine_checkpoints', 'governance', 'hedge_adjustments', 'hedge_book', 'hedge_book_snapshots', 'hedge_fills', 'market_data', 'policy_versions', 'proposals', 'schema_migrations', 'signal_revisions', 'signals', 'signatures'].sort(),
    );
    expect(integrityCheck(store)).toEqual(['ok']);
    closeStore(store);
    const again = openStore(path, steppingClock());
    expect(appliedMigrations(again), 'reopening applies nothing twice').toHaveLength(MIGRATIONS.length);
    closeStore(again);
  });

  it('applies each migration in one transaction: a failing one leaves no trace', () => {
    const path = tempPath();
    closeStore(openStore(path, steppingClock()));
    const broken = [...MIGRATIONS, { version: MIGRATIONS.length + 1, name: 'broken', sql: 'CREATE TABLE half (x); INSERT INTO nowhere VALUES (1);' }];
    expect(() => openStore(path, steppingClock(), { migrations: broken })).toThrow(/cannot open the store: no such table: nowhere/);
    const store = openStore(path, steppingClock());
    expect(schemaVersion(store)).toBe(MIGRATIONS.length);
    expect(store.db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'half'").get(), 'the half-applied table was rolled back').toEqual({ n: 0 });
    closeStore(store);
  });

  it('refuses a store written by a newer alvh, and a misnumbered migration list', () => {
    const path = tempPath();
    const later = [...MIGRATIONS, { version: MIGRATIONS.length + 1, name: 'future', sql: 'CREATE TABLE future (x)' }];
    closeStore(openStore(path, steppingClock(), { migrations: later }));
    const n = MIGRATIONS.length;
    expect(() => openStore(path, steppingClock())).toThrow(new RegExp(`schema version ${n + 1}, newer than this alvh \\(${n}\\)`));
    expect(() => openStore(tempPath(), steppingClock(), { migrations: [{ version: 2, name: 'x', sql: '' }] })).toThrow(/numbered 1\.\.n/);
  });

  it('upgrades a store written at schema version 1, keeping its data', () => {
    const path = tempPath();
    const v1 = openStore(path, steppingClock(), { migrations: MIGRATIONS.slice(0, 1) });
    saveSignalOnce(v1, '2026-11-20', { regime: 'low' });
    expect(schemaVersion(v1)).toBe(1);
    closeStore(v1);
    const store = openStore(path, steppingClock());
    expect(schemaVersion(store)).toBe(MIGRATIONS.length);
    expect(getSignal(store, '2026-11-20')?.payload, 'data survives the upgrade').toEqual({ regime: 'low' });
    expect(store.db.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name = 'signatures_no_update'").get(), 'migration 2 ran').toBeDefined();
    closeStore(store);
  });

  it('upgrades a store written at schema version 3 (before recorded fills), keeping its live book', () => {
    const path = tempPath();
    const v2 = openStore(path, steppingClock(), { migrations: MIGRATIONS.slice(0, 3) });
    const l1 = { layer: 'L1', instrumentKey: 'VIX 2026-11-18 29 C', instrument: { kind: 'vixOption', type: 'call', strike: 29, expiry: '2026-11-18', multiplier: 100 }, qty: 12, entryPrice: 1.88 };
    saveHedgeBook(v2, '2026-08-21', [l1]);
    expect(v2.db.prepare("SELECT name FROM sqlite_master WHERE name = 'hedge_fills'").get(), 'no fills table at version 3').toBeUndefined();
    closeStore(v2);
    const store = openStore(path, steppingClock());
    expect(schemaVersion(store)).toBe(MIGRATIONS.length);
    expect(getHedgeBook(store)?.positions, 'the live book survives').toEqual([l1]);
    expect(listFills(store, '2026-08-21')).toEqual([]);
    saveFills(store, '2026-08-21', [{ line: 5, layer: 'L1', instrumentKey: l1.instrumentKey, instrument: l1.instrument, action: 'BUY_TO_OPEN', orderedQty: 12, filledQty: 10, fillPrice: 1.9, source: 'today.csv' }]);
    saveFills(store, '2026-08-21', [{ line: 5, layer: 'L1', instrumentKey: l1.instrumentKey, instrument: l1.instrument, action: 'BUY_TO_OPEN', orderedQty: 12, filledQty: 12, fillPrice: 1.9, source: 'today.csv' }]);
    expect(listFills(store, '2026-08-21').map((f) => [f.line, f.filledQty]), 'the same date and line replaces, never adds').toEqual([[5, 12]]);
    expect(() => store.db.prepare("INSERT INTO hedge_fills VALUES ('2026-08-21', 6, 'L1', 'k', '{}', 'BUY_TO_OPEN', 2, 3, 1, 'f', 0)").run(), 'filled > ordered').toThrow(/CHECK constraint failed/);
    closeStore(store);
  });

  it('refuses a file that is not a SQLite database, naming it', () => {
    const path = tempPath();
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, 'not a database, just text that is long enough to be read as a header...');
    expect(() => openStore(path, steppingClock())).toThrow(/alvh\.sqlite: cannot open the store: file is not a database/);
  });

  it('makes the audit log append-only in the database itself', () => {
    const store = openStore(tempPath(), steppingClock());
    appendAudit(store, 'note', { a: 1 });
    expect(() => store.db.prepare("UPDATE audit_log SET action = 'x'").run()).toThrow(/audit_log is append-only/);
    expect(() => store.db.prepare('DELETE FROM audit_log').run()).toThrow(/audit_log is append-only/);
    closeStore(store);
  });
});

describe('store: signals, market data, hedge book', () => {
  it('stores a signal once per date: a second save returns the stored one', () => {
    const store = openStore(tempPath(), steppingClock());
    const first = saveSignalOnce(store, '2026-11-23', { regime: 'low', score: 0.25 });
    expect(first.status).toBe('inserted');
    let computed = 0;
    const second = saveSignalOnce(store, '2026-11-23', () => {
      computed++;
      return { regime: 'high' };
    });
    expect(second, 'the stored signal comes back unchanged').toEqual({ status: 'existing', signal: first.signal });
    expect(computed, 'a stored date is never recomputed').toBe(0);
    expect(getSignal(store, '2026-11-23')?.payload).toEqual({ regime: 'low', score: 0.25 });
    expect(latestSignal(store)?.date).toBe('2026-11-23');
    expect(getSignal(store, '2026-11-24')).toBeNull();
    expect(() => saveSignalOnce(store, '2026-13-01', {})).toThrow(/date: expected YYYY-MM-DD|not a calendar date/);
    expect(() => store.db.prepare("UPDATE signals SET payload = '{}'").run()).toThrow(/written once/);
    closeStore(store);
  });

  it('republishes a signal as its next revision, keeping every earlier version and the reason', () => {
    const path = tempPath();
    const v4 = openStore(path, steppingClock(), { migrations: MIGRATIONS.slice(0, 4) });
    saveSignalOnce(v4, '2026-08-21', { vixClose: 18.7 });
    closeStore(v4);
    const store = openStore(path, steppingClock());
    const first = getSignal(store, '2026-08-21');
    expect(first, 'a signal stored before migration 5 is revision 1').toMatchObject({ payload: { vixClose: 18.7 }, revision: 1, reason: null });
    const r2 = reviseSignal(store, '2026-08-21', { vixClose: 19.75 }, 'VIX closes 2026-07-24..2026-08-21 added');
    expect(r2).toMatchObject({ revision: 2, reason: 'VIX closes 2026-07-24..2026-08-21 added', payload: { vixClose: 19.75 } });
    expect(getSignal(store, '2026-08-21')).toEqual(r2);
    reviseSignal(store, '2026-08-21', { vixClose: 19.8 }, 'a revised close');
    expect(signalRevisions(store, '2026-08-21').map((r) => [r.revision, (r.payload as { vixClose: number }).vixClose, r.replacedBecause])).toEqual([
      [1, 18.7, 'VIX closes 2026-07-24..2026-08-21 added'],
      [2, 19.75, 'a revised close'],
    ]);
    expect(() => reviseSignal(store, '2026-08-24', {}, 'x'), 'nothing to revise').toThrow(/no signal of 2026-08-24/);
    expect(() => reviseSignal(store, '2026-08-21', {}, ' '), 'a reason is required').toThrow(/reason: must not be empty/);
    expect(() => store.db.prepare("UPDATE signals SET payload = '{}', revision = revision + 1").run(), 'an update that does not keep the earlier version').toThrow(/written once per revision/);
    expect(() => store.db.prepare("UPDATE signals SET payload = '{}'").run(), 'an update without a new revision').toThrow(/written once per revision/);
    expect(() => store.db.prepare('DELETE FROM signals').run()).toThrow(/never deleted/);
    expect(() => store.db.prepare('DELETE FROM signal_revisions').run()).toThrow(/append-only/);
    expect(getSignal(store, '2026-08-21')?.revision).toBe(3);
    closeStore(store);
  });

  it('upserts market series atomically and counts added and changed rows', () => {
    const store = openStore(tempPath(), steppingClock());
    const s1 = upsertSeries(store, 'VIX', [
      { date: '2024-06-03', field: 'close', value: 13.11 },
      { date: '2024-06-04', field: 'close', value: 13.06 },
    ]);
    expect(s1).toEqual({ series: 'VIX', rowsAdded: 2, rowsChanged: 0, lastDate: '2024-06-04' });
    const s2 = upsertSeries(store, 'VIX', [
      { date: '2024-06-04', field: 'close', value: 13.06 },
      { date: '2024-06-04', field: 'open', value: 13.5 },
      { date: '2024-06-03', field: 'close', value: 13.1 },
    ]);
    expect(s2).toEqual({ series: 'VIX', rowsAdded: 1, rowsChanged: 1, lastDate: '2024-06-04' });
    expect(() => upsertSeries(store, 'VIX', [{ date: '2024-06-05', field: 'close', value: 12 }, { date: '2024-06-06', field: 'close', value: Number.NaN }])).toThrow(
      /VIX\[1\]\.value: must be a finite number/,
    );
    expect(readSeries(store, 'VIX', { from: '2024-06-05' }), 'a bad row aborts the whole write').toEqual([]);
    expect(listSeries(store)).toEqual([{ series: 'VIX', rows: 3, firstDate: '2024-06-03', lastDate: '2024-06-04' }]);
    closeStore(store);
  });

  it('keeps one hedge book snapshot per date, including a flat one', () => {
    const store = openStore(tempPath(), steppingClock());
    const l1 = { layer: 'L1', instrumentKey: 'VIX 2027-02-17 C 22', instrument: { kind: 'vixCall', strike: 22 }, qty: 12, entryPrice: 2.35 };
    saveHedgeBook(store, '2026-11-20', [l1]);
    saveHedgeBook(store, '2026-11-23', []);
    expect(getHedgeBook(store, '2026-11-21')).toEqual({ date: '2026-11-20', positions: [l1] });
    expect(getHedgeBook(store), 'the latest snapshot is flat').toEqual({ date: '2026-11-23', positions: [] });
    expect(getHedgeBook(store, '2026-11-19')).toBeNull();
    expect(() => saveHedgeBook(store, '2026-11-24', [{ ...l1, qty: 1.5 }])).toThrow(/positions\[0\]\.qty: must be a whole number/);
    expect(() => saveHedgeBook(store, '2026-11-24', [l1, l1])).toThrow(/positions\[1\]: L1 VIX 2027-02-17 C 22 appears twice/);
    expect(getHedgeBook(store)?.date, 'a refused snapshot writes nothing').toBe('2026-11-23');
    closeStore(store);
  });
});

describe('resolveHome', () => {
  it('takes --home, else $ALVH_HOME, else ~/.alvh', () => {
    expect(resolveHome('/data/alvh', { ALVH_HOME: '/env' }, '/home/u')).toBe('/data/alvh');
    expect(resolveHome(undefined, { ALVH_HOME: '/env' }, '/home/u')).toBe('/env');
    expect(resolveHome(undefined, { ALVH_HOME: '' }, '/home/u'), 'an empty variable counts as unset').toBe(join('/home/u', '.alvh'));
    expect(resolveHome(undefined, {}, '/home/u')).toBe(join('/home/u', '.alvh'));
    expect(() => resolveHome('', {}, '/home/u')).toThrow(/--home: must not be empty/);
    expect(storePath('/x')).toBe(join('/x', 'alvh.sqlite'));
  });
});

describe('store: market batches of data update', () => {
  it('writes every batch in one transaction, and refuses when a series moved since it was planned', async () => {
    const { readMarketRows, writeMarketBatches, dumpMarketData } = await import('./market.js');
    const store = openStore(tempPath(), steppingClock());
    writeMarketBatches(store, [
      { series: 'VIX', storedLastDate: null, rows: [{ date: '2026-07-24', field: 'close', value: 18.05 }] },
      { series: 'SKEW', storedLastDate: null, rows: [{ date: '2026-07-23', field: 'close', value: 148.73 }] },
    ]);
    const before = dumpMarketData(store);
    expect(before.split('\n')).toHaveLength(2);
    expect(() =>
      writeMarketBatches(store, [
        { series: 'SKEW', storedLastDate: '2026-07-23', rows: [{ date: '2026-07-24', field: 'close', value: 149.95 }] },
        { series: 'VIX', storedLastDate: null, rows: [{ date: '2026-07-27', field: 'close', value: 17.31 }] },
      ]),
    ).toThrow(/series VIX changed while the update ran \(last date 2026-07-24, expected none\): nothing written/);
    expect(dumpMarketData(store), 'the valid SKEW batch is not written either').toBe(before);
    expect(readMarketRows(store).map((r) => r.series)).toEqual(['SKEW', 'VIX']);
    closeStore(store);
  });
});
