import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { en } from '../src/renderer/i18n/en.ts';
import { zh } from '../src/renderer/i18n/zh.ts';
import { pdfText } from '../tests/pdf-tools.ts';
import { signIn } from './auth.ts';
import { startServer, type TestServer } from './server.ts';

/**
 * The print preview, keyboard first: from an order's screen, P opens its packing slip, I its
 * invoice; the frame shows the real PDF of the document route, which is fetched here and read
 * back with pdftotext; the document language switches to Chinese; the shipment's label opens
 * from its button. Screenshots go to test-results/documents.
 */

const OUT = resolve(import.meta.dirname, '..', 'test-results', 'documents');
mkdirSync(OUT, { recursive: true });
const flat = (s: string) => s.replace(/\s+/g, ' ');

let server: TestServer;
let orderId = '';
let orderNumber = '';
let invoiceNumber = '';

test.beforeAll(async () => {
  server = await startServer();
  const c = server.client;
  const main = await c.call('warehouses.create', { code: 'MAIN', name: 'Main store' });
  const vat = await c.call('taxRates.create', { code: 'VAT13', name: 'VAT 13%', rateBp: 1300 });
  await c.call('settings.update', { shopName: 'Teahouse', approval: { amountAtLeast: null, firstOrderOfNewCustomer: false } });
  await c.call('documents.updateProfile', { legalName: '茶韵 Tea House Ltd.', address: { name: 'Tea House', line1: '88 Garden Road', city: 'Hangzhou', country: 'CN' } });
  const tea = await c.call('products.create', { sku: 'TEA-100', name: 'Oolong tea 100 g', altName: '乌龙茶 100克', price: 4999, taxRateId: vat.id });
  await c.call('stock.receive', { warehouseId: main.id, lines: [{ productId: tea.id, quantity: 20 }] });
  const customer = await c.call('customers.create', { name: '王秀英', shippingAddress: { name: '王秀英', line1: '南京路 100 号', city: '上海', country: 'CN' } });
  const draft = await c.call('orders.create', { customerId: customer.id, warehouseId: main.id, lines: [{ productId: tea.id, quantity: 3 }] });
  const order = await c.call('orders.confirm', { id: draft.id });
  orderId = order.id;
  orderNumber = order.number;
  invoiceNumber = (await c.call('invoices.issue', { orderId })).number;
  const sf = (await c.call('carriers.list', { code: 'SF' })).items[0]!;
  await c.call('shipments.create', { orderId, carrierId: sf.id, parcels: [{ trackingNumber: 'SF5550001112223', weightGrams: 800 }] });
});
test.afterAll(async () => server?.stop());

/** The PDF the preview frame shows, fetched from its own address, as text. */
async function framePdf(page: Page): Promise<{ src: string; text: string }> {
  const frame = page.getByTestId('document-frame');
  await expect(frame).toBeVisible();
  const src = (await frame.getAttribute('src'))!;
  const res = await page.request.get(new URL(src, server.url).href);
  expect(res.status()).toBe(200);
  expect(res.headers()['content-type']).toBe('application/pdf');
  return { src, text: flat(pdfText(Buffer.from(await res.body()))) };
}

test('order documents open in a preview of the real PDF, by keyboard', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await signIn(page, server);
  await page.goto(`${server.url}/#/orders/${orderId}`);
  await expect(page.getByTestId('order-number')).toContainText(orderNumber);
  await expect(page.getByTestId('order-documents').locator('[data-doc="invoice"]')).toBeVisible();

  await page.keyboard.press('p');
  let pdf = await framePdf(page);
  expect(pdf.src).toBe(`/api/v1/documents/packing-slip/${orderId}.pdf?lang=en`);
  expect(pdf.text).toContain(orderNumber);
  expect(pdf.text).toContain('Oolong tea 100 g');
  await expect(page.locator('[data-action="download"]')).toHaveAttribute('href', pdf.src);
  await page.waitForTimeout(2500);
  await page.screenshot({ path: join(OUT, 'preview-packing-slip-en.png') });

  // The document's language is the preview's choice, not the screen's.
  await page.getByText('中文', { exact: true }).click();
  await expect.poll(async () => page.getByTestId('document-frame').getAttribute('src')).toContain('lang=zh');
  pdf = await framePdf(page);
  expect(pdf.text).toContain('乌龙茶 100克');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('document-frame')).toHaveCount(0);

  await page.keyboard.press('i');
  pdf = await framePdf(page);
  expect(pdf.text).toContain(invoiceNumber);
  expect(pdf.text).toContain('茶韵 Tea House Ltd.');
  await page.keyboard.press('Escape');

  await page.getByTestId('order-documents').locator('[data-doc="shipping-label"]').click();
  pdf = await framePdf(page);
  expect(pdf.text).toContain('SF5550001112223');
  await expect(page.getByRole('dialog')).toContainText(en.docs.print);
  await page.waitForTimeout(2500);
  await page.screenshot({ path: join(OUT, 'preview-label-en.png') });
  await page.keyboard.press('Escape');

  // The same preview on a Chinese screen.
  await page.keyboard.press('Alt+L');
  await expect(page.getByTestId('order-documents')).toContainText(zh.docs.title);
  // Everything has shipped, so the pick list has nothing left to pick.
  await page.keyboard.press('l');
  pdf = await framePdf(page);
  expect(pdf.text).toContain(orderNumber);
  expect(pdf.text).not.toContain('TEA-100');
  await expect(page.getByRole('dialog')).toContainText(zh.docs.print);
  await page.waitForTimeout(2500);
  await page.screenshot({ path: join(OUT, 'preview-pick-list-zh.png') });
  expect(errors).toEqual([]);
});
