import { z } from 'zod';
import { INVOICE_STATUSES } from '../invoice-math.ts';
import { address, currency, id, isoDate, isoTimestamp, optionalText, page, pageInput, quantity, text } from './common.ts';
import { op } from './define.ts';
import { accountMap } from './reports.ts';

export const DOCUMENT_KINDS = ['invoice', 'credit_note'] as const;
/** Every numbering series of issue 6: documents, payments, refunds, income and expense entries. */
export const SERIES_KINDS = ['invoice', 'credit_note', 'payment', 'refund', 'income', 'expense'] as const;
export type SeriesKind = (typeof SERIES_KINDS)[number];

export const invoiceStatus = z.enum(INVOICE_STATUSES);

const taxRow = z.object({ taxRateBp: z.number().int(), net: z.number().int(), tax: z.number().int(), gross: z.number().int() });

export const invoiceLine = z.object({
  id,
  lineNo: z.number().int(),
  /** Null on the shipping line. */
  orderLineId: id.nullable(),
  creditedLineId: id.nullable(),
  /** Null on the shipping line. */
  productId: id.nullable(),
  /** 'shipping' on the line billing the order's shipping fee (sku SHIPPING); null on goods. */
  charge: z.enum(['shipping']).nullable(),
  sku: z.string(),
  name: z.string(),
  unit: z.string(),
  quantity: z.number().int(),
  unitPrice: z.number().int(),
  discountBp: z.number().int(),
  taxRateBp: z.number().int(),
  net: z.number().int(),
  tax: z.number().int(),
  gross: z.number().int(),
  /** Left out for callers without `costs.read` (src/shared/cost-fields.ts). */
  unitCost: z.number().int().optional(),
  cost: z.number().int().optional(),
});

export const invoiceBalance = z.object({
  credited: z.number().int(),
  paid: z.number().int(),
  refunded: z.number().int(),
  /** Negative when the shop owes the customer (a refund is due). */
  amountDue: z.number().int(),
  status: invoiceStatus,
  overdue: z.boolean(),
});

export const invoiceSummary = z.object({
  id,
  kind: z.enum(DOCUMENT_KINDS),
  number: z.string(),
  orderId: id,
  creditedInvoiceId: id.nullable(),
  customerId: id,
  customerName: z.string(),
  currency,
  issueDate: isoDate,
  dueDate: isoDate,
  netTotal: z.number().int(),
  taxTotal: z.number().int(),
  grossTotal: z.number().int(),
  /** Invoices only; null on credit notes. */
  balance: invoiceBalance.nullable(),
});

export const invoiceDocument = invoiceSummary.extend({
  orderNumber: z.string(),
  creditedInvoiceNumber: z.string().nullable(),
  customerTaxId: z.string().nullable(),
  billingAddress: address.nullable(),
  pricesIncludeTax: z.boolean(),
  /** Left out for callers without `costs.read` (src/shared/cost-fields.ts). */
  costTotal: z.number().int().optional(),
  reason: z.string().nullable(),
  returnWarehouseId: id.nullable(),
  issuedAt: isoTimestamp,
  actor: z.string(),
  lines: z.array(invoiceLine),
  taxBreakdown: z.array(taxRow),
  creditNotes: z.array(z.object({ id, number: z.string(), issueDate: isoDate, grossTotal: z.number().int() })),
  allocations: z.array(z.object({ paymentId: id, paymentNumber: z.string(), kind: z.enum(['payment', 'refund']), amount: z.number().int(), allocatedOn: isoDate })),
});

export const numberSeries = z.object({
  kind: z.enum(SERIES_KINDS),
  prefix: z.string(),
  padding: z.number().int(),
  /** The number the next document of the year asked for gets. */
  next: z.string(),
});

export const seller = z.object({
  name: z.string(),
  taxId: z.string().nullable(),
  address: address.nullable(),
  iban: z.string().nullable(),
  email: z.string().nullable(),
});

const byId = z.object({ id });

export const invoicingContract = {
  'invoices.issue': op({
    kind: 'write',
    permission: 'invoices.issue',
    summary: 'Issue an invoice for an order: what is left to invoice, what has shipped and is not yet invoiced, or chosen line quantities',
    input: z.object({
      orderId: id,
      basis: z.enum(['remaining', 'shipped']).default('remaining'),
      lines: z.array(z.object({ orderLineId: id, quantity })).min(1).max(1000).optional(),
      issueDate: isoDate.optional(),
      paymentTermsDays: z.number().int().min(0).max(365).default(30),
    }),
    output: invoiceDocument,
  }),
  'invoices.credit': op({
    kind: 'write',
    permission: 'credit_notes.issue',
    summary: 'Issue a credit note against an invoice, for all of it or chosen line quantities; returned goods may go back to stock',
    input: z.object({
      invoiceId: id,
      reason: text(500),
      lines: z.array(z.object({ invoiceLineId: id, quantity })).min(1).max(1000).optional(),
      returnToStock: z.boolean().default(false),
      issueDate: isoDate.optional(),
    }),
    output: invoiceDocument,
  }),
  'invoices.get': op({ kind: 'read', permission: 'invoices.read', summary: 'One invoice or credit note with lines, tax breakdown, balance and payments', input: byId, output: invoiceDocument }),
  'invoices.list': op({
    kind: 'read',
    permission: 'invoices.read',
    summary: 'Invoices and credit notes, newest first',
    input: z.object({
      kind: z.enum(DOCUMENT_KINDS).optional(),
      number: z.string().trim().min(1).max(60).optional(),
      customerId: id.optional(),
      orderId: id.optional(),
      dateFrom: isoDate.optional(),
      dateTo: isoDate.optional(),
      ...pageInput,
    }),
    output: page(invoiceSummary),
  }),
  'invoices.settings': op({
    kind: 'read',
    permission: 'invoices.read',
    summary: 'Invoicing settings: the numbering series (with the next number of a year), the seller and the journal export account mapping',
    input: z.object({ year: z.number().int().min(2000).max(2999).optional() }),
    output: z.object({ year: z.number().int(), series: z.array(numberSeries), seller, accounts: accountMap }),
  }),
  'invoices.configureSeries': op({
    kind: 'write',
    permission: 'settings.write',
    summary: 'Set the prefix and counter width of a numbering series (the counter itself never moves back)',
    input: z.object({
      kind: z.enum(SERIES_KINDS),
      prefix: z.string().regex(/^[A-Z0-9]{1,10}$/, 'upper-case letters and digits, at most 10'),
      padding: z.number().int().min(1).max(12).default(6),
    }),
    output: numberSeries,
  }),
  'invoices.configureSeller': op({
    kind: 'write',
    permission: 'settings.write',
    summary: 'Set the seller tax id, address, bank account and e-mail shown on invoices (the name is the shop name)',
    input: z.object({
      taxId: optionalText(40),
      address: address.nullable().default(null),
      iban: z.string().regex(/^[A-Z]{2}[0-9]{2}[A-Z0-9]{10,30}$/, 'an IBAN without spaces').nullable().default(null),
      email: z.email().max(254).nullable().default(null),
    }),
    output: seller,
  }),
} as const;
