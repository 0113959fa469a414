import type { Handlers } from './context.ts';
import { decodeCursor, encodeCursor } from './paging.ts';
import { verifyLedger } from './verify.ts';

export const systemHandlers = {
  'system.verify': (ctx) => verifyLedger(ctx.db),
  'journal.list': async (ctx, input) => {
    const before = input.cursor ? Number(decodeCursor(input.cursor, 1)[0]) : undefined;
    let q = ctx.db.selectFrom('journal').select(['seq', 'id', 'at', 'station_id', 'actor', 'operation', 'changes']);
    if (input.operation) q = q.where('operation', '=', input.operation);
    if (before !== undefined) q = q.where('seq', '<', before);
    const rows = await q.orderBy('seq', 'desc').limit(input.limit + 1).execute();
    const items = rows.slice(0, input.limit).map((r) => ({
      seq: r.seq,
      id: r.id,
      at: r.at,
      stationId: r.station_id,
      actor: r.actor,
      operation: r.operation,
      changedRows: (JSON.parse(r.changes) as unknown[]).length,
    }));
    const last = rows.length > input.limit ? items[items.length - 1] : undefined;
    return { items, nextCursor: last ? encodeCursor([last.seq]) : null };
  },
} satisfies Pick<Handlers, 'system.verify' | 'journal.list'>;
