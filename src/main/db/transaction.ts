import type { Kysely } from 'kysely';
import { newId } from '../../shared/ids.ts';
import type { LedgerDb } from './connection.ts';
import { journalCommitted } from './commit-events.ts';
import { appendJournal, JournalBuffer, type ChainHeadCache, type JournalEntryInput } from './journal.ts';
import { SearchDeferral } from './search-deferral.ts';
import { runPreparedDirectly } from './prepared.ts';
import type { LedgerSchema } from './schema.ts';
import { TxMemo, WriteTx } from './write-tx.ts';

// One process shares one connection, so its operations take turns: each runs alone from BEGIN
// to COMMIT. This FIFO turn is that (Kysely's own connection lock then never waits, and taking
// a connection from Kysely per operation cost more than a small read itself). An idle ledger
// is taken without a promise of its own: the order list's reads are a few microseconds each,
// and chaining promises per call cost as much as the transaction's BEGIN and ROLLBACK.
type Turns = { busy: boolean; readonly waiting: (() => void)[] };
const turns = new WeakMap<LedgerDb, Turns>();

function turnsOf(ledger: LedgerDb): Turns {
  let t = turns.get(ledger);
  if (t === undefined) {
    t = { busy: false, waiting: [] };
    turns.set(ledger, t);
  }
  return t;
}

/** A finishing turn hands itself to the next waiter without going idle, so none can slip in. */
function endTurn(t: Turns): void {
  const next = t.waiting.shift();
  if (next) next();
  else t.busy = false;
}

/** Runs `fn` when no other operation of this process is using the ledger's connection. */
export async function exclusive<T>(ledger: LedgerDb, fn: () => Promise<T> | T): Promise<T> {
  const t = turnsOf(ledger);
  if (t.busy) await new Promise<void>((resume) => t.waiting.push(resume));
  else t.busy = true;
  try {
    return await fn();
  } finally {
    endTurn(t);
  }
}

const isPromise = <T>(value: T | Promise<T>): value is Promise<T> => value instanceof Promise;

/** Runs `fn` and then `done`: at once when `fn` throws or answers synchronously, else when its promise settles. */
function thenDone<T>(fn: () => Promise<T> | T, done: () => void): Promise<T> | T {
  let result: Promise<T> | T;
  try {
    result = fn();
  } catch (e) {
    done();
    throw e;
  }
  if (!isPromise(result)) {
    done();
    return result;
  }
  return result.finally(done);
}

/**
 * `exclusive` for work that may finish synchronously: on an idle ledger a synchronous `fn`
 * runs, ends its turn and answers without a promise, so a read that better-sqlite3 answers at
 * once costs no promise hops (they cost more than a one-row search itself). A busy ledger, or
 * an `fn` that returns a promise, takes the same FIFO turn as `exclusive`.
 */
function exclusiveNow<T>(ledger: LedgerDb, fn: () => Promise<T> | T): Promise<T> | T {
  const t = turnsOf(ledger);
  if (t.busy) return exclusive(ledger, fn);
  t.busy = true;
  return thenDone(fn, () => endTurn(t));
}

/** The ledger's Kysely handle, with prepared reads running straight on the cached statements. */
const direct = new WeakSet<LedgerDb>();
function handle(ledger: LedgerDb): Kysely<LedgerSchema> {
  if (!direct.has(ledger)) {
    runPreparedDirectly(ledger.db, (sql, params) => ledger.prepare(sql).all(...params));
    direct.add(ledger);
  }
  return ledger.db;
}

function control(ledger: LedgerDb, sql: 'BEGIN' | 'BEGIN IMMEDIATE' | 'COMMIT' | 'ROLLBACK'): void {
  ledger.prepare(sql).run();
}

export type WriteMeta = { readonly operation: string; readonly at: string; readonly stationId: string; readonly actor: string };

/** The journal entry of an operation's writes (named field by field: see src/shared/objects.ts). */
function journalEntry(meta: WriteMeta, tx: WriteTx): JournalEntryInput {
  return { id: newId(), operation: meta.operation, at: meta.at, stationId: meta.stationId, actor: tx.actor ?? meta.actor, changes: tx.changes };
}

/**
 * One business operation = one IMMEDIATE transaction holding its rows and its journal entry.
 * IMMEDIATE takes the write lock up front, so two processes never both read stock and then
 * race to write it: the second waits (busy_timeout) and then sees the first one's result.
 */
export async function runWrite<T>(ledger: LedgerDb, meta: WriteMeta, fn: (tx: WriteTx) => Promise<T>): Promise<T> {
  return exclusive(ledger, async () => {
    const conn = handle(ledger);
    control(ledger, 'BEGIN IMMEDIATE');
    try {
      const tx = new WriteTx(conn, (text, params) => ({ changes: ledger.prepare(text).run(...params).changes }));
      const result = await fn(tx);
      if (tx.changes.length > 0) {
        appendJournal(ledger.prepare, journalEntry(meta, tx));
      }
      control(ledger, 'COMMIT');
      if (tx.changes.length > 0) journalCommitted(ledger);
      return result;
    } catch (e) {
      // SQLite may already have rolled back on its own (for example on a full disk).
      if (ledger.raw.inTransaction) control(ledger, 'ROLLBACK');
      throw e;
    }
  });
}

/** A deferred transaction gives a read one consistent snapshot across its queries. */
export async function runRead<T>(ledger: LedgerDb, fn: (db: Kysely<LedgerSchema>) => Promise<T> | T): Promise<T> {
  return readNow(ledger, fn);
}

/**
 * `runRead` for the dispatcher: a read whose handler answers synchronously (its queries are
 * prepared statements, which better-sqlite3 runs at once) begins, reads, rolls back and
 * answers in one go, with no promise; a handler that returns a promise is awaited as before.
 * Throws synchronously what a synchronous handler throws. `statement` (see OpDef.snapshot) runs
 * the handler without BEGIN and ROLLBACK.
 */
export function readNow<T>(ledger: LedgerDb, fn: (db: Kysely<LedgerSchema>) => Promise<T> | T, snapshot: 'transaction' | 'statement' = 'transaction'): Promise<T> | T {
  return exclusiveNow(ledger, () => {
    const conn = handle(ledger);
    // Each statement alone is its own snapshot; the turn still keeps this process's writes out.
    if (snapshot === 'statement') return fn(conn);
    control(ledger, 'BEGIN');
    return thenDone(() => fn(conn), () => endRead(ledger));
  });
}

function endRead(ledger: LedgerDb): void {
  if (ledger.raw.inTransaction) control(ledger, 'ROLLBACK');
}

export type BatchStep = {
  /**
   * Runs one operation's writes inside the batch, under a savepoint: on failure only this step
   * is undone; on success its journal entry is appended (one entry per step, as for a single call).
   */
  step<T>(meta: WriteMeta, fn: (tx: WriteTx) => Promise<T>): Promise<T>;
  /** Steps that stand or fall together: a failure undoes all of them (an outer savepoint). */
  atomic<T>(fn: () => Promise<T>): Promise<T>;
};

/**
 * Thrown by a batch run without savepoints when a failing step had already written: its partial
 * writes cannot be undone alone, so the whole batch is rolled back and the caller runs it again
 * with savepoints (see runBatch).
 */
export class BatchNeedsSavepoints extends Error {
  constructor(readonly failure: unknown) {
    super('A batch step failed after writing; run the batch again with savepoints.');
  }
}

export type BatchOptions<T> = {
  readonly commit: (result: T) => boolean;
  /**
   * false runs steps without their own savepoints. A savepoint per step is what lets a failing
   * step undo only itself, but each one costs (FTS5 flushes its pending index at every
   * savepoint). Without them a step that fails before writing anything (most refusals:
   * validation, unknown ids, permissions) still leaves nothing behind and the batch goes on; one
   * that fails after writing ends the batch with BatchNeedsSavepoints, rolled back.
   */
  readonly savepoints?: boolean;
  /**
   * With `savepoints: false`: the steps' journal entries are inserted in bulk and the station
   * clock stored once per bulk (JournalBuffer). Only for batches whose calls never read the
   * journal or the clock back (an import's creates).
   */
  readonly bulkJournal?: boolean;
  /**
   * New orders', products' and customers' search documents are written every SEARCH_WRITE_EVERY
   * steps, many in one statement, and the rest before the batch ends (SearchDeferral): the same documents when
   * it commits, one FTS segment per group instead of one per order.
   */
  readonly deferSearch?: boolean;
};

/** Steps between two writes of deferred search documents: enough to fill FTS5's pending index. */
export const SEARCH_WRITE_EVERY = 500;

/**
 * Many operations in one IMMEDIATE transaction (an import): each step is journaled like a
 * single call, and the whole batch commits or rolls back as one. `commit: false` is a dry run:
 * every step runs against the real rows (so later rows see earlier ones) and nothing stays.
 */
export async function runBatch<T>(ledger: LedgerDb, options: BatchOptions<T>, fn: (batch: BatchStep) => Promise<T>): Promise<T> {
  const savepoints = options.savepoints ?? true;
  const totalChanges = () => (ledger.prepare('SELECT total_changes() AS n').get() as { n: number }).n;
  return exclusive(ledger, async () => {
    const conn = handle(ledger);
    control(ledger, 'BEGIN IMMEDIATE');
    let committed = false;
    const memo = new TxMemo();
    const chain: ChainHeadCache = !savepoints && options.bulkJournal ? { buffer: new JournalBuffer() } : {};
    const search = new SearchDeferral(ledger.prepare);
    let stepsSinceSearch = 0;
    try {
      if (options.deferSearch) search.begin();
      let depth = 0;
      let grouped = false;
      /** Runs fn under a savepoint, or without one, tainting the batch if it failed after writing. */
      const guarded = async <R>(name: string, body: () => Promise<R>): Promise<R> => {
        if (!savepoints) {
          const before = totalChanges();
          try {
            return await body();
          } catch (e) {
            if (e instanceof BatchNeedsSavepoints) throw e;
            if (!ledger.raw.inTransaction || totalChanges() !== before) throw new BatchNeedsSavepoints(e);
            throw e;
          }
        }
        ledger.prepare(`SAVEPOINT ${name}`).run();
        try {
          const result = await body();
          ledger.prepare(`RELEASE ${name}`).run();
          return result;
        } catch (e) {
          if (ledger.raw.inTransaction) {
            ledger.prepare(`ROLLBACK TO ${name}`).run();
            ledger.prepare(`RELEASE ${name}`).run();
          }
          // Rows read inside the undone part may be gone, and so may journal entries.
          memo.clear();
          chain.head = undefined;
          throw e;
        }
      };
      const batch: BatchStep = {
        async atomic(groupFn) {
          if (grouped) throw new Error('atomic groups do not nest');
          grouped = true;
          try {
            return await guarded('batch_group', groupFn);
          } finally {
            grouped = false;
          }
        },
        async step(meta, stepFn) {
          if (depth > 0) throw new Error('batch steps do not nest');
          depth++;
          try {
            const stepResult = await guarded('batch_step', async () => {
              const tx = new WriteTx(conn, (text, params) => ({ changes: ledger.prepare(text).run(...params).changes }), memo);
              const result = await stepFn(tx);
              if (tx.changes.length > 0) appendJournal(ledger.prepare, journalEntry(meta, tx), chain);
              return result;
            });
            // Between steps only, never inside an atomic group, so no savepoint can undo it alone.
            if (!grouped && ++stepsSinceSearch >= SEARCH_WRITE_EVERY) {
              stepsSinceSearch = 0;
              search.write();
            }
            return stepResult;
          } finally {
            depth--;
          }
        },
      };
      const result = await fn(batch);
      // Even a dry run writes its buffered entries and search documents: they are part of what it tries.
      chain.buffer?.flush(ledger.prepare);
      search.end();
      if (options.commit(result)) {
        control(ledger, 'COMMIT');
        committed = true;
        journalCommitted(ledger);
      }
      return result;
    } finally {
      if (!committed && ledger.raw.inTransaction) control(ledger, 'ROLLBACK');
    }
  });
}
