import type { FastifyRequest } from 'fastify';
import { AppError } from '../../shared/errors.ts';
import { LOCAL_OWNER, type Caller } from '../../shared/permissions.ts';
import type { LedgerDb } from '../db/connection.ts';
import { callerForToken } from '../services/api-tokens.ts';

const isLoopbackAddress = (address: string | undefined): boolean =>
  address !== undefined && (address === '::1' || address.startsWith('127.') || address.startsWith('::ffff:127.'));

const unauthorised = (message: string) => new AppError({ code: 'forbidden', field: 'authorization', message });

/**
 * Who an HTTP request acts as:
 *  - `Authorization: Bearer <token>`: the token's scope (unknown or revoked tokens are refused);
 *  - no Authorization header, from a loopback address: the local owner, as before tokens;
 *  - no Authorization header from any other address: refused.
 */
export function tokenCallerFor(ledger: LedgerDb): (request: Pick<FastifyRequest, 'headers' | 'socket'>) => Caller {
  return (request) => {
    const header = request.headers.authorization;
    if (header === undefined) {
      if (isLoopbackAddress(request.socket.remoteAddress)) return LOCAL_OWNER;
      throw unauthorised('Calls from other machines need an API token (Authorization: Bearer <token>)');
    }
    const match = /^Bearer (\S+)$/.exec(header);
    if (!match) throw unauthorised('The Authorization header must be "Bearer <token>"');
    const caller = callerForToken(ledger, match[1]!);
    if (!caller) throw unauthorised('Unknown or revoked API token');
    return caller;
  };
}
