// Fulfilment and logistics through the dispatcher on a real ledger file: carriers and delivery
// methods, the fee on the order, pick lists, scan-to-verify packing, shipments with tracking,
// delivery, transfers, low-stock alerts and stock counts. Every test ends with `system.verify`
// (journal chain, replay, stock levels equal to their movements).

import { join } from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migration0001 } from '../migrations/ledger/0001-initial.ts';
import { openApp } from '../src/main/app.ts';
import { LATEST_LEDGER_VERSION } from '../src/main/db/migrator.ts';
import type { OpInput, OpResult } from '../src/shared/contract/index.ts';
import { PERMISSIONS, type Caller, type Permission } from '../src/shared/permissions.ts';
import { openTestLedger, smallShop, tempDir, type TestLedger } from './helpers.ts';

type Shop = Awaited<ReturnType<typeof smallShop>>;
type Order = OpResult<'orders.get'>;

let t: TestLedger;
let s: Shop;

beforeEach(async () => {
  t = await openTestLedger();
  s = await smallShop(t);
  await t.call('stock.receive', { warehouseId: s.main.id, lines: [{ productId: s.tea.id, quantity: 20 }, { productId: s.cup.id, quantity: 30 }, { productId: s.pot.id, quantity: 5 }] });
});

afterEach(async () => {
  const report = await t.call('system.verify', {});
  await t.close();
  expect(report.problems).toEqual([]);
});

function callerWithout(...missing: Permission[]): Caller {
  return { userId: 'clerk', displayName: 'Clerk', permissions: new Set(PERMISSIONS.filter((p) => !missing.includes(p))) };
}


async function confirmedOrder(lines: { productId: string; quantity: number }[], extra: Partial<OpInput<'orders.create'>> = {}): Promise<Order> {
  const o = await t.call('orders.create', { customerId: s.customer.id, warehouseId: s.main.id, lines, ...extra });
  return t.call('orders.confirm', { id: o.id });
}

async function level(productId: string, warehouseId = s.main.id) {
  const { items } = await t.call('stock.levels', { productId, warehouseId });
  const l = items[0];
  return { onHand: l?.onHand ?? 0, reserved: l?.reserved ?? 0, available: l?.available ?? 0 };
}

async function carrier(code: string) {
  const { items } = await t.call('carriers.list', { code });
  expect(items.map((c) => c.code)).toEqual([code]);
  return items[0]!;
}

describe('carriers and delivery methods', () => {
  it('a new ledger has the built-in carriers, editable, with tracking links', async () => {
    const codes = (await t.call('carriers.list', {})).items.map((c) => c.code);
    expect(codes.sort()).toEqual(['DHL', 'EMS', 'FEDEX', 'JD', 'SF', 'STO', 'UPS', 'USPS', 'YTO', 'YUNDA', 'ZTO']);
    const ups = await carrier('UPS');
    const edited = await t.call('carriers.update', { id: ups.id, trackingUrl: 'https://ups.example/t/{tracking}', active: false });
    expect(edited).toMatchObject({ trackingUrl: 'https://ups.example/t/{tracking}', active: false });
    expect((await t.call('carriers.list', {})).items.map((c) => c.code)).not.toContain('UPS');
    expect((await t.call('carriers.list', { includeInactive: true })).items.map((c) => c.code)).toContain('UPS');
    const own = await t.call('carriers.create', { code: 'DEPPON', name: '德邦快递', trackingUrl: 'https://deppon.example/?no={tracking}' });
    expect(own.active).toBe(true);
    expect((await t.reject('carriers.create', { code: 'SF', name: 'again' })).code).toBe('conflict');
    expect((await t.reject('carriers.create', { code: 'X1', name: 'x', trackingUrl: 'https://no-placeholder.example/' })).field).toBe('trackingUrl');
  });

  it('an express method needs a carrier; the fee is computed from weight and region and lands on the order', async () => {
    expect((await t.reject('deliveryMethods.create', { code: 'EXP', name: 'Express', kind: 'express', feeRule: { base: { kind: 'flat', amount: 1000 } } })).field).toBe('carrierId');
    await t.call('products.update', { id: s.tea.id, weightGrams: 300 });
    await t.call('products.update', { id: s.cup.id, weightGrams: 450 });
    const sf = await carrier('SF');
    const method = await t.call('deliveryMethods.create', {
      code: 'SF-STD',
      name: '顺丰标快',
      kind: 'express',
      carrierId: sf.id,
      feeRule: {
        base: { kind: 'weight', firstGrams: 1000, firstFee: 2300, stepGrams: 1000, stepFee: 1200 },
        zones: [{ name: 'east', regions: ['CN/上海', 'CN/浙江'], base: { kind: 'weight', firstGrams: 1000, firstFee: 1200, stepGrams: 1000, stepFee: 200 } }],
        freeFrom: 40_000,
      },
    });
    // 2 × 300 g + 3 × 450 g = 1950 g, to 上海: first kg 12.00 + one started kg 2.00; the pot has no weight.
    const o = await t.call('orders.create', {
      customerId: s.customer.id,
      warehouseId: s.main.id,
      lines: [{ productId: s.tea.id, quantity: 2 }, { productId: s.cup.id, quantity: 3 }, { productId: s.pot.id, quantity: 1 }],
      shipTo: { name: '王秀英', line1: '南京路 100 号', city: '上海', region: '上海', country: 'CN' },
    });
    const quote = await t.call('delivery.quote', { orderId: o.id, deliveryMethodId: method.id });
    // The order's gross value (395.48 + 13 % tax) is above the free threshold of 400.00.
    expect(quote).toMatchObject({ fee: 0, zone: 'east', weightGrams: 1950, unweighedSkus: ['POT-003'] });
    expect(quote.steps.map((x) => [x.step, x.amount])).toEqual([['zone', 0], ['first_weight', 1200], ['additional_weight', 200], ['free_from', -1400]]);

    const small = await t.call('orders.create', { customerId: s.customer.id, warehouseId: s.main.id, lines: [{ productId: s.cup.id, quantity: 3 }] });
    const set = await t.call('delivery.set', { orderId: small.id, deliveryMethodId: method.id });
    // The customer's default address has no region: the base rule, 1350 g → 23.00 + 12.00.
    expect(set).toMatchObject({ fee: 3500, computedFee: 3500, feeOverridden: false, weightGrams: 1350, currency: 'CNY' });
    expect(await t.call('delivery.get', { orderId: small.id })).toEqual({ delivery: set });

    const denied = await t.reject('delivery.set', { orderId: small.id, deliveryMethodId: method.id, fee: 100 }, callerWithout('orders.override_shipping_fee'));
    expect({ code: denied.code, field: denied.field }).toEqual({ code: 'forbidden', field: 'fee' });
    const overridden = await t.call('delivery.set', { orderId: small.id, deliveryMethodId: method.id, fee: 100 });
    expect(overridden).toMatchObject({ fee: 100, computedFee: 3500, feeOverridden: true });

    const pickup = await t.call('deliveryMethods.create', { code: 'PICKUP', name: '门店自提', kind: 'pickup', feeRule: { base: { kind: 'flat', amount: 999 } } });
    expect((await t.call('delivery.set', { orderId: small.id, deliveryMethodId: pickup.id })).fee).toBe(0);
    expect((await t.call('deliveryMethods.list', { kind: 'pickup' })).items.map((m) => m.code)).toEqual(['PICKUP']);
  });

  it('the fee is computed on order entry and follows edits of the draft; an override stays', async () => {
    await t.call('products.update', { id: s.cup.id, weightGrams: 600 });
    const yto = await carrier('YTO');
    const m = await t.call('deliveryMethods.create', {
      code: 'YTO',
      name: '圆通',
      kind: 'express',
      carrierId: yto.id,
      feeRule: { base: { kind: 'weight', firstGrams: 1000, firstFee: 1000, stepGrams: 500, stepFee: 300 }, perItem: 50 },
    });
    const o = await t.call('orders.create', { customerId: s.customer.id, warehouseId: s.main.id, lines: [{ productId: s.cup.id, quantity: 1 }], deliveryMethodId: m.id });
    expect((await t.call('delivery.get', { orderId: o.id })).delivery).toMatchObject({ fee: 1050, weightGrams: 600 });
    // 3 cups = 1800 g: first kg 10.00 + 2 started half-kilos 6.00 + 3 × 0.50.
    await t.call('orders.update', { id: o.id, lines: [{ productId: s.cup.id, quantity: 3 }] });
    expect((await t.call('delivery.get', { orderId: o.id })).delivery).toMatchObject({ fee: 1750, computedFee: 1750, weightGrams: 1800 });
    await t.call('delivery.set', { orderId: o.id, deliveryMethodId: m.id, fee: 0 });
    await t.call('orders.update', { id: o.id, lines: [{ productId: s.cup.id, quantity: 1 }] });
    expect((await t.call('delivery.get', { orderId: o.id })).delivery).toMatchObject({ fee: 0, computedFee: 1050, feeOverridden: true });
    const unknown = await t.reject('orders.create', { customerId: s.customer.id, warehouseId: s.main.id, lines: [{ productId: s.cup.id, quantity: 1 }], deliveryMethodId: s.main.id });
    expect({ code: unknown.code, field: unknown.field }).toEqual({ code: 'not_found', field: 'deliveryMethodId' });
  });
});

describe('picking, packing and shipping', () => {
  it('a pick list merges products over orders and walks the bins in order', async () => {
    await t.call('locations.set', { productId: s.tea.id, warehouseId: s.main.id, bin: 'A-10' });
    await t.call('locations.set', { productId: s.cup.id, warehouseId: s.main.id, bin: 'A-2' });
    const a = await confirmedOrder([{ productId: s.tea.id, quantity: 2 }, { productId: s.pot.id, quantity: 1 }]);
    const b = await confirmedOrder([{ productId: s.cup.id, quantity: 4 }, { productId: s.tea.id, quantity: 3 }]);
    const list = await t.call('picking.list', { orderIds: [a.id, b.id] });
    expect(list.lines.map((l) => [l.sku, l.bin, l.quantity])).toEqual([
      ['CUP-002', 'A-2', 4],
      ['TEA-001', 'A-10', 5],
      ['POT-003', null, 1],
    ]);
    expect(list.lines[1]!.orders.map((o) => o.quantity)).toEqual([2, 3]);
    const draft = await t.call('orders.create', { customerId: s.customer.id, warehouseId: s.main.id, lines: [{ productId: s.tea.id, quantity: 1 }] });
    const e = await t.reject('picking.list', { orderIds: [a.id, draft.id] });
    expect({ code: e.code, field: e.field }).toEqual({ code: 'conflict', field: 'orderIds.1' });
  });

  it('scan to verify: right items count, wrong, unknown and over-scans are refused naming the code, nothing written', async () => {
    const o = await confirmedOrder([{ productId: s.tea.id, quantity: 2 }, { productId: s.cup.id, quantity: 1 }]);
    expect((await t.reject('packing.scan', { orderId: o.id, code: 'TEA-001' })).field).toBe('orderId');
    await t.call('orders.startPicking', { id: o.id });
    // The tea's EAN-13 and the cup's SKU both work as codes.
    let state = await t.call('packing.scan', { orderId: o.id, code: '4006381333931' });
    expect(state.lines.map((l) => l.scanned)).toEqual([1, 0]);
    const wrong = await t.reject('packing.scan', { orderId: o.id, code: 'POT-003' });
    expect({ code: wrong.code, field: wrong.field, details: wrong.details }).toMatchObject({ code: 'invalid', field: 'code', details: { code: 'POT-003', reason: 'wrong_item' } });
    const unknown = await t.reject('packing.scan', { orderId: o.id, code: '9999999999994' });
    expect({ code: unknown.code, field: unknown.field, details: unknown.details }).toMatchObject({ code: 'not_found', field: 'code', details: { code: '9999999999994' } });
    const over = await t.reject('packing.scan', { orderId: o.id, code: 'TEA-001', quantity: 2 });
    expect({ code: over.code, field: over.field, details: over.details }).toMatchObject({ code: 'conflict', field: 'code', details: { reason: 'over_scan', remaining: 1, requested: 2 } });
    state = await t.call('packing.scan', { orderId: o.id, code: 'TEA-001' });
    expect(state.complete).toBe(false);
    state = await t.call('packing.scan', { orderId: o.id, code: 'CUP-002' });
    expect(state.complete).toBe(true);
    expect((await t.reject('packing.scan', { orderId: o.id, code: 'CUP-002' })).details).toMatchObject({ reason: 'over_scan', remaining: 0 });
    expect((await t.call('packing.pack', { orderId: o.id })).status).toBe('packed');
  });

  it('partial packing ships what is scanned with carrier and parcels, keeps the rest, then delivers', async () => {
    const sf = await carrier('SF');
    const o = await confirmedOrder([{ productId: s.tea.id, quantity: 3 }, { productId: s.cup.id, quantity: 2 }]);
    expect((await t.reject('packing.pack', { orderId: o.id })).code).toBe('conflict');
    await t.call('orders.startPicking', { id: o.id });
    expect((await t.reject('packing.pack', { orderId: o.id })).field).toBe('orderId');
    await t.call('packing.scan', { orderId: o.id, code: 'TEA-001', quantity: 2 });
    await t.call('packing.pack', { orderId: o.id });
    const first = await t.call('shipments.create', { orderId: o.id, carrierId: sf.id, parcels: [{ trackingNumber: 'SF1234567890', weightGrams: 700 }] });
    expect(first.lines.map((l) => l.quantity)).toEqual([2]);
    expect(first.parcels[0]!.trackingLink).toBe('https://www.sf-express.com/chn/sc/waybill/waybill-detail/SF1234567890');
    expect(first.number).toBe('SH-A-000001');
    let order = await t.call('orders.get', { id: o.id });
    expect(order.status).toBe('partially_shipped');
    expect(order.lines.map((l) => [l.shippedQty, l.reservedQty])).toEqual([[2, 1], [0, 2]]);
    expect(await level(s.tea.id)).toEqual({ onHand: 18, reserved: 1, available: 17 });
    expect((await t.call('packing.get', { orderId: o.id })).lines.map((l) => [l.toShip, l.scanned])).toEqual([[1, 0], [2, 0]]);

    // Delivering the first parcel does not deliver a partially shipped order.
    await t.call('shipments.setStatus', { id: first.id, status: 'delivered' });
    expect((await t.call('orders.get', { id: o.id })).status).toBe('partially_shipped');

    // The rest: picked again, fully scanned, shipped in two parcels without tracking links of its own.
    await t.call('orders.startPicking', { id: o.id });
    await t.call('packing.scan', { orderId: o.id, code: 'TEA-001' });
    await t.call('packing.scan', { orderId: o.id, code: 'CUP-002', quantity: 2 });
    await t.call('packing.pack', { orderId: o.id });
    const second = await t.call('shipments.create', { orderId: o.id, carrierId: sf.id, parcels: [{ trackingNumber: 'SF2' }, { trackingNumber: 'SF3' }] });
    expect(second.parcels.map((p) => p.parcelNo)).toEqual([1, 2]);
    order = await t.call('orders.get', { id: o.id });
    expect(order.status).toBe('shipped');
    expect(await level(s.tea.id)).toEqual({ onHand: 17, reserved: 0, available: 17 });
    expect(await level(s.cup.id)).toEqual({ onHand: 28, reserved: 0, available: 28 });

    await t.call('shipments.setStatus', { id: second.id, status: 'failed', note: 'nobody home' });
    expect((await t.call('orders.get', { id: o.id })).status).toBe('shipped');
    const delivered = await t.call('shipments.setStatus', { id: second.id, status: 'delivered' });
    expect(delivered.deliveredAt).not.toBeNull();
    expect((await t.call('orders.get', { id: o.id })).status).toBe('delivered');
    expect((await t.call('shipments.list', { orderId: o.id })).items).toHaveLength(2);
  });

  it('ships everything left without scans, taking the carrier from the delivery method', async () => {
    const zto = await carrier('ZTO');
    const m = await t.call('deliveryMethods.create', { code: 'ZTO', name: '中通', kind: 'express', carrierId: zto.id, feeRule: { base: { kind: 'flat', amount: 800 } } });
    const o = await confirmedOrder([{ productId: s.cup.id, quantity: 2 }]);
    await t.call('delivery.set', { orderId: o.id, deliveryMethodId: m.id });
    const sh = await t.call('shipments.create', { orderId: o.id, parcels: [{ trackingNumber: '7310001' }] });
    expect(sh.carrierId).toBe(zto.id);
    expect(sh.parcels[0]!.trackingLink).toContain('7310001');
    expect((await t.reject('shipments.create', { orderId: o.id })).field).toBe('lines');
    expect((await t.reject('delivery.set', { orderId: o.id, deliveryMethodId: m.id })).field).toBe('orderId');
  });
});

describe('tracking, returns and after-sales', () => {
  it("a carrier's CSV export updates shipment statuses, all rows or none", async () => {
    const sf = await carrier('SF');
    const a = await confirmedOrder([{ productId: s.tea.id, quantity: 1 }]);
    const b = await confirmedOrder([{ productId: s.cup.id, quantity: 1 }]);
    const sa = await t.call('shipments.create', { orderId: a.id, carrierId: sf.id, parcels: [{ trackingNumber: 'SF100' }] });
    const sb = await t.call('shipments.create', { orderId: b.id, carrierId: sf.id, parcels: [{ trackingNumber: 'SF200' }, { trackingNumber: 'SF201' }] });
    const bad = await t.reject('shipments.importStatuses', { csv: '运单号,状态\r\nSF100,已签收\r\nSF200,蒸发了\r\n' });
    expect({ code: bad.code, field: bad.field }).toEqual({ code: 'invalid', field: 'csv' });
    expect((await t.call('orders.get', { id: a.id })).status).toBe('shipped');
    const result = await t.call('shipments.importStatuses', { csv: '运单号,状态,备注\r\nSF100,已签收,前台\r\nSF201,异常,地址不详\r\nSF999,已签收,\r\nSF100,已签收,\r\n' });
    expect(result.rows.map((r) => [r.trackingNumber, r.result, r.shipmentId])).toEqual([
      ['SF100', 'updated', sa.id],
      ['SF201', 'updated', sb.id],
      ['SF999', 'unknown_tracking', null],
      ['SF100', 'unchanged', sa.id],
    ]);
    expect((await t.call('orders.get', { id: a.id })).status).toBe('delivered');
    const [failed] = (await t.call('shipments.list', { orderId: b.id })).items;
    expect(failed).toMatchObject({ status: 'failed', statusNote: '地址不详' });
  });

  it('returns restock or write off shipped units, never more than shipped; a case collects notes and documents', async () => {
    const o = await confirmedOrder([{ productId: s.tea.id, quantity: 4 }, { productId: s.cup.id, quantity: 2 }]);
    await t.call('orders.ship', { id: o.id, lines: [{ lineId: o.lines[0]!.id, quantity: 3 }] });
    const c = await t.call('cases.create', { orderId: o.id, kind: 'return', summary: '两盒茶叶破损', note: 'customer sent photos' });
    expect(c).toMatchObject({ number: 'AS-A-00001', status: 'open', notes: [{ body: 'customer sent photos' }] });
    const tooMany = await t.reject('returns.create', { orderId: o.id, reason: 'damaged', lines: [{ lineId: o.lines[0]!.id, quantity: 4, disposition: 'restock' }] });
    expect({ code: tooMany.code, field: tooMany.field }).toEqual({ code: 'invalid', field: 'lines.0.quantity' });
    const unshipped = await t.reject('returns.create', { orderId: o.id, reason: 'x', lines: [{ lineId: o.lines[1]!.id, quantity: 1, disposition: 'restock' }] });
    expect(unshipped.field).toBe('lines.0.quantity');
    const before = await level(s.tea.id);
    const rr = await t.call('returns.create', {
      orderId: o.id,
      reason: 'damaged in transit',
      caseId: c.id,
      lines: [{ lineId: o.lines[0]!.id, quantity: 1, disposition: 'restock' }],
    });
    await t.call('returns.create', { orderId: o.id, reason: 'crushed', lines: [{ lineId: o.lines[0]!.id, quantity: 1, disposition: 'write_off' }] });
    expect(await level(s.tea.id)).toEqual({ ...before, onHand: before.onHand + 1, available: before.available + 1 });
    const moves = await t.call('stock.movements', { productId: s.tea.id });
    expect(moves.items[0]).toMatchObject({ kind: 'return', onHandDelta: 1, orderId: o.id });
    expect((await t.reject('returns.create', { orderId: o.id, reason: 'x', lines: [{ lineId: o.lines[0]!.id, quantity: 2, disposition: 'restock' }] })).field).toBe('lines.0.quantity');
    expect((await t.call('returns.list', { orderId: o.id })).items).toHaveLength(2);

    const replacement = await confirmedOrder([{ productId: s.tea.id, quantity: 1 }]);
    const updated = await t.call('cases.update', { id: c.id, status: 'resolved', note: 'replacement sent', document: { kind: 'replacement_order', documentId: replacement.id } });
    expect(updated.documents).toEqual([{ kind: 'return_receipt', documentId: rr.id }, { kind: 'replacement_order', documentId: replacement.id }]);
    expect(updated.notes.map((n) => n.body)).toEqual(['customer sent photos', 'replacement sent']);
    expect((await t.reject('cases.update', { id: c.id, document: { kind: 'replacement_order', documentId: o.id } })).field).toBe('document.documentId');
    await t.call('cases.update', { id: c.id, status: 'closed' });
    expect((await t.reject('cases.update', { id: c.id, note: 'late' })).field).toBe('status');
    expect((await t.call('cases.list', { status: 'closed' })).items.map((x) => x.id)).toEqual([c.id]);
  });
});

describe('warehouses', () => {
  it('transfers: stock is in transit, received partly, closed short; never counted twice', async () => {
    const tr = await t.call('transfers.create', { fromWarehouseId: s.main.id, toWarehouseId: s.back.id, lines: [{ productId: s.tea.id, quantity: 8 }, { productId: s.cup.id, quantity: 5 }] });
    expect(tr.status).toBe('draft');
    expect((await t.reject('transfers.receive', { id: tr.id, lines: [] })).field).toBe('status');
    const o = await confirmedOrder([{ productId: s.tea.id, quantity: 15 }]);
    // 20 tea on hand, 15 reserved: only 5 may leave.
    const short = await t.reject('transfers.ship', { id: tr.id });
    expect({ code: short.code, field: short.field }).toEqual({ code: 'insufficient_stock', field: 'lines.0.quantity' });
    await t.call('orders.cancel', { id: o.id, reason: 'test' });
    const sent = await t.call('transfers.ship', { id: tr.id });
    expect(sent.lines.map((l) => l.inTransit)).toEqual([8, 5]);
    expect(await level(s.tea.id)).toMatchObject({ onHand: 12 });
    expect((await t.call('transfers.list', { status: 'in_transit' })).items.map((x) => x.id)).toEqual([tr.id]);

    const part = await t.call('transfers.receive', { id: tr.id, lines: [{ lineId: sent.lines[0]!.id, quantity: 8 }, { lineId: sent.lines[1]!.id, quantity: 3 }] });
    expect(part.status).toBe('in_transit');
    expect(part.lines.map((l) => l.inTransit)).toEqual([0, 2]);
    expect((await t.call('transfers.inTransit', { toWarehouseId: s.back.id })).items).toEqual([{ productId: s.cup.id, sku: 'CUP-002', fromWarehouseId: s.main.id, toWarehouseId: s.back.id, quantity: 2 }]);
    expect(await level(s.tea.id, s.back.id)).toMatchObject({ onHand: 8 });
    const over = await t.reject('transfers.receive', { id: tr.id, lines: [{ lineId: sent.lines[1]!.id, quantity: 3 }] });
    expect(over.field).toBe('lines.0.quantity');
    expect((await t.reject('transfers.receive', { id: tr.id, lines: [], close: true })).field).toBe('reason');
    const closed = await t.call('transfers.receive', { id: tr.id, lines: [{ lineId: sent.lines[1]!.id, quantity: 1 }], close: true, reason: 'one cup broken in the van' });
    expect(closed).toMatchObject({ status: 'closed', closeReason: 'one cup broken in the van' });
    expect(closed.lines.map((l) => [l.receivedQty, l.inTransit, l.missing])).toEqual([[8, 0, 0], [4, 0, 1]]);
    expect((await t.call('transfers.inTransit', {})).items).toEqual([]);
    // Every unit is somewhere: 30 cups received = 25 main + 4 back + 1 missing.
    expect((await level(s.cup.id)).onHand + (await level(s.cup.id, s.back.id)).onHand).toBe(29);
    expect((await t.reject('transfers.create', { fromWarehouseId: s.main.id, toWarehouseId: s.main.id, lines: [{ productId: s.tea.id, quantity: 1 }] })).field).toBe('toWarehouseId');
  });

  it('low-stock alerts appear when available stock reaches the reorder point and clear when restocked', async () => {
    await t.call('locations.set', { productId: s.tea.id, warehouseId: s.main.id, reorderPoint: 5, reorderQty: 12 });
    await t.call('locations.set', { productId: s.cup.id, warehouseId: s.back.id, reorderPoint: 0 });
    const first = await t.call('stock.lowStock', {});
    // Cups in the back room: none at all, at the point 0.
    expect(first.items.map((i) => [i.sku, i.warehouseCode, i.available, i.suggestedQty])).toEqual([['CUP-002', 'BACK', 0, 1]]);
    await confirmedOrder([{ productId: s.tea.id, quantity: 15 }]);
    const low = await t.call('stock.lowStock', { warehouseId: s.main.id });
    expect(low.items.map((i) => [i.sku, i.available, i.reorderPoint, i.suggestedQty])).toEqual([['TEA-001', 5, 5, 12]]);
    const suggestions = await t.call('stock.purchaseSuggestions', {});
    expect(suggestions.rows).toBe(2);
    expect(suggestions.csv.split('\r\n')[0]).toBe('\uFEFFsku,name,warehouse,available,in_transit,expected,reorder_point,reorder_qty,suggested_qty');
    expect(suggestions.csv).toContain('TEA-001,Green tea 250 g,MAIN,5,0,0,5,12,12');
    await t.call('stock.receive', { warehouseId: s.main.id, lines: [{ productId: s.tea.id, quantity: 1 }] });
    expect((await t.call('stock.lowStock', { warehouseId: s.main.id })).items).toEqual([]);
  });

  it('a count sheet posts the differences as adjustments in one step', async () => {
    await t.call('locations.set', { productId: s.tea.id, warehouseId: s.main.id, bin: 'A-1' });
    await t.call('locations.set', { productId: s.cup.id, warehouseId: s.main.id, bin: 'B-1' });
    const ranged = await t.call('counts.create', { warehouseId: s.main.id, binFrom: 'A-1', binTo: 'A-9' });
    expect(ranged.lines.map((l) => l.sku)).toEqual(['TEA-001']);
    const sheet = await t.call('counts.create', { warehouseId: s.main.id });
    expect(sheet.lines.map((l) => [l.sku, l.expectedQty])).toEqual([['TEA-001', 20], ['CUP-002', 30], ['POT-003', 5]]);
    await t.call('counts.record', { id: sheet.id, lines: [{ productId: s.tea.id, countedQty: 18 }, { productId: s.cup.id, countedQty: 0 }], scans: ['CUP-002', 'CUP-002'] });
    const e = await t.reject('counts.record', { id: sheet.id, scans: ['4006381333931', 'NOPE-1'] });
    expect({ code: e.code, field: e.field }).toEqual({ code: 'not_found', field: 'scans.1' });
    const posted = await t.call('counts.post', { id: sheet.id, reason: 'quarterly count' });
    expect(posted.lines.map((l) => [l.sku, l.countedQty, l.difference])).toEqual([['TEA-001', 18, -2], ['CUP-002', 2, -28], ['POT-003', null, null]]);
    expect(await level(s.tea.id)).toMatchObject({ onHand: 18 });
    expect(await level(s.cup.id)).toMatchObject({ onHand: 2 });
    expect(await level(s.pot.id)).toMatchObject({ onHand: 5 });
    const moves = await t.call('stock.movements', { productId: s.tea.id });
    expect(moves.items[0]).toMatchObject({ kind: 'adjustment', onHandDelta: -2, reason: 'count SC-A-00002: quarterly count' });
    expect((await t.reject('counts.post', { id: sheet.id, reason: 'again' })).field).toBe('status');
  });
});

describe('migration 0004 (fulfilment)', () => {
  it('keeps the stock movements of a version-1 ledger and their append-only guard', async () => {
    const dir = tempDir();
    const file = join(dir, 'v1.sqlite');
    const raw = new Database(file);
    raw.exec(migration0001.sql);
    raw.pragma('user_version = 1');
    // Rows as version 1 held them (written raw: only the movement's survival is checked here).
    const now = '2025-01-01T00:00:00.000Z';
    raw.prepare("INSERT INTO tax_rate VALUES ('t1', 'V', 'V', 0, 1, ?, ?)").run(now, now);
    raw.prepare("INSERT INTO warehouse VALUES ('w1', 'W', 'W', NULL, 1, ?, ?)").run(now, now);
    raw.prepare("INSERT INTO product VALUES ('p1', 'P', 'P', NULL, 'pcs', 1, 'CNY', 't1', NULL, 0, 1, ?, ?)").run(now, now);
    raw.prepare("INSERT INTO stock_movement VALUES ('m1', 'p1', 'w1', 'receipt', 7, 0, 'old', NULL, NULL, ?, 'x')").run(now);
    raw.close();
    const app = await openApp({ file });
    const check = app.ledger.raw;
    expect(check.pragma('user_version', { simple: true })).toBe(LATEST_LEDGER_VERSION);
    expect(check.prepare('SELECT id, kind, on_hand_delta, reason FROM stock_movement').all()).toEqual([{ id: 'm1', kind: 'receipt', on_hand_delta: 7, reason: 'old' }]);
    expect(() => check.prepare("UPDATE stock_movement SET on_hand_delta = 8 WHERE id = 'm1'").run()).toThrow(/append-only/);
    expect(() => check.prepare("DELETE FROM stock_movement WHERE id = 'm1'").run()).toThrow(/append-only/);
    expect((check.prepare('SELECT count(*) AS n FROM carrier').get() as { n: number }).n).toBe(11);
    const sql = (check.prepare("SELECT sql FROM sqlite_master WHERE name = 'stock_movement'").get() as { sql: string }).sql;
    expect(sql).toContain("'transfer_in'");
    const triggers = check.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'stock_movement' ORDER BY name").all();
    expect(triggers).toEqual([{ name: 'stock_movement_no_delete' }, { name: 'stock_movement_no_update' }]);
    await app.close();
  });
});
