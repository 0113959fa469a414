import { sql } from 'kysely';
import type { VerifyProblem, VerifyReport } from '../../shared/contract/system.ts';
import { entryHash, GENESIS_HASH, type RowChange } from '../db/journal.ts';
import { appliedHash } from '../sync/applied-chain.ts';
import { JOURNALED_TABLES, type JournaledTable } from '../db/schema.ts';
import type { ReadDb } from './context.ts';

type Image = Record<string, unknown>;

const MAX_PROBLEMS = 200;

/**
 * Proves the ledger is what the app wrote: SQLite's own checks, the journal's hash chain, every
 * row equal to the journal replayed from the start, and stock levels equal to their movements.
 * An UPDATE or DELETE made behind the app's back shows up as a row that differs from its replay.
 */
export async function verifyLedger(db: ReadDb): Promise<VerifyReport> {
  const problems: VerifyProblem[] = [];
  const report = (p: VerifyProblem) => {
    if (problems.length < MAX_PROBLEMS) problems.push(p);
  };

  const integrity = await db.selectFrom(sql<{ integrity_check: string }>`pragma_integrity_check()`.as('c')).selectAll().execute();
  for (const r of integrity) if (r.integrity_check !== 'ok') report({ check: 'integrity', message: r.integrity_check });
  const fks = await db
    .selectFrom(sql<{ table: string; rowid: number; parent: string }>`pragma_foreign_key_check()`.as('f'))
    .selectAll()
    .execute();
  for (const f of fks) report({ check: 'foreign_keys', table: f.table, message: `row ${f.rowid} of ${f.table} points to a missing ${f.parent}` });

  const images = new Map<JournaledTable, Map<string, Image>>(JOURNALED_TABLES.map((t) => [t, new Map()]));
  let prev = GENESIS_HASH;
  let expectedSeq = 1;
  let entries = 0;
  const replay = (where: string, text: string) => {
    let changes: RowChange[];
    try {
      changes = JSON.parse(text) as RowChange[];
    } catch {
      report({ check: 'journal_chain', message: `${where} has unreadable changes` });
      return;
    }
    for (const c of changes) {
      const table = images.get(c.t);
      if (!table) continue;
      if (c.op === 'd') table.delete(c.id);
      else table.set(c.id, { ...(c.op === 'u' ? table.get(c.id) : {}), ...c.v });
    }
  };
  // What other stations wrote is replayed from sync_applied, in apply order: each entry after
  // the local journal entry it followed (docs/SYNC.md "Verify").
  // Paged, not streamed: SQLite allows one open statement per connection while iterating.
  async function* pages<R>(page: (after: number) => Promise<R[]>, key: (r: R) => number): AsyncGenerator<R> {
    let after = 0;
    for (;;) {
      const rows = await page(after);
      if (rows.length === 0) return;
      yield* rows;
      after = key(rows[rows.length - 1]!);
    }
  }
  const remote = pages((after) => db.selectFrom('sync_applied').selectAll().where('pos', '>', after).orderBy('pos').limit(500).execute(), (r) => r.pos);
  let nextRemote = await remote.next();
  let remotePrev = GENESIS_HASH;
  const replayRemoteUpTo = async (seq: number) => {
    while (!nextRemote.done && nextRemote.value.after_seq <= seq) {
      const a = nextRemote.value;
      if (a.prev_hash !== remotePrev || appliedHash(a.prev_hash, a.pos, a) !== a.hash) {
        report({ check: 'journal_chain', message: `synced entry ${a.pos} (${a.operation} from ${a.station_id}) was altered: its hash does not match` });
      }
      remotePrev = a.hash;
      replay(`synced entry ${a.pos}`, a.changes);
      nextRemote = await remote.next();
    }
  };
  await replayRemoteUpTo(0);
  for await (const e of pages((after) => db.selectFrom('journal').selectAll().where('seq', '>', after).orderBy('seq').limit(500).execute(), (r) => r.seq)) {
    entries++;
    if (e.seq !== expectedSeq) report({ check: 'journal_chain', message: `journal entry ${expectedSeq} is missing (next is ${e.seq})` });
    if (e.prev_hash !== prev || entryHash(e.prev_hash, e) !== e.hash) {
      report({ check: 'journal_chain', message: `journal entry ${e.seq} (${e.operation}) was altered: its hash does not match` });
    }
    prev = e.hash;
    expectedSeq = e.seq + 1;
    replay(`journal entry ${e.seq}`, e.changes);
    await replayRemoteUpTo(e.seq);
  }
  await replayRemoteUpTo(Number.MAX_SAFE_INTEGER);

  let rowsChecked = 0;
  for (const t of JOURNALED_TABLES) {
    const expected = images.get(t)!;
    const defaults = await addedColumnDefaults(db, t);
    const stream = (db as ReadDb).selectFrom(t).selectAll().stream(1000) as AsyncIterable<Image & { id: string }>;
    for await (const row of stream) {
      rowsChecked++;
      const image = expected.get(row.id);
      if (!image) {
        report({ check: 'journal_replay', table: t, rowId: row.id, message: `${t} row ${row.id} is not in the journal (added behind the app's back)` });
        continue;
      }
      expected.delete(row.id);
      for (const [col, value] of Object.entries(row)) {
        // An entry written before a migration added a column says nothing of it: the row was
        // given the column's default then, which is what the journal implies.
        const want = Object.hasOwn(image, col) ? (image[col] ?? null) : (defaults.get(col) ?? null);
        if (value !== want) {
          report({
            check: 'journal_replay',
            table: t,
            rowId: row.id,
            message: `${t} row ${row.id}: ${col} is ${JSON.stringify(value)} but the journal says ${JSON.stringify(want)} (changed behind the app's back)`,
          });
        }
      }
    }
    for (const id of expected.keys()) {
      report({ check: 'journal_replay', table: t, rowId: id, message: `${t} row ${id} is missing (deleted behind the app's back)` });
    }
  }

  const drift = await db
    .selectFrom('stock_level as l')
    .leftJoin(
      (eb) =>
        eb
          .selectFrom('stock_movement')
          .select(['product_id', 'warehouse_id'])
          .select((e) => [e.fn.sum<number>('on_hand_delta').as('on_hand'), e.fn.sum<number>('reserved_delta').as('reserved')])
          .groupBy(['product_id', 'warehouse_id'])
          .as('m'),
      (join) => join.onRef('m.product_id', '=', 'l.product_id').onRef('m.warehouse_id', '=', 'l.warehouse_id'),
    )
    .select(['l.id', 'l.product_id', 'l.warehouse_id', 'l.on_hand', 'l.reserved', 'm.on_hand as m_on_hand', 'm.reserved as m_reserved'])
    .where((eb) => eb.or([eb('l.on_hand', '!=', eb.fn.coalesce('m.on_hand', eb.lit(0))), eb('l.reserved', '!=', eb.fn.coalesce('m.reserved', eb.lit(0)))]))
    .execute();
  for (const d of drift) {
    report({
      check: 'stock_levels',
      table: 'stock_level',
      rowId: d.id,
      message: `stock of product ${d.product_id} in warehouse ${d.warehouse_id}: level says ${d.on_hand} on hand / ${d.reserved} reserved, movements add up to ${d.m_on_hand ?? 0} / ${d.m_reserved ?? 0}`,
    });
  }
  const orphanMovements = await db
    .selectFrom('stock_movement as m')
    .leftJoin('stock_level as l', (j) => j.onRef('l.product_id', '=', 'm.product_id').onRef('l.warehouse_id', '=', 'm.warehouse_id'))
    .select(['m.product_id', 'm.warehouse_id'])
    .where('l.id', 'is', null)
    .groupBy(['m.product_id', 'm.warehouse_id'])
    .execute();
  for (const o of orphanMovements) {
    report({ check: 'stock_levels', table: 'stock_level', message: `product ${o.product_id} in warehouse ${o.warehouse_id} has movements but no stock level` });
  }

  // Derived data is not journaled, so replay cannot vouch for it: compare it with its source.
  const expectedIndex = sql`SELECT DISTINCT l.product_id, l.order_id, o.order_date FROM sales_order_line l JOIN sales_order o ON o.id = l.order_id`;
  const actualIndex = sql`SELECT product_id, order_id, order_date FROM sales_order_product`;
  const indexDrift = await db
    .selectFrom(sql<{ product_id: string; order_id: string; side: string }>`(
      SELECT product_id, order_id, 'missing' AS side FROM (${expectedIndex} EXCEPT ${actualIndex})
      UNION ALL
      SELECT product_id, order_id, 'stale' AS side FROM (${actualIndex} EXCEPT ${expectedIndex}))`.as('d'))
    .selectAll()
    .limit(MAX_PROBLEMS)
    .execute();
  for (const d of indexDrift) {
    report({
      check: 'derived_indexes',
      table: 'sales_order_product',
      message: `the orders-by-product index has a ${d.side} entry for product ${d.product_id} on order ${d.order_id}`,
    });
  }

  const salesDrift = await db
    .selectFrom(sql<{ day: string; kind: string; rate: number | null; side: string }>`(
      WITH sums AS MATERIALIZED (
        SELECT i.issue_date AS day, i.kind, l.tax_rate_bp AS rate, sum(l.net) AS net, sum(l.tax) AS tax, count(*) AS lines
        FROM invoice_line l JOIN invoice i ON i.id = l.invoice_id GROUP BY 1, 2, 3),
      counts AS MATERIALIZED (SELECT issue_date AS day, kind, count(*) AS invoices FROM invoice GROUP BY 1, 2)
      SELECT day, kind, rate, 'differs' AS side FROM (SELECT * FROM sums EXCEPT SELECT day, kind, tax_rate_bp, net, tax, lines FROM sales_tax_day)
      UNION ALL
      SELECT day, kind, tax_rate_bp, 'stale' FROM (SELECT day, kind, tax_rate_bp, net, tax, lines FROM sales_tax_day EXCEPT SELECT * FROM sums)
      UNION ALL
      SELECT day, kind, NULL, 'count' FROM (SELECT * FROM counts EXCEPT SELECT day, kind, invoices FROM sales_invoice_day)
      UNION ALL
      SELECT day, kind, NULL, 'count' FROM (SELECT day, kind, invoices FROM sales_invoice_day EXCEPT SELECT * FROM counts))`.as('d'))
    .selectAll()
    .limit(MAX_PROBLEMS)
    .execute();
  for (const d of salesDrift) {
    report({
      check: 'derived_indexes',
      table: d.side === 'count' ? 'sales_invoice_day' : 'sales_tax_day',
      message:
        d.side === 'count'
          ? `the invoice count by day disagrees with the invoices for ${d.kind} on ${d.day}`
          : `the sales by day ${d.side === 'stale' ? 'hold a stale sum' : 'miss or misstate the sum'} for ${d.kind} on ${d.day} at tax rate ${d.rate} bp`,
    });
  }

  // The same sums migration 0016 backfills with, per customer of any document.
  const balanceDrift = await db
    .selectFrom(sql<{ customer_id: string; side: string }>`(
      WITH sums AS MATERIALIZED (
        SELECT customer_id, sum(invoiced) AS invoiced, sum(credited) AS credited, sum(paid) AS paid, sum(refunded) AS refunded,
          sum(unallocated) AS unallocated, sum(store_credit) AS store_credit
        FROM (
          SELECT customer_id, CASE kind WHEN 'invoice' THEN gross_total ELSE 0 END AS invoiced, CASE kind WHEN 'credit_note' THEN gross_total ELSE 0 END AS credited,
            0 AS paid, 0 AS refunded, 0 AS unallocated, 0 AS store_credit
          FROM invoice
          UNION ALL
          SELECT customer_id, 0, 0, CASE kind WHEN 'payment' THEN amount ELSE 0 END, CASE kind WHEN 'refund' THEN amount ELSE 0 END,
            CASE kind WHEN 'payment' THEN amount ELSE -amount END, CASE WHEN method <> 'store_credit' THEN 0 WHEN kind = 'refund' THEN amount ELSE -amount END
          FROM payment
          UNION ALL
          SELECT p.customer_id, 0, 0, 0, 0, CASE p.kind WHEN 'payment' THEN -a.amount ELSE a.amount END, 0
          FROM payment_allocation a JOIN payment p ON p.id = a.payment_id)
        GROUP BY customer_id),
      kept AS (SELECT customer_id, invoiced, credited, paid, refunded, unallocated, store_credit FROM customer_balance)
      SELECT customer_id, 'differs' AS side FROM (SELECT * FROM sums EXCEPT SELECT * FROM kept)
      UNION ALL
      SELECT customer_id, 'stale' FROM (SELECT * FROM kept EXCEPT SELECT * FROM sums))`.as('d'))
    .selectAll()
    .limit(MAX_PROBLEMS)
    .execute();
  for (const d of balanceDrift) {
    report({
      check: 'derived_indexes',
      table: 'customer_balance',
      rowId: d.customer_id,
      message: `the balance kept for customer ${d.customer_id} ${d.side === 'stale' ? 'holds sums its documents do not add up to' : 'is missing or disagrees with the customer’s invoices and payments'}`,
    });
  }

  // A batch deferring search documents (0017, 0018: an import, a sync pull) writes them and
  // switches off before it commits; left on, later rows would never be indexed.
  const deferral = await db
    .selectFrom(
      sql<{ switched: number; orders: number; products: number; customers: number }>`(SELECT (SELECT count(*) FROM order_search_deferral) AS switched,
        (SELECT count(*) FROM order_search_pending) AS orders, (SELECT count(*) FROM product_search_pending) AS products,
        (SELECT count(*) FROM customer_search_pending) AS customers)`.as('s'),
    )
    .selectAll()
    .executeTakeFirstOrThrow();
  if (deferral.switched > 0 || deferral.orders > 0) {
    report({
      check: 'derived_indexes',
      table: 'sales_order_fts',
      message: `order search documents are left deferred (switch ${deferral.switched}, ${deferral.orders} orders without a document)`,
    });
  }
  for (const [table, pending, what] of [['product_fts', deferral.products, 'products'], ['customer_fts', deferral.customers, 'customers']] as const) {
    if (pending > 0) report({ check: 'derived_indexes', table, message: `search documents are left deferred (${pending} ${what} without a document)` });
  }

  return { ok: problems.length === 0, journalEntries: entries, rowsChecked, problems };
}

/**
 * Each column's declared default, as a value: what a migration's ADD COLUMN gave the rows that
 * were there already. Only literal defaults (a quoted text, a number, NULL) are read.
 */
async function addedColumnDefaults(db: ReadDb, table: string): Promise<Map<string, unknown>> {
  const columns = await db
    .selectFrom(sql<{ name: string; dflt_value: string | null }>`pragma_table_info(${table})`.as('c'))
    .selectAll()
    .execute();
  const defaults = new Map<string, unknown>();
  for (const c of columns) {
    const d = c.dflt_value;
    if (d === null || d.toUpperCase() === 'NULL') continue;
    if (/^'.*'$/s.test(d)) defaults.set(c.name, d.slice(1, -1).replaceAll("''", "'"));
    else if (/^-?\d+(\.\d+)?$/.test(d)) defaults.set(c.name, Number(d));
  }
  return defaults;
}
