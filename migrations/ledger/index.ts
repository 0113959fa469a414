import { migration0001 } from './0001-initial.ts';
import { migration0002 } from './0002-invoicing.ts';
import type { Migration } from './migration.ts';

/** Every ledger migration, in order. Append only: a released step is never edited. */
export const LEDGER_MIGRATIONS: readonly Migration[] = [migration0001, migration0002];
export type { Migration };
