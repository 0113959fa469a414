import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { en } from '../src/renderer/i18n/en.ts';
import { zh } from '../src/renderer/i18n/zh.ts';
import { signIn } from './auth.ts';
import { startServer, type TestServer } from './server.ts';

/**
 * The import screen, keyboard first: open it with Alt+I, choose a file with F, map the file's
 * own column names to our fields, save the mapping as a preset, check it with a dry run (the
 * problems listed by row and column, nothing written), then import the valid rows.
 */

const IMAGES = resolve(import.meta.dirname, '..', 'docs', 'guide', 'images');
mkdirSync(IMAGES, { recursive: true });

const CSV = ['Order No,Customer Mail,Item,Qty', 'W-1,alice@example.com,LJ-100,2', 'W-2,bob@example.com,NOPE-1,1', 'W-3,carol@example.com,LJ-100,two'].join('\r\n');

/** Picks a column for a field in the mapping table by typing into its searchable select. */
async function mapField(page: Page, fieldLabel: string, column: string) {
  const select = page.getByLabel(fieldLabel, { exact: true });
  await select.focus();
  await page.keyboard.type(column);
  await expect(page.locator('.ant-select-dropdown:visible .ant-select-item-option-active')).toContainText(column);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('mapping-table').locator('.ant-table-row', { hasText: fieldLabel }).first()).toContainText(column);
}

test.describe('import screen', () => {
  let server: TestServer;

  test.beforeAll(async () => {
    server = await startServer();
    await server.client.call('warehouses.create', { code: 'MAIN', name: 'Main store' });
    const vat = await server.client.call('taxRates.create', { code: 'VAT13', name: 'VAT 13%', rateBp: 1300 });
    await server.client.call('products.create', { sku: 'LJ-100', name: 'Longjing 100 g', price: 8800, taxRateId: vat.id });
  });
  test.afterAll(async () => server?.stop());

  test('choose a file, map its columns, save the mapping, dry run, import the valid rows', async ({ page }) => {
    const m = en;
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await signIn(page, server);
    await expect(page.getByRole('heading', { name: en.home.title })).toBeVisible();
    await page.keyboard.press('Alt+i');
    await expect(page.getByRole('heading', { name: m.import.title })).toBeVisible();

    const chooser = page.waitForEvent('filechooser');
    await page.locator('body').click({ position: { x: 600, y: 700 } });
    await page.keyboard.press('f');
    await (await chooser).setFiles({ name: 'web-orders.csv', mimeType: 'text/csv', buffer: Buffer.from(CSV) });

    const preview = page.getByTestId('preview-table');
    await expect(preview).toContainText('Customer Mail');
    await expect(preview).toContainText('alice@example.com');
    await expect(page.getByText(m.import.missing.split(':')[0]!)).toBeVisible();

    await mapField(page, m.import.fields.externalRef, 'Order No');
    await mapField(page, m.import.fields.email, 'Customer Mail');
    await mapField(page, m.import.fields.sku, 'Item');
    await mapField(page, m.import.fields.quantity, 'Qty');
    await expect(page.getByText(m.import.missing.split(':')[0]!)).toHaveCount(0);

    await page.getByLabel(m.import.presetName).fill('web-orders');
    await page.keyboard.press('Enter');
    await expect(page.getByText(m.import.presetSaved.replace('{{name}}', 'web-orders'))).toBeVisible();
    const saved = await server.client.call('imports.listPresets', { kind: 'orders' });
    expect(saved.items.find((p) => p.name === 'web-orders')?.definition.columns).toMatchObject({ externalRef: 'Order No', sku: 'Item', quantity: 'Qty', email: 'Customer Mail' });

    await page.keyboard.press('Control+Enter');
    const problems = page.getByTestId('problems-table');
    await expect(problems.locator('.ant-table-row')).toHaveCount(2);
    await expect(problems.locator('.ant-table-row').nth(0)).toContainText('3');
    await expect(problems.locator('.ant-table-row').nth(0)).toContainText('Item');
    await expect(problems.locator('.ant-table-row').nth(0)).toContainText('unknown SKU NOPE-1');
    await expect(problems.locator('.ant-table-row').nth(1)).toContainText('Qty');
    await expect(page.getByTestId('import-report')).toContainText(m.import.nothingWritten);
    expect((await server.client.call('orders.list', { limit: 10 })).items).toHaveLength(0);
    await page.mouse.move(0, 0);
    await page.screenshot({ path: join(IMAGES, 'en-import.png'), fullPage: true });

    await page.getByRole('button', { name: m.import.importValid }).click();
    await expect(page.getByTestId('import-report')).toContainText(m.import.imported.replace('{{created}}', '1').replace('{{skipped}}', '0').replace('{{refused}}', '2'));
    const orders = await server.client.call('orders.list', { limit: 10 });
    expect(orders.items.map((o) => o.externalRef)).toEqual(['W-1']);

    // The same screen in Chinese: the saved preset is offered and fits the file.
    await page.keyboard.press('Alt+l');
    await expect(page.getByRole('heading', { name: zh.import.title })).toBeVisible();
    await expect(page.getByTestId('mapping-table')).toContainText(zh.import.fields.externalRef);
    await page.getByLabel(zh.import.preset).focus();
    await page.keyboard.press('Enter');
    await expect(page.locator('.ant-select-dropdown:visible')).toContainText(`web-orders · ${zh.import.fits}`);
    await page.keyboard.press('Escape');
    await page.mouse.move(0, 0);
    await page.screenshot({ path: join(IMAGES, 'zh-import.png'), fullPage: true });
    expect(errors).toEqual([]);
  });
});
