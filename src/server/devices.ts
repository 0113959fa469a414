import { createHash, randomBytes } from 'node:crypto';
import { newId } from '../shared/ids.ts';
import type { Storage } from './storage.ts';
import type { DeviceTable } from './schema.ts';

// Enrollment codes and device credentials. Both are random secrets shown once and kept only as
// SHA-256 hashes, so a copy of the database does not let anyone sync as a device.

export const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

export type Device = Pick<DeviceTable, 'id' | 'name' | 'station_id' | 'role' | 'token_hash'> & { readonly last_seen_at?: string | null };

export class AuthError extends Error {
  constructor(
    readonly status: 401 | 403,
    message: string,
  ) {
    super(message);
  }
}

const ENROLLMENT_TTL_MS = 24 * 3600_000;

export async function createEnrollment(storage: Storage, role: 'station' | 'owner', now = new Date()): Promise<{ code: string; expiresAt: string }> {
  const code = `sle_${randomBytes(18).toString('base64url')}`;
  const expiresAt = new Date(now.getTime() + ENROLLMENT_TTL_MS).toISOString();
  await storage.db.insertInto('enrollment').values({ code_hash: sha256(code), role, created_at: now.toISOString(), expires_at: expiresAt, used_at: null, device_id: null }).execute();
  return { code, expiresAt };
}

/** Spends a code (once) for a new device bound to one station; returns its credential. */
export async function enroll(storage: Storage, input: { code: string; name: string; station: string }, now = new Date()): Promise<{ deviceId: string; token: string }> {
  const token = `sld_${randomBytes(32).toString('base64url')}`;
  const deviceId = newId();
  const at = now.toISOString();
  await storage.db.transaction().execute(async (trx) => {
    // The update is the claim: of two stations racing for one code, only one matches.
    const claimed = await trx
      .updateTable('enrollment')
      .set({ used_at: at, device_id: deviceId })
      .where('code_hash', '=', sha256(input.code))
      .where('used_at', 'is', null)
      .where('expires_at', '>', at)
      .returning('role')
      .executeTakeFirst();
    if (!claimed) throw new AuthError(403, 'The enrollment code is unknown, used or expired');
    await trx
      .insertInto('device')
      .values({ id: deviceId, name: input.name, station_id: input.station, role: claimed.role, token_hash: sha256(token), created_at: at, revoked_at: null, last_seen_at: null })
      .execute();
  });
  return { deviceId, token };
}

const BEARER = /^Bearer (sld_[A-Za-z0-9_-]{43})$/;

/** The device a request speaks for, or an AuthError: missing, malformed, unknown or revoked. */
export async function authenticate(storage: Storage, authorization: string | undefined): Promise<Device> {
  if (!authorization) throw new AuthError(401, 'A device credential is required');
  const m = BEARER.exec(authorization);
  if (!m) throw new AuthError(401, 'The device credential is malformed');
  const device = await storage.db
    .selectFrom('device')
    .select(['id', 'name', 'station_id', 'role', 'token_hash', 'revoked_at', 'last_seen_at'])
    .where('token_hash', '=', sha256(m[1]!))
    .executeTakeFirst();
  if (!device) throw new AuthError(403, 'The device credential is not known');
  if (device.revoked_at !== null) throw new AuthError(403, 'This device was revoked');
  return device;
}

export async function listDevices(storage: Storage) {
  return storage.db.selectFrom('device').select(['id', 'name', 'station_id', 'role', 'created_at', 'revoked_at', 'last_seen_at', 'acked_seq']).orderBy('created_at').execute();
}

export async function revokeDevice(storage: Storage, id: string, now = new Date()): Promise<boolean> {
  const r = await storage.db.updateTable('device').set({ revoked_at: now.toISOString() }).where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}
