import { createHmac } from 'node:crypto';
import { newId } from '../../shared/ids.ts';
import { backoffMs } from '../../shared/webhook-events.ts';
import type { LedgerDb } from '../db/connection.ts';
import { exclusive } from '../db/transaction.ts';

/**
 * Sends the outbox's due deliveries. Each request is a POST of {id, type, createdAt, data} with
 *   shopledger-event-id: the event id, the receiver's idempotency key (a retry sends it again);
 *   shopledger-signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>" with the secret>.
 * A 2xx answer within the timeout delivers; anything else is logged and retried after
 * base × 2^(attempts−1) (capped) until maxAttempts, then the delivery is `failed` until someone
 * redelivers it. Per subscription, an order's events go out in the order they were raised: an
 * event waits while an earlier one of the same order is not delivered.
 */

export type DelivererOptions = {
  readonly timeoutMs?: number;
  readonly baseDelayMs?: number;
  readonly capDelayMs?: number;
  readonly maxAttempts?: number;
  readonly now?: () => Date;
};

type Due = {
  id: string;
  attempts: number;
  event_id: string;
  type: string;
  payload: string;
  created_at: string;
  url: string;
  secret: string;
};

const DUE_SQL = `
SELECT d.id, d.attempts, e.id AS event_id, e.type, e.payload, e.created_at, s.url, s.secret
FROM webhook_delivery d
JOIN webhook_event e ON e.seq = d.event_seq
JOIN webhook_subscription s ON s.id = d.subscription_id
WHERE d.status = 'pending' AND d.next_attempt_at <= ?
  AND NOT EXISTS (
    SELECT 1 FROM webhook_delivery p
    WHERE p.subscription_id = d.subscription_id AND p.order_id IS d.order_id AND p.event_seq < d.event_seq AND p.status <> 'delivered')
ORDER BY d.event_seq
LIMIT 100`;

export function signature(secret: string, timestamp: number, body: string): string {
  return `t=${timestamp},v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** One pass over the due deliveries; returns how many were attempted and delivered. */
export async function deliverDue(ledger: LedgerDb, options: DelivererOptions = {}): Promise<{ attempted: number; delivered: number }> {
  const now = options.now ?? (() => new Date());
  const timeoutMs = options.timeoutMs ?? 10_000;
  const base = options.baseDelayMs ?? 5_000;
  const cap = options.capDelayMs ?? 6 * 60 * 60 * 1000;
  const maxAttempts = options.maxAttempts ?? 12;
  // Raw statements share the connection with the dispatcher: take the ledger's turn so they
  // never run inside another operation's open transaction.
  const locked = <T>(fn: () => T): Promise<T> => exclusive(ledger, fn);
  const due = await locked(() => ledger.prepare(DUE_SQL).all(now().toISOString()) as Due[]);
  let delivered = 0;
  for (const d of due) {
    const body = JSON.stringify({ id: d.event_id, type: d.type, createdAt: d.created_at, data: JSON.parse(d.payload) as unknown });
    const sentAt = now();
    const t0 = performance.now();
    let statusCode: number | null = null;
    let error: string | null = null;
    try {
      const res = await fetch(d.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'shopledger-event': d.type,
          'shopledger-event-id': d.event_id,
          'shopledger-signature': signature(d.secret, Math.floor(sentAt.getTime() / 1000), body),
        },
        body,
        signal: AbortSignal.timeout(timeoutMs),
        redirect: 'manual',
      });
      statusCode = res.status;
      await res.arrayBuffer().catch(() => undefined);
      if (res.status < 200 || res.status >= 300) error = `HTTP ${res.status}`;
    } catch (e) {
      error = (e as Error).name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : `${(e as Error).message}`.slice(0, 500);
    }
    const durationMs = Math.round(performance.now() - t0);
    const attempts = d.attempts + 1;
    const at = now();
    await locked(() => {
      ledger.raw.transaction(() => {
        ledger.prepare('INSERT INTO webhook_attempt (id, delivery_id, at, status_code, error, duration_ms) VALUES (?, ?, ?, ?, ?, ?)').run(newId(), d.id, sentAt.toISOString(), statusCode, error, durationMs);
        if (error === null) {
          ledger.prepare("UPDATE webhook_delivery SET status = 'delivered', attempts = ?, delivered_at = ? WHERE id = ?").run(attempts, at.toISOString(), d.id);
        } else {
          const next = new Date(at.getTime() + backoffMs(attempts, base, cap)).toISOString();
          ledger.prepare('UPDATE webhook_delivery SET status = ?, attempts = ?, next_attempt_at = ? WHERE id = ?').run(attempts >= maxAttempts ? 'failed' : 'pending', attempts, next, d.id);
        }
      })();
    });
    if (error === null) delivered++;
  }
  return { attempted: due.length, delivered };
}

/** Runs deliverDue every `intervalMs` until stopped (serve runs one). */
export function startDeliverer(ledger: LedgerDb, options: DelivererOptions & { intervalMs?: number } = {}): { stop(): Promise<void> } {
  let running: Promise<unknown> = Promise.resolve();
  let stopped = false;
  const timer = setInterval(() => {
    running = running.then(() => (stopped ? undefined : deliverDue(ledger, options).catch(() => undefined)));
  }, options.intervalMs ?? 2_000);
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
