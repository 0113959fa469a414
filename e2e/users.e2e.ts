import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { expect, test } from '@playwright/test';
import { en } from '../src/renderer/i18n/en.ts';
import { signIn } from './auth.ts';
import { startServer, type TestServer } from './server.ts';

/**
 * People in the shop: the first start asks for the owner's account; the owner adds a sales
 * clerk on the Users screen; the clerk signs in and sees neither Users nor the buttons for
 * what a sales clerk may not do. Screenshots go to test-results/users.
 */

const SHOTS = resolve(import.meta.dirname, '..', 'test-results', 'users');
mkdirSync(SHOTS, { recursive: true });

test.describe('first start', () => {
  let server: TestServer;
  test.beforeAll(async () => {
    server = await startServer({ setup: false });
  });
  test.afterAll(async () => server?.stop());

  test("asks for the owner's account, then opens the app", async ({ page }) => {
    await page.goto(server.url);
    await expect(page.getByRole('heading', { name: en.auth.setupTitle })).toBeVisible();
    await expect(page.getByLabel(en.auth.displayName, { exact: true })).toBeFocused();
    await page.keyboard.type('Mei Lin');
    await page.getByLabel(en.auth.username, { exact: true }).fill('mei');
    await page.getByLabel(en.auth.password, { exact: true }).fill('short');
    await page.getByLabel(en.auth.passwordRepeat, { exact: true }).fill('short');
    await page.keyboard.press('Enter');
    // The contract's rule comes back on the field.
    await expect(page.getByText(en.errors.invalid)).toBeVisible();
    await page.getByLabel(en.auth.password, { exact: true }).fill('a long enough password');
    await page.getByLabel(en.auth.passwordRepeat, { exact: true }).fill('a long enough password');
    await page.screenshot({ path: join(SHOTS, 'setup.png') });
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('signed-in-as')).toContainText('Mei Lin');
    await expect(page.getByRole('heading', { name: en.home.title })).toBeVisible();
  });
});

test.describe('users and roles', () => {
  let server: TestServer;
  test.beforeAll(async () => {
    server = await startServer();
  });
  test.afterAll(async () => server?.stop());

  test('the owner adds a clerk, who sees only what a clerk may do', async ({ page }) => {
    // A wrong password is refused in plain words, and nothing opens.
    await page.goto(server.url);
    await page.getByLabel(en.auth.username, { exact: true }).fill(server.owner.username);
    await page.getByLabel(en.auth.password, { exact: true }).fill('not the password');
    await page.keyboard.press('Enter');
    await expect(page.getByRole('alert')).toContainText(en.auth.wrong);
    await page.screenshot({ path: join(SHOTS, 'sign-in.png') });

    await signIn(page, server);
    await page.keyboard.press('Alt+0');
    await expect(page.getByRole('heading', { name: en.users.title })).toBeVisible();
    await expect(page.getByTestId('roles-table')).toContainText(en.users.builtin.accountant);
    await page.keyboard.press('n');
    const dialog = page.getByRole('dialog');
    await expect(dialog.getByLabel(en.users.name, { exact: true })).toBeFocused();
    await page.keyboard.type('Chen Yu');
    await dialog.getByLabel(en.users.username, { exact: true }).fill('chen');
    await dialog.getByLabel(en.users.firstPassword, { exact: true }).fill('clerk password 1');
    await page.keyboard.press('Control+Enter');
    await expect(dialog).toBeHidden();
    await expect(page.getByTestId('users-table')).toContainText('chen');
    await expect(page.getByTestId('users-table')).toContainText(en.users.builtin.sales_clerk);
    await page.screenshot({ path: join(SHOTS, 'users.png'), fullPage: true });

    await page.getByTestId('sign-out').click();
    await signIn(page, server, { username: 'chen', password: 'clerk password 1' });
    await expect(page.getByTestId('signed-in-as')).toContainText('Chen Yu');
    const menu = page.getByRole('menu');
    await expect(menu).toContainText(en.nav.orders);
    await expect(menu).not.toContainText(en.nav.users);
    // Alt+0 does nothing for a clerk; Products shows no "New product".
    await page.keyboard.press('Alt+0');
    await expect(page.getByRole('heading', { name: en.users.title })).toHaveCount(0);
    await page.keyboard.press('Alt+4');
    await expect(page.getByRole('heading', { name: en.products.title })).toBeVisible();
    await expect(page.getByRole('button', { name: en.products.newProduct })).toHaveCount(0);
    // The server refuses what the UI hides: the clerk's session cannot list users.
    const status = await page.evaluate(async () => (await fetch('/api/v1/users.list', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).status);
    expect(status).toBe(403);
  });
});
