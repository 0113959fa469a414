// Purchasing: purchase suggestions over BENCH_PURCHASE_PRODUCTS (10,000) products located in 3
// warehouses (30,000 locations with reorder points), with stock levels, transfers on the road,
// open and draft purchase orders and preferred suppliers, read through the dispatcher as the
// screen reads them (`purchaseOrders.suggestions`), and drafting the orders from them
// (`purchaseOrders.fromSuggestions`, one write transaction). Target: suggestions ≤ 1 s.
//
// A ledger of its own, built through the ordinary operations in import-style batches (one
// transaction each), so every row is shaped and journaled as the services write it; it is kept
// under .bench/ keyed by the product count and the purchasing migration's text, and copied for
// each run (the run drafts orders into it). BENCH_REBUILD=1 builds it again.
//
// Wall time on a shared machine includes waiting for a core, so each call's process CPU time is
// reported beside it.

import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { migration0008 } from '../migrations/ledger/0008-purchasing.ts';
import { openApp, type App } from '../src/main/app.ts';
import { BENCH_DIR } from './build-ledger.ts';
import { LOCAL_OWNER } from '../src/shared/permissions.ts';
import { roundSummary, summarize } from './stats.ts';

type Log = (line: string) => void;
const TARGET_MS = 1000;

async function buildLedger(app: App, productCount: number): Promise<void> {
  const call = app.dispatcher.call;
  const vat = await call('taxRates.create', { code: 'VAT13', name: 'VAT 13%', rateBp: 1300 }, LOCAL_OWNER);
  const warehouses: { id: string }[] = [];
  for (const code of ['MAIN', 'EAST', 'WEST']) warehouses.push(await call('warehouses.create', { code, name: code }, LOCAL_OWNER));
  const suppliers: { id: string }[] = [];
  for (let i = 0; i < 20; i++) suppliers.push(await call('suppliers.create', { code: `SUP${i}`, name: `Supplier ${i}` }, LOCAL_OWNER));
  const ids: string[] = [];
  const chunk = 1000;
  for (let start = 0; start < productCount; start += chunk) {
    await app.dispatcher.batch(LOCAL_OWNER, () => true, async (b) => {
      for (let i = start; i < Math.min(start + chunk, productCount); i++) {
        const p = await b.call('products.create', { sku: `SKU-${String(i).padStart(6, '0')}`, name: `Product ${i}`, price: 1000 + (i % 500), taxRateId: vat.id });
        ids.push(p.id);
        // Nine in ten have a preferred supplier with a minimum and a pack size.
        if (i % 10 !== 0) await b.call('supplierProducts.set', { supplierId: suppliers[i % suppliers.length]!.id, productId: p.id, lastPrice: 500 + (i % 300), minOrderQty: 1 + (i % 7), packSize: 1 + (i % 4) * 3, preferred: true });
        for (const [k, w] of warehouses.entries()) {
          await b.call('locations.set', { productId: p.id, warehouseId: w.id, bin: `A-${i % 50}`, reorderPoint: 5 + ((i + k) % 20), reorderQty: (i % 3) + 1 });
          // About a third below their reorder point.
          const qty = (i + k) % 3 === 0 ? i % 5 : 30 + (i % 40);
          if (qty > 0) await b.call('stock.receive', { warehouseId: w.id, lines: [{ productId: p.id, quantity: qty }] });
        }
      }
    });
  }
  // Some open purchase orders (sent, partly received) and drafts, so expected stock counts.
  await app.dispatcher.batch(LOCAL_OWNER, () => true, async (b) => {
    for (let i = 0; i < 200; i++) {
      const lines = Array.from({ length: 10 }, (_, j) => ({ productId: ids[(i * 37 + j * 101) % ids.length]!, quantity: 5 + j }));
      const unique = lines.filter((l, j) => lines.findIndex((x) => x.productId === l.productId) === j);
      const po = await b.call('purchaseOrders.create', { supplierId: suppliers[i % suppliers.length]!.id, warehouseId: warehouses[i % 3]!.id, lines: unique });
      if (i % 4 === 0) continue;
      await b.call('purchaseOrders.send', { id: po.id });
      if (i % 2 === 0) await b.call('purchaseOrders.receive', { id: po.id, deliveryRef: `D${i}`, lines: [{ lineId: po.lines[0]!.id, quantity: 2 }] });
    }
  });
}

/** Wall and process CPU milliseconds of one call. */
async function timed<T>(f: () => Promise<T>): Promise<{ value: T; ms: number; cpuMs: number }> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const value = await f();
  const ms = performance.now() - t0;
  const c = process.cpuUsage(c0);
  return { value, ms, cpuMs: (c.user + c.system) / 1000 };
}

export async function purchasingBench(log: Log): Promise<Record<string, unknown>> {
  const productCount = Number(process.env.BENCH_PURCHASE_PRODUCTS ?? 10_000);
  const runs = Number(process.env.BENCH_PURCHASE_RUNS ?? 15);
  const key = createHash('sha256').update(`${productCount}\n${migration0008.sql}`).digest('hex').slice(0, 12);
  const cached = join(BENCH_DIR, `purchasing-${productCount}-${key}.sqlite`);
  const t = performance.now();
  if (!existsSync(cached) || process.env.BENCH_REBUILD === '1') {
    mkdirSync(BENCH_DIR, { recursive: true });
    const building = `${cached}.building`;
    rmSync(building, { force: true });
    const b = await openApp({ file: building });
    try {
      await buildLedger(b, productCount);
    } finally {
      await b.close();
    }
    renameSync(building, cached);
    log(`ledger: ${productCount} products × 3 warehouses, 20 suppliers, 200 purchase orders, built in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  } else {
    log(`ledger: ${productCount} products × 3 warehouses from the cache`);
  }
  const dir = mkdtempSync(join(tmpdir(), 'shopledger-bench-purchasing-'));
  copyFileSync(cached, join(dir, 'ledger.sqlite'));
  const app = await openApp({ file: join(dir, 'ledger.sqlite') });
  const call = app.dispatcher.call;
  try {
    const warehouses = (await call('warehouses.list', {}, LOCAL_OWNER)).items;
    await call('purchaseOrders.suggestions', {}, LOCAL_OWNER); // warm-up: statement cache, page cache
    const all: { ms: number; cpuMs: number }[] = [];
    let lines = 0;
    for (let i = 0; i < runs; i++) {
      const r = await timed(() => call('purchaseOrders.suggestions', {}, LOCAL_OWNER));
      lines = r.value.items.length;
      all.push(r);
    }
    const sug = roundSummary(summarize(all.map((r) => r.ms)), 1);
    const sugCpu = roundSummary(summarize(all.map((r) => r.cpuMs)), 1);
    const one: { ms: number; cpuMs: number }[] = [];
    for (let i = 0; i < runs; i++) one.push(await timed(() => call('purchaseOrders.suggestions', { warehouseId: warehouses[1]!.id }, LOCAL_OWNER)));
    const oneWh = roundSummary(summarize(one.map((r) => r.ms)), 1);
    const oneCpu = roundSummary(summarize(one.map((r) => r.cpuMs)), 1);
    log(`purchaseOrders.suggestions, all 3 warehouses: ${lines} lines; p50 ${sug.p50} ms, p95 ${sug.p95} ms (target ≤ ${TARGET_MS} ms); CPU time p50 ${sugCpu.p50} ms, p95 ${sugCpu.p95} ms over ${sug.n} runs`);
    log(`purchaseOrders.suggestions, one warehouse: p50 ${oneWh.p50} ms; CPU time p50 ${oneCpu.p50} ms`);
    const drafted = await timed(() => call('purchaseOrders.fromSuggestions', {}, LOCAL_OWNER));
    const draftedLines = drafted.value.orders.reduce((n, o) => n + o.lines.length, 0);
    log(`purchaseOrders.fromSuggestions: ${drafted.value.orders.length} draft orders with ${draftedLines} lines (${drafted.value.unassigned.length} without a preferred supplier) in ${drafted.ms.toFixed(0)} ms (CPU ${drafted.cpuMs.toFixed(0)} ms), one transaction`);
    const after = (await call('purchaseOrders.suggestions', {}, LOCAL_OWNER)).items.filter((i) => i.supplierId !== null).length;
    log(`suggestions left for preferred suppliers after drafting: ${after}`);
    return { products: productCount, locations: productCount * 3, suggestionLines: lines, suggestionsMs: sug, suggestionsCpuMs: sugCpu, oneWarehouseMs: oneWh, oneWarehouseCpuMs: oneCpu, targetMs: TARGET_MS, fromSuggestions: { orders: drafted.value.orders.length, lines: draftedLines, ms: Math.round(drafted.ms), cpuMs: Math.round(drafted.cpuMs) }, leftAfterDrafting: after, loadAverage: loadavg().map((x) => Number(x.toFixed(1))) };
  } finally {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
