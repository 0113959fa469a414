import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { safeStorage } from 'electron';
import { fileKind, type LedgerKey } from '../db/cipher.ts';

/**
 * The station's ledger key, kept in the OS keychain through safeStorage: 32 random bytes,
 * stored beside the ledger (`<ledger>.key`) only as safeStorage's ciphertext, which only this
 * OS user on this computer can turn back into the key. A new key is made only for a ledger that
 * is new or still plain (it is then encrypted with it); an encrypted ledger without its key file
 * was keyed elsewhere (a passphrase) and gets none here. Undefined where there is no keychain.
 */
export function keychainKey(ledgerFile: string): LedgerKey | undefined {
  if (!safeStorage.isEncryptionAvailable()) return undefined;
  const keyFile = `${ledgerFile}.key`;
  if (existsSync(keyFile)) {
    const hex = safeStorage.decryptString(readFileSync(keyFile));
    return { kind: 'raw', key: Buffer.from(hex, 'hex') };
  }
  if (fileKind(ledgerFile) === 'encrypted') return undefined;
  const key = randomBytes(32);
  // Written (and renamed into place) before the ledger is ever encrypted with it.
  writeFileSync(`${keyFile}.new`, safeStorage.encryptString(key.toString('hex')), { mode: 0o600 });
  renameSync(`${keyFile}.new`, keyFile);
  return { kind: 'raw', key };
}
