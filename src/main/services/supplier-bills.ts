import type { z } from 'zod';
import type { PAYMENT_METHODS } from '../../shared/contract/payments.ts';
import type { supplierBill } from '../../shared/contract/purchasing.ts';
import { AppError, conflict, invalid, notFound } from '../../shared/errors.ts';
import { newId } from '../../shared/ids.ts';
import { addDays, AGING_BUCKETS, agingBucket, type AgingBucket } from '../../shared/invoice-math.ts';
import { allocateToBills, billLineFlags, type BillFlag } from '../../shared/purchasing.ts';
import type { SupplierBillTable, SupplierPaymentTable } from '../db/schema-purchasing.ts';
import type { Handlers, ReadDb } from './context.ts';
import { today } from './invoice-read.ts';
import { idCursorAfter, idPage } from './paging.ts';
import { PURCHASING_SERIES, takePurchasingNumber } from './purchasing-series.ts';
import { readSettings } from './settings.ts';
import { getSupplierRow } from './suppliers.ts';

type BillDto = z.infer<typeof supplierBill>;

/** Paid on each bill by payments dated up to `asOf` (all payments without a date). */
async function paidOn(db: ReadDb, billIds: readonly string[], asOf?: string): Promise<Map<string, number>> {
  if (billIds.length === 0) return new Map();
  let q = db
    .selectFrom('supplier_payment_allocation as a')
    .innerJoin('supplier_payment as p', 'p.id', 'a.payment_id')
    .select((eb) => ['a.bill_id', eb.fn.sum<number>('a.amount').as('paid')])
    .where('a.bill_id', 'in', billIds)
    .groupBy('a.bill_id');
  if (asOf) q = q.where('p.paid_on', '<=', asOf);
  return new Map((await q.execute()).map((r) => [r.bill_id, Number(r.paid)]));
}

async function billHeaders(db: ReadDb, rows: readonly SupplierBillTable[]): Promise<Omit<BillDto, 'lines'>[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const paid = await paidOn(db, ids);
  const names = new Map((await db.selectFrom('supplier').select(['id', 'name']).where('id', 'in', [...new Set(rows.map((r) => r.supplier_id))]).execute()).map((s) => [s.id, s.name]));
  const flagged = new Set((await db.selectFrom('supplier_bill_line').select('bill_id').where('bill_id', 'in', ids).where('flags', '!=', '[]').execute()).map((r) => r.bill_id));
  return rows.map((b) => ({
    id: b.id,
    number: b.number,
    supplierId: b.supplier_id,
    supplierName: names.get(b.supplier_id) ?? '',
    supplierRef: b.supplier_ref,
    billDate: b.bill_date,
    dueDate: b.due_date,
    currency: b.currency,
    total: b.total,
    matchedCost: b.matched_cost,
    paid: paid.get(b.id) ?? 0,
    amountDue: b.total - (paid.get(b.id) ?? 0),
    flagged: flagged.has(b.id) || b.total !== b.matched_cost,
  }));
}

async function loadBill(db: ReadDb, id: string): Promise<BillDto> {
  const row = await db.selectFrom('supplier_bill').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('Supplier bill', 'id', id);
  const [header] = await billHeaders(db, [row]);
  const lines = await db.selectFrom('supplier_bill_line as l').innerJoin('product as p', 'p.id', 'l.product_id').selectAll('l').select('p.sku').where('l.bill_id', '=', id).orderBy('l.line_no').execute();
  return {
    ...header!,
    lines: lines.map((l) => ({
      lineNo: l.line_no,
      receiptLineId: l.receipt_line_id,
      productId: l.product_id,
      sku: l.sku,
      quantity: l.quantity,
      unitPrice: l.unit_price,
      amount: l.amount,
      billableQty: l.billable_qty,
      receiptCost: l.receipt_cost,
      flags: JSON.parse(l.flags) as BillFlag[],
    })),
  };
}

/** Payments as the list shows them: the supplier's name, the bills each paid, and the rest left as credit. */
async function paymentRows(db: ReadDb, rows: readonly SupplierPaymentTable[]) {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const names = new Map((await db.selectFrom('supplier').select(['id', 'name']).where('id', 'in', [...new Set(rows.map((r) => r.supplier_id))]).execute()).map((s) => [s.id, s.name]));
  const allocations = await db
    .selectFrom('supplier_payment_allocation as a')
    .innerJoin('supplier_bill as b', 'b.id', 'a.bill_id')
    .select(['a.payment_id', 'a.bill_id', 'b.number', 'a.amount'])
    .where('a.payment_id', 'in', ids)
    .orderBy('a.payment_id')
    .orderBy('b.number')
    .execute();
  return rows.map((p) => {
    const mine = allocations.filter((a) => a.payment_id === p.id).map((a) => ({ billId: a.bill_id, billNumber: a.number, amount: a.amount }));
    return {
      id: p.id,
      number: p.number,
      supplierId: p.supplier_id,
      supplierName: names.get(p.supplier_id) ?? '',
      paidOn: p.paid_on,
      amount: p.amount,
      currency: p.currency,
      method: p.method as (typeof PAYMENT_METHODS)[number],
      reference: p.reference,
      allocations: mine,
      unallocated: p.amount - mine.reduce((sum, a) => sum + a.amount, 0),
    };
  });
}

export async function payablesReport(db: ReadDb, asOf: string) {
  const { currency } = await readSettings(db);
  const bills = await db.selectFrom('supplier_bill as b').innerJoin('supplier as s', 's.id', 'b.supplier_id').selectAll('b').select('s.name as supplier_name').where('b.bill_date', '<=', asOf).orderBy('b.due_date').orderBy('b.number').execute();
  const paid = await paidOn(db, bills.map((b) => b.id), asOf);
  const zero = () => Object.fromEntries(AGING_BUCKETS.map((b) => [b, 0])) as Record<AgingBucket, number>;
  const totals = { ...zero(), total: 0 };
  const bySupplier = new Map<string, ReturnType<typeof zero> & { supplierId: string; supplierName: string; total: number; credit: number }>();
  const supplierRow = (id: string, name: string) => {
    const row = bySupplier.get(id) ?? { supplierId: id, supplierName: name, ...zero(), total: 0, credit: 0 };
    bySupplier.set(id, row);
    return row;
  };
  const open = [];
  for (const b of bills) {
    const due = b.total - (paid.get(b.id) ?? 0);
    if (due === 0) continue;
    const bucket = agingBucket(b.due_date, asOf);
    const s = supplierRow(b.supplier_id, b.supplier_name);
    s[bucket] += due;
    s.total += due;
    totals[bucket] += due;
    totals.total += due;
    open.push({ id: b.id, number: b.number, supplierRef: b.supplier_ref, supplierId: b.supplier_id, supplierName: b.supplier_name, dueDate: b.due_date, amountDue: due, bucket });
  }
  // Paid and not yet set against a bill: credit with the supplier, shown beside what is owed.
  const credits = await db
    .selectFrom('supplier_payment as p')
    .innerJoin('supplier as s', 's.id', 'p.supplier_id')
    .select((eb) => [
      'p.supplier_id',
      's.name',
      eb.fn.sum<number>(eb(eb.ref('p.amount'), '-', eb.fn.coalesce(eb.selectFrom('supplier_payment_allocation as a').select((e) => e.fn.sum<number>('a.amount').as('n')).whereRef('a.payment_id', '=', 'p.id'), eb.lit(0)))).as('credit'),
    ])
    .where('p.paid_on', '<=', asOf)
    .groupBy(['p.supplier_id', 's.name'])
    .execute();
  for (const c of credits) if (Number(c.credit) > 0) supplierRow(c.supplier_id, c.name).credit = Number(c.credit);
  const suppliers = [...bySupplier.values()].sort((a, b) => (a.supplierName < b.supplierName ? -1 : a.supplierName > b.supplierName ? 1 : 0));
  return { asOf, currency, totals, suppliers, bills: open };
}

export const supplierBillsHandlers = {
  'supplierBills.create': async (ctx, input) => {
    const supplier = await getSupplierRow(ctx.db, input.supplierId);
    const billDate = input.billDate ?? today(ctx.now);
    if (billDate > addDays(today(ctx.now), 1)) throw invalid('billDate', 'A bill cannot be dated in the future');
    const dueDate = input.dueDate ?? addDays(billDate, supplier.payment_terms_days);
    if (dueDate < billDate) throw invalid('dueDate', 'A bill cannot be due before its date');
    const taken = await ctx.db.selectFrom('supplier_bill').select(['id', 'number']).where('supplier_id', '=', supplier.id).where('supplier_ref', '=', input.supplierRef).executeTakeFirst();
    if (taken) throw conflict(`Bill ${input.supplierRef} of ${supplier.code} is already entered as ${taken.number}`, { billId: taken.id }, 'supplierRef');
    const id = newId();
    const lines = [];
    const seen = new Set<string>();
    let total = 0;
    let matchedCost = 0;
    for (const [i, l] of input.lines.entries()) {
      const field = `lines.${i}`;
      const rl = await ctx.db
        .selectFrom('purchase_receipt_line as rl')
        .innerJoin('purchase_receipt as r', 'r.id', 'rl.receipt_id')
        .innerJoin('purchase_order as po', 'po.id', 'r.po_id')
        .select(['rl.id', 'rl.product_id', 'rl.quantity', 'rl.unit_cost', 'po.supplier_id'])
        .select((eb) => [
          eb.selectFrom('supplier_return_line as x').select((e) => e.fn.coalesce(e.fn.sum<number>('x.quantity'), e.lit(0)).as('n')).whereRef('x.receipt_line_id', '=', 'rl.id').as('returned'),
          eb.selectFrom('supplier_bill_line as x').select((e) => e.fn.coalesce(e.fn.sum<number>('x.quantity'), e.lit(0)).as('n')).whereRef('x.receipt_line_id', '=', 'rl.id').as('billed'),
        ])
        .where('rl.id', '=', l.receiptLineId)
        .executeTakeFirst();
      if (!rl) throw new AppError({ code: 'not_found', field: `${field}.receiptLineId`, message: `Receipt line ${l.receiptLineId} was not found`, details: { value: l.receiptLineId } });
      if (rl.supplier_id !== supplier.id) throw invalid(`${field}.receiptLineId`, `This receipt line is from another supplier than ${supplier.code}`);
      if (seen.has(rl.id)) throw invalid(`${field}.receiptLineId`, 'The same receipt line is listed twice');
      seen.add(rl.id);
      const amount = l.quantity * l.unitPrice;
      if (!Number.isSafeInteger(amount) || !Number.isSafeInteger(total + amount)) throw invalid(`${field}.unitPrice`, 'Quantity × price is beyond what the ledger can add up exactly');
      const billableQty = rl.quantity - Number(rl.returned ?? 0) - Number(rl.billed ?? 0);
      const flags = billLineFlags({ quantity: l.quantity, billableQty, unitPrice: l.unitPrice, receiptCost: rl.unit_cost });
      total += amount;
      // Only what the receipts put on the books is matched; billed beyond it is a difference.
      matchedCost += Math.min(l.quantity, Math.max(billableQty, 0)) * rl.unit_cost;
      lines.push({ id: newId(), bill_id: id, line_no: i + 1, receipt_line_id: rl.id, product_id: rl.product_id, quantity: l.quantity, unit_price: l.unitPrice, amount, billable_qty: billableQty, receipt_cost: rl.unit_cost, flags: JSON.stringify(flags) });
    }
    await ctx.tx.insert('supplier_bill', {
      id,
      number: await takePurchasingNumber(ctx, PURCHASING_SERIES.bill),
      supplier_id: supplier.id,
      supplier_ref: input.supplierRef,
      bill_date: billDate,
      due_date: dueDate,
      currency: (await readSettings(ctx.db)).currency,
      total,
      matched_cost: matchedCost,
      created_at: ctx.now,
      actor: ctx.caller.userId,
    });
    for (const line of lines) await ctx.tx.insert('supplier_bill_line', line);
    return loadBill(ctx.db, id);
  },
  'supplierBills.get': (ctx, input) => loadBill(ctx.db, input.id),
  'supplierBills.list': async (ctx, input) => {
    const after = idCursorAfter(input.cursor);
    let q = ctx.db.selectFrom('supplier_bill').selectAll();
    if (input.supplierId) q = q.where('supplier_id', '=', input.supplierId);
    if (input.unpaidOnly) {
      q = q.where((eb) => eb('total', '>', eb.fn.coalesce(eb.selectFrom('supplier_payment_allocation as a').select((e) => e.fn.sum<number>('a.amount').as('n')).whereRef('a.bill_id', '=', 'supplier_bill.id'), eb.lit(0))));
    }
    if (after !== undefined) q = q.where('id', '<', after);
    const rows = await q.orderBy('id', 'desc').limit(input.limit + 1).execute();
    const { page, nextCursor } = idPage(rows, input.limit);
    return { items: await billHeaders(ctx.db, page), nextCursor };
  },
  'supplierPayments.create': async (ctx, input) => {
    const supplier = await getSupplierRow(ctx.db, input.supplierId);
    const paidDate = input.paidOn ?? today(ctx.now);
    if (paidDate > addDays(today(ctx.now), 1)) throw invalid('paidOn', 'A payment cannot be dated in the future');
    let candidates: SupplierBillTable[];
    if (input.billIds) {
      const given: SupplierBillTable[] = [];
      for (const [i, billId] of input.billIds.entries()) {
        const b = await ctx.db.selectFrom('supplier_bill').selectAll().where('id', '=', billId).executeTakeFirst();
        if (!b) throw notFound('Supplier bill', `billIds.${i}`, billId);
        if (b.supplier_id !== supplier.id) throw invalid(`billIds.${i}`, `This bill is not from ${supplier.code}`);
        if (given.some((g) => g.id === b.id)) throw invalid(`billIds.${i}`, 'The same bill is listed twice');
        given.push(b);
      }
      candidates = given;
    } else {
      candidates = await ctx.db.selectFrom('supplier_bill').selectAll().where('supplier_id', '=', supplier.id).orderBy('due_date').orderBy('number').execute();
    }
    if (input.method === 'store_credit') throw invalid('method', 'Store credit is what customers hold; pay suppliers another way');
    const paid = await paidOn(ctx.db, candidates.map((b) => b.id));
    const { allocations, unallocated } = allocateToBills(input.amount, candidates.map((b) => ({ id: b.id, due: b.total - (paid.get(b.id) ?? 0) })));
    const id = newId();
    const number = await takePurchasingNumber(ctx, PURCHASING_SERIES.payment);
    const currency = (await readSettings(ctx.db)).currency;
    await ctx.tx.insert('supplier_payment', { id, number, supplier_id: supplier.id, paid_on: paidDate, amount: input.amount, currency, method: input.method, reference: input.reference, created_at: ctx.now, actor: ctx.caller.userId });
    for (const a of allocations) await ctx.tx.insert('supplier_payment_allocation', { id: newId(), payment_id: id, bill_id: a.billId, amount: a.amount });
    const numbers = new Map(candidates.map((b) => [b.id, b.number]));
    return {
      id,
      number,
      supplierId: supplier.id,
      paidOn: paidDate,
      amount: input.amount,
      currency,
      method: input.method,
      reference: input.reference,
      allocations: allocations.map((a) => ({ billId: a.billId, billNumber: numbers.get(a.billId)!, amount: a.amount })),
      unallocated,
    };
  },
  'supplierPayments.list': async (ctx, input) => {
    const after = idCursorAfter(input.cursor);
    let q = ctx.db.selectFrom('supplier_payment').selectAll();
    // An unknown supplier is named, not answered with an empty list that looks like "never paid".
    if (input.supplierId) q = q.where('supplier_id', '=', (await getSupplierRow(ctx.db, input.supplierId)).id);
    if (after !== undefined) q = q.where('id', '<', after);
    const rows = await q.orderBy('id', 'desc').limit(input.limit + 1).execute();
    const { page, nextCursor } = idPage(rows, input.limit);
    return { items: await paymentRows(ctx.db, page), nextCursor };
  },
  'reports.payables': (ctx, input) => payablesReport(ctx.db, input.asOf ?? today(ctx.now)),
} satisfies Pick<Handlers, 'supplierBills.create' | 'supplierBills.get' | 'supplierBills.list' | 'supplierPayments.create' | 'supplierPayments.list' | 'reports.payables'>;
