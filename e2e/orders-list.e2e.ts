import { expect, test } from '@playwright/test';
import { en } from '../src/renderer/i18n/en.ts';
import { zh } from '../src/renderer/i18n/zh.ts';
import { signIn } from './auth.ts';
import { startServer, type TestServer } from './server.ts';

/**
 * The order list draws each row's cells once and asks for a search's first page from the key's
 * own event: typed fast, the rows shown are those of the last text; cells drawn in one language
 * are drawn again when the language changes; the active row moves with the arrows and on hover.
 */

let server: TestServer;
test.beforeAll(async () => {
  server = await startServer();
});
test.afterAll(async () => server?.stop());

test('search as you type, language switch and the active row on the order list', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  const c = server.client;
  const warehouse = await c.call('warehouses.create', { code: 'MAIN', name: 'Main store' });
  const vat = await c.call('taxRates.create', { code: 'VAT13', name: 'VAT 13%', rateBp: 1300 });
  const tea = await c.call('products.create', { sku: 'TEA-1', name: 'Green tea', price: 4800, taxRateId: vat.id });
  const wang = await c.call('customers.create', { name: 'Wang Fang' });
  const chen = await c.call('customers.create', { name: '陈静' });
  const order = (customerId: string) => c.call('orders.create', { customerId, warehouseId: warehouse.id, lines: [{ productId: tea.id, quantity: 1 }] });
  const w1 = await order(wang.id);
  const w2 = await order(wang.id);
  const c1 = await order(chen.id);

  await signIn(page, server);
  await page.goto(`${server.url}/#/orders`);
  const rows = page.getByTestId('orders-table').locator('.ant-table-row');
  await expect(rows).toHaveCount(3);
  const row = (n: string) => rows.filter({ hasText: n });
  await expect(row(w1.number)).toContainText(en.status[w1.status]);
  await expect(row(w1.number)).toContainText(en.detail.channels.manual);

  // Typed without pause: every key asks, and what stays on screen answers the last text.
  const search = page.getByLabel(en.app.search, { exact: true });
  await search.focus();
  await page.keyboard.type(w2.number);
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText(w2.number);
  await expect(search).toHaveValue(w2.number);
  // Back to a shorter text and on to a Chinese name, inserted as text (no key of its own).
  await search.fill('');
  await expect(rows).toHaveCount(3);
  await page.keyboard.insertText('陈静');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText(c1.number);
  await search.fill('Wang');
  await expect(rows).toHaveCount(2);

  // The cells already drawn change language with the screen.
  await page.keyboard.press('Alt+L');
  await expect(page.getByRole('heading', { name: zh.orders.title })).toBeVisible();
  await expect(row(w1.number)).toContainText(zh.status[w1.status]);
  await expect(row(w1.number)).toContainText(zh.detail.channels.manual);
  await expect(row(w1.number)).not.toContainText(en.status[w1.status]);
  await page.keyboard.press('Alt+L');
  await expect(row(w1.number)).toContainText(en.status[w1.status]);

  // The active row follows the arrows and the mouse; Enter opens it.
  await expect(rows.nth(0)).toHaveClass(/row-active/);
  await page.keyboard.press('ArrowDown');
  await expect(rows.nth(1)).toHaveClass(/row-active/);
  await expect(rows.nth(0)).not.toHaveClass(/row-active/);
  await rows.nth(0).hover();
  await expect(rows.nth(0)).toHaveClass(/row-active/);
  await page.keyboard.press('ArrowDown');
  await expect(rows.nth(1)).toHaveClass(/row-active/);
  const opened = await rows.nth(1).getAttribute('data-row-key');
  expect([w1.id, w2.id]).toContain(opened);
  await search.focus();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(`#/orders/${opened}$`));
  expect(errors).toEqual([]);
});
