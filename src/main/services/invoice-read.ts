import type { z } from 'zod';
import type { invoiceDocument, invoiceSummary } from '../../shared/contract/invoicing.ts';
import { notFound } from '../../shared/errors.ts';
import { documentTotals, invoiceBalance } from '../../shared/invoice-math.ts';
import type { InvoiceLineTable, InvoiceTable } from '../db/schema.ts';
import type { ReadDb } from './context.ts';
import { allocationsTo, creditNotesOf, invoiceLineRows, invoiceRow } from './invoice-queries.ts';
import { getOrderRow } from './order-records.ts';
import { readSettings } from './settings.ts';

// Invoices and credit notes as the contract answers them: the stored document, what was paid,
// credited and refunded against it, and the seller printed on it.

type InvoiceDto = z.infer<typeof invoiceDocument>;
type InvoiceSummaryDto = z.infer<typeof invoiceSummary>;

export const SELLER_KEY = 'invoice_seller';

export const today = (now: string): string => now.slice(0, 10);

export async function getInvoiceRow(db: ReadDb, id: string, field = 'id'): Promise<InvoiceTable> {
  const [row] = await invoiceRow(db, { id });
  if (!row) throw notFound('Invoice', field, id);
  return row;
}

export function getInvoiceLines(db: ReadDb, invoiceId: string): Promise<InvoiceLineTable[]> {
  return invoiceLineRows(db, { invoiceId });
}

export type Flows = { credited: number; paid: number; refunded: number };

/** Credit notes and allocated payments and refunds of each invoice, as of a date (inclusive) when given. */
export async function invoiceFlows(db: ReadDb, invoiceIds: readonly string[], asOf?: string): Promise<Map<string, Flows>> {
  const out = new Map<string, Flows>(invoiceIds.map((id) => [id, { credited: 0, paid: 0, refunded: 0 }]));
  if (invoiceIds.length === 0) return out;
  for (let i = 0; i < invoiceIds.length; i += 500) {
    const chunk = invoiceIds.slice(i, i + 500);
    let cq = db
      .selectFrom('invoice')
      .select((eb) => ['credited_invoice_id', eb.fn.sum<number>('gross_total').as('total')])
      .where('credited_invoice_id', 'in', chunk);
    if (asOf) cq = cq.where('issue_date', '<=', asOf);
    for (const r of await cq.groupBy('credited_invoice_id').execute()) out.get(r.credited_invoice_id!)!.credited = Number(r.total);
    let aq = db
      .selectFrom('payment_allocation as a')
      .innerJoin('payment as p', 'p.id', 'a.payment_id')
      .select((eb) => ['a.invoice_id', 'p.kind', eb.fn.sum<number>('a.amount').as('total')])
      .where('a.invoice_id', 'in', chunk);
    if (asOf) aq = aq.where('a.allocated_on', '<=', asOf);
    for (const r of await aq.groupBy(['a.invoice_id', 'p.kind']).execute()) {
      const f = out.get(r.invoice_id)!;
      if (r.kind === 'payment') f.paid = Number(r.total);
      else f.refunded = Number(r.total);
    }
  }
  return out;
}

export function balanceOf(row: InvoiceTable, flows: Flows, onDate: string): InvoiceSummaryDto['balance'] {
  if (row.kind !== 'invoice') return null;
  const b = invoiceBalance({ gross: row.gross_total, ...flows });
  return { ...flows, ...b, overdue: b.amountDue > 0 && row.due_date < onDate };
}

export function toSummary(row: InvoiceTable, flows: Flows, onDate: string): InvoiceSummaryDto {
  return {
    id: row.id,
    kind: row.kind,
    number: row.number,
    orderId: row.order_id,
    creditedInvoiceId: row.credited_invoice_id,
    customerId: row.customer_id,
    customerName: row.customer_name,
    currency: row.currency,
    issueDate: row.issue_date,
    dueDate: row.due_date,
    netTotal: row.net_total,
    taxTotal: row.tax_total,
    grossTotal: row.gross_total,
    balance: balanceOf(row, flows, onDate),
  };
}

export async function loadInvoice(db: ReadDb, id: string, onDate: string, field = 'id'): Promise<InvoiceDto> {
  const row = await getInvoiceRow(db, id, field);
  const lines = await getInvoiceLines(db, id);
  const order = await getOrderRow(db, row.order_id);
  const credited = row.credited_invoice_id ? await getInvoiceRow(db, row.credited_invoice_id) : null;
  const creditNotes = await creditNotesOf(db, { invoiceId: id });
  const allocations = await allocationsTo(db, { invoiceId: id });
  return toInvoiceDto(row, lines, order.number, credited?.number ?? null, creditNotes, allocations, onDate);
}

/** The document as callers see it, from its rows and what refers to it. */
export function toInvoiceDto(
  row: InvoiceTable,
  lines: readonly InvoiceLineTable[],
  orderNumber: string,
  creditedInvoiceNumber: string | null,
  creditNotes: readonly { id: string; number: string; issue_date: string; gross_total: number }[],
  allocations: readonly { payment_id: string; number: string; kind: 'payment' | 'refund'; amount: number; allocated_on: string }[],
  onDate: string,
): InvoiceDto {
  // The flows are the sums of the very documents listed (what invoiceFlows would read again).
  const flows: Flows = {
    credited: creditNotes.reduce((s, c) => s + c.gross_total, 0),
    paid: allocations.reduce((s, a) => s + (a.kind === 'payment' ? a.amount : 0), 0),
    refunded: allocations.reduce((s, a) => s + (a.kind === 'refund' ? a.amount : 0), 0),
  };
  const totals = documentTotals(lines.map((l) => ({ net: l.net, tax: l.tax, gross: l.gross, taxRateBp: l.tax_rate_bp })));
  return {
    ...toSummary(row, flows, onDate),
    orderNumber,
    creditedInvoiceNumber,
    customerTaxId: row.customer_tax_id,
    billingAddress: row.billing_address ? JSON.parse(row.billing_address) : null,
    pricesIncludeTax: row.prices_include_tax === 1,
    costTotal: row.cost_total,
    reason: row.reason,
    returnWarehouseId: row.return_warehouse_id,
    issuedAt: row.issued_at,
    actor: row.actor,
    lines: lines.map((l) => ({
      id: l.id,
      lineNo: l.line_no,
      orderLineId: l.order_line_id,
      creditedLineId: l.credited_line_id,
      productId: l.product_id,
      charge: l.charge,
      sku: l.sku,
      name: l.name,
      unit: l.unit,
      quantity: l.quantity,
      unitPrice: l.unit_price,
      discountBp: l.discount_bp,
      taxRateBp: l.tax_rate_bp,
      net: l.net,
      tax: l.tax,
      gross: l.gross,
      unitCost: l.unit_cost,
      cost: l.cost,
    })),
    taxBreakdown: [...totals.taxBreakdown],
    creditNotes: creditNotes.map((c) => ({ id: c.id, number: c.number, issueDate: c.issue_date, grossTotal: c.gross_total })),
    allocations: allocations.map((a) => ({ paymentId: a.payment_id, paymentNumber: a.number, kind: a.kind, amount: a.amount, allocatedOn: a.allocated_on })),
  };
}

export type Seller = { name: string; taxId: string | null; address: InvoiceDto['billingAddress']; iban: string | null; email: string | null };

export async function readSeller(db: ReadDb): Promise<Seller> {
  const settings = await readSettings(db);
  const row = await db.selectFrom('setting').select('value').where('id', '=', SELLER_KEY).executeTakeFirst();
  const stored = row ? (JSON.parse(row.value) as Omit<Seller, 'name'>) : { taxId: null, address: null, iban: null, email: null };
  return { name: settings.shopName, ...stored };
}

