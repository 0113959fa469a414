import { createHash, randomBytes } from 'node:crypto';
import type { z } from 'zod';
import type { apiToken } from '../../shared/contract/api-tokens.ts';
import { conflict, notFound } from '../../shared/errors.ts';
import { newId } from '../../shared/ids.ts';
import type { Caller, Permission } from '../../shared/permissions.ts';
import type { LedgerDb } from '../db/connection.ts';
import type { ApiTokenTable } from '../db/schema.ts';
import type { Handlers } from './context.ts';

/**
 * API tokens: 32 random bytes, shown once as `slt_<base64url>`. The ledger keeps the SHA-256 of
 * the secret (a fast hash is enough for a random 256-bit secret: there is nothing to guess), its
 * first characters to tell tokens apart, and its permission scope. Creating and revoking are
 * journaled; the journal never sees the secret.
 */

const TOKEN_PREFIX = 'slt_';

export const hashToken = (secret: string): string => createHash('sha256').update(secret).digest('hex');

const toToken = (r: ApiTokenTable): z.infer<typeof apiToken> => ({
  id: r.id,
  name: r.name,
  prefix: r.prefix,
  permissions: JSON.parse(r.permissions) as Permission[],
  createdAt: r.created_at,
  revokedAt: r.revoked_at,
});

/** The caller a token acts as, or null for an unknown or revoked token. */
export function callerForToken(ledger: LedgerDb, secret: string): Caller | null {
  if (!secret.startsWith(TOKEN_PREFIX) || secret.length > 200) return null;
  const row = ledger.prepare('SELECT id, name, permissions FROM api_token WHERE token_hash = ? AND revoked_at IS NULL').get(hashToken(secret)) as
    | Pick<ApiTokenTable, 'id' | 'name' | 'permissions'>
    | undefined;
  if (!row) return null;
  return { userId: `token:${row.id}`, displayName: row.name, permissions: new Set(JSON.parse(row.permissions) as Permission[]) };
}

export const apiTokensHandlers = {
  'apiTokens.list': async (ctx, input) => {
    let q = ctx.db.selectFrom('api_token').selectAll();
    if (!input.includeRevoked) q = q.where('revoked_at', 'is', null);
    return { items: (await q.orderBy('created_at').orderBy('id').execute()).map(toToken) };
  },
  'apiTokens.create': async (ctx, input) => {
    const secret = `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
    const row: ApiTokenTable = {
      id: newId(),
      name: input.name,
      prefix: secret.slice(0, 12),
      token_hash: hashToken(secret),
      permissions: JSON.stringify([...new Set(input.permissions)].sort()),
      created_at: ctx.now,
      revoked_at: null,
    };
    await ctx.tx.insert('api_token', row);
    return { ...toToken(row), secret };
  },
  'apiTokens.revoke': async (ctx, input) => {
    const row = await ctx.db.selectFrom('api_token').selectAll().where('id', '=', input.id).executeTakeFirst();
    if (!row) throw notFound('API token', 'id', input.id);
    if (row.revoked_at !== null) throw conflict('The token is already revoked', { revokedAt: row.revoked_at }, 'id');
    await ctx.tx.update('api_token', row.id, { revoked_at: ctx.now });
    return toToken({ ...row, revoked_at: ctx.now });
  },
} satisfies Pick<Handlers, 'apiTokens.list' | 'apiTokens.create' | 'apiTokens.revoke'>;
