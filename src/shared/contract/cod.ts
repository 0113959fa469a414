import { z } from 'zod';
import { amount, currency, id, isoDate, isoTimestamp, text } from './common.ts';
import { op } from './define.ts';

export const COD_FLAGS = ['matched', 'short', 'over'] as const;

export const codCharge = z.object({
  id,
  shipmentId: id,
  shipmentNumber: z.string(),
  carrierId: id,
  carrierCode: z.string(),
  orderId: id,
  orderNumber: z.string(),
  invoiceId: id.nullable(),
  invoiceNumber: z.string().nullable(),
  amount: z.number().int(),
  currency,
  recordedAt: isoTimestamp,
});

const remittanceLine = z.object({
  shipmentId: id,
  shipmentNumber: z.string(),
  expected: z.number().int(),
  received: z.number().int(),
  /** received − expected: negative when the carrier paid less than it collected for the shipment. */
  difference: z.number().int(),
  flag: z.enum(COD_FLAGS),
  paymentNumber: z.string().nullable(),
});

export const codRemittance = z.object({
  id,
  carrierId: id,
  carrierCode: z.string(),
  remittedOn: isoDate,
  reference: z.string(),
  amount: z.number().int(),
  currency,
  lines: z.array(remittanceLine),
  /** Σ received − Σ expected over the lines. */
  difference: z.number().int(),
  /** The remitted amount − Σ received: money the lines do not explain (0 when it adds up). */
  unexplained: z.number().int(),
  flagged: z.boolean(),
});

export const codContract = {
  'cod.record': op({
    kind: 'write',
    permission: 'payments.write',
    summary: 'Record the cash-on-delivery amount the carrier of a shipment collects from the customer (once per shipment), against the order\u2019s invoice',
    input: z.object({ shipmentId: id, amount: amount.min(1), invoiceId: id.optional() }),
    output: codCharge,
  }),
  'cod.reconcile': op({
    kind: 'write',
    permission: 'payments.write',
    summary:
      'Record a carrier\u2019s cash-on-delivery remittance against its open shipments: each line becomes a cash-on-delivery payment of the shipment\u2019s invoice, and differences (short, over, unexplained) are flagged',
    input: z.object({
      carrierId: id,
      reference: text(100),
      remittedOn: isoDate.optional(),
      amount,
      lines: z.array(z.object({ shipmentId: id, received: amount })).min(1).max(5000),
    }),
    output: codRemittance,
  }),
  'reports.codOutstanding': op({
    kind: 'read',
    permission: 'reports.read',
    summary: 'Cash on delivery collected by carriers and not yet remitted, per carrier and per shipment',
    input: z.object({ carrierId: id.optional() }),
    output: z.object({
      currency,
      total: z.number().int(),
      carriers: z.array(z.object({ carrierId: id, carrierCode: z.string(), carrierName: z.string(), shipments: z.number().int(), amount: z.number().int(), oldest: isoTimestamp })),
      shipments: z.array(codCharge),
    }),
  }),
} as const;
