import type { Migration } from './migration.ts';

// Integrations (issue 8): column-mapping presets for batch imports, saved by name. A preset is
// master data like a product: journaled, replayed by verify, shipped by sync.
// Self-contained so it can be renumbered when the branches merge.
export const migration0003: Migration = {
  version: 3,
  name: 'integrations: import presets',
  sql: `
CREATE TABLE import_preset (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL CHECK (kind IN ('products', 'stock', 'customers', 'orders')),
  definition TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;
-- Imports find an order's customer by email, ignoring case.
CREATE INDEX customer_email ON customer(email COLLATE NOCASE);
`,
};
