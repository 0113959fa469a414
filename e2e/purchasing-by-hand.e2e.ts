import { resolve } from 'node:path';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { en } from '../src/renderer/i18n/en.ts';
import { signIn } from './auth.ts';
import { pressUntil, scan } from './keyboard.ts';
import { startServer, type TestServer } from './server.ts';

/**
 * A purchase order drafted by hand, as the owner does it without touching the mouse: N on the
 * purchase orders, the supplier by type-ahead (Enter goes on to the product box), products by
 * barcode and by name, quantities and costs by Tab, Ctrl+S. Saving an empty form first shows
 * the ledger's refusals beside their fields. The draft is edited (E), sent (S), received by
 * scans, part of it sent back to the supplier (R), billed, paid, and the payment is found in
 * the supplier payments list. Every step is checked in the ledger through the API.
 */

const TEA = '6901234567892';
const m = en.purchasing;
const SHOTS = resolve(import.meta.dirname, '..', 'test-results');

/** Single letters are shortcuts outside fields: wait until the field has the cursor, then type. */
async function typeInto(page: Page, field: Locator, text: string) {
  await expect(field).toBeFocused();
  await page.keyboard.press('Control+A');
  await page.keyboard.type(text);
}

test.describe('purchasing by hand', () => {
  let server: TestServer;
  let ids: { main: string; tea: string; cup: string; supplier: string; other: string };

  test.beforeAll(async () => {
    server = await startServer();
    const api = server.client;
    const main = await api.call('warehouses.create', { code: 'MAIN', name: 'Main store' });
    const vat = await api.call('taxRates.create', { code: 'VAT13', name: 'VAT 13%', rateBp: 1300 });
    const tea = await api.call('products.create', { sku: 'TEA-100', name: 'Oolong tea 100 g', altName: '乌龙茶 100克', price: 4999, taxRateId: vat.id, barcodes: [TEA] });
    const cup = await api.call('products.create', { sku: 'CUP-200', name: 'Porcelain cup', price: 1250, taxRateId: vat.id });
    const supplier = await api.call('suppliers.create', { code: 'FUJIAN', name: 'Fujian Tea Co.', paymentTermsDays: 30 });
    const other = await api.call('suppliers.create', { code: 'ANHUI', name: 'Anhui Cups' });
    await api.call('supplierProducts.set', { supplierId: supplier.id, productId: tea.id, supplierSku: 'FJ-OOL-100', lastPrice: 1500 });
    ids = { main: main.id, tea: tea.id, cup: cup.id, supplier: supplier.id, other: other.id };
  });
  test.afterAll(async () => server?.stop());

  test('drafted with the keyboard, edited, sent, received, partly returned, billed and paid', async ({ page }) => {
    const api = server.client;
    await signIn(page, server);
    await page.keyboard.press('Alt+P');
    await expect(page).toHaveURL(/#\/purchasing\/orders$/);
    await expect(page.getByTestId('new-po').locator('[data-shortcut="n"]')).toBeVisible();

    // N opens the form with the cursor in the supplier.
    await page.keyboard.press('n');
    const form = page.getByRole('dialog');
    const supplier = form.getByRole('combobox', { name: m.supplier, exact: true });
    await expect(supplier).toBeFocused();

    // Saved empty (the warehouse defaults to the first one), the ledger refuses it naming the
    // supplier and the lines, shown beside them; nothing is written.
    await expect(form.getByText('MAIN · Main store')).toBeVisible();
    await page.keyboard.press('Control+s');
    await expect(form.locator('.ant-form-item-explain-error')).toHaveText([m.pickSupplier, m.noLines]);
    expect((await api.call('purchaseOrders.list', {})).items).toHaveLength(0);

    // The supplier by type-ahead; Enter moves on to the product box.
    await expect(supplier).toBeFocused();
    await page.keyboard.type('FUJ');
    await expect(page.locator('.ant-select-item-option-active', { hasText: 'FUJIAN' })).toBeVisible();
    await page.keyboard.press('Enter');
    const adder = form.getByTestId('product-adder');
    await expect(adder).toBeFocused();
    // A refusal's message goes once its field is changed; the others stay until then.
    await expect(form.locator('.ant-form-item-explain-error')).toHaveText([m.noLines]);

    // The tea by barcode, twice (two units), at the supplier's last price; the cup by name, without a price yet.
    await scan(page, TEA);
    await expect(form.getByLabel(`${m.ordered} TEA-100`)).toHaveValue('1');
    await expect(form.locator('.ant-form-item-explain-error')).toHaveCount(0);
    await scan(page, TEA);
    await expect(form.getByLabel(`${m.ordered} TEA-100`)).toHaveValue('2');
    await expect(form.getByLabel(`${m.unitCost} TEA-100`)).toHaveValue('15.00');
    await page.keyboard.type('Porcelain');
    await expect(form.locator('.ant-list-item', { hasText: 'CUP-200' })).toBeVisible();
    await page.keyboard.press('Enter');
    await expect(form.getByLabel(`${m.ordered} CUP-200`)).toHaveValue('1');
    await expect(form.getByLabel(`${m.unitCost} CUP-200`)).toHaveValue('');
    await expect(form.getByTestId('po-form-total')).toContainText('30.00');

    // Tab walks the lines: 10 teas, 24 cups at 4.00 each; the total follows.
    await page.keyboard.press('Tab');
    await typeInto(page, form.getByLabel(`${m.ordered} TEA-100`), '10');
    await page.keyboard.press('Tab');
    await expect(form.getByLabel(`${m.unitCost} TEA-100`)).toBeFocused();
    await page.keyboard.press('Tab');
    await expect(form.getByRole('button', { name: `${m.remove} TEA-100` })).toBeFocused();
    await page.keyboard.press('Tab');
    await typeInto(page, form.getByLabel(`${m.ordered} CUP-200`), '24');
    await page.keyboard.press('Tab');
    await typeInto(page, form.getByLabel(`${m.unitCost} CUP-200`), '4.00');
    await expect(form.getByTestId('po-amount-CUP-200')).toContainText('96.00');
    await expect(form.getByTestId('po-form-total')).toContainText('246.00');
    await page.mouse.move(0, 0);
    await page.screenshot({ path: resolve(SHOTS, 'purchase-order-form.png') });

    // Ctrl+S saves the draft and opens it.
    await page.keyboard.press('Control+s');
    await expect(page.getByTestId('po-number')).toContainText(m.status.draft);
    const list = await api.call('purchaseOrders.list', { supplierId: ids.supplier });
    expect(list.items).toHaveLength(1);
    const poId = list.items[0]!.id;
    expect(page.url()).toContain(`#/purchasing/po/${poId}`);
    const drafted = await api.call('purchaseOrders.get', { id: poId });
    expect(drafted).toMatchObject({ status: 'draft', warehouseId: ids.main, total: 24600 });
    expect(drafted.lines.map((l) => [l.sku, l.quantity, l.unitCost])).toEqual([['TEA-100', 10, 1500], ['CUP-200', 24, 400]]);

    // E edits the draft: the supplier and warehouse stay, the cursor starts in the product box.
    await expect(page.getByTestId('po-edit').locator('[data-shortcut="e"]')).toBeVisible();
    await page.keyboard.press('e');
    await expect(form.getByTestId('product-adder')).toBeFocused();
    await expect(form.getByRole('combobox', { name: m.supplier, exact: true })).toBeDisabled();
    await page.keyboard.press('Tab');
    await typeInto(page, form.getByLabel(`${m.ordered} TEA-100`), '12');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await typeInto(page, form.getByLabel(`${m.unitCost} CUP-200`), '4.50');
    await expect(form.getByTestId('po-form-total')).toContainText('288.00');
    await page.mouse.move(0, 0);
    await page.screenshot({ path: resolve(SHOTS, 'purchase-order-edit.png') });
    await page.keyboard.press('Control+s');
    await expect(page.getByRole('dialog')).toHaveCount(0);
    await expect(page.getByTestId('po-lines')).toContainText('4.50');
    const edited = await api.call('purchaseOrders.get', { id: poId });
    expect(edited).toMatchObject({ number: drafted.number, status: 'draft', total: 28800 });
    expect(edited.lines.map((l) => [l.sku, l.quantity, l.unitCost])).toEqual([['TEA-100', 12, 1500], ['CUP-200', 24, 450]]);

    // S sends it; the whole delivery is scanned in.
    await page.keyboard.press('s');
    await expect(page.getByTestId('po-number')).toContainText(m.status.sent);
    await expect(page.getByTestId('receive-scan')).toBeFocused();
    await scan(page, '12*TEA-100');
    await scan(page, '24*CUP-200');
    await expect(page.getByTestId('scanned-TEA-100')).toHaveText('12');
    await expect(page.getByTestId('scanned-CUP-200')).toHaveText('24');
    await page.keyboard.press('Control+Enter');
    await expect(page.getByTestId('po-number')).toContainText(m.status.received);
    await expect(page.getByTestId('receive-panel')).toHaveCount(0);

    // R: two cups go back. Too many is refused on the spot; no reason is refused by the ledger, beside the field.
    await expect(page.getByTestId('po-return').locator('[data-shortcut="r"]')).toBeVisible();
    await page.keyboard.press('r');
    const dialog = page.getByRole('dialog');
    await expect(dialog.getByRole('combobox', { name: m.product })).toBeFocused();
    await page.keyboard.type('CUP');
    await expect(page.locator('.ant-select-item-option-active', { hasText: 'CUP-200' })).toBeVisible();
    await page.keyboard.press('Enter');
    const qty = dialog.getByLabel(m.quantity, { exact: true });
    await typeInto(page, qty, '30');
    await page.keyboard.press('Control+Enter');
    await expect(dialog.locator('.ant-form-item-explain-error')).toHaveText([m.returnAtMost.replace('{{qty}}', '24')]);
    await typeInto(page, qty, '2');
    await page.keyboard.press('Control+Enter');
    await expect(dialog.locator('.ant-form-item-explain-error')).toHaveText([en.errors.invalid]);
    expect((await api.call('purchaseOrders.get', { id: poId })).receipts[0]!.lines.map((l) => l.returnedQty)).toEqual([0, 0]);
    await page.keyboard.press('Tab');
    await typeInto(page, dialog.getByLabel(m.reason, { exact: true }), 'chipped rims');
    await page.keyboard.press('Control+Enter');
    await expect(page.getByRole('dialog')).toHaveCount(0);
    const returned = await api.call('purchaseOrders.get', { id: poId });
    await expect(page.getByTestId(`returned-${returned.receipts[0]!.number}`)).toHaveText('CUP-200 × 2');
    expect(returned.receipts[0]!.lines.map((l) => [l.sku, l.quantity, l.returnedQty])).toEqual([['TEA-100', 12, 0], ['CUP-200', 24, 2]]);
    expect((await api.call('stock.position', { productId: ids.cup, warehouseId: ids.main })).items[0]).toMatchObject({ onHand: 22, expected: 0 });

    // The bill covers what was kept: 12 teas at 15.00 and 22 cups at 4.50 match the deliveries.
    await page.keyboard.press('Alt+P');
    await expect(page).toHaveURL(/#\/purchasing\/orders$/);
    // The tab letter works once the screen has the keyboard (the return dialog has just closed):
    // press it again until the bills tab is there, as a person would.
    await pressUntil(page, 'b', () => expect(page.getByTestId('new-bill')).toBeVisible({ timeout: 1000 }));
    await page.keyboard.press('n');
    await expect(page.getByLabel(m.supplier, { exact: true })).toBeFocused();
    await page.keyboard.type('FUJIAN');
    // Enter picks the highlighted option, so wait for the search to offer it, as a person would.
    await expect(page.locator('.ant-select-item-option-active', { hasText: 'FUJIAN' })).toBeVisible();
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('bill-lines')).toContainText(returned.receipts[0]!.number);
    await page.getByTestId('bill-ref').fill('FJ-2001');
    await page.keyboard.press('Control+Enter');
    await expect(page.getByTestId('bill-matched')).toBeVisible();
    const bills = await api.call('supplierBills.list', { supplierId: ids.supplier });
    expect(bills.items.map((b) => [b.total, b.amountDue, b.flagged])).toEqual([[12 * 1500 + 22 * 450, 27900, false]]);
    const bill = bills.items[0]!;

    // Paid in full from the bill.
    await page.getByTestId(`pay-${bill.number}`).click();
    await expect(page.getByTestId('pay-amount')).toHaveValue('279.00');
    await page.keyboard.press('Control+Enter');
    await expect(page.getByTestId(`pay-${bill.number}`)).toHaveCount(0);

    // M: the payment is in the supplier payments list with the bill it paid; the other supplier has none.
    await expect(page.getByTestId('tab-payments').locator('[data-shortcut="m"]')).toBeVisible();
    await pressUntil(page, 'm', () => expect(page).toHaveURL(/#\/purchasing\/payments$/, { timeout: 1000 }));
    const payments = await api.call('supplierPayments.list', { supplierId: ids.supplier });
    expect(payments.items.map((p) => [p.amount, p.method, p.unallocated, p.allocations.map((a) => [a.billNumber, a.amount])])).toEqual([[27900, 'bank_transfer', 0, [[bill.number, 27900]]]]);
    const row = page.getByTestId('payments').getByRole('row', { name: new RegExp(payments.items[0]!.number) });
    await expect(row).toContainText('Fujian Tea Co.');
    await expect(row).toContainText(bill.number);
    await expect(row).toContainText('279.00');
    await expect(row).toContainText(m.methods.bank_transfer);
    await page.getByRole('combobox', { name: m.supplier, exact: true }).click();
    await page.locator('.ant-select-item-option', { hasText: 'ANHUI' }).click();
    await expect(page.getByTestId('payments')).toContainText(m.noPayments);
    expect((await api.call('supplierPayments.list', { supplierId: ids.other })).items).toEqual([]);
  });
});
