import type { z } from 'zod';
import type { order as orderSchema } from '../../shared/contract/orders.ts';
import { conflict, invalid, notFound } from '../../shared/errors.ts';
import { newId } from '../../shared/ids.ts';
import { extendRow } from '../../shared/objects.ts';
import { computeOrderTotals, shippingTaxRateBp, type TaxRounding } from '../../shared/order-totals.ts';
import { allowedEvents, nextStatus, type OrderEvent, type OrderStatus } from '../../shared/order-state.ts';
import { preparedQuery } from '../db/prepared.ts';
import type { OrderStatusChangeTable, SalesOrderLineTable, SalesOrderTable } from '../db/schema.ts';
import type { ReadDb, WriteContext } from './context.ts';
import { postMovement } from './inventory.ts';

export type OrderDto = z.infer<typeof orderSchema>;
export type NewLine = Omit<SalesOrderLineTable, 'id' | 'order_id' | 'line_no'>;
type LineRequest = { readonly productId: string; readonly quantity: number; readonly unitPrice?: number | undefined; readonly discountBp: number };

// Every order operation reads these; prepared once (src/main/db/prepared.ts).
const orderRow = preparedQuery((db, p: { id: string }) => db.selectFrom('sales_order').selectAll().where('id', '=', p.id));
const orderLines = preparedQuery((db, p: { orderId: string }) =>
  db.selectFrom('sales_order_line').selectAll().where('order_id', '=', p.orderId).orderBy('line_no'),
);
const orderHistory = preparedQuery((db, p: { orderId: string }) =>
  db.selectFrom('order_status_change').selectAll().where('order_id', '=', p.orderId).orderBy('at').orderBy('id'),
);

export async function getOrderRow(db: ReadDb, id: string, field = 'id'): Promise<SalesOrderTable> {
  const [row] = await orderRow(db, { id });
  if (!row) throw notFound('Order', field, id);
  return row;
}

export function getOrderLines(db: ReadDb, orderId: string): Promise<SalesOrderLineTable[]> {
  return orderLines(db, { orderId });
}

export async function loadOrder(db: ReadDb, id: string, field = 'id'): Promise<OrderDto> {
  const o = await getOrderRow(db, id, field);
  return toOrderDto(o, await getOrderLines(db, id), await orderHistory(db, { orderId: id }));
}

/**
 * The order as callers see it, from rows an operation already holds: a write that has just
 * changed the header and lines passes its patched copies and reads only the history back.
 */
export async function orderAfterWrite(db: ReadDb, o: SalesOrderTable, lines: readonly SalesOrderLineTable[]): Promise<OrderDto> {
  return toOrderDto(o, lines, await orderHistory(db, { orderId: o.id }));
}

/** The order from rows an operation has just written in full (a create: header, lines, history). */
export function orderFromRows(o: SalesOrderTable, lines: readonly SalesOrderLineTable[], history: readonly OrderStatusChangeTable[]): OrderDto {
  return toOrderDto(o, lines, history);
}

/**
 * The shipping line of an order: what its header totals hold beyond its goods lines (the header
 * is written by rewriteTotals with the fee), so no hot read needs order_delivery.
 */
function shippingOf(o: SalesOrderTable, lines: readonly SalesOrderLineTable[]): OrderDto['shipping'] {
  let net = o.net_total;
  let tax = o.tax_total;
  let gross = o.gross_total;
  for (const l of lines) {
    net -= l.net;
    tax -= l.tax;
    gross -= l.gross;
  }
  if (net === 0 && tax === 0 && gross === 0) return null;
  return { net, tax, gross, taxRateBp: shippingTaxRateBp(lines.map((l) => ({ taxRateBp: l.tax_rate_bp }))) };
}

function toOrderDto(o: SalesOrderTable, lines: readonly SalesOrderLineTable[], history: readonly OrderStatusChangeTable[]): OrderDto {
  const breakdown = new Map<number, { taxRateBp: number; net: number; tax: number; gross: number }>();
  const shipping = shippingOf(o, lines);
  const charged = shipping ? [...lines, { tax_rate_bp: shipping.taxRateBp, net: shipping.net, tax: shipping.tax, gross: shipping.gross }] : lines;
  // Summed in place: a spread copy per line took V8's slow path for its keys (src/shared/objects.ts).
  for (const l of charged) {
    const b = breakdown.get(l.tax_rate_bp);
    if (b === undefined) breakdown.set(l.tax_rate_bp, { taxRateBp: l.tax_rate_bp, net: 0 + l.net, tax: 0 + l.tax, gross: 0 + l.gross });
    else {
      b.net += l.net;
      b.tax += l.tax;
      b.gross += l.gross;
    }
  }
  const status = o.status as OrderStatus;
  return {
    id: o.id,
    number: o.number,
    status,
    customerId: o.customer_id,
    customerName: o.customer_name,
    warehouseId: o.warehouse_id,
    channel: o.channel,
    externalRef: o.external_ref,
    currency: o.currency,
    grossTotal: o.gross_total,
    orderDate: o.order_date,
    shipTo: o.ship_to ? JSON.parse(o.ship_to) : null,
    notes: o.notes,
    pricesIncludeTax: o.prices_include_tax === 1,
    orderDiscount: o.order_discount,
    subtotal: o.subtotal,
    discountTotal: o.discount_total,
    netTotal: o.net_total,
    taxTotal: o.tax_total,
    taxBreakdown: [...breakdown.values()].sort((a, b) => a.taxRateBp - b.taxRateBp),
    shipping,
    approvalReason: o.approval_reason,
    mergedIntoId: o.merged_into_id,
    splitFromId: o.split_from_id,
    lines: lines.map((l) => ({
      id: l.id,
      lineNo: l.line_no,
      productId: l.product_id,
      sku: l.sku,
      name: l.name,
      quantity: l.quantity,
      unitPrice: l.unit_price,
      priceOverridden: l.price_overridden === 1,
      discountBp: l.discount_bp,
      taxRateBp: l.tax_rate_bp,
      net: l.net,
      tax: l.tax,
      gross: l.gross,
      reservedQty: l.reserved_qty,
      shippedQty: l.shipped_qty,
    })),
    history: history.map((h) => ({
      from: h.from_status as OrderStatus | null,
      to: h.to_status as OrderStatus,
      event: h.event,
      note: h.note,
      at: h.at,
      actor: h.actor,
    })),
    allowedEvents: allowedEvents(status),
    createdAt: o.created_at,
    updatedAt: o.updated_at,
  };
}

/** Moves an order along the state machine; an illegal step is a `conflict` naming both states. */
export async function applyEvent(ctx: WriteContext, order: SalesOrderTable, event: OrderEvent, note: string | null = null): Promise<OrderStatus> {
  const from = order.status as OrderStatus;
  const to = nextStatus(from, event);
  if (to === null) {
    throw conflict(`Order ${order.number} is ${from}; it cannot ${event.replaceAll('_', ' ')}`, { status: from, event, orderId: order.id }, 'status');
  }
  await ctx.tx.update('sales_order', order.id, { status: to, updated_at: ctx.now });
  await recordStatus(ctx, order.id, from, to, event, note);
  return to;
}

export async function recordStatus(ctx: WriteContext, orderId: string, from: OrderStatus | null, to: OrderStatus, event: string, note: string | null): Promise<OrderStatusChangeTable> {
  const row: OrderStatusChangeTable = {
    id: newId(),
    order_id: orderId,
    from_status: from,
    to_status: to,
    event,
    note,
    at: ctx.now,
    actor: ctx.caller.userId,
  };
  await ctx.tx.insert('order_status_change', row);
  return row;
}

const pricedProduct = preparedQuery((db, p: { id: string }) =>
  db
    .selectFrom('product')
    .innerJoin('tax_rate', 'tax_rate.id', 'product.tax_rate_id')
    .select(['product.id', 'product.sku', 'product.name', 'product.price', 'product.active', 'tax_rate.rate_bp'])
    .where('product.id', '=', p.id),
);

/** Resolves requested lines against the catalog; a price other than the catalog's needs permission. */
export async function priceLines(ctx: WriteContext, requests: readonly LineRequest[]): Promise<Omit<SalesOrderLineTable, 'id' | 'order_id' | 'line_no' | 'net' | 'tax' | 'gross'>[]> {
  const out = [];
  for (const [i, r] of requests.entries()) {
    const p = await ctx.tx.memo.get(['product', 'tax_rate'], r.productId, async () => (await pricedProduct(ctx.db, { id: r.productId }))[0], { byId: true });
    if (!p) throw notFound('Product', `lines.${i}.productId`, r.productId);
    if (p.active !== 1) throw invalid(`lines.${i}.productId`, `Product ${p.sku} is inactive`);
    const overridden = r.unitPrice !== undefined && r.unitPrice !== p.price;
    if (overridden) ctx.require('orders.override_price', `lines.${i}.unitPrice`);
    out.push({
      product_id: p.id,
      sku: p.sku,
      name: p.name,
      quantity: r.quantity,
      unit_price: r.unitPrice ?? p.price,
      price_overridden: overridden ? 1 : 0,
      discount_bp: r.discountBp,
      tax_rate_bp: p.rate_bp,
      reserved_qty: 0,
      shipped_qty: 0,
    });
  }
  return out;
}

type PricedLine = Pick<SalesOrderLineTable, 'quantity' | 'unit_price' | 'discount_bp' | 'tax_rate_bp'>;

/** Line amounts and order totals from src/shared's rounding rules. */
export function totalsFor<L extends PricedLine>(
  lines: readonly L[],
  orderDiscount: number,
  pricesIncludeTax: boolean,
  field = 'orderDiscount',
  shippingFee: number | null = null,
  taxRounding: TaxRounding = 'line',
) {
  let totals;
  try {
    totals = computeOrderTotals({
      lines: lines.map((l) => ({ quantity: l.quantity, unitPrice: l.unit_price, discountBp: l.discount_bp, taxRateBp: l.tax_rate_bp })),
      orderDiscount,
      pricesIncludeTax,
      shippingFee,
      taxRounding,
    });
  } catch (e) {
    throw invalid(field, (e as Error).message);
  }
  return {
    // Object.assign, not a spread with new keys: see extendRow in src/shared/objects.ts.
    lines: lines.map((l, i) => extendRow(l, { net: totals.lines[i]!.net, tax: totals.lines[i]!.tax, gross: totals.lines[i]!.gross })),
    header: {
      order_discount: orderDiscount,
      subtotal: totals.subtotal,
      discount_total: totals.discount,
      net_total: totals.net,
      tax_total: totals.tax,
      gross_total: totals.gross,
    },
  };
}

/** The shipping fee charged on an order (order_delivery); null without a method or with a free delivery (no line). */
export async function shippingFeeOf(db: ReadDb, orderId: string): Promise<number | null> {
  const d = await db.selectFrom('order_delivery').select('fee').where('order_id', '=', orderId).executeTakeFirst();
  return d && d.fee > 0 ? d.fee : null;
}

/**
 * Recomputes and writes the amounts of an order whose lines or shipping fee changed, with any
 * other header changes. The header totals include the shipping line (order-totals.ts).
 */
export async function rewriteTotals(ctx: WriteContext, order: SalesOrderTable, orderDiscount: number, headerPatch: Partial<SalesOrderTable> = {}): Promise<void> {
  const lines = await getOrderLines(ctx.db, order.id);
  const t = totalsFor(lines, orderDiscount, order.prices_include_tax === 1, 'orderDiscount', await shippingFeeOf(ctx.db, order.id), order.tax_rounding);
  for (const l of t.lines) {
    const before = lines.find((x) => x.id === l.id)!;
    if (before.net !== l.net || before.tax !== l.tax || before.gross !== l.gross) {
      await ctx.tx.update('sales_order_line', l.id, { net: l.net, tax: l.tax, gross: l.gross });
    }
  }
  await ctx.tx.update('sales_order', order.id, { ...headerPatch, ...t.header, updated_at: ctx.now });
}

/** Gives back every unit an order holds, line by line, with a release movement each. */
export async function releaseReservations(ctx: WriteContext, order: SalesOrderTable, reason: string): Promise<void> {
  for (const line of await getOrderLines(ctx.db, order.id)) {
    if (line.reserved_qty === 0) continue;
    await postMovement(ctx, {
      productId: line.product_id,
      warehouseId: order.warehouse_id,
      kind: 'release',
      onHandDelta: 0,
      reservedDelta: -line.reserved_qty,
      reason,
      orderId: order.id,
      orderLineId: line.id,
    });
    await ctx.tx.update('sales_order_line', line.id, { reserved_qty: 0 });
  }
}
