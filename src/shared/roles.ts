import { PERMISSIONS, type Permission } from './permissions.ts';

/**
 * The built-in roles a new ledger starts with. Their permission sets are only the starting
 * point: the owner edits them like any role, except that the owner role always keeps every
 * permission (so nobody can lock the shop out of managing users).
 */
export const BUILTIN_ROLES = ['owner', 'manager', 'sales_clerk', 'warehouse_clerk', 'accountant'] as const;
export type BuiltinRole = (typeof BUILTIN_ROLES)[number];

const READS: readonly Permission[] = PERMISSIONS.filter((p) => p.endsWith('.read'));

/**
 * Granted to built-in roles after ledgers already existed (migration 0011 marks such ledgers, and
 * `upgradeBuiltinRoles` adds them, journaled, when the ledger opens): per role, what it gains.
 */
export const PURCHASE_RECEIVING: readonly Permission[] = ['purchases.read', 'purchases.receive'];
export const PURCHASING_ROLE_GRANTS: Readonly<Partial<Record<BuiltinRole, readonly Permission[]>>> = {
  manager: ['purchases.read', 'purchases.write', 'purchases.receive'],
  warehouse_clerk: PURCHASE_RECEIVING,
  // Reads suppliers' bills and payments (purchases.read) and the payables aging (reports.read).
  accountant: ['purchases.read', 'reports.read'],
};

export const BUILTIN_ROLE_PERMISSIONS: Readonly<Record<BuiltinRole, readonly Permission[]>> = {
  owner: PERMISSIONS,
  // Runs the shop day to day; people and integrations stay with the owner.
  manager: PERMISSIONS.filter((p) => p !== 'users.manage' && p !== 'integrations.manage'),
  // Takes orders: sees products, stock and customers, enters and confirms orders; no prices
  // overridden, no approvals, no costs.
  sales_clerk: ['catalog.read', 'customers.read', 'customers.write', 'stock.read', 'orders.read', 'orders.write', 'orders.confirm', 'invoices.read', 'settings.read'],
  // Receives, counts, moves, picks, packs and ships; never sees costs or changes prices. Reads
  // purchase orders and receives deliveries against them (and sends damaged goods back): the
  // order's prices are on the supplier's delivery note anyway. Drafting, sending, bills and
  // payments stay with the owner and manager.
  warehouse_clerk: ['catalog.read', 'stock.read', 'stock.receive', 'stock.adjust', 'stock.transfer', 'orders.read', 'orders.fulfil', 'settings.read', ...PURCHASE_RECEIVING],
  // Reads and exports the books, changes nothing.
  accountant: [...READS, 'data.export'],
};

export const BUILTIN_ROLE_NAMES: Readonly<Record<BuiltinRole, string>> = {
  owner: 'Owner',
  manager: 'Manager',
  sales_clerk: 'Sales clerk',
  warehouse_clerk: 'Warehouse clerk',
  accountant: 'Accountant',
};

/** Permissions that only change the ledger when their holder calls something: none of them write. */
export function isReadOnlyPermission(p: Permission): boolean {
  return p.endsWith('.read') || p === 'data.export';
}
