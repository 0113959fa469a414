import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { describe, expect, it } from 'vitest';
import { openApp } from '../src/main/app.ts';
import { backupLedger } from '../src/main/backup/backup.ts';
import { encryptFiles, encryptLedger, type EncryptStep } from '../src/main/backup/encrypt.ts';
import { checkBackup } from '../src/main/backup/restore.ts';
import { cipherOf, fileKind, LedgerKeyError, type LedgerCipher, type LedgerKey } from '../src/main/db/cipher.ts';
import { openLedger } from '../src/main/db/connection.ts';
import { LOCAL_OWNER } from '../src/shared/permissions.ts';
import { removedAfterFile, shopWithOrder, type TestLedger } from './helpers.ts';
import { headerLayout, readSqlcipher4 } from './sqlcipher4-pages.ts';

// Which cipher a ledger is written with, and that ledgers written with SQLCipher 4's layout (on
// request, or before AEGIS-256 was the default) are that format, keep opening, back up, restore,
// and move between the two ciphers without a clear copy.

const SECRETS = ['TEA-001', 'Green tea 250 g', 'wang@example.com', 'SQLite format 3'];
const rawKey = (): LedgerKey => ({ kind: 'raw', key: randomBytes(32) });
const { tempDir, openTestLedger } = removedAfterFile();

/** Another approved order on the shop that shopWithOrder made. */
async function secondOrder(t: TestLedger) {
  const one = (sql: string) => (t.app.ledger.raw.prepare(sql).get() as { id: string }).id;
  const order = await t.call('orders.create', {
    customerId: one('SELECT id FROM customer LIMIT 1'),
    warehouseId: one('SELECT warehouse_id AS id FROM sales_order LIMIT 1'),
    channel: 'pos',
    lines: [{ productId: one("SELECT id FROM product WHERE sku = 'TEA-001'"), quantity: 1 }],
  });
  await t.call('orders.confirm', { id: order.id });
}

/** A plain ledger with a shop and an approved order, closed, in a folder of its own. */
async function plainLedger(): Promise<{ file: string; orderId: string; seq: number }> {
  const t = await openTestLedger({ file: join(tempDir(), 'ledger.sqlite') });
  const { order } = await shopWithOrder(t);
  const seq = (t.app.ledger.raw.prepare('SELECT max(seq) AS s FROM journal').get() as { s: number }).s;
  await t.app.close();
  return { file: t.file, orderId: order.id, seq };
}

/** The cipher the ledger opens with, and whether verify passes. */
async function openedWith(file: string, key: LedgerKey): Promise<{ cipher: LedgerCipher; ok: boolean }> {
  const app = await openApp({ file, key });
  try {
    const report = await app.dispatcher.call('system.verify', {}, LOCAL_OWNER);
    return { cipher: cipherOf(app.ledger.raw), ok: report.ok };
  } finally {
    await app.close();
  }
}

/** A bare driver connection with only the given pragmas and key text: what a tool outside the app sees. */
function bareCount(file: string, pragmas: string[], keyText: string): number | string {
  const db = new Database(file, { fileMustExist: true });
  try {
    for (const p of pragmas) db.pragma(p);
    db.key(Buffer.from(keyText, 'utf8'));
    return (db.prepare('SELECT count(*) AS n FROM sales_order').get() as { n: number }).n;
  } catch (e) {
    return (e as { code?: string }).code ?? String(e);
  } finally {
    db.close();
  }
}

describe('the cipher of a new encrypted ledger', () => {
  it('is AEGIS-256 with the raw key used as the key, and SQLCipher settings cannot read it', async () => {
    const key = rawKey();
    const t = await openTestLedger({ file: join(tempDir(), 'ledger.sqlite'), key });
    await shopWithOrder(t);
    expect(cipherOf(t.app.ledger.raw)).toBe('aegis-256');
    await t.app.close();
    const hex = (key as { key: Buffer }).key.toString('hex');
    expect(bareCount(t.file, [`cipher = 'aegis'`, `algorithm = 'aegis-256'`], `raw:${hex}`)).toBe(1);
    // The same hex taken as a passphrase, or the SQLCipher 4 layout, reads noise.
    expect(bareCount(t.file, [`cipher = 'aegis'`, `algorithm = 'aegis-256'`], hex)).toBe('SQLITE_NOTADB');
    expect(bareCount(t.file, [`cipher = 'sqlcipher'`, 'legacy = 4'], `x'${hex}'`)).toBe('SQLITE_NOTADB');
    for (const s of SECRETS) expect(readFileSync(t.file).toString('latin1').includes(s), s).toBe(false);
  });

  it('is AEGIS-256 when a plain ledger is encrypted, with a passphrase through Argon2id', async () => {
    const { file } = await plainLedger();
    const key: LedgerKey = { kind: 'passphrase', passphrase: 'tea and biscuits at four' };
    await encryptLedger(file, key);
    expect(await openedWith(file, key)).toEqual({ cipher: 'aegis-256', ok: true });
    expect(bareCount(file, [`cipher = 'aegis'`, `algorithm = 'aegis-256'`, 'tcost = 2', 'mcost = 19456', 'pcost = 1'], key.passphrase)).toBe(1);
    expect(bareCount(file, [`cipher = 'aegis'`, `algorithm = 'aegis-256'`, 'tcost = 3', 'mcost = 19456', 'pcost = 1'], key.passphrase)).toBe('SQLITE_NOTADB');
  });
});

describe('a ledger encrypted with SQLCipher 4', () => {
  it('opens with its raw key or passphrase, takes orders, and refuses any other key', async () => {
    for (const key of [rawKey(), { kind: 'passphrase', passphrase: 'an older shop' } as LedgerKey]) {
      const { file } = await plainLedger();
      await encryptLedger(file, key, { cipher: 'sqlcipher-4' });
      const hexOrPass = key.kind === 'raw' ? `x'${key.key.toString('hex')}'` : key.passphrase;
      // Still the SQLCipher 4 layout, readable by SQLCipher 4 settings alone.
      expect(bareCount(file, [`cipher = 'sqlcipher'`, 'legacy = 4'], hexOrPass)).toBe(1);
      const t = await openTestLedger({ file, key });
      expect(cipherOf(t.app.ledger.raw)).toBe('sqlcipher-4');
      await secondOrder(t);
      await t.close();
      expect(await openedWith(file, key)).toEqual({ cipher: 'sqlcipher-4', ok: true });
      expect(bareCount(file, [`cipher = 'sqlcipher'`, 'legacy = 4'], hexOrPass)).toBe(2);
      await expect(openApp({ file, key: rawKey() })).rejects.toBeInstanceOf(LedgerKeyError);
      await expect(openApp({ file })).rejects.toBeInstanceOf(LedgerKeyError);
    }
  });

  it("is SQLCipher 4's published page format: read with node:crypto alone it is the ledger, and a changed byte shows", async () => {
    for (const key of [rawKey(), { kind: 'passphrase', passphrase: 'an older shop' } as LedgerKey]) {
      const { file } = await plainLedger();
      await encryptLedger(file, key, { cipher: 'sqlcipher-4' });
      const secret = key.kind === 'raw' ? { raw: key.key } : { passphrase: key.passphrase };
      const read = readSqlcipher4(file, secret);
      expect(read.badPages).toEqual([]);
      expect(headerLayout(read.clear)).toEqual({ pageSize: 4096, reserved: 80, fractions: [64, 32, 32] });
      // The pages decrypted are a plain SQLite database: the ledger, whole.
      const clearFile = join(tempDir(), 'decrypted.sqlite');
      writeFileSync(clearFile, read.clear);
      const db = new Database(clearFile);
      try {
        expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
        expect(db.prepare("SELECT count(*) AS n FROM sales_order WHERE status = 'approved'").get()).toEqual({ n: 1 });
        expect(db.prepare("SELECT name FROM product WHERE sku = 'TEA-001'").get()).toEqual({ name: 'Green tea 250 g' });
      } finally {
        db.close();
      }
      expect(readSqlcipher4(file, { raw: randomBytes(32) }).badPages).toHaveLength(read.pages);
      const bytes = readFileSync(file);
      bytes[2 * 4096 + 100]! ^= 1;
      writeFileSync(file, bytes);
      expect(readSqlcipher4(file, secret).badPages).toEqual([3]);
    }
  });

  it('backs up in its own cipher, and the backup checks out with the key', async () => {
    const key = rawKey();
    const { file, seq } = await plainLedger();
    await encryptLedger(file, key, { cipher: 'sqlcipher-4' });
    const ledger = openLedger(file, { key });
    let backup: string;
    try {
      backup = (await backupLedger(ledger, join(tempDir(), 'backups'))).file;
    } finally {
      await ledger.close();
    }
    expect(fileKind(backup)).toBe('encrypted');
    expect(bareCount(backup, [`cipher = 'sqlcipher'`, 'legacy = 4'], `x'${(key as { key: Buffer }).key.toString('hex')}'`)).toBe(1);
    const { summary } = await checkBackup(backup, file, key);
    expect(summary).toMatchObject({ encrypted: true, orders: 1, journalSeq: seq });
  });

  it('moves to AEGIS-256 with shopledger encrypt: same key, same journal, no clear copy left', async () => {
    const key = rawKey();
    const { file, orderId, seq } = await plainLedger();
    await encryptLedger(file, key, { cipher: 'sqlcipher-4' });
    const result = await encryptLedger(file, key);
    expect(result).toEqual({ journalSeq: seq, alreadyEncrypted: false, convertedFrom: 'sqlcipher-4' });
    expect(await openedWith(file, key)).toEqual({ cipher: 'aegis-256', ok: true });
    for (const f of Object.values(encryptFiles(file))) expect(existsSync(f), f).toBe(false);
    for (const s of SECRETS) expect(readFileSync(file).toString('latin1').includes(s), s).toBe(false);
    const app = await openApp({ file, key });
    try {
      expect((await app.dispatcher.call('orders.get', { id: orderId }, LOCAL_OWNER)).status).toBe('approved');
    } finally {
      await app.close();
    }
    expect(await encryptLedger(file, key)).toEqual({ journalSeq: seq, alreadyEncrypted: true });
    await expect(encryptLedger(file, rawKey())).rejects.toBeInstanceOf(LedgerKeyError);
  });

  const STEPS: EncryptStep[] = ['copied', 'rekeyed', 'verified', 'swapped'];
  it.each(STEPS)('a crash after "%s" while moving it leaves a ledger that opens, and a second run finishes', async (step) => {
    const key = rawKey();
    const { file } = await plainLedger();
    await encryptLedger(file, key, { cipher: 'sqlcipher-4' });
    const crash = new Error(`crash after ${step}`);
    await expect(encryptLedger(file, key, { after: (s) => { if (s === step) throw crash; } })).rejects.toBe(crash);
    // The copy was never in clear, whatever the step.
    const { copy, aside } = encryptFiles(file);
    for (const f of [copy, aside]) if (existsSync(f)) expect(fileKind(f), f).toBe('encrypted');
    expect(await openedWith(file, key)).toEqual({ cipher: step === 'swapped' ? 'aegis-256' : 'sqlcipher-4', ok: true });
    await encryptLedger(file, key);
    expect(await openedWith(file, key)).toEqual({ cipher: 'aegis-256', ok: true });
    for (const f of Object.values(encryptFiles(file))) expect(existsSync(f), f).toBe(false);
  });

  it('is what an AEGIS-256 ledger becomes when asked (encrypt --cipher sqlcipher-4), with the same key and journal', async () => {
    const key = rawKey();
    const { file, seq } = await plainLedger();
    await encryptLedger(file, key);
    expect(await encryptLedger(file, key, { cipher: 'sqlcipher-4' })).toEqual({ journalSeq: seq, alreadyEncrypted: false, convertedFrom: 'aegis-256' });
    expect(await openedWith(file, key)).toEqual({ cipher: 'sqlcipher-4', ok: true });
    expect(readSqlcipher4(file, { raw: (key as { key: Buffer }).key }).badPages).toEqual([]);
    for (const f of Object.values(encryptFiles(file))) expect(existsSync(f), f).toBe(false);
  });
});
