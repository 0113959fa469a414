import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openApp, type App } from '../src/main/app.ts';
import { checkSession } from '../src/main/auth/sessions.ts';
import { delaySeconds, SIGN_IN_RULE } from '../src/main/auth/throttle.ts';
import { hashPassword, verifyPassword } from '../src/main/auth/password.ts';
import type { OpInput, OpName } from '../src/shared/contract/index.ts';
import { AppError } from '../src/shared/errors.ts';
import { ANONYMOUS, LOCAL_OWNER, type Caller } from '../src/shared/permissions.ts';
import { tempDir, TEST_PASSWORD } from './helpers.ts';

/** A ledger whose clock the test moves. */
let dir: string;
let app: App;
let nowMs: number;
const clock = { now: () => new Date(nowMs) };
const advance = (seconds: number) => (nowMs += seconds * 1000);

beforeEach(async () => {
  nowMs = Date.parse('2026-03-01T09:00:00.000Z');
  dir = tempDir();
  app = await openApp({ file: join(dir, 'ledger.sqlite'), clock });
});
afterEach(async () => {
  await app.close();
  rmSync(dir, { recursive: true, force: true });
});

const call = <N extends OpName>(name: N, input: OpInput<N>, caller: Caller = LOCAL_OWNER) => app.dispatcher.call(name, input, caller);
async function failure(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('expected a failure');
}
const journalCount = () => (app.ledger.raw.prepare('SELECT count(*) AS n FROM journal').get() as { n: number }).n;
async function callerOf(token: string): Promise<Caller> {
  const check = await checkSession(app.ledger, token, clock.now());
  if (!('caller' in check)) throw new Error(`session refused: ${check.refused}`);
  return check.caller;
}
async function setup() {
  const owner = await call('session.setupOwner', { username: 'Mei', displayName: 'Mei Lin', password: TEST_PASSWORD }, ANONYMOUS);
  const roles = Object.fromEntries((await call('roles.list', {})).items.map((r) => [r.builtin ?? r.name, r]));
  return { owner, ownerCaller: await callerOf(owner.token), roles };
}

describe('passwords', () => {
  it('are scrypt hashes with their own salt and parameters, and verify only the right password', async () => {
    const a = await hashPassword('s3cret-pass');
    const b = await hashPassword('s3cret-pass');
    expect(a).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword('s3cret-pass', a)).toBe(true);
    expect(await verifyPassword('s3cret-pasS', a)).toBe(false);
    // Parameters come from the stored hash, so raising the default later keeps old hashes valid.
    const cheap = await hashPassword('x-password', { N: 1024, r: 8, p: 1 });
    expect(await verifyPassword('x-password', cheap)).toBe(true);
    // A tampered hash asking for absurd memory is refused, not attempted.
    expect(await verifyPassword('x-password', cheap.replace('$1024$', '$1073741824$'))).toBe(false);
  });
});

describe('first run, sign in and sessions', () => {
  it('setup runs once, creates the built-in roles, and never stores or journals the password in clear', async () => {
    expect(await call('session.status', {}, ANONYMOUS)).toEqual({ needsSetup: true });
    const { owner, roles } = await setup();
    expect(owner.token).toMatch(/^sls_[A-Za-z0-9_-]{43}$/);
    expect(owner.me.roleName).toBe('Owner');
    expect(Object.keys(roles).sort()).toEqual(['accountant', 'manager', 'owner', 'sales_clerk', 'warehouse_clerk']);
    expect(await call('session.status', {}, ANONYMOUS)).toEqual({ needsSetup: false });
    const again = await failure(call('session.setupOwner', { username: 'eve', displayName: 'Eve', password: 'another-password' }, ANONYMOUS));
    expect(again).toMatchObject({ code: 'conflict' });

    // Setup is made before anyone signed in: its journal entry names the owner it creates.
    const entry = app.ledger.raw.prepare("SELECT actor, changes FROM journal WHERE operation = 'session.setupOwner'").get() as { actor: string; changes: string };
    expect(entry.actor).toBe(owner.me.userId);
    const file = readFileSync(join(dir, 'ledger.sqlite'));
    const wal = readFileSync(join(dir, 'ledger.sqlite-wal'));
    for (const bytes of [file, wal]) {
      expect(bytes.includes(Buffer.from(TEST_PASSWORD))).toBe(false);
      expect(bytes.includes(Buffer.from(owner.token))).toBe(false);
    }
    expect(entry.changes).not.toContain(TEST_PASSWORD);
  });

  it('the journal names the signed-in user behind every change', async () => {
    const { ownerCaller, owner } = await setup();
    await call('warehouses.create', { code: 'MAIN', name: 'Main' }, ownerCaller);
    const entry = app.ledger.raw.prepare("SELECT actor FROM journal WHERE operation = 'warehouses.create'").get() as { actor: string };
    expect(entry.actor).toBe(owner.me.userId);
  });

  it('signs in case-insensitively, refuses wrong passwords alike for unknown names, and slows repeated tries', async () => {
    await setup();
    const ok = await call('session.signIn', { username: 'MEI', password: TEST_PASSWORD }, ANONYMOUS, );
    expect(ok.me.displayName).toBe('Mei Lin');
    const before = journalCount();
    const wrong = await failure(call('session.signIn', { username: 'mei', password: 'nope' }, ANONYMOUS));
    const unknown = await failure(call('session.signIn', { username: 'nobody', password: 'nope' }, ANONYMOUS));
    expect(wrong).toMatchObject({ code: 'unauthenticated', field: 'password', message: 'Wrong user name or password' });
    expect(unknown.toJSON()).toEqual(wrong.toJSON());
    // Two more wrong tries for mei (3 free), then the fourth makes her wait 1 s, 2 s, 4 s …
    await failure(call('session.signIn', { username: 'mei', password: 'nope' }, ANONYMOUS));
    await failure(call('session.signIn', { username: 'mei', password: 'nope' }, ANONYMOUS));
    const limited = await failure(call('session.signIn', { username: 'mei', password: TEST_PASSWORD }, ANONYMOUS));
    expect(limited).toMatchObject({ code: 'rate_limited', field: 'password', details: { retryAfterSeconds: 1 } });
    advance(1);
    await failure(call('session.signIn', { username: 'mei', password: 'nope' }, ANONYMOUS));
    advance(1);
    expect(await failure(call('session.signIn', { username: 'mei', password: TEST_PASSWORD }, ANONYMOUS))).toMatchObject({ code: 'rate_limited', details: { retryAfterSeconds: 1 } });
    advance(1);
    // The right password after waiting works and clears the count for the name.
    expect((await call('session.signIn', { username: 'mei', password: TEST_PASSWORD }, ANONYMOUS)).me.username).toBe('Mei');
    // Sessions are not journaled; failed tries write nothing.
    expect(journalCount()).toBe(before);
    expect([delaySeconds(3, SIGN_IN_RULE), delaySeconds(4, SIGN_IN_RULE), delaySeconds(6, SIGN_IN_RULE), delaySeconds(40, SIGN_IN_RULE)]).toEqual([0, 1, 4, 900]);
  });

  it('slows down one address guessing many names, without slowing the same names from elsewhere', async () => {
    await setup();
    const fromAddress = (address: string, username: string, password: string) => app.dispatcher.call('session.signIn', { username, password }, ANONYMOUS, { address });
    for (const name of ['a1', 'a2', 'a3', 'a4']) await failure(fromAddress('10.0.0.9', name, 'guess-guess'));
    expect(await failure(fromAddress('10.0.0.9', 'mei', TEST_PASSWORD))).toMatchObject({ code: 'rate_limited' });
    expect((await fromAddress('10.0.0.10', 'mei', TEST_PASSWORD)).me.username).toBe('Mei');
  });

  it('sessions end on sign-out, after idle minutes, after 12 hours, and when the password is reset', async () => {
    const { owner, ownerCaller, roles } = await setup();
    const clerk = await call('users.create', { username: 'li', displayName: 'Li', roleId: roles.sales_clerk!.id, password: TEST_PASSWORD }, ownerCaller);
    const signIn = () => call('session.signIn', { username: 'li', password: TEST_PASSWORD }, ANONYMOUS);

    let s = await signIn();
    expect(s.me.permissions).toContain('orders.write');
    expect(s.me.permissions).not.toContain('costs.read');
    await call('session.signOut', {}, await callerOf(s.token));
    expect(await checkSession(app.ledger, s.token, clock.now())).toEqual({ refused: 'ended' });

    // Idle: 15 minutes by default; each use moves the idle window.
    s = await signIn();
    advance(14 * 60);
    await callerOf(s.token);
    advance(14 * 60);
    await callerOf(s.token);
    advance(15 * 60);
    expect(await checkSession(app.ledger, s.token, clock.now())).toEqual({ refused: 'idle' });
    // A longer idle time set by the owner: then only the absolute expiry ends a busy session.
    await call('security.updatePolicy', { idleLockMinutes: 480 }, ownerCaller);

    // Absolute expiry after 12 hours, however busy.
    s = await signIn();
    for (let h = 0; h < 12; h++) {
      advance(3600 - 1);
      await callerOf(s.token);
    }
    advance(12);
    expect(await checkSession(app.ledger, s.token, clock.now())).toEqual({ refused: 'expired' });

    // The owner resets a forgotten password: the clerk's sessions end, the new password works.
    s = await signIn();
    const ownerNow = await callerOf((await call('session.signIn', { username: 'mei', password: TEST_PASSWORD }, ANONYMOUS)).token);
    await call('users.resetPassword', { id: clerk.id, password: 'a brand new secret' }, ownerNow);
    expect(await checkSession(app.ledger, s.token, clock.now())).toEqual({ refused: 'ended' });
    expect(await failure(signIn())).toMatchObject({ code: 'unauthenticated' });
    await call('session.signIn', { username: 'li', password: 'a brand new secret' }, ANONYMOUS);

    // Deactivated users cannot sign in and their sessions end.
    await call('users.update', { id: clerk.id, active: false }, ownerNow);
    expect(await failure(call('session.signIn', { username: 'li', password: 'a brand new secret' }, ANONYMOUS))).toMatchObject({ code: 'unauthenticated' });
    expect(owner.me.userId).not.toBe(clerk.id);
  });

  it('changing one’s own password needs the current one and ends one’s other sessions', async () => {
    const { owner } = await setup();
    const other = await call('session.signIn', { username: 'mei', password: TEST_PASSWORD }, ANONYMOUS);
    const me = await callerOf(owner.token);
    expect(await failure(call('session.changePassword', { currentPassword: 'wrong', newPassword: 'next password 1' }, me))).toMatchObject({ code: 'unauthenticated', field: 'currentPassword' });
    expect(await failure(call('session.changePassword', { currentPassword: TEST_PASSWORD, newPassword: 'short' }, me))).toMatchObject({ code: 'invalid', field: 'newPassword' });
    await call('session.changePassword', { currentPassword: TEST_PASSWORD, newPassword: 'next password 1' }, me);
    expect(await checkSession(app.ledger, other.token, clock.now())).toEqual({ refused: 'ended' });
    await callerOf(owner.token);
  });
});

describe('users and roles', () => {
  it('roles are editable, take effect on the next call, and the owner role keeps everything', async () => {
    const { ownerCaller, roles } = await setup();
    const packer = await call('roles.create', { name: 'Packer', permissions: ['orders.read', 'orders.fulfil', 'orders.read'] }, ownerCaller);
    expect(packer.permissions).toEqual(['orders.fulfil', 'orders.read']);
    expect(await failure(call('roles.create', { name: 'packer', permissions: [] }, ownerCaller))).toMatchObject({ code: 'conflict', field: 'name' });
    const u = await call('users.create', { username: 'pat', displayName: 'Pat', roleId: packer.id, password: TEST_PASSWORD }, ownerCaller);
    const pat = await callerOf((await call('session.signIn', { username: 'pat', password: TEST_PASSWORD }, ANONYMOUS)).token);
    expect(await failure(call('products.list', {}, pat))).toMatchObject({ code: 'forbidden' });
    await call('roles.update', { id: packer.id, permissions: ['orders.read', 'orders.fulfil', 'catalog.read'] }, ownerCaller);
    const patNow = await callerOf((await call('session.signIn', { username: 'pat', password: TEST_PASSWORD }, ANONYMOUS)).token);
    expect((await call('products.list', {}, patNow)).items).toEqual([]);

    expect(await failure(call('roles.update', { id: roles.owner!.id, permissions: ['orders.read'] }, ownerCaller))).toMatchObject({ code: 'conflict', field: 'permissions' });
    expect(await failure(call('roles.delete', { id: packer.id }, ownerCaller))).toMatchObject({ code: 'conflict' });
    expect(await failure(call('roles.delete', { id: roles.accountant!.id }, ownerCaller))).toMatchObject({ code: 'conflict' });
    await call('users.update', { id: u.id, roleId: roles.warehouse_clerk!.id }, ownerCaller);
    await call('roles.delete', { id: packer.id }, ownerCaller);
    expect(await failure(call('users.create', { username: 'PAT', displayName: 'x', roleId: roles.manager!.id, password: TEST_PASSWORD }, ownerCaller))).toMatchObject({ code: 'conflict', field: 'username' });
    expect((await call('system.verify', {})).ok).toBe(true);
  });

  it('the last owner can be neither demoted nor deactivated', async () => {
    const { owner, ownerCaller, roles } = await setup();
    const before = journalCount();
    expect(await failure(call('users.update', { id: owner.me.userId, roleId: roles.manager!.id }, ownerCaller))).toMatchObject({ code: 'conflict' });
    expect(await failure(call('users.update', { id: owner.me.userId, active: false }, ownerCaller))).toMatchObject({ code: 'conflict' });
    expect(journalCount()).toBe(before);
    const second = await call('users.create', { username: 'co-owner', displayName: 'Co', roleId: roles.owner!.id, password: TEST_PASSWORD }, ownerCaller);
    await call('users.update', { id: owner.me.userId, roleId: roles.manager!.id }, ownerCaller);
    expect((await call('users.list', {}, ownerCaller)).items.map((u) => [u.username, u.roleName])).toEqual([
      ['co-owner', 'Owner'],
      ['Mei', 'Manager'],
    ]);
    expect(second.active).toBe(true);
  });
});
