import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deliverDue } from '../src/main/webhooks/deliverer.ts';
import { backoffMs } from '../src/shared/webhook-events.ts';
import { openTestLedger, smallShop, type TestLedger } from './helpers.ts';
import { receiver } from './webhook-receiver.ts';

let t: TestLedger;
beforeEach(async () => {
  t = await openTestLedger();
});
afterEach(async () => {
  await t.close();
});

describe('webhooks', () => {
  it('every event arrives once per key, in order per order, through failures, a timeout and recovery; redelivery resends', async () => {
    const shop = await smallShop(t);
    await t.call('stock.receive', { warehouseId: shop.main.id, lines: [{ productId: shop.tea.id, quantity: 50 }] });
    let secret = '';
    const r = receiver(() => secret);
    const url = await r.start();
    try {
      const sub = await t.call('webhooks.subscribe', { url, events: ['order.created', 'order.confirmed', 'order.shipped', 'order.cancelled'] });
      secret = sub.secret;
      const mk = () => t.call('orders.create', { customerId: shop.customer.id, warehouseId: shop.main.id, lines: [{ productId: shop.tea.id, quantity: 1 }] });
      const a = await mk();
      const b = await mk();
      await t.call('orders.confirm', { id: a.id });
      const c = await mk();
      await t.call('orders.confirm', { id: b.id });
      await t.call('orders.ship', { id: a.id });
      await t.call('orders.cancel', { id: b.id, reason: 'customer asked' });
      await t.call('orders.cancel', { id: c.id, reason: 'duplicate' });
      // A failed operation raises nothing.
      await expect(t.call('orders.ship', { id: c.id })).rejects.toMatchObject({ code: 'conflict' });

      const events = t.app.ledger.raw.prepare('SELECT id, type, order_id FROM webhook_event ORDER BY seq').all() as { id: string; type: string; order_id: string }[];
      expect(events.map((e) => e.type)).toEqual(['order.created', 'order.created', 'order.confirmed', 'order.created', 'order.confirmed', 'order.shipped', 'order.cancelled', 'order.cancelled']);

      const deadline = Date.now() + 20_000;
      for (;;) {
        await deliverDue(t.app.ledger, { timeoutMs: 150, baseDelayMs: 20, capDelayMs: 200 });
        const pending = (t.app.ledger.raw.prepare("SELECT count(*) AS n FROM webhook_delivery WHERE status <> 'delivered'").get() as { n: number }).n;
        if (pending === 0 || Date.now() > deadline) break;
        await new Promise((done) => setTimeout(done, 20));
      }
      expect(r.badSignatures()).toBe(0);
      expect(new Set(r.processed.map((p) => p.key))).toEqual(new Set(events.map((e) => e.id)));
      expect(r.processed).toHaveLength(events.length);
      for (const order of [a, b, c]) {
        const sent = r.processed.filter((p) => p.orderId === order.id).map((p) => p.key);
        expect(sent).toEqual(events.filter((e) => e.order_id === order.id).map((e) => e.id));
      }
      // The stalled request was processed but not acknowledged in time: it was sent again, and deduplicated.
      expect(r.requests()).toBeGreaterThan(events.length + 2);

      const log = await t.call('webhooks.deliveries', { subscriptionId: sub.id });
      expect(log.items.every((d) => d.status === 'delivered')).toBe(true);
      const retried = log.items.filter((d) => d.attempts > 1);
      expect(retried.length).toBeGreaterThanOrEqual(1);
      const errors = log.items.flatMap((d) => d.log.map((l) => l.error)).filter((e) => e !== null);
      expect(errors).toContain('HTTP 500');
      expect(errors).toContain('no answer within 150 ms');

      const before = r.requests();
      const first = log.items[log.items.length - 1]!;
      await t.call('webhooks.redeliver', { id: first.id });
      await expect(t.call('webhooks.redeliver', { id: first.id })).rejects.toMatchObject({ code: 'conflict' });
      await deliverDue(t.app.ledger, { timeoutMs: 1000 });
      expect(r.requests()).toBe(before + 1);
      expect(r.processed).toHaveLength(events.length);
      expect((await t.call('system.verify', {})).ok).toBe(true);
    } finally {
      await r.close();
    }
  });

  it('gives up after the last attempt, keeps later events of that order waiting, and nothing is queued without a subscription', async () => {
    const shop = await smallShop(t);
    await t.call('orders.create', { customerId: shop.customer.id, warehouseId: shop.main.id, lines: [{ productId: shop.cup.id, quantity: 1 }] });
    expect((t.app.ledger.raw.prepare('SELECT count(*) AS n FROM webhook_event').get() as { n: number }).n).toBe(0);

    const sub = await t.call('webhooks.subscribe', { url: 'http://127.0.0.1:9/unreachable', events: ['order.created', 'order.cancelled'] });
    const o = await t.call('orders.create', { customerId: shop.customer.id, warehouseId: shop.main.id, lines: [{ productId: shop.cup.id, quantity: 1 }] });
    await t.call('orders.cancel', { id: o.id, reason: 'test' });
    for (let i = 0; i < 3; i++) await deliverDue(t.app.ledger, { timeoutMs: 500, baseDelayMs: 0, maxAttempts: 3 });
    const log = await t.call('webhooks.deliveries', { subscriptionId: sub.id });
    const byType = new Map(log.items.map((d) => [d.type, d]));
    expect(byType.get('order.created')).toMatchObject({ status: 'failed', attempts: 3 });
    expect(byType.get('order.created')!.log).toHaveLength(3);
    expect(byType.get('order.cancelled')).toMatchObject({ status: 'pending', attempts: 0 });

    await t.call('webhooks.unsubscribe', { id: sub.id });
    await t.call('orders.create', { customerId: shop.customer.id, warehouseId: shop.main.id, lines: [{ productId: shop.cup.id, quantity: 1 }] });
    expect((t.app.ledger.raw.prepare('SELECT count(*) AS n FROM webhook_event').get() as { n: number }).n).toBe(2);
    await expect(t.call('webhooks.subscribe', { url: 'file:///etc/passwd', events: ['order.created'] })).rejects.toMatchObject({ code: 'invalid', field: 'url' });
  });

  it('backs off exponentially up to the cap', () => {
    expect([1, 2, 3, 4, 10].map((n) => backoffMs(n, 1000, 30_000))).toEqual([1000, 2000, 4000, 8000, 30_000]);
  });
});
