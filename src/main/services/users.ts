import type { z } from 'zod';
import type { me as meSchema, userSchema } from '../../shared/contract/users.ts';
import { AppError, conflict, notFound, unauthenticated } from '../../shared/errors.ts';
import { newId } from '../../shared/ids.ts';
import { hashPassword, verifyNobody, verifyPassword } from '../auth/password.ts';
import { DEFAULT_IDLE_MINUTES, hashSessionToken, IDLE_SETTING, newSessionToken, rolePermissions, SESSION_HOURS } from '../auth/sessions.ts';
import { signInThrottle } from '../auth/throttle.ts';
import type { AppUserTable } from '../db/schema.ts';
import type { Handlers, ReadContext, ReadDb, WriteContext } from './context.ts';
import { seedBuiltinRoles } from './roles.ts';

/**
 * People: first-run owner setup, sign in and out, one's own password, and the owner's user
 * management. Users are journaled (the journal holds the scrypt hash, never a password);
 * sessions are not (see migration 0006). The journal's actor of every change is the user id.
 */

type Me = z.infer<typeof meSchema>;
type User = z.infer<typeof userSchema>;

export async function idleLockMinutes(db: ReadDb): Promise<number> {
  const row = await db.selectFrom('setting').select('value').where('id', '=', IDLE_SETTING).executeTakeFirst();
  return row ? (JSON.parse(row.value) as number) : DEFAULT_IDLE_MINUTES;
}

async function hasUsers(db: ReadDb): Promise<boolean> {
  return (await db.selectFrom('app_user').select('id').limit(1).executeTakeFirst()) !== undefined;
}

async function meOf(ctx: ReadContext): Promise<Me> {
  const idle = await idleLockMinutes(ctx.db);
  const row = await ctx.db
    .selectFrom('app_user')
    .innerJoin('role', 'role.id', 'app_user.role_id')
    .select(['app_user.username', 'app_user.display_name', 'role.name'])
    .where('app_user.id', '=', ctx.caller.userId)
    .executeTakeFirst();
  return {
    userId: ctx.caller.userId,
    displayName: row?.display_name ?? ctx.caller.displayName,
    username: row?.username ?? null,
    roleName: row?.name ?? null,
    permissions: [...ctx.caller.permissions].sort(),
    idleLockMinutes: idle,
  };
}

/** Opens a session for a user whose password was just checked. */
async function openSession(ctx: WriteContext, user: Pick<AppUserTable, 'id' | 'display_name'>, builtin: string | null, permissions: string) {
  const token = newSessionToken();
  const expiresAt = new Date(Date.parse(ctx.now) + SESSION_HOURS * 3600_000).toISOString();
  const sessionId = newId();
  // Station-local transport state, like idempotency keys: written in the call's transaction, not journaled.
  await ctx.tx.db
    .insertInto('user_session')
    .values({ id: sessionId, user_id: user.id, token_hash: hashSessionToken(token), created_at: ctx.now, last_seen_at: ctx.now, expires_at: expiresAt, ended_at: null })
    .execute();
  const caller = { userId: user.id, displayName: user.display_name, permissions: rolePermissions(builtin, permissions), sessionId };
  return { token, expiresAt, me: await meOf({ ...ctx, caller }) };
}

async function endSessions(ctx: WriteContext, userId: string, except?: string): Promise<void> {
  let q = ctx.tx.db.updateTable('user_session').set({ ended_at: ctx.now }).where('user_id', '=', userId).where('ended_at', 'is', null);
  if (except !== undefined) q = q.where('id', '!=', except);
  await q.execute();
}

async function userById(db: ReadDb, id: string, field = 'id'): Promise<User> {
  const row = await db
    .selectFrom('app_user')
    .innerJoin('role', 'role.id', 'app_user.role_id')
    .select(['app_user.id', 'app_user.username', 'app_user.display_name', 'app_user.role_id', 'app_user.active', 'app_user.created_at', 'role.name as role_name'])
    .where('app_user.id', '=', id)
    .executeTakeFirst();
  if (!row) throw notFound('User', field, id);
  return { id: row.id, username: row.username, displayName: row.display_name, roleId: row.role_id, roleName: row.role_name, active: row.active === 1, createdAt: row.created_at };
}

async function requireRole(db: ReadDb, roleId: string): Promise<{ builtin: string | null }> {
  const role = await db.selectFrom('role').select(['id', 'builtin']).where('id', '=', roleId).executeTakeFirst();
  if (!role) throw notFound('Role', 'roleId', roleId);
  return role;
}

async function usernameTaken(db: ReadDb, username: string, exceptId?: string): Promise<boolean> {
  let q = db.selectFrom('app_user').select('id').where((eb) => eb(eb.fn('lower', ['username']), '=', username.toLowerCase()));
  if (exceptId !== undefined) q = q.where('id', '!=', exceptId);
  return (await q.executeTakeFirst()) !== undefined;
}

/** The last active owner cannot be demoted or deactivated: the shop would have nobody to manage users. */
async function assertOwnerRemains(db: ReadDb, userId: string): Promise<void> {
  const owners = await db
    .selectFrom('app_user')
    .innerJoin('role', 'role.id', 'app_user.role_id')
    .select('app_user.id')
    .where('role.builtin', '=', 'owner')
    .where('app_user.active', '=', 1)
    .where('app_user.id', '!=', userId)
    .execute();
  if (owners.length === 0) throw conflict('At least one active owner must remain', undefined, 'roleId');
}

export const usersHandlers = {
  'session.status': async (ctx) => ({ needsSetup: !(await hasUsers(ctx.db)) }),

  'session.setupOwner': async (ctx, input) => {
    if (await hasUsers(ctx.db)) throw conflict('This ledger already has its owner; sign in instead', undefined, 'username');
    const roles = await seedBuiltinRoles(ctx);
    const user: AppUserTable = {
      id: newId(),
      username: input.username,
      display_name: input.displayName,
      role_id: roles.owner,
      password_hash: await hashPassword(input.password),
      active: 1,
      created_at: ctx.now,
      updated_at: ctx.now,
    };
    await ctx.tx.insert('app_user', user);
    ctx.tx.actor = user.id;
    return openSession(ctx, user, 'owner', '[]');
  },

  'session.signIn': async (ctx, input) => {
    const keys = [`user:${input.username.toLowerCase()}`, `address:${ctx.address}`];
    const throttle = signInThrottle(ctx.stationId);
    const nowMs = Date.parse(ctx.now);
    const wait = throttle.waitSeconds(keys, nowMs);
    if (wait > 0) {
      throw new AppError({ code: 'rate_limited', field: 'password', message: `Too many wrong tries: wait ${wait} s`, details: { retryAfterSeconds: wait } });
    }
    const row = await ctx.db
      .selectFrom('app_user')
      .innerJoin('role', 'role.id', 'app_user.role_id')
      .select(['app_user.id', 'app_user.display_name', 'app_user.password_hash', 'app_user.active', 'role.builtin', 'role.permissions'])
      .where((eb) => eb(eb.fn('lower', ['app_user.username']), '=', input.username.toLowerCase()))
      .executeTakeFirst();
    const good = row ? await verifyPassword(input.password, row.password_hash) : await verifyNobody(input.password);
    if (!row || !good || row.active !== 1) {
      throttle.fail(keys, nowMs);
      // One answer for unknown name, wrong password and deactivated user: nothing to learn from it.
      throw unauthenticated('Wrong user name or password', 'password');
    }
    throttle.clear([keys[0]!]);
    return openSession(ctx, row, row.builtin, row.permissions);
  },

  'session.signOut': async (ctx) => {
    if (ctx.caller.sessionId !== undefined) {
      await ctx.tx.db.updateTable('user_session').set({ ended_at: ctx.now }).where('id', '=', ctx.caller.sessionId).where('ended_at', 'is', null).execute();
    }
    return { ok: true as const };
  },

  'session.me': (ctx) => meOf(ctx),

  'session.changePassword': async (ctx, input) => {
    const row = await ctx.db.selectFrom('app_user').select(['id', 'password_hash']).where('id', '=', ctx.caller.userId).executeTakeFirst();
    if (!row) throw new AppError({ code: 'forbidden', field: 'currentPassword', message: 'Only people with an account have a password to change' });
    if (!(await verifyPassword(input.currentPassword, row.password_hash))) throw unauthenticated('The current password is wrong', 'currentPassword');
    await ctx.tx.update('app_user', row.id, { password_hash: await hashPassword(input.newPassword), updated_at: ctx.now });
    await endSessions(ctx, row.id, ctx.caller.sessionId);
    return { ok: true as const };
  },

  'users.list': async (ctx, input) => {
    let q = ctx.db.selectFrom('app_user').select('id').orderBy('username');
    if (!input.includeInactive) q = q.where('active', '=', 1);
    const ids = await q.execute();
    const items = await Promise.all(ids.map((r) => userById(ctx.db, r.id)));
    return { items: items.sort((a, b) => a.username.localeCompare(b.username, 'en', { sensitivity: 'base' })) };
  },

  'users.create': async (ctx, input) => {
    await requireRole(ctx.db, input.roleId);
    if (await usernameTaken(ctx.db, input.username)) throw conflict('This user name is taken', { username: input.username }, 'username');
    const id = newId();
    await ctx.tx.insert('app_user', {
      id,
      username: input.username,
      display_name: input.displayName,
      role_id: input.roleId,
      password_hash: await hashPassword(input.password),
      active: 1,
      created_at: ctx.now,
      updated_at: ctx.now,
    });
    return userById(ctx.db, id);
  },

  'users.update': async (ctx, input) => {
    const before = await userById(ctx.db, input.id);
    const patch: Partial<AppUserTable> = {};
    if (input.displayName !== undefined && input.displayName !== before.displayName) patch.display_name = input.displayName;
    if (input.roleId !== undefined && input.roleId !== before.roleId) {
      await requireRole(ctx.db, input.roleId);
      patch.role_id = input.roleId;
    }
    if (input.active !== undefined && input.active !== before.active) patch.active = input.active ? 1 : 0;
    if (Object.keys(patch).length === 0) return before;
    const wasOwner = (await requireRole(ctx.db, before.roleId)).builtin === 'owner';
    const staysOwner = patch.role_id === undefined || (await requireRole(ctx.db, patch.role_id)).builtin === 'owner';
    if (wasOwner && (!staysOwner || patch.active === 0)) await assertOwnerRemains(ctx.db, before.id);
    await ctx.tx.update('app_user', before.id, { ...patch, updated_at: ctx.now });
    if (patch.active === 0) await endSessions(ctx, before.id);
    return userById(ctx.db, before.id);
  },

  'users.resetPassword': async (ctx, input) => {
    const user = await userById(ctx.db, input.id);
    await ctx.tx.update('app_user', user.id, { password_hash: await hashPassword(input.password), updated_at: ctx.now });
    await endSessions(ctx, user.id);
    signInThrottle(ctx.stationId).clear([`user:${user.username.toLowerCase()}`]);
    return { ok: true as const };
  },
} satisfies Pick<
  Handlers,
  | 'session.status'
  | 'session.setupOwner'
  | 'session.signIn'
  | 'session.signOut'
  | 'session.me'
  | 'session.changePassword'
  | 'users.list'
  | 'users.create'
  | 'users.update'
  | 'users.resetPassword'
>;
