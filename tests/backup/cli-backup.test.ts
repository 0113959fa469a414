import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers.ts';
import { headerLayout, readSqlcipher4 } from '../sqlcipher4-pages.ts';

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'shopledger.js');

const clean = (env: Record<string, string | undefined>) => {
  const copy = { ...env };
  delete copy.SHOPLEDGER_PASSPHRASE;
  return copy;
};

describe('shopledger encrypt, backup, backups, restore', () => {
  const dir = tempDir('shopledger-cli-backup-');
  const ledger = join(dir, 'shop.sqlite');
  const passFile = join(dir, 'pass.txt');
  const wrongFile = join(dir, 'wrong.txt');
  writeFileSync(passFile, 'a long shop passphrase\n');
  writeFileSync(wrongFile, 'not the passphrase\n');
  const folder = join(dir, 'usb');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  // The passphrase variable is unset for these runs unless a test sets it.
  const runOn = (file: string, args: string[], env: Record<string, string> = {}) => {
    const r = spawnSync(process.execPath, [BIN, '--ledger', file, ...args], { encoding: 'utf8', timeout: 120_000, env: { ...clean(process.env), ...env } });
    return { code: r.status, out: r.stdout, err: r.stderr };
  };
  const run = (args: string[], env: Record<string, string> = {}) => runOn(ledger, args, env);

  it('backup and restore have --help, and the passphrase option is listed', () => {
    for (const c of ['backup', 'restore']) {
      const sub = run([c, '--help']);
      expect(sub.code, sub.err).toBe(0);
      expect(sub.out).toContain(`Usage: shopledger ${c}`);
    }
    const top = run(['--help']);
    for (const c of ['--passphrase-file', 'encrypt', 'backup', 'backups', 'backup-settings', 'restore']) expect(top.out).toContain(c);
  }, 120_000);

  it('encrypts a plain ledger, backs it up, shows and restores the backup; the wrong passphrase is refused', () => {
    expect(run(['seed', '--demo', '--orders', '30']).code).toBe(0);
    expect(readFileSync(ledger).toString('latin1')).toContain('SQLite format 3');
    const enc = run(['--passphrase-file', passFile, 'encrypt']);
    expect(enc.code, enc.err).toBe(0);
    expect(enc.out).toMatch(/Encrypted the ledger with aegis-256 \(journal up to entry \d+, verified\)/);
    expect(readFileSync(ledger).toString('latin1')).not.toContain('SQLite format 3');

    const locked = run(['verify']);
    expect(locked.code).toBe(1);
    expect(locked.err).toContain('is encrypted');
    const viaEnv = run(['verify'], { SHOPLEDGER_PASSPHRASE: 'a long shop passphrase' });
    expect(viaEnv.code, viaEnv.err).toBe(0);
    expect(viaEnv.out).toContain('Ledger OK.');

    const set = run(['--passphrase-file', passFile, 'backup-settings', '--folder', folder, '--keep-daily', '3']);
    expect(set.code, set.err).toBe(0);
    expect(set.out).toContain(`folder ${folder}; every 24 h; keep 3 daily and 12 monthly`);
    const backup = run(['--passphrase-file', passFile, 'backup']);
    expect(backup.code, backup.err).toBe(0);
    const file = /Backup written: (\S+\.sqlite)/.exec(backup.out)?.[1];
    expect(file).toBeDefined();
    const list = run(['--passphrase-file', passFile, 'backups']);
    expect(list.out).toContain(file!);
    expect(list.out).toContain('1 backup(s)');

    const show = run(['--passphrase-file', passFile, 'restore', file!]);
    expect(show.code, show.err).toBe(0);
    expect(show.out).toMatch(/holds\s+30 orders, 200 products, 500 customers/);
    expect(show.out).toContain('(encrypted)');
    expect(show.out).toContain('Nothing was changed');

    const wrong = run(['--passphrase-file', wrongFile, 'restore', file!, '--yes']);
    expect(wrong.code).toBe(1);
    expect(wrong.err).toContain('does not open with this key');

    const restored = run(['--passphrase-file', passFile, 'restore', file!, '--yes']);
    expect(restored.code, restored.err).toBe(0);
    expect(restored.out).toMatch(/Restored into .*The ledger it replaced is kept at .*before-restore/);
    const after = run(['--passphrase-file', passFile, 'verify']);
    expect(after.code, after.err).toBe(0);
  }, 480_000);

  it('encrypt --cipher sqlcipher-4 writes the layout SQLCipher 4 reads, encrypt moves it back, and an unknown cipher changes nothing', () => {
    const other = join(dir, 'compatible.sqlite');
    const pass = 'a long shop passphrase';
    expect(runOn(other, ['seed', '--demo', '--orders', '5']).code).toBe(0);
    const plainBytes = readFileSync(other);
    const bogus = runOn(other, ['--passphrase-file', passFile, 'encrypt', '--cipher', 'rot13']);
    expect(bogus.code).not.toBe(0);
    expect(bogus.err).toContain("option '--cipher <name>' argument 'rot13' is invalid");
    expect(bogus.err).toContain('aegis-256, sqlcipher-4');
    expect(readFileSync(other).equals(plainBytes)).toBe(true);

    const enc = runOn(other, ['--passphrase-file', passFile, 'encrypt', '--cipher', 'sqlcipher-4']);
    expect(enc.code, enc.err).toBe(0);
    expect(enc.out).toMatch(/Encrypted the ledger with sqlcipher-4 \(journal up to entry \d+, verified\)/);
    const read = readSqlcipher4(other, { passphrase: pass });
    expect(read.badPages).toEqual([]);
    expect(headerLayout(read.clear)).toEqual({ pageSize: 4096, reserved: 80, fractions: [64, 32, 32] });
    expect(read.clear.toString('latin1')).toContain('CREATE TABLE');

    const again = runOn(other, ['--passphrase-file', passFile, 'encrypt', '--cipher', 'sqlcipher-4']);
    expect(again.out).toContain('already encrypted with this key and sqlcipher-4');
    const back = runOn(other, ['--passphrase-file', passFile, 'encrypt']);
    expect(back.code, back.err).toBe(0);
    expect(back.out).toMatch(/Re-encrypted the ledger from sqlcipher-4 to aegis-256 with the same key/);
    expect(readSqlcipher4(other, { passphrase: pass }).badPages.length).toBe(readSqlcipher4(other, { passphrase: pass }).pages);
    const verified = runOn(other, ['--passphrase-file', passFile, 'verify']);
    expect(verified.code, verified.err).toBe(0);
  }, 240_000);
});
