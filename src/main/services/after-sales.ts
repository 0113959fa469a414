import type { z } from 'zod';
import type { afterSalesCase, returnReceipt } from '../../shared/contract/fulfilment.ts';
import { conflict, invalid, notFound } from '../../shared/errors.ts';
import { newId } from '../../shared/ids.ts';
import type { AfterSalesCaseTable } from '../db/schema.ts';
import type { Handlers, ReadDb, WriteContext } from './context.ts';
import { FULFILMENT_SERIES } from './fulfilment-seed.ts';
import { postMovement } from './inventory.ts';
import { getOrderLines, getOrderRow } from './order-records.ts';
import { encodeCursor, idCursorAfter } from './paging.ts';
import { takeNumber } from './settings.ts';

type ReturnDto = z.infer<typeof returnReceipt>;
type CaseDto = z.infer<typeof afterSalesCase>;

async function loadReturns(db: ReadDb, where: { orderId?: string; id?: string }): Promise<ReturnDto[]> {
  let q = db.selectFrom('return_receipt').selectAll();
  if (where.orderId) q = q.where('order_id', '=', where.orderId);
  if (where.id) q = q.where('id', '=', where.id);
  const rows = await q.orderBy('id').execute();
  if (rows.length === 0) return [];
  const lines = await db.selectFrom('return_line').selectAll().where('return_id', 'in', rows.map((r) => r.id)).orderBy('id').execute();
  return rows.map((r) => ({
    id: r.id,
    number: r.number,
    orderId: r.order_id,
    warehouseId: r.warehouse_id,
    reason: r.reason,
    createdAt: r.created_at,
    lines: lines.filter((l) => l.return_id === r.id).map((l) => ({ orderLineId: l.order_line_id, productId: l.product_id, quantity: l.quantity, disposition: l.disposition })),
  }));
}

async function toCases(db: ReadDb, rows: readonly AfterSalesCaseTable[]): Promise<CaseDto[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const notes = await db.selectFrom('after_sales_note').selectAll().where('case_id', 'in', ids).orderBy('at').orderBy('id').execute();
  const docs = await db.selectFrom('after_sales_document').selectAll().where('case_id', 'in', ids).orderBy('id').execute();
  return rows.map((r) => ({
    id: r.id,
    number: r.number,
    orderId: r.order_id,
    kind: r.kind,
    status: r.status,
    summary: r.summary,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    notes: notes.filter((n) => n.case_id === r.id).map((n) => ({ body: n.body, at: n.at, actor: n.actor })),
    documents: docs.filter((d) => d.case_id === r.id).map((d) => ({ kind: d.kind, documentId: d.document_id })),
  }));
}

export async function getCaseRow(db: ReadDb, id: string, field = 'id'): Promise<AfterSalesCaseTable> {
  const row = await db.selectFrom('after_sales_case').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('After-sales case', field, id);
  return row;
}

export async function loadCase(db: ReadDb, id: string): Promise<CaseDto> {
  return (await toCases(db, [await getCaseRow(db, id)]))[0]!;
}

export async function linkDocument(ctx: WriteContext, caseId: string, kind: string, documentId: string): Promise<void> {
  const exists = await ctx.db.selectFrom('after_sales_document').select('id').where('case_id', '=', caseId).where('kind', '=', kind).where('document_id', '=', documentId).executeTakeFirst();
  if (!exists) await ctx.tx.insert('after_sales_document', { id: newId(), case_id: caseId, kind, document_id: documentId });
}

export async function addNote(ctx: WriteContext, caseId: string, body: string): Promise<void> {
  await ctx.tx.insert('after_sales_note', { id: newId(), case_id: caseId, body, at: ctx.now, actor: ctx.caller.userId });
}

export const afterSalesHandlers = {
  'returns.create': async (ctx, input) => {
    const order = await getOrderRow(ctx.db, input.orderId, 'orderId');
    const theCase = input.caseId ? await getCaseRow(ctx.db, input.caseId, 'caseId') : null;
    if (theCase && theCase.order_id !== order.id) throw invalid('caseId', `Case ${theCase.number} is about another order`);
    const lines = await getOrderLines(ctx.db, order.id);
    const returned = await ctx.db
      .selectFrom('return_line as l')
      .innerJoin('return_receipt as r', 'r.id', 'l.return_id')
      .select(['l.order_line_id'])
      .select((eb) => eb.fn.sum<number>('l.quantity').as('n'))
      .where('r.order_id', '=', order.id)
      .groupBy('l.order_line_id')
      .execute();
    const already = new Map(returned.map((r) => [r.order_line_id, Number(r.n)]));
    const seen = new Set<string>();
    for (const [i, r] of input.lines.entries()) {
      const line = lines.find((l) => l.id === r.lineId);
      if (!line) throw invalid(`lines.${i}.lineId`, `Line ${r.lineId} is not on order ${order.number}`);
      if (seen.has(r.lineId)) throw invalid(`lines.${i}.lineId`, 'The same line is listed twice');
      seen.add(r.lineId);
      const returnable = line.shipped_qty - (already.get(line.id) ?? 0);
      if (r.quantity > returnable) throw invalid(`lines.${i}.quantity`, `Only ${Math.max(returnable, 0)} of ${line.sku} were shipped and not yet returned`);
    }
    const id = newId();
    const number = await takeNumber(ctx, FULFILMENT_SERIES.return);
    await ctx.tx.insert('return_receipt', { id, number, order_id: order.id, warehouse_id: order.warehouse_id, reason: input.reason, created_at: ctx.now, actor: ctx.caller.userId });
    for (const r of input.lines) {
      const line = lines.find((l) => l.id === r.lineId)!;
      await ctx.tx.insert('return_line', { id: newId(), return_id: id, order_line_id: line.id, product_id: line.product_id, quantity: r.quantity, disposition: r.disposition });
      // Written-off goods never come back on hand; the return line is their record.
      if (r.disposition === 'restock') {
        await postMovement(ctx, { productId: line.product_id, warehouseId: order.warehouse_id, kind: 'return', onHandDelta: r.quantity, reservedDelta: 0, reason: `return ${number}: ${input.reason}`, orderId: order.id, orderLineId: line.id });
      }
    }
    if (theCase) {
      await linkDocument(ctx, theCase.id, 'return_receipt', id);
      await ctx.tx.update('after_sales_case', theCase.id, { updated_at: ctx.now });
    }
    return (await loadReturns(ctx.db, { id }))[0]!;
  },
  'returns.list': async (ctx, input) => {
    await getOrderRow(ctx.db, input.orderId, 'orderId');
    return { items: await loadReturns(ctx.db, { orderId: input.orderId }) };
  },

  'cases.create': async (ctx, input) => {
    const order = await getOrderRow(ctx.db, input.orderId, 'orderId');
    const id = newId();
    await ctx.tx.insert('after_sales_case', {
      id,
      number: await takeNumber(ctx, FULFILMENT_SERIES.case),
      order_id: order.id,
      kind: input.kind,
      status: 'open',
      summary: input.summary,
      created_at: ctx.now,
      updated_at: ctx.now,
    });
    if (input.note) await addNote(ctx, id, input.note);
    return loadCase(ctx.db, id);
  },
  'cases.update': async (ctx, input) => {
    const c = await getCaseRow(ctx.db, input.id);
    if (input.status === undefined && !input.note && !input.document) throw invalid('status', 'Give a status, a note or a document');
    if (c.status === 'closed' && input.status === undefined) throw conflict(`Case ${c.number} is closed; reopen it first`, { status: c.status }, 'status');
    if (input.document) {
      const d = input.document;
      if (d.kind === 'return_receipt') {
        const r = await ctx.db.selectFrom('return_receipt').select(['id', 'order_id']).where('id', '=', d.documentId).executeTakeFirst();
        if (!r) throw notFound('Return', 'document.documentId', d.documentId);
        if (r.order_id !== c.order_id) throw invalid('document.documentId', 'This return belongs to another order');
      } else {
        const o = await ctx.db.selectFrom('sales_order').select(['id', 'customer_id']).where('id', '=', d.documentId).executeTakeFirst();
        if (!o) throw notFound('Order', 'document.documentId', d.documentId);
        const original = await getOrderRow(ctx.db, c.order_id);
        if (o.id === original.id || o.customer_id !== original.customer_id) throw invalid('document.documentId', "A replacement is another order of the same customer");
      }
      await linkDocument(ctx, c.id, d.kind, d.documentId);
    }
    if (input.note) await addNote(ctx, c.id, input.note);
    await ctx.tx.update('after_sales_case', c.id, { ...(input.status !== undefined && { status: input.status }), updated_at: ctx.now });
    return loadCase(ctx.db, c.id);
  },
  'cases.get': (ctx, input) => loadCase(ctx.db, input.id),
  'cases.list': async (ctx, input) => {
    const after = idCursorAfter(input.cursor);
    let q = ctx.db.selectFrom('after_sales_case').selectAll();
    if (input.orderId) q = q.where('order_id', '=', input.orderId);
    if (input.status) q = q.where('status', '=', input.status);
    if (after) q = q.where('id', '<', after);
    const rows = await q.orderBy('id', 'desc').limit(input.limit + 1).execute();
    const items = await toCases(ctx.db, rows.slice(0, input.limit));
    const last = rows.length > input.limit ? items[items.length - 1] : undefined;
    return { items, nextCursor: last ? encodeCursor([last.id]) : null };
  },
} satisfies Pick<Handlers, 'returns.create' | 'returns.list' | 'cases.create' | 'cases.update' | 'cases.get' | 'cases.list'>;
