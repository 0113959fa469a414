import type { z } from 'zod';
import type { stockMovement } from '../../shared/contract/inventory.ts';
import { AppError, invalid, notFound } from '../../shared/errors.ts';
import { newId } from '../../shared/ids.ts';
import { noteAvailableDrop } from './webhooks.ts';
import { preparedQuery } from '../db/prepared.ts';
import type { StockMovementTable } from '../db/schema.ts';
import { getProductRow, getWarehouseRow } from './catalog.ts';
import type { Handlers, ReadDb, WriteContext } from './context.ts';
import { decodeCursor, encodeCursor, idCursorAfter } from './paging.ts';
import { expectedFor } from './purchase-suggestions.ts';

type MovementDto = z.infer<typeof stockMovement>;

export type MovementInput = {
  readonly productId: string;
  readonly warehouseId: string;
  readonly kind: StockMovementTable['kind'];
  readonly onHandDelta: number;
  readonly reservedDelta: number;
  readonly reason?: string | null;
  readonly orderId?: string | null;
  readonly orderLineId?: string | null;
};

const toMovement = (r: StockMovementTable): MovementDto => ({
  id: r.id,
  productId: r.product_id,
  warehouseId: r.warehouse_id,
  kind: r.kind,
  onHandDelta: r.on_hand_delta,
  reservedDelta: r.reserved_delta,
  reason: r.reason,
  orderId: r.order_id,
  at: r.at,
  actor: r.actor,
});

export type Level = { readonly id: string | null; readonly onHand: number; readonly reserved: number };

const levelRow = preparedQuery((db, p: { productId: string; warehouseId: string }) =>
  db.selectFrom('stock_level').select(['id', 'on_hand', 'reserved']).where('product_id', '=', p.productId).where('warehouse_id', '=', p.warehouseId),
);

export async function readLevel(db: ReadDb, productId: string, warehouseId: string): Promise<Level> {
  const [row] = await levelRow(db, { productId, warehouseId });
  return row ? { id: row.id, onHand: row.on_hand, reserved: row.reserved } : { id: null, onHand: 0, reserved: 0 };
}

/**
 * The only way stock changes: append a movement and move the level by the same deltas in the
 * same transaction, so levels always equal the sum of movements.
 */
export async function postMovement(ctx: WriteContext, m: MovementInput, levelBefore?: Level): Promise<MovementDto> {
  const row: StockMovementTable = {
    id: newId(),
    product_id: m.productId,
    warehouse_id: m.warehouseId,
    kind: m.kind,
    on_hand_delta: m.onHandDelta,
    reserved_delta: m.reservedDelta,
    reason: m.reason ?? null,
    order_id: m.orderId ?? null,
    order_line_id: m.orderLineId ?? null,
    at: ctx.now,
    actor: ctx.caller.userId,
  };
  await ctx.tx.insert('stock_movement', row);
  // Callers that just read the level under this transaction's write lock may pass it in.
  const level = levelBefore ?? (await readLevel(ctx.db, m.productId, m.warehouseId));
  if (level.id === null) {
    await ctx.tx.insert('stock_level', {
      id: newId(),
      product_id: m.productId,
      warehouse_id: m.warehouseId,
      on_hand: m.onHandDelta,
      reserved: m.reservedDelta,
    });
  } else {
    await ctx.tx.update('stock_level', level.id, { on_hand: level.onHand + m.onHandDelta, reserved: level.reserved + m.reservedDelta });
  }
  if (m.onHandDelta - m.reservedDelta < 0) {
    await noteAvailableDrop(ctx.tx, { productId: m.productId, warehouseId: m.warehouseId, onHand: level.onHand + m.onHandDelta, reserved: level.reserved + m.reservedDelta, availableBefore: level.onHand - level.reserved });
  }
  return toMovement(row);
}

const productStock = preparedQuery((db, p: { productId: string; warehouseId: string }) =>
  db
    .selectFrom('product as p')
    .leftJoin('stock_level as l', (j) => j.onRef('l.product_id', '=', 'p.id').on('l.warehouse_id', '=', p.warehouseId))
    .select(['p.id', 'p.sku', 'p.allow_backorder', 'l.id as level_id', 'l.on_hand', 'l.reserved'])
    .where('p.id', '=', p.productId),
);
type ProductStock = Awaited<ReturnType<typeof productStock>>[number];

export type ReservationRequest = { readonly lineId: string; readonly productId: string; readonly quantity: number; readonly field: string };

/**
 * Reserves stock for order lines, all or none. The checks and writes happen under the
 * transaction's write lock, so two processes racing for the last unit cannot both win.
 * Products and levels are read once for all lines; a product on two lines sees the first
 * line's reservation.
 */
export async function reserveLines(ctx: WriteContext, warehouseId: string, orderId: string, requests: readonly ReservationRequest[]): Promise<void> {
  if (requests.length === 0) return;
  const products = new Map<string, ProductStock>();
  for (const productId of new Set(requests.map((r) => r.productId))) {
    const [row] = await productStock(ctx.db, { productId, warehouseId });
    if (row) products.set(productId, row);
  }
  const levels = new Map<string, Level>([...products.values()].map((r) => [r.id, { id: r.level_id, onHand: r.on_hand ?? 0, reserved: r.reserved ?? 0 }]));
  for (const r of requests) {
    const product = products.get(r.productId);
    if (!product) throw notFound('Product', r.field, r.productId);
    const level = levels.get(r.productId)!;
    const available = level.onHand - level.reserved;
    if (available < r.quantity && product.allow_backorder !== 1) {
      throw new AppError({
        code: 'insufficient_stock',
        field: r.field,
        message: `Only ${Math.max(available, 0)} of ${product.sku} available, ${r.quantity} needed`,
        details: { sku: product.sku, productId: product.id, warehouseId, available, requested: r.quantity },
      });
    }
    await postMovement(ctx, { productId: r.productId, warehouseId, kind: 'reservation', onHandDelta: 0, reservedDelta: r.quantity, orderId, orderLineId: r.lineId }, level);
    // postMovement created the level row when there was none; read it back once in that case.
    levels.set(r.productId, level.id === null ? await readLevel(ctx.db, r.productId, warehouseId) : { ...level, reserved: level.reserved + r.quantity });
  }
}

export const inventoryHandlers = {
  'stock.levels': async (ctx, input) => {
    const offset = input.cursor ? Number(decodeCursor(input.cursor, 1)[0]) : 0;
    if (!Number.isSafeInteger(offset) || offset < 0) throw invalid('cursor', 'This cursor is not one this list gave out');
    let q = ctx.db
      .selectFrom('stock_level as l')
      .innerJoin('product as p', 'p.id', 'l.product_id')
      .innerJoin('warehouse as w', 'w.id', 'l.warehouse_id')
      .select(['l.product_id', 'p.sku', 'p.name', 'l.warehouse_id', 'w.code', 'l.on_hand', 'l.reserved']);
    if (input.productId) q = q.where('l.product_id', '=', input.productId);
    if (input.warehouseId) q = q.where('l.warehouse_id', '=', input.warehouseId);
    if (input.availableAtMost !== undefined) q = q.where((eb) => eb(eb('l.on_hand', '-', eb.ref('l.reserved')), '<=', input.availableAtMost!));
    const rows = await q.orderBy('p.sku').orderBy('w.code').limit(input.limit + 1).offset(offset).execute();
    const expected = await expectedFor(ctx.db, rows.slice(0, input.limit).map((r) => r.product_id));
    return {
      items: rows.slice(0, input.limit).map((r) => ({
        productId: r.product_id,
        sku: r.sku,
        productName: r.name,
        warehouseId: r.warehouse_id,
        warehouseCode: r.code,
        onHand: r.on_hand,
        reserved: r.reserved,
        available: r.on_hand - r.reserved,
        expected: expected.get(`${r.product_id}|${r.warehouse_id}`) ?? 0,
      })),
      nextCursor: rows.length > input.limit ? encodeCursor([offset + input.limit]) : null,
    };
  },
  'stock.movements': async (ctx, input) => {
    await getProductRow(ctx.db, input.productId);
    const after = idCursorAfter(input.cursor);
    let q = ctx.db.selectFrom('stock_movement').selectAll().where('product_id', '=', input.productId);
    if (input.warehouseId) q = q.where('warehouse_id', '=', input.warehouseId);
    if (after) q = q.where('id', '<', after);
    // UUIDv7 ids sort by creation time, so the id alone is a stable newest-first key.
    const rows = await q.orderBy('id', 'desc').limit(input.limit + 1).execute();
    const items = rows.slice(0, input.limit).map(toMovement);
    const last = rows.length > input.limit ? items[items.length - 1] : undefined;
    return { items, nextCursor: last ? encodeCursor([last.id]) : null };
  },
  'stock.receive': async (ctx, input) => {
    await getWarehouseRow(ctx.db, input.warehouseId);
    const movements: MovementDto[] = [];
    for (const [i, line] of input.lines.entries()) {
      await getProductRow(ctx.db, line.productId, `lines.${i}.productId`);
      movements.push(
        await postMovement(ctx, {
          productId: line.productId,
          warehouseId: input.warehouseId,
          kind: 'receipt',
          onHandDelta: line.quantity,
          reservedDelta: 0,
          reason: input.reason ?? null,
        }),
      );
    }
    return { movements };
  },
  'stock.adjust': async (ctx, input) => {
    await getWarehouseRow(ctx.db, input.warehouseId);
    const product = await getProductRow(ctx.db, input.productId);
    const level = await readLevel(ctx.db, input.productId, input.warehouseId);
    if (level.onHand + input.delta < 0) {
      throw new AppError({
        code: 'insufficient_stock',
        field: 'delta',
        message: `${product.sku} has ${level.onHand} on hand; it cannot go below zero`,
        details: { sku: product.sku, onHand: level.onHand, requested: -input.delta },
      });
    }
    const movement = await postMovement(ctx, {
      productId: input.productId,
      warehouseId: input.warehouseId,
      kind: 'adjustment',
      onHandDelta: input.delta,
      reservedDelta: 0,
      reason: input.reason,
    });
    return { movement };
  },
} satisfies Pick<Handlers, 'stock.levels' | 'stock.movements' | 'stock.receive' | 'stock.adjust'>;
