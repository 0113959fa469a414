// The read path answers a synchronous read without promises (readNow), parses read inputs with
// zod's compiled schemas, and reuses each list shape's prepared statement. None of that may
// change what a call answers: fresh rows are seen, bad inputs get the typed error naming the
// field, refusals reject (never throw), and turns still come one at a time.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApp, type App } from '../src/main/app.ts';
import { exclusive, readNow } from '../src/main/db/transaction.ts';
import { CONTRACT } from '../src/shared/contract/index.ts';
import { AppError } from '../src/shared/errors.ts';
import { LOCAL_OWNER } from '../src/shared/permissions.ts';
import { openTestLedger, smallShop, type TestLedger } from './helpers.ts';

let t: TestLedger;
let shop: Awaited<ReturnType<typeof smallShop>>;
let customerId: string;

const newOrder = () => t.call('orders.create', { customerId, warehouseId: shop.main.id, lines: [{ productId: shop.tea.id, quantity: 1 }] });

beforeAll(async () => {
  t = await openTestLedger();
  shop = await smallShop(t);
  customerId = (await t.call('customers.create', { name: '王辉鹏' })).id;
  await newOrder();
});

afterAll(() => t.close());

describe('cached statements see rows written after they were prepared', () => {
  it('finds an order created by this process after the same search shape ran', async () => {
    const first = await newOrder();
    expect((await t.call('orders.list', { search: first.number })).items.map((o) => o.id)).toEqual([first.id]);
    const later = await newOrder();
    const page = await t.call('orders.list', { search: later.number });
    expect(page.items.map((o) => o.id)).toEqual([later.id]);
    // The same summary, field by field and in the same order, as the order itself carries.
    const { id, number, status, customerId: customer, customerName, warehouseId, channel, externalRef, currency, grossTotal, orderDate } = later;
    const summary = { id, number, status, customerId: customer, customerName, warehouseId, channel, externalRef, currency, grossTotal, orderDate };
    expect(page.items[0]).toEqual(summary);
    expect(Object.keys(page.items[0]!)).toEqual(Object.keys(summary));
    expect(page.items[0]!.customerName).toBe('王辉鹏');
    const all = await t.call('orders.list', { limit: 500 });
    expect(all.items[0]!.id).toBe(later.id);
  });

  it('finds an order another connection wrote to the same file', async () => {
    const before = await t.call('orders.list', { limit: 500 });
    const other: App = await openApp({ file: t.file });
    let written: Awaited<ReturnType<typeof newOrder>>;
    try {
      written = await other.dispatcher.call('orders.create', { customerId, warehouseId: shop.main.id, lines: [{ productId: shop.tea.id, quantity: 2 }] }, LOCAL_OWNER);
    } finally {
      await other.close();
    }
    const after = await t.call('orders.list', { limit: 500 });
    expect(after.items).toHaveLength(before.items.length + 1);
    expect((await t.call('orders.list', { search: written.number })).items.map((o) => o.id)).toEqual([written.id]);
    expect((await t.call('orders.list', { search: '王辉鹏', limit: 500 })).items.map((o) => o.id)).toContain(written.id);
  });
});

describe('compiled input parsing keeps the contract', () => {
  it('refuses bad list inputs with the typed error naming the field, as the plain schema does', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ limit: 0 }, 'limit'],
      [{ limit: 501 }, 'limit'],
      [{ limit: 2.5 }, 'limit'],
      [{ status: ['nope'] }, 'status.0'],
      [{ search: 5 }, 'search'],
      [{ search: 'x'.repeat(101) }, 'search'],
      [{ sort: 'cheapest' }, 'sort'],
      [{ customerId: 'not-a-uuid' }, 'customerId'],
      [{ dateFrom: '2024-13-40' }, 'dateFrom'],
    ];
    for (const [input, field] of cases) {
      const error = await t.reject('orders.list', input as never);
      expect(error.code, JSON.stringify(input)).toBe('invalid');
      expect(error.field, JSON.stringify(input)).toBe(field);
    }
  });

  it('applies defaults and trims as the schema says', async () => {
    const order = await newOrder();
    const page = await t.call('orders.list', { search: `  ${order.number.toLowerCase()}  ` } as never);
    expect(page.items.map((o) => o.id)).toEqual([order.id]);
    const defaults = await t.call('orders.list', {} as never);
    expect(defaults.items.length).toBeGreaterThan(0);
    expect(defaults.items.length).toBeLessThanOrEqual(50);
  });

  it('refuses an unknown operation and a bad input with a rejection, never a throw', async () => {
    let unknown: Promise<unknown> | undefined;
    let invalid: Promise<unknown> | undefined;
    expect(() => {
      unknown = t.app.dispatcher.callUnknown('orders.nothing', {}, LOCAL_OWNER);
      invalid = t.app.dispatcher.callUnknown('orders.list', { limit: -1 }, LOCAL_OWNER);
    }).not.toThrow();
    await expect(unknown).rejects.toMatchObject({ code: 'not_found', field: 'operation' });
    await expect(invalid).rejects.toMatchObject({ code: 'invalid', field: 'limit' });
  });
});

describe('a synchronous read', () => {
  it('that fails inside the handler rejects with its AppError and leaves no transaction or turn behind', async () => {
    const error = await t.reject('orders.list', { cursor: 'not a cursor' });
    expect(error).toBeInstanceOf(AppError);
    expect(error.code).toBe('invalid');
    expect(error.field).toBe('cursor');
    expect(t.app.ledger.raw.inTransaction).toBe(false);
    expect((await t.call('orders.list', { limit: 1 })).items).toHaveLength(1);
  });

  it('waits its turn behind a running operation and answers after it', async () => {
    const events: string[] = [];
    let release!: () => void;
    const held = exclusive(t.app.ledger, async () => {
      events.push('held in');
      await new Promise<void>((resolve) => (release = resolve));
      events.push('held out');
    });
    const read = t.call('orders.list', { limit: 500 }).then((page) => {
      events.push('read');
      return page;
    });
    const second = t.call('orders.list', { limit: 1 }).then(() => events.push('second read'));
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(events).toEqual(['held in']);
    release();
    await Promise.all([held, read, second]);
    expect(events.slice(0, 2)).toEqual(['held in', 'held out']);
    expect(events.slice(2).sort()).toEqual(['read', 'second read']);
    expect(t.app.ledger.raw.inTransaction).toBe(false);
  });

  it('answers the same page as a write that happens between two reads shows', async () => {
    const before = (await t.call('orders.list', { limit: 500 })).items.length;
    const [, created, after] = await Promise.all([t.call('orders.list', { limit: 500 }), newOrder(), t.call('orders.list', { limit: 500 })]);
    // Calls take turns in the order they were made: the second read comes after the write.
    expect(after.items).toHaveLength(before + 1);
    expect(after.items[0]!.id).toBe(created.id);
  });
});

describe('a read’s snapshot', () => {
  const countOrders = () => (t.app.ledger.raw.prepare('SELECT count(*) AS n FROM sales_order').get() as { n: number }).n;

  /** Counts the orders, lets another connection to the same file add one, and counts again: inside one read. */
  async function countAroundForeignWrite(snapshot: 'transaction' | 'statement'): Promise<{ first: number; second: number; inTransaction: boolean }> {
    const other: App = await openApp({ file: t.file });
    try {
      return await readNow(
        t.app.ledger,
        async () => {
          const inTransaction = t.app.ledger.raw.inTransaction;
          const first = countOrders();
          await other.dispatcher.call('orders.create', { customerId, warehouseId: shop.main.id, lines: [{ productId: shop.tea.id, quantity: 1 }] }, LOCAL_OWNER);
          return { first, second: countOrders(), inTransaction };
        },
        snapshot,
      );
    } finally {
      await other.close();
    }
  }

  it('is one transaction by default: a commit made meanwhile stays out of the read', async () => {
    const seen = await countAroundForeignWrite('transaction');
    expect(seen.inTransaction).toBe(true);
    expect(seen.second).toBe(seen.first);
    expect(t.app.ledger.raw.inTransaction).toBe(false);
  });

  it('is each statement’s own for a read declared `statement`: no BEGIN, and the next statement sees the commit', async () => {
    const seen = await countAroundForeignWrite('statement');
    expect(seen.inTransaction).toBe(false);
    expect(seen.second).toBe(seen.first + 1);
  });

  it('is declared `statement` only by reads whose answer is one statement’s rows', () => {
    // Adding a read here means checking its handler: every other statement it runs only chooses the plan.
    const declared = Object.entries(CONTRACT).filter(([, def]) => def.snapshot === 'statement');
    expect(declared.map(([name]) => name)).toEqual(['orders.list']);
    expect(declared.every(([, def]) => def.kind === 'read')).toBe(true);
  });
});
