import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, test } from '@playwright/test';
import { openApp, type App } from '../src/main/app.ts';
import { connectStation, syncClientFor } from '../src/main/sync/setup.ts';
import { en } from '../src/renderer/i18n/en.ts';
import { zh } from '../src/renderer/i18n/zh.ts';
import { LOCAL_OWNER } from '../src/shared/permissions.ts';
import { signIn } from './auth.ts';
import { startServer, type TestServer } from './server.ts';
import { cli, freePort, startSyncServer, stopProcess as stop } from './sync-server.ts';

/**
 * Sync as the person at station A sees it, against a real sync server: off on a lone station;
 * up to date once enrolled; offline while the server is down, with the changes waiting counted;
 * after station B (a second real ledger in this process) sold the same cups while apart, the
 * oversell alert appears on A's indicator and is resolved on the sync screen.
 */

const IMAGES = resolve(import.meta.dirname, '..', 'docs', 'guide', 'images');

let dir: string;
let syncServer: ChildProcess | undefined;
let station: TestServer | undefined;
let lone: TestServer | undefined;
let b: App | undefined;
test.afterAll(async () => {
  await b?.close();
  await station?.stop();
  await lone?.stop();
  await stop(syncServer);
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('off, up to date, offline with changes waiting, and an oversell alert resolved on the sync screen', async ({ page }) => {
  test.setTimeout(300_000);
  dir = mkdtempSync(join(tmpdir(), 'shopledger-e2e-sync-'));
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));

  // A station on its own: sync is off.
  lone = await startServer();
  await signIn(page, lone);
  await expect(page.getByTestId('sync-indicator')).toHaveAttribute('data-state', 'off');
  await expect(page.getByTestId('sync-indicator')).toHaveText(en.sync.off);
  await page.getByTestId('sync-indicator').click();
  await expect(page.getByTestId('sync-summary')).toHaveText(en.sync.notConfigured);
  await lone.stop();
  lone = undefined;

  const database = join(dir, 'server.sqlite');
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  syncServer = await startSyncServer(database, port);
  const enrollCode = () => cli('server-enroll-code', '--database', database).split('\n')[0]!;
  station = await startServer({ prepare: (file) => void cli('--ledger', file, 'sync-connect', url, enrollCode(), '--name', 'shop PC') });
  const api = station.client;
  await signIn(page, station);
  const indicator = page.getByTestId('sync-indicator');
  await expect(indicator).toHaveAttribute('data-state', 'up_to_date', { timeout: 30_000 });
  await expect(indicator).toContainText(en.sync.upToDate);

  const main = await api.call('warehouses.create', { code: 'MAIN', name: 'Main store' });
  const vat = await api.call('taxRates.create', { code: 'VAT13', name: 'VAT 13%', rateBp: 1300 });
  const cup = await api.call('products.create', { sku: 'CUP-200', name: 'Porcelain cup', price: 1250, taxRateId: vat.id });
  const customer = await api.call('customers.create', { name: '王秀英' });
  await api.call('stock.receive', { warehouseId: main.id, lines: [{ productId: cup.id, quantity: 5 }] });
  await expect.poll(async () => (await api.call('sync.status', {})).opsWaiting, { timeout: 30_000 }).toBe(0);

  // Station B: a second real ledger, enrolled and brought up to date.
  b = await openApp({ file: join(dir, 'b.sqlite') });
  await b.dispatcher.call('settings.update', { stationCode: 'B' }, LOCAL_OWNER);
  await connectStation(b.ledger, url, enrollCode(), 'packing station');
  const bSync = syncClientFor(b.ledger)!;
  await bSync.syncOnce();
  expect((await b.dispatcher.call('stock.levels', { productId: cup.id }, LOCAL_OWNER)).items[0]).toMatchObject({ onHand: 5 });

  // The server goes away: A says offline and counts what waits; both sell 4 of the 5 cups.
  await stop(syncServer);
  await expect(indicator).toHaveAttribute('data-state', 'offline', { timeout: 30_000 });
  const oa = await api.call('orders.create', { customerId: customer.id, warehouseId: main.id, lines: [{ productId: cup.id, quantity: 4 }] });
  await api.call('orders.confirm', { id: oa.id });
  const waiting = (await api.call('sync.status', {})).opsWaiting;
  expect(waiting).toBeGreaterThan(0);
  await expect(indicator).toContainText(en.sync.waiting.replace('{{count}}', String(waiting)));
  await expect(indicator).toContainText(en.sync.offline);
  await page.mouse.move(0, 0);
  await page.screenshot({ path: join(IMAGES, 'en-sync-offline.png') });
  const ob = await b.dispatcher.call('orders.create', { customerId: customer.id, warehouseId: main.id, lines: [{ productId: cup.id, quantity: 4 }] }, LOCAL_OWNER);
  await b.dispatcher.call('orders.confirm', { id: ob.id }, LOCAL_OWNER);

  // Back online: B pushes its order, A merges it and raises the oversell alert.
  syncServer = await startSyncServer(database, port);
  await bSync.syncOnce();
  await expect(indicator).toHaveAttribute('data-state', 'up_to_date', { timeout: 90_000 });
  await expect(page.getByTestId('sync-indicator').locator('xpath=..').locator('.ant-badge-count')).toHaveText('1', { timeout: 30_000 });
  const status = await api.call('sync.status', {});
  expect(status.openIssues).toBe(1);
  const alert = status.issues[0]!;
  expect(alert.kind).toBe('oversell');

  await page.keyboard.press('Alt+L');
  await indicator.click();
  await expect(page.getByRole('heading', { name: zh.sync.title })).toBeVisible();
  await expect(page.getByTestId('sync-open-issues')).toHaveText('1');
  const row = page.getByTestId('sync-issues').locator('tr', { hasText: zh.sync.kinds.oversell });
  await expect(row).toContainText('CUP-200 · MAIN');
  await expect(row).toContainText(zh.sync.oversell.split('{{orders}}')[0]!.replace('{{available}}', '-3').replace('{{onHand}}', '5').replace('{{reserved}}', '8'));
  for (const n of [oa.number, ob.number]) await expect(row).toContainText(n);
  await page.mouse.move(0, 0);
  await page.screenshot({ path: join(IMAGES, 'zh-sync-issues.png') });
  await page.keyboard.press('Alt+L');
  await expect(page.getByRole('heading', { name: en.sync.title })).toBeVisible();
  await page.getByTestId('sync-issues').locator('tr', { hasText: en.sync.kinds.oversell }).getByRole('button', { name: en.sync.resolve }).click();
  await page.getByLabel(en.sync.note, { exact: true }).fill('Ordered 3 more cups');
  await page.getByRole('dialog').getByRole('button', { name: en.sync.resolve }).click();
  await expect(page.getByTestId('sync-open-issues')).toHaveText('0');
  await expect(page.getByTestId('sync-issues')).toContainText(en.sync.noIssues);
  // The ledger holds it as resolved: no longer open.
  const after = await api.call('sync.status', {});
  expect(after.openIssues).toBe(0);
  expect(after.issues.find((i) => i.id === alert.id)).toBeUndefined();
  expect(errors).toEqual([]);
});
