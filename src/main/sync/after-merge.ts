import type { Statement } from 'better-sqlite3-multiple-ciphers';
import { newId } from '../../shared/ids.ts';
import type { RowChange } from '../db/journal.ts';

// What a merge must do after the rows are in: stock levels follow the movements, and stock that
// the merge took below zero is shown to a person as an oversell naming the orders holding it.

type Prepare = (sql: string) => Statement;

export type StockKey = { readonly productId: string; readonly warehouseId: string };

/** Recomputes stock_level of the touched products from their movements; returns the writes. */
export function recomputeStock(prepare: Prepare, touched: Iterable<StockKey>): RowChange[] {
  const changes: RowChange[] = [];
  for (const { productId, warehouseId } of touched) {
    const sums = prepare(
      'SELECT coalesce(sum(on_hand_delta), 0) AS on_hand, coalesce(sum(reserved_delta), 0) AS reserved FROM stock_movement WHERE product_id = ? AND warehouse_id = ?',
    ).get(productId, warehouseId) as { on_hand: number; reserved: number };
    const level = prepare('SELECT id, on_hand, reserved FROM stock_level WHERE product_id = ? AND warehouse_id = ?').get(productId, warehouseId) as
      | { id: string; on_hand: number; reserved: number }
      | undefined;
    if (!level) {
      const row = { id: newId(), product_id: productId, warehouse_id: warehouseId, on_hand: sums.on_hand, reserved: sums.reserved };
      prepare('INSERT INTO stock_level (id, product_id, warehouse_id, on_hand, reserved) VALUES (?, ?, ?, ?, ?)').run(row.id, productId, warehouseId, row.on_hand, row.reserved);
      changes.push({ t: 'stock_level', op: 'i', id: row.id, v: row });
    } else if (level.on_hand !== sums.on_hand || level.reserved !== sums.reserved) {
      prepare('UPDATE stock_level SET on_hand = ?, reserved = ? WHERE id = ?').run(sums.on_hand, sums.reserved, level.id);
      changes.push({ t: 'stock_level', op: 'u', id: level.id, v: { on_hand: sums.on_hand, reserved: sums.reserved } });
    }
  }
  return changes;
}

export function raiseIssue(prepare: Prepare, kind: 'oversell' | 'transition' | 'parked' | 'clock', subject: string, message: string, details: unknown, now: string): void {
  prepare('INSERT INTO sync_issue (id, kind, subject, message, details, created_at) VALUES (?, ?, ?, ?, ?, ?)').run(newId(), kind, subject, message, JSON.stringify(details), now);
}

/** Raises (or refreshes) one open alert per product and warehouse that a merge took below zero (available, on hand or reserved). */
export function checkOversell(prepare: Prepare, touched: Iterable<StockKey>, now: string): number {
  let raised = 0;
  for (const { productId, warehouseId } of touched) {
    const s = prepare(
      `SELECT l.on_hand, l.reserved, p.sku, p.allow_backorder, w.code AS warehouse FROM stock_level l
       JOIN product p ON p.id = l.product_id JOIN warehouse w ON w.id = l.warehouse_id
       WHERE l.product_id = ? AND l.warehouse_id = ?`,
    ).get(productId, warehouseId) as { on_hand: number; reserved: number; sku: string; allow_backorder: number; warehouse: string } | undefined;
    const broken = s !== undefined && (s.reserved < 0 || s.on_hand < 0);
    if (!s || (!broken && (s.allow_backorder === 1 || s.on_hand - s.reserved >= 0))) continue;
    const orders = (
      prepare(
        `SELECT DISTINCT o.number FROM sales_order_line l JOIN sales_order o ON o.id = l.order_id
         WHERE l.product_id = ? AND o.warehouse_id = ? AND l.reserved_qty > 0 ORDER BY o.number`,
      ).all(productId, warehouseId) as { number: string }[]
    ).map((r) => r.number);
    const subject = `${productId}|${warehouseId}`;
    const details = { productId, warehouseId, sku: s.sku, warehouse: s.warehouse, onHand: s.on_hand, reserved: s.reserved, available: s.on_hand - s.reserved, orders };
    const why = s.reserved < 0 ? 'a reservation was released twice' : s.on_hand < 0 ? 'more was taken out than was there' : `${s.on_hand - s.reserved} available`;
    const message = `${s.sku} in ${s.warehouse} after sync: ${why} (on hand ${s.on_hand}, reserved ${s.reserved}); orders ${orders.join(', ') || 'none'}`;
    const open = prepare("SELECT id FROM sync_issue WHERE kind = 'oversell' AND subject = ? AND resolved_at IS NULL").get(subject) as { id: string } | undefined;
    if (open) prepare('UPDATE sync_issue SET message = ?, details = ? WHERE id = ?').run(message, JSON.stringify(details), open.id);
    else raiseIssue(prepare, 'oversell', subject, message, details, now);
    raised++;
  }
  return raised;
}
