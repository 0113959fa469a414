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
  // Users issue: what merchants asked to grant separately.
  'costs.read',
  'credit_notes.issue',
  'users.manage',
  'data.export',
  'purchases.read',
  'purchases.write',
  // Jobs: each row of an import or page of an export still needs its own operation's permission.
  'data.import',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

export type Caller = {
  readonly userId: string;
  readonly displayName: string;
  readonly permissions: ReadonlySet<Permission>;
  /** Set for a caller that proved nothing (an HTTP request without session or token). */
  readonly anonymous?: true;
  /** The signed-in session this caller acts through, when it is a person over a transport. */
  readonly sessionId?: string;
};

/** Who an unauthenticated request is: it may only call `public` operations (sign in, first-run setup). */
export const ANONYMOUS: Caller = { userId: 'anonymous', displayName: 'Anonymous', permissions: new Set(), anonymous: true };

/**
 * The in-process caller of trusted local code (CLI commands, the demo seed, tests): all
 * permissions. Transports never use it: HTTP and IPC callers are signed-in users or tokens.
 */
export const LOCAL_OWNER: Caller = {
  userId: 'local-owner',
  displayName: 'Owner',
  permissions: new Set(PERMISSIONS),
};
