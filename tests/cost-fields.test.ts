import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { CONTRACT, OP_NAMES } from '../src/shared/contract/index.ts';
import { COST_FIELD_OPS, COST_ONLY_OPS, PURCHASE_PERMISSIONS } from '../src/shared/cost-fields.ts';
import { PERMISSIONS, type Caller, type Permission } from '../src/shared/permissions.ts';
import { openTestLedger, smallShop, type TestLedger } from './helpers.ts';

/** Costs and margins are shown only to callers with `costs.read`. */

type Def = { type: string; shape?: Record<string, z.ZodType>; element?: z.ZodType; innerType?: z.ZodType; out?: z.ZodType; options?: z.ZodType[] };
const defOf = (s: z.ZodType) => (s as unknown as { _zod: { def: Def } })._zod.def;

/** Paths of output keys that look like costs or margins, with whether the key may be absent. */
function costKeys(schema: z.ZodType, path = '', optional = false, out: { path: string; optional: boolean }[] = []) {
  const d = defOf(schema);
  if (d.type === 'object' && d.shape) {
    for (const [k, v] of Object.entries(d.shape)) {
      const opt = defOf(v).type === 'optional';
      if (/cost|margin|profit|averageAfter|^value$/i.test(k)) out.push({ path: `${path}.${k}`, optional: opt });
      costKeys(v, `${path}.${k}`, opt, out);
    }
  } else if (d.type === 'array' && d.element) costKeys(d.element, `${path}[]`, false, out);
  else if (d.innerType) costKeys(d.innerType, path, optional, out);
  else if (d.type === 'pipe' && d.out) costKeys(d.out, path, optional, out);
  else if (d.type === 'union' && d.options) for (const o of d.options) costKeys(o, path, optional, out);
  return out;
}

// Account codes (where cost of goods is booked) are settings, not amounts.
const NOT_AMOUNTS = new Set(['invoices.settings .accounts.costOfGoods', 'exports.configureAccounts .costOfGoods']);

describe('cost fields', () => {
  it('every answer carrying costs or margins is listed, and its cost fields may be left out', () => {
    for (const op of OP_NAMES) {
      const keys = costKeys(CONTRACT[op].output).filter((k) => !NOT_AMOUNTS.has(`${op} ${k.path}`));
      if (keys.length === 0) continue;
      // A purchase order's prices are the operation itself, guarded by the purchasing permissions.
      if (PURCHASE_PERMISSIONS.has(CONTRACT[op].permission as Permission) && !(op in COST_FIELD_OPS)) continue;
      expect(COST_ONLY_OPS.has(op) || op in COST_FIELD_OPS, `${op} carries ${keys.map((k) => k.path).join(', ')}`).toBe(true);
      if (op in COST_FIELD_OPS) {
        for (const k of keys) {
          expect(k.optional, `${op} ${k.path} must be optional`).toBe(true);
          expect(COST_FIELD_OPS[op], `${op} ${k.path}`).toContain(k.path.split('.').pop()!.replace('[]', ''));
        }
      }
    }
  });

  let t: TestLedger;
  let invoiceId: string;
  beforeAll(async () => {
    t = await openTestLedger();
    const shop = await smallShop(t);
    await t.call('invoices.configureSeller', { taxId: 'CN91110000000000000X', address: { name: 'Tea House', line1: '2 Road', city: 'Hangzhou', country: 'CN' } });
    await t.call('purchases.receive', { warehouseId: shop.main.id, lines: [{ productId: shop.tea.id, quantity: 10, unitCost: 2000 }] });
    const o = await t.call('orders.create', { customerId: shop.customer.id, warehouseId: shop.main.id, lines: [{ productId: shop.tea.id, quantity: 2 }] });
    await t.call('orders.confirm', { id: o.id });
    invoiceId = (await t.call('invoices.issue', { orderId: o.id, issueDate: '2026-01-05' })).id;
  });
  afterAll(async () => t?.close());

  const caller = (permissions: readonly Permission[]): Caller => ({ userId: 'u', displayName: 'u', permissions: new Set(permissions) });
  const withoutCosts = caller(PERMISSIONS.filter((p) => p !== 'costs.read'));
  const withCosts = caller(PERMISSIONS);

  it('an invoice shows its costs only to callers who may see them', async () => {
    const full = await t.app.dispatcher.call('invoices.get', { id: invoiceId }, withCosts);
    expect(full.costTotal).toBe(4000);
    expect(full.lines[0]!.cost).toBe(4000);
    const hidden = await t.app.dispatcher.call('invoices.get', { id: invoiceId }, withoutCosts);
    expect(hidden.costTotal).toBeUndefined();
    expect(JSON.stringify(hidden)).not.toMatch(/"(unitCost|cost|costTotal)"/);
    expect({ ...hidden, lines: hidden.lines.map((l) => ({ ...l, cost: 4000, unitCost: 2000 })), costTotal: 4000 }).toEqual(full);
  });

  it('sales by product hide cost and margin; profit and stock valuation need the permission', async () => {
    const range = { dateFrom: '2026-01-01', dateTo: '2026-01-31', by: 'product' as const };
    const full = await t.app.dispatcher.call('reports.salesBy', range, withCosts);
    expect(full.rows[0]).toMatchObject({ cost: 4000 });
    const hidden = await t.app.dispatcher.call('reports.salesBy', range, withoutCosts);
    expect(hidden.rows[0]).not.toHaveProperty('cost');
    expect(hidden.rows[0]).not.toHaveProperty('margin');
    expect(hidden.rows[0]!.net).toBe(full.rows[0]!.net);
    await expect(t.app.dispatcher.call('reports.profit', { dateFrom: '2026-01-01', dateTo: '2026-01-31', period: 'month' }, withoutCosts)).rejects.toMatchObject({ code: 'forbidden', details: { permission: 'costs.read' } });
    await expect(t.app.dispatcher.call('reports.stockValuation', { asOf: '2026-01-31' }, withoutCosts)).rejects.toMatchObject({ code: 'forbidden' });
    expect((await t.app.dispatcher.call('reports.stockValuation', { asOf: '2026-12-31' }, withCosts)).rows.length).toBeGreaterThan(0);
  });
});
