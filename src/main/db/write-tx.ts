import type { Insertable, Kysely, Updateable } from 'kysely';
import type { WebhookEvent } from '../../shared/webhook-events.ts';
import type { RowChange } from './journal.ts';
import { rowChunks } from './multi-row.ts';
import { deleteText, insertText, updateText } from './row-sql.ts';
import type { JournaledTable, JournaledTables, LedgerSchema } from './schema.ts';

/** Runs one parameterised statement on the operation's own connection (prepared once, cached). */
export type RunStatement = (sql: string, params: readonly unknown[]) => { changes: number };

/** Columns with a value; an undefined field means "not given", as in Kysely. */
function given(values: Readonly<Record<string, unknown>>): [string, unknown][] {
  const out: [string, unknown][] = [];
  for (const name in values) {
    const v = values[name];
    if (v !== undefined) out.push([name, v]);
  }
  return out;
}

const values = (cols: readonly [string, unknown][]): unknown[] => cols.map(([, v]) => v);

/**
 * A row to insert, read once: the names and values of its given columns (in the row's key order,
 * which is the statement's column order) and the journal's copy of it. An import inserts every
 * order's header and lines this way, so no [name, value] pair is made per column.
 */
type RowColumns = { readonly names: string[]; readonly values: unknown[]; readonly journaled: Record<string, unknown> };

function rowColumns(row: Readonly<Record<string, unknown>>): RowColumns {
  const names: string[] = [];
  const vals: unknown[] = [];
  const journaled: Record<string, unknown> = {};
  for (const name in row) {
    const v = row[name];
    if (v === undefined) continue;
    names.push(name);
    vals.push(v);
    journaled[name] = v;
  }
  return { names, values: vals, journaled };
}

function sameNames(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Rows a transaction has already read, kept while no write through its WriteTx touches their
 * tables. An import runs thousands of operations in one transaction, each reading the same
 * settings, warehouse, products and customers; the memo answers those from memory. Values are
 * frozen so no caller can change a shared copy. A savepoint rolled back clears it all (the rows
 * it read may be gone); each table's entries are capped so memory stays flat.
 */
export class TxMemo {
  private readonly buckets = new Map<string, { tables: readonly string[]; byId: boolean; rows: Map<string, unknown> }>();
  private readonly byIdBuckets = new Map<string, { tables: readonly string[]; byId: boolean; rows: Map<string, unknown> }>();
  static readonly MAX_PER_BUCKET = 20_000;

  /**
   * `byId`: each entry is the row of one id (of the first table, joined to the others). A new row
   * cannot change what an existing id finds, so inserts leave such a bucket alone (an import
   * making customers as it goes keeps the ones it has read); updates and deletes still clear it.
   * An id not found is not kept, since an insert may add it.
   */
  async get<T>(tables: readonly string[], key: string, load: () => Promise<T>, options: { readonly byId?: boolean } = {}): Promise<T> {
    const byId = options.byId ?? false;
    const bucket = this.bucket(tables, byId);
    if (bucket.rows.has(key)) return bucket.rows.get(key) as T;
    const value = await load();
    if (byId && value === undefined) return value;
    if (bucket.rows.size >= TxMemo.MAX_PER_BUCKET) bucket.rows.clear();
    bucket.rows.set(key, typeof value === 'object' && value !== null ? Object.freeze(value) : value);
    return value;
  }

  /** Keeps a row the caller has just written itself (after the write, which cleared the bucket). */
  put(tables: readonly string[], key: string, value: object, options: { readonly byId?: boolean } = {}): void {
    const bucket = this.bucket(tables, options.byId ?? false);
    if (bucket.rows.size >= TxMemo.MAX_PER_BUCKET) bucket.rows.clear();
    bucket.rows.set(key, Object.freeze(value));
  }

  /** The bucket of these tables; one table, the usual case, is found without joining names. */
  private bucket(tables: readonly string[], byId: boolean) {
    const name = tables.length === 1 ? tables[0]! : tables.join('+');
    const buckets = byId ? this.byIdBuckets : this.buckets;
    let bucket = buckets.get(name);
    if (bucket === undefined) {
      bucket = { tables, byId, rows: new Map() };
      buckets.set(name, bucket);
    }
    return bucket;
  }

  invalidate(table: string, op: 'i' | 'u' | 'd' = 'u'): void {
    for (const b of this.buckets.values()) if (b.tables.includes(table)) b.rows.clear();
    // A new row cannot change what an existing id finds (see get).
    if (op !== 'i') for (const b of this.byIdBuckets.values()) if (b.tables.includes(table)) b.rows.clear();
  }

  clear(): void {
    this.buckets.clear();
    this.byIdBuckets.clear();
  }
}

/**
 * The only way services write ledger rows. Each write is executed and remembered, so the
 * dispatcher can append one journal entry describing every row the operation changed.
 *
 * Writes are the hot path of every operation, and their SQL depends only on the table and the
 * column names (from our own typed row objects, never from input), so they skip Kysely's query
 * building and run as cached prepared statements with bound values. Reads stay in Kysely.
 */
export class WriteTx {
  readonly changes: RowChange[] = [];
  /**
   * The journal's actor when it is not the caller: first-run setup is made by nobody yet, and
   * its entry names the owner it creates.
   */
  actor: string | undefined;
  /** Webhook events raised inside the operation (stock low), written to the outbox with its own. */
  readonly raised: { readonly type: WebhookEvent; readonly orderId: string | null; readonly payload: unknown }[] = [];

  constructor(
    readonly db: Kysely<LedgerSchema>,
    private readonly run: RunStatement,
    /** Shared by every step of a batch; see TxMemo. */
    readonly memo: TxMemo = new TxMemo(),
  ) {}

  async insert<T extends JournaledTable>(table: T, row: Insertable<JournaledTables[T]> & { id: string }): Promise<void> {
    const cols = rowColumns(row as Record<string, unknown>);
    this.memo.invalidate(table, 'i');
    this.run(insertText(table, cols.names, 1), cols.values);
    this.changes.push({ t: table, op: 'i', id: row.id, v: cols.journaled });
  }

  /**
   * Inserts rows of one table as few statements (multi-row VALUES lists), journaled exactly like
   * one insert per row in the same order: an order's lines, for instance. Rows with different
   * column sets go in separate statements.
   */
  async insertMany<T extends JournaledTable>(table: T, rows: readonly (Insertable<JournaledTables[T]> & { id: string })[]): Promise<void> {
    if (rows.length === 0) return;
    this.memo.invalidate(table, 'i');
    let run: { id: string; cols: RowColumns }[] = [];
    for (const row of rows) {
      const cols = rowColumns(row as Record<string, unknown>);
      if (run.length > 0 && !sameNames(run[0]!.cols.names, cols.names)) {
        this.insertRun(table, run);
        run = [];
      }
      run.push({ id: row.id, cols });
    }
    this.insertRun(table, run);
  }

  /** Rows of one column set, as statements of at most MAX_ROWS_PER_INSERT rows. */
  private insertRun(table: JournaledTable, run: readonly { id: string; cols: RowColumns }[]): void {
    if (run.length === 0) return;
    const names = run[0]!.cols.names;
    for (const chunk of rowChunks(run, names.length)) {
      const params: unknown[] = [];
      for (const r of chunk) for (const v of r.cols.values) params.push(v);
      this.run(insertText(table, names, chunk.length), params);
      for (const r of chunk) this.changes.push({ t: table, op: 'i', id: r.id, v: r.cols.journaled });
    }
  }

  async update<T extends JournaledTable>(table: T, id: string, patch: Updateable<JournaledTables[T]>): Promise<void> {
    const cols = given(patch as Record<string, unknown>);
    if (cols.length === 0) return;
    this.memo.invalidate(table);
    const { changes } = this.run(updateText(table, cols), [...values(cols), id]);
    if (changes !== 1) throw new Error(`update of ${table} ${id} matched ${changes} rows`);
    this.changes.push({ t: table, op: 'u', id, v: Object.fromEntries(cols) });
  }

  async delete(table: JournaledTable, id: string): Promise<void> {
    this.memo.invalidate(table);
    const { changes } = this.run(deleteText(table), [id]);
    if (changes !== 1) throw new Error(`delete of ${table} ${id} matched ${changes} rows`);
    this.changes.push({ t: table, op: 'd', id });
  }
}
