import { z } from 'zod';
import { AGING_BUCKETS } from '../invoice-math.ts';
import { code, currency, id, isoDate } from './common.ts';
import { PAYMENT_METHODS } from './payments.ts';
import { op } from './define.ts';

export const REPORT_PERIODS = ['day', 'month', 'year'] as const;
export const CSV_DATASETS = ['invoices', 'invoice_lines', 'payments', 'book_entries', 'tax_summary', 'journal', 'supplier_bills', 'supplier_payments', 'payables'] as const;

const range = { dateFrom: isoDate, dateTo: isoDate, period: z.enum(REPORT_PERIODS).default('month') };
const int = z.number().int();
const buckets = z.object(Object.fromEntries(AGING_BUCKETS.map((b) => [b, int])) as Record<(typeof AGING_BUCKETS)[number], typeof int>);

export const salesRow = z.object({
  period: z.string(),
  taxRateBp: int,
  invoicedNet: int,
  invoicedTax: int,
  creditedNet: int,
  creditedTax: int,
  net: int,
  tax: int,
  gross: int,
});

export const profitRow = z.object({
  period: z.string(),
  sales: int,
  costOfGoods: int,
  grossProfit: int,
  otherIncome: int,
  expenses: int,
  profit: int,
});

const accountCode = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9.:-]{0,19}$/, 'letters, digits, dot, colon and dash, at most 20');
const methodAccounts = z.object(Object.fromEntries(PAYMENT_METHODS.map((m) => [m, accountCode])) as Record<(typeof PAYMENT_METHODS)[number], typeof accountCode>);
const ACCOUNT_ROLES = ['receivables', 'inventory', 'payables', 'sales', 'vat', 'costOfGoods', 'otherIncome', 'expenses'] as const;

export const accountMap = z.object({
  ...(Object.fromEntries(ACCOUNT_ROLES.map((r) => [r, accountCode])) as Record<(typeof ACCOUNT_ROLES)[number], typeof accountCode>),
  methods: methodAccounts,
  /** Income or expense category code → account, overriding otherIncome / expenses. */
  categories: z.record(code, accountCode),
});

export const reportsContract = {
  'exports.configureAccounts': op({
    kind: 'write',
    permission: 'settings.write',
    summary: 'Change accounts of the journal export mapping; what is not given stays as it is',
    input: z.object({
      ...(Object.fromEntries(ACCOUNT_ROLES.map((r) => [r, accountCode.optional()])) as Record<(typeof ACCOUNT_ROLES)[number], z.ZodOptional<typeof accountCode>>),
      methods: methodAccounts.partial().optional(),
      categories: z.record(code, accountCode.nullable()).optional(),
    }),
    output: accountMap,
  }),
  'reports.sales': op({
    kind: 'read',
    permission: 'reports.read',
    summary: 'Sales and tax summary per period and tax rate, from issued invoices less credit notes (by issue date)',
    input: z.object(range),
    output: z.object({
      currency,
      rows: z.array(salesRow),
      totals: z.object({ net: int, tax: int, gross: int, invoices: int, creditNotes: int }),
    }),
  }),
  'reports.receivables': op({
    kind: 'read',
    permission: 'reports.read',
    summary: 'Receivables aging at a date: what customers owe, by days past due (current, 1-30, 31-60, 61-90, over 90)',
    input: z.object({ asOf: isoDate.optional() }),
    output: z.object({
      asOf: isoDate,
      currency,
      totals: buckets.extend({ total: int }),
      customers: z.array(buckets.extend({ customerId: id, customerName: z.string(), total: int })),
      invoices: z.array(z.object({ id, number: z.string(), customerId: id, customerName: z.string(), dueDate: isoDate, amountDue: int, bucket: z.enum(AGING_BUCKETS) })),
    }),
  }),
  'reports.profit': op({
    kind: 'read',
    permission: 'reports.read',
    summary: 'Income versus expenses per period: net sales, cost of goods, gross profit, other income, expenses and profit',
    input: z.object(range),
    output: z.object({ currency, rows: z.array(profitRow), totals: profitRow.omit({ period: true }) }),
  }),
  'reports.salesBy': op({
    kind: 'read',
    permission: 'reports.read',
    summary: 'Sales by product, customer or channel for a period: quantity, net, tax, gross, cost of goods and gross margin (invoices less credit notes)',
    input: z.object({ dateFrom: isoDate, dateTo: isoDate, by: z.enum(['product', 'customer', 'channel']) }),
    output: z.object({
      currency,
      rows: z.array(z.object({ key: z.string(), label: z.string(), quantity: int, net: int, tax: int, gross: int, cost: int.optional(), margin: int.optional() })),
    }),
  }),
  'reports.payments': op({
    kind: 'read',
    permission: 'reports.read',
    summary: 'Payments received and refunds paid per period and payment method',
    input: z.object(range),
    output: z.object({
      currency,
      rows: z.array(z.object({ period: z.string(), method: z.enum(PAYMENT_METHODS), received: int, refunded: int, net: int, count: int })),
      totals: z.object({ received: int, refunded: int, net: int }),
    }),
  }),
  'reports.stockValuation': op({
    kind: 'read',
    permission: 'reports.read',
    summary: 'Stock on hand at the end of a day, valued at the moving-average cost of that moment, per product and warehouse',
    input: z.object({ asOf: isoDate.optional(), warehouseId: id.optional() }),
    output: z.object({
      asOf: isoDate,
      currency,
      rows: z.array(z.object({ productId: id, sku: z.string(), warehouseId: id, warehouseCode: z.string(), onHand: int, unitCost: int, value: int })),
      total: int,
    }),
  }),
  'exports.csv': op({
    kind: 'read',
    permission: 'data.export',
    summary: 'A CSV file for the accountant (UTF-8 with BOM, comma separated, CRLF, amounts as decimals with a point); journal gives balanced double-entry lines per document',
    input: z.object({ dataset: z.enum(CSV_DATASETS), dateFrom: isoDate, dateTo: isoDate }),
    output: z.object({ filename: z.string(), mediaType: z.string(), rows: int, content: z.string() }),
  }),
  'exports.ubl': op({
    kind: 'read',
    permission: 'data.export',
    summary: 'The EN 16931 e-invoice of an invoice or credit note as UBL 2.1 XML',
    input: z.object({ id }),
    output: z.object({ filename: z.string(), mediaType: z.string(), xml: z.string() }),
  }),
} as const;
