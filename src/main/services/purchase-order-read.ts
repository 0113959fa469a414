import type { z } from 'zod';
import type { purchaseOrder } from '../../shared/contract/purchasing.ts';
import { notFound } from '../../shared/errors.ts';
import { expectedQty, type PoStatus } from '../../shared/purchasing.ts';
import type { PurchaseOrderTable } from '../db/schema-purchasing.ts';
import type { ReadDb } from './context.ts';

// Reading purchase orders as the contract shows them: lines with expected, over and short
// quantities, and every delivery with what of it was returned and billed since.

type PoDto = z.infer<typeof purchaseOrder>;
export type PoHeader = Omit<PoDto, 'lines' | 'receipts'>;

export async function getPoRow(db: ReadDb, id: string, field = 'id'): Promise<PurchaseOrderTable> {
  const row = await db.selectFrom('purchase_order').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('Purchase order', field, id);
  return row;
}

export async function poHeaders(db: ReadDb, rows: readonly PurchaseOrderTable[]): Promise<PoHeader[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const names = await db
    .selectFrom('purchase_order as po')
    .innerJoin('supplier as s', 's.id', 'po.supplier_id')
    .innerJoin('warehouse as w', 'w.id', 'po.warehouse_id')
    .select(['po.id', 's.code as supplier_code', 's.name as supplier_name', 'w.code as warehouse_code'])
    .where('po.id', 'in', ids)
    .execute();
  const totals = await db
    .selectFrom('purchase_order_line')
    .select((eb) => ['po_id', eb.fn.sum<number>(eb(eb.ref('quantity'), '*', eb.ref('unit_cost'))).as('total')])
    .where('po_id', 'in', ids)
    .groupBy('po_id')
    .execute();
  const byId = new Map(names.map((n) => [n.id, n]));
  const totalOf = new Map(totals.map((t) => [t.po_id, Number(t.total)]));
  return rows.map((r) => {
    const n = byId.get(r.id)!;
    return {
      id: r.id,
      number: r.number,
      supplierId: r.supplier_id,
      supplierCode: n.supplier_code,
      supplierName: n.supplier_name,
      warehouseId: r.warehouse_id,
      warehouseCode: n.warehouse_code,
      status: r.status,
      currency: r.currency,
      orderDate: r.order_date,
      expectedDate: r.expected_date,
      notes: r.notes,
      closeReason: r.close_reason,
      total: totalOf.get(r.id) ?? 0,
    };
  });
}

export async function loadPo(db: ReadDb, id: string, field = 'id'): Promise<PoDto> {
  const row = await getPoRow(db, id, field);
  const [header] = await poHeaders(db, [row]);
  const status: PoStatus = row.status;
  const lines = await db
    .selectFrom('purchase_order_line as l')
    .innerJoin('product as p', 'p.id', 'l.product_id')
    .selectAll('l')
    .select(['p.sku', 'p.name'])
    .where('l.po_id', '=', id)
    .orderBy('l.line_no')
    .execute();
  const receipts = await db.selectFrom('purchase_receipt').selectAll().where('po_id', '=', id).orderBy('id').execute();
  const receiptLines = receipts.length
    ? await db
        .selectFrom('purchase_receipt_line as rl')
        .innerJoin('product as p', 'p.id', 'rl.product_id')
        .innerJoin('purchase_line as pl', 'pl.id', 'rl.purchase_line_id')
        .selectAll('rl')
        .select((eb) => [
          'p.sku',
          'pl.average_after',
          eb.selectFrom('supplier_return_line as r').select((e) => e.fn.coalesce(e.fn.sum<number>('r.quantity'), e.lit(0)).as('n')).whereRef('r.receipt_line_id', '=', 'rl.id').as('returned'),
          eb.selectFrom('supplier_bill_line as b').select((e) => e.fn.coalesce(e.fn.sum<number>('b.quantity'), e.lit(0)).as('n')).whereRef('b.receipt_line_id', '=', 'rl.id').as('billed'),
        ])
        .where('rl.receipt_id', 'in', receipts.map((r) => r.id))
        .orderBy('rl.id')
        .execute()
    : [];
  return {
    ...header!,
    lines: lines.map((l) => ({
      id: l.id,
      lineNo: l.line_no,
      productId: l.product_id,
      sku: l.sku,
      name: l.name,
      supplierSku: l.supplier_sku,
      quantity: l.quantity,
      unitCost: l.unit_cost,
      receivedQty: l.received_qty,
      expectedQty: expectedQty(status, { quantity: l.quantity, receivedQty: l.received_qty }),
      overQty: Math.max(0, l.received_qty - l.quantity),
      shortQty: status === 'closed_short' ? Math.max(0, l.quantity - l.received_qty) : 0,
      amount: l.quantity * l.unit_cost,
    })),
    receipts: receipts.map((r) => ({
      id: r.id,
      number: r.number,
      poId: r.po_id,
      deliveryRef: r.delivery_ref,
      receivedOn: r.received_on,
      lines: receiptLines
        .filter((l) => l.receipt_id === r.id)
        .map((l) => ({
          id: l.id,
          poLineId: l.po_line_id,
          productId: l.product_id,
          sku: l.sku,
          quantity: l.quantity,
          unitCost: l.unit_cost,
          returnedQty: Number(l.returned ?? 0),
          billedQty: Number(l.billed ?? 0),
          averageAfter: l.average_after,
        })),
    })),
  };
}
