import type { Migration } from './migration.ts';

// Fulfilment and logistics (issue 5). Every table is journaled (TEXT id primary key), STRICT,
// money in integer minor units with its currency, quantities and weights in integers.
//
// stock_movement is rebuilt only to widen its kind CHECK with the transfer and return kinds: SQLite
// cannot alter a CHECK in place. Rows, indexes and the append-only triggers are carried over.
export const migration0004: Migration = {
  version: 4,
  name: 'fulfilment',
  rebuilds: ['stock_movement'],
  sql: `
CREATE TABLE stock_movement_widened (
  id TEXT PRIMARY KEY,
  product_id TEXT NOT NULL REFERENCES product(id),
  warehouse_id TEXT NOT NULL REFERENCES warehouse(id),
  kind TEXT NOT NULL CHECK (kind IN ('receipt', 'adjustment', 'reservation', 'release', 'shipment', 'transfer_out', 'transfer_in', 'return')),
  on_hand_delta INTEGER NOT NULL,
  reserved_delta INTEGER NOT NULL,
  reason TEXT,
  order_id TEXT REFERENCES sales_order(id),
  order_line_id TEXT REFERENCES sales_order_line(id),
  at TEXT NOT NULL,
  actor TEXT NOT NULL
) STRICT;
INSERT INTO stock_movement_widened (id, product_id, warehouse_id, kind, on_hand_delta, reserved_delta, reason, order_id, order_line_id, at, actor)
  SELECT id, product_id, warehouse_id, kind, on_hand_delta, reserved_delta, reason, order_id, order_line_id, at, actor FROM stock_movement;
DROP TABLE stock_movement;
ALTER TABLE stock_movement_widened RENAME TO stock_movement;
CREATE INDEX stock_movement_product ON stock_movement(product_id, warehouse_id, at);
CREATE INDEX stock_movement_order ON stock_movement(order_id);
CREATE TRIGGER stock_movement_no_update BEFORE UPDATE ON stock_movement
BEGIN SELECT RAISE(ABORT, 'stock movements are append-only'); END;
CREATE TRIGGER stock_movement_no_delete BEFORE DELETE ON stock_movement
BEGIN SELECT RAISE(ABORT, 'stock movements are append-only'); END;

CREATE TABLE carrier (
  id TEXT PRIMARY KEY,
  code TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  tracking_url TEXT,
  active INTEGER NOT NULL CHECK (active IN (0, 1)),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;

CREATE TABLE delivery_method (
  id TEXT PRIMARY KEY,
  code TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('express', 'local', 'pickup', 'freight')),
  carrier_id TEXT REFERENCES carrier(id),
  fee_rule TEXT NOT NULL,
  active INTEGER NOT NULL CHECK (active IN (0, 1)),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;

CREATE TABLE order_delivery (
  id TEXT PRIMARY KEY,
  order_id TEXT NOT NULL UNIQUE REFERENCES sales_order(id),
  delivery_method_id TEXT NOT NULL REFERENCES delivery_method(id),
  currency TEXT NOT NULL,
  fee INTEGER NOT NULL CHECK (fee >= 0),
  computed_fee INTEGER NOT NULL CHECK (computed_fee >= 0),
  fee_steps TEXT NOT NULL,
  fee_overridden INTEGER NOT NULL CHECK (fee_overridden IN (0, 1)),
  weight_grams INTEGER NOT NULL CHECK (weight_grams >= 0),
  updated_at TEXT NOT NULL
) STRICT;

CREATE TABLE product_location (
  id TEXT PRIMARY KEY,
  product_id TEXT NOT NULL REFERENCES product(id),
  warehouse_id TEXT NOT NULL REFERENCES warehouse(id),
  bin TEXT,
  reorder_point INTEGER CHECK (reorder_point >= 0),
  reorder_qty INTEGER CHECK (reorder_qty > 0),
  UNIQUE (product_id, warehouse_id)
) STRICT;
CREATE INDEX product_location_warehouse ON product_location(warehouse_id, bin);

CREATE TABLE packing_line (
  id TEXT PRIMARY KEY,
  order_id TEXT NOT NULL REFERENCES sales_order(id),
  order_line_id TEXT NOT NULL UNIQUE REFERENCES sales_order_line(id),
  scanned_qty INTEGER NOT NULL CHECK (scanned_qty >= 0)
) STRICT;
CREATE INDEX packing_line_order ON packing_line(order_id);

CREATE TABLE shipment (
  id TEXT PRIMARY KEY,
  number TEXT NOT NULL UNIQUE,
  order_id TEXT NOT NULL REFERENCES sales_order(id),
  carrier_id TEXT REFERENCES carrier(id),
  status TEXT NOT NULL CHECK (status IN ('in_transit', 'delivered', 'failed', 'returned')),
  status_note TEXT,
  shipped_at TEXT NOT NULL,
  delivered_at TEXT,
  updated_at TEXT NOT NULL
) STRICT;
CREATE INDEX shipment_order ON shipment(order_id);

CREATE TABLE shipment_parcel (
  id TEXT PRIMARY KEY,
  shipment_id TEXT NOT NULL REFERENCES shipment(id),
  parcel_no INTEGER NOT NULL,
  tracking_number TEXT,
  weight_grams INTEGER CHECK (weight_grams >= 0),
  UNIQUE (shipment_id, parcel_no)
) STRICT;
CREATE INDEX shipment_parcel_tracking ON shipment_parcel(tracking_number);

CREATE TABLE shipment_line (
  id TEXT PRIMARY KEY,
  shipment_id TEXT NOT NULL REFERENCES shipment(id),
  order_line_id TEXT NOT NULL REFERENCES sales_order_line(id),
  product_id TEXT NOT NULL REFERENCES product(id),
  quantity INTEGER NOT NULL CHECK (quantity > 0)
) STRICT;
CREATE INDEX shipment_line_shipment ON shipment_line(shipment_id);

CREATE TABLE stock_transfer (
  id TEXT PRIMARY KEY,
  number TEXT NOT NULL UNIQUE,
  from_warehouse_id TEXT NOT NULL REFERENCES warehouse(id),
  to_warehouse_id TEXT NOT NULL REFERENCES warehouse(id),
  status TEXT NOT NULL CHECK (status IN ('draft', 'in_transit', 'received', 'closed')),
  notes TEXT,
  close_reason TEXT,
  shipped_at TEXT,
  received_at TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  CHECK (from_warehouse_id <> to_warehouse_id)
) STRICT;
CREATE INDEX stock_transfer_status ON stock_transfer(status, created_at);

CREATE TABLE stock_transfer_line (
  id TEXT PRIMARY KEY,
  transfer_id TEXT NOT NULL REFERENCES stock_transfer(id),
  line_no INTEGER NOT NULL,
  product_id TEXT NOT NULL REFERENCES product(id),
  quantity INTEGER NOT NULL CHECK (quantity > 0),
  received_qty INTEGER NOT NULL CHECK (received_qty >= 0 AND received_qty <= quantity),
  UNIQUE (transfer_id, line_no)
) STRICT;

CREATE TABLE stock_count (
  id TEXT PRIMARY KEY,
  number TEXT NOT NULL UNIQUE,
  warehouse_id TEXT NOT NULL REFERENCES warehouse(id),
  status TEXT NOT NULL CHECK (status IN ('open', 'posted')),
  bin_from TEXT,
  bin_to TEXT,
  reason TEXT,
  created_at TEXT NOT NULL,
  posted_at TEXT
) STRICT;

CREATE TABLE stock_count_line (
  id TEXT PRIMARY KEY,
  count_id TEXT NOT NULL REFERENCES stock_count(id),
  product_id TEXT NOT NULL REFERENCES product(id),
  bin TEXT,
  expected_qty INTEGER NOT NULL,
  counted_qty INTEGER CHECK (counted_qty >= 0),
  UNIQUE (count_id, product_id)
) STRICT;

CREATE TABLE return_receipt (
  id TEXT PRIMARY KEY,
  number TEXT NOT NULL UNIQUE,
  order_id TEXT NOT NULL REFERENCES sales_order(id),
  warehouse_id TEXT NOT NULL REFERENCES warehouse(id),
  reason TEXT NOT NULL,
  created_at TEXT NOT NULL,
  actor TEXT NOT NULL
) STRICT;
CREATE INDEX return_receipt_order ON return_receipt(order_id);

CREATE TABLE return_line (
  id TEXT PRIMARY KEY,
  return_id TEXT NOT NULL REFERENCES return_receipt(id),
  order_line_id TEXT NOT NULL REFERENCES sales_order_line(id),
  product_id TEXT NOT NULL REFERENCES product(id),
  quantity INTEGER NOT NULL CHECK (quantity > 0),
  disposition TEXT NOT NULL CHECK (disposition IN ('restock', 'write_off'))
) STRICT;
CREATE INDEX return_line_order_line ON return_line(order_line_id);

CREATE TABLE after_sales_case (
  id TEXT PRIMARY KEY,
  number TEXT NOT NULL UNIQUE,
  order_id TEXT NOT NULL REFERENCES sales_order(id),
  kind TEXT NOT NULL CHECK (kind IN ('return', 'exchange', 'refund', 'complaint')),
  status TEXT NOT NULL CHECK (status IN ('open', 'in_progress', 'resolved', 'closed')),
  summary TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;
CREATE INDEX after_sales_case_order ON after_sales_case(order_id);
CREATE INDEX after_sales_case_status ON after_sales_case(status, created_at);

CREATE TABLE after_sales_note (
  id TEXT PRIMARY KEY,
  case_id TEXT NOT NULL REFERENCES after_sales_case(id),
  body TEXT NOT NULL,
  at TEXT NOT NULL,
  actor TEXT NOT NULL
) STRICT;
CREATE INDEX after_sales_note_case ON after_sales_note(case_id, at);

-- The documents a case led to. document_id points into the table its kind names (return_receipt,
-- sales_order; credit notes once invoicing exists), so it carries no foreign key of its own.
CREATE TABLE after_sales_document (
  id TEXT PRIMARY KEY,
  case_id TEXT NOT NULL REFERENCES after_sales_case(id),
  kind TEXT NOT NULL,
  document_id TEXT NOT NULL,
  UNIQUE (case_id, kind, document_id)
) STRICT;
`,
};
