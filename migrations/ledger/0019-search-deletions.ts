import type { Migration } from './migration.ts';

// A product's or customer's search document had no delete trigger (the app never deletes them,
// but ops from a later version or an integration can). The document stayed under the deleted
// row's rowid, and SQLite gives a freed highest rowid to the next row inserted, whose document
// (the insert trigger, or a batch's grouped write of deferred documents, migration 0018) then
// failed on that rowid: a station could no longer add a product, and a pull whose batches cut an
// insert, its deletion and the next insert apart stopped at that batch for good. The document
// now goes with its row, and so does a deferred row's place in its pending list (a row inserted
// and deleted in one batch, its rowid taken again, is then listed once, for the new row).
// Documents already left behind are removed. Written to run again over its own result.
export const migration0019: Migration = {
  version: 19,
  name: 'search documents of deleted products and customers',
  sql: `
DROP TRIGGER IF EXISTS product_fts_delete;
CREATE TRIGGER product_fts_delete AFTER DELETE ON product BEGIN
  DELETE FROM product_fts WHERE rowid = old.rowid;
  DELETE FROM product_search_pending WHERE product_rowid = old.rowid;
END;
DROP TRIGGER IF EXISTS customer_fts_delete;
CREATE TRIGGER customer_fts_delete AFTER DELETE ON customer BEGIN
  DELETE FROM customer_fts WHERE rowid = old.rowid;
  DELETE FROM customer_search_pending WHERE customer_rowid = old.rowid;
END;
DELETE FROM product_fts WHERE rowid NOT IN (SELECT rowid FROM product);
DELETE FROM customer_fts WHERE rowid NOT IN (SELECT rowid FROM customer);
`,
};
