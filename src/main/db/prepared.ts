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

/**
 * A query of the hot paths, typed by Kysely but built and compiled once instead of on every
 * call: each call only binds its parameters and runs the cached statement. `build` must use
 * the params as values only (in where, limit, ...), never to decide the query's shape; values
 * written in `build` itself stay constants.
 */
export function preparedQuery<P extends Record<string, unknown>, O>(
  build: (db: Kysely<LedgerSchema>, params: P) => Compilable<O>,
): (db: Pick<Kysely<LedgerSchema>, 'executeQuery'>, params: P) => Promise<O[]> {
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
  return async (db, params) => {
    const values = bind.map((b) => b(params));
    const direct = directRunners.get(db);
    if (direct) return direct(sqlText, values) as O[];
    return (await db.executeQuery<O>(CompiledQuery.raw(sqlText, values))).rows;
  };
}
