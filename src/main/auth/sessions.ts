import { createHash, randomBytes } from 'node:crypto';
import { PERMISSIONS, type Caller, type Permission } from '../../shared/permissions.ts';
import type { LedgerDb } from '../db/connection.ts';
import { exclusive } from '../db/transaction.ts';

/**
 * Sessions: a random 256-bit token (`sls_<base64url>`) given to the client once; the ledger keeps
 * its SHA-256 (nothing to brute-force in a random secret), the user, and three times: created,
 * last seen, expires. A session ends on sign-out, after `SESSION_HOURS`, after the idle minutes
 * of the security policy without a call, when the user is deactivated or their password reset.
 */

export const SESSION_PREFIX = 'sls_';
export const SESSION_HOURS = 12;
export const IDLE_SETTING = 'security.idle_lock_minutes';
export const DEFAULT_IDLE_MINUTES = 15;
// Seen-times are written at most this often, so a burst of calls is not a burst of fsyncs.
const TOUCH_EVERY_MS = 30_000;

export const hashSessionToken = (token: string): string => createHash('sha256').update(token).digest('hex');
export const newSessionToken = (): string => `${SESSION_PREFIX}${randomBytes(32).toString('base64url')}`;

/** A role's permissions as they are now; the owner role always has every permission. */
export function rolePermissions(builtin: string | null, permissionsJson: string): ReadonlySet<Permission> {
  if (builtin === 'owner') return new Set(PERMISSIONS);
  const known = new Set<string>(PERMISSIONS);
  return new Set((JSON.parse(permissionsJson) as string[]).filter((p): p is Permission => known.has(p)));
}

export function idleMinutes(ledger: LedgerDb): number {
  const row = ledger.prepare('SELECT value FROM setting WHERE id = ?').get(IDLE_SETTING) as { value: string } | undefined;
  return row ? (JSON.parse(row.value) as number) : DEFAULT_IDLE_MINUTES;
}

type SessionRow = {
  id: string;
  user_id: string;
  last_seen_at: string;
  expires_at: string;
  ended_at: string | null;
  display_name: string;
  active: number;
  builtin: string | null;
  permissions: string;
};

export type SessionCheck = { readonly caller: Caller } | { readonly refused: 'unknown' | 'ended' | 'expired' | 'idle' | 'inactive' };

/**
 * Who a session token acts as, now; touches the session's last-seen time. Takes the ledger's
 * turn, so its statements never land inside another operation's open transaction.
 */
export function checkSession(ledger: LedgerDb, token: string, now: Date): Promise<SessionCheck> {
  return exclusive(ledger, () => checkSessionNow(ledger, token, now));
}

function checkSessionNow(ledger: LedgerDb, token: string, now: Date): SessionCheck {
  if (!token.startsWith(SESSION_PREFIX) || token.length > 200) return { refused: 'unknown' };
  const row = ledger
    .prepare(
      `SELECT s.id, s.user_id, s.last_seen_at, s.expires_at, s.ended_at, u.display_name, u.active, r.builtin, r.permissions
       FROM user_session s JOIN app_user u ON u.id = s.user_id JOIN role r ON r.id = u.role_id
       WHERE s.token_hash = ?`,
    )
    .get(hashSessionToken(token)) as SessionRow | undefined;
  if (!row) return { refused: 'unknown' };
  if (row.ended_at !== null) return { refused: 'ended' };
  if (row.active !== 1) return { refused: 'inactive' };
  const nowMs = now.getTime();
  if (Date.parse(row.expires_at) <= nowMs) return { refused: 'expired' };
  if (Date.parse(row.last_seen_at) + idleMinutes(ledger) * 60_000 <= nowMs) return { refused: 'idle' };
  if (nowMs - Date.parse(row.last_seen_at) >= TOUCH_EVERY_MS) {
    ledger.prepare('UPDATE user_session SET last_seen_at = ? WHERE id = ?').run(now.toISOString(), row.id);
  }
  return { caller: { userId: row.user_id, displayName: row.display_name, permissions: rolePermissions(row.builtin, row.permissions), sessionId: row.id } };
}
