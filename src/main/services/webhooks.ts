import { randomBytes } from 'node:crypto';
import { conflict, notFound } from '../../shared/errors.ts';
import { newId } from '../../shared/ids.ts';
import { eventFor, type WebhookEvent } from '../../shared/webhook-events.ts';
import type { WebhookSubscriptionTable } from '../db/schema.ts';
import type { WriteTx } from '../db/write-tx.ts';
import type { Handlers } from './context.ts';

/**
 * Raises the webhook event of an operation, if it has one: one outbox row and one pending
 * delivery per active subscription to that event, written through the operation's own
 * connection inside its transaction (so an event exists exactly when its operation committed).
 * Not journaled: see migration 0005.
 */
export async function raiseEvent(tx: WriteTx, operation: string, result: unknown, now: string): Promise<void> {
  const event = eventFor(operation, result);
  if (!event) return;
  const subs = await tx.db.selectFrom('webhook_subscription').select(['id', 'events']).where('active', '=', 1).execute();
  const targets = subs.filter((s) => (JSON.parse(s.events) as WebhookEvent[]).includes(event.type));
  if (targets.length === 0) return;
  const inserted = await tx.db
    .insertInto('webhook_event')
    .values({ id: newId(), type: event.type, order_id: event.orderId, payload: JSON.stringify(result), created_at: now })
    .returning('seq')
    .executeTakeFirstOrThrow();
  await tx.db
    .insertInto('webhook_delivery')
    .values(targets.map((s) => ({ id: newId(), event_seq: inserted.seq, subscription_id: s.id, order_id: event.orderId, status: 'pending' as const, attempts: 0, next_attempt_at: now, delivered_at: null })))
    .execute();
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
