import type { Migration } from './migration.ts';

// Integrations (issue 8): column-mapping presets for batch imports, saved by name, and API tokens.
// Both are journaled like master data (replayed by verify); a token row holds only its hash.
// Self-contained so it can be renumbered when the branches merge.
export const migration0005: Migration = {
  version: 5,
  name: 'integrations: import presets, API tokens, idempotency keys, webhooks',
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
-- Webhooks. Subscriptions are journaled master data (the secret signs deliveries). The outbox
-- (webhook_event), the deliveries and their attempt log are not journaled: an event and its
-- deliveries are written in the transaction of the operation that caused it; delivery state
-- changes afterwards belong to this station only.
CREATE TABLE webhook_subscription (
  id TEXT PRIMARY KEY,
  url TEXT NOT NULL,
  events TEXT NOT NULL,
  secret TEXT NOT NULL,
  active INTEGER NOT NULL CHECK (active IN (0, 1)),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;
CREATE TABLE webhook_event (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  type TEXT NOT NULL,
  order_id TEXT,
  payload TEXT NOT NULL,
  created_at TEXT NOT NULL
) STRICT;
CREATE TABLE webhook_delivery (
  id TEXT PRIMARY KEY,
  event_seq INTEGER NOT NULL REFERENCES webhook_event(seq),
  subscription_id TEXT NOT NULL REFERENCES webhook_subscription(id),
  order_id TEXT,
  status TEXT NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')),
  attempts INTEGER NOT NULL,
  next_attempt_at TEXT NOT NULL,
  delivered_at TEXT,
  UNIQUE (subscription_id, event_seq)
) STRICT;
CREATE INDEX webhook_delivery_due ON webhook_delivery(status, next_attempt_at);
CREATE INDEX webhook_delivery_order ON webhook_delivery(subscription_id, order_id, event_seq);
CREATE TABLE webhook_attempt (
  id TEXT PRIMARY KEY,
  delivery_id TEXT NOT NULL REFERENCES webhook_delivery(id),
  at TEXT NOT NULL,
  status_code INTEGER,
  error TEXT,
  duration_ms INTEGER NOT NULL
) STRICT;
CREATE INDEX webhook_attempt_delivery ON webhook_attempt(delivery_id, at);
-- Imports find an order's customer by email, ignoring case.
CREATE INDEX customer_email ON customer(email COLLATE NOCASE);
`,
};
