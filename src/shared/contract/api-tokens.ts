import { z } from 'zod';
import { PERMISSIONS } from '../permissions.ts';
import { id, isoTimestamp, text } from './common.ts';
import { op } from './define.ts';

export const apiToken = z.object({
  id,
  name: z.string(),
  /** The first characters of the secret, to tell tokens apart; the secret itself is never shown again. */
  prefix: z.string(),
  permissions: z.array(z.enum(PERMISSIONS)),
  createdAt: isoTimestamp,
  revokedAt: isoTimestamp.nullable(),
});

/** Tokens act for integrations; managing tokens stays with people. */
const grantable = z.enum(PERMISSIONS).refine((p) => p !== 'integrations.manage', 'a token cannot be allowed to manage tokens');

export const apiTokensContract = {
  'apiTokens.list': op({
    kind: 'read',
    permission: 'integrations.manage',
    summary: 'List API tokens (without their secrets)',
    input: z.object({ includeRevoked: z.boolean().default(false) }),
    output: z.object({ items: z.array(apiToken) }),
  }),
  'apiTokens.create': op({
    kind: 'write',
    permission: 'integrations.manage',
    summary: 'Create an API token with a scope of permissions; the secret is in this answer only',
    input: z.object({ name: text(100), permissions: z.array(grantable).min(1).max(PERMISSIONS.length) }),
    output: apiToken.extend({ secret: z.string() }),
  }),
  'apiTokens.revoke': op({
    kind: 'write',
    permission: 'integrations.manage',
    summary: 'Revoke an API token: calls with it are refused from then on',
    input: z.object({ id }),
    output: apiToken,
  }),
} as const;
