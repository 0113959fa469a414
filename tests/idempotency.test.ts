import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestLedger, serveTestLedger, setupOwner, smallShop, type TestLedger } from './helpers.ts';

let t: TestLedger;
let shop: Awaited<ReturnType<typeof smallShop>>;
let server: { base: string; close(): Promise<void> };
let base: string;
let bearer: string;

beforeAll(async () => {
  t = await openTestLedger();
  shop = await smallShop(t);
  bearer = `Bearer ${(await setupOwner(t)).token}`;
  server = await serveTestLedger(t);
  base = server.base;
});
afterAll(async () => {
  await server.close();
  await t.close();
});

async function post(op: string, body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${base}/api/v1/${op}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: bearer, ...headers }, body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as { id?: string; number?: string; error?: { code: string; field?: string } } };
}

const count = (sql: string) => (t.app.ledger.raw.prepare(sql).get() as { n: number }).n;

describe('idempotency keys', () => {
  it('a retried create returns the first answer and writes nothing; another request under the key is a conflict', async () => {
    const order = { customerId: shop.customer.id, warehouseId: shop.main.id, lines: [{ productId: shop.tea.id, quantity: 2 }] };
    const journal = count('SELECT count(*) AS n FROM journal');
    const first = await post('orders.create', order, { 'idempotency-key': 'crm-order-77' });
    expect(first.status).toBe(200);
    const again = await post('orders.create', order, { 'idempotency-key': 'crm-order-77' });
    expect(again).toEqual(first);
    expect(count('SELECT count(*) AS n FROM sales_order')).toBe(1);
    expect(count('SELECT count(*) AS n FROM journal')).toBe(journal + 1);

    const other = await post('orders.create', { ...order, lines: [{ productId: shop.cup.id, quantity: 1 }] }, { 'idempotency-key': 'crm-order-77' });
    expect(other.status).toBe(409);
    expect(other.body.error).toMatchObject({ code: 'conflict', field: 'idempotency-key' });

    // Another caller's key space is its own.
    const token = await t.call('apiTokens.create', { name: 'ERP', permissions: ['orders.write'] });
    const byToken = await post('orders.create', order, { 'idempotency-key': 'crm-order-77', authorization: `Bearer ${token.secret}` });
    expect(byToken.status).toBe(200);
    expect(byToken.body.id).not.toBe(first.body.id);

    expect((await post('orders.create', order, { 'idempotency-key': 'bad key with spaces' })).body.error).toMatchObject({ code: 'invalid', field: 'idempotency-key' });
    expect((await t.call('system.verify', {})).ok).toBe(true);
  });

  it('concurrent retries of one key make one order', async () => {
    const before = count('SELECT count(*) AS n FROM sales_order');
    const order = { customerId: shop.customer.id, warehouseId: shop.main.id, lines: [{ productId: shop.cup.id, quantity: 1 }] };
    const answers = await Promise.all(Array.from({ length: 8 }, () => post('orders.create', order, { 'idempotency-key': 'burst-1' })));
    expect(new Set(answers.map((a) => a.body.id)).size).toBe(1);
    expect(answers.every((a) => a.status === 200)).toBe(true);
    expect(count('SELECT count(*) AS n FROM sales_order')).toBe(before + 1);
  });

  it('a failed call stores nothing, so its retry runs again', async () => {
    const bad = { customerId: shop.customer.id, warehouseId: shop.main.id, orderDiscount: 10_000_000, lines: [{ productId: shop.cup.id, quantity: 1 }] };
    expect((await post('orders.create', bad, { 'idempotency-key': 'retry-me' })).status).toBe(400);
    expect(count("SELECT count(*) AS n FROM idempotency_key WHERE key = 'retry-me'")).toBe(0);
  });
});
