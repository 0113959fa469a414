import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exportList } from '../src/main/exchange/list-export.ts';
import { LOCAL_OWNER } from '../src/shared/permissions.ts';
import { openTestLedger, smallShop, type TestLedger } from './helpers.ts';

let t: TestLedger;
let shop: Awaited<ReturnType<typeof smallShop>>;
beforeEach(async () => {
  t = await openTestLedger();
  shop = await smallShop(t);
});
afterEach(async () => {
  await t.close();
});

describe('list export', () => {
  it('CSV: every page, UTF-8 with BOM, formulas neutralised, plain text kept', async () => {
    await t.app.dispatcher.batch(LOCAL_OWNER, () => true, async (b) => {
      for (let i = 0; i < 520; i++) await b.call('customers.create', { code: `K-${String(i).padStart(4, '0')}`, name: `顾客 ${i}` });
      await b.call('customers.create', { code: 'EVIL-1', name: '=HYPERLINK("http://evil.example","click")', notes: '+1 call me' });
      await b.call('customers.create', { code: 'EVIL-2', name: '@SUM(A1:A9)', phone: '-5' });
    });
    const file = join(t.dir, 'customers.csv');
    const { rows } = await exportList(t.app, { list: 'customers', file });
    expect(rows).toBe(523);
    const bytes = readFileSync(file);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const records = parse(bytes.subarray(3).toString('utf8'), { columns: true }) as Record<string, string>[];
    expect(records).toHaveLength(523);
    const byCode = new Map(records.map((r) => [r.Code, r]));
    expect(byCode.get('EVIL-1')).toMatchObject({ Name: `'=HYPERLINK("http://evil.example","click")`, Notes: "'+1 call me" });
    expect(byCode.get('EVIL-2')).toMatchObject({ Name: "'@SUM(A1:A9)", Phone: "'-5" });
    expect(byCode.get('K-0519')?.Name).toBe('顾客 519');
    expect(byCode.get(shop.customer.code)).toMatchObject({ Name: '王秀英', City: '上海', Country: 'CN' });
  });

  it('XLSX with the list filters; amounts are exact decimals, quantities numbers', async () => {
    const draft = await t.call('orders.create', { customerId: shop.customer.id, warehouseId: shop.main.id, lines: [{ productId: shop.tea.id, quantity: 3 }] });
    const other = await t.call('orders.create', { customerId: shop.customer.id, warehouseId: shop.main.id, channel: 'shopify', externalRef: '-1001', lines: [{ productId: shop.cup.id, quantity: 1 }] });
    await t.call('stock.receive', { warehouseId: shop.main.id, lines: [{ productId: shop.cup.id, quantity: 5 }] });
    await t.call('orders.confirm', { id: other.id });
    const file = join(t.dir, 'orders.xlsx');
    expect(await exportList(t.app, { list: 'orders', filters: { status: ['approved'] }, file })).toEqual({ rows: 1 });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    const ws = wb.worksheets[0]!;
    expect(ws.rowCount).toBe(2);
    const values = (ws.getRow(2).values as unknown[]).slice(1);
    expect(values).toEqual([other.number, 'approved', other.orderDate, '王秀英', 'shopify', "'-1001", 'CNY', '14.13']);
    expect(draft.grossTotal).toBe(3 * 4999 + Math.round(3 * 4999 * 0.13));

    const stockFile = join(t.dir, 'stock.xlsx');
    await exportList(t.app, { list: 'stock', file: stockFile });
    const s = new ExcelJS.Workbook();
    await s.xlsx.readFile(stockFile);
    expect((s.worksheets[0]!.getRow(2).values as unknown[]).slice(1)).toEqual(['CUP-002', 'Porcelain cup', 'MAIN', 5, 1, 4]);

    await expect(exportList(t.app, { list: 'orders', filters: { status: ['nonsense'] }, file: join(t.dir, 'bad.csv') })).rejects.toMatchObject({ code: 'invalid' });
  });
});
