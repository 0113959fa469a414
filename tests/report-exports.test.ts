// Report exports for the accountant: every report, the journal and the document datasets to XLSX
// and CSV through the contract (exports.report). The files are read back with exceljs and their
// cells checked for type (number, date, text) and value against the report operations' figures.

import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPORT_EXPORTS, type ReportExport } from '../src/shared/contract/report-exports.ts';
import { parseCsv } from '../src/shared/csv.ts';
import { neutraliseCell } from '../src/shared/exports/cells.ts';
import { AGING_BUCKETS } from '../src/shared/invoice-math.ts';
import { openTestLedger, smallShop, type TestLedger } from './helpers.ts';

let t: TestLedger;
const FROM = '2025-03-01';
const TO = '2025-05-31';
const AS_OF = '2025-06-30';

beforeAll(async () => {
  t = await openTestLedger();
  const s = await smallShop(t);
  const zero = await t.call('taxRates.create', { code: 'ZERO', name: 'Zero rated', rateBp: 0 });
  const card = await t.call('products.create', { sku: 'CARD-9', name: '=HYPERLINK("x") card', price: 333, taxRateId: zero.id, allowBackorder: true });
  await t.call('purchases.receive', { warehouseId: s.main.id, receivedOn: '2025-02-20', lines: [{ productId: s.tea.id, quantity: 50, unitCost: 2100 }, { productId: s.cup.id, quantity: 80, unitCost: 455 }] });
  const other = await t.call('customers.create', { name: '=Shop B+1', email: 'b@example.com' });
  const order = async (customerId: string, lines: { productId: string; quantity: number; discountBp?: number }[], channel = 'pos') => {
    const o = await t.call('orders.create', { customerId, warehouseId: s.main.id, lines, channel });
    return t.call('orders.confirm', { id: o.id });
  };
  const o1 = await order(s.customer.id, [{ productId: s.tea.id, quantity: 3 }, { productId: card.id, quantity: 7 }]);
  const inv1 = await t.call('invoices.issue', { orderId: o1.id, issueDate: '2025-03-02' });
  const o2 = await order(other.id, [{ productId: s.cup.id, quantity: 12, discountBp: 333 }], 'web');
  await t.call('invoices.issue', { orderId: o2.id, issueDate: '2025-03-15', paymentTermsDays: 14 });
  await t.call('invoices.credit', { invoiceId: inv1.id, reason: 'one tea damaged', lines: [{ invoiceLineId: inv1.lines[0]!.id, quantity: 1 }], issueDate: '2025-04-01' });
  const o3 = await order(other.id, [{ productId: s.tea.id, quantity: 2 }, { productId: s.cup.id, quantity: 5 }], 'web');
  await t.call('invoices.issue', { orderId: o3.id, issueDate: '2025-05-20' });
  await t.call('payments.record', { customerId: other.id, method: 'bank_transfer', amount: 10000, paidOn: '2025-04-02', reference: 'SEPA 1' });
  await t.call('payments.record', { customerId: s.customer.id, method: 'alipay', amount: 5000, paidOn: '2025-05-21', allocations: [{ invoiceId: inv1.id, amount: 5000 }] });
  const fees = await t.call('books.createCategory', { kind: 'expense', code: 'FEES', name: 'Bank fees' });
  const rent = await t.call('books.createCategory', { kind: 'income', code: 'SUBLET', name: 'Sublet' });
  await t.call('books.record', { categoryId: fees.id, amount: 250, method: 'bank_transfer', description: 'fee', entryDate: '2025-04-10' });
  await t.call('books.record', { categoryId: rent.id, amount: 12000, method: 'cash', description: 'room', entryDate: '2025-05-10' });
});

afterAll(async () => {
  await t?.close();
});

async function xlsx(report: ReportExport, extra: Record<string, string> = {}) {
  const r = await t.call('exports.report', { report, format: 'xlsx', dateFrom: FROM, dateTo: TO, ...extra });
  expect(r.contentType).toContain('spreadsheetml');
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(r.content, 'base64') as unknown as ArrayBuffer);
  const ws = wb.worksheets[0]!;
  const rows: ExcelJS.CellValue[][] = [];
  ws.eachRow((row) => rows.push((row.values as ExcelJS.CellValue[]).slice(1)));
  const [header, ...data] = rows;
  expect(data.length).toBe(r.rows);
  return { header: header as string[], data, ws };
}

async function csv(report: ReportExport, extra: Record<string, string> = {}) {
  const r = await t.call('exports.report', { report, format: 'csv', dateFrom: FROM, dateTo: TO, ...extra });
  const [header, ...data] = parseCsv(Buffer.from(r.content, 'base64').toString('utf8'));
  return { header: header!, data };
}

/** An XLSX amount back in minor units; fails unless the cell is a number. */
function minor(v: ExcelJS.CellValue): number {
  expect(typeof v).toBe('number');
  return Math.round((v as number) * 100);
}
function isoOf(v: ExcelJS.CellValue): string {
  expect(v).toBeInstanceOf(Date);
  return (v as Date).toISOString().slice(0, 10);
}

describe('exports.report to XLSX', () => {
  it('sales by month: month date cells, percent and money numbers equal reports.sales', async () => {
    const report = await t.call('reports.sales', { dateFrom: FROM, dateTo: TO, period: 'month' });
    const { header, data, ws } = await xlsx('sales_by_month');
    expect(header).toEqual(['month', 'tax_rate_percent', 'invoiced_net', 'invoiced_tax', 'credited_net', 'credited_tax', 'net', 'tax', 'gross']);
    expect(data.length).toBe(report.rows.length);
    report.rows.forEach((r, i) => {
      const row = data[i]!;
      expect(isoOf(row[0]!).slice(0, 7)).toBe(r.period);
      expect(row[1]).toBe(r.taxRateBp / 100);
      expect([2, 3, 4, 5, 6, 7, 8].map((c) => minor(row[c]!))).toEqual([r.invoicedNet, r.invoicedTax, 0 - r.creditedNet, 0 - r.creditedTax, r.net, r.tax, r.gross]);
    });
    expect(ws.getCell('A2').numFmt).toBe('yyyy-mm');
    expect(ws.getCell('I2').numFmt).toBe('#,##0.00');
    expect(ws.getCell('I2').type).toBe(ExcelJS.ValueType.Number);
    expect(ws.getCell('A2').type).toBe(ExcelJS.ValueType.Date);
  });

  it('sales by day and the tax summary add up to the same totals', async () => {
    const report = await t.call('reports.sales', { dateFrom: FROM, dateTo: TO, period: 'day' });
    const day = await xlsx('sales_by_day');
    expect(day.data.map((r) => isoOf(r[0]!))).toEqual(report.rows.map((r) => r.period));
    const tax = await xlsx('tax_summary');
    expect(tax.data.map((r) => r[2])).toEqual([0, 13]);
    expect(tax.data.reduce((s, r) => s + minor(r[9]!), 0)).toBe(report.totals.gross);
    expect(tax.data.reduce((s, r) => s + minor(r[8]!), 0)).toBe(report.totals.tax);
    expect(isoOf(tax.data[0]![0]!)).toBe(FROM);
  });

  it('sales by product, customer and channel equal reports.salesBy, quantities as numbers', async () => {
    for (const by of ['product', 'customer', 'channel'] as const) {
      const report = await t.call('reports.salesBy', { dateFrom: FROM, dateTo: TO, by });
      const { data } = await xlsx(`sales_by_${by}`);
      expect(data.map((r) => [r[0], r[2], minor(r[3]!), minor(r[5]!), minor(r[6]!), minor(r[7]!)])).toEqual(
        report.rows.map((r) => [neutraliseCell(r.label), r.quantity, r.net, r.gross, r.cost, r.margin]),
      );
    }
    // A product name that looks like a formula is text, never a formula.
    const { data } = await xlsx('sales_by_customer');
    expect(data.map((r) => r[0])).toContain(`'=Shop B+1`);
  });

  it('receivables aging, stock valuation and payables aging at a date', async () => {
    const rec = await t.call('reports.receivables', { asOf: AS_OF });
    const aging = await xlsx('receivables_aging', { asOf: AS_OF });
    expect(aging.data.length).toBe(rec.customers.length);
    for (const c of rec.customers) {
      const row = aging.data.find((r) => r[1] === neutraliseCell(c.customerName))!;
      expect(isoOf(row[0]!)).toBe(AS_OF);
      expect([2, 3, 4, 5, 6, 7].map((i) => minor(row[i]!))).toEqual([...AGING_BUCKETS.map((b) => c[b]), c.total]);
    }
    expect(rec.totals.total).toBeGreaterThan(0);
    // Stock moves are dated when recorded (today), not by the back-dated documents.
    const stock = await t.call('reports.stockValuation', {});
    const sv = await xlsx('stock_valuation', {});
    expect(sv.data.map((r) => [r[1], r[3], minor(r[4]!), minor(r[5]!)])).toEqual(stock.rows.map((r) => [r.sku, r.onHand, r.unitCost, r.value]));
    expect(stock.total).toBeGreaterThan(0);
    const pay = await xlsx('payables_aging', { asOf: AS_OF });
    expect(pay.header).toEqual(['as_of', 'supplier', 'current', 'days_1_30', 'days_31_60', 'days_61_90', 'days_over_90', 'total', 'credit']);
    expect(pay.data.length).toBe((await t.call('reports.payables', { asOf: AS_OF })).suppliers.length);
  });

  it('payments by method, gross profit and income versus expenses equal their reports', async () => {
    const payments = await t.call('reports.payments', { dateFrom: FROM, dateTo: TO, period: 'month' });
    const p = await xlsx('payments_by_method');
    expect(p.data.map((r) => [isoOf(r[0]!).slice(0, 7), r[1], r[2], minor(r[3]!), minor(r[5]!)])).toEqual(payments.rows.map((r) => [r.period, r.method, r.count, r.received, r.net]));
    expect(payments.totals.received).toBe(15000);
    const profit = await t.call('reports.profit', { dateFrom: FROM, dateTo: TO, period: 'month' });
    const gp = await xlsx('gross_profit');
    expect(gp.data.map((r) => [minor(r[1]!), minor(r[2]!), minor(r[3]!)])).toEqual(profit.rows.map((r) => [r.sales, r.costOfGoods, r.grossProfit]));
    const ie = await xlsx('income_vs_expenses');
    expect(ie.data.map((r) => [minor(r[2]!), minor(r[5]!), minor(r[7]!)])).toEqual(profit.rows.map((r) => [r.otherIncome, r.expenses, r.profit]));
    expect(profit.totals.otherIncome).toBe(12000);
  });

  it('the journal: every line of the CSV journal, debits as numbers, balanced per document', async () => {
    const reference = await t.call('exports.csv', { dataset: 'journal', dateFrom: FROM, dateTo: TO });
    const [, ...lines] = parseCsv(reference.content);
    const { header, data } = await xlsx('journal');
    expect(header).toEqual(['date', 'document', 'document_id', 'type', 'account', 'debit', 'credit', 'memo']);
    expect(data.length).toBe(lines.length);
    expect(data.map((r) => [isoOf(r[0]!), r[1], r[4], minor(r[5]!), minor(r[6]!)])).toEqual(lines.map((l) => [l[0], l[1], l[4], Math.round(Number(l[5]) * 100), Math.round(Number(l[6]) * 100)]));
    const balance = new Map<string, number>();
    for (const r of data) balance.set(r[2] as string, (balance.get(r[2] as string) ?? 0) + minor(r[5]!) - minor(r[6]!));
    expect([...balance.values()].every((b) => b === 0)).toBe(true);
  });

  it('invoices and invoice lines read day by day give the rows of exports.csv, signed', async () => {
    const reference = await t.call('exports.csv', { dataset: 'invoices', dateFrom: FROM, dateTo: TO });
    const [, ...docs] = parseCsv(reference.content);
    const { data } = await xlsx('invoices');
    expect(data.map((r) => [r[0], isoOf(r[2]!), minor(r[11]!)])).toEqual(docs.map((d) => [d[0], d[2], Math.round(Number(d[11]) * 100)]));
    expect(data.some((r) => minor(r[11]!) < 0)).toBe(true);
    const lines = await xlsx('invoice_lines');
    expect(lines.data.every((r) => typeof r[6] === 'number' && typeof r[10] === 'number')).toBe(true);
  });
});

describe('exports.report to CSV', () => {
  it('every export: same rows as the XLSX, amounts as exact decimals', async () => {
    for (const report of REPORT_EXPORTS) {
      const extra: Record<string, string> = ['receivables_aging', 'payables_aging'].includes(report) ? { asOf: AS_OF } : {};
      const [c, x] = [await csv(report, extra), await xlsx(report, extra)];
      expect(c.header, report).toEqual(x.header);
      expect(c.data.length, report).toBe(x.data.length);
      for (const [i, row] of x.data.entries()) {
        for (const [j, v] of row.entries()) {
          if (typeof v === 'number' && c.data[i]![j]!.includes('.')) expect(c.data[i]![j], `${report} ${i} ${j}`).toMatch(/^-?\d+\.\d\d$/);
          if (v instanceof Date) expect(c.data[i]![j]!.startsWith(v.toISOString().slice(0, 7))).toBe(true);
        }
      }
    }
  });

  it('refuses a period export without a period, and a reversed period, naming the field', async () => {
    expect((await t.reject('exports.report', { report: 'journal', format: 'csv', dateFrom: FROM })).field).toBe('dateTo');
    expect((await t.reject('exports.report', { report: 'sales_by_day', dateFrom: TO, dateTo: FROM })).field).toBe('dateTo');
  });
});
