import type { z } from 'zod';
import type { carrier, deliveryMethod, feeRule, packingState, shipment } from '../../shared/contract/fulfilment.ts';
import { readCarrierStatusCsv } from '../../shared/carrier-status.ts';
import { AppError, conflict, invalid, notFound } from '../../shared/errors.ts';
import { newId } from '../../shared/ids.ts';
import { holdsReservation, type OrderStatus } from '../../shared/order-state.ts';
import { buildPickList } from '../../shared/pick-list.ts';
import { trackingLink } from '../../shared/shipping-fee.ts';
import type { CarrierTable, DeliveryMethodTable, SalesOrderTable, ShipmentTable } from '../db/schema.ts';
import type { Handlers, ReadDb, WriteContext } from './context.ts';
import { getMethodRow, loadOrderDelivery, quoteOrder, setOrderDelivery } from './delivery-fee.ts';
import { FULFILMENT_SERIES } from './fulfilment-seed.ts';
import { applyEvent, getOrderLines, getOrderRow } from './order-records.ts';
import { shipOrderLines } from './orders.ts';
import { takeNumber } from './settings.ts';

type CarrierDto = z.infer<typeof carrier>;
type MethodDto = z.infer<typeof deliveryMethod>;
type PackingDto = z.infer<typeof packingState>;
type ShipmentDto = z.infer<typeof shipment>;

const toCarrier = (r: CarrierTable): CarrierDto => ({ id: r.id, code: r.code, name: r.name, trackingUrl: r.tracking_url, active: r.active === 1 });

const toMethod = (r: DeliveryMethodTable): MethodDto => ({
  id: r.id,
  code: r.code,
  name: r.name,
  kind: r.kind,
  carrierId: r.carrier_id,
  feeRule: JSON.parse(r.fee_rule) as z.infer<typeof feeRule>,
  active: r.active === 1,
});

async function getCarrierRow(db: ReadDb, id: string, field = 'carrierId'): Promise<CarrierTable> {
  const row = await db.selectFrom('carrier').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('Carrier', field, id);
  return row;
}


/** Express/courier methods need a carrier; the carrier must exist. */
async function checkMethodCarrier(db: ReadDb, kind: DeliveryMethodTable['kind'], carrierId: string | null): Promise<void> {
  if (carrierId !== null) await getCarrierRow(db, carrierId);
  else if (kind === 'express') throw invalid('carrierId', 'An express/courier delivery method needs a carrier');
}

// ---- packing ------------------------------------------------------------------------------

async function packingOf(db: ReadDb, order: SalesOrderTable): Promise<PackingDto> {
  const lines = await getOrderLines(db, order.id);
  const scans = await db.selectFrom('packing_line').select(['order_line_id', 'scanned_qty']).where('order_id', '=', order.id).execute();
  const scanned = new Map(scans.map((s) => [s.order_line_id, s.scanned_qty]));
  const out = lines
    .map((l) => {
      const toShip = l.quantity - l.shipped_qty;
      // orders.ship can ship without scanning; scans beyond what is left no longer count.
      return { lineId: l.id, productId: l.product_id, sku: l.sku, name: l.name, toShip, scanned: Math.min(scanned.get(l.id) ?? 0, toShip) };
    })
    .filter((l) => l.toShip > 0);
  return { orderId: order.id, orderNumber: order.number, status: order.status, lines: out, complete: out.length > 0 && out.every((l) => l.scanned === l.toShip) };
}

/** A scanner code is a barcode of a product or, failing that, its SKU. */
export async function productByCode(db: ReadDb, code: string, field: string): Promise<{ id: string; sku: string }> {
  const byBarcode = await db
    .selectFrom('product_barcode as b')
    .innerJoin('product as p', 'p.id', 'b.product_id')
    .select(['p.id', 'p.sku'])
    .where('b.code', '=', code)
    .executeTakeFirst();
  if (byBarcode) return byBarcode;
  const bySku = await db.selectFrom('product').select(['id', 'sku']).where('sku', '=', code).executeTakeFirst();
  if (bySku) return bySku;
  throw new AppError({ code: 'not_found', field, message: `No product has the code ${code}`, details: { code, reason: 'unknown_code' } });
}

async function setScanned(ctx: WriteContext, orderId: string, orderLineId: string, qty: number): Promise<void> {
  const row = await ctx.db.selectFrom('packing_line').select(['id', 'scanned_qty']).where('order_line_id', '=', orderLineId).executeTakeFirst();
  if (row) {
    if (row.scanned_qty !== qty) await ctx.tx.update('packing_line', row.id, { scanned_qty: qty });
  } else if (qty > 0) {
    await ctx.tx.insert('packing_line', { id: newId(), order_id: orderId, order_line_id: orderLineId, scanned_qty: qty });
  }
}

// ---- shipments ------------------------------------------------------------------------------

async function loadShipments(db: ReadDb, where: { orderId?: string; id?: string }): Promise<ShipmentDto[]> {
  let q = db.selectFrom('shipment as s').leftJoin('carrier as c', 'c.id', 's.carrier_id').select(['s.id', 's.number', 's.order_id', 's.carrier_id', 's.status', 's.status_note', 's.shipped_at', 's.delivered_at', 'c.name as carrier_name', 'c.tracking_url']);
  if (where.orderId) q = q.where('s.order_id', '=', where.orderId);
  if (where.id) q = q.where('s.id', '=', where.id);
  const rows = await q.orderBy('s.shipped_at').orderBy('s.id').execute();
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const parcels = await db.selectFrom('shipment_parcel').selectAll().where('shipment_id', 'in', ids).orderBy('parcel_no').execute();
  const lines = await db.selectFrom('shipment_line').selectAll().where('shipment_id', 'in', ids).orderBy('id').execute();
  return rows.map((r) => ({
    id: r.id,
    number: r.number,
    orderId: r.order_id,
    carrierId: r.carrier_id,
    carrierName: r.carrier_name,
    status: r.status,
    statusNote: r.status_note,
    shippedAt: r.shipped_at,
    deliveredAt: r.delivered_at,
    parcels: parcels
      .filter((p) => p.shipment_id === r.id)
      .map((p) => ({ parcelNo: p.parcel_no, trackingNumber: p.tracking_number, weightGrams: p.weight_grams, trackingLink: p.tracking_number ? trackingLink(r.tracking_url, p.tracking_number) : null })),
    lines: lines.filter((l) => l.shipment_id === r.id).map((l) => ({ orderLineId: l.order_line_id, productId: l.product_id, quantity: l.quantity })),
  }));
}

export async function getShipment(db: ReadDb, id: string): Promise<ShipmentDto> {
  const [s] = await loadShipments(db, { id });
  if (!s) throw notFound('Shipment', 'id', id);
  return s;
}

/** Records a shipment's status; the last delivered shipment of a shipped order delivers the order. */
async function applyShipmentStatus(ctx: WriteContext, s: ShipmentTable, status: ShipmentTable['status'], note: string | null): Promise<void> {
  await ctx.tx.update('shipment', s.id, {
    status,
    status_note: note,
    delivered_at: status === 'delivered' ? (s.delivered_at ?? ctx.now) : null,
    updated_at: ctx.now,
  });
  if (status !== 'delivered') return;
  const order = await getOrderRow(ctx.db, s.order_id);
  const open = await ctx.db.selectFrom('shipment').select('id').where('order_id', '=', order.id).where('status', '!=', 'delivered').where('id', '!=', s.id).executeTakeFirst();
  if (order.status === 'shipped' && !open) await applyEvent(ctx, order, 'deliver', `shipment ${s.number} delivered`);
}

export const fulfilmentHandlers = {
  // ---- carriers and delivery methods ----
  'carriers.list': async (ctx, input) => {
    let q = ctx.db.selectFrom('carrier').selectAll();
    if (!input.includeInactive) q = q.where('active', '=', 1);
    if (input.code !== undefined) q = q.where('code', '=', input.code);
    return { items: (await q.orderBy('active', 'desc').orderBy('code').execute()).map(toCarrier) };
  },
  'carriers.create': async (ctx, input) => {
    const row: CarrierTable = { id: newId(), code: input.code, name: input.name, tracking_url: input.trackingUrl, active: 1, created_at: ctx.now, updated_at: ctx.now };
    await ctx.tx.insert('carrier', row);
    return toCarrier(row);
  },
  'carriers.update': async (ctx, input) => {
    const before = await getCarrierRow(ctx.db, input.id, 'id');
    const patch = {
      ...(input.name !== undefined && { name: input.name }),
      ...(input.trackingUrl !== undefined && { tracking_url: input.trackingUrl }),
      ...(input.active !== undefined && { active: input.active ? 1 : 0 }),
      updated_at: ctx.now,
    };
    await ctx.tx.update('carrier', before.id, patch);
    return toCarrier({ ...before, ...patch });
  },
  'deliveryMethods.list': async (ctx, input) => {
    let q = ctx.db.selectFrom('delivery_method').selectAll();
    if (!input.includeInactive) q = q.where('active', '=', 1);
    if (input.kind !== undefined) q = q.where('kind', '=', input.kind);
    return { items: (await q.orderBy('active', 'desc').orderBy('code').execute()).map(toMethod) };
  },
  'deliveryMethods.create': async (ctx, input) => {
    await checkMethodCarrier(ctx.db, input.kind, input.carrierId);
    const row: DeliveryMethodTable = {
      id: newId(),
      code: input.code,
      name: input.name,
      kind: input.kind,
      carrier_id: input.carrierId,
      fee_rule: JSON.stringify(input.feeRule),
      active: 1,
      created_at: ctx.now,
      updated_at: ctx.now,
    };
    await ctx.tx.insert('delivery_method', row);
    return toMethod(row);
  },
  'deliveryMethods.update': async (ctx, input) => {
    const before = await getMethodRow(ctx.db, input.id, 'id');
    if (input.carrierId !== undefined) await checkMethodCarrier(ctx.db, before.kind, input.carrierId);
    const patch = {
      ...(input.name !== undefined && { name: input.name }),
      ...(input.carrierId !== undefined && { carrier_id: input.carrierId }),
      ...(input.feeRule !== undefined && { fee_rule: JSON.stringify(input.feeRule) }),
      ...(input.active !== undefined && { active: input.active ? 1 : 0 }),
      updated_at: ctx.now,
    };
    await ctx.tx.update('delivery_method', before.id, patch);
    return toMethod({ ...before, ...patch });
  },

  // ---- the fee on the order ----
  'delivery.quote': async (ctx, input) => {
    const order = await getOrderRow(ctx.db, input.orderId, 'orderId');
    const q = await quoteOrder(ctx.db, order, await getMethodRow(ctx.db, input.deliveryMethodId));
    return { fee: q.fee, currency: q.currency, zone: q.zone, weightGrams: q.weightGrams, unweighedSkus: [...q.unweighedSkus], steps: [...q.steps] };
  },
  'delivery.set': async (ctx, input) => {
    const order = await getOrderRow(ctx.db, input.orderId, 'orderId');
    await setOrderDelivery(ctx, order, input.deliveryMethodId, input.fee);
    return (await loadOrderDelivery(ctx.db, order.id))!;
  },
  'delivery.get': async (ctx, input) => {
    await getOrderRow(ctx.db, input.orderId, 'orderId');
    return { delivery: await loadOrderDelivery(ctx.db, input.orderId) };
  },

  // ---- bins and reorder points ----
  'locations.set': async (ctx, input) => {
    const product = await ctx.db.selectFrom('product').select('id').where('id', '=', input.productId).executeTakeFirst();
    if (!product) throw notFound('Product', 'productId', input.productId);
    const warehouse = await ctx.db.selectFrom('warehouse').select('id').where('id', '=', input.warehouseId).executeTakeFirst();
    if (!warehouse) throw notFound('Warehouse', 'warehouseId', input.warehouseId);
    const existing = await ctx.db.selectFrom('product_location').selectAll().where('product_id', '=', input.productId).where('warehouse_id', '=', input.warehouseId).executeTakeFirst();
    const next = {
      bin: input.bin !== undefined ? input.bin : (existing?.bin ?? null),
      reorder_point: input.reorderPoint !== undefined ? input.reorderPoint : (existing?.reorder_point ?? null),
      reorder_qty: input.reorderQty !== undefined ? input.reorderQty : (existing?.reorder_qty ?? null),
    };
    if (existing) await ctx.tx.update('product_location', existing.id, next);
    else await ctx.tx.insert('product_location', { id: newId(), product_id: input.productId, warehouse_id: input.warehouseId, ...next });
    return { productId: input.productId, warehouseId: input.warehouseId, bin: next.bin, reorderPoint: next.reorder_point, reorderQty: next.reorder_qty };
  },

  // ---- picking ----
  'picking.list': async (ctx, input) => {
    const orders = await ctx.db.selectFrom('sales_order').select(['id', 'number', 'status', 'warehouse_id']).where('id', 'in', input.orderIds).execute();
    const byId = new Map(orders.map((o) => [o.id, o]));
    const seen = new Set<string>();
    let warehouseId: string | null = null;
    for (const [i, oid] of input.orderIds.entries()) {
      const o = byId.get(oid);
      if (!o) throw notFound('Order', `orderIds.${i}`, oid);
      if (seen.has(oid)) throw invalid(`orderIds.${i}`, 'The same order is listed twice');
      seen.add(oid);
      if (!holdsReservation(o.status as OrderStatus)) throw conflict(`Order ${o.number} is ${o.status}; there is nothing to pick`, { status: o.status }, `orderIds.${i}`);
      if (warehouseId !== null && o.warehouse_id !== warehouseId) throw conflict(`Order ${o.number} ships from another warehouse`, { warehouseId: o.warehouse_id }, `orderIds.${i}`);
      warehouseId = o.warehouse_id;
    }
    const lines = await ctx.db
      .selectFrom('sales_order_line as l')
      .innerJoin('sales_order as o', 'o.id', 'l.order_id')
      .leftJoin('product_location as loc', (j) => j.onRef('loc.product_id', '=', 'l.product_id').on('loc.warehouse_id', '=', warehouseId!))
      .select(['l.product_id', 'l.sku', 'l.name', 'l.quantity', 'l.shipped_qty', 'l.order_id', 'o.number', 'loc.bin'])
      .where('l.order_id', 'in', input.orderIds)
      .execute();
    return {
      warehouseId: warehouseId!,
      lines: buildPickList(
        lines.map((l) => ({ productId: l.product_id, sku: l.sku, name: l.name, bin: l.bin ?? null, quantity: l.quantity - l.shipped_qty, orderId: l.order_id, orderNumber: l.number })),
      ).map((l) => ({ ...l, orders: [...l.orders] })),
    };
  },

  // ---- packing ----
  'packing.get': async (ctx, input) => packingOf(ctx.db, await getOrderRow(ctx.db, input.orderId, 'orderId')),
  'packing.scan': async (ctx, input) => {
    const order = await getOrderRow(ctx.db, input.orderId, 'orderId');
    if (order.status !== 'picking') throw conflict(`Order ${order.number} is ${order.status}; scan items while it is picking`, { status: order.status }, 'orderId');
    const product = await productByCode(ctx.db, input.code, 'code');
    const state = await packingOf(ctx.db, order);
    const lines = state.lines.filter((l) => l.productId === product.id);
    if (lines.length === 0) {
      throw new AppError({ code: 'invalid', field: 'code', message: `${product.sku} (${input.code}) is not on order ${order.number}`, issues: [{ field: 'code', message: 'wrong item' }], details: { code: input.code, sku: product.sku, reason: 'wrong_item' } });
    }
    const room = lines.reduce((n, l) => n + l.toShip - l.scanned, 0);
    if (input.quantity > room) {
      throw new AppError({
        code: 'conflict',
        field: 'code',
        message: `${product.sku} (${input.code}): ${room} left to scan on order ${order.number}, ${input.quantity} scanned`,
        details: { code: input.code, sku: product.sku, reason: 'over_scan', remaining: room, requested: input.quantity },
      });
    }
    let left = input.quantity;
    for (const l of lines) {
      const take = Math.min(left, l.toShip - l.scanned);
      if (take > 0) await setScanned(ctx, order.id, l.lineId, l.scanned + take);
      left -= take;
    }
    return packingOf(ctx.db, order);
  },
  'packing.pack': async (ctx, input) => {
    const order = await getOrderRow(ctx.db, input.orderId, 'orderId');
    const state = await packingOf(ctx.db, order);
    if (order.status === 'picking' && !state.lines.some((l) => l.scanned > 0)) {
      throw conflict(`Nothing on order ${order.number} has been scanned yet`, { status: order.status }, 'orderId');
    }
    await applyEvent(ctx, order, 'pack');
    return packingOf(ctx.db, await getOrderRow(ctx.db, order.id));
  },

  // ---- shipments ----
  'shipments.create': async (ctx, input) => {
    const order = await getOrderRow(ctx.db, input.orderId, 'orderId');
    let carrierId = input.carrierId ?? null;
    if (carrierId !== null) await getCarrierRow(ctx.db, carrierId);
    else {
      const d = await ctx.db.selectFrom('order_delivery as d').innerJoin('delivery_method as m', 'm.id', 'd.delivery_method_id').select('m.carrier_id').where('d.order_id', '=', order.id).executeTakeFirst();
      carrierId = d?.carrier_id ?? null;
    }
    const packing = await packingOf(ctx.db, order);
    const scanned = packing.lines.filter((l) => l.scanned > 0);
    // What is scanned is what ships; with nothing scanned, the given lines or everything left.
    const requested = input.lines ?? (scanned.length > 0 ? scanned.map((l) => ({ lineId: l.lineId, quantity: l.scanned })) : undefined);
    const shipped = await shipOrderLines(ctx, order, requested);
    for (const s of shipped) {
      const p = packing.lines.find((l) => l.lineId === s.line.id);
      if (p && p.scanned > 0) await setScanned(ctx, order.id, s.line.id, Math.min(Math.max(p.scanned - s.quantity, 0), p.toShip - s.quantity));
    }
    const id = newId();
    await ctx.tx.insert('shipment', {
      id,
      number: await takeNumber(ctx, FULFILMENT_SERIES.shipment),
      order_id: order.id,
      carrier_id: carrierId,
      status: 'in_transit',
      status_note: null,
      shipped_at: ctx.now,
      delivered_at: null,
      updated_at: ctx.now,
    });
    for (const [i, p] of input.parcels.entries()) {
      await ctx.tx.insert('shipment_parcel', { id: newId(), shipment_id: id, parcel_no: i + 1, tracking_number: p.trackingNumber ?? null, weight_grams: p.weightGrams ?? null });
    }
    for (const s of shipped) {
      await ctx.tx.insert('shipment_line', { id: newId(), shipment_id: id, order_line_id: s.line.id, product_id: s.line.product_id, quantity: s.quantity });
    }
    return getShipment(ctx.db, id);
  },
  'shipments.list': async (ctx, input) => {
    await getOrderRow(ctx.db, input.orderId, 'orderId');
    return { items: await loadShipments(ctx.db, { orderId: input.orderId }) };
  },
  'shipments.setStatus': async (ctx, input) => {
    const s = await ctx.db.selectFrom('shipment').selectAll().where('id', '=', input.id).executeTakeFirst();
    if (!s) throw notFound('Shipment', 'id', input.id);
    await applyShipmentStatus(ctx, s, input.status, input.note);
    return getShipment(ctx.db, s.id);
  },
  'shipments.importStatuses': async (ctx, input) => {
    const rows = readCarrierStatusCsv(input.csv);
    const out = [];
    for (const r of rows) {
      // The newest shipment with a parcel of this number (carriers reuse numbers after years).
      const hit = await ctx.db
        .selectFrom('shipment_parcel as p')
        .innerJoin('shipment as s', 's.id', 'p.shipment_id')
        .selectAll('s')
        .where('p.tracking_number', '=', r.trackingNumber)
        .orderBy('s.shipped_at', 'desc')
        .orderBy('s.id', 'desc')
        .executeTakeFirst();
      if (!hit) {
        out.push({ row: r.row, trackingNumber: r.trackingNumber, result: 'unknown_tracking' as const, shipmentId: null });
        continue;
      }
      const changed = hit.status !== r.status;
      if (changed) await applyShipmentStatus(ctx, hit, r.status, r.note);
      out.push({ row: r.row, trackingNumber: r.trackingNumber, result: changed ? ('updated' as const) : ('unchanged' as const), shipmentId: hit.id });
    }
    return { rows: out };
  },
} satisfies Pick<
  Handlers,
  | 'carriers.list'
  | 'carriers.create'
  | 'carriers.update'
  | 'deliveryMethods.list'
  | 'deliveryMethods.create'
  | 'deliveryMethods.update'
  | 'delivery.quote'
  | 'delivery.set'
  | 'delivery.get'
  | 'locations.set'
  | 'picking.list'
  | 'packing.get'
  | 'packing.scan'
  | 'packing.pack'
  | 'shipments.create'
  | 'shipments.list'
  | 'shipments.setStatus'
  | 'shipments.importStatuses'
>;
