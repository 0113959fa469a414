import type { z } from 'zod';
import type { OpParsedInput } from '../../shared/contract/index.ts';
import type { payment as paymentSchema } from '../../shared/contract/payments.ts';
import { invalid, notFound } from '../../shared/errors.ts';
import { newId } from '../../shared/ids.ts';
import { addDays } from '../../shared/invoice-math.ts';
import { preparedQuery } from '../db/prepared.ts';
import type { CustomerBalanceTable, PaymentTable } from '../db/schema.ts';
import type { Handlers, ReadDb, WriteContext } from './context.ts';
import { getCustomerRow } from './customers.ts';
import { takeDocumentNumber } from './document-series.ts';
import { customerOpenInvoices, invoiceWithDue } from './invoice-queries.ts';
import { today } from './invoice-read.ts';
import { idCursorAfter, idPage } from './paging.ts';
import { readSettings } from './settings.ts';

type PaymentDto = z.infer<typeof paymentSchema>;
type AllocationRequest = { readonly invoiceId: string; readonly amount: number };
type Allocated = { readonly invoiceId: string; readonly invoiceNumber: string; readonly amount: number };

// Every payment recorded answers with its allocations: compiled once (db/prepared.ts).
const paymentRow = preparedQuery((db, p: { id: string }) => db.selectFrom('payment').selectAll().where('id', '=', p.id));
const paymentAllocations = preparedQuery((db, p: { paymentId: string }) =>
  db
    .selectFrom('payment_allocation as a')
    .innerJoin('invoice as i', 'i.id', 'a.invoice_id')
    .select(['a.invoice_id', 'i.number', 'a.amount', 'a.allocated_on'])
    .where('a.payment_id', '=', p.paymentId)
    .orderBy('a.id'),
);

async function getPaymentRow(db: ReadDb, id: string, field = 'id'): Promise<PaymentTable> {
  const [row] = await paymentRow(db, { id });
  if (!row) throw notFound('Payment', field, id);
  return row;
}

async function loadPayment(db: ReadDb, row: PaymentTable): Promise<PaymentDto> {
  const allocations = await paymentAllocations(db, { paymentId: row.id });
  return toPaymentDto(
    row,
    allocations.map((a) => ({ invoiceId: a.invoice_id, invoiceNumber: a.number, amount: a.amount, allocatedOn: a.allocated_on })),
  );
}

function toPaymentDto(row: PaymentTable, allocations: PaymentDto['allocations']): PaymentDto {
  const allocated = allocations.reduce((s, a) => s + a.amount, 0);
  return {
    id: row.id,
    number: row.number,
    kind: row.kind,
    customerId: row.customer_id,
    method: row.method as PaymentDto['method'],
    amount: row.amount,
    currency: row.currency,
    paidOn: row.paid_on,
    reference: row.reference,
    note: row.note,
    recordedAt: row.recorded_at,
    allocations,
    unallocated: row.amount - allocated,
  };
}

// A customer's sums, kept by triggers as documents are written (migration 0016): one row, however
// long the customer's history.
const balanceRow = preparedQuery((db, p: { customerId: string }) => db.selectFrom('customer_balance').selectAll().where('customer_id', '=', p.customerId));

async function customerBalance(db: ReadDb, customerId: string): Promise<Omit<CustomerBalanceTable, 'customer_id'>> {
  const [row] = await balanceRow(db, { customerId });
  return row ?? { invoiced: 0, credited: 0, paid: 0, refunded: 0, unallocated: 0, store_credit: 0 };
}

/** What a customer's payments left unallocated, less what refunds paid out without an invoice. */
export async function unallocatedCredit(db: ReadDb, customerId: string): Promise<number> {
  return (await customerBalance(db, customerId)).unallocated;
}

/** Store credit a customer holds: refunds given as store credit less payments made with it. */
export async function storeCreditOf(db: ReadDb, customerId: string): Promise<number> {
  return (await customerBalance(db, customerId)).store_credit;
}

/**
 * Allocates `available` of a payment (or refund) to invoices: the ones asked for, or by default
 * the oldest due first. A payment may not take an invoice below zero due; a refund may only
 * pay back what an invoice was overpaid. Returns what was allocated.
 *
 * Only the invoices concerned are read: the ones asked for by id, or the customer's open (or,
 * for a refund, overpaid) ones, filtered in SQLite. Reading every invoice of the customer and
 * its flows made each payment slower as the books grew.
 */
async function allocate(ctx: WriteContext, payment: PaymentTable, available: number, requests: readonly AllocationRequest[] | undefined, on: string): Promise<Allocated[]> {
  const sign = payment.kind === 'payment' ? 1 : -1;
  const plan: Allocated[] = [];
  if (requests) {
    const total = requests.reduce((s, r) => s + r.amount, 0);
    if (total > available) throw invalid('allocations', `The allocations add up to ${total}, more than the ${available} available`);
    const seen = new Set<string>();
    for (const [i, r] of requests.entries()) {
      if (seen.has(r.invoiceId)) throw invalid(`allocations.${i}.invoiceId`, 'This invoice is listed twice');
      seen.add(r.invoiceId);
      const entry = await invoiceWithDue(ctx.db, r.invoiceId);
      if (!entry) throw notFound('Invoice', `allocations.${i}.invoiceId`, r.invoiceId);
      if (entry.kind !== 'invoice' || entry.customer_id !== payment.customer_id) {
        throw invalid(`allocations.${i}.invoiceId`, entry.kind !== 'invoice' ? 'Payments are allocated to invoices, not credit notes' : 'This invoice belongs to another customer');
      }
      const open = sign * Number(entry.due);
      if (r.amount > open) {
        throw invalid(`allocations.${i}.amount`, payment.kind === 'payment' ? `Invoice ${entry.number} has ${Math.max(open, 0)} due` : `Invoice ${entry.number} has ${Math.max(open, 0)} to refund`);
      }
      plan.push({ invoiceId: r.invoiceId, invoiceNumber: entry.number, amount: r.amount });
    }
  } else {
    const dues = await customerOpenInvoices[payment.kind === 'payment' ? 'owed' : 'overpaid'](ctx.db, { customerId: payment.customer_id });
    let left = available;
    for (const d of dues) {
      if (left === 0) break;
      const open = sign * Number(d.due);
      if (open <= 0) continue;
      const take = Math.min(open, left);
      plan.push({ invoiceId: d.id, invoiceNumber: d.number, amount: take });
      left -= take;
    }
  }
  for (const p of plan) {
    await ctx.tx.insert('payment_allocation', { id: newId(), payment_id: payment.id, invoice_id: p.invoiceId, amount: p.amount, allocated_on: on, recorded_at: ctx.now, actor: ctx.caller.userId });
  }
  return plan;
}

/** payments.record's work, also used by cash-on-delivery remittances in their own transaction. */
export async function recordPayment(ctx: WriteContext, input: OpParsedInput<'payments.record'>): Promise<PaymentDto> {
  const customer = await getCustomerRow(ctx.db, input.customerId);
  const paidOn = input.paidOn ?? today(ctx.now);
  if (paidOn > addDays(today(ctx.now), 1)) throw invalid('paidOn', 'A payment cannot be dated in the future');
  const creditBefore = input.kind === 'refund' ? await unallocatedCredit(ctx.db, customer.id) : 0;
  if (input.method === 'store_credit' && input.kind === 'payment') {
    const held = await storeCreditOf(ctx.db, customer.id);
    if (input.amount > held) throw invalid('amount', `The customer has ${Math.max(held, 0)} of store credit; ${input.amount} is more`);
  }
  // Read once for the number and the currency.
  const settings = await ctx.tx.memo.get(['setting'], '', () => readSettings(ctx.db));
  const row: PaymentTable = {
    id: newId(),
    number: await takeDocumentNumber(ctx, input.kind, paidOn),
    kind: input.kind,
    customer_id: customer.id,
    method: input.method,
    amount: input.amount,
    currency: settings.currency,
    paid_on: paidOn,
    reference: input.reference,
    note: input.note,
    recorded_at: ctx.now,
    actor: ctx.caller.userId,
  };
  await ctx.tx.insert('payment', row);
  const plan = await allocate(ctx, row, input.amount, input.allocations, paidOn);
  const allocated = plan.reduce((s, p) => s + p.amount, 0);
  if (input.kind === 'refund' && input.amount - allocated > creditBefore) {
    throw invalid('amount', `The customer has ${Math.max(creditBefore, 0)} of credit and ${allocated} refundable on invoices; ${input.amount} is more`);
  }
  // Answered from the rows just written (allocations in the order they were inserted, as a read gives them).
  return toPaymentDto(row, plan.map((p) => ({ ...p, allocatedOn: paidOn })));
}

export const paymentsHandlers = {
  'payments.record': (ctx, input) => recordPayment(ctx, input),
  'payments.allocate': async (ctx, input) => {
    const row = await getPaymentRow(ctx.db, input.paymentId, 'paymentId');
    if (row.kind !== 'payment') throw invalid('paymentId', 'Only a payment can be allocated later; a refund is allocated when it is recorded');
    const current = await loadPayment(ctx.db, row);
    if (current.unallocated === 0) throw invalid('paymentId', `Payment ${row.number} is fully allocated`);
    await allocate(ctx, row, current.unallocated, input.allocations, today(ctx.now));
    return loadPayment(ctx.db, row);
  },
  'payments.get': async (ctx, input) => loadPayment(ctx.db, await getPaymentRow(ctx.db, input.id)),
  'payments.list': async (ctx, input) => {
    const after = idCursorAfter(input.cursor);
    let q = ctx.db.selectFrom('payment').selectAll();
    if (input.customerId) q = q.where('customer_id', '=', input.customerId);
    if (input.method) q = q.where('method', '=', input.method);
    if (input.dateFrom) q = q.where('paid_on', '>=', input.dateFrom);
    if (input.dateTo) q = q.where('paid_on', '<=', input.dateTo);
    if (after !== undefined) q = q.where('id', '<', after);
    const rows = await q.orderBy('id', 'desc').limit(input.limit + 1).execute();
    const { page, nextCursor } = idPage(rows, input.limit);
    const items = [];
    for (const r of page) items.push(await loadPayment(ctx.db, r));
    return { items, nextCursor };
  },
  'payments.account': async (ctx, input) => {
    await getCustomerRow(ctx.db, input.customerId);
    const b = await customerBalance(ctx.db, input.customerId);
    return {
      customerId: input.customerId,
      currency: (await readSettings(ctx.db)).currency,
      invoiced: b.invoiced,
      credited: b.credited,
      paid: b.paid,
      refunded: b.refunded,
      balance: b.invoiced - b.credited - b.paid + b.refunded,
      unallocatedCredit: b.unallocated,
      storeCredit: b.store_credit,
    };
  },
} satisfies Pick<Handlers, 'payments.record' | 'payments.allocate' | 'payments.get' | 'payments.list' | 'payments.account'>;
