import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openApp } from '../src/main/app.ts';
import { encryptFiles, encryptLedger, type EncryptStep } from '../src/main/backup/encrypt.ts';
import { fileKind, LedgerKeyError, type LedgerKey } from '../src/main/db/cipher.ts';
import { openLedger } from '../src/main/db/connection.ts';
import { LOCAL_OWNER } from '../src/shared/permissions.ts';
import { removedAfterFile, shopWithOrder, type TestLedger } from './helpers.ts';

const SECRETS = ['TEA-001', 'Green tea 250 g', 'wang@example.com', Buffer.from('王秀英').toString('latin1'), 'SQLite format 3'];
const rawKey = (): LedgerKey => ({ kind: 'raw', key: randomBytes(32) });

/** The ledger's bytes on disk, WAL included, as latin1 text to search for clear strings. */
function bytesOnDisk(file: string): string {
  return [file, `${file}-wal`]
    .filter((f) => existsSync(f))
    .map((f) => readFileSync(f).toString('latin1'))
    .join('');
}

async function verifyWith(file: string, key: LedgerKey | undefined) {
  const app = await openApp({ file, ...(key ? { key } : {}) });
  try {
    return await app.dispatcher.call('system.verify', {}, LOCAL_OWNER);
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

describe('an encrypted ledger', () => {
  it('holds no clear text on disk, and opens only with its passphrase', async () => {
    const key: LedgerKey = { kind: 'passphrase', passphrase: "correct horse 'battery' staple" };
    const t = (open = await openTestLedger({ key }));
    await shopWithOrder(t);
    // With the WAL not yet folded in and after it is: neither file shows any of the shop's text.
    for (const s of SECRETS) expect(bytesOnDisk(t.file).includes(s), s).toBe(false);
    t.app.ledger.raw.pragma('wal_checkpoint(TRUNCATE)');
    for (const s of SECRETS) expect(bytesOnDisk(t.file).includes(s), s).toBe(false);
    expect(fileKind(t.file)).toBe('encrypted');
    await t.app.close();

    const wrong = await openApp({ file: t.file, key: { kind: 'passphrase', passphrase: 'correct horse battery staple' } }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(wrong).toBeInstanceOf(LedgerKeyError);
    expect((wrong as LedgerKeyError).keyGiven).toBe(true);
    expect((wrong as Error).message).toMatch(/could not be opened with this key/);
    const none = await openApp({ file: t.file }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(none).toBeInstanceOf(LedgerKeyError);
    expect((none as Error).message).toMatch(/is encrypted/);

    const report = await verifyWith(t.file, key);
    expect(report.ok).toBe(true);
    expect(report.journalEntries).toBeGreaterThan(5);
    open = undefined;
  });

  it('leaves a plain ledger plain and usable, even when a key is offered', async () => {
    const t = (open = await openTestLedger());
    await shopWithOrder(t);
    await t.app.close();
    expect(fileKind(t.file)).toBe('plain');
    expect((await verifyWith(t.file, rawKey())).ok).toBe(true);
    expect(fileKind(t.file)).toBe('plain');
    open = undefined;
  });
});

describe('shopledger encrypt (encryptLedger)', () => {
  it('converts a plain ledger in place: same journal, verify passes, no clear text and no plain copy left', async () => {
    const t = await openTestLedger();
    const { order } = await shopWithOrder(t);
    const seq = (t.app.ledger.raw.prepare('SELECT max(seq) AS s FROM journal').get() as { s: number }).s;
    await t.app.close();
    expect(readFileSync(t.file).toString('latin1').includes('TEA-001')).toBe(true);
    const key = rawKey();
    const result = await encryptLedger(t.file, key);
    expect(result).toEqual({ journalSeq: seq, alreadyEncrypted: false });
    expect(fileKind(t.file)).toBe('encrypted');
    for (const s of SECRETS) expect(bytesOnDisk(t.file).includes(s), s).toBe(false);
    for (const f of Object.values(encryptFiles(t.file))) expect(existsSync(f), f).toBe(false);
    const app = await openApp({ file: t.file, key });
    try {
      const back = await app.dispatcher.call('orders.get', { id: order.id }, LOCAL_OWNER);
      expect(back.status).toBe('approved');
      expect((await app.dispatcher.call('system.verify', {}, LOCAL_OWNER)).ok).toBe(true);
    } finally {
      await app.close();
    }
    await expect(openApp({ file: t.file, key: rawKey() })).rejects.toBeInstanceOf(LedgerKeyError);
  });

  it('closes every handle it opened, so the plain file it replaced is not kept alive', async () => {
    const dir = tempDir();
    const t = await openTestLedger({ file: join(dir, 'ledger.sqlite') });
    await shopWithOrder(t);
    await t.app.close();
    // A ledger used only through its raw handle (as encrypt uses its source) is closed by close().
    const source = openLedger(t.file);
    source.raw.prepare('SELECT count(*) FROM journal').get();
    await source.close();
    expect(source.raw.open).toBe(false);
    await encryptLedger(t.file, rawKey());
    // Where the OS shows a process's open files: none is left in the ledger's folder, deleted or not.
    if (existsSync('/proc/self/fd')) {
      const open = readdirSync('/proc/self/fd').flatMap((fd) => {
        try {
          return [readlinkSync(`/proc/self/fd/${fd}`)];
        } catch {
          return [];
        }
      });
      expect(open.filter((f) => f.startsWith(dirname(t.file)))).toEqual([]);
    }
  });

  const STEPS: EncryptStep[] = ['copied', 'rekeyed', 'verified', 'swapped'];
  it.each(STEPS)('a crash after "%s" leaves a ledger that opens and verifies, and a second run finishes', async (step) => {
    const dir = tempDir();
    const t = await openTestLedger({ file: join(dir, 'ledger.sqlite') });
    await shopWithOrder(t);
    await t.app.close();
    const key = rawKey();
    const crash = new Error(`crash after ${step}`);
    await expect(
      encryptLedger(t.file, key, {
        after: (s) => {
          if (s === step) throw crash;
        },
      }),
    ).rejects.toBe(crash);
    // Before the rename the plain ledger is in place; after it, the encrypted one.
    const swapped = step === 'swapped';
    expect(fileKind(t.file)).toBe(swapped ? 'encrypted' : 'plain');
    expect((await verifyWith(t.file, swapped ? key : undefined)).ok).toBe(true);
    const again = await encryptLedger(t.file, key);
    expect(again.alreadyEncrypted).toBe(swapped);
    expect(fileKind(t.file)).toBe('encrypted');
    for (const f of Object.values(encryptFiles(t.file))) expect(existsSync(f), f).toBe(false);
    expect((await verifyWith(t.file, key)).ok).toBe(true);
  });
});
