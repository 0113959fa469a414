import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openApp } from '../src/main/app.ts';
import { openRawDatabase } from '../src/main/db/connection.ts';
import { seedDemo } from '../src/main/demo/seed-demo.ts';
import { EXPORTED_TABLES, exportLedger, importLedger, LedgerExportError } from '../src/main/exchange/ledger-export.ts';
import { LOCAL_OWNER } from '../src/shared/permissions.ts';
import { openTestLedger, type TestLedger } from './helpers.ts';

/** Derived tables too: the import must rebuild them to the same content. */
const COMPARED = [...EXPORTED_TABLES, 'sales_order_product', 'customer_balance'];
const FTS = { product_fts: 'sku, name, alt_name', customer_fts: 'code, name, email, phone', sales_order_fts: 'number, customer_name, skus' };

function dump(file: string): Record<string, unknown[]> {
  const raw = openRawDatabase(file, { readonly: true });
  try {
    const out: Record<string, unknown[]> = {};
    for (const t of COMPARED) {
      const sql = t === 'sales_order_product' || t === 'customer_balance' || t === 'idempotency_key' || t === 'sync_clock' ? `SELECT * FROM ${t} ORDER BY 1, 2` : `SELECT rowid AS r, * FROM "${t}" ORDER BY rowid`;
      out[t] = raw.prepare(sql).all();
    }
    for (const [t, cols] of Object.entries(FTS)) out[t] = raw.prepare(`SELECT rowid AS r, ${cols} FROM ${t} ORDER BY rowid`).all();
    return out;
  } finally {
    raw.close();
  }
}

let t: TestLedger;
afterEach(async () => {
  await t.close();
});

describe('full ledger export', () => {
  it('a demo ledger exported and imported into a new file is equal table by table, and verifies', async () => {
    t = await openTestLedger();
    await seedDemo(t.app, { orders: 60 });
    await t.call('imports.savePreset', { name: 'mine', definition: { kind: 'stock', columns: { sku: 'Art.-Nr.', quantity: 'Menge' } } });
    // Integration state too: a token, a subscription with a queued event, an idempotency key.
    await t.call('apiTokens.create', { name: 'ERP', permissions: ['orders.read'] });
    await t.call('webhooks.subscribe', { url: 'http://127.0.0.1:9/hook', events: ['order.created'] });
    const demoOrder = await t.call('orders.list', { limit: 1 });
    const full = await t.call('orders.get', { id: demoOrder.items[0]!.id });
    await t.app.dispatcher.call('orders.create', { customerId: full.customerId, warehouseId: full.warehouseId, lines: [{ productId: full.lines[0]!.productId, quantity: 1 }] }, LOCAL_OWNER, { idempotencyKey: 'k-1' });
    const dir = join(t.dir, 'export');
    const manifest = await exportLedger(t.file, dir);
    expect(manifest.tables.map((x) => x.name)).toEqual(EXPORTED_TABLES);
    expect(manifest.tables.find((x) => x.name === 'sales_order')?.rows).toBeGreaterThanOrEqual(60);
    expect(manifest.journalHead?.seq).toBeGreaterThan(60);

    const copy = join(t.dir, 'copy.sqlite');
    const result = await importLedger(dir, copy);
    expect(result.rows).toBe(manifest.tables.reduce((n, x) => n + x.rows, 0));
    const a = dump(t.file);
    for (const table of ['api_token', 'webhook_subscription', 'webhook_event', 'webhook_delivery', 'idempotency_key', 'import_preset']) expect({ table, n: a[table]!.length }).toEqual({ table, n: 1 });
    const b = dump(copy);
    for (const table of Object.keys(a)) expect({ table, rows: b[table] }).toEqual({ table, rows: a[table] });

    const app = await openApp({ file: copy });
    try {
      const report = await app.dispatcher.call('system.verify', {}, LOCAL_OWNER);
      expect(report.problems).toEqual([]);
      expect(report.ok).toBe(true);
      // The copy is a working ledger: searches find what the original finds.
      const original = await t.call('orders.list', { search: '张', limit: 5 });
      expect(original.items.length).toBeGreaterThan(0);
      const copied = await app.dispatcher.call('orders.list', { search: '张', limit: 5 }, LOCAL_OWNER);
      expect(copied).toEqual(original);
    } finally {
      await app.close();
    }
  });

  it('refuses a changed or cut file, an existing target and a non-empty export folder; nothing is left behind', async () => {
    t = await openTestLedger();
    await seedDemo(t.app, { orders: 5 });
    const dir = join(t.dir, 'export');
    await exportLedger(t.file, dir);
    await expect(exportLedger(t.file, dir)).rejects.toThrow(/not empty/);
    await expect(importLedger(dir, t.file)).rejects.toThrow(/already exists/);

    const customers = join(dir, 'customer.jsonl');
    const original = readFileSync(customers, 'utf8');
    writeFileSync(customers, original.replace('"name":"', '"name":"X'));
    const target = join(t.dir, 'copy.sqlite');
    await expect(importLedger(dir, target)).rejects.toThrow(LedgerExportError);
    expect(existsSync(target)).toBe(false);

    writeFileSync(customers, original.split('\n').slice(0, 2).join('\n'));
    await expect(importLedger(dir, target)).rejects.toThrow(/does not match the manifest/);
    expect(existsSync(target)).toBe(false);

    writeFileSync(join(dir, 'manifest.json'), '{"format":"something else"}');
    await expect(importLedger(dir, target)).rejects.toThrow(/not a ledger export/);
  });
});
