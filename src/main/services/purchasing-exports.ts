import { decimalAmount, type Cell, type CsvNumber } from '../../shared/csv.ts';
import type { BookDocument } from '../../shared/double-entry.ts';
import type { ReadDb } from './context.ts';
import { payablesReport } from './supplier-bills.ts';

// What purchasing adds to the accountant's CSV files and the double-entry journal. Receipts are
// already there: every delivery writes a purchase_line (Dr inventory / Cr payables at the
// receipt cost). Bills add only their difference to those costs; returns and payments settle
// payables.

export const PURCHASING_DATASETS = ['supplier_bills', 'supplier_payments', 'payables'] as const;
export type PurchasingDataset = (typeof PURCHASING_DATASETS)[number];

export const isPurchasingDataset = (d: string): d is PurchasingDataset => (PURCHASING_DATASETS as readonly string[]).includes(d);

export async function purchasingCsv(db: ReadDb, dataset: PurchasingDataset, from: string, to: string, currency: string): Promise<{ header: string[]; rows: (Cell | CsvNumber)[][] }> {
  const money = (n: number) => decimalAmount(n, currency);
  switch (dataset) {
    case 'supplier_bills': {
      const bills = await db
        .selectFrom('supplier_bill as b')
        .innerJoin('supplier as s', 's.id', 'b.supplier_id')
        .select((eb) => [
          'b.number', 'b.supplier_ref', 's.code', 's.name', 'b.bill_date', 'b.due_date', 'b.currency', 'b.total', 'b.matched_cost',
          eb.selectFrom('supplier_payment_allocation as a').innerJoin('supplier_payment as p', 'p.id', 'a.payment_id').select((e) => e.fn.coalesce(e.fn.sum<number>('a.amount'), e.lit(0)).as('n')).whereRef('a.bill_id', '=', 'b.id').where('p.paid_on', '<=', to).as('paid'),
          eb.selectFrom('supplier_bill_line as l').select((e) => e.fn.countAll<number>().as('n')).whereRef('l.bill_id', '=', 'b.id').where('l.flags', '!=', '[]').as('flagged'),
        ])
        .where('b.bill_date', '>=', from)
        .where('b.bill_date', '<=', to)
        .orderBy('b.bill_date')
        .orderBy('b.number')
        .execute();
      return {
        header: ['number', 'supplier_ref', 'supplier_code', 'supplier', 'bill_date', 'due_date', 'currency', 'total', 'received_cost', 'difference', 'paid', 'due', 'flagged_lines'],
        rows: bills.map((b) => {
          const paid = Number(b.paid ?? 0);
          return [b.number, b.supplier_ref, b.code, b.name, b.bill_date, b.due_date, b.currency, money(b.total), money(b.matched_cost), money(b.total - b.matched_cost), money(paid), money(b.total - paid), Number(b.flagged ?? 0)];
        }),
      };
    }
    case 'supplier_payments': {
      const pays = await db
        .selectFrom('supplier_payment as p')
        .innerJoin('supplier as s', 's.id', 'p.supplier_id')
        .select((eb) => ['p.number', 'p.paid_on', 's.code', 's.name', 'p.method', 'p.currency', 'p.amount', 'p.reference', eb.selectFrom('supplier_payment_allocation as a').select((e) => e.fn.coalesce(e.fn.sum<number>('a.amount'), e.lit(0)).as('n')).whereRef('a.payment_id', '=', 'p.id').as('allocated')])
        .where('p.paid_on', '>=', from)
        .where('p.paid_on', '<=', to)
        .orderBy('p.paid_on')
        .orderBy('p.number')
        .execute();
      return {
        header: ['number', 'date', 'supplier_code', 'supplier', 'method', 'currency', 'amount', 'allocated', 'unallocated', 'reference'],
        rows: pays.map((p) => [p.number, p.paid_on, p.code, p.name, p.method, p.currency, money(-p.amount), money(-Number(p.allocated ?? 0)), money(-(p.amount - Number(p.allocated ?? 0))), p.reference]),
      };
    }
    case 'payables': {
      // Aging at the end of the range.
      const report = await payablesReport(db, to);
      return {
        header: ['supplier', 'bill', 'supplier_ref', 'due_date', 'bucket', 'amount_due'],
        rows: report.bills.map((b) => [b.supplierName, b.number, b.supplierRef, b.dueDate, b.bucket, money(b.amountDue)]),
      };
    }
  }
}

export type JournalDoc = { date: string; number: string; id: string; doc: BookDocument };

export async function purchasingJournalDocs(db: ReadDb, from: string, to: string): Promise<JournalDoc[]> {
  const docs: JournalDoc[] = [];
  const bills = await db.selectFrom('supplier_bill').select(['id', 'number', 'bill_date', 'total', 'matched_cost']).where('bill_date', '>=', from).where('bill_date', '<=', to).execute();
  for (const b of bills) docs.push({ date: b.bill_date, number: b.number, id: b.id, doc: { type: 'bill_difference', amount: b.total - b.matched_cost } });
  const returns = await db
    .selectFrom('supplier_return as r')
    .innerJoin('supplier_return_line as l', 'l.return_id', 'r.id')
    .select((eb) => ['r.id', 'r.number', 'r.returned_on', eb.fn.sum<number>(eb(eb.ref('l.quantity'), '*', eb.ref('l.unit_cost'))).as('value')])
    .where('r.returned_on', '>=', from)
    .where('r.returned_on', '<=', to)
    .groupBy(['r.id', 'r.number', 'r.returned_on'])
    .execute();
  for (const r of returns) docs.push({ date: r.returned_on, number: r.number, id: r.id, doc: { type: 'supplier_return', amount: Number(r.value) } });
  const pays = await db.selectFrom('supplier_payment').select(['id', 'number', 'paid_on', 'amount', 'method']).where('paid_on', '>=', from).where('paid_on', '<=', to).execute();
  for (const p of pays) docs.push({ date: p.paid_on, number: p.number, id: p.id, doc: { type: 'supplier_payment', method: p.method, amount: p.amount } });
  return docs;
}
