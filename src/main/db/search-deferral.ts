import type { Statement } from 'better-sqlite3-multiple-ciphers';

type Prepare = (sql: string) => Statement;

/**
 * The documents each pending list stands for, written as the insert triggers would have written
 * them, from the rows as they are now (migrations 0017 and 0018), in rowid order.
 */
const WRITES: readonly (readonly [write: string, clear: string])[] = [
  [
    `INSERT INTO sales_order_fts(rowid, number, customer_name, skus)
     SELECT o.rowid, o.number, o.customer_name, coalesce((SELECT group_concat(sku, ' ') FROM sales_order_line WHERE order_id = o.id), '')
     FROM order_search_pending p JOIN sales_order o ON o.rowid = p.order_rowid ORDER BY p.order_rowid`,
    'DELETE FROM order_search_pending',
  ],
  [
    `INSERT INTO product_fts(rowid, sku, name, alt_name)
     SELECT p.rowid, p.sku, p.name, coalesce(p.alt_name, '')
     FROM product_search_pending s JOIN product p ON p.rowid = s.product_rowid ORDER BY s.product_rowid`,
    'DELETE FROM product_search_pending',
  ],
  [
    `INSERT INTO customer_fts(rowid, code, name, email, phone)
     SELECT c.rowid, c.code, c.name, coalesce(c.email, ''), coalesce(c.phone, '')
     FROM customer_search_pending s JOIN customer c ON c.rowid = s.customer_rowid ORDER BY s.customer_rowid`,
    'DELETE FROM customer_search_pending',
  ],
];

/**
 * Deferred search documents (orders, products, customers) within one batch transaction
 * (migrations 0017, 0018). FTS5 flushes its pending index at every statement that opens a
 * statement journal, so a document written per row became a segment per row. While deferring,
 * new rows are only listed (`*_search_pending`); `write` adds their documents many at a time, so
 * FTS5 flushes one segment per group instead of one per row; `end` writes the rest and switches
 * deferral off. The switch and the lists live in the transaction's own tables, so a rollback
 * undoes them with everything else and a committed ledger never holds either.
 */
export class SearchDeferral {
  private active = false;

  constructor(private readonly prepare: Prepare) {}

  begin(): void {
    this.prepare('INSERT INTO order_search_deferral (id) VALUES (1)').run();
    this.active = true;
  }

  /** Writes the documents of every row listed so far, as the triggers would have written each. */
  write(): void {
    if (!this.active) return;
    for (const [write, clear] of WRITES) {
      this.prepare(write).run();
      this.prepare(clear).run();
    }
  }

  /** Writes what is pending and switches deferral off; must run before the transaction commits. */
  end(): void {
    if (!this.active) return;
    this.write();
    this.prepare('DELETE FROM order_search_deferral').run();
    this.active = false;
  }
}
