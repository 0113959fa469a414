import Database from 'better-sqlite3';
import { Kysely, SqliteDialect, type SqliteDatabase, type SqliteStatement } from 'kysely';
import { LiteralLimitsPlugin } from './literal-limits.ts';
import { assertKnownVersion, migrateLedger } from './migrator.ts';
import type { LedgerSchema } from './schema.ts';

export type RawDatabase = Database.Database;

export type LedgerDb = {
  readonly raw: RawDatabase;
  /** A prepared statement from the same cache Kysely uses. */
  readonly prepare: (sql: string) => Database.Statement;
  readonly db: Kysely<LedgerSchema>;
  readonly file: string;
  close(): Promise<void>;
};

export type OpenOptions = {
  /** Open without running migrations or writing anything (verify, inspection). */
  readonly readonly?: boolean;
};

const STATEMENT_CACHE_SIZE = 512;

/**
 * The one place that creates a database handle, so the driver can be swapped for the
 * SQLCipher-compatible build later without touching services.
 */
export function openRawDatabase(file: string, options: OpenOptions = {}): RawDatabase {
  const raw = new Database(file, { readonly: options.readonly ?? false, fileMustExist: options.readonly ?? false });
  try {
    // Before any pragma: switching to WAL rewrites the header of a file we may not own.
    assertKnownVersion(raw);
  } catch (e) {
    raw.close();
    throw e;
  }
  // WAL lets readers work beside the single writer. synchronous=FULL makes every committed
  // transaction survive power loss, not only a process crash: an acknowledged order is never lost.
  raw.pragma('busy_timeout = 10000');
  if (!options.readonly) {
    raw.pragma('journal_mode = WAL');
    raw.pragma('synchronous = FULL');
  }
  raw.pragma('foreign_keys = ON');
  return raw;
}

/**
 * Kysely's SQLite driver prepares every statement on every call; better-sqlite3 statements are
 * reusable, so a small cache keyed by SQL text removes most of Kysely's overhead.
 */
export function statementCache(raw: RawDatabase): (sql: string) => Database.Statement {
  const cache = new Map<string, Database.Statement>();
  return (sql) => {
    let stmt = cache.get(sql);
    if (stmt === undefined) {
      stmt = raw.prepare(sql);
      if (cache.size >= STATEMENT_CACHE_SIZE) {
        const oldest = cache.keys().next().value;
        if (oldest !== undefined) cache.delete(oldest);
      }
      cache.set(sql, stmt);
    }
    return stmt;
  };
}

export function cachingDatabase(raw: RawDatabase, prepare = statementCache(raw)): SqliteDatabase {
  return {
    close: () => raw.close(),
    prepare: (sql) => prepare(sql) as unknown as SqliteStatement,
  };
}

export function openLedger(file: string, options: OpenOptions = {}): LedgerDb {
  const raw = openRawDatabase(file, options);
  try {
    migrateLedger(raw, { readonly: options.readonly ?? false });
  } catch (e) {
    raw.close();
    throw e;
  }
  const prepare = statementCache(raw);
  const db = new Kysely<LedgerSchema>({ dialect: new SqliteDialect({ database: cachingDatabase(raw, prepare) }), plugins: [new LiteralLimitsPlugin()] });
  return {
    raw,
    prepare,
    db,
    file,
    close: () => db.destroy(),
  };
}
