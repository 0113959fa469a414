// The books at shop scale (issue 6):
// 1. reports.sales for the busiest month and the tax summary (per rate over the last year) on a
//    copy of the cached BENCH_ORDERS ledger, with one invoice per confirmed order added by SQL
//    (the cached ledger has orders only); p50/p95 through the dispatcher.
// 2. A year of invoices to XLSX through exports.report's streaming writer, resident memory
//    sampled while it runs (peak and before).
// 3. The chain a shop runs all day, each step its own dispatcher operation at the ledger's real
//    durability: create an order of 3 lines, confirm, ship, invoice, pay. BENCH_CHAINS chains
//    (default 100,000) on a new ledger: chains/s over the first and the last BENCH_CHAIN_WINDOW
//    chains, peak RSS; beside a raw-SQL floor that writes the very rows (and journal rows) the
//    dispatcher wrote for a chain, with prepared statements, one IMMEDIATE transaction per step,
//    on its own ledger, the two taking turns in blocks of 100 chains.

import { copyFileSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openApp, type App } from '../src/main/app.ts';
import { exportReport } from '../src/main/exchange/report-export.ts';
import { newId } from '../src/shared/ids.ts';
import { LOCAL_OWNER } from '../src/shared/permissions.ts';
import { BENCH_DIR, ensureLedger } from './build-ledger.ts';
import { needsClock } from '../src/main/sync/tables.ts';
import { round, summarize } from './stats.ts';

type Log = (line: string) => void;
const mb = (bytes: number) => Math.round(bytes / 1e5) / 10;

function addInvoices(app: App): { invoices: number; lines: number } {
  const raw = app.ledger.raw;
  const confirmed = "('approved','picking','packed','partially_shipped','shipped','delivered','completed')";
  raw.exec('BEGIN IMMEDIATE');
  const inv = raw
    .prepare(
      `INSERT INTO invoice (id, number, kind, order_id, credited_invoice_id, customer_id, customer_name, customer_tax_id, billing_address, currency, prices_include_tax, issue_date, due_date, net_total, tax_total, gross_total, cost_total, reason, return_warehouse_id, issued_at, actor)
       SELECT 'bi-' || o.id, 'INV-B-' || o.number, 'invoice', o.id, NULL, o.customer_id, o.customer_name, NULL, NULL, o.currency, o.prices_include_tax, substr(o.order_date, 1, 10), date(substr(o.order_date, 1, 10), '+30 days'),
              o.net_total, o.tax_total, o.gross_total, 0, NULL, NULL, o.order_date, 'bench'
       FROM sales_order o WHERE o.status IN ${confirmed}`,
    )
    .run();
  const lines = raw
    .prepare(
      `INSERT INTO invoice_line (id, invoice_id, line_no, order_line_id, credited_line_id, product_id, sku, name, unit, quantity, unit_price, discount_bp, tax_rate_bp, net, tax, gross, unit_cost, cost, charge)
       SELECT 'bl-' || l.id, 'bi-' || o.id, l.line_no, l.id, NULL, l.product_id, l.sku, l.name, 'pcs', l.quantity, l.unit_price, l.discount_bp, l.tax_rate_bp, l.net, l.tax, l.gross, 0, 0, NULL
       FROM sales_order o JOIN sales_order_line l ON l.order_id = o.id WHERE o.status IN ${confirmed}`,
    )
    .run();
  raw.exec('COMMIT');
  return { invoices: inv.changes, lines: lines.changes };
}

async function timed(n: number, fn: () => Promise<unknown>): Promise<number[]> {
  await fn();
  const ms: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await fn();
    ms.push(performance.now() - t0);
  }
  return ms;
}

async function reportsAndExport(log: Log): Promise<Record<string, unknown>> {
  const ledger = await ensureLedger(log);
  const file = join(BENCH_DIR, `books-${ledger.orders}.sqlite`);
  for (const f of [file, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true });
  copyFileSync(ledger.file, file);
  const app = await openApp({ file });
  try {
    const t0 = performance.now();
    const added = addInvoices(app);
    log(`books: ${added.invoices.toLocaleString('en')} invoices, ${added.lines.toLocaleString('en')} lines added in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    const raw = app.ledger.raw;
    const busiest = raw.prepare("SELECT substr(issue_date, 1, 7) AS m, count(*) AS n FROM invoice GROUP BY m ORDER BY n DESC LIMIT 1").get() as { m: string; n: number };
    const last = (raw.prepare('SELECT max(issue_date) AS d FROM invoice').get() as { d: string }).d;
    const yearFrom = new Date(Date.parse(`${last}T00:00:00Z`) - 364 * 86_400_000).toISOString().slice(0, 10);
    const monthTo = new Date(Date.UTC(Number(busiest.m.slice(0, 4)), Number(busiest.m.slice(5, 7)), 0)).toISOString().slice(0, 10);
    const month = summarize(await timed(20, () => app.dispatcher.call('reports.sales', { dateFrom: `${busiest.m}-01`, dateTo: monthTo, period: 'month' }, LOCAL_OWNER)));
    log(`reports.sales, month ${busiest.m} (${busiest.n.toLocaleString('en')} invoices): p50 ${round(month.p50)} ms, p95 ${round(month.p95)} ms`);
    const tax = summarize(await timed(10, () => app.dispatcher.call('reports.sales', { dateFrom: yearFrom, dateTo: last, period: 'year' }, LOCAL_OWNER)));
    log(`tax summary, ${yearFrom}..${last}: p50 ${round(tax.p50)} ms, p95 ${round(tax.p95)} ms`);

    const out = join(tmpdir(), `books-bench-${process.pid}.xlsx`);
    global.gc?.();
    const before = process.memoryUsage().rss;
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
    const e0 = performance.now();
    const { rows } = await exportReport(app, { report: 'invoices', format: 'xlsx', dateFrom: yearFrom, dateTo: last, file: out });
    const exportSeconds = (performance.now() - e0) / 1000;
    clearInterval(sampler);
    peak = Math.max(peak, process.memoryUsage().rss);
    const fileMB = mb(statSync(out).size);
    rmSync(out, { force: true });
    log(`a year of invoices to XLSX: ${rows.toLocaleString('en')} rows, ${fileMB} MB, ${exportSeconds.toFixed(1)} s; RSS ${mb(before)} MB before, peak ${mb(peak)} MB`);
    return {
      orders: ledger.orders,
      invoices: added.invoices,
      monthInvoices: busiest.n,
      monthSalesP50Ms: round(month.p50),
      monthSalesP95Ms: round(month.p95),
      taxSummaryP50Ms: round(tax.p50),
      taxSummaryP95Ms: round(tax.p95),
      xlsxRows: rows,
      xlsxSeconds: round(exportSeconds),
      xlsxRssBeforeMB: mb(before),
      xlsxRssPeakMB: mb(peak),
    };
  } finally {
    await app.close();
    for (const f of [file, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true });
  }
}

type Shop = { customerId: string; warehouseId: string; products: string[] };

async function newShop(file: string): Promise<{ app: App; shop: Shop }> {
  for (const f of [file, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true });
  const app = await openApp({ file });
  const call = app.dispatcher.call;
  const vat = await call('taxRates.create', { code: 'VAT13', name: 'VAT 13%', rateBp: 1300 }, LOCAL_OWNER);
  const low = await call('taxRates.create', { code: 'VAT6', name: 'VAT 6%', rateBp: 600 }, LOCAL_OWNER);
  const wh = await call('warehouses.create', { code: 'MAIN', name: 'Main' }, LOCAL_OWNER);
  const products: string[] = [];
  for (let i = 0; i < 30; i++) {
    const p = await call('products.create', { sku: `CH-${i}`, name: `Chain product ${i}`, price: 999 + i * 37, taxRateId: i % 3 ? vat.id : low.id }, LOCAL_OWNER);
    products.push(p.id);
  }
  await call('stock.receive', { warehouseId: wh.id, lines: products.map((productId) => ({ productId, quantity: 1_000_000_000 })) }, LOCAL_OWNER);
  const c = await call('customers.create', { name: 'Chain customer' }, LOCAL_OWNER);
  return { app, shop: { customerId: c.id, warehouseId: wh.id, products } };
}

async function chain(app: App, shop: Shop, i: number): Promise<void> {
  const call = app.dispatcher.call;
  const p = shop.products;
  const o = await call('orders.create', { customerId: shop.customerId, warehouseId: shop.warehouseId, lines: [0, 1, 2].map((k) => ({ productId: p[(i * 3 + k * 7) % p.length]!, quantity: 1 + ((i + k) % 4) })) }, LOCAL_OWNER);
  await call('orders.confirm', { id: o.id }, LOCAL_OWNER);
  await call('orders.ship', { id: o.id }, LOCAL_OWNER);
  const inv = await call('invoices.issue', { orderId: o.id }, LOCAL_OWNER);
  await call('payments.record', { customerId: shop.customerId, method: 'alipay', amount: inv.grossTotal, allocations: [{ invoiceId: inv.id, amount: inv.grossTotal }] }, LOCAL_OWNER);
}

type Change = { t: string; op: 'i' | 'u' | 'd'; id: string; v?: Record<string, unknown> };
type Entry = { operation: string; changes: string; id: string; at: string; station_id: string; actor: string; prev_hash: string; hash: string; hlc: string | null };

/** The rows one chain wrote (its 5 journal entries), replayed with fresh ids and numbers per copy. */
function floorRunner(app: App) {
  const raw = app.ledger.raw;
  const entries = (raw.prepare('SELECT * FROM journal ORDER BY seq DESC LIMIT 5').all() as Entry[]).reverse();
  const uuid = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;
  const inserted = new Set(entries.flatMap((e) => (JSON.parse(e.changes) as Change[]).filter((c) => c.op === 'i').map((c) => c.id)));
  const cache = new Map<string, ReturnType<typeof raw.prepare>>();
  const stmt = (sql: string) => {
    let s = cache.get(sql);
    if (!s) cache.set(sql, (s = raw.prepare(sql)));
    return s;
  };
  const journal = raw.prepare('INSERT INTO journal (id, at, station_id, actor, operation, changes, prev_hash, hash, hlc) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)');
  // Every write also moves the station's clock and stamps the fields of rows that merge by clock
  // (migration 0009): the same rows the journal append writes beside the entry.
  const stationClock = raw.prepare("INSERT INTO sync_state (key, value) VALUES ('hlc', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value");
  const fieldClock = raw.prepare('INSERT OR REPLACE INTO sync_clock (t, id, col, hlc) VALUES (?, ?, ?, ?)');
  const begin = raw.prepare('BEGIN IMMEDIATE');
  const commit = raw.prepare('COMMIT');
  return (k: number) => {
    const fresh = new Map<string, string>();
    const remap = (text: string) =>
      text.replace(uuid, (id) => {
        if (!inserted.has(id)) return id;
        let n = fresh.get(id);
        if (!n) fresh.set(id, (n = newId()));
        return n;
      });
    for (const e of entries) {
      const changesText = remap(e.changes);
      const changes = JSON.parse(changesText) as Change[];
      begin.run();
      for (const c of changes) {
        const v = { ...c.v };
        // Numbers stay unique per copy.
        if (typeof v.number === 'string' && c.op === 'i') v.number = `${v.number}-F${k}`;
        const cols = Object.keys(v);
        if (c.op === 'i') stmt(`INSERT INTO ${c.t} (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`).run(cols.map((x) => v[x]));
        else if (c.op === 'u') stmt(`UPDATE ${c.t} SET ${cols.map((x) => `${x} = ?`).join(', ')} WHERE id = ?`).run([...cols.map((x) => v[x]), c.id]);
        else stmt(`DELETE FROM ${c.t} WHERE id = ?`).run(c.id);
      }
      journal.run(newId(), e.at, e.station_id, e.actor, e.operation, changesText, e.prev_hash, e.hash, e.hlc);
      if (e.hlc !== null) {
        stationClock.run(e.hlc);
        for (const c of changes) {
          if (!needsClock(c.t, c.id)) continue;
          if (c.op === 'u') for (const col of Object.keys(c.v ?? {})) fieldClock.run(c.t, c.id, col, e.hlc);
          else fieldClock.run(c.t, c.id, c.op === 'i' ? '*' : '~', e.hlc);
        }
      }
      commit.run();
    }
  };
}

/** Dispatcher and floor take turns in blocks of chains, so the disk's drift in fsync time hits both alike. */
const CHAIN_BLOCK = 100;

async function chainBench(log: Log): Promise<Record<string, unknown>> {
  const n = Number(process.env.BENCH_CHAINS ?? 100_000);
  const window = Math.min(Number(process.env.BENCH_CHAIN_WINDOW ?? 1000), Math.max(1, Math.floor(n / 2)));
  if (!Number.isInteger(n) || n < 2) throw new Error(`BENCH_CHAINS must be an integer of at least 2, got ${process.env.BENCH_CHAINS}`);
  const floorN = Math.min(n, Number(process.env.BENCH_FLOOR_CHAINS ?? n));
  mkdirSync(BENCH_DIR, { recursive: true });
  const file = join(BENCH_DIR, 'books-chain.sqlite');
  const floorFile = join(BENCH_DIR, 'books-chain-floor.sqlite');
  const { app, shop } = await newShop(file);
  // Floor: the rows of one chain, written again with prepared statements, on its own new ledger.
  const floor = await newShop(floorFile);
  let peak = process.memoryUsage().rss;
  const chainMs: number[] = [];
  let floorMs = 0;
  let floorDone = 0;
  try {
    // The second chain is the steady state (the first one also makes the year's number series).
    await chain(floor.app, floor.shop, 0);
    await chain(floor.app, floor.shop, 1);
    const run = floorRunner(floor.app);
    const t0 = performance.now();
    const dispatcherBlock = async (from: number, to: number): Promise<void> => {
      for (let i = from; i < to; i++) {
        const start = performance.now();
        await chain(app, shop, i);
        chainMs.push(performance.now() - start);
        if (i % 500 === 0) peak = Math.max(peak, process.memoryUsage().rss);
      }
    };
    const floorBlock = (): void => {
      const start = performance.now();
      for (let k = 0; k < CHAIN_BLOCK && floorDone < floorN; k++) run(++floorDone);
      floorMs += performance.now() - start;
    };
    for (let b = 0; b * CHAIN_BLOCK < n; b++) {
      const [from, to] = [b * CHAIN_BLOCK, Math.min(n, (b + 1) * CHAIN_BLOCK)];
      if (b % 2 === 0) {
        await dispatcherBlock(from, to);
        floorBlock();
      } else {
        floorBlock();
        await dispatcherBlock(from, to);
      }
      if (Math.floor(to / 5000) > Math.floor(from / 5000)) {
        log(`chain ${to.toLocaleString('en')}: ${round((to / sum(chainMs)) * 1000)} chains/s so far, floor ${round((floorDone / floorMs) * 1000)}/s, RSS ${mb(process.memoryUsage().rss)} MB, ${round((performance.now() - t0) / 1000)} s`);
      }
    }
  } finally {
    await app.close();
    await floor.app.close();
  }
  const startRate = (window / sum(chainMs.slice(0, window))) * 1000;
  const endRate = (window / sum(chainMs.slice(-window))) * 1000;
  const overall = (n / sum(chainMs)) * 1000;
  const floorRate = (floorDone / floorMs) * 1000;
  log(`chain (create, confirm, ship, invoice, pay) x ${n.toLocaleString('en')}: ${round(overall)} chains/s overall; first ${window}: ${round(startRate)}/s, last ${window}: ${round(endRate)}/s; peak RSS ${mb(peak)} MB`);
  log(`raw-SQL floor (the same rows and journal rows, 5 IMMEDIATE transactions per chain) x ${floorDone.toLocaleString('en')}, in blocks of ${CHAIN_BLOCK} taking turns with the dispatcher: ${round(floorRate)} chains/s; dispatcher / floor time = ${round(floorRate / overall)}x`);
  for (const f of [file, floorFile]) for (const x of [f, `${f}-wal`, `${f}-shm`]) rmSync(x, { force: true });
  return {
    chains: n,
    chainsPerSecond: round(overall),
    chainsPerSecondFirst: round(startRate),
    chainsPerSecondLast: round(endRate),
    window,
    chainPeakRssMB: mb(peak),
    floorChains: floorDone,
    floorChainsPerSecond: round(floorRate),
    timeVsFloor: round(floorRate / overall),
  };
}

const sum = (xs: readonly number[]): number => xs.reduce((a, x) => a + x, 0);

export async function booksBench(log: Log): Promise<Record<string, unknown>> {
  const reports = process.env.BENCH_BOOKS_PARTS?.includes('chain') && !process.env.BENCH_BOOKS_PARTS.includes('reports') ? {} : await reportsAndExport(log);
  const chains = process.env.BENCH_BOOKS_PARTS?.includes('reports') && !process.env.BENCH_BOOKS_PARTS.includes('chain') ? {} : await chainBench(log);
  return { ...reports, ...chains };
}
