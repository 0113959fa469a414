import { rmSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runWrite } from '../src/main/db/transaction.ts';
import { stationIdOf, syncClientFor } from '../src/main/sync/setup.ts';
import { openTestLedger, smallShop } from './helpers.ts';
import { closedAfterEach, searchDocuments, startServer, stationRows, syncAll, type TestStation } from './sync-helpers.ts';

// A product or customer deleted (by a station of a later version, or an integration writing the
// journal) frees its rowid when it was the last one, and SQLite hands that rowid to the next row
// inserted. Its search document must go with it: a document left behind under that rowid made
// the next row's document (the insert trigger, or a pull's grouped write of deferred documents)
// fail, so a station whose pull cut the insert, the deletion and the next insert into separate
// batches could never apply that batch. Whatever the batches, a pull must leave the same search
// documents, one per row, and the station that deleted must still index its next rows.

const { cleanups, station } = closedAfterEach();
const all = stationRows;
const documents = (s: TestStation) => searchDocuments(s, ['products', 'customers'] as const);

/** One document per row, none pending, and FTS5's own check passes. */
function consistent(s: TestStation) {
  expect(all(s, 'SELECT (SELECT count(*) FROM product) AS products, (SELECT count(*) FROM customer) AS customers'), s.name).toEqual(documents(s).counts);
  for (const t of ['order_search_deferral', 'product_search_pending', 'customer_search_pending']) expect(all(s, `SELECT * FROM ${t}`), `${s.name}: ${t}`).toEqual([]);
  for (const t of ['product_fts', 'customer_fts']) s.t.app.ledger.raw.prepare(`INSERT INTO ${t}(${t}) VALUES ('integrity-check')`).run();
}

/** Deletes rows through the journal, as a later version or an integration would (the app itself never deletes them). */
async function remove(s: TestStation, rows: readonly ['product' | 'customer', string][]): Promise<void> {
  const meta = { operation: 'test.delete', at: new Date().toISOString(), stationId: stationIdOf(s.t.app.ledger), actor: 'test' };
  await runWrite(s.t.app.ledger, meta, async (tx) => {
    for (const [table, id] of rows) await tx.delete(table, id);
  });
}

const names = (r: { items: { name: string }[] }) => r.items.map((i) => i.name).sort();

describe('search documents of deleted rows', () => {
  it('go with their rows, so a pulled insert, deletion and re-used rowid give the same documents in any batches', async () => {
    const server = await startServer();
    cleanups.push(() => server.close());
    const a = await station(server, 'station A', 'A');
    const shop = await smallShop(a.t);
    // The last product and customer (the highest rowids), deleted: the next ones get their rowids.
    const gone = await a.t.call('products.create', { sku: 'GONE-1', name: 'Gone kettle', altName: '旧水壶', price: 900, taxRateId: shop.vat.id });
    const left = await a.t.call('customers.create', { name: 'Zhao Left', email: 'zhao@example.com' });
    await remove(a, [['product', gone.id], ['customer', left.id]]);
    await syncAll([a]);

    // B made the next product and customer after pulling A's deletions.
    const b = await station(server, 'station B', 'B');
    await syncAll([b]);
    await b.t.call('products.create', { sku: 'NEXT-1', name: 'Next kettle', altName: '新水壶', price: 1100, taxRateId: shop.vat.id });
    await b.t.call('customers.create', { name: 'Qian Next', email: 'qian@example.com' });
    // And a product and a customer that B made and deleted again.
    const brief = await b.t.call('products.create', { sku: 'BRIEF-1', name: 'Brief mug', price: 700, taxRateId: shop.vat.id });
    const passing = await b.t.call('customers.create', { name: 'Passing Li' });
    await remove(b, [['product', brief.id], ['customer', passing.id]]);
    await syncAll([b]);

    // New stations pull it all: in big answers, one op per answer, two ops per answer.
    const whole = await station(server, 'new, big answers', 'C');
    const single = await station(server, 'new, one op per answer', 'D');
    const pairs = await station(server, 'new, two ops per answer', 'E');
    await whole.client.pull();
    await syncClientFor(single.t.app.ledger, { serverUrl: () => server.url, batchSize: 1 })!.pull();
    await syncClientFor(pairs.t.app.ledger, { serverUrl: () => server.url, batchSize: 2 })!.pull();

    const expected = documents(whole);
    expect((expected.products as { sku: string | null }[]).map((p) => p.sku).sort()).toEqual(['CUP-002', 'NEXT-1', 'POT-003', 'TEA-001']);
    expect((expected.customers as { name: string | null }[]).map((c) => c.name).sort()).toEqual(['Qian Next', '王秀英']);
    for (const s of [whole, single, pairs, b]) {
      expect(documents(s), s.name).toEqual(expected);
      consistent(s);
      expect(names(await s.t.call('products.list', { search: '水壶' })), s.name).toEqual(['Next kettle']);
      expect(names(await s.t.call('customers.list', { search: 'example.com' })), s.name).toEqual(['Qian Next', '王秀英']);
      expect((await s.t.call('system.verify', {})).problems, s.name).toEqual([]);
    }

    // The station that deleted indexes its own next rows (they take the freed rowids there too).
    await syncAll([a]);
    await a.t.call('products.create', { sku: 'LOCAL-1', name: 'Local kettle', altName: '本地水壶', price: 1200, taxRateId: shop.vat.id });
    await a.t.call('customers.create', { name: 'Sun Local', email: 'sun@example.com' });
    consistent(a);
    expect(names(await a.t.call('products.list', { search: '水壶' }))).toEqual(['Local kettle', 'Next kettle']);
    expect((await a.t.call('system.verify', {})).problems).toEqual([]);
  });

  it('left behind by a ledger of an earlier version are removed when it opens', async () => {
    const t = await openTestLedger();
    const shop = await smallShop(t);
    const gone = await t.call('products.create', { sku: 'GONE-1', name: 'Gone kettle', price: 900, taxRateId: shop.vat.id });
    const raw = t.app.ledger.raw;
    // The ledger as version 18 left it: the last product deleted, its document still there.
    raw.exec('DROP TRIGGER product_fts_delete; DROP TRIGGER customer_fts_delete');
    raw.prepare('DELETE FROM product_barcode WHERE product_id = ?').run(gone.id);
    raw.prepare('DELETE FROM product WHERE id = ?').run(gone.id);
    raw.pragma('user_version = 18');
    expect(raw.prepare('SELECT count(*) AS n FROM product_fts').get()).toEqual({ n: 4 });
    await t.app.close();

    const again = await openTestLedger({ file: t.file });
    cleanups.push(async () => {
      await again.close();
      rmSync(t.dir, { recursive: true, force: true });
    });
    const count = (sql: string) => (again.app.ledger.raw.prepare(sql).get() as { n: number }).n;
    expect(count('SELECT count(*) AS n FROM product_fts')).toBe(3);
    await again.call('products.create', { sku: 'NEXT-1', name: 'Next kettle', price: 1100, taxRateId: shop.vat.id });
    expect(count('SELECT count(*) AS n FROM product_fts')).toBe(4);
    expect((await again.call('products.list', { search: 'kettle' })).items.map((p) => p.sku)).toEqual(['NEXT-1']);
  });
});
