// A journal entry written before a migration added a column says nothing of that column: verify
// takes the column's default as what the entry implies (ADD COLUMN gave the rows that default),
// and still names the column when it is changed behind the app's back.

import { afterAll, expect, it } from 'vitest';
import { openTestLedger, smallShop } from './helpers.ts';

const t = await openTestLedger();
afterAll(() => t.close());

it('reads an added column as its default for older entries, and catches it changed', async () => {
  const s = await smallShop(t);
  const order = await t.call('orders.create', { customerId: s.customer.id, warehouseId: s.main.id, lines: [{ productId: s.cup.id, quantity: 1 }] });
  // As a later migration would: every row so far gets the default, no journal entry mentions it.
  t.app.ledger.raw.exec("ALTER TABLE sales_order ADD COLUMN probe_note TEXT NOT NULL DEFAULT 'it''s new'");
  t.app.ledger.raw.exec('ALTER TABLE sales_order ADD COLUMN probe_count INTEGER NOT NULL DEFAULT 3');
  expect((await t.call('system.verify', {})).problems).toEqual([]);

  t.app.ledger.raw.prepare("UPDATE sales_order SET probe_note = 'edited', probe_count = 4 WHERE id = ?").run(order.id);
  const report = await t.call('system.verify', {});
  expect(report.problems.map((p) => p.message)).toEqual([
    `sales_order row ${order.id}: probe_note is "edited" but the journal says "it's new" (changed behind the app's back)`,
    `sales_order row ${order.id}: probe_count is 4 but the journal says 3 (changed behind the app's back)`,
  ]);
});
