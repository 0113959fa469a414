import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openApp } from '../../src/main/app.ts';
import { backupLedger, listBackups, type BackupResult } from '../../src/main/backup/backup.ts';
import { BackupRefusedError, restoreBackup } from '../../src/main/backup/restore.ts';
import { fileKind, type LedgerKey } from '../../src/main/db/cipher.ts';
import { LOCAL_OWNER } from '../../src/shared/permissions.ts';
import { removedAfterFile, smallShop, type TestLedger } from '../helpers.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const rawKey = (): LedgerKey & { kind: 'raw' } => ({ kind: 'raw', key: randomBytes(32) });

const seqOf = (t: { app: { ledger: { raw: { prepare(sql: string): { get(): unknown } } } } }) =>
  (t.app.ledger.raw.prepare('SELECT coalesce(max(seq), 0) AS s FROM journal').get() as { s: number }).s;

/** Restores a backup into a new ledger file and runs the app's own verify on it. */
async function restoreAndVerify(backup: string, dir: string, key: LedgerKey | undefined) {
  const target = join(dir, `restored-${readdirSync(dir).length}.sqlite`);
  const { summary, aside } = await restoreBackup(backup, target, key);
  expect(aside).toBeUndefined();
  const app = await openApp({ file: target, ...(key ? { key } : {}) });
  try {
    const report = await app.dispatcher.call('system.verify', {}, LOCAL_OWNER);
    return { summary, report, target };
  } finally {
    await app.close();
  }
}

const { tempDir, openTestLedger } = removedAfterFile();

let open: TestLedger | undefined;
afterEach(async () => {
  await open?.close();
  open = undefined;
});

describe('backups taken while a writer runs flat out', () => {
  it('in another process: every backup restores to a ledger that passes verify', async () => {
    const key = rawKey();
    const t = (open = await openTestLedger({ key }));
    await smallShop(t);
    const writer = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'tests/backup/writer.ts'), t.file, key.key.toString('hex')], { cwd: ROOT });
    let out = '';
    writer.stdout.on('data', (d: Buffer) => (out += d.toString()));
    let err = '';
    writer.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const exited = new Promise<number | null>((done) => writer.once('exit', done));
    const until = async (what: RegExp) => {
      for (let i = 0; i < 1200 && !what.test(out); i++) {
        if (writer.exitCode !== null) throw new Error(`writer died: ${err}`);
        await new Promise((r) => setTimeout(r, 50));
      }
      expect(out).toMatch(what);
    };
    const backups: BackupResult[] = [];
    try {
      await until(/READY/);
      const folder = join(t.dir, 'backups');
      for (let i = 0; i < 4; i++) {
        await new Promise((r) => setTimeout(r, 300));
        // One read snapshot per backup, as `shopledger backup` takes beside the running app.
        backups.push(await backupLedger(t.app.ledger, folder, { pagesPerStep: 'all', now: new Date(Date.UTC(2026, 10, 23, 5, 0, i)) }));
      }
    } finally {
      writer.stdin.write('stop\n');
    }
    expect(await exited).toBe(0);
    const confirmed = Number(/DONE (\d+)/.exec(out)?.[1]);
    expect(confirmed).toBeGreaterThan(0);

    const restoredDir = tempDir();
    const seqs: number[] = [];
    for (const b of backups) {
      expect(fileKind(b.file)).toBe('encrypted');
      const { summary, report } = await restoreAndVerify(b.file, restoredDir, key);
      expect(report.problems).toEqual([]);
      expect(report.ok).toBe(true);
      seqs.push(summary.journalSeq);
    }
    // The writer committed between the backups: each one holds a later state than the one before.
    for (let i = 1; i < seqs.length; i++) expect(seqs[i]!).toBeGreaterThan(seqs[i - 1]!);
    expect(seqOf(t)).toBeGreaterThan(seqs.at(-1)!);
  }, 120_000);

  it('in the same process: a stepwise backup carries the writes made during it and restores to a verified ledger', async () => {
    const key = rawKey();
    const t = (open = await openTestLedger({ key }));
    const shop = await smallShop(t);
    let stop = false;
    let confirmed = 0;
    const writer = (async () => {
      for (let i = 0; !stop; i++) {
        const order = await t.call('orders.create', { customerId: shop.customer.id, warehouseId: shop.main.id, channel: 'pos', lines: [{ productId: shop.pot.id, quantity: 1 }] });
        await t.call('orders.confirm', { id: order.id });
        confirmed++;
        await new Promise((r) => setImmediate(r));
      }
    })();
    const folder = join(t.dir, 'backups');
    const results: { result: BackupResult; before: number; after: number }[] = [];
    try {
      for (let i = 0; i < 3; i++) {
        const before = confirmed;
        // A few pages a step: many steps, with the writer's commits landing between them.
        const result = await backupLedger(t.app.ledger, folder, { pagesPerStep: 8, now: new Date(Date.UTC(2026, 10, 23, 6, 0, i)) });
        results.push({ result, before, after: confirmed });
      }
    } finally {
      stop = true;
      await writer;
    }
    expect(results.some((r) => r.after > r.before)).toBe(true);
    const restoredDir = tempDir();
    for (const { result } of results) {
      const { report } = await restoreAndVerify(result.file, restoredDir, key);
      expect(report.problems).toEqual([]);
    }
  }, 120_000);
});

describe('restore', () => {
  it('shows what the backup holds, keeps the current ledger aside and swaps the backup in', async () => {
    const t = await openTestLedger();
    const shop = await smallShop(t);
    const backup = await backupLedger(t.app.ledger, join(t.dir, 'backups'));
    const seqAtBackup = seqOf(t);
    // The ledger moves on after the backup; the restore takes it back.
    await t.call('orders.create', { customerId: shop.customer.id, warehouseId: shop.main.id, channel: 'pos', lines: [{ productId: shop.pot.id, quantity: 1 }] });
    const seqNow = seqOf(t);
    await t.app.close();
    const { summary, aside } = await restoreBackup(backup.file, t.file, undefined);
    expect(summary).toMatchObject({ orders: 0, products: 3, customers: 1, journalSeq: seqAtBackup, encrypted: false, takenAt: backup.at.toISOString() });
    expect(aside).toBeDefined();
    const restored = await openApp({ file: t.file });
    const kept = await openApp({ file: aside! });
    try {
      expect((restored.ledger.raw.prepare('SELECT max(seq) AS s FROM journal').get() as { s: number }).s).toBe(seqAtBackup);
      expect((kept.ledger.raw.prepare('SELECT max(seq) AS s FROM journal').get() as { s: number }).s).toBe(seqNow);
      expect((await restored.dispatcher.call('system.verify', {}, LOCAL_OWNER)).ok).toBe(true);
    } finally {
      await restored.close();
      await kept.close();
    }
    expect(existsSync(`${t.file}.restoring`)).toBe(false);
  });

  it('refuses a backup that was changed behind the app (verify fails) and leaves the ledger as it was', async () => {
    const t = (open = await openTestLedger());
    const shop = await smallShop(t);
    const backup = await backupLedger(t.app.ledger, join(t.dir, 'backups'));
    const { default: Database } = await import('better-sqlite3-multiple-ciphers');
    const raw = new Database(backup.file);
    raw.prepare('UPDATE product SET price = 1 WHERE id = ?').run(shop.tea.id);
    raw.close();
    const before = seqOf(t);
    const e = await restoreBackup(backup.file, join(t.dir, 'other.sqlite'), undefined).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(BackupRefusedError);
    expect((e as BackupRefusedError).reason).toBe('failed_verify');
    expect((e as BackupRefusedError).problems.some((p) => p.check === 'journal_replay' && p.table === 'product')).toBe(true);
    expect(existsSync(join(t.dir, 'other.sqlite'))).toBe(false);
    expect(seqOf(t)).toBe(before);
  });

  it('refuses a backup opened with the wrong key, naming the reason', async () => {
    const t = (open = await openTestLedger({ key: rawKey() }));
    await smallShop(t);
    const backup = await backupLedger(t.app.ledger, join(t.dir, 'backups'));
    for (const key of [rawKey(), undefined]) {
      const e = await restoreBackup(backup.file, join(t.dir, 'other.sqlite'), key).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(BackupRefusedError);
      expect((e as BackupRefusedError).reason).toBe('wrong_key');
    }
    expect(listBackups(join(t.dir, 'backups')).map((b) => b.name)).toEqual([backup.name]);
  });
});
