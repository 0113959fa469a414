// Pick lists: lines of several orders merged by product and bin, in walking order through the
// warehouse. Pure, so the service and any printout sort the same way.

export type PickSource = {
  readonly productId: string;
  readonly sku: string;
  readonly name: string;
  /** The product's bin in the order's warehouse, or null when it has none yet. */
  readonly bin: string | null;
  readonly quantity: number;
  readonly orderId: string;
  readonly orderNumber: string;
};

export type PickLine = {
  readonly productId: string;
  readonly sku: string;
  readonly name: string;
  readonly bin: string | null;
  readonly quantity: number;
  readonly orders: readonly { readonly orderId: string; readonly orderNumber: string; readonly quantity: number }[];
};

const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

/** Bin order: natural (A-2 before A-10); products without a bin come last; then by SKU. */
export function compareBins(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return collator.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0);
}

export function buildPickList(sources: readonly PickSource[]): PickLine[] {
  const merged = new Map<string, { line: Omit<PickLine, 'orders' | 'quantity'>; quantity: number; orders: Map<string, { orderId: string; orderNumber: string; quantity: number }> }>();
  for (const s of sources) {
    if (s.quantity <= 0) continue;
    const key = `${s.productId}\u0000${s.bin ?? ''}`;
    let m = merged.get(key);
    if (!m) {
      m = { line: { productId: s.productId, sku: s.sku, name: s.name, bin: s.bin }, quantity: 0, orders: new Map() };
      merged.set(key, m);
    }
    m.quantity += s.quantity;
    const o = m.orders.get(s.orderId) ?? { orderId: s.orderId, orderNumber: s.orderNumber, quantity: 0 };
    o.quantity += s.quantity;
    m.orders.set(s.orderId, o);
  }
  return [...merged.values()]
    .map((m) => ({ ...m.line, quantity: m.quantity, orders: [...m.orders.values()].sort((a, b) => (a.orderNumber < b.orderNumber ? -1 : a.orderNumber > b.orderNumber ? 1 : 0)) }))
    .sort((a, b) => compareBins(a.bin, b.bin) || (a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : 0));
}
