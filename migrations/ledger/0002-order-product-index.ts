import type { Migration } from './migration.ts';

// Search by SKU lists the orders holding one product, newest first. A best seller sits on tens
// of thousands of orders, and reaching them through the line index and sorting them by date
// costs tens of milliseconds. This table keeps, per product, the orders that hold it with
// their order date, in the list's own keyset order, so a page is an index range.
//
// It is derived data like the FTS tables: kept by triggers, not journaled, rebuilt by replay.
export const migration0002: Migration = {
  version: 2,
  name: 'orders by product and date',
  sql: `
CREATE TABLE sales_order_product (
  product_id TEXT NOT NULL,
  order_id TEXT NOT NULL,
  order_date TEXT NOT NULL,
  PRIMARY KEY (product_id, order_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX sales_order_product_date ON sales_order_product(product_id, order_date DESC, order_id DESC);

INSERT OR IGNORE INTO sales_order_product (product_id, order_id, order_date)
SELECT l.product_id, l.order_id, o.order_date FROM sales_order_line l JOIN sales_order o ON o.id = l.order_id;

CREATE TRIGGER sales_order_product_line_insert AFTER INSERT ON sales_order_line BEGIN
  INSERT OR IGNORE INTO sales_order_product (product_id, order_id, order_date)
  SELECT new.product_id, new.order_id, order_date FROM sales_order WHERE id = new.order_id;
END;
CREATE TRIGGER sales_order_product_line_delete AFTER DELETE ON sales_order_line
WHEN NOT EXISTS (SELECT 1 FROM sales_order_line WHERE order_id = old.order_id AND product_id = old.product_id) BEGIN
  DELETE FROM sales_order_product WHERE product_id = old.product_id AND order_id = old.order_id;
END;
CREATE TRIGGER sales_order_product_line_move AFTER UPDATE OF order_id, product_id ON sales_order_line BEGIN
  DELETE FROM sales_order_product WHERE product_id = old.product_id AND order_id = old.order_id
    AND NOT EXISTS (SELECT 1 FROM sales_order_line WHERE order_id = old.order_id AND product_id = old.product_id);
  INSERT OR IGNORE INTO sales_order_product (product_id, order_id, order_date)
  SELECT new.product_id, new.order_id, order_date FROM sales_order WHERE id = new.order_id;
END;
CREATE TRIGGER sales_order_product_order_date AFTER UPDATE OF order_date ON sales_order BEGIN
  UPDATE sales_order_product SET order_date = new.order_date WHERE order_id = new.id;
END;
`,
};
