import { valuesList } from './multi-row.ts';

// Statement text for writing rows by table and column names: an operation's writes (write-tx.ts)
// and a pulled change merged at a station (sync/merge-row.ts). Built once per table and column
// list: quoting and joining two dozen column names again for every row of an import or a first
// pull cost more than binding its values, and the same string each time spares the statement
// cache hashing a new one. Names must be our own (typed, or checked against the schema).

export const quoteName = (identifier: string): string => `"${identifier.replaceAll('"', '""')}"`;

/** Columns as [name, value] pairs; only the names shape the text. */
type Columns = readonly (readonly [string, unknown])[];

const insertTexts = new Map<string, string>();
const updateTexts = new Map<string, string>();

/** `INSERT INTO "t" ("a", "b") VALUES (?, ?), (?, ?)<tail>` for these columns and `rows` rows. */
export function insertText(table: string, cols: Columns, rows: number, tail = ''): string {
  let key = `${rows}\u0000${table}\u0000${tail}`;
  for (const [c] of cols) key += `\u0000${c}`;
  let text = insertTexts.get(key);
  if (text === undefined) {
    text = `INSERT INTO ${quoteName(table)} (${cols.map(([c]) => quoteName(c)).join(', ')}) VALUES ${valuesList(cols.length, rows)}${tail}`;
    insertTexts.set(key, text);
  }
  return text;
}

/** `UPDATE "t" SET "a" = ?, "b" = ? WHERE "id" = ?` for these columns. */
export function updateText(table: string, cols: Columns): string {
  let key = table;
  for (const [c] of cols) key += `\u0000${c}`;
  let text = updateTexts.get(key);
  if (text === undefined) {
    text = `UPDATE ${quoteName(table)} SET ${cols.map(([c]) => `${quoteName(c)} = ?`).join(', ')} WHERE "id" = ?`;
    updateTexts.set(key, text);
  }
  return text;
}

/** `DELETE FROM "t" WHERE "id" = ?`. */
export const deleteText = (table: string): string => `DELETE FROM ${quoteName(table)} WHERE "id" = ?`;
