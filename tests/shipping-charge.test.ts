// The shipping fee as part of the order: a line of the order totals (order-totals.ts rules),
// billed on the first invoice and creditable, printed on the packing slip, carried by merge and
// split; and credit notes from after-sales cases. Real ledger files; every test ends with verify.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { printDocuments } from '../src/main/documents/print.ts';
import type { OpResult } from '../src/shared/contract/index.ts';
import { computeOrderTotals } from '../src/shared/order-totals.ts';
import { LOCAL_OWNER } from '../src/shared/permissions.ts';
import { openTestLedger, smallShop, type TestLedger } from './helpers.ts';
import { pdfText } from './pdf-tools.ts';

type Shop = Awaited<ReturnType<typeof smallShop>>;
type Order = OpResult<'orders.get'>;

let t: TestLedger;
let s: Shop;
let flat: OpResult<'deliveryMethods.create'>;
let byWeight: OpResult<'deliveryMethods.create'>;

beforeEach(async () => {
  t = await openTestLedger();
  s = await smallShop(t);
  await t.call('stock.receive', { warehouseId: s.main.id, lines: [{ productId: s.tea.id, quantity: 20 }, { productId: s.cup.id, quantity: 30 }] });
  await t.call('products.update', { id: s.cup.id, weightGrams: 600 });
  await t.call('products.update', { id: s.tea.id, weightGrams: 300 });
  const sf = (await t.call('carriers.list', { code: 'SF' })).items[0]!;
  flat = await t.call('deliveryMethods.create', { code: 'FLAT', name: 'Courier flat', kind: 'express', carrierId: sf.id, feeRule: { base: { kind: 'flat', amount: 1250 } } });
  byWeight = await t.call('deliveryMethods.create', {
    code: 'KG',
    name: '顺丰按重',
    kind: 'express',
    carrierId: sf.id,
    feeRule: { base: { kind: 'weight', firstGrams: 1000, firstFee: 1000, stepGrams: 1000, stepFee: 500 } },
  });
});

afterEach(async () => {
  const report = await t.call('system.verify', {});
  await t.close();
  expect(report.problems).toEqual([]);
});


/** The order's totals must be what order-totals.ts computes from its lines and fee (a zero fee is no line). */
function expectTotalsOf(o: Order, fee: number | null) {
  const expected = computeOrderTotals({
    lines: o.lines.map((l) => ({ quantity: l.quantity, unitPrice: l.unitPrice, discountBp: l.discountBp, taxRateBp: l.taxRateBp })),
    orderDiscount: o.orderDiscount,
    pricesIncludeTax: o.pricesIncludeTax,
    shippingFee: fee || null,
  });
  expect({ net: o.netTotal, tax: o.taxTotal, gross: o.grossTotal, breakdown: o.taxBreakdown }).toEqual({
    net: expected.net,
    tax: expected.tax,
    gross: expected.gross,
    breakdown: expected.taxBreakdown,
  });
  expect(o.shipping).toEqual(expected.shipping && { taxRateBp: expected.shipping.taxRateBp, net: expected.shipping.net, tax: expected.shipping.tax, gross: expected.shipping.gross });
}

async function shippedOrder(lines: { productId: string; quantity: number }[], methodId = flat.id): Promise<Order> {
  const o = await t.call('orders.create', { customerId: s.customer.id, warehouseId: s.main.id, lines, deliveryMethodId: methodId });
  await t.call('orders.confirm', { id: o.id });
  return t.call('orders.ship', { id: o.id });
}

describe('the shipping fee in the order totals', () => {
  it('is a taxed line of the totals and follows edits and delivery changes', async () => {
    const o = await t.call('orders.create', { customerId: s.customer.id, warehouseId: s.main.id, lines: [{ productId: s.cup.id, quantity: 2 }], orderDiscount: 100, deliveryMethodId: byWeight.id });
    // 1200 g: first kg 10.00 + one started kg 5.00, taxed at the goods' 13 %.
    expect(o.shipping).toEqual({ taxRateBp: 1300, net: 1500, tax: 195, gross: 1695 });
    expectTotalsOf(o, 1500);
    const edited = await t.call('orders.update', { id: o.id, lines: [{ productId: s.cup.id, quantity: 4 }] });
    expectTotalsOf(edited, 2000);
    await t.call('delivery.set', { orderId: o.id, deliveryMethodId: flat.id });
    expectTotalsOf(await t.call('orders.get', { id: o.id }), 1250);
    await t.call('delivery.set', { orderId: o.id, deliveryMethodId: flat.id, fee: 0 });
    const free = await t.call('orders.get', { id: o.id });
    expectTotalsOf(free, 0);
    expect(free.shipping).toBeNull();
    // Without a delivery method an order has no shipping line at all.
    const plain = await t.call('orders.create', { customerId: s.customer.id, warehouseId: s.main.id, lines: [{ productId: s.cup.id, quantity: 1 }] });
    expect(plain.shipping).toBeNull();
    expectTotalsOf(plain, null);
  });

  it('free-above rules look at the goods, not at the total that includes the fee', async () => {
    const m = await t.call('deliveryMethods.create', { code: 'FREE', name: 'Free above', kind: 'local', feeRule: { base: { kind: 'flat', amount: 800 }, freeFrom: 5650 } });
    // 4 × 12.50 + 13 % = 56.50: exactly the threshold, free.
    const o = await t.call('orders.create', { customerId: s.customer.id, warehouseId: s.main.id, lines: [{ productId: s.cup.id, quantity: 4 }], deliveryMethodId: m.id });
    expect(o.shipping).toBeNull();
    const below = await t.call('orders.update', { id: o.id, lines: [{ productId: s.cup.id, quantity: 3 }] });
    expectTotalsOf(below, 800);
  });

  it('merge recomputes one fee for the merged goods; split gives the new order its own computed fee', async () => {
    const a = await t.call('orders.create', { customerId: s.customer.id, warehouseId: s.main.id, lines: [{ productId: s.cup.id, quantity: 1 }], deliveryMethodId: byWeight.id });
    const b = await t.call('orders.create', { customerId: s.customer.id, warehouseId: s.main.id, lines: [{ productId: s.cup.id, quantity: 2 }], deliveryMethodId: byWeight.id });
    await t.call('delivery.set', { orderId: b.id, deliveryMethodId: byWeight.id, fee: 0 });
    const merged = await t.call('orders.merge', { orderIds: [a.id, b.id] });
    // 1800 g → 10.00 + 5.00, computed afresh: b's waived fee was for b alone.
    expect((await t.call('delivery.get', { orderId: merged.id })).delivery).toMatchObject({ deliveryMethodId: byWeight.id, fee: 1500, feeOverridden: false, weightGrams: 1800 });
    expectTotalsOf(merged, 1500);

    const big = await t.call('orders.create', { customerId: s.customer.id, warehouseId: s.main.id, lines: [{ productId: s.cup.id, quantity: 3 }, { productId: s.tea.id, quantity: 4 }], deliveryMethodId: byWeight.id });
    expectTotalsOf(big, 2000); // 3000 g
    const teaLine = big.lines.find((l) => l.sku === 'TEA-001')!;
    const { source, created } = await t.call('orders.split', { id: big.id, lines: [{ lineId: teaLine.id, quantity: 4 }] });
    // Each part pays for its own parcel: 1800 g and 1200 g both start a second kilo.
    expectTotalsOf(source, 1500);
    expectTotalsOf(created, 1500);
    expect((await t.call('delivery.get', { orderId: created.id })).delivery).toMatchObject({ deliveryMethodId: byWeight.id, fee: 1500, feeOverridden: false, weightGrams: 1200 });
    // A split order without a delivery method stays without one.
    const none = await t.call('orders.create', { customerId: s.customer.id, warehouseId: s.main.id, lines: [{ productId: s.cup.id, quantity: 2 }] });
    const split = await t.call('orders.split', { id: none.id, lines: [{ lineId: none.lines[0]!.id, quantity: 1 }] });
    expect(split.created.shipping).toBeNull();
    expect((await t.call('delivery.get', { orderId: split.created.id })).delivery).toBeNull();
  });
});

describe('the shipping line on invoices and credit notes', () => {
  it('is billed once, on the first invoice, so the invoices add up to the order', async () => {
    const o = await t.call('orders.create', { customerId: s.customer.id, warehouseId: s.main.id, lines: [{ productId: s.cup.id, quantity: 3 }, { productId: s.tea.id, quantity: 1 }], deliveryMethodId: flat.id });
    await t.call('orders.confirm', { id: o.id });
    const first = await t.call('invoices.issue', { orderId: o.id, lines: [{ orderLineId: o.lines[0]!.id, quantity: 1 }] });
    const ship = first.lines.find((l) => l.charge === 'shipping')!;
    expect(ship).toMatchObject({ sku: 'SHIPPING', name: 'Courier flat', quantity: 1, unitPrice: 1250, net: 1250, tax: 163, gross: 1413, orderLineId: null, productId: null, cost: 0 });
    // The reply is built from the rows issue wrote, the shipping line too: what a fresh read gives.
    expect(await t.call('invoices.get', { id: first.id })).toEqual(first);
    const second = await t.call('invoices.issue', { orderId: o.id });
    expect(second.lines.some((l) => l.charge === 'shipping')).toBe(false);
    const order = await t.call('orders.get', { id: o.id });
    expect(first.grossTotal + second.grossTotal).toBe(order.grossTotal);
    expect(first.netTotal + second.netTotal).toBe(order.netTotal);
    expect((await t.reject('invoices.issue', { orderId: o.id })).code).toBe('conflict');
    // The invoiced fee can no longer change; a credit note corrects it.
    const refused = await t.reject('delivery.set', { orderId: o.id, deliveryMethodId: byWeight.id });
    expect({ code: refused.code, field: refused.field }).toEqual({ code: 'conflict', field: 'orderId' });

    const credit = await t.call('invoices.credit', { invoiceId: first.id, reason: 'courier was late', lines: [{ invoiceLineId: ship.id, quantity: 1 }] });
    expect(credit.lines).toHaveLength(1);
    expect(credit.lines[0]).toMatchObject({ charge: 'shipping', creditedLineId: ship.id, gross: 1413, cost: 0 });
    expect(credit.grossTotal).toBe(1413);
    const again = await t.reject('invoices.credit', { invoiceId: first.id, reason: 'twice', lines: [{ invoiceLineId: ship.id, quantity: 1 }] });
    expect(again.field).toBe('lines.0.quantity');
  });

  it('a fee added after the goods were billed goes on its own invoice; a full credit with return moves only goods', async () => {
    const o = await t.call('orders.create', { customerId: s.customer.id, warehouseId: s.main.id, lines: [{ productId: s.cup.id, quantity: 2 }] });
    await t.call('orders.confirm', { id: o.id });
    const goods = await t.call('invoices.issue', { orderId: o.id });
    await t.call('delivery.set', { orderId: o.id, deliveryMethodId: flat.id });
    expect((await t.reject('invoices.issue', { orderId: o.id, basis: 'shipped' })).code).toBe('conflict');
    const fee = await t.call('invoices.issue', { orderId: o.id });
    expect(fee.lines.map((l) => l.sku)).toEqual(['SHIPPING']);
    expect(goods.grossTotal + fee.grossTotal).toBe((await t.call('orders.get', { id: o.id })).grossTotal);

    await t.call('orders.ship', { id: o.id });
    const before = (await t.call('stock.levels', { productId: s.cup.id, warehouseId: s.main.id })).items[0]!.onHand;
    const all = await t.call('invoices.credit', { invoiceId: fee.id, reason: 'refund shipping', returnToStock: true });
    expect(all.lines.map((l) => l.charge)).toEqual(['shipping']);
    expect((await t.call('stock.levels', { productId: s.cup.id, warehouseId: s.main.id })).items[0]!.onHand).toBe(before);
  });

  it('the packing slip names the delivery method and the fee', async () => {
    const o = await t.call('orders.create', { customerId: s.customer.id, warehouseId: s.main.id, lines: [{ productId: s.cup.id, quantity: 1 }], deliveryMethodId: flat.id });
    const text = pdfText((await printDocuments(t.app.dispatcher, LOCAL_OWNER, { kind: 'packing-slip', ids: [o.id], lang: 'en' })).pdf).replace(/\s+/g, ' ');
    expect(text).toContain('Delivery Courier flat');
    expect(text).toMatch(/Shipping fee (CN)?¥ ?12\.50/);
  });
});

describe('credit notes from after-sales cases', () => {
  it('a return case credits the returned lines, takes their cost back and moves no stock', async () => {
    await t.call('purchases.receive', { warehouseId: s.main.id, lines: [{ productId: s.cup.id, quantity: 1, unitCost: 400 }] });
    const o = await shippedOrder([{ productId: s.cup.id, quantity: 3 }, { productId: s.tea.id, quantity: 2 }]);
    const invoice = await t.call('invoices.issue', { orderId: o.id });
    const cupLine = o.lines.find((l) => l.sku === 'CUP-002')!;
    const teaLine = o.lines.find((l) => l.sku === 'TEA-001')!;
    const c = await t.call('cases.create', { orderId: o.id, kind: 'return', summary: 'two cups broken, one tea unwanted' });
    await t.call('returns.create', { orderId: o.id, caseId: c.id, reason: 'broken', lines: [{ lineId: cupLine.id, quantity: 2, disposition: 'write_off' }, { lineId: teaLine.id, quantity: 1, disposition: 'restock' }] });
    const levelsBefore = await t.call('stock.levels', { warehouseId: s.main.id });

    const r = await t.call('cases.creditNote', { id: c.id });
    expect(r.creditNotes).toHaveLength(1);
    const note = r.creditNotes[0]!;
    expect(note).toMatchObject({ kind: 'credit_note', creditedInvoiceId: invoice.id, reason: `${c.number}: two cups broken, one tea unwanted` });
    const bySku = new Map(note.lines.map((l) => [l.sku, l]));
    expect(bySku.get('CUP-002')).toMatchObject({ quantity: 2, cost: 0 }); // written off: the loss stays a cost
    expect(bySku.get('TEA-001')).toMatchObject({ quantity: 1 });
    const invTea = invoice.lines.find((l) => l.sku === 'TEA-001')!;
    expect(bySku.get('TEA-001')!.cost).toBe(invTea.unitCost);
    expect(note.lines.some((l) => l.charge === 'shipping')).toBe(false);
    expect(r.case.documents).toContainEqual({ kind: 'credit_note', documentId: note.id });
    expect(r.case.notes.at(-1)?.body).toContain(note.number);
    expect(await t.call('stock.levels', { warehouseId: s.main.id })).toEqual(levelsBefore);

    // Everything returned is credited now; the shipping can still be credited on request.
    expect((await t.reject('cases.creditNote', { id: c.id })).field).toBe('lines');
    const fee = await t.call('cases.creditNote', { id: c.id, includeShipping: true });
    expect(fee.creditNotes[0]!.lines.map((l) => l.charge)).toEqual(['shipping']);
    expect((await t.reject('cases.creditNote', { id: c.id, includeShipping: true })).field).toBe('includeShipping');
  });

  it('a refund case credits the lines given, across invoices; other cases and uninvoiced units are refused', async () => {
    const o = await shippedOrder([{ productId: s.cup.id, quantity: 4 }]);
    const line = o.lines[0]!;
    const first = await t.call('invoices.issue', { orderId: o.id, lines: [{ orderLineId: line.id, quantity: 1 }] });
    const c = await t.call('cases.create', { orderId: o.id, kind: 'refund', summary: 'price promise' });
    const early = await t.reject('cases.creditNote', { id: c.id, lines: [{ orderLineId: line.id, quantity: 2 }] });
    expect({ code: early.code, field: early.field }).toEqual({ code: 'invalid', field: 'lines.0.quantity' });
    const second = await t.call('invoices.issue', { orderId: o.id });
    const r = await t.call('cases.creditNote', { id: c.id, lines: [{ orderLineId: line.id, quantity: 2 }], reason: 'goodwill' });
    expect(r.creditNotes.map((n) => [n.creditedInvoiceId, n.lines.map((l) => [l.charge, l.quantity])])).toEqual([
      [first.id, [[null, 1]]],
      [second.id, [[null, 1]]],
    ]);
    expect(r.creditNotes.map((n) => n.lines[0]!.cost)).toEqual([0, 0]);
    expect(r.case.documents.filter((d) => d.kind === 'credit_note')).toHaveLength(2);

    const complaint = await t.call('cases.create', { orderId: o.id, kind: 'complaint', summary: 'rude driver' });
    expect((await t.reject('cases.creditNote', { id: complaint.id, lines: [{ orderLineId: line.id, quantity: 1 }] })).field).toBe('id');
    const missing = await t.reject('cases.creditNote', { id: c.id, lines: [{ orderLineId: '0190f0f0-0000-7000-8000-000000000000', quantity: 1 }] });
    expect({ code: missing.code, field: missing.field }).toEqual({ code: 'not_found', field: 'lines.0.orderLineId' });
  });
});
