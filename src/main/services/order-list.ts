import { sql } from 'kysely';
import type { OpParsedInput, OpResult } from '../../shared/contract/index.ts';
import type { OrderStatus } from '../../shared/order-state.ts';
import type { ReadDb } from './context.ts';
import { decodeCursor, encodeCursor, textSearch } from './paging.ts';

// A full or leading part of an order number (SO-A-000123, SO-A-0001) goes to the unique index
// on number instead of the trigram index, whose common trigrams ("SO-") match every order.
const ORDER_NUMBER = /^[A-Za-z]{1,8}-[A-Za-z0-9]{1,8}-\d+$/;


/** Keyset paging on (order_date, id): every page costs the same, however deep. */
export async function listOrders(db: ReadDb, input: OpParsedInput<'orders.list'>): Promise<OpResult<'orders.list'>> {
  const desc = input.sort === 'newest';
  let q = db
    .selectFrom('sales_order as o')
    .select(['o.id', 'o.number', 'o.status', 'o.customer_id', 'o.customer_name', 'o.warehouse_id', 'o.channel', 'o.external_ref', 'o.currency', 'o.gross_total', 'o.order_date']);
  if (input.status?.length) q = q.where('o.status', 'in', input.status);
  if (input.channel) q = q.where('o.channel', '=', input.channel);
  if (input.customerId) q = q.where('o.customer_id', '=', input.customerId);
  if (input.warehouseId) q = q.where('o.warehouse_id', '=', input.warehouseId);
  if (input.dateFrom) q = q.where('o.order_date', '>=', input.dateFrom);
  // Order dates are stored as UTC ISO text, so the last instant of the day bounds it exactly.
  if (input.dateTo) q = q.where('o.order_date', '<=', `${input.dateTo}T23:59:59.999Z`);
  if (input.search) {
    const term = input.search;
    if (ORDER_NUMBER.test(term)) {
      const upper = term.toUpperCase();
      q = q.where('o.number', '>=', upper).where('o.number', '<', `${upper}\u{10FFFF}`);
    } else {
      q = q.where(textSearch('o', 'sales_order_fts', ['number', 'customer_name'], term));
    }
  }
  if (input.cursor) {
    const [date, id] = decodeCursor(input.cursor, 2).map(String) as [string, string];
    q = q.where(desc ? sql<boolean>`(o.order_date, o.id) < (${date}, ${id})` : sql<boolean>`(o.order_date, o.id) > (${date}, ${id})`);
  }
  const dir = desc ? 'desc' : 'asc';
  const rows = await q.orderBy('o.order_date', dir).orderBy('o.id', dir).limit(input.limit + 1).execute();
  const items = rows.slice(0, input.limit).map((r) => ({
    id: r.id,
    number: r.number,
    status: r.status as OrderStatus,
    customerId: r.customer_id,
    customerName: r.customer_name,
    warehouseId: r.warehouse_id,
    channel: r.channel,
    externalRef: r.external_ref,
    currency: r.currency,
    grossTotal: r.gross_total,
    orderDate: r.order_date,
  }));
  const last = rows.length > input.limit ? items[items.length - 1] : undefined;
  return { items, nextCursor: last ? encodeCursor([last.orderDate, last.id]) : null };
}
