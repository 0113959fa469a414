// Packing-station feedback and pick lists on the big ledger, through the dispatcher.
//
// scan: packing.scan of an item that is on the order (accepted: one durable write transaction)
// and of an item that is not (refused: parse, lookups, the AppError, a rolled-back transaction),
// taking turns, on orders of the cached ledger that are picking. Target at 1,000,000 orders:
// p95 ≤ 50 ms per scan, the time between the scanner's Enter and the answer.
// pick list: picking.list for 500 orders of one warehouse that still hold stock. Target ≤ 1 s.
// Runs on a copy of the cached ledger (scans write), removed afterwards.

import { copyFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { openApp } from '../src/main/app.ts';
import type { OpInput, OpName, OpResult } from '../src/shared/contract/index.ts';
import { isAppError } from '../src/shared/errors.ts';
import { LOCAL_OWNER } from '../src/shared/permissions.ts';
import { BENCH_DIR, ensureLedger } from './build-ledger.ts';
import { roundSummary, summarize } from './stats.ts';

type Log = (line: string) => void;

const SCAN_TARGET_MS = 50;
const PICK_TARGET_MS = 1000;
const PICK_ORDERS = 500;
const WARMUP = 10;
/** Orders put into picking for the scans: about four units each. */
const PICKING_ORDERS = 150;

export async function fulfilmentBench(log: Log): Promise<Record<string, unknown>> {
  const ledger = await ensureLedger(log);
  const scans = Number(process.env.BENCH_SCANS ?? 300);
  if (!Number.isInteger(scans) || scans < 1) throw new Error(`BENCH_SCANS must be a positive integer, got ${process.env.BENCH_SCANS}`);
  const work = join(BENCH_DIR, `${ledger.key}.fulfilment-work.sqlite`);
  const removeWork = (): void => {
    for (const f of [work, `${work}-wal`, `${work}-shm`]) rmSync(f, { force: true });
  };
  removeWork();
  copyFileSync(ledger.file, work);
  const app = await openApp({ file: work });
  try {
    const raw = app.ledger.raw;
    const call = <N extends OpName>(name: N, input: OpInput<N>): Promise<OpResult<N>> => app.dispatcher.call(name, input, LOCAL_OWNER);

    // ---- setup through the dispatcher (not timed): 500 open orders in the busiest warehouse ----
    // A built ledger's history is mostly completed; the packing station works on open orders.
    const t = performance.now();
    const busiest = raw.prepare('SELECT warehouse_id AS w FROM sales_order GROUP BY warehouse_id ORDER BY count(*) DESC LIMIT 1').get() as { w: string };
    const products = (raw.prepare('SELECT id, sku FROM product WHERE active = 1 ORDER BY sku LIMIT 60').all() as { id: string; sku: string }[]);
    await call('stock.receive', { warehouseId: busiest.w, lines: products.map((p) => ({ productId: p.id, quantity: 2000 })), reason: 'bench stock' });
    const customers = (raw.prepare('SELECT id FROM customer ORDER BY code LIMIT 200').all() as { id: string }[]).map((r) => r.id);
    const pickIds: string[] = [];
    for (let i = 0; i < PICK_ORDERS; i++) {
      const a = products[i % products.length]!;
      const b = products[(i * 7 + 3) % products.length]!;
      const lines = a.id === b.id ? [{ productId: a.id, quantity: 2 }] : [{ productId: a.id, quantity: 1 + (i % 3) }, { productId: b.id, quantity: 1 }];
      const draft = await call('orders.create', { customerId: customers[i % customers.length]!, warehouseId: busiest.w, channel: 'pos', lines });
      let o = await call('orders.confirm', { id: draft.id });
      if (o.status === 'pending_approval') o = await call('orders.approve', { id: o.id });
      if (i < PICKING_ORDERS) await call('orders.startPicking', { id: o.id });
      pickIds.push(o.id);
    }
    log(`setup: ${PICK_ORDERS} orders created and confirmed, ${PICKING_ORDERS} picking, in ${((performance.now() - t) / 1000).toFixed(1)} s`);

    const pickMs: number[] = [];
    let pickLines = 0;
    for (let i = 0; i < 3 + 20; i++) {
      const start = performance.now();
      const list = await call('picking.list', { orderIds: pickIds });
      const ms = performance.now() - start;
      if (i >= 3) pickMs.push(ms);
      pickLines = list.lines.length;
    }
    const pick = roundSummary(summarize(pickMs));
    log(`pick list: ${pickIds.length} orders → ${pickLines} merged lines; p50 ${pick.p50} ms, p95 ${pick.p95} ms, max ${pick.max} ms (target ≤ ${PICK_TARGET_MS} ms)`);

    // ---- scans: orders that are picking, their lines' SKUs; a SKU on none of them is refused ----
    const picking = raw
      .prepare(
        `SELECT o.id, l.sku, l.quantity - l.shipped_qty AS open FROM sales_order o JOIN sales_order_line l ON l.order_id = o.id
         WHERE o.status = 'picking' AND l.quantity > l.shipped_qty ORDER BY o.id DESC LIMIT ?`,
      )
      .all(PICKING_ORDERS * 3) as { id: string; sku: string; open: number }[];
    const units: { orderId: string; sku: string }[] = [];
    for (const r of picking) for (let k = 0; k < r.open && units.length < WARMUP + scans; k++) units.push({ orderId: r.id, sku: r.sku });
    if (units.length < WARMUP + scans) throw new Error(`only ${units.length} units to scan on picking orders; lower BENCH_SCANS`);
    const skusOf = new Map<string, Set<string>>();
    for (const u of units) skusOf.set(u.orderId, (skusOf.get(u.orderId) ?? new Set()).add(u.sku));
    const allSkus = products.map((p) => p.sku);

    const accepted: number[] = [];
    const refused: number[] = [];
    let refusedOk = 0;
    for (const [i, u] of units.entries()) {
      let start = performance.now();
      await call('packing.scan', { orderId: u.orderId, code: u.sku });
      const okMs = performance.now() - start;
      const wrong = allSkus.find((s) => !skusOf.get(u.orderId)!.has(s))!;
      start = performance.now();
      try {
        await call('packing.scan', { orderId: u.orderId, code: wrong });
      } catch (e) {
        if (!isAppError(e) || e.details?.reason !== 'wrong_item') throw e;
        refusedOk++;
      }
      const badMs = performance.now() - start;
      if (i >= WARMUP) {
        accepted.push(okMs);
        refused.push(badMs);
      }
    }
    if (refusedOk !== units.length) throw new Error('a wrong item was not refused');
    const ok = roundSummary(summarize(accepted));
    const bad = roundSummary(summarize(refused));
    log(`scan accepted: n ${ok.n}, p50 ${ok.p50} ms, p95 ${ok.p95} ms, max ${ok.max} ms (target p95 ≤ ${SCAN_TARGET_MS} ms)`);
    log(`scan refused:  n ${bad.n}, p50 ${bad.p50} ms, p95 ${bad.p95} ms, max ${bad.max} ms (target p95 ≤ ${SCAN_TARGET_MS} ms)`);
    return {
      orders: ledger.orders,
      pickList: { orders: pickIds.length, lines: pickLines, ms: pick, targetMs: PICK_TARGET_MS, met: pick.p95 <= PICK_TARGET_MS },
      scanAccepted: { ms: ok, targetMs: SCAN_TARGET_MS, met: ok.p95 <= SCAN_TARGET_MS },
      scanRefused: { ms: bad, targetMs: SCAN_TARGET_MS, met: bad.p95 <= SCAN_TARGET_MS },
    };
  } finally {
    await app.close();
    removeWork();
  }
}
