import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importFile } from '../src/main/exchange/import.ts';
import { builtInPreset } from '../src/shared/imports/presets.ts';
import { openTestLedger, type TestLedger } from './helpers.ts';

// An all-or-nothing import of many orders is one transaction of many journal entries, with the
// order search documents written once per order and the chain head kept between entries. The
// ledger it leaves must verify (in process and through the CLI), search like one typed in, and
// hold one journal entry per created order and customer.

const BIN = join(import.meta.dirname, '..', 'bin', 'shopledger.js');
const HEADER = 'Name,Email,Financial Status,Currency,Shipping,Created at,Lineitem quantity,Lineitem name,Lineitem price,Lineitem sku,Billing Name,Shipping Name,Shipping Address1,Shipping City,Shipping Zip,Shipping Country';
const SKUS = ['TEA-GRN-250', 'TEA-BLK-500', 'CUP-002', 'POT-003', 'BAG-010'];

/** A Shopify orders export: order i has 1 + (i % 4) lines, customers repeat every 7 orders. */
function shopifyOrders(orders: number): { text: string; lines: number } {
  const rows = [HEADER];
  for (let i = 0; i < orders; i++) {
    const c = i % 7;
    for (let j = 0; j <= i % 4; j++) {
      const first = j === 0;
      const sku = SKUS[(i + j) % SKUS.length]!;
      rows.push(
        [`#${2000 + i}`, `buyer${c}@example.com`, first ? 'paid' : '', first ? 'CNY' : '', first ? '8.00' : '', '2024-05-02 10:00:00 +0800', String(1 + j), `"Item ${sku}"`, '12.50', sku, first ? `"买家 ${c}"` : '', first ? `"买家 ${c}"` : '', first ? `"长安街 ${c} 号"` : '', first ? '北京' : '', first ? '100000' : '', first ? 'CN' : ''].join(','),
      );
    }
  }
  return { text: `${rows.join('\n')}\n`, lines: rows.length - 1 };
}

let t: TestLedger;

beforeEach(async () => {
  t = await openTestLedger();
  const vat = await t.call('taxRates.create', { code: 'VAT13', name: 'VAT 13%', rateBp: 1300 });
  await t.call('warehouses.create', { code: 'MAIN', name: 'Main store' });
  for (const sku of SKUS) await t.call('products.create', { sku, name: `Item ${sku}`, price: 1250, taxRateId: vat.id });
  // One buyer is already a customer: their orders must use the existing record.
  await t.call('customers.create', { name: '老顾客', email: 'Buyer3@example.com' });
});
afterEach(async () => {
  await t.close();
});

const count = (sql: string, ...params: unknown[]) => (t.app.ledger.raw.prepare(sql).get(...params) as { n: number }).n;

describe('an imported ledger', () => {
  it('verifies, searches by SKU and customer, and holds one journal entry per created record', async () => {
    const file = join(t.dir, 'orders_export.csv');
    const { text, lines } = shopifyOrders(60);
    writeFileSync(file, text);
    const journalBefore = count('SELECT count(*) AS n FROM journal');
    const report = await importFile(t.app, file, { kind: 'orders', preset: builtInPreset('shopify-orders'), mode: 'all-or-nothing' });
    expect(report).toMatchObject({ rows: lines, created: 60, skipped: 0, refused: 0, problemCount: 0, committed: true });

    // Six new customers (buyer3 existed, and has orders 3, 10, ..., 59), one orders.create per order.
    expect(count("SELECT count(*) AS n FROM journal WHERE operation = 'customers.create'")).toBe(7);
    expect(count("SELECT count(*) AS n FROM journal WHERE operation = 'orders.create'")).toBe(60);
    expect(count('SELECT count(*) AS n FROM journal')).toBe(journalBefore + 66);
    expect(count('SELECT count(*) AS n FROM sales_order_line')).toBe(lines);
    const buyer3 = await t.call('customers.list', { search: 'Buyer3@example.com' });
    expect(buyer3.items).toHaveLength(1);
    expect(count('SELECT count(*) AS n FROM sales_order WHERE customer_id = ?', buyer3.items[0]!.id)).toBe(9);

    // Every order's search document is what the per-line triggers used to leave: its number,
    // customer name and SKUs in line order, under the order's rowid.
    const docs = t.app.ledger.raw
      .prepare(
        `SELECT o.number, o.customer_name AS name, f.number AS fNumber, f.customer_name AS fName, f.skus,
                (SELECT group_concat(sku, ' ') FROM (SELECT sku FROM sales_order_line WHERE order_id = o.id ORDER BY line_no)) AS expected
         FROM sales_order o LEFT JOIN sales_order_fts f ON f.rowid = o.rowid`,
      )
      .all() as { number: string; name: string; fNumber: string | null; fName: string | null; skus: string | null; expected: string }[];
    expect(docs).toHaveLength(60);
    for (const d of docs) expect({ number: d.fNumber, name: d.fName, skus: d.skus }).toEqual({ number: d.number, name: d.name, skus: d.expected });
    const withPot = count("SELECT count(DISTINCT order_id) AS n FROM sales_order_line WHERE sku = 'POT-003'");
    const found = await t.call('orders.list', { search: 'POT-003', limit: 100 });
    expect(found.items).toHaveLength(withPot);
    const byName = await t.call('orders.list', { search: '买家 5', limit: 100 });
    expect(byName.items.length).toBeGreaterThan(0);
    expect(byName.items.every((o) => o.customerName === '买家 5')).toBe(true);

    const verify = await t.call('system.verify', {});
    expect(verify.problems).toEqual([]);
    expect(verify.ok).toBe(true);

    // Re-importing changes nothing, and lines added later to an imported order still move its document.
    const again = await importFile(t.app, file, { kind: 'orders', preset: builtInPreset('shopify-orders'), mode: 'all-or-nothing' });
    expect(again).toMatchObject({ created: 0, skipped: 60, committed: true });
    expect(count('SELECT count(*) AS n FROM journal')).toBe(journalBefore + 66);
    const first = found.items[0]!;
    const bag = (await t.call('products.list', { search: 'BAG-010' })).items[0]!;
    await t.call('orders.update', { id: first.id, lines: [{ productId: bag.id, quantity: 2 }] });
    expect((await t.call('orders.list', { search: 'POT-003', limit: 100 })).items.map((o) => o.id)).not.toContain(first.id);
    expect((await t.call('orders.list', { search: 'BAG-010', limit: 100 })).items.map((o) => o.id)).toContain(first.id);
  });

  it('passes shopledger verify from the command line', async () => {
    const file = join(t.dir, 'orders_export.csv');
    writeFileSync(file, shopifyOrders(25).text);
    const report = await importFile(t.app, file, { kind: 'orders', preset: builtInPreset('shopify-orders'), mode: 'all-or-nothing' });
    expect(report).toMatchObject({ created: 25, committed: true });
    // Another process reads the committed file while the app still has it open (WAL).
    const r = spawnSync(process.execPath, [BIN, '--ledger', t.file, 'verify'], { encoding: 'utf8', timeout: 120_000 });
    expect(r.stdout).toContain('Ledger OK.');
    expect(r.status).toBe(0);
    // The CLI starts through tsx in a new process: slow on a busy machine.
  }, 120_000);
});
