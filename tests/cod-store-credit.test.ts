// Cash on delivery by carrier (amounts per shipment, remittances matched against them with the
// differences flagged, outstanding per carrier) and store credit as a payment method.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../src/shared/csv.ts';
import { openTestLedger, smallShop, type TestLedger } from './helpers.ts';

let t: TestLedger;
let shop: Awaited<ReturnType<typeof smallShop>>;
let sf: string;
let jd: string;
const shipments: { id: string; invoiceId: string; gross: number }[] = [];

async function shippedAndInvoiced(carrierId: string, quantity: number) {
  const o = await t.call('orders.create', { customerId: shop.customer.id, warehouseId: shop.main.id, lines: [{ productId: shop.tea.id, quantity }] });
  await t.call('orders.confirm', { id: o.id });
  const s = await t.call('shipments.create', { orderId: o.id, carrierId });
  const inv = await t.call('invoices.issue', { orderId: o.id });
  return { id: s.id, invoiceId: inv.id, gross: inv.grossTotal };
}

beforeAll(async () => {
  t = await openTestLedger();
  shop = await smallShop(t);
  await t.call('stock.receive', { warehouseId: shop.main.id, lines: [{ productId: shop.tea.id, quantity: 100 }] });
  sf = (await t.call('carriers.create', { code: 'SFX', name: 'SF test' })).id;
  jd = (await t.call('carriers.create', { code: 'JDX', name: 'JD test' })).id;
  for (const [c, q] of [[sf, 1], [sf, 2], [sf, 3], [jd, 1]] as const) shipments.push(await shippedAndInvoiced(c, q));
});

afterAll(async () => {
  const report = await t?.call('system.verify', {});
  await t?.close();
  expect(report?.problems).toEqual([]);
});

describe('cash on delivery by carrier', () => {
  it('records what the carrier collects per shipment, once, and reports it outstanding per carrier', async () => {
    for (const s of shipments) {
      const c = await t.call('cod.record', { shipmentId: s.id, amount: s.gross });
      expect([c.invoiceId, c.amount]).toEqual([s.invoiceId, s.gross]);
    }
    const again = await t.reject('cod.record', { shipmentId: shipments[0]!.id, amount: 100 });
    expect([again.code, again.field]).toEqual(['conflict', 'shipmentId']);
    const out = await t.call('reports.codOutstanding', {});
    const sfGross = shipments.slice(0, 3).reduce((s, x) => s + x.gross, 0);
    expect(out.carriers.map((c) => [c.carrierCode, c.shipments, c.amount])).toEqual([['JDX', 1, shipments[3]!.gross], ['SFX', 3, sfGross]]);
    expect(out.total).toBe(sfGross + shipments[3]!.gross);
    expect((await t.call('reports.codOutstanding', { carrierId: jd })).shipments.map((s) => s.shipmentId)).toEqual([shipments[3]!.id]);
  });

  it('reconciles a remittance: payments of the invoices, short and over lines and unexplained money flagged', async () => {
    const [a, b] = shipments;
    const r = await t.call('cod.reconcile', {
      carrierId: sf,
      reference: 'SF-2026-11',
      amount: a!.gross + b!.gross - 100 + 50,
      lines: [{ shipmentId: a!.id, received: a!.gross }, { shipmentId: b!.id, received: b!.gross - 100 }],
    });
    expect(r.lines.map((l) => [l.flag, l.difference])).toEqual([['matched', 0], ['short', -100]]);
    expect([r.difference, r.unexplained, r.flagged]).toEqual([-100, 50, true]);
    expect((await t.call('invoices.get', { id: a!.invoiceId })).balance?.status).toBe('paid');
    const second = await t.call('invoices.get', { id: b!.invoiceId });
    expect([second.balance?.status, second.balance?.amountDue]).toEqual(['partially_paid', 100]);
    const pays = await t.call('payments.list', { customerId: shop.customer.id, method: 'cash_on_delivery' });
    expect(pays.items.map((p) => p.amount).sort((x, y) => x - y)).toEqual([a!.gross, b!.gross - 100].sort((x, y) => x - y));
    const out = await t.call('reports.codOutstanding', { carrierId: sf });
    expect(out.shipments.map((s) => s.shipmentId)).toEqual([shipments[2]!.id]);
  });

  it('refuses another carrier\u2019s shipment, a shipment already reconciled, a reused reference and unknown shipments, writing nothing', async () => {
    const base = { carrierId: sf, amount: 1, reference: 'SF-2026-12' };
    expect((await t.reject('cod.reconcile', { ...base, lines: [{ shipmentId: shipments[3]!.id, received: 1 }] })).field).toBe('lines.0.shipmentId');
    const twice = await t.reject('cod.reconcile', { ...base, lines: [{ shipmentId: shipments[2]!.id, received: 1 }, { shipmentId: shipments[0]!.id, received: 1 }] });
    expect([twice.code, twice.field]).toEqual(['conflict', 'lines.1.shipmentId']);
    const reused = await t.reject('cod.reconcile', { ...base, reference: 'SF-2026-11', lines: [{ shipmentId: shipments[2]!.id, received: 1 }] });
    expect([reused.code, reused.field]).toEqual(['conflict', 'reference']);
    expect((await t.reject('cod.reconcile', { ...base, lines: [{ shipmentId: '01900000-0000-7000-8000-000000000000', received: 1 }] })).field).toBe('lines.0.shipmentId');
    // A clean remittance is not flagged.
    const ok = await t.call('cod.reconcile', { ...base, amount: shipments[2]!.gross, lines: [{ shipmentId: shipments[2]!.id, received: shipments[2]!.gross }] });
    expect([ok.flagged, ok.unexplained]).toEqual([false, 0]);
    expect((await t.call('reports.codOutstanding', { carrierId: sf })).total).toBe(0);
  });
});

describe('store credit', () => {
  it('a refund as store credit gives credit, a payment with it spends it and never more; the journal books it on its own account', async () => {
    const target = shipments[3]!;
    // The JD order is paid in full, then credited: the money comes back as store credit.
    await t.call('payments.record', { customerId: shop.customer.id, method: 'cash', amount: target.gross, allocations: [{ invoiceId: target.invoiceId, amount: target.gross }] });
    await t.call('invoices.credit', { invoiceId: target.invoiceId, reason: 'returned' });
    await t.call('payments.record', { customerId: shop.customer.id, kind: 'refund', method: 'store_credit', amount: target.gross, allocations: [{ invoiceId: target.invoiceId, amount: target.gross }] });
    expect((await t.call('payments.account', { customerId: shop.customer.id })).storeCredit).toBe(target.gross);
    const owed = shipments[1]!;
    const tooMuch = await t.reject('payments.record', { customerId: shop.customer.id, method: 'store_credit', amount: target.gross + 1 });
    expect([tooMuch.code, tooMuch.field]).toEqual(['invalid', 'amount']);
    await t.call('payments.record', { customerId: shop.customer.id, method: 'store_credit', amount: 100, allocations: [{ invoiceId: owed.invoiceId, amount: 100 }] });
    expect((await t.call('invoices.get', { id: owed.invoiceId })).balance?.status).toBe('paid');
    expect((await t.call('payments.account', { customerId: shop.customer.id })).storeCredit).toBe(target.gross - 100);
    const today = new Date().toISOString().slice(0, 10);
    const journal = parseCsv((await t.call('exports.csv', { dataset: 'journal', dateFrom: today, dateTo: today })).content);
    const storeLines = journal.filter((l) => l[4] === '2210');
    expect(storeLines.map((l) => [l[3], l[5], l[6]])).toEqual(
      expect.arrayContaining([
        ['refund', '', (target.gross / 100).toFixed(2)].map((x, i) => (i === 1 ? expect.any(String) : x)),
      ]),
    );
    // Store credit is a customer's: expenses and supplier payments refuse it.
    const cat = await t.call('books.createCategory', { kind: 'expense', code: 'MISC', name: 'Misc' });
    expect((await t.reject('books.record', { categoryId: cat.id, amount: 1, method: 'store_credit', description: 'x' })).field).toBe('method');
  });
});
