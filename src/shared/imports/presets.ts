/**
 * Column mapping for batch imports: which column of a file feeds which field of a ledger
 * record. A preset names a kind, maps fields to column headers and says how rows group.
 */

export const IMPORT_KINDS = ['products', 'stock', 'customers', 'orders'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

/** The fields each kind understands; `*` marks the ones a mapping must give. */
export const IMPORT_FIELDS = {
  products: ['sku*', 'name*', 'altName', 'unit', 'price*', 'taxRate', 'weightGrams', 'weightKg', 'barcode', 'allowBackorder', 'active', 'option1', 'option2', 'option3'],
  stock: ['sku*', 'quantity*', 'warehouse'],
  customers: ['code', 'name*', 'email', 'phone', 'taxId', 'notes', 'line1', 'line2', 'city', 'region', 'postalCode', 'country'],
  orders: [
    'externalRef*',
    'orderDate',
    'currency',
    'email',
    'customerName',
    'phone',
    'shipName',
    'shipLine1',
    'shipLine2',
    'shipCity',
    'shipRegion',
    'shipPostalCode',
    'shipCountry',
    'shipPhone',
    'notes',
    'orderDiscount',
    'shipping',
    'status',
    'sku*',
    'quantity*',
    'unitPrice',
    'lineDiscount',
  ],
} as const satisfies Record<ImportKind, readonly string[]>;

type Bare<S> = S extends `${infer F}*` ? F : S;
export type ImportField<K extends ImportKind> = Bare<(typeof IMPORT_FIELDS)[K][number]>;

export function fieldsOf(kind: ImportKind): { name: string; required: boolean }[] {
  return IMPORT_FIELDS[kind].map((f) => ({ name: f.replace('*', ''), required: f.endsWith('*') }));
}

export type ImportPreset = {
  readonly name: string;
  readonly kind: ImportKind;
  /** Field → the column header that feeds it (matched exactly, then ignoring case and spaces). */
  readonly columns: Readonly<Record<string, string>>;
  /** Orders: the channel the orders come from (with externalRef, the natural key). */
  readonly channel?: string;
  /**
   * Rows with the same value in this field belong together (an order's line items, a product's
   * variants); fields listed in `carry` are taken from the group's first row when blank.
   */
  readonly groupBy?: string;
  readonly carry?: readonly string[];
  /** Rows whose `column` holds one of `values` are not records (a WooCommerce variable parent). */
  readonly skip?: { readonly column: string; readonly values: readonly string[] };
  /** Rows where this field is blank are silently passed over (Shopify's image-only rows). */
  readonly skipWhenBlank?: string;
};

// Shopify's orders export: one row per line item; order-level fields only on the first row.
const SHOPIFY_ORDERS: ImportPreset = {
  name: 'shopify-orders',
  kind: 'orders',
  channel: 'shopify',
  groupBy: 'externalRef',
  columns: {
    externalRef: 'Name',
    orderDate: 'Created at',
    currency: 'Currency',
    email: 'Email',
    customerName: 'Billing Name',
    phone: 'Phone',
    shipName: 'Shipping Name',
    shipLine1: 'Shipping Address1',
    shipLine2: 'Shipping Address2',
    shipCity: 'Shipping City',
    shipRegion: 'Shipping Province',
    shipPostalCode: 'Shipping Zip',
    shipCountry: 'Shipping Country',
    shipPhone: 'Shipping Phone',
    notes: 'Notes',
    orderDiscount: 'Discount Amount',
    shipping: 'Shipping',
    status: 'Fulfillment Status',
    sku: 'Lineitem sku',
    quantity: 'Lineitem quantity',
    unitPrice: 'Lineitem price',
    lineDiscount: 'Lineitem discount',
  },
};

// Shopify's products export: one row per variant (and extra rows per image); title and body
// only on a product's first row.
const SHOPIFY_PRODUCTS: ImportPreset = {
  name: 'shopify-products',
  kind: 'products',
  groupBy: 'handle',
  carry: ['name'],
  skipWhenBlank: 'sku',
  columns: {
    handle: 'Handle',
    sku: 'Variant SKU',
    name: 'Title',
    price: 'Variant Price',
    weightGrams: 'Variant Grams',
    barcode: 'Variant Barcode',
    allowBackorder: 'Variant Inventory Policy',
    option1: 'Option1 Value',
    option2: 'Option2 Value',
    option3: 'Option3 Value',
  },
};

const SHOPIFY_STOCK: ImportPreset = {
  name: 'shopify-stock',
  kind: 'stock',
  skipWhenBlank: 'sku',
  columns: { sku: 'Variant SKU', quantity: 'Variant Inventory Qty' },
};

// A one-row-per-item WooCommerce order export (the column labels of the common order export
// extensions; WooCommerce itself has no order CSV exporter).
const WOOCOMMERCE_ORDERS: ImportPreset = {
  name: 'woocommerce-orders',
  kind: 'orders',
  channel: 'woocommerce',
  groupBy: 'externalRef',
  columns: {
    externalRef: 'Order Number',
    orderDate: 'Order Date',
    currency: 'Order Currency',
    email: 'Billing Email',
    customerName: 'Billing Name',
    phone: 'Billing Phone',
    shipName: 'Shipping Name',
    shipLine1: 'Shipping Address 1',
    shipLine2: 'Shipping Address 2',
    shipCity: 'Shipping City',
    shipRegion: 'Shipping State',
    shipPostalCode: 'Shipping Postcode',
    shipCountry: 'Shipping Country',
    notes: 'Customer Note',
    orderDiscount: 'Cart Discount Amount',
    shipping: 'Order Shipping Amount',
    status: 'Order Status',
    sku: 'SKU',
    quantity: 'Quantity',
    unitPrice: 'Item Cost',
  },
};

// WooCommerce's built-in product CSV exporter: variable parents carry no price and are skipped;
// their variations are products of their own.
const WOOCOMMERCE_PRODUCTS: ImportPreset = {
  name: 'woocommerce-products',
  kind: 'products',
  skip: { column: 'Type', values: ['variable', 'grouped', 'external'] },
  columns: {
    sku: 'SKU',
    name: 'Name',
    price: 'Regular price',
    weightKg: 'Weight (kg)',
    allowBackorder: 'Backorders allowed?',
    active: 'Published',
  },
};

const WOOCOMMERCE_STOCK: ImportPreset = {
  name: 'woocommerce-stock',
  kind: 'stock',
  skip: { column: 'Type', values: ['variable', 'grouped', 'external'] },
  skipWhenBlank: 'quantity',
  columns: { sku: 'SKU', quantity: 'Stock' },
};

export const BUILT_IN_PRESETS: readonly ImportPreset[] = [SHOPIFY_ORDERS, SHOPIFY_PRODUCTS, SHOPIFY_STOCK, WOOCOMMERCE_ORDERS, WOOCOMMERCE_PRODUCTS, WOOCOMMERCE_STOCK];

export function builtInPreset(name: string): ImportPreset | undefined {
  return BUILT_IN_PRESETS.find((p) => p.name === name);
}

/** The identity mapping: every field read from a column of its own name. */
export function defaultPreset(kind: ImportKind): ImportPreset {
  const columns: Record<string, string> = {};
  for (const f of fieldsOf(kind)) columns[f.name] = f.name;
  return { name: `default-${kind}`, kind, columns, groupBy: kind === 'orders' ? 'externalRef' : undefined };
}

const loose = (s: string) => s.replace(/[\s_-]+/g, '').toLowerCase();

/** Field → column index, or a list of required fields whose column is missing. */
export function resolveColumns(preset: ImportPreset, header: readonly string[]): { index: Map<string, number>; missing: string[] } {
  const exact = new Map<string, number>();
  const relaxed = new Map<string, number>();
  header.forEach((h, i) => {
    const name = h.trim();
    if (!exact.has(name)) exact.set(name, i);
    if (!relaxed.has(loose(name))) relaxed.set(loose(name), i);
  });
  const index = new Map<string, number>();
  for (const [field, column] of Object.entries(preset.columns)) {
    const i = exact.get(column) ?? relaxed.get(loose(column));
    if (i !== undefined) index.set(field, i);
  }
  if (preset.skip) {
    const i = exact.get(preset.skip.column) ?? relaxed.get(loose(preset.skip.column));
    if (i !== undefined) index.set('__skip', i);
  }
  const missing = fieldsOf(preset.kind)
    .filter((f) => f.required && !index.has(f.name))
    // A product's name may come only from a carried column; it is still required on the file.
    .map((f) => f.name);
  return { index, missing };
}
