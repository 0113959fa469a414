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

/**
 * Presses a tab letter until `arrived` holds. A screen takes its shortcuts once it has drawn;
 * a letter typed in the instant after a navigation or a closing dialog can come before that,
 * and a person then presses it again. Only for keys that are harmless to repeat.
 */
export async function pressUntil(page: Page, key: string, arrived: () => Promise<void>): Promise<void> {
  await expect(async () => {
    await page.keyboard.press(key);
    await arrived();
  }).toPass({ timeout: 15_000 });
}
