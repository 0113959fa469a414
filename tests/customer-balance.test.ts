// A customer's balance is kept by triggers as documents are written (migration 0016), so that
// recording a payment or a refund reads one row instead of the customer's whole history. The
// kept sums must equal the documents after every kind of step (payments, overpayment credit,
// credit used later, credit notes, refunds, store credit), refusals must leave them as they were,
// an upgraded ledger must get them from its documents, and verify must name a tampered row.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { openApp } from '../src/main/app.ts';
import { openRawDatabase } from '../src/main/db/connection.ts';
import { exportLedger, importLedger } from '../src/main/exchange/ledger-export.ts';
import { LOCAL_OWNER } from '../src/shared/permissions.ts';
import { openTestLedger, smallShop, type TestLedger } from './helpers.ts';

let t: TestLedger;
let s: Awaited<ReturnType<typeof smallShop>>;

beforeEach(async () => {
  t = await openTestLedger();
  s = await smallShop(t);
  await t.call('stock.receive', { warehouseId: s.main.id, lines: [{ productId: s.tea.id, quantity: 50 }, { productId: s.cup.id, quantity: 50 }] });
});

afterEach(async () => {
  await t.close();
});

type Sums = { invoiced: number; credited: number; paid: number; refunded: number; unallocated: number; store_credit: number };

/** The customer's sums straight from the documents, the way the old code summed them. */
function fromDocuments(customerId: string): Sums {
  const raw = t.app.ledger.raw;
  const one = (sql: string) => (raw.prepare(sql).get(customerId) as { n: number | null }).n ?? 0;
  return {
    invoiced: one("SELECT sum(gross_total) AS n FROM invoice WHERE customer_id = ? AND kind = 'invoice'"),
    credited: one("SELECT sum(gross_total) AS n FROM invoice WHERE customer_id = ? AND kind = 'credit_note'"),
    paid: one("SELECT sum(amount) AS n FROM payment WHERE customer_id = ? AND kind = 'payment'"),
    refunded: one("SELECT sum(amount) AS n FROM payment WHERE customer_id = ? AND kind = 'refund'"),
    unallocated: one(
      `SELECT sum(CASE p.kind WHEN 'payment' THEN 1 ELSE -1 END * (p.amount - coalesce((SELECT sum(a.amount) FROM payment_allocation a WHERE a.payment_id = p.id), 0))) AS n
       FROM payment p WHERE p.customer_id = ?`,
    ),
    store_credit: one("SELECT sum(CASE kind WHEN 'refund' THEN amount ELSE -amount END) AS n FROM payment WHERE customer_id = ? AND method = 'store_credit'"),
  };
}

function kept(customerId: string): Sums | undefined {
  return t.app.ledger.raw
    .prepare('SELECT invoiced, credited, paid, refunded, unallocated, store_credit FROM customer_balance WHERE customer_id = ?')
    .get(customerId) as Sums | undefined;
}

/** The kept row, the documents and payments.account all agree. */
async function expectBalance(customerId: string, want: Partial<Sums>): Promise<void> {
  const docs = fromDocuments(customerId);
  // A customer without documents has no row yet.
  expect(kept(customerId) ?? { invoiced: 0, credited: 0, paid: 0, refunded: 0, unallocated: 0, store_credit: 0 }).toEqual(docs);
  expect(docs).toMatchObject(want);
  const account = await t.call('payments.account', { customerId });
  expect(account).toMatchObject({
    invoiced: docs.invoiced,
    credited: docs.credited,
    paid: docs.paid,
    refunded: docs.refunded,
    balance: docs.invoiced - docs.credited - docs.paid + docs.refunded,
    unallocatedCredit: docs.unallocated,
    storeCredit: docs.store_credit,
  });
}

async function invoiced(lines: { productId: string; quantity: number }[], customerId = s.customer.id) {
  const o = await t.call('orders.create', { customerId, warehouseId: s.main.id, lines });
  await t.call('orders.confirm', { id: o.id });
  return t.call('invoices.issue', { orderId: o.id });
}

describe('customer balance', () => {
  it('stays equal to the documents through payments, overpayment credit, credit used, credit notes, refunds and store credit', async () => {
    const other = await t.call('customers.create', { name: 'Li Lei' });
    const c = s.customer.id;
    expect(kept(c)).toBeUndefined();
    await expectBalance(c, { invoiced: 0, unallocated: 0 });

    const a = await invoiced([{ productId: s.cup.id, quantity: 1 }]); // 14.13
    const b = await invoiced([{ productId: s.tea.id, quantity: 2 }]); // 112.98
    await expectBalance(c, { invoiced: a.grossTotal + b.grossTotal, paid: 0, unallocated: 0 });

    // An overpayment: both invoices paid, the rest is credit.
    const over = await t.call('payments.record', { customerId: c, method: 'bank_transfer', amount: 20000 });
    expect(over.unallocated).toBe(20000 - a.grossTotal - b.grossTotal);
    await expectBalance(c, { paid: 20000, unallocated: over.unallocated });

    // The credit used later on a new invoice.
    const d = await invoiced([{ productId: s.cup.id, quantity: 2 }]);
    await t.call('payments.allocate', { paymentId: over.id, allocations: [{ invoiceId: d.id, amount: d.grossTotal }] });
    await expectBalance(c, { unallocated: over.unallocated - d.grossTotal });

    // A credit note on a paid invoice, refunded as store credit against the overpaid invoice.
    const cn = await t.call('invoices.credit', { invoiceId: b.id, reason: 'damaged' });
    await expectBalance(c, { credited: cn.grossTotal });
    await t.call('payments.record', { customerId: c, kind: 'refund', method: 'store_credit', amount: cn.grossTotal, allocations: [{ invoiceId: b.id, amount: cn.grossTotal }] });
    await expectBalance(c, { refunded: cn.grossTotal, store_credit: cn.grossTotal, unallocated: over.unallocated - d.grossTotal });

    // Store credit spent on a new invoice; beyond what is held is refused and changes nothing.
    const e = await invoiced([{ productId: s.tea.id, quantity: 1 }]);
    const before = kept(c);
    const tooMuch = await t.reject('payments.record', { customerId: c, method: 'store_credit', amount: cn.grossTotal + 1 });
    expect([tooMuch.code, tooMuch.field]).toEqual(['invalid', 'amount']);
    expect(kept(c)).toEqual(before);
    await t.call('payments.record', { customerId: c, method: 'store_credit', amount: 3000, allocations: [{ invoiceId: e.id, amount: 3000 }] });
    await expectBalance(c, { store_credit: cn.grossTotal - 3000 });

    // A refund of unallocated credit: beyond the credit is refused, the credit itself is paid out.
    const held = kept(c)!;
    const credit = held.unallocated;
    expect(credit).toBeGreaterThan(0);
    const beyond = await t.reject('payments.record', { customerId: c, kind: 'refund', method: 'cash', amount: credit + 1 });
    expect([beyond.code, beyond.field]).toEqual(['invalid', 'amount']);
    expect(kept(c)).toEqual(held);
    await t.call('payments.record', { customerId: c, kind: 'refund', method: 'cash', amount: credit });
    await expectBalance(c, { unallocated: 0 });

    // The other customer's row is their own.
    const theirs = await invoiced([{ productId: s.cup.id, quantity: 3 }], other.id);
    await t.call('payments.record', { customerId: other.id, method: 'cash', amount: 1000, allocations: [{ invoiceId: theirs.id, amount: 1000 }] });
    await expectBalance(other.id, { invoiced: theirs.grossTotal, paid: 1000, unallocated: 0 });
    await expectBalance(c, { unallocated: 0 });

    expect((await t.call('system.verify', {})).problems).toEqual([]);
  });

  it('an upgraded ledger gets the balances from its documents', async () => {
    const inv = await invoiced([{ productId: s.tea.id, quantity: 3 }]);
    await t.call('payments.record', { customerId: s.customer.id, method: 'cash', amount: inv.grossTotal + 500 });
    await t.call('invoices.credit', { invoiceId: inv.id, reason: 'late', lines: [{ invoiceLineId: inv.lines[0]!.id, quantity: 1 }] });
    await t.call('payments.record', { customerId: s.customer.id, kind: 'refund', method: 'store_credit', amount: 400 });
    const want = kept(s.customer.id);
    expect(want).toEqual(fromDocuments(s.customer.id));
    // Back to the schema before migration 0016.
    t.app.ledger.raw.exec('DROP TRIGGER customer_balance_invoice; DROP TRIGGER customer_balance_payment; DROP TRIGGER customer_balance_allocation; DROP TABLE customer_balance');
    t.app.ledger.raw.pragma('user_version = 15');
    await t.app.close();
    const app = await openApp({ file: t.file });
    try {
      const row = () => app.ledger.raw.prepare('SELECT invoiced, credited, paid, refunded, unallocated, store_credit FROM customer_balance WHERE customer_id = ?').get(s.customer.id);
      expect(row()).toEqual(want);
      // And the triggers keep it from there.
      await app.dispatcher.call('payments.record', { customerId: s.customer.id, method: 'store_credit', amount: 100 }, LOCAL_OWNER);
      expect(row()).toEqual({ ...want, paid: want!.paid + 100, unallocated: want!.unallocated + 100, store_credit: want!.store_credit - 100 });
      expect((await app.dispatcher.call('system.verify', {}, LOCAL_OWNER)).problems).toEqual([]);
    } finally {
      await app.close();
    }
  });

  it('a ledger export imported into a new file has the same balances', async () => {
    const inv = await invoiced([{ productId: s.tea.id, quantity: 2 }]);
    await t.call('payments.record', { customerId: s.customer.id, method: 'card', amount: inv.grossTotal + 700 });
    await t.call('invoices.credit', { invoiceId: inv.id, reason: 'broken' });
    await t.call('payments.record', { customerId: s.customer.id, kind: 'refund', method: 'store_credit', amount: 900 });
    const all = (raw: { prepare(sql: string): { all(): unknown[] } }) => raw.prepare('SELECT * FROM customer_balance ORDER BY customer_id').all();
    const want = all(t.app.ledger.raw);
    expect(want).toHaveLength(1);
    const dir = join(t.dir, 'export');
    await exportLedger(t.file, dir);
    const copy = join(t.dir, 'copy.sqlite');
    await importLedger(dir, copy);
    const raw = openRawDatabase(copy, { readonly: true });
    try {
      expect(all(raw)).toEqual(want);
    } finally {
      raw.close();
    }
  });

  it('verify names a balance changed or removed behind the app', async () => {
    const other = await t.call('customers.create', { name: 'Li Lei' });
    for (const customerId of [s.customer.id, other.id]) {
      const inv = await invoiced([{ productId: s.cup.id, quantity: 1 }], customerId);
      await t.call('payments.record', { customerId, method: 'cash', amount: inv.grossTotal + 100 });
    }
    expect((await t.call('system.verify', {})).ok).toBe(true);
    const raw = t.app.ledger.raw;
    raw.prepare('UPDATE customer_balance SET unallocated = unallocated + 1 WHERE customer_id = ?').run(s.customer.id);
    raw.prepare('DELETE FROM customer_balance WHERE customer_id = ?').run(other.id);
    const report = await t.call('system.verify', {});
    expect(report.ok).toBe(false);
    const named = report.problems.filter((p) => p.check === 'derived_indexes' && p.table === 'customer_balance').map((p) => p.rowId);
    expect(new Set(named)).toEqual(new Set([s.customer.id, other.id]));
  });
});
