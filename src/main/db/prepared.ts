import {
  CompiledQuery,
  DummyDriver,
  Kysely,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
  type Compilable,
} from 'kysely';
import { LiteralLimitsPlugin } from './literal-limits.ts';
import type { LedgerSchema } from './schema.ts';

/** A Kysely that can only compile: prepared queries are built with it once, at module load. */
const compileOnly = new Kysely<LedgerSchema>({
  dialect: {
    createAdapter: () => new SqliteAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (db) => new SqliteIntrospector(db),
    createQueryCompiler: () => new SqliteQueryCompiler(),
  },
  plugins: [new LiteralLimitsPlugin()],
});

const MARK = '\u0000param:';

type Direct = (sql: string, params: readonly unknown[]) => unknown[];
const directRunners = new WeakMap<object, Direct>();

/**
 * Lets prepared queries on this transaction's handle run the cached statement directly: inside
 * a transaction the connection is already ours, so Kysely's executor adds only cost.
 */
export function runPreparedDirectly(db: object, run: Direct): void {
  directRunners.set(db, run);
}

/** A prepared query: awaited anywhere, or run at once (`now`) on a transaction's handle. */
export type PreparedQuery<P, O> = {
  (db: Pick<Kysely<LedgerSchema>, 'executeQuery'>, params: P): Promise<O[]>;
  /**
   * Runs the cached statement synchronously. Only on a handle whose connection is ours (a
   * read's or a write's transaction, see runPreparedDirectly): a read written with `now` answers
   * without a promise, and the dispatcher then resolves the call once.
   */
  now(db: Pick<Kysely<LedgerSchema>, 'executeQuery'>, params: P): O[];
};

/**
 * A query of the hot paths, typed by Kysely but built and compiled once instead of on every
 * call: each call only binds its parameters and runs the cached statement. `build` must use
 * the params as values only (in where, limit, ...), never to decide the query's shape; values
 * written in `build` itself stay constants.
 */
export function preparedQuery<P extends Record<string, unknown>, O>(build: (db: Kysely<LedgerSchema>, params: P) => Compilable<O>): PreparedQuery<P, O> {
  const names = new Proxy({} as P, { get: (_, key) => `${MARK}${String(key)}` });
  const compiled = build(compileOnly, names).compile();
  const bind: ((params: P) => unknown)[] = compiled.parameters.map((value) => {
    if (typeof value === 'string' && value.startsWith(MARK)) {
      const name = value.slice(MARK.length);
      return (params) => params[name];
    }
    return () => value;
  });
  const sqlText = compiled.sql;
  const run = async (db: Pick<Kysely<LedgerSchema>, 'executeQuery'>, params: P): Promise<O[]> => {
    const values = bind.map((b) => b(params));
    const direct = directRunners.get(db);
    if (direct) return direct(sqlText, values) as O[];
    return (await db.executeQuery<O>(CompiledQuery.raw(sqlText, values))).rows;
  };
  const now = (db: Pick<Kysely<LedgerSchema>, 'executeQuery'>, params: P): O[] => {
    const direct = directRunners.get(db);
    if (!direct) throw new Error('A prepared query runs at once only on a transaction handle (runRead, runWrite)');
    return direct(sqlText, bind.map((b) => b(params))) as O[];
  };
  return Object.assign(run, { now });
}
