import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { backupLedger } from '../src/main/backup/backup.ts';
import { restoreBackup } from '../src/main/backup/restore.ts';
import { syncClientFor } from '../src/main/sync/setup.ts';
import { AppError } from '../src/shared/errors.ts';
import { openTestLedger, smallShop, tempDir, type TestLedger } from './helpers.ts';
import { addStation, ledgerTables, startServer, syncAll, type TestStation } from './sync-helpers.ts';

// A station whose disk died comes back from an older backup. Numbers it handed out after that
// backup are on the server (and on customers' papers): it must not hand them out again, so it
// numbers nothing until a pull has brought that work back.

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const journalHead = (t: TestLedger) => (t.app.ledger.raw.prepare('SELECT max(seq) AS s FROM journal').get() as { s: number }).s;

describe('a station restored from an old backup', () => {
  it('numbers nothing until it has pulled its lost work back, then goes on after its last number', async () => {
    const server = await startServer();
    cleanups.push(() => server.close());
    const a = await addStation(server, 'station A', 'A');
    const b = await addStation(server, 'station B', 'B');
    cleanups.push(() => b.t.close());
    const shop = await smallShop(a.t);
    await a.t.call('stock.receive', { warehouseId: shop.main.id, lines: [{ productId: shop.tea.id, quantity: 20 }] });
    const newOrder = (t: TestLedger) => t.call('orders.create', { customerId: shop.customer.id, warehouseId: shop.main.id, lines: [{ productId: shop.tea.id, quantity: 1 }] });
    const first = await newOrder(a.t);
    await syncAll([a, b]);
    const backup = (await backupLedger(a.t.app.ledger, join(tempDir(), 'usb'))).file;
    // After the backup: an order the server (and station B) hears of, then the disk dies.
    const lost = await newOrder(a.t);
    expect([first.number, lost.number]).toEqual(['SO-A-000001', 'SO-A-000002']);
    await syncAll([a, b]);
    await a.client.stop();
    await a.t.app.close();

    const restored = await restoreBackup(backup, a.t.file, undefined);
    expect(restored.awaitingPull).toBe(true);
    const t = await openTestLedger({ file: a.t.file });
    cleanups.push(() => t.close());
    const status = await t.call('sync.status', {});
    expect(status.restoredAt).not.toBeNull();

    const head = journalHead(t);
    const refused = await newOrder(t).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(AppError);
    expect(refused).toMatchObject({ code: 'conflict', field: 'station', details: { reason: 'restored_awaiting_pull', series: 'sales_order' } });
    expect((refused as Error).message).toContain('must sync with the server once');
    const customer = await t.call('customers.create', { name: 'Walk-in' }).catch((e: unknown) => e);
    expect(customer).toMatchObject({ code: 'conflict', details: { series: 'customer' } });
    expect(journalHead(t)).toBe(head);
    // Work that takes no number goes on.
    await t.call('products.update', { id: shop.cup.id, price: 1300 });

    const client = syncClientFor(t.app.ledger, { serverUrl: () => server.url })!;
    const back: TestStation = { t, client, name: 'station A, restored' };
    await client.syncOnce();
    expect((await t.call('sync.status', {})).restoredAt).toBeNull();
    expect((await t.call('orders.get', { id: lost.id })).number).toBe('SO-A-000002');
    const next = await newOrder(t);
    expect(next.number).toBe('SO-A-000003');

    await syncAll([back, b]);
    for (const s of [t, b.t]) {
      expect((await s.call('system.verify', {})).problems).toEqual([]);
      expect((await s.call('sync.status', {})).issues.filter((i) => i.kind === 'parked')).toEqual([]);
    }
    const numbers = (b.t.app.ledger.raw.prepare('SELECT number FROM sales_order ORDER BY number').all() as { number: string }[]).map((r) => r.number);
    expect(numbers).toEqual(['SO-A-000001', 'SO-A-000002', 'SO-A-000003']);
    expect(ledgerTables(t.app.ledger)).toEqual(ledgerTables(b.t.app.ledger));
  });

  it('that never synced numbers on at once', async () => {
    const t = await openTestLedger({ file: join(tempDir(), 'ledger.sqlite') });
    const shop = await smallShop(t);
    const backup = (await backupLedger(t.app.ledger, join(tempDir(), 'usb'))).file;
    await t.app.close();
    expect((await restoreBackup(backup, t.file, undefined)).awaitingPull).toBe(false);
    const again = await openTestLedger({ file: t.file });
    cleanups.push(() => again.close());
    expect((await again.call('sync.status', {})).restoredAt).toBeNull();
    const order = await again.call('orders.create', { customerId: shop.customer.id, warehouseId: shop.main.id, lines: [{ productId: shop.tea.id, quantity: 1 }] });
    expect(order.number).toBe('SO-A-000001');
  });
});
