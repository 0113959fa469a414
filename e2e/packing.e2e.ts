import { join, resolve } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { en, type Messages } from '../src/renderer/i18n/en.ts';
import { zh } from '../src/renderer/i18n/zh.ts';
import { pdfText } from '../tests/pdf-tools.ts';
import { signIn } from './auth.ts';
import { scan, switchToChinese } from './keyboard.ts';
import { startServer, type TestServer } from './server.ts';

/**
 * A warehouse clerk's morning at the packing station, scanner only (a scanner is a keyboard: it
 * types the code and Enter, fast): three orders packed, one wrong scan refused with nothing
 * written, one partial shipment, the packing slip printed and read back; a transfer between two
 * warehouses; the low-stock alert on Home appearing and clearing. Screenshots go to
 * docs/guide/images.
 */

const IMAGES = resolve(import.meta.dirname, '..', 'docs', 'guide', 'images');
const CASES = [
  { lang: 'en', m: en as Messages },
  { lang: 'zh', m: zh },
] as const;

const TEA = '6901234567892';
const CUP = '6909876543212';
const MUG = '6905555555552';

async function shot(page: Page, lang: string, name: string) {
  await page.mouse.move(0, 0);
  await expect(page.locator('.ant-message-notice')).toHaveCount(0, { timeout: 8000 });
  await page.waitForTimeout(200);
  await page.screenshot({ path: join(IMAGES, `${lang}-${name}.png`) });
}

for (const c of CASES) {
  test.describe(`packing station in ${c.lang}`, () => {
    let server: TestServer;
    const orders: { id: string; number: string }[] = [];

    test.beforeAll(async () => {
      server = await startServer();
      const api = server.client;
      // BACK sorts before MAIN, so the transfer screen offers BACK → MAIN first.
      const back = await api.call('warehouses.create', { code: 'BACK', name: 'Back room' });
      const main = await api.call('warehouses.create', { code: 'MAIN', name: 'Main store' });
      const vat = await api.call('taxRates.create', { code: 'VAT13', name: 'VAT 13%', rateBp: 1300 });
      await api.call('settings.update', { shopName: 'Teahouse', approval: { amountAtLeast: null, firstOrderOfNewCustomer: false } });
      const customer = await api.call('customers.create', { name: '王秀英', shippingAddress: { name: '王秀英', line1: '南京路 100 号', city: '上海', country: 'CN' } });
      const tea = await api.call('products.create', { sku: 'TEA-100', name: 'Oolong tea 100 g', altName: '乌龙茶 100克', price: 4999, taxRateId: vat.id, barcodes: [TEA] });
      const cup = await api.call('products.create', { sku: 'CUP-200', name: 'Porcelain cup', altName: '瓷杯', price: 1250, taxRateId: vat.id, barcodes: [CUP] });
      const mug = await api.call('products.create', { sku: 'MUG-300', name: 'Travel mug', altName: '随行杯', price: 3900, taxRateId: vat.id, barcodes: [MUG] });
      await api.call('stock.receive', { warehouseId: main.id, lines: [{ productId: tea.id, quantity: 20 }, { productId: cup.id, quantity: 20 }, { productId: mug.id, quantity: 5 }] });
      await api.call('stock.receive', { warehouseId: back.id, lines: [{ productId: mug.id, quantity: 10 }] });
      await api.call('locations.set', { productId: mug.id, warehouseId: main.id, bin: 'A-01', reorderPoint: 3, reorderQty: 10 });
      const sf = (await api.call('carriers.list', { code: 'SF' })).items[0]!;
      const method = await api.call('deliveryMethods.create', { code: 'SF-FLAT', name: 'SF Express', kind: 'express', carrierId: sf.id, feeRule: { base: { kind: 'flat', amount: 1200 } } });
      const lines = [
        [{ productId: tea.id, quantity: 2 }, { productId: cup.id, quantity: 1 }],
        [{ productId: cup.id, quantity: 2 }, { productId: mug.id, quantity: 3 }],
        [{ productId: tea.id, quantity: 1 }, { productId: cup.id, quantity: 3 }],
      ];
      for (const l of lines) {
        const o = await api.call('orders.create', { customerId: customer.id, warehouseId: main.id, lines: l, deliveryMethodId: method.id });
        await api.call('orders.confirm', { id: o.id });
        orders.push({ id: o.id, number: o.number });
      }
    });
    test.afterAll(async () => server?.stop());

    test('three orders packed by scanner, a refusal, a partial shipment, the slip, a transfer, the low-stock alert', async ({ page }) => {
      const { m } = c;
      const api = server.client;
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(String(e)));
      await signIn(page, server);
      await expect(page.getByRole('heading', { name: en.home.title })).toBeVisible();
      if (c.lang === 'zh') await switchToChinese(page);
      // Order 2 holds 3 of the 5 mugs: 2 available is at or below the reorder point of 3.
      await expect(page.getByTestId('low-stock-alert')).toContainText(m.lowStock.alert.replace('{{count}}', '1'));
      await expect(page.getByTestId('low-stock')).toContainText('MUG-300');
      await shot(page, c.lang, 'home-low-stock');

      await page.keyboard.press('Alt+8');
      await expect(page.getByRole('heading', { name: m.packing.title })).toBeVisible();
      await expect(page.getByTestId('scan-input')).toBeFocused();
      const [o1, o2, o3] = orders as [(typeof orders)[number], (typeof orders)[number], (typeof orders)[number]];

      // Order 1: everything, with one wrong item scanned in between.
      await scan(page, o1.number);
      await expect(page.getByTestId('packing-order')).toHaveText(o1.number);
      await scan(page, TEA);
      await expect(page.getByTestId('scanned-TEA-100')).toHaveText('1 / 2');
      const newest = async () => (await api.call('journal.list', { limit: 1 })).items[0]!.seq;
      const before = { seq: await newest(), packing: await api.call('packing.get', { orderId: o1.id }) };
      await scan(page, MUG);
      await expect(page.getByTestId('scan-refusal')).toContainText(m.packing.wrong_item.replace('{{sku}}', 'MUG-300'));
      await expect(page.getByTestId('refusal-count')).toHaveText(m.packing.refused.replace('{{count}}', '1'));
      await shot(page, c.lang, 'packing-refused');
      expect(await newest()).toBe(before.seq);
      expect(await api.call('packing.get', { orderId: o1.id })).toEqual(before.packing);
      await scan(page, TEA);
      await scan(page, CUP);
      await expect(page.getByTestId('scan-feedback')).toContainText(m.packing.allScanned);
      await expect(page.getByTestId('scanned-CUP-200')).toHaveText('1 / 1');
      // An over-scan is refused too.
      await scan(page, CUP);
      await expect(page.getByTestId('scan-refusal')).toBeVisible();
      await expect(page.getByTestId('refusal-count')).toHaveText(m.packing.refused.replace('{{count}}', '2'));
      await page.keyboard.press('F2');
      await expect(page.getByTestId('scan-feedback')).toContainText(m.packing.packed.replace('{{number}}', o1.number));
      await shot(page, c.lang, 'packing');

      // The packing slip opens as a PDF; read it back.
      const [popup] = await Promise.all([page.waitForEvent('popup'), page.keyboard.press('F4')]);
      const slipUrl = popup.url();
      expect(slipUrl).toContain(`/api/v1/documents/packing-slip/${o1.id}.pdf`);
      await popup.close();
      const slip = await page.request.get(slipUrl);
      expect(slip.headers()['content-type']).toContain('application/pdf');
      const text = pdfText(await slip.body()).replace(/\s+/g, ' ');
      expect(text).toContain(o1.number);
      expect(text).toContain('TEA-100');
      expect(text).toContain(c.lang === 'zh' ? '乌龙茶' : 'Oolong tea');
      expect(text).toContain('SF Express');

      await page.keyboard.press('F8');
      await expect(page.getByTestId('tracking-input')).toBeFocused();
      await scan(page, 'SF1234567890');
      await expect(page.getByTestId('scan-feedback')).toContainText(o1.number);
      const shipped1 = await api.call('shipments.list', { orderId: o1.id });
      expect(shipped1.items[0]?.parcels.map((p) => p.trackingNumber)).toEqual(['SF1234567890']);
      expect((await api.call('orders.get', { id: o1.id })).status).toBe('shipped');

      // Order 2: only the cups are here; they ship, the mugs stay on the order.
      await expect(page.getByTestId('scan-input')).toBeFocused();
      await scan(page, o2.number);
      await expect(page.getByTestId('packing-order')).toHaveText(o2.number);
      await scan(page, '2*' + CUP);
      await expect(page.getByTestId('scanned-CUP-200')).toHaveText('2 / 2');
      await expect(page.getByTestId('scanned-MUG-300')).toHaveText('0 / 3');
      await page.keyboard.press('F2');
      await expect(page.getByTestId('scan-feedback')).toContainText(m.packing.packed.replace('{{number}}', o2.number));
      await page.keyboard.press('F8');
      await expect(page.getByTestId('tracking-input')).toBeFocused();
      await scan(page, 'SF2000000002');
      await expect(page.getByTestId('scan-feedback')).toContainText(o2.number);
      await expect(page.getByTestId('scan-input')).toBeFocused();
      const partial = await api.call('orders.get', { id: o2.id });
      expect(partial.status).toBe('partially_shipped');
      expect(partial.lines.map((l) => [l.sku, l.shippedQty, l.quantity])).toEqual([['CUP-200', 2, 2], ['MUG-300', 0, 3]]);

      // Order 3: a bulk quantity typed before the code.
      await scan(page, o3.number);
      await scan(page, TEA);
      await scan(page, '3*' + CUP);
      await expect(page.getByTestId('scan-feedback')).toContainText(m.packing.allScanned);
      await page.keyboard.press('F2');
      await expect(page.getByTestId('scan-feedback')).toContainText(m.packing.packed.replace('{{number}}', o3.number));
      await page.keyboard.press('F8');
      await scan(page, 'SF3000000003');
      await expect(page.getByTestId('scan-feedback')).toContainText(o3.number);
      expect((await api.call('orders.get', { id: o3.id })).status).toBe('shipped');
      await expect(page.getByTestId('refusal-count')).toHaveText(m.packing.refused.replace('{{count}}', '2'));

      // A transfer of ten mugs from the back room to the store, then received.
      await page.keyboard.press('Alt+9');
      await expect(page.getByRole('heading', { name: m.transfers.title })).toBeVisible();
      await expect(page.getByTestId('transfer-scan')).toBeFocused();
      await scan(page, '10*' + MUG);
      await page.keyboard.press('Control+Enter');
      const row = page.getByTestId('transfers-in-transit').locator('.ant-table-row');
      await expect(row).toHaveCount(1);
      await expect(row).toContainText('BACK → MAIN');
      await shot(page, c.lang, 'transfers');
      const onRoad = await api.call('transfers.inTransit', {});
      expect(onRoad.items.map((i) => [i.sku, i.quantity])).toEqual([['MUG-300', 10]]);
      await row.getByRole('button', { name: m.transfers.receiveAll }).focus();
      await page.keyboard.press('Enter');
      await expect(page.getByTestId('transfers-in-transit').locator('.ant-table-row')).toHaveCount(0);
      expect((await api.call('transfers.inTransit', {})).items).toEqual([]);

      // Restocked: 12 available, above the point, and the alert is gone.
      await page.keyboard.press('Alt+1');
      await expect(page.getByTestId('low-stock')).toBeVisible();
      await expect(page.getByTestId('low-stock-alert')).toHaveCount(0);
      await expect(page.getByTestId('low-stock')).toContainText(m.home.noLowStock);

      const report = await api.call('system.verify', {});
      expect(report.problems).toEqual([]);
      expect(errors).toEqual([]);
    });
  });
}
