// Confirm throughput on the big ledger at the ledger's real durability (WAL, synchronous=FULL):
// orders.confirm through the dispatcher, one transaction per confirm, beside a raw-SQL floor
// that writes the same rows (status update, status-change row, per line a reservation
// movement, a stock level update and a line update, then the hash-chained journal entry) with
// hand-written prepared better-sqlite3 statements on the same connection, one transaction per
// confirm. Only the confirms are timed; drafts and stock are prepared through the dispatcher.
//
// The confirms run on a copy of the cached ledger, so the cache stays as built and every run
// starts from the same state.

import { copyFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type Database from 'better-sqlite3-multiple-ciphers';
import { openApp } from '../src/main/app.ts';
import type { LedgerKey } from '../src/main/db/cipher.ts';
import { entryHash, GENESIS_HASH, type RowChange } from '../src/main/db/journal.ts';
import type { OpInput, OpName, OpResult } from '../src/shared/contract/index.ts';
import { newId } from '../src/shared/ids.ts';
import { formatHlc, parseHlc, tick } from '../src/shared/sync/hlc.ts';
import { LOCAL_OWNER } from '../src/shared/permissions.ts';
import { BENCH_DIR, ensureLedger, makeRng } from './build-ledger.ts';
import { round, roundSummary, summarize } from './stats.ts';

type Log = (line: string) => void;

const LINES_PER_ORDER = 3;
const WARMUP = 20;
/** Dispatcher and floor take turns in blocks, so drift (WAL size, checkpoints) hits both alike. */
const BLOCK = 100;
const TARGET_RATIO = 1.5;

/** Which copy of the cached ledger a benchmark runs on: the plain one unless told otherwise. */
export type BenchVariant = { readonly file?: string; readonly key?: LedgerKey };

/**
 * A copy of the cached ledger opened through the app, with draft orders of LINES_PER_ORDER
 * lines made through the dispatcher and stock received for all of them (none of it timed).
 * `confirm` confirms one draft through the dispatcher and answers the milliseconds it took.
 */
export type ConfirmRig = {
  readonly app: Awaited<ReturnType<typeof openApp>>;
  readonly drafts: readonly string[];
  readonly pragmas: { readonly journal_mode: string; readonly synchronous: number };
  readonly stationId: string;
  confirm(id: string): Promise<number>;
  close(): Promise<void>;
};

export async function openConfirmRig(log: Log, variant: BenchVariant, draftCount: number, label = 'confirm'): Promise<ConfirmRig> {
  const ledger = await ensureLedger(log);
  const work = join(BENCH_DIR, `${ledger.key}.${label}-work.sqlite`);
  const removeWork = (): void => {
    for (const f of [work, `${work}-wal`, `${work}-shm`]) rmSync(f, { force: true });
  };
  removeWork();
  let t = performance.now();
  copyFileSync(variant.file ?? ledger.file, work);
  log(`${label}: copied the ${ledger.orders.toLocaleString('en')}-order ledger for this run in ${((performance.now() - t) / 1000).toFixed(1)} s`);

  // openApp applies the ledger's own pragmas; nothing here changes them.
  const app = await openApp({ file: work, ...(variant.key ? { key: variant.key } : {}) });
  try {
    const raw = app.ledger.raw;
    const pragmas = {
      journal_mode: String(raw.pragma('journal_mode', { simple: true })),
      synchronous: Number(raw.pragma('synchronous', { simple: true })),
    };
    if (pragmas.journal_mode !== 'wal' || pragmas.synchronous !== 2) throw new Error(`expected WAL + synchronous=FULL, got ${JSON.stringify(pragmas)}`);
    const call = <N extends OpName>(name: N, input: OpInput<N>): Promise<OpResult<N>> => app.dispatcher.call(name, input, LOCAL_OWNER);

    t = performance.now();
    const settings = await call('settings.get', {});
    const warehouses = (await call('warehouses.list', {})).items;
    const warehouse = warehouses.find((w) => w.code === 'SH') ?? warehouses[0]!;
    const products = (raw.prepare('SELECT id FROM product WHERE active = 1 ORDER BY sku').all() as { id: string }[]).map((r) => r.id);
    // Customers with history, spread over the whole list, so the approval count has real work.
    const allCustomers = (raw.prepare('SELECT id FROM customer ORDER BY code').all() as { id: string }[]).map((r) => r.id);
    const customers = allCustomers.filter((_, i) => i % 17 === 0);
    const rng = makeRng(7);
    const rnd = (n: number): number => Math.floor(rng() * n);
    const limit = settings.approval.amountAtLeast;
    const drafts: string[] = [];
    const needed = new Map<string, number>();
    while (drafts.length < draftCount) {
      const chosen = new Set<string>();
      while (chosen.size < LINES_PER_ORDER) chosen.add(products[rnd(products.length)]!);
      const order = await call('orders.create', {
        customerId: customers[rnd(customers.length)]!,
        warehouseId: warehouse.id,
        channel: 'pos',
        lines: [...chosen].map((productId) => ({ productId, quantity: 1 + rnd(3) })),
      });
      // An order over the approval limit would go to approval instead: not the path measured.
      if (limit !== null && order.grossTotal >= limit) continue;
      drafts.push(order.id);
      for (const l of order.lines) needed.set(l.productId, (needed.get(l.productId) ?? 0) + l.quantity);
    }
    // Whatever the built ledger has left, every draft's lines are covered.
    await call('stock.receive', { warehouseId: warehouse.id, reason: 'bench stock', lines: [...needed].map(([productId, quantity]) => ({ productId, quantity })) });
    log(`${label}: ${drafts.length} drafts of ${LINES_PER_ORDER} lines prepared through the dispatcher in ${((performance.now() - t) / 1000).toFixed(1)} s (not timed)`);
    return {
      app,
      drafts,
      pragmas,
      stationId: settings.stationId,
      async confirm(id) {
        const start = performance.now();
        const o = await call('orders.confirm', { id });
        const ms = performance.now() - start;
        if (o.status !== 'approved') throw new Error(`confirm left order ${o.number} ${o.status}`);
        return ms;
      },
      async close() {
        await app.close();
        removeWork();
      },
    };
  } catch (e) {
    await app.close();
    removeWork();
    throw e;
  }
}

export async function confirmBench(log: Log, variant: BenchVariant = {}): Promise<Record<string, unknown>> {
  const ledger = await ensureLedger(log);
  const perSide = Number(process.env.BENCH_CONFIRMS ?? 1000);
  if (!Number.isInteger(perSide) || perSide < 1) throw new Error(`BENCH_CONFIRMS must be a positive integer, got ${process.env.BENCH_CONFIRMS}`);
  const rig = await openConfirmRig(log, variant, 2 * (WARMUP + perSide));
  try {
    const { app, drafts, pragmas } = rig;
    const raw = app.ledger.raw;
    const call = <N extends OpName>(name: N, input: OpInput<N>): Promise<OpResult<N>> => app.dispatcher.call(name, input, LOCAL_OWNER);

    // ---- timed: one transaction per confirm, the two ways taking turns ----
    const floor = rawConfirmer(raw, rig.stationId);
    const viaDispatcher = (id: string): Promise<number> => rig.confirm(id);
    const viaFloor = (id: string): number => {
      const start = performance.now();
      floor(id);
      return performance.now() - start;
    };
    const dispatcherDrafts = drafts.filter((_, i) => i % 2 === 0);
    const floorDrafts = drafts.filter((_, i) => i % 2 === 1);
    for (let i = 0; i < WARMUP; i++) {
      await viaDispatcher(dispatcherDrafts[i]!);
      viaFloor(floorDrafts[i]!);
    }
    const dispatcherMs: number[] = [];
    const floorMs: number[] = [];
    for (let b = 0; b * BLOCK < perSide; b++) {
      const from = WARMUP + b * BLOCK;
      const to = Math.min(WARMUP + perSide, from + BLOCK);
      const runDispatcher = async (): Promise<void> => {
        for (let i = from; i < to; i++) dispatcherMs.push(await viaDispatcher(dispatcherDrafts[i]!));
      };
      const runFloor = (): void => {
        for (let i = from; i < to; i++) floorMs.push(viaFloor(floorDrafts[i]!));
      };
      // Alternate who goes first, so neither always inherits the other's checkpoint.
      if (b % 2 === 0) {
        await runDispatcher();
        runFloor();
      } else {
        runFloor();
        await runDispatcher();
      }
    }

    // The floor must have written what the service writes: same status, reservations, history.
    const check = await call('orders.get', { id: floorDrafts[WARMUP]! });
    if (check.status !== 'approved' || check.lines.some((l) => l.reservedQty !== l.quantity) || check.history.at(-1)?.event !== 'confirm') {
      throw new Error(`the raw floor left order ${check.number} unlike a confirm: ${JSON.stringify(check)}`);
    }
    // ...and the same sync clocks: the fields each side stamped on the order and its lines.
    const clocks = (orderId: string) =>
      raw
        .prepare(
          "SELECT t, col, count(*) AS n FROM sync_clock WHERE (t = 'sales_order' AND id = ?) OR (t = 'sales_order_line' AND id IN (SELECT id FROM sales_order_line WHERE order_id = ?)) GROUP BY t, col ORDER BY t, col",
        )
        .all(orderId, orderId);
    const [dispatcherClocks, floorClocks] = [clocks(dispatcherDrafts[WARMUP]!), clocks(floorDrafts[WARMUP]!)];
    if (JSON.stringify(dispatcherClocks) !== JSON.stringify(floorClocks)) {
      throw new Error(`the raw floor stamped other sync clocks than a confirm: ${JSON.stringify({ dispatcherClocks, floorClocks })}`);
    }
    if (process.env.BENCH_VERIFY === '1') {
      const report = await call('system.verify', {});
      log(`confirm: system.verify after both kinds of confirm: ok=${report.ok}`);
      if (!report.ok) throw new Error(`verify failed: ${JSON.stringify(report.problems.slice(0, 5))}`);
    }

    const d = summarize(dispatcherMs);
    const f = summarize(floorMs);
    const dispatcherRate = (dispatcherMs.length * 1000) / dispatcherMs.reduce((a, x) => a + x, 0);
    const floorRate = (floorMs.length * 1000) / floorMs.reduce((a, x) => a + x, 0);
    const ratio = floorRate / dispatcherRate;
    const met = ratio <= TARGET_RATIO;
    log(`confirm: ledger ${ledger.orders.toLocaleString('en')} orders, journal_mode=${pragmas.journal_mode} synchronous=FULL, ${perSide} confirms per side (${LINES_PER_ORDER} lines each) after ${WARMUP} warm-up`);
    log(`confirm: dispatcher  ${dispatcherRate.toFixed(1)} confirms/s  (p50 ${d.p50.toFixed(2)} ms, p95 ${d.p95.toFixed(2)} ms, max ${d.max.toFixed(2)} ms)`);
    log(`confirm: raw floor   ${floorRate.toFixed(1)} confirms/s  (p50 ${f.p50.toFixed(2)} ms, p95 ${f.p95.toFixed(2)} ms, max ${f.max.toFixed(2)} ms)`);
    log(`confirm: ratio floor/dispatcher ${ratio.toFixed(2)} (target <= ${TARGET_RATIO}): ${met ? 'met' : 'MISSED'}`);
    return {
      ledgerOrders: ledger.orders,
      pragmas,
      linesPerOrder: LINES_PER_ORDER,
      confirmsPerSide: perSide,
      dispatcher: { confirmsPerSec: round(dispatcherRate, 1), latencyMs: roundSummary(d) },
      rawFloor: { confirmsPerSec: round(floorRate, 1), latencyMs: roundSummary(f) },
      ratio: round(ratio, 3),
      target: TARGET_RATIO,
      met,
    };
  } finally {
    await rig.close();
  }
}

/**
 * orders.confirm written by hand: the reads it needs to write correctly (the order, its lines,
 * each stock level, the journal's last entry) and the same rows and journal entry the service
 * writes (the sync clocks of the order and its lines included), in one IMMEDIATE transaction. It leaves out what the service does on top: input
 * validation, the approval rule's count of the customer's earlier confirmations, and loading
 * the confirmed order back for the caller.
 */
export function rawConfirmer(raw: Database.Database, stationId: string): (orderId: string) => void {
  const actor = LOCAL_OWNER.userId;
  const s = {
    begin: raw.prepare('BEGIN IMMEDIATE'),
    commit: raw.prepare('COMMIT'),
    rollback: raw.prepare('ROLLBACK'),
    order: raw.prepare('SELECT status, warehouse_id FROM sales_order WHERE id = ?'),
    setStatus: raw.prepare('UPDATE sales_order SET status = ?, updated_at = ? WHERE id = ?'),
    addStatus: raw.prepare('INSERT INTO order_status_change (id, order_id, from_status, to_status, event, note, at, actor) VALUES (?, ?, ?, ?, ?, ?, ?, ?)'),
    lines: raw.prepare('SELECT id, product_id, quantity, reserved_qty, shipped_qty FROM sales_order_line WHERE order_id = ? ORDER BY line_no'),
    level: raw.prepare('SELECT id, on_hand, reserved FROM stock_level WHERE product_id = ? AND warehouse_id = ?'),
    addMovement: raw.prepare(
      'INSERT INTO stock_movement (id, product_id, warehouse_id, kind, on_hand_delta, reserved_delta, reason, order_id, order_line_id, at, actor) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    ),
    setLevel: raw.prepare('UPDATE stock_level SET on_hand = ?, reserved = ? WHERE id = ?'),
    setReserved: raw.prepare('UPDATE sales_order_line SET reserved_qty = ? WHERE id = ?'),
    lastEntry: raw.prepare('SELECT seq, hash FROM journal ORDER BY seq DESC LIMIT 1'),
    addEntry: raw.prepare('INSERT INTO journal (seq, id, at, station_id, actor, operation, changes, prev_hash, hash, hlc) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)'),
    stationClock: raw.prepare("SELECT value FROM sync_state WHERE key = 'hlc'"),
    setStationClock: raw.prepare("INSERT INTO sync_state (key, value) VALUES ('hlc', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value"),
    setFieldClock: raw.prepare('INSERT OR REPLACE INTO sync_clock (t, id, col, hlc) VALUES (?, ?, ?, ?)'),
  };
  type OrderRow = { status: string; warehouse_id: string };
  type LineRow = { id: string; product_id: string; quantity: number; reserved_qty: number; shipped_qty: number };
  type LevelRow = { id: string; on_hand: number; reserved: number };

  return (orderId) => {
    const now = new Date().toISOString();
    s.begin.run();
    try {
      const order = s.order.get(orderId) as OrderRow | undefined;
      if (!order || order.status !== 'draft') throw new Error(`order ${orderId} is not a draft`);
      const changes: RowChange[] = [];
      const patch = { status: 'approved', updated_at: now };
      s.setStatus.run(patch.status, patch.updated_at, orderId);
      changes.push({ t: 'sales_order', op: 'u', id: orderId, v: patch });
      const history = { id: newId(), order_id: orderId, from_status: 'draft', to_status: 'approved', event: 'confirm', note: null, at: now, actor };
      s.addStatus.run(history.id, history.order_id, history.from_status, history.to_status, history.event, history.note, history.at, history.actor);
      changes.push({ t: 'order_status_change', op: 'i', id: history.id, v: history });
      for (const line of s.lines.all(orderId) as LineRow[]) {
        const qty = line.quantity - line.shipped_qty - line.reserved_qty;
        if (qty <= 0) continue;
        const level = s.level.get(line.product_id, order.warehouse_id) as LevelRow | undefined;
        if (!level || level.on_hand - level.reserved < qty) throw new Error(`not enough stock for line ${line.id}`);
        const m = {
          id: newId(),
          product_id: line.product_id,
          warehouse_id: order.warehouse_id,
          kind: 'reservation',
          on_hand_delta: 0,
          reserved_delta: qty,
          reason: null,
          order_id: orderId,
          order_line_id: line.id,
          at: now,
          actor,
        };
        s.addMovement.run(m.id, m.product_id, m.warehouse_id, m.kind, m.on_hand_delta, m.reserved_delta, m.reason, m.order_id, m.order_line_id, m.at, m.actor);
        changes.push({ t: 'stock_movement', op: 'i', id: m.id, v: m });
        const lv = { on_hand: level.on_hand, reserved: level.reserved + qty };
        s.setLevel.run(lv.on_hand, lv.reserved, level.id);
        changes.push({ t: 'stock_level', op: 'u', id: level.id, v: lv });
        const reserved = { reserved_qty: line.reserved_qty + qty };
        s.setReserved.run(reserved.reserved_qty, line.id);
        changes.push({ t: 'sales_order_line', op: 'u', id: line.id, v: reserved });
      }
      const last = s.lastEntry.get() as { seq: number; hash: string } | undefined;
      const prevHash = last?.hash ?? GENESIS_HASH;
      // Every write since sync (migration 0009) also moves the station's clock and stamps the
      // changed fields of the rows that merge by clock: the order and its lines here.
      const current = (s.stationClock.get() as { value: string } | undefined)?.value;
      const hlc = formatHlc(tick(current !== undefined ? parseHlc(current) : undefined, Date.parse(now), stationId));
      s.setStationClock.run(hlc);
      const entry = { seq: (last?.seq ?? 0) + 1, id: newId(), at: now, station_id: stationId, actor, operation: 'orders.confirm', changes: JSON.stringify(changes), hlc };
      s.addEntry.run(entry.seq, entry.id, entry.at, entry.station_id, entry.actor, entry.operation, entry.changes, prevHash, entryHash(prevHash, entry), hlc);
      for (const c of changes) {
        if (c.t === 'sales_order' || c.t === 'sales_order_line') for (const col of Object.keys(c.v ?? {})) s.setFieldClock.run(c.t, c.id, col, hlc);
      }
      s.commit.run();
    } catch (e) {
      if (raw.inTransaction) s.rollback.run();
      throw e;
    }
  };
}
