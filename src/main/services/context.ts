import type { Kysely } from 'kysely';
import type { Contract, OpName, OpParsedInput, OpResult } from '../../shared/contract/index.ts';
import type { Caller, Permission } from '../../shared/permissions.ts';
import type { LedgerSchema } from '../db/schema.ts';
import type { LedgerDb } from '../db/connection.ts';
import type { WriteTx } from '../db/write-tx.ts';
import type { Dispatcher } from '../dispatcher.ts';

/**
 * Read paths get a handle without Kysely's write builders; `executeQuery` runs the prepared
 * queries of src/main/db/prepared.ts. A read's transaction is always rolled back.
 */
export type ReadDb = Pick<Kysely<LedgerSchema>, 'selectFrom' | 'selectNoFrom' | 'with' | 'fn' | 'dynamic' | 'executeQuery'>;

export type ReadContext = {
  readonly db: ReadDb;
  readonly caller: Caller;
  /** One timestamp per operation, so every row it writes carries the same time. */
  readonly now: string;
  readonly stationId: string;
  /** Where the call came from (`local` in-process, `ipc`, or the HTTP peer's address): sign-in throttling keys on it. */
  readonly address: string;
  /** Fails with `forbidden` naming the field when the caller lacks a finer permission. */
  require(permission: Permission, field?: string): void;
};

export type WriteContext = ReadContext & { readonly tx: WriteTx };

/** A job's context: no transaction, but the ledger and the dispatcher to call operations with. */
export type JobContext = Omit<ReadContext, 'db'> & { readonly host: { readonly ledger: LedgerDb; readonly dispatcher: Dispatcher } };

type ContextFor<N extends OpName> = Contract[N]['kind'] extends 'write' ? WriteContext : Contract[N]['kind'] extends 'job' ? JobContext : ReadContext;

/**
 * A read may answer synchronously when all its queries are prepared statements run at once
 * (`preparedQuery(...).now`): the dispatcher then resolves the call without a promise per step.
 */
export type Handler<N extends OpName> = (ctx: ContextFor<N>, input: OpParsedInput<N>) => Promise<OpResult<N>> | (Contract[N]['kind'] extends 'read' ? OpResult<N> : never);

export type Handlers = { readonly [N in OpName]: Handler<N> };
