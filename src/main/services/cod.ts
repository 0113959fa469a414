import { conflict, invalid, notFound } from '../../shared/errors.ts';
import { newId } from '../../shared/ids.ts';
import { addDays, invoiceBalance } from '../../shared/invoice-math.ts';
import type { CodChargeTable } from '../db/schema-books.ts';
import type { Handlers, ReadDb } from './context.ts';
import { invoiceFlows, today } from './invoice-read.ts';
import { recordPayment } from './payments.ts';
import { readSettings } from './settings.ts';

// Cash on delivery by carrier. A charge says what the carrier collects for one shipment; a
// remittance is the carrier paying those collections over, matched line by line. Each received
// amount becomes an ordinary cash_on_delivery payment of the shipment's invoice (so receivables,
// the journal and the payments report see it like any payment); the difference per line and the
// part of the remittance no line explains are kept and flagged, never booked away silently.

async function chargeRows(db: ReadDb, where: { chargeIds?: readonly string[]; open?: boolean; carrierId?: string | undefined }) {
  let q = db
    .selectFrom('cod_charge as c')
    .innerJoin('shipment as s', 's.id', 'c.shipment_id')
    .innerJoin('carrier as k', 'k.id', 'c.carrier_id')
    .innerJoin('sales_order as o', 'o.id', 'c.order_id')
    .leftJoin('invoice as i', 'i.id', 'c.invoice_id')
    .selectAll('c')
    .select(['s.number as shipment_number', 'k.code as carrier_code', 'k.name as carrier_name', 'o.number as order_number', 'i.number as invoice_number']);
  if (where.chargeIds) q = q.where('c.id', 'in', where.chargeIds.length ? where.chargeIds : ['']);
  if (where.carrierId) q = q.where('c.carrier_id', '=', where.carrierId);
  if (where.open) q = q.where(({ not, exists, selectFrom }) => not(exists(selectFrom('cod_remittance_line as r').select('r.id').whereRef('r.charge_id', '=', 'c.id'))));
  return q.orderBy('c.recorded_at').orderBy('c.id').execute();
}

type ChargeRow = Awaited<ReturnType<typeof chargeRows>>[number];
const chargeDto = (r: ChargeRow) => ({
  id: r.id,
  shipmentId: r.shipment_id,
  shipmentNumber: r.shipment_number,
  carrierId: r.carrier_id,
  carrierCode: r.carrier_code,
  orderId: r.order_id,
  orderNumber: r.order_number,
  invoiceId: r.invoice_id,
  invoiceNumber: r.invoice_number,
  amount: r.amount,
  currency: r.currency,
  recordedAt: r.recorded_at,
});

export const codHandlers = {
  'cod.record': async (ctx, input) => {
    const shipment = await ctx.db.selectFrom('shipment').select(['id', 'order_id', 'carrier_id']).where('id', '=', input.shipmentId).executeTakeFirst();
    if (!shipment) throw notFound('Shipment', 'shipmentId', input.shipmentId);
    if (!shipment.carrier_id) throw invalid('shipmentId', 'This shipment has no carrier; cash on delivery is collected by a carrier');
    const order = await ctx.db.selectFrom('sales_order').select(['id', 'customer_id']).where('id', '=', shipment.order_id).executeTakeFirstOrThrow();
    const invoices = await ctx.db.selectFrom('invoice').select(['id', 'order_id']).where('order_id', '=', order.id).where('kind', '=', 'invoice').orderBy('issue_date').orderBy('number').execute();
    let invoiceId: string | null = null;
    if (input.invoiceId) {
      if (!invoices.some((i) => i.id === input.invoiceId)) throw invalid('invoiceId', 'Not an invoice of this shipment\u2019s order');
      invoiceId = input.invoiceId;
    } else if (invoices.length > 0) invoiceId = invoices[invoices.length - 1]!.id;
    const existing = await ctx.db.selectFrom('cod_charge').select('id').where('shipment_id', '=', shipment.id).executeTakeFirst();
    if (existing) throw conflict('This shipment already has its cash-on-delivery amount', { chargeId: existing.id }, 'shipmentId');
    const row: CodChargeTable = {
      id: newId(),
      shipment_id: shipment.id,
      carrier_id: shipment.carrier_id,
      order_id: order.id,
      customer_id: order.customer_id,
      invoice_id: invoiceId,
      amount: input.amount,
      currency: (await readSettings(ctx.db)).currency,
      recorded_at: ctx.now,
      actor: ctx.caller.userId,
    };
    await ctx.tx.insert('cod_charge', row);
    return chargeDto((await chargeRows(ctx.db, { chargeIds: [row.id] }))[0]!);
  },

  'cod.reconcile': async (ctx, input) => {
    const carrier = await ctx.db.selectFrom('carrier').select(['id', 'code']).where('id', '=', input.carrierId).executeTakeFirst();
    if (!carrier) throw notFound('Carrier', 'carrierId', input.carrierId);
    const remittedOn = input.remittedOn ?? today(ctx.now);
    if (remittedOn > addDays(today(ctx.now), 1)) throw invalid('remittedOn', 'A remittance cannot be dated in the future');
    const dup = await ctx.db.selectFrom('cod_remittance').select('id').where('carrier_id', '=', carrier.id).where('reference', '=', input.reference).executeTakeFirst();
    if (dup) throw conflict(`Remittance ${input.reference} of ${carrier.code} is already recorded`, { remittanceId: dup.id }, 'reference');
    const charges = await ctx.db.selectFrom('cod_charge').selectAll().where('shipment_id', 'in', input.lines.map((l) => l.shipmentId)).execute();
    const settled = new Set(
      (await ctx.db.selectFrom('cod_remittance_line').select('charge_id').where('charge_id', 'in', charges.length ? charges.map((c) => c.id) : ['']).execute()).map((r) => r.charge_id),
    );
    const seen = new Set<string>();
    const matched = input.lines.map((l, i) => {
      const charge = charges.find((c) => c.shipment_id === l.shipmentId);
      if (!charge) throw invalid(`lines.${i}.shipmentId`, 'This shipment has no cash-on-delivery amount recorded');
      if (charge.carrier_id !== carrier.id) throw invalid(`lines.${i}.shipmentId`, 'This shipment went with another carrier');
      if (seen.has(charge.id)) throw invalid(`lines.${i}.shipmentId`, 'This shipment is listed twice');
      if (settled.has(charge.id)) throw conflict('This shipment\u2019s cash on delivery is already reconciled', { chargeId: charge.id }, `lines.${i}.shipmentId`);
      seen.add(charge.id);
      return { charge, received: l.received };
    });
    const { currency } = await readSettings(ctx.db);
    const remittanceId = newId();
    await ctx.tx.insert('cod_remittance', { id: remittanceId, carrier_id: carrier.id, remitted_on: remittedOn, amount: input.amount, reference: input.reference, currency, recorded_at: ctx.now, actor: ctx.caller.userId });
    const payments = new Map<string, string>();
    for (const m of matched) {
      let paymentId: string | null = null;
      if (m.received > 0) {
        // Paid to the shipment's invoice as far as it is due; the rest stays customer credit.
        const due = m.charge.invoice_id ? await invoiceDue(ctx.db, m.charge.invoice_id) : 0;
        const onInvoice = Math.min(due, m.received);
        const p = await recordPayment(ctx, {
          customerId: m.charge.customer_id,
          kind: 'payment',
          method: 'cash_on_delivery',
          amount: m.received,
          paidOn: remittedOn,
          reference: `${carrier.code} ${input.reference}`.slice(0, 100),
          note: null,
          ...(onInvoice > 0 ? { allocations: [{ invoiceId: m.charge.invoice_id!, amount: onInvoice }] } : { allocations: undefined }),
        } as never);
        paymentId = p.id;
        payments.set(p.id, p.number);
      }
      await ctx.tx.insert('cod_remittance_line', { id: newId(), remittance_id: remittanceId, charge_id: m.charge.id, expected: m.charge.amount, received: m.received, payment_id: paymentId });
    }
    const lines = await Promise.all(
      matched.map(async (m) => {
        const difference = m.received - m.charge.amount;
        const shipment = await ctx.db.selectFrom('shipment').select('number').where('id', '=', m.charge.shipment_id).executeTakeFirstOrThrow();
        const line = await ctx.db.selectFrom('cod_remittance_line').select('payment_id').where('charge_id', '=', m.charge.id).executeTakeFirstOrThrow();
        return {
          shipmentId: m.charge.shipment_id,
          shipmentNumber: shipment.number,
          expected: m.charge.amount,
          received: m.received,
          difference,
          flag: difference === 0 ? ('matched' as const) : difference < 0 ? ('short' as const) : ('over' as const),
          paymentNumber: line.payment_id ? (payments.get(line.payment_id) ?? null) : null,
        };
      }),
    );
    const received = lines.reduce((s, l) => s + l.received, 0);
    const difference = lines.reduce((s, l) => s + l.difference, 0);
    const unexplained = input.amount - received;
    return {
      id: remittanceId,
      carrierId: carrier.id,
      carrierCode: carrier.code,
      remittedOn,
      reference: input.reference,
      amount: input.amount,
      currency,
      lines,
      difference,
      unexplained,
      flagged: unexplained !== 0 || lines.some((l) => l.flag !== 'matched'),
    };
  },

  'reports.codOutstanding': async (ctx, input) => {
    const rows = await chargeRows(ctx.db, { open: true, carrierId: input.carrierId });
    const byCarrier = new Map<string, { carrierId: string; carrierCode: string; carrierName: string; shipments: number; amount: number; oldest: string }>();
    for (const r of rows) {
      const c = byCarrier.get(r.carrier_id) ?? { carrierId: r.carrier_id, carrierCode: r.carrier_code, carrierName: r.carrier_name, shipments: 0, amount: 0, oldest: r.recorded_at };
      c.shipments++;
      c.amount += r.amount;
      if (r.recorded_at < c.oldest) c.oldest = r.recorded_at;
      byCarrier.set(r.carrier_id, c);
    }
    return {
      currency: (await readSettings(ctx.db)).currency,
      total: rows.reduce((s, r) => s + r.amount, 0),
      carriers: [...byCarrier.values()].sort((a, b) => (a.carrierCode < b.carrierCode ? -1 : 1)),
      shipments: rows.map(chargeDto),
    };
  },
} satisfies Pick<Handlers, 'cod.record' | 'cod.reconcile' | 'reports.codOutstanding'>;

/** What is due on one invoice now (gross − credit notes − payments + refunds). */
async function invoiceDue(db: ReadDb, invoiceId: string): Promise<number> {
  const inv = await db.selectFrom('invoice').select(['id', 'gross_total']).where('id', '=', invoiceId).executeTakeFirstOrThrow();
  const flows = await invoiceFlows(db, [invoiceId]);
  return Math.max(0, invoiceBalance({ gross: inv.gross_total, ...flows.get(invoiceId)! }).amountDue);
}
