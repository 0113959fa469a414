import { afterEach, describe, expect, it } from 'vitest';
import { smallShop } from './helpers.ts';
import { addStation, ledgerTables, startServer, syncAll, type TestServer, type TestStation } from './sync-helpers.ts';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function setup(n: number): Promise<{ server: TestServer; stations: TestStation[] }> {
  const server = await startServer();
  cleanups.push(() => server.close());
  const stations: TestStation[] = [];
  for (let i = 0; i < n; i++) {
    const s = await addStation(server, `station ${i}`, String.fromCharCode(65 + i));
    cleanups.push(() => s.t.close());
    stations.push(s);
  }
  return { server, stations };
}

describe('sync between two stations', () => {
  it('an order made at A reaches B with its stock; both ledgers verify and are equal table by table', async () => {
    const { stations } = await setup(2);
    const [a, b] = stations as [TestStation, TestStation];
    const shop = await smallShop(a.t);
    await a.t.call('stock.receive', { warehouseId: shop.main.id, lines: [{ productId: shop.tea.id, quantity: 10 }] });
    const order = await a.t.call('orders.create', { customerId: shop.customer.id, warehouseId: shop.main.id, lines: [{ productId: shop.tea.id, quantity: 3 }] });
    await a.t.call('orders.confirm', { id: order.id });
    await syncAll(stations);
    const there = await b.t.call('orders.get', { id: order.id });
    expect(there.number).toBe(order.number);
    expect(there.status).toBe('approved');
    const levels = await b.t.call('stock.levels', { productId: shop.tea.id });
    expect(levels.items.find((l) => l.warehouseId === shop.main.id)).toMatchObject({ onHand: 10, reserved: 3 });
    expect((await b.t.call('system.verify', {})).problems).toEqual([]);
    expect((await a.t.call('system.verify', {})).problems).toEqual([]);
    expect(ledgerTables(b.t.app.ledger)).toEqual(ledgerTables(a.t.app.ledger));
  });
});
