import type { z } from 'zod';
import type { lowStockItem, transfer } from '../../shared/contract/fulfilment.ts';
import { toCsv } from '../../shared/csv.ts';
import { AppError, conflict, invalid, notFound } from '../../shared/errors.ts';
import { newId } from '../../shared/ids.ts';
import type { StockTransferTable } from '../db/schema.ts';
import { getWarehouseRow } from './catalog.ts';
import type { Handlers, ReadDb } from './context.ts';
import { FULFILMENT_SERIES } from './fulfilment-seed.ts';
import { postMovement, readLevel } from './inventory.ts';
import { encodeCursor, idCursorAfter } from './paging.ts';
import { takeNumber } from './settings.ts';

type TransferDto = z.infer<typeof transfer>;
type LowStockDto = z.infer<typeof lowStockItem>;

// ---- transfers ----------------------------------------------------------------------------

async function toTransfers(db: ReadDb, rows: readonly StockTransferTable[]): Promise<TransferDto[]> {
  if (rows.length === 0) return [];
  const lines = await db.selectFrom('stock_transfer_line').selectAll().where('transfer_id', 'in', rows.map((r) => r.id)).orderBy('line_no').execute();
  return rows.map((r) => ({
    id: r.id,
    number: r.number,
    fromWarehouseId: r.from_warehouse_id,
    toWarehouseId: r.to_warehouse_id,
    status: r.status,
    notes: r.notes,
    closeReason: r.close_reason,
    shippedAt: r.shipped_at,
    receivedAt: r.received_at,
    lines: lines
      .filter((l) => l.transfer_id === r.id)
      .map((l) => ({
        id: l.id,
        productId: l.product_id,
        quantity: l.quantity,
        receivedQty: l.received_qty,
        inTransit: r.status === 'in_transit' ? l.quantity - l.received_qty : 0,
        missing: r.status === 'closed' ? l.quantity - l.received_qty : 0,
      })),
  }));
}

async function getTransferRow(db: ReadDb, id: string): Promise<StockTransferTable> {
  const row = await db.selectFrom('stock_transfer').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('Transfer', 'id', id);
  return row;
}

async function loadTransfer(db: ReadDb, id: string): Promise<TransferDto> {
  return (await toTransfers(db, [await getTransferRow(db, id)]))[0]!;
}

function requireTransferStatus(t: StockTransferTable, status: StockTransferTable['status'], action: string): void {
  if (t.status !== status) throw conflict(`Transfer ${t.number} is ${t.status}; it cannot ${action}`, { status: t.status }, 'status');
}


/** Located products whose available stock is at or below their reorder point. */
async function lowStockItems(db: ReadDb, warehouseId: string | undefined): Promise<LowStockDto[]> {
  if (warehouseId) await getWarehouseRow(db, warehouseId);
  let q = db
    .selectFrom('product_location as loc')
    .innerJoin('product as p', 'p.id', 'loc.product_id')
    .innerJoin('warehouse as w', 'w.id', 'loc.warehouse_id')
    .leftJoin('stock_level as l', (j) => j.onRef('l.product_id', '=', 'loc.product_id').onRef('l.warehouse_id', '=', 'loc.warehouse_id'))
    .select(['loc.product_id', 'p.sku', 'p.name', 'loc.warehouse_id', 'w.code', 'loc.bin', 'loc.reorder_point', 'loc.reorder_qty', 'l.on_hand', 'l.reserved'])
    .select((eb) =>
      eb
        .selectFrom('stock_transfer_line as tl')
        .innerJoin('stock_transfer as t', 't.id', 'tl.transfer_id')
        .select((e) => e.fn.coalesce(e.fn.sum<number>(e(e.ref('tl.quantity'), '-', e.ref('tl.received_qty'))), e.lit(0)).as('n'))
        .where('t.status', '=', 'in_transit')
        .whereRef('t.to_warehouse_id', '=', 'loc.warehouse_id')
        .whereRef('tl.product_id', '=', 'loc.product_id')
        .as('in_transit'),
    )
    .select((eb) =>
      eb
        .selectFrom('purchase_order_line as pl')
        .innerJoin('purchase_order as po', 'po.id', 'pl.po_id')
        .select((e) => e.fn.coalesce(e.fn.sum<number>(e.fn('max', [e(e.ref('pl.quantity'), '-', e.ref('pl.received_qty')), e.lit(0)])), e.lit(0)).as('n'))
        .where('po.status', 'in', ['sent', 'partially_received'])
        .whereRef('po.warehouse_id', '=', 'loc.warehouse_id')
        .whereRef('pl.product_id', '=', 'loc.product_id')
        .as('expected'),
    )
    .where('loc.reorder_point', 'is not', null)
    .where('p.active', '=', 1)
    .where((eb) => eb(eb(eb.fn.coalesce('l.on_hand', eb.lit(0)), '-', eb.fn.coalesce('l.reserved', eb.lit(0))), '<=', eb.ref('loc.reorder_point')));
  if (warehouseId) q = q.where('loc.warehouse_id', '=', warehouseId);
  const rows = await q.orderBy('w.code').orderBy('p.sku').limit(5000).execute();
  return rows.map((r) => {
      const onHand = r.on_hand ?? 0;
      const reserved = r.reserved ?? 0;
      const available = onHand - reserved;
      const inTransit = Number(r.in_transit ?? 0);
      // Ordered from suppliers and not yet received (purchase orders sent).
      const expected = Number(r.expected ?? 0);
      const point = r.reorder_point!;
      // Enough to rise above the reorder point, counting what is already on its way; in whole
      // reorder quantities when one is set.
      const shortfall = point - available - inTransit - expected + 1;
      const suggestedQty = shortfall <= 0 ? 0 : r.reorder_qty ? Math.ceil(shortfall / r.reorder_qty) * r.reorder_qty : shortfall;
      return {
        productId: r.product_id,
        sku: r.sku,
        productName: r.name,
        warehouseId: r.warehouse_id,
        warehouseCode: r.code,
        bin: r.bin,
        onHand,
        reserved,
        available,
        inTransit,
        expected,
        reorderPoint: point,
        reorderQty: r.reorder_qty,
        suggestedQty,
      };
    });
}


export const warehouseHandlers = {
  'transfers.create': async (ctx, input) => {
    await getWarehouseRow(ctx.db, input.fromWarehouseId, 'fromWarehouseId');
    await getWarehouseRow(ctx.db, input.toWarehouseId, 'toWarehouseId');
    if (input.fromWarehouseId === input.toWarehouseId) throw invalid('toWarehouseId', 'A transfer goes to another warehouse');
    const seen = new Set<string>();
    for (const [i, l] of input.lines.entries()) {
      const p = await ctx.db.selectFrom('product').select('id').where('id', '=', l.productId).executeTakeFirst();
      if (!p) throw notFound('Product', `lines.${i}.productId`, l.productId);
      if (seen.has(l.productId)) throw invalid(`lines.${i}.productId`, 'The same product is listed twice');
      seen.add(l.productId);
    }
    const id = newId();
    await ctx.tx.insert('stock_transfer', {
      id,
      number: await takeNumber(ctx, FULFILMENT_SERIES.transfer),
      from_warehouse_id: input.fromWarehouseId,
      to_warehouse_id: input.toWarehouseId,
      status: 'draft',
      notes: input.notes,
      close_reason: null,
      shipped_at: null,
      received_at: null,
      created_at: ctx.now,
      updated_at: ctx.now,
    });
    for (const [i, l] of input.lines.entries()) {
      await ctx.tx.insert('stock_transfer_line', { id: newId(), transfer_id: id, line_no: i + 1, product_id: l.productId, quantity: l.quantity, received_qty: 0 });
    }
    return loadTransfer(ctx.db, id);
  },
  'transfers.ship': async (ctx, input) => {
    const t = await getTransferRow(ctx.db, input.id);
    requireTransferStatus(t, 'draft', 'be sent');
    const lines = await ctx.db
      .selectFrom('stock_transfer_line as l')
      .innerJoin('product as p', 'p.id', 'l.product_id')
      .select(['l.id', 'l.product_id', 'l.quantity', 'p.sku'])
      .where('l.transfer_id', '=', t.id)
      .orderBy('l.line_no')
      .execute();
    for (const [i, l] of lines.entries()) {
      // Reserved units belong to orders: only what is available may leave.
      const level = await readLevel(ctx.db, l.product_id, t.from_warehouse_id);
      const available = level.onHand - level.reserved;
      if (available < l.quantity) {
        throw new AppError({
          code: 'insufficient_stock',
          field: `lines.${i}.quantity`,
          message: `Only ${Math.max(available, 0)} of ${l.sku} available to transfer, ${l.quantity} needed`,
          details: { sku: l.sku, productId: l.product_id, warehouseId: t.from_warehouse_id, available, requested: l.quantity },
        });
      }
      await postMovement(ctx, { productId: l.product_id, warehouseId: t.from_warehouse_id, kind: 'transfer_out', onHandDelta: -l.quantity, reservedDelta: 0, reason: `transfer ${t.number}` }, level);
    }
    await ctx.tx.update('stock_transfer', t.id, { status: 'in_transit', shipped_at: ctx.now, updated_at: ctx.now });
    return loadTransfer(ctx.db, t.id);
  },
  'transfers.receive': async (ctx, input) => {
    const t = await getTransferRow(ctx.db, input.id);
    requireTransferStatus(t, 'in_transit', 'be received');
    if (input.lines.length === 0 && !input.close) throw invalid('lines', 'Give the quantities received, or close the transfer');
    const lines = await ctx.db.selectFrom('stock_transfer_line').selectAll().where('transfer_id', '=', t.id).orderBy('line_no').execute();
    const received = new Map(lines.map((l) => [l.id, l.received_qty]));
    const seen = new Set<string>();
    for (const [i, r] of input.lines.entries()) {
      const line = lines.find((l) => l.id === r.lineId);
      if (!line) throw invalid(`lines.${i}.lineId`, `Line ${r.lineId} is not on transfer ${t.number}`);
      if (seen.has(r.lineId)) throw invalid(`lines.${i}.lineId`, 'The same line is listed twice');
      seen.add(r.lineId);
      if (line.received_qty + r.quantity > line.quantity) {
        throw invalid(`lines.${i}.quantity`, `Only ${line.quantity - line.received_qty} of this line are still in transit`);
      }
      if (r.quantity === 0) continue;
      await postMovement(ctx, { productId: line.product_id, warehouseId: t.to_warehouse_id, kind: 'transfer_in', onHandDelta: r.quantity, reservedDelta: 0, reason: `transfer ${t.number}` });
      await ctx.tx.update('stock_transfer_line', line.id, { received_qty: line.received_qty + r.quantity });
      received.set(line.id, line.received_qty + r.quantity);
    }
    const complete = lines.every((l) => received.get(l.id) === l.quantity);
    if (complete) {
      await ctx.tx.update('stock_transfer', t.id, { status: 'received', received_at: ctx.now, updated_at: ctx.now });
    } else if (input.close) {
      if (!input.reason) throw invalid('reason', 'Closing a transfer short needs the reason the rest never arrived');
      await ctx.tx.update('stock_transfer', t.id, { status: 'closed', close_reason: input.reason, received_at: ctx.now, updated_at: ctx.now });
    } else {
      await ctx.tx.update('stock_transfer', t.id, { updated_at: ctx.now });
    }
    return loadTransfer(ctx.db, t.id);
  },
  'transfers.get': (ctx, input) => loadTransfer(ctx.db, input.id),
  'transfers.list': async (ctx, input) => {
    const after = idCursorAfter(input.cursor);
    let q = ctx.db.selectFrom('stock_transfer').selectAll();
    if (input.status) q = q.where('status', '=', input.status);
    if (after) q = q.where('id', '<', after);
    const rows = await q.orderBy('id', 'desc').limit(input.limit + 1).execute();
    const items = await toTransfers(ctx.db, rows.slice(0, input.limit));
    const last = rows.length > input.limit ? items[items.length - 1] : undefined;
    return { items, nextCursor: last ? encodeCursor([last.id]) : null };
  },

  'transfers.inTransit': async (ctx, input) => {
    if (input.toWarehouseId) await getWarehouseRow(ctx.db, input.toWarehouseId, 'toWarehouseId');
    let q = ctx.db
      .selectFrom('stock_transfer_line as l')
      .innerJoin('stock_transfer as t', 't.id', 'l.transfer_id')
      .innerJoin('product as p', 'p.id', 'l.product_id')
      .select(['l.product_id', 'p.sku', 't.from_warehouse_id', 't.to_warehouse_id'])
      .select((eb) => eb.fn.sum<number>(eb(eb.ref('l.quantity'), '-', eb.ref('l.received_qty'))).as('n'))
      .where('t.status', '=', 'in_transit')
      .groupBy(['l.product_id', 'p.sku', 't.from_warehouse_id', 't.to_warehouse_id'])
      .having((eb) => eb.fn.sum(eb(eb.ref('l.quantity'), '-', eb.ref('l.received_qty'))), '>', 0);
    if (input.toWarehouseId) q = q.where('t.to_warehouse_id', '=', input.toWarehouseId);
    if (input.productId) q = q.where('l.product_id', '=', input.productId);
    const rows = await q.orderBy('p.sku').orderBy('t.from_warehouse_id').orderBy('t.to_warehouse_id').execute();
    return { items: rows.map((r) => ({ productId: r.product_id, sku: r.sku, fromWarehouseId: r.from_warehouse_id, toWarehouseId: r.to_warehouse_id, quantity: Number(r.n) })) };
  },
  'stock.lowStock': async (ctx, input) => ({ items: await lowStockItems(ctx.db, input.warehouseId) }),
  'stock.purchaseSuggestions': async (ctx, input) => {
    const items = (await lowStockItems(ctx.db, input.warehouseId)).filter((i) => i.suggestedQty > 0);
    const rows = items.map((i) => [i.sku, i.productName, i.warehouseCode, i.available, i.inTransit, i.expected, i.reorderPoint, i.reorderQty, i.suggestedQty]);
    return { csv: toCsv(['sku', 'name', 'warehouse', 'available', 'in_transit', 'expected', 'reorder_point', 'reorder_qty', 'suggested_qty'], rows), rows: rows.length };
  },
} satisfies Pick<
  Handlers,
  | 'transfers.create'
  | 'transfers.ship'
  | 'transfers.receive'
  | 'transfers.get'
  | 'transfers.list'
  | 'transfers.inTransit'
  | 'stock.lowStock'
  | 'stock.purchaseSuggestions'
>;
