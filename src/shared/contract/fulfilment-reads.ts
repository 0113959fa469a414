import { z } from 'zod';
import { address, amount, id, isoTimestamp, page, pageInput } from './common.ts';
import { op } from './define.ts';
import { feeQuote } from './fulfilment.ts';
import { lineInput } from './orders.ts';

// Reads that let screens show what the ledger will do before anything is saved: the shipping fee
// of an order being entered, and the list of count sheets.

export const COUNT_STATUSES = ['open', 'posted'] as const;

/** A count sheet in a list: its header and how far counting got, without its lines. */
export const stockCountSummary = z.object({
  id,
  number: z.string(),
  warehouseId: id,
  warehouseCode: z.string(),
  warehouseName: z.string(),
  status: z.enum(COUNT_STATUSES),
  binFrom: z.string().nullable(),
  binTo: z.string().nullable(),
  reason: z.string().nullable(),
  createdAt: isoTimestamp,
  postedAt: isoTimestamp.nullable(),
  lines: z.number().int(),
  counted: z.number().int(),
});

export const feeEstimate = feeQuote.extend({
  /** The country and region the fee was computed for; null without a ship-to address. */
  destination: z.object({ country: z.string(), region: z.string().nullable() }).nullable(),
});

export const fulfilmentReadsContract = {
  'delivery.estimate': op({
    kind: 'read',
    permission: 'orders.read',
    summary:
      'The shipping fee an order being entered would pay, before it is saved: its lines, discount and ship-to (given, or the saved draft\'s, or the customer\'s) through the same fee rules as the saved order',
    input: z.object({
      deliveryMethodId: id,
      /** The saved draft being edited: its address, price basis and tax rounding apply. */
      orderId: id.optional(),
      /** A new order: the customer's shipping address is the ship-to. */
      customerId: id.optional(),
      shipTo: address.nullish(),
      lines: z.array(lineInput).max(1000),
      orderDiscount: amount.default(0),
    }),
    output: feeEstimate,
  }),
  'counts.list': op({
    kind: 'read',
    permission: 'stock.read',
    summary: 'Count sheets, newest first, optionally of one warehouse and one status (open or posted)',
    input: z.object({ warehouseId: id.optional(), status: z.enum(COUNT_STATUSES).optional(), ...pageInput }),
    output: page(stockCountSummary),
  }),
} as const;
