import type { Insertable, Kysely, Updateable } from 'kysely';
import type { RowChange } from './journal.ts';
import type { JournaledTable, JournaledTables, LedgerSchema } from './schema.ts';

/**
 * The only way services write ledger rows. Each write is executed and remembered, so the
 * dispatcher can append one journal entry describing every row the operation changed.
 */
export class WriteTx {
  readonly changes: RowChange[] = [];

  constructor(readonly db: Kysely<LedgerSchema>) {}

  /** Kysely cannot narrow a generic table name; the public signatures keep callers typed. */
  private loose(): Kysely<Record<string, Record<string, unknown>>> {
    return this.db as unknown as Kysely<Record<string, Record<string, unknown>>>;
  }

  async insert<T extends JournaledTable>(table: T, row: Insertable<JournaledTables[T]> & { id: string }): Promise<void> {
    await this.loose().insertInto(table as string).values(row).execute();
    this.changes.push({ t: table, op: 'i', id: row.id, v: row });
  }

  async update<T extends JournaledTable>(table: T, id: string, patch: Updateable<JournaledTables[T]>): Promise<void> {
    const values = patch as Record<string, unknown>;
    if (Object.keys(values).length === 0) return;
    const result = await this.loose()
      .updateTable(table as string)
      .set(values)
      .where('id', '=', id)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) throw new Error(`update of ${table} ${id} matched ${result.numUpdatedRows} rows`);
    this.changes.push({ t: table, op: 'u', id, v: values });
  }

  async delete(table: JournaledTable, id: string): Promise<void> {
    const result = await this.loose()
      .deleteFrom(table as string)
      .where('id', '=', id)
      .executeTakeFirst();
    if (Number(result.numDeletedRows) !== 1) throw new Error(`delete of ${table} ${id} matched ${result.numDeletedRows} rows`);
    this.changes.push({ t: table, op: 'd', id });
  }
}
