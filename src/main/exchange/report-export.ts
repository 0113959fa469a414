import { AGING_BUCKETS } from '../../shared/invoice-math.ts';
import { AT_DATE_EXPORTS, type ReportExport } from '../../shared/contract/report-exports.ts';
import type { CSV_DATASETS } from '../../shared/contract/reports.ts';
import { LOCAL_OWNER, type Caller } from '../../shared/permissions.ts';
import type { Dispatcher } from '../dispatcher.ts';
import { openSheetWriter, type ColumnType, type SheetCell, type SheetColumn } from './sheet-writer.ts';

/**
 * Reports, the journal and the document datasets to XLSX or CSV for the accountant. Every row
 * comes from the operation the screen uses (same figures, same permissions): a report is one
 * call (its rows are already totals per period, rate, product ...); the journal and document
 * datasets are read one day at a time through `exports.page` and written as they arrive, so a
 * year of invoices holds one day's rows in memory.
 */

export type ReportExportParams = {
  readonly report: ReportExport;
  readonly dateFrom?: string | undefined;
  readonly dateTo?: string | undefined;
  readonly asOf?: string | undefined;
  readonly warehouseId?: string | undefined;
};

type Host = { readonly dispatcher: Dispatcher };
type Sheet = { columns: SheetColumn[]; currency: string; rows: AsyncIterable<SheetCell[]> };

const col = (header: string, type: ColumnType = 'text'): SheetColumn => ({ header, type });
const money = (header: string) => col(header, 'money');
const bucketColumns = ['current', 'days_1_30', 'days_31_60', 'days_61_90', 'days_over_90'].map(money);

/** Credit notes and refunds go out negative; `0 - 0` keeps a zero from becoming -0. */
const neg = (n: number) => 0 - n;

async function* once<T>(rows: readonly T[]): AsyncGenerator<T> {
  yield* rows;
}

function addDays(iso: string, days: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

const DATE_HEADERS = new Set(['date', 'issue_date', 'due_date', 'bill_date']);
/** Datasets whose rows each belong to one date, so a period is the union of its days. */
const BY_DAY = new Set(['invoices', 'invoice_lines', 'payments', 'book_entries', 'journal', 'supplier_payments']);

async function datasetSheet(host: Host, caller: Caller, dataset: (typeof CSV_DATASETS)[number], from: string, to: string): Promise<Sheet> {
  const page = (a: string, b: string) => host.dispatcher.call('exports.page', { dataset, dateFrom: a, dateTo: b }, caller);
  // The first page is read before anything is written: it gives the header and refuses a bad call early.
  const first = await page(from, BY_DAY.has(dataset) ? from : to);
  const columns = first.header.map((h) => col(h, DATE_HEADERS.has(h) ? 'date' : h.endsWith('_percent') ? 'percent' : 'text'));
  // Money columns are named by the cells ({ minor }); integer cells (quantities, line numbers) stay numbers.
  const typed = (cells: readonly unknown[]): SheetCell[] =>
    cells.map((c, i) => {
      if (c !== null && typeof c === 'object') return (c as { minor: number }).minor;
      if (typeof c === 'number') return c;
      const type = columns[i]!.type;
      return type === 'percent' && c !== null ? Number(c) : (c as string | null);
    });
  for (const h of ['net', 'tax', 'gross', 'cost', 'amount', 'allocated', 'unallocated', 'unit_price', 'debit', 'credit', 'total', 'received_cost', 'difference', 'paid', 'due', 'amount_due']) {
    const i = first.header.indexOf(h);
    if (i >= 0) columns[i] = money(h);
  }
  for (const [i, h] of first.header.entries()) if (h === 'quantity' || h === 'line' || h === 'flagged_lines') columns[i] = col(h, 'int');
  async function* rows(): AsyncGenerator<SheetCell[]> {
    for (const r of first.rows) yield typed(r);
    if (!BY_DAY.has(dataset)) return;
    for (let day = addDays(from, 1); day <= to; day = addDays(day, 1)) {
      for (const r of (await page(day, day)).rows) yield typed(r);
    }
  }
  return { columns, currency: first.currency, rows: rows() };
}

async function reportSheet(host: Host, caller: Caller, p: ReportExportParams): Promise<Sheet> {
  const d = host.dispatcher;
  const from = p.dateFrom ?? '';
  const to = p.dateTo ?? '';
  switch (p.report) {
    case 'sales_by_day':
    case 'sales_by_month': {
      const day = p.report === 'sales_by_day';
      const r = await d.call('reports.sales', { dateFrom: from, dateTo: to, period: day ? 'day' : 'month' }, caller);
      return {
        currency: r.currency,
        columns: [col(day ? 'date' : 'month', day ? 'date' : 'month'), col('tax_rate_percent', 'percent'), money('invoiced_net'), money('invoiced_tax'), money('credited_net'), money('credited_tax'), money('net'), money('tax'), money('gross')],
        rows: once(r.rows.map((x) => [x.period, x.taxRateBp / 100, x.invoicedNet, x.invoicedTax, neg(x.creditedNet), neg(x.creditedTax), x.net, x.tax, x.gross])),
      };
    }
    case 'tax_summary': {
      const r = await d.call('reports.sales', { dateFrom: from, dateTo: to, period: 'year' }, caller);
      const byRate = new Map<number, number[]>();
      for (const x of r.rows) {
        const t = byRate.get(x.taxRateBp) ?? [0, 0, 0, 0, 0, 0, 0];
        [x.invoicedNet, x.invoicedTax, neg(x.creditedNet), neg(x.creditedTax), x.net, x.tax, x.gross].forEach((v, i) => (t[i]! += v));
        byRate.set(x.taxRateBp, t);
      }
      return {
        currency: r.currency,
        columns: [col('date_from', 'date'), col('date_to', 'date'), col('tax_rate_percent', 'percent'), money('invoiced_net'), money('invoiced_tax'), money('credited_net'), money('credited_tax'), money('net'), money('tax'), money('gross')],
        rows: once([...byRate.entries()].sort((a, b) => a[0] - b[0]).map(([bp, t]) => [from, to, bp / 100, ...t])),
      };
    }
    case 'sales_by_product':
    case 'sales_by_customer':
    case 'sales_by_channel': {
      const by = p.report.slice('sales_by_'.length) as 'product' | 'customer' | 'channel';
      const r = await d.call('reports.salesBy', { dateFrom: from, dateTo: to, by }, caller);
      return {
        currency: r.currency,
        columns: [col(by === 'product' ? 'sku' : by), col('key'), col('quantity', 'int'), money('net'), money('tax'), money('gross'), money('cost'), money('margin')],
        rows: once(r.rows.map((x) => [x.label, x.key, x.quantity, x.net, x.tax, x.gross, x.cost ?? null, x.margin ?? null])),
      };
    }
    case 'receivables_aging': {
      const r = await d.call('reports.receivables', p.asOf ? { asOf: p.asOf } : {}, caller);
      return {
        currency: r.currency,
        columns: [col('as_of', 'date'), col('customer'), ...bucketColumns, money('total')],
        rows: once(r.customers.map((c) => [r.asOf, c.customerName, ...AGING_BUCKETS.map((b) => c[b]), c.total])),
      };
    }
    case 'payables_aging': {
      const r = await d.call('reports.payables', p.asOf ? { asOf: p.asOf } : {}, caller);
      return {
        currency: r.currency,
        columns: [col('as_of', 'date'), col('supplier'), ...bucketColumns, money('total'), money('credit')],
        rows: once(r.suppliers.map((s) => [r.asOf, s.supplierName, ...AGING_BUCKETS.map((b) => s[b]), s.total, s.credit])),
      };
    }
    case 'payments_by_method': {
      const r = await d.call('reports.payments', { dateFrom: from, dateTo: to, period: 'month' }, caller);
      return {
        currency: r.currency,
        columns: [col('month', 'month'), col('method'), col('count', 'int'), money('received'), money('refunded'), money('net')],
        rows: once(r.rows.map((x) => [x.period, x.method, x.count, x.received, neg(x.refunded), x.net])),
      };
    }
    case 'stock_valuation': {
      const r = await d.call('reports.stockValuation', { ...(p.asOf ? { asOf: p.asOf } : {}), ...(p.warehouseId ? { warehouseId: p.warehouseId } : {}) }, caller);
      return {
        currency: r.currency,
        columns: [col('as_of', 'date'), col('sku'), col('warehouse'), col('on_hand', 'int'), money('unit_cost'), money('value')],
        rows: once(r.rows.map((x) => [r.asOf, x.sku, x.warehouseCode, x.onHand, x.unitCost, x.value])),
      };
    }
    case 'gross_profit':
    case 'income_vs_expenses': {
      const r = await d.call('reports.profit', { dateFrom: from, dateTo: to, period: 'month' }, caller);
      if (p.report === 'gross_profit') {
        return {
          currency: r.currency,
          columns: [col('month', 'month'), money('net_sales'), money('cost_of_goods'), money('gross_profit'), col('margin_percent', 'percent')],
          rows: once(r.rows.map((x) => [x.period, x.sales, x.costOfGoods, x.grossProfit, x.sales === 0 ? null : Math.round((x.grossProfit * 10000) / x.sales) / 100])),
        };
      }
      return {
        currency: r.currency,
        columns: [col('month', 'month'), money('net_sales'), money('other_income'), money('income'), money('cost_of_goods'), money('expenses'), money('costs'), money('profit')],
        rows: once(r.rows.map((x) => [x.period, x.sales, x.otherIncome, x.sales + x.otherIncome, x.costOfGoods, x.expenses, x.costOfGoods + x.expenses, x.profit])),
      };
    }
    case 'journal':
    case 'invoices':
    case 'invoice_lines':
    case 'payments':
    case 'book_entries':
    case 'supplier_bills':
    case 'supplier_payments':
      return datasetSheet(host, caller, p.report, from, to);
  }
}

export type ReportExportOptions = ReportExportParams & { readonly file: string; readonly format: 'csv' | 'xlsx'; readonly caller?: Caller };

/** Writes the export; returns the number of data rows. A failed export leaves no file. */
export async function exportReport(host: Host, options: ReportExportOptions): Promise<{ rows: number }> {
  if (!AT_DATE_EXPORTS.includes(options.report) && (!options.dateFrom || !options.dateTo)) throw new Error(`${options.report} needs a period (from and to)`);
  const sheet = await reportSheet(host, options.caller ?? LOCAL_OWNER, options);
  const writer = await openSheetWriter(options.file, { format: options.format, sheetName: options.report, columns: sheet.columns, currency: sheet.currency });
  try {
    for await (const row of sheet.rows) await writer.addRow(row);
    return { rows: await writer.finish() };
  } catch (e) {
    writer.abort();
    throw e;
  }
}
