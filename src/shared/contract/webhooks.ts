import { z } from 'zod';
import { WEBHOOK_EVENTS } from '../webhook-events.ts';
import { id, isoTimestamp, ok } from './common.ts';
import { op } from './define.ts';

export const webhookSubscription = z.object({
  id,
  url: z.string(),
  events: z.array(z.enum(WEBHOOK_EVENTS)),
  active: z.boolean(),
  createdAt: isoTimestamp,
});

export const webhookDelivery = z.object({
  id,
  eventId: z.string(),
  type: z.string(),
  orderId: z.string().nullable(),
  subscriptionId: id,
  status: z.enum(['pending', 'delivered', 'failed']),
  attempts: z.number().int(),
  nextAttemptAt: isoTimestamp,
  deliveredAt: isoTimestamp.nullable(),
  log: z.array(z.object({ at: isoTimestamp, statusCode: z.number().int().nullable(), error: z.string().nullable(), durationMs: z.number().int() })),
});

const url = z
  .string()
  .max(2000)
  .refine((u) => URL.canParse(u) && /^https?:$/.test(new URL(u).protocol), 'must be an http or https URL');

export const webhooksContract = {
  'webhooks.subscribe': op({
    kind: 'write',
    permission: 'integrations.manage',
    summary: 'Subscribe a URL to events; deliveries are signed with the returned secret (HMAC-SHA256)',
    input: z.object({ url, events: z.array(z.enum(WEBHOOK_EVENTS)).min(1).max(WEBHOOK_EVENTS.length) }),
    output: webhookSubscription.extend({ secret: z.string() }),
  }),
  'webhooks.list': op({
    kind: 'read',
    permission: 'integrations.manage',
    summary: 'List webhook subscriptions',
    input: z.object({}),
    output: z.object({ items: z.array(webhookSubscription) }),
  }),
  'webhooks.unsubscribe': op({
    kind: 'write',
    permission: 'integrations.manage',
    summary: 'Stop a subscription: no new events are queued for it',
    input: z.object({ id }),
    output: ok,
  }),
  'webhooks.deliveries': op({
    kind: 'read',
    permission: 'integrations.manage',
    summary: 'The delivery log, newest first, with every attempt',
    input: z.object({ subscriptionId: id.optional(), status: z.enum(['pending', 'delivered', 'failed']).optional(), limit: z.number().int().min(1).max(500).default(50) }),
    output: z.object({ items: z.array(webhookDelivery) }),
  }),
  'webhooks.redeliver': op({
    kind: 'write',
    permission: 'integrations.manage',
    summary: 'Queue a delivery again now (a failed one, or a delivered one the receiver lost)',
    input: z.object({ id }),
    output: ok,
  }),
} as const;
