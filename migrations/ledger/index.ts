import { migration0001 } from './0001-initial.ts';
import { migration0002 } from './0002-order-product-index.ts';
import { migration0003 } from './0003-invoicing.ts';
import { migration0004 } from './0004-fulfilment.ts';
import { migration0005 } from './0005-integrations.ts';
import { migration0006 } from './0006-users.ts';
import { migration0007 } from './0007-shipping-charge.ts';
import { migration0008 } from './0008-purchasing.ts';
import { migration0009 } from './0009-sync.ts';
import { migration0010 } from './0010-order-sorts.ts';
import { migration0011 } from './0011-purchasing-roles.ts';
import { migration0012 } from './0012-order-search-once.ts';
import { migration0013 } from './0013-books-extras.ts';
import { migration0014 } from './0014-sales-by-day.ts';
import { migration0015 } from './0015-invoice-kind-date.ts';
import { migration0016 } from './0016-customer-balance.ts';
import { migration0017 } from './0017-order-search-deferral.ts';
import { migration0018 } from './0018-search-deferral-all.ts';
import { migration0019 } from './0019-search-deletions.ts';
import type { Migration } from './migration.ts';

/** Every ledger migration, in order. Append only: a released step is never edited. */
export const LEDGER_MIGRATIONS: readonly Migration[] = [
  migration0001, migration0002, migration0003, migration0004, migration0005, migration0006, migration0007, migration0008, migration0009, migration0010, migration0011,
  migration0012, migration0013, migration0014, migration0015, migration0016, migration0017, migration0018, migration0019,
];
export type { Migration };
