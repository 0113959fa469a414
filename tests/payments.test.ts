// Payments, refunds, customer credit, income and expenses, costed purchases and cost of goods,
// and the reports that read them, through the dispatcher on a real ledger file.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OpInput, OpResult } from '../src/shared/contract/index.ts';
import { openTestLedger, smallShop, type TestLedger } from './helpers.ts';

type Shop = Awaited<ReturnType<typeof smallShop>>;
type Invoice = OpResult<'invoices.get'>;

let t: TestLedger;
let s: Shop;
const YEAR = new Date().toISOString().slice(0, 4);

beforeEach(async () => {
  t = await openTestLedger();
  s = await smallShop(t);
  await t.call('stock.receive', { warehouseId: s.main.id, lines: [{ productId: s.tea.id, quantity: 50 }, { productId: s.cup.id, quantity: 50 }] });
});

afterEach(async () => {
  const report = await t.call('system.verify', {});
  await t.close();
  expect(report.problems).toEqual([]);
});

async function invoiced(lines: { productId: string; quantity: number }[], extra: Partial<OpInput<'invoices.issue'>> = {}, customerId = s.customer.id): Promise<Invoice> {
  const o = await t.call('orders.create', { customerId, warehouseId: s.main.id, lines });
  await t.call('orders.confirm', { id: o.id });
  return t.call('invoices.issue', { orderId: o.id, ...extra });
}

const get = (id: string) => t.call('invoices.get', { id });

describe('payments', () => {
  it('two partial payments take an invoice from open through partially paid to paid', async () => {
    const inv = await invoiced([{ productId: s.tea.id, quantity: 2 }]); // 2 × 49.99 + 13% = 112.98
    expect(inv.grossTotal).toBe(11298);
    const p1 = await t.call('payments.record', { customerId: s.customer.id, method: 'wechat_pay', amount: 5000, allocations: [{ invoiceId: inv.id, amount: 5000 }] });
    expect(p1.number).toBe(`PAY-A-${YEAR}-000001`);
    expect(p1.unallocated).toBe(0);
    // The reply is built from the rows record wrote; it must be what a fresh read gives.
    expect(await t.call('payments.get', { id: p1.id })).toEqual(p1);
    expect((await get(inv.id)).balance).toMatchObject({ paid: 5000, amountDue: 6298, status: 'partially_paid' });
    const e = await t.reject('payments.record', { customerId: s.customer.id, method: 'cash', amount: 7000, allocations: [{ invoiceId: inv.id, amount: 7000 }] });
    expect([e.code, e.field]).toEqual(['invalid', 'allocations.0.amount']);
    await t.call('payments.record', { customerId: s.customer.id, method: 'alipay', amount: 6298 });
    const after = await get(inv.id);
    expect(after.balance).toMatchObject({ paid: 11298, amountDue: 0, status: 'paid' });
    expect(after.allocations.map((a) => a.amount)).toEqual([5000, 6298]);
  });

  it('one payment covers several invoices oldest due first, and the rest stays as customer credit to allocate later', async () => {
    const a = await invoiced([{ productId: s.cup.id, quantity: 1 }], { paymentTermsDays: 10 }); // 14.13
    const b = await invoiced([{ productId: s.cup.id, quantity: 2 }], { paymentTermsDays: 5 }); // 28.25
    const p = await t.call('payments.record', { customerId: s.customer.id, method: 'bank_transfer', amount: 5000, reference: 'BANK-77' });
    // b is due first.
    expect(p.allocations.map((x) => [x.invoiceNumber, x.amount])).toEqual([[b.number, 2825], [a.number, 1413]]);
    expect(p.unallocated).toBe(762);
    expect(await t.call('payments.get', { id: p.id })).toEqual(p);
    let account = await t.call('payments.account', { customerId: s.customer.id });
    expect(account).toMatchObject({ invoiced: 4238, paid: 5000, balance: -762, unallocatedCredit: 762 });
    const c = await invoiced([{ productId: s.cup.id, quantity: 1 }]);
    const used = await t.call('payments.allocate', { paymentId: p.id, allocations: [{ invoiceId: c.id, amount: 762 }] });
    expect(used.unallocated).toBe(0);
    expect((await get(c.id)).balance).toMatchObject({ amountDue: 1413 - 762, status: 'partially_paid' });
    account = await t.call('payments.account', { customerId: s.customer.id });
    expect(account).toMatchObject({ balance: 1413 - 762, unallocatedCredit: 0 });
    const none = await t.reject('payments.allocate', { paymentId: p.id, allocations: [{ invoiceId: c.id, amount: 1 }] });
    expect([none.code, none.field]).toEqual(['invalid', 'paymentId']);
  });

  it('a credit note on a paid invoice leaves money owed to the customer, which a refund pays back', async () => {
    const inv = await invoiced([{ productId: s.tea.id, quantity: 1 }]); // 56.49
    await t.call('payments.record', { customerId: s.customer.id, method: 'card', amount: inv.grossTotal });
    const cn = await t.call('invoices.credit', { invoiceId: inv.id, reason: 'damaged' });
    expect((await get(inv.id)).balance).toMatchObject({ amountDue: -inv.grossTotal, status: 'paid' });
    const tooMuch = await t.reject('payments.record', { customerId: s.customer.id, kind: 'refund', method: 'card', amount: inv.grossTotal + 1 });
    expect([tooMuch.code, tooMuch.field]).toEqual(['invalid', 'amount']);
    const refund = await t.call('payments.record', { customerId: s.customer.id, kind: 'refund', method: 'card', amount: cn.grossTotal });
    expect(refund.number).toBe(`RF-A-${YEAR}-000001`);
    expect(refund.allocations).toEqual([expect.objectContaining({ invoiceId: inv.id, amount: cn.grossTotal })]);
    expect((await get(inv.id)).balance).toMatchObject({ amountDue: 0, status: 'credited', refunded: cn.grossTotal });
    expect(await t.call('payments.account', { customerId: s.customer.id })).toMatchObject({ balance: 0, unallocatedCredit: 0 });
  });

  it('an overpayment can be refunded from credit, not more', async () => {
    await t.call('payments.record', { customerId: s.customer.id, method: 'cash', amount: 1000 });
    const e = await t.reject('payments.record', { customerId: s.customer.id, kind: 'refund', method: 'cash', amount: 1001 });
    expect([e.code, e.field]).toEqual(['invalid', 'amount']);
    const r = await t.call('payments.record', { customerId: s.customer.id, kind: 'refund', method: 'cash', amount: 1000 });
    expect(r.unallocated).toBe(1000);
    expect(await t.call('payments.account', { customerId: s.customer.id })).toMatchObject({ balance: 0, unallocatedCredit: 0 });
  });

  it('refuses allocations to unknown invoices, credit notes, other customers and beyond the amount, naming the field', async () => {
    const other = await t.call('customers.create', { name: 'Li Lei', billingAddress: { name: 'Li Lei', line1: '1 Road', city: 'Beijing', country: 'CN' } });
    const inv = await invoiced([{ productId: s.cup.id, quantity: 1 }]);
    const theirs = await invoiced([{ productId: s.cup.id, quantity: 1 }], {}, other.id);
    const cn = await t.call('invoices.credit', { invoiceId: inv.id, reason: 'x', lines: [{ invoiceLineId: inv.lines[0]!.id, quantity: 1 }] });
    const cases: [OpInput<'payments.record'>, string, string][] = [
      [{ customerId: s.customer.id, method: 'cash', amount: 10, allocations: [{ invoiceId: '01a20000-0000-7000-8000-000000000000', amount: 10 }] }, 'not_found', 'allocations.0.invoiceId'],
      [{ customerId: s.customer.id, method: 'cash', amount: 10, allocations: [{ invoiceId: cn.id, amount: 10 }] }, 'invalid', 'allocations.0.invoiceId'],
      [{ customerId: s.customer.id, method: 'cash', amount: 10, allocations: [{ invoiceId: theirs.id, amount: 10 }] }, 'invalid', 'allocations.0.invoiceId'],
      [{ customerId: other.id, method: 'cash', amount: 10, allocations: [{ invoiceId: theirs.id, amount: 6 }, { invoiceId: theirs.id, amount: 4 }] }, 'invalid', 'allocations.1.invoiceId'],
      [{ customerId: other.id, method: 'cash', amount: 10, allocations: [{ invoiceId: theirs.id, amount: 11 }] }, 'invalid', 'allocations'],
      [{ customerId: other.id, method: 'cash', amount: 10, paidOn: '2999-01-01' }, 'invalid', 'paidOn'],
    ];
    for (const [input, code, field] of cases) {
      const e = await t.reject('payments.record', input);
      expect([e.code, e.field]).toEqual([code, field]);
    }
    expect((await t.call('payments.list', {})).items).toHaveLength(0);
  });

  it('a payment without allocations takes exactly the invoices their balances show open, oldest due first; a refund the overpaid ones', async () => {
    // Allocation reads only the invoices concerned (filtered in SQL); the model below reads every
    // invoice's balance through invoices.list, as allocation itself once did.
    const other = await t.call('customers.create', { name: 'Li Lei', billingAddress: { name: 'Li Lei', line1: '1 Road', city: 'Beijing', country: 'CN' } });
    const a = await invoiced([{ productId: s.cup.id, quantity: 1 }], { paymentTermsDays: 20 }); // 14.13, open
    const b = await invoiced([{ productId: s.cup.id, quantity: 2 }], { paymentTermsDays: 5 }); // 28.25, partly paid below
    const c = await invoiced([{ productId: s.tea.id, quantity: 1 }], { paymentTermsDays: 1 }); // credited in full
    const d = await invoiced([{ productId: s.cup.id, quantity: 1 }], { paymentTermsDays: 5 }); // same due date as b, later number
    const f = await invoiced([{ productId: s.tea.id, quantity: 2 }], { paymentTermsDays: 2 }); // paid, then half credited: overpaid
    await invoiced([{ productId: s.cup.id, quantity: 1 }], { paymentTermsDays: 0 }, other.id); // another customer's, due first of all
    await t.call('payments.record', { customerId: s.customer.id, method: 'cash', amount: 1000, allocations: [{ invoiceId: b.id, amount: 1000 }] });
    await t.call('invoices.credit', { invoiceId: c.id, reason: 'not delivered' });
    await t.call('payments.record', { customerId: s.customer.id, method: 'card', amount: f.grossTotal, allocations: [{ invoiceId: f.id, amount: f.grossTotal }] });
    const fCredit = await t.call('invoices.credit', { invoiceId: f.id, reason: 'one broken', lines: [{ invoiceLineId: f.lines[0]!.id, quantity: 1 }] });

    const model = async (sign: 1 | -1, amount: number) => {
      const docs = (await t.call('invoices.list', { customerId: s.customer.id, kind: 'invoice', limit: 100 })).items;
      const open = docs
        .filter((i) => sign * i.balance!.amountDue > 0)
        .sort((x, y) => (x.dueDate < y.dueDate ? -1 : x.dueDate > y.dueDate ? 1 : x.issueDate < y.issueDate ? -1 : x.issueDate > y.issueDate ? 1 : x.number < y.number ? -1 : 1));
      const plan: [string, number][] = [];
      let left = amount;
      for (const i of open) {
        if (left === 0) break;
        const take = Math.min(sign * i.balance!.amountDue, left);
        plan.push([i.id, take]);
        left -= take;
      }
      return plan;
    };

    const amount = 1825 + 1413 + 500;
    const expected = await model(1, amount);
    expect(expected).toEqual([[b.id, 1825], [d.id, 1413], [a.id, 500]]);
    const p = await t.call('payments.record', { customerId: s.customer.id, method: 'bank_transfer', amount });
    expect(p.allocations.map((x) => [x.invoiceId, x.amount])).toEqual(expected);
    expect(p).toEqual(await t.call('payments.get', { id: p.id }));

    const refundExpected = await model(-1, fCredit.grossTotal);
    expect(refundExpected).toEqual([[f.id, fCredit.grossTotal]]);
    const r = await t.call('payments.record', { customerId: s.customer.id, kind: 'refund', method: 'card', amount: fCredit.grossTotal });
    expect(r.allocations.map((x) => [x.invoiceId, x.amount])).toEqual(refundExpected);

    // Each document read alone (its flows summed from the documents it lists) agrees with the list.
    const listed = (await t.call('invoices.list', { customerId: s.customer.id, limit: 100 })).items;
    for (const item of listed) {
      const doc = await get(item.id);
      expect(doc.balance).toEqual(item.balance);
    }
    expect((await get(a.id)).balance).toMatchObject({ paid: 500, amountDue: 913, status: 'partially_paid' });
    expect((await get(f.id)).balance).toMatchObject({ amountDue: 0, refunded: fCredit.grossTotal });
  });

  it('an invoice past its due date with money due is overdue', async () => {
    const inv = await invoiced([{ productId: s.cup.id, quantity: 1 }], { issueDate: '2025-01-10', paymentTermsDays: 14 });
    expect(inv.dueDate).toBe('2025-01-24');
    expect(inv.balance?.overdue).toBe(true);
    await t.call('payments.record', { customerId: s.customer.id, method: 'cash', amount: inv.grossTotal });
    expect((await get(inv.id)).balance?.overdue).toBe(false);
  });
});

describe('costs, income and expenses', () => {
  it('purchases keep a moving weighted-average cost; invoices carry cost of goods, and returns take it back', async () => {
    // 50 cups were received without a cost; they are valued at the first costed receipt's cost.
    let r = await t.call('purchases.receive', { warehouseId: s.main.id, supplier: 'Jingdezhen Kiln', lines: [{ productId: s.cup.id, quantity: 50, unitCost: 400 }] });
    expect(r.lines[0]).toMatchObject({ averageAfter: 400 });
    r = await t.call('purchases.receive', { warehouseId: s.main.id, lines: [{ productId: s.cup.id, quantity: 100, unitCost: 550 }] });
    // (100 on hand × 4.00 + 100 × 5.50) / 200 = 4.75
    expect(r.lines[0]!.averageAfter).toBe(475);
    const level = (await t.call('stock.levels', { productId: s.cup.id, warehouseId: s.main.id })).items[0]!;
    expect(level.onHand).toBe(200);
    const o = await t.call('orders.create', { customerId: s.customer.id, warehouseId: s.main.id, lines: [{ productId: s.cup.id, quantity: 4 }] });
    await t.call('orders.confirm', { id: o.id });
    await t.call('orders.ship', { id: o.id });
    const inv = await t.call('invoices.issue', { orderId: o.id });
    expect(inv.lines[0]).toMatchObject({ unitCost: 475, cost: 1900 });
    expect(inv.costTotal).toBe(1900);
    const cn = await t.call('invoices.credit', { invoiceId: inv.id, reason: 'returned', returnToStock: true, lines: [{ invoiceLineId: inv.lines[0]!.id, quantity: 1 }] });
    expect(cn.costTotal).toBe(475);
    const priceOnly = await t.call('invoices.credit', { invoiceId: inv.id, reason: 'discount after the fact', lines: [{ invoiceLineId: inv.lines[0]!.id, quantity: 1 }] });
    expect(priceOnly.costTotal).toBe(0);
  });

  it('income and expense entries are numbered per kind and listed by category', async () => {
    const rent = await t.call('books.createCategory', { kind: 'expense', code: 'RENT', name: 'Shop rent' });
    const interest = await t.call('books.createCategory', { kind: 'income', code: 'INTEREST', name: 'Bank interest' });
    const dup = await t.reject('books.createCategory', { kind: 'expense', code: 'RENT', name: 'Again' });
    expect([dup.code, dup.field]).toEqual(['invalid', 'code']);
    const e1 = await t.call('books.record', { categoryId: rent.id, amount: 300000, method: 'bank_transfer', description: 'March rent', entryDate: `${YEAR}-03-01` });
    const i1 = await t.call('books.record', { categoryId: interest.id, amount: 123, method: 'bank_transfer', description: 'Q1 interest', entryDate: `${YEAR}-03-31` });
    expect([e1.number, e1.kind, i1.number, i1.kind]).toEqual([`EXP-A-${YEAR}-000001`, 'expense', `INC-A-${YEAR}-000001`, 'income']);
    expect((await t.call('books.list', { kind: 'expense' })).items.map((x) => x.categoryCode)).toEqual(['RENT']);
    const missing = await t.reject('books.record', { categoryId: '01a20000-0000-7000-8000-000000000000', amount: 1, method: 'cash', description: 'x' });
    expect([missing.code, missing.field]).toEqual(['not_found', 'categoryId']);
  });
});

describe('reports', () => {
  it('sales and tax summary per month and rate, receivables aging and profit reconcile with the documents', async () => {
    const vat6 = await t.call('taxRates.create', { code: 'VAT6', name: 'VAT 6%', rateBp: 600 });
    const book = await t.call('products.create', { sku: 'BOOK-004', name: 'Tea atlas', price: 8800, taxRateId: vat6.id, allowBackorder: true });
    await t.call('purchases.receive', { warehouseId: s.main.id, lines: [{ productId: s.tea.id, quantity: 10, unitCost: 2000 }] });
    const jan = await invoiced([{ productId: s.tea.id, quantity: 2 }, { productId: book.id, quantity: 1 }], { issueDate: '2025-01-15', paymentTermsDays: 30 });
    const feb = await invoiced([{ productId: s.cup.id, quantity: 3 }], { issueDate: '2025-02-10', paymentTermsDays: 30 });
    const cn = await t.call('invoices.credit', { invoiceId: jan.id, reason: 'one book short', lines: [{ invoiceLineId: jan.lines[1]!.id, quantity: 1 }], issueDate: '2025-02-20' });
    await t.call('payments.record', { customerId: s.customer.id, method: 'cash', amount: 1000, paidOn: '2025-03-01', allocations: [{ invoiceId: feb.id, amount: 1000 }] });
    const rent = await t.call('books.createCategory', { kind: 'expense', code: 'RENT', name: 'Rent' });
    await t.call('books.record', { categoryId: rent.id, amount: 5000, method: 'cash', description: 'Feb rent', entryDate: '2025-02-01' });

    const sales = await t.call('reports.sales', { dateFrom: '2025-01-01', dateTo: '2025-12-31' });
    expect(sales.rows.map((r) => [r.period, r.taxRateBp, r.net, r.tax])).toEqual([
      ['2025-01', 600, jan.lines[1]!.net, jan.lines[1]!.tax],
      ['2025-01', 1300, jan.lines[0]!.net, jan.lines[0]!.tax],
      ['2025-02', 600, -cn.netTotal, -cn.taxTotal],
      ['2025-02', 1300, feb.netTotal, feb.taxTotal],
    ]);
    expect(sales.totals).toMatchObject({ net: jan.netTotal + feb.netTotal - cn.netTotal, tax: jan.taxTotal + feb.taxTotal - cn.taxTotal, invoices: 2, creditNotes: 1 });

    // 2025-03-20: jan is due 2025-02-14 (34 days late), feb due 2025-03-12 (8 days late).
    const aging = await t.call('reports.receivables', { asOf: '2025-03-20' });
    expect(aging.invoices.map((i) => [i.number, i.amountDue, i.bucket])).toEqual([
      [jan.number, jan.grossTotal - cn.grossTotal, 'days31to60'],
      [feb.number, feb.grossTotal - 1000, 'days1to30'],
    ]);
    expect(aging.totals.total).toBe(jan.grossTotal - cn.grossTotal + feb.grossTotal - 1000);
    // Before the payment and the credit note, the same invoices were current.
    const early = await t.call('reports.receivables', { asOf: '2025-02-12' });
    expect(early.totals).toMatchObject({ current: jan.grossTotal + feb.grossTotal, total: jan.grossTotal + feb.grossTotal });

    const profit = await t.call('reports.profit', { dateFrom: '2025-01-01', dateTo: '2025-02-28' });
    expect(profit.rows.map((r) => [r.period, r.sales, r.costOfGoods, r.expenses, r.profit])).toEqual([
      ['2025-01', jan.netTotal, 4000, 0, jan.netTotal - 4000],
      ['2025-02', feb.netTotal - cn.netTotal, 0, 5000, feb.netTotal - cn.netTotal - 5000],
    ]);
    const byProduct = await t.call('reports.salesBy', { dateFrom: '2025-01-01', dateTo: '2025-12-31', by: 'product' });
    expect(byProduct.rows.map((r) => [r.label, r.quantity, r.net, r.cost, r.margin])).toEqual([
      ['TEA-001', 2, jan.lines[0]!.net, 4000, jan.lines[0]!.net - 4000],
      ['CUP-002', 3, feb.netTotal, 0, feb.netTotal],
      ['BOOK-004', 0, 0, 0, 0],
    ]);
    const byChannel = await t.call('reports.salesBy', { dateFrom: '2025-01-01', dateTo: '2025-12-31', by: 'channel' });
    expect(byChannel.rows).toEqual([expect.objectContaining({ key: 'manual', net: sales.totals.net, tax: sales.totals.tax })]);
    const byMethod = await t.call('reports.payments', { dateFrom: '2025-01-01', dateTo: '2025-12-31' });
    expect(byMethod.rows).toEqual([{ period: '2025-03', method: 'cash', received: 1000, refunded: 0, net: 1000, count: 1 }]);
    const bad = await t.reject('reports.profit', { dateFrom: '2025-02-01', dateTo: '2025-01-01' });
    expect([bad.code, bad.field]).toEqual(['invalid', 'dateTo']);
  });

  it('payments by method, and stock valued at the moving-average cost of the day', async () => {
    const inv = await invoiced([{ productId: s.cup.id, quantity: 1 }]); // 14.13
    await t.call('payments.record', { customerId: s.customer.id, method: 'alipay', amount: 5000, allocations: [{ invoiceId: inv.id, amount: 1000 }] });
    await t.call('payments.record', { customerId: s.customer.id, method: 'alipay', amount: 2000 });
    await t.call('payments.record', { customerId: s.customer.id, method: 'cash', amount: 500 });
    await t.call('payments.record', { customerId: s.customer.id, kind: 'refund', method: 'cash', amount: 300 });
    const today = new Date().toISOString().slice(0, 10);
    const pays = await t.call('reports.payments', { dateFrom: today, dateTo: today, period: 'day' });
    expect(pays.rows.map((r) => [r.method, r.received, r.refunded, r.net, r.count])).toEqual([['alipay', 7000, 0, 7000, 2], ['cash', 500, 300, 200, 2]]);
    expect(pays.totals).toEqual({ received: 7500, refunded: 300, net: 7200 });

    await t.call('purchases.receive', { warehouseId: s.main.id, lines: [{ productId: s.cup.id, quantity: 10, unitCost: 400 }] });
    await t.call('purchases.receive', { warehouseId: s.main.id, lines: [{ productId: s.cup.id, quantity: 10, unitCost: 600 }] });
    const o = await t.call('orders.create', { customerId: s.customer.id, warehouseId: s.main.id, lines: [{ productId: s.cup.id, quantity: 5 }] });
    await t.call('orders.confirm', { id: o.id });
    await t.call('orders.ship', { id: o.id });
    const value = await t.call('reports.stockValuation', { asOf: today, warehouseId: s.main.id });
    // Cups: 50 + 10 + 10 − 5 on hand; (60 × 4.00 + 10 × 6.00) / 70 = 4.2857 → 4.29. Tea was never costed.
    expect(value.rows.map((r) => [r.sku, r.onHand, r.unitCost, r.value])).toEqual([['CUP-002', 65, 429, 65 * 429], ['TEA-001', 50, 0, 0]]);
    expect(value.total).toBe(65 * 429);
    const before = await t.call('reports.stockValuation', { asOf: '2020-01-01' });
    expect(before).toMatchObject({ rows: [], total: 0 });
  });
});
