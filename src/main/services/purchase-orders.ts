import { conflict, invalid, notFound } from '../../shared/errors.ts';
import { newId } from '../../shared/ids.ts';
import { addDays } from '../../shared/invoice-math.ts';
import { poAllows, type PoAction } from '../../shared/purchasing.ts';
import { preparedQuery } from '../db/prepared.ts';
import type { PurchaseOrderTable, SupplierTable } from '../db/schema-purchasing.ts';
import { getWarehouseRow } from './catalog.ts';
import type { Handlers, WriteContext } from './context.ts';
import { today } from './invoice-read.ts';
import { idCursorAfter, idPage } from './paging.ts';
import { getPoRow, loadPo, poHeaders } from './purchase-order-read.ts';
import { purchaseSuggestions } from './purchase-suggestions.ts';
import { PURCHASING_SERIES, takePurchasingNumber } from './purchasing-series.ts';
import { readSettings } from './settings.ts';
import { getSupplierRow } from './suppliers.ts';

type LineInput = { readonly productId: string; readonly quantity: number; readonly unitCost?: number | undefined };

export function requirePoAction(po: PurchaseOrderTable, action: PoAction): void {
  if (!poAllows(po.status, action)) throw conflict(`Purchase order ${po.number} is ${po.status}; it cannot ${action === 'edit' ? 'be changed' : `be ${action === 'send' ? 'sent' : action === 'close' ? 'closed' : action === 'cancel' ? 'cancelled' : 'received'}`}`, { status: po.status }, 'status');
}

/** Purchase orders are in the ledger currency: receipts cost stock, and costs are kept in it. */
async function orderingSupplier(ctx: WriteContext, supplierId: string): Promise<SupplierTable> {
  const s = await getSupplierRow(ctx.db, supplierId);
  if (s.active !== 1) throw invalid('supplierId', `Supplier ${s.code} is inactive`);
  const { currency } = await readSettings(ctx.db);
  if (s.currency !== currency) throw invalid('supplierId', `Supplier ${s.code} bills in ${s.currency}; purchase orders are kept in the ledger currency ${currency}`);
  return s;
}

/** Writes a draft's lines; a line without a cost takes the supplier's last price, else the average cost. */
// Per-line reads of a draft, compiled once: drafting from suggestions writes thousands of lines
// in one call, and building these queries anew for each line cost more than running them.
const productActive = preparedQuery((db, p: { id: string }) => db.selectFrom('product').select(['id', 'active']).where('id', '=', p.id));
const supplierPrice = preparedQuery((db, p: { supplierId: string; productId: string }) =>
  db.selectFrom('supplier_product').select(['supplier_sku', 'last_price']).where('supplier_id', '=', p.supplierId).where('product_id', '=', p.productId),
);
const averageCost = preparedQuery((db, p: { productId: string; warehouseId: string }) =>
  db.selectFrom('product_cost').select('unit_cost').where('product_id', '=', p.productId).where('warehouse_id', '=', p.warehouseId),
);

async function writeLines(ctx: WriteContext, po: { id: string; supplierId: string; warehouseId: string }, lines: readonly LineInput[], field = 'lines'): Promise<void> {
  const seen = new Set<string>();
  for (const [i, l] of lines.entries()) {
    const [p] = await productActive(ctx.db, { id: l.productId });
    if (!p) throw notFound('Product', `${field}.${i}.productId`, l.productId);
    if (p.active !== 1) throw invalid(`${field}.${i}.productId`, 'This product is inactive');
    if (seen.has(l.productId)) throw invalid(`${field}.${i}.productId`, 'The same product is listed twice');
    seen.add(l.productId);
    const [sp] = await supplierPrice(ctx.db, { supplierId: po.supplierId, productId: l.productId });
    const [avg] = await averageCost(ctx.db, { productId: l.productId, warehouseId: po.warehouseId });
    const unitCost = l.unitCost ?? sp?.last_price ?? avg?.unit_cost ?? 0;
    if (!Number.isSafeInteger(unitCost * l.quantity)) throw invalid(`${field}.${i}.unitCost`, 'Quantity × unit cost is beyond what the ledger can add up exactly');
    await ctx.tx.insert('purchase_order_line', {
      id: newId(),
      po_id: po.id,
      line_no: i + 1,
      product_id: l.productId,
      supplier_sku: sp?.supplier_sku ?? null,
      quantity: l.quantity,
      unit_cost: unitCost,
      received_qty: 0,
    });
  }
}

async function createDraft(ctx: WriteContext, input: { supplierId: string; warehouseId: string; expectedDate?: string | null | undefined; notes?: string | null; lines: readonly LineInput[] }): Promise<string> {
  const supplier = await orderingSupplier(ctx, input.supplierId);
  await getWarehouseRow(ctx.db, input.warehouseId);
  const orderDate = today(ctx.now);
  const id = newId();
  await ctx.tx.insert('purchase_order', {
    id,
    number: await takePurchasingNumber(ctx, PURCHASING_SERIES.order),
    supplier_id: supplier.id,
    warehouse_id: input.warehouseId,
    status: 'draft',
    currency: supplier.currency,
    order_date: orderDate,
    // Without a date the supplier's lead time says when to expect the goods.
    expected_date: input.expectedDate ?? addDays(orderDate, supplier.lead_time_days),
    notes: input.notes ?? null,
    close_reason: null,
    sent_at: null,
    created_at: ctx.now,
    updated_at: ctx.now,
  });
  await writeLines(ctx, { id, supplierId: supplier.id, warehouseId: input.warehouseId }, input.lines);
  return id;
}

export const purchaseOrdersHandlers = {
  'purchaseOrders.create': async (ctx, input) => loadPo(ctx.db, await createDraft(ctx, input)),
  'purchaseOrders.update': async (ctx, input) => {
    const po = await getPoRow(ctx.db, input.id);
    requirePoAction(po, 'edit');
    if (input.lines) {
      const old = await ctx.db.selectFrom('purchase_order_line').select('id').where('po_id', '=', po.id).execute();
      for (const l of old) await ctx.tx.delete('purchase_order_line', l.id);
      await writeLines(ctx, { id: po.id, supplierId: po.supplier_id, warehouseId: po.warehouse_id }, input.lines);
    }
    await ctx.tx.update('purchase_order', po.id, {
      expected_date: input.expectedDate === undefined ? undefined : input.expectedDate,
      notes: input.notes === undefined ? undefined : input.notes,
      updated_at: ctx.now,
    });
    return loadPo(ctx.db, po.id);
  },
  'purchaseOrders.suggestions': async (ctx, input) => ({ items: await purchaseSuggestions(ctx.db, input.warehouseId) }),
  'purchaseOrders.fromSuggestions': async (ctx, input) => {
    let items = await purchaseSuggestions(ctx.db, input.warehouseId);
    if (input.productIds) {
      const wanted = new Set(input.productIds);
      items = items.filter((i) => wanted.has(i.productId));
    }
    const groups = new Map<string, typeof items>();
    const unassigned: typeof items = [];
    for (const item of items) {
      if (!item.supplierId) {
        unassigned.push(item);
        continue;
      }
      const k = `${item.supplierId}|${item.warehouseId}`;
      const group = groups.get(k);
      if (group) group.push(item);
      else groups.set(k, [item]);
    }
    if (groups.size === 0) throw conflict('Nothing to order from a preferred supplier', { unassigned: unassigned.length }, input.productIds ? 'productIds' : 'warehouseId');
    const orders = [];
    for (const group of groups.values()) {
      const first = group[0]!;
      const id = await createDraft(ctx, {
        supplierId: first.supplierId!,
        warehouseId: first.warehouseId,
        notes: null,
        lines: group.map((g) => ({ productId: g.productId, quantity: g.orderQty, unitCost: g.unitCost })),
      });
      orders.push(await loadPo(ctx.db, id));
    }
    return { orders, unassigned };
  },
  'purchaseOrders.send': async (ctx, input) => {
    const po = await getPoRow(ctx.db, input.id);
    requirePoAction(po, 'send');
    await ctx.tx.update('purchase_order', po.id, { status: 'sent', sent_at: ctx.now, updated_at: ctx.now });
    return loadPo(ctx.db, po.id);
  },
  'purchaseOrders.cancel': async (ctx, input) => {
    const po = await getPoRow(ctx.db, input.id);
    requirePoAction(po, 'cancel');
    await ctx.tx.update('purchase_order', po.id, { status: 'cancelled', close_reason: input.reason, updated_at: ctx.now });
    return loadPo(ctx.db, po.id);
  },
  'purchaseOrders.close': async (ctx, input) => {
    const po = await getPoRow(ctx.db, input.id);
    requirePoAction(po, 'close');
    await ctx.tx.update('purchase_order', po.id, { status: 'closed_short', close_reason: input.reason, updated_at: ctx.now });
    return loadPo(ctx.db, po.id);
  },
  'purchaseOrders.get': (ctx, input) => loadPo(ctx.db, input.id),
  'purchaseOrders.list': async (ctx, input) => {
    const after = idCursorAfter(input.cursor);
    let q = ctx.db.selectFrom('purchase_order').selectAll();
    if (input.supplierId) q = q.where('supplier_id', '=', input.supplierId);
    if (input.status) q = q.where('status', '=', input.status);
    if (after !== undefined) q = q.where('id', '<', after);
    const rows = await q.orderBy('id', 'desc').limit(input.limit + 1).execute();
    const { page, nextCursor } = idPage(rows, input.limit);
    return { items: await poHeaders(ctx.db, page), nextCursor };
  },
} satisfies Pick<
  Handlers,
  | 'purchaseOrders.create'
  | 'purchaseOrders.update'
  | 'purchaseOrders.suggestions'
  | 'purchaseOrders.fromSuggestions'
  | 'purchaseOrders.send'
  | 'purchaseOrders.cancel'
  | 'purchaseOrders.close'
  | 'purchaseOrders.get'
  | 'purchaseOrders.list'
>;
