import { conflict } from '../../shared/errors.ts';
import type { ReadDb } from './context.ts';

/**
 * Invoice lines point at order lines, so an invoiced order keeps its lines: it cannot be merged
 * or split (`whileCredited: false`), and it can be cancelled only once credit notes have taken
 * back every invoiced unit (`whileCredited: true`). Corrections after invoicing are credit notes.
 */
export async function refuseIfInvoiced(db: ReadDb, orderId: string, field: string, options: { whileCredited: boolean }): Promise<void> {
  const rows = await db
    .selectFrom('invoice_line as l')
    .innerJoin('invoice as i', 'i.id', 'l.invoice_id')
    .select((eb) => ['i.kind', eb.fn.sum<number>('l.quantity').as('qty'), eb.fn.min('i.number').as('first')])
    .where('i.order_id', '=', orderId)
    .groupBy('i.kind')
    .execute();
  const invoiced = rows.find((r) => r.kind === 'invoice');
  if (!invoiced) return;
  const credited = Number(rows.find((r) => r.kind === 'credit_note')?.qty ?? 0);
  if (!options.whileCredited || Number(invoiced.qty) > credited) {
    throw conflict(
      `The order is invoiced (${invoiced.first}); correct it with a credit note${options.whileCredited ? ' first' : ''}`,
      { orderId, invoicedUnits: Number(invoiced.qty), creditedUnits: credited },
      field,
    );
  }
}
