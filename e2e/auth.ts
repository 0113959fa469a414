import { expect, type Page } from '@playwright/test';
import { en } from '../src/renderer/i18n/en.ts';
import { zh } from '../src/renderer/i18n/zh.ts';
import type { TestServer } from './server.ts';

/**
 * The one way every end-to-end spec signs in: the server's owner account (created by
 * startServer through first-run setup) typed into the sign-in screen, as a person would.
 * Works in either language. Pass another user's name and password to sign in as them.
 */
export async function signIn(page: Page, server: TestServer, who: { readonly username: string; readonly password: string } = server.owner): Promise<void> {
  await page.goto(server.url);
  const heading = page.getByRole('heading', { name: new RegExp(`^(${en.auth.signInTitle}|${zh.auth.signInTitle})$`) });
  await expect(heading).toBeVisible();
  const lang = (await page.locator('html').getAttribute('lang'))?.startsWith('zh') ? zh : en;
  await page.getByLabel(lang.auth.username, { exact: true }).fill(who.username);
  await page.getByLabel(lang.auth.password, { exact: true }).fill(who.password);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('signed-in-as')).toBeVisible();
}
