import type { z } from 'zod';
import type { roleSchema } from '../../shared/contract/users.ts';
import { conflict, notFound } from '../../shared/errors.ts';
import { newId } from '../../shared/ids.ts';
import { PERMISSIONS, type Permission } from '../../shared/permissions.ts';
import { BUILTIN_ROLE_NAMES, BUILTIN_ROLE_PERMISSIONS, BUILTIN_ROLES, type BuiltinRole } from '../../shared/roles.ts';
import { IDLE_SETTING } from '../auth/sessions.ts';
import type { RoleTable } from '../db/schema.ts';
import type { Handlers, ReadDb, WriteContext } from './context.ts';

/** Roles with editable permission sets, and the security policy (idle minutes). */

type Role = z.infer<typeof roleSchema>;

const sortedJson = (permissions: readonly Permission[]): string => JSON.stringify([...new Set(permissions)].sort());

/** Writes the built-in roles (journaled) when the first owner is set up; returns their ids. */
export async function seedBuiltinRoles(ctx: WriteContext): Promise<Record<BuiltinRole, string>> {
  const ids = {} as Record<BuiltinRole, string>;
  for (const builtin of BUILTIN_ROLES) {
    const existing = await ctx.db.selectFrom('role').select('id').where('builtin', '=', builtin).executeTakeFirst();
    if (existing) {
      ids[builtin] = existing.id;
      continue;
    }
    ids[builtin] = newId();
    await ctx.tx.insert('role', {
      id: ids[builtin],
      name: BUILTIN_ROLE_NAMES[builtin],
      builtin,
      permissions: sortedJson(BUILTIN_ROLE_PERMISSIONS[builtin]),
      created_at: ctx.now,
      updated_at: ctx.now,
    });
  }
  return ids;
}

async function roleById(db: ReadDb, id: string): Promise<Role> {
  const row = await db.selectFrom('role').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('Role', 'id', id);
  return toRole(db, row);
}

async function toRole(db: ReadDb, row: RoleTable): Promise<Role> {
  const count = await db.selectFrom('app_user').select((eb) => eb.fn.countAll<number>().as('n')).where('role_id', '=', row.id).executeTakeFirstOrThrow();
  const permissions = row.builtin === 'owner' ? [...PERMISSIONS].sort() : (JSON.parse(row.permissions) as Permission[]);
  return { id: row.id, name: row.name, builtin: row.builtin as BuiltinRole | null, permissions, users: Number(count.n) };
}

async function nameTaken(db: ReadDb, name: string, exceptId?: string): Promise<boolean> {
  let q = db.selectFrom('role').select('id').where((eb) => eb(eb.fn('lower', ['name']), '=', name.toLowerCase()));
  if (exceptId !== undefined) q = q.where('id', '!=', exceptId);
  return (await q.executeTakeFirst()) !== undefined;
}

export const rolesHandlers = {
  'roles.list': async (ctx) => {
    const rows = await ctx.db.selectFrom('role').selectAll().orderBy('created_at').orderBy('id').execute();
    return { items: await Promise.all(rows.map((r) => toRole(ctx.db, r))) };
  },
  'roles.create': async (ctx, input) => {
    if (await nameTaken(ctx.db, input.name)) throw conflict('A role with this name exists', { name: input.name }, 'name');
    const id = newId();
    await ctx.tx.insert('role', { id, name: input.name, builtin: null, permissions: sortedJson(input.permissions), created_at: ctx.now, updated_at: ctx.now });
    return roleById(ctx.db, id);
  },
  'roles.update': async (ctx, input) => {
    const row = await ctx.db.selectFrom('role').selectAll().where('id', '=', input.id).executeTakeFirst();
    if (!row) throw notFound('Role', 'id', input.id);
    const patch: Partial<RoleTable> = {};
    if (input.name !== undefined && input.name !== row.name) {
      if (await nameTaken(ctx.db, input.name, row.id)) throw conflict('A role with this name exists', { name: input.name }, 'name');
      patch.name = input.name;
    }
    if (input.permissions !== undefined) {
      if (row.builtin === 'owner') throw conflict('The owner role always has every permission', undefined, 'permissions');
      const json = sortedJson(input.permissions);
      if (json !== row.permissions) patch.permissions = json;
    }
    if (Object.keys(patch).length > 0) await ctx.tx.update('role', row.id, { ...patch, updated_at: ctx.now });
    return roleById(ctx.db, row.id);
  },
  'roles.delete': async (ctx, input) => {
    const role = await roleById(ctx.db, input.id);
    if (role.builtin !== null) throw conflict('Built-in roles cannot be deleted', { builtin: role.builtin }, 'id');
    if (role.users > 0) throw conflict('Users still hold this role', { users: role.users }, 'id');
    await ctx.tx.delete('role', role.id);
    return { ok: true as const };
  },
  'security.updatePolicy': async (ctx, input) => {
    const value = JSON.stringify(input.idleLockMinutes);
    const existing = await ctx.db.selectFrom('setting').select('value').where('id', '=', IDLE_SETTING).executeTakeFirst();
    if (!existing) await ctx.tx.insert('setting', { id: IDLE_SETTING, value });
    else if (existing.value !== value) await ctx.tx.update('setting', IDLE_SETTING, { value });
    return { idleLockMinutes: input.idleLockMinutes };
  },
} satisfies Pick<Handlers, 'roles.list' | 'roles.create' | 'roles.update' | 'roles.delete' | 'security.updatePolicy'>;
