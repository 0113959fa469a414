// The sales report reads invoice sums kept per day, kind and tax rate as documents are issued
// (migration 0014). They must equal the documents' own lines on any range, and verify must
// notice when they were changed behind the app's back.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestLedger, smallShop, type TestLedger } from './helpers.ts';

let t: TestLedger;
let s: Awaited<ReturnType<typeof smallShop>>;

beforeAll(async () => {
  t = await openTestLedger();
  s = await smallShop(t);
  await t.call('stock.receive', { warehouseId: s.main.id, lines: [{ productId: s.tea.id, quantity: 100 }, { productId: s.cup.id, quantity: 100 }] });
  const vat6 = await t.call('taxRates.create', { code: 'VAT6', name: 'VAT 6%', rateBp: 600 });
  const book = await t.call('products.create', { sku: 'BOOK-004', name: 'Tea atlas', price: 8800, taxRateId: vat6.id, allowBackorder: true });
  const days = ['2026-01-30', '2026-01-31', '2026-02-01', '2026-02-01', '2026-03-15'];
  for (const [i, day] of days.entries()) {
    const o = await t.call('orders.create', {
      customerId: s.customer.id,
      warehouseId: s.main.id,
      lines: [{ productId: s.tea.id, quantity: 1 + i }, { productId: s.cup.id, quantity: 2, discountBp: 500 }, { productId: book.id, quantity: 1 }],
    });
    await t.call('orders.confirm', { id: o.id });
    const inv = await t.call('invoices.issue', { orderId: o.id, issueDate: day });
    // Credit notes on other days than their invoices: part of one line, and one whole invoice.
    if (i === 1) await t.call('invoices.credit', { invoiceId: inv.id, reason: 'Damaged cup', lines: [{ invoiceLineId: inv.lines[1]!.id, quantity: 1 }], issueDate: '2026-02-01' });
    if (i === 3) await t.call('invoices.credit', { invoiceId: inv.id, reason: 'Order refused', issueDate: '2026-03-15' });
  }
});

afterAll(() => t.close());

/** The report's figures recomputed from the documents' lines, straight from the tables. */
function fromLines(dateFrom: string, dateTo: string) {
  const raw = t.app.ledger.raw;
  const signed = raw
    .prepare(
      `SELECT coalesce(sum(CASE i.kind WHEN 'invoice' THEN l.net ELSE -l.net END), 0) AS net, coalesce(sum(CASE i.kind WHEN 'invoice' THEN l.tax ELSE -l.tax END), 0) AS tax
       FROM invoice_line l JOIN invoice i ON i.id = l.invoice_id WHERE i.issue_date BETWEEN ? AND ?`,
    )
    .get(dateFrom, dateTo) as { net: number; tax: number };
  const count = (kind: string) => (raw.prepare('SELECT count(*) AS n FROM invoice WHERE kind = ? AND issue_date BETWEEN ? AND ?').get(kind, dateFrom, dateTo) as { n: number }).n;
  return { net: signed.net, tax: signed.tax, gross: signed.net + signed.tax, invoices: count('invoice'), creditNotes: count('credit_note') };
}

describe('sales by day', () => {
  it('gives the report the documents’ own sums on every range', async () => {
    const ranges: [string, string][] = [
      ['2026-01-01', '2026-12-31'],
      ['2026-01-31', '2026-02-01'],
      ['2026-02-01', '2026-02-01'],
      ['2026-02-02', '2026-03-14'],
      ['2026-03-15', '2026-03-15'],
    ];
    for (const [dateFrom, dateTo] of ranges) {
      const report = await t.call('reports.sales', { dateFrom, dateTo, period: 'day' });
      expect(report.totals, `${dateFrom}..${dateTo}`).toEqual(fromLines(dateFrom, dateTo));
    }
    const year = await t.call('reports.sales', { dateFrom: '2026-01-01', dateTo: '2026-12-31', period: 'month' });
    expect(year.rows.map((r) => r.period)).toEqual(['2026-01', '2026-01', '2026-02', '2026-02', '2026-03', '2026-03']);
    expect(year.totals.creditNotes).toBe(2);
    for (const month of ['2026-01', '2026-02', '2026-03']) {
      const last = new Date(Date.UTC(2026, Number(month.slice(5)), 0)).toISOString().slice(0, 10);
      const net = year.rows.filter((r) => r.period === month).reduce((a, r) => a + r.net, 0);
      expect(net).toBe(fromLines(`${month}-01`, last).net);
    }
    expect((await t.call('system.verify', {})).problems).toEqual([]);
  });

  it('verify names a sum or a count changed behind the app', async () => {
    const raw = t.app.ledger.raw;
    raw.prepare("UPDATE sales_tax_day SET net = net + 1 WHERE day = '2026-02-01' AND kind = 'credit_note'").run();
    raw.prepare("DELETE FROM sales_invoice_day WHERE day = '2026-01-30'").run();
    const report = await t.call('system.verify', {});
    expect(report.ok).toBe(false);
    expect(report.problems.map((p) => [p.check, p.table])).toEqual(
      expect.arrayContaining([
        ['derived_indexes', 'sales_tax_day'],
        ['derived_indexes', 'sales_invoice_day'],
      ]),
    );
    expect(report.problems.some((p) => p.message.includes('credit_note on 2026-02-01'))).toBe(true);
    expect(report.problems.some((p) => p.message.includes('invoice on 2026-01-30'))).toBe(true);
  });
});
