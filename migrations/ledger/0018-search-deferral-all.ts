import type { Migration } from './migration.ts';

// Migration 0017 let a batch defer the search documents of the orders it creates. A sync pull
// applies thousands of new products and customers in one transaction, and their documents had
// the same cost: FTS5 flushes its pending index at every statement that opens a statement
// journal (each product insert does, for its trigger), so every product's document became a
// segment of its own (about 37% of a first pull's SQL time). While the same switch
// (`order_search_deferral`, now the switch for every search document) holds its row, a new
// product or customer records its rowid in a pending list instead of writing its document, and
// the batch writes the pending documents itself, many in one statement (db/search-deferral.ts),
// from the row as it is then: the update triggers find no document meanwhile and change nothing,
// so the document is the one the insert and update triggers would have left. Both lists are
// empty outside such a transaction. Written to run again over its own result.
export const migration0018: Migration = {
  version: 18,
  name: 'product and customer search documents deferred within a batch',
  sql: `
CREATE TABLE IF NOT EXISTS product_search_pending (
  product_rowid INTEGER PRIMARY KEY
) STRICT;
CREATE TABLE IF NOT EXISTS customer_search_pending (
  customer_rowid INTEGER PRIMARY KEY
) STRICT;
DROP TRIGGER IF EXISTS product_fts_insert;
CREATE TRIGGER product_fts_insert AFTER INSERT ON product
WHEN NOT EXISTS (SELECT 1 FROM order_search_deferral) BEGIN
  INSERT INTO product_fts(rowid, sku, name, alt_name) VALUES (new.rowid, new.sku, new.name, coalesce(new.alt_name, ''));
END;
DROP TRIGGER IF EXISTS product_fts_defer;
CREATE TRIGGER product_fts_defer AFTER INSERT ON product
WHEN EXISTS (SELECT 1 FROM order_search_deferral) BEGIN
  INSERT OR IGNORE INTO product_search_pending (product_rowid) VALUES (new.rowid);
END;
DROP TRIGGER IF EXISTS customer_fts_insert;
CREATE TRIGGER customer_fts_insert AFTER INSERT ON customer
WHEN NOT EXISTS (SELECT 1 FROM order_search_deferral) BEGIN
  INSERT INTO customer_fts(rowid, code, name, email, phone)
  VALUES (new.rowid, new.code, new.name, coalesce(new.email, ''), coalesce(new.phone, ''));
END;
DROP TRIGGER IF EXISTS customer_fts_defer;
CREATE TRIGGER customer_fts_defer AFTER INSERT ON customer
WHEN EXISTS (SELECT 1 FROM order_search_deferral) BEGIN
  INSERT OR IGNORE INTO customer_search_pending (customer_rowid) VALUES (new.rowid);
END;
`,
};
