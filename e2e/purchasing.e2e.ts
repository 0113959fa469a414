import { join, resolve } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { en } from '../src/renderer/i18n/en.ts';
import { zh } from '../src/renderer/i18n/zh.ts';
import { pdfText } from '../tests/pdf-tools.ts';
import { signIn } from './auth.ts';
import { pressUntil, scan } from './keyboard.ts';
import { startServer, type TestServer } from './server.ts';

/**
 * Buying, as the owner does it with keyboard and scanner: the low-stock alert on Home leads to
 * the purchase suggestions, which draft a purchase order; it is sent (its PDF read back), half
 * the delivery is scanned in (an unknown code refused), the rest typed in later with one unit
 * too many; the supplier's bill is matched against both deliveries with a price difference
 * flagged, then paid, and the payables report follows every step. Each step is checked on the
 * screen and in the ledger through the API. Screenshots go to docs/guide/images.
 */

const IMAGES = resolve(import.meta.dirname, '..', 'docs', 'guide', 'images');
const TEA = '6901234567892';
const m = en.purchasing;

async function shot(page: Page, name: string) {
  await page.mouse.move(0, 0);
  await expect(page.locator('.ant-message-notice')).toHaveCount(0, { timeout: 8000 });
  await page.waitForTimeout(200);
  await page.screenshot({ path: join(IMAGES, `${name}.png`), fullPage: true });
}

test.describe('purchasing', () => {
  let server: TestServer;
  let ids: { main: string; tea: string; supplier: string };

  test.beforeAll(async () => {
    server = await startServer();
    const api = server.client;
    const main = await api.call('warehouses.create', { code: 'MAIN', name: 'Main store' });
    const vat = await api.call('taxRates.create', { code: 'VAT13', name: 'VAT 13%', rateBp: 1300 });
    const tea = await api.call('products.create', { sku: 'TEA-100', name: 'Oolong tea 100 g', altName: '乌龙茶 100克', price: 4999, taxRateId: vat.id, barcodes: [TEA] });
    await api.call('products.create', { sku: 'CUP-200', name: 'Porcelain cup', price: 1250, taxRateId: vat.id });
    await api.call('stock.receive', { warehouseId: main.id, lines: [{ productId: tea.id, quantity: 2 }] });
    await api.call('locations.set', { productId: tea.id, warehouseId: main.id, bin: 'A-01', reorderPoint: 5, reorderQty: 10 });
    const supplier = await api.call('suppliers.create', { code: 'FUJIAN', name: 'Fujian Tea Co.', paymentTermsDays: 30 });
    await api.call('supplierProducts.set', { supplierId: supplier.id, productId: tea.id, supplierSku: 'FJ-OOL-100', lastPrice: 1500, minOrderQty: 6, packSize: 5, preferred: true });
    ids = { main: main.id, tea: tea.id, supplier: supplier.id };
  });
  test.afterAll(async () => server?.stop());

  test('from a low-stock alert to a paid bill, in English', async ({ page }) => {
    const api = server.client;
    const position = async () => (await api.call('stock.position', { productId: ids.tea, warehouseId: ids.main })).items[0]!;
    const owed = async () => (await api.call('reports.payables', {})).totals.total;
    await signIn(page, server);
    expect(await owed()).toBe(0);

    // Home: the alert, and the way from it to what to order.
    await expect(page.getByTestId('low-stock-alert')).toContainText(en.lowStock.alert.replace('{{count}}', '1'));
    await page.getByTestId('low-stock-order').click();
    await expect(page).toHaveURL(/#\/purchasing\/suggestions$/);
    const suggestion = page.getByRole('row', { name: /TEA-100/ });
    // need 5 − 2 + 1 = 4 → one reorder quantity (10), at least 6, whole packs of 5 → 10.
    await expect(suggestion).toContainText('10');
    await expect(suggestion).toContainText('Fujian Tea Co.');
    await shot(page, 'en-purchasing-suggestions');

    // Ctrl+Enter drafts one order per supplier and warehouse.
    await page.keyboard.press('Control+Enter');
    await expect(page.getByTestId('drafted')).toContainText('Fujian Tea Co.');
    const pos = await api.call('purchaseOrders.list', { supplierId: ids.supplier });
    expect(pos.items).toHaveLength(1);
    const po = pos.items[0]!;
    expect(po.status).toBe('draft');
    expect(po.total).toBe(15000);
    await page.getByTestId('drafted').getByRole('link', { name: po.number }).click();
    await expect(page.getByTestId('po-number')).toContainText(po.number);
    await expect(page.getByTestId('po-number')).toContainText(m.status.draft);

    // S sends it: the ten are now expected beside on hand.
    await page.keyboard.press('s');
    await expect(page.getByTestId('po-number')).toContainText(m.status.sent);
    expect((await api.call('purchaseOrders.get', { id: po.id })).status).toBe('sent');
    expect(await position()).toMatchObject({ onHand: 2, expected: 10 });

    // P previews the PDF; the same bytes read back name the order, supplier and their SKU.
    await page.keyboard.press('Escape');
    await page.goto(`${server.url}/#/purchasing/po/${po.id}`);
    await expect(page.getByTestId('receive-scan')).toBeFocused();
    await page.getByTestId('po-number').click();
    await page.keyboard.press('p');
    const frame = page.getByTestId('document-frame');
    await expect(frame).toBeVisible();
    const src = (await frame.getAttribute('src'))!;
    expect(src).toContain(`/documents/purchase-order/${po.id}.pdf`);
    const pdf = await page.request.get(new URL(src, server.url).toString());
    expect(pdf.status()).toBe(200);
    const text = pdfText(await pdf.body());
    expect(text).toContain(po.number);
    expect(text).toContain('Fujian Tea Co.');
    expect(text).toContain('FJ-OOL-100');
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('document-frame')).toHaveCount(0);

    // The first delivery, scanned: four single scans and "2*SKU"; an unknown code is refused.
    await page.getByTestId('delivery-ref').fill('DN-0001');
    await page.getByTestId('receive-scan').click();
    for (let i = 0; i < 4; i++) await scan(page, TEA);
    await scan(page, '2*TEA-100');
    await scan(page, '4006381333931');
    await expect(page.getByTestId('receive-feedback')).toContainText(m.unknownCode.replace('{{code}}', '4006381333931'));
    await expect(page.getByTestId('scanned-TEA-100')).toHaveText('6');
    await expect(page.getByTestId('note-TEA-100')).toHaveText(m.shortNote.replace('{{qty}}', '4'));
    await shot(page, 'en-purchasing-receive');
    await page.keyboard.press('Control+Enter');
    await expect(page.getByTestId('po-number')).toContainText(m.status.partially_received);
    await expect(page.getByTestId('po-receipts')).toContainText('DN-0001');
    expect(await position()).toMatchObject({ onHand: 8, expected: 4 });

    // Later: the rest comes with one too many, typed in; the screen warns before it is received.
    await page.reload();
    await page.getByTestId('delivery-ref').fill('DN-0002');
    await page.getByLabel(`${m.typed} TEA-100`).fill('5');
    await expect(page.getByTestId('note-TEA-100')).toHaveText(m.overNote.replace('{{qty}}', '1'));
    await page.keyboard.press('Control+Enter');
    await expect(page.getByTestId('po-number')).toContainText(m.status.received);
    await expect(page.getByTestId('po-lines')).toContainText('+1');
    const received = await api.call('purchaseOrders.get', { id: po.id });
    expect(received.lines[0]).toMatchObject({ receivedQty: 11, expectedQty: 0, overQty: 1 });
    expect(received.receipts.map((r) => r.deliveryRef)).toEqual(['DN-0001', 'DN-0002']);
    expect(await position()).toMatchObject({ onHand: 13, expected: 0 });
    await shot(page, 'en-purchasing-order');

    // The bill: both deliveries, the second billed at 16.00 instead of 15.00 — flagged.
    await page.keyboard.press('Alt+P');
    await expect(page).toHaveURL(/#\/purchasing\/orders$/);
    await pressUntil(page, 'b', () => expect(page).toHaveURL(/#\/purchasing\/bills$/, { timeout: 1000 }));
    await expect(page.getByTestId('new-bill')).toBeVisible();
    await page.keyboard.press('n');
    // The bill's supplier field has the cursor before anything is typed: letters on the list are shortcuts.
    await expect(page.getByLabel(m.supplier, { exact: true })).toBeFocused();
    await page.keyboard.type('FUJIAN');
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('bill-lines')).toContainText(received.receipts[0]!.number);
    await page.getByTestId('bill-ref').fill('FJ-INV-778');
    await page.getByLabel(`${m.billPrice} TEA-100`).nth(1).fill('16.00');
    await page.keyboard.press('Control+Enter');
    await expect(page.getByTestId('bill-flagged')).toBeVisible();
    await expect(page.getByTestId('bill-card')).toContainText(m.flags.price_higher);
    const bills = await api.call('supplierBills.list', { supplierId: ids.supplier });
    expect(bills.items).toHaveLength(1);
    const bill = await api.call('supplierBills.get', { id: bills.items[0]!.id });
    expect(bill).toMatchObject({ total: 6 * 1500 + 5 * 1600, matchedCost: 11 * 1500, flagged: true, amountDue: 17000 });
    expect(bill.lines.map((l) => l.flags)).toEqual([[], ['price_higher']]);
    await shot(page, 'en-purchasing-bill');

    // Payables now show what is owed.
    expect(await owed()).toBe(17000);
    await page.keyboard.press('y');
    await expect(page.getByTestId('payables-total')).toContainText('170.00');
    await expect(page.getByTestId('payables')).toContainText('Fujian Tea Co.');
    await shot(page, 'en-purchasing-payables');

    // Pay it in full; the bill is settled and nothing is owed any more.
    await page.keyboard.press('b');
    await page.getByTestId(`pay-${bill.number}`).click();
    await expect(page.getByTestId('pay-amount')).toHaveValue('170.00');
    await page.keyboard.press('Control+Enter');
    await expect(page.getByTestId(`pay-${bill.number}`)).toHaveCount(0);
    expect((await api.call('supplierBills.get', { id: bill.id })).amountDue).toBe(0);
    expect(await owed()).toBe(0);
    await page.keyboard.press('y');
    await expect(page.getByTestId('payables-total')).toContainText('0.00');
    await expect(page.getByTestId('payables')).toContainText(m.noPayables);
  });

  test('the screens in Chinese', async ({ page }) => {
    await signIn(page, server);
    await page.keyboard.press('Alt+L');
    await page.keyboard.press('Alt+P');
    await expect(page.getByRole('heading', { name: zh.purchasing.title })).toBeVisible();
    await expect(page.getByTestId('tab-orders')).toContainText(zh.purchasing.tabs.orders);
    await shot(page, 'zh-purchasing-orders');
    await page.keyboard.press('u');
    await expect(page.getByRole('row', { name: /FUJIAN/ })).toBeVisible();
    await page.getByRole('row', { name: /FUJIAN/ }).click();
    await expect(page.getByRole('dialog')).toContainText(zh.purchasing.catalog);
    await expect(page.getByRole('dialog')).toContainText('FJ-OOL-100');
    await shot(page, 'zh-purchasing-supplier');
    await page.keyboard.press('Escape');
    await page.keyboard.press('y');
    await expect(page.getByTestId('payables')).toContainText(zh.purchasing.payables);
    await page.keyboard.press('b');
    await expect(page.getByTestId('tab-bills')).toContainText(zh.purchasing.tabs.bills);
    await shot(page, 'zh-purchasing-bills');
    await page.keyboard.press('Alt+L');
  });
});
