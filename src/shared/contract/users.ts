import { z } from 'zod';
import { PERMISSIONS } from '../permissions.ts';
import { BUILTIN_ROLES } from '../roles.ts';
import { id, isoTimestamp, ok, text } from './common.ts';
import { op } from './define.ts';

/** Sign-in names: letters, digits, dot, dash, underscore, @; compared without case. */
export const username = z
  .string()
  .trim()
  .min(2)
  .max(64)
  .regex(/^[\p{L}\p{N}._@-]+$/u, 'letters, digits, dot, dash, underscore and @ only');
/** At least 8 characters; no upper bound worth guessing at beyond what scrypt should hash. */
export const newPassword = z.string().min(8, 'at least 8 characters').max(256);
const password = z.string().min(1).max(256);

export const roleSchema = z.object({
  id,
  name: z.string(),
  builtin: z.enum(BUILTIN_ROLES).nullable(),
  permissions: z.array(z.enum(PERMISSIONS)),
  users: z.number().int(),
});

export const userSchema = z.object({
  id,
  username: z.string(),
  displayName: z.string(),
  roleId: id,
  roleName: z.string(),
  active: z.boolean(),
  createdAt: isoTimestamp,
});

export const me = z.object({
  userId: z.string(),
  displayName: z.string(),
  /** Null for callers that are not people (API tokens, local tools). */
  username: z.string().nullable(),
  roleName: z.string().nullable(),
  permissions: z.array(z.enum(PERMISSIONS)),
  /** The screen locks after this many idle minutes; the server ends idle sessions then too. */
  idleLockMinutes: z.number().int(),
});

const signedIn = z.object({
  /** The session token: `Authorization: Bearer <token>`; browsers get it as an HttpOnly cookie too. */
  token: z.string(),
  expiresAt: isoTimestamp,
  me,
});

const permissionList = z.array(z.enum(PERMISSIONS)).max(PERMISSIONS.length);

export const usersContract = {
  'session.status': op({
    kind: 'read',
    permission: 'public',
    summary: 'Whether the ledger still needs its first owner account (first-run setup)',
    input: z.object({}),
    output: z.object({ needsSetup: z.boolean() }),
  }),
  'session.setupOwner': op({
    kind: 'write',
    permission: 'public',
    summary: "First start only: create the owner's account and the built-in roles, and sign in",
    input: z.object({ username, displayName: text(100), password: newPassword }),
    output: signedIn,
  }),
  'session.signIn': op({
    kind: 'write',
    permission: 'public',
    summary: 'Sign in with user name and password; repeated wrong tries are slowed down',
    input: z.object({ username: z.string().trim().min(1).max(64), password }),
    output: signedIn,
  }),
  'session.signOut': op({
    kind: 'write',
    permission: 'signed_in',
    summary: 'End the current session',
    input: z.object({}),
    output: ok,
  }),
  'session.me': op({
    kind: 'read',
    permission: 'signed_in',
    summary: 'Who is calling and what they may do (the UI hides the rest)',
    input: z.object({}),
    output: me,
  }),
  'session.changePassword': op({
    kind: 'write',
    permission: 'signed_in',
    summary: 'Change your own password (needs the current one); your other sessions end',
    input: z.object({ currentPassword: password, newPassword }),
    output: ok,
  }),
  'users.list': op({
    kind: 'read',
    permission: 'users.manage',
    summary: 'List users and their roles',
    input: z.object({ includeInactive: z.boolean().default(true) }),
    output: z.object({ items: z.array(userSchema) }),
  }),
  'users.create': op({
    kind: 'write',
    permission: 'users.manage',
    summary: 'Create a user with a role and a first password',
    input: z.object({ username, displayName: text(100), roleId: id, password: newPassword }),
    output: userSchema,
  }),
  'users.update': op({
    kind: 'write',
    permission: 'users.manage',
    summary: "Change a user's name, role or whether they may sign in (a deactivated user's sessions end)",
    input: z.object({ id, displayName: text(100).optional(), roleId: id.optional(), active: z.boolean().optional() }),
    output: userSchema,
  }),
  'users.resetPassword': op({
    kind: 'write',
    permission: 'users.manage',
    summary: "Set a forgotten password anew; the user's sessions end",
    input: z.object({ id, password: newPassword }),
    output: ok,
  }),
  'roles.list': op({
    kind: 'read',
    permission: 'users.manage',
    summary: 'List roles with their permissions',
    input: z.object({}),
    output: z.object({ items: z.array(roleSchema) }),
  }),
  'roles.create': op({
    kind: 'write',
    permission: 'users.manage',
    summary: 'Create a role with a set of permissions',
    input: z.object({ name: text(60), permissions: permissionList }),
    output: roleSchema,
  }),
  'roles.update': op({
    kind: 'write',
    permission: 'users.manage',
    summary: "Rename a role or change its permissions (the owner role keeps every permission)",
    input: z.object({ id, name: text(60).optional(), permissions: permissionList.optional() }),
    output: roleSchema,
  }),
  'roles.delete': op({
    kind: 'write',
    permission: 'users.manage',
    summary: 'Delete a role no user holds (built-in roles stay)',
    input: z.object({ id }),
    output: ok,
  }),
  'security.updatePolicy': op({
    kind: 'write',
    permission: 'users.manage',
    summary: 'Idle minutes before the screen locks and an idle session ends',
    input: z.object({ idleLockMinutes: z.number().int().min(1).max(480) }),
    output: z.object({ idleLockMinutes: z.number().int() }),
  }),
} as const;
