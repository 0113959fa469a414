import { serverMigration0001 } from './0001-initial.ts';
import type { ServerMigration } from './migration.ts';

/** Every server migration, in order. Append only: a released step is never edited. */
export const SERVER_MIGRATIONS: readonly ServerMigration[] = [serverMigration0001];
export type { ServerMigration };
