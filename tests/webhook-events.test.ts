import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LOCAL_OWNER } from '../src/shared/permissions.ts';
import { lowStockCrossed } from '../src/shared/webhook-events.ts';
import { openTestLedger, smallShop, type TestLedger } from './helpers.ts';
import { deliverUntilDone, receiver } from './webhook-receiver.ts';

let t: TestLedger;
beforeEach(async () => {
  t = await openTestLedger();
});
afterEach(async () => {
  await t.close();
});

const outbox = () => t.app.ledger.raw.prepare('SELECT id, type, order_id, payload FROM webhook_event ORDER BY seq').all() as { id: string; type: string; order_id: string | null; payload: string }[];

describe('stock, invoice and payment webhooks', () => {
  it('low stock when a movement crosses the reorder point, invoice issued and payment received: in the operation\u2019s transaction, delivered once each', async () => {
    const shop = await smallShop(t);
    await t.call('locations.set', { productId: shop.tea.id, warehouseId: shop.main.id, reorderPoint: 5, reorderQty: 20 });
    await t.call('stock.receive', { warehouseId: shop.main.id, lines: [{ productId: shop.tea.id, quantity: 10 }] });
    let secret = '';
    const r = receiver(() => secret);
    const url = await r.start();
    try {
      const sub = await t.call('webhooks.subscribe', { url, events: ['stock.low', 'invoice.issued', 'payment.received', 'order.confirmed'] });
      secret = sub.secret;
      const order = (quantity: number) => t.call('orders.create', { customerId: shop.customer.id, warehouseId: shop.main.id, lines: [{ productId: shop.tea.id, quantity }] });
      const a = await order(4);
      await t.call('orders.confirm', { id: a.id }); // available 10 → 6: above the point
      expect(outbox().map((e) => e.type)).toEqual(['order.confirmed']);
      const b = await order(2);
      // A refused confirm (more than is available) writes no event.
      const tooMany = await order(50);
      expect((await t.reject('orders.confirm', { id: tooMany.id })).code).toBe('insufficient_stock');
      expect(outbox()).toHaveLength(1);
      await t.call('orders.confirm', { id: b.id }); // 6 → 4: crosses 5
      const c = await order(1);
      await t.call('orders.confirm', { id: c.id }); // 4 → 3: still low, no second event
      expect(outbox().map((e) => e.type)).toEqual(['order.confirmed', 'order.confirmed', 'stock.low', 'order.confirmed']);
      const low = JSON.parse(outbox()[2]!.payload) as Record<string, unknown>;
      expect(low).toMatchObject({ productId: shop.tea.id, sku: 'TEA-001', warehouseCode: 'MAIN', onHand: 10, reserved: 6, available: 4, reorderPoint: 5, reorderQty: 20 });
      // Receiving lifts it above the point; shipping does not lower available (reserved units leave).
      await t.call('stock.receive', { warehouseId: shop.main.id, lines: [{ productId: shop.tea.id, quantity: 10 }] });
      await t.call('orders.ship', { id: a.id });
      expect(outbox()).toHaveLength(4);
      // An adjustment down crosses again: available 13 → 4.
      await t.call('stock.adjust', { productId: shop.tea.id, warehouseId: shop.main.id, delta: -9, reason: 'breakage' });
      expect(outbox().map((e) => e.type).at(-1)).toBe('stock.low');

      const invoice = await t.call('invoices.issue', { orderId: a.id });
      // 1.00 more than due stays as credit, so part of it can be refunded: a refund is no payment received.
      const payment = await t.call('payments.record', { customerId: shop.customer.id, method: 'cash', amount: invoice.grossTotal + 100 });
      await t.call('payments.record', { customerId: shop.customer.id, kind: 'refund', method: 'cash', amount: 100 });
      // A refused payment (more refunded than the credit) writes no event.
      await t.reject('payments.record', { customerId: shop.customer.id, kind: 'refund', method: 'cash', amount: 100 });
      const events = outbox();
      expect(events.slice(-2).map((e) => e.type)).toEqual(['invoice.issued', 'payment.received']);
      expect(events.find((e) => e.type === 'invoice.issued')!.order_id).toBe(a.id);

      await deliverUntilDone(t.app.ledger);
      expect(r.badSignatures()).toBe(0);
      expect(r.processed).toHaveLength(events.length);
      expect(new Set(r.processed.map((p) => p.key))).toEqual(new Set(events.map((e) => e.id)));
      // Events without an order (stock, payments) form one queue, delivered in the order raised.
      const queue = events.filter((e) => e.order_id === null).map((e) => e.id);
      expect(r.processed.map((p) => p.key).filter((k) => queue.includes(k))).toEqual(queue);
      const byType = (type: string) => r.processed.filter((p) => p.type === type).map((p) => p.data);
      expect(byType('invoice.issued')[0]).toMatchObject({ id: invoice.id, number: invoice.number, orderId: a.id });
      expect(byType('payment.received')[0]).toMatchObject({ id: payment.id, amount: invoice.grossTotal + 100, method: 'cash' });
      expect(byType('stock.low')).toHaveLength(2);
      expect((await t.call('system.verify', {})).ok).toBe(true);
    } finally {
      await r.close();
    }
  });

  it('an event from an import batch is written only with the committed rows', async () => {
    const shop = await smallShop(t);
    await t.call('locations.set', { productId: shop.cup.id, warehouseId: shop.main.id, reorderPoint: 3 });
    await t.call('stock.receive', { warehouseId: shop.main.id, lines: [{ productId: shop.cup.id, quantity: 5 }] });
    await t.call('webhooks.subscribe', { url: 'http://127.0.0.1:9/hooks', events: ['stock.low'] });
    const o = await t.call('orders.create', { customerId: shop.customer.id, warehouseId: shop.main.id, lines: [{ productId: shop.cup.id, quantity: 3 }] });
    // A batch that confirms (crossing the point) and then rolls back leaves no event behind.
    await t.app.dispatcher.batch(LOCAL_OWNER, () => false, async (calls) => calls.call('orders.confirm', { id: o.id }));
    expect(outbox()).toHaveLength(0);
    await t.app.dispatcher.batch(LOCAL_OWNER, () => true, async (calls) => calls.call('orders.confirm', { id: o.id }));
    expect(outbox().map((e) => e.type)).toEqual(['stock.low']);
  });

  it('crossing is from above the point to at or below it', () => {
    expect(lowStockCrossed(6, 5, 5)).toBe(true);
    expect(lowStockCrossed(6, 6, 5)).toBe(false);
    expect(lowStockCrossed(5, 4, 5)).toBe(false);
    expect(lowStockCrossed(10, 0, null)).toBe(false);
  });
});
