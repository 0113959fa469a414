import type { Kysely } from 'kysely';

export type ServerDialect = 'sqlite' | 'postgres';

/** One forward-only step of the sync server's schema; the runner applies it in a transaction with its version row. */
export type ServerMigration = {
  readonly version: number;
  readonly name: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a migration sees the schema of its own time, not today's types
  up(db: Kysely<any>, dialect: ServerDialect): Promise<void>;
};
