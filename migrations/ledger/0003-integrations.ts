import type { Migration } from './migration.ts';

// Integrations (issue 8): column-mapping presets for batch imports, saved by name, and API tokens.
// Both are journaled like master data (replayed by verify); a token row holds only its hash.
// Self-contained so it can be renumbered when the branches merge.
export const migration0003: Migration = {
  version: 3,
  name: 'integrations: import presets, API tokens',
  sql: `
CREATE TABLE import_preset (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL CHECK (kind IN ('products', 'stock', 'customers', 'orders')),
  definition TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;
-- API tokens for integrations: only the SHA-256 of the secret is kept; permissions is a JSON list.
CREATE TABLE api_token (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  prefix TEXT NOT NULL,
  token_hash TEXT NOT NULL UNIQUE,
  permissions TEXT NOT NULL,
  created_at TEXT NOT NULL,
  revoked_at TEXT
) STRICT;
-- Idempotency keys: the first answer of a write call made with a key, written in the call's own
-- transaction. Not journaled (it is this station's transport memory, not ledger data).
CREATE TABLE idempotency_key (
  actor TEXT NOT NULL,
  key TEXT NOT NULL,
  operation TEXT NOT NULL,
  request_hash TEXT NOT NULL,
  response TEXT NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (actor, key)
) STRICT, WITHOUT ROWID;
-- Imports find an order's customer by email, ignoring case.
CREATE INDEX customer_email ON customer(email COLLATE NOCASE);
`,
};
