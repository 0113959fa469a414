/**
 * Webhook events and the operations that raise them. An event is raised by a successful write
 * operation and written to the outbox in that operation's transaction.
 */
export const WEBHOOK_EVENTS = ['order.created', 'order.confirmed', 'order.shipped', 'order.cancelled'] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

type OrderLike = { readonly id: string; readonly status: string };

/** The event an operation's answer raises, if any (a confirm held for approval raises none yet). */
export function eventFor(operation: string, result: unknown): { type: WebhookEvent; orderId: string } | null {
  const order = result as OrderLike | null;
  if (!order || typeof order !== 'object' || typeof order.id !== 'string') return null;
  switch (operation) {
    case 'orders.create':
      return { type: 'order.created', orderId: order.id };
    case 'orders.confirm':
      return order.status === 'approved' ? { type: 'order.confirmed', orderId: order.id } : null;
    case 'orders.approve':
      return { type: 'order.confirmed', orderId: order.id };
    case 'orders.ship':
      return { type: 'order.shipped', orderId: order.id };
    case 'orders.cancel':
      return { type: 'order.cancelled', orderId: order.id };
    default:
      return null;
  }
}

/** Retry delay after the given number of failed attempts: base × 2^(n−1), capped. */
export function backoffMs(failedAttempts: number, baseMs: number, capMs: number): number {
  return Math.min(capMs, baseMs * 2 ** Math.max(0, failedAttempts - 1));
}
