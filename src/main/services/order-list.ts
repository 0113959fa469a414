import { sql, type Kysely } from 'kysely';
import type { OpParsedInput, OpResult } from '../../shared/contract/index.ts';
import type { OrderStatus } from '../../shared/order-state.ts';
import { preparedQuery } from '../db/prepared.ts';
import type { LedgerSchema } from '../db/schema.ts';
import type { ReadDb } from './context.ts';
import { invalid } from '../../shared/errors.ts';
import { canUseTrigrams, columnsContain, decodeCursor, encodeCursor, ftsMatch, ftsPhrase } from './paging.ts';

type ListInput = OpParsedInput<'orders.list'>;

// A full or leading part of an order number (SO-A-000123, SO-A-0001, SO-A, SO-) is looked up
// by number instead of through the trigram index, whose common trigrams ("SO-") match every
// order. The dash keeps plain words (a name) out of this path.
const ORDER_NUMBER = /^[A-Za-z]{1,8}-(?:[A-Za-z0-9]{1,8}(?:-\d*)?)?$/;

// A number search pages by number, not by date: a prefix typed on the way to a full number
// ("SO-A-5") can match a block of 100,000 orders from months ago, and only the number index
// finds a page of those without reading them all. Numbers rise with time within a series, so
// highest first is close to newest first. Its cursor says so, and stays on this path.
const NUMBER_CURSOR = '#';

/**
 * Past this many matches, a name or text search walks the newest orders and keeps the
 * matching ones (a page is found after a few thousand rows) instead of sorting every match by
 * date (seconds for "Ma" at a million orders); below it, sorting the matches is cheaper than
 * a walk that would read most of the ledger to fill a page. Counted with a LIMIT, so cheap.
 */
const WIDE = 2000;
const textWidth = preparedQuery((db, p: { phrase: string }) =>
  db
    .selectFrom((sub) => sub.selectFrom('sales_order_fts').select('rowid').where(sql<boolean>`sales_order_fts MATCH ${p.phrase}`).limit(WIDE).as('m'))
    .select((eb) => eb.fn.countAll<number>().as('n')),
);
const customerWidth = preparedQuery((db, p: { needle: string }) =>
  db
    .selectFrom((sub) =>
      sub
        .selectFrom('sales_order as o')
        .select('o.id')
        .where('o.customer_id', 'in', db.selectFrom('customer').select('customer.id').where(columnsContain('customer', ['name', 'code', 'phone'], p.needle)))
        .limit(WIDE)
        .as('m'),
    )
    .select((eb) => eb.fn.countAll<number>().as('n')),
);

const productWidth = preparedQuery((db, p: { productId: string }) =>
  db
    .selectFrom((sub) => sub.selectFrom('sales_order_product').select('order_id').where('product_id', '=', p.productId).limit(WIDE).as('m'))
    .select((eb) => eb.fn.countAll<number>().as('n')),
);

const skuProduct = preparedQuery((db, p: { term: string; upper: string }) => db.selectFrom('product').select('id').where('sku', 'in', [p.term, p.upper]).limit(1));

/** Whether the term is exactly a product's SKU; if so, sets the product for the query. */
function withSku(db: ReadDb, term: string, params: ListParams): boolean {
  const [product] = skuProduct.now(db, { term, upper: term.toUpperCase() });
  if (product) params.productId = product.id;
  return product !== undefined;
}

/** How a search term finds its orders ("…Walk": by walking the list's order and keeping matches). */
type SearchPath = 'none' | 'product' | 'number' | 'customer' | 'customerWalk' | 'text' | 'textWalk';

/** What the list is ordered by (with the id after it, so every order has one place). */
type SortKey = 'date' | 'total' | 'customer';
const SORTS: Record<OpParsedInput<'orders.list'>['sort'], { readonly key: SortKey; readonly desc: boolean }> = {
  newest: { key: 'date', desc: true },
  oldest: { key: 'date', desc: false },
  total_desc: { key: 'total', desc: true },
  total_asc: { key: 'total', desc: false },
  customer_asc: { key: 'customer', desc: false },
  customer_desc: { key: 'customer', desc: true },
};
const KEY_COLUMN = { date: 'o.order_date', total: 'o.gross_total', customer: 'o.customer_name' } as const;

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
  readonly key: SortKey;
  /**
   * Sorted by total or customer: walk that key's index and keep the rows the filters want (a
   * filter matching thousands of orders), instead of sorting every match (a few).
   */
  readonly walk: boolean;
  readonly desc: boolean;
  readonly cursor: boolean;
  /** Written into the SQL (see LiteralLimitsPlugin): a bound LIMIT is re-planned on every call. */
  readonly limit: number;
};

type ListParams = Record<string, unknown>;

function buildList(db: Kysely<LedgerSchema>, shape: ListShape, p: ListParams) {
  // A unary plus keeps SQLite off a column's index, so that it walks the sort key's index instead.
  const demoted = shape.walk;
  const col = <C extends 'o.status' | 'o.channel' | 'o.customer_id' | 'o.warehouse_id' | 'o.order_date'>(c: C) => (demoted ? sql<string>`+${sql.ref(c)}` : sql.ref(c));
  // Named and ordered as the answer's items, so a page goes out as SQLite returns it.
  let q = db
    .selectFrom('sales_order as o')
    .select([
      'o.id',
      'o.number',
      'o.status',
      'o.customer_id as customerId',
      'o.customer_name as customerName',
      'o.warehouse_id as warehouseId',
      'o.channel',
      'o.external_ref as externalRef',
      'o.currency',
      'o.gross_total as grossTotal',
      'o.order_date as orderDate',
    ])
    .$narrowType<{ status: OrderStatus }>();
  if (shape.statuses > 0) q = q.where(col('o.status'), 'in', Array.from({ length: shape.statuses }, (_, i) => p[`status${i}`] as string));
  if (shape.channel) q = q.where(col('o.channel'), '=', p.channel as string);
  if (shape.customer) q = q.where(col('o.customer_id'), '=', p.customerId as string);
  if (shape.warehouse) q = q.where(col('o.warehouse_id'), '=', p.warehouseId as string);
  if (shape.dateFrom) q = q.where(col('o.order_date'), '>=', p.dateFrom as string);
  if (shape.dateTo) q = q.where(col('o.order_date'), '<=', p.dateTo as string);
  const dir = shape.desc ? sql`desc` : sql`asc`;
  if (shape.search === 'number') {
    q = q.where('o.number', '>=', p.numberFrom as string).where('o.number', '<', p.numberTo as string);
    if (shape.cursor) q = q.where('o.number', shape.desc ? '<' : '>', p.cursorNumber as string);
    return q.orderBy(sql`${sql.ref('o.number')} ${dir}`).limit(shape.limit);
  }
  // An exact SKU's orders are walked through sales_order_product (migration 0002), which
  // holds them in date order, so a page of a best seller's orders is one index range; every
  // other path walks the sort key's index on the order.
  const byProductDate = shape.search === 'product' && shape.key === 'date';
  const key = byProductDate ? { value: 'k.order_date', id: 'k.order_id' } : { value: KEY_COLUMN[shape.key], id: 'o.id' };
  const customers = () => db.selectFrom('customer').select('customer.id').where(columnsContain('customer', ['name', 'code', 'phone'], p.needle));
  if (shape.search === 'product' && shape.walk) {
    // Many orders hold the product: walk the sort key and look each order up in the product index.
    q = q.where((eb) =>
      eb.exists(eb.selectFrom('sales_order_product as k').select('k.order_id').whereRef('k.order_id', '=', 'o.id').where('k.product_id', '=', p.productId as string)),
    );
  } else if (shape.search === 'product') {
    q = q.$if(true, (qb) => qb.innerJoin('sales_order_product as k', (j) => j.onRef('k.order_id', '=', 'o.id').on('k.product_id', '=', p.productId as string)));
  } else if (shape.search === 'customer') {
    // Too short for trigrams (a two-character Chinese name): find the customers first, then
    // their orders through the customer index, instead of scanning every order.
    q = q.where('o.customer_id', 'in', customers());
  } else if (shape.search === 'customerWalk') {
    q = q.where(sql<string>`+${sql.ref('o.customer_id')}`, 'in', customers());
  } else if (shape.search === 'text') {
    q = q.where(ftsMatch('o', 'sales_order_fts', p.phrase));
  } else if (shape.search === 'textWalk') {
    q = q.where(sql<boolean>`+${ftsMatch('o', 'sales_order_fts', p.phrase)}`);
  }
  // Few matches sorted by total or customer: the plus keeps SQLite on the filters' own indexes
  // and makes it sort what they find, rather than walk the whole key index for a handful.
  const keyValue = shape.key !== 'date' && !shape.walk ? sql`+${sql.ref(key.value)}` : sql.ref(key.value);
  if (shape.cursor) {
    const keyset = sql`(${keyValue}, ${sql.ref(key.id)})`;
    const after = sql`(${p.cursorKey}, ${p.cursorId})`;
    q = q.where(shape.desc ? sql<boolean>`${keyset} < ${after}` : sql<boolean>`${keyset} > ${after}`);
  }
  return q
    .orderBy(sql`${keyValue} ${dir}`)
    .orderBy(sql`${sql.ref(key.id)} ${dir}`)
    .limit(shape.limit);
}

/**
 * How many orders (up to WIDE) the filters alone match, for a list sorted by total or customer:
 * few are sorted, many are found by walking the sort key's index.
 */
const filterWidths = new Map<number, ReturnType<typeof preparedWidth>>();
const preparedWidth = (shape: ListShape) =>
  preparedQuery((db, p: ListParams) =>
    db.selectFrom(buildList(db, { ...shape, search: 'none', key: 'date', walk: false, cursor: false, limit: WIDE }, p).clearOrderBy().as('m')).select((eb) => eb.fn.countAll<number>().as('n')),
  );

function filtersAreWide(db: ReadDb, shape: ListShape, params: ListParams, wide: number): boolean {
  const filtered = shape.statuses > 0 || shape.channel || shape.customer || shape.warehouse || shape.dateFrom || shape.dateTo;
  if (!filtered) return true;
  const id = shapeId(shape);
  let q = filterWidths.get(id);
  if (q === undefined) {
    if (filterWidths.size >= MAX_SHAPES) filterWidths.delete(filterWidths.keys().next().value!);
    q = preparedWidth(shape);
    filterWidths.set(id, q);
  }
  const [width] = q.now(db, params);
  return (width?.n ?? 0) >= wide;
}

const MAX_SHAPES = 256;
const shapes = new Map<number, ReturnType<typeof preparedList>>();
const preparedList = (shape: ListShape) => preparedQuery((db, p: ListParams) => buildList(db, shape, p));

const SEARCH_CODES: Record<SearchPath, number> = { none: 0, product: 1, number: 2, customer: 3, customerWalk: 4, text: 5, textWalk: 6 };
const KEY_CODES: Record<SortKey, number> = { date: 0, total: 1, customer: 2 };
/** Status filters a shape can tell apart (the contract allows 10). */
const STATUS_SLOTS = 16;

/**
 * One number per shape: this runs on every list call, and a text key (twelve fields joined)
 * cost more than a microsecond, a tenth of an order-number lookup. Every field has its own
 * digits (the page size, unbounded, on top), so two shapes never share a number.
 */
function shapeId(s: ListShape): number {
  if (s.statuses >= STATUS_SLOTS) throw new Error(`A list shape tells apart at most ${STATUS_SLOTS - 1} statuses`);
  const flags =
    (s.channel ? 1 : 0) | (s.customer ? 2 : 0) | (s.warehouse ? 4 : 0) | (s.dateFrom ? 8 : 0) | (s.dateTo ? 16 : 0) | (s.walk ? 32 : 0) | (s.desc ? 64 : 0) | (s.cursor ? 128 : 0);
  return ((s.limit * STATUS_SLOTS + s.statuses) * 256 + flags) * 32 + SEARCH_CODES[s.search] * 4 + KEY_CODES[s.key];
}

function listQuery(shape: ListShape) {
  const id = shapeId(shape);
  let q = shapes.get(id);
  if (q === undefined) {
    if (shapes.size >= MAX_SHAPES) shapes.delete(shapes.keys().next().value!);
    q = preparedList(shape);
    shapes.set(id, q);
  }
  return q;
}

type Rows = ReturnType<ReturnType<typeof listQuery>['now']>;

/**
 * One list call: what its statements are bound with, and the search path that answered (its
 * cursor says which). A plain object and module functions rather than closures per call: tsx
 * names each named closure as it is made, which a one-row search pays for.
 */
type ListCall = {
  readonly db: ReadDb;
  readonly input: ListInput;
  readonly params: ListParams;
  /** The cursor came from a number search: only the number path may continue it. */
  readonly numberCursor: boolean;
  readonly wide: number;
  path: SearchPath;
};

/** Runs the list's statement for one search path. */
function run(call: ListCall, search: SearchPath): Rows {
  const { db, input, params } = call;
  const sort = SORTS[input.sort];
  call.path = search;
  const shape: ListShape = {
    statuses: input.status?.length ?? 0,
    channel: Boolean(input.channel),
    customer: Boolean(input.customerId),
    warehouse: Boolean(input.warehouseId),
    dateFrom: Boolean(input.dateFrom),
    dateTo: Boolean(input.dateTo),
    search,
    key: sort.key,
    walk: false,
    desc: sort.desc,
    // A cursor from one path means nothing on another: a number page never resumes by date.
    cursor: input.cursor !== undefined && (search === 'number') === call.numberCursor,
    limit: input.limit + 1,
  };
  // A date sort never walks another key: no width query to decide it.
  return listQuery(shape.key === 'date' ? shape : { ...shape, walk: walksKey(db, shape, params, call.wide) }).now(db, params);
}

/** The paths a search term tries, in order: order number, exact SKU, then customer or text. */
function searchRows(call: ListCall, term: string): Rows {
  const { db, params, wide } = call;
  if (ORDER_NUMBER.test(term)) {
    // A scanned or typed order number (or its beginning). A SKU can look like one (TEA-GRN-250),
    // so when no order matches, an exact SKU is tried; a hyphenated word without digits
    // (Mary-Jane) goes on to the name search. A missed number with digits stops there: its
    // trigrams ("SO-", "-00") are in every order and the text search would read them all.
    params.numberFrom = term.toUpperCase();
    params.numberTo = `${term.toUpperCase()}\u{10FFFF}`;
    const rows = run(call, 'number');
    if (rows.length > 0 || call.numberCursor) return rows;
    if (withSku(db, term, params)) return run(call, 'product');
    if (/\d/.test(term)) return rows;
  } else if (withSku(db, term, params)) {
    return run(call, 'product');
  }
  if (!canUseTrigrams(term)) {
    params.needle = term.toLowerCase();
    const [width] = customerWidth.now(db, { needle: params.needle as string });
    return run(call, (width?.n ?? 0) < wide ? 'customer' : 'customerWalk');
  }
  params.phrase = ftsPhrase(term);
  const [width] = textWidth.now(db, { phrase: params.phrase as string });
  return run(call, (width?.n ?? 0) < wide ? 'text' : 'textWalk');
}

/**
 * Keyset paging on (sort key, id): every page costs the same, however deep. A search by order
 * number pages by number instead (see NUMBER_CURSOR). `wide` moves the point where a search
 * walks the list's order (tests set it to 0 or Infinity to compare both ways on the same rows).
 * Synchronous: every query is a prepared statement run at once on the read's own connection,
 * so a search answers without a promise per query (see readNow).
 */
export function listOrders(db: ReadDb, input: ListInput, wide = WIDE): OpResult<'orders.list'> {
  const sort = SORTS[input.sort];
  const params: ListParams = {};
  input.status?.forEach((s, i) => (params[`status${i}`] = s));
  params.channel = input.channel;
  params.customerId = input.customerId;
  params.warehouseId = input.warehouseId;
  params.dateFrom = input.dateFrom;
  // Order dates are stored as UTC ISO text, so the last instant of the day bounds it exactly.
  params.dateTo = input.dateTo && `${input.dateTo}T23:59:59.999Z`;
  const call: ListCall = { db, input, params, numberCursor: readCursor(input.cursor, sort.key, params), wide, path: 'none' };
  const items = input.search ? searchRows(call, input.search) : run(call, 'none');
  // The statement fetched one row past the page to learn whether another page follows.
  if (items.length <= input.limit) return { items, nextCursor: null };
  items.length = input.limit;
  const last = items[items.length - 1]!;
  const keyValue = { date: last.orderDate, total: last.grossTotal, customer: last.customerName }[sort.key];
  return { items, nextCursor: encodeCursor(call.path === 'number' ? [NUMBER_CURSOR, last.number, ''] : [sort.key, keyValue, last.id]) };
}

/** Sets the cursor's values; true for a number search's cursor. A cursor of another sort is refused. */
function readCursor(cursor: string | undefined, key: SortKey, params: ListParams): boolean {
  if (cursor === undefined) return false;
  const [kind, value, id] = decodeCursor(cursor, 3);
  if (kind === NUMBER_CURSOR) {
    params.cursorNumber = String(value);
    return true;
  }
  if (kind !== key || typeof value !== (key === 'total' ? 'number' : 'string')) throw invalid('cursor', 'This cursor belongs to a list in another order');
  [params.cursorKey, params.cursorId] = [value, String(id)];
  return false;
}

/** Whether a list sorted by total or customer walks that key's index (see ListShape.walk). */
function walksKey(db: ReadDb, shape: ListShape, params: ListParams, wide: number): boolean {
  if (shape.key === 'date') return false;
  switch (shape.search) {
    case 'customerWalk':
    case 'textWalk':
      return true;
    case 'product': {
      const [width] = productWidth.now(db, { productId: params.productId as string });
      return (width?.n ?? 0) >= wide;
    }
    case 'none':
      return filtersAreWide(db, shape, params, wide);
    default:
      return false;
  }
}
