// Purchasing through the dispatcher on a real ledger file: suppliers, suggestions into purchase
// orders, deliveries by scan and by typed quantities at cost, retries of a delivery, supplier
// returns, bills matched to receipts, supplier payments and the payables report. Every test ends
// with `system.verify` (journal chain, replay, stock levels equal to their movements).

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OpInput } from '../src/shared/contract/index.ts';
import { openTestLedger, smallShop, type TestLedger } from './helpers.ts';

type Shop = Awaited<ReturnType<typeof smallShop>>;

let t: TestLedger;
let s: Shop;

beforeEach(async () => {
  t = await openTestLedger();
  s = await smallShop(t);
});

afterEach(async () => {
  const report = await t.call('system.verify', {});
  await t.close();
  expect(report.problems).toEqual([]);
});

async function teaSupplier(extra: { preferred?: boolean } = {}) {
  const sup = await t.call('suppliers.create', { code: 'HZTEA', name: 'Hangzhou Tea Co.', email: 'sales@hztea.example', paymentTermsDays: 30, leadTimeDays: 10 });
  await t.call('supplierProducts.set', { supplierId: sup.id, productId: s.tea.id, supplierSku: 'LJ-250', lastPrice: 2000, minOrderQty: 10, packSize: 6, preferred: extra.preferred ?? true });
  await t.call('supplierProducts.set', { supplierId: sup.id, productId: s.cup.id, supplierSku: 'CUP-W', lastPrice: 400, packSize: 12, preferred: extra.preferred ?? true });
  return sup;
}

async function sentOrder(lines: { productId: string; quantity: number; unitCost?: number }[]) {
  const sup = await teaSupplier();
  const po = await t.call('purchaseOrders.create', { supplierId: sup.id, warehouseId: s.main.id, lines });
  return { sup, po: await t.call('purchaseOrders.send', { id: po.id }) };
}

describe('suppliers', () => {
  it('keeps contact data, currency, terms and lead time; bad input names the field', async () => {
    const sup = await t.call('suppliers.create', { code: 'YX', name: '宜兴陶瓷', contactName: '李工', phone: '+86 510 1234', currency: 'CNY', paymentTermsDays: 45, leadTimeDays: 21 });
    expect(sup).toMatchObject({ code: 'YX', currency: 'CNY', paymentTermsDays: 45, leadTimeDays: 21, active: true, email: null });
    expect((await t.reject('suppliers.create', { code: 'YX', name: 'again' })).field).toBe('code');
    expect((await t.reject('suppliers.create', { code: 'Z1', name: 'Z', email: 'nope' })).field).toBe('email');
    expect((await t.reject('suppliers.create', { code: 'Z1', name: 'Z', currency: 'yuan' })).field).toBe('currency');
    expect((await t.reject('suppliers.create', { code: 'Z1', name: 'Z', leadTimeDays: -1 })).field).toBe('leadTimeDays');
    const updated = await t.call('suppliers.update', { id: sup.id, leadTimeDays: 14, email: 'li@yx.example' });
    expect(updated).toMatchObject({ leadTimeDays: 14, email: 'li@yx.example', paymentTermsDays: 45 });
    expect((await t.call('suppliers.list', { search: '宜兴' })).items.map((x) => x.code)).toEqual(['YX']);
  });

  it('one preferred supplier per product; minimum and pack size are validated', async () => {
    const a = await teaSupplier();
    const b = await t.call('suppliers.create', { code: 'B', name: 'Other tea' });
    await t.call('supplierProducts.set', { supplierId: b.id, productId: s.tea.id, lastPrice: 1900, preferred: true });
    const offers = (await t.call('supplierProducts.list', { productId: s.tea.id })).items;
    expect(offers.map((o) => [o.supplierCode, o.preferred])).toEqual([['B', true], ['HZTEA', false]]);
    expect(offers.find((o) => o.supplierId === a.id)).toMatchObject({ supplierSku: 'LJ-250', lastPrice: 2000, minOrderQty: 10, packSize: 6 });
    expect((await t.reject('supplierProducts.set', { supplierId: b.id, productId: s.tea.id, packSize: 0 })).field).toBe('packSize');
    expect((await t.reject('supplierProducts.set', { supplierId: b.id, productId: s.tea.id, minOrderQty: 2.5 })).field).toBe('minOrderQty');
  });
});

describe('purchase orders', () => {
  it('drafts from suggestions per preferred supplier and warehouse, rounded to pack and minimum, never twice', async () => {
    await teaSupplier();
    await t.call('locations.set', { productId: s.tea.id, warehouseId: s.main.id, reorderPoint: 5 });
    await t.call('locations.set', { productId: s.cup.id, warehouseId: s.main.id, reorderPoint: 3, reorderQty: 5 });
    await t.call('locations.set', { productId: s.tea.id, warehouseId: s.back.id, reorderPoint: 1 });
    await t.call('locations.set', { productId: s.pot.id, warehouseId: s.main.id, reorderPoint: 0 });
    const sug = (await t.call('purchaseOrders.suggestions', {})).items;
    // tea MAIN: need 6, minimum 10 → 12 (two packs of 6); cups: need 4 → 5 (reorder qty) → 12 (pack).
    expect(sug.map((i) => [i.sku, i.warehouseCode, i.need, i.orderQty])).toEqual([
      ['TEA-001', 'BACK', 2, 12],
      ['CUP-002', 'MAIN', 4, 12],
      ['POT-003', 'MAIN', 1, 1],
      ['TEA-001', 'MAIN', 6, 12],
    ]);
    const made = await t.call('purchaseOrders.fromSuggestions', {});
    expect(made.orders.map((o) => [o.warehouseCode, o.status, o.lines.map((l) => [l.sku, l.quantity, l.unitCost])])).toEqual([
      ['BACK', 'draft', [['TEA-001', 12, 2000]]],
      ['MAIN', 'draft', [['CUP-002', 12, 400], ['TEA-001', 12, 2000]]],
    ]);
    expect(made.unassigned.map((u) => u.sku)).toEqual(['POT-003']);
    expect(made.orders[0]!.number).toMatch(/^PO-[A-Z0-9]+-000001$/);
    // The drafts count: running it again orders nothing twice.
    expect((await t.call('purchaseOrders.suggestions', {})).items.map((i) => i.sku)).toEqual(['POT-003']);
    expect((await t.reject('purchaseOrders.fromSuggestions', {})).code).toBe('conflict');
  });

  it('moves draft → sent → partially received → received; expected stock sits beside on hand and reserved', async () => {
    const { po } = await sentOrder([{ productId: s.tea.id, quantity: 10 }, { productId: s.cup.id, quantity: 24, unitCost: 450 }]);
    expect(po.status).toBe('sent');
    expect(po.total).toBe(10 * 2000 + 24 * 450);
    const pos = async () => (await t.call('stock.position', { warehouseId: s.main.id })).items.map((i) => [i.sku, i.onHand, i.reserved, i.expected]);
    expect(await pos()).toEqual([['CUP-002', 0, 0, 24], ['TEA-001', 0, 0, 10]]);
    await t.call('locations.set', { productId: s.tea.id, warehouseId: s.main.id, reorderPoint: 5 });
    const low = (await t.call('stock.lowStock', { warehouseId: s.main.id })).items;
    expect(low.map((i) => [i.sku, i.expected, i.suggestedQty])).toEqual([['TEA-001', 10, 0]]);
    expect((await t.reject('purchaseOrders.update', { id: po.id, notes: 'late' })).field).toBe('status');

    // First delivery: three teas scanned (barcode, barcode, SKU) and 20 cups typed.
    const teaLine = po.lines.find((l) => l.sku === 'TEA-001')!;
    const cupLine = po.lines.find((l) => l.sku === 'CUP-002')!;
    const first = await t.call('purchaseOrders.receive', { id: po.id, deliveryRef: 'DN-1', scans: ['4006381333931', '4006381333931', 'TEA-001'], lines: [{ lineId: cupLine.id, quantity: 20 }] });
    expect(first.status).toBe('partially_received');
    expect(first.lines.map((l) => [l.sku, l.receivedQty, l.expectedQty])).toEqual([['TEA-001', 3, 7], ['CUP-002', 20, 4]]);
    expect(await pos()).toEqual([['CUP-002', 20, 0, 4], ['TEA-001', 3, 0, 7]]);
    expect((await t.call('stock.levels', { warehouseId: s.main.id })).items.map((i) => [i.sku, i.onHand, i.reserved, i.available, i.expected])).toEqual([['CUP-002', 20, 0, 20, 4], ['TEA-001', 3, 0, 3, 7]]);

    // The same delivery again is a retry: nothing changes; other quantities under its reference are refused.
    const journal = () => t.app.ledger.raw.prepare('SELECT count(*) AS n FROM journal').get() as { n: number };
    const before = journal().n;
    const again = await t.call('purchaseOrders.receive', { id: po.id, deliveryRef: 'DN-1', scans: ['TEA-001', '4006381333931', '4006381333931'], lines: [{ lineId: cupLine.id, quantity: 20 }] });
    expect(again.receipts).toHaveLength(1);
    expect(journal().n).toBe(before);
    const clash = await t.reject('purchaseOrders.receive', { id: po.id, deliveryRef: 'DN-1', lines: [{ lineId: cupLine.id, quantity: 1 }] });
    expect([clash.code, clash.field]).toEqual(['conflict', 'deliveryRef']);
    const wrong = await t.reject('purchaseOrders.receive', { id: po.id, deliveryRef: 'DN-9', scans: ['TEA-001', 'POT-003'] });
    expect([wrong.code, wrong.field, wrong.details?.reason]).toEqual(['invalid', 'scans.1', 'not_on_order']);
    expect((await t.reject('purchaseOrders.receive', { id: po.id, deliveryRef: 'DN-9', scans: ['NOPE'] })).code).toBe('not_found');

    // Second delivery: the rest of the tea at a corrected cost, and two cups too many.
    const second = await t.call('purchaseOrders.receive', { id: po.id, deliveryRef: 'DN-2', lines: [{ lineId: teaLine.id, quantity: 7, unitCost: 2100 }, { lineId: cupLine.id, quantity: 6 }] });
    expect(second.status).toBe('received');
    expect(second.lines.map((l) => [l.sku, l.receivedQty, l.expectedQty, l.overQty])).toEqual([['TEA-001', 10, 0, 0], ['CUP-002', 26, 0, 2]]);
    expect(await pos()).toEqual([['CUP-002', 26, 0, 0], ['TEA-001', 10, 0, 0]]);
    // Weighted average: (3 × 2000 + 7 × 2100) / 10 = 2070.
    expect(second.receipts[1]!.lines.find((l) => l.sku === 'TEA-001')!.averageAfter).toBe(2070);
    expect((await t.call('supplierProducts.list', { productId: s.tea.id })).items[0]!.lastPrice).toBe(2100);
    expect((await t.reject('purchaseOrders.receive', { id: po.id, deliveryRef: 'DN-3', lines: [{ lineId: teaLine.id, quantity: 1 }] })).field).toBe('status');
  });

  it('closes short or cancels; an unreceived order may be cancelled, a received one not', async () => {
    const { po } = await sentOrder([{ productId: s.tea.id, quantity: 10 }]);
    await t.call('purchaseOrders.receive', { id: po.id, deliveryRef: 'A', lines: [{ lineId: po.lines[0]!.id, quantity: 4 }] });
    expect((await t.reject('purchaseOrders.cancel', { id: po.id, reason: 'x' })).field).toBe('status');
    expect((await t.reject('purchaseOrders.close', { id: po.id, reason: '' })).field).toBe('reason');
    const closed = await t.call('purchaseOrders.close', { id: po.id, reason: 'supplier out of stock' });
    expect(closed.lines.map((l) => [l.receivedQty, l.expectedQty, l.shortQty])).toEqual([[4, 0, 6]]);
    expect((await t.call('stock.position', { productId: s.tea.id })).items.map((i) => i.expected)).toEqual([0]);
    const other = await t.call('purchaseOrders.create', { supplierId: closed.supplierId, warehouseId: s.back.id, lines: [{ productId: s.cup.id, quantity: 1 }] });
    expect((await t.call('purchaseOrders.cancel', { id: other.id, reason: 'ordered by mistake' })).status).toBe('cancelled');
    expect((await t.call('purchaseOrders.list', { status: 'closed_short' })).items.map((o) => o.number)).toEqual([closed.number]);
  });

  it('refuses bad orders naming the field, writing nothing', async () => {
    const sup = await teaSupplier();
    expect((await t.reject('purchaseOrders.create', { supplierId: sup.id, warehouseId: s.main.id, lines: [] })).field).toBe('lines');
    expect((await t.reject('purchaseOrders.create', { supplierId: sup.id, warehouseId: s.main.id, lines: [{ productId: s.tea.id, quantity: 0 }] })).field).toBe('lines.0.quantity');
    expect((await t.reject('purchaseOrders.create', { supplierId: sup.id, warehouseId: s.main.id, lines: [{ productId: s.tea.id, quantity: 1 }, { productId: s.tea.id, quantity: 2 }] })).field).toBe('lines.1.productId');
    expect((await t.reject('purchaseOrders.create', { supplierId: sup.id, warehouseId: s.main.id, lines: [{ productId: s.tea.id, quantity: 1, unitCost: -1 }] })).field).toBe('lines.0.unitCost');
    const usd = await t.call('suppliers.create', { code: 'US', name: 'US tea', currency: 'USD' });
    expect((await t.reject('purchaseOrders.create', { supplierId: usd.id, warehouseId: s.main.id, lines: [{ productId: s.tea.id, quantity: 1 }] })).field).toBe('supplierId');
  });
});

describe('purchase orders drafted by hand', () => {
  const UNKNOWN = '01900000-0000-7000-8000-000000000000';
  const journal = () => t.app.ledger.raw.prepare('SELECT count(*) AS n FROM journal').get() as { n: number };
  const lastEntry = () => t.app.ledger.raw.prepare('SELECT operation, changes FROM journal ORDER BY seq DESC LIMIT 1').get() as { operation: string; changes: string };

  it('takes the supplier price by default, and an edit replaces the lines in one journal entry', async () => {
    const sup = await teaSupplier();
    const po = await t.call('purchaseOrders.create', { supplierId: sup.id, warehouseId: s.main.id, lines: [{ productId: s.tea.id, quantity: 12 }, { productId: s.pot.id, quantity: 2, unitCost: 9000 }] });
    expect(po.lines.map((l) => [l.sku, l.quantity, l.unitCost, l.supplierSku])).toEqual([['TEA-001', 12, 2000, 'LJ-250'], ['POT-003', 2, 9000, null]]);
    expect(po).toMatchObject({ status: 'draft', total: 12 * 2000 + 2 * 9000 });

    const before = journal().n;
    const edited = await t.call('purchaseOrders.update', { id: po.id, notes: 'ring before delivery', lines: [{ productId: s.tea.id, quantity: 18, unitCost: 1950 }, { productId: s.cup.id, quantity: 24 }] });
    expect(edited).toMatchObject({ id: po.id, number: po.number, status: 'draft', notes: 'ring before delivery', total: 18 * 1950 + 24 * 400 });
    expect(edited.lines.map((l) => [l.lineNo, l.sku, l.quantity, l.unitCost])).toEqual([[1, 'TEA-001', 18, 1950], [2, 'CUP-002', 24, 400]]);
    expect(await t.call('purchaseOrders.get', { id: po.id })).toEqual(edited);
    // Journaled like every write: one entry, the old lines deleted and the new ones inserted.
    expect(journal().n).toBe(before + 1);
    const entry = lastEntry();
    expect(entry.operation).toBe('purchaseOrders.update');
    const changes = JSON.parse(entry.changes) as { t: string; op: string }[];
    expect(changes.filter((c) => c.t === 'purchase_order_line').map((c) => c.op).sort()).toEqual(['d', 'd', 'i', 'i']);
    expect(changes.some((c) => c.t === 'purchase_order' && c.op === 'u')).toBe(true);
    // Nothing of a draft is expected stock, before or after the edit.
    expect((await t.call('stock.position', { warehouseId: s.main.id })).items.every((i) => i.expected === 0)).toBe(true);
  });

  it('refuses a bad draft or edit naming the field, and leaves the draft as it was', async () => {
    const sup = await teaSupplier();
    const po = await t.call('purchaseOrders.create', { supplierId: sup.id, warehouseId: s.main.id, lines: [{ productId: s.tea.id, quantity: 6 }] });
    const refused = async (input: OpInput<'purchaseOrders.update'>) => {
      const e = await t.reject('purchaseOrders.update', input);
      return [e.code, e.field];
    };
    expect(await refused({ id: po.id, lines: [] })).toEqual(['invalid', 'lines']);
    expect(await refused({ id: po.id, lines: [{ productId: s.tea.id, quantity: 0 }] })).toEqual(['invalid', 'lines.0.quantity']);
    expect(await refused({ id: po.id, lines: [{ productId: s.tea.id, quantity: 1.5 }] })).toEqual(['invalid', 'lines.0.quantity']);
    expect(await refused({ id: po.id, lines: [{ productId: s.tea.id, quantity: 1, unitCost: -1 }] })).toEqual(['invalid', 'lines.0.unitCost']);
    expect(await refused({ id: po.id, lines: [{ productId: s.tea.id, quantity: 1, unitCost: 12.5 }] })).toEqual(['invalid', 'lines.0.unitCost']);
    expect(await refused({ id: po.id, lines: [{ productId: s.tea.id, quantity: 1 }, { productId: UNKNOWN, quantity: 1 }] })).toEqual(['not_found', 'lines.1.productId']);
    expect(await refused({ id: po.id, lines: [{ productId: s.cup.id, quantity: 1 }, { productId: s.cup.id, quantity: 2 }] })).toEqual(['invalid', 'lines.1.productId']);
    expect(await refused({ id: po.id, lines: [{ productId: s.tea.id, quantity: 1_000_000_000, unitCost: 1e13 }] })).toEqual(['invalid', 'lines.0.unitCost']);
    expect(await refused({ id: po.id, expectedDate: 'next week' })).toEqual(['invalid', 'expectedDate']);
    expect(await refused({ id: UNKNOWN, notes: 'x' })).toEqual(['not_found', 'id']);
    expect(await t.call('purchaseOrders.get', { id: po.id })).toEqual(po);

    const create = (input: Partial<OpInput<'purchaseOrders.create'>>) => t.reject('purchaseOrders.create', { supplierId: sup.id, warehouseId: s.main.id, lines: [{ productId: s.tea.id, quantity: 1 }], ...input });
    expect((await create({ supplierId: '' })).field).toBe('supplierId');
    expect((await create({ supplierId: UNKNOWN })).field).toBe('supplierId');
    expect((await create({ warehouseId: UNKNOWN })).field).toBe('warehouseId');
    expect((await create({ lines: [{ productId: s.tea.id, quantity: -2 }] })).field).toBe('lines.0.quantity');
    expect((await t.call('purchaseOrders.list', {})).items.map((o) => o.number)).toEqual([po.number]);

    await t.call('purchaseOrders.send', { id: po.id });
    expect(await refused({ id: po.id, lines: [{ productId: s.tea.id, quantity: 7 }] })).toEqual(['conflict', 'status']);
    expect((await t.call('purchaseOrders.get', { id: po.id })).lines.map((l) => l.quantity)).toEqual([6]);
  });
});

describe('returns, bills and payables', () => {
  it('returns never more than received, with the reason on the movement', async () => {
    const { po } = await sentOrder([{ productId: s.tea.id, quantity: 10 }]);
    const got = await t.call('purchaseOrders.receive', { id: po.id, deliveryRef: 'A', lines: [{ lineId: po.lines[0]!.id, quantity: 10 }] });
    const rl = got.receipts[0]!.lines[0]!;
    const ret = await t.call('supplierReturns.create', { reason: 'crushed tins', lines: [{ receiptLineId: rl.id, quantity: 4 }] });
    expect(ret).toMatchObject({ value: 4 * 2000, number: expect.stringMatching(/^SR-/) });
    const moves = (await t.call('stock.movements', { productId: s.tea.id })).items;
    expect(moves[0]).toMatchObject({ kind: 'adjustment', onHandDelta: -4, reason: expect.stringContaining('crushed tins') });
    const over = await t.reject('supplierReturns.create', { reason: 'more', lines: [{ receiptLineId: rl.id, quantity: 7 }] });
    expect([over.code, over.field]).toEqual(['invalid', 'lines.0.quantity']);
    await t.call('stock.adjust', { warehouseId: s.main.id, productId: s.tea.id, delta: -5, reason: 'sold off the books' });
    const short = await t.reject('supplierReturns.create', { reason: 'more', lines: [{ receiptLineId: rl.id, quantity: 2 }] });
    expect([short.code, short.field]).toEqual(['insufficient_stock', 'lines.0.quantity']);
    expect((await t.call('purchaseOrders.get', { id: po.id })).receipts[0]!.lines[0]!.returnedQty).toBe(4);
  });

  it('matches bills to receipts, flags differences, pays oldest first and ages what is owed', async () => {
    const { sup, po } = await sentOrder([{ productId: s.tea.id, quantity: 10 }, { productId: s.cup.id, quantity: 12 }]);
    const got = await t.call('purchaseOrders.receive', { id: po.id, deliveryRef: 'A', receivedOn: '2026-01-05', lines: po.lines.map((l) => ({ lineId: l.id, quantity: l.quantity })) });
    const [tea, cup] = got.receipts[0]!.lines;
    const bill = await t.call('supplierBills.create', {
      supplierId: sup.id,
      supplierRef: 'INV-88',
      billDate: '2026-01-06',
      lines: [{ receiptLineId: tea!.id, quantity: 10, unitPrice: 2000 }, { receiptLineId: cup!.id, quantity: 13, unitPrice: 420 }],
    });
    expect(bill).toMatchObject({ dueDate: '2026-02-05', total: 20000 + 13 * 420, matchedCost: 20000 + 12 * 400, flagged: true, amountDue: 20000 + 13 * 420 });
    expect(bill.lines.map((l) => l.flags)).toEqual([[], ['quantity_over', 'price_higher']]);
    expect((await t.reject('supplierBills.create', { supplierId: sup.id, supplierRef: 'INV-88', lines: [{ receiptLineId: tea!.id, quantity: 1, unitPrice: 1 }] })).field).toBe('supplierRef');
    const other = await t.call('suppliers.create', { code: 'OTHER', name: 'Other' });
    expect((await t.reject('supplierBills.create', { supplierId: other.id, supplierRef: 'X', lines: [{ receiptLineId: tea!.id, quantity: 1, unitPrice: 1 }] })).field).toBe('lines.0.receiptLineId');

    const aging = await t.call('reports.payables', { asOf: '2026-03-20' });
    expect(aging.totals).toMatchObject({ total: bill.total, days31to60: bill.total });
    expect(aging.suppliers.map((x) => [x.supplierName, x.total])).toEqual([['Hangzhou Tea Co.', bill.total]]);

    const pay = await t.call('supplierPayments.create', { supplierId: sup.id, amount: 10000, method: 'bank_transfer', paidOn: '2026-02-01' });
    expect(pay.allocations.map((a) => [a.billNumber, a.amount])).toEqual([[bill.number, 10000]]);
    expect((await t.call('reports.payables', { asOf: '2026-01-31' })).totals.total).toBe(bill.total);
    expect((await t.call('reports.payables', { asOf: '2026-02-01' })).totals).toMatchObject({ total: bill.total - 10000, current: bill.total - 10000 });
    const rest = await t.call('supplierPayments.create', { supplierId: sup.id, amount: bill.total - 10000 + 500, method: 'alipay', paidOn: '2026-02-02' });
    expect(rest.unallocated).toBe(500);
    const after = await t.call('reports.payables', { asOf: '2026-02-02' });
    expect(after.totals.total).toBe(0);
    expect(after.suppliers.map((x) => [x.total, x.credit])).toEqual([[0, 500]]);
    expect((await t.call('supplierBills.get', { id: bill.id })).amountDue).toBe(0);
    expect((await t.call('supplierBills.list', { unpaidOnly: true })).items).toEqual([]);

    // The accountant's files: bills with their difference, payments, aging, and a journal in
    // which payables come to what the bills ask less what was paid.
    const csv = async (dataset: 'supplier_bills' | 'supplier_payments' | 'payables' | 'journal', dateTo = '2026-02-28') =>
      (await t.call('exports.csv', { dataset, dateFrom: '2026-01-01', dateTo })).content.replace(/^\uFEFF/, '').split('\r\n').filter(Boolean);
    expect(await csv('supplier_bills')).toEqual([
      'number,supplier_ref,supplier_code,supplier,bill_date,due_date,currency,total,received_cost,difference,paid,due,flagged_lines',
      `${bill.number},INV-88,HZTEA,Hangzhou Tea Co.,2026-01-06,2026-02-05,CNY,254.60,248.00,6.60,254.60,0.00,1`,
    ]);
    expect((await csv('supplier_payments')).slice(1).map((r) => r.split(',').slice(4, 9))).toEqual([
      ['bank_transfer', 'CNY', '-100.00', '-100.00', '0.00'],
      ['alipay', 'CNY', '-159.60', '-154.60', '-5.00'],
    ]);
    expect(await csv('payables', '2026-01-31')).toEqual(['supplier,bill,supplier_ref,due_date,bucket,amount_due', `Hangzhou Tea Co.,${bill.number},INV-88,2026-02-05,current,254.60`]);
    const journal = (await csv('journal')).slice(1).map((r) => r.split(','));
    const byDoc = new Map<string, number>();
    let payables = 0;
    for (const [, , id, , account, debit, credit] of journal) {
      const cents = Math.round(Number(debit) * 100) - Math.round(Number(credit) * 100);
      byDoc.set(id!, (byDoc.get(id!) ?? 0) + cents);
      if (account === '2000') payables += cents;
    }
    expect([...byDoc.values()].every((v) => v === 0)).toBe(true);
    expect(new Set(journal.map((r) => r[3]))).toEqual(new Set(['purchase', 'bill_difference', 'supplier_payment']));
    // Debit balance of 5.00: the credit the supplier holds.
    expect(payables).toBe(500);
  });
});

describe('supplier payments list', () => {
  it('lists payments newest first with the bills they paid, by supplier and page by page', async () => {
    const { sup, po } = await sentOrder([{ productId: s.tea.id, quantity: 10 }]);
    const got = await t.call('purchaseOrders.receive', { id: po.id, deliveryRef: 'A', lines: [{ lineId: po.lines[0]!.id, quantity: 10 }] });
    const bill = await t.call('supplierBills.create', { supplierId: sup.id, supplierRef: 'INV-1', lines: [{ receiptLineId: got.receipts[0]!.lines[0]!.id, quantity: 10, unitPrice: 2000 }] });
    const other = await t.call('suppliers.create', { code: 'CUPS', name: 'Cup works' });
    const first = await t.call('supplierPayments.create', { supplierId: sup.id, amount: 5000, method: 'bank_transfer', reference: 'TT-1' });
    const second = await t.call('supplierPayments.create', { supplierId: sup.id, amount: 16000, method: 'alipay' });
    const advance = await t.call('supplierPayments.create', { supplierId: other.id, amount: 700, method: 'cash' });

    const all = await t.call('supplierPayments.list', {});
    expect(all.items.map((p) => [p.number, p.supplierName, p.amount, p.method, p.reference, p.unallocated])).toEqual([
      [advance.number, 'Cup works', 700, 'cash', null, 700],
      [second.number, 'Hangzhou Tea Co.', 16000, 'alipay', null, 1000],
      [first.number, 'Hangzhou Tea Co.', 5000, 'bank_transfer', 'TT-1', 0],
    ]);
    expect(all.items[1]!.allocations).toEqual([{ billId: bill.id, billNumber: bill.number, amount: 15000 }]);
    expect(all.items[2]).toMatchObject({ supplierId: sup.id, paidOn: first.paidOn, currency: 'CNY', allocations: [{ billNumber: bill.number, amount: 5000 }] });
    expect(all.nextCursor).toBeNull();
    // What the list says of a payment is what recording it answered.
    expect(all.items[2]).toEqual({ ...first, supplierName: 'Hangzhou Tea Co.' });

    expect((await t.call('supplierPayments.list', { supplierId: other.id })).items.map((p) => p.number)).toEqual([advance.number]);
    const p1 = await t.call('supplierPayments.list', { supplierId: sup.id, limit: 1 });
    expect(p1.items.map((p) => p.number)).toEqual([second.number]);
    const p2 = await t.call('supplierPayments.list', { supplierId: sup.id, limit: 1, cursor: p1.nextCursor! });
    expect([p2.items.map((p) => p.number), p2.nextCursor]).toEqual([[first.number], null]);

    const bad = async (input: OpInput<'supplierPayments.list'>) => {
      const e = await t.reject('supplierPayments.list', input);
      return [e.code, e.field];
    };
    expect(await bad({ supplierId: '01900000-0000-7000-8000-000000000000' })).toEqual(['not_found', 'supplierId']);
    expect(await bad({ supplierId: 'HZTEA' })).toEqual(['invalid', 'supplierId']);
    expect(await bad({ limit: 0 })).toEqual(['invalid', 'limit']);
    expect(await bad({ cursor: 'not-a-cursor' })).toEqual(['invalid', 'cursor']);
  });
});
