import type { Migration } from './migration.ts';

// Purchasing and replenishment (issue 11): suppliers, purchase orders received in deliveries,
// supplier returns, supplier bills matched to receipt lines, supplier payments. Every table is
// journaled, STRICT, money in integer minor units with its currency, quantities integers.
// Receipts, returns, bills and payments are documents of record: insert-only, like invoices.
// Receipt lines point at the purchase_line of the costed receipt, so the moving average and the
// books' Dr inventory / Cr payables line come from the one existing path.
export const migration0008: Migration = {
  version: 8,
  name: 'purchasing',
  sql: `
CREATE TABLE supplier (
  id TEXT PRIMARY KEY,
  code TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  contact_name TEXT,
  email TEXT,
  phone TEXT,
  address TEXT,
  currency TEXT NOT NULL,
  payment_terms_days INTEGER NOT NULL CHECK (payment_terms_days >= 0),
  lead_time_days INTEGER NOT NULL CHECK (lead_time_days >= 0),
  notes TEXT,
  active INTEGER NOT NULL CHECK (active IN (0, 1)),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;

CREATE TABLE supplier_product (
  id TEXT PRIMARY KEY,
  supplier_id TEXT NOT NULL REFERENCES supplier(id),
  product_id TEXT NOT NULL REFERENCES product(id),
  supplier_sku TEXT,
  last_price INTEGER CHECK (last_price >= 0),
  min_order_qty INTEGER NOT NULL CHECK (min_order_qty >= 1),
  pack_size INTEGER NOT NULL CHECK (pack_size >= 1),
  preferred INTEGER NOT NULL CHECK (preferred IN (0, 1)),
  updated_at TEXT NOT NULL,
  UNIQUE (supplier_id, product_id)
) STRICT;
CREATE INDEX supplier_product_product ON supplier_product(product_id);
-- At most one preferred supplier per product.
CREATE UNIQUE INDEX supplier_product_preferred ON supplier_product(product_id) WHERE preferred = 1;

CREATE TABLE purchase_order (
  id TEXT PRIMARY KEY,
  number TEXT NOT NULL UNIQUE,
  supplier_id TEXT NOT NULL REFERENCES supplier(id),
  warehouse_id TEXT NOT NULL REFERENCES warehouse(id),
  status TEXT NOT NULL CHECK (status IN ('draft', 'sent', 'partially_received', 'received', 'closed_short', 'cancelled')),
  currency TEXT NOT NULL,
  order_date TEXT NOT NULL,
  expected_date TEXT,
  notes TEXT,
  close_reason TEXT,
  sent_at TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;
CREATE INDEX purchase_order_supplier ON purchase_order(supplier_id, status);
CREATE INDEX purchase_order_status ON purchase_order(status, warehouse_id);

CREATE TABLE purchase_order_line (
  id TEXT PRIMARY KEY,
  po_id TEXT NOT NULL REFERENCES purchase_order(id),
  line_no INTEGER NOT NULL,
  product_id TEXT NOT NULL REFERENCES product(id),
  supplier_sku TEXT,
  quantity INTEGER NOT NULL CHECK (quantity > 0),
  unit_cost INTEGER NOT NULL CHECK (unit_cost >= 0),
  received_qty INTEGER NOT NULL CHECK (received_qty >= 0),
  UNIQUE (po_id, line_no),
  UNIQUE (po_id, product_id)
) STRICT;
CREATE INDEX purchase_order_line_product ON purchase_order_line(product_id);

CREATE TABLE purchase_receipt (
  id TEXT PRIMARY KEY,
  number TEXT NOT NULL UNIQUE,
  po_id TEXT NOT NULL REFERENCES purchase_order(id),
  warehouse_id TEXT NOT NULL REFERENCES warehouse(id),
  delivery_ref TEXT NOT NULL,
  received_on TEXT NOT NULL,
  created_at TEXT NOT NULL,
  actor TEXT NOT NULL,
  UNIQUE (po_id, delivery_ref)
) STRICT;

CREATE TABLE purchase_receipt_line (
  id TEXT PRIMARY KEY,
  receipt_id TEXT NOT NULL REFERENCES purchase_receipt(id),
  po_line_id TEXT NOT NULL REFERENCES purchase_order_line(id),
  product_id TEXT NOT NULL REFERENCES product(id),
  quantity INTEGER NOT NULL CHECK (quantity > 0),
  unit_cost INTEGER NOT NULL CHECK (unit_cost >= 0),
  purchase_line_id TEXT NOT NULL UNIQUE REFERENCES purchase_line(id)
) STRICT;
CREATE INDEX purchase_receipt_line_receipt ON purchase_receipt_line(receipt_id);
CREATE INDEX purchase_receipt_line_po_line ON purchase_receipt_line(po_line_id);

CREATE TABLE supplier_return (
  id TEXT PRIMARY KEY,
  number TEXT NOT NULL UNIQUE,
  supplier_id TEXT NOT NULL REFERENCES supplier(id),
  warehouse_id TEXT NOT NULL REFERENCES warehouse(id),
  reason TEXT NOT NULL,
  returned_on TEXT NOT NULL,
  created_at TEXT NOT NULL,
  actor TEXT NOT NULL
) STRICT;

CREATE TABLE supplier_return_line (
  id TEXT PRIMARY KEY,
  return_id TEXT NOT NULL REFERENCES supplier_return(id),
  receipt_line_id TEXT NOT NULL REFERENCES purchase_receipt_line(id),
  product_id TEXT NOT NULL REFERENCES product(id),
  quantity INTEGER NOT NULL CHECK (quantity > 0),
  unit_cost INTEGER NOT NULL CHECK (unit_cost >= 0),
  movement_id TEXT NOT NULL UNIQUE REFERENCES stock_movement(id)
) STRICT;
CREATE INDEX supplier_return_line_receipt_line ON supplier_return_line(receipt_line_id);
CREATE INDEX supplier_return_line_return ON supplier_return_line(return_id);

CREATE TABLE supplier_bill (
  id TEXT PRIMARY KEY,
  number TEXT NOT NULL UNIQUE,
  supplier_id TEXT NOT NULL REFERENCES supplier(id),
  supplier_ref TEXT NOT NULL,
  bill_date TEXT NOT NULL,
  due_date TEXT NOT NULL,
  currency TEXT NOT NULL,
  total INTEGER NOT NULL CHECK (total >= 0),
  matched_cost INTEGER NOT NULL CHECK (matched_cost >= 0),
  created_at TEXT NOT NULL,
  actor TEXT NOT NULL,
  UNIQUE (supplier_id, supplier_ref)
) STRICT;
CREATE INDEX supplier_bill_supplier ON supplier_bill(supplier_id, due_date);

CREATE TABLE supplier_bill_line (
  id TEXT PRIMARY KEY,
  bill_id TEXT NOT NULL REFERENCES supplier_bill(id),
  line_no INTEGER NOT NULL,
  receipt_line_id TEXT NOT NULL REFERENCES purchase_receipt_line(id),
  product_id TEXT NOT NULL REFERENCES product(id),
  quantity INTEGER NOT NULL CHECK (quantity > 0),
  unit_price INTEGER NOT NULL CHECK (unit_price >= 0),
  amount INTEGER NOT NULL CHECK (amount >= 0),
  billable_qty INTEGER NOT NULL,
  receipt_cost INTEGER NOT NULL CHECK (receipt_cost >= 0),
  flags TEXT NOT NULL,
  UNIQUE (bill_id, line_no)
) STRICT;
CREATE INDEX supplier_bill_line_receipt_line ON supplier_bill_line(receipt_line_id);

CREATE TABLE supplier_payment (
  id TEXT PRIMARY KEY,
  number TEXT NOT NULL UNIQUE,
  supplier_id TEXT NOT NULL REFERENCES supplier(id),
  paid_on TEXT NOT NULL,
  amount INTEGER NOT NULL CHECK (amount > 0),
  currency TEXT NOT NULL,
  method TEXT NOT NULL,
  reference TEXT,
  created_at TEXT NOT NULL,
  actor TEXT NOT NULL
) STRICT;
CREATE INDEX supplier_payment_supplier ON supplier_payment(supplier_id, paid_on);

CREATE TABLE supplier_payment_allocation (
  id TEXT PRIMARY KEY,
  payment_id TEXT NOT NULL REFERENCES supplier_payment(id),
  bill_id TEXT NOT NULL REFERENCES supplier_bill(id),
  amount INTEGER NOT NULL CHECK (amount > 0)
) STRICT;
CREATE INDEX supplier_payment_allocation_bill ON supplier_payment_allocation(bill_id);
CREATE INDEX supplier_payment_allocation_payment ON supplier_payment_allocation(payment_id);
${['purchase_receipt', 'purchase_receipt_line', 'supplier_return', 'supplier_return_line', 'supplier_bill', 'supplier_bill_line', 'supplier_payment', 'supplier_payment_allocation']
  .map(
    (t) => `CREATE TRIGGER ${t}_no_update BEFORE UPDATE ON ${t}
BEGIN SELECT RAISE(ABORT, '${t} rows are documents of record'); END;
CREATE TRIGGER ${t}_no_delete BEFORE DELETE ON ${t}
BEGIN SELECT RAISE(ABORT, '${t} rows are documents of record'); END;`,
  )
  .join('\n')}
`,
};
