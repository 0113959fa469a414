import type { SeriesKind } from '../../shared/contract/invoicing.ts';
import { preparedQuery } from '../db/prepared.ts';
import type { ReadDb, WriteContext } from './context.ts';
import { readSettings } from './settings.ts';
import { assertMayNumber } from './restored-station.ts';

// Numbering series of issue 6: one counter per kind and calendar year of the document date,
// formatted PREFIX-STATION-YEAR-COUNTER (INV-A-2026-000001). The counter row is read and moved
// in the issuing transaction, so a rollback returns the number: series stay gapless. Rows:
//   doc.<kind>          the configuration (prefix, padding); next_value unused
//   doc.<kind>.<year>   the counter of that year, made on the year's first document

export const DEFAULT_PREFIX: Record<SeriesKind, string> = {
  invoice: 'INV',
  credit_note: 'CN',
  payment: 'PAY',
  refund: 'RF',
  income: 'INC',
  expense: 'EXP',
};
const DEFAULT_PADDING = 6;

const configId = (kind: SeriesKind) => `doc.${kind}`;
const yearId = (kind: SeriesKind, year: string) => `doc.${kind}.${year}`;

export type SeriesConfig = { readonly prefix: string; readonly padding: number };

// Every invoice and payment reads its series twice (configuration, then the year's counter):
// compiled once (db/prepared.ts).
const seriesRow = preparedQuery((db, p: { id: string }) => db.selectFrom('number_series').select(['prefix', 'padding', 'next_value']).where('id', '=', p.id));

export async function seriesConfig(db: ReadDb, kind: SeriesKind): Promise<SeriesConfig> {
  const [row] = await seriesRow(db, { id: configId(kind) });
  return row ? { prefix: row.prefix, padding: row.padding } : { prefix: DEFAULT_PREFIX[kind], padding: DEFAULT_PADDING };
}

export function formatNumber(config: SeriesConfig, station: string, year: string, counter: number): string {
  return `${config.prefix}-${station}-${year}-${String(counter).padStart(config.padding, '0')}`;
}

/** The next number of a series for a document dated `date` (YYYY-MM-DD), without taking it. */
export async function peekNumber(db: ReadDb, kind: SeriesKind, date: string): Promise<string> {
  const year = date.slice(0, 4);
  const config = await seriesConfig(db, kind);
  const counter = await db.selectFrom('number_series').select('next_value').where('id', '=', yearId(kind, year)).executeTakeFirst();
  return formatNumber(config, (await readSettings(db)).stationCode, year, counter?.next_value ?? 1);
}

/** Takes the next number in the caller's transaction (a rollback gives it back). */
export async function takeDocumentNumber(ctx: WriteContext, kind: SeriesKind, date: string): Promise<string> {
  const year = date.slice(0, 4);
  await assertMayNumber(ctx.db, kind);
  const config = await seriesConfig(ctx.db, kind);
  // The transaction's memo: the payment or document being numbered reads the settings too.
  const station = (await ctx.tx.memo.get(['setting'], '', () => readSettings(ctx.db))).stationCode;
  const id = yearId(kind, year);
  const [row] = await seriesRow(ctx.db, { id });
  if (row) {
    await ctx.tx.update('number_series', id, { next_value: row.next_value + 1 });
    return formatNumber(config, station, year, row.next_value);
  }
  await ctx.tx.insert('number_series', { id, prefix: config.prefix, next_value: 2, padding: config.padding });
  return formatNumber(config, station, year, 1);
}

export async function configureSeries(ctx: WriteContext, kind: SeriesKind, config: SeriesConfig): Promise<void> {
  const id = configId(kind);
  const exists = await ctx.db.selectFrom('number_series').select('id').where('id', '=', id).executeTakeFirst();
  if (exists) await ctx.tx.update('number_series', id, { prefix: config.prefix, padding: config.padding });
  else await ctx.tx.insert('number_series', { id, prefix: config.prefix, next_value: 1, padding: config.padding });
}
