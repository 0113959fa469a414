import type { Generated } from 'kysely';
import { PURCHASING_TABLES, type PurchasingTables } from './schema-purchasing.ts';
import { BOOKS_EXTRA_TABLES, type BooksExtraTables } from './schema-books.ts';

// Row types exactly as SQLite stores them: money and quantities are integers, flags 0/1,
// JSON documents as text, times as ISO-8601 UTC strings.

export interface SettingTable { id: string; value: string }

export interface NumberSeriesTable { id: string; prefix: string; next_value: number; padding: number }

export interface TaxRateTable {
  id: string; code: string; name: string; rate_bp: number; active: number; created_at: string; updated_at: string;
}

export interface WarehouseTable {
  id: string; code: string; name: string; address: string | null; active: number; created_at: string; updated_at: string;
}

export interface ProductTable {
  id: string;
  sku: string;
  name: string;
  alt_name: string | null;
  unit: string;
  price: number;
  currency: string;
  tax_rate_id: string;
  weight_grams: number | null;
  allow_backorder: number;
  active: number;
  created_at: string;
  updated_at: string;
}

export interface ProductBarcodeTable { id: string; product_id: string; code: string; symbology: string }

export interface CustomerTable {
  id: string;
  code: string;
  name: string;
  email: string | null;
  phone: string | null;
  tax_id: string | null;
  billing_address: string | null;
  shipping_address: string | null;
  notes: string | null;
  created_at: string;
  updated_at: string;
}

export interface StockLevelTable { id: string; product_id: string; warehouse_id: string; on_hand: number; reserved: number }

export interface SalesOrderTable {
  id: string;
  number: string;
  status: string;
  customer_id: string;
  customer_name: string;
  warehouse_id: string;
  channel: string;
  external_ref: string | null;
  currency: string;
  ship_to: string | null;
  notes: string | null;
  prices_include_tax: number;
  /** Migration 0010: 'line' or 'document', copied from the setting when the order is made. */
  tax_rounding: 'line' | 'document';
  order_discount: number;
  subtotal: number;
  discount_total: number;
  net_total: number;
  tax_total: number;
  gross_total: number;
  approval_reason: string | null;
  merged_into_id: string | null;
  split_from_id: string | null;
  order_date: string;
  created_at: string;
  updated_at: string;
}

export interface SalesOrderLineTable {
  id: string;
  order_id: string;
  line_no: number;
  product_id: string;
  sku: string;
  name: string;
  quantity: number;
  unit_price: number;
  price_overridden: number;
  discount_bp: number;
  tax_rate_bp: number;
  net: number;
  tax: number;
  gross: number;
  reserved_qty: number;
  shipped_qty: number;
}

export interface OrderStatusChangeTable {
  id: string; order_id: string; from_status: string | null; to_status: string; event: string; note: string | null; at: string; actor: string;
}

export interface StockMovementTable {
  id: string;
  product_id: string;
  warehouse_id: string;
  kind: 'receipt' | 'adjustment' | 'reservation' | 'release' | 'shipment' | 'transfer_out' | 'transfer_in' | 'return';
  on_hand_delta: number;
  reserved_delta: number;
  reason: string | null;
  order_id: string | null;
  order_line_id: string | null;
  at: string;
  actor: string;
}

// ---- fulfilment (migration 0004) ----

export interface CarrierTable {
  id: string; code: string; name: string; tracking_url: string | null; active: number; created_at: string; updated_at: string;
}

export interface DeliveryMethodTable {
  id: string;
  code: string;
  name: string;
  kind: 'express' | 'local' | 'pickup' | 'freight';
  carrier_id: string | null;
  /** FeeRule (src/shared/shipping-fee.ts) as JSON. */
  fee_rule: string;
  active: number;
  created_at: string;
  updated_at: string;
}

export interface OrderDeliveryTable {
  id: string;
  order_id: string;
  delivery_method_id: string;
  currency: string;
  fee: number;
  computed_fee: number;
  /** FeeStep[] as JSON: how the computed fee was made. */
  fee_steps: string;
  fee_overridden: number;
  weight_grams: number;
  updated_at: string;
}

export interface ProductLocationTable {
  id: string; product_id: string; warehouse_id: string; bin: string | null; reorder_point: number | null; reorder_qty: number | null;
}

export interface PackingLineTable { id: string; order_id: string; order_line_id: string; scanned_qty: number }

export interface ShipmentTable {
  id: string;
  number: string;
  order_id: string;
  carrier_id: string | null;
  status: 'in_transit' | 'delivered' | 'failed' | 'returned';
  status_note: string | null;
  shipped_at: string;
  delivered_at: string | null;
  updated_at: string;
}

export interface ShipmentParcelTable { id: string; shipment_id: string; parcel_no: number; tracking_number: string | null; weight_grams: number | null }

export interface ShipmentLineTable { id: string; shipment_id: string; order_line_id: string; product_id: string; quantity: number }

export interface StockTransferTable {
  id: string;
  number: string;
  from_warehouse_id: string;
  to_warehouse_id: string;
  status: 'draft' | 'in_transit' | 'received' | 'closed';
  notes: string | null;
  close_reason: string | null;
  shipped_at: string | null;
  received_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface StockTransferLineTable { id: string; transfer_id: string; line_no: number; product_id: string; quantity: number; received_qty: number }

export interface StockCountTable {
  id: string; number: string; warehouse_id: string; status: 'open' | 'posted'; bin_from: string | null; bin_to: string | null; reason: string | null; created_at: string; posted_at: string | null;
}

export interface StockCountLineTable { id: string; count_id: string; product_id: string; bin: string | null; expected_qty: number; counted_qty: number | null }

export interface ReturnReceiptTable { id: string; number: string; order_id: string; warehouse_id: string; reason: string; created_at: string; actor: string }

export interface ReturnLineTable { id: string; return_id: string; order_line_id: string; product_id: string; quantity: number; disposition: 'restock' | 'write_off' }

export interface AfterSalesCaseTable {
  id: string;
  number: string;
  order_id: string;
  kind: 'return' | 'exchange' | 'refund' | 'complaint';
  status: 'open' | 'in_progress' | 'resolved' | 'closed';
  summary: string;
  created_at: string;
  updated_at: string;
}

export interface AfterSalesNoteTable { id: string; case_id: string; body: string; at: string; actor: string }

export interface AfterSalesDocumentTable { id: string; case_id: string; kind: string; document_id: string }

export interface JournalTable {
  seq: Generated<number>;
  id: string;
  at: string;
  station_id: string;
  actor: string;
  operation: string;
  changes: string;
  prev_hash: string;
  hash: string;
  /** Migration 0009: the entry's hybrid logical clock (null on entries written before sync). */
  hlc: string | null;
}

// ---- invoicing, payments and the books (migration 0003) ----

export interface InvoiceTable {
  id: string;
  kind: 'invoice' | 'credit_note';
  number: string;
  order_id: string;
  credited_invoice_id: string | null;
  customer_id: string;
  customer_name: string;
  customer_tax_id: string | null;
  billing_address: string | null;
  currency: string;
  prices_include_tax: number;
  issue_date: string;
  due_date: string;
  net_total: number;
  tax_total: number;
  gross_total: number;
  cost_total: number;
  reason: string | null;
  return_warehouse_id: string | null;
  issued_at: string;
  actor: string;
}

export interface InvoiceLineTable {
  id: string;
  invoice_id: string;
  line_no: number;
  /** Null on a charge line (shipping). */
  order_line_id: string | null;
  credited_line_id: string | null;
  /** Null on a charge line (shipping). */
  product_id: string | null;
  sku: string;
  name: string;
  unit: string;
  quantity: number;
  unit_price: number;
  discount_bp: number;
  tax_rate_bp: number;
  net: number;
  tax: number;
  gross: number;
  unit_cost: number;
  cost: number;
  /** 'shipping' on the line billing the order's shipping fee; null on goods lines. */
  charge: 'shipping' | null;
}

export interface PaymentTable {
  id: string;
  number: string;
  kind: 'payment' | 'refund';
  customer_id: string;
  method: string;
  amount: number;
  currency: string;
  paid_on: string;
  reference: string | null;
  note: string | null;
  recorded_at: string;
  actor: string;
}

export interface PaymentAllocationTable {
  id: string; payment_id: string; invoice_id: string; amount: number; allocated_on: string; recorded_at: string; actor: string;
}

export interface BookCategoryTable { id: string; kind: 'income' | 'expense'; code: string; name: string; created_at: string }

export interface BookEntryTable {
  id: string;
  number: string;
  kind: 'income' | 'expense';
  category_id: string;
  entry_date: string;
  amount: number;
  currency: string;
  method: string;
  description: string;
  reference: string | null;
  recorded_at: string;
  actor: string;
}

export interface ProductCostTable { id: string; product_id: string; warehouse_id: string; unit_cost: number; updated_at: string }

export interface PurchaseLineTable {
  id: string;
  movement_id: string;
  product_id: string;
  warehouse_id: string;
  quantity: number;
  unit_cost: number;
  average_after: number;
  supplier: string | null;
  reference: string | null;
  received_on: string;
  recorded_at: string;
  actor: string;
}

interface FtsTable { rowid: number }
export interface ProductFtsTable extends FtsTable { product_fts: string; sku: string; name: string; alt_name: string }
export interface CustomerFtsTable extends FtsTable { customer_fts: string; code: string; name: string; email: string; phone: string }
export interface SalesOrderFtsTable extends FtsTable { sales_order_fts: string; number: string; customer_name: string; skus: string }

/** Migration 0003: a named column mapping for imports; `definition` is the preset as JSON. */
export interface ImportPresetTable {
  id: string;
  name: string;
  kind: 'products' | 'stock' | 'customers' | 'orders';
  definition: string;
  created_at: string;
  updated_at: string;
}

/** Migration 0003: an integration's API token; only the SHA-256 of the secret is stored. */
export interface ApiTokenTable {
  id: string;
  name: string;
  prefix: string;
  token_hash: string;
  /** JSON list of permissions. */
  permissions: string;
  created_at: string;
  revoked_at: string | null;
}

/** Migration 0003: a webhook subscription (journaled); `events` is a JSON list. */
export interface WebhookSubscriptionTable {
  id: string;
  url: string;
  events: string;
  secret: string;
  active: 0 | 1;
  created_at: string;
  updated_at: string;
}

/** Migration 0003, not journaled: the outbox, one row per event, written with the operation. */
export interface WebhookEventTable {
  seq: Generated<number>;
  id: string;
  type: string;
  order_id: string | null;
  payload: string;
  created_at: string;
}

/** Migration 0003, not journaled: one event for one subscription. */
export interface WebhookDeliveryTable {
  id: string;
  event_seq: number;
  subscription_id: string;
  order_id: string | null;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  next_attempt_at: string;
  delivered_at: string | null;
}

/** Migration 0003, not journaled: the delivery log. */
export interface WebhookAttemptTable {
  id: string;
  delivery_id: string;
  at: string;
  status_code: number | null;
  error: string | null;
  duration_ms: number;
}

/** Tables whose every change is written through the journal (see journal-writer.ts). */
export interface JournaledTables extends PurchasingTables, BooksExtraTables {
  setting: SettingTable;
  number_series: NumberSeriesTable;
  tax_rate: TaxRateTable;
  warehouse: WarehouseTable;
  product: ProductTable;
  product_barcode: ProductBarcodeTable;
  customer: CustomerTable;
  stock_level: StockLevelTable;
  sales_order: SalesOrderTable;
  sales_order_line: SalesOrderLineTable;
  order_status_change: OrderStatusChangeTable;
  stock_movement: StockMovementTable;
  invoice: InvoiceTable;
  invoice_line: InvoiceLineTable;
  payment: PaymentTable;
  payment_allocation: PaymentAllocationTable;
  book_category: BookCategoryTable;
  book_entry: BookEntryTable;
  product_cost: ProductCostTable;
  purchase_line: PurchaseLineTable;
  carrier: CarrierTable;
  delivery_method: DeliveryMethodTable;
  order_delivery: OrderDeliveryTable;
  product_location: ProductLocationTable;
  packing_line: PackingLineTable;
  shipment: ShipmentTable;
  shipment_parcel: ShipmentParcelTable;
  shipment_line: ShipmentLineTable;
  stock_transfer: StockTransferTable;
  stock_transfer_line: StockTransferLineTable;
  stock_count: StockCountTable;
  stock_count_line: StockCountLineTable;
  return_receipt: ReturnReceiptTable;
  return_line: ReturnLineTable;
  after_sales_case: AfterSalesCaseTable;
  after_sales_note: AfterSalesNoteTable;
  after_sales_document: AfterSalesDocumentTable;
  import_preset: ImportPresetTable;
  api_token: ApiTokenTable;
  webhook_subscription: WebhookSubscriptionTable;
  role: RoleTable;
  app_user: AppUserTable;
}

export type JournaledTable = keyof JournaledTables;

export const JOURNALED_TABLES: readonly JournaledTable[] = [
  'setting',
  'number_series',
  'tax_rate',
  'warehouse',
  'product',
  'product_barcode',
  'customer',
  'stock_level',
  'sales_order',
  'sales_order_line',
  'order_status_change',
  'stock_movement',
  'invoice',
  'invoice_line',
  'payment',
  'payment_allocation',
  'book_category',
  'book_entry',
  'product_cost',
  'purchase_line',
  'carrier',
  'delivery_method',
  'order_delivery',
  'product_location',
  'packing_line',
  'shipment',
  'shipment_parcel',
  'shipment_line',
  'stock_transfer',
  'stock_transfer_line',
  'stock_count',
  'stock_count_line',
  'return_receipt',
  'return_line',
  'after_sales_case',
  'after_sales_note',
  'after_sales_document',
  'import_preset',
  'api_token',
  'webhook_subscription',
  'role',
  'app_user',
  ...PURCHASING_TABLES,
  ...BOOKS_EXTRA_TABLES,
];

/** Derived (migration 0002): the orders holding each product, in the order list's keyset order. */
export interface SalesOrderProductTable {
  product_id: string;
  order_id: string;
  order_date: string;
}

/** Migration 0014, derived (triggers): issued invoice lines summed per issue day, kind and tax rate. */
export interface SalesTaxDayTable {
  day: string;
  kind: string;
  tax_rate_bp: number;
  net: number;
  tax: number;
  lines: number;
}

/**
 * Migration 0016, derived (triggers): a customer's documents summed as they are written, so a
 * payment or the account reads one row instead of the customer's history.
 */
export interface CustomerBalanceTable {
  customer_id: string;
  invoiced: number;
  credited: number;
  paid: number;
  refunded: number;
  /** Unallocated payments less what refunds paid out beyond their allocations. */
  unallocated: number;
  /** Store-credit refunds less store-credit payments. */
  store_credit: number;
}

/** Migration 0014, derived (triggers): invoices and credit notes counted per issue day. */
export interface SalesInvoiceDayTable {
  day: string;
  kind: string;
  invoices: number;
}

/** Migration 0003, not journaled: the first answer of a write call made with an idempotency key. */
export interface IdempotencyKeyTable {
  actor: string;
  key: string;
  operation: string;
  request_hash: string;
  response: string;
  created_at: string;
}

/** Migration 0006: a role; `permissions` is a JSON list, `builtin` names the built-in roles. */
export interface RoleTable {
  id: string;
  name: string;
  builtin: string | null;
  permissions: string;
  created_at: string;
  updated_at: string;
}

/** Migration 0006: a person who signs in; only the scrypt hash of the password is kept. */
export interface AppUserTable {
  id: string;
  username: string;
  display_name: string;
  role_id: string;
  password_hash: string;
  active: number;
  created_at: string;
  updated_at: string;
}

/** Migration 0006, not journaled: one sign-in on this station; only the token's hash is kept. */
export interface UserSessionTable {
  id: string;
  user_id: string;
  token_hash: string;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
  ended_at: string | null;
}

/** Migration 0009, not journaled: this station's sync memory (docs/SYNC.md). */
export interface SyncStateTable { key: string; value: string }
export interface SyncClockTable { t: string; id: string; col: string; hlc: string }
export interface SyncAppliedTable {
  pos: Generated<number>;
  op_id: string;
  kind: 'remote' | 'derived';
  station_id: string;
  hlc: string;
  operation: string;
  server_seq: number | null;
  after_seq: number;
  changes: string;
  prev_hash: string;
  hash: string;
}
export interface SyncIssueTable {
  id: string;
  kind: 'oversell' | 'transition' | 'parked' | 'clock';
  subject: string;
  message: string;
  details: string;
  created_at: string;
  resolved_at: string | null;
}

export interface LedgerSchema extends JournaledTables {
  user_session: UserSessionTable;
  sync_state: SyncStateTable;
  sync_clock: SyncClockTable;
  sync_applied: SyncAppliedTable;
  sync_issue: SyncIssueTable;
  idempotency_key: IdempotencyKeyTable;
  webhook_event: WebhookEventTable;
  webhook_delivery: WebhookDeliveryTable;
  webhook_attempt: WebhookAttemptTable;
  journal: JournalTable;
  product_fts: ProductFtsTable;
  customer_fts: CustomerFtsTable;
  sales_order_fts: SalesOrderFtsTable;
  sales_order_product: SalesOrderProductTable;
  sales_tax_day: SalesTaxDayTable;
  sales_invoice_day: SalesInvoiceDayTable;
  customer_balance: CustomerBalanceTable;
}
