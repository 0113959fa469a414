import { expect, type Page } from '@playwright/test';
import { zh } from '../src/renderer/i18n/zh.ts';

/** What a barcode scanner does: the code typed fast, then Enter. */
export async function scan(page: Page, code: string): Promise<void> {
  await page.keyboard.type(code, { delay: 5 });
  await page.keyboard.press('Enter');
}

/** Alt+L from Home, as a Chinese-speaking user would, waiting until Home is in Chinese. */
export async function switchToChinese(page: Page): Promise<void> {
  await page.keyboard.press('Alt+L');
  await expect(page.getByRole('heading', { name: zh.home.title })).toBeVisible();
}
