import type { Migration } from './migration.ts';

// Invoicing, payments and the books (issue 6). Documents of record (invoices, credit notes,
// payments and their allocations, income and expense entries, costed purchase lines) are
// insert-only: triggers refuse UPDATE and DELETE, so corrections are always new documents.
// Amounts are INTEGER minor units in the document's currency and always positive; a credit
// note or a refund takes its sign from its kind.
const immutable = (table: string, what: string) => `
CREATE TRIGGER ${table}_no_update BEFORE UPDATE ON ${table}
BEGIN SELECT RAISE(ABORT, '${what} are immutable once issued'); END;
CREATE TRIGGER ${table}_no_delete BEFORE DELETE ON ${table}
BEGIN SELECT RAISE(ABORT, '${what} are immutable once issued'); END;`;

export const migration0003: Migration = {
  version: 3,
  name: 'invoicing, payments and the books',
  sql: `
CREATE TABLE invoice (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('invoice', 'credit_note')),
  number TEXT NOT NULL UNIQUE,
  order_id TEXT NOT NULL REFERENCES sales_order(id),
  credited_invoice_id TEXT REFERENCES invoice(id),
  customer_id TEXT NOT NULL REFERENCES customer(id),
  customer_name TEXT NOT NULL,
  customer_tax_id TEXT,
  billing_address TEXT,
  currency TEXT NOT NULL,
  prices_include_tax INTEGER NOT NULL CHECK (prices_include_tax IN (0, 1)),
  issue_date TEXT NOT NULL,
  due_date TEXT NOT NULL,
  net_total INTEGER NOT NULL CHECK (net_total >= 0),
  tax_total INTEGER NOT NULL CHECK (tax_total >= 0),
  gross_total INTEGER NOT NULL CHECK (gross_total = net_total + tax_total),
  cost_total INTEGER NOT NULL CHECK (cost_total >= 0),
  reason TEXT,
  return_warehouse_id TEXT REFERENCES warehouse(id),
  issued_at TEXT NOT NULL,
  actor TEXT NOT NULL,
  CHECK ((kind = 'credit_note') = (credited_invoice_id IS NOT NULL))
) STRICT;
CREATE INDEX invoice_issue_date ON invoice(issue_date, kind);
CREATE INDEX invoice_customer ON invoice(customer_id, issue_date);
CREATE INDEX invoice_order ON invoice(order_id);
CREATE INDEX invoice_credited ON invoice(credited_invoice_id) WHERE credited_invoice_id IS NOT NULL;

CREATE TABLE invoice_line (
  id TEXT PRIMARY KEY,
  invoice_id TEXT NOT NULL REFERENCES invoice(id),
  line_no INTEGER NOT NULL,
  order_line_id TEXT NOT NULL REFERENCES sales_order_line(id),
  credited_line_id TEXT REFERENCES invoice_line(id),
  product_id TEXT NOT NULL REFERENCES product(id),
  sku TEXT NOT NULL,
  name TEXT NOT NULL,
  unit TEXT NOT NULL,
  quantity INTEGER NOT NULL CHECK (quantity > 0),
  unit_price INTEGER NOT NULL CHECK (unit_price >= 0),
  discount_bp INTEGER NOT NULL CHECK (discount_bp BETWEEN 0 AND 10000),
  tax_rate_bp INTEGER NOT NULL CHECK (tax_rate_bp >= 0),
  net INTEGER NOT NULL CHECK (net >= 0),
  tax INTEGER NOT NULL CHECK (tax >= 0),
  gross INTEGER NOT NULL CHECK (gross = net + tax),
  unit_cost INTEGER NOT NULL CHECK (unit_cost >= 0),
  cost INTEGER NOT NULL CHECK (cost >= 0),
  UNIQUE (invoice_id, line_no)
) STRICT;
CREATE INDEX invoice_line_order_line ON invoice_line(order_line_id);
CREATE INDEX invoice_line_credited ON invoice_line(credited_line_id) WHERE credited_line_id IS NOT NULL;

CREATE TABLE payment (
  id TEXT PRIMARY KEY,
  number TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL CHECK (kind IN ('payment', 'refund')),
  customer_id TEXT NOT NULL REFERENCES customer(id),
  method TEXT NOT NULL,
  amount INTEGER NOT NULL CHECK (amount > 0),
  currency TEXT NOT NULL,
  paid_on TEXT NOT NULL,
  reference TEXT,
  note TEXT,
  recorded_at TEXT NOT NULL,
  actor TEXT NOT NULL
) STRICT;
CREATE INDEX payment_customer ON payment(customer_id, paid_on);
CREATE INDEX payment_date ON payment(paid_on);

CREATE TABLE payment_allocation (
  id TEXT PRIMARY KEY,
  payment_id TEXT NOT NULL REFERENCES payment(id),
  invoice_id TEXT NOT NULL REFERENCES invoice(id),
  amount INTEGER NOT NULL CHECK (amount > 0),
  allocated_on TEXT NOT NULL,
  recorded_at TEXT NOT NULL,
  actor TEXT NOT NULL
) STRICT;
CREATE INDEX payment_allocation_payment ON payment_allocation(payment_id);
CREATE INDEX payment_allocation_invoice ON payment_allocation(invoice_id);

CREATE TABLE book_category (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('income', 'expense')),
  code TEXT NOT NULL,
  name TEXT NOT NULL,
  created_at TEXT NOT NULL,
  UNIQUE (kind, code)
) STRICT;

CREATE TABLE book_entry (
  id TEXT PRIMARY KEY,
  number TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL CHECK (kind IN ('income', 'expense')),
  category_id TEXT NOT NULL REFERENCES book_category(id),
  entry_date TEXT NOT NULL,
  amount INTEGER NOT NULL CHECK (amount > 0),
  currency TEXT NOT NULL,
  method TEXT NOT NULL,
  description TEXT NOT NULL,
  reference TEXT,
  recorded_at TEXT NOT NULL,
  actor TEXT NOT NULL
) STRICT;
CREATE INDEX book_entry_date ON book_entry(entry_date, kind);

-- Moving weighted-average unit cost per product and warehouse (changes with every costed receipt).
CREATE TABLE product_cost (
  id TEXT PRIMARY KEY,
  product_id TEXT NOT NULL REFERENCES product(id),
  warehouse_id TEXT NOT NULL REFERENCES warehouse(id),
  unit_cost INTEGER NOT NULL CHECK (unit_cost >= 0),
  updated_at TEXT NOT NULL,
  UNIQUE (product_id, warehouse_id)
) STRICT;

-- What each costed purchase receipt brought in, next to its stock movement.
CREATE TABLE purchase_line (
  id TEXT PRIMARY KEY,
  movement_id TEXT NOT NULL REFERENCES stock_movement(id),
  product_id TEXT NOT NULL REFERENCES product(id),
  warehouse_id TEXT NOT NULL REFERENCES warehouse(id),
  quantity INTEGER NOT NULL CHECK (quantity > 0),
  unit_cost INTEGER NOT NULL CHECK (unit_cost >= 0),
  average_after INTEGER NOT NULL CHECK (average_after >= 0),
  supplier TEXT,
  reference TEXT,
  received_on TEXT NOT NULL,
  recorded_at TEXT NOT NULL,
  actor TEXT NOT NULL
) STRICT;
CREATE INDEX purchase_line_product ON purchase_line(product_id, warehouse_id);
${immutable('invoice', 'invoices and credit notes')}
${immutable('invoice_line', 'invoice lines')}
${immutable('payment', 'payments')}
${immutable('payment_allocation', 'payment allocations')}
${immutable('book_entry', 'income and expense entries')}
${immutable('purchase_line', 'purchase lines')}
`,
};
