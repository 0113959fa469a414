import { closeSync, openSync, readSync } from 'node:fs';
import type Database from 'better-sqlite3-multiple-ciphers';

/**
 * The key of an encrypted ledger. A passphrase goes through the cipher's own KDF, salted by the
 * file's first 16 bytes, so no salt is kept anywhere else (AEGIS: Argon2id; SQLCipher 4:
 * PBKDF2-SHA512); a raw key is 32 random bytes that the desktop shell keeps in the OS keychain and
 * skips the KDF.
 */
export type LedgerKey = { readonly kind: 'passphrase'; readonly passphrase: string } | { readonly kind: 'raw'; readonly key: Buffer };

/**
 * The page ciphers a ledger may be encrypted with. `aegis-256` (authenticated encryption on the
 * CPU's AES instructions) unless told otherwise; `sqlcipher-4` (AES-256-CBC with a software
 * HMAC-SHA512 per page, so writes cost more) when SQLCipher 4 tools must open the file
 * (`shopledger encrypt --cipher sqlcipher-4`), and how ledgers were encrypted before.
 */
export type LedgerCipher = 'aegis-256' | 'sqlcipher-4';

export const NEW_LEDGER_CIPHER: LedgerCipher = 'aegis-256';

/**
 * Every setting written out, defaults included: a file opens only with the settings it was
 * written with, so a later driver changing a default must not change what we ask for.
 */
const CIPHER_SETTINGS: Record<LedgerCipher, readonly (readonly [string, string | number])[]> = {
  'aegis-256': [
    ['cipher', 'aegis'],
    ['algorithm', 'aegis-256'],
    // Argon2id for a passphrase: 2 passes over 19 MiB, one lane.
    ['tcost', 2],
    ['mcost', 19456],
    ['pcost', 1],
  ],
  'sqlcipher-4': [
    ['cipher', 'sqlcipher'],
    ['legacy', 4],
  ],
};

/** The file does not say which cipher it uses: an encrypted file is tried with each, newest first. */
export const KNOWN_CIPHERS: readonly LedgerCipher[] = ['aegis-256', 'sqlcipher-4'];

const settingText = (v: string | number) => (typeof v === 'number' ? String(v) : `'${v}'`);

/** The pragmas a connection runs before its key, for this cipher. */
export function cipherPragmas(cipher: LedgerCipher): string[] {
  return CIPHER_SETTINGS[cipher].map(([name, value]) => `${name} = ${settingText(value)}`);
}

/** The cipher of a keyed connection, as the driver reports it. */
export function cipherOf(raw: Database.Database): LedgerCipher {
  const name = raw.pragma('cipher', { simple: true });
  const found = KNOWN_CIPHERS.find((c) => CIPHER_SETTINGS[c][0]![1] === name);
  if (found === undefined) throw new Error(`The ledger connection uses cipher ${String(name)}, which ShopLedger does not write`);
  return found;
}

/** A file that cannot be read with the key given (or without one): wrong key, or not a ledger. */
export class LedgerKeyError extends Error {
  readonly code = 'ledger_key';
  constructor(
    readonly file: string,
    readonly keyGiven: boolean,
  ) {
    super(
      keyGiven
        ? `${file} could not be opened with this key: the passphrase or key is wrong, or the file is not a ShopLedger ledger.`
        : `${file} is encrypted (or is not a ShopLedger ledger): give its passphrase (--passphrase-file or SHOPLEDGER_PASSPHRASE).`,
    );
    this.name = 'LedgerKeyError';
  }
}

const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

/** 'plain' when the file starts with SQLite's clear header, 'new' when it is missing or empty. */
export function fileKind(file: string): 'new' | 'plain' | 'encrypted' {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return 'new';
    throw e;
  }
  try {
    const head = Buffer.alloc(SQLITE_HEADER.length);
    const n = readSync(fd, head, 0, head.length, 0);
    if (n === 0) return 'new';
    return n === head.length && head.equals(SQLITE_HEADER) ? 'plain' : 'encrypted';
  } finally {
    closeSync(fd);
  }
}

/**
 * The key as sqlite3_key takes it. A raw key is given in the cipher's own raw form, which skips
 * the KDF (SQLCipher's x'hex'; SQLite3 Multiple Ciphers' raw:hex for AEGIS), or it would be
 * taken for a passphrase.
 */
export function keyText(key: LedgerKey, cipher: LedgerCipher): string {
  if (key.kind === 'passphrase') return key.passphrase;
  if (key.key.length !== 32) throw new Error('A raw ledger key must be 32 bytes');
  const hex = key.key.toString('hex');
  return cipher === 'sqlcipher-4' ? `x'${hex}'` : `raw:${hex}`;
}

/** Must run before the first read of the file. */
export function applyKey(raw: Database.Database, key: LedgerKey, cipher: LedgerCipher = NEW_LEDGER_CIPHER): void {
  for (const p of cipherPragmas(cipher)) raw.pragma(p);
  raw.key(Buffer.from(keyText(key, cipher), 'utf8'));
}

/**
 * A URI that opens `file` with the given cipher and key: the destination of an encrypted online
 * backup, which the driver opens itself and could not otherwise be given a key.
 */
export function keyedUri(file: string, key: LedgerKey | undefined, cipher: LedgerCipher = NEW_LEDGER_CIPHER): string {
  const path = encodeURI(file.replaceAll('\\', '/')).replaceAll('?', '%3f').replaceAll('#', '%23');
  const prefix = path.startsWith('/') ? `file://${path}` : `file:///${path}`;
  if (!key) return prefix;
  const settings = CIPHER_SETTINGS[cipher].map(([name, value]) => `${name}=${encodeURIComponent(String(value))}`).join('&');
  return `${prefix}?${settings}&key=${encodeURIComponent(keyText(key, cipher))}`;
}

export function isNotADatabase(e: unknown): boolean {
  const code = (e as { code?: unknown }).code;
  return code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT';
}

/**
 * Encrypts a database in place with `cipher`, rewriting every page: a plain one, or one already
 * keyed with `key` under another cipher. For a copy nobody else has open.
 */
export function encryptInPlace(raw: Database.Database, key: LedgerKey, cipher: LedgerCipher = NEW_LEDGER_CIPHER): void {
  // Rekeying rewrites every page through the rollback journal, which WAL mode does not allow.
  raw.pragma('journal_mode = DELETE');
  for (const p of cipherPragmas(cipher)) raw.pragma(p);
  raw.rekey(Buffer.from(keyText(key, cipher), 'utf8'));
}
