import { createDecipheriv, createHmac, pbkdf2Sync, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';

// SQLCipher 4's page format, written from its published design with node:crypto alone, so a test
// can show that a ledger said to be SQLCipher-compatible reads without our driver: the file's
// first 16 bytes are the salt; each page ends with 80 reserved bytes, a random IV (16) and an
// HMAC-SHA512 (64) over the page's ciphertext, that IV and the page number (4 bytes, little
// endian); the rest is AES-256-CBC. The encryption key is the raw key, or PBKDF2-HMAC-SHA512 of
// the passphrase (256,000 rounds); the HMAC key is PBKDF2-HMAC-SHA512 of the encryption key with
// the salt XOR 0x3a (2 rounds).

const PAGE = 4096;
const SALT = 16;
const IV = 16;
const MAC = 64;
const RESERVE = IV + MAC;

export type Sqlcipher4Secret = { readonly raw: Buffer } | { readonly passphrase: string };

export type Sqlcipher4File = {
  readonly pages: number;
  /** Page numbers (from 1) whose HMAC does not match. */
  readonly badPages: number[];
  /** The whole database decrypted, SQLite's clear header put back in place of the salt: a plain SQLite file. */
  readonly clear: Buffer;
};

export function readSqlcipher4(file: string, secret: Sqlcipher4Secret): Sqlcipher4File {
  const bytes = readFileSync(file);
  if (bytes.length === 0 || bytes.length % PAGE !== 0) throw new Error(`${file}: ${bytes.length} bytes is not a whole number of ${PAGE}-byte pages`);
  const salt = bytes.subarray(0, SALT);
  const key = 'raw' in secret ? secret.raw : pbkdf2Sync(secret.passphrase, salt, 256_000, 32, 'sha512');
  const macSalt = Buffer.from(salt.map((b) => b ^ 0x3a));
  const macKey = pbkdf2Sync(key, macSalt, 2, 32, 'sha512');
  const badPages: number[] = [];
  const clear: Buffer[] = [];
  for (let n = 1; n * PAGE <= bytes.length; n++) {
    const page = bytes.subarray((n - 1) * PAGE, n * PAGE);
    const from = n === 1 ? SALT : 0;
    const cipherText = page.subarray(from, PAGE - RESERVE);
    const iv = page.subarray(PAGE - RESERVE, PAGE - MAC);
    const pgno = Buffer.alloc(4);
    pgno.writeUInt32LE(n);
    const mac = createHmac('sha512', macKey).update(cipherText).update(iv).update(pgno).digest();
    if (!timingSafeEqual(mac, page.subarray(PAGE - MAC))) badPages.push(n);
    const d = createDecipheriv('aes-256-cbc', key, iv).setAutoPadding(false);
    if (n === 1) clear.push(Buffer.from('SQLite format 3\0', 'latin1'));
    clear.push(d.update(cipherText), d.final(), Buffer.alloc(RESERVE));
  }
  return { pages: bytes.length / PAGE, badPages, clear: Buffer.concat(clear) };
}

/**
 * The header fields of the decrypted file that show its layout and that a wrong key could not
 * produce: page size, reserved bytes per page, and the payload fractions SQLite fixes at 64/32/32.
 */
export function headerLayout(clear: Buffer): { pageSize: number; reserved: number; fractions: number[] } {
  return { pageSize: clear.readUInt16BE(16), reserved: clear[20]!, fractions: [clear[21]!, clear[22]!, clear[23]!] };
}
