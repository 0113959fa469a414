import type { z } from 'zod';
import type { bookEntry } from '../../shared/contract/books.ts';
import { invalid, notFound } from '../../shared/errors.ts';
import { newId } from '../../shared/ids.ts';
import { addDays, movingAverage } from '../../shared/invoice-math.ts';
import type { BookCategoryTable, BookEntryTable } from '../db/schema.ts';
import { getProductRow, getWarehouseRow } from './catalog.ts';
import type { Handlers, ReadDb, WriteContext } from './context.ts';
import { takeDocumentNumber } from './document-series.ts';
import { postMovement, readLevel } from './inventory.ts';
import { today } from './invoice-read.ts';
import { idCursorAfter, idPage } from './paging.ts';
import { readSettings } from './settings.ts';

type EntryDto = z.infer<typeof bookEntry>;

const toCategory = (c: BookCategoryTable) => ({ id: c.id, kind: c.kind, code: c.code, name: c.name });

const toEntry = (e: BookEntryTable, categoryCode: string): EntryDto => ({
  id: e.id,
  number: e.number,
  kind: e.kind,
  categoryId: e.category_id,
  categoryCode,
  entryDate: e.entry_date,
  amount: e.amount,
  currency: e.currency,
  method: e.method as EntryDto['method'],
  description: e.description,
  reference: e.reference,
  recordedAt: e.recorded_at,
});

async function getCategoryRow(db: ReadDb, id: string, field = 'categoryId'): Promise<BookCategoryTable> {
  const row = await db.selectFrom('book_category').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('Category', field, id);
  return row;
}

export type CostedReceipt = {
  readonly productId: string;
  readonly warehouseId: string;
  readonly quantity: number;
  readonly unitCost: number;
  readonly supplier: string | null;
  readonly reference: string | null;
  readonly receivedOn: string;
  /** The input field named when quantity × cost cannot be added up exactly. */
  readonly field: string;
};

/**
 * The one path for goods received at a cost (purchases.receive, purchase order deliveries): a
 * receipt movement, the moving weighted average of the product in the warehouse, and the
 * purchase_line the books and the stock valuation read.
 */
export async function postCostedReceipt(ctx: WriteContext, r: CostedReceipt): Promise<{ movementId: string; averageAfter: number; purchaseLineId: string }> {
  if (!Number.isSafeInteger(r.quantity * r.unitCost)) throw invalid(r.field, 'Quantity × unit cost is beyond what the ledger can add up exactly');
  const level = await readLevel(ctx.db, r.productId, r.warehouseId);
  const cost = await ctx.db.selectFrom('product_cost').select(['id', 'unit_cost']).where('product_id', '=', r.productId).where('warehouse_id', '=', r.warehouseId).executeTakeFirst();
  // Stock on hand before the first costed receipt has no known cost: it takes that receipt's cost.
  const averageAfter = cost ? movingAverage(level.onHand, cost.unit_cost, r.quantity, r.unitCost) : r.unitCost;
  const movement = await postMovement(ctx, {
    productId: r.productId,
    warehouseId: r.warehouseId,
    kind: 'receipt',
    onHandDelta: r.quantity,
    reservedDelta: 0,
    reason: ['purchase', r.supplier, r.reference].filter(Boolean).join(' '),
  }, level);
  if (cost) await ctx.tx.update('product_cost', cost.id, { unit_cost: averageAfter, updated_at: ctx.now });
  else await ctx.tx.insert('product_cost', { id: newId(), product_id: r.productId, warehouse_id: r.warehouseId, unit_cost: averageAfter, updated_at: ctx.now });
  const purchaseLineId = newId();
  await ctx.tx.insert('purchase_line', {
    id: purchaseLineId,
    movement_id: movement.id,
    product_id: r.productId,
    warehouse_id: r.warehouseId,
    quantity: r.quantity,
    unit_cost: r.unitCost,
    average_after: averageAfter,
    supplier: r.supplier,
    reference: r.reference,
    received_on: r.receivedOn,
    recorded_at: ctx.now,
    actor: ctx.caller.userId,
  });
  return { movementId: movement.id, averageAfter, purchaseLineId };
}

export const booksHandlers = {
  'books.createCategory': async (ctx, input) => {
    const taken = await ctx.db.selectFrom('book_category').select('id').where('kind', '=', input.kind).where('code', '=', input.code).executeTakeFirst();
    if (taken) throw invalid('code', `There is already an ${input.kind} category ${input.code}`);
    const row: BookCategoryTable = { id: newId(), kind: input.kind, code: input.code, name: input.name, created_at: ctx.now };
    await ctx.tx.insert('book_category', row);
    return toCategory(row);
  },
  'books.categories': async (ctx, input) => {
    let q = ctx.db.selectFrom('book_category').selectAll();
    if (input.kind) q = q.where('kind', '=', input.kind);
    return { items: (await q.orderBy('kind').orderBy('code').execute()).map(toCategory) };
  },
  'books.record': async (ctx, input) => {
    const category = await getCategoryRow(ctx.db, input.categoryId);
    const entryDate = input.entryDate ?? today(ctx.now);
    if (entryDate > addDays(today(ctx.now), 1)) throw invalid('entryDate', 'An entry cannot be dated in the future');
    if (input.method === 'store_credit') throw invalid('method', 'Store credit is a customer\u2019s; income and expenses are paid another way');
    const row: BookEntryTable = {
      id: newId(),
      number: await takeDocumentNumber(ctx, category.kind, entryDate),
      kind: category.kind,
      category_id: category.id,
      entry_date: entryDate,
      amount: input.amount,
      currency: (await readSettings(ctx.db)).currency,
      method: input.method,
      description: input.description,
      reference: input.reference,
      recorded_at: ctx.now,
      actor: ctx.caller.userId,
    };
    await ctx.tx.insert('book_entry', row);
    return toEntry(row, category.code);
  },
  'books.list': async (ctx, input) => {
    const after = idCursorAfter(input.cursor);
    let q = ctx.db.selectFrom('book_entry as e').innerJoin('book_category as c', 'c.id', 'e.category_id').selectAll('e').select('c.code as category_code');
    if (input.kind) q = q.where('e.kind', '=', input.kind);
    if (input.categoryId) q = q.where('e.category_id', '=', input.categoryId);
    if (input.dateFrom) q = q.where('e.entry_date', '>=', input.dateFrom);
    if (input.dateTo) q = q.where('e.entry_date', '<=', input.dateTo);
    if (after !== undefined) q = q.where('e.id', '<', after);
    const rows = await q.orderBy('e.id', 'desc').limit(input.limit + 1).execute();
    const { page, nextCursor } = idPage(rows, input.limit);
    return { items: page.map((r) => toEntry(r, r.category_code)), nextCursor };
  },
  'purchases.receive': async (ctx, input) => {
    await getWarehouseRow(ctx.db, input.warehouseId);
    const receivedOn = input.receivedOn ?? today(ctx.now);
    if (receivedOn > addDays(today(ctx.now), 1)) throw invalid('receivedOn', 'A receipt cannot be dated in the future');
    const out = [];
    for (const [i, line] of input.lines.entries()) {
      await getProductRow(ctx.db, line.productId, `lines.${i}.productId`);
      const posted = await postCostedReceipt(ctx, { ...line, warehouseId: input.warehouseId, supplier: input.supplier, reference: input.reference, receivedOn, field: `lines.${i}.unitCost` });
      out.push({ productId: line.productId, quantity: line.quantity, unitCost: line.unitCost, averageAfter: posted.averageAfter, movementId: posted.movementId });
    }
    return { lines: out };
  },
} satisfies Pick<Handlers, 'books.createCategory' | 'books.categories' | 'books.record' | 'books.list' | 'purchases.receive'>;
