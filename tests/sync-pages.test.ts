import { afterEach, describe, expect, it } from 'vitest';
import { syncClientFor } from '../src/main/sync/setup.ts';
import { smallShop } from './helpers.ts';
import { addStation, ledgerTables, startServer, syncAll, type TestServer, type TestStation } from './sync-helpers.ts';

// A first pull applies big answers: one transaction per answer, stock levels recomputed and
// oversells checked once per answer.
// Whatever the size of the answers, a new station must end with the same ledger as one that took
// the ops one at a time (each op its own answer and transaction), table by table.

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** The rows a station wrote itself (`table|id`), from its own journal. */
function ownRows(s: TestStation): string[] {
  const entries = s.t.app.ledger.raw.prepare('SELECT changes FROM journal').all() as { changes: string }[];
  return entries.flatMap((e) => (JSON.parse(e.changes) as { t: string; id: string }[]).map((c) => `${c.t}|${c.id}`));
}

/** Every shared table row by row (sync-helpers.ts), without the rows named in `skip`. */
function pulledTables(s: TestStation, skip: ReadonlySet<string>): Record<string, unknown[]> {
  const tables = ledgerTables(s.t.app.ledger);
  for (const [t, rows] of Object.entries(tables)) tables[t] = (rows as { id?: string }[]).filter((r) => r.id === undefined || !skip.has(`${t}|${r.id}`));
  return tables;
}

async function station(server: TestServer, name: string, code: string): Promise<TestStation> {
  const s = await addStation(server, name, code);
  cleanups.push(() => s.t.close());
  return s;
}

/** Two stations writing apart and together: inserts, field edits at both, a barcode removed, an oversell, a conflict. */
async function busyHistory(a: TestStation, b: TestStation): Promise<void> {
  const shop = await smallShop(a.t);
  await a.t.call('stock.receive', { warehouseId: shop.main.id, lines: [{ productId: shop.tea.id, quantity: 10 }, { productId: shop.cup.id, quantity: 5 }] });
  await a.t.call('stock.receive', { warehouseId: shop.back.id, lines: [{ productId: shop.pot.id, quantity: 2 }] });
  await syncAll([a, b]);
  // Apart: both sell the same cups, edit the same product, and one cancels what the other confirms.
  const oa = await a.t.call('orders.create', { customerId: shop.customer.id, warehouseId: shop.main.id, lines: [{ productId: shop.cup.id, quantity: 4 }, { productId: shop.tea.id, quantity: 1 }] });
  await a.t.call('orders.confirm', { id: oa.id });
  const ob = await b.t.call('orders.create', { customerId: shop.customer.id, warehouseId: shop.main.id, lines: [{ productId: shop.cup.id, quantity: 4 }] });
  await b.t.call('orders.confirm', { id: ob.id });
  await a.t.call('products.update', { id: shop.pot.id, price: 30000 });
  await a.t.call('products.update', { id: shop.tea.id, barcodes: [] });
  await b.t.call('products.update', { id: shop.pot.id, name: 'Clay teapot, large' });
  await b.t.call('products.update', { id: shop.pot.id, price: 31000 });
  await b.t.call('customers.create', { name: 'Second customer', email: 'second@example.com' });
  await syncAll([a, b]);
  const oc = await a.t.call('orders.create', { customerId: shop.customer.id, warehouseId: shop.main.id, lines: [{ productId: shop.tea.id, quantity: 2 }] });
  await syncAll([a, b]);
  await b.t.call('orders.confirm', { id: oc.id });
  await a.t.call('orders.cancel', { id: oc.id, reason: 'customer called' });
  await a.t.call('stock.adjust', { warehouseId: shop.back.id, productId: shop.pot.id, delta: -1, reason: 'broken' });
  await syncAll([a, b]);
}

describe('a first pull in big answers', () => {
  it('gives the same ledger, table by table, as the same ops applied one answer per op', async () => {
    const server = await startServer();
    cleanups.push(() => server.close());
    const a = await station(server, 'station A', 'A');
    const b = await station(server, 'station B', 'B');
    await busyHistory(a, b);

    const whole = await station(server, 'new, big answers', 'C');
    const single = await station(server, 'new, one op per answer', 'D');
    const odd = await station(server, 'new, seven ops per answer', 'E');
    const inOne = await whole.client.pull();
    const opByOp = await syncClientFor(single.t.app.ledger, { serverUrl: () => server.url, batchSize: 1 })!.pull();
    await syncClientFor(odd.t.app.ledger, { serverUrl: () => server.url, batchSize: 7 })!.pull();
    expect(inOne.pulled).toBeGreaterThan(20);
    expect(opByOp.pulled).toBe(inOne.pulled);

    // One answer per op made one transaction per op; the big answers far fewer.
    const transactions = (s: TestStation) => (s.t.app.ledger.raw.prepare("SELECT count(*) AS n FROM sync_applied WHERE kind = 'derived'").get() as { n: number }).n;
    expect(transactions(single)).toBeGreaterThan(transactions(whole));

    // A new station that has not pushed keeps its own seeded rows (settings, built-in carriers:
    // the same ids everywhere, written later here, so its clocks win); they are compared apart.
    const seeded = new Set([whole, single, odd].flatMap((s) => ownRows(s)));
    expect(seeded.size).toBeGreaterThan(0);
    const expected = pulledTables(a, seeded);
    expect(pulledTables(b, seeded)).toEqual(expected);
    for (const s of [whole, single, odd]) {
      expect(pulledTables(s, seeded), s.name).toEqual(expected);
      expect((await s.t.call('system.verify', {})).problems, s.name).toEqual([]);
    }
    expect(ledgerTables(single.t.app.ledger).carrier?.length).toBe(ledgerTables(whole.t.app.ledger).carrier?.length);
    // The merge found the same things to tell a person: an oversell of the cups and the transition conflict.
    for (const s of [whole, single, odd]) {
      const issues = (await s.t.call('sync.status', {})).issues;
      expect(issues.filter((i) => i.kind === 'transition').length, s.name).toBe(1);
      expect(issues.some((i) => i.kind === 'oversell' && (i.details as { sku: string }).sku === 'CUP-002'), s.name).toBe(true);
      expect(issues.filter((i) => i.kind === 'parked'), s.name).toEqual([]);
    }
  });
});
