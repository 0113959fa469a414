/**
 * Webhook events and the operations that raise them. An event is raised by a successful write
 * operation and written to the outbox in that operation's transaction.
 */
export const WEBHOOK_EVENTS = ['order.created', 'order.confirmed', 'order.shipped', 'order.cancelled', 'stock.low', 'invoice.issued', 'payment.received'] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

/**
 * An event to write to the outbox. `orderId` orders deliveries: events of one order reach a
 * subscriber in the order raised; events without an order (stock, payments) form one queue.
 */
export type RaisedEvent = { readonly type: WebhookEvent; readonly orderId: string | null };

type Answer = { readonly id: string; readonly status?: string; readonly kind?: string; readonly orderId?: string };

/**
 * The event an operation's answer raises, if any (a confirm held for approval raises none yet).
 * Stock-low events are not tied to one operation: the movement that crosses the reorder point
 * raises them (see lowStockCrossed).
 */
export function eventFor(operation: string, result: unknown): RaisedEvent | null {
  const order = result as Answer | null;
  if (!order || typeof order !== 'object' || typeof order.id !== 'string') return null;
  switch (operation) {
    case 'invoices.issue':
      return order.kind === 'invoice' && typeof order.orderId === 'string' ? { type: 'invoice.issued', orderId: order.orderId } : null;
    case 'payments.record':
      return order.kind === 'payment' ? { type: 'payment.received', orderId: null } : null;
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

/**
 * A product is low when its available quantity (on hand − reserved) is at or below its reorder
 * point; the event is raised by the movement that makes it so, not again while it stays low.
 */
export function lowStockCrossed(availableBefore: number, availableAfter: number, reorderPoint: number | null): boolean {
  if (reorderPoint === null) return false;
  return availableBefore > reorderPoint && availableAfter <= reorderPoint;
}
