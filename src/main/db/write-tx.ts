import type { Insertable, Kysely, Updateable } from 'kysely';
import type { RowChange } from './journal.ts';
import type { JournaledTable, JournaledTables, LedgerSchema } from './schema.ts';

/** Runs one parameterised statement on the operation's own connection (prepared once, cached). */
export type RunStatement = (sql: string, params: readonly unknown[]) => { changes: number };

const quote = (identifier: string): string => `"${identifier.replaceAll('"', '""')}"`;

/** Columns with a value; an undefined field means "not given", as in Kysely. */
function given(values: Readonly<Record<string, unknown>>): [string, unknown][] {
  return Object.entries(values).filter(([, v]) => v !== undefined);
}

/**
 * The only way services write ledger rows. Each write is executed and remembered, so the
 * dispatcher can append one journal entry describing every row the operation changed.
 *
 * Writes are the hot path of every operation, and their SQL depends only on the table and the
 * column names (from our own typed row objects, never from input), so they skip Kysely's query
 * building and run as cached prepared statements with bound values. Reads stay in Kysely.
 */
export class WriteTx {
  readonly changes: RowChange[] = [];
  /**
   * The journal's actor when it is not the caller: first-run setup is made by nobody yet, and
   * its entry names the owner it creates.
   */
  actor: string | undefined;

  constructor(
    readonly db: Kysely<LedgerSchema>,
    private readonly run: RunStatement,
  ) {}

  async insert<T extends JournaledTable>(table: T, row: Insertable<JournaledTables[T]> & { id: string }): Promise<void> {
    const cols = given(row as Record<string, unknown>);
    this.run(
      `INSERT INTO ${quote(table)} (${cols.map(([c]) => quote(c)).join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`,
      cols.map(([, v]) => v),
    );
    this.changes.push({ t: table, op: 'i', id: row.id, v: Object.fromEntries(cols) });
  }

  async update<T extends JournaledTable>(table: T, id: string, patch: Updateable<JournaledTables[T]>): Promise<void> {
    const cols = given(patch as Record<string, unknown>);
    if (cols.length === 0) return;
    const { changes } = this.run(
      `UPDATE ${quote(table)} SET ${cols.map(([c]) => `${quote(c)} = ?`).join(', ')} WHERE "id" = ?`,
      [...cols.map(([, v]) => v), id],
    );
    if (changes !== 1) throw new Error(`update of ${table} ${id} matched ${changes} rows`);
    this.changes.push({ t: table, op: 'u', id, v: Object.fromEntries(cols) });
  }

  async delete(table: JournaledTable, id: string): Promise<void> {
    const { changes } = this.run(`DELETE FROM ${quote(table)} WHERE "id" = ?`, [id]);
    if (changes !== 1) throw new Error(`delete of ${table} ${id} matched ${changes} rows`);
    this.changes.push({ t: table, op: 'd', id });
  }
}
