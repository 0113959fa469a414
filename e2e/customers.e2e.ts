import { expect, test } from '@playwright/test';
import { en } from '../src/renderer/i18n/en.ts';
import { signIn } from './auth.ts';
import { startServer, type TestServer } from './server.ts';

/**
 * A customer created with a billing address and changed later, keyboard only: a missing
 * city is shown at its field and nothing is saved; the completed address is; editing adds a
 * separate shipping address. What the screen saved is read back from the ledger.
 */

let server: TestServer;
test.beforeAll(async () => {
  server = await startServer();
});
test.afterAll(async () => server?.stop());

test('create a customer with an address, then change it — keyboard only', async ({ page }) => {
  const m = en.customers;
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await signIn(page, server);
  await expect(page.getByRole('heading', { name: en.home.title })).toBeVisible();
  await page.keyboard.press('Alt+6');
  await expect(page.getByRole('heading', { name: m.title })).toBeVisible();

  await page.keyboard.press('n');
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByLabel(m.name, { exact: true })).toBeFocused();
  await page.keyboard.type('Lin Mei');
  await page.keyboard.press('Tab');
  await page.keyboard.type('91310000MA1FL8XQ30');
  await page.keyboard.press('Tab');
  await page.keyboard.type('lin.mei@example.com');
  const billing = (f: keyof typeof m.address) => dialog.getByLabel(`${m.billingAddress}: ${m.address[f]}`, { exact: true });
  await billing('name').focus();
  await page.keyboard.type('Lin Mei');
  await page.keyboard.press('Tab');
  await page.keyboard.type('+86 21 5555 0101');
  await page.keyboard.press('Tab');
  await page.keyboard.type('88 Huaihai Road');
  await billing('country').focus();
  await page.keyboard.type('cn');
  await page.keyboard.press('Control+Enter');
  // The city was forgotten: the ledger refuses, naming the field; the dialog keeps what was typed.
  await expect(dialog.locator('.ant-form-item-has-error').getByLabel(`${m.billingAddress}: ${m.address.city}`)).toBeVisible();
  expect((await server.client.call('customers.list', { search: 'Lin Mei' })).items).toHaveLength(0);
  await billing('city').focus();
  await page.keyboard.type('Shanghai');
  await page.keyboard.press('Control+Enter');
  await expect(dialog).toHaveCount(0);
  const row = page.getByTestId('customers-table').locator('.ant-table-row', { hasText: 'Lin Mei' });
  await expect(row).toContainText('Shanghai');

  // Find her, open with Enter, ship somewhere else.
  await page.keyboard.press('/');
  await page.keyboard.type('Lin Mei');
  await expect(page.getByTestId('customers-table').locator('.ant-table-row')).toHaveCount(1);
  await page.keyboard.press('Enter');
  await expect(dialog.getByLabel(m.name, { exact: true })).toHaveValue('Lin Mei');
  await dialog.getByLabel(m.phone, { exact: true }).focus();
  await page.keyboard.type('13800138000');
  await dialog.getByRole('checkbox', { name: m.sameAsBilling }).focus();
  await page.keyboard.press('Space');
  // The shipping address starts as a copy of the billing one: change what differs.
  const shipping = (f: keyof typeof m.address) => dialog.getByLabel(`${m.shippingAddress}: ${m.address[f]}`, { exact: true });
  await expect(shipping('line1')).toHaveValue('88 Huaihai Road');
  for (const [f, text] of [['name', 'Lin Mei (studio)'], ['phone', ''], ['line1', '5 Moganshan Road']] as const) {
    await shipping(f).focus();
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Backspace');
    await page.keyboard.type(text);
  }
  await page.keyboard.press('Control+Enter');
  await expect(dialog).toHaveCount(0);

  const [listed] = (await server.client.call('customers.list', { search: 'Lin Mei' })).items;
  const saved = await server.client.call('customers.get', { id: listed!.id });
  expect(saved).toMatchObject({
    name: 'Lin Mei',
    taxId: '91310000MA1FL8XQ30',
    email: 'lin.mei@example.com',
    phone: '13800138000',
    billingAddress: { name: 'Lin Mei', phone: '+86 21 5555 0101', line1: '88 Huaihai Road', line2: null, city: 'Shanghai', country: 'CN' },
    shippingAddress: { name: 'Lin Mei (studio)', line1: '5 Moganshan Road', city: 'Shanghai', country: 'CN', phone: null },
  });
  expect(errors).toEqual([]);
});

test('the order list filters by customer and by channel', async ({ page }) => {
  const c = server.client;
  const warehouse = await c.call('warehouses.create', { code: 'MAIN', name: 'Main store' });
  const vat = await c.call('taxRates.create', { code: 'VAT13', name: 'VAT 13%', rateBp: 1300 });
  const tea = await c.call('products.create', { sku: 'TEA-1', name: 'Green tea', price: 4800, taxRateId: vat.id });
  const zhang = await c.call('customers.create', { name: 'Zhang Wei' });
  const other = await c.call('customers.create', { name: 'Olga Berg' });
  const order = (customerId: string, extra: { channel?: string; externalRef?: string } = {}) =>
    c.call('orders.create', { customerId, warehouseId: warehouse.id, lines: [{ productId: tea.id, quantity: 1 }], ...extra });
  const z1 = await order(zhang.id);
  const z2 = await order(zhang.id, { channel: 'shopify', externalRef: '#1001' });
  const o1 = await order(other.id, { channel: 'shopify', externalRef: '#1002' });

  await signIn(page, server);
  await page.goto(`${server.url}/#/orders`);
  const rows = page.getByTestId('orders-table').locator('.ant-table-row');
  await expect(rows).toHaveCount(3);
  // A slow link: the customer search answers after Enter is pressed. Enter must pick the first
  // match for "Zhang", not the first customer of the list shown before the typing.
  await page.route('**/api/v1/customers.list', async (route) => {
    await new Promise((r) => setTimeout(r, 400));
    await route.continue();
  });
  await page.getByLabel(en.entry.customer, { exact: true }).focus();
  await page.keyboard.type('Zhang');
  await page.keyboard.press('Enter');
  await expect(rows).toHaveCount(2);
  await page.unroute('**/api/v1/customers.list');
  await expect(rows.filter({ hasText: z1.number })).toHaveCount(1);
  await expect(rows.filter({ hasText: z2.number })).toHaveCount(1);

  await page.getByLabel(en.orders.channel, { exact: true }).focus();
  await page.keyboard.type('Shop');
  await page.keyboard.press('Enter');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText(z2.number);
  // These filters saved as a view, to be picked again after they are cleared.
  await page.getByLabel(en.orders.viewName, { exact: true }).fill('Zhang on Shopify');
  await page.getByRole('button', { name: en.orders.saveView }).click();

  await page.getByRole('button', { name: en.orders.clear }).click();
  await page.getByLabel(en.orders.channel, { exact: true }).focus();
  await page.keyboard.type('Shop');
  await page.keyboard.press('Enter');
  await expect(rows).toHaveCount(2);
  await expect(rows.filter({ hasText: o1.number })).toHaveCount(1);

  await page.getByLabel(en.orders.views, { exact: true }).click();
  await page.locator('.ant-select-item-option', { hasText: 'Zhang on Shopify' }).click();
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText(z2.number);
});
