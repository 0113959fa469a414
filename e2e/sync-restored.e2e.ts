import type { ChildProcess } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, test } from '@playwright/test';
import { DEMO_PASSWORD } from '../src/main/demo/demo-users.ts';
import { en } from '../src/renderer/i18n/en.ts';
import { createHttpClient } from '../src/shared/http-client.ts';
import { signIn } from './auth.ts';
import { startServer, type TestServer } from './server.ts';
import { cli, freePort, startSyncServer, stopProcess } from './sync-server.ts';

/**
 * A station brought back from a backup while its sync server is out of reach: the sync screen
 * says why new numbered documents wait, a new order is refused with that reason, and once the
 * server is back and the station has synced, orders are numbered again.
 */

const IMAGES = resolve(import.meta.dirname, '..', 'docs', 'guide', 'images');

let dir: string | undefined;
let syncServer: ChildProcess | undefined;
let station: TestServer | undefined;
test.afterAll(async () => {
  await station?.stop();
  await stopProcess(syncServer);
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('a restored station waits for its first sync before numbering, and says so', async ({ page }) => {
  test.setTimeout(300_000);
  dir = mkdtempSync(join(tmpdir(), 'shopledger-e2e-restored-'));
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));

  // The shop PC: enrolled, a few orders synced, a backup taken, then restored from it by the CLI.
  const database = join(dir, 'server.sqlite');
  const port = await freePort();
  syncServer = await startSyncServer(database, port);
  const ledger = join(dir, 'shop.sqlite');
  const usb = join(dir, 'usb');
  cli('--ledger', ledger, 'sync-connect', `http://127.0.0.1:${port}`, cli('server-enroll-code', '--database', database).split('\n')[0]!, '--name', 'shop PC');
  cli('--ledger', ledger, 'seed', '--demo', '--orders', '3');
  cli('--ledger', ledger, 'sync-now');
  cli('--ledger', ledger, 'backup', '--to', usb);
  const restored = cli('--ledger', ledger, 'restore', join(usb, readdirSync(usb)[0]!), '--yes');
  expect(restored).toContain('hands out no new numbers until it has synced once');
  await stopProcess(syncServer);

  // The demo shop's owner, with the demo's published password.
  const owner = { username: 'owner', password: DEMO_PASSWORD };
  station = await startServer({ setup: false, prepare: (file) => copyFileSync(ledger, file) });
  const { token } = await station.client.call('session.signIn', owner);
  const api = createHttpClient(station.url, (u, init) => fetch(u, init), () => ({ authorization: `Bearer ${token}` }));
  await signIn(page, station, owner);
  const indicator = page.getByTestId('sync-indicator');
  await expect(indicator).toHaveAttribute('data-state', 'offline', { timeout: 30_000 });
  await indicator.click();
  await expect(page.getByTestId('sync-restored')).toContainText(en.sync.restored.split('{{when}}')[1]!.trim());
  await page.mouse.move(0, 0);
  await page.screenshot({ path: join(IMAGES, 'en-sync-restored.png') });

  const one = async (op: 'customers.list' | 'products.list' | 'warehouses.list') => ((await api.call(op, {} as never)) as { items: { id: string }[] }).items[0]!.id;
  const order = { customerId: await one('customers.list'), warehouseId: await one('warehouses.list'), lines: [{ productId: await one('products.list'), quantity: 1 }] };
  await expect(api.call('orders.create', order)).rejects.toMatchObject({ code: 'conflict', field: 'station', details: { reason: 'restored_awaiting_pull' } });

  // The server is back: the station syncs in the background, and numbers again after its last.
  syncServer = await startSyncServer(database, port);
  await expect(indicator).toHaveAttribute('data-state', 'up_to_date', { timeout: 90_000 });
  await expect.poll(async () => (await api.call('sync.status', {})).restoredAt, { timeout: 30_000 }).toBeNull();
  await page.getByRole('button', { name: en.sync.refresh }).click();
  await expect(page.getByTestId('sync-restored')).toHaveCount(0);
  const made = await api.call('orders.create', order);
  expect(made.number).toMatch(/-000004$/);
  expect(errors).toEqual([]);
});
