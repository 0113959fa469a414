import type { Migration } from './migration.ts';

// The order search document (sales_order_fts.skus) was rewritten after every line inserted: an
// FTS5 delete and insert of the whole trigram document per line, so an order of n lines was
// indexed n + 1 times (most of an import's database time). Every way an order comes into being
// (create, merge, split, a ledger import, a replayed journal) writes the header, then its lines,
// then its first status change, in one transaction. So while an order has no status change yet
// its lines leave the document alone, and the first status change writes it once, with the same
// SKUs in the same order as before. Lines added to an order that has a history (update, a split
// or merge moving lines) still refresh it at once, as before.
// Numbered 0013 for the merge; its version is its place in the list on this branch (the migrator
// wants 1..n), so the lead sets both when renumbering.
export const migration0013: Migration = {
  version: 10,
  name: 'order search document written once per new order',
  sql: `
DROP TRIGGER sales_order_line_fts_insert;
CREATE TRIGGER sales_order_line_fts_insert AFTER INSERT ON sales_order_line
WHEN EXISTS (SELECT 1 FROM order_status_change WHERE order_id = new.order_id) BEGIN
  UPDATE sales_order_fts
  SET skus = (SELECT group_concat(sku, ' ') FROM sales_order_line WHERE order_id = new.order_id)
  WHERE rowid = (SELECT rowid FROM sales_order WHERE id = new.order_id);
END;
CREATE TRIGGER order_status_change_fts_first AFTER INSERT ON order_status_change
WHEN NOT EXISTS (SELECT 1 FROM order_status_change WHERE order_id = new.order_id AND id <> new.id)
  AND EXISTS (SELECT 1 FROM sales_order_line WHERE order_id = new.order_id) BEGIN
  UPDATE sales_order_fts
  SET skus = (SELECT group_concat(sku, ' ') FROM sales_order_line WHERE order_id = new.order_id)
  WHERE rowid = (SELECT rowid FROM sales_order WHERE id = new.order_id);
END;
`,
};
