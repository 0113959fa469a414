// Hand-written wrong calls to the fulfilment operations against a ledger that holds every state
// they care about (orders picking with scans, packed, shipped; transfers drafted, in transit,
// closed; count sheets open and posted; cases open and closed). Each must fail with the expected
// code naming the expected field, and leave the ledger file and its WAL byte for byte as they
// were. (tests/fuzz.test.ts fuzzes the same operations from their schemas.)

import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../src/shared/errors.ts';
import { LOCAL_OWNER, PERMISSIONS, type Caller } from '../src/shared/permissions.ts';
import { openTestLedger, smallShop, type TestLedger } from './helpers.ts';

const UNKNOWN = '01a20000-0000-7000-8000-000000000000';
const CLERK: Caller = { userId: 'clerk', displayName: 'Clerk', permissions: new Set(PERMISSIONS.filter((p) => p !== 'orders.override_shipping_fee' && p !== 'stock.transfer')) };

async function fixture(t: TestLedger) {
  const s = await smallShop(t);
  await t.call('stock.receive', { warehouseId: s.main.id, lines: [{ productId: s.tea.id, quantity: 30 }, { productId: s.cup.id, quantity: 30 }] });
  const sf = (await t.call('carriers.list', { code: 'SF' })).items[0]!;
  const method = await t.call('deliveryMethods.create', { code: 'SF', name: 'SF', kind: 'express', carrierId: sf.id, feeRule: { base: { kind: 'flat', amount: 1200 } } });
  const inactive = await t.call('deliveryMethods.create', { code: 'OLD', name: 'Old', kind: 'local', feeRule: { base: { kind: 'flat', amount: 500 } } });
  await t.call('deliveryMethods.update', { id: inactive.id, active: false });
  const order = async (lines: { productId: string; quantity: number }[]) => {
    const o = await t.call('orders.create', { customerId: s.customer.id, warehouseId: s.main.id, lines });
    return t.call('orders.confirm', { id: o.id });
  };
  const draft = await t.call('orders.create', { customerId: s.customer.id, warehouseId: s.main.id, lines: [{ productId: s.tea.id, quantity: 1 }] });
  const approved = await order([{ productId: s.tea.id, quantity: 2 }]);
  const picking = await order([{ productId: s.tea.id, quantity: 2 }, { productId: s.cup.id, quantity: 1 }]);
  await t.call('orders.startPicking', { id: picking.id });
  await t.call('packing.scan', { orderId: picking.id, code: 'TEA-001' });
  const shipped = await order([{ productId: s.cup.id, quantity: 2 }]);
  const shipment = await t.call('shipments.create', { orderId: shipped.id, carrierId: sf.id, parcels: [{ trackingNumber: 'SF1' }] });
  const otherBack = await t.call('orders.create', { customerId: s.customer.id, warehouseId: s.back.id, lines: [{ productId: s.tea.id, quantity: 1 }] });
  const draftTransfer = await t.call('transfers.create', { fromWarehouseId: s.main.id, toWarehouseId: s.back.id, lines: [{ productId: s.cup.id, quantity: 100 }] });
  const moving = await t.call('transfers.create', { fromWarehouseId: s.main.id, toWarehouseId: s.back.id, lines: [{ productId: s.tea.id, quantity: 3 }] });
  await t.call('transfers.ship', { id: moving.id });
  const closed = await t.call('transfers.create', { fromWarehouseId: s.main.id, toWarehouseId: s.back.id, lines: [{ productId: s.tea.id, quantity: 1 }] });
  await t.call('transfers.ship', { id: closed.id });
  await t.call('transfers.receive', { id: closed.id, close: true, reason: 'lost' });
  const sheet = await t.call('counts.create', { warehouseId: s.main.id });
  const posted = await t.call('counts.create', { warehouseId: s.main.id });
  await t.call('counts.record', { id: posted.id, lines: [{ productId: s.cup.id, countedQty: 25 }] });
  await t.call('counts.post', { id: posted.id, reason: 'count' });
  const openCase = await t.call('cases.create', { orderId: shipped.id, kind: 'complaint', summary: 'late' });
  const closedCase = await t.call('cases.create', { orderId: shipped.id, kind: 'refund', summary: 'refund' });
  await t.call('cases.update', { id: closedCase.id, status: 'closed' });
  const otherCase = await t.call('cases.create', { orderId: approved.id, kind: 'exchange', summary: 'size' });
  // Settle the set-up into the database file, then commit once more so the WAL holds frames.
  t.app.ledger.raw.pragma('wal_checkpoint(TRUNCATE)');
  await t.call('stock.receive', { warehouseId: s.back.id, lines: [{ productId: s.cup.id, quantity: 1 }] });
  return { ...s, sf, method, inactive, draft, approved, picking, shipped, shipment, otherBack, draftTransfer, moving, closed, sheet, posted, openCase, closedCase, otherCase };
}

type Fx = Awaited<ReturnType<typeof fixture>>;
type Case = { title: string; op: string; input: (f: Fx) => unknown; code: string; field: string | null; caller?: Caller };

const CASES: Case[] = [
  { title: 'carrier with a template without {tracking}', op: 'carriers.create', input: () => ({ code: 'NEW', name: 'N', trackingUrl: 'https://x.example/track' }), code: 'invalid', field: 'trackingUrl' },
  { title: 'carrier code taken', op: 'carriers.create', input: () => ({ code: 'UPS', name: 'again' }), code: 'conflict', field: 'code' },
  { title: 'update an unknown carrier', op: 'carriers.update', input: () => ({ id: UNKNOWN, name: 'x' }), code: 'not_found', field: 'id' },
  { title: 'method with an unknown carrier', op: 'deliveryMethods.create', input: () => ({ code: 'M2', name: 'm', kind: 'express', carrierId: UNKNOWN, feeRule: { base: { kind: 'flat', amount: 1 } } }), code: 'not_found', field: 'carrierId' },
  { title: 'weight rule with a zero step', op: 'deliveryMethods.create', input: () => ({ code: 'M3', name: 'm', kind: 'local', feeRule: { base: { kind: 'weight', firstGrams: 1000, firstFee: 1, stepGrams: 0, stepFee: 1 } } }), code: 'invalid', field: 'feeRule.base.stepGrams' },
  { title: 'zone with a region that is not CC or CC/region', op: 'deliveryMethods.create', input: () => ({ code: 'M4', name: 'm', kind: 'local', feeRule: { base: { kind: 'flat', amount: 1 }, zones: [{ name: 'z', regions: ['china'], base: { kind: 'flat', amount: 1 } }] } }), code: 'invalid', field: 'feeRule.zones.0.regions.0' },
  { title: 'a fractional fee', op: 'deliveryMethods.create', input: () => ({ code: 'M5', name: 'm', kind: 'local', feeRule: { base: { kind: 'flat', amount: 9.5 } } }), code: 'invalid', field: 'feeRule.base.amount' },
  { title: 'remove the carrier of an express method', op: 'deliveryMethods.update', input: (f) => ({ id: f.method.id, carrierId: null }), code: 'invalid', field: 'carrierId' },
  { title: 'an inactive method on an order', op: 'delivery.set', input: (f) => ({ orderId: f.draft.id, deliveryMethodId: f.inactive.id }), code: 'invalid', field: 'deliveryMethodId' },
  { title: 'a delivery for a shipped order', op: 'delivery.set', input: (f) => ({ orderId: f.shipped.id, deliveryMethodId: f.method.id }), code: 'conflict', field: 'orderId' },
  { title: 'override the fee without permission', op: 'delivery.set', input: (f) => ({ orderId: f.draft.id, deliveryMethodId: f.method.id, fee: 1 }), code: 'forbidden', field: 'fee', caller: CLERK },
  { title: 'quote for an unknown order', op: 'delivery.quote', input: (f) => ({ orderId: UNKNOWN, deliveryMethodId: f.method.id }), code: 'not_found', field: 'orderId' },
  { title: 'a bin with a space', op: 'locations.set', input: (f) => ({ productId: f.tea.id, warehouseId: f.main.id, bin: 'A 1' }), code: 'invalid', field: 'bin' },
  { title: 'a reorder point below zero', op: 'locations.set', input: (f) => ({ productId: f.tea.id, warehouseId: f.main.id, reorderPoint: -1 }), code: 'invalid', field: 'reorderPoint' },
  { title: 'location in an unknown warehouse', op: 'locations.set', input: (f) => ({ productId: f.tea.id, warehouseId: UNKNOWN }), code: 'not_found', field: 'warehouseId' },
  { title: 'pick a draft', op: 'picking.list', input: (f) => ({ orderIds: [f.draft.id] }), code: 'conflict', field: 'orderIds.0' },
  { title: 'pick across warehouses', op: 'picking.list', input: (f) => ({ orderIds: [f.approved.id, f.otherBack.id] }), code: 'conflict', field: 'orderIds.1' },
  { title: 'pick one order twice', op: 'picking.list', input: (f) => ({ orderIds: [f.approved.id, f.approved.id] }), code: 'invalid', field: 'orderIds.1' },
  { title: 'scan into an approved order', op: 'packing.scan', input: (f) => ({ orderId: f.approved.id, code: 'TEA-001' }), code: 'conflict', field: 'orderId' },
  { title: 'scan a wrong item', op: 'packing.scan', input: (f) => ({ orderId: f.picking.id, code: 'POT-003' }), code: 'invalid', field: 'code' },
  { title: 'scan an unknown code', op: 'packing.scan', input: (f) => ({ orderId: f.picking.id, code: '0000000000000' }), code: 'not_found', field: 'code' },
  { title: 'over-scan', op: 'packing.scan', input: (f) => ({ orderId: f.picking.id, code: 'TEA-001', quantity: 2 }), code: 'conflict', field: 'code' },
  { title: 'scan a code with a control character', op: 'packing.scan', input: (f) => ({ orderId: f.picking.id, code: 'TEA\u0000001' }), code: 'invalid', field: 'code' },
  { title: 'scan quantity 0', op: 'packing.scan', input: (f) => ({ orderId: f.picking.id, code: 'TEA-001', quantity: 0 }), code: 'invalid', field: 'quantity' },
  { title: 'pack an approved order', op: 'packing.pack', input: (f) => ({ orderId: f.approved.id }), code: 'conflict', field: 'status' },
  { title: 'ship with an unknown carrier', op: 'shipments.create', input: (f) => ({ orderId: f.approved.id, carrierId: UNKNOWN }), code: 'not_found', field: 'carrierId' },
  { title: 'ship a tracking number with a space', op: 'shipments.create', input: (f) => ({ orderId: f.approved.id, parcels: [{ trackingNumber: 'SF 1' }] }), code: 'invalid', field: 'parcels.0.trackingNumber' },
  { title: 'ship a draft', op: 'shipments.create', input: (f) => ({ orderId: f.draft.id }), code: 'conflict', field: 'status' },
  { title: 'ship more than scanned-and-left', op: 'shipments.create', input: (f) => ({ orderId: f.picking.id, lines: [{ lineId: f.picking.lines[0]!.id, quantity: 3 }] }), code: 'invalid', field: 'lines.0.quantity' },
  { title: 'an unknown shipment status', op: 'shipments.setStatus', input: (f) => ({ id: f.shipment.id, status: 'lost' }), code: 'invalid', field: 'status' },
  { title: 'a carrier CSV with an unknown status word', op: 'shipments.importStatuses', input: () => ({ csv: 'tracking,status\nSF1,delivered\nSF1,vanished\n' }), code: 'invalid', field: 'csv' },
  { title: 'a carrier CSV without a status column', op: 'shipments.importStatuses', input: () => ({ csv: 'tracking,when\nSF1,today\n' }), code: 'invalid', field: 'csv' },
  { title: 'transfer to the same warehouse', op: 'transfers.create', input: (f) => ({ fromWarehouseId: f.main.id, toWarehouseId: f.main.id, lines: [{ productId: f.tea.id, quantity: 1 }] }), code: 'invalid', field: 'toWarehouseId' },
  { title: 'transfer one product twice', op: 'transfers.create', input: (f) => ({ fromWarehouseId: f.main.id, toWarehouseId: f.back.id, lines: [{ productId: f.tea.id, quantity: 1 }, { productId: f.tea.id, quantity: 1 }] }), code: 'invalid', field: 'lines.1.productId' },
  { title: 'transfer without stock.transfer', op: 'transfers.create', input: (f) => ({ fromWarehouseId: f.main.id, toWarehouseId: f.back.id, lines: [{ productId: f.tea.id, quantity: 1 }] }), code: 'forbidden', field: null, caller: CLERK },
  { title: 'send more than is available', op: 'transfers.ship', input: (f) => ({ id: f.draftTransfer.id }), code: 'insufficient_stock', field: 'lines.0.quantity' },
  { title: 'send a transfer twice', op: 'transfers.ship', input: (f) => ({ id: f.moving.id }), code: 'conflict', field: 'status' },
  { title: 'receive a drafted transfer', op: 'transfers.receive', input: (f) => ({ id: f.draftTransfer.id, lines: [{ lineId: f.draftTransfer.lines[0]!.id, quantity: 1 }] }), code: 'conflict', field: 'status' },
  { title: 'receive more than was sent', op: 'transfers.receive', input: (f) => ({ id: f.moving.id, lines: [{ lineId: f.moving.lines[0]!.id, quantity: 4 }] }), code: 'invalid', field: 'lines.0.quantity' },
  { title: 'receive a line of another transfer', op: 'transfers.receive', input: (f) => ({ id: f.moving.id, lines: [{ lineId: f.closed.lines[0]!.id, quantity: 1 }] }), code: 'invalid', field: 'lines.0.lineId' },
  { title: 'close short without a reason', op: 'transfers.receive', input: (f) => ({ id: f.moving.id, close: true }), code: 'invalid', field: 'reason' },
  { title: 'receive a closed transfer', op: 'transfers.receive', input: (f) => ({ id: f.closed.id, close: true, reason: 'x' }), code: 'conflict', field: 'status' },
  { title: 'a bin range that ends before it starts', op: 'counts.create', input: (f) => ({ warehouseId: f.main.id, binFrom: 'B-1', binTo: 'A-1' }), code: 'invalid', field: 'binTo' },
  { title: 'count a product not on the sheet', op: 'counts.record', input: (f) => ({ id: f.sheet.id, lines: [{ productId: f.draft.id, countedQty: 1 }] }), code: 'invalid', field: 'lines.0.productId' },
  { title: 'count a negative quantity', op: 'counts.record', input: (f) => ({ id: f.sheet.id, lines: [{ productId: f.tea.id, countedQty: -1 }] }), code: 'invalid', field: 'lines.0.countedQty' },
  { title: 'record on a posted sheet', op: 'counts.record', input: (f) => ({ id: f.posted.id, lines: [{ productId: f.tea.id, countedQty: 1 }] }), code: 'conflict', field: 'status' },
  { title: 'post a sheet with nothing counted', op: 'counts.post', input: (f) => ({ id: f.sheet.id, reason: 'x' }), code: 'conflict', field: 'id' },
  { title: 'post a sheet twice', op: 'counts.post', input: (f) => ({ id: f.posted.id, reason: 'x' }), code: 'conflict', field: 'status' },
  { title: 'return from an order that shipped nothing', op: 'returns.create', input: (f) => ({ orderId: f.approved.id, reason: 'x', lines: [{ lineId: f.approved.lines[0]!.id, quantity: 1, disposition: 'restock' }] }), code: 'invalid', field: 'lines.0.quantity' },
  { title: 'return with a case of another order', op: 'returns.create', input: (f) => ({ orderId: f.shipped.id, reason: 'x', caseId: f.otherCase.id, lines: [{ lineId: f.shipped.lines[0]!.id, quantity: 1, disposition: 'restock' }] }), code: 'invalid', field: 'caseId' },
  { title: 'return with an unknown disposition', op: 'returns.create', input: (f) => ({ orderId: f.shipped.id, reason: 'x', lines: [{ lineId: f.shipped.lines[0]!.id, quantity: 1, disposition: 'burn' }] }), code: 'invalid', field: 'lines.0.disposition' },
  { title: 'a case of an unknown kind', op: 'cases.create', input: (f) => ({ orderId: f.shipped.id, kind: 'praise', summary: 'x' }), code: 'invalid', field: 'kind' },
  { title: 'an empty case update', op: 'cases.update', input: (f) => ({ id: f.openCase.id }), code: 'invalid', field: 'status' },
  { title: 'a note on a closed case', op: 'cases.update', input: (f) => ({ id: f.closedCase.id, note: 'more' }), code: 'conflict', field: 'status' },
  { title: 'link a credit note (not until invoicing)', op: 'cases.update', input: (f) => ({ id: f.openCase.id, document: { kind: 'credit_note', documentId: f.shipped.id } }), code: 'invalid', field: 'document.kind' },
  { title: 'link the order itself as its replacement', op: 'cases.update', input: (f) => ({ id: f.openCase.id, document: { kind: 'replacement_order', documentId: f.shipped.id } }), code: 'invalid', field: 'document.documentId' },
  { title: 'link an unknown return', op: 'cases.update', input: (f) => ({ id: f.openCase.id, document: { kind: 'return_receipt', documentId: UNKNOWN } }), code: 'not_found', field: 'document.documentId' },
  { title: 'low stock of an unknown warehouse', op: 'stock.lowStock', input: () => ({ warehouseId: UNKNOWN }), code: 'not_found', field: 'warehouseId' },
];

const fileHash = (file: string) => (existsSync(file) ? createHash('sha256').update(readFileSync(file)).digest('hex') : 'absent');

describe('fulfilment: wrong calls fail with the expected code and field, and change no byte', () => {
  let t: TestLedger;
  let fx: Fx;

  beforeAll(async () => {
    t = await openTestLedger();
    fx = await fixture(t);
  });

  afterAll(async () => {
    const report = await t.call('system.verify', {});
    await t.close();
    expect(report.problems).toEqual([]);
  });

  it(`${CASES.length} cases`, async () => {
    const print = () => ({ db: fileHash(t.file), wal: fileHash(`${t.file}-wal`) });
    const before = print();
    expect(before.wal).not.toBe('absent');
    for (const c of CASES) {
      let error: unknown;
      try {
        await t.app.dispatcher.callUnknown(c.op, c.input(fx), c.caller ?? LOCAL_OWNER);
      } catch (e) {
        error = e;
      }
      expect(error, `${c.title} was accepted`).toBeInstanceOf(AppError);
      const e = error as AppError;
      expect({ title: c.title, code: e.code, field: e.field ?? null }, e.message).toEqual({ title: c.title, code: c.code, field: c.field });
      expect(print(), `${c.title} changed the ledger`).toEqual(before);
    }
  });
});
