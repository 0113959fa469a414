import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'vitest';
import type { LedgerDb } from '../src/main/db/connection.ts';
import { deliverDue } from '../src/main/webhooks/deliverer.ts';

export type Received = { key: string; type: string; orderId: string; data: Record<string, unknown> };

/** A receiver on loopback that answers 500, then stalls past the timeout, then 500, then recovers. */
export function receiver(secret: () => string) {
  const script = ['fail', 'stall', 'fail'];
  const processed: Received[] = [];
  const seen = new Set<string>();
  let requests = 0;
  let badSignatures = 0;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      requests++;
      const body = Buffer.concat(chunks).toString('utf8');
      const header = String(req.headers['shopledger-signature'] ?? '');
      const [, t, v1] = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header) ?? [];
      const expected = createHmac('sha256', secret()).update(`${t}.${body}`).digest();
      if (!v1 || !timingSafeEqual(expected, Buffer.from(v1, 'hex'))) {
        badSignatures++;
        res.writeHead(401).end();
        return;
      }
      const behaviour = script.shift() ?? 'ok';
      if (behaviour === 'fail') {
        res.writeHead(500).end('down');
        return;
      }
      const event = JSON.parse(body) as { id: string; type: string; data: { id: string } & Record<string, unknown> };
      const key = String(req.headers['shopledger-event-id']);
      expect(key).toBe(event.id);
      // The receiver keeps one record per idempotency key, however often it is sent.
      if (!seen.has(key)) {
        seen.add(key);
        processed.push({ key, type: event.type, orderId: event.data.id, data: event.data });
      }
      if (behaviour === 'stall') setTimeout(() => res.writeHead(200).end('late'), 400);
      else res.writeHead(200).end('ok');
    });
  });
  return {
    processed,
    requests: () => requests,
    badSignatures: () => badSignatures,
    async start() {
      await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
      return `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
    },
    close: () => new Promise<void>((done) => server.close(() => done())),
  };
}


/** Runs the deliverer until nothing is left undelivered (or 20 s pass). */
export async function deliverUntilDone(ledger: LedgerDb): Promise<void> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    await deliverDue(ledger, { timeoutMs: 150, baseDelayMs: 20, capDelayMs: 200 });
    const pending = (ledger.raw.prepare("SELECT count(*) AS n FROM webhook_delivery WHERE status <> 'delivered'").get() as { n: number }).n;
    if (pending === 0 || Date.now() > deadline) return;
    await new Promise((done) => setTimeout(done, 20));
  }
}
