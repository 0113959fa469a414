import type { Migration } from './migration.ts';

// Purchasing for the built-in roles (issue 11): the manager, warehouse clerk and accountant rows
// of ledgers made before purchasing existed lack its permissions. Role rows are journaled, so
// this step does not rewrite them behind the journal's back (verify and sync would see an
// unexplained change): it only marks the ledger, and the next open adds the permissions through
// the journal (`upgradeBuiltinRoles`) and removes the mark in that same transaction. A ledger
// without roles yet gets no mark: its roles are written later with today's permission sets.
// Station state, not journaled. Self-contained so it can be renumbered when branches merge.
export const migration0011: Migration = {
  version: 11,
  name: 'purchasing permissions for the built-in roles',
  sql: `
CREATE TABLE ledger_upgrade (
  name TEXT PRIMARY KEY
) STRICT;
INSERT INTO ledger_upgrade (name) SELECT 'purchasing_roles' WHERE EXISTS (SELECT 1 FROM role WHERE builtin IS NOT NULL);
`,
};
