import type { Statement } from 'better-sqlite3-multiple-ciphers';
import type { RowChange } from '../db/journal.ts';
import { MAX_ROWS_PER_INSERT, valuesList } from '../db/multi-row.ts';
import { insertText } from '../db/row-sql.ts';
import { checkedValues, inserted, isFastInsert, mergeChange, type BatchTombstones } from './merge-row.ts';
import { isLocalRow, needsClock } from './tables.ts';

// A first pull inserts hundreds of thousands of new products and stock movements, one statement
// each, plus one row clock per product: about half of its SQL time, much of it each statement's
// fixed cost. A pulled batch therefore holds such inserts back and writes them many rows per
// statement (their clocks too) just before anything else of the batch runs (apply-batch.ts
// flushes before every other change, issue, conflict check and the stock recompute), so every
// other statement, trigger and read meets the ledger exactly as if each row had been written as
// it came:
// - only tables whose insert triggers read nothing a batch writes, and that no trigger of any
//   table reads, are held (HELD_TABLES); product's triggers read only the search-deferral switch,
//   set for the whole batch, and write the search lists; stock_movement has no insert trigger;
// - rows of one table keep their order (their rowids, which search documents are keyed by);
// - a multi-row INSERT succeeds only if every one of its rows would have been inserted by the
//   plain insert (a row already here fails its primary key); otherwise SQLite undoes the whole
//   statement alone and every row still held, of any table, goes one by one through mergeChange
//   in the order the rows came, as before (present, refused, parked: the same outcome, the same
//   error, issues raised in the same order);
// - a clock write is `max(old, new)`, so writing a batch's clocks later and together leaves the
//   same clocks; they are written before anything could read them.

type Prepare = (sql: string) => Statement;
type Value = string | number | null;

/** Tables whose fast inserts a pulled batch holds back (see above for what a table here must meet). */
const HELD_TABLES: ReadonlySet<string> = new Set(['product', 'stock_movement']);

/** Told what became of a held change: what took effect (possibly nothing), or why it could not be applied. */
export interface HeldOwner {
  settled(slot: number, c: RowChange, done: RowChange | undefined, error: unknown, failed: boolean): void;
}

type Held = {
  readonly c: RowChange;
  readonly values: [string, Value][];
  /** Its single-row insert text: rows with the same one share a multi-row statement. */
  readonly shape: string;
  readonly clocked: boolean;
  readonly hlc: string;
  readonly owner: HeldOwner;
  readonly slot: number;
  /** Its place among all rows held in the batch (any table). */
  readonly seq: number;
  written: boolean;
};

const CLOCK_COLUMNS = 4;
/** merge-row.ts's clock write, many rows per statement; built once per row count. */
const clockTexts = new Map<number, string>();
function clockText(n: number): string {
  let text = clockTexts.get(n);
  if (text === undefined) {
    text = `INSERT INTO sync_clock (t, id, col, hlc) VALUES ${valuesList(CLOCK_COLUMNS, n)} ON CONFLICT (t, id, col) DO UPDATE SET hlc = max(hlc, excluded.hlc)`;
    clockTexts.set(n, text);
  }
  return text;
}

export class HeldInserts {
  /** Held rows by table, each table's in the order they came. */
  private readonly tables = new Map<string, Held[]>();
  private held = 0;
  private arrivals = 0;
  /** Row clocks ('*') of held rows written, not yet in sync_clock: t, id, col, hlc one after another. */
  private clocks: Value[] = [];

  constructor(
    private readonly prepare: Prepare,
    private readonly tombstones: BatchTombstones,
    private readonly inTransaction: () => boolean,
  ) {}

  /** Whether `c` is an insert that may be held (a new row of a held table, as journals write it). */
  static holds(c: RowChange): boolean {
    return HELD_TABLES.has(c.t) && isFastInsert(c) && !isLocalRow(c.t, c.id);
  }

  /**
   * Holds `c` (for which holds() is true) for `owner` (its place: `slot`), or settles it at once
   * when mergeChange would have written nothing (a row deleted here). Checks its table and columns
   * first, as mergeChange does: a ParkedChange is thrown now, like mergeChange's.
   */
  hold(c: RowChange, hlc: string, owner: HeldOwner, slot: number): void {
    const values = checkedValues(this.prepare, c);
    const clocked = needsClock(c.t, c.id);
    if (clocked && this.tombstones.has(c.t, c.id)) return owner.settled(slot, c, undefined, undefined, false);
    let rows = this.tables.get(c.t);
    if (rows === undefined) this.tables.set(c.t, (rows = []));
    rows.push({ c, values, shape: insertText(c.t, values, 1), clocked, hlc, owner, slot, seq: this.arrivals++, written: false });
    this.held++;
    // A full statement's worth is written at once (writing held rows early is always allowed):
    // rows kept to the end of a batch outlived the collector's young generation.
    if (rows.length >= MAX_ROWS_PER_INSERT) {
      if (this.tryRuns(rows)) {
        this.held -= rows.length;
        rows.length = 0;
      } else this.oneByOne();
    }
  }

  /** Writes every held row and clock: before any other statement of the batch, and before it commits. */
  flush(): void {
    if (this.held > 0) {
      for (const rows of this.tables.values()) {
        if (!this.tryRuns(rows)) return this.oneByOne();
        this.held -= rows.length;
        rows.length = 0;
      }
    }
    this.writeClocks();
  }

  /** The table's rows in multi-row statements, in order; false at the first run that not every row of would have been inserted. */
  private tryRuns(rows: readonly Held[]): boolean {
    for (let start = 0; start < rows.length; ) {
      // A run of rows with the same columns, at most MAX_ROWS_PER_INSERT (far below SQLite's
      // parameter limit for any of our tables).
      let end = start + 1;
      while (end < rows.length && end - start < MAX_ROWS_PER_INSERT && rows[end]!.shape === rows[start]!.shape) end++;
      if (!this.tryRun(rows.slice(start, end))) return false;
      start = end;
    }
    return true;
  }

  /**
   * Every row still held, of any table, goes its own way through mergeChange in the order the
   * rows came, as before: a row here, refused or parked ends as it would have, and issues are
   * raised in the same order.
   */
  private oneByOne(): void {
    const rest: Held[] = [];
    for (const rows of this.tables.values()) for (const h of rows) if (!h.written) rest.push(h);
    rest.sort((a, b) => a.seq - b.seq);
    this.tables.clear();
    this.held = 0;
    this.writeClocks();
    for (const h of rest) {
      let done: RowChange | undefined;
      try {
        done = mergeChange(this.prepare, h.c, h.hlc, this.tombstones);
      } catch (e) {
        h.owner.settled(h.slot, h.c, undefined, e, true);
        continue;
      }
      h.owner.settled(h.slot, h.c, done, undefined, false);
    }
  }

  /** One multi-row INSERT of the run; false (nothing written) if any row would not have been inserted. */
  private tryRun(run: readonly Held[]): boolean {
    const first = run[0]!;
    const params: Value[] = [];
    for (const h of run) for (const [, v] of h.values) params.push(v);
    try {
      this.prepare(run.length === 1 ? first.shape : insertText(first.c.t, first.values, run.length)).run(...params);
    } catch (e) {
      // Refused (SQLite undid the statement alone): the rows go one by one. An error that ended
      // the transaction (a full disk) ends the batch, never continues outside it.
      if (!this.inTransaction()) throw e;
      return false;
    }
    for (const h of run) {
      h.written = true;
      if (h.clocked) this.clocks.push(h.c.t, h.c.id, '*', h.hlc);
      h.owner.settled(h.slot, h.c, inserted(h.c), undefined, false);
    }
    if (this.clocks.length >= MAX_ROWS_PER_INSERT * CLOCK_COLUMNS) this.writeClocks();
    return true;
  }

  private writeClocks(): void {
    const step = MAX_ROWS_PER_INSERT * CLOCK_COLUMNS;
    for (let i = 0; i < this.clocks.length; i += step) {
      const chunk = this.clocks.slice(i, i + step);
      this.prepare(clockText(chunk.length / CLOCK_COLUMNS)).run(...chunk);
    }
    this.clocks = [];
  }
}
