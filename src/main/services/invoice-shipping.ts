import { shippingTaxRateBp } from '../../shared/order-totals.ts';
import { preparedQuery } from '../db/prepared.ts';
import type { InvoiceLineTable, SalesOrderLineTable, SalesOrderTable } from '../db/schema.ts';
import type { ReadDb } from './context.ts';

type NewDocLine = Omit<InvoiceLineTable, 'id' | 'invoice_id' | 'line_no'>;

export const SHIPPING_SKU = 'SHIPPING';

// The shipping fee is billed whole, once, on the first invoice of the order that bills anything
// (or alone on a "remaining" invoice when the goods are already billed). Its amounts are what
// the order's header totals hold beyond the goods lines, so an order's invoices still add up to
// the order to the cent.

// Every invoice asks both: compiled once (db/prepared.ts).
const billedShipping = preparedQuery((db, p: { orderId: string }) =>
  db
    .selectFrom('invoice_line as l')
    .innerJoin('invoice as i', 'i.id', 'l.invoice_id')
    .select('i.number')
    .where('i.order_id', '=', p.orderId)
    .where('i.kind', '=', 'invoice')
    .where('l.charge', '=', 'shipping')
    .limit(1),
);
const orderDeliveryFee = preparedQuery((db, p: { orderId: string }) =>
  db
    .selectFrom('order_delivery as d')
    .innerJoin('delivery_method as m', 'm.id', 'd.delivery_method_id')
    .select(['d.fee', 'm.name'])
    .where('d.order_id', '=', p.orderId),
);

/** Whether an invoice of the order already billed its shipping. */
export async function shippingBilled(db: ReadDb, orderId: string): Promise<string | null> {
  const [row] = await billedShipping(db, { orderId });
  return row?.number ?? null;
}

/** The shipping line still to bill on an order, or null (no fee, a zero fee, or already billed). */
export async function unbilledShippingLine(db: ReadDb, order: SalesOrderTable, lines: readonly SalesOrderLineTable[]): Promise<NewDocLine | null> {
  const [delivery] = await orderDeliveryFee(db, { orderId: order.id });
  if (!delivery || delivery.fee === 0) return null;
  if (await shippingBilled(db, order.id)) return null;
  const sum = (k: 'net' | 'tax' | 'gross') => lines.reduce((s, l) => s + l[k], 0);
  return {
    order_line_id: null,
    credited_line_id: null,
    product_id: null,
    charge: 'shipping',
    sku: SHIPPING_SKU,
    name: delivery.name,
    unit: 'pcs',
    quantity: 1,
    unit_price: delivery.fee,
    discount_bp: 0,
    tax_rate_bp: shippingTaxRateBp(lines.map((l) => ({ taxRateBp: l.tax_rate_bp }))),
    net: order.net_total - sum('net'),
    tax: order.tax_total - sum('tax'),
    gross: order.gross_total - sum('gross'),
    unit_cost: 0,
    cost: 0,
  };
}
