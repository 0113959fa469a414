import type { z } from 'zod';
import type { suggestionLine } from '../../shared/contract/purchasing.ts';
import { OPEN_PO_STATUSES, orderQuantity, replenishmentNeed } from '../../shared/purchasing.ts';
import { getWarehouseRow } from './catalog.ts';
import type { ReadDb } from './context.ts';

// Purchase suggestions as a handful of set queries (locations, open purchase order quantities,
// transfers on the road, preferred suppliers, costs) joined in memory: one pass over each table
// instead of correlated subqueries per located product, so 30,000 locations stay well under a
// second.

type SuggestionDto = z.infer<typeof suggestionLine>;
const key = (productId: string, warehouseId: string) => `${productId}|${warehouseId}`;

/** Ordered, not yet received, per product and warehouse: sent and partially received orders. */
export async function expectedStock(db: ReadDb, filter: { productId?: string | undefined; warehouseId?: string | undefined } = {}): Promise<Map<string, { expected: number; drafted: number }>> {
  let q = db
    .selectFrom('purchase_order_line as l')
    .innerJoin('purchase_order as po', 'po.id', 'l.po_id')
    .select((eb) => [
      'l.product_id',
      'po.warehouse_id',
      'po.status',
      eb.fn.sum<number>(eb.fn('max', [eb(eb.ref('l.quantity'), '-', eb.ref('l.received_qty')), eb.lit(0)])).as('open'),
    ])
    .where('po.status', 'in', ['draft', ...OPEN_PO_STATUSES])
    .groupBy(['l.product_id', 'po.warehouse_id', 'po.status']);
  if (filter.productId) q = q.where('l.product_id', '=', filter.productId);
  if (filter.warehouseId) q = q.where('po.warehouse_id', '=', filter.warehouseId);
  const out = new Map<string, { expected: number; drafted: number }>();
  for (const r of await q.execute()) {
    const k = key(r.product_id, r.warehouse_id);
    const e = out.get(k) ?? { expected: 0, drafted: 0 };
    if (r.status === 'draft') e.drafted += Number(r.open);
    else e.expected += Number(r.open);
    out.set(k, e);
  }
  return out;
}

/** Expected stock (sent and partially received orders) of the products given, per product and warehouse. */
export async function expectedFor(db: ReadDb, productIds: readonly string[]): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  const ids = [...new Set(productIds)];
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await db
      .selectFrom('purchase_order_line as l')
      .innerJoin('purchase_order as po', 'po.id', 'l.po_id')
      .select((eb) => ['l.product_id', 'po.warehouse_id', eb.fn.sum<number>(eb.fn('max', [eb(eb.ref('l.quantity'), '-', eb.ref('l.received_qty')), eb.lit(0)])).as('open')])
      .where('po.status', 'in', [...OPEN_PO_STATUSES])
      .where('l.product_id', 'in', ids.slice(i, i + 500))
      .groupBy(['l.product_id', 'po.warehouse_id'])
      .execute();
    for (const r of rows) out.set(key(r.product_id, r.warehouse_id), Number(r.open));
  }
  return out;
}

export async function purchaseSuggestions(db: ReadDb, warehouseId: string | undefined): Promise<SuggestionDto[]> {
  if (warehouseId) await getWarehouseRow(db, warehouseId);
  // Stock levels first, then product and warehouse only for the locations at or below their
  // point: CROSS JOIN keeps SQLite from looking up all 30,000 products before the filter
  // (EXPLAIN QUERY PLAN: SCAN loc, SEARCH l, then SEARCH p and w for the rows that pass).
  let locs = db
    .selectFrom('product_location as loc')
    .leftJoin('stock_level as l', (j) => j.onRef('l.product_id', '=', 'loc.product_id').onRef('l.warehouse_id', '=', 'loc.warehouse_id'))
    .crossJoin('product as p')
    .crossJoin('warehouse as w')
    .select(['loc.product_id', 'p.sku', 'p.name', 'loc.warehouse_id', 'w.code', 'loc.reorder_point', 'loc.reorder_qty', 'l.on_hand', 'l.reserved'])
    .whereRef('p.id', '=', 'loc.product_id')
    .whereRef('w.id', '=', 'loc.warehouse_id')
    .where('loc.reorder_point', 'is not', null)
    .where('p.active', '=', 1)
    .where((eb) => eb(eb(eb.fn.coalesce('l.on_hand', eb.lit(0)), '-', eb.fn.coalesce('l.reserved', eb.lit(0))), '<=', eb.ref('loc.reorder_point')));
  if (warehouseId) locs = locs.where('loc.warehouse_id', '=', warehouseId);
  const rows = await locs.orderBy('w.code').orderBy('p.sku').execute();
  if (rows.length === 0) return [];

  const expected = await expectedStock(db, { warehouseId });
  let transit = db
    .selectFrom('stock_transfer_line as tl')
    .innerJoin('stock_transfer as t', 't.id', 'tl.transfer_id')
    .select((eb) => ['tl.product_id', 't.to_warehouse_id', eb.fn.sum<number>(eb(eb.ref('tl.quantity'), '-', eb.ref('tl.received_qty'))).as('n')])
    .where('t.status', '=', 'in_transit')
    .groupBy(['tl.product_id', 't.to_warehouse_id']);
  if (warehouseId) transit = transit.where('t.to_warehouse_id', '=', warehouseId);
  const inTransit = new Map((await transit.execute()).map((r) => [key(r.product_id, r.to_warehouse_id), Number(r.n)]));
  const preferred = new Map(
    (await db.selectFrom('supplier_product as sp').innerJoin('supplier as s', 's.id', 'sp.supplier_id').select(['sp.product_id', 'sp.supplier_id', 'sp.min_order_qty', 'sp.pack_size', 'sp.last_price']).where('sp.preferred', '=', 1).where('s.active', '=', 1).execute()).map((r) => [r.product_id, r]),
  );
  let costs = db.selectFrom('product_cost').select(['product_id', 'warehouse_id', 'unit_cost']);
  if (warehouseId) costs = costs.where('warehouse_id', '=', warehouseId);
  const average = new Map((await costs.execute()).map((r) => [key(r.product_id, r.warehouse_id), r.unit_cost]));

  const out: SuggestionDto[] = [];
  for (const r of rows) {
    const k = key(r.product_id, r.warehouse_id);
    const onHand = r.on_hand ?? 0;
    const reserved = r.reserved ?? 0;
    const e = expected.get(k) ?? { expected: 0, drafted: 0 };
    const transitQty = inTransit.get(k) ?? 0;
    // Drafts count as on order here, so drafting twice never orders twice.
    const need = replenishmentNeed({ available: onHand - reserved, inTransit: transitQty, expected: e.expected + e.drafted, reorderPoint: r.reorder_point! });
    if (need <= 0) continue;
    const sp = preferred.get(r.product_id);
    out.push({
      productId: r.product_id,
      sku: r.sku,
      productName: r.name,
      warehouseId: r.warehouse_id,
      warehouseCode: r.code,
      onHand,
      reserved,
      available: onHand - reserved,
      inTransit: transitQty,
      expected: e.expected,
      drafted: e.drafted,
      reorderPoint: r.reorder_point!,
      need,
      supplierId: sp?.supplier_id ?? null,
      minOrderQty: sp?.min_order_qty ?? 1,
      packSize: sp?.pack_size ?? 1,
      orderQty: orderQuantity(need, { reorderQty: r.reorder_qty, minOrderQty: sp?.min_order_qty, packSize: sp?.pack_size }),
      unitCost: sp?.last_price ?? average.get(k) ?? 0,
    });
  }
  return out;
}
