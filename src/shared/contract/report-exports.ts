import { z } from 'zod';
import { id, isoDate } from './common.ts';
import { op } from './define.ts';
import { CSV_DATASETS } from './reports.ts';

/** Reports as the accountant exports them, one sheet each. */
export const REPORT_EXPORTS = [
  'sales_by_day',
  'sales_by_month',
  'sales_by_product',
  'sales_by_customer',
  'sales_by_channel',
  'tax_summary',
  'receivables_aging',
  'payments_by_method',
  'stock_valuation',
  'gross_profit',
  'income_vs_expenses',
  'payables_aging',
  'journal',
  'invoices',
  'invoice_lines',
  'payments',
  'book_entries',
  'supplier_bills',
  'supplier_payments',
] as const;
export type ReportExport = (typeof REPORT_EXPORTS)[number];

/** Reports at one date (aging, stock valuation); every other export is over a period. */
export const AT_DATE_EXPORTS: readonly ReportExport[] = ['receivables_aging', 'stock_valuation', 'payables_aging'];

/** A dataset page cell: money comes as `{ minor }` so the writer can type it; dates as ISO text. */
const pageCell = z.union([z.string(), z.number(), z.null(), z.object({ minor: z.number().int() })]);

export const reportExportsContract = {
  'exports.report': op({
    kind: 'job',
    permission: 'data.export',
    summary:
      'Export a report, the journal or a document dataset to XLSX (number and date cells, amounts in major units with the currency format) or CSV; the file comes back base64-encoded. Rows are read page by page through the report operations with the caller\u2019s permissions',
    input: z
      .object({
        report: z.enum(REPORT_EXPORTS),
        format: z.enum(['csv', 'xlsx']).default('xlsx'),
        dateFrom: isoDate.optional(),
        dateTo: isoDate.optional(),
        asOf: isoDate.optional(),
        warehouseId: id.optional(),
      })
      .superRefine((v, ctx) => {
        if (AT_DATE_EXPORTS.includes(v.report)) return;
        if (!v.dateFrom) ctx.addIssue({ code: 'custom', path: ['dateFrom'], message: `${v.report} needs a period: dateFrom and dateTo` });
        if (!v.dateTo) ctx.addIssue({ code: 'custom', path: ['dateTo'], message: `${v.report} needs a period: dateFrom and dateTo` });
        if (v.dateFrom && v.dateTo && v.dateFrom > v.dateTo) ctx.addIssue({ code: 'custom', path: ['dateTo'], message: 'The end of the period is before its start' });
      }),
    output: z.object({ fileName: z.string(), contentType: z.string(), rows: z.number().int(), content: z.string() }),
  }),
  'exports.page': op({
    kind: 'read',
    permission: 'data.export',
    summary: 'One page of an accountant dataset (the rows exports.csv gives) for a short period, typed: money in minor units, dates ISO; exports read long periods day by day through it',
    input: z.object({ dataset: z.enum(CSV_DATASETS), dateFrom: isoDate, dateTo: isoDate }),
    output: z.object({ currency: z.string(), header: z.array(z.string()), rows: z.array(z.array(pageCell)) }),
  }),
} as const;
