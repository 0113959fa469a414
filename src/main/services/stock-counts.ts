import type { z } from 'zod';
import type { stockCount } from '../../shared/contract/fulfilment.ts';
import type { stockCountSummary } from '../../shared/contract/fulfilment-reads.ts';
import { conflict, invalid, notFound } from '../../shared/errors.ts';
import { newId } from '../../shared/ids.ts';
import { compareBins } from '../../shared/pick-list.ts';
import { getWarehouseRow } from './catalog.ts';
import type { Handlers, ReadDb, WriteContext } from './context.ts';
import { FULFILMENT_SERIES } from './fulfilment-seed.ts';
import { productByCode } from './fulfilment.ts';
import { postMovement, readLevel } from './inventory.ts';
import { idCursorAfter, idPage } from './paging.ts';
import { takeNumber } from './settings.ts';

// Count sheets: opened for a warehouse or a bin range, counted by scan or by typing, posted as
// adjustments in one step (docs/ARCHITECTURE.md, Fulfilment). Apart from warehouse.ts so each
// file keeps to one job.

type CountDto = z.infer<typeof stockCount>;
type CountSummaryDto = z.infer<typeof stockCountSummary>;

async function loadCount(db: ReadDb, id: string): Promise<CountDto> {
  const c = await db.selectFrom('stock_count').selectAll().where('id', '=', id).executeTakeFirst();
  if (!c) throw notFound('Count sheet', 'id', id);
  const lines = await db
    .selectFrom('stock_count_line as l')
    .innerJoin('product as p', 'p.id', 'l.product_id')
    .select(['l.product_id', 'p.sku', 'p.name', 'p.alt_name', 'l.bin', 'l.expected_qty', 'l.counted_qty'])
    .where('l.count_id', '=', id)
    .execute();
  lines.sort((a, b) => compareBins(a.bin, b.bin) || (a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : 0));
  return {
    id: c.id,
    number: c.number,
    warehouseId: c.warehouse_id,
    status: c.status,
    binFrom: c.bin_from,
    binTo: c.bin_to,
    reason: c.reason,
    createdAt: c.created_at,
    postedAt: c.posted_at,
    lines: lines.map((l) => ({
      productId: l.product_id,
      sku: l.sku,
      name: l.name,
      altName: l.alt_name,
      bin: l.bin,
      expectedQty: l.expected_qty,
      countedQty: l.counted_qty,
      difference: l.counted_qty === null ? null : l.counted_qty - l.expected_qty,
    })),
  };
}

async function openCountRow(ctx: WriteContext, id: string) {
  const c = await ctx.db.selectFrom('stock_count').selectAll().where('id', '=', id).executeTakeFirst();
  if (!c) throw notFound('Count sheet', 'id', id);
  if (c.status !== 'open') throw conflict(`Count sheet ${c.number} is already posted`, { status: c.status }, 'status');
  return c;
}

/**
 * A page of count sheets, newest first (ids are UUIDv7, so id order is creation order), each
 * with its line and counted-line numbers from one grouped read of the page's lines.
 */
async function listCounts(db: ReadDb, input: { warehouseId?: string | undefined; status?: 'open' | 'posted' | undefined; limit: number; cursor?: string | undefined }): Promise<{ items: CountSummaryDto[]; nextCursor: string | null }> {
  if (input.warehouseId) await getWarehouseRow(db, input.warehouseId);
  const after = idCursorAfter(input.cursor);
  let q = db
    .selectFrom('stock_count as c')
    .innerJoin('warehouse as w', 'w.id', 'c.warehouse_id')
    .select(['c.id', 'c.number', 'c.warehouse_id', 'w.code', 'w.name', 'c.status', 'c.bin_from', 'c.bin_to', 'c.reason', 'c.created_at', 'c.posted_at']);
  if (input.warehouseId) q = q.where('c.warehouse_id', '=', input.warehouseId);
  if (input.status) q = q.where('c.status', '=', input.status);
  if (after) q = q.where('c.id', '<', after);
  const { page, nextCursor } = idPage(await q.orderBy('c.id', 'desc').limit(input.limit + 1).execute(), input.limit);
  if (page.length === 0) return { items: [], nextCursor };
  const tallies = await db
    .selectFrom('stock_count_line')
    .select((eb) => ['count_id', eb.fn.countAll<number>().as('lines'), eb.fn.count<number>('counted_qty').as('counted')])
    .where('count_id', 'in', page.map((r) => r.id))
    .groupBy('count_id')
    .execute();
  const byId = new Map(tallies.map((t) => [t.count_id, t]));
  const items = page.map((r) => ({
    id: r.id,
    number: r.number,
    warehouseId: r.warehouse_id,
    warehouseCode: r.code,
    warehouseName: r.name,
    status: r.status,
    binFrom: r.bin_from,
    binTo: r.bin_to,
    reason: r.reason,
    createdAt: r.created_at,
    postedAt: r.posted_at,
    lines: Number(byId.get(r.id)?.lines ?? 0),
    counted: Number(byId.get(r.id)?.counted ?? 0),
  }));
  return { items, nextCursor };
}

export const stockCountsHandlers = {
  'counts.list': (ctx, input) => listCounts(ctx.db, input),
  'counts.create': async (ctx, input) => {
    await getWarehouseRow(ctx.db, input.warehouseId);
    const ranged = input.binFrom !== undefined || input.binTo !== undefined;
    if (input.binFrom !== undefined && input.binTo !== undefined && compareBins(input.binFrom, input.binTo) > 0) {
      throw invalid('binTo', 'The bin range ends before it starts');
    }
    // Everything stocked or located in the warehouse; a bin range keeps only located products in it.
    const rows = await ctx.db
      .selectFrom('product as p')
      .leftJoin('product_location as loc', (j) => j.onRef('loc.product_id', '=', 'p.id').on('loc.warehouse_id', '=', input.warehouseId))
      .leftJoin('stock_level as l', (j) => j.onRef('l.product_id', '=', 'p.id').on('l.warehouse_id', '=', input.warehouseId))
      .select(['p.id', 'loc.bin', 'l.on_hand'])
      .where((eb) => eb.or([eb('loc.id', 'is not', null), eb('l.id', 'is not', null)]))
      .execute();
    const lines = rows.filter((r) => {
      if (!ranged) return true;
      if (r.bin === null) return false;
      return (input.binFrom === undefined || compareBins(r.bin, input.binFrom) >= 0) && (input.binTo === undefined || compareBins(r.bin, input.binTo) <= 0);
    });
    if (lines.length === 0) throw invalid(ranged ? 'binFrom' : 'warehouseId', 'There is nothing to count there');
    const id = newId();
    await ctx.tx.insert('stock_count', {
      id,
      number: await takeNumber(ctx, FULFILMENT_SERIES.count),
      warehouse_id: input.warehouseId,
      status: 'open',
      bin_from: input.binFrom ?? null,
      bin_to: input.binTo ?? null,
      reason: null,
      created_at: ctx.now,
      posted_at: null,
    });
    for (const r of lines) {
      await ctx.tx.insert('stock_count_line', { id: newId(), count_id: id, product_id: r.id, bin: r.bin ?? null, expected_qty: r.on_hand ?? 0, counted_qty: null });
    }
    return loadCount(ctx.db, id);
  },
  'counts.record': async (ctx, input) => {
    const c = await openCountRow(ctx, input.id);
    if (input.lines.length === 0 && input.scans.length === 0) throw invalid('lines', 'Give counted quantities or scans');
    const rows = await ctx.db.selectFrom('stock_count_line').select(['id', 'product_id', 'counted_qty']).where('count_id', '=', c.id).execute();
    const byProduct = new Map(rows.map((r) => [r.product_id, { id: r.id, counted: r.counted_qty }]));
    const seen = new Set<string>();
    for (const [i, l] of input.lines.entries()) {
      const row = byProduct.get(l.productId);
      if (!row) throw invalid(`lines.${i}.productId`, `This product is not on count sheet ${c.number}`);
      if (seen.has(l.productId)) throw invalid(`lines.${i}.productId`, 'The same product is listed twice');
      seen.add(l.productId);
      row.counted = l.countedQty;
    }
    for (const [i, code] of input.scans.entries()) {
      const p = await productByCode(ctx.db, code, `scans.${i}`);
      const row = byProduct.get(p.id);
      if (!row) throw invalid(`scans.${i}`, `${p.sku} is not on count sheet ${c.number}`);
      row.counted = (row.counted ?? 0) + 1;
    }
    for (const r of rows) {
      const next = byProduct.get(r.product_id)!.counted;
      if (next !== r.counted_qty) await ctx.tx.update('stock_count_line', r.id, { counted_qty: next });
    }
    return loadCount(ctx.db, c.id);
  },
  'counts.post': async (ctx, input) => {
    const c = await openCountRow(ctx, input.id);
    const rows = await ctx.db.selectFrom('stock_count_line').selectAll().where('count_id', '=', c.id).execute();
    const counted = rows.filter((r) => r.counted_qty !== null);
    if (counted.length === 0) throw conflict(`Nothing on count sheet ${c.number} has been counted`, { status: c.status }, 'id');
    for (const r of counted) {
      // The difference is against on hand now, so movements since the sheet was opened are not undone.
      const level = await readLevel(ctx.db, r.product_id, c.warehouse_id);
      const delta = r.counted_qty! - level.onHand;
      if (level.onHand !== r.expected_qty) await ctx.tx.update('stock_count_line', r.id, { expected_qty: level.onHand });
      if (delta !== 0) {
        await postMovement(ctx, { productId: r.product_id, warehouseId: c.warehouse_id, kind: 'adjustment', onHandDelta: delta, reservedDelta: 0, reason: `count ${c.number}: ${input.reason}` }, level);
      }
    }
    await ctx.tx.update('stock_count', c.id, { status: 'posted', reason: input.reason, posted_at: ctx.now });
    return loadCount(ctx.db, c.id);
  },
  'counts.get': (ctx, input) => loadCount(ctx.db, input.id),
} satisfies Pick<Handlers, 'counts.list' | 'counts.create' | 'counts.record' | 'counts.post' | 'counts.get'>;
