// `npm run bench` runs every benchmark; `npm run bench -- NAME [NAME...]` runs only those.
// Each benchmark prints readable lines as it goes; the runner prints, last, ONE JSON line with
// every figure, so runs can be compared by a script.
//
// Knobs (environment): BENCH_ORDERS (ledger size, default 1000000), BENCH_REBUILD=1 (ignore the
// cached ledger), BENCH_VERIFY=1 (run system.verify on a freshly built ledger: small sizes only),
// BENCH_CONFIRMS (confirms per side, default 1000), BENCH_ITERATIONS (per search case, default 200),
// BENCH_IMPORT_LINES (line items of the import benchmark, default 100000), BENCH_SCANS (scans per
// side of the fulfilment benchmark, default 300).

import { openRawDatabase } from '../src/main/db/connection.ts';
import { booksBench } from './books.ts';
import { ensureLedger } from './build-ledger.ts';
import { confirmBench } from './confirm.ts';
import { documentsBench } from './documents.ts';
import { encryptionBench } from './encryption.ts';
import { fulfilmentBench } from './fulfilment.ts';
import { importBench } from './import.ts';
import { listSearchBench } from './list-search.ts';
import { purchasingBench } from './purchasing.ts';
import { syncBench } from './sync.ts';

type Bench = {
  readonly description: string;
  run(log: (line: string) => void): Promise<Record<string, unknown>>;
};

const BENCHES: Readonly<Record<string, Bench>> = {
  'build-ledger': {
    description: 'build (or reuse) the cached ledger of BENCH_ORDERS orders and print its build time',
    run: async (log) => {
      const l = await ensureLedger(log);
      return { orders: l.orders, key: l.key, cached: l.cached, buildSeconds: Number(l.buildSeconds.toFixed(1)), fileMB: l.fileMB, statuses: l.statuses, rows: l.rows };
    },
  },
  confirm: {
    description: 'orders.confirm through the dispatcher vs a raw-SQL floor, one durable transaction per confirm',
    run: (log) => confirmBench(log),
  },
  'list-search': {
    description: 'orders.list page and searches through the dispatcher vs the same SQL run bare',
    run: (log) => listSearchBench(log),
  },
  documents: {
    description: 'one invoice PDF (p50), and 1,000 packing slips of real orders in one PDF with resident memory sampled (own small ledger)',
    run: (log) => documentsBench(log),
  },
  encryption: {
    description: 'cost of encryption at rest: confirm throughput and list/search p95, plain vs an encrypted copy of the same ledger (target <= 1.3x)',
    run: (log) => encryptionBench(log),
  },
  fulfilment: {
    description: 'packing.scan accepted and refused (wrong item) through the dispatcher, and picking.list for 500 orders, on a copy of the cached ledger',
    run: (log) => fulfilmentBench(log),
  },
  import: {
    description: 'import a Shopify orders export of BENCH_IMPORT_LINES (100,000) line items, all-or-nothing: seconds and peak RSS',
    run: (log) => importBench(log),
  },
  books: {
    description: 'month sales report and tax summary on BENCH_ORDERS orders invoiced, a year of invoices to XLSX (peak RSS), and BENCH_CHAINS (100,000) order-confirm-ship-invoice-pay chains vs a raw-SQL floor (own ledgers)',
    run: (log) => booksBench(log),
  },
  purchasing: {
    description: 'purchase suggestions over BENCH_PURCHASE_PRODUCTS (10,000) products in 3 warehouses (target ≤ 1 s), and drafting the orders from them (own ledger)',
    run: (log) => purchasingBench(log),
  },
  sync: {
    description: 'sync on loopback: first pull of BENCH_SYNC_OPS ops, an order round trip A -> B, BENCH_SYNC_STATIONS stations at once',
    run: (log) => syncBench(log),
  },
};

async function main(): Promise<void> {
  const names = process.argv.slice(2);
  const unknown = names.filter((n) => !Object.hasOwn(BENCHES, n));
  if (unknown.length > 0) {
    console.error(`Unknown benchmark ${unknown.join(', ')}. Known: ${Object.keys(BENCHES).join(', ')}`);
    process.exitCode = 2;
    return;
  }
  const selected = names.length > 0 ? names : Object.keys(BENCHES);
  const log = (line: string): void => console.log(line);
  const figures: Record<string, unknown> = {};
  for (const name of selected) {
    log(`== ${name}: ${BENCHES[name]!.description}`);
    const t0 = performance.now();
    figures[name] = await BENCHES[name]!.run(log);
    log(`== ${name} done in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  }
  console.log(JSON.stringify({ bench: 'shopledger', at: new Date().toISOString(), node: process.version, sqlite: sqliteVersion(), figures }));
}

/** The SQLite the figures were taken with: query plans and FTS5 change between versions. */
function sqliteVersion(): string {
  const db = openRawDatabase(':memory:');
  try {
    return String(db.prepare('SELECT sqlite_version()').pluck().get());
  } finally {
    db.close();
  }
}

await main();
