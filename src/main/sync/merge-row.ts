import type { Statement } from 'better-sqlite3-multiple-ciphers';
import type { RowChange } from '../db/journal.ts';
import { deleteText, insertText, quoteName as q, updateText } from '../db/row-sql.ts';
import { JOURNALED_TABLES } from '../db/schema.ts';
import { APPEND_ONLY_TABLES, needsClock } from './tables.ts';

// Applies one remote row change under the merge rules of docs/SYNC.md: inserts are idempotent,
// fields of mutable rows are last-writer-wins by clock, a deletion wins. Returns the change as
// it took effect here (possibly nothing), so verify can replay exactly what happened.
// Each change writes its one row statement first and its clocks after: a statement refused by
// SQLite (a unique key, a trigger) is undone alone, so a parked change needs no savepoint.
// A first pull runs this hundreds of thousands of times, so no SQL text is built per row: row
// statements come from db/row-sql.ts (built once per table and column list), lookups are kept.

type Prepare = (sql: string) => Statement;
export class ParkedChange extends Error {}

const known = new Set<string>(JOURNALED_TABLES);

/** Per ledger connection: the columns of each table and the statements keyed by table and columns. */
type Cache = { readonly columns: Map<string, Set<string>>; readonly statements: Map<string, Statement> };
const caches = new WeakMap<Prepare, Cache>();

/** The last connection's cache, kept at hand: a pull asks for it several times per row. */
let last: { prepare: Prepare; cache: Cache } | undefined;

function cacheOf(prepare: Prepare): Cache {
  if (last?.prepare === prepare) return last.cache;
  let cache = caches.get(prepare);
  if (!cache) caches.set(prepare, (cache = { columns: new Map(), statements: new Map() }));
  last = { prepare, cache };
  return cache;
}

/** The statement for `key`, prepared from build() the first time (names in it are checked ones). */
function statement(prepare: Prepare, key: string, build: () => string): Statement {
  const { statements } = cacheOf(prepare);
  let stmt = statements.get(key);
  if (stmt === undefined) {
    stmt = prepare(build());
    statements.set(key, stmt);
  }
  return stmt;
}

function columnsOf(prepare: Prepare, table: string): Set<string> {
  const { columns } = cacheOf(prepare);
  let cols = columns.get(table);
  if (!cols) {
    cols = new Set((prepare(`SELECT name FROM pragma_table_info(?)`).all(table) as { name: string }[]).map((r) => r.name));
    columns.set(table, cols);
  }
  return cols;
}

/** Table and column names come from another machine: only our own names may reach SQL. */
export function checkedValues(prepare: Prepare, c: RowChange): [string, string | number | null][] {
  if (!known.has(c.t)) throw new ParkedChange(`unknown table ${c.t}`);
  const cols = columnsOf(prepare, c.t);
  const v = c.v ?? {};
  // One pass over the fields (Object.entries and then map made two arrays and a pair each).
  const values: [string, string | number | null][] = [];
  for (const col of Object.keys(v)) {
    const value = v[col];
    if (!cols.has(col)) throw new ParkedChange(`unknown column ${c.t}.${col}`);
    if (value !== null && typeof value !== 'string' && typeof value !== 'number') throw new ParkedChange(`${c.t}.${col} is not a plain value`);
    values.push([col, value]);
  }
  return values;
}

/** The clocks of one row's fields in one read: col → hlc ('*' is the row's insert). */
function clocksOf(prepare: Prepare, t: string, id: string): Map<string, string> {
  const rows = prepare('SELECT col, hlc FROM sync_clock WHERE t = ? AND id = ?').all(t, id) as { col: string; hlc: string }[];
  return new Map(rows.map((r) => [r.col, r.hlc]));
}

function setClock(prepare: Prepare, t: string, id: string, col: string, hlc: string): void {
  prepare('INSERT INTO sync_clock (t, id, col, hlc) VALUES (?, ?, ?, ?) ON CONFLICT (t, id, col) DO UPDATE SET hlc = max(hlc, excluded.hlc)').run(t, id, col, hlc);
}

/** Whether the row is here and, for clocked rows, whether it was deleted (its tombstone): one read. */
function lookUp(prepare: Prepare, t: string, id: string, clocked: boolean): { gone: boolean; present: boolean } {
  if (!clocked) {
    const present = statement(prepare, `exists|${t}`, () => `SELECT 1 AS x FROM ${q(t)} WHERE "id" = ?`).get(id) !== undefined;
    return { gone: false, present };
  }
  const r = statement(
    prepare,
    `look|${t}`,
    () => `SELECT EXISTS (SELECT 1 FROM sync_clock WHERE t = ? AND id = ? AND col = '~') AS gone, EXISTS (SELECT 1 FROM ${q(t)} WHERE "id" = ?) AS present`,
  ).get(t, id, id) as { gone: number; present: number };
  return { gone: r.gone === 1, present: r.present === 1 };
}

/** Writes the fields whose clock is newer than what this station holds; returns them. */
function mergeFields(prepare: Prepare, c: RowChange, values: [string, string | number | null][], hlc: string): RowChange | undefined {
  const clocks = clocksOf(prepare, c.t, c.id);
  const rowClock = clocks.get('*') ?? '';
  const winners = values.filter(([col]) => col !== 'id' && hlc > (clocks.get(col) ?? rowClock));
  if (winners.length === 0) return undefined;
  prepare(updateText(c.t, winners)).run(...winners.map(([, v]) => v), c.id);
  for (const [col] of winners) setClock(prepare, c.t, c.id, col, hlc);
  return { t: c.t, op: 'u', id: c.id, v: Object.fromEntries(winners) };
}

/** A statement refused for a constraint (undone alone by SQLite); anything else ends the merge. */
const isConstraint = (e: unknown): boolean => typeof (e as { code?: unknown }).code === 'string' && (e as { code: string }).code.startsWith('SQLITE_CONSTRAINT');

/**
 * An insert tried before knowing whether the row is here: `ON CONFLICT ("id") DO NOTHING` makes a
 * row already here a no-op (changes 0), so a new row (nearly every row of a first pull) costs one
 * statement instead of a read and a statement. Every other outcome is the plain insert's: a row
 * not here meets exactly the same checks. A refusal is ambiguous only when the row is here
 * (SQLite checks NOT NULL and CHECK before the id), so then the caller reads and decides as before.
 */
function tryInsert(prepare: Prepare, t: string, values: [string, string | number | null][]): 'inserted' | 'present' {
  const stmt = insertStatement(prepare, t, values, ' ON CONFLICT ("id") DO NOTHING');
  return stmt.run(...values.map(([, v]) => v)).changes === 1 ? 'inserted' : 'present';
}

function insertStatement(prepare: Prepare, t: string, values: [string, string | number | null][], tail: string): Statement {
  return prepare(insertText(t, values, 1, tail));
}

function tombstoned(prepare: Prepare, t: string, id: string): boolean {
  return prepare("SELECT 1 AS x FROM sync_clock WHERE t = ? AND id = ? AND col = '~'").get(t, id) !== undefined;
}

const rowKey = (t: string, id: string): string => `${t}\u0000${id}`;

/**
 * Which rows a batch is about to insert were deleted here (their tombstone), read for all of them
 * in one statement instead of one read per inserted row; the batch's own deletions are added as
 * they are applied. A row not asked about up front is read as before.
 */
export class BatchTombstones {
  private readonly asked = new Set<string>();
  private readonly gone = new Set<string>();

  constructor(
    private readonly prepare: Prepare,
    rows: readonly (readonly [t: string, id: string])[] = [],
  ) {
    this.ask(rows);
  }

  /**
   * Reads the tombstones of more rows in one statement (a batch asks a window of ops at a time).
   * Read later than at the batch's start, the answer is the same: tombstones come only from
   * deletions, and the batch's own are added as they are applied.
   */
  ask(rows: readonly (readonly [t: string, id: string])[]): void {
    if (rows.length === 0) return;
    const { prepare } = this;
    for (const [t, id] of rows) this.asked.add(rowKey(t, id));
    const found = prepare(
      `SELECT c.t, c.id FROM json_each(?) r JOIN sync_clock c ON c.t = r.value ->> 0 AND c.id = r.value ->> 1 AND c.col = '~'`,
    ).all(JSON.stringify(rows)) as { t: string; id: string }[];
    for (const r of found) this.gone.add(rowKey(r.t, r.id));
  }

  has(t: string, id: string): boolean {
    const key = rowKey(t, id);
    return this.gone.has(key) || (!this.asked.has(key) && tombstoned(this.prepare, t, id));
  }

  add(t: string, id: string): void {
    this.gone.add(rowKey(t, id));
  }
}

/** Whether mergeChange tries `c` as an insert at once (and so asks for its tombstone first when clocked). */
export function isFastInsert(c: RowChange): boolean {
  return c.op !== 'd' && c.op !== 'u' && c.v?.id === c.id;
}

/** A row inserted at two stations (or an op seen twice): only clocked mutable rows merge field by field. */
function mergePresent(prepare: Prepare, c: RowChange, values: [string, string | number | null][], hlc: string, clocked: boolean): RowChange | undefined {
  if (APPEND_ONLY_TABLES.has(c.t) || !clocked) return undefined;
  return mergeFields(prepare, c, values, hlc);
}

/**
 * An insert that took effect with every field: `c` itself when it is nothing but an insert's
 * `t`, `op`, `id` and `v` (so the op's own text can stand for its effective changes), else the
 * same fields in a change of their own. `v` is the change's own object: checkedValues passed
 * every one of its fields, in its order.
 */
export function inserted(c: RowChange): RowChange {
  if (c.op === 'i' && Object.keys(c).length === 4) return c;
  return { t: c.t, op: 'i', id: c.id, v: c.v ?? {} };
}

export function mergeChange(prepare: Prepare, c: RowChange, hlc: string, tombstones?: BatchTombstones): RowChange | undefined {
  const values = checkedValues(prepare, c);
  const clocked = needsClock(c.t, c.id);
  // The fast insert only where its id conflict means "this row is here" (v.id is the change's id,
  // as every journal writes it); anything else goes the way of reads below.
  if (isFastInsert(c)) {
    if (clocked && (tombstones ? tombstones.has(c.t, c.id) : tombstoned(prepare, c.t, c.id))) return undefined;
    let outcome: 'inserted' | 'present';
    try {
      outcome = tryInsert(prepare, c.t, values);
    } catch (e) {
      // Refused: as the plain insert would have been if the row is not here; if it is, the
      // insert was never to be tried, and the row merges as below.
      if (!isConstraint(e) || !lookUp(prepare, c.t, c.id, false).present) throw e;
      outcome = 'present';
    }
    if (outcome === 'present') return mergePresent(prepare, c, values, hlc, clocked);
    if (clocked) setClock(prepare, c.t, c.id, '*', hlc);
    return inserted(c);
  }
  const { gone, present } = lookUp(prepare, c.t, c.id, clocked);
  if (gone) return undefined;
  if (c.op === 'd') {
    // The statement that can fail comes first (here and below), so a refused change has written nothing.
    if (present) statement(prepare, `delete|${c.t}`, () => deleteText(c.t)).run(c.id);
    if (clocked) {
      setClock(prepare, c.t, c.id, '~', hlc);
      tombstones?.add(c.t, c.id);
    }
    return present ? { t: c.t, op: 'd', id: c.id } : undefined;
  }
  if (c.op === 'u') {
    if (!present) throw new ParkedChange(`${c.t} ${c.id} is not here to update`);
    return mergeFields(prepare, c, values, hlc);
  }
  if (present) return mergePresent(prepare, c, values, hlc, clocked);
  insertStatement(prepare, c.t, values, '').run(...values.map(([, v]) => v));
  if (clocked) setClock(prepare, c.t, c.id, '*', hlc);
  return inserted(c);
}
