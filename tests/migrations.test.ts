import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { describe, expect, it } from 'vitest';
import { openApp } from '../src/main/app.ts';
import { LATEST_LEDGER_VERSION, LedgerVersionError } from '../src/main/db/migrator.ts';
import { LEDGER_MIGRATIONS } from '../migrations/ledger/index.ts';
import { removedAfterFile, smallShop } from './helpers.ts';

const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

describe('ledger migrations', () => {
  const temp = removedAfterFile();

  it('are numbered 1..n without gaps', () => {
    expect(LEDGER_MIGRATIONS.map((m) => m.version)).toEqual(LEDGER_MIGRATIONS.map((_, i) => i + 1));
  });

  it('bring a new file to the latest version with WAL and foreign keys on', async () => {
    const dir = temp.tempDir();
    const app = await openApp({ file: join(dir, 'l.sqlite') });
    expect(app.ledger.raw.pragma('user_version', { simple: true })).toBe(LATEST_LEDGER_VERSION);
    expect(app.ledger.raw.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(app.ledger.raw.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(app.ledger.raw.pragma('synchronous', { simple: true })).toBe(2); // FULL
    await app.close();
  });

  it('refuse a ledger written by a newer version and leave it untouched', async () => {
    const dir = temp.tempDir();
    const file = join(dir, 'future.sqlite');
    const raw = new Database(file);
    raw.exec('CREATE TABLE from_the_future (x INTEGER)');
    raw.pragma(`user_version = ${LATEST_LEDGER_VERSION + 1}`);
    raw.close();
    const before = sha(file);
    await expect(openApp({ file })).rejects.toBeInstanceOf(LedgerVersionError);
    await expect(openApp({ file })).rejects.toThrow(/newer version of ShopLedger/);
    expect(sha(file)).toBe(before);
    expect(existsSync(`${file}-wal`)).toBe(false);
  });

  it('roll back a failing step and keep the old version', async () => {
    const dir = temp.tempDir();
    const file = join(dir, 'half.sqlite');
    const raw = new Database(file);
    // A table the first migration wants to create makes its step fail half-way.
    raw.exec('CREATE TABLE journal (x INTEGER)');
    raw.close();
    await expect(openApp({ file })).rejects.toThrow(/migration 1 .* rolled back/);
    const check = new Database(file, { readonly: true });
    expect(check.pragma('user_version', { simple: true })).toBe(0);
    expect(check.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'product'").get()).toEqual({ n: 0 });
    check.close();
  });
  it('carry a ledger with invoices and credited lines across the steps that rebuild tables', async () => {
    // A ledger of the latest version supplies real rows: an invoice, a payment and a credit note
    // whose line refers to the invoice line it credits (a reference inside invoice_line itself).
    const t = await temp.openTestLedger();
    const shop = await smallShop(t);
    await t.call('stock.receive', { warehouseId: shop.main.id, lines: [{ productId: shop.tea.id, quantity: 20 }, { productId: shop.cup.id, quantity: 20 }] });
    const o = await t.call('orders.create', { customerId: shop.customer.id, warehouseId: shop.main.id, lines: [{ productId: shop.tea.id, quantity: 3 }, { productId: shop.cup.id, quantity: 2 }] });
    await t.call('orders.confirm', { id: o.id });
    const invoice = await t.call('invoices.issue', { orderId: o.id });
    const cupLine = invoice.lines.find((l) => l.sku === 'CUP-002')!;
    await t.call('invoices.credit', { invoiceId: invoice.id, reason: 'broken cup', lines: [{ invoiceLineId: cupLine.id, quantity: 1 }] });
    const source = t.file;
    const lines = () => 'SELECT id, invoice_id, credited_line_id, quantity, gross FROM invoice_line ORDER BY id';
    const expected = t.app.ledger.raw.prepare(lines()).all();
    expect(expected.filter((l) => (l as { credited_line_id: string | null }).credited_line_id === cupLine.id)).toHaveLength(1);
    await t.app.close();

    // The same rows in a ledger of schema 6, the version before invoice lines were rebuilt.
    const dir = temp.tempDir();
    const file = join(dir, 'v6.sqlite');
    const raw = new Database(file);
    for (const m of LEDGER_MIGRATIONS.slice(0, 6)) raw.exec(m.sql);
    raw.pragma('user_version = 6');
    raw.exec(`ATTACH DATABASE '${source.replaceAll("'", "''")}' AS src`);
    // Search and order-product rows are written by the triggers of the rows they index.
    const tables = raw.prepare("SELECT name FROM main.sqlite_schema WHERE type = 'table' AND sql LIKE 'CREATE TABLE%' AND name NOT LIKE '%fts%' AND name <> 'sales_order_product'").pluck().all() as string[];
    raw.transaction(() => {
      for (const table of tables) {
        const columnsOf = (schema: string) => (raw.prepare(`SELECT name FROM pragma_table_info(?, ?)`).pluck().all(table, schema) as string[]);
        const shared = columnsOf('main').filter((c) => columnsOf('src').includes(c)).map((c) => `"${c}"`).join(', ');
        raw.exec(`INSERT INTO main."${table}" (${shared}) SELECT ${shared} FROM src."${table}"`);
      }
    })();
    raw.exec('DETACH DATABASE src');
    raw.close();

    const app = await openApp({ file });
    const migrated = app.ledger.raw;
    expect(migrated.pragma('user_version', { simple: true })).toBe(LATEST_LEDGER_VERSION);
    expect(migrated.prepare(lines()).all()).toEqual(expected);
    expect(migrated.pragma('foreign_key_check')).toEqual([]);
    expect(migrated.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(migrated.pragma('foreign_keys', { simple: true })).toBe(1);
    await app.close();
  });
});
