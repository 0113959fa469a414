import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importFile, ImportCancelledError, type ImportOptions } from '../src/main/exchange/import.ts';
import { detectDelimiter, detectEncoding, ImportFileError } from '../src/main/exchange/read-table.ts';
import { builtInPreset } from '../src/shared/imports/presets.ts';
import { openTestLedger, type TestLedger } from './helpers.ts';

const FIXTURES = join(import.meta.dirname, 'fixtures', 'imports');
const fixture = (name: string) => join(FIXTURES, name);

let t: TestLedger;

beforeEach(async () => {
  t = await openTestLedger();
  await t.call('taxRates.create', { code: 'VAT13', name: 'VAT 13%', rateBp: 1300 });
  await t.call('warehouses.create', { code: 'MAIN', name: 'Main store' });
});
afterEach(async () => {
  await t.close();
});

const run = (file: string, options: Omit<ImportOptions, 'preset'> & { preset?: string }) =>
  importFile(t.app, file, { ...options, preset: options.preset === undefined ? undefined : builtInPreset(options.preset) });

/** Every journaled row count plus the journal head: equal before and after means nothing was written. */
function snapshot() {
  const q = (sql: string) => (t.app.ledger.raw.prepare(sql).get() as { n: number }).n;
  return {
    journal: q('SELECT count(*) AS n FROM journal'),
    products: q('SELECT count(*) AS n FROM product'),
    customers: q('SELECT count(*) AS n FROM customer'),
    orders: q('SELECT count(*) AS n FROM sales_order'),
    movements: q('SELECT count(*) AS n FROM stock_movement'),
  };
}

async function expectVerified() {
  const report = await t.call('system.verify', {});
  expect(report.problems).toEqual([]);
  expect(report.ok).toBe(true);
}

const importShopifyProducts = () => run(fixture('shopify-products.csv'), { kind: 'products', preset: 'shopify-products', mode: 'all-or-nothing' });

describe('Shopify', () => {
  it('products: variants carry the title, image-only rows are passed over, a dry run writes nothing', async () => {
    const before = snapshot();
    const dry = await run(fixture('shopify-products.csv'), { kind: 'products', preset: 'shopify-products', mode: 'dry-run' });
    expect(dry).toMatchObject({ rows: 5, created: 4, skipped: 0, refused: 0, problemCount: 0, committed: false });
    expect(dry.file).toMatchObject({ format: 'csv', encoding: 'utf8', delimiter: ',' });
    expect(snapshot()).toEqual(before);

    const real = await importShopifyProducts();
    expect(real).toMatchObject({ created: 4, committed: true });
    const lj100 = await t.call('products.get', { sku: 'LJ-100' });
    expect(lj100).toMatchObject({ name: '西湖龙井 Longjing green tea / 100 g', price: 8800, weightGrams: 100, allowBackorder: false });
    expect(lj100.barcodes.map((b) => b.code)).toEqual(['6901234567892']);
    expect(await t.call('products.get', { sku: 'LJ-250' })).toMatchObject({ name: '西湖龙井 Longjing green tea / 250 g', price: 19950, allowBackorder: true });
    expect(await t.call('products.get', { sku: 'YX-200' })).toMatchObject({ name: 'Yixing clay teapot, 200 ml', price: 128000 });
    // One journal entry per product, as if typed in.
    const ops = t.app.ledger.raw.prepare("SELECT count(*) AS n FROM journal WHERE operation = 'products.create'").get() as { n: number };
    expect(ops.n).toBe(4);

    const again = await importShopifyProducts();
    expect(again).toMatchObject({ created: 0, skipped: 4, committed: true });
    await expectVerified();
  });

  it('opening stock from the products export, once', async () => {
    await importShopifyProducts();
    const report = await run(fixture('shopify-products.csv'), { kind: 'stock', preset: 'shopify-stock', mode: 'all-or-nothing' });
    // GIFT-100 has a blank quantity: nothing to receive.
    expect(report).toMatchObject({ created: 3, problemCount: 0, committed: true });
    const lj = await t.call('products.get', { sku: 'LJ-100' });
    const levels = await t.call('stock.levels', { productId: lj.id });
    expect(levels.items[0]).toMatchObject({ onHand: 40, reserved: 0 });
    const before = snapshot();
    expect(await run(fixture('shopify-products.csv'), { kind: 'stock', preset: 'shopify-stock', mode: 'all-or-nothing' })).toMatchObject({ created: 0, skipped: 3 });
    expect(snapshot()).toEqual(before);
    await expectVerified();
  });

  it('orders: line items grouped, a foreign currency reported by row and column, all-or-nothing writes nothing', async () => {
    await importShopifyProducts();
    const before = snapshot();
    const dry = await run(fixture('shopify-orders.csv'), { kind: 'orders', preset: 'shopify-orders', mode: 'dry-run' });
    expect(dry).toMatchObject({ rows: 4, created: 2, refused: 1, problemCount: 1, committed: false });
    expect(dry.problems).toEqual([{ row: 5, column: 'Currency', message: 'the order is in EUR but the ledger keeps CNY; it is not converted' }]);
    expect(snapshot()).toEqual(before);

    const strict = await run(fixture('shopify-orders.csv'), { kind: 'orders', preset: 'shopify-orders', mode: 'all-or-nothing' });
    expect(strict.committed).toBe(false);
    expect(snapshot()).toEqual(before);

    const valid = await run(fixture('shopify-orders.csv'), { kind: 'orders', preset: 'shopify-orders', mode: 'valid-rows' });
    expect(valid).toMatchObject({ created: 2, refused: 1, committed: true });
    const list = await t.call('orders.list', { channel: 'shopify', sort: 'oldest' });
    expect(list.items.map((o) => o.externalRef)).toEqual(['#1001', '#1002']);
    const o1 = await t.call('orders.get', { id: list.items[0]!.id });
    expect(o1).toMatchObject({ channel: 'shopify', status: 'draft', orderDate: '2024-03-05T06:02:11.000Z', orderDiscount: 1000, customerName: '李娜' });
    expect(o1.lines.map((l) => [l.sku, l.quantity, l.unitPrice])).toEqual([
      ['LJ-100', 2, 8800],
      ['LJ-250', 1, 19950],
    ]);
    expect(o1.notes).toContain('请在工作日送货。\nLeave at the front desk, "reception".');
    expect(o1.notes).toContain('Shipping charged on shopify: 12.00 CNY');
    expect(o1.shipTo).toMatchObject({ line1: '南京西路 1266 号', line2: '恒隆广场 12 楼', city: '上海', country: 'CN' });
    const o2 = await t.call('orders.get', { id: list.items[1]!.id });
    expect(o2.orderDate).toBe('2024-03-06T14:15:00.000Z');

    // Re-importing the same file changes nothing.
    const after = snapshot();
    const again = await run(fixture('shopify-orders.csv'), { kind: 'orders', preset: 'shopify-orders', mode: 'valid-rows' });
    expect(again).toMatchObject({ created: 0, skipped: 2, refused: 1 });
    expect(snapshot()).toEqual(after);
    await expectVerified();
  });
});

describe('WooCommerce', () => {
  it('products from the built-in exporter and semicolon-separated orders, SQL in a field kept as text', async () => {
    const products = await run(fixture('woocommerce-products.csv'), { kind: 'products', preset: 'woocommerce-products', mode: 'all-or-nothing' });
    expect(products).toMatchObject({ rows: 4, created: 3, problemCount: 0, committed: true });
    expect(await t.call('products.get', { sku: 'WC-CUP-01' })).toMatchObject({ name: '白瓷杯 White porcelain cup', price: 3550, weightGrams: 85 });
    expect(await t.call('products.get', { sku: 'WC-TIN-RED' })).toMatchObject({ price: 4900, weightGrams: 200, allowBackorder: true });
    await expect(t.call('products.get', { sku: 'WC-TIN' })).rejects.toMatchObject({ code: 'not_found' });

    const stock = await run(fixture('woocommerce-products.csv'), { kind: 'stock', preset: 'woocommerce-stock', mode: 'all-or-nothing' });
    expect(stock).toMatchObject({ created: 2, problemCount: 0 });

    const orders = await run(fixture('woocommerce-orders.csv'), { kind: 'orders', preset: 'woocommerce-orders', mode: 'all-or-nothing' });
    expect(orders.file.delimiter).toBe(';');
    expect(orders).toMatchObject({ rows: 3, created: 2, problemCount: 0, committed: true });
    const list = await t.call('orders.list', { channel: 'woocommerce', sort: 'oldest' });
    const first = await t.call('orders.get', { id: list.items[0]!.id });
    expect(first).toMatchObject({ externalRef: '2041', orderDiscount: 550, orderDate: '2024-04-01T08:30:00.000Z', customerName: '王芳' });
    expect(first.lines).toHaveLength(2);
    const second = await t.call('orders.get', { id: list.items[1]!.id });
    expect(second.shipTo?.line1).toBe("Robert'); DROP TABLE sales_order;--");
    await expectVerified();
  });
});

describe('search after an import', () => {
  // An import defers the search documents of the products and customers it makes (migration
  // 0018) and writes them before it commits: each must be the document the insert trigger writes.
  it('imported products and customers have their documents and are found by search', async () => {
    await importShopifyProducts();
    await run(fixture('customers-gbk.csv'), { kind: 'customers', mode: 'all-or-nothing' });
    const rows = (sql: string) => t.app.ledger.raw.prepare(sql).all();
    expect(rows("SELECT p.sku, f.sku AS doc_sku, f.name AS doc_name, f.alt_name AS doc_alt FROM product p LEFT JOIN product_fts f ON f.rowid = p.rowid WHERE f.sku IS NOT p.sku OR f.name IS NOT p.name OR f.alt_name IS NOT coalesce(p.alt_name, '')")).toEqual([]);
    expect(rows("SELECT c.code FROM customer c LEFT JOIN customer_fts f ON f.rowid = c.rowid WHERE f.code IS NOT c.code OR f.name IS NOT c.name OR f.email IS NOT coalesce(c.email, '') OR f.phone IS NOT coalesce(c.phone, '')")).toEqual([]);
    expect(rows('SELECT count(*) AS n FROM product_fts')).toEqual([{ n: 4 }]);
    expect(rows('SELECT count(*) AS n FROM customer_fts')).toEqual([{ n: 3 }]);
    expect((await t.call('products.list', { search: '龙井' })).items.map((p) => p.sku).sort()).toEqual(['LJ-100', 'LJ-250']);
    expect((await t.call('customers.list', { search: '张伟' })).items.map((c) => c.code)).toEqual(['C-0101']);
    expect(rows('SELECT (SELECT count(*) FROM product_search_pending) + (SELECT count(*) FROM customer_search_pending) + (SELECT count(*) FROM order_search_deferral) AS n')).toEqual([{ n: 0 }]);
    await expectVerified();
  });
});

describe('encodings, delimiters and bad files', () => {
  it('GBK, tab-separated customers with a formula and SQL in names, kept as plain text', async () => {
    const report = await run(fixture('customers-gbk.csv'), { kind: 'customers', mode: 'all-or-nothing' });
    expect(report.file).toMatchObject({ encoding: 'gb18030', delimiter: '\t' });
    expect(report).toMatchObject({ created: 3, problemCount: 0, committed: true });
    const all = await t.call('customers.list', { limit: 10 });
    const byCode = new Map(all.items.map((c) => [c.code, c]));
    expect(byCode.get('C-0101')).toMatchObject({ name: '张伟', notes: '老客户，月结', billingAddress: { city: '南京', country: 'CN' } });
    expect(byCode.get('C-0102')?.name).toBe('=HYPERLINK("http://x","click")');
    expect(byCode.get('C-0103')?.name).toBe("Robert'); DROP TABLE customer;--");
    await expectVerified();
  });

  it('detects encodings and delimiters', () => {
    expect(detectEncoding(Buffer.from('\uFEFFa,b', 'utf8'), true)).toEqual({ encoding: 'utf8', bom: true });
    expect(detectEncoding(Buffer.from('名称,价格', 'utf8'), true)).toEqual({ encoding: 'utf8', bom: false });
    expect(detectEncoding(iconv.encode('名称,价格', 'gbk'), true)).toEqual({ encoding: 'gb18030', bom: false });
    // A sample cut inside a UTF-8 character is still UTF-8.
    expect(detectEncoding(Buffer.from('名称', 'utf8').subarray(0, 4), false).encoding).toBe('utf8');
    expect(() => detectEncoding(Buffer.from([0xff, 0xfe, 0x41, 0x00]), true)).toThrow(ImportFileError);
    expect(() => detectEncoding(Buffer.from([0x41, 0x00, 0x42]), true)).toThrow(/binary/);
    expect(() => detectEncoding(Buffer.from([0x41, 0x80, 0x20, 0xff]), true)).toThrow(/neither UTF-8 nor GBK/);
    expect(detectDelimiter('a;b;"c,d";e')).toBe(';');
    expect(detectDelimiter('a\tb\tc')).toBe('\t');
    expect(detectDelimiter('a,b|c,d')).toBe(',');
  });

  it('reports every problem with row and column; all-or-nothing then writes nothing', async () => {
    await importShopifyProducts();
    const file = join(t.dir, 'orders.csv');
    writeFileSync(
      file,
      [
        'externalRef,orderDate,email,customerName,sku,quantity,unitPrice',
        'A-1,2024-01-02,a@example.com,Ann,LJ-100,2,88.00',
        'A-2,2024-01-02,b@example.com,Bob,NOPE-1,1,',
        'A-3,2024-13-02,c@example.com,Cy,LJ-100,1.5,88.001',
        'A-4,,,,LJ-100,1,',
        'A-5,2024-01-03,d@example.com,Di',
        'A-1,2024-01-02,a@example.com,Ann,LJ-250,1,',
      ].join('\n'),
    );
    const before = snapshot();
    const report = await run(file, { kind: 'orders', mode: 'all-or-nothing' });
    expect(report.committed).toBe(false);
    expect(report.problems).toEqual([
      { row: 3, column: 'sku', message: 'unknown SKU NOPE-1' },
      { row: 4, column: 'quantity', message: '"1.5" is not a whole number' },
      { row: 4, column: 'unitPrice', message: '"88.001" has 3 decimals but CNY allows at most 2' },
      { row: 4, column: 'orderDate', message: '"2024-13-02" is not a real date' },
      { row: 5, column: 'email', message: 'missing customer: the order has neither an email nor a name' },
      { row: 6, column: null, message: 'has 4 cells where the header has 7: the row is cut short' },
      { row: 7, column: 'externalRef', message: 'duplicate: order A-1 appears again here, apart from its other rows' },
    ]);
    expect(report.created).toBe(1);
    expect(snapshot()).toEqual(before);
    await expectVerified();
  });

  it('refuses a file with an unclosed quote, a 10 MB cell, a missing column or UTF-16, writing nothing', async () => {
    await importShopifyProducts();
    const before = snapshot();
    const cut = join(t.dir, 'cut.csv');
    writeFileSync(cut, 'code,name,email\nC-1,Ann,a@example.com\nC-2,"Bob\n');
    await expect(run(cut, { kind: 'customers', mode: 'all-or-nothing' })).rejects.toThrow(/never closes/);
    const big = join(t.dir, 'big.csv');
    writeFileSync(big, `code,name\nC-1,Ann\nC-2,${'x'.repeat(10 * 1024 * 1024)}\n`);
    await expect(run(big, { kind: 'customers', mode: 'valid-rows' })).rejects.toThrow(/Row 3 is larger than 1 MB/);
    const noName = join(t.dir, 'noname.csv');
    writeFileSync(noName, 'code,email\nC-1,a@example.com\n');
    await expect(run(noName, { kind: 'customers', mode: 'valid-rows' })).rejects.toThrow(/no column for name/);
    const utf16 = join(t.dir, 'utf16.csv');
    writeFileSync(utf16, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('code,name\nC-1,Ann\n', 'utf16le')]));
    await expect(run(utf16, { kind: 'customers', mode: 'valid-rows' })).rejects.toThrow(/UTF-16/);
    const xlsxJunk = join(t.dir, 'junk.xlsx');
    writeFileSync(xlsxJunk, 'not a zip');
    await expect(run(xlsxJunk, { kind: 'customers', mode: 'valid-rows' })).rejects.toThrow(ImportFileError);
    expect(snapshot()).toEqual(before);
    await expectVerified();
  });

  it('a UTF-8 file with a stray GBK byte later on reports the row instead of importing mojibake', async () => {
    const file = join(t.dir, 'mixed.csv');
    const head = Buffer.from(`code,name\n${Array.from({ length: 800 }, (_, i) => `C-${i},Name ${i} ${'x'.repeat(100)}`).join('\n')}\n`, 'utf8');
    writeFileSync(file, Buffer.concat([head, Buffer.from('C-X,'), iconv.encode('张伟', 'gbk'), Buffer.from('\n')]));
    const report = await run(file, { kind: 'customers', mode: 'all-or-nothing' });
    expect(report.problems).toEqual([{ row: 802, column: 'name', message: 'holds characters that are not valid in the file\u2019s encoding' }]);
    expect(report.committed).toBe(false);
    expect(snapshot().customers).toBe(0);
  });

  it('cancelling rolls the whole import back', async () => {
    const file = join(t.dir, 'many.csv');
    writeFileSync(file, `code,name\n${Array.from({ length: 500 }, (_, i) => `C-${i},Name ${i}`).join('\n')}\n`);
    const before = snapshot();
    const controller = new AbortController();
    const seen: number[] = [];
    await expect(
      run(file, {
        kind: 'customers',
        mode: 'valid-rows',
        signal: controller.signal,
        progressEvery: 100,
        onProgress: (rows) => {
          seen.push(rows);
          if (rows === 300) controller.abort();
        },
      }),
    ).rejects.toThrow(ImportCancelledError);
    expect(seen).toEqual([100, 200, 300]);
    expect(snapshot()).toEqual(before);
    await expectVerified();
  });
});

describe('XLSX', () => {
  it('imports the first sheet; a formula gives its cached value and is never run', async () => {
    const file = join(t.dir, 'products.xlsx');
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Products');
    ws.addRow(['sku', 'name', 'price', 'weightKg']);
    ws.addRow(['X-1', '茶盘 Tea tray', 120.5, '1.25']);
    ws.addRow(['X-2', { formula: 'A2&"-copy"', result: 'Tray copy' }, { formula: '1+1', result: 2 }, '']);
    ws.addRow(['X-3', 'Bad price', 'abc', '']);
    await wb.xlsx.writeFile(file);
    const report = await run(file, { kind: 'products', mode: 'valid-rows' });
    expect(report.file.format).toBe('xlsx');
    expect(report.problems).toEqual([{ row: 4, column: 'price', message: '"abc" is not a decimal amount (expected e.g. "12.34")' }]);
    expect(report).toMatchObject({ created: 2, refused: 1, committed: true });
    expect(await t.call('products.get', { sku: 'X-1' })).toMatchObject({ name: '茶盘 Tea tray', price: 12050, weightGrams: 1250 });
    expect(await t.call('products.get', { sku: 'X-2' })).toMatchObject({ name: 'Tray copy', price: 200 });
    await expectVerified();
  });
});

describe('saved presets', () => {
  it('are saved by name in the ledger, journaled, used by an import, and cannot shadow a built-in one', async () => {
    const list = await t.call('imports.listPresets', { kind: 'orders' });
    expect(list.items.filter((p) => p.builtIn).map((p) => p.name)).toEqual(['shopify-orders', 'woocommerce-orders']);

    const saved = await t.call('imports.savePreset', {
      name: 'my-shop',
      definition: { kind: 'customers', columns: { code: '客户编号', name: '客户名称', email: '邮箱' } },
    });
    expect(saved).toMatchObject({ name: 'my-shop', builtIn: false });
    const again = await t.call('imports.savePreset', {
      name: 'my-shop',
      definition: { kind: 'customers', columns: { code: '客户编号', name: '客户名称', email: '电子邮箱' } },
    });
    expect(again.id).toBe(saved.id);
    expect(again.definition.columns.email).toBe('电子邮箱');

    await expect(t.call('imports.savePreset', { name: 'shopify-orders', definition: { kind: 'orders', columns: {} } })).rejects.toMatchObject({ code: 'invalid', field: 'name' });
    await expect(t.call('imports.savePreset', { name: 'x', definition: { kind: 'stock', columns: { colour: 'Colour' } } })).rejects.toMatchObject({ code: 'invalid', field: 'definition.columns.colour' });
    await expect(t.call('imports.savePreset', { name: 'y', definition: { kind: 'stock', columns: { sku: 'SKU' }, groupBy: 'handle' } })).rejects.toMatchObject({ code: 'invalid', field: 'definition.groupBy' });

    const file = join(t.dir, 'kunden.csv');
    writeFileSync(file, '客户编号,客户名称,电子邮箱\nK-1,赵六,zhao@example.cn\n');
    const preset = (await t.call('imports.listPresets', { kind: 'customers' })).items.find((p) => p.name === 'my-shop')!;
    const report = await importFile(t.app, file, { kind: 'customers', mode: 'all-or-nothing', preset: { name: preset.name, ...preset.definition } });
    expect(report).toMatchObject({ created: 1, committed: true });

    await t.call('imports.deletePreset', { name: 'my-shop' });
    await expect(t.call('imports.deletePreset', { name: 'my-shop' })).rejects.toMatchObject({ code: 'not_found', field: 'name' });
    await expectVerified();
  });
});

describe('valid rows only', () => {
  it('a clean file, and one whose refusals come before any write, are read once', async () => {
    await importShopifyProducts();
    const file = join(t.dir, 'orders.csv');
    writeFileSync(file, ['externalRef,email,customerName,sku,quantity', 'C-1,c1@example.com,One,LJ-100,1', 'C-2,c2@example.com,Two,NOPE,1', 'C-3,c3@example.com,Three,LJ-100,0'].join('\n'));
    let progress = 0;
    const report = await run(file, { kind: 'orders', mode: 'valid-rows', progressEvery: 1, onProgress: () => progress++ });
    expect(progress).toBe(3);
    expect(report).toMatchObject({ created: 1, refused: 2, committed: true });
    expect(report.problems.map((p) => [p.row, p.column])).toEqual([[3, 'sku'], [4, 'quantity']]);
    await expectVerified();
  });

  it('a refused order takes the customer made for it along; the valid orders stay', async () => {
    await importShopifyProducts();
    const file = join(t.dir, 'orders.csv');
    writeFileSync(file, ['externalRef,email,customerName,orderDiscount,sku,quantity', 'B-1,new@example.com,New Person,999.00,LJ-100,1', 'B-2,ok@example.com,Okay,,LJ-100,1'].join('\n'));
    const before = snapshot();
    // The order fails after its customer was written: the run without savepoints cannot undo
    // that alone, so the file is read a second time, with a savepoint per record.
    let progress = 0;
    const report = await run(file, { kind: 'orders', mode: 'valid-rows', progressEvery: 1, onProgress: () => progress++ });
    expect(progress).toBe(4);
    expect(report.problems).toHaveLength(1);
    expect(report.problems[0]).toMatchObject({ row: 2, column: 'orderDiscount' });
    expect(report).toMatchObject({ created: 1, refused: 1, committed: true });
    const customers = await t.call('customers.list', { limit: 10 });
    expect(customers.items.map((c) => c.email)).toEqual(['ok@example.com']);
    expect(snapshot()).toMatchObject({ customers: before.customers + 1, orders: before.orders + 1 });
    await expectVerified();
  });
});
