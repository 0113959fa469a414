import { z } from 'zod';
import { amount, currency, id, isoDate, isoTimestamp, optionalText, page, pageInput } from './common.ts';
import { op } from './define.ts';

/**
 * store_credit: a refund with it gives the customer store credit instead of money (Cr the store
 * credit liability); a payment with it spends that credit, never more than the customer has.
 * (Money a customer overpaid stays customer credit and is used with payments.allocate.)
 */
export const PAYMENT_METHODS = ['cash', 'card', 'bank_transfer', 'alipay', 'wechat_pay', 'cash_on_delivery', 'store_credit'] as const;
export const PAYMENT_KINDS = ['payment', 'refund'] as const;

const positive = amount.min(1);
const allocationsInput = z.array(z.object({ invoiceId: id, amount: positive })).min(1).max(100);

export const payment = z.object({
  id,
  number: z.string(),
  kind: z.enum(PAYMENT_KINDS),
  customerId: id,
  method: z.enum(PAYMENT_METHODS),
  amount: z.number().int(),
  currency,
  paidOn: isoDate,
  reference: z.string().nullable(),
  note: z.string().nullable(),
  recordedAt: isoTimestamp,
  allocations: z.array(z.object({ invoiceId: id, invoiceNumber: z.string(), amount: z.number().int(), allocatedOn: isoDate })),
  /** What is not allocated to any invoice: customer credit (payment) or a refund of credit. */
  unallocated: z.number().int(),
});

export const customerAccount = z.object({
  customerId: id,
  currency,
  invoiced: z.number().int(),
  credited: z.number().int(),
  paid: z.number().int(),
  refunded: z.number().int(),
  /** invoiced − credited − paid + refunded: positive is owed by the customer, negative is owed to them. */
  balance: z.number().int(),
  /** Payments not allocated to invoices, less refunds not allocated to invoices. */
  unallocatedCredit: z.number().int(),
  /** Store credit given (refunds as store_credit) less store credit spent (payments with it). */
  storeCredit: z.number().int(),
});

export const paymentsContract = {
  'payments.record': op({
    kind: 'write',
    permission: 'payments.write',
    summary: 'Record a payment from a customer (or a refund to one); allocations default to the oldest due invoices, and what is left stays as customer credit',
    input: z.object({
      customerId: id,
      kind: z.enum(PAYMENT_KINDS).default('payment'),
      method: z.enum(PAYMENT_METHODS),
      amount: positive,
      paidOn: isoDate.optional(),
      reference: optionalText(100),
      note: optionalText(500),
      allocations: allocationsInput.optional(),
    }),
    output: payment,
  }),
  'payments.allocate': op({
    kind: 'write',
    permission: 'payments.write',
    summary: 'Allocate what is left of a payment (customer credit) to invoices',
    input: z.object({ paymentId: id, allocations: allocationsInput }),
    output: payment,
  }),
  'payments.get': op({ kind: 'read', permission: 'invoices.read', summary: 'One payment or refund with its allocations', input: z.object({ id }), output: payment }),
  'payments.list': op({
    kind: 'read',
    permission: 'invoices.read',
    summary: 'Payments and refunds, newest first',
    input: z.object({
      customerId: id.optional(),
      method: z.enum(PAYMENT_METHODS).optional(),
      dateFrom: isoDate.optional(),
      dateTo: isoDate.optional(),
      ...pageInput,
    }),
    output: page(payment),
  }),
  'payments.account': op({ kind: 'read', permission: 'invoices.read', summary: "A customer's account: invoiced, credited, paid, refunded, balance and credit", input: z.object({ customerId: id }), output: customerAccount }),
} as const;
