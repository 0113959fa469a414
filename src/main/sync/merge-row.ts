import type { Statement } from 'better-sqlite3-multiple-ciphers';
import type { RowChange } from '../db/journal.ts';
import { JOURNALED_TABLES } from '../db/schema.ts';
import { APPEND_ONLY_TABLES, needsClock } from './tables.ts';

// Applies one remote row change under the merge rules of docs/SYNC.md: inserts are idempotent,
// fields of mutable rows are last-writer-wins by clock, a deletion wins. Returns the change as
// it took effect here (possibly nothing), so verify can replay exactly what happened.
// Each change writes its one row statement first and its clocks after: a statement refused by
// SQLite (a unique key, a trigger) is undone alone, so a parked change needs no savepoint.

type Prepare = (sql: string) => Statement;
export class ParkedChange extends Error {}

const q = (name: string): string => `"${name.replaceAll('"', '""')}"`;
const known = new Set<string>(JOURNALED_TABLES);
const columnCache = new WeakMap<Prepare, Map<string, Set<string>>>();

function columnsOf(prepare: Prepare, table: string): Set<string> {
  let byTable = columnCache.get(prepare);
  if (!byTable) columnCache.set(prepare, (byTable = new Map()));
  let cols = byTable.get(table);
  if (!cols) {
    cols = new Set((prepare(`SELECT name FROM pragma_table_info(?)`).all(table) as { name: string }[]).map((r) => r.name));
    byTable.set(table, cols);
  }
  return cols;
}

/** Table and column names come from another machine: only our own names may reach SQL. */
function checkedValues(prepare: Prepare, c: RowChange): [string, string | number | null][] {
  if (!known.has(c.t)) throw new ParkedChange(`unknown table ${c.t}`);
  const cols = columnsOf(prepare, c.t);
  return Object.entries(c.v ?? {}).map(([col, value]) => {
    if (!cols.has(col)) throw new ParkedChange(`unknown column ${c.t}.${col}`);
    if (value !== null && typeof value !== 'string' && typeof value !== 'number') throw new ParkedChange(`${c.t}.${col} is not a plain value`);
    return [col, value];
  });
}

function clockOf(prepare: Prepare, t: string, id: string, col: string): string {
  const field = prepare('SELECT hlc FROM sync_clock WHERE t = ? AND id = ? AND col = ?').get(t, id, col) as { hlc: string } | undefined;
  if (field) return field.hlc;
  const row = prepare('SELECT hlc FROM sync_clock WHERE t = ? AND id = ? AND col = ?').get(t, id, '*') as { hlc: string } | undefined;
  return row?.hlc ?? '';
}

function setClock(prepare: Prepare, t: string, id: string, col: string, hlc: string): void {
  prepare('INSERT INTO sync_clock (t, id, col, hlc) VALUES (?, ?, ?, ?) ON CONFLICT (t, id, col) DO UPDATE SET hlc = max(hlc, excluded.hlc)').run(t, id, col, hlc);
}

function exists(prepare: Prepare, t: string, id: string): boolean {
  return prepare(`SELECT 1 AS x FROM ${q(t)} WHERE "id" = ?`).get(id) !== undefined;
}

/** Writes the fields whose clock is newer than what this station holds; returns them. */
function mergeFields(prepare: Prepare, c: RowChange, values: [string, string | number | null][], hlc: string): RowChange | undefined {
  const winners = values.filter(([col]) => col !== 'id' && hlc > clockOf(prepare, c.t, c.id, col));
  if (winners.length === 0) return undefined;
  prepare(`UPDATE ${q(c.t)} SET ${winners.map(([col]) => `${q(col)} = ?`).join(', ')} WHERE "id" = ?`).run(...winners.map(([, v]) => v), c.id);
  for (const [col] of winners) setClock(prepare, c.t, c.id, col, hlc);
  return { t: c.t, op: 'u', id: c.id, v: Object.fromEntries(winners) };
}

export function mergeChange(prepare: Prepare, c: RowChange, hlc: string): RowChange | undefined {
  const values = checkedValues(prepare, c);
  const clocked = needsClock(c.t, c.id);
  if (clocked && prepare('SELECT 1 AS x FROM sync_clock WHERE t = ? AND id = ? AND col = ?').get(c.t, c.id, '~')) return undefined;
  if (c.op === 'd') {
    // The statement that can fail comes first (here and below), so a refused change has written nothing.
    const present = exists(prepare, c.t, c.id);
    if (present) prepare(`DELETE FROM ${q(c.t)} WHERE "id" = ?`).run(c.id);
    if (clocked) setClock(prepare, c.t, c.id, '~', hlc);
    return present ? { t: c.t, op: 'd', id: c.id } : undefined;
  }
  const present = exists(prepare, c.t, c.id);
  if (c.op === 'u') {
    if (!present) throw new ParkedChange(`${c.t} ${c.id} is not here to update`);
    return mergeFields(prepare, c, values, hlc);
  }
  if (present) {
    // The same id inserted on two stations (a setting key, a seeded row): merge field by field.
    if (APPEND_ONLY_TABLES.has(c.t) || !clocked) return undefined;
    return mergeFields(prepare, c, values, hlc);
  }
  prepare(`INSERT INTO ${q(c.t)} (${values.map(([col]) => q(col)).join(', ')}) VALUES (${values.map(() => '?').join(', ')})`).run(...values.map(([, v]) => v));
  if (clocked) setClock(prepare, c.t, c.id, '*', hlc);
  return { t: c.t, op: 'i', id: c.id, v: Object.fromEntries(values) };
}
