/**
 * Numbered, forward-only schema migrations. Each is applied in one transaction together
 * with its row in schema_migrations. Never edit a released migration: add the next one.
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

const appendOnly = (table: string): string => `
CREATE TRIGGER ${table}_no_update BEFORE UPDATE ON ${table}
BEGIN SELECT RAISE(ABORT, '${table} is append-only'); END;
CREATE TRIGGER ${table}_no_delete BEFORE DELETE ON ${table}
BEGIN SELECT RAISE(ABORT, '${table} is append-only'); END;
`;

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'initial schema',
    sql: `
-- Daily market series, one value per (series, date, field): e.g. ('VIX', '2024-06-03', 'close').
CREATE TABLE market_data (
  series TEXT NOT NULL CHECK (length(series) > 0),
  date TEXT NOT NULL CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
  field TEXT NOT NULL CHECK (length(field) > 0),
  value REAL NOT NULL,
  ingested_at_ms INTEGER NOT NULL,
  PRIMARY KEY (series, date, field)
) WITHOUT ROWID;

-- One signal per trading day, written once.
CREATE TABLE signals (
  date TEXT PRIMARY KEY CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
  payload TEXT NOT NULL CHECK (json_valid(payload)),
  created_at_ms INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TRIGGER signals_no_update BEFORE UPDATE ON signals
BEGIN SELECT RAISE(ABORT, 'signals are written once'); END;

-- The live hedge book, one snapshot per date (an empty snapshot is a flat book).
CREATE TABLE hedge_book_snapshots (
  date TEXT PRIMARY KEY CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
  updated_at_ms INTEGER NOT NULL
) WITHOUT ROWID;
-- Positions per layer of each snapshot.
CREATE TABLE hedge_book (
  date TEXT NOT NULL REFERENCES hedge_book_snapshots(date),
  layer TEXT NOT NULL CHECK (length(layer) > 0),
  instrument_key TEXT NOT NULL,
  instrument TEXT NOT NULL CHECK (json_valid(instrument)),
  qty INTEGER NOT NULL,
  entry_price REAL,
  updated_at_ms INTEGER NOT NULL,
  PRIMARY KEY (date, layer, instrument_key)
) WITHOUT ROWID;

-- Append-only, hash-chained log of governance actions (see core/governance.ts).
CREATE TABLE audit_log (
  seq INTEGER PRIMARY KEY CHECK (seq >= 1),
  at_ms INTEGER NOT NULL,
  action TEXT NOT NULL,
  payload TEXT NOT NULL CHECK (json_valid(payload)),
  payload_hash TEXT NOT NULL CHECK (length(payload_hash) = 64),
  signatures TEXT NOT NULL CHECK (json_valid(signatures)),
  prev_hash TEXT NOT NULL CHECK (length(prev_hash) = 64),
  entry_hash TEXT NOT NULL UNIQUE CHECK (length(entry_hash) = 64)
);
${appendOnly('audit_log')}

-- Governance configuration: a single row written by policy init.
CREATE TABLE governance (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  init_id TEXT NOT NULL,
  threshold INTEGER NOT NULL CHECK (threshold >= 1),
  created_at_ms INTEGER NOT NULL,
  audit_seq INTEGER NOT NULL REFERENCES audit_log(seq)
);
${appendOnly('governance')}

CREATE TABLE approvers (
  public_key TEXT PRIMARY KEY,
  position INTEGER NOT NULL UNIQUE
);
${appendOnly('approvers')}

CREATE TABLE proposals (
  id TEXT PRIMARY KEY CHECK (length(id) = 64),
  version INTEGER NOT NULL CHECK (version >= 1),
  parent TEXT NOT NULL,
  body TEXT NOT NULL CHECK (json_valid(body)),
  created_at_ms INTEGER NOT NULL
);
CREATE TRIGGER proposals_no_update BEFORE UPDATE ON proposals
BEGIN SELECT RAISE(ABORT, 'proposals are immutable'); END;

CREATE TABLE signatures (
  proposal_id TEXT NOT NULL REFERENCES proposals(id),
  public_key TEXT NOT NULL,
  signature TEXT NOT NULL,
  created_at_ms INTEGER NOT NULL,
  PRIMARY KEY (proposal_id, public_key)
);

-- Every version the live policy has had; the live one is the highest version.
CREATE TABLE policy_versions (
  version INTEGER PRIMARY KEY CHECK (version >= 1),
  id TEXT NOT NULL UNIQUE REFERENCES proposals(id),
  parent TEXT NOT NULL,
  policy TEXT NOT NULL CHECK (json_valid(policy)),
  applied_at_ms INTEGER NOT NULL,
  audit_seq INTEGER NOT NULL UNIQUE REFERENCES audit_log(seq)
);
${appendOnly('policy_versions')}
`,
  },
  {
    version: 2,
    name: 'signatures are immutable',
    sql: `
CREATE TRIGGER signatures_no_update BEFORE UPDATE ON signatures
BEGIN SELECT RAISE(ABORT, 'signatures are immutable'); END;
`,
  },
  {
    version: 3,
    name: 'engine checkpoints',
    sql: `
-- The engine's book state after a published day's close, so that the next day's signal
-- replays only the days since (engine/checkpoint.ts). A cache: deleting rows is safe.
CREATE TABLE engine_checkpoints (
  settings_key TEXT NOT NULL CHECK (length(settings_key) > 0),
  date TEXT NOT NULL CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
  data_fingerprint TEXT NOT NULL CHECK (length(data_fingerprint) > 0),
  state TEXT NOT NULL CHECK (json_valid(state)),
  created_at_ms INTEGER NOT NULL,
  PRIMARY KEY (settings_key, date)
) WITHOUT ROWID;
`,
  },
  {
    version: 4,
    name: 'recorded fills and hand-set positions of the live hedge book',
    sql: `
-- What actually filled, per line of a published ticket (alvh book fill); re-recording a
-- line replaces it. filled_qty 0 records an unfilled line.
CREATE TABLE hedge_fills (
  date TEXT NOT NULL CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
  line INTEGER NOT NULL CHECK (line >= 1),
  layer TEXT NOT NULL CHECK (length(layer) > 0),
  instrument_key TEXT NOT NULL,
  instrument TEXT NOT NULL CHECK (json_valid(instrument)),
  action TEXT NOT NULL CHECK (action IN ('BUY_TO_OPEN', 'SELL_TO_OPEN', 'BUY_TO_CLOSE', 'SELL_TO_CLOSE')),
  ordered_qty INTEGER NOT NULL CHECK (ordered_qty >= 1),
  filled_qty INTEGER NOT NULL CHECK (filled_qty >= 0 AND filled_qty <= ordered_qty),
  fill_price REAL CHECK (fill_price IS NULL OR fill_price > 0),
  source TEXT NOT NULL,
  recorded_at_ms INTEGER NOT NULL,
  PRIMARY KEY (date, line)
) WITHOUT ROWID;

-- Positions set by hand (alvh book set): the final word on a position for their date,
-- applied after the fills of that date in seq order.
CREATE TABLE hedge_adjustments (
  date TEXT NOT NULL CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
  seq INTEGER NOT NULL CHECK (seq >= 1),
  layer TEXT NOT NULL CHECK (length(layer) > 0),
  instrument_key TEXT NOT NULL,
  instrument TEXT NOT NULL CHECK (json_valid(instrument)),
  qty INTEGER NOT NULL,
  entry_price REAL,
  recorded_at_ms INTEGER NOT NULL,
  PRIMARY KEY (date, seq)
) WITHOUT ROWID;
`,
  },
  {
    version: 5,
    name: 'signal revisions',
    sql: `
-- A signal of a date can be republished after new data (alvh signal --republish): the
-- signals table holds the current version of each date, with its revision number and the
-- reason it replaced the previous one; every replaced version is kept here, append-only.
ALTER TABLE signals ADD COLUMN revision INTEGER NOT NULL DEFAULT 1 CHECK (revision >= 1);
ALTER TABLE signals ADD COLUMN reason TEXT;
CREATE TABLE signal_revisions (
  date TEXT NOT NULL CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
  revision INTEGER NOT NULL CHECK (revision >= 1),
  payload TEXT NOT NULL CHECK (json_valid(payload)),
  created_at_ms INTEGER NOT NULL,
  reason TEXT,
  replaced_at_ms INTEGER NOT NULL,
  replaced_because TEXT NOT NULL CHECK (length(replaced_because) > 0),
  PRIMARY KEY (date, revision)
) WITHOUT ROWID;
${appendOnly('signal_revisions')}
-- A signal is still written once per revision: an update must raise the revision by one,
-- and only after the version it replaces is kept in signal_revisions.
DROP TRIGGER signals_no_update;
CREATE TRIGGER signals_revise_only BEFORE UPDATE ON signals
WHEN NEW.date IS NOT OLD.date OR NEW.revision IS NOT OLD.revision + 1
  OR NOT EXISTS (SELECT 1 FROM signal_revisions r WHERE r.date = OLD.date AND r.revision = OLD.revision AND r.payload = OLD.payload)
BEGIN SELECT RAISE(ABORT, 'signals are written once per revision: keep the earlier version in signal_revisions first'); END;
CREATE TRIGGER signals_no_delete BEFORE DELETE ON signals
BEGIN SELECT RAISE(ABORT, 'signals are never deleted'); END;
`,
  },
];
