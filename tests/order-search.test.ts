// Search as you type in the order list: every prefix of an order number, and names common
// enough that the list walks the newest orders instead of sorting every match, must give the
// same orders, pages and cursors as the plain way.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runRead } from '../src/main/db/transaction.ts';
import { listOrders } from '../src/main/services/order-list.ts';
import { CONTRACT, type OpInput, type OpResult } from '../src/shared/contract/index.ts';
import { openTestLedger, smallShop, type TestLedger } from './helpers.ts';

type Summary = OpResult<'orders.list'>['items'][number];

let t: TestLedger;
let orders: Summary[];

const NAMES = ['王辉鹏', '王辉', 'Mary Jones', 'Maria Lopez', 'Mary-Jane Smith', 'Omar Ma'];

beforeAll(async () => {
  t = await openTestLedger();
  const s = await smallShop(t);
  const customers = [];
  for (const name of NAMES) customers.push(await t.call('customers.create', { name }));
  // Dates run against numbers in places, so number order and date order differ.
  for (let i = 0; i < 36; i++) {
    const day = String(1 + ((i * 7) % 28)).padStart(2, '0');
    await t.call('orders.create', {
      customerId: customers[i % customers.length]!.id,
      warehouseId: s.main.id,
      orderDate: `2024-05-${day}T0${i % 10}:00:00.000Z`,
      // Totals repeat (four sizes), so a sort by total must break ties by id.
      lines: [{ productId: s.tea.id, quantity: 1 + (i % 4) }],
    });
  }
  orders = (await t.call('orders.list', { limit: 500 })).items;
  expect(orders).toHaveLength(36);
});

afterAll(() => t.close());

/** Every page of a list call, through the dispatcher (or straight through listOrders with a `wide`). */
async function walk(input: OpInput<'orders.list'>, wide?: number): Promise<{ ids: string[]; pages: number }> {
  const ids: string[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const call = { ...input, cursor };
    const page =
      wide === undefined
        ? await t.call('orders.list', call)
        : await runRead(t.app.ledger, (db) => listOrders(db, CONTRACT['orders.list'].input.parse(call), wide));
    ids.push(...page.items.map((o) => o.id));
    cursor = page.nextCursor ?? undefined;
    expect(++pages).toBeLessThan(100);
  } while (cursor);
  return { ids, pages };
}

const byDate = (a: Summary, b: Summary) => `${a.orderDate} ${a.id}`.localeCompare(`${b.orderDate} ${b.id}`);

describe('search by the beginning of an order number', () => {
  it('finds every order under each prefix, highest number first, page by page', async () => {
    const full = orders.find((o) => o.number.endsWith('17'))!.number; // SO-A-000017
    for (let n = 3; n <= full.length; n++) {
      const prefix = full.slice(0, n);
      if (!/^[A-Z]+-/.test(prefix)) continue;
      const expected = orders.filter((o) => o.number.startsWith(prefix)).map((o) => o.number);
      expect(expected.length).toBeGreaterThan(0);
      for (const sort of ['newest', 'oldest'] as const) {
        const { ids } = await walk({ search: prefix.toLowerCase(), sort, limit: 4 });
        const numbers = ids.map((id) => orders.find((o) => o.id === id)!.number);
        const sorted = [...expected].sort();
        expect(numbers, `${prefix} ${sort}`).toEqual(sort === 'newest' ? sorted.reverse() : sorted);
      }
    }
  });

  it('a number that matches nothing is not searched as text; a hyphenated name without digits is', async () => {
    expect((await t.call('orders.list', { search: 'SO-Z-000001' })).items).toEqual([]);
    const maryJane = orders.filter((o) => o.customerName === 'Mary-Jane Smith');
    expect(maryJane.length).toBeGreaterThan(0);
    const found = await walk({ search: 'Mary-Jane', limit: 2 });
    expect(found.ids.sort()).toEqual(maryJane.map((o) => o.id).sort());
  });
});

describe('names that match many orders', () => {
  // Term → which orders it must find: the customer's name contains it (case-insensitively).
  const cases = ['王辉', '王辉鹏', 'Ma', 'Mar', 'Mary', 'ma', 'Lopez'];

  it.each(cases)('"%s": the date walk and the sorted matches give the same pages as the expected list', async (term) => {
    const expected = orders
      .filter((o) => o.customerName.toLowerCase().includes(term.toLowerCase()))
      .sort(byDate)
      .reverse()
      .map((o) => o.id);
    expect(expected.length).toBeGreaterThan(0);
    for (const input of [{ search: term, limit: 3 }, { search: term, limit: 50 }, { search: term, limit: 2, status: ['draft' as const] }]) {
      const walked = await walk(input, 0);
      const sorted = await walk(input, Number.POSITIVE_INFINITY);
      const viaDispatcher = await walk(input);
      expect(walked.ids).toEqual(expected);
      expect(sorted).toEqual(walked);
      expect(viaDispatcher).toEqual(walked);
    }
  });

  it('oldest first too', async () => {
    const expected = orders.filter((o) => o.customerName.toLowerCase().includes('ma')).sort(byDate).map((o) => o.id);
    for (const wide of [0, Number.POSITIVE_INFINITY]) expect((await walk({ search: 'Ma', sort: 'oldest', limit: 4 }, wide)).ids).toEqual(expected);
  });
});

describe('sorted by total or by customer', () => {
  const keyed = {
    total_desc: (o: Summary) => [o.grossTotal, o.id] as const,
    total_asc: (o: Summary) => [o.grossTotal, o.id] as const,
    customer_asc: (o: Summary) => [o.customerName, o.id] as const,
    customer_desc: (o: Summary) => [o.customerName, o.id] as const,
  };
  const compare = (a: readonly [string | number, string], b: readonly [string | number, string]) =>
    a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0;
  const expectedFor = (sort: keyof typeof keyed, keep: (o: Summary) => boolean) => {
    const ids = orders.filter(keep).sort((a, b) => compare(keyed[sort](a), keyed[sort](b)));
    return (sort.endsWith('desc') ? ids.reverse() : ids).map((o) => o.id);
  };

  it.each(Object.keys(keyed) as (keyof typeof keyed)[])('%s: every order once, in order, walking the key or sorting the matches', async (sort) => {
    const draft = (o: Summary) => o.status === 'draft';
    const ma = (o: Summary) => o.customerName.toLowerCase().includes('ma');
    const cases: [OpInput<'orders.list'>, (o: Summary) => boolean][] = [
      [{ sort, limit: 5 }, () => true],
      [{ sort, limit: 4, status: ['draft'] }, draft],
      [{ sort, limit: 3, search: 'Ma' }, ma],
      [{ sort, limit: 3, search: '王辉' }, (o) => o.customerName.includes('王辉')],
      [{ sort, limit: 4, search: 'TEA-001' }, () => true],
    ];
    for (const [input, keep] of cases) {
      const expected = expectedFor(sort, keep);
      expect(expected.length, JSON.stringify(input)).toBeGreaterThan(0);
      const walked = await walk(input, 0);
      const sorted = await walk(input, Number.POSITIVE_INFINITY);
      expect(walked.ids, JSON.stringify(input)).toEqual(expected);
      expect(sorted.ids, JSON.stringify(input)).toEqual(expected);
      expect((await walk(input)).ids).toEqual(expected);
    }
  });

  it('refuses a cursor given out by a list in another order', async () => {
    const page = await t.call('orders.list', { sort: 'total_desc', limit: 2 });
    const refused = await t.reject('orders.list', { sort: 'newest', limit: 2, cursor: page.nextCursor! });
    expect(refused).toMatchObject({ code: 'invalid', field: 'cursor' });
  });
});
