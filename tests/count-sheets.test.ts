// The list of count sheets (counts.list) and the product names on a sheet (counts.get), on a
// real ledger file: newest first, keyset pages that add up to the whole list, filters by
// warehouse and status, line tallies, and bad input refused naming the field.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OpInput, OpResult } from '../src/shared/contract/index.ts';
import { openTestLedger, smallShop, type TestLedger } from './helpers.ts';

type Shop = Awaited<ReturnType<typeof smallShop>>;
type Summary = OpResult<'counts.list'>['items'][number];

let t: TestLedger;
let s: Shop;
const UNKNOWN = '0190f4a0-0000-7000-8000-0000000000ff';

beforeEach(async () => {
  t = await openTestLedger();
  s = await smallShop(t);
  await t.call('stock.receive', { warehouseId: s.main.id, lines: [{ productId: s.tea.id, quantity: 20 }, { productId: s.cup.id, quantity: 30 }, { productId: s.pot.id, quantity: 5 }] });
  await t.call('stock.receive', { warehouseId: s.back.id, lines: [{ productId: s.cup.id, quantity: 7 }] });
  await t.call('locations.set', { productId: s.tea.id, warehouseId: s.main.id, bin: 'A-1' });
  await t.call('locations.set', { productId: s.cup.id, warehouseId: s.main.id, bin: 'B-1' });
});

afterEach(async () => {
  const report = await t.call('system.verify', {});
  await t.close();
  expect(report.problems).toEqual([]);
});

/** Every page of a listing, by cursor, with the size of each page. */
async function walk(input: Omit<OpInput<'counts.list'>, 'cursor'>): Promise<{ items: Summary[]; sizes: number[] }> {
  const items: Summary[] = [];
  const sizes: number[] = [];
  let cursor: string | undefined;
  for (;;) {
    const page = await t.call('counts.list', { ...input, ...(cursor ? { cursor } : {}) });
    items.push(...page.items);
    sizes.push(page.items.length);
    if (page.nextCursor === null) return { items, sizes };
    cursor = page.nextCursor;
  }
}

describe('counts.list', () => {
  it('lists sheets newest first in keyset pages, by warehouse and status, with how far counting got', async () => {
    const made = [];
    for (let i = 0; i < 4; i++) made.push(await t.call('counts.create', { warehouseId: s.main.id }));
    made.push(await t.call('counts.create', { warehouseId: s.back.id }));
    made.push(await t.call('counts.create', { warehouseId: s.main.id, binFrom: 'A-1', binTo: 'A-9' }));
    await t.call('counts.record', { id: made[1]!.id, lines: [{ productId: s.tea.id, countedQty: 19 }, { productId: s.cup.id, countedQty: 30 }] });
    await t.call('counts.post', { id: made[1]!.id, reason: 'spot check' });
    await t.call('counts.record', { id: made[4]!.id, scans: ['CUP-002'] });
    await t.call('counts.post', { id: made[4]!.id, reason: 'back room' });
    await t.call('counts.record', { id: made[3]!.id, scans: ['4006381333931'] });
    const newestFirst = [...made].reverse().map((c) => c.number);

    const all = await t.call('counts.list', {});
    expect(all.items.map((c) => c.number)).toEqual(newestFirst);
    expect(all.nextCursor).toBeNull();
    expect(all.items[0]).toEqual({
      id: made[5]!.id,
      number: made[5]!.number,
      warehouseId: s.main.id,
      warehouseCode: 'MAIN',
      warehouseName: 'Main store',
      status: 'open',
      binFrom: 'A-1',
      binTo: 'A-9',
      reason: null,
      createdAt: made[5]!.createdAt,
      postedAt: null,
      lines: 1,
      counted: 0,
    });
    const byNumber = new Map(all.items.map((c) => [c.number, c]));
    expect(byNumber.get(made[1]!.number)).toMatchObject({ status: 'posted', reason: 'spot check', lines: 3, counted: 2 });
    expect(byNumber.get(made[1]!.number)!.postedAt).not.toBeNull();
    expect(byNumber.get(made[3]!.number)).toMatchObject({ status: 'open', lines: 3, counted: 1 });
    expect(byNumber.get(made[4]!.number)).toMatchObject({ status: 'posted', warehouseCode: 'BACK', warehouseName: 'Back room', lines: 1, counted: 1 });

    // Pages of two walk the same list without gaps or repeats.
    const paged = await walk({ limit: 2 });
    expect(paged.sizes).toEqual([2, 2, 2]);
    expect(paged.items).toEqual(all.items);
    const pagedOf5 = await walk({ limit: 5 });
    expect(pagedOf5.sizes).toEqual([5, 1]);
    expect(pagedOf5.items).toEqual(all.items);

    // Filters, alone and together, and paging under a filter.
    expect((await t.call('counts.list', { warehouseId: s.back.id })).items.map((c) => c.number)).toEqual([made[4]!.number]);
    expect((await t.call('counts.list', { status: 'posted' })).items.map((c) => c.number)).toEqual([made[4]!.number, made[1]!.number]);
    expect((await t.call('counts.list', { warehouseId: s.main.id, status: 'posted' })).items.map((c) => c.number)).toEqual([made[1]!.number]);
    const openMain = await walk({ warehouseId: s.main.id, status: 'open', limit: 1 });
    expect(openMain.items.map((c) => c.number)).toEqual([made[5], made[3], made[2], made[0]].map((c) => c!.number));
    expect(openMain.sizes).toEqual([1, 1, 1, 1]);
    expect((await t.call('counts.list', { warehouseId: s.back.id, status: 'open' })).items).toEqual([]);
  });

  it('an empty ledger lists no sheets', async () => {
    expect(await t.call('counts.list', { limit: 10 })).toEqual({ items: [], nextCursor: null });
  });

  it('bad input is a typed error naming the field, and writes nothing', async () => {
    await t.call('counts.create', { warehouseId: s.main.id });
    const cases: [OpInput<'counts.list'>, string, string][] = [
      [{ warehouseId: UNKNOWN }, 'not_found', 'warehouseId'],
      [{ warehouseId: 'MAIN' }, 'invalid', 'warehouseId'],
      [{ status: 'closed' as 'open' }, 'invalid', 'status'],
      [{ limit: 0 }, 'invalid', 'limit'],
      [{ limit: 501 }, 'invalid', 'limit'],
      [{ cursor: 'not-a-cursor' }, 'invalid', 'cursor'],
      [{ cursor: Buffer.from(JSON.stringify([1, 2])).toString('base64url') }, 'invalid', 'cursor'],
    ];
    for (const [input, code, field] of cases) {
      const e = await t.reject('counts.list', input);
      expect({ code: e.code, field: e.field }, JSON.stringify(input)).toEqual({ code, field });
    }
  });
});

describe('counts.get', () => {
  it('names every product on the sheet, with its SKU, other name and bin', async () => {
    const sheet = await t.call('counts.create', { warehouseId: s.main.id });
    expect(sheet.lines.map((l) => [l.bin, l.sku, l.name, l.altName])).toEqual([
      ['A-1', 'TEA-001', 'Green tea 250 g', '绿茶 250克'],
      ['B-1', 'CUP-002', 'Porcelain cup', '瓷杯'],
      [null, 'POT-003', 'Clay teapot', '紫砂壶'],
    ]);
    expect(await t.call('counts.get', { id: sheet.id })).toEqual(sheet);
    // A product renamed later shows its name now: people count the goods on the shelf.
    await t.call('products.update', { id: s.cup.id, name: 'Porcelain cup, white' });
    const again = await t.call('counts.get', { id: sheet.id });
    expect(again.lines.find((l) => l.sku === 'CUP-002')?.name).toBe('Porcelain cup, white');
    const e = await t.reject('counts.get', { id: UNKNOWN });
    expect({ code: e.code, field: e.field }).toEqual({ code: 'not_found', field: 'id' });
  });
});
