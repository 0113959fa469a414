import Database from 'better-sqlite3-multiple-ciphers';
import { Kysely, PostgresDialect, sql, SqliteDialect, type Transaction } from 'kysely';
import pg from 'pg';
import { SERVER_MIGRATIONS } from '../../migrations/server/index.ts';
import type { ServerDialect } from '../../migrations/server/migration.ts';
import type { ServerSchema } from './schema.ts';

// The server's only state is this database: SQLite file by default, PostgreSQL for production.

export type Storage = {
  readonly db: Kysely<ServerSchema>;
  readonly dialect: ServerDialect;
  /**
   * Runs fn in a transaction that holds the push lock: server sequence numbers are then taken
   * and committed in order, so a puller never passes a number that commits later.
   */
  pushTransaction<T>(fn: (trx: Transaction<ServerSchema>) => Promise<T>): Promise<T>;
  close(): Promise<void>;
};

export class ServerVersionError extends Error {}

const PUSH_LOCK = 7311001;
const MIGRATE_LOCK = 7311002;

export const LATEST_SERVER_VERSION = SERVER_MIGRATIONS.length;

export function isPostgresUrl(database: string): boolean {
  return /^postgres(ql)?:\/\//.test(database);
}

function open(database: string): { db: Kysely<ServerSchema>; dialect: ServerDialect } {
  if (isPostgresUrl(database)) {
    const pool = new pg.Pool({ connectionString: database, max: 10, connectionTimeoutMillis: 10_000, statement_timeout: 30_000 });
    return { db: new Kysely<ServerSchema>({ dialect: new PostgresDialect({ pool }) }), dialect: 'postgres' };
  }
  const raw = new Database(database);
  raw.pragma('journal_mode = WAL');
  raw.pragma('synchronous = FULL');
  raw.pragma('busy_timeout = 10000');
  return { db: new Kysely<ServerSchema>({ dialect: new SqliteDialect({ database: raw }) }), dialect: 'sqlite' };
}

async function migrate(db: Kysely<ServerSchema>, dialect: ServerDialect): Promise<void> {
  await db.transaction().execute(async (trx) => {
    if (dialect === 'postgres') await sql`SELECT pg_advisory_xact_lock(${MIGRATE_LOCK})`.execute(trx);
    await trx.schema
      .createTable('server_migration')
      .ifNotExists()
      .addColumn('version', 'integer', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('applied_at', 'text', (c) => c.notNull())
      .execute();
  });
  for (const step of SERVER_MIGRATIONS) {
    await db.transaction().execute(async (trx) => {
      if (dialect === 'postgres') await sql`SELECT pg_advisory_xact_lock(${MIGRATE_LOCK})`.execute(trx);
      const rows = await trx.selectFrom('server_migration').select('version').execute();
      const newest = Math.max(0, ...rows.map((r) => Number(r.version)));
      if (newest > LATEST_SERVER_VERSION) throw new ServerVersionError(`The server database is at version ${newest}; this server knows up to ${LATEST_SERVER_VERSION}. It was not changed.`);
      if (rows.some((r) => Number(r.version) === step.version)) return;
      await step.up(trx, dialect);
      await trx.insertInto('server_migration').values({ version: step.version, name: step.name, applied_at: new Date().toISOString() }).execute();
    });
  }
}

export async function openStorage(database: string): Promise<Storage> {
  const { db, dialect } = open(database);
  try {
    await migrate(db, dialect);
  } catch (e) {
    await db.destroy();
    throw e;
  }
  return {
    db,
    dialect,
    pushTransaction: (fn) =>
      db.transaction().execute(async (trx) => {
        if (dialect === 'postgres') await sql`SELECT pg_advisory_xact_lock(${PUSH_LOCK})`.execute(trx);
        return fn(trx);
      }),
    close: () => db.destroy(),
  };
}
