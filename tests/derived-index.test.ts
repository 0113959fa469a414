// The orders-by-product index (migration 0002) is derived data kept by triggers. It must follow
// every way lines move (create, edit, merge, split, date change) and verify must notice when it
// was changed behind the app's back.

import { afterEach, beforeEach, expect, it } from 'vitest';
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

const indexRows = () =>
  t.app.ledger.raw.prepare('SELECT product_id, order_id, order_date FROM sales_order_product ORDER BY product_id, order_id').all() as { product_id: string; order_id: string; order_date: string }[];

const fromLines = () =>
  t.app.ledger.raw
    .prepare('SELECT DISTINCT l.product_id, l.order_id, o.order_date FROM sales_order_line l JOIN sales_order o ON o.id = l.order_id ORDER BY l.product_id, l.order_id')
    .all();

it('follows lines through edit, merge and split, and lists a SKU newest first', async () => {
  const base = { customerId: s.customer.id, warehouseId: s.main.id };
  const a = await t.call('orders.create', { ...base, orderDate: '2026-01-02T10:00:00.000Z', lines: [{ productId: s.tea.id, quantity: 1 }, { productId: s.tea.id, quantity: 2 }] });
  const b = await t.call('orders.create', { ...base, orderDate: '2026-03-01T10:00:00.000Z', lines: [{ productId: s.cup.id, quantity: 3 }] });
  expect(indexRows()).toHaveLength(2);
  expect(indexRows()).toEqual(fromLines());

  await t.call('orders.update', { id: b.id, lines: [{ productId: s.tea.id, quantity: 1 }, { productId: s.cup.id, quantity: 1 }] });
  expect(indexRows()).toEqual(fromLines());
  const teaOrders = await t.call('orders.list', { search: 'TEA-001' });
  expect(teaOrders.items.map((o) => o.id)).toEqual([b.id, a.id]);

  const merged = await t.call('orders.merge', { orderIds: [a.id, b.id] });
  expect(indexRows()).toEqual(fromLines());
  expect(indexRows().filter((r) => r.order_id === merged.id)).toHaveLength(2);

  const cupLine = merged.lines.find((l) => l.productId === s.cup.id)!;
  const split = await t.call('orders.split', { id: merged.id, lines: [{ lineId: cupLine.id, quantity: cupLine.quantity }] });
  expect(indexRows()).toEqual(fromLines());
  expect((await t.call('orders.list', { search: 'CUP-002', status: ['draft'] })).items.map((o) => o.id)).toEqual([split.created.id]);

  const report = await t.call('system.verify', {});
  expect(report.problems).toEqual([]);
});

it('verify names an entry removed or added behind the app', async () => {
  const o = await t.call('orders.create', { customerId: s.customer.id, warehouseId: s.main.id, lines: [{ productId: s.tea.id, quantity: 1 }] });
  t.app.ledger.raw.prepare('DELETE FROM sales_order_product WHERE order_id = ?').run(o.id);
  t.app.ledger.raw.prepare('INSERT INTO sales_order_product VALUES (?, ?, ?)').run(s.cup.id, o.id, o.orderDate);
  const report = await t.call('system.verify', {});
  expect(report.ok).toBe(false);
  expect(report.problems.map((p) => [p.check, p.message])).toEqual([
    ['derived_indexes', `the orders-by-product index has a missing entry for product ${s.tea.id} on order ${o.id}`],
    ['derived_indexes', `the orders-by-product index has a stale entry for product ${s.cup.id} on order ${o.id}`],
  ]);
});
