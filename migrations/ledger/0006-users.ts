import type { Migration } from './migration.ts';

// Users and roles (issue 9). Roles and users are journaled master data (sync ships them, verify
// replays them); a user row holds only a salted scrypt hash of the password, never the password.
// Sessions are this station's sign-ins: not journaled, and only a hash of the token is kept.
// Self-contained so it can be renumbered when the branches merge.
export const migration0006: Migration = {
  version: 6,
  name: 'users, roles and sessions',
  sql: `
CREATE TABLE role (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  -- owner, manager, sales_clerk, warehouse_clerk, accountant; null for roles the owner made.
  builtin TEXT UNIQUE,
  permissions TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;
CREATE UNIQUE INDEX role_name ON role(name COLLATE NOCASE);
CREATE TABLE app_user (
  id TEXT PRIMARY KEY,
  username TEXT NOT NULL,
  display_name TEXT NOT NULL,
  role_id TEXT NOT NULL REFERENCES role(id),
  -- scrypt$<N>$<r>$<p>$<salt base64>$<hash base64>: the parameters travel with the hash.
  password_hash TEXT NOT NULL,
  active INTEGER NOT NULL CHECK (active IN (0, 1)),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;
CREATE UNIQUE INDEX app_user_username ON app_user(username COLLATE NOCASE);
CREATE TABLE user_session (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES app_user(id),
  token_hash TEXT NOT NULL UNIQUE,
  created_at TEXT NOT NULL,
  last_seen_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  ended_at TEXT
) STRICT;
CREATE INDEX user_session_user ON user_session(user_id, ended_at);
`,
};
