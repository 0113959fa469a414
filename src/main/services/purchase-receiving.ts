import { AppError, conflict, invalid } from '../../shared/errors.ts';
import { newId } from '../../shared/ids.ts';
import { addDays } from '../../shared/invoice-math.ts';
import { statusAfterReceipt } from '../../shared/purchasing.ts';
import { postCostedReceipt } from './books.ts';
import type { Handlers } from './context.ts';
import { productByCode } from './fulfilment.ts';
import { postMovement, readLevel } from './inventory.ts';
import { today } from './invoice-read.ts';
import { getPoRow, loadPo } from './purchase-order-read.ts';
import { requirePoAction } from './purchase-orders.ts';
import { expectedStock } from './purchase-suggestions.ts';
import { PURCHASING_SERIES, takePurchasingNumber } from './purchasing-series.ts';
import { getSupplierRow } from './suppliers.ts';

function checkDate(date: string, now: string, field: string): void {
  if (date > addDays(today(now), 1)) throw invalid(field, 'This cannot be dated in the future');
}

type Wanted = { quantity: number; unitCost: number };

const sameDelivery = (a: ReadonlyMap<string, Wanted>, b: ReadonlyMap<string, Wanted>): boolean =>
  a.size === b.size && [...a].every(([k, v]) => b.get(k)?.quantity === v.quantity && b.get(k)?.unitCost === v.unitCost);

export const purchaseReceivingHandlers = {
  'purchaseOrders.receive': async (ctx, input) => {
    const po = await getPoRow(ctx.db, input.id);
    const receivedOn = input.receivedOn ?? today(ctx.now);
    checkDate(receivedOn, ctx.now, 'receivedOn');
    const lines = await ctx.db.selectFrom('purchase_order_line').selectAll().where('po_id', '=', po.id).orderBy('line_no').execute();
    // What this delivery holds per order line: typed quantities plus one unit per scan.
    const wanted = new Map<string, Wanted>();
    for (const [i, l] of input.lines.entries()) {
      const line = lines.find((x) => x.id === l.lineId);
      if (!line) throw invalid(`lines.${i}.lineId`, `Line ${l.lineId} is not on purchase order ${po.number}`);
      if (wanted.has(line.id)) throw invalid(`lines.${i}.lineId`, 'The same line is listed twice');
      wanted.set(line.id, { quantity: l.quantity, unitCost: l.unitCost ?? line.unit_cost });
    }
    for (const [i, code] of input.scans.entries()) {
      const p = await productByCode(ctx.db, code, `scans.${i}`);
      const line = lines.find((x) => x.product_id === p.id);
      if (!line) {
        throw new AppError({ code: 'invalid', field: `scans.${i}`, message: `${p.sku} is not on purchase order ${po.number}`, issues: [{ field: `scans.${i}`, message: 'not on this order' }], details: { code, reason: 'not_on_order' } });
      }
      const w = wanted.get(line.id) ?? { quantity: 0, unitCost: line.unit_cost };
      wanted.set(line.id, { ...w, quantity: w.quantity + 1 });
    }
    if (wanted.size === 0) throw invalid('lines', 'Give the quantities delivered or scan them');

    // A delivery is received once: the same reference again is a retry (same lines: the order
    // as it is, nothing written) or a mistake (other lines: refused).
    const earlier = await ctx.db.selectFrom('purchase_receipt').select(['id', 'number']).where('po_id', '=', po.id).where('delivery_ref', '=', input.deliveryRef).executeTakeFirst();
    if (earlier) {
      const got = await ctx.db.selectFrom('purchase_receipt_line').select(['po_line_id', 'quantity', 'unit_cost']).where('receipt_id', '=', earlier.id).execute();
      if (sameDelivery(wanted, new Map(got.map((g) => [g.po_line_id, { quantity: g.quantity, unitCost: g.unit_cost }])))) return loadPo(ctx.db, po.id);
      throw conflict(`Delivery ${input.deliveryRef} was already received on purchase order ${po.number} as ${earlier.number}, with other quantities`, { receiptId: earlier.id, receiptNumber: earlier.number }, 'deliveryRef');
    }
    requirePoAction(po, 'receive');
    const supplier = await getSupplierRow(ctx.db, po.supplier_id);
    const receiptId = newId();
    const number = await takePurchasingNumber(ctx, PURCHASING_SERIES.receipt);
    await ctx.tx.insert('purchase_receipt', { id: receiptId, number, po_id: po.id, warehouse_id: po.warehouse_id, delivery_ref: input.deliveryRef, received_on: receivedOn, created_at: ctx.now, actor: ctx.caller.userId });
    const received = new Map(lines.map((l) => [l.id, l.received_qty]));
    for (const line of lines) {
      const w = wanted.get(line.id);
      if (!w) continue;
      const field = `lines.${Math.max(0, input.lines.findIndex((l) => l.lineId === line.id))}.unitCost`;
      const posted = await postCostedReceipt(ctx, { productId: line.product_id, warehouseId: po.warehouse_id, quantity: w.quantity, unitCost: w.unitCost, supplier: supplier.code, reference: `${po.number} ${number}`, receivedOn, field });
      await ctx.tx.insert('purchase_receipt_line', { id: newId(), receipt_id: receiptId, po_line_id: line.id, product_id: line.product_id, quantity: w.quantity, unit_cost: w.unitCost, purchase_line_id: posted.purchaseLineId });
      await ctx.tx.update('purchase_order_line', line.id, { received_qty: line.received_qty + w.quantity });
      received.set(line.id, line.received_qty + w.quantity);
      // The supplier's price as last paid, for the next order.
      const sp = await ctx.db.selectFrom('supplier_product').select(['id', 'last_price']).where('supplier_id', '=', po.supplier_id).where('product_id', '=', line.product_id).executeTakeFirst();
      if (sp && sp.last_price !== w.unitCost) await ctx.tx.update('supplier_product', sp.id, { last_price: w.unitCost, updated_at: ctx.now });
    }
    const status = statusAfterReceipt(lines.map((l) => ({ quantity: l.quantity, receivedQty: received.get(l.id)! })));
    await ctx.tx.update('purchase_order', po.id, { status, updated_at: ctx.now });
    return loadPo(ctx.db, po.id);
  },

  'supplierReturns.create': async (ctx, input) => {
    const returnedOn = input.returnedOn ?? today(ctx.now);
    checkDate(returnedOn, ctx.now, 'returnedOn');
    const seen = new Set<string>();
    const picked = [];
    for (const [i, l] of input.lines.entries()) {
      const rl = await ctx.db
        .selectFrom('purchase_receipt_line as rl')
        .innerJoin('purchase_receipt as r', 'r.id', 'rl.receipt_id')
        .innerJoin('purchase_order as po', 'po.id', 'r.po_id')
        .innerJoin('product as p', 'p.id', 'rl.product_id')
        .select(['rl.id', 'rl.product_id', 'rl.quantity', 'rl.unit_cost', 'r.warehouse_id', 'po.supplier_id', 'p.sku'])
        .select((eb) => eb.selectFrom('supplier_return_line as x').select((e) => e.fn.coalesce(e.fn.sum<number>('x.quantity'), e.lit(0)).as('n')).whereRef('x.receipt_line_id', '=', 'rl.id').as('returned'))
        .where('rl.id', '=', l.receiptLineId)
        .executeTakeFirst();
      const field = `lines.${i}`;
      if (!rl) throw new AppError({ code: 'not_found', field: `${field}.receiptLineId`, message: `Receipt line ${l.receiptLineId} was not found`, details: { value: l.receiptLineId } });
      if (seen.has(rl.id)) throw invalid(`${field}.receiptLineId`, 'The same receipt line is listed twice');
      seen.add(rl.id);
      const first = picked[0];
      if (first && (first.supplier_id !== rl.supplier_id || first.warehouse_id !== rl.warehouse_id)) throw invalid(`${field}.receiptLineId`, 'One return goes to one supplier from one warehouse');
      const returnable = rl.quantity - Number(rl.returned ?? 0);
      if (l.quantity > returnable) throw invalid(`${field}.quantity`, `Only ${returnable} of ${rl.sku} from this receipt can still be returned`);
      picked.push({ ...rl, quantity: l.quantity, field });
    }
    const first = picked[0]!;
    const id = newId();
    const number = await takePurchasingNumber(ctx, PURCHASING_SERIES.return);
    await ctx.tx.insert('supplier_return', { id, number, supplier_id: first.supplier_id, warehouse_id: first.warehouse_id, reason: input.reason, returned_on: returnedOn, created_at: ctx.now, actor: ctx.caller.userId });
    const out = [];
    for (const p of picked) {
      // Units reserved for orders stay: only what is available may go back.
      const level = await readLevel(ctx.db, p.product_id, p.warehouse_id);
      const available = level.onHand - level.reserved;
      if (available < p.quantity) {
        throw new AppError({
          code: 'insufficient_stock',
          field: `${p.field}.quantity`,
          message: `Only ${Math.max(available, 0)} of ${p.sku} available to return, ${p.quantity} needed`,
          details: { sku: p.sku, productId: p.product_id, warehouseId: p.warehouse_id, available, requested: p.quantity },
        });
      }
      const movement = await postMovement(ctx, { productId: p.product_id, warehouseId: p.warehouse_id, kind: 'adjustment', onHandDelta: -p.quantity, reservedDelta: 0, reason: `supplier return ${number}: ${input.reason}` }, level);
      await ctx.tx.insert('supplier_return_line', { id: newId(), return_id: id, receipt_line_id: p.id, product_id: p.product_id, quantity: p.quantity, unit_cost: p.unit_cost, movement_id: movement.id });
      out.push({ receiptLineId: p.id, productId: p.product_id, quantity: p.quantity, unitCost: p.unit_cost, movementId: movement.id });
    }
    return { id, number, supplierId: first.supplier_id, warehouseId: first.warehouse_id, reason: input.reason, returnedOn, lines: out, value: out.reduce((s, l) => s + l.quantity * l.unitCost, 0) };
  },

  'stock.position': async (ctx, input) => {
    let q = ctx.db
      .selectFrom('stock_level as l')
      .innerJoin('product as p', 'p.id', 'l.product_id')
      .innerJoin('warehouse as w', 'w.id', 'l.warehouse_id')
      .select(['l.product_id', 'p.sku', 'l.warehouse_id', 'w.code', 'l.on_hand', 'l.reserved']);
    if (input.productId) q = q.where('l.product_id', '=', input.productId);
    if (input.warehouseId) q = q.where('l.warehouse_id', '=', input.warehouseId);
    const levels = await q.limit(10_000).execute();
    const expected = await expectedStock(ctx.db, input);
    const items = levels.map((l) => {
      const e = expected.get(`${l.product_id}|${l.warehouse_id}`);
      expected.delete(`${l.product_id}|${l.warehouse_id}`);
      return { productId: l.product_id, sku: l.sku, warehouseId: l.warehouse_id, warehouseCode: l.code, onHand: l.on_hand, reserved: l.reserved, available: l.on_hand - l.reserved, expected: e?.expected ?? 0 };
    });
    // Products ordered into a warehouse that never held them yet.
    for (const [k, e] of expected) {
      if (e.expected === 0) continue;
      const [productId, warehouseId] = k.split('|') as [string, string];
      const p = await ctx.db.selectFrom('product').select('sku').where('id', '=', productId).executeTakeFirstOrThrow();
      const w = await ctx.db.selectFrom('warehouse').select('code').where('id', '=', warehouseId).executeTakeFirstOrThrow();
      items.push({ productId, sku: p.sku, warehouseId, warehouseCode: w.code, onHand: 0, reserved: 0, available: 0, expected: e.expected });
    }
    items.sort((a, b) => (a.sku === b.sku ? (a.warehouseCode < b.warehouseCode ? -1 : 1) : a.sku < b.sku ? -1 : 1));
    return { items };
  },
} satisfies Pick<Handlers, 'purchaseOrders.receive' | 'supplierReturns.create' | 'stock.position'>;
