import type { Migration } from './migration.ts';

// Every journaled table has a TEXT primary key `id` (UUIDv7 or a fixed key) so the journal can
// name any row and `verify` can replay it. Money columns are INTEGER minor units; flags are 0/1.
export const migration0001: Migration = {
  version: 1,
  name: 'initial ledger',
  sql: `
CREATE TABLE setting (
  id TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;

CREATE TABLE number_series (
  id TEXT PRIMARY KEY,
  prefix TEXT NOT NULL,
  next_value INTEGER NOT NULL CHECK (next_value >= 1),
  padding INTEGER NOT NULL CHECK (padding BETWEEN 1 AND 12)
) STRICT;

CREATE TABLE tax_rate (
  id TEXT PRIMARY KEY,
  code TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  rate_bp INTEGER NOT NULL CHECK (rate_bp BETWEEN 0 AND 10000),
  active INTEGER NOT NULL CHECK (active IN (0, 1)),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;

CREATE TABLE warehouse (
  id TEXT PRIMARY KEY,
  code TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  address TEXT,
  active INTEGER NOT NULL CHECK (active IN (0, 1)),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;

CREATE TABLE product (
  id TEXT PRIMARY KEY,
  sku TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  alt_name TEXT,
  unit TEXT NOT NULL,
  price INTEGER NOT NULL CHECK (price >= 0),
  currency TEXT NOT NULL,
  tax_rate_id TEXT NOT NULL REFERENCES tax_rate(id),
  weight_grams INTEGER CHECK (weight_grams >= 0),
  allow_backorder INTEGER NOT NULL CHECK (allow_backorder IN (0, 1)),
  active INTEGER NOT NULL CHECK (active IN (0, 1)),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;

CREATE TABLE product_barcode (
  id TEXT PRIMARY KEY,
  product_id TEXT NOT NULL REFERENCES product(id),
  code TEXT NOT NULL UNIQUE,
  symbology TEXT NOT NULL CHECK (symbology IN ('ean13', 'upca', 'ean8', 'code128'))
) STRICT;
CREATE INDEX product_barcode_product ON product_barcode(product_id);

CREATE TABLE customer (
  id TEXT PRIMARY KEY,
  code TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  email TEXT,
  phone TEXT,
  tax_id TEXT,
  billing_address TEXT,
  shipping_address TEXT,
  notes TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;

CREATE TABLE stock_level (
  id TEXT PRIMARY KEY,
  product_id TEXT NOT NULL REFERENCES product(id),
  warehouse_id TEXT NOT NULL REFERENCES warehouse(id),
  on_hand INTEGER NOT NULL,
  reserved INTEGER NOT NULL CHECK (reserved >= 0),
  UNIQUE (product_id, warehouse_id)
) STRICT;
CREATE INDEX stock_level_warehouse ON stock_level(warehouse_id);

CREATE TABLE sales_order (
  id TEXT PRIMARY KEY,
  number TEXT NOT NULL UNIQUE,
  status TEXT NOT NULL,
  customer_id TEXT NOT NULL REFERENCES customer(id),
  customer_name TEXT NOT NULL,
  warehouse_id TEXT NOT NULL REFERENCES warehouse(id),
  channel TEXT NOT NULL,
  external_ref TEXT,
  currency TEXT NOT NULL,
  ship_to TEXT,
  notes TEXT,
  prices_include_tax INTEGER NOT NULL CHECK (prices_include_tax IN (0, 1)),
  order_discount INTEGER NOT NULL CHECK (order_discount >= 0),
  subtotal INTEGER NOT NULL,
  discount_total INTEGER NOT NULL,
  net_total INTEGER NOT NULL,
  tax_total INTEGER NOT NULL,
  gross_total INTEGER NOT NULL,
  approval_reason TEXT,
  merged_into_id TEXT REFERENCES sales_order(id),
  split_from_id TEXT REFERENCES sales_order(id),
  order_date TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;
CREATE UNIQUE INDEX sales_order_external ON sales_order(channel, external_ref) WHERE external_ref IS NOT NULL;
CREATE INDEX sales_order_status_date ON sales_order(status, order_date DESC, id DESC);
CREATE INDEX sales_order_date ON sales_order(order_date DESC, id DESC);
CREATE INDEX sales_order_customer ON sales_order(customer_id, order_date DESC);
CREATE INDEX sales_order_warehouse ON sales_order(warehouse_id, order_date DESC);

CREATE TABLE sales_order_line (
  id TEXT PRIMARY KEY,
  order_id TEXT NOT NULL REFERENCES sales_order(id),
  line_no INTEGER NOT NULL,
  product_id TEXT NOT NULL REFERENCES product(id),
  sku TEXT NOT NULL,
  name TEXT NOT NULL,
  quantity INTEGER NOT NULL CHECK (quantity > 0),
  unit_price INTEGER NOT NULL CHECK (unit_price >= 0),
  price_overridden INTEGER NOT NULL CHECK (price_overridden IN (0, 1)),
  discount_bp INTEGER NOT NULL CHECK (discount_bp BETWEEN 0 AND 10000),
  tax_rate_bp INTEGER NOT NULL,
  net INTEGER NOT NULL,
  tax INTEGER NOT NULL,
  gross INTEGER NOT NULL,
  reserved_qty INTEGER NOT NULL CHECK (reserved_qty >= 0),
  shipped_qty INTEGER NOT NULL CHECK (shipped_qty >= 0 AND shipped_qty <= quantity),
  UNIQUE (order_id, line_no)
) STRICT;
CREATE INDEX sales_order_line_product ON sales_order_line(product_id);

CREATE TABLE order_status_change (
  id TEXT PRIMARY KEY,
  order_id TEXT NOT NULL REFERENCES sales_order(id),
  from_status TEXT,
  to_status TEXT NOT NULL,
  event TEXT NOT NULL,
  note TEXT,
  at TEXT NOT NULL,
  actor TEXT NOT NULL
) STRICT;
CREATE INDEX order_status_change_order ON order_status_change(order_id, at);

CREATE TABLE stock_movement (
  id TEXT PRIMARY KEY,
  product_id TEXT NOT NULL REFERENCES product(id),
  warehouse_id TEXT NOT NULL REFERENCES warehouse(id),
  kind TEXT NOT NULL CHECK (kind IN ('receipt', 'adjustment', 'reservation', 'release', 'shipment')),
  on_hand_delta INTEGER NOT NULL,
  reserved_delta INTEGER NOT NULL,
  reason TEXT,
  order_id TEXT REFERENCES sales_order(id),
  order_line_id TEXT REFERENCES sales_order_line(id),
  at TEXT NOT NULL,
  actor TEXT NOT NULL
) STRICT;
CREATE INDEX stock_movement_product ON stock_movement(product_id, warehouse_id, at);
CREATE INDEX stock_movement_order ON stock_movement(order_id);

-- Stock movements are append-only, enforced by the database itself.
CREATE TRIGGER stock_movement_no_update BEFORE UPDATE ON stock_movement
BEGIN SELECT RAISE(ABORT, 'stock movements are append-only'); END;
CREATE TRIGGER stock_movement_no_delete BEFORE DELETE ON stock_movement
BEGIN SELECT RAISE(ABORT, 'stock movements are append-only'); END;

CREATE TABLE journal (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  at TEXT NOT NULL,
  station_id TEXT NOT NULL,
  actor TEXT NOT NULL,
  operation TEXT NOT NULL,
  changes TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
) STRICT;

-- Search: trigram FTS5 gives substring search for SKUs and for Chinese names alike.
CREATE VIRTUAL TABLE product_fts USING fts5(sku, name, alt_name, tokenize = 'trigram');
CREATE TRIGGER product_fts_insert AFTER INSERT ON product BEGIN
  INSERT INTO product_fts(rowid, sku, name, alt_name) VALUES (new.rowid, new.sku, new.name, coalesce(new.alt_name, ''));
END;
CREATE TRIGGER product_fts_update AFTER UPDATE OF sku, name, alt_name ON product BEGIN
  UPDATE product_fts SET sku = new.sku, name = new.name, alt_name = coalesce(new.alt_name, '') WHERE rowid = new.rowid;
END;

CREATE VIRTUAL TABLE customer_fts USING fts5(code, name, email, phone, tokenize = 'trigram');
CREATE TRIGGER customer_fts_insert AFTER INSERT ON customer BEGIN
  INSERT INTO customer_fts(rowid, code, name, email, phone)
  VALUES (new.rowid, new.code, new.name, coalesce(new.email, ''), coalesce(new.phone, ''));
END;
CREATE TRIGGER customer_fts_update AFTER UPDATE OF code, name, email, phone ON customer BEGIN
  UPDATE customer_fts SET code = new.code, name = new.name, email = coalesce(new.email, ''), phone = coalesce(new.phone, '')
  WHERE rowid = new.rowid;
END;

CREATE VIRTUAL TABLE sales_order_fts USING fts5(number, customer_name, skus, tokenize = 'trigram');
CREATE TRIGGER sales_order_fts_insert AFTER INSERT ON sales_order BEGIN
  INSERT INTO sales_order_fts(rowid, number, customer_name, skus) VALUES (new.rowid, new.number, new.customer_name, '');
END;
CREATE TRIGGER sales_order_fts_update AFTER UPDATE OF number, customer_name ON sales_order BEGIN
  UPDATE sales_order_fts SET number = new.number, customer_name = new.customer_name WHERE rowid = new.rowid;
END;
CREATE TRIGGER sales_order_line_fts_insert AFTER INSERT ON sales_order_line BEGIN
  UPDATE sales_order_fts
  SET skus = (SELECT group_concat(sku, ' ') FROM sales_order_line WHERE order_id = new.order_id)
  WHERE rowid = (SELECT rowid FROM sales_order WHERE id = new.order_id);
END;
CREATE TRIGGER sales_order_line_fts_move AFTER UPDATE OF order_id ON sales_order_line BEGIN
  UPDATE sales_order_fts
  SET skus = coalesce((SELECT group_concat(sku, ' ') FROM sales_order_line WHERE order_id = old.order_id), '')
  WHERE rowid = (SELECT rowid FROM sales_order WHERE id = old.order_id);
  UPDATE sales_order_fts
  SET skus = (SELECT group_concat(sku, ' ') FROM sales_order_line WHERE order_id = new.order_id)
  WHERE rowid = (SELECT rowid FROM sales_order WHERE id = new.order_id);
END;
CREATE TRIGGER sales_order_line_fts_delete AFTER DELETE ON sales_order_line BEGIN
  UPDATE sales_order_fts
  SET skus = coalesce((SELECT group_concat(sku, ' ') FROM sales_order_line WHERE order_id = old.order_id), '')
  WHERE rowid = (SELECT rowid FROM sales_order WHERE id = old.order_id);
END;
`,
};
