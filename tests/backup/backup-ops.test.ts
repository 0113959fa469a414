import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openApp } from '../../src/main/app.ts';
import { pendingRestoreFile } from '../../src/main/backup/pending-restore.ts';
import { LOCAL_OWNER } from '../../src/shared/permissions.ts';
import { openTestLedger, smallShop, type TestLedger } from '../helpers.ts';

// Back up now, check and restore from the app (backups.run, backups.check, backups.restore),
// on real ledger files: the restore is asked for while the app runs and happens at the next start.

let open: TestLedger | undefined;
afterEach(async () => {
  await open?.close();
  open = undefined;
});

describe('backups from the app', () => {
  it('back up now writes a listed backup; check says what it holds; restore happens at the next start, old ledger kept aside', async () => {
    const t = (open = await openTestLedger());
    expect((await t.reject('backups.run', {})).field).toBe('folder');
    const folder = join(t.dir, 'usb');
    await t.call('backups.updateSettings', { folder });
    const shop = await smallShop(t);
    const taken = await t.call('backups.run', {});
    expect(taken.bytes).toBeGreaterThan(0);
    expect((await t.call('backups.list', {})).items.map((b) => b.name)).toEqual([taken.name]);

    // Written after the backup: gone once the backup is restored.
    await t.call('customers.create', { name: 'After the backup' });
    const summary = await t.call('backups.check', { name: taken.name });
    expect(summary).toMatchObject({ name: taken.name, products: 3, customers: 1, orders: 0, encrypted: false });
    expect(existsSync(`${t.file}.restoring`)).toBe(false);

    expect((await t.reject('backups.check', { name: 'no-such-backup.sqlite' })).code).toBe('not_found');
    expect((await t.reject('backups.check', { name: '../ledger.sqlite' })).field).toBe('name');
    expect((await t.reject('backups.restore', { name: taken.name, confirm: false as true })).field).toBe('confirm');
    expect(existsSync(pendingRestoreFile(t.file))).toBe(false);

    const pending = await t.call('backups.restore', { name: taken.name, confirm: true });
    expect(pending).toMatchObject({ pending: true, customers: 1 });
    expect(existsSync(pendingRestoreFile(t.file))).toBe(true);
    // Nothing changes while the app runs.
    expect((await t.call('customers.list', { limit: 10 })).items).toHaveLength(2);
    await t.app.close();

    const again = await openApp({ file: t.file });
    try {
      const names = (await again.dispatcher.call('customers.list', { limit: 10 }, LOCAL_OWNER)).items.map((c) => c.name);
      expect(names).toEqual([shop.customer.name]);
      expect((await again.dispatcher.call('system.verify', {}, LOCAL_OWNER)).ok).toBe(true);
      expect(existsSync(pendingRestoreFile(t.file))).toBe(false);
      expect(readdirSync(t.dir).filter((n) => n.startsWith('ledger.sqlite.before-restore-'))).toHaveLength(1);
    } finally {
      await again.close();
    }
    open = { ...t, close: async () => rmSync(t.dir, { recursive: true, force: true }) };
  });

  it('a damaged backup is refused by check and restore, and no restore is left pending', async () => {
    const t = (open = await openTestLedger());
    await t.call('backups.updateSettings', { folder: join(t.dir, 'usb') });
    await smallShop(t);
    const taken = await t.call('backups.run', {});
    const file = join(t.dir, 'usb', taken.name);
    const bytes = readFileSync(file);
    writeFileSync(file, bytes.subarray(0, Math.floor(bytes.length / 2)));
    const e = await t.reject('backups.check', { name: taken.name });
    expect(e).toMatchObject({ code: 'invalid', field: 'name', details: { reason: 'unreadable' } });
    expect((await t.reject('backups.restore', { name: taken.name, confirm: true })).field).toBe('name');
    expect(existsSync(pendingRestoreFile(t.file))).toBe(false);
  });

  it('a folder that cannot be written is named in the refusal', async () => {
    const t = (open = await openTestLedger());
    const blocker = join(t.dir, 'not-a-folder');
    writeFileSync(blocker, 'a file where the folder should be');
    await t.call('backups.updateSettings', { folder: join(blocker, 'usb') });
    expect(await t.reject('backups.run', {})).toMatchObject({ code: 'invalid', field: 'folder' });
  });
});
