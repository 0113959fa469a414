import { join, resolve } from 'node:path';
import { expect, test } from '@playwright/test';
import { en, type Messages } from '../src/renderer/i18n/en.ts';
import { zh } from '../src/renderer/i18n/zh.ts';
import { signIn } from './auth.ts';
import { scan, switchToChinese } from './keyboard.ts';
import { startServer, type TestServer } from './server.ts';

/**
 * A stock count by scanner and keyboard: a sheet for a bin range, items scanned (one bulk
 * entry "2*CODE"), one quantity typed, an unknown code refused with nothing written, the
 * differences shown and posted as adjustments in one step. Then the list of count sheets, newest
 * first, filtered and walked with the arrows; Enter opens a sheet, which names its products.
 * Screenshots go to docs/guide/images (and test-results for the list).
 */

const IMAGES = resolve(import.meta.dirname, '..', 'docs', 'guide', 'images');
// Pictures to look at, not for the guide.
const RESULTS = resolve(import.meta.dirname, '..', 'test-results');
const TEA = '6901234567892';
const CASES = [
  { lang: 'en', m: en as Messages },
  { lang: 'zh', m: zh },
] as const;

const fill = (text: string, values: Record<string, string | number>) => text.replace(/{{(\w+)}}/g, (_, k: string) => String(values[k]));

for (const c of CASES) {
  test.describe(`stock count in ${c.lang}`, () => {
    let server: TestServer;
    const ids: Record<string, string> = {};

    test.beforeAll(async () => {
      server = await startServer();
      const api = server.client;
      const main = await api.call('warehouses.create', { code: 'MAIN', name: 'Main store' });
      const vat = await api.call('taxRates.create', { code: 'VAT13', name: 'VAT 13%', rateBp: 1300 });
      const tea = await api.call('products.create', { sku: 'TEA-100', name: 'Oolong tea', price: 4999, taxRateId: vat.id, barcodes: [TEA] });
      const cup = await api.call('products.create', { sku: 'CUP-200', name: 'Porcelain cup', price: 1250, taxRateId: vat.id });
      const mug = await api.call('products.create', { sku: 'MUG-300', name: 'Travel mug', price: 3900, taxRateId: vat.id });
      await api.call('stock.receive', { warehouseId: main.id, lines: [{ productId: tea.id, quantity: 5 }, { productId: cup.id, quantity: 10 }, { productId: mug.id, quantity: 4 }] });
      await api.call('locations.set', { productId: tea.id, warehouseId: main.id, bin: 'A-01' });
      await api.call('locations.set', { productId: cup.id, warehouseId: main.id, bin: 'A-02' });
      // Outside the counted range: must not be on the sheet nor change.
      await api.call('locations.set', { productId: mug.id, warehouseId: main.id, bin: 'B-01' });
      Object.assign(ids, { main: main.id, tea: tea.id, cup: cup.id, mug: mug.id });
    });
    test.afterAll(async () => server?.stop());

    test('a bin range is counted by scanner and keyboard and its differences posted in one step', async ({ page }) => {
      const { m } = c;
      const api = server.client;
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(String(e)));
      await signIn(page, server);
      if (c.lang === 'zh') await switchToChinese(page);
      await page.keyboard.press('Alt+K');
      await expect(page.getByRole('heading', { name: m.counts.title })).toBeVisible();
      await page.getByLabel(m.counts.binFrom, { exact: true }).fill('A-01');
      await page.getByLabel(m.counts.binTo, { exact: true }).fill('A-99');
      await page.screenshot({ path: join(IMAGES, `${c.lang}-count-new.png`) });
      await page.keyboard.press('Control+Enter');

      await expect(page.getByTestId('count-status')).toHaveText(m.counts.open);
      await expect(page.getByTestId('count-scan')).toBeFocused();
      await expect(page.getByTestId('count-lines')).toContainText('TEA-100');
      await expect(page.getByTestId('name-TEA-100')).toHaveText('Oolong tea');
      await expect(page.getByTestId('name-CUP-200')).toHaveText('Porcelain cup');
      await expect(page.getByTestId('count-lines')).toContainText('CUP-200');
      await expect(page.getByTestId('count-lines')).not.toContainText('MUG-300');
      const countId = /#\/counts\/(.+)$/.exec(page.url())![1]!;

      await scan(page, TEA);
      await scan(page, `2*${TEA}`);
      await expect(page.getByTestId('count-feedback')).toContainText(`${TEA} +2`);
      await expect(page.getByTestId(`difference-TEA-100`)).toHaveText('-2');
      const before = await api.call('counts.get', { id: countId });
      await scan(page, 'NO-SUCH-CODE');
      await expect(page.getByTestId('count-refusal')).toContainText(fill(m.counts.unknownCode, { code: 'NO-SUCH-CODE' }));
      expect(await api.call('counts.get', { id: countId })).toEqual(before);

      // The cup is counted by typing: 12 found where 10 were expected.
      await page.getByTestId('counted-CUP-200').fill('12');
      await page.getByTestId('counted-CUP-200').press('Enter');
      await expect(page.getByTestId('difference-CUP-200')).toHaveText('+2');
      await expect(page.getByTestId('count-progress')).toHaveText(fill(m.counts.progress, { counted: 2, lines: 2 }));
      await expect(page.getByTestId('count-differences')).toHaveText(fill(m.counts.differences, { count: 2, plus: 2, minus: 2 }));
      const sheet = await api.call('counts.get', { id: countId });
      expect(sheet.lines.map((l) => [l.sku, l.expectedQty, l.countedQty])).toEqual(expect.arrayContaining([['TEA-100', 5, 3], ['CUP-200', 10, 12]]));
      await page.mouse.move(0, 0);
      await page.screenshot({ path: join(IMAGES, `${c.lang}-count-sheet.png`) });

      await page.getByLabel(m.counts.reason, { exact: true }).fill('Year-end count');
      await page.keyboard.press('Control+Enter');
      await expect(page.getByRole('dialog')).toContainText(fill(m.counts.postConfirm, { number: sheet.number }));
      await page.getByRole('button', { name: m.counts.post }).last().click();
      await expect(page.getByTestId('count-status')).toHaveText(m.counts.posted);

      const levels = await api.call('stock.levels', { warehouseId: ids.main!, limit: 10 });
      const onHand = Object.fromEntries(levels.items.map((l) => [l.sku, l.onHand]));
      expect(onHand).toEqual({ 'TEA-100': 3, 'CUP-200': 12, 'MUG-300': 4 });
      const moves = await api.call('stock.movements', { productId: ids.tea!, warehouseId: ids.main!, limit: 10 });
      expect(moves.items.find((mv) => mv.kind === 'adjustment')).toMatchObject({ onHandDelta: -2, reason: `count ${sheet.number}: Year-end count` });
      expect((await api.call('counts.get', { id: countId })).status).toBe('posted');
      expect(errors).toEqual([]);
    });

    test('the list of count sheets: newest first, filtered, opened with the keyboard', async ({ page }) => {
      const { m } = c;
      const api = server.client;
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(String(e)));
      const posted = (await api.call('counts.list', { status: 'posted' })).items[0]!;
      const whole = await api.call('counts.create', { warehouseId: ids.main! });
      await signIn(page, server);
      if (c.lang === 'zh') await switchToChinese(page);
      await page.keyboard.press('Alt+K');
      await expect(page.getByRole('heading', { name: m.counts.title })).toBeVisible();
      const list = page.getByTestId('count-list');
      await expect(list).toBeFocused();
      const rows = list.locator('tbody tr.ant-table-row');
      await expect(rows).toHaveCount(2);
      await expect(rows.nth(0)).toContainText(whole.number);
      await expect(rows.nth(0)).toContainText(m.counts.open);
      await expect(rows.nth(0)).toContainText('0 / 3');
      await expect(rows.nth(0)).toContainText(m.counts.allBins);
      await expect(rows.nth(1)).toContainText(posted.number);
      await expect(rows.nth(1)).toContainText(m.counts.posted);
      await expect(rows.nth(1)).toContainText('A-01 – A-99');
      await expect(rows.nth(0)).toHaveClass(/row-active/);
      await page.mouse.move(0, 0);
      await page.screenshot({ path: join(RESULTS, `${c.lang}-count-list.png`), fullPage: true });

      // ↓ Enter opens the posted sheet; its lines say what the products are.
      await page.keyboard.press('ArrowDown');
      await expect(rows.nth(1)).toHaveClass(/row-active/);
      await page.keyboard.press('Enter');
      await expect(page.getByTestId('count-title')).toContainText(posted.number);
      await expect(page.getByTestId('count-status')).toHaveText(m.counts.posted);
      await expect(page.getByTestId('name-TEA-100')).toHaveText('Oolong tea');
      await expect(page.getByTestId('name-CUP-200')).toHaveText('Porcelain cup');

      // Esc goes back to the list, which has the keyboard again; the status filter narrows it.
      await page.keyboard.press('Escape');
      await expect(list).toBeFocused();
      await page.getByTestId('count-status-filter').click();
      await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: m.counts.open }).click();
      await expect(rows).toHaveCount(1);
      await expect(rows.nth(0)).toContainText(whole.number);
      await list.focus();
      await expect(list).toBeFocused();
      await page.keyboard.press('Enter');
      await expect(page.getByTestId('count-title')).toContainText(whole.number);
      await expect(page.getByTestId('count-scan')).toBeFocused();
      await expect(page.getByTestId('name-TEA-100')).toHaveText('Oolong tea');
      await expect(page.getByTestId('name-CUP-200')).toHaveText('Porcelain cup');
      await expect(page.getByTestId('name-MUG-300')).toHaveText('Travel mug');
      await page.mouse.move(0, 0);
      await page.screenshot({ path: join(RESULTS, `${c.lang}-count-sheet-names.png`), fullPage: true });
      expect(errors).toEqual([]);
    });
  });
}
