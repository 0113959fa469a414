import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, test } from '@playwright/test';
import { en } from '../src/renderer/i18n/en.ts';
import { zh } from '../src/renderer/i18n/zh.ts';
import { signIn } from './auth.ts';
import { startServer, type TestServer } from './server.ts';

/**
 * Settings: the station's printers as a browser sees them (no printer list: the print dialog),
 * and backups: folder, schedule and rotation saved, a backup taken now and listed with its size,
 * restore checked and confirmed by typing; a clerk without settings.write does not see backups.
 */

const IMAGES = resolve(import.meta.dirname, '..', 'docs', 'guide', 'images');
const fill = (text: string, values: Record<string, string | number>) => text.replace(/{{(\w+)}}/g, (_, k: string) => String(values[k]));

let server: TestServer;
let usb: string;
test.beforeAll(async () => {
  server = await startServer();
  usb = mkdtempSync(join(tmpdir(), 'shopledger-e2e-usb-'));
  const api = server.client;
  await api.call('warehouses.create', { code: 'MAIN', name: 'Main store' });
  const vat = await api.call('taxRates.create', { code: 'VAT13', name: 'VAT 13%', rateBp: 1300 });
  await api.call('products.create', { sku: 'TEA-100', name: 'Oolong tea', price: 4999, taxRateId: vat.id });
  await api.call('customers.create', { name: '王秀英' });
});
test.afterAll(async () => {
  await server?.stop();
  rmSync(usb, { recursive: true, force: true });
});

test('printers in browser mode and backups: settings saved, back up now, restore checked and confirmed', async ({ page }) => {
  const api = server.client;
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await signIn(page, server);
  await page.keyboard.press('Alt+7');
  await expect(page.getByRole('heading', { name: en.settings.title })).toBeVisible();

  // A browser cannot list printers: said so, and every kind prints through the dialog.
  await expect(page.getByTestId('printers-note')).toContainText(en.printers.browserNote);
  await expect(page.getByTestId('printer-invoice')).toContainText(en.printers.dialog);
  await page.getByTestId('printer-shipping-label').click();
  await expect(page.locator('.ant-select-dropdown:visible .ant-select-item-option')).toHaveText([en.printers.dialog]);
  await page.keyboard.press('Escape');

  // Backups: nothing before a folder is chosen.
  const card = page.getByTestId('backups-card');
  await expect(card).toContainText(en.backups.noFolder);
  await card.getByLabel(en.backups.folder, { exact: true }).fill('relative/folder');
  await card.getByRole('button', { name: en.backups.save }).click();
  await expect(card.locator('.ant-form-item-explain-error')).toHaveText(en.errors.invalid);
  expect((await api.call('backups.settings', {})).folder).toBeNull();

  await card.getByLabel(en.backups.folder, { exact: true }).fill(usb);
  await card.getByLabel(en.backups.keepDaily, { exact: true }).fill('5');
  await card.getByLabel(en.backups.keepMonthly, { exact: true }).fill('3');
  await card.getByRole('button', { name: en.backups.save }).click();
  await expect(page.locator('.ant-message-notice')).toContainText(en.backups.saved);
  expect(await api.call('backups.settings', {})).toMatchObject({ folder: usb, keepDaily: 5, keepMonthly: 3, everyHours: 24 });

  const seqAtBackup = (await api.call('journal.list', { limit: 1 })).items[0]!.seq;
  await card.getByRole('button', { name: en.backups.now }).click();
  await expect(card.getByTestId('backups-list').locator('tbody tr.ant-table-row')).toHaveCount(1);
  const files = readdirSync(usb);
  expect(files).toHaveLength(1);
  const listed = await api.call('backups.list', {});
  expect(listed.items).toEqual([expect.objectContaining({ name: files[0], bytes: statSync(join(usb, files[0]!)).size })]);
  await expect(page.locator('.ant-message-notice').last()).toContainText(files[0]!);
  await page.mouse.move(0, 0);
  await expect(page.locator('.ant-message-notice')).toHaveCount(0, { timeout: 8000 });
  await page.screenshot({ path: join(IMAGES, 'en-settings-printers-backups.png'), fullPage: true });

  // Restore: checked first, what it holds is shown, and it needs the word typed.
  await card.getByRole('button', { name: en.backups.restore }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByTestId('restore-summary')).toHaveText(fill(en.backups.restoreSummary, { orders: 0, products: 1, customers: 1, seq: seqAtBackup }));
  const ok = dialog.getByRole('button', { name: en.backups.restoreDo });
  await expect(ok).toBeDisabled();
  await dialog.getByRole('textbox').fill('restore');
  await expect(ok).toBeDisabled();
  await dialog.getByRole('textbox').fill(en.backups.restoreWord);
  await page.screenshot({ path: join(IMAGES, 'en-backup-restore.png') });
  await ok.click();
  await expect(page.locator('.ant-message-notice')).toContainText(en.backups.pending);

  // The same screen in Chinese.
  await page.keyboard.press('Alt+L');
  await expect(page.getByRole('heading', { name: zh.settings.title })).toBeVisible();
  await expect(page.getByTestId('printers-note')).toContainText(zh.printers.browserNote);
  await page.mouse.move(0, 0);
  await expect(page.locator('.ant-message-notice')).toHaveCount(0, { timeout: 12000 });
  await page.screenshot({ path: join(IMAGES, 'zh-settings-printers-backups.png'), fullPage: true });
  expect(errors).toEqual([]);
});

test('a clerk who may not change settings sees no backups section', async ({ page }) => {
  const api = server.client;
  const role = (await api.call('roles.list', {})).items.find((r) => r.builtin === 'warehouse_clerk')!;
  expect(role.permissions).toContain('settings.read');
  expect(role.permissions).not.toContain('settings.write');
  await api.call('users.create', { username: 'clerk', displayName: 'Clerk', password: 'clerk-password-123', roleId: role.id });
  await signIn(page, server, { username: 'clerk', password: 'clerk-password-123' });
  await page.keyboard.press('Alt+7');
  await expect(page.getByRole('heading', { name: en.settings.title })).toBeVisible();
  await expect(page.getByTestId('printers-card')).toBeVisible();
  await expect(page.getByTestId('backups-card')).toHaveCount(0);
});
