import { z } from 'zod';
import { amount, code, currency, text } from './common.ts';
import { op } from './define.ts';
import { TAX_ROUNDINGS } from '../order-totals.ts';

export const approvalRule = z.object({
  /** Orders whose gross total is at least this amount wait for approval; null turns it off. */
  amountAtLeast: amount.nullable(),
  /** The first order of a customer with no earlier confirmed order waits for approval. */
  firstOrderOfNewCustomer: z.boolean(),
});
export type ApprovalRule = z.infer<typeof approvalRule>;

export const ledgerSettings = z.object({
  currency,
  stationId: z.string(),
  stationCode: z.string(),
  shopName: z.string(),
  pricesIncludeTax: z.boolean(),
  approval: approvalRule,
  /** Tax rounded per line, or once per rate of a document (docs/ARCHITECTURE.md, Money and totals); new orders take it. */
  taxRounding: z.enum(TAX_ROUNDINGS),
});
export type LedgerSettings = z.infer<typeof ledgerSettings>;

export const settingsContract = {
  'settings.get': op({ kind: 'read', permission: 'settings.read', summary: 'The ledger settings', input: z.object({}), output: ledgerSettings }),
  'settings.update': op({
    kind: 'write',
    permission: 'settings.write',
    summary: 'Change the shop name, price basis, tax rounding or approval rule (the currency is fixed at creation)',
    input: z.object({
      shopName: text(200).optional(),
      stationCode: code.max(8).optional(),
      pricesIncludeTax: z.boolean().optional(),
      approval: approvalRule.optional(),
      taxRounding: z.enum(TAX_ROUNDINGS).optional(),
    }),
    output: ledgerSettings,
  }),
} as const;
