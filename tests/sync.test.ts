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

describe('merges that need a person', () => {
  it('two stations selling the last units while apart: after the merge both alert the oversell, naming both orders', async () => {
    const { stations } = await setup(2);
    const [a, b] = stations as [TestStation, TestStation];
    const shop = await smallShop(a.t);
    await a.t.call('stock.receive', { warehouseId: shop.main.id, lines: [{ productId: shop.cup.id, quantity: 5 }] });
    await syncAll(stations);
    // Apart: each sells 4 of the 5.
    const oa = await a.t.call('orders.create', { customerId: shop.customer.id, warehouseId: shop.main.id, lines: [{ productId: shop.cup.id, quantity: 4 }] });
    await a.t.call('orders.confirm', { id: oa.id });
    const ob = await b.t.call('orders.create', { customerId: shop.customer.id, warehouseId: shop.main.id, lines: [{ productId: shop.cup.id, quantity: 4 }] });
    await b.t.call('orders.confirm', { id: ob.id });
    await syncAll(stations);
    for (const s of stations) {
      const status = await s.t.call('sync.status', {});
      const alert = status.issues.find((i) => i.kind === 'oversell');
      expect(alert, `alert at ${s.name}`).toBeDefined();
      expect(alert!.details).toMatchObject({ sku: 'CUP-002', available: -3, onHand: 5, reserved: 8 });
      expect((alert!.details as { orders: string[] }).orders.sort()).toEqual([oa.number, ob.number].sort());
      expect((await s.t.call('system.verify', {})).problems).toEqual([]);
    }
    expect(ledgerTables(b.t.app.ledger)).toEqual(ledgerTables(a.t.app.ledger));

    // A person deals with it: the alert leaves the open list, with who resolved it; no ledger entry.
    const journal = () => (a.t.app.ledger.raw.prepare('SELECT count(*) AS n FROM journal').get() as { n: number }).n;
    const before = journal();
    const alert = (await a.t.call('sync.status', {})).issues.find((i) => i.kind === 'oversell')!;
    const resolved = await a.t.call('sync.resolveIssue', { id: alert.id, note: 'ordered 3 more cups' });
    expect(resolved.resolvedAt).not.toBeNull();
    expect(resolved.details).toMatchObject({ resolution: 'ordered 3 more cups', resolvedBy: 'local-owner' });
    expect((await a.t.call('sync.status', {})).issues.find((i) => i.id === alert.id)).toBeUndefined();
    expect(journal()).toBe(before);
    const missing = await a.t.reject('sync.resolveIssue', { id: '01900000-0000-7000-8000-000000000000' });
    expect(missing).toMatchObject({ code: 'not_found', field: 'id' });
  });

  it('an order cancelled at A while B confirmed it: a transition conflict at both, and both end in the same state', async () => {
    const { stations } = await setup(2);
    const [a, b] = stations as [TestStation, TestStation];
    const shop = await smallShop(a.t);
    await a.t.call('stock.receive', { warehouseId: shop.main.id, lines: [{ productId: shop.tea.id, quantity: 5 }] });
    const order = await a.t.call('orders.create', { customerId: shop.customer.id, warehouseId: shop.main.id, lines: [{ productId: shop.tea.id, quantity: 2 }] });
    await syncAll(stations);
    await b.t.call('orders.confirm', { id: order.id });
    await a.t.call('orders.cancel', { id: order.id, reason: 'customer called' });
    await syncAll(stations);
    for (const s of stations) {
      const conflicts = (await s.t.call('sync.status', {})).issues.filter((i) => i.kind === 'transition');
      expect(conflicts.length, `conflict at ${s.name}`).toBe(1);
      expect(conflicts[0]!.message).toContain(order.number);
      expect((await s.t.call('system.verify', {})).problems).toEqual([]);
    }
    const [sa, sb] = [await a.t.call('orders.get', { id: order.id }), await b.t.call('orders.get', { id: order.id })];
    expect(sa.status).toBe(sb.status);
    expect(ledgerTables(b.t.app.ledger)).toEqual(ledgerTables(a.t.app.ledger));
  });

  it('the same product edited at two stations: each field takes the later edit, on both', async () => {
    const { stations } = await setup(2);
    const [a, b] = stations as [TestStation, TestStation];
    const shop = await smallShop(a.t);
    await syncAll(stations);
    await a.t.call('products.update', { id: shop.pot.id, price: 30000 });
    await b.t.call('products.update', { id: shop.pot.id, name: 'Clay teapot, large' });
    await b.t.call('products.update', { id: shop.pot.id, price: 31000 });
    await syncAll(stations);
    for (const s of stations) {
      const p = await s.t.call('products.get', { id: shop.pot.id });
      expect(p).toMatchObject({ price: 31000, name: 'Clay teapot, large' });
    }
    expect(ledgerTables(b.t.app.ledger)).toEqual(ledgerTables(a.t.app.ledger));
  });

  it('applying the same pulled batch twice, or a late one, changes nothing more', async () => {
    const { server, stations } = await setup(2);
    const [a, b] = stations as [TestStation, TestStation];
    await smallShop(a.t);
    await a.client.push();
    const { applyPulled } = await import('../src/main/sync/apply-batch.ts');
    const { httpTransport } = await import('../src/main/sync/http-transport.ts');
    const { getState } = await import('../src/main/sync/state.ts');
    const { stationIdOf } = await import('../src/main/sync/setup.ts');
    const net = httpTransport(() => server.url, getState(b.t.app.ledger.prepare, 'device_token')!);
    const answer = await net.pull({ after: 0, limit: 500 });
    const station = stationIdOf(b.t.app.ledger);
    const first = await applyPulled(b.t.app.ledger, station, answer, () => new Date());
    expect(first.applied).toBe(answer.ops.length);
    const before = ledgerTables(b.t.app.ledger);
    const again = await applyPulled(b.t.app.ledger, station, answer, () => new Date());
    expect(again.stale).toBe(true);
    // Rewind the cursor (as a restore from an old copy does): every op is recognised and skipped.
    b.t.app.ledger.prepare("UPDATE sync_state SET value = '0' WHERE key = 'cursor'").run();
    const replay = await applyPulled(b.t.app.ledger, station, answer, () => new Date());
    expect(replay).toMatchObject({ stale: false, applied: 0, skipped: answer.ops.length });
    expect(ledgerTables(b.t.app.ledger)).toEqual(before);
    expect((await b.t.call('system.verify', {})).problems).toEqual([]);
  });
});
