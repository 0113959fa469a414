import type { Permission } from './permissions.ts';

/**
 * "See costs and margins" (`costs.read`). Operations whose whole answer is about costs need the
 * permission outright; operations that only carry cost fields among others answer without them
 * (their output schemas declare those fields optional). tests/cost-fields.test.ts walks every
 * output schema, so a new cost field in an answer cannot slip past this list.
 */
export const COSTS_PERMISSION: Permission = 'costs.read';

/** Operations refused (`forbidden`) without `costs.read`, on top of their own permission. */
export const COST_ONLY_OPS: ReadonlySet<string> = new Set(['reports.profit', 'reports.stockValuation']);

/**
 * Buying: purchase orders, receipts, returns and bills are about what the shop pays its
 * suppliers. Whoever holds these permissions sees those prices; nobody else reaches the operations.
 */
export const PURCHASE_PERMISSIONS: ReadonlySet<Permission> = new Set(['purchases.read', 'purchases.write', 'purchases.receive']);

/** Operations whose answers drop these keys (at any depth) for callers without `costs.read`. */
export const COST_FIELD_OPS: Readonly<Record<string, readonly string[]>> = {
  'invoices.issue': ['costTotal', 'unitCost', 'cost'],
  'invoices.credit': ['costTotal', 'unitCost', 'cost'],
  'invoices.get': ['costTotal', 'unitCost', 'cost'],
  'cases.creditNote': ['costTotal', 'unitCost', 'cost'],
  'purchases.receive': ['unitCost', 'averageAfter'],
  'reports.salesBy': ['cost', 'margin'],
};

/** A copy of `value` without the given keys at any depth (the handler's own objects stay as they are). */
export function withoutKeys(value: unknown, keys: ReadonlySet<string>): unknown {
  if (Array.isArray(value)) return value.map((v) => withoutKeys(v, keys));
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (!keys.has(k)) out[k] = withoutKeys(v, keys);
  return out;
}
