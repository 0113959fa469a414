import type { z } from 'zod';
import type { invoiceDocument, SeriesKind } from '../../shared/contract/invoicing.ts';
import { SERIES_KINDS } from '../../shared/contract/invoicing.ts';
import { conflict, invalid, notFound } from '../../shared/errors.ts';
import { newId } from '../../shared/ids.ts';
import { addDays, documentTotals, prorate, subtract, ZERO, type Amounts } from '../../shared/invoice-math.ts';
import type { InvoiceLineTable, InvoiceTable } from '../db/schema.ts';
import { accountsDto, readAccounts } from './account-map.ts';
import type { Handlers, ReadDb, WriteContext } from './context.ts';
import { getCustomerRow } from './customers.ts';
import { configureSeries, peekNumber, seriesConfig, takeDocumentNumber } from './document-series.ts';
import { postMovement } from './inventory.ts';
import { latestIssueDate, productUnitCost, takenFromLine } from './invoice-queries.ts';
import { unbilledShippingLine } from './invoice-shipping.ts';
import { getOrderLines, getOrderRow } from './order-records.ts';
import { idCursorAfter, idPage } from './paging.ts';
import { getInvoiceLines, getInvoiceRow, invoiceFlows, loadInvoice, readSeller, SELLER_KEY, today, toInvoiceDto, toSummary } from './invoice-read.ts';

type InvoiceDto = z.infer<typeof invoiceDocument>;

/** Orders in these states have a confirmed content and may be invoiced. */
const BILLABLE = new Set(['approved', 'picking', 'packed', 'partially_shipped', 'shipped', 'delivered', 'completed']);

// ---- issuing -----------------------------------------------------------------------------

type Billed = { qty: number; amounts: Amounts };

/** What earlier documents already took from each source line (order lines for invoices, invoice lines for credit notes). */
async function takenFrom(db: ReadDb, column: 'order_line_id' | 'credited_line_id', kind: InvoiceTable['kind'], sourceIds: readonly string[]): Promise<Map<string, Billed>> {
  const out = new Map<string, Billed>();
  for (const sourceId of new Set(sourceIds)) {
    const [r] = await takenFromLine[column](db, { sourceId, kind });
    if (!r || r.qty === null) continue;
    out.set(sourceId, { qty: Number(r.qty), amounts: { net: Number(r.net), tax: Number(r.tax), gross: Number(r.gross) } });
  }
  return out;
}

/** Issue dates within a series year never go backwards, so numbers and dates run in the same order. */
async function checkIssueDate(ctx: WriteContext, kind: InvoiceTable['kind'], issueDate: string): Promise<void> {
  const [latest] = await latestIssueDate(ctx.db, { kind, from: `${issueDate.slice(0, 4)}-01-01`, to: `${issueDate.slice(0, 4)}-12-31` });
  if (latest?.d && latest.d > issueDate) {
    throw invalid('issueDate', `The last ${kind.replace('_', ' ')} of ${issueDate.slice(0, 4)} is dated ${latest.d}; a later number cannot carry an earlier date`);
  }
  if (issueDate > addDays(today(ctx.now), 1)) throw invalid('issueDate', 'An issue date cannot be in the future');
}

/** Each product's unit, and its moving-average unit cost in a warehouse (absent when never received at a cost). */
async function unitsAndCosts(db: ReadDb, warehouseId: string, productIds: readonly string[]): Promise<{ units: Map<string, string>; costs: Map<string, number> }> {
  const units = new Map<string, string>();
  const costs = new Map<string, number>();
  for (const productId of new Set(productIds)) {
    const [r] = await productUnitCost(db, { productId, warehouseId });
    if (!r) continue;
    units.set(r.id, r.unit);
    if (r.unit_cost !== null) costs.set(r.id, r.unit_cost);
  }
  return { units, costs };
}

type NewDocLine = Omit<InvoiceLineTable, 'id' | 'invoice_id' | 'line_no'>;

/** Writes a document and its lines; returns the rows as written. */
async function insertDocument(
  ctx: WriteContext,
  header: Omit<InvoiceTable, 'id' | 'net_total' | 'tax_total' | 'gross_total' | 'cost_total' | 'issued_at' | 'actor'>,
  lines: readonly NewDocLine[],
): Promise<{ row: InvoiceTable; lines: InvoiceLineTable[] }> {
  const totals = documentTotals(lines.map((l) => ({ net: l.net, tax: l.tax, gross: l.gross, taxRateBp: l.tax_rate_bp })));
  const id = newId();
  const row: InvoiceTable = {
    id,
    ...header,
    net_total: totals.net,
    tax_total: totals.tax,
    gross_total: totals.gross,
    cost_total: lines.reduce((s, l) => s + l.cost, 0),
    issued_at: ctx.now,
    actor: ctx.caller.userId,
  };
  await ctx.tx.insert('invoice', row);
  const written: InvoiceLineTable[] = [];
  for (const [i, l] of lines.entries()) {
    const line: InvoiceLineTable = { id: newId(), invoice_id: id, line_no: i + 1, ...l };
    await ctx.tx.insert('invoice_line', line);
    written.push(line);
  }
  return { row, lines: written };
}

function requireUnique(ids: readonly string[], field: (i: number) => string): void {
  const seen = new Set<string>();
  ids.forEach((id, i) => {
    if (seen.has(id)) throw invalid(field(i), 'This line is listed twice');
    seen.add(id);
  });
}

async function issueInvoice(ctx: WriteContext, input: Parameters<Handlers['invoices.issue']>[1]): Promise<InvoiceDto> {
  const order = await getOrderRow(ctx.db, input.orderId, 'orderId');
  if (!BILLABLE.has(order.status)) {
    throw conflict(`Order ${order.number} is ${order.status}; only confirmed orders can be invoiced`, { status: order.status }, 'orderId');
  }
  const orderLines = await getOrderLines(ctx.db, order.id);
  const billed = await takenFrom(ctx.db, 'order_line_id', 'invoice', orderLines.map((l) => l.id));
  const open = (l: (typeof orderLines)[number]) => l.quantity - (billed.get(l.id)?.qty ?? 0);

  let wanted: { line: (typeof orderLines)[number]; qty: number }[];
  if (input.lines) {
    requireUnique(input.lines.map((r) => r.orderLineId), (i) => `lines.${i}.orderLineId`);
    wanted = input.lines.map((r, i) => {
      const line = orderLines.find((l) => l.id === r.orderLineId);
      if (!line) throw notFound('Order line', `lines.${i}.orderLineId`, r.orderLineId);
      if (r.quantity > open(line)) throw invalid(`lines.${i}.quantity`, `Only ${open(line)} of ${line.sku} remain to invoice`);
      return { line, qty: r.quantity };
    });
  } else if (input.basis === 'shipped') {
    wanted = orderLines.map((line) => ({ line, qty: line.shipped_qty - (billed.get(line.id)?.qty ?? 0) }));
  } else {
    wanted = orderLines.map((line) => ({ line, qty: open(line) }));
  }
  wanted = wanted.filter((w) => w.qty > 0);
  const shipping = wanted.length > 0 || (!input.lines && input.basis !== 'shipped') ? await unbilledShippingLine(ctx.db, order, orderLines) : null;
  if (wanted.length === 0 && !shipping) {
    throw conflict(`Order ${order.number} has nothing left to invoice${input.basis === 'shipped' ? ' that has shipped' : ''}`, { orderId: order.id }, 'orderId');
  }

  const issueDate = input.issueDate ?? today(ctx.now);
  await checkIssueDate(ctx, 'invoice', issueDate);
  const customer = await getCustomerRow(ctx.db, order.customer_id);
  const { units, costs } = await unitsAndCosts(ctx.db, order.warehouse_id, wanted.map((w) => w.line.product_id));

  const lines: NewDocLine[] = wanted.map(({ line, qty }, i) => {
    const taken = billed.get(line.id);
    const remaining = subtract({ net: line.net, tax: line.tax, gross: line.gross }, taken?.amounts ?? ZERO);
    const a = prorate(remaining, line.quantity - (taken?.qty ?? 0), qty);
    const unitCost = costs.get(line.product_id) ?? 0;
    if (!Number.isSafeInteger(unitCost * qty)) throw invalid(input.lines ? `lines.${i}.quantity` : 'orderId', `The cost of ${line.sku} is beyond what the ledger can add up exactly`);
    return {
      order_line_id: line.id,
      credited_line_id: null,
      product_id: line.product_id,
      charge: null,
      sku: line.sku,
      name: line.name,
      unit: units.get(line.product_id) ?? 'pcs',
      quantity: qty,
      unit_price: line.unit_price,
      discount_bp: line.discount_bp,
      tax_rate_bp: line.tax_rate_bp,
      ...a,
      unit_cost: unitCost,
      cost: unitCost * qty,
    };
  });
  const doc = await insertDocument(
    ctx,
    {
      kind: 'invoice',
      number: await takeDocumentNumber(ctx, 'invoice', issueDate),
      order_id: order.id,
      credited_invoice_id: null,
      customer_id: customer.id,
      customer_name: customer.name,
      customer_tax_id: customer.tax_id,
      billing_address: customer.billing_address ?? customer.shipping_address,
      currency: order.currency,
      prices_include_tax: order.prices_include_tax,
      issue_date: issueDate,
      due_date: addDays(issueDate, input.paymentTermsDays),
      reason: null,
      return_warehouse_id: null,
    },
    shipping ? [...lines, shipping] : lines,
  );
  // Answered from the rows just written: a new invoice has no credit notes or payments yet.
  return toInvoiceDto(doc.row, doc.lines, order.number, null, [], [], today(ctx.now));
}

/**
 * `costBack` (invoice line id → units) takes cost of goods back for units that came back to
 * stock some other way (a return receipt of an after-sales case); returnToStock does it for all.
 */
export async function issueCreditNote(ctx: WriteContext, input: Parameters<Handlers['invoices.credit']>[1], costBack?: ReadonlyMap<string, number>): Promise<InvoiceDto> {
  const invoice = await getInvoiceRow(ctx.db, input.invoiceId, 'invoiceId');
  if (invoice.kind !== 'invoice') throw invalid('invoiceId', `${invoice.number} is a credit note; credit the invoice it refers to`);
  const invLines = await getInvoiceLines(ctx.db, invoice.id);
  const credited = await takenFrom(ctx.db, 'credited_line_id', 'credit_note', invLines.map((l) => l.id));
  const open = (l: InvoiceLineTable) => l.quantity - (credited.get(l.id)?.qty ?? 0);

  let wanted: { line: InvoiceLineTable; qty: number; field: string }[];
  if (input.lines) {
    requireUnique(input.lines.map((r) => r.invoiceLineId), (i) => `lines.${i}.invoiceLineId`);
    wanted = input.lines.map((r, i) => {
      const line = invLines.find((l) => l.id === r.invoiceLineId);
      if (!line) throw notFound('Invoice line', `lines.${i}.invoiceLineId`, r.invoiceLineId);
      if (r.quantity > open(line)) throw invalid(`lines.${i}.quantity`, `Only ${open(line)} of ${line.sku} remain to credit`);
      return { line, qty: r.quantity, field: `lines.${i}.quantity` };
    });
  } else {
    wanted = invLines.map((line) => ({ line, qty: open(line), field: 'returnToStock' })).filter((w) => w.qty > 0);
    if (wanted.length === 0) throw conflict(`Invoice ${invoice.number} is fully credited`, { invoiceId: invoice.id }, 'invoiceId');
  }

  const order = await getOrderRow(ctx.db, invoice.order_id);
  if (input.returnToStock) {
    // Only goods that left can come back: at most what shipped on the order line, less earlier returns.
    const orderLines = new Map((await getOrderLines(ctx.db, order.id)).map((l) => [l.id, l]));
    const goods = wanted.filter((w) => w.line.order_line_id !== null);
    const returned = await ctx.db
      .selectFrom('invoice_line as l')
      .innerJoin('invoice as i', 'i.id', 'l.invoice_id')
      .select((eb) => ['l.order_line_id', eb.fn.sum<number>('l.quantity').as('qty')])
      .where('i.kind', '=', 'credit_note')
      .where('i.return_warehouse_id', 'is not', null)
      .where('l.order_line_id', 'in', goods.length > 0 ? goods.map((w) => w.line.order_line_id!) : [''])
      .groupBy('l.order_line_id')
      .execute();
    const back = new Map(returned.map((r) => [r.order_line_id, Number(r.qty)]));
    for (const w of goods) {
      const lineId = w.line.order_line_id!;
      const shipped = orderLines.get(lineId)?.shipped_qty ?? 0;
      const canReturn = shipped - (back.get(lineId) ?? 0);
      if (w.qty > canReturn) throw invalid(w.field, `Only ${Math.max(canReturn, 0)} of ${w.line.sku} shipped and not yet returned`);
      back.set(lineId, (back.get(lineId) ?? 0) + w.qty);
    }
  }

  const issueDate = input.issueDate ?? today(ctx.now);
  if (issueDate < invoice.issue_date) throw invalid('issueDate', `A credit note cannot be dated before its invoice (${invoice.issue_date})`);
  await checkIssueDate(ctx, 'credit_note', issueDate);
  const number = await takeDocumentNumber(ctx, 'credit_note', issueDate);

  const lines: NewDocLine[] = wanted.map(({ line, qty }) => {
    const taken = credited.get(line.id);
    const remaining = subtract({ net: line.net, tax: line.tax, gross: line.gross }, taken?.amounts ?? ZERO);
    const a = prorate(remaining, line.quantity - (taken?.qty ?? 0), qty);
    return {
      order_line_id: line.order_line_id,
      credited_line_id: line.id,
      product_id: line.product_id,
      charge: line.charge,
      sku: line.sku,
      name: line.name,
      unit: line.unit,
      quantity: qty,
      unit_price: line.unit_price,
      discount_bp: line.discount_bp,
      tax_rate_bp: line.tax_rate_bp,
      ...a,
      // Returned goods take their cost back out of cost of goods; a price correction does not.
      unit_cost: line.unit_cost,
      cost: line.charge !== null ? 0 : input.returnToStock ? line.unit_cost * qty : line.unit_cost * Math.min(qty, costBack?.get(line.id) ?? 0),
    };
  });
  const { row: { id } } = await insertDocument(
    ctx,
    {
      kind: 'credit_note',
      number,
      order_id: invoice.order_id,
      credited_invoice_id: invoice.id,
      customer_id: invoice.customer_id,
      customer_name: invoice.customer_name,
      customer_tax_id: invoice.customer_tax_id,
      billing_address: invoice.billing_address,
      currency: invoice.currency,
      prices_include_tax: invoice.prices_include_tax,
      issue_date: issueDate,
      due_date: issueDate,
      reason: input.reason,
      return_warehouse_id: input.returnToStock ? order.warehouse_id : null,
    },
    lines,
  );
  if (input.returnToStock) {
    for (const l of lines) {
      // A shipping line credits money only; nothing comes back to stock.
      if (l.product_id === null || l.order_line_id === null) continue;
      await postMovement(ctx, {
        productId: l.product_id,
        warehouseId: order.warehouse_id,
        kind: 'receipt',
        onHandDelta: l.quantity,
        reservedDelta: 0,
        reason: `return on credit note ${number}`,
        orderId: order.id,
        orderLineId: l.order_line_id,
      });
    }
  }
  return loadInvoice(ctx.db, id, today(ctx.now));
}

async function seriesView(db: ReadDb, kind: SeriesKind, date: string) {
  const c = await seriesConfig(db, kind);
  return { kind, prefix: c.prefix, padding: c.padding, next: await peekNumber(db, kind, date) };
}

export const invoicingHandlers = {
  'invoices.issue': issueInvoice,
  'invoices.credit': issueCreditNote,
  'invoices.get': (ctx, input) => loadInvoice(ctx.db, input.id, today(ctx.now)),
  'invoices.list': async (ctx, input) => {
    const after = idCursorAfter(input.cursor);
    let q = ctx.db.selectFrom('invoice').selectAll();
    if (input.kind) q = q.where('kind', '=', input.kind);
    if (input.number) q = q.where('number', '=', input.number);
    if (input.customerId) q = q.where('customer_id', '=', input.customerId);
    if (input.orderId) q = q.where('order_id', '=', input.orderId);
    if (input.dateFrom) q = q.where('issue_date', '>=', input.dateFrom);
    if (input.dateTo) q = q.where('issue_date', '<=', input.dateTo);
    if (after !== undefined) q = q.where('id', '<', after);
    // UUIDv7 ids sort by creation time: newest first, stable across pages.
    const rows = await q.orderBy('id', 'desc').limit(input.limit + 1).execute();
    const { page, nextCursor } = idPage(rows, input.limit);
    const flows = await invoiceFlows(ctx.db, page.filter((r) => r.kind === 'invoice').map((r) => r.id));
    const items = page.map((r) => toSummary(r, flows.get(r.id) ?? { credited: 0, paid: 0, refunded: 0 }, today(ctx.now)));
    return { items, nextCursor };
  },
  'invoices.settings': async (ctx, input) => {
    const year = input.year ?? Number(today(ctx.now).slice(0, 4));
    const series = [];
    for (const k of SERIES_KINDS) series.push(await seriesView(ctx.db, k, `${year}-01-01`));
    return { year, series, seller: await readSeller(ctx.db), accounts: accountsDto(await readAccounts(ctx.db)) };
  },
  'invoices.configureSeries': async (ctx, input) => {
    await configureSeries(ctx, input.kind, { prefix: input.prefix, padding: input.padding });
    return seriesView(ctx.db, input.kind, today(ctx.now));
  },
  'invoices.configureSeller': async (ctx, input) => {
    const value = JSON.stringify({ taxId: input.taxId, address: input.address, iban: input.iban, email: input.email });
    const exists = await ctx.db.selectFrom('setting').select('id').where('id', '=', SELLER_KEY).executeTakeFirst();
    if (exists) await ctx.tx.update('setting', SELLER_KEY, { value });
    else await ctx.tx.insert('setting', { id: SELLER_KEY, value });
    return readSeller(ctx.db);
  },
} satisfies Pick<
  Handlers,
  'invoices.issue' | 'invoices.credit' | 'invoices.get' | 'invoices.list' | 'invoices.settings' | 'invoices.configureSeries' | 'invoices.configureSeller'
>;
