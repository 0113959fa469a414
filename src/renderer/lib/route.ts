/** The app's screens, addressed by the URL hash so a reload keeps the screen. */
export type Route =
  | { readonly screen: 'home' }
  | { readonly screen: 'orders' }
  | { readonly screen: 'order-new' }
  | { readonly screen: 'order-edit'; readonly id: string }
  | { readonly screen: 'order'; readonly id: string }
  | { readonly screen: 'products' }
  | { readonly screen: 'stock' }
  | { readonly screen: 'customers' }
  | { readonly screen: 'settings' }
  | { readonly screen: 'users' }
  | { readonly screen: 'packing' }
  | { readonly screen: 'transfers' }
  | { readonly screen: 'import' }
  | { readonly screen: 'invoices' }
  | { readonly screen: 'invoice'; readonly id: string }
  | { readonly screen: 'receivables' }
  | { readonly screen: 'reports' }
  | { readonly screen: 'purchasing'; readonly tab: PurchasingTab }
  | { readonly screen: 'purchase-order'; readonly id: string }
  | { readonly screen: 'counts' }
  | { readonly screen: 'count'; readonly id: string }
  | { readonly screen: 'sync' };

export const PURCHASING_TABS = ['orders', 'suggestions', 'suppliers', 'bills', 'payments', 'payables'] as const;
export type PurchasingTab = (typeof PURCHASING_TABS)[number];

export type Screen = Route['screen'];

const SIMPLE = new Set<Screen>(['home', 'orders', 'products', 'stock', 'customers', 'settings', 'users', 'packing', 'transfers', 'import', 'invoices', 'receivables', 'reports', 'counts', 'sync']);

export function parseRoute(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean);
  const [first, second, third] = parts;
  if (first === 'orders' && second === 'new') return { screen: 'order-new' };
  if (first === 'orders' && second && third === 'edit') return { screen: 'order-edit', id: second };
  if (first === 'orders' && second) return { screen: 'order', id: second };
  if (first === 'invoices' && second) return { screen: 'invoice', id: second };
  if (first === 'purchasing' && second === 'po' && third) return { screen: 'purchase-order', id: third };
  if (first === 'purchasing') return { screen: 'purchasing', tab: PURCHASING_TABS.find((x) => x === second) ?? 'orders' };
  if (first === 'counts' && second) return { screen: 'count', id: second };
  if (first && SIMPLE.has(first as Screen)) return { screen: first as 'home' };
  return { screen: 'home' };
}

export function routeHash(route: Route): string {
  switch (route.screen) {
    case 'order-new':
      return '#/orders/new';
    case 'order-edit':
      return `#/orders/${route.id}/edit`;
    case 'order':
      return `#/orders/${route.id}`;
    case 'invoice':
      return `#/invoices/${route.id}`;
    case 'purchasing':
      return `#/purchasing/${route.tab}`;
    case 'purchase-order':
      return `#/purchasing/po/${route.id}`;
    case 'count':
      return `#/counts/${route.id}`;
    default:
      return `#/${route.screen}`;
  }
}

/** Which guide section F1 opens for a screen. */
export function helpSection(screen: Screen): string {
  if (screen === 'order-new' || screen === 'order-edit' || screen === 'order' || screen === 'orders') return 'orders';
  if (screen === 'products' || screen === 'stock' || screen === 'packing' || screen === 'transfers' || screen === 'counts' || screen === 'count') return 'stock';
  if (screen === 'settings' || screen === 'customers' || screen === 'users' || screen === 'sync') return 'settings';
  if (screen === 'invoices' || screen === 'invoice' || screen === 'receivables' || screen === 'reports') return 'invoicing';
  if (screen === 'purchasing' || screen === 'purchase-order') return 'purchasing';
  return 'first-start';
}
