import { afterEach, describe, expect, it } from 'vitest';
import type { SyncClient } from '../src/main/sync/client.ts';
import { waitingCount } from '../src/main/sync/outbox.ts';
import { syncClientFor } from '../src/main/sync/setup.ts';
import { smallShop } from './helpers.ts';
import { addStation, ledgerTables, startServer, type TestServer, type TestStation } from './sync-helpers.ts';

// The background client as `serve` runs it: local commits are pushed at once and a live pull
// held open at the server brings other stations' ops as soon as they land. The interval is a
// minute here, so nothing in these tests can arrive by polling.

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function until(what: string, check: () => boolean): Promise<void> {
  const t0 = Date.now();
  while (!check()) {
    if (Date.now() - t0 > 20_000) throw new Error(`still waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

function background(server: TestServer, s: TestStation): SyncClient {
  const client = syncClientFor(s.t.app.ledger, { serverUrl: () => server.url, intervalMs: 60_000 })!;
  client.start();
  cleanups.push(() => client.stop());
  return client;
}

async function twoStations() {
  const server = await startServer();
  cleanups.push(() => server.close());
  const a = await addStation(server, 'station A', 'A');
  cleanups.push(() => a.t.close());
  const b = await addStation(server, 'station B', 'B');
  cleanups.push(() => b.t.close());
  return { server, a, b };
}

const lastSyncAt = (s: TestStation) => s.t.app.ledger.raw.prepare("SELECT value FROM sync_state WHERE key = 'last_sync_at'").pluck().get();

describe('live sync in the background', () => {
  it('an order confirmed at A is at B without any round being asked for, and both ledgers agree', async () => {
    const { server, a, b } = await twoStations();
    background(server, a);
    background(server, b);
    // Each client's first round has run; from here on only push-on-commit and the live pull act.
    await until('the first rounds', () => lastSyncAt(a) !== undefined && lastSyncAt(b) !== undefined);
    const shop = await smallShop(a.t);
    await a.t.call('stock.receive', { warehouseId: shop.main.id, lines: [{ productId: shop.tea.id, quantity: 10 }] });
    const order = await a.t.call('orders.create', { customerId: shop.customer.id, warehouseId: shop.main.id, lines: [{ productId: shop.tea.id, quantity: 3 }] });
    await a.t.call('orders.confirm', { id: order.id });
    const status = b.t.app.ledger.raw.prepare('SELECT status FROM sales_order WHERE id = ?').pluck();
    await until('the order at B', () => status.get(order.id) === 'approved');
    await until('A to have pushed everything', () => waitingCount(a.t.app.ledger) === 0);

    const levels = await b.t.call('stock.levels', { productId: shop.tea.id });
    expect(levels.items.find((l) => l.warehouseId === shop.main.id)).toMatchObject({ onHand: 10, reserved: 3 });
    // And back: B's edit reaches A the same way.
    await b.t.call('customers.update', { id: shop.customer.id, name: 'Renamed at B' });
    const name = a.t.app.ledger.raw.prepare('SELECT name FROM customer WHERE id = ?').pluck();
    await until('B\'s edit at A', () => name.get(shop.customer.id) === 'Renamed at B');
    expect((await a.t.call('system.verify', {})).problems).toEqual([]);
    expect((await b.t.call('system.verify', {})).problems).toEqual([]);
    expect(ledgerTables(b.t.app.ledger)).toEqual(ledgerTables(a.t.app.ledger));
  });

  it('a server closing while stations hold live pulls closes at once (the test would time out), and a stopped client pushes nothing more', async () => {
    const { server, a, b } = await twoStations();
    const clientA = background(server, a);
    background(server, b);
    await until('the first rounds', () => lastSyncAt(a) !== undefined && lastSyncAt(b) !== undefined);
    await clientA.stop();
    await a.t.call('customers.create', { name: 'Made after stop' });
    expect(waitingCount(a.t.app.ledger)).toBe(1);
    // B's live pull is held at the server; closing must wake it rather than wait out its 20 s.
    await server.close();
    expect(waitingCount(a.t.app.ledger)).toBe(1);
  }, 15_000);
});
