import { randomBytes } from 'node:crypto';
import { conflict, notFound } from '../../shared/errors.ts';
import { newId } from '../../shared/ids.ts';
import { eventFor, lowStockCrossed, type WebhookEvent } from '../../shared/webhook-events.ts';
import { preparedQuery } from '../db/prepared.ts';
import type { WebhookSubscriptionTable } from '../db/schema.ts';
import type { WriteTx } from '../db/write-tx.ts';
import type { Handlers } from './context.ts';

const subscriptionRows = preparedQuery((db) => db.selectFrom('webhook_subscription').select(['id', 'events']).where('active', '=', 1));

/**
 * Active subscriptions, read once per transaction (every write asks; an import makes thousands),
 * with a query compiled once: every single write is a transaction of its own.
 */
function activeSubscriptions(tx: WriteTx) {
  return tx.memo.get(['webhook_subscription'], '', () => subscriptionRows(tx.db, {}));
}

async function subscribersTo(tx: WriteTx, type: WebhookEvent) {
  return (await activeSubscriptions(tx)).filter((s) => (JSON.parse(s.events) as WebhookEvent[]).includes(type));
}

const stockPoint = preparedQuery((db, p: { productId: string; warehouseId: string }) =>
  db
    .selectFrom('product_location as l')
    .innerJoin('product as p', 'p.id', 'l.product_id')
    .innerJoin('warehouse as w', 'w.id', 'l.warehouse_id')
    .select(['p.sku', 'w.code as warehouseCode', 'l.reorder_point', 'l.reorder_qty'])
    .where('l.product_id', '=', p.productId)
    .where('l.warehouse_id', '=', p.warehouseId),
);

/**
 * Called by postMovement when a movement lowers what is available: raises `stock.low` when it
 * takes available from above the reorder point to at or below it. Reads the reorder point only
 * when someone subscribes to the event, so confirms cost nothing more without one.
 */
export async function noteAvailableDrop(tx: WriteTx, m: { productId: string; warehouseId: string; onHand: number; reserved: number; availableBefore: number }): Promise<void> {
  if ((await subscribersTo(tx, 'stock.low')).length === 0) return;
  const [point] = await stockPoint(tx.db, { productId: m.productId, warehouseId: m.warehouseId });
  const available = m.onHand - m.reserved;
  if (!point || !lowStockCrossed(m.availableBefore, available, point.reorder_point)) return;
  tx.raised.push({
    type: 'stock.low',
    orderId: null,
    payload: { productId: m.productId, sku: point.sku, warehouseId: m.warehouseId, warehouseCode: point.warehouseCode, onHand: m.onHand, reserved: m.reserved, available, reorderPoint: point.reorder_point, reorderQty: point.reorder_qty },
  });
}

/**
 * Raises the webhook events of an operation: its own (from its answer) and those raised while it
 * ran (stock low). One outbox row and one pending delivery per active subscription to the event,
 * written through the operation's own connection inside its transaction, so an event exists
 * exactly when its operation committed. Not journaled: see migration 0005.
 */
export async function raiseEvent(tx: WriteTx, operation: string, result: unknown, now: string): Promise<void> {
  const own = eventFor(operation, result);
  const events = [...(own ? [{ type: own.type, orderId: own.orderId, payload: result }] : []), ...tx.raised];
  for (const event of events) {
    const targets = await subscribersTo(tx, event.type);
    if (targets.length === 0) continue;
    const inserted = await tx.db
      .insertInto('webhook_event')
      .values({ id: newId(), type: event.type, order_id: event.orderId, payload: JSON.stringify(event.payload), created_at: now })
      .returning('seq')
      .executeTakeFirstOrThrow();
    await tx.db
      .insertInto('webhook_delivery')
      .values(targets.map((s) => ({ id: newId(), event_seq: inserted.seq, subscription_id: s.id, order_id: event.orderId, status: 'pending' as const, attempts: 0, next_attempt_at: now, delivered_at: null })))
      .execute();
  }
}

const toSubscription = (r: WebhookSubscriptionTable) => ({ id: r.id, url: r.url, events: JSON.parse(r.events) as WebhookEvent[], active: r.active === 1, createdAt: r.created_at });

export const webhooksHandlers = {
  'webhooks.subscribe': async (ctx, input) => {
    const secret = `whsec_${randomBytes(32).toString('base64url')}`;
    const row: WebhookSubscriptionTable = { id: newId(), url: input.url, events: JSON.stringify([...new Set(input.events)]), secret, active: 1, created_at: ctx.now, updated_at: ctx.now };
    await ctx.tx.insert('webhook_subscription', row);
    return { ...toSubscription(row), secret };
  },
  'webhooks.list': async (ctx) => ({ items: (await ctx.db.selectFrom('webhook_subscription').selectAll().orderBy('created_at').orderBy('id').execute()).map(toSubscription) }),
  'webhooks.unsubscribe': async (ctx, input) => {
    const row = await ctx.db.selectFrom('webhook_subscription').select(['id', 'active']).where('id', '=', input.id).executeTakeFirst();
    if (!row) throw notFound('Webhook subscription', 'id', input.id);
    if (row.active === 0) throw conflict('The subscription is already stopped', {}, 'id');
    await ctx.tx.update('webhook_subscription', row.id, { active: 0, updated_at: ctx.now });
    return { ok: true as const };
  },
  'webhooks.deliveries': async (ctx, input) => {
    let q = ctx.db
      .selectFrom('webhook_delivery as d')
      .innerJoin('webhook_event as e', 'e.seq', 'd.event_seq')
      .select(['d.id', 'e.id as eventId', 'e.type', 'd.order_id', 'd.subscription_id', 'd.status', 'd.attempts', 'd.next_attempt_at', 'd.delivered_at']);
    if (input.subscriptionId) q = q.where('d.subscription_id', '=', input.subscriptionId);
    if (input.status) q = q.where('d.status', '=', input.status);
    const rows = await q.orderBy('d.event_seq', 'desc').orderBy('d.id').limit(input.limit).execute();
    const items = [];
    for (const r of rows) {
      const log = await ctx.db.selectFrom('webhook_attempt').selectAll().where('delivery_id', '=', r.id).orderBy('at').orderBy('id').execute();
      items.push({
        id: r.id,
        eventId: r.eventId,
        type: r.type,
        orderId: r.order_id,
        subscriptionId: r.subscription_id,
        status: r.status,
        attempts: r.attempts,
        nextAttemptAt: r.next_attempt_at,
        deliveredAt: r.delivered_at,
        log: log.map((a) => ({ at: a.at, statusCode: a.status_code, error: a.error, durationMs: a.duration_ms })),
      });
    }
    return { items };
  },
  'webhooks.redeliver': async (ctx, input) => {
    const row = await ctx.db.selectFrom('webhook_delivery').select(['id', 'status']).where('id', '=', input.id).executeTakeFirst();
    if (!row) throw notFound('Webhook delivery', 'id', input.id);
    if (row.status === 'pending') throw conflict('The delivery is already queued', {}, 'id');
    await ctx.tx.db.updateTable('webhook_delivery').set({ status: 'pending', next_attempt_at: ctx.now }).where('id', '=', row.id).execute();
    return { ok: true as const };
  },
} satisfies Pick<Handlers, 'webhooks.subscribe' | 'webhooks.list' | 'webhooks.unsubscribe' | 'webhooks.deliveries' | 'webhooks.redeliver'>;
