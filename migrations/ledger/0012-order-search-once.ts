import type { Migration } from './migration.ts';

// The order search document (sales_order_fts) was written when the header was inserted and then
// rewritten after every line: an FTS5 delete and insert of the whole trigram document each
// time, so an order of n lines was indexed n + 1 times (most of an import's database time).
// Every way an order comes into being (create, merge, split, a ledger import, a replayed
// journal) writes the header, then its lines, then its first status change, in one
// transaction. So the document is now written once, by that first status change, from the
// header and lines as they are then. Until then the order has no document, and the triggers
// that refresh it (lines added, moved or removed; number or customer renamed) find nothing to
// change; afterwards they work as before. Same content, same rowid as before.
export const migration0012: Migration = {
  version: 12,
  name: 'order search document written once per new order',
  sql: `
DROP TRIGGER sales_order_fts_insert;
DROP TRIGGER sales_order_line_fts_insert;
CREATE TRIGGER sales_order_line_fts_insert AFTER INSERT ON sales_order_line
WHEN EXISTS (SELECT 1 FROM order_status_change WHERE order_id = new.order_id) BEGIN
  UPDATE sales_order_fts
  SET skus = (SELECT group_concat(sku, ' ') FROM sales_order_line WHERE order_id = new.order_id)
  WHERE rowid = (SELECT rowid FROM sales_order WHERE id = new.order_id);
END;
CREATE TRIGGER sales_order_fts_insert AFTER INSERT ON order_status_change
WHEN NOT EXISTS (SELECT 1 FROM order_status_change WHERE order_id = new.order_id AND id <> new.id) BEGIN
  INSERT INTO sales_order_fts(rowid, number, customer_name, skus)
  SELECT o.rowid, o.number, o.customer_name, coalesce((SELECT group_concat(sku, ' ') FROM sales_order_line WHERE order_id = o.id), '')
  FROM sales_order o WHERE o.id = new.order_id;
END;
`,
};
