import { sql } from 'kysely';
import type { ServerMigration } from './migration.ts';

// The sync server's tables (docs/SYNC.md "Server"). Written with Kysely's schema builder so the
// same step runs on SQLite and PostgreSQL; only the server sequence differs by dialect.
export const serverMigration0001: ServerMigration = {
  version: 1,
  name: 'devices, enrollment codes, ops, push batches',
  async up(db, dialect) {
    await db.schema
      .createTable('device')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('station_id', 'text', (c) => c.notNull())
      .addColumn('role', 'text', (c) => c.notNull().check(sql`role IN ('station', 'owner')`))
      .addColumn('token_hash', 'text', (c) => c.notNull().unique())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('revoked_at', 'text')
      .addColumn('last_seen_at', 'text')
      .addColumn('acked_seq', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
    await db.schema
      .createTable('enrollment')
      .addColumn('code_hash', 'text', (c) => c.primaryKey())
      .addColumn('role', 'text', (c) => c.notNull().check(sql`role IN ('station', 'owner')`))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'text', (c) => c.notNull())
      .addColumn('used_at', 'text')
      .addColumn('device_id', 'text')
      .execute();
    await db.schema
      .createTable('op')
      .addColumn('server_seq', dialect === 'postgres' ? 'serial' : 'integer', (c) => (dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement()))
      .addColumn('id', 'text', (c) => c.notNull().unique())
      .addColumn('station_id', 'text', (c) => c.notNull())
      .addColumn('station_seq', 'integer', (c) => c.notNull())
      .addColumn('hlc', 'text', (c) => c.notNull())
      .addColumn('body', 'text', (c) => c.notNull())
      .addColumn('device_id', 'text', (c) => c.notNull())
      .addColumn('received_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('op_station').on('op').columns(['station_id', 'station_seq']).execute();
    await db.schema
      .createTable('push_batch')
      .addColumn('batch_id', 'text', (c) => c.primaryKey())
      .addColumn('device_id', 'text', (c) => c.notNull())
      .addColumn('received_at', 'text', (c) => c.notNull())
      .execute();
  },
};
