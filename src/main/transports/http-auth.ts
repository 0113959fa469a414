import type { FastifyRequest } from 'fastify';
import type { Clock } from '../../shared/clock.ts';
import { unauthenticated } from '../../shared/errors.ts';
import { ANONYMOUS, type Caller } from '../../shared/permissions.ts';
import { checkSession, SESSION_HOURS, SESSION_PREFIX } from '../auth/sessions.ts';
import type { LedgerDb } from '../db/connection.ts';
import { callerForToken } from '../services/api-tokens.ts';

/** The browser keeps its session in this HttpOnly cookie; scripts in the page never see it. */
export const SESSION_COOKIE = 'sl_session';

export function sessionCookie(token: string): string {
  return `${SESSION_COOKIE}=${token}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${SESSION_HOURS * 3600}`;
}
export const CLEAR_SESSION_COOKIE = `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0`;

function cookieValue(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

const REFUSALS: Readonly<Record<string, string>> = {
  unknown: 'Unknown session: sign in again',
  ended: 'This session has ended: sign in again',
  expired: 'This session has expired: sign in again',
  idle: 'This session ended after idle time: sign in again',
  inactive: 'This user may no longer sign in',
};

/**
 * Who an HTTP request acts as. Every address is treated alike (loopback included: any local
 * program or a page in any browser tab can reach 127.0.0.1):
 *  - `Authorization: Bearer slt_…`: an API token, with its scope;
 *  - `Authorization: Bearer sls_…` or the session cookie: the signed-in user;
 *  - nothing: anonymous, which may only call the `public` operations (sign in, first-run setup);
 *  - anything else (unknown, revoked, expired, malformed): refused with 401 before any operation runs.
 */
export function requestCallerFor(ledger: LedgerDb, clock: Clock): (request: Pick<FastifyRequest, 'headers'>) => Promise<Caller> {
  return async (request) => {
    const header = request.headers.authorization;
    let secret: string | undefined;
    if (header !== undefined) {
      const match = /^Bearer ([\x21-\x7E]{1,200})$/.exec(header);
      if (!match) throw unauthenticated('The Authorization header must be "Bearer <token>"');
      secret = match[1]!;
    } else {
      secret = cookieValue(request.headers.cookie, SESSION_COOKIE);
      if (secret === '') secret = undefined;
    }
    if (secret === undefined) return ANONYMOUS;
    if (secret.startsWith(SESSION_PREFIX)) {
      const check = await checkSession(ledger, secret, clock.now());
      if ('refused' in check) throw unauthenticated(REFUSALS[check.refused]);
      return check.caller;
    }
    const caller = callerForToken(ledger, secret);
    if (!caller) throw unauthenticated('Unknown or revoked API token');
    return caller;
  };
}
