import type { Migration } from './migration.ts';

// Sync (issue 10, docs/SYNC.md). Self-contained so it can be renumbered when branches merge.
// None of these tables is journaled: they are this station's sync memory. What other stations
// wrote is kept, as it was applied here, in sync_applied (hash-chained like the journal), so
// verify replays the journal and sync_applied together in apply order.
export const migration0009: Migration = {
  version: 9,
  name: 'sync: clocks, applied remote ops, alerts and conflicts',
  rebuilds: ['stock_level'],
  sql: `
-- The hybrid logical clock of every local entry (covered by its hash); older entries have none.
ALTER TABLE journal ADD COLUMN hlc TEXT;

-- Station sync state: the clock, the pull cursor, what the server acknowledged, the server
-- address and this station's device credential.
CREATE TABLE sync_state (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;

-- The clock of the last write of each field of master data (col = '*' for a row's insert,
-- '~' for its deletion), so a late op never overwrites a newer value.
CREATE TABLE sync_clock (
  t TEXT NOT NULL,
  id TEXT NOT NULL,
  col TEXT NOT NULL,
  hlc TEXT NOT NULL,
  PRIMARY KEY (t, id, col)
) STRICT, WITHOUT ROWID;

-- Remote ops as applied here, in apply order, after local journal entry after_seq; changes are
-- the effective ones (fields that lost to a newer clock are left out). Derived writes made by
-- a merge (stock levels recomputed from movements) are entries of kind 'derived'.
CREATE TABLE sync_applied (
  pos INTEGER PRIMARY KEY AUTOINCREMENT,
  op_id TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL CHECK (kind IN ('remote', 'derived')),
  station_id TEXT NOT NULL,
  hlc TEXT NOT NULL,
  operation TEXT NOT NULL,
  server_seq INTEGER,
  after_seq INTEGER NOT NULL,
  changes TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
) STRICT;

-- Oversell alerts, order-transition conflicts, ops that could not be applied and wrong clocks:
-- shown to a person until resolved, never dropped.
CREATE TABLE sync_issue (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('oversell', 'transition', 'parked', 'clock')),
  subject TEXT NOT NULL,
  message TEXT NOT NULL,
  details TEXT NOT NULL,
  created_at TEXT NOT NULL,
  resolved_at TEXT
) STRICT;
CREATE INDEX sync_issue_open ON sync_issue(kind, subject) WHERE resolved_at IS NULL;

-- Stock levels are the sum of movements, and after a merge that sum may be below zero (two
-- stations released the same reservation while apart). The level must still equal the
-- movements, so the CHECK on reserved goes; local operations keep refusing to go below zero,
-- and a merge that does raises an alert. Same columns, rowids and index.
CREATE TABLE stock_level_merged (
  id TEXT PRIMARY KEY,
  product_id TEXT NOT NULL REFERENCES product(id),
  warehouse_id TEXT NOT NULL REFERENCES warehouse(id),
  on_hand INTEGER NOT NULL,
  reserved INTEGER NOT NULL,
  UNIQUE (product_id, warehouse_id)
) STRICT;
INSERT INTO stock_level_merged (rowid, id, product_id, warehouse_id, on_hand, reserved)
  SELECT rowid, id, product_id, warehouse_id, on_hand, reserved FROM stock_level;
DROP TABLE stock_level;
ALTER TABLE stock_level_merged RENAME TO stock_level;
CREATE INDEX stock_level_warehouse ON stock_level(warehouse_id);
`,
};
