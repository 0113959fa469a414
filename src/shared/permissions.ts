export const PERMISSIONS = [
  'catalog.read',
  'catalog.write',
  'customers.read',
  'customers.write',
  'stock.read',
  'stock.receive',
  'stock.adjust',
  'stock.transfer',
  'orders.read',
  'orders.write',
  'orders.confirm',
  'orders.approve',
  'orders.override_price',
  'orders.fulfil',
  'orders.cancel',
  'orders.override_shipping_fee',
  'settings.read',
  'settings.write',
  'audit.read',
  'invoices.read',
  'invoices.issue',
  'payments.write',
  'books.read',
  'books.write',
  'purchases.receive',
  'reports.read',
  'integrations.manage',
  // Jobs: each row of an import or page of an export still needs its own operation's permission.
  'data.import',
  'data.export',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

export type Caller = {
  readonly userId: string;
  readonly displayName: string;
  readonly permissions: ReadonlySet<Permission>;
};

/** Until the users issue brings sign-in, every local call acts as the station's owner. */
export const LOCAL_OWNER: Caller = {
  userId: 'local-owner',
  displayName: 'Owner',
  permissions: new Set(PERMISSIONS),
};
