import { notFound } from '../../shared/errors.ts';
import type { Handlers, ReadContext } from './context.ts';

type JournalChange = { t: string; op: 'i' | 'u' | 'd'; id: string; v?: Record<string, unknown> };

/**
 * The lowest journal seq whose time is at or after `at`. Seqs have no gaps and times follow
 * them (one writer appends in order), so a binary search over the primary key finds it in
 * ~log2(n) reads instead of scanning the journal.
 */
async function firstSeqAtOrAfter(ctx: ReadContext, at: string): Promise<number> {
  const bounds = await ctx.db
    .selectFrom('journal')
    .select((eb) => [eb.fn.min('seq').as('lo'), eb.fn.max('seq').as('hi')])
    .executeTakeFirst();
  let lo = Number(bounds?.lo ?? 1);
  let hi = Number(bounds?.hi ?? 0) + 1;
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    const row = await ctx.db.selectFrom('journal').select('at').where('seq', '=', mid).executeTakeFirst();
    if (row === undefined || row.at >= at) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

export const orderTimelineHandlers = {
  'orders.timeline': async (ctx, input) => {
    const order = await ctx.db.selectFrom('sales_order').select(['id', 'created_at']).where('id', '=', input.id).executeTakeFirst();
    if (!order) throw notFound('Order', 'id', input.id);
    const lineIds = new Set(
      (await ctx.db.selectFrom('sales_order_line').select('id').where('order_id', '=', order.id).execute()).map((r) => r.id),
    );
    const from = await firstSeqAtOrAfter(ctx, order.created_at);
    // instr() on the raw JSON narrows the scan to entries naming the order; rows are then
    // picked exactly: the order itself, its lines, and anything carrying order_id.
    const rows = await ctx.db
      .selectFrom('journal')
      .select(['seq', 'at', 'actor', 'station_id', 'operation', 'changes'])
      .where('seq', '>=', from)
      .where((eb) => eb(eb.fn('instr', ['changes', eb.val(order.id)]), '>', 0))
      .orderBy('seq')
      .limit(input.limit + 1)
      .execute();
    const items = rows.slice(0, input.limit).map((r) => {
      const changes = JSON.parse(r.changes) as JournalChange[];
      const mine = changes.filter((c) => c.id === order.id || lineIds.has(c.id) || c.v?.order_id === order.id);
      return {
        seq: r.seq,
        at: r.at,
        actor: r.actor,
        stationId: r.station_id,
        operation: r.operation,
        rows: mine.map((c) => ({ table: c.t, op: c.op, columns: c.op === 'u' ? Object.keys(c.v ?? {}) : [] })),
      };
    });
    return { items, truncated: rows.length > input.limit };
  },
} satisfies Pick<Handlers, 'orders.timeline'>;
