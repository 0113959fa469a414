import { join, resolve } from 'node:path';
import { expect, test } from '@playwright/test';
import { en, type Messages } from '../src/renderer/i18n/en.ts';
import { zh } from '../src/renderer/i18n/zh.ts';
import { signIn } from './auth.ts';
import { switchToChinese } from './keyboard.ts';
import { startServer, type TestServer } from './server.ts';

/**
 * The shipping fee on order entry: estimated by the ledger before the first save from the lines'
 * weight and the customer's address, every step shown (zone, first weight, additional weight,
 * per item) and the fee in the live totals; the saved order charges exactly that. A user with
 * orders.override_shipping_fee charges another fee, live in the totals too, which the ledger
 * stores beside the computed one; a sales clerk sees the fee but cannot change it.
 */

const IMAGES = resolve(import.meta.dirname, '..', 'docs', 'guide', 'images');
// Pictures to look at, not for the guide.
const RESULTS = resolve(import.meta.dirname, '..', 'test-results');
const TEA = '6901234567892';
const CASES = [
  { lang: 'en', m: en as Messages },
  { lang: 'zh', m: zh },
] as const;
const fill = (text: string, values: Record<string, string | number>) => text.replace(/{{(\w+)}}/g, (_, k: string) => String(values[k]));

for (const c of CASES) {
  test.describe(`shipping fee in ${c.lang}`, () => {
    let server: TestServer;
    test.beforeAll(async () => {
      server = await startServer();
      const api = server.client;
      const main = await api.call('warehouses.create', { code: 'MAIN', name: 'Main store' });
      const vat = await api.call('taxRates.create', { code: 'VAT13', name: 'VAT 13%', rateBp: 1300 });
      await api.call('settings.update', { approval: { amountAtLeast: null, firstOrderOfNewCustomer: false } });
      await api.call('customers.create', { name: '王秀英', shippingAddress: { name: '王秀英', line1: '天河路 1 号', city: '广州', region: '广东', country: 'CN' } });
      const tea = await api.call('products.create', { sku: 'TEA-100', name: 'Oolong tea', price: 4999, taxRateId: vat.id, barcodes: [TEA], weightGrams: 600 });
      await api.call('stock.receive', { warehouseId: main.id, lines: [{ productId: tea.id, quantity: 20 }] });
      const sf = (await api.call('carriers.list', { code: 'SF' })).items[0]!;
      await api.call('deliveryMethods.create', {
        code: 'SF-KG',
        name: 'SF Express by weight',
        kind: 'express',
        carrierId: sf.id,
        feeRule: {
          base: { kind: 'weight', firstGrams: 1000, firstFee: 1200, stepGrams: 500, stepFee: 500 },
          zones: [{ name: 'South', regions: ['CN/广东'], base: { kind: 'weight', firstGrams: 1000, firstFee: 1000, stepGrams: 1000, stepFee: 400 } }],
          perItem: 100,
        },
      });
      const role = (await api.call('roles.list', {})).items.find((r) => r.builtin === 'sales_clerk')!;
      await api.call('users.create', { username: 'sales', displayName: 'Sales Clerk', password: 'sales-password-123', roleId: role.id });
    });
    test.afterAll(async () => server?.stop());

    test('the fee is shown step by step and overridden with permission; the ledger keeps both', async ({ page }) => {
      const { m } = c;
      const api = server.client;
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(String(e)));
      await signIn(page, server);
      if (c.lang === 'zh') await switchToChinese(page);
      await page.keyboard.press('Alt+3');
      await expect(page.getByRole('heading', { name: m.entry.title })).toBeVisible();
      await page.keyboard.type('王秀英');
      await expect(page.locator('.ant-select-item-option-active', { hasText: '王秀英' })).toBeVisible();
      await page.keyboard.press('Enter');
      await page.keyboard.press('Alt+A');
      // Each scan is waited for: the adder looks the code up before the next one may come.
      for (let i = 1; i <= 3; i++) {
        await page.keyboard.type(TEA);
        await page.keyboard.press('Enter');
        await expect(page.getByLabel(`${m.entry.quantity} TEA-100`)).toHaveValue(String(i));
      }
      await page.getByTestId('delivery-method').click();
      await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: 'SF-KG' }).click();

      // Before any save: 3 × 600 g = 1,800 g to Guangdong: zone South, 10.00 for the first
      // 1,000 g, one more 1,000 g step at 4.00, and 3 items × 1.00: 17.00.
      const steps = page.getByTestId('fee-step');
      await expect(steps).toHaveCount(4);
      await expect(steps.nth(0)).toContainText(fill(m.fee.steps.zone, { zone: 'South' }));
      await expect(steps.nth(1)).toContainText(fill(m.fee.steps.first_weight, { grams: 1000 }));
      await expect(steps.nth(1)).toContainText('10.00');
      await expect(steps.nth(2)).toContainText('4.00');
      await expect(steps.nth(3)).toContainText('3.00');
      await expect(page.getByTestId('fee-computed')).toContainText('17.00');
      await expect(page.getByTestId('fee-weight')).toContainText(fill(m.fee.weight, { grams: 1800 }));
      await expect(page.getByTestId('fee-weight')).toContainText(fill(m.fee.destination, { place: 'CN · 广东' }));
      // The live totals carry the fee as a line taxed like the goods: goods 149.97 + 19.50 tax,
      // shipping 17.00 + 2.21 tax = 188.68.
      await expect(page.getByTestId('total-shipping')).toContainText('17.00');
      await expect(page.getByTestId('total-gross')).toContainText('188.68');
      await expect(page.getByTestId('fee-charged')).toHaveCount(0);
      expect((await api.call('orders.list', { limit: 5 })).items).toEqual([]);
      await page.mouse.move(0, 0);
      await page.screenshot({ path: join(RESULTS, `${c.lang}-order-entry-fee-estimate.png`), fullPage: true });

      // Saved, the ledger charges what was shown.
      await page.keyboard.press('F6');
      await expect(page.getByTestId('fee-charged')).toContainText('17.00');
      const draft = (await api.call('orders.list', { limit: 1 })).items[0]!;
      expect((await api.call('delivery.get', { orderId: draft.id })).delivery).toMatchObject({ fee: 1700, computedFee: 1700, feeOverridden: false, weightGrams: 1800 });
      expect(await api.call('orders.get', { id: draft.id })).toMatchObject({ netTotal: 16697, taxTotal: 2171, grossTotal: 18868 });
      await expect(page.getByTestId('total-gross')).toContainText('188.68');

      // An override is in the totals as soon as it is typed: 149.97 + 19.50 + 15.00 + 1.95 = 186.42.
      await page.getByLabel(m.fee.override, { exact: true }).fill('15');
      await expect(page.getByTestId('total-shipping')).toContainText('15.00');
      await expect(page.getByTestId('total-gross')).toContainText('186.42');
      await page.keyboard.press('F6');
      await expect(page.getByTestId('fee-charged')).toContainText('15.00');
      await expect(page.getByTestId('delivery-fee')).toContainText(m.fee.overridden);
      await page.mouse.move(0, 0);
      await page.screenshot({ path: join(IMAGES, `${c.lang}-order-entry-fee.png`), fullPage: true });
      await page.keyboard.press('Control+Enter');
      await expect(page.locator('[data-status="approved"]')).toBeVisible();
      const order = await api.call('orders.get', { id: draft.id });
      expect(order.status).toBe('approved');
      expect(order).toMatchObject({ netTotal: 16497, taxTotal: 2145, grossTotal: 18642 });
      expect((await api.call('delivery.get', { orderId: draft.id })).delivery).toMatchObject({ fee: 1500, computedFee: 1700, feeOverridden: true });
      expect((await api.call('journal.list', { operation: 'delivery.set', limit: 5 })).items.map((j) => j.actor)).toContain((await api.call('session.me', {})).userId);
      expect(errors).toEqual([]);
    });

    test('a sales clerk sees the computed fee but cannot charge another', async ({ page }) => {
      const { m } = c;
      await signIn(page, server, { username: 'sales', password: 'sales-password-123' });
      if (c.lang === 'zh') await switchToChinese(page);
      await page.keyboard.press('Alt+3');
      await expect(page.getByRole('heading', { name: m.entry.title })).toBeVisible();
      await page.getByTestId('delivery-method').click();
      await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: 'SF-KG' }).click();
      await expect(page.getByTestId('fee-waiting')).toContainText(m.fee.needCustomer);
      await expect(page.getByLabel(m.fee.override, { exact: true })).toHaveCount(0);
      // With a customer and goods the clerk sees the estimate and the totals that include it.
      const customer = page.getByRole('combobox', { name: m.entry.customer, exact: true });
      await customer.click();
      await expect(customer).toBeFocused();
      await page.keyboard.type('王秀英');
      await expect(page.locator('.ant-select-item-option-active', { hasText: '王秀英' })).toBeVisible();
      await page.keyboard.press('Enter');
      await expect(page.getByTestId('fee-waiting')).toContainText(m.fee.needLines);
      await page.keyboard.press('Alt+A');
      await page.keyboard.type(TEA);
      await page.keyboard.press('Enter');
      await expect(page.getByLabel(`${m.entry.quantity} TEA-100`)).toHaveValue('1');
      // 600 g to Guangdong: 10.00 first weight + 1.00 per item = 11.00; 49.99 + 6.50 + 11.00 + 1.43 = 68.92.
      await expect(page.getByTestId('fee-computed')).toContainText('11.00');
      await expect(page.getByTestId('total-shipping')).toContainText('11.00');
      await expect(page.getByTestId('total-gross')).toContainText('68.92');
      await expect(page.getByLabel(m.fee.override, { exact: true })).toHaveCount(0);
    });
  });
}
