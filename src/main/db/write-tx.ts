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
 * Rows a transaction has already read, kept while no write through its WriteTx touches their
 * tables. An import runs thousands of operations in one transaction, each reading the same
 * settings, warehouse, products and customers; the memo answers those from memory. Values are
 * frozen so no caller can change a shared copy. A savepoint rolled back clears it all (the rows
 * it read may be gone); each table's entries are capped so memory stays flat.
 */
export class TxMemo {
  private readonly buckets = new Map<string, { tables: readonly string[]; byId: boolean; rows: Map<string, unknown> }>();
  static readonly MAX_PER_BUCKET = 20_000;

  /**
   * `byId`: each entry is the row of one id (of the first table, joined to the others). A new row
   * cannot change what an existing id finds, so inserts leave such a bucket alone (an import
   * making customers as it goes keeps the ones it has read); updates and deletes still clear it.
   * An id not found is not kept, since an insert may add it.
   */
  async get<T>(tables: readonly string[], key: string, load: () => Promise<T>, options: { readonly byId?: boolean } = {}): Promise<T> {
    const byId = options.byId ?? false;
    const name = `${tables.join('+')}${byId ? '#id' : ''}`;
    let bucket = this.buckets.get(name);
    if (bucket === undefined) {
      bucket = { tables, byId, rows: new Map() };
      this.buckets.set(name, bucket);
    }
    if (bucket.rows.has(key)) return bucket.rows.get(key) as T;
    const value = await load();
    if (byId && value === undefined) return value;
    if (bucket.rows.size >= TxMemo.MAX_PER_BUCKET) bucket.rows.clear();
    bucket.rows.set(key, typeof value === 'object' && value !== null ? Object.freeze(value) : value);
    return value;
  }

  /** Keeps a row the caller has just written itself (after the write, which cleared the bucket). */
  put(tables: readonly string[], key: string, value: object, options: { readonly byId?: boolean } = {}): void {
    const byId = options.byId ?? false;
    const name = `${tables.join('+')}${byId ? '#id' : ''}`;
    let bucket = this.buckets.get(name);
    if (bucket === undefined) {
      bucket = { tables, byId, rows: new Map() };
      this.buckets.set(name, bucket);
    }
    if (bucket.rows.size >= TxMemo.MAX_PER_BUCKET) bucket.rows.clear();
    bucket.rows.set(key, Object.freeze(value));
  }

  invalidate(table: string, op: 'i' | 'u' | 'd' = 'u'): void {
    for (const b of this.buckets.values()) if (b.tables.includes(table) && !(op === 'i' && b.byId)) b.rows.clear();
  }

  clear(): void {
    this.buckets.clear();
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
    const cols = given(row as Record<string, unknown>);
    this.memo.invalidate(table, 'i');
    this.run(insertText(table, cols, 1), values(cols));
    this.changes.push({ t: table, op: 'i', id: row.id, v: Object.fromEntries(cols) });
  }

  /**
   * Inserts rows of one table as few statements (multi-row VALUES lists), journaled exactly like
   * one insert per row in the same order: an order's lines, for instance. Rows with different
   * column sets go in separate statements.
   */
  async insertMany<T extends JournaledTable>(table: T, rows: readonly (Insertable<JournaledTables[T]> & { id: string })[]): Promise<void> {
    if (rows.length === 0) return;
    this.memo.invalidate(table, 'i');
    let run: { id: string; cols: [string, unknown][] }[] = [];
    let shape = '';
    const flush = () => {
      if (run.length === 0) return;
      const first = run[0]!.cols;
      for (const chunk of rowChunks(run, first.length)) {
        this.run(insertText(table, first, chunk.length), chunk.flatMap((r) => values(r.cols)));
        for (const r of chunk) this.changes.push({ t: table, op: 'i', id: r.id, v: Object.fromEntries(r.cols) });
      }
      run = [];
    };
    for (const row of rows) {
      const cols = given(row as Record<string, unknown>);
      const key = cols.map(([c]) => c).join('\u0000');
      if (key !== shape) {
        flush();
        shape = key;
      }
      run.push({ id: row.id, cols });
    }
    flush();
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
