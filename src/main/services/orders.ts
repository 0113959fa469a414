import { approvalReason } from '../../shared/approval.ts';
import { AppError, invalid } from '../../shared/errors.ts';
import { newId } from '../../shared/ids.ts';
import { extendRow } from '../../shared/objects.ts';
import { holdsReservation, isEditable, type OrderStatus } from '../../shared/order-state.ts';
import { preparedQuery } from '../db/prepared.ts';
import type { SalesOrderLineTable, SalesOrderTable } from '../db/schema.ts';
import { getWarehouseRow } from './catalog.ts';
import type { Handlers, WriteContext } from './context.ts';
import { getCustomerRow } from './customers.ts';
import { refreshOrderDelivery, setOrderDelivery } from './delivery-fee.ts';
import { postMovement, readLevel, reserveLines } from './inventory.ts';
import { refuseIfInvoiced } from './invoice-guard.ts';
import { applyEvent, getOrderLines, type NewLine, getOrderRow, loadOrder, orderAfterWrite, orderFromRows, priceLines, recordStatus, releaseReservations, rewriteTotals, totalsFor } from './order-records.ts';
import { listOrders } from './order-list.ts';
import { NUMBER_SERIES, readSettings, takeNumber } from './settings.ts';

async function insertLines(ctx: WriteContext, orderId: string, lines: readonly NewLine[], firstLineNo = 1): Promise<SalesOrderLineTable[]> {
  // One multi-row INSERT for the order's lines (journaled line by line, as before). Object.assign,
  // not `{ ...l, id }`: see extendRow in src/shared/objects.ts.
  const rows: SalesOrderLineTable[] = lines.map((l, i) => extendRow(l, { id: newId(), order_id: orderId, line_no: firstLineNo + i }));
  await ctx.tx.insertMany('sales_order_line', rows);
  return rows;
}

const orderByExternalRef = preparedQuery((db, p: { channel: string; externalRef: string }) =>
  db.selectFrom('sales_order').select(['id', 'number']).where('channel', '=', p.channel).where('external_ref', '=', p.externalRef),
);

/** The channel's own order id is the natural key that makes re-imports change nothing. */
async function requireNewExternalRef(ctx: WriteContext, channel: string, externalRef: string | null, exceptId?: string): Promise<void> {
  if (externalRef === null) return;
  const [row] = await orderByExternalRef(ctx.db, { channel, externalRef });
  if (row && row.id !== exceptId) {
    throw new AppError({
      code: 'conflict',
      field: 'externalRef',
      message: `Order ${row.number} already has ${channel} reference ${externalRef}`,
      details: { orderId: row.id, number: row.number },
    });
  }
}

/** One earlier approval of the customer's orders, if any: enough to tell a first order. */
const approvedBefore = preparedQuery((db, p: { customerId: string }) =>
  db
    .selectFrom('order_status_change as h')
    .innerJoin('sales_order as o', 'o.id', 'h.order_id')
    .select('h.id')
    .where('o.customer_id', '=', p.customerId)
    .where('h.to_status', '=', 'approved')
    .limit(1),
);

/**
 * Reserves every line of an order; the first line that cannot be covered fails the whole call.
 * Returns the lines as they now are.
 */
async function reserveOrder(ctx: WriteContext, order: SalesOrderTable): Promise<SalesOrderLineTable[]> {
  const lines = await getOrderLines(ctx.db, order.id);
  const needs = lines
    .map((line, i) => ({ line, lineId: line.id, productId: line.product_id, quantity: line.quantity - line.shipped_qty - line.reserved_qty, field: `lines.${i}.quantity` }))
    .filter((n) => n.quantity > 0);
  await reserveLines(ctx, order.warehouse_id, order.id, needs);
  for (const n of needs) await ctx.tx.update('sales_order_line', n.lineId, { reserved_qty: n.line.reserved_qty + n.quantity });
  const added = new Map(needs.map((n) => [n.lineId, n.quantity]));
  return lines.map((l) => (added.has(l.id) ? { ...l, reserved_qty: l.reserved_qty + added.get(l.id)! } : l));
}

/** Moves the order to its next status, reserves its lines, and answers from the rows in hand. */
async function reserveOnEvent(ctx: WriteContext, order: SalesOrderTable, event: 'confirm' | 'approve', note: string | null) {
  const status = await applyEvent(ctx, order, event, note);
  const lines = await reserveOrder(ctx, order);
  return orderAfterWrite(ctx.db, { ...order, status, updated_at: ctx.now }, lines);
}

async function transition(ctx: WriteContext, id: string, event: Parameters<typeof applyEvent>[2], note?: string) {
  await applyEvent(ctx, await getOrderRow(ctx.db, id), event, note ?? null);
  return loadOrder(ctx.db, id);
}

/**
 * Ships line quantities of an order (every remaining quantity when none are given): moves the
 * order to shipped or partially_shipped and posts one shipment movement per line, consuming its
 * reservation. Shared by orders.ship and the fulfilment service's shipments.create; errors name
 * `lines.<i>.lineId` / `lines.<i>.quantity`.
 */
export async function shipOrderLines(ctx: WriteContext, order: SalesOrderTable, requested?: readonly { lineId: string; quantity: number }[]): Promise<{ line: SalesOrderLineTable; quantity: number }[]> {
  return (await shipLines(ctx, order, requested)).shipped;
}

/** shipOrderLines, also answering with the order's status and lines as they now are. */
async function shipLines(ctx: WriteContext, order: SalesOrderTable, requested?: readonly { lineId: string; quantity: number }[]) {
  const lines = await getOrderLines(ctx.db, order.id);
  const wanted = new Map<string, number>();
  for (const [i, r] of (requested ?? lines.map((l) => ({ lineId: l.id, quantity: l.quantity - l.shipped_qty }))).entries()) {
    const line = lines.find((l) => l.id === r.lineId);
    if (!line) throw invalid(`lines.${i}.lineId`, `Line ${r.lineId} is not on order ${order.number}`);
    if (wanted.has(r.lineId)) throw invalid(`lines.${i}.lineId`, 'The same line is listed twice');
    if (r.quantity > line.quantity - line.shipped_qty) {
      throw invalid(`lines.${i}.quantity`, `Only ${line.quantity - line.shipped_qty} of ${line.sku} remain to ship`);
    }
    if (r.quantity > 0) wanted.set(r.lineId, r.quantity);
  }
  if (wanted.size === 0) throw invalid('lines', 'Nothing left to ship on this order');
  const allShipped = lines.every((l) => l.quantity - l.shipped_qty === (wanted.get(l.id) ?? 0));
  const status = await applyEvent(ctx, order, allShipped ? 'ship_all' : 'ship_partial');
  const shipped: { line: SalesOrderLineTable; quantity: number }[] = [];
  const after = new Map<string, SalesOrderLineTable>();
  for (const line of lines) {
    const q = wanted.get(line.id);
    if (q === undefined) continue;
    const level = await readLevel(ctx.db, line.product_id, order.warehouse_id);
    if (level.onHand < q) {
      throw new AppError({
        code: 'insufficient_stock',
        field: `lines.${lines.indexOf(line)}.quantity`,
        message: `Only ${level.onHand} of ${line.sku} on hand, ${q} to ship`,
        details: { sku: line.sku, onHand: level.onHand, requested: q },
      });
    }
    const fromReservation = Math.min(q, line.reserved_qty);
    await postMovement(ctx, { productId: line.product_id, warehouseId: order.warehouse_id, kind: 'shipment', onHandDelta: -q, reservedDelta: -fromReservation, orderId: order.id, orderLineId: line.id }, level);
    const patch = { shipped_qty: line.shipped_qty + q, reserved_qty: line.reserved_qty - fromReservation };
    await ctx.tx.update('sales_order_line', line.id, patch);
    after.set(line.id, { ...line, ...patch });
    shipped.push({ line, quantity: q });
  }
  return { shipped, status, lines: lines.map((l) => after.get(l.id) ?? l) };
}

export const ordersHandlers = {
  'orders.list': (ctx, input) => listOrders(ctx.db, input),
  'orders.get': (ctx, input) => loadOrder(ctx.db, input.id),

  'orders.create': async (ctx, input) => {
    // Imports create thousands of orders in one transaction: the memo answers repeated reads.
    const { memo } = ctx.tx;
    const customer = await memo.get(['customer'], input.customerId, () => getCustomerRow(ctx.db, input.customerId), { byId: true });
    await memo.get(['warehouse'], input.warehouseId, () => getWarehouseRow(ctx.db, input.warehouseId), { byId: true });
    await requireNewExternalRef(ctx, input.channel, input.externalRef);
    const settings = await memo.get(['setting'], '', () => readSettings(ctx.db));
    const priced = await priceLines(ctx, input.lines);
    const t = totalsFor(priced, input.orderDiscount, settings.pricesIncludeTax, 'orderDiscount', null, settings.taxRounding);
    const id = newId();
    const shipTo = input.shipTo === undefined ? customer.shipping_address : input.shipTo === null ? null : JSON.stringify(input.shipTo);
    const header: SalesOrderTable = {
      id,
      number: await takeNumber(ctx, NUMBER_SERIES.order),
      status: 'draft',
      customer_id: customer.id,
      customer_name: customer.name,
      warehouse_id: input.warehouseId,
      channel: input.channel,
      external_ref: input.externalRef,
      currency: settings.currency,
      ship_to: shipTo,
      notes: input.notes,
      prices_include_tax: settings.pricesIncludeTax ? 1 : 0,
      tax_rounding: settings.taxRounding,
      // Named one by one rather than spread: see extendRow in src/shared/objects.ts.
      order_discount: t.header.order_discount,
      subtotal: t.header.subtotal,
      discount_total: t.header.discount_total,
      net_total: t.header.net_total,
      tax_total: t.header.tax_total,
      gross_total: t.header.gross_total,
      approval_reason: null,
      merged_into_id: null,
      split_from_id: null,
      order_date: input.orderDate ?? ctx.now,
      created_at: ctx.now,
      updated_at: ctx.now,
    };
    await ctx.tx.insert('sales_order', header);
    const lines = await insertLines(ctx, id, t.lines);
    const created = await recordStatus(ctx, id, null, 'draft', 'create', null);
    if (input.deliveryMethodId) {
      await setOrderDelivery(ctx, await getOrderRow(ctx.db, id), input.deliveryMethodId);
      return loadOrder(ctx.db, id);
    }
    // Answered from the rows just written (tests compare it with a fresh orders.get).
    return orderFromRows(header, lines, [created]);
  },

  'orders.update': async (ctx, input) => {
    const order = await getOrderRow(ctx.db, input.id);
    if (!isEditable(order.status as OrderStatus)) {
      throw new AppError({ code: 'conflict', field: 'status', message: `Order ${order.number} is ${order.status}; only drafts can be changed`, details: { status: order.status } });
    }
    const customer = input.customerId ? await getCustomerRow(ctx.db, input.customerId) : undefined;
    if (input.warehouseId) await getWarehouseRow(ctx.db, input.warehouseId);
    if (input.externalRef) await requireNewExternalRef(ctx, order.channel, input.externalRef, order.id);
    const orderDiscount = input.orderDiscount ?? order.order_discount;
    if (input.lines) {
      for (const l of await getOrderLines(ctx.db, order.id)) await ctx.tx.delete('sales_order_line', l.id);
      const t = totalsFor(await priceLines(ctx, input.lines), orderDiscount, order.prices_include_tax === 1, 'orderDiscount', null, order.tax_rounding);
      await insertLines(ctx, order.id, t.lines);
    }
    await rewriteTotals(ctx, order, orderDiscount, {
      ...(customer && { customer_id: customer.id, customer_name: customer.name }),
      ...(input.warehouseId && { warehouse_id: input.warehouseId }),
      ...(input.externalRef !== undefined && { external_ref: input.externalRef || null }),
      ...(input.shipTo !== undefined && { ship_to: input.shipTo ? JSON.stringify(input.shipTo) : null }),
      ...(input.notes !== undefined && { notes: input.notes || null }),
    });
    await refreshOrderDelivery(ctx, order.id);
    return loadOrder(ctx.db, order.id);
  },

  'orders.confirm': async (ctx, input) => {
    const order = await getOrderRow(ctx.db, input.id);
    const settings = await readSettings(ctx.db);
    // Whether the customer had an order confirmed before: only asked when the first-order rule is on.
    const confirmed = settings.approval.firstOrderOfNewCustomer ? (await approvedBefore(ctx.db, { customerId: order.customer_id })).length > 0 : true;
    const reason = approvalReason(settings.approval, { grossTotal: order.gross_total, customerConfirmedOrders: confirmed ? 1 : 0 });
    if (reason !== null) {
      await applyEvent(ctx, order, 'submit_for_approval', reason);
      await ctx.tx.update('sales_order', order.id, { approval_reason: reason });
      return loadOrder(ctx.db, order.id);
    }
    return reserveOnEvent(ctx, order, 'confirm', null);
  },
  'orders.approve': async (ctx, input) => reserveOnEvent(ctx, await getOrderRow(ctx.db, input.id), 'approve', input.note ?? null),
  'orders.reject': (ctx, input) => transition(ctx, input.id, 'reject', input.note),
  'orders.startPicking': (ctx, input) => transition(ctx, input.id, 'start_picking'),
  'orders.pack': (ctx, input) => transition(ctx, input.id, 'pack'),
  'orders.deliver': (ctx, input) => transition(ctx, input.id, 'deliver'),
  'orders.complete': (ctx, input) => transition(ctx, input.id, 'complete'),

  'orders.ship': async (ctx, input) => {
    const order = await getOrderRow(ctx.db, input.id);
    const { status, lines } = await shipLines(ctx, order, input.lines);
    // Answered from the rows in hand, as confirm does (tests compare it with a fresh orders.get).
    return orderAfterWrite(ctx.db, { ...order, status, updated_at: ctx.now }, lines);
  },

  'orders.cancel': async (ctx, input) => {
    const order = await getOrderRow(ctx.db, input.id);
    // A re-picked remainder of a partial shipment is in picking again, which the state machine
    // lets cancel; but goods already left, and corrections after shipping are returns.
    const shipped = (await getOrderLines(ctx.db, order.id)).reduce((n, l) => n + l.shipped_qty, 0);
    if (shipped > 0) {
      throw new AppError({
        code: 'conflict',
        field: 'id',
        message: `Order ${order.number} has already shipped ${shipped} unit(s); it cannot be cancelled`,
        details: { status: order.status, shippedUnits: shipped },
      });
    }
    await refuseIfInvoiced(ctx.db, order.id, 'id', { whileCredited: true });
    await applyEvent(ctx, order, 'cancel', input.reason);
    if (holdsReservation(order.status as OrderStatus)) await releaseReservations(ctx, order, `cancelled: ${input.reason}`);
    return loadOrder(ctx.db, order.id);
  },
} satisfies Pick<
  Handlers,
  | 'orders.list'
  | 'orders.get'
  | 'orders.create'
  | 'orders.update'
  | 'orders.confirm'
  | 'orders.approve'
  | 'orders.reject'
  | 'orders.startPicking'
  | 'orders.pack'
  | 'orders.ship'
  | 'orders.deliver'
  | 'orders.complete'
  | 'orders.cancel'
>;
