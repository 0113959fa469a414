import { sql } from 'kysely';
import { preparedQuery } from '../db/prepared.ts';
import type { InvoiceTable } from '../db/schema.ts';
import type { ReadDb } from './context.ts';

// Reads on the paths a shop runs all day (issue an invoice, record a payment, answer with the
// document), compiled once (db/prepared.ts): building and compiling a Kysely query cost more
// than running these small ones. Each reads by one key through an index, so its cost does not
// grow with the ledger. Lists of ids are read one id at a time: an IN list of another length
// is another statement text, which would be prepared again and crowd the statement cache.

export const invoiceRow = preparedQuery((db, p: { id: string }) => db.selectFrom('invoice').selectAll().where('id', '=', p.id));

export const invoiceLineRows = preparedQuery((db, p: { invoiceId: string }) =>
  db.selectFrom('invoice_line').selectAll().where('invoice_id', '=', p.invoiceId).orderBy('line_no'),
);

export const creditNotesOf = preparedQuery((db, p: { invoiceId: string }) =>
  db.selectFrom('invoice').select(['id', 'number', 'issue_date', 'gross_total']).where('credited_invoice_id', '=', p.invoiceId).orderBy('number'),
);

export const allocationsTo = preparedQuery((db, p: { invoiceId: string }) =>
  db
    .selectFrom('payment_allocation as a')
    .innerJoin('payment as p', 'p.id', 'a.payment_id')
    .select(['a.payment_id', 'p.number', 'p.kind', 'a.amount', 'a.allocated_on'])
    .where('a.invoice_id', '=', p.invoiceId)
    .orderBy('a.id'),
);

/** The newest issue date of a kind of document within a date range (a series year). */
export const latestIssueDate = preparedQuery((db, p: { kind: InvoiceTable['kind']; from: string; to: string }) =>
  db.selectFrom('invoice').select((eb) => eb.fn.max('issue_date').as('d')).where('kind', '=', p.kind).where('issue_date', '>=', p.from).where('issue_date', '<=', p.to),
);

/** A product's unit and its moving-average cost in a warehouse (null when never received at a cost). */
export const productUnitCost = preparedQuery((db, p: { productId: string; warehouseId: string }) =>
  db
    .selectFrom('product as pr')
    .leftJoin('product_cost as c', (j) => j.onRef('c.product_id', '=', 'pr.id').on('c.warehouse_id', '=', p.warehouseId))
    .select(['pr.id', 'pr.unit', 'c.unit_cost'])
    .where('pr.id', '=', p.productId),
);

function takenQuery(column: 'order_line_id' | 'credited_line_id') {
  return preparedQuery((db, p: { sourceId: string; kind: InvoiceTable['kind'] }) =>
    db
      .selectFrom('invoice_line as l')
      .innerJoin('invoice as i', 'i.id', 'l.invoice_id')
      .select((eb) => [
        eb.fn.sum<number | null>('l.quantity').as('qty'),
        eb.fn.sum<number | null>('l.net').as('net'),
        eb.fn.sum<number | null>('l.tax').as('tax'),
        eb.fn.sum<number | null>('l.gross').as('gross'),
      ])
      .where('i.kind', '=', p.kind)
      .where(`l.${column}`, '=', p.sourceId),
  );
}

/** What documents of a kind took from one source line: sums, all null when none did. */
export const takenFromLine = { order_line_id: takenQuery('order_line_id'), credited_line_id: takenQuery('credited_line_id') } as const;

/**
 * An invoice's amount due now, in SQL: invoiceBalance's formula (gross − credit notes − payments
 * + refunds, src/shared/invoice-math.ts) over every credit note and allocation, through the
 * indexes on the credited invoice and the allocated invoice.
 */
const dueNow = sql<number>`i.gross_total
  - coalesce((SELECT sum(c.gross_total) FROM invoice c WHERE c.credited_invoice_id = i.id), 0)
  - coalesce((SELECT sum(CASE p.kind WHEN 'payment' THEN a.amount ELSE -a.amount END) FROM payment_allocation a JOIN payment p ON p.id = a.payment_id
              WHERE a.invoice_id = i.id), 0)`;

/** One document with its amount due now (meaningful for invoices; a credit note is refused by the caller). */
const documentDue = preparedQuery((db, p: { id: string }) => db.selectFrom('invoice as i').selectAll('i').select(dueNow.as('due')).where('i.id', '=', p.id));

export async function invoiceWithDue(db: ReadDb, id: string): Promise<(InvoiceTable & { due: number }) | undefined> {
  const [row] = await documentDue(db, { id });
  return row;
}

function customerDues(direction: '>' | '<') {
  return preparedQuery((db, p: { customerId: string }) =>
    db
      .selectFrom(
        db
          .selectFrom('invoice as i')
          .select(['i.id', 'i.number', 'i.due_date', 'i.issue_date', dueNow.as('due')])
          .where('i.customer_id', '=', p.customerId)
          .where('i.kind', '=', 'invoice')
          .as('d'),
      )
      .selectAll()
      .where('due', direction, 0)
      .orderBy('due_date')
      .orderBy('issue_date')
      .orderBy('number'),
  );
}

/**
 * A customer's invoices with money due (`owed`: due > 0, for payments) or overpaid (`overpaid`:
 * due < 0, for refunds), oldest due date first. The filter runs in SQLite, so only those
 * invoices reach JavaScript; SQLite still visits each of the customer's invoices once.
 */
export const customerOpenInvoices = { owed: customerDues('>'), overpaid: customerDues('<') } as const;
