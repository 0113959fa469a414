// Row types of migration 0008 (purchasing), kept apart so schema.ts only gains one import.

export interface SupplierTable {
  id: string;
  code: string;
  name: string;
  contact_name: string | null;
  email: string | null;
  phone: string | null;
  /** JSON address or null. */
  address: string | null;
  currency: string;
  payment_terms_days: number;
  lead_time_days: number;
  notes: string | null;
  active: number;
  created_at: string;
  updated_at: string;
}

export interface SupplierProductTable {
  id: string;
  supplier_id: string;
  product_id: string;
  supplier_sku: string | null;
  last_price: number | null;
  min_order_qty: number;
  pack_size: number;
  preferred: number;
  updated_at: string;
}

export type PurchaseOrderStatus = 'draft' | 'sent' | 'partially_received' | 'received' | 'closed_short' | 'cancelled';

export interface PurchaseOrderTable {
  id: string;
  number: string;
  supplier_id: string;
  warehouse_id: string;
  status: PurchaseOrderStatus;
  currency: string;
  order_date: string;
  expected_date: string | null;
  notes: string | null;
  close_reason: string | null;
  sent_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface PurchaseOrderLineTable {
  id: string;
  po_id: string;
  line_no: number;
  product_id: string;
  supplier_sku: string | null;
  quantity: number;
  unit_cost: number;
  received_qty: number;
}

export interface PurchaseReceiptTable {
  id: string; number: string; po_id: string; warehouse_id: string; delivery_ref: string; received_on: string; created_at: string; actor: string;
}

export interface PurchaseReceiptLineTable {
  id: string; receipt_id: string; po_line_id: string; product_id: string; quantity: number; unit_cost: number; purchase_line_id: string;
}

export interface SupplierReturnTable {
  id: string; number: string; supplier_id: string; warehouse_id: string; reason: string; returned_on: string; created_at: string; actor: string;
}

export interface SupplierReturnLineTable {
  id: string; return_id: string; receipt_line_id: string; product_id: string; quantity: number; unit_cost: number; movement_id: string;
}

export interface SupplierBillTable {
  id: string;
  number: string;
  supplier_id: string;
  supplier_ref: string;
  bill_date: string;
  due_date: string;
  currency: string;
  total: number;
  /** Σ min(billed, still to bill) × the receipt's unit cost: what the receipts put on the books for it. */
  matched_cost: number;
  created_at: string;
  actor: string;
}

export interface SupplierBillLineTable {
  id: string;
  bill_id: string;
  line_no: number;
  receipt_line_id: string;
  product_id: string;
  quantity: number;
  unit_price: number;
  amount: number;
  /** What was still to bill on the receipt line when the bill was entered. */
  billable_qty: number;
  receipt_cost: number;
  /** JSON list of match flags (quantity_over, quantity_under, price_higher, price_lower). */
  flags: string;
}

export interface SupplierPaymentTable {
  id: string; number: string; supplier_id: string; paid_on: string; amount: number; currency: string; method: string; reference: string | null; created_at: string; actor: string;
}

export interface SupplierPaymentAllocationTable { id: string; payment_id: string; bill_id: string; amount: number }

export interface PurchasingTables {
  supplier: SupplierTable;
  supplier_product: SupplierProductTable;
  purchase_order: PurchaseOrderTable;
  purchase_order_line: PurchaseOrderLineTable;
  purchase_receipt: PurchaseReceiptTable;
  purchase_receipt_line: PurchaseReceiptLineTable;
  supplier_return: SupplierReturnTable;
  supplier_return_line: SupplierReturnLineTable;
  supplier_bill: SupplierBillTable;
  supplier_bill_line: SupplierBillLineTable;
  supplier_payment: SupplierPaymentTable;
  supplier_payment_allocation: SupplierPaymentAllocationTable;
}

export const PURCHASING_TABLES: readonly (keyof PurchasingTables)[] = [
  'supplier',
  'supplier_product',
  'purchase_order',
  'purchase_order_line',
  'purchase_receipt',
  'purchase_receipt_line',
  'supplier_return',
  'supplier_return_line',
  'supplier_bill',
  'supplier_bill_line',
  'supplier_payment',
  'supplier_payment_allocation',
];
