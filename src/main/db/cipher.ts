import { closeSync, openSync, readSync } from 'node:fs';
import type Database from 'better-sqlite3-multiple-ciphers';

/**
 * The key of an encrypted ledger. A passphrase goes through SQLCipher's own KDF (PBKDF2-SHA512,
 * 256,000 rounds, salted by the file's first 16 bytes), so no salt is kept anywhere else; a raw
 * key is 32 random bytes that the desktop shell keeps in the OS keychain and skips the KDF.
 */
export type LedgerKey = { readonly kind: 'passphrase'; readonly passphrase: string } | { readonly kind: 'raw'; readonly key: Buffer };

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

/** The key as sqlite3_key takes it: a raw key in SQLCipher's x'hex' form, which skips the KDF. */
export function keyText(key: LedgerKey): string {
  if (key.kind === 'passphrase') return key.passphrase;
  if (key.key.length !== 32) throw new Error('A raw ledger key must be 32 bytes');
  return `x'${key.key.toString('hex')}'`;
}

/** The cipher settings a connection applies before its key (see applyKey). */
export const CIPHER_PRAGMAS: readonly string[] = [`cipher = 'sqlcipher'`, 'legacy = 4'];

/**
 * SQLCipher 4's layout (AES-256-CBC, HMAC-SHA512 per page, 4 KiB pages), so the file opens in
 * any SQLCipher 4 tool with the same passphrase. Must run before the first read of the file.
 */
export function applyKey(raw: Database.Database, key: LedgerKey): void {
  for (const p of CIPHER_PRAGMAS) raw.pragma(p);
  raw.key(Buffer.from(keyText(key), 'utf8'));
}

/**
 * A URI that opens `file` with the same cipher and key: the destination of an encrypted online
 * backup, which the driver opens itself and could not otherwise be given a key.
 */
export function keyedUri(file: string, key: LedgerKey | undefined): string {
  const path = encodeURI(file.replaceAll('\\', '/')).replaceAll('?', '%3f').replaceAll('#', '%23');
  const prefix = path.startsWith('/') ? `file://${path}` : `file:///${path}`;
  if (!key) return prefix;
  return `${prefix}?cipher=sqlcipher&legacy=4&key=${encodeURIComponent(keyText(key))}`;
}

export function isNotADatabase(e: unknown): boolean {
  const code = (e as { code?: unknown }).code;
  return code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT';
}

/** Encrypts a plain database in place (rewriting every page); for a copy nobody else has open. */
export function encryptInPlace(raw: Database.Database, key: LedgerKey): void {
  // Rekeying rewrites every page through the rollback journal, which WAL mode does not allow.
  raw.pragma('journal_mode = DELETE');
  raw.pragma(`cipher = 'sqlcipher'`);
  raw.pragma('legacy = 4');
  raw.rekey(Buffer.from(keyText(key), 'utf8'));
}
