import type { Migration } from './migration.ts';

// The shipping fee becomes a line of the invoice (issue 5). An invoice line either bills an order
// line (goods: order line and product set, charge NULL) or a charge of the order (charge
// 'shipping': no order line, no product). SQLite cannot relax NOT NULL in place, so invoice_line
// is rebuilt with its rows, indexes and insert-only triggers, with foreign keys off (see
// Migration.rebuilds): the self reference (credited_line_id) names the old table while both
// exist, and the keys are checked once the rebuilt table carries the name. (The deferral pragma
// is left from before and changes nothing with keys off.)
export const migration0007: Migration = {
  version: 7,
  name: 'shipping charge lines on invoices',
  rebuilds: ['invoice_line'],
  sql: `
PRAGMA defer_foreign_keys = ON;
CREATE TABLE invoice_line_charged (
  id TEXT PRIMARY KEY,
  invoice_id TEXT NOT NULL REFERENCES invoice(id),
  line_no INTEGER NOT NULL,
  order_line_id TEXT REFERENCES sales_order_line(id),
  credited_line_id TEXT REFERENCES invoice_line(id),
  product_id TEXT REFERENCES product(id),
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
  charge TEXT CHECK (charge IN ('shipping')),
  CHECK ((charge IS NULL) = (order_line_id IS NOT NULL AND product_id IS NOT NULL)),
  UNIQUE (invoice_id, line_no)
) STRICT;
INSERT INTO invoice_line_charged (id, invoice_id, line_no, order_line_id, credited_line_id, product_id, sku, name, unit, quantity, unit_price, discount_bp, tax_rate_bp, net, tax, gross, unit_cost, cost)
  SELECT id, invoice_id, line_no, order_line_id, credited_line_id, product_id, sku, name, unit, quantity, unit_price, discount_bp, tax_rate_bp, net, tax, gross, unit_cost, cost FROM invoice_line;
DROP TABLE invoice_line;
ALTER TABLE invoice_line_charged RENAME TO invoice_line;
CREATE INDEX invoice_line_order_line ON invoice_line(order_line_id);
CREATE INDEX invoice_line_credited ON invoice_line(credited_line_id) WHERE credited_line_id IS NOT NULL;
CREATE TRIGGER invoice_line_no_update BEFORE UPDATE ON invoice_line
BEGIN SELECT RAISE(ABORT, 'invoice lines are immutable once issued'); END;
CREATE TRIGGER invoice_line_no_delete BEFORE DELETE ON invoice_line
BEGIN SELECT RAISE(ABORT, 'invoice lines are immutable once issued'); END;
`,
};
