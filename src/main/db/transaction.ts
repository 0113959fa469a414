import { CompiledQuery, type Kysely } from 'kysely';
import { newId } from '../../shared/ids.ts';
import type { LedgerDb } from './connection.ts';
import { appendJournal } from './journal.ts';
import type { LedgerSchema } from './schema.ts';
import { WriteTx } from './write-tx.ts';

const BEGIN_IMMEDIATE = CompiledQuery.raw('begin immediate');
const BEGIN = CompiledQuery.raw('begin');
const COMMIT = CompiledQuery.raw('commit');
const ROLLBACK = CompiledQuery.raw('rollback');

export type WriteMeta = { readonly operation: string; readonly at: string; readonly stationId: string; readonly actor: string };

/**
 * One business operation = one IMMEDIATE transaction holding its rows and its journal entry.
 * IMMEDIATE takes the write lock up front, so two processes never both read stock and then
 * race to write it: the second waits (busy_timeout) and then sees the first one's result.
 */
export async function runWrite<T>(ledger: LedgerDb, meta: WriteMeta, fn: (tx: WriteTx) => Promise<T>): Promise<T> {
  return ledger.db.connection().execute(async (conn) => {
    await conn.executeQuery(BEGIN_IMMEDIATE);
    try {
      // Raw statements run on the same connection, inside the transaction Kysely holds open.
      const tx = new WriteTx(conn, (text, params) => ({ changes: ledger.prepare(text).run(...params).changes }));
      const result = await fn(tx);
      if (tx.changes.length > 0) {
        appendJournal(ledger.prepare, { id: newId(), ...meta, changes: tx.changes });
      }
      await conn.executeQuery(COMMIT);
      return result;
    } catch (e) {
      // SQLite may already have rolled back on its own (for example on a full disk).
      if (ledger.raw.inTransaction) await conn.executeQuery(ROLLBACK);
      throw e;
    }
  });
}

/** A deferred transaction gives a read one consistent snapshot across its queries. */
export async function runRead<T>(ledger: LedgerDb, fn: (db: Kysely<LedgerSchema>) => Promise<T>): Promise<T> {
  return ledger.db.connection().execute(async (conn) => {
    await conn.executeQuery(BEGIN);
    try {
      return await fn(conn);
    } finally {
      if (ledger.raw.inTransaction) await conn.executeQuery(ROLLBACK);
    }
  });
}
