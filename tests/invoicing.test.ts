// Invoices, credit notes, numbering and immutability, through the dispatcher on a real ledger
// file. Every test ends with `system.verify` (journal chain, replay, stock against movements).

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OpResult } from '../src/shared/contract/index.ts';
import { openTestLedger, smallShop, type TestLedger } from './helpers.ts';

type Shop = Awaited<ReturnType<typeof smallShop>>;
type Order = OpResult<'orders.get'>;

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

async function confirmedOrder(lines: { productId: string; quantity: number; discountBp?: number }[], orderDiscount = 0): Promise<Order> {
  const o = await t.call('orders.create', { customerId: s.customer.id, warehouseId: s.main.id, lines, orderDiscount });
  return t.call('orders.confirm', { id: o.id });
}

const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);

describe('invoices from orders', () => {
  it('invoices a whole order with the order amounts, a per-rate breakdown and a yearly gapless number', async () => {
    const vat6 = await t.call('taxRates.create', { code: 'VAT6', name: 'VAT 6%', rateBp: 600 });
    const book = await t.call('products.create', { sku: 'BOOK-004', name: 'Tea atlas', price: 8800, taxRateId: vat6.id, allowBackorder: true });
    const o = await confirmedOrder([{ productId: s.tea.id, quantity: 3 }, { productId: s.cup.id, quantity: 2, discountBp: 1000 }, { productId: book.id, quantity: 1 }], 1000);
    const inv = await t.call('invoices.issue', { orderId: o.id });
    expect(inv.number).toBe(`INV-A-${YEAR}-000001`);
    expect(inv.kind).toBe('invoice');
    expect(inv.lines.map((l) => [l.sku, l.quantity, l.net, l.tax, l.gross])).toEqual(o.lines.map((l) => [l.sku, l.quantity, l.net, l.tax, l.gross]));
    expect([inv.netTotal, inv.taxTotal, inv.grossTotal]).toEqual([o.netTotal, o.taxTotal, o.grossTotal]);
    expect(inv.taxBreakdown).toEqual(o.taxBreakdown);
    expect(inv.balance).toMatchObject({ amountDue: o.grossTotal, status: 'open', paid: 0, credited: 0 });
    expect(inv.customerName).toBe('王秀英');
    expect(inv.billingAddress?.country).toBe('CN');
    // The reply is built from the rows issue wrote; it must be what a fresh read gives.
    expect(await t.call('invoices.get', { id: inv.id })).toEqual(inv);
    const again = await confirmedOrder([{ productId: s.cup.id, quantity: 1 }]);
    expect((await t.call('invoices.issue', { orderId: again.id })).number).toBe(`INV-A-${YEAR}-000002`);
    // Nothing is left on the first order.
    const e = await t.reject('invoices.issue', { orderId: o.id });
    expect([e.code, e.field]).toEqual(['conflict', 'orderId']);
  });

  it('bills an order in parts (chosen quantities, then what shipped) whose sums equal the order to the cent', async () => {
    const o = await confirmedOrder([{ productId: s.tea.id, quantity: 7, discountBp: 333 }, { productId: s.cup.id, quantity: 3 }], 777);
    const [tea, cup] = o.lines;
    const first = await t.call('invoices.issue', { orderId: o.id, lines: [{ orderLineId: tea!.id, quantity: 2 }] });
    expect(first.lines).toHaveLength(1);
    await t.call('orders.ship', { id: o.id, lines: [{ lineId: tea!.id, quantity: 5 }, { lineId: cup!.id, quantity: 1 }] });
    const second = await t.call('invoices.issue', { orderId: o.id, basis: 'shipped' });
    expect(second.lines.map((l) => [l.sku, l.quantity])).toEqual([['TEA-001', 3], ['CUP-002', 1]]);
    const e = await t.reject('invoices.issue', { orderId: o.id, basis: 'shipped' });
    expect([e.code, e.field]).toEqual(['conflict', 'orderId']);
    const last = await t.call('invoices.issue', { orderId: o.id });
    expect(last.lines.map((l) => [l.sku, l.quantity])).toEqual([['TEA-001', 2], ['CUP-002', 2]]);
    const docs = [first, second, last];
    for (const line of o.lines) {
      const parts = docs.flatMap((d) => d.lines.filter((l) => l.orderLineId === line.id));
      expect([sum(parts.map((p) => p.quantity)), sum(parts.map((p) => p.net)), sum(parts.map((p) => p.tax)), sum(parts.map((p) => p.gross))]).toEqual([line.quantity, line.net, line.tax, line.gross]);
    }
    expect(sum(docs.map((d) => d.grossTotal))).toBe(o.grossTotal);
    for (const d of docs) {
      expect(d.grossTotal).toBe(d.netTotal + d.taxTotal);
      expect(d.netTotal).toBe(sum(d.lines.map((l) => l.net)));
      expect(d.taxTotal).toBe(sum(d.taxBreakdown.map((b) => b.tax)));
    }
  });

  it('refuses drafts, unknown lines, too much, a line twice and a date before the last invoice, naming the field', async () => {
    const draft = await t.call('orders.create', { customerId: s.customer.id, warehouseId: s.main.id, lines: [{ productId: s.tea.id, quantity: 1 }] });
    let e = await t.reject('invoices.issue', { orderId: draft.id });
    expect([e.code, e.field]).toEqual(['conflict', 'orderId']);
    const o = await confirmedOrder([{ productId: s.tea.id, quantity: 2 }]);
    e = await t.reject('invoices.issue', { orderId: o.id, lines: [{ orderLineId: draft.lines[0]!.id, quantity: 1 }] });
    expect([e.code, e.field]).toEqual(['not_found', 'lines.0.orderLineId']);
    e = await t.reject('invoices.issue', { orderId: o.id, lines: [{ orderLineId: o.lines[0]!.id, quantity: 3 }] });
    expect([e.code, e.field]).toEqual(['invalid', 'lines.0.quantity']);
    e = await t.reject('invoices.issue', { orderId: o.id, lines: [{ orderLineId: o.lines[0]!.id, quantity: 1 }, { orderLineId: o.lines[0]!.id, quantity: 1 }] });
    expect([e.code, e.field]).toEqual(['invalid', 'lines.1.orderLineId']);
    await t.call('invoices.issue', { orderId: o.id, lines: [{ orderLineId: o.lines[0]!.id, quantity: 1 }], issueDate: `${YEAR}-01-10` });
    e = await t.reject('invoices.issue', { orderId: o.id, issueDate: `${YEAR}-01-09` });
    expect([e.code, e.field]).toEqual(['invalid', 'issueDate']);
    e = await t.reject('invoices.issue', { orderId: o.id, issueDate: '2999-01-01' });
    expect([e.code, e.field]).toEqual(['invalid', 'issueDate']);
  });

  it('keeps the dates of each kind in order on their own: a credit note may come before the last invoice, not before the last credit note', async () => {
    const o1 = await confirmedOrder([{ productId: s.tea.id, quantity: 3 }]);
    const i1 = await t.call('invoices.issue', { orderId: o1.id, issueDate: `${YEAR}-01-02` });
    const o2 = await confirmedOrder([{ productId: s.tea.id, quantity: 1 }]);
    await t.call('invoices.issue', { orderId: o2.id, issueDate: `${YEAR}-01-05` });
    const one = [{ invoiceLineId: i1.lines[0]!.id, quantity: 1 }];
    await t.call('invoices.credit', { invoiceId: i1.id, reason: 'one broken', lines: one, issueDate: `${YEAR}-01-04` });
    const e = await t.reject('invoices.credit', { invoiceId: i1.id, reason: 'another', lines: one, issueDate: `${YEAR}-01-03` });
    expect([e.code, e.field]).toEqual(['invalid', 'issueDate']);
    await t.call('invoices.credit', { invoiceId: i1.id, reason: 'another', lines: one, issueDate: `${YEAR}-01-04` });
    const o3 = await confirmedOrder([{ productId: s.tea.id, quantity: 1 }]);
    const late = await t.reject('invoices.issue', { orderId: o3.id, issueDate: `${YEAR}-01-04` });
    expect([late.code, late.field]).toEqual(['invalid', 'issueDate']);
    expect((await t.call('invoices.issue', { orderId: o3.id, issueDate: `${YEAR}-01-05` })).issueDate).toBe(`${YEAR}-01-05`);
  });

  it('numbers per kind and year with the configured prefix, and a new year starts at 1', async () => {
    await t.call('invoices.configureSeries', { kind: 'invoice', prefix: 'RE', padding: 4 });
    const o = await confirmedOrder([{ productId: s.tea.id, quantity: 3 }]);
    const line = o.lines[0]!.id;
    const a = await t.call('invoices.issue', { orderId: o.id, lines: [{ orderLineId: line, quantity: 1 }], issueDate: '2025-12-31' });
    const b = await t.call('invoices.issue', { orderId: o.id, lines: [{ orderLineId: line, quantity: 1 }], issueDate: `${YEAR}-01-01` });
    const c = await t.call('invoices.issue', { orderId: o.id, lines: [{ orderLineId: line, quantity: 1 }], issueDate: `${YEAR}-01-02` });
    expect([a.number, b.number, c.number]).toEqual(['RE-A-2025-0001', `RE-A-${YEAR}-0001`, `RE-A-${YEAR}-0002`]);
    // A late invoice for last year continues last year's series.
    const o2 = await confirmedOrder([{ productId: s.cup.id, quantity: 1 }]);
    expect((await t.call('invoices.issue', { orderId: o2.id, issueDate: '2025-12-31' })).number).toBe('RE-A-2025-0002');
    const cn = await t.call('invoices.credit', { invoiceId: c.id, reason: 'goodwill' });
    expect(cn.number).toBe(`CN-A-${YEAR}-000001`);
    const settings = await t.call('invoices.settings', {});
    expect(settings.series.find((x) => x.kind === 'invoice')?.next).toBe(`RE-A-${YEAR}-0003`);
    expect((await t.call('invoices.settings', { year: 2025 })).series.find((x) => x.kind === 'invoice')?.next).toBe('RE-A-2025-0003');
    expect((await t.call('invoices.settings', { year: 2031 })).series.find((x) => x.kind === 'credit_note')?.next).toBe('CN-A-2031-000001');
  });

  it('a failed issue takes no number: the next invoice gets the number the failed one would have had', async () => {
    const o1 = await confirmedOrder([{ productId: s.tea.id, quantity: 1 }]);
    const o2 = await confirmedOrder([{ productId: s.tea.id, quantity: 1 }, { productId: s.cup.id, quantity: 1 }]);
    expect((await t.call('invoices.issue', { orderId: o1.id })).number).toBe(`INV-A-${YEAR}-000001`);
    // A real failure half-way through the issuing transaction: after the number was taken and
    // the invoice header written, the database refuses the second line.
    t.app.ledger.raw.exec(`CREATE TEMP TRIGGER fail_cup BEFORE INSERT ON invoice_line WHEN new.sku = 'CUP-002' BEGIN SELECT RAISE(ABORT, 'disk on fire'); END`);
    await expect(t.call('invoices.issue', { orderId: o2.id })).rejects.toThrow(/disk on fire/);
    t.app.ledger.raw.exec('DROP TRIGGER fail_cup');
    expect((await t.call('invoices.list', {})).items).toHaveLength(1);
    const next = await t.call('invoices.issue', { orderId: o2.id });
    expect(next.number).toBe(`INV-A-${YEAR}-000002`);
    const numbers = (await t.call('invoices.list', {})).items.map((i) => i.number).sort();
    expect(numbers).toEqual([`INV-A-${YEAR}-000001`, `INV-A-${YEAR}-000002`]);
  });
});

describe('invoiced orders keep their lines', () => {
  it('cannot be merged or split, and can be cancelled only once fully credited', async () => {
    const a = await confirmedOrder([{ productId: s.tea.id, quantity: 2 }]);
    const b = await confirmedOrder([{ productId: s.tea.id, quantity: 1 }]);
    const inv = await t.call('invoices.issue', { orderId: a.id });
    let e = await t.reject('orders.merge', { orderIds: [b.id, a.id] });
    expect([e.code, e.field]).toEqual(['conflict', 'orderIds.1']);
    e = await t.reject('orders.split', { id: a.id, lines: [{ lineId: a.lines[0]!.id, quantity: 1 }] });
    expect([e.code, e.field]).toEqual(['conflict', 'id']);
    e = await t.reject('orders.cancel', { id: a.id, reason: 'changed mind' });
    expect([e.code, e.field]).toEqual(['conflict', 'id']);
    await t.call('invoices.credit', { invoiceId: inv.id, reason: 'changed mind', lines: [{ invoiceLineId: inv.lines[0]!.id, quantity: 1 }] });
    e = await t.reject('orders.cancel', { id: a.id, reason: 'changed mind' });
    expect([e.code, e.field]).toEqual(['conflict', 'id']);
    await t.call('invoices.credit', { invoiceId: inv.id, reason: 'changed mind' });
    expect((await t.call('orders.cancel', { id: a.id, reason: 'changed mind' })).status).toBe('cancelled');
    // An order that was never invoiced merges as before.
    const c = await confirmedOrder([{ productId: s.cup.id, quantity: 1 }]);
    expect((await t.call('orders.merge', { orderIds: [b.id, c.id] })).lines).toHaveLength(2);
  });
});

describe('credit notes', () => {
  it('credits part of an invoice, then the rest; amounts add up to the invoice and the status follows', async () => {
    const o = await confirmedOrder([{ productId: s.tea.id, quantity: 3 }, { productId: s.cup.id, quantity: 5, discountBp: 1500 }], 321);
    const inv = await t.call('invoices.issue', { orderId: o.id });
    const cup = inv.lines[1]!;
    const cn1 = await t.call('invoices.credit', { invoiceId: inv.id, reason: 'two cups broken', lines: [{ invoiceLineId: cup.id, quantity: 2 }] });
    expect(cn1.kind).toBe('credit_note');
    expect(cn1.creditedInvoiceId).toBe(inv.id);
    expect(cn1.creditedInvoiceNumber).toBe(inv.number);
    expect(cn1.lines[0]).toMatchObject({ sku: 'CUP-002', quantity: 2, creditedLineId: cup.id });
    let after = await t.call('invoices.get', { id: inv.id });
    expect(after.balance).toMatchObject({ credited: cn1.grossTotal, amountDue: inv.grossTotal - cn1.grossTotal, status: 'open' });
    expect(after.creditNotes.map((c) => c.number)).toEqual([cn1.number]);
    const e = await t.reject('invoices.credit', { invoiceId: inv.id, reason: 'too many', lines: [{ invoiceLineId: cup.id, quantity: 4 }] });
    expect([e.code, e.field]).toEqual(['invalid', 'lines.0.quantity']);
    const cn2 = await t.call('invoices.credit', { invoiceId: inv.id, reason: 'order returned' });
    expect(cn2.lines.map((l) => [l.sku, l.quantity])).toEqual([['TEA-001', 3], ['CUP-002', 3]]);
    expect(cn1.grossTotal + cn2.grossTotal).toBe(inv.grossTotal);
    expect(cn1.taxTotal + cn2.taxTotal).toBe(inv.taxTotal);
    after = await t.call('invoices.get', { id: inv.id });
    expect(after.balance).toMatchObject({ amountDue: 0, status: 'credited' });
    const full = await t.reject('invoices.credit', { invoiceId: inv.id, reason: 'again' });
    expect([full.code, full.field]).toEqual(['conflict', 'invoiceId']);
    const onCn = await t.reject('invoices.credit', { invoiceId: cn1.id, reason: 'credit a credit' });
    expect([onCn.code, onCn.field]).toEqual(['invalid', 'invoiceId']);
  });

  it('returns credited goods to stock, only as many as shipped', async () => {
    const o = await confirmedOrder([{ productId: s.cup.id, quantity: 4 }]);
    await t.call('orders.ship', { id: o.id, lines: [{ lineId: o.lines[0]!.id, quantity: 3 }] });
    const inv = await t.call('invoices.issue', { orderId: o.id });
    const before = (await t.call('stock.levels', { productId: s.cup.id, warehouseId: s.main.id })).items[0]!;
    const e = await t.reject('invoices.credit', { invoiceId: inv.id, reason: 'return', returnToStock: true });
    expect([e.code, e.field]).toEqual(['invalid', 'returnToStock']);
    const cn = await t.call('invoices.credit', { invoiceId: inv.id, reason: 'return', returnToStock: true, lines: [{ invoiceLineId: inv.lines[0]!.id, quantity: 2 }] });
    expect(cn.returnWarehouseId).toBe(s.main.id);
    const levelAfter = (await t.call('stock.levels', { productId: s.cup.id, warehouseId: s.main.id })).items[0]!;
    expect(levelAfter.onHand).toBe(before.onHand + 2);
    const moves = await t.call('stock.movements', { productId: s.cup.id, limit: 1 });
    expect(moves.items[0]).toMatchObject({ kind: 'receipt', onHandDelta: 2, orderId: o.id, reason: `return on credit note ${cn.number}` });
    const again = await t.reject('invoices.credit', { invoiceId: inv.id, reason: 'return', returnToStock: true, lines: [{ invoiceLineId: inv.lines[0]!.id, quantity: 2 }] });
    expect([again.code, again.field]).toEqual(['invalid', 'lines.0.quantity']);
  });
});

describe('issued documents are immutable', () => {
  it('the database refuses UPDATE and DELETE of invoices, lines, payments and entries', async () => {
    const o = await confirmedOrder([{ productId: s.tea.id, quantity: 1 }]);
    const inv = await t.call('invoices.issue', { orderId: o.id });
    await t.call('payments.record', { customerId: s.customer.id, method: 'cash', amount: 100 });
    const raw = t.app.ledger.raw;
    expect(() => raw.prepare('UPDATE invoice SET gross_total = 1 WHERE id = ?').run(inv.id)).toThrow(/immutable/);
    expect(() => raw.prepare('DELETE FROM invoice_line WHERE invoice_id = ?').run(inv.id)).toThrow(/immutable/);
    expect(() => raw.prepare('UPDATE payment SET amount = 5').run()).toThrow(/immutable/);
    expect(() => raw.prepare('DELETE FROM payment_allocation').run()).toThrow(/immutable/);
  });

  it('an UPDATE made behind the app’s back (trigger dropped first) is named by verify', async () => {
    const o = await confirmedOrder([{ productId: s.tea.id, quantity: 1 }]);
    const inv = await t.call('invoices.issue', { orderId: o.id });
    const raw = t.app.ledger.raw;
    raw.exec('DROP TRIGGER invoice_no_update');
    raw.prepare('UPDATE invoice SET tax_total = tax_total - 1, net_total = net_total + 1 WHERE id = ?').run(inv.id);
    const report = await t.call('system.verify', {});
    expect(report.ok).toBe(false);
    expect(report.problems.map((p) => [p.table, p.rowId])).toContainEqual(['invoice', inv.id]);
    expect(report.problems.map((p) => p.message).join('\n')).toMatch(/tax_total/);
    // Put it back so the afterEach verify sees the ledger the app wrote.
    raw.prepare('UPDATE invoice SET tax_total = tax_total + 1, net_total = net_total - 1 WHERE id = ?').run(inv.id);
  });
});
