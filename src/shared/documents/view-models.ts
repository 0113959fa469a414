// What each printed document shows, as plain data. A layout in src/main/documents turns one of
// these into a PDF and knows nothing about where the data came from; each data source (orders,
// invoicing, fulfilment) adds an adapter that fills one. Money is integer minor units plus the
// document's currency; dates are ISO strings. Nothing here is formatted yet: the layout
// formats at the edge, in the document's language.

export const DOC_LANGS = ['en', 'zh'] as const;
export type DocLang = (typeof DOC_LANGS)[number];

export const DOC_KINDS = ['invoice', 'credit-note', 'packing-slip', 'pick-list', 'shipping-label', 'purchase-order'] as const;
export type DocKind = (typeof DOC_KINDS)[number];

/** A postal address as it is printed, one field per line. */
export type DocAddress = {
  readonly name: string;
  readonly line1: string;
  readonly line2?: string | null;
  readonly city: string;
  readonly region?: string | null;
  readonly postalCode?: string | null;
  /** ISO 3166 two-letter code. */
  readonly country: string;
  readonly phone?: string | null;
};

/** The shop as it appears on its documents (settings: `documents.profile`). */
export type DocShop = {
  readonly name: string;
  readonly address: DocAddress | null;
  readonly taxId: string | null;
  readonly email: string | null;
  readonly phone: string | null;
  readonly website: string | null;
  readonly bankDetails: string | null;
  /** IANA zone the document's dates and times are shown in. */
  readonly timeZone: string;
};

/** A customer or other party on an invoice. */
export type DocParty = {
  readonly name: string;
  readonly address: DocAddress | null;
  readonly taxId: string | null;
};

export type InvoiceLineDoc = {
  readonly sku: string;
  readonly description: string;
  readonly quantity: number;
  /** Minor units per unit. */
  readonly unitPrice: number;
  /** Line discount in basis points (1000 = 10 %). */
  readonly discountBp: number;
  readonly taxRateBp: number;
  readonly net: number;
  readonly tax: number;
  readonly gross: number;
};

export type TaxBreakdownDoc = { readonly taxRateBp: number; readonly net: number; readonly tax: number; readonly gross: number };

/** An invoice, and with `kind: 'credit-note'` a credit note (amounts stay positive; the title and the reference say what is credited). */
export type InvoiceDoc = {
  readonly kind: 'invoice';
  readonly lang: DocLang;
  readonly number: string;
  readonly issueDate: string;
  readonly dueDate: string | null;
  /** The order it bills, printed when present. */
  readonly orderNumber: string | null;
  readonly currency: string;
  readonly seller: DocShop;
  readonly buyer: DocParty;
  readonly shipTo: DocAddress | null;
  readonly pricesIncludeTax: boolean;
  readonly lines: readonly InvoiceLineDoc[];
  readonly taxBreakdown: readonly TaxBreakdownDoc[];
  /** Sum of line amounts before the order discount. */
  readonly subtotal: number;
  /** Order-level discount (already shared into the lines' net amounts). */
  readonly discountTotal: number;
  readonly netTotal: number;
  readonly taxTotal: number;
  readonly grossTotal: number;
  readonly paid: number;
  readonly due: number;
  readonly paymentTerms: string | null;
  readonly notes: string | null;
};

export type CreditNoteDoc = Omit<InvoiceDoc, 'kind' | 'dueDate' | 'paid' | 'due'> & {
  readonly kind: 'credit-note';
  /** The invoice this note corrects. */
  readonly creditedInvoiceNumber: string;
  readonly reason: string | null;
  /** Refunded so far, and still to refund or to offset. */
  readonly refunded: number;
  readonly remaining: number;
};

export type PackingSlipLineDoc = {
  readonly sku: string;
  readonly name: string;
  readonly bin: string | null;
  readonly ordered: number;
  /** Shipped in earlier shipments. */
  readonly shippedBefore: number;
  /** In this parcel. */
  readonly inThisShipment: number;
  /** Left for a later shipment. */
  readonly remaining: number;
};

export type PackingSlipDoc = {
  readonly kind: 'packing-slip';
  readonly lang: DocLang;
  readonly orderNumber: string;
  readonly orderDate: string;
  readonly printedAt: string;
  readonly shop: DocShop;
  readonly customerName: string;
  readonly shipTo: DocAddress | null;
  /** Carrier and tracking number, once fulfilment knows them. */
  readonly shipment: { readonly number: string | null; readonly carrier: string | null; readonly trackingNumber: string | null } | null;
  /** The order's delivery method and the shipping fee charged (absent: none chosen). */
  readonly delivery?: { readonly method: string; readonly fee: number; readonly currency: string } | null;
  readonly lines: readonly PackingSlipLineDoc[];
  readonly notes: string | null;
};

export type PickListLineDoc = {
  readonly bin: string | null;
  readonly sku: string;
  readonly name: string;
  readonly quantity: number;
  /** Which orders take how many of this line. */
  readonly orders: readonly { readonly orderNumber: string; readonly quantity: number }[];
};

export type PickListDoc = {
  readonly kind: 'pick-list';
  readonly lang: DocLang;
  /** The pick list's own number, or the order number when it picks one order. */
  readonly number: string;
  readonly warehouseName: string;
  readonly printedAt: string;
  readonly shop: DocShop;
  readonly orderNumbers: readonly string[];
  /** Already merged by bin and SKU (see mergePickLines), sorted by bin. */
  readonly lines: readonly PickListLineDoc[];
};

export type ShippingLabelDoc = {
  readonly kind: 'shipping-label';
  readonly lang: DocLang;
  readonly sender: DocAddress;
  readonly recipient: DocAddress;
  readonly carrier: string;
  readonly service: string | null;
  /** Grams. */
  readonly weightGrams: number | null;
  readonly trackingNumber: string;
  readonly orderNumber: string | null;
  /** Parcel n of m. */
  readonly parcel: { readonly index: number; readonly count: number } | null;
  readonly shipDate: string;
};

/** A purchase order to a supplier, in the ledger currency, delivered to one of the shop's warehouses. */
export type PurchaseOrderDoc = {
  readonly kind: 'purchase-order';
  readonly lang: DocLang;
  readonly number: string;
  readonly orderDate: string;
  readonly expectedDate: string | null;
  readonly currency: string;
  readonly buyer: DocShop;
  readonly supplier: DocParty & { readonly code: string; readonly contact: string | null; readonly email: string | null; readonly phone: string | null };
  readonly deliverTo: { readonly warehouse: string; readonly address: DocAddress | null };
  readonly paymentTermsDays: number;
  readonly lines: readonly { readonly sku: string; readonly supplierSku: string | null; readonly description: string; readonly quantity: number; readonly unitCost: number; readonly amount: number }[];
  readonly total: number;
  readonly notes: string | null;
  readonly printedAt: string;
};

export type AnyDoc = InvoiceDoc | CreditNoteDoc | PackingSlipDoc | PickListDoc | ShippingLabelDoc | PurchaseOrderDoc;

/**
 * Merges pick lines that share a bin and SKU (orders merged or split leave several lines of one
 * product), keeps each order's share, and sorts by bin (lines with no bin last) then SKU, the
 * order a picker walks.
 */
export function mergePickLines(
  lines: readonly { readonly bin: string | null; readonly sku: string; readonly name: string; readonly quantity: number; readonly orderNumber: string }[],
): PickListLineDoc[] {
  const byKey = new Map<string, { bin: string | null; sku: string; name: string; quantity: number; orders: Map<string, number> }>();
  for (const l of lines) {
    if (l.quantity <= 0) continue;
    const key = `${l.bin ?? ''}\u0000${l.sku}`;
    let m = byKey.get(key);
    if (!m) {
      m = { bin: l.bin, sku: l.sku, name: l.name, quantity: 0, orders: new Map() };
      byKey.set(key, m);
    }
    m.quantity += l.quantity;
    m.orders.set(l.orderNumber, (m.orders.get(l.orderNumber) ?? 0) + l.quantity);
  }
  const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return [...byKey.values()]
    .sort((a, b) => (a.bin === null ? 1 : 0) - (b.bin === null ? 1 : 0) || cmp(a.bin ?? '', b.bin ?? '') || cmp(a.sku, b.sku))
    .map((m) => ({ bin: m.bin, sku: m.sku, name: m.name, quantity: m.quantity, orders: [...m.orders].map(([orderNumber, quantity]) => ({ orderNumber, quantity })) }));
}
