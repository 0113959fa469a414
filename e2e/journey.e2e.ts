import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { en, type Messages } from '../src/renderer/i18n/en.ts';
import { zh } from '../src/renderer/i18n/zh.ts';
import { signIn } from './auth.ts';
import { startServer, type TestServer } from './server.ts';

/**
 * A new user's day, keyboard only, in each language: create a product, receive it, enter an
 * order (held for approval: first order of a new customer), approve it, see the stock
 * reserved, split it, cancel the rest and see that stock released. Screenshots of each main
 * screen go to docs/guide/images, where the user guide shows them.
 */

const IMAGES = resolve(import.meta.dirname, '..', 'docs', 'guide', 'images');
mkdirSync(IMAGES, { recursive: true });

const CASES = [
  { lang: 'en', m: en as Messages, customer: 'Alice Chen', sku: 'TEA-100', name: 'Oolong tea 100 g', altName: '乌龙茶 100克', barcode: '6901234567892' },
  { lang: 'zh', m: zh, customer: '王秀英', sku: 'TEA-200', name: 'Jasmine tea 200 g', altName: '茉莉花茶 200克', barcode: '6909876543212' },
] as const;

async function shot(page: Page, lang: string, name: string): Promise<void> {
  await page.mouse.move(0, 0);
  // Toasts fade after a few seconds; the guide's pictures show the screen, not the last toast.
  await expect(page.locator('.ant-message-notice')).toHaveCount(0, { timeout: 8000 });
  await page.waitForTimeout(200);
  await page.screenshot({ path: join(IMAGES, `${lang}-${name}.png`) });
}

/** Reads a number cell of the stock table for the product in warehouse MAIN. */
async function stockRow(page: Page, sku: string) {
  const row = page.getByTestId('stock-table').locator('.ant-table-row', { hasText: sku });
  await expect(row).toHaveCount(1);
  const cells = row.locator('.ant-table-cell');
  return { onHand: cells.nth(2), reserved: cells.nth(3), available: cells.nth(4) };
}

for (const c of CASES) {
  test.describe(`journey in ${c.lang}`, () => {
    let server: TestServer;

    test.beforeAll(async () => {
      server = await startServer();
      // What an owner sets once in Settings: a warehouse, a tax rate, the approval rule; and a customer.
      await server.client.call('warehouses.create', { code: 'MAIN', name: 'Main store' });
      await server.client.call('taxRates.create', { code: 'VAT13', name: 'VAT 13%', rateBp: 1300 });
      await server.client.call('settings.update', { shopName: 'Teahouse', approval: { amountAtLeast: null, firstOrderOfNewCustomer: true } });
      await server.client.call('customers.create', { name: c.customer });
    });
    test.afterAll(async () => server?.stop());

    test('product, stock, order, approval, split, cancel — keyboard only', async ({ page }) => {
      const { m } = c;
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(String(e)));

      await signIn(page, server);
      if (c.lang === 'zh') {
        // The shortcut works once the app is on screen (a new station starts in English).
        await expect(page.getByRole('heading', { name: en.home.title })).toBeVisible();
        await page.keyboard.press('Alt+L');
        await expect(page.getByRole('heading', { name: zh.home.title })).toBeVisible();
        await page.reload();
        // The choice is remembered.
        await expect(page.getByRole('heading', { name: zh.home.title })).toBeVisible();
      } else {
        await expect(page.getByRole('heading', { name: en.home.title })).toBeVisible();
      }

      // 1. A product.
      await page.keyboard.press('Alt+4');
      await expect(page.getByRole('heading', { name: m.products.title })).toBeVisible();
      await page.keyboard.press('n');
      const dialog = page.getByRole('dialog');
      await expect(dialog.getByLabel(m.products.sku, { exact: true })).toBeFocused();
      await page.keyboard.type(c.sku);
      await page.keyboard.press('Tab');
      await page.keyboard.type(c.name);
      await page.keyboard.press('Tab');
      await page.keyboard.type(c.altName);
      await page.keyboard.press('Tab');
      await page.keyboard.type('45.00');
      await page.keyboard.press('Tab'); // tax rate: the only one is chosen already
      await page.keyboard.press('Tab');
      await page.keyboard.type(c.barcode);
      await page.keyboard.press('Control+Enter');
      await expect(dialog).toBeHidden();
      await expect(page.getByTestId('products-table').locator('.ant-table-row', { hasText: c.sku })).toContainText('45.00');
      await shot(page, c.lang, 'products');

      // 2. Receive 10.
      await page.keyboard.press('Alt+5');
      await expect(page.getByRole('heading', { name: m.stock.title })).toBeVisible();
      await page.keyboard.press('r');
      await expect(page.getByRole('dialog').getByRole('combobox', { name: m.stock.product })).toBeFocused();
      await page.keyboard.type(c.sku);
      await expect(page.locator('.ant-select-item-option-active', { hasText: c.sku })).toBeVisible();
      await page.keyboard.press('Enter');
      // Wait for each field to take focus before typing into it, as a person would look.
      const receive = page.getByRole('dialog');
      await expect(receive.getByRole('combobox', { name: m.stock.product })).toHaveAttribute('aria-expanded', 'false');
      await page.keyboard.press('Tab'); // warehouse: MAIN is the default
      await expect(receive.getByRole('combobox', { name: m.stock.warehouse })).toBeFocused();
      await page.keyboard.press('Tab');
      await expect(receive.getByRole('spinbutton', { name: m.stock.quantity })).toBeFocused();
      await page.keyboard.type('10');
      await page.keyboard.press('Control+Enter');
      await expect(page.getByRole('dialog')).toBeHidden();
      let level = await stockRow(page, c.sku);
      await expect(level.onHand).toHaveText('10');
      await expect(level.reserved).toHaveText('0');

      // 3. An order for 4, by scanning the barcode; confirming holds it for approval.
      await page.keyboard.press('Alt+3');
      await expect(page.getByRole('heading', { name: m.entry.title })).toBeVisible();
      await page.keyboard.type(c.customer);
      await expect(page.locator('.ant-select-item-option-active', { hasText: c.customer })).toBeVisible();
      await page.keyboard.press('Enter');
      await page.keyboard.press('Alt+A');
      await expect(page.getByTestId('product-adder')).toBeFocused();
      await page.keyboard.type(c.barcode);
      await page.keyboard.press('Enter');
      await expect(page.getByTestId('order-lines').locator('tr', { hasText: c.sku })).toBeVisible();
      await page.keyboard.press('Tab');
      await expect(page.getByLabel(`${m.entry.quantity} ${c.sku}`)).toBeFocused();
      await page.keyboard.press('Control+A');
      await page.keyboard.type('4');
      // 4 × 45.00 + 13 % tax = 203.40, computed live with the shared totals rules.
      await expect(page.getByTestId('total-gross')).toContainText('203.40');
      await expect(page.getByTestId(`qty-${c.sku}`)).toBeVisible();
      await shot(page, c.lang, 'order-entry');
      // More than is available warns before saving.
      await page.keyboard.press('Control+A');
      await page.keyboard.type('12');
      await expect(page.getByTestId('oversell-warning')).toBeVisible();
      await page.keyboard.press('Control+A');
      await page.keyboard.type('4');
      await expect(page.getByTestId('oversell-warning')).toBeHidden();
      await page.keyboard.press('Control+Enter');
      await expect(page.locator('[data-status="pending_approval"]')).toBeVisible();
      await expect(page.getByTestId('reservations')).toContainText(m.detail.noReservations);

      // 4. Approve: the stock is reserved.
      await page.keyboard.press('a');
      await expect(page.locator('[data-status="approved"]')).toBeVisible();
      await expect(page.getByTestId(`reserved-${c.sku}`)).toHaveText('4');
      await expect(page.getByTestId('timeline').locator('[data-op]')).toHaveCount(3);
      await shot(page, c.lang, 'order-detail');
      const orderUrl = page.url();

      await page.keyboard.press('Alt+5');
      level = await stockRow(page, c.sku);
      await expect(level.reserved).toHaveText('4');
      await expect(level.available).toHaveText('6');
      await shot(page, c.lang, 'stock');

      // Back to the order through the list, by keyboard.
      await page.keyboard.press('Alt+2');
      await expect(page.getByRole('heading', { name: m.orders.title })).toBeVisible();
      await expect(page.getByTestId('orders-table').locator('.ant-table-row')).toHaveCount(1);
      await shot(page, c.lang, 'orders');
      await page.keyboard.press('Enter');
      await expect(page).toHaveURL(orderUrl);
      await expect(page.locator('[data-action="split"]')).toBeVisible();

      // 5. Split one unit off into a new order; it keeps its reservation.
      await page.keyboard.press('s');
      await expect(page.getByRole('dialog').getByLabel(`${m.detail.splitQty} ${c.sku}`)).toBeFocused();
      await page.keyboard.press('Control+A');
      await page.keyboard.type('1');
      await page.keyboard.press('Control+Enter');
      await expect(page.getByRole('dialog')).toBeHidden();
      await expect(page.getByTestId(`reserved-${c.sku}`)).toHaveText('3');

      // 6. Cancel the rest: its reservation is released.
      await page.keyboard.press('x');
      await expect(page.getByRole('dialog').locator('textarea')).toBeFocused();
      await page.keyboard.type(c.lang === 'zh' ? '客户改变主意' : 'Customer changed their mind');
      await page.keyboard.press('Control+Enter');
      await expect(page.locator('[data-status="cancelled"]')).toBeVisible();
      await expect(page.getByTestId('reservations')).toContainText(m.detail.noReservations);

      await page.keyboard.press('Alt+5');
      level = await stockRow(page, c.sku);
      await expect(level.onHand).toHaveText('10');
      await expect(level.reserved).toHaveText('1');
      await expect(level.available).toHaveText('9');

      // The split order is the only one still holding stock.
      const orders = await server.client.call('orders.list', {});
      expect(orders.items.map((o) => o.status).sort()).toEqual(['approved', 'cancelled']);

      // Remaining main screens for the guide, and F1 on one of them.
      await page.keyboard.press('Alt+1');
      await expect(page.getByRole('heading', { name: m.home.title })).toBeVisible();
      await shot(page, c.lang, 'home');
      await page.keyboard.press('Alt+6');
      await expect(page.getByRole('heading', { name: m.customers.title })).toBeVisible();
      await shot(page, c.lang, 'customers');
      await page.keyboard.press('Alt+7');
      await expect(page.getByRole('heading', { name: m.settings.title })).toBeVisible();
      await shot(page, c.lang, 'settings');
      await page.keyboard.press('F1');
      await expect(page.locator('[data-help-section="settings"]')).toBeVisible();
      // The section's screenshot is shown and has loaded (a broken image has no natural width).
      const picture = page.locator('[data-help-section="settings"]').getByRole('img', { name: c.lang === 'zh' ? '设置' : 'Settings', exact: true });
      await expect.poll(() => picture.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBeGreaterThan(0);

      expect(errors).toEqual([]);
    });
  });
}
