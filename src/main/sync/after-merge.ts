import type { Statement } from 'better-sqlite3-multiple-ciphers';
import { newId } from '../../shared/ids.ts';
import type { RowChange } from '../db/journal.ts';
import { rowChunks, valuesList } from '../db/multi-row.ts';

// What a merge must do after the rows are in: stock levels follow the movements, and stock that
// the merge took below zero is shown to a person as an oversell naming the orders holding it.

type Prepare = (sql: string) => Statement;

export type StockKey = { readonly productId: string; readonly warehouseId: string };

export type Level = { readonly on_hand: number; readonly reserved: number };

type Read = { product_id: string; warehouse_id: string; on_hand: number; reserved: number; id: string | null; was_on_hand: number | null; was_reserved: number | null };

/**
 * Recomputes stock_level of the touched products from their movements; returns the writes and
 * the levels as they now are (keyed `product|warehouse`), so the oversell check need not read
 * them again. The movements' sums and the level rows of all keys come back in one read (the
 * keys as one JSON list, in their order), and new level rows are inserted many per statement:
 * one read and one insert per key were a sixth of a first pull's SQL time, mostly the
 * statements' fixed cost.
 */
export function recomputeStock(prepare: Prepare, touched: Iterable<StockKey>): { changes: RowChange[]; levels: Map<string, Level> } {
  const changes: RowChange[] = [];
  const levels = new Map<string, Level>();
  const keys = [...touched].map((k) => [k.productId, k.warehouseId]);
  if (keys.length === 0) return { changes, levels };
  // Both sums in one walk of each key's movements (two subqueries walked them twice); a key has
  // at most one level row (UNIQUE (product_id, warehouse_id)), so the join does not repeat them.
  const rows = prepare(
    `SELECT k.product_id, k.warehouse_id,
       coalesce(sum(m.on_hand_delta), 0) AS on_hand, coalesce(sum(m.reserved_delta), 0) AS reserved,
       l.id, l.on_hand AS was_on_hand, l.reserved AS was_reserved
     FROM (SELECT key AS n, value ->> 0 AS product_id, value ->> 1 AS warehouse_id FROM json_each(?)) k
     LEFT JOIN stock_movement m ON m.product_id = k.product_id AND m.warehouse_id = k.warehouse_id
     LEFT JOIN stock_level l ON l.product_id = k.product_id AND l.warehouse_id = k.warehouse_id
     GROUP BY k.n
     ORDER BY k.n`,
  ).all(JSON.stringify(keys)) as Read[];
  const inserts: (string | number)[][] = [];
  for (const r of rows) {
    levels.set(`${r.product_id}|${r.warehouse_id}`, { on_hand: r.on_hand, reserved: r.reserved });
    if (r.id === null) {
      const row = { id: newId(), product_id: r.product_id, warehouse_id: r.warehouse_id, on_hand: r.on_hand, reserved: r.reserved };
      inserts.push([row.id, row.product_id, row.warehouse_id, row.on_hand, row.reserved]);
      changes.push({ t: 'stock_level', op: 'i', id: row.id, v: row });
    } else if (r.was_on_hand !== r.on_hand || r.was_reserved !== r.reserved) {
      prepare('UPDATE stock_level SET on_hand = ?, reserved = ? WHERE id = ?').run(r.on_hand, r.reserved, r.id);
      changes.push({ t: 'stock_level', op: 'u', id: r.id, v: { on_hand: r.on_hand, reserved: r.reserved } });
    }
  }
  for (const chunk of rowChunks(inserts, 5)) {
    prepare(`INSERT INTO stock_level (id, product_id, warehouse_id, on_hand, reserved) VALUES ${valuesList(5, chunk.length)}`).run(...chunk.flat());
  }
  return { changes, levels };
}

export function raiseIssue(prepare: Prepare, kind: 'oversell' | 'transition' | 'parked' | 'clock', subject: string, message: string, details: unknown, now: string): void {
  prepare('INSERT INTO sync_issue (id, kind, subject, message, details, created_at) VALUES (?, ?, ?, ?, ?, ?)').run(newId(), kind, subject, message, JSON.stringify(details), now);
}

/**
 * Raises (or refreshes) one open alert per product and warehouse that a merge took below zero
 * (available, on hand or reserved). `levels` (from recomputeStock) lets a level that is nowhere
 * below zero pass without reading it again: it can never need an alert, backorder or not.
 */
export function checkOversell(prepare: Prepare, touched: Iterable<StockKey>, now: string, levels?: ReadonlyMap<string, Level>): number {
  let raised = 0;
  for (const { productId, warehouseId } of touched) {
    const known = levels?.get(`${productId}|${warehouseId}`);
    if (known && known.on_hand >= 0 && known.reserved >= 0 && known.on_hand - known.reserved >= 0) continue;
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
