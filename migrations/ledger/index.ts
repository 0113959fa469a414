import { migration0001 } from './0001-initial.ts';
import { migration0003 } from './0003-fulfilment.ts';
import type { Migration } from './migration.ts';

/**
 * Every ledger migration, in ascending version order. Append only: a released step is never
 * edited. Versions must increase but may skip a number while parallel branches are open
 * (0002 is invoicing's); before a release the list is contiguous again.
 */
export const LEDGER_MIGRATIONS: readonly Migration[] = [migration0001, migration0003];
export type { Migration };
