import { allocate, mulDivRound } from '../../shared/money.ts';
import { conflict, invalid } from '../../shared/errors.ts';
import { newId } from '../../shared/ids.ts';
import { canMergeOrSplit, type OrderStatus } from '../../shared/order-state.ts';
import type { SalesOrderLineTable, SalesOrderTable } from '../db/schema.ts';
import type { Handlers, WriteContext } from './context.ts';
import { carryDeliveryToMerged, carryDeliveryToSplit } from './delivery-fee.ts';
import { postMovement } from './inventory.ts';
import { refuseIfInvoiced } from './invoice-guard.ts';
import { applyEvent, getOrderLines, getOrderRow, loadOrder, recordStatus, releaseReservations, rewriteTotals } from './order-records.ts';
import { NUMBER_SERIES, takeNumber } from './settings.ts';

function requireRestructurable(order: SalesOrderTable, field: string): void {
  if (!canMergeOrSplit(order.status as OrderStatus)) {
    throw conflict(`Order ${order.number} is ${order.status}; only orders not yet picking can be merged or split`, { status: order.status, orderId: order.id }, field);
  }
}

/** A new order with the header of `template`; numbers, status and links are the caller's. */
async function insertOrderLike(ctx: WriteContext, template: SalesOrderTable, patch: Partial<SalesOrderTable>): Promise<SalesOrderTable> {
  const row: SalesOrderTable = {
    ...template,
    id: newId(),
    number: await takeNumber(ctx, NUMBER_SERIES.order),
    external_ref: null,
    approval_reason: null,
    merged_into_id: null,
    split_from_id: null,
    created_at: ctx.now,
    updated_at: ctx.now,
    ...patch,
  };
  await ctx.tx.insert('sales_order', row);
  return row;
}

/** Moves held units from one line to another as a release and a reservation, so levels never move. */
async function moveReservation(ctx: WriteContext, warehouseId: string, from: SalesOrderLineTable, to: { id: string; order_id: string }, quantity: number): Promise<void> {
  const common = { productId: from.product_id, warehouseId, onHandDelta: 0 };
  await postMovement(ctx, { ...common, kind: 'release', reservedDelta: -quantity, reason: 'moved to another order', orderId: from.order_id, orderLineId: from.id });
  await postMovement(ctx, { ...common, kind: 'reservation', reservedDelta: quantity, reason: 'moved from another order', orderId: to.order_id, orderLineId: to.id });
}

export const orderRestructureHandlers = {
  /**
   * All sources approved: the merged order is approved and takes their reservations over.
   * Otherwise it is a draft that must be confirmed again, and approved sources release theirs.
   */
  'orders.merge': async (ctx, input) => {
    if (new Set(input.orderIds).size !== input.orderIds.length) throw invalid('orderIds', 'An order is listed twice');
    const sources: SalesOrderTable[] = [];
    for (const [i, id] of input.orderIds.entries()) {
      const o = await getOrderRow(ctx.db, id, `orderIds.${i}`);
      requireRestructurable(o, `orderIds.${i}`);
      await refuseIfInvoiced(ctx.db, o.id, `orderIds.${i}`, { whileCredited: false });
      sources.push(o);
    }
    const first = sources[0]!;
    for (const [i, o] of sources.entries()) {
      const same = o.customer_id === first.customer_id && o.warehouse_id === first.warehouse_id && o.ship_to === first.ship_to && o.currency === first.currency && o.prices_include_tax === first.prices_include_tax;
      if (!same) throw conflict(`Order ${o.number} has another customer, warehouse or ship-to than ${first.number}`, { orderId: o.id }, `orderIds.${i}`);
    }
    const allApproved = sources.every((o) => o.status === 'approved');
    const status: OrderStatus = allApproved ? 'approved' : 'draft';
    const merged = await insertOrderLike(ctx, first, {
      status,
      channel: sources.every((o) => o.channel === first.channel) ? first.channel : 'manual',
      notes: sources.map((o) => o.notes).filter(Boolean).join('\n') || null,
      order_date: ctx.now,
    });
    let lineNo = 1;
    for (const src of sources) {
      for (const line of await getOrderLines(ctx.db, src.id)) {
        const copy = { ...line, id: newId(), order_id: merged.id, line_no: lineNo++, reserved_qty: allApproved ? line.reserved_qty : 0 };
        await ctx.tx.insert('sales_order_line', copy);
        if (allApproved && line.reserved_qty > 0) {
          await moveReservation(ctx, src.warehouse_id, line, copy, line.reserved_qty);
          await ctx.tx.update('sales_order_line', line.id, { reserved_qty: 0 });
        }
      }
      if (!allApproved) await releaseReservations(ctx, src, `merged into ${merged.number}`);
      await applyEvent(ctx, src, 'cancel', `merged into ${merged.number}`);
      await ctx.tx.update('sales_order', src.id, { merged_into_id: merged.id });
    }
    await recordStatus(ctx, merged.id, null, status, 'merge', `merged from ${sources.map((o) => o.number).join(', ')}`);
    await rewriteTotals(ctx, merged, sources.reduce((sum, o) => sum + o.order_discount, 0));
    await carryDeliveryToMerged(ctx, sources.map((o) => o.id), merged.id);
    return loadOrder(ctx.db, merged.id);
  },

  /** The new order keeps the source's status; moved units keep their reservations. */
  'orders.split': async (ctx, input) => {
    const source = await getOrderRow(ctx.db, input.id);
    requireRestructurable(source, 'id');
    await refuseIfInvoiced(ctx.db, source.id, 'id', { whileCredited: false });
    const lines = await getOrderLines(ctx.db, source.id);
    const moving = new Map<string, number>();
    for (const [i, r] of input.lines.entries()) {
      const line = lines.find((l) => l.id === r.lineId);
      if (!line) throw invalid(`lines.${i}.lineId`, `Line ${r.lineId} is not on order ${source.number}`);
      if (moving.has(r.lineId)) throw invalid(`lines.${i}.lineId`, 'The same line is listed twice');
      if (r.quantity > line.quantity) throw invalid(`lines.${i}.quantity`, `Line ${line.line_no} has only ${line.quantity} of ${line.sku}`);
      moving.set(r.lineId, r.quantity);
    }
    if (lines.every((l) => moving.get(l.id) === l.quantity)) throw invalid('lines', 'A split must leave something on the original order');

    // Shares follow the amounts after line discounts, as the order discount was allocated.
    const base = (l: SalesOrderLineTable, q: number) => q * l.unit_price - mulDivRound(q * l.unit_price, l.discount_bp, 10_000);
    const movedBase = lines.reduce((s, l) => s + base(l, moving.get(l.id) ?? 0), 0);
    const keptBase = lines.reduce((s, l) => s + base(l, l.quantity - (moving.get(l.id) ?? 0)), 0);
    const [keptDiscount, movedDiscount] = allocate(source.order_discount, [keptBase, movedBase]) as [number, number];

    const created = await insertOrderLike(ctx, source, { split_from_id: source.id });
    let lineNo = 1;
    for (const line of lines) {
      const q = moving.get(line.id);
      if (q === undefined) continue;
      const reserved = Math.min(q, line.reserved_qty);
      if (q === line.quantity) {
        // The whole line moves, its reservation and movement history with it.
        await ctx.tx.update('sales_order_line', line.id, { order_id: created.id, line_no: lineNo++ });
        continue;
      }
      const copy = { ...line, id: newId(), order_id: created.id, line_no: lineNo++, quantity: q, reserved_qty: reserved };
      await ctx.tx.insert('sales_order_line', copy);
      await ctx.tx.update('sales_order_line', line.id, { quantity: line.quantity - q, reserved_qty: line.reserved_qty - reserved });
      if (reserved > 0) await moveReservation(ctx, source.warehouse_id, line, copy, reserved);
    }
    await recordStatus(ctx, created.id, null, created.status as OrderStatus, 'split', `split from ${source.number}`);
    await rewriteTotals(ctx, created, movedDiscount);
    await rewriteTotals(ctx, source, keptDiscount);
    await carryDeliveryToSplit(ctx, source.id, created.id);
    return { source: await loadOrder(ctx.db, source.id), created: await loadOrder(ctx.db, created.id) };
  },
} satisfies Pick<Handlers, 'orders.merge' | 'orders.split'>;
