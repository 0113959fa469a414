// Several rows in one INSERT statement. Each statement inside a long transaction pays a fixed
// cost (binding, opening its statement journal, starting its trigger programs) that a
// multi-row VALUES list pays once; triggers and constraints still run for every row, in order,
// and a failing row undoes the whole statement. Chunks are capped so the statement cache holds
// at most MAX_ROWS_PER_INSERT shapes per table and column set, and the bound parameters stay far
// below SQLite's limit (32,766).

export const MAX_ROWS_PER_INSERT = 32;
const MAX_PARAMS = 32_766;

// Built once per shape: joining the text again for every order cost more than a line's binding.
const lists = new Map<number, string>();

/** `(?, ?, ?), (?, ?, ?)`: the VALUES list of `rows` rows of `columns` columns. */
export function valuesList(columns: number, rows: number): string {
  const key = columns * (MAX_ROWS_PER_INSERT + 1) + rows;
  let text = lists.get(key);
  if (text === undefined) {
    const one = `(${Array.from({ length: columns }, () => '?').join(', ')})`;
    text = Array.from({ length: rows }, () => one).join(', ');
    if (rows <= MAX_ROWS_PER_INSERT) lists.set(key, text);
  }
  return text;
}

/** Splits rows into runs that fit one statement of `columns` columns each. */
export function rowChunks<T>(rows: readonly T[], columns: number): T[][] {
  const size = Math.max(1, Math.min(MAX_ROWS_PER_INSERT, Math.floor(MAX_PARAMS / Math.max(1, columns))));
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}
