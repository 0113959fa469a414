import { createHash } from 'node:crypto';
import { z } from 'zod';
import { CONTRACT, isOpName, type OpAccess, type OpInput, type OpName, type OpResult } from '../shared/contract/index.ts';
import { COST_FIELD_OPS, COST_ONLY_OPS, COSTS_PERMISSION, withoutKeys } from '../shared/cost-fields.ts';
import { AppError, conflict, forbidden, unauthenticated, type ErrorIssue } from '../shared/errors.ts';
import type { Clock } from '../shared/clock.ts';
import type { Caller, Permission } from '../shared/permissions.ts';
import type { LedgerDb } from './db/connection.ts';
import { BatchNeedsSavepoints, readNow, runBatch, runWrite } from './db/transaction.ts';
import { toAppError } from './errors-sqlite.ts';
import type { Handlers, JobContext, ReadContext, WriteContext } from './services/context.ts';
import { raiseEvent } from './services/webhooks.ts';

export type DispatcherOptions = {
  readonly ledger: LedgerDb;
  readonly handlers: Handlers;
  readonly clock: Clock;
  readonly stationId: () => string;
};

export type Dispatcher = {
  /** Typed entry for code that knows the operation at compile time. */
  call<N extends OpName>(name: N, input: OpInput<N>, caller: Caller, options?: CallOptions): Promise<OpResult<N>>;
  /** Untyped entry for transports: the name and input come from outside. */
  callUnknown(name: string, input: unknown, caller: Caller, options?: CallOptions): Promise<unknown>;
  /**
   * Runs many calls in one IMMEDIATE transaction (imports). Each call is validated, checked and
   * journaled exactly like a single one; a failing call undoes only itself (savepoint) and
   * throws its AppError. The batch commits when `commit(result)` says so, else rolls back.
   * `savepoints: false` trades that per-call undo for speed (see runBatch): a call that fails
   * after writing then ends the batch with BatchNeedsSavepoints.
   */
  batch<T>(caller: Caller, commit: (result: T) => boolean, fn: (calls: BatchCalls) => Promise<T>, options?: { savepoints?: boolean; bulkJournal?: boolean; deferSearch?: boolean }): Promise<T>;
};

export type CallOptions = {
  /**
   * A write call made again with the same key (by the same caller) returns the first call's
   * answer and writes nothing; the same key with another operation or input is a conflict.
   * The key and the answer are stored in the call's own transaction. Reads ignore it.
   */
  readonly idempotencyKey?: string;
  /** Where the call came from (the HTTP peer's address, `ipc`); `local` when not given. */
  readonly address?: string;
};

const IDEMPOTENCY_KEY = /^[\x21-\x7E]{1,200}$/;

export type BatchCalls = {
  call<N extends OpName>(name: N, input: OpInput<N>): Promise<OpResult<N>>;
  /** Several calls that stand or fall together (an order and the customer made for it). */
  atomic<T>(fn: () => Promise<T>): Promise<T>;
};

const rethrowAsAppError = (e: unknown): never => {
  throw toAppError(e);
};

function zodIssues(error: z.ZodError): ErrorIssue[] {
  return error.issues.map((i) => ({ field: i.path.map(String).join('.') || '(input)', message: i.message }));
}

function checkAccess(name: string, access: OpAccess, caller: Caller): void {
  if (access === 'public') return;
  if (caller.anonymous) throw unauthenticated();
  if (access === 'signed_in') return;
  if (!caller.permissions.has(access)) throw forbidden(access);
  if (COST_ONLY_OPS.has(name) && !caller.permissions.has(COSTS_PERMISSION)) throw forbidden(COSTS_PERMISSION);
}

/**
 * The handler's `ctx.require`. Made by a factory so that the closure is anonymous: tsx (which
 * runs our sources) keeps function names, and names every named closure with a
 * defineProperty each time one is made, a cost on every call of a few-microsecond read.
 */
const requireOf =
  (caller: Caller) =>
  (permission: Permission, field?: string): void => {
    if (!caller.permissions.has(permission)) throw forbidden(permission, field);
  };

/** Answers with cost fields lose them for callers who may not see costs and margins. */
function redact(name: string, caller: Caller, result: unknown): unknown {
  const keys = COST_FIELD_OPS[name];
  if (keys === undefined || caller.permissions.has(COSTS_PERMISSION)) return result;
  return withoutKeys(result, new Set(keys));
}

/**
 * Runs every call, whichever transport it came from: validate, check permission, run the
 * handler (writes in one IMMEDIATE transaction with their journal entry), map failures.
 */
export function createDispatcher(options: DispatcherOptions): Dispatcher {
  const { ledger, handlers, clock } = options;
  // Formatting a date costs more than a small read's own query; calls within one millisecond
  // share the text.
  let lastMs = Number.NaN;
  let lastIso = '';
  const isoNow = (): string => {
    const at = clock.now();
    const ms = at.getTime();
    if (ms !== lastMs) [lastMs, lastIso] = [ms, at.toISOString()];
    return lastIso;
  };

  // Reads parse their input with zod's compiled clone of the schema (z.compile: the same
  // results and the same issues, a failing input re-parsed by the ordinary parser): walking the
  // schema node by node cost more than an order-number search's own query. Compiled on first use.
  // A batch (an import) parses the same write operation's input thousands of times, so its calls
  // use the compiled clone too (orders.create: about 6 µs instead of 15).
  const compiledInputs = new Map<string, z.ZodType>();
  const inputSchema = (name: OpName, inBatch: boolean): z.ZodType => {
    const def = CONTRACT[name];
    if (def.kind !== 'read' && !inBatch) return def.input;
    let schema = compiledInputs.get(name);
    if (schema === undefined) {
      schema = z.compile(def.input);
      compiledInputs.set(name, schema);
    }
    return schema;
  };

  function prepare(name: string, input: unknown, caller: Caller, inBatch = false) {
    if (!isOpName(name)) throw new AppError({ code: 'not_found', message: `Unknown operation ${name}`, field: 'operation' });
    const def = CONTRACT[name];
    // Who may call comes before what was sent: a caller without the permission learns nothing
    // about the input's shape, and nothing runs.
    checkAccess(name, def.permission, caller);
    const parsed = inputSchema(name, inBatch).safeParse(input ?? {});
    if (!parsed.success) {
      const issues = zodIssues(parsed.error);
      const first = issues[0];
      throw new AppError({
        code: 'invalid',
        field: first?.field,
        message: first ? `${first.field}: ${first.message}` : 'Invalid input',
        issues,
      });
    }
    const now = isoNow();
    const require = requireOf(caller);
    const handler = handlers[name] as (ctx: ReadContext | WriteContext | JobContext, input: unknown) => Promise<unknown> | unknown;
    return { name, def, data: parsed.data as unknown, now, require, handler };
  }

  /**
   * One call. A read whose handler answers synchronously answers here without a promise (see
   * readNow): the promise hops of an async chain cost more than an order-number search itself.
   * Anything else returns a promise. Throws synchronously only what `prepare` refuses and what a
   * synchronous read throws.
   */
  function run(rawName: string, input: unknown, caller: Caller, callOptions: CallOptions = {}): unknown {
    const key = callOptions.idempotencyKey;
    if (key !== undefined && !IDEMPOTENCY_KEY.test(key)) {
      throw new AppError({ code: 'invalid', field: 'idempotency-key', message: 'idempotency-key: 1 to 200 printable ASCII characters' });
    }
    const prepared = prepare(rawName, input, caller);
    if (prepared.def.kind !== 'read') return runWriteOrJob(prepared, caller, callOptions);
    const { def, data, now, require, handler } = prepared;
    const address = callOptions.address ?? 'local';
    try {
      const stationId = options.stationId();
      const result = readNow(ledger, (db) => handler({ caller, now, stationId, require, address, db }, data), def.snapshot);
      return result instanceof Promise ? result.catch(rethrowAsAppError) : result;
    } catch (e) {
      throw toAppError(e);
    }
  }

  async function runWriteOrJob({ name, def, data, now, require, handler }: ReturnType<typeof prepare>, caller: Caller, callOptions: CallOptions): Promise<unknown> {
    const key = callOptions.idempotencyKey;
    const parsed = { data };
    try {
      const stationId = options.stationId();
      const address = callOptions.address ?? 'local';
      const base = { caller, now, stationId, require, address };
      if (def.kind === 'job') return await handler({ ...base, host: { ledger, dispatcher: self } } as never, parsed.data);
      if (key === undefined) {
        return await runWrite(ledger, { operation: name, at: now, stationId, actor: caller.userId }, async (tx) => {
          const result = await handler({ ...base, db: tx.db, tx }, parsed.data);
          await raiseEvent(tx, name, result, now);
          return result;
        });
      }
      const requestHash = createHash('sha256').update(`${name}\n${JSON.stringify(parsed.data)}`).digest('hex');
      return await runWrite(ledger, { operation: name, at: now, stationId, actor: caller.userId }, async (tx) => {
        const prior = ledger.prepare('SELECT operation, request_hash, response FROM idempotency_key WHERE actor = ? AND key = ?').get(caller.userId, key) as
          | { operation: string; request_hash: string; response: string }
          | undefined;
        if (prior) {
          if (prior.request_hash !== requestHash) {
            throw conflict(`The idempotency key was first used for another request (${prior.operation})`, { operation: prior.operation }, 'idempotency-key');
          }
          return JSON.parse(prior.response) as unknown;
        }
        const result = await handler({ ...base, db: tx.db, tx }, parsed.data);
        await raiseEvent(tx, name, result, now);
        ledger.prepare('INSERT INTO idempotency_key (actor, key, operation, request_hash, response, created_at) VALUES (?, ?, ?, ?, ?, ?)').run(caller.userId, key, name, requestHash, JSON.stringify(result), now);
        return result;
      });
    } catch (e) {
      throw toAppError(e);
    }
  }

  async function batch<T>(caller: Caller, commit: (result: T) => boolean, fn: (calls: BatchCalls) => Promise<T>, batchOptions: { savepoints?: boolean; bulkJournal?: boolean; deferSearch?: boolean } = {}): Promise<T> {
    // Failures of the batch's own code (not of a call) pass through unchanged.
    return runBatch(ledger, { commit, ...batchOptions }, (steps) =>
      fn({
        call: async (rawName, input) => {
          const { name, def, data, now, require, handler } = prepare(rawName, input, caller, true);
          if (def.kind === 'job') throw new AppError({ code: 'invalid', field: 'operation', message: `${name} cannot run inside a batch` });
          const stationId = options.stationId();
          try {
            return (await steps.step({ operation: name, at: now, stationId, actor: caller.userId }, async (tx) => {
              const result = await handler({ caller, now, stationId, require, address: 'local', db: tx.db, tx }, data);
              await raiseEvent(tx, name, result, now);
              return redact(name, caller, result);
            })) as never;
          } catch (e) {
            if (e instanceof BatchNeedsSavepoints) throw e;
            throw toAppError(e);
          }
        },
        atomic: (group) => steps.atomic(group),
      }),
    );
  }

  // Every call answers with a promise, and a refusal is a rejection, never a throw.
  const runRedacted = (name: string, input: unknown, caller: Caller, callOptions?: CallOptions): Promise<unknown> => {
    try {
      const result = run(name, input, caller, callOptions);
      return result instanceof Promise ? result.then((r) => redact(name, caller, r)) : Promise.resolve(redact(name, caller, result));
    } catch (e) {
      return Promise.reject(e as Error);
    }
  };
  const self: Dispatcher = {
    call: (name, input, caller, callOptions) => runRedacted(name, input, caller, callOptions) as never,
    callUnknown: runRedacted,
    batch,
  };
  return self;
}
