import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SEARCH_WRITE_EVERY } from '../src/main/db/transaction.ts';
import type { BatchCalls } from '../src/main/dispatcher.ts';
import { importFile } from '../src/main/exchange/import.ts';
import { builtInPreset } from '../src/shared/imports/presets.ts';
import { LOCAL_OWNER } from '../src/shared/permissions.ts';
import { openTestLedger, type TestLedger } from './helpers.ts';

// A batch that defers order search documents (migrations 0017 and 0018, db/search-deferral.ts) must leave the
// same documents, the same search answers and the same rows as one that lets the trigger write
// each order's document at once, and never leave the deferral switched on or documents pending.

const SKUS = ['TEA-GRN-250', 'TEA-BLK-500', 'CUP-002', 'POT-003', 'BAG-010', 'ZISHA-01'];

type Ledger = TestLedger & { productIds: string[]; warehouseId: string; customerIds: string[] };

async function openLedger(): Promise<Ledger> {
  const t = await openTestLedger();
  const vat = await t.call('taxRates.create', { code: 'VAT13', name: 'VAT 13%', rateBp: 1300 });
  const wh = await t.call('warehouses.create', { code: 'MAIN', name: 'Main store' });
  const productIds: string[] = [];
  for (const sku of SKUS) productIds.push((await t.call('products.create', { sku, name: `Item ${sku}`, price: 1250, taxRateId: vat.id })).id);
  const customerIds: string[] = [];
  for (const name of ['王小明', 'Anna Schmidt', 'Li Lei']) customerIds.push((await t.call('customers.create', { name, email: `${customerIds.length}@example.com` })).id);
  return { ...t, productIds, warehouseId: wh.id, customerIds };
}

/**
 * The same calls in both ledgers: more orders than SEARCH_WRITE_EVERY (so documents are written
 * mid-batch and at the end), customers made with their order in an atomic group, and a draft
 * whose lines and customer change after it was created, before its document is written.
 */
async function fill(l: Ledger, calls: BatchCalls, orders: number): Promise<void> {
  let changed: string | undefined;
  for (let i = 0; i < orders; i++) {
    const lines = Array.from({ length: 1 + (i % 4) }, (_, j) => ({ productId: l.productIds[(i + j) % SKUS.length]!, quantity: 1 + j }));
    const input = { warehouseId: l.warehouseId, channel: 'shop', externalRef: `#${1000 + i}`, lines };
    if (i % 50 === 7) {
      await calls.atomic(async () => {
        const c = await calls.call('customers.create', { name: `新顾客 ${i}`, email: `new${i}@example.com` });
        await calls.call('orders.create', { ...input, customerId: c.id });
      });
    } else {
      const o = await calls.call('orders.create', { ...input, customerId: l.customerIds[i % 3]! });
      if (i === 3) changed = o.id;
    }
    if (i === 5) {
      await calls.call('orders.update', { id: changed!, customerId: l.customerIds[2]!, lines: [{ productId: l.productIds[5]!, quantity: 9 }, { productId: l.productIds[3]!, quantity: 1 }] });
    }
  }
}

const rows = (l: TestLedger, sql: string) => l.app.ledger.raw.prepare(sql).all();

/** Documents by order number (rowids may differ between ledgers: customers come first or not). */
const documents = (l: TestLedger) =>
  rows(l, 'SELECT o.number, f.number AS fNumber, f.customer_name AS name, f.skus FROM sales_order o LEFT JOIN sales_order_fts f ON f.rowid = o.rowid ORDER BY o.number');

const orderRows = (l: TestLedger) =>
  rows(
    l,
    `SELECT o.number, o.status, o.customer_name, o.external_ref, o.net_total, o.tax_total, o.gross_total,
            (SELECT group_concat(sku || 'x' || quantity, ' ') FROM (SELECT sku, quantity FROM sales_order_line WHERE order_id = o.id ORDER BY line_no)) AS lines
     FROM sales_order o ORDER BY o.number`,
  );

async function searchNumbers(l: TestLedger, search: string): Promise<string[]> {
  const found = await l.app.dispatcher.call('orders.list', { search, limit: 500 }, LOCAL_OWNER);
  return found.items.map((o) => o.number).sort();
}

function expectNothingPending(l: TestLedger) {
  expect(rows(l, 'SELECT * FROM order_search_deferral')).toEqual([]);
  expect(rows(l, 'SELECT * FROM order_search_pending')).toEqual([]);
}

function expectIndexIntact(l: TestLedger) {
  // FTS5's own check: every document's index entries match its content.
  l.app.ledger.raw.prepare("INSERT INTO sales_order_fts(sales_order_fts, rank) VALUES ('integrity-check', 1)").run();
}

let a: Ledger;
let b: Ledger;
beforeEach(async () => {
  a = await openLedger();
  b = await openLedger();
});
afterEach(async () => {
  await a.close();
  await b.close();
});

describe('deferred order search documents', () => {
  for (const savepoints of [false, true]) {
    it(`match the documents, searches and rows of documents written per order (savepoints: ${savepoints})`, async () => {
      const orders = SEARCH_WRITE_EVERY * 2 + 37;
      await a.app.dispatcher.batch(LOCAL_OWNER, () => true, (calls) => fill(a, calls, orders), { savepoints, bulkJournal: !savepoints });
      await b.app.dispatcher.batch(LOCAL_OWNER, () => true, (calls) => fill(b, calls, orders), { savepoints, bulkJournal: !savepoints, deferSearch: true });

      const docs = documents(b);
      expect(docs).toHaveLength(orders);
      expect(docs).toEqual(documents(a));
      expect(orderRows(b)).toEqual(orderRows(a));
      // The order changed after it was made is indexed as it ended up.
      const changed = docs.find((d) => (d as { skus: string }).skus === 'ZISHA-01 POT-003') as { name: string } | undefined;
      expect(changed?.name).toBe('Li Lei');
      for (const search of ['POT-003', 'ZISHA', 'Li Lei', '王小明', '新顾客 57', 'SO-', '#1', 'Schmidt']) {
        expect(await searchNumbers(b, search), search).toEqual(await searchNumbers(a, search));
      }
      expect((await searchNumbers(b, 'POT-003')).length).toBeGreaterThan(0);
      for (const l of [a, b]) {
        expectNothingPending(l);
        expectIndexIntact(l);
        const report = await l.app.dispatcher.call('system.verify', {}, LOCAL_OWNER);
        expect(report.problems).toEqual([]);
      }
      // After the batch the trigger writes a new order's document at once again.
      const next = await b.call('orders.create', { customerId: b.customerIds[0]!, warehouseId: b.warehouseId, lines: [{ productId: b.productIds[4]!, quantity: 1 }] });
      expect(await searchNumbers(b, next.number)).toEqual([next.number]);
    });
  }

  it('leave nothing behind when the batch rolls back (a dry run, a failure)', async () => {
    const before = rows(b, 'SELECT (SELECT count(*) FROM sales_order) AS orders, (SELECT count(*) FROM sales_order_fts) AS docs, (SELECT count(*) FROM journal) AS journal');
    await b.app.dispatcher.batch(LOCAL_OWNER, () => false, (calls) => fill(b, calls, SEARCH_WRITE_EVERY + 3), { savepoints: false, bulkJournal: true, deferSearch: true });
    await expect(
      b.app.dispatcher.batch(
        LOCAL_OWNER,
        () => true,
        async (calls) => {
          await fill(b, calls, SEARCH_WRITE_EVERY + 3);
          throw new Error('cancelled midway');
        },
        { savepoints: false, bulkJournal: true, deferSearch: true },
      ),
    ).rejects.toThrow('cancelled midway');
    expect(rows(b, 'SELECT (SELECT count(*) FROM sales_order) AS orders, (SELECT count(*) FROM sales_order_fts) AS docs, (SELECT count(*) FROM journal) AS journal')).toEqual(before);
    expectNothingPending(b);
    const next = await b.call('orders.create', { customerId: b.customerIds[1]!, warehouseId: b.warehouseId, lines: [{ productId: b.productIds[0]!, quantity: 2 }] });
    expect(await searchNumbers(b, 'Anna')).toEqual([next.number]);
  });

  it('verify names a deferral left switched on or documents left pending', async () => {
    // Only a write behind the app's back can leave this (a batch ends it before committing).
    b.app.ledger.raw.prepare('INSERT INTO order_search_deferral (id) VALUES (1)').run();
    const order = await b.call('orders.create', { customerId: b.customerIds[0]!, warehouseId: b.warehouseId, lines: [{ productId: b.productIds[0]!, quantity: 1 }] });
    expect(rows(b, 'SELECT rowid FROM sales_order_fts')).toEqual([]);
    expect(order.number).toBeTruthy();
    const report = await b.app.dispatcher.call('system.verify', {}, LOCAL_OWNER);
    expect(report.ok).toBe(false);
    expect(report.problems).toEqual([expect.objectContaining({ check: 'derived_indexes', table: 'sales_order_fts', message: expect.stringContaining('switch 1, 1 orders') })]);
  });

  it('an import leaves every order searchable by number, customer and SKU, and a bad row writes nothing', async () => {
    const header = 'Name,Email,Financial Status,Currency,Created at,Lineitem quantity,Lineitem name,Lineitem price,Lineitem sku,Billing Name';
    const lines = [header];
    const orders = SEARCH_WRITE_EVERY + 20;
    for (let i = 0; i < orders; i++) {
      for (let j = 0; j <= i % 3; j++) lines.push([`#${5000 + i}`, `buyer${i % 9}@example.com`, j === 0 ? 'paid' : '', j === 0 ? 'CNY' : '', '2024-05-02 10:00:00 +0800', '1', 'Item', '12.50', SKUS[(i + j) % SKUS.length], j === 0 ? `买家 ${i % 9}` : ''].join(','));
    }
    const good = join(b.dir, 'orders.csv');
    writeFileSync(good, `${lines.join('\n')}\n`);
    const bad = join(b.dir, 'bad.csv');
    writeFileSync(bad, `${[...lines.slice(0, -1), lines.at(-1)!.replace(/,1,Item,/, ',x,Item,')].join('\n')}\n`);

    const orderCount = () => rows(b, 'SELECT count(*) AS n FROM sales_order')[0];
    const before = orderCount();
    const refused = await importFile(b.app, bad, { kind: 'orders', preset: builtInPreset('shopify-orders'), mode: 'all-or-nothing' });
    expect(refused.committed).toBe(false);
    expect(refused.problems[0]).toMatchObject({ row: lines.length, column: 'Lineitem quantity' });
    expect(orderCount()).toEqual(before);
    expectNothingPending(b);

    const report = await importFile(b.app, good, { kind: 'orders', preset: builtInPreset('shopify-orders'), mode: 'all-or-nothing' });
    expect(report).toMatchObject({ created: orders, committed: true, problemCount: 0 });
    expectNothingPending(b);
    expectIndexIntact(b);
    const docs = rows(b, "SELECT o.number, o.external_ref FROM sales_order o JOIN sales_order_fts f ON f.rowid = o.rowid WHERE f.number = o.number AND f.customer_name = o.customer_name AND o.channel = 'shopify'");
    expect(docs).toHaveLength(orders);
    const last = docs.at(-1) as { number: string };
    expect(await searchNumbers(b, last.number)).toEqual([last.number]);
    expect(await searchNumbers(b, '买家 4')).toHaveLength(rows(b, "SELECT 1 FROM sales_order WHERE customer_name = '买家 4'").length);
    const withSku = rows(b, "SELECT DISTINCT o.number FROM sales_order o JOIN sales_order_line l ON l.order_id = o.id WHERE l.sku = 'BAG-010'");
    expect(await searchNumbers(b, 'BAG-010')).toHaveLength(withSku.length);
    const verify = await b.app.dispatcher.call('system.verify', {}, LOCAL_OWNER);
    expect(verify.problems).toEqual([]);
  });
});
