import type { Statement } from 'better-sqlite3-multiple-ciphers';

type Prepare = (sql: string) => Statement;

/**
 * Deferred order search documents within one batch transaction (migration 0017). FTS5 flushes its
 * pending index at every statement that opens a statement journal, so a document written per
 * order became a segment per order. While deferring, new orders are only listed
 * (`order_search_pending`); `write` adds their documents many at a time, so FTS5 flushes one
 * segment per group instead of one per order; `end` writes the rest and switches deferral off.
 * The switch and the list live in the transaction's own tables, so a rollback undoes them
 * with everything else and a committed ledger never holds either.
 */
export class OrderSearchDeferral {
  private active = false;

  constructor(private readonly prepare: Prepare) {}

  begin(): void {
    this.prepare('INSERT INTO order_search_deferral (id) VALUES (1)').run();
    this.active = true;
  }

  /**
   * Writes the documents of every order listed so far, as the trigger would have written each:
   * the same columns from the header and lines as they are now (the same query), by order rowid.
   */
  write(): void {
    if (!this.active) return;
    this.prepare(
      `INSERT INTO sales_order_fts(rowid, number, customer_name, skus)
       SELECT o.rowid, o.number, o.customer_name, coalesce((SELECT group_concat(sku, ' ') FROM sales_order_line WHERE order_id = o.id), '')
       FROM order_search_pending p JOIN sales_order o ON o.rowid = p.order_rowid ORDER BY p.order_rowid`,
    ).run();
    this.prepare('DELETE FROM order_search_pending').run();
  }

  /** Writes what is pending and switches deferral off; must run before the transaction commits. */
  end(): void {
    if (!this.active) return;
    this.write();
    this.prepare('DELETE FROM order_search_deferral').run();
    this.active = false;
  }
}
