import type { WriteContext } from './context.ts';
import { readSettings } from './settings.ts';
import { assertMayNumber } from './restored-station.ts';

// Number series of purchasing documents, PREFIX-STATION-000123 like shipments and transfers.
// The series row is made on first use, in the transaction taking the first number, so it is
// journaled like any other change and a rollback takes both back.

export const PURCHASING_SERIES = {
  order: { id: 'purchase_order', prefix: 'PO' },
  receipt: { id: 'purchase_receipt', prefix: 'GR' },
  return: { id: 'supplier_return', prefix: 'SR' },
  bill: { id: 'supplier_bill', prefix: 'BILL' },
  payment: { id: 'supplier_payment', prefix: 'SP' },
} as const;

const PADDING = 6;

export async function takePurchasingNumber(ctx: WriteContext, series: (typeof PURCHASING_SERIES)[keyof typeof PURCHASING_SERIES]): Promise<string> {
  await assertMayNumber(ctx.db, series.id);
  const { stationCode } = await readSettings(ctx.db);
  const row = await ctx.db.selectFrom('number_series').selectAll().where('id', '=', series.id).executeTakeFirst();
  if (row) {
    await ctx.tx.update('number_series', series.id, { next_value: row.next_value + 1 });
    return `${row.prefix}-${stationCode}-${String(row.next_value).padStart(row.padding, '0')}`;
  }
  await ctx.tx.insert('number_series', { id: series.id, prefix: series.prefix, next_value: 2, padding: PADDING });
  return `${series.prefix}-${stationCode}-${String(1).padStart(PADDING, '0')}`;
}
