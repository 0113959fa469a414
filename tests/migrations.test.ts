import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { afterEach, describe, expect, it } from 'vitest';
import { openApp } from '../src/main/app.ts';
import { LATEST_LEDGER_VERSION, LedgerVersionError } from '../src/main/db/migrator.ts';
import { LEDGER_MIGRATIONS } from '../migrations/ledger/index.ts';
import { tempDir } from './helpers.ts';

const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

describe('ledger migrations', () => {
  const dirs: string[] = [];
  afterEach(() => dirs.splice(0));

  it('are numbered 1..n without gaps', () => {
    expect(LEDGER_MIGRATIONS.map((m) => m.version)).toEqual(LEDGER_MIGRATIONS.map((_, i) => i + 1));
  });

  it('bring a new file to the latest version with WAL and foreign keys on', async () => {
    const dir = tempDir();
    dirs.push(dir);
    const app = await openApp({ file: join(dir, 'l.sqlite') });
    expect(app.ledger.raw.pragma('user_version', { simple: true })).toBe(LATEST_LEDGER_VERSION);
    expect(app.ledger.raw.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(app.ledger.raw.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(app.ledger.raw.pragma('synchronous', { simple: true })).toBe(2); // FULL
    await app.close();
  });

  it('refuse a ledger written by a newer version and leave it untouched', async () => {
    const dir = tempDir();
    dirs.push(dir);
    const file = join(dir, 'future.sqlite');
    const raw = new Database(file);
    raw.exec('CREATE TABLE from_the_future (x INTEGER)');
    raw.pragma(`user_version = ${LATEST_LEDGER_VERSION + 1}`);
    raw.close();
    const before = sha(file);
    await expect(openApp({ file })).rejects.toBeInstanceOf(LedgerVersionError);
    await expect(openApp({ file })).rejects.toThrow(/newer version of ShopLedger/);
    expect(sha(file)).toBe(before);
    expect(existsSync(`${file}-wal`)).toBe(false);
  });

  it('roll back a failing step and keep the old version', async () => {
    const dir = tempDir();
    dirs.push(dir);
    const file = join(dir, 'half.sqlite');
    const raw = new Database(file);
    // A table the first migration wants to create makes its step fail half-way.
    raw.exec('CREATE TABLE journal (x INTEGER)');
    raw.close();
    await expect(openApp({ file })).rejects.toThrow(/migration 1 .* rolled back/);
    const check = new Database(file, { readonly: true });
    expect(check.pragma('user_version', { simple: true })).toBe(0);
    expect(check.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'product'").get()).toEqual({ n: 0 });
    check.close();
  });
});
