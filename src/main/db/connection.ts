import Database from 'better-sqlite3-multiple-ciphers';
import { Kysely, SqliteDialect, type SqliteDatabase, type SqliteStatement } from 'kysely';
import { BackgroundCheckpointer } from './checkpointer.ts';
import { onJournalCommit } from './commit-events.ts';
import { applyKey, fileKind, isNotADatabase, KNOWN_CIPHERS, LedgerKeyError, NEW_LEDGER_CIPHER, type LedgerKey } from './cipher.ts';
import { LiteralLimitsPlugin } from './literal-limits.ts';
import { assertKnownVersion, migrateLedger } from './migrator.ts';
import type { LedgerSchema } from './schema.ts';

// Encrypted backups name their destination as a URI carrying the cipher and key (the driver
// opens the destination itself). The native module reads this once, when it first loads.
process.env.SQLITE_USE_URI = '1';

export type RawDatabase = Database.Database;

export type LedgerDb = {
  readonly raw: RawDatabase;
  /** A prepared statement from the same cache Kysely uses. */
  readonly prepare: (sql: string) => Database.Statement;
  readonly db: Kysely<LedgerSchema>;
  readonly file: string;
  /** The key the ledger was opened with; absent for a plain ledger. Backups use the same key. */
  readonly key?: LedgerKey;
  /** The app's ledger checkpoints its WAL in the background (OpenOptions.checkpointInBackground). */
  readonly checkpointer?: BackgroundCheckpointer;
  close(): Promise<void>;
};

export type OpenOptions = {
  /** Open without running migrations or writing anything (verify, inspection). */
  readonly readonly?: boolean;
  /**
   * Opens an encrypted ledger, and creates a new ledger encrypted. A plain ledger still opens
   * without it (`shopledger encrypt` converts one).
   */
  readonly key?: LedgerKey;
  /**
   * Checkpoints the WAL from a worker thread once the session has written a while (see
   * checkpointer.ts): the app's long-lived ledger. A tool that opens a ledger briefly does not.
   */
  readonly checkpointInBackground?: boolean;
};

const STATEMENT_CACHE_SIZE = 512;
const PAGE_CACHE_KIB = 64 * 1024;

/** The key a file needs: none for a plain ledger, even when one is offered. */
export function keyFor(file: string, key: LedgerKey | undefined): LedgerKey | undefined {
  return key !== undefined && file !== ':memory:' && fileKind(file) !== 'plain' ? key : undefined;
}

/**
 * The one place that creates a database handle (the SQLite3 Multiple Ciphers build of
 * better-sqlite3), so encryption is applied the same way wherever a ledger is opened.
 */
export function openRawDatabase(file: string, options: OpenOptions = {}): RawDatabase {
  const kind = file === ':memory:' ? 'new' : fileKind(file);
  const key = keyFor(file, options.key);
  const raw = openReadable(file, kind, key, options);
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
 * A handle whose first read worked. The file does not say which cipher it was written with, so an
 * encrypted one is tried with each known cipher; a wrong key fails them all.
 */
function openReadable(file: string, kind: ReturnType<typeof fileKind>, key: LedgerKey | undefined, options: OpenOptions): RawDatabase {
  const ciphers = key !== undefined && kind === 'encrypted' ? KNOWN_CIPHERS : [NEW_LEDGER_CIPHER];
  for (const cipher of ciphers) {
    const raw = new Database(file, { readonly: options.readonly ?? false, fileMustExist: options.readonly ?? false });
    try {
      if (key) applyKey(raw, key, cipher);
      // Before any other pragma: switching to WAL rewrites the header of a file we may not own.
      // It is also the first read, where a wrong key (or cipher) shows.
      assertKnownVersion(raw);
      return raw;
    } catch (e) {
      raw.close();
      if (!(kind === 'encrypted' && isNotADatabase(e))) throw e;
    }
  }
  throw new LedgerKeyError(file, key !== undefined);
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
  const key = keyFor(file, options.key);
  const raw = openRawDatabase(file, options);
  try {
    migrateLedger(raw, { readonly: options.readonly ?? false });
  } catch (e) {
    raw.close();
    throw e;
  }
  return ledgerOn(raw, file, key, options.checkpointInBackground === true && options.readonly !== true && file !== ':memory:');
}

/** The ledger's handles on an open connection: the statement cache and the typed Kysely over it. */
export function ledgerOn(raw: RawDatabase, file: string, key?: LedgerKey, checkpointInBackground = false): LedgerDb {
  // SQLite's default page cache is 2 MB. An encrypted page is decrypted and its HMAC checked each
  // time it comes back from the file, so the hot index pages of a big ledger stay in a larger
  // cache instead (taken as pages are used, not up front).
  raw.pragma(`cache_size = -${PAGE_CACHE_KIB}`);
  const prepare = statementCache(raw);
  const db = new Kysely<LedgerSchema>({ dialect: new SqliteDialect({ database: cachingDatabase(raw, prepare) }), plugins: [new LiteralLimitsPlugin()] });
  const checkpointer = checkpointInBackground ? new BackgroundCheckpointer(raw, file, key) : undefined;
  const ledger: LedgerDb = {
    raw,
    prepare,
    db,
    file,
    ...(key ? { key } : {}),
    ...(checkpointer ? { checkpointer } : {}),
    close: async () => {
      await checkpointer?.stop();
      await db.destroy();
      // Kysely closes the handle only if a query of its own ever ran; a ledger used only through
      // `raw` (a backup source, verify's helpers) would otherwise stay open until collected,
      // holding the file (and a replaced file's deleted contents) and its locks.
      if (raw.open) raw.close();
    },
  };
  if (checkpointer) onJournalCommit(ledger, () => checkpointer.committed());
  return ledger;
}
