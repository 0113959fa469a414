import { ANONYMOUS, LOCAL_OWNER } from '../../shared/permissions.ts';
import type { BuiltinRole } from '../../shared/roles.ts';
import type { App } from '../app.ts';
import { verifyPassword } from '../auth/password.ts';

/**
 * The demo shop's people, one per built-in role, all with the same published password. It is a
 * demo: README and the console say so, and the owner should change it before real use.
 */
export const DEMO_PASSWORD = 'demo-shop-2026';
export const DEMO_USERS: readonly { readonly username: string; readonly displayName: string; readonly role: BuiltinRole }[] = [
  { username: 'owner', displayName: 'Mei Lin (owner)', role: 'owner' },
  { username: 'manager', displayName: 'Zhou Jie (manager)', role: 'manager' },
  { username: 'sales', displayName: 'Chen Yu (sales)', role: 'sales_clerk' },
  { username: 'warehouse', displayName: 'Wang Lei (warehouse)', role: 'warehouse_clerk' },
  { username: 'accountant', displayName: 'Liu Fang (accounts)', role: 'accountant' },
];

/** Creates the demo owner (first-run setup, as a new user would) and one user per other role. */
export async function seedDemoUsers(app: App): Promise<void> {
  const [owner, ...others] = DEMO_USERS;
  await app.dispatcher.call('session.setupOwner', { username: owner!.username, displayName: owner!.displayName, password: DEMO_PASSWORD }, ANONYMOUS);
  const roles = (await app.dispatcher.call('roles.list', {}, LOCAL_OWNER)).items;
  for (const u of others) {
    const role = roles.find((r) => r.builtin === u.role)!;
    await app.dispatcher.call('users.create', { username: u.username, displayName: u.displayName, roleId: role.id, password: DEMO_PASSWORD }, LOCAL_OWNER);
  }
}

/** True while the demo owner still signs in with the published password (then `start` reminds of it). */
export async function demoPasswordInUse(app: App): Promise<boolean> {
  const row = app.ledger.raw.prepare('SELECT password_hash FROM app_user WHERE username = ?').get(DEMO_USERS[0]!.username) as { password_hash: string } | undefined;
  return row !== undefined && (await verifyPassword(DEMO_PASSWORD, row.password_hash));
}
