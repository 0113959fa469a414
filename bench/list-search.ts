// Order list and search latency on the big ledger: each case through the dispatcher
// (orders.list: validation, read transaction, Kysely, mapping) beside the bare query, which is
// the very SQL and parameters that orders.list sends, captured from Kysely and run with one
// prepared better-sqlite3 statement. The two take turns call by call, after a warm-up, and each
// case rotates over several terms so one lucky term cannot carry it.

import type Database from 'better-sqlite3-multiple-ciphers';
import { CompiledQuery, Kysely, SqliteDialect } from 'kysely';
import { openApp } from '../src/main/app.ts';
import { cachingDatabase, type RawDatabase } from '../src/main/db/connection.ts';
import { runPreparedDirectly } from '../src/main/db/prepared.ts';
import type { LedgerSchema } from '../src/main/db/schema.ts';
import { listOrders } from '../src/main/services/order-list.ts';
import { CONTRACT, type OpInput } from '../src/shared/contract/index.ts';
import { LOCAL_OWNER } from '../src/shared/permissions.ts';
import { ensureLedger } from './build-ledger.ts';
import type { BenchVariant } from './confirm.ts';
import { round, roundSummary, summarize } from './stats.ts';

type Log = (line: string) => void;
type ListInput = OpInput<'orders.list'>;
type Case = { readonly name: string; readonly inputs: readonly ListInput[]; readonly about: string };

const PAGE = 50;
const TERMS = 10;
const TARGET_FACTOR = 2;
const TARGET_MS = 20;

export async function listSearchBench(log: Log, variant: BenchVariant = {}): Promise<Record<string, unknown>> {
  const ledger = await ensureLedger(log);
  const iterations = positiveInt('BENCH_ITERATIONS', 1000);
  // A station calls orders.list all day: measure its optimised code, not V8 still compiling it
  // (a few hundred calls in, the dispatcher's path is still being tiered up).
  const warmup = positiveInt('BENCH_WARMUP', 500);

  // Read-only use: opening an initialised ledger writes nothing, and no case writes.
  const app = await openApp({ file: variant.file ?? ledger.file, ...(variant.key ? { key: variant.key } : {}) });
  try {
    const raw = app.ledger.raw;
    const cases = chooseCases(raw, ledger.orders);
    const bare = bareQueries(raw);
    const results: Record<string, unknown> = {};
    let allMet = true;
    for (const c of cases) {
      // One at a time: each capture must hold only its own input's queries.
      const prepared: Prepared[] = [];
      for (const input of c.inputs) prepared.push(bare.prepare(input));
      const plan = bare.plan(prepared[0]!.query);
      const dispatcherMs: number[] = [];
      const bareMs: number[] = [];
      let hits = 0;
      for (let i = 0; i < warmup + iterations; i++) {
        const k = i % c.inputs.length;
        const viaDispatcher = async (): Promise<number> => {
          const start = performance.now();
          const page = await app.dispatcher.call('orders.list', c.inputs[k]!, LOCAL_OWNER);
          const ms = performance.now() - start;
          if (i >= warmup) hits += page.items.length;
          return ms;
        };
        const viaBare = (): number => {
          const start = performance.now();
          prepared[k]!.run();
          return performance.now() - start;
        };
        // Take turns on who goes first, so neither always runs on the other's warm cache.
        let d: number;
        let b: number;
        if (i % 2 === 0) {
          d = await viaDispatcher();
          b = viaBare();
        } else {
          b = viaBare();
          d = await viaDispatcher();
        }
        if (i >= warmup) {
          dispatcherMs.push(d);
          bareMs.push(b);
        }
      }
      // Both sides must return the same page, or the comparison means nothing.
      for (const [k, input] of c.inputs.entries()) {
        const page = await app.dispatcher.call('orders.list', input, LOCAL_OWNER);
        const rows = prepared[k]!.run() as { id: string }[];
        if (page.items.length !== Math.min(rows.length, PAGE) || page.items[0]?.id !== rows[0]?.id) {
          throw new Error(`${c.name}: the dispatcher and the bare query disagree for ${JSON.stringify(input)}`);
        }
      }
      const d = summarize(dispatcherMs);
      const b = summarize(bareMs);
      const met = d.p95 <= TARGET_FACTOR * b.p95 && d.p95 <= TARGET_MS;
      allMet &&= met;
      const avgHits = hits / iterations;
      log(`list-search: ${c.name} — ${c.about}`);
      log(`  plan: ${plan.join(' | ')}`);
      log(
        `  dispatcher p50 ${d.p50.toFixed(3)} ms  p95 ${d.p95.toFixed(3)} ms | bare p50 ${b.p50.toFixed(3)} ms  p95 ${b.p95.toFixed(3)} ms | ` +
          `p95 ratio ${(d.p95 / b.p95).toFixed(2)} | ${avgHits.toFixed(1)} rows per page | target p95 <= ${TARGET_FACTOR}x bare and <= ${TARGET_MS} ms: ${met ? 'met' : 'MISSED'}`,
      );
      results[c.name] = {
        about: c.about,
        terms: c.inputs.map((i) => i.search ?? i.status),
        rowsPerPage: round(avgHits, 1),
        dispatcherMs: roundSummary(d),
        bareMs: roundSummary(b),
        p95Ratio: round(d.p95 / b.p95, 2),
        met,
        plan,
      };
    }
    log(`list-search: ${iterations} timed calls per case and side after ${warmup} warm-up; all targets ${allMet ? 'met' : 'NOT met'}`);
    return { ledgerOrders: ledger.orders, iterations, warmup: warmup, targets: { p95VsBare: TARGET_FACTOR, p95Ms: TARGET_MS }, allMet, cases: results };
  } finally {
    await app.close();
  }
}

function positiveInt(name: string, fallback: number): number {
  const n = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a positive integer, got ${process.env[name]}`);
  return n;
}

/** Search terms taken from the ledger itself, spread over it, so every case finds real orders. */
function chooseCases(raw: RawDatabase, orders: number): Case[] {
  const spread = <T>(xs: readonly T[]): T[] => Array.from({ length: Math.min(TERMS, xs.length) }, (_, i) => xs[Math.floor(((i + 0.5) * xs.length) / Math.min(TERMS, xs.length))]!);
  const names = (where: string): string[] =>
    spread((raw.prepare(`SELECT DISTINCT name FROM customer WHERE ${where} ORDER BY code`).all() as { name: string }[]).map((r) => r.name));
  const numbers = Array.from({ length: TERMS }, (_, i) => Math.floor(((i + 0.5) * orders) / TERMS)).map(
    (rowid) => (raw.prepare('SELECT number FROM sales_order WHERE rowid = ?').get(rowid) as { number: string }).number,
  );
  // SKUs from the best seller down to the slowest, so both long and short posting lists count.
  const bySales = (raw.prepare('SELECT sku FROM sales_order_line GROUP BY sku ORDER BY count(*) DESC').all() as { sku: string }[]).map((r) => r.sku);
  const skus = spread(bySales);
  const cjk = 'unicode(name) BETWEEN 19968 AND 40959';
  const search = (terms: readonly string[]): ListInput[] => terms.map((search) => ({ search, limit: PAGE }));
  return [
    { name: 'list-approved', about: 'first page of 50, status = approved (orders waiting to be picked)', inputs: [{ status: ['approved'], limit: PAGE }] },
    { name: 'list-completed', about: 'first page of 50, status = completed (most of the ledger)', inputs: [{ status: ['completed'], limit: PAGE }] },
    {
      name: 'list-open',
      about: 'first page of 50, status in (approved, picking, packed, partially_shipped)',
      inputs: [{ status: ['approved', 'picking', 'packed', 'partially_shipped'], limit: PAGE }],
    },
    { name: 'list-total', about: 'first page of 50, largest total first (walks the total index)', inputs: [{ sort: 'total_desc', limit: PAGE }] },
    {
      name: 'list-approved-by-customer',
      about: 'first page of 50, status = approved, customer A to Z (few enough to sort, or walks the name index)',
      inputs: [{ status: ['approved'], sort: 'customer_asc', limit: PAGE }],
    },
    { name: 'search-number', about: 'full order number (number index range)', inputs: search(numbers) },
    { name: 'search-customer-zh3', about: '3-character Chinese customer name (trigram index)', inputs: search(names(`length(name) = 3 AND ${cjk}`)) },
    { name: 'search-customer-en', about: 'English customer full name (trigram index)', inputs: search(names(`name GLOB '[A-Z][a-z]* [A-Z][a-z]*' AND name NOT GLOB '* * *'`)) },
    { name: 'search-sku', about: 'exact SKU, best seller to slowest seller (through the product\'s order lines)', inputs: search(skus) },
    { name: 'search-customer-zh2', about: '2-character Chinese customer name (too short for trigrams)', inputs: search(names(`length(name) = 2 AND ${cjk}`)) },
  ];
}

type Prepared = { readonly query: CompiledQuery; run(): unknown[] };

/**
 * The bare side: orders.list itself run on a handle that records the SQL and parameters of each
 * statement it runs (the way a read's transaction handle runs them), then that SQL prepared once
 * on the same connection.
 */
function bareQueries(raw: RawDatabase) {
  const captured: CompiledQuery[] = [];
  const recorder = new Kysely<LedgerSchema>({ dialect: new SqliteDialect({ database: cachingDatabase(raw) }) });
  runPreparedDirectly(recorder, (sql, parameters) => {
    captured.push(CompiledQuery.raw(sql, [...parameters]));
    return raw.prepare(sql).all(...parameters);
  });
  const statements = new Map<string, Database.Statement>();
  return {
    prepare(input: ListInput): Prepared {
      captured.length = 0;
      listOrders(recorder, CONTRACT['orders.list'].input.parse(input));
      // A search may look something up before the page query (a SKU's product): replay all.
      const query = captured.at(-1);
      if (!query) throw new Error('orders.list ran no query');
      const steps = captured.map((c) => {
        let stmt = statements.get(c.sql);
        if (!stmt) {
          stmt = raw.prepare(c.sql);
          statements.set(c.sql, stmt);
        }
        return { stmt, params: [...c.parameters] as unknown[] };
      });
      return {
        query,
        run: () => {
          let rows: unknown[] = [];
          for (const st of steps) rows = st.stmt.all(...st.params);
          return rows;
        },
      };
    },
    plan(query: CompiledQuery): string[] {
      const rows = raw.prepare(`EXPLAIN QUERY PLAN ${query.sql}`).all(...(query.parameters as unknown[])) as { detail: string }[];
      return rows.map((r) => r.detail);
    },
  };
}
