import { conflict, invalid, notFound } from '../../shared/errors.ts';
import type { InvoiceLineTable } from '../db/schema.ts';
import { addNote, getCaseRow, linkDocument, loadCase } from './after-sales.ts';
import type { Handlers, ReadDb, WriteContext } from './context.ts';
import { issueCreditNote } from './invoicing.ts';
import { getOrderLines, getOrderRow } from './order-records.ts';

// A return or refund case → credit notes. What to credit is given in order lines (what the clerk
// and the customer talk about); it is mapped onto the order's invoice lines that still have
// something to credit, oldest invoice first, and one credit note is issued per invoice through
// the ordinary credit-note rules (issueCreditNote). Stock is never moved here: returned goods came
// back with the case's return receipts, so the credit note takes their cost back (restocked units
// only) without a second receipt.

type Want = { orderLineId: string; quantity: number; field: string };

/** Units each order line came back on the case's return receipts: all, and restocked. */
async function caseReturns(db: ReadDb, caseId: string) {
  const rows = await db
    .selectFrom('after_sales_document as d')
    .innerJoin('return_line as l', 'l.return_id', 'd.document_id')
    .select(['l.order_line_id', 'l.quantity', 'l.disposition'])
    .where('d.case_id', '=', caseId)
    .where('d.kind', '=', 'return_receipt')
    .execute();
  const returned = new Map<string, number>();
  const restocked = new Map<string, number>();
  for (const r of rows) {
    returned.set(r.order_line_id, (returned.get(r.order_line_id) ?? 0) + r.quantity);
    if (r.disposition === 'restock') restocked.set(r.order_line_id, (restocked.get(r.order_line_id) ?? 0) + r.quantity);
  }
  return { returned, restocked };
}

/** Invoice lines of the order with what is still open to credit, oldest invoice first. */
async function openInvoiceLines(db: ReadDb, orderId: string): Promise<{ line: InvoiceLineTable; open: number }[]> {
  const lines = await db
    .selectFrom('invoice_line as l')
    .innerJoin('invoice as i', 'i.id', 'l.invoice_id')
    .selectAll('l')
    .where('i.order_id', '=', orderId)
    .where('i.kind', '=', 'invoice')
    .orderBy('i.issue_date')
    .orderBy('i.number')
    .orderBy('l.line_no')
    .execute();
  if (lines.length === 0) return [];
  const credited = await db
    .selectFrom('invoice_line')
    .select((eb) => ['credited_line_id', eb.fn.sum<number>('quantity').as('qty')])
    .where('credited_line_id', 'in', lines.map((l) => l.id))
    .groupBy('credited_line_id')
    .execute();
  const taken = new Map(credited.map((c) => [c.credited_line_id!, Number(c.qty)]));
  return lines.map((line) => ({ line, open: line.quantity - (taken.get(line.id) ?? 0) }));
}

/** What earlier credit notes of this case credited per order line. */
async function creditedByCase(db: ReadDb, caseId: string): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('after_sales_document as d')
    .innerJoin('invoice_line as l', 'l.invoice_id', 'd.document_id')
    .select((eb) => ['l.order_line_id', eb.fn.sum<number>('l.quantity').as('qty')])
    .where('d.case_id', '=', caseId)
    .where('d.kind', '=', 'credit_note')
    .where('l.order_line_id', 'is not', null)
    .groupBy('l.order_line_id')
    .execute();
  return new Map(rows.map((r) => [r.order_line_id!, Number(r.qty)]));
}

async function creditCase(ctx: WriteContext, input: Parameters<Handlers['cases.creditNote']>[1]) {
  const c = await getCaseRow(ctx.db, input.id);
  if (c.kind !== 'return' && c.kind !== 'refund') throw invalid('id', `Case ${c.number} is a ${c.kind} case; only return and refund cases lead to credit notes`);
  if (c.status === 'closed') throw conflict(`Case ${c.number} is closed; reopen it first`, { status: c.status }, 'id');
  const order = await getOrderRow(ctx.db, c.order_id);
  const orderLines = await getOrderLines(ctx.db, order.id);
  const { returned, restocked } = await caseReturns(ctx.db, c.id);

  let wants: Want[];
  if (input.lines) {
    const seen = new Set<string>();
    wants = input.lines.map((r, i) => {
      if (!orderLines.some((l) => l.id === r.orderLineId)) throw notFound('Order line', `lines.${i}.orderLineId`, r.orderLineId);
      if (seen.has(r.orderLineId)) throw invalid(`lines.${i}.orderLineId`, 'This line is listed twice');
      seen.add(r.orderLineId);
      return { orderLineId: r.orderLineId, quantity: r.quantity, field: `lines.${i}.quantity` };
    });
  } else {
    const done = await creditedByCase(ctx.db, c.id);
    wants = [...returned.entries()]
      .map(([orderLineId, qty]) => ({ orderLineId, quantity: qty - (done.get(orderLineId) ?? 0), field: 'lines' }))
      .filter((w) => w.quantity > 0);
    if (wants.length === 0 && !input.includeShipping) {
      throw invalid('lines', `Case ${c.number} has no returned items left to credit; name the lines to credit`);
    }
  }

  // Spread each wanted quantity over the invoice lines that still have it open, oldest first.
  const open = await openInvoiceLines(ctx.db, order.id);
  if (open.length === 0) throw conflict(`Order ${order.number} has no invoice to credit`, { orderId: order.id }, 'id');
  const perInvoice = new Map<string, Map<string, number>>();
  const take = (line: InvoiceLineTable, qty: number) => {
    const m = perInvoice.get(line.invoice_id) ?? new Map<string, number>();
    m.set(line.id, (m.get(line.id) ?? 0) + qty);
    perInvoice.set(line.invoice_id, m);
  };
  for (const w of wants) {
    let left = w.quantity;
    for (const o of open.filter((x) => x.line.order_line_id === w.orderLineId && x.open > 0)) {
      const q = Math.min(left, o.open);
      take(o.line, q);
      o.open -= q;
      left -= q;
      if (left === 0) break;
    }
    if (left > 0) {
      const sku = orderLines.find((l) => l.id === w.orderLineId)!.sku;
      throw invalid(w.field, `Only ${w.quantity - left} of ${sku} are invoiced and not yet credited`);
    }
  }
  if (input.includeShipping) {
    const ship = open.find((o) => o.line.charge === 'shipping' && o.open > 0);
    if (!ship) throw invalid('includeShipping', `Order ${order.number} has no invoiced shipping left to credit`);
    take(ship.line, 1);
  }

  // Cost of goods comes back for units the case's returns restocked, spread the same way.
  const costBack = new Map<string, number>();
  const restockLeft = new Map(restocked);
  for (const lines of perInvoice.values()) {
    for (const [invoiceLineId, qty] of lines) {
      const orderLineId = open.find((o) => o.line.id === invoiceLineId)!.line.order_line_id;
      if (orderLineId === null) continue;
      const q = Math.min(qty, restockLeft.get(orderLineId) ?? 0);
      if (q > 0) costBack.set(invoiceLineId, q);
      restockLeft.set(orderLineId, (restockLeft.get(orderLineId) ?? 0) - q);
    }
  }

  const reason = input.reason || `${c.number}: ${c.summary}`.slice(0, 500);
  const creditNotes = [];
  for (const [invoiceId, lines] of perInvoice) {
    const note = await issueCreditNote(
      ctx,
      {
        invoiceId,
        reason,
        lines: [...lines].map(([invoiceLineId, quantity]) => ({ invoiceLineId, quantity })),
        returnToStock: false,
        ...(input.issueDate ? { issueDate: input.issueDate } : {}),
      },
      costBack,
    );
    await linkDocument(ctx, c.id, 'credit_note', note.id);
    creditNotes.push(note);
  }
  await addNote(ctx, c.id, `credit note ${creditNotes.map((n) => n.number).join(', ')}`);
  await ctx.tx.update('after_sales_case', c.id, { updated_at: ctx.now });
  return { case: await loadCase(ctx.db, c.id), creditNotes };
}

export const caseCreditHandlers = {
  'cases.creditNote': creditCase,
} satisfies Pick<Handlers, 'cases.creditNote'>;
