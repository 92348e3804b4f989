/**
 * The SQLite store: one file `<home>/alvh.sqlite`, opened in WAL mode with
 * synchronous=FULL (every commit is on disk before it returns: the audit log must survive
 * a power cut) and foreign keys on. Migrations run on open, one transaction each.
 * No SQL lives outside src/store.
 */
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DataError } from '../core/errors.js';
import type { Clock } from '../core/time.js';
import { MIGRATIONS, type Migration } from './migrations.js';

export { STORE_FILE } from './home.js';

export interface Store {
  readonly path: string;
  readonly clock: Clock;
  /** The connection, for the repository modules of src/store only. */
  readonly db: Database.Database;
}

export interface OpenOptions {
  /** Migrations to apply (tests pass their own lists); default: all of MIGRATIONS. */
  migrations?: readonly Migration[];
  /** Milliseconds to wait for another writer's lock before failing (default 5000). */
  busyTimeoutMs?: number;
}

/** Opens (creating if needed) the store at `path` and brings its schema up to date. */
export function openStore(path: string, clock: Clock, options: OpenOptions = {}): Store {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  let db: Database.Database;
  try {
    db = new Database(path, { timeout: options.busyTimeoutMs ?? 5000 });
  } catch (err) {
    throw new DataError(path, `cannot open the store: ${err instanceof Error ? err.message : String(err)}`);
  }
  try {
    if (path !== ':memory:') db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    const store: Store = { path, clock, db };
    migrate(store, options.migrations ?? MIGRATIONS);
    return store;
  } catch (err) {
    db.close();
    if (err instanceof DataError) throw err;
    throw new DataError(path, `cannot open the store: ${err instanceof Error ? err.message : String(err)}`);
  }
}

export function closeStore(store: Store): void {
  store.db.close();
}

/** Runs `fn` in one write transaction (BEGIN IMMEDIATE); nested calls become savepoints. */
export function transaction<T>(store: Store, fn: () => T): T {
  if (store.db.inTransaction) return store.db.transaction(fn)();
  return store.db.transaction(fn).immediate();
}

export function schemaVersion(store: Store): number {
  const row = store.db.prepare('SELECT max(version) AS v FROM schema_migrations').get() as { v: number | null };
  return row.v ?? 0;
}

export interface AppliedMigration {
  version: number;
  name: string;
  appliedAtMs: number;
}

export function appliedMigrations(store: Store): AppliedMigration[] {
  return store.db
    .prepare('SELECT version, name, applied_at_ms AS appliedAtMs FROM schema_migrations ORDER BY version')
    .all() as AppliedMigration[];
}

function migrate(store: Store, migrations: readonly Migration[]): void {
  const { db } = store;
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at_ms INTEGER NOT NULL)`);
  for (const [i, m] of migrations.entries()) {
    if (m.version !== i + 1) throw new DataError(store.path, `migration list is not numbered 1..n (found ${m.version} at ${i + 1})`);
  }
  const current = schemaVersion(store);
  if (current > migrations.length) {
    throw new DataError(store.path, `the store is at schema version ${current}, newer than this alvh (${migrations.length}); upgrade alvh`);
  }
  for (const m of migrations.slice(current)) {
    db.transaction(() => {
      // Another process may have migrated between our read and our lock: read again.
      if (schemaVersion(store) >= m.version) return;
      db.exec(m.sql);
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at_ms) VALUES (?, ?, ?)').run(m.version, m.name, store.clock.nowMs());
    }).immediate();
  }
}

/** `PRAGMA integrity_check` plus foreign keys: ['ok'] when the file is sound. */
export function integrityCheck(store: Store): string[] {
  const rows = store.db.pragma('integrity_check') as Array<{ integrity_check: string }>;
  const result = rows.map((r) => r.integrity_check);
  const fk = store.db.pragma('foreign_key_check') as unknown[];
  if (fk.length > 0) result.push(`${fk.length} foreign key violation(s)`);
  return result.length === 1 && result[0] === 'ok' ? ['ok'] : result.filter((r) => r !== 'ok');
}
