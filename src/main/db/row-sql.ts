import { valuesList } from './multi-row.ts';

// Statement text for writing rows by table and column names: an operation's writes (write-tx.ts)
// and a pulled change merged at a station (sync/merge-row.ts). Built once per table and column
// list: quoting and joining two dozen column names again for every row of an import or a first
// pull cost more than binding its values, and the same string each time spares the statement
// cache hashing a new one. Names must be our own (typed, or checked against the schema).

export const quoteName = (identifier: string): string => `"${identifier.replaceAll('"', '""')}"`;

/** Columns by name, or as [name, value] pairs; only the names shape the text. */
type Columns = readonly string[] | readonly (readonly [string, unknown])[];

const nameOf = (col: string | readonly [string, unknown]): string => (typeof col === 'string' ? col : col[0]);

/**
 * Texts by table (and row count, tail) and then column by column: looking each name up in a small
 * map costs less than joining two dozen names into a key for every row.
 */
type TextNode = { text?: string; next?: Map<string, TextNode> };
const insertTexts = new Map<string, TextNode>();
const updateTexts = new Map<string, TextNode>();

function nodeFor(roots: Map<string, TextNode>, root: string, cols: Columns): TextNode {
  let node = roots.get(root);
  if (node === undefined) {
    node = {};
    roots.set(root, node);
  }
  for (const col of cols) {
    const name = nameOf(col);
    node.next ??= new Map();
    let child: TextNode | undefined = node.next.get(name);
    if (child === undefined) {
      child = {};
      node.next.set(name, child);
    }
    node = child;
  }
  return node;
}

/** `INSERT INTO "t" ("a", "b") VALUES (?, ?), (?, ?)<tail>` for these columns and `rows` rows. */
export function insertText(table: string, cols: Columns, rows: number, tail = ''): string {
  const node = nodeFor(insertTexts, `${rows}\u0000${table}\u0000${tail}`, cols);
  node.text ??= `INSERT INTO ${quoteName(table)} (${cols.map((c) => quoteName(nameOf(c))).join(', ')}) VALUES ${valuesList(cols.length, rows)}${tail}`;
  return node.text;
}

/** `UPDATE "t" SET "a" = ?, "b" = ? WHERE "id" = ?` for these columns. */
export function updateText(table: string, cols: Columns): string {
  const node = nodeFor(updateTexts, table, cols);
  node.text ??= `UPDATE ${quoteName(table)} SET ${cols.map((c) => `${quoteName(nameOf(c))} = ?`).join(', ')} WHERE "id" = ?`;
  return node.text;
}

/** `DELETE FROM "t" WHERE "id" = ?`. */
export const deleteText = (table: string): string => `DELETE FROM ${quoteName(table)} WHERE "id" = ?`;
