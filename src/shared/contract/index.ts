import type { z } from 'zod';
import { apiTokensContract } from './api-tokens.ts';
import { booksContract } from './books.ts';
import { caseCreditContract } from './case-credit.ts';
import { catalogContract } from './catalog.ts';
import { customersContract } from './customers.ts';
import { documentsContract } from './documents.ts';
import { exchangeContract } from './exchange.ts';
import { fulfilmentContract } from './fulfilment.ts';
import { fulfilmentReadsContract } from './fulfilment-reads.ts';
import { importsContract } from './imports.ts';
import { inventoryContract } from './inventory.ts';
import { invoicingContract } from './invoicing.ts';
import { ordersContract } from './orders.ts';
import { paymentsContract } from './payments.ts';
import { purchasingContract } from './purchasing.ts';
import { reportsContract } from './reports.ts';
import { settingsContract } from './settings.ts';
import { systemContract } from './system.ts';
import { usersContract } from './users.ts';
import { webhooksContract } from './webhooks.ts';
import { backupsContract } from './backups.ts';
import { syncContract } from './sync.ts';
import { reportExportsContract } from './report-exports.ts';
import { receiptsContract } from './receipts.ts';
import { codContract } from './cod.ts';

/** Every operation the UI or an integrator may call, declared once. */
export const CONTRACT = {
  ...settingsContract,
  ...catalogContract,
  ...customersContract,
  ...inventoryContract,
  ...ordersContract,
  ...fulfilmentContract,
  ...fulfilmentReadsContract,
  ...systemContract,
  ...invoicingContract,
  ...paymentsContract,
  ...booksContract,
  ...reportsContract,
  ...documentsContract,
  ...importsContract,
  ...apiTokensContract,
  ...webhooksContract,
  ...backupsContract,
  ...usersContract,
  ...caseCreditContract,
  ...purchasingContract,
  ...syncContract,
  ...exchangeContract,
  ...reportExportsContract,
  ...receiptsContract,
  ...codContract,
} as const;

export type Contract = typeof CONTRACT;
export type OpName = keyof Contract;
/** What a caller sends (defaults not yet applied). */
export type OpInput<N extends OpName> = z.input<Contract[N]['input']>;
/** What a handler receives, after validation and defaults. */
export type OpParsedInput<N extends OpName> = z.output<Contract[N]['input']>;
export type OpResult<N extends OpName> = z.output<Contract[N]['output']>;

export const OP_NAMES = Object.keys(CONTRACT) as OpName[];

export function isOpName(name: string): name is OpName {
  return Object.hasOwn(CONTRACT, name);
}

export type { OpAccess, OpDef, OpKind } from './define.ts';
