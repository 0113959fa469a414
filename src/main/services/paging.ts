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
export function ftsPhrase(text: string): string {
  return `"${text.replaceAll('"', '""')}"`;
}

/** Trigrams need three characters; shorter terms are matched by scanning columns instead. */
export const canUseTrigrams = (term: string): boolean => [...term].length >= 3;

/** Rows of `table` whose trigram index matches `phrase` (a value from ftsPhrase). */
export function ftsMatch(table: string, ftsTable: string, phrase: unknown): RawBuilder<boolean> {
  return sql<boolean>`${sql.ref(`${table}.rowid`)} IN (SELECT rowid FROM ${sql.table(ftsTable)} WHERE ${sql.table(ftsTable)} MATCH ${phrase})`;
}

/** Rows where any of the columns contains `needle` (a lower-cased value), case-insensitively. */
export function columnsContain(table: string, columns: readonly string[], needle: unknown): RawBuilder<boolean> {
  return sql<boolean>`(${sql.join(
    columns.map((c) => sql`instr(lower(${sql.ref(`${table}.${c}`)}), ${needle}) > 0`),
    sql` OR `,
  )})`;
}

/** Substring search over a table's trigram index, or its columns for a term too short for it. */
export function textSearch(table: string, ftsTable: string, columns: readonly string[], term: string): RawBuilder<boolean> {
  return canUseTrigrams(term) ? ftsMatch(table, ftsTable, ftsPhrase(term)) : columnsContain(table, columns, term.toLowerCase());
}

/** Where a newest-first list keyed by UUIDv7 id resumes: after the id of the last row given out. */
export function idCursorAfter(cursor: string | undefined): string | undefined {
  return cursor ? String(decodeCursor(cursor, 1)[0]) : undefined;
}

/** Of `limit + 1` rows fetched, the page to give out and the cursor of the next one, if any. */
export function idPage<R extends { readonly id: string }>(rows: readonly R[], limit: number): { page: R[]; nextCursor: string | null } {
  const page = rows.slice(0, limit);
  return { page, nextCursor: rows.length > limit ? encodeCursor([page[page.length - 1]!.id]) : null };
}
