import { sql, type RawBuilder } from 'kysely';
import { invalid } from '../../shared/errors.ts';

/** Keyset cursors: the sort key of the last row, opaque to callers (base64url JSON). */
export function encodeCursor(values: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

export function decodeCursor(cursor: string, arity: number): (string | number)[] {
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(v) && v.length === arity && v.every((x) => typeof x === 'string' || typeof x === 'number')) return v;
  } catch {
    // fall through to the typed error
  }
  throw invalid('cursor', 'This cursor is not one this list gave out');
}

/** Quotes a search text as one FTS5 phrase, so user input can never be read as query syntax. */
function ftsPhrase(text: string): string {
  return `"${text.replaceAll('"', '""')}"`;
}

/**
 * Substring search over a table's trigram index. Trigrams need three characters; shorter
 * terms (a two-character Chinese name) fall back to scanning the named columns.
 */
export function textSearch(table: string, ftsTable: string, columns: readonly string[], term: string): RawBuilder<boolean> {
  if ([...term].length >= 3) {
    return sql<boolean>`${sql.ref(`${table}.rowid`)} IN (SELECT rowid FROM ${sql.table(ftsTable)} WHERE ${sql.table(ftsTable)} MATCH ${ftsPhrase(term)})`;
  }
  const needle = term.toLowerCase();
  return sql<boolean>`(${sql.join(
    columns.map((c) => sql`instr(lower(${sql.ref(`${table}.${c}`)}), ${needle}) > 0`),
    sql` OR `,
  )})`;
}
