import type { Migration } from './migration.ts';

// Inside one long transaction FTS5 writes its pending index to disk at every statement that opens
// a statement journal (SQLite calls the table's xSavepoint, and FTS5 flushes there): in an import
// that is every order, so each order's search document became a segment of its own, merged again
// and again as the index grew. A batch may now defer the documents of the orders it creates: while
// `order_search_deferral` holds its one row, the first status change of an order records the
// order's rowid in `order_search_pending` instead of writing its document, and the batch writes
// the pending documents itself, many in one statement (db/order-search.ts), from the same header
// and lines with the same query as the trigger, before it commits. Both tables are empty outside
// such a transaction, so a crash leaves the ledger as before (rolled back) or after (written).
// Not journaled and not exported: transport state of one transaction, like the FTS tables.
// Written to run again over its own result (a ledger set back to an earlier version in tests).
export const migration0017: Migration = {
  version: 17,
  name: 'order search documents deferred within a batch',
  sql: `
CREATE TABLE IF NOT EXISTS order_search_deferral (
  id INTEGER PRIMARY KEY CHECK (id = 1)
) STRICT;
CREATE TABLE IF NOT EXISTS order_search_pending (
  order_rowid INTEGER PRIMARY KEY
) STRICT;
DROP TRIGGER IF EXISTS sales_order_fts_insert;
CREATE TRIGGER sales_order_fts_insert AFTER INSERT ON order_status_change
WHEN NOT EXISTS (SELECT 1 FROM order_status_change WHERE order_id = new.order_id AND id <> new.id)
  AND NOT EXISTS (SELECT 1 FROM order_search_deferral) BEGIN
  INSERT INTO sales_order_fts(rowid, number, customer_name, skus)
  SELECT o.rowid, o.number, o.customer_name, coalesce((SELECT group_concat(sku, ' ') FROM sales_order_line WHERE order_id = o.id), '')
  FROM sales_order o WHERE o.id = new.order_id;
END;
DROP TRIGGER IF EXISTS sales_order_fts_defer;
CREATE TRIGGER sales_order_fts_defer AFTER INSERT ON order_status_change
WHEN EXISTS (SELECT 1 FROM order_search_deferral)
  AND NOT EXISTS (SELECT 1 FROM order_status_change WHERE order_id = new.order_id AND id <> new.id) BEGIN
  INSERT OR IGNORE INTO order_search_pending (order_rowid) SELECT rowid FROM sales_order WHERE id = new.order_id;
END;
`,
};
