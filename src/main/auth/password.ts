import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/**
 * Password hashing with scrypt (node:crypto), a random 16-byte salt per hash and the cost
 * parameters stored with it (`scrypt$N$r$p$salt$hash`), so they can be raised later while old
 * hashes still verify. Comparison is constant-time. Passwords are never stored or logged.
 */

export type ScryptParams = { readonly N: number; readonly r: number; readonly p: number };

/** 2^15 × 8 × 128 bytes = 32 MiB and roughly 0.1 s per hash on a shop's PC. */
export const DEFAULT_PARAMS: ScryptParams = { N: 2 ** 15, r: 8, p: 1 };
const KEY_LENGTH = 32;
// A stored hash is data: cap what it may ask for, so a tampered row cannot exhaust memory.
const MAX_N = 2 ** 20;

function derive(password: string, salt: Buffer, params: ScryptParams): Promise<Buffer> {
  const options: ScryptOptions = { N: params.N, r: params.r, p: params.p, maxmem: 256 * params.N * params.r + 1024 * 1024 };
  return new Promise((done, fail) => scrypt(password.normalize('NFC'), salt, KEY_LENGTH, options, (err, key) => (err ? fail(err) : done(key))));
}

export async function hashPassword(password: string, params: ScryptParams = DEFAULT_PARAMS): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, params);
  return `scrypt$${params.N}$${params.r}$${params.p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

function parse(stored: string): { params: ScryptParams; salt: Buffer; key: Buffer } | null {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return null;
  const [N, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
  if (![N, r, p].every(Number.isSafeInteger) || N < 2 || N > MAX_N || (N & (N - 1)) !== 0 || r < 1 || r > 32 || p < 1 || p > 16) return null;
  const salt = Buffer.from(parts[4]!, 'base64');
  const key = Buffer.from(parts[5]!, 'base64');
  if (salt.length < 16 || key.length !== KEY_LENGTH) return null;
  return { params: { N, r, p }, salt, key };
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parse(stored);
  if (!parsed) return false;
  const key = await derive(password, parsed.salt, parsed.params);
  return timingSafeEqual(key, parsed.key);
}

let dummy: Promise<string> | undefined;
/**
 * Spends the time of one verification for a user name that does not exist, so the answer's
 * timing does not tell which names are real.
 */
export async function verifyNobody(password: string): Promise<false> {
  dummy ??= hashPassword('no user has this password');
  await verifyPassword(password, await dummy);
  return false;
}
