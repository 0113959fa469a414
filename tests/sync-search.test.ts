import { describe, expect, it } from 'vitest';
import { applyPulled } from '../src/main/sync/apply-batch.ts';
import { httpTransport } from '../src/main/sync/http-transport.ts';
import { stationIdOf, syncClientFor } from '../src/main/sync/setup.ts';
import { getNumber, getState } from '../src/main/sync/state.ts';
import { openTestLedger, smallShop } from './helpers.ts';
import { closedAfterEach, searchDocuments, startServer, stationRows, syncAll, type TestStation } from './sync-helpers.ts';

// A pull writes the search documents of the products, customers and orders it brings together
// before each batch commits (migration 0018, db/search-deferral.ts), not one per row by trigger.
// Every station must end with the documents the triggers wrote at the station that made the rows
// (compared by row id: rowids differ between stations), answer searches alike, pass FTS5's own
// integrity check, and never keep the deferral switched on or rows pending, even when a batch
// fails half way.

const { cleanups, station } = closedAfterEach();
const all = stationRows;
const documents = (s: TestStation) => searchDocuments(s, ['products', 'customers', 'orders'] as const);

function nothingDeferred(s: TestStation) {
  for (const t of ['order_search_deferral', 'order_search_pending', 'product_search_pending', 'customer_search_pending']) expect(all(s, `SELECT * FROM ${t}`), `${s.name}: ${t}`).toEqual([]);
  // FTS5's own check: every document's index entries match its content.
  for (const t of ['product_fts', 'customer_fts', 'sales_order_fts']) s.t.app.ledger.raw.prepare(`INSERT INTO ${t}(${t}) VALUES ('integrity-check')`).run();
}

async function answers(s: TestStation) {
  const ids = (r: { items: { id: string }[] }) => r.items.map((i) => i.id).sort();
  return {
    tea: ids(await s.t.call('products.list', { search: '茶' })),
    pot: ids(await s.t.call('products.list', { search: 'teapot' })),
    renamed: ids(await s.t.call('products.list', { search: 'RENAMED' })),
    wang: ids(await s.t.call('customers.list', { search: '王秀' })),
    mail: ids(await s.t.call('customers.list', { search: 'example.com' })),
    cups: ids(await s.t.call('orders.list', { search: 'CUP-002' })),
    lee: ids(await s.t.call('orders.list', { search: 'Lee' })),
  };
}

/** Products, customers and orders made at A, some changed after they were made (in the same pull for a new station). */
async function history(a: TestStation): Promise<void> {
  const shop = await smallShop(a.t);
  await a.t.call('stock.receive', { warehouseId: shop.main.id, lines: [{ productId: shop.cup.id, quantity: 20 }, { productId: shop.tea.id, quantity: 5 }] });
  const lee = await a.t.call('customers.create', { name: 'Lee Ming', email: 'lee@example.com', phone: '+86 21 5555 0101' });
  for (let i = 0; i < 12; i++) await a.t.call('products.create', { sku: `BULK-${i}`, name: `Bulk item ${i}`, altName: i % 2 ? `茶叶 ${i}` : null, price: 100 + i, taxRateId: shop.vat.id });
  const o1 = await a.t.call('orders.create', { customerId: shop.customer.id, warehouseId: shop.main.id, lines: [{ productId: shop.cup.id, quantity: 2 }] });
  await a.t.call('orders.confirm', { id: o1.id });
  const o2 = await a.t.call('orders.create', { customerId: lee.id, warehouseId: shop.main.id, lines: [{ productId: shop.tea.id, quantity: 1 }] });
  await a.t.call('orders.update', { id: o2.id, lines: [{ productId: shop.cup.id, quantity: 3 }, { productId: shop.pot.id, quantity: 1 }] });
  await a.t.call('products.update', { id: shop.pot.id, name: 'Clay teapot RENAMED', altName: '新紫砂壶' });
  await a.t.call('customers.update', { id: lee.id, name: 'Lee Ming-Hua', phone: null });
}

describe('search documents of pulled rows', () => {
  it('are the ones the triggers wrote at the station that made the rows, whatever the size of the answers', async () => {
    const server = await startServer();
    cleanups.push(() => server.close());
    const a = await station(server, 'station A', 'A');
    await history(a);
    await syncAll([a]);

    const whole = await station(server, 'new, big answers', 'C');
    const single = await station(server, 'new, one op per answer', 'D');
    const odd = await station(server, 'new, five ops per answer', 'E');
    await whole.client.pull();
    await syncClientFor(single.t.app.ledger, { serverUrl: () => server.url, batchSize: 1 })!.pull();
    await syncClientFor(odd.t.app.ledger, { serverUrl: () => server.url, batchSize: 5 })!.pull();

    // A's own rows: the new stations' seeded rows (settings, carriers) are not in A's search tables.
    const expected = documents(a);
    expect(expected.products.length).toBeGreaterThan(14);
    expect((expected.products as { sku: string | null }[]).every((p) => p.sku !== null)).toBe(true);
    const expectedAnswers = await answers(a);
    expect(expectedAnswers.renamed.length).toBe(1);
    expect(expectedAnswers.lee.length).toBe(1);
    for (const s of [whole, single, odd]) {
      expect(documents(s), s.name).toEqual(expected);
      expect(await answers(s), s.name).toEqual(expectedAnswers);
      nothingDeferred(s);
      expect((await s.t.call('system.verify', {})).problems, s.name).toEqual([]);
    }

    // Later edits at A reach documents written by a pull, through the ordinary update triggers.
    const pot = (await a.t.call('products.list', { search: 'RENAMED' })).items[0]!;
    await a.t.call('products.update', { id: pot.id, name: 'Clay teapot, large', altName: null });
    await syncAll([a, whole]);
    expect(documents(whole)).toEqual(documents(a));
    nothingDeferred(whole);
  });

  it('a batch that fails half way leaves no deferral behind, and the pull then completes', async () => {
    const server = await startServer();
    cleanups.push(() => server.close());
    const a = await station(server, 'station A', 'A');
    await history(a);
    await syncAll([a]);
    const b = await station(server, 'station B', 'B');

    const transport = httpTransport(() => server.url, getState(b.t.app.ledger.prepare, 'device_token')!);
    const answer = await transport.pull({ after: 0, limit: 2000 });
    expect(answer.ops.length).toBeGreaterThan(10);
    const before = documents(b);
    // The clock is read after the deferral is switched on: a failure there must undo everything.
    const broken = () => {
      throw new Error('the clock broke');
    };
    await expect(applyPulled(b.t.app.ledger, stationIdOf(b.t.app.ledger), answer, broken)).rejects.toThrow('the clock broke');
    expect(getNumber(b.t.app.ledger.prepare, 'cursor')).toBe(0);
    expect(documents(b)).toEqual(before);
    nothingDeferred(b);

    await b.client.pull();
    expect(documents(b).products).toEqual(documents(a).products);
    nothingDeferred(b);
    expect((await b.t.call('system.verify', {})).problems).toEqual([]);
  });

  it('verify names product and customer documents left deferred', async () => {
    const t = await openTestLedger();
    cleanups.push(() => t.close());
    // Only a write behind the app's back can leave this (a batch ends it before committing).
    t.app.ledger.raw.prepare('INSERT INTO order_search_deferral (id) VALUES (1)').run();
    await smallShop(t);
    expect(t.app.ledger.raw.prepare('SELECT count(*) AS n FROM product_fts').get()).toEqual({ n: 0 });
    const report = await t.call('system.verify', {});
    expect(report.problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ check: 'derived_indexes', table: 'product_fts', message: expect.stringContaining('3 products') }),
        expect.objectContaining({ check: 'derived_indexes', table: 'customer_fts', message: expect.stringContaining('1 customers') }),
      ]),
    );
  });
});
