import type { z } from 'zod';
import type { orderDelivery } from '../../shared/contract/fulfilment.ts';
import { conflict, invalid, notFound } from '../../shared/errors.ts';
import { newId } from '../../shared/ids.ts';
import type { OrderStatus } from '../../shared/order-state.ts';
import { destinationOf, quoteOrderFee, type OrderFeeQuote } from '../../shared/order-fee.ts';
import type { FeeRule } from '../../shared/shipping-fee.ts';
import type { DeliveryMethodTable, SalesOrderTable } from '../db/schema.ts';
import type { ReadDb, WriteContext } from './context.ts';
import { shippingBilled } from './invoice-shipping.ts';
import { rewriteTotals } from './order-records.ts';

// The shipping fee on an order: chosen with orders.create (deliveryMethodId) or delivery.set,
// recomputed by orders.update when the lines or the address change, carried by merge and split;
// the fee charged is a line of the order's totals (rewriteTotals). Kept apart from
// fulfilment.ts so orders.ts can use it without importing the fulfilment service.

type OrderDeliveryDto = z.infer<typeof orderDelivery>;

export async function getMethodRow(db: ReadDb, id: string, field = 'deliveryMethodId'): Promise<DeliveryMethodTable> {
  const row = await db.selectFrom('delivery_method').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('Delivery method', field, id);
  return row;
}

type Quote = OrderFeeQuote & { currency: string };

/** The fee an order pays with a method: its weight, item count, gross value and ship-to address. */
export async function quoteOrder(db: ReadDb, order: SalesOrderTable, method: DeliveryMethodTable): Promise<Quote> {
  const lines = await db
    .selectFrom('sales_order_line as l')
    .innerJoin('product as p', 'p.id', 'l.product_id')
    .select(['l.quantity', 'l.sku', 'l.gross', 'p.weight_grams'])
    .where('l.order_id', '=', order.id)
    .execute();
  const goods = lines.map((l) => ({ sku: l.sku, quantity: l.quantity, gross: l.gross, unitWeightGrams: l.weight_grams }));
  const shipTo = order.ship_to ? (JSON.parse(order.ship_to) as { country?: string; region?: string | null }) : null;
  const q = quoteOrderFee(method.kind, JSON.parse(method.fee_rule) as FeeRule, goods, destinationOf(shipTo), 'orderId');
  return { ...q, currency: order.currency };
}

export async function loadOrderDelivery(db: ReadDb, orderId: string): Promise<OrderDeliveryDto | null> {
  const r = await db.selectFrom('order_delivery').selectAll().where('order_id', '=', orderId).executeTakeFirst();
  if (!r) return null;
  return {
    orderId: r.order_id,
    deliveryMethodId: r.delivery_method_id,
    currency: r.currency,
    fee: r.fee,
    computedFee: r.computed_fee,
    feeOverridden: r.fee_overridden === 1,
    weightGrams: r.weight_grams,
    steps: JSON.parse(r.fee_steps) as OrderDeliveryDto['steps'],
  };
}

export const NOT_YET_SHIPPED: readonly OrderStatus[] = ['draft', 'pending_approval', 'approved', 'picking', 'packed'];

/**
 * Chooses the delivery method of an order not yet shipped and stores the computed fee; a fee
 * other than the computed one needs orders.override_shipping_fee.
 */
export async function setOrderDelivery(ctx: WriteContext, order: SalesOrderTable, methodId: string, fee?: number, field = 'deliveryMethodId'): Promise<void> {
  if (!NOT_YET_SHIPPED.includes(order.status as OrderStatus)) {
    throw conflict(`Order ${order.number} is ${order.status}; its delivery can no longer change`, { status: order.status }, 'orderId');
  }
  const billedOn = await shippingBilled(ctx.db, order.id);
  if (billedOn) throw conflict(`The shipping of order ${order.number} is invoiced (${billedOn}); correct it with a credit note`, { invoice: billedOn }, 'orderId');
  const method = await getMethodRow(ctx.db, methodId, field);
  if (method.active !== 1) throw invalid(field, `Delivery method ${method.code} is inactive`);
  const q = await quoteOrder(ctx.db, order, method);
  const overridden = fee !== undefined && fee !== q.fee;
  if (overridden) ctx.require('orders.override_shipping_fee', 'fee');
  const values = {
    delivery_method_id: method.id,
    currency: order.currency,
    fee: fee ?? q.fee,
    computed_fee: q.fee,
    fee_steps: JSON.stringify(q.steps),
    fee_overridden: overridden ? 1 : 0,
    weight_grams: q.weightGrams,
    updated_at: ctx.now,
  };
  const existing = await ctx.db.selectFrom('order_delivery').select('id').where('order_id', '=', order.id).executeTakeFirst();
  if (existing) await ctx.tx.update('order_delivery', existing.id, values);
  else await ctx.tx.insert('order_delivery', { id: newId(), order_id: order.id, ...values });
  await rewriteFeeIntoTotals(ctx, order.id);
}

/** The order's header totals carry its fee (a shipping line, order-totals.ts). */
async function rewriteFeeIntoTotals(ctx: WriteContext, orderId: string): Promise<void> {
  const fresh = await ctx.db.selectFrom('sales_order').selectAll().where('id', '=', orderId).executeTakeFirstOrThrow();
  await rewriteTotals(ctx, fresh, fresh.order_discount);
}

/**
 * A merged order's delivery: the method of the first source that had one, its fee computed
 * afresh for all the goods (a source's override does not carry over: it was granted for
 * another parcel).
 */
export async function carryDeliveryToMerged(ctx: WriteContext, sourceIds: readonly string[], mergedId: string): Promise<void> {
  for (const id of sourceIds) {
    const d = await ctx.db.selectFrom('order_delivery').select('delivery_method_id').where('order_id', '=', id).executeTakeFirst();
    if (!d) continue;
    const merged = await ctx.db.selectFrom('sales_order').selectAll().where('id', '=', mergedId).executeTakeFirstOrThrow();
    await writeComputedDelivery(ctx, merged, d.delivery_method_id);
    return;
  }
}

/** A split: the new order ships separately, so it gets the source's method with its own computed fee. */
export async function carryDeliveryToSplit(ctx: WriteContext, sourceId: string, createdId: string): Promise<void> {
  const d = await ctx.db.selectFrom('order_delivery').select('delivery_method_id').where('order_id', '=', sourceId).executeTakeFirst();
  if (!d) return;
  const created = await ctx.db.selectFrom('sales_order').selectAll().where('id', '=', createdId).executeTakeFirstOrThrow();
  await writeComputedDelivery(ctx, created, d.delivery_method_id);
  await refreshOrderDelivery(ctx, sourceId);
}

// No activity or permission checks: the method was valid when the source chose it.
async function writeComputedDelivery(ctx: WriteContext, order: SalesOrderTable, methodId: string): Promise<void> {
  const method = await getMethodRow(ctx.db, methodId);
  const q = await quoteOrder(ctx.db, order, method);
  await ctx.tx.insert('order_delivery', {
    id: newId(),
    order_id: order.id,
    delivery_method_id: method.id,
    currency: order.currency,
    fee: q.fee,
    computed_fee: q.fee,
    fee_steps: JSON.stringify(q.steps),
    fee_overridden: 0,
    weight_grams: q.weightGrams,
    updated_at: ctx.now,
  });
  await rewriteFeeIntoTotals(ctx, order.id);
}

/** After an order changed: recomputes its fee with the chosen method; an overridden fee stays as set. */
export async function refreshOrderDelivery(ctx: WriteContext, orderId: string): Promise<void> {
  const d = await ctx.db.selectFrom('order_delivery').selectAll().where('order_id', '=', orderId).executeTakeFirst();
  if (!d) return;
  const order = await ctx.db.selectFrom('sales_order').selectAll().where('id', '=', orderId).executeTakeFirstOrThrow();
  const method = await getMethodRow(ctx.db, d.delivery_method_id);
  const q = await quoteOrder(ctx.db, order, method);
  const steps = JSON.stringify(q.steps);
  if (q.fee === d.computed_fee && steps === d.fee_steps && q.weightGrams === d.weight_grams) return;
  await ctx.tx.update('order_delivery', d.id, {
    computed_fee: q.fee,
    fee: d.fee_overridden === 1 ? d.fee : q.fee,
    fee_steps: steps,
    weight_grams: q.weightGrams,
    updated_at: ctx.now,
  });
  if (d.fee_overridden !== 1 && q.fee !== d.fee) await rewriteFeeIntoTotals(ctx, orderId);
}
