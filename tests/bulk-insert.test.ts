import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runWrite, type WriteMeta } from '../src/main/db/transaction.ts';
import type { CustomerTable, SalesOrderLineTable, SalesOrderTable } from '../src/main/db/schema.ts';
import { importFile } from '../src/main/exchange/import.ts';
import { newId } from '../src/shared/ids.ts';
import { builtInPreset } from '../src/shared/imports/presets.ts';
import { LOCAL_OWNER } from '../src/shared/permissions.ts';
import { openTestLedger, smallShop, type TestLedger } from './helpers.ts';

// WriteTx.insertMany writes several rows of a table in multi-row INSERTs (an order's lines, on the
// import's hot path). It must leave exactly what one insert per row leaves: the same rows in the
// same order, the same journal changes, the same sync clocks, the same derived rows from the
// triggers, a chain verify accepts, and the same refusal for a bad row.

let t: TestLedger;
let shop: Awaited<ReturnType<typeof smallShop>>;

beforeEach(async () => {
  t = await openTestLedger();
  shop = await smallShop(t);
});
afterEach(async () => {
  await t.close();
});

const all = <T>(sql: string, ...params: unknown[]) => t.app.ledger.raw.prepare(sql).all(...params) as T[];
const meta = (operation: string): WriteMeta => {
  const { station_id } = t.app.ledger.raw.prepare('SELECT station_id FROM journal ORDER BY seq DESC LIMIT 1').get() as { station_id: string };
  return { operation, at: new Date().toISOString(), stationId: station_id, actor: 'test' };
};
const lastChanges = () => JSON.parse((t.app.ledger.raw.prepare('SELECT changes FROM journal ORDER BY seq DESC LIMIT 1').get() as { changes: string }).changes) as { t: string; op: string; id: string; v: Record<string, unknown> }[];
const withoutKeys = (row: object, ...keys: string[]) => Object.fromEntries(Object.entries(row).filter(([k]) => !keys.includes(k)));

async function expectVerified() {
  const v = await t.call('system.verify', {});
  expect(v.problems).toEqual([]);
  expect(v.ok).toBe(true);
}

describe('insertMany', () => {
  it('writes an order\u2019s lines exactly as one insert per line would', async () => {
    const made = await t.call('orders.create', {
      customerId: shop.customer.id,
      warehouseId: shop.main.id,
      lines: [
        { productId: shop.tea.id, quantity: 2 },
        { productId: shop.cup.id, quantity: 6, discountBp: 500 },
        { productId: shop.pot.id, quantity: 1 },
        { productId: shop.tea.id, quantity: 1 },
      ],
    });
    const bulkChanges = lastChanges();
    const [header] = all<SalesOrderTable>('SELECT * FROM sales_order WHERE id = ?', made.id);
    const bulkLines = all<SalesOrderLineTable>('SELECT * FROM sales_order_line WHERE order_id = ? ORDER BY rowid', made.id);
    expect(bulkLines.map((l) => l.line_no)).toEqual([1, 2, 3, 4]);

    // The same order written again, its lines one insert each (how they were written before).
    const copyId = newId();
    await runWrite(t.app.ledger, meta('test.perRowCopy'), async (tx) => {
      await tx.insert('sales_order', { ...header!, id: copyId, number: `${header!.number}-COPY` });
      for (const l of bulkLines) await tx.insert('sales_order_line', { ...l, id: newId(), order_id: copyId });
    });
    const rowLines = all<SalesOrderLineTable>('SELECT * FROM sales_order_line WHERE order_id = ? ORDER BY rowid', copyId);
    expect(rowLines.map((l) => withoutKeys(l, 'id', 'order_id'))).toEqual(bulkLines.map((l) => withoutKeys(l, 'id', 'order_id')));

    // Journal: one 'i' change per line, in line order, each carrying the whole row as stored.
    const lineChanges = (changes: typeof bulkChanges) => changes.filter((c) => c.t === 'sales_order_line');
    expect(lineChanges(bulkChanges).map((c) => c.id)).toEqual(bulkLines.map((l) => l.id));
    expect(lineChanges(bulkChanges).map((c) => c.v)).toEqual(bulkLines);
    const perRow = lineChanges(lastChanges());
    expect(perRow.map((c) => ({ op: c.op, v: withoutKeys(c.v, 'id', 'order_id') }))).toEqual(lineChanges(bulkChanges).map((c) => ({ op: c.op, v: withoutKeys(c.v, 'id', 'order_id') })));

    // Sync clocks and the trigger-kept product index agree line for line.
    const clocks = (ids: string[]) => all<{ col: string }>(`SELECT col FROM sync_clock WHERE t = 'sales_order_line' AND id IN (${ids.map(() => '?').join(', ')})`, ...ids).map((r) => r.col);
    expect(clocks(bulkLines.map((l) => l.id))).toEqual(['*', '*', '*', '*']);
    expect(clocks(rowLines.map((l) => l.id))).toEqual(['*', '*', '*', '*']);
    const products = (orderId: string) => all<{ product_id: string }>('SELECT product_id FROM sales_order_product WHERE order_id = ? ORDER BY product_id', orderId).map((r) => r.product_id);
    expect(products(made.id)).toEqual([shop.tea.id, shop.cup.id, shop.pot.id].sort());
    expect(products(copyId)).toEqual(products(made.id));

    // The answer built from the rows in hand is the order as read back.
    expect(made).toEqual(await t.call('orders.get', { id: made.id }));
    await expectVerified();
  });

  it('splits rows of different column sets and more than one statement\u2019s worth, keeping their order', async () => {
    const rows: (Pick<CustomerTable, 'id' | 'name'> & Partial<CustomerTable>)[] = [];
    for (let i = 0; i < 75; i++) {
      const base = { id: newId(), code: `BULK-${String(i).padStart(3, '0')}`, name: `客户 ${i}`, created_at: new Date().toISOString(), updated_at: new Date().toISOString() };
      // Every third row leaves out the e-mail (a column not given takes its default, as in insert).
      rows.push(i % 3 === 0 ? base : { ...base, email: `bulk${i}@example.com` });
    }
    const before = all<{ n: number }>('SELECT count(*) AS n FROM customer')[0]!.n;
    await runWrite(t.app.ledger, meta('test.bulkCustomers'), async (tx) => {
      await tx.insertMany('customer', rows as never);
    });
    const stored = all<CustomerTable & { rowid: number }>('SELECT rowid, * FROM customer WHERE code LIKE ? ORDER BY rowid', 'BULK-%');
    expect(stored.map((c) => c.id)).toEqual(rows.map((r) => r.id));
    expect(stored.map((c) => c.email)).toEqual(rows.map((r) => r.email ?? null));
    expect(all<{ n: number }>('SELECT count(*) AS n FROM customer')[0]!.n).toBe(before + 75);
    const changes = lastChanges();
    expect(changes.map((c) => c.id)).toEqual(rows.map((r) => r.id));
    expect(changes.map((c) => c.v)).toEqual(rows);
    // The search index (kept by a trigger) has every one of them.
    const found = await t.call('customers.list', { search: 'BULK-07' });
    expect(found.items.map((c) => c.code)).toEqual(['BULK-070', 'BULK-071', 'BULK-072', 'BULK-073', 'BULK-074']);
    await expectVerified();
  });

  it('refuses a bad row with the error one insert would give, and writes nothing', async () => {
    const made = await t.call('orders.create', { customerId: shop.customer.id, warehouseId: shop.main.id, lines: [{ productId: shop.tea.id, quantity: 1 }] });
    const [line] = all<SalesOrderLineTable>('SELECT * FROM sales_order_line WHERE order_id = ?', made.id);
    const journal = () => all<{ n: number }>('SELECT count(*) AS n FROM journal')[0]!.n;
    const lines = () => all<{ n: number }>('SELECT count(*) AS n FROM sales_order_line')[0]!.n;
    const [journalBefore, linesBefore] = [journal(), lines()];
    const bad = (lineNo: number, quantity: number) => ({ ...line!, id: newId(), line_no: lineNo, quantity });
    const failure = async (write: Parameters<typeof runWrite>[2]) => {
      try {
        await runWrite(t.app.ledger, meta('test.badLine'), write);
      } catch (e) {
        return (e as Error).message;
      }
      throw new Error('the write should have failed');
    };
    const one = await failure(async (tx) => {
      await tx.insert('sales_order_line', bad(2, 1));
      await tx.insert('sales_order_line', bad(3, 0));
    });
    const many = await failure(async (tx) => {
      await tx.insertMany('sales_order_line', [bad(2, 1), bad(3, 0), bad(4, 1)]);
    });
    expect(one).toMatch(/CHECK constraint failed/);
    expect(many).toBe(one);
    expect([journal(), lines()]).toEqual([journalBefore, linesBefore]);
    await expectVerified();
  });
});

describe('an order import written line rows in bulk', () => {
  const HEADER = 'Name,Email,Currency,Lineitem quantity,Lineitem name,Lineitem price,Lineitem sku,Billing Name,Shipping Name,Shipping Address1,Shipping City,Shipping Country';
  const row = (order: string, sku: string, qty: number, first: boolean) =>
    [order, 'li@example.com', first ? 'CNY' : '', String(qty), `"Item ${sku}"`, '', sku, first ? '李雷' : '', first ? '李雷' : '', first ? '"长安街 1 号"' : '', first ? '北京' : '', first ? 'CN' : ''].join(',');

  it('reports a bad line on its own row, keeps the good orders whole, and verifies', async () => {
    await t.call('products.update', { id: shop.cup.id, active: false });
    const file = join(t.dir, 'orders.csv');
    writeFileSync(file, `${[HEADER, row('#1', 'TEA-001', 2, true), row('#1', 'POT-003', 1, false), row('#2', 'TEA-001', 1, true), row('#2', 'CUP-002', 3, false), row('#3', 'POT-003', 4, true), row('#3', 'TEA-001', 1, false), row('#3', 'POT-003', 2, false)].join('\n')}\n`);
    const report = await importFile(t.app, file, { kind: 'orders', preset: builtInPreset('shopify-orders'), mode: 'valid-rows' });
    expect(report.problems).toEqual([{ row: 5, column: 'Lineitem sku', message: 'Product CUP-002 is inactive' }]);
    expect(report).toMatchObject({ created: 2, refused: 1, committed: true });
    const orders = all<{ external_ref: string; skus: string; lines: number }>(
      "SELECT o.external_ref, group_concat(l.sku, ' ') AS skus, count(*) AS lines FROM sales_order o JOIN sales_order_line l ON l.order_id = o.id WHERE o.external_ref IS NOT NULL GROUP BY o.id ORDER BY o.external_ref",
    );
    expect(orders).toEqual([
      { external_ref: '#1', skus: 'TEA-001 POT-003', lines: 2 },
      { external_ref: '#3', skus: 'POT-003 TEA-001 POT-003', lines: 3 },
    ]);
    const found = await t.call('orders.list', { search: 'POT-003' });
    expect(found.items.map((o) => o.externalRef).sort()).toEqual(['#1', '#3']);
    await expectVerified();
  });
});

describe('a batch that appends its journal in bulk', () => {
  const entries = () => all<{ seq: number; operation: string; hlc: string; prev_hash: string; hash: string }>('SELECT seq, operation, hlc, prev_hash, hash FROM journal ORDER BY seq');
  const storedClock = () => (t.app.ledger.raw.prepare("SELECT value FROM sync_state WHERE key = 'hlc'").get() as { value: string }).value;

  async function createCustomers(from: number, count: number, options: { savepoints?: boolean; bulkJournal?: boolean }, commit = true) {
    return t.app.dispatcher.batch(
      LOCAL_OWNER,
      () => commit,
      async (calls) => {
        await calls.call('settings.get', {});
        for (let i = from; i < from + count; i++) await calls.call('customers.create', { name: `批量 ${i}`, email: `batch${i}@example.com` });
        return count;
      },
      options,
    );
  }

  it('chains every entry without gaps, stores the last clock, and verifies, like one insert per entry', async () => {
    const before = entries();
    // 70 entries: two full bulks and a rest written when the batch ends.
    await createCustomers(0, 70, { savepoints: false, bulkJournal: true });
    const bulk = entries().slice(before.length);
    await createCustomers(70, 5, { savepoints: false });
    const single = entries().slice(before.length + 70);
    expect(bulk).toHaveLength(70);
    expect(single).toHaveLength(5);
    const chain = [...before, ...bulk, ...single];
    chain.forEach((e, i) => {
      expect(e.seq).toBe(i + 1);
      if (i > 0) {
        expect(e.prev_hash).toBe(chain[i - 1]!.hash);
        expect(e.hlc > chain[i - 1]!.hlc).toBe(true);
      }
    });
    expect(bulk.every((e) => e.operation === 'customers.create')).toBe(true);
    // The station clock is the newest entry's, after the bulk batch as after the other.
    expect(storedClock()).toBe(single.at(-1)!.hlc);
    await createCustomers(75, 33, { savepoints: false, bulkJournal: true });
    expect(storedClock()).toBe(entries().at(-1)!.hlc);
    expect(all<{ n: number }>("SELECT count(*) AS n FROM sync_clock WHERE t = 'customer' AND col = '*'")[0]!.n).toBe(1 + 108);
    await expectVerified();
  });

  it('leaves nothing behind in a dry run', async () => {
    const [before, clock] = [entries(), storedClock()];
    await createCustomers(0, 40, { savepoints: false, bulkJournal: true }, false);
    expect(entries()).toEqual(before);
    expect(storedClock()).toBe(clock);
    expect(all<{ n: number }>("SELECT count(*) AS n FROM customer WHERE email LIKE 'batch%'")[0]!.n).toBe(0);
  });
});
