import { mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import ExcelJS from 'exceljs';
import { en } from '../src/renderer/i18n/en.ts';
import { zh } from '../src/renderer/i18n/zh.ts';
import { minorToDecimal } from '../src/shared/exports/cells.ts';
import { formatMoney } from '../src/shared/money.ts';
import type { OpResult } from '../src/shared/contract/index.ts';
import { addDays } from '../src/shared/invoice-math.ts';
import { signIn } from './auth.ts';
import { startServer, type TestServer } from './server.ts';

/**
 * The accountant's side of a sale, keyboard first: an approved order is invoiced from its screen
 * (V), two partial payments are taken (P, amount typed as text, method chosen by typing), a
 * partial credit note puts one unit back in stock (C), and the receivables (Alt+B) and the
 * month's report (Alt+R) move by exactly those amounts. The PDF preview, the UBL e-invoice and
 * the period's exports are downloaded and read back. Then the same screens in Chinese, and an
 * accountant's view (reads and exports only).
 * Screenshots go to test-results/invoicing.
 */

const OUT = resolve(import.meta.dirname, '..', 'test-results', 'invoicing');
mkdirSync(OUT, { recursive: true });
// The guide's pictures of these screens (docs/guide, section help:invoicing).
const IMAGES = resolve(import.meta.dirname, '..', 'docs', 'guide', 'images');

// The Chinese pass looks at what the English pass made.
test.describe.configure({ mode: 'serial' });

let server: TestServer;
let orderId = '';
let orderNumber = '';
let currency = '';
let teaId = '';
let mainId = '';
let overdue: OpResult<'invoices.issue'>;

test.beforeAll(async () => {
  server = await startServer();
  const c = server.client;
  const main = await c.call('warehouses.create', { code: 'MAIN', name: 'Main store' });
  mainId = main.id;
  const vat13 = await c.call('taxRates.create', { code: 'VAT13', name: 'VAT 13%', rateBp: 1300 });
  const vat9 = await c.call('taxRates.create', { code: 'VAT9', name: 'VAT 9%', rateBp: 900 });
  const settings = await c.call('settings.update', { shopName: 'Teahouse', approval: { amountAtLeast: null, firstOrderOfNewCustomer: false } });
  currency = settings.currency;
  await c.call('invoices.configureSeller', { taxId: 'CN91330100MA2TEA001', address: { name: 'Tea House', line1: '88 Garden Road', city: 'Hangzhou', country: 'CN' } });
  const tea = await c.call('products.create', { sku: 'TEA-100', name: 'Oolong tea 100 g', altName: '乌龙茶 100克', price: 4999, taxRateId: vat13.id });
  teaId = tea.id;
  const book = await c.call('products.create', { sku: 'BOOK-1', name: 'Tea guide', altName: '茶经', price: 3000, taxRateId: vat9.id });
  await c.call('stock.receive', { warehouseId: main.id, lines: [{ productId: tea.id, quantity: 20 }, { productId: book.id, quantity: 5 }] });
  const customer = await c.call('customers.create', { name: 'Alice Chen', billingAddress: { name: 'Alice Chen', line1: '100 Nanjing Road', city: 'Shanghai', country: 'CN' } });
  // An older invoice of another customer, due on its day 45 days ago: overdue, in 31–60 days.
  const bob = await c.call('customers.create', { name: 'Bob Wang', billingAddress: { name: 'Bob Wang', line1: '9 Lake Road', city: 'Suzhou', country: 'CN' } });
  const old = await c.call('orders.confirm', { id: (await c.call('orders.create', { customerId: bob.id, warehouseId: main.id, lines: [{ productId: book.id, quantity: 1 }] })).id });
  overdue = await c.call('invoices.issue', { orderId: old.id, issueDate: addDays(new Date().toISOString().slice(0, 10), -45), paymentTermsDays: 0 });
  const draft = await c.call('orders.create', { customerId: customer.id, warehouseId: main.id, lines: [{ productId: tea.id, quantity: 3 }, { productId: book.id, quantity: 2 }] });
  const order = await c.call('orders.confirm', { id: draft.id });
  orderId = order.id;
  orderNumber = order.number;
  // Shipped, so goods credited later can come back to stock.
  const sf = (await c.call('carriers.list', { code: 'SF' })).items[0]!;
  await c.call('shipments.create', { orderId, carrierId: sf.id, parcels: [{ trackingNumber: 'SF5550001112223', weightGrams: 900 }] });
});
test.afterAll(async () => server?.stop());

const m = (amount: number, locale = 'en-US') => formatMoney({ amount, currency }, locale);

async function shot(page: Page, name: string, guide?: string): Promise<void> {
  await page.mouse.move(0, 0);
  await expect(page.locator('.ant-message-notice')).toHaveCount(0, { timeout: 8000 });
  await page.waitForTimeout(200);
  await page.screenshot({ path: join(OUT, `${name}.png`), fullPage: true });
  if (guide) await page.screenshot({ path: join(IMAGES, `${guide}.png`) });
}

async function onHand(productId: string): Promise<number> {
  const levels = await server.client.call('stock.levels', { warehouseId: mainId, limit: 100 });
  return levels.items.find((l) => l.productId === productId)?.onHand ?? 0;
}

test('invoice, two partial payments, partial credit note, receivables and the month report, exports — in English', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await signIn(page, server);
  await expect(page.getByRole('heading', { name: en.home.title })).toBeVisible();

  // Before: nobody owes anything and the month has no sales.
  await page.keyboard.press('Alt+B');
  await expect(page.getByRole('heading', { name: en.reports.receivablesTitle })).toBeVisible();
  await expect(page.locator('[data-bucket="days31to60"]')).toHaveText(m(overdue.grossTotal));
  await expect(page.locator('[data-bucket="total"]')).toHaveText(m(overdue.grossTotal));
  await page.keyboard.press('Alt+R');
  await expect(page.getByRole('heading', { name: en.reports.title })).toBeVisible();
  await expect(page.getByTestId('sales-gross')).toContainText(m(0));

  // 1. Invoice the order from its screen: V issues the invoice and opens it.
  await page.goto(`${server.url}/#/orders/${orderId}`);
  await expect(page.getByTestId('order-number')).toContainText(orderNumber);
  await expect(page.locator('[data-action="invoice"]')).toBeVisible();
  await shot(page, 'order-en');
  await page.keyboard.press('v');
  await expect(page.getByTestId('invoice-number')).toBeVisible();
  const invoiceId = page.url().split('/').pop()!;
  const issued = await server.client.call('invoices.get', { id: invoiceId });
  expect(issued.orderId).toBe(orderId);
  await expect(page.getByTestId('invoice-number')).toHaveText(en.invoicing.detailTitle.replace('{{number}}', issued.number));
  await expect(page.getByTestId('invoice-lines').locator('.ant-table-row')).toHaveCount(2);
  // Two rates, two rows of the tax breakdown; the summary row is the invoice total.
  await expect(page.getByTestId('tax-breakdown').locator('.ant-table-row')).toHaveCount(2);
  await expect(page.getByTestId('invoice-gross')).toHaveText(m(issued.grossTotal));
  await expect(page.getByTestId('amount-due')).toHaveText(m(issued.grossTotal));
  await expect(page.locator('[data-invoice-status="unpaid"]')).toBeVisible();
  const gross = issued.grossTotal;

  // 2. Two partial payments, typed: 100.00 by bank transfer (the default), 50.50 by Alipay.
  await page.keyboard.press('p');
  const pay = page.getByRole('dialog');
  await expect(pay.getByLabel(en.invoicing.amount)).toBeFocused();
  await page.keyboard.type('100.00');
  await page.keyboard.press('Control+Enter');
  await expect(pay).toHaveCount(0);
  await expect(page.getByTestId('amount-due')).toHaveText(m(gross - 10_000));
  await expect(page.locator('[data-invoice-status="partly_paid"]')).toBeVisible();

  await page.keyboard.press('p');
  await expect(page.getByRole('dialog').getByLabel(en.invoicing.amount)).toBeFocused();
  await page.keyboard.type('50,50');
  await page.keyboard.press('Tab');
  await page.keyboard.type('Alipay');
  await page.keyboard.press('Enter');
  await page.keyboard.press('Control+Enter');
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await expect(page.getByTestId('amount-due')).toHaveText(m(gross - 15_050));
  await expect(page.getByTestId('invoice-payments').locator('.ant-list-item')).toHaveCount(2);
  const paidNow = await server.client.call('invoices.get', { id: invoiceId });
  expect(paidNow.balance?.paid).toBe(15_050);
  const payments = await server.client.call('payments.list', { customerId: issued.customerId, limit: 10 });
  expect(payments.items.map((p) => [p.method, p.amount]).sort()).toEqual([['alipay', 5050], ['bank_transfer', 10_000]]);

  // 3. A partial credit note: one unit of tea, back to stock.
  const stockBefore = await onHand(teaId);
  await page.keyboard.press('c');
  const credit = page.getByRole('dialog');
  await expect(credit.getByLabel(en.invoicing.reason)).toBeFocused();
  await page.keyboard.type('One tin arrived dented');
  await credit.getByLabel(`${en.invoicing.creditQty} TEA-100`).fill('1');
  await credit.getByText(en.invoicing.returnToStock).click();
  await shot(page, 'credit-note-dialog-en');
  await page.keyboard.press('Control+Enter');
  await expect(credit).toHaveCount(0);
  await expect(page.getByTestId('invoice-credit-notes').locator('.ant-list-item')).toHaveCount(1);
  const after = await server.client.call('invoices.get', { id: invoiceId });
  const note = after.creditNotes[0]!;
  expect(note.grossTotal).toBeGreaterThan(0);
  expect(after.balance?.amountDue).toBe(gross - 15_050 - note.grossTotal);
  await expect(page.getByTestId('amount-due')).toHaveText(m(after.balance!.amountDue));
  await expect(page.getByTestId('balance-credited')).toHaveText(`−${m(note.grossTotal)}`);
  expect(await onHand(teaId)).toBe(stockBefore + 1);
  await shot(page, 'invoice-en', 'en-invoice');

  // The PDF preview of the invoice (D), as printed.
  await page.keyboard.press('d');
  const frame = page.getByTestId('document-frame');
  await expect(frame).toHaveAttribute('src', `/api/v1/documents/invoice/${invoiceId}.pdf?lang=en`);
  const pdf = await page.request.get(new URL((await frame.getAttribute('src'))!, server.url).href);
  expect(pdf.headers()['content-type']).toBe('application/pdf');
  await page.keyboard.press('Escape');
  await expect(frame).toHaveCount(0);

  // 4. The UBL e-invoice (U): an EN 16931 Invoice carrying this invoice's number.
  const [ubl] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('u')]);
  expect(ubl.suggestedFilename()).toBe(`${issued.number}.xml`);
  const xml = readFileSync((await ubl.path())!, 'utf8');
  expect(xml).toContain('<Invoice');
  expect(xml).toContain(`<cbc:ID>${issued.number}</cbc:ID>`);

  // The credit note has its own screen and its own e-invoice (a CreditNote naming the invoice).
  await page.getByTestId('invoice-credit-notes').getByText(note.number).click();
  await expect(page.getByTestId('invoice-number')).toHaveText(en.invoicing.creditTitle.replace('{{number}}', note.number));
  const [cnXml] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('u')]);
  const cn = readFileSync((await cnXml.path())!, 'utf8');
  expect(cn).toContain('<CreditNote');
  expect(cn).toContain(note.number);
  expect(cn).toContain(issued.number);

  // 5. The invoice list: both documents; the status filter keeps the partly paid invoice.
  await page.keyboard.press('Alt+V');
  await expect(page.getByRole('heading', { name: en.invoicing.title })).toBeVisible();
  const rows = page.getByTestId('invoices-table').locator('.ant-table-row');
  await expect(rows).toHaveCount(3);
  await expect(rows.filter({ hasText: overdue.number }).locator('[data-invoice-status="overdue"]')).toBeVisible();
  await page.getByTestId('invoice-status-filter').click();
  await page.keyboard.type(en.invoicing.statuses.partly_paid);
  await page.keyboard.press('Enter');
  await page.keyboard.press('Escape');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText(issued.number);
  await shot(page, 'invoices-en');

  // 6. Receivables: what is still due sits in "current" (due in 30 days).
  await page.keyboard.press('Alt+B');
  const due = after.balance!.amountDue;
  await expect(page.locator('[data-bucket="current"]')).toHaveText(m(due));
  await expect(page.locator('[data-bucket="days31to60"]')).toHaveText(m(overdue.grossTotal));
  await expect(page.locator('[data-bucket="total"]')).toHaveText(m(due + overdue.grossTotal));
  await expect(page.getByTestId('aging-customers').locator('.ant-table-row')).toHaveCount(2);
  await expect(page.getByTestId('aging-invoices')).toContainText(issued.number);
  await shot(page, 'receivables-en');

  // 7. The month's report: invoice less credit note; the tax summary has both rates.
  await page.keyboard.press('Alt+R');
  await expect(page.getByTestId('sales-gross')).toContainText(m(gross - note.grossTotal));
  await expect(page.getByTestId('sales-invoices')).toContainText('1');
  await expect(page.getByTestId('sales-credit-notes')).toContainText('1');
  await expect(page.getByTestId('tax-summary').locator('.ant-table-row')).toHaveCount(2);
  const today = new Date().toISOString().slice(0, 10);
  await expect(page.getByTestId('sales-chart').locator(`[data-bar="${today}"]`)).toHaveAttribute('data-value', String(after.netTotal - (await server.client.call('invoices.get', { id: note.id })).netTotal));
  await shot(page, 'reports-en', 'en-reports');

  // 8. Exports: the tax summary CSV adds up to the report; the period's orders as XLSX.
  const [csv] = await Promise.all([page.waitForEvent('download'), page.locator('[data-export="tax_summary"]').click()]);
  const csvText = readFileSync((await csv.path())!, 'utf8');
  expect(csvText.charCodeAt(0)).toBe(0xfeff);
  const month = today.slice(0, 7);
  const report = await server.client.call('reports.sales', { dateFrom: `${month}-01`, dateTo: today, period: 'month' });
  const csvLines = csvText.slice(1).split('\r\n').filter((l) => l.trim());
  expect(csvLines).toHaveLength(report.rows.length + 1);
  for (const r of report.rows) expect(csvLines).toContainEqual(expect.stringContaining(`,${minorToDecimal(r.net, currency)},${minorToDecimal(r.tax, currency)},${minorToDecimal(r.gross, currency)}`));

  const [xlsx] = await Promise.all([page.waitForEvent('download'), page.locator('[data-export="orders-xlsx"]').click()]);
  expect(xlsx.suggestedFilename()).toMatch(/\.xlsx$/);
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile((await xlsx.path())!);
  const sheet = book.worksheets[0]!;
  const header = (sheet.getRow(1).values as unknown[]).slice(1);
  expect(header).toContain('Number');
  const found: unknown[][] = [];
  sheet.eachRow((row, n) => {
    if (n > 1) found.push((row.values as unknown[]).slice(1));
  });
  const orderRow = found.find((r) => r[0] === orderNumber);
  expect(orderRow).toBeDefined();
  const orderDoc = await server.client.call('orders.get', { id: orderId });
  // The list export writes amounts as exact decimal text (see the report: no number cells yet).
  expect(orderRow![header.indexOf('Gross total')]).toBe(minorToDecimal(orderDoc.grossTotal, currency));
  expect(errors).toEqual([]);
});

test('the same screens in Chinese', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await signIn(page, server);
  await expect(page.getByRole('heading', { name: en.home.title })).toBeVisible();
  await page.keyboard.press('Alt+L');
  await expect(page.getByRole('heading', { name: zh.home.title })).toBeVisible();

  await page.keyboard.press('Alt+V');
  await expect(page.getByRole('heading', { name: zh.invoicing.title })).toBeVisible();
  await expect(page.getByTestId('invoices-table').locator('.ant-table-row')).toHaveCount(3);
  await expect(page.locator('[data-invoice-status="overdue"]')).toHaveText(zh.invoicing.statuses.overdue);
  await shot(page, 'invoices-zh');
  // Newest first: the credit note, then the invoice. ↓ moves to it, Enter opens it.
  const invoice = (await server.client.call('invoices.list', { kind: 'invoice', limit: 1 })).items[0]!;
  await expect(page.getByTestId('invoices-table').locator('.ant-table-row').nth(1)).toContainText(invoice.number);
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('invoice-number')).toHaveText(zh.invoicing.detailTitle.replace('{{number}}', invoice.number));
  await expect(page.locator('[data-invoice-status="partly_paid"]')).toHaveText(zh.invoicing.statuses.partly_paid);
  await shot(page, 'invoice-zh', 'zh-invoice');
  await page.keyboard.press('p');
  await expect(page.getByRole('dialog')).toContainText(zh.invoicing.recordPayment);
  await shot(page, 'payment-dialog-zh');
  await page.keyboard.press('Escape');

  await page.keyboard.press('Alt+B');
  await expect(page.getByRole('heading', { name: zh.reports.receivablesTitle })).toBeVisible();
  await expect(page.locator('[data-bucket="total"]')).toHaveText(m(invoice.balance!.amountDue + overdue.grossTotal, 'zh-CN'));
  await shot(page, 'receivables-zh');
  await page.keyboard.press('Alt+R');
  await expect(page.getByRole('heading', { name: zh.reports.title })).toBeVisible();
  await expect(page.getByTestId('report-exports')).toContainText(zh.reports.taxCsv);
  await shot(page, 'reports-zh', 'zh-reports');
  // F1 opens this part of the guide, in Chinese.
  await page.keyboard.press('F1');
  await expect(page.locator('.ant-drawer')).toContainText('发票、收款与报表');
  await page.keyboard.press('F1');

  await page.goto(`${server.url}/#/orders/${orderId}`);
  await expect(page.locator('[data-action="invoice"]')).toContainText(zh.invoicing.invoiceOrder);
  // Everything is invoiced now: a second invoice is refused in plain words and nothing changes.
  await page.keyboard.press('v');
  await expect(page.locator('.ant-message-notice')).toBeVisible();
  expect((await server.client.call('invoices.list', { orderId, kind: 'invoice', limit: 5 })).items).toHaveLength(1);
  expect(errors).toEqual([]);
});

test('an accountant reads and exports but takes no payment, issues no credit note and invoices no order', async ({ page }) => {
  const c = server.client;
  const role = (await c.call('roles.list', {})).items.find((r) => r.builtin === 'accountant')!;
  await c.call('users.create', { username: 'acc', displayName: 'Accountant', roleId: role.id, password: 'accountant-pass-1' });
  await signIn(page, server, { username: 'acc', password: 'accountant-pass-1' });
  await page.keyboard.press('Alt+V');
  await expect(page.getByRole('heading', { name: en.invoicing.title })).toBeVisible();
  const invoice = (await c.call('invoices.list', { kind: 'invoice', limit: 1 })).items[0]!;
  await page.goto(`${server.url}/#/invoices/${invoice.id}`);
  await expect(page.getByTestId('invoice-number')).toContainText(invoice.number);
  const actions = page.getByTestId('invoice-actions').locator('[data-action]');
  await expect(actions).toHaveCount(2);
  await expect(page.locator('[data-action="pdf"]')).toBeVisible();
  await expect(page.locator('[data-action="ubl"]')).toBeVisible();
  // P and C do nothing for someone who may not take payments or issue credit notes.
  await page.keyboard.press('p');
  await page.keyboard.press('c');
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await page.goto(`${server.url}/#/orders/${orderId}`);
  await expect(page.getByTestId('order-number')).toContainText(orderNumber);
  await expect(page.locator('[data-action="invoice"]')).toHaveCount(0);
  await page.keyboard.press('Alt+R');
  await expect(page.locator('[data-export="tax_summary"]')).toBeVisible();
});
