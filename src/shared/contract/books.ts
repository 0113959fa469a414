import { z } from 'zod';
import { amount, code, currency, id, isoDate, isoTimestamp, optionalText, page, pageInput, quantity, text } from './common.ts';
import { op } from './define.ts';
import { PAYMENT_METHODS } from './payments.ts';

export const BOOK_KINDS = ['income', 'expense'] as const;

export const bookCategory = z.object({ id, kind: z.enum(BOOK_KINDS), code: z.string(), name: z.string() });

export const bookEntry = z.object({
  id,
  number: z.string(),
  kind: z.enum(BOOK_KINDS),
  categoryId: id,
  categoryCode: z.string(),
  entryDate: isoDate,
  amount: z.number().int(),
  currency,
  method: z.enum(PAYMENT_METHODS),
  description: z.string(),
  reference: z.string().nullable(),
  recordedAt: isoTimestamp,
});

export const purchaseLine = z.object({
  productId: id,
  quantity: z.number().int(),
  /** Left out for callers without `costs.read` (src/shared/cost-fields.ts). */
  unitCost: z.number().int().optional(),
  /** The moving weighted-average unit cost of the product in the warehouse after this receipt. */
  averageAfter: z.number().int().optional(),
  movementId: id,
});

export const booksContract = {
  'books.createCategory': op({
    kind: 'write',
    permission: 'books.write',
    summary: 'Create an income or expense category',
    input: z.object({ kind: z.enum(BOOK_KINDS), code, name: text(100) }),
    output: bookCategory,
  }),
  'books.categories': op({
    kind: 'read',
    permission: 'books.read',
    summary: 'Income and expense categories by code',
    input: z.object({ kind: z.enum(BOOK_KINDS).optional() }),
    output: z.object({ items: z.array(bookCategory) }),
  }),
  'books.record': op({
    kind: 'write',
    permission: 'books.write',
    summary: 'Record income or an expense outside sales (rent, fees, interest); entries are immutable',
    input: z.object({
      categoryId: id,
      entryDate: isoDate.optional(),
      amount: amount.min(1),
      method: z.enum(PAYMENT_METHODS),
      description: text(500),
      reference: optionalText(100),
    }),
    output: bookEntry,
  }),
  'books.list': op({
    kind: 'read',
    permission: 'books.read',
    summary: 'Income and expense entries, newest first',
    input: z.object({ kind: z.enum(BOOK_KINDS).optional(), categoryId: id.optional(), dateFrom: isoDate.optional(), dateTo: isoDate.optional(), ...pageInput }),
    output: page(bookEntry),
  }),
  'purchases.receive': op({
    kind: 'write',
    permission: 'purchases.receive',
    summary: 'Receive purchased goods at a unit cost: stock goes up and the moving weighted-average cost is updated',
    input: z.object({
      warehouseId: id,
      supplier: optionalText(200),
      reference: optionalText(100),
      receivedOn: isoDate.optional(),
      lines: z.array(z.object({ productId: id, quantity, unitCost: amount })).min(1).max(1000),
    }),
    output: z.object({ lines: z.array(purchaseLine) }),
  }),
} as const;
