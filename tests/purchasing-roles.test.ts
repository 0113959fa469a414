import Database from 'better-sqlite3-multiple-ciphers';
import { afterAll, describe, expect, it } from 'vitest';
import { migration0011 } from '../migrations/ledger/0011-purchasing-roles.ts';
import { openApp, type App } from '../src/main/app.ts';
import type { OpInput, OpName, OpResult } from '../src/shared/contract/index.ts';
import { LOCAL_OWNER } from '../src/shared/permissions.ts';
import { BUILTIN_ROLE_PERMISSIONS } from '../src/shared/roles.ts';
import { openTestLedger, setupOwner, type TestLedger } from './helpers.ts';

/**
 * Ledgers made before purchasing: migration 0011 marks those whose built-in roles exist, and the
 * next open adds the purchasing permissions through the journal (verify replays it), once.
 */

const OLD_CLERK = ['catalog.read', 'orders.fulfil', 'orders.read', 'settings.read', 'stock.adjust', 'stock.read', 'stock.receive', 'stock.transfer'];
const OLD_ACCOUNTANT = ['audit.read', 'books.read', 'data.export', 'invoices.read'];

let t: TestLedger | undefined;
let app: App | undefined;
afterAll(async () => {
  await app?.close();
  await t?.close();
});
const call = <N extends OpName>(a: App, name: N, input: OpInput<N>): Promise<OpResult<N>> => a.dispatcher.call(name, input, LOCAL_OWNER);

type Roles = { items: { id: string; builtin: string | null; permissions: string[] }[] };
const byRole = (r: Roles, b: string) => r.items.find((x) => x.builtin === b)!;

describe('migration 0011: purchasing for the built-in roles', () => {
  it('new ledgers start with the clerk receiving against purchase orders and the accountant reading bills and payables', () => {
    expect(BUILTIN_ROLE_PERMISSIONS.warehouse_clerk).toEqual(expect.arrayContaining(['purchases.read', 'purchases.receive']));
    expect(BUILTIN_ROLE_PERMISSIONS.warehouse_clerk).not.toContain('purchases.write');
    expect(BUILTIN_ROLE_PERMISSIONS.warehouse_clerk).not.toContain('payments.write');
    expect(BUILTIN_ROLE_PERMISSIONS.accountant).toEqual(expect.arrayContaining(['purchases.read', 'reports.read']));
    expect(BUILTIN_ROLE_PERMISSIONS.accountant).not.toContain('purchases.write');
  });

  it('marks only a ledger that already has built-in roles', () => {
    const db = new Database(':memory:');
    db.exec('CREATE TABLE role (id TEXT PRIMARY KEY, builtin TEXT)');
    db.exec(migration0011.sql);
    expect(db.prepare('SELECT count(*) AS n FROM ledger_upgrade').get()).toEqual({ n: 0 });
    const db2 = new Database(':memory:');
    db2.exec("CREATE TABLE role (id TEXT PRIMARY KEY, builtin TEXT); INSERT INTO role VALUES ('r1', 'owner')");
    db2.exec(migration0011.sql);
    expect(db2.prepare('SELECT name FROM ledger_upgrade').all()).toEqual([{ name: 'purchasing_roles' }]);
    db.close();
    db2.close();
  });

  it('adds the permissions to an old ledger through the journal on open, keeps what the owner set, and does it once', async () => {
    t = await openTestLedger();
    await setupOwner(t);
    let roles = (await t.call('roles.list', {})) as Roles;
    // As the roles were before purchasing, plus something the owner granted by hand.
    await t.call('roles.update', { id: byRole(roles, 'warehouse_clerk').id, permissions: [...OLD_CLERK, 'customers.read'] as never });
    await t.call('roles.update', { id: byRole(roles, 'accountant').id, permissions: OLD_ACCOUNTANT as never });
    // What migration 0011 leaves in a ledger with roles.
    t.app.ledger.raw.prepare("INSERT INTO ledger_upgrade (name) VALUES ('purchasing_roles')").run();
    await t.app.close();

    const head = (a: App) => a.ledger.raw.prepare('SELECT max(seq) AS seq FROM journal').get() as { seq: number };
    app = await openApp({ file: t.file });
    roles = (await call(app, 'roles.list', {})) as Roles;
    expect(byRole(roles, 'warehouse_clerk').permissions).toEqual([...OLD_CLERK, 'customers.read', 'purchases.read', 'purchases.receive'].sort());
    expect(byRole(roles, 'accountant').permissions).toEqual([...OLD_ACCOUNTANT, 'purchases.read', 'reports.read'].sort());
    expect(byRole(roles, 'manager').permissions).toEqual(expect.arrayContaining(['purchases.read', 'purchases.write', 'purchases.receive']));
    const last = await call(app, 'journal.list', { limit: 1 } as never);
    expect(last.items[0]!.operation).toBe('ledger.upgradeRoles');
    expect(last.items[0]!.actor).toBe('system');
    const report = await call(app, 'system.verify', {});
    expect(report.problems).toEqual([]);
    expect(report.ok).toBe(true);
    expect(app.ledger.raw.prepare('SELECT count(*) AS n FROM ledger_upgrade').get()).toEqual({ n: 0 });

    // The owner takes receiving away again: the next open leaves it so.
    await call(app, 'roles.update', { id: byRole(roles, 'warehouse_clerk').id, permissions: OLD_CLERK as never });
    const before = head(app);
    await app.close();
    app = await openApp({ file: t.file });
    expect(head(app)).toEqual(before);
    roles = (await call(app, 'roles.list', {})) as Roles;
    expect(byRole(roles, 'warehouse_clerk').permissions).toEqual(OLD_CLERK);
    await app.close();
    app = undefined;
    // openTestLedger's close would close its first app again; only the folder is left to remove.
    t = undefined;
  });
});
