import { sql, type Kysely } from 'kysely';
import type { OpParsedInput, OpResult } from '../../shared/contract/index.ts';
import type { OrderStatus } from '../../shared/order-state.ts';
import { preparedQuery } from '../db/prepared.ts';
import type { LedgerSchema } from '../db/schema.ts';
import type { ReadDb } from './context.ts';
import { canUseTrigrams, columnsContain, decodeCursor, encodeCursor, ftsMatch, ftsPhrase } from './paging.ts';

type ListInput = OpParsedInput<'orders.list'>;

// A full or leading part of an order number (SO-A-000123, SO-A-0001) goes to the unique index
// on number instead of the trigram index, whose common trigrams ("SO-") match every order.
const ORDER_NUMBER = /^[A-Za-z]{1,8}-[A-Za-z0-9]{1,8}-\d+$/;

const skuProduct = preparedQuery((db, p: { term: string; upper: string }) => db.selectFrom('product').select('id').where('sku', 'in', [p.term, p.upper]).limit(1));

/** Whether the term is exactly a product's SKU; if so, sets the product for the query. */
async function withSku(db: ReadDb, term: string, params: ListParams): Promise<boolean> {
  const [product] = await skuProduct(db, { term, upper: term.toUpperCase() });
  if (product) params.productId = product.id;
  return product !== undefined;
}

/** How a search term finds its orders. */
type SearchPath = 'none' | 'product' | 'number' | 'customer' | 'text';

/**
 * What decides the SQL of a list call, as opposed to the values bound into it. The order list
 * is the screen everyone watches and searches as they type, so each shape is built and
 * compiled by Kysely once and then only bound and run.
 */
type ListShape = {
  readonly statuses: number;
  readonly channel: boolean;
  readonly customer: boolean;
  readonly warehouse: boolean;
  readonly dateFrom: boolean;
  readonly dateTo: boolean;
  readonly search: SearchPath;
  readonly desc: boolean;
  readonly cursor: boolean;
};

type ListParams = Record<string, unknown>;

function buildList(db: Kysely<LedgerSchema>, shape: ListShape, p: ListParams) {
  let q = db
    .selectFrom('sales_order as o')
    .select(['o.id', 'o.number', 'o.status', 'o.customer_id', 'o.customer_name', 'o.warehouse_id', 'o.channel', 'o.external_ref', 'o.currency', 'o.gross_total', 'o.order_date']);
  if (shape.statuses > 0) q = q.where('o.status', 'in', Array.from({ length: shape.statuses }, (_, i) => p[`status${i}`] as string));
  if (shape.channel) q = q.where('o.channel', '=', p.channel as string);
  if (shape.customer) q = q.where('o.customer_id', '=', p.customerId as string);
  if (shape.warehouse) q = q.where('o.warehouse_id', '=', p.warehouseId as string);
  if (shape.dateFrom) q = q.where('o.order_date', '>=', p.dateFrom as string);
  if (shape.dateTo) q = q.where('o.order_date', '<=', p.dateTo as string);
  // An exact SKU's orders are walked through sales_order_product (migration 0002), which
  // holds them in this list's keyset order, so a page of a best seller's orders is one index
  // range; every other path walks the order date index.
  const key = shape.search === 'product' ? { date: 'k.order_date', id: 'k.order_id' } : { date: 'o.order_date', id: 'o.id' };
  if (shape.search === 'product') {
    q = q.$if(true, (qb) => qb.innerJoin('sales_order_product as k', (j) => j.onRef('k.order_id', '=', 'o.id').on('k.product_id', '=', p.productId as string)));
  } else if (shape.search === 'number') {
    q = q.where('o.number', '>=', p.numberFrom as string).where('o.number', '<', p.numberTo as string);
  } else if (shape.search === 'customer') {
    // Too short for trigrams (a two-character Chinese name): find the customers first, then
    // their orders through the customer index, instead of scanning every order.
    q = q.where('o.customer_id', 'in', db.selectFrom('customer').select('customer.id').where(columnsContain('customer', ['name', 'code', 'phone'], p.needle)));
  } else if (shape.search === 'text') {
    q = q.where(ftsMatch('o', 'sales_order_fts', p.phrase));
  }
  if (shape.cursor) {
    const keyset = sql`(${sql.ref(key.date)}, ${sql.ref(key.id)})`;
    const after = sql`(${p.cursorDate}, ${p.cursorId})`;
    q = q.where(shape.desc ? sql<boolean>`${keyset} < ${after}` : sql<boolean>`${keyset} > ${after}`);
  }
  const dir = shape.desc ? sql`desc` : sql`asc`;
  return q
    .orderBy(sql`${sql.ref(key.date)} ${dir}`)
    .orderBy(sql`${sql.ref(key.id)} ${dir}`)
    .limit(p.limit as number);
}

const MAX_SHAPES = 256;
const shapes = new Map<string, ReturnType<typeof preparedList>>();
const preparedList = (shape: ListShape) => preparedQuery((db, p: ListParams) => buildList(db, shape, p));

function listQuery(shape: ListShape) {
  const id = Object.values(shape).join('|');
  let q = shapes.get(id);
  if (q === undefined) {
    if (shapes.size >= MAX_SHAPES) shapes.delete(shapes.keys().next().value!);
    q = preparedList(shape);
    shapes.set(id, q);
  }
  return q;
}

/** Keyset paging on (order_date, id): every page costs the same, however deep. */
export async function listOrders(db: ReadDb, input: ListInput): Promise<OpResult<'orders.list'>> {
  const params: ListParams = { limit: input.limit + 1 };
  input.status?.forEach((s, i) => (params[`status${i}`] = s));
  params.channel = input.channel;
  params.customerId = input.customerId;
  params.warehouseId = input.warehouseId;
  params.dateFrom = input.dateFrom;
  // Order dates are stored as UTC ISO text, so the last instant of the day bounds it exactly.
  params.dateTo = input.dateTo && `${input.dateTo}T23:59:59.999Z`;
  if (input.cursor) [params.cursorDate, params.cursorId] = decodeCursor(input.cursor, 2).map(String);
  const run = (search: SearchPath) =>
    listQuery({
      statuses: input.status?.length ?? 0,
      channel: Boolean(input.channel),
      customer: Boolean(input.customerId),
      warehouse: Boolean(input.warehouseId),
      dateFrom: Boolean(input.dateFrom),
      dateTo: Boolean(input.dateTo),
      search,
      desc: input.sort === 'newest',
      cursor: Boolean(input.cursor),
    })(db, params);

  const term = input.search;
  let rows: Awaited<ReturnType<typeof run>>;
  if (!term) {
    rows = await run('none');
  } else if (ORDER_NUMBER.test(term)) {
    // A scanned or typed order number: the number index first. A SKU can look like an order
    // number (TEA-GRN-250), so when no order number matches, an exact SKU is tried.
    params.numberFrom = term.toUpperCase();
    params.numberTo = `${term.toUpperCase()}\u{10FFFF}`;
    rows = await run('number');
    if (rows.length === 0 && (await withSku(db, term, params))) rows = await run('product');
  } else if (await withSku(db, term, params)) {
    rows = await run('product');
  } else if (!canUseTrigrams(term)) {
    params.needle = term.toLowerCase();
    rows = await run('customer');
  } else {
    params.phrase = ftsPhrase(term);
    rows = await run('text');
  }
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
