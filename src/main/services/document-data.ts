import { notFound } from '../../shared/errors.ts';
import type { Handlers } from './context.ts';
import { getShipment } from './fulfilment.ts';

// Reads the printed documents need beside what orders and invoices already answer: one
// shipment by id (a shipping label is printed per shipment) and the bins of an order's
// products in its warehouse (packing slips and pick lists of orders that no longer pick).

export const documentDataHandlers = {
  'shipments.get': (ctx, input) => getShipment(ctx.db, input.id),
  'locations.bins': async (ctx, input) => {
    const warehouse = await ctx.db.selectFrom('warehouse').select('id').where('id', '=', input.warehouseId).executeTakeFirst();
    if (!warehouse) throw notFound('Warehouse', 'warehouseId', input.warehouseId);
    const rows = await ctx.db
      .selectFrom('product_location')
      .select(['product_id', 'bin'])
      .where('warehouse_id', '=', input.warehouseId)
      .where('product_id', 'in', [...new Set(input.productIds)])
      .where('bin', 'is not', null)
      .orderBy('product_id')
      .execute();
    return { items: rows.map((r) => ({ productId: r.product_id, bin: r.bin! })) };
  },
} satisfies Pick<Handlers, 'shipments.get' | 'locations.bins'>;
