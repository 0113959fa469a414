import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTRACT, OP_NAMES, type OpName } from '../src/shared/contract/index.ts';
import { COST_ONLY_OPS } from '../src/shared/cost-fields.ts';
import { AppError } from '../src/shared/errors.ts';
import { ANONYMOUS, type Caller, type Permission } from '../src/shared/permissions.ts';
import { BUILTIN_ROLE_PERMISSIONS, BUILTIN_ROLES, isReadOnlyPermission, type BuiltinRole } from '../src/shared/roles.ts';
import { checkSession } from '../src/main/auth/sessions.ts';
import { openTestLedger, serveTestLedger, setupOwner, smallShop, TEST_PASSWORD, type TestLedger } from './helpers.ts';

/**
 * Every built-in role (and nobody at all) against every operation of the contract, through the
 * real HTTP server and through the in-process client. An allowed call passes the permission
 * check (it may still be refused for its empty input); a refused one answers `forbidden` (or
 * 401 `unauthenticated` without a session) and leaves the journal exactly as it was.
 */

type Who = BuiltinRole | 'nobody';
type Outcome = { ok: true } | { ok: false; code: string; permission?: unknown };

let t: TestLedger;
let http: { base: string; close(): Promise<void> };
const tokens = new Map<Who, string>();
const callers = new Map<Who, Caller>();

const journalHead = () => t.app.ledger.raw.prepare('SELECT count(*) AS n, max(seq) AS seq FROM journal').get();

function expected(who: Who, op: OpName): boolean {
  const access = CONTRACT[op].permission;
  if (access === 'public') return true;
  if (who === 'nobody') return false;
  if (access === 'signed_in') return true;
  const perms = new Set<Permission>(BUILTIN_ROLE_PERMISSIONS[who]);
  return perms.has(access) && (!COST_ONLY_OPS.has(op) || perms.has('costs.read'));
}

// Sign-out ends the session the rest of the row uses, so it runs last.
const ORDERED_OPS = [...OP_NAMES.filter((n) => n !== 'session.signOut'), 'session.signOut' as OpName];

async function viaHttp(who: Who, op: OpName): Promise<Outcome> {
  const token = tokens.get(who);
  const res = await fetch(`${http.base}/api/v1/${op}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: '{}',
  });
  const body = (await res.json()) as { error?: { code: string; details?: { permission?: unknown } } };
  if (res.ok) return { ok: true };
  const status = { forbidden: 403, unauthenticated: 401 }[body.error!.code as 'forbidden'];
  if (status !== undefined) expect(res.status, `${who} ${op}`).toBe(status);
  return { ok: false, code: body.error!.code, permission: body.error!.details?.permission };
}

async function direct(who: Who, op: OpName): Promise<Outcome> {
  try {
    await t.app.dispatcher.callUnknown(op, {}, callers.get(who) ?? ANONYMOUS);
    return { ok: true };
  } catch (e) {
    if (!(e instanceof AppError)) throw e;
    return { ok: false, code: e.code, permission: e.details?.permission };
  }
}

beforeAll(async () => {
  t = await openTestLedger();
  await smallShop(t);
  const owner = await setupOwner(t);
  const roles = (await t.app.dispatcher.callUnknown('roles.list', {}, (await session(owner.token)))) as { items: { id: string; builtin: string | null }[] };
  const ownerCaller = await session(owner.token);
  for (const role of BUILTIN_ROLES) {
    if (role !== 'owner') {
      const roleId = roles.items.find((r) => r.builtin === role)!.id;
      await t.app.dispatcher.call('users.create', { username: role, displayName: role, roleId, password: TEST_PASSWORD }, ownerCaller);
    }
  }
  http = await serveTestLedger(t);
}, 60_000);
afterAll(async () => {
  await http?.close();
  await t?.close();
});

async function session(token: string): Promise<Caller> {
  const check = await checkSession(t.app.ledger, token, new Date());
  if (!('caller' in check)) throw new Error(check.refused);
  return check.caller;
}

async function signIn(who: BuiltinRole): Promise<string> {
  const username = who === 'owner' ? 'owner' : who;
  return (await t.app.dispatcher.call('session.signIn', { username, password: TEST_PASSWORD }, ANONYMOUS)).token;
}

describe.each([
  ['the real HTTP server', viaHttp],
  ['the direct client', direct],
] as const)('permission matrix through %s', (_name, run) => {
  for (const who of [...BUILTIN_ROLES, 'nobody'] as Who[]) {
    it(`${who}: allowed operations pass the check, the others are refused and write nothing`, async () => {
      if (who !== 'nobody') {
        const token = await signIn(who);
        tokens.set(who, token);
        callers.set(who, await session(token));
      }
      let allowed = 0;
      let refused = 0;
      for (const op of ORDERED_OPS) {
        const before = journalHead();
        const outcome = await run(who, op);
        if (expected(who, op)) {
          allowed++;
          // Allowed: whatever the empty input earns (invalid, not_found …), never a refusal of the caller.
          if (!outcome.ok) {
            expect(outcome.code, `${who} ${op}`).not.toBe('unauthenticated');
            if (outcome.code === 'forbidden') expect(outcome.permission, `${who} ${op}`).not.toBe(CONTRACT[op].permission);
          }
          // Reads that need no input do work.
          if (CONTRACT[op].kind === 'read' && CONTRACT[op].input.safeParse({}).success) expect(outcome, `${who} ${op}`).toEqual({ ok: true });
        } else {
          refused++;
          expect(outcome, `${who} ${op}`).toMatchObject({ ok: false, code: who === 'nobody' ? 'unauthenticated' : 'forbidden' });
          expect(journalHead(), `${who} ${op} wrote`).toEqual(before);
        }
      }
      expect(allowed + refused).toBe(OP_NAMES.length);
      if (who === 'owner') expect(refused).toBe(0);
      else expect(refused).toBeGreaterThan(0);
    }, 120_000);
  }
});

describe('built-in roles', () => {
  it('the accountant reads and exports the books and may change nothing', () => {
    expect(BUILTIN_ROLE_PERMISSIONS.accountant.every(isReadOnlyPermission)).toBe(true);
    for (const op of OP_NAMES) {
      const def = CONTRACT[op];
      if (def.kind === 'write' && def.permission !== 'public' && def.permission !== 'signed_in') expect(expected('accountant', op), op).toBe(false);
    }
    for (const p of ['books.read', 'reports.read', 'invoices.read', 'costs.read', 'data.export', 'audit.read'] as const) expect(BUILTIN_ROLE_PERMISSIONS.accountant).toContain(p);
  });

  it('purchasing: owner and manager buy; the warehouse clerk reads orders and receives; the accountant reads bills and payables', () => {
    const can = (who: Who, ops: readonly OpName[]) => ops.map((op) => [op, expected(who, op)] as const);
    const buying: OpName[] = ['suppliers.create', 'purchaseOrders.create', 'purchaseOrders.fromSuggestions', 'purchaseOrders.send', 'supplierBills.create', 'supplierPayments.create'];
    const receiving: OpName[] = ['purchaseOrders.get', 'purchaseOrders.list', 'purchaseOrders.receive', 'supplierReturns.create'];
    const reading: OpName[] = ['supplierBills.get', 'supplierBills.list', 'supplierPayments.list', 'suppliers.list', 'reports.payables'];
    for (const who of ['owner', 'manager'] as const) for (const [op, ok] of can(who, [...buying, ...receiving, ...reading])) expect(ok, `${who} ${op}`).toBe(true);
    for (const [op, ok] of can('warehouse_clerk', receiving)) expect(ok, `warehouse_clerk ${op}`).toBe(true);
    for (const [op, ok] of can('warehouse_clerk', [...buying, 'reports.payables'])) expect(ok, `warehouse_clerk ${op}`).toBe(false);
    for (const [op, ok] of can('accountant', reading)) expect(ok, `accountant ${op}`).toBe(true);
    for (const [op, ok] of can('accountant', [...buying, 'purchaseOrders.receive'])) expect(ok, `accountant ${op}`).toBe(false);
    for (const [op, ok] of can('sales_clerk', [...buying, ...receiving, ...reading])) expect(ok, `sales_clerk ${op}`).toBe(false);
  });

  it('clerks may not override prices, approve orders, see costs or manage users', () => {
    for (const role of ['sales_clerk', 'warehouse_clerk'] as const) {
      for (const p of ['orders.override_price', 'orders.approve', 'costs.read', 'users.manage', 'credit_notes.issue'] as const) {
        expect(BUILTIN_ROLE_PERMISSIONS[role], `${role} ${p}`).not.toContain(p);
      }
    }
  });
});
